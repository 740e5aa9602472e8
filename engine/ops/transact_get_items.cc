// TransactGetItems: checks every Get (engine/transaction_checks.h), then
// reads all items from one RocksDB snapshot. A transaction commits in one
// write batch, so the reads see each transaction whole or not at all. An item
// that an in-flight TransactWriteItems holds cancels the read with a
// TransactionConflict reason, as DynamoDB does.
#include "engine/capacity.h"
#include "engine/engine.h"
#include "engine/engine_impl.h"
#include "engine/item_codec.h"
#include "engine/key_paths.h"
#include "engine/limits.h"
#include "engine/transaction_checks.h"

namespace ddb {

TransactGetResult Engine::TransactGetItems(const TransactGetRequest& request) {
  std::vector<std::string> keys;
  std::vector<AttributeValue> partition_keys;
  keys.reserve(request.gets.size());
  TransactionKeyChecks checks(request.gets.size());
  for (const auto& get : request.gets) {
    const auto definition = impl_->ActiveTable(get.table_name);
    const TableDefinition& table = *definition;
    CheckNestedKeyPaths(table, get.projection, std::nullopt);  // DynamoDB Local: before the key, at top level
    auto key = checks.Next(table, get.key, [&] { return KeyFromKeyParameter(table, get.key); });
    keys.push_back(key ? key->storage_key : std::string());
    partition_keys.push_back(key ? key->hash : AttributeValue());
  }
  checks.ThrowIfAnyInvalid();

  // Capacity: a throttled read cancels the whole read.
  std::vector<std::shared_ptr<const TableDefinition>> tables;
  tables.reserve(keys.size());
  std::vector<std::pair<const TableDefinition*, CapacityTouch>> touches;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    tables.push_back(impl_->ActiveTable(request.gets[i].table_name));
    touches.emplace_back(tables.back().get(), TableTouch(partition_keys[i], false));
  }
  const std::vector<bool> charge = impl_->admission.AdmitTransaction(touches);

  std::vector<CancellationReason> reasons(keys.size());
  bool conflict = false;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!impl_->item_locks.HeldByTransaction(keys[i])) continue;
    // The API reference ends this text with a full stop; AWS sends none.
    reasons[i] = {"TransactionConflict", "Transaction is ongoing for the item", std::nullopt};
    conflict = true;
  }
  if (conflict) throw TransactionCancelled(std::move(reasons));

  TransactGetResult result;
  std::vector<std::size_t> stored_sizes(keys.size(), 0);
  std::size_t answer_bytes = 0;
  auto values = impl_->storage.GetAll(impl_->storage.items(), keys);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto& get = request.gets[i];
    auto& item = result.items.emplace_back();
    if (values[i]) {
      Item found = DecodeItem(*values[i]);
      stored_sizes[i] = ItemSize(found);
      item = get.projection ? Project(found, *get.projection) : std::move(found);
    }
    // An unprojected answer is the stored item, already measured.
    answer_bytes += kTransactGetItemOverheadBytes + (get.projection && item ? ItemSize(*item) : stored_sizes[i]);
  }
  // Checked before any capacity is charged: a refused read consumes none.
  if (answer_bytes > kMaxTransactionPayloadBytes) throw TransactGetAnswerTooLarge(answer_bytes);
  for (std::size_t i = 0; i < values.size(); ++i) {
    // Two read units per 4 KB (a transactional read), a missing item included.
    const double units = 2 * ReadUnits(stored_sizes[i], true);
    result.consumed[request.gets[i].table_name].read_units += units;
    if (charge[i]) impl_->capacity.Charge(*tables[i], TableTouch(partition_keys[i], false), units);
  }
  return result;
}

}  // namespace ddb
