// PutItem: replaces an item whole, under the item's lock, after checking the
// condition against the current item.
#include "engine/capacity.h"
#include "engine/engine.h"
#include "engine/engine_impl.h"
#include "engine/error.h"
#include "engine/index_entries.h"
#include "engine/key_paths.h"
#include "engine/limits.h"
#include "engine/primary_key.h"

namespace ddb {

WriteItemResult Engine::PutItem(const PutItemRequest& request) { return impl_->Put(request, true); }

WriteItemResult EngineImpl::Put(const PutItemRequest& request, bool conflict_with_transactions,
                                std::optional<bool> preadmitted) {
  // DynamoDB checks the size before it looks the table up.
  const std::size_t new_size = ItemSize(request.item);
  if (new_size > kMaxItemBytes) throw ItemTooLarge();
  std::shared_lock schema(locks.schema);
  const auto definition = ActiveTable(request.table_name);
  const TableDefinition& table = *definition;
  PrimaryKey key = KeyFromItem(table, request.item);
  CheckIndexKeys(table, request.item);
  CheckNestedKeyPaths(table, request.condition);
  const bool charge = admission.AdmitWrite(table, key, preadmitted);

  auto lock = conflict_with_transactions ? item_locks.LockUnlessInTransaction(key.storage_key)
                                         : item_locks.Lock(key.storage_key);
  std::optional<Item> old =
      writes.ReadAndCheckCondition(table, key, request.condition, request.return_old_on_condition_failure, charge);
  const std::size_t old_size = old ? ItemSize(*old) : 0;
  StagedWrite batch;
  WriteItemResult result;
  result.item_collection = writes.Stage(table, key, old ? &*old : nullptr, &request.item, batch, &result.consumed);
  result.consumed.write_units = WriteUnits(old_size, new_size);
  writes.Commit(table, key, batch, result.consumed, charge,
                static_cast<std::int64_t>(new_size) - static_cast<std::int64_t>(old_size));

  if (request.return_values == ReturnValues::ALL_OLD && old) result.attributes = std::move(old);
  return result;
}

}  // namespace ddb
