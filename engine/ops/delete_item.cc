// DeleteItem: removes an item, under the item's lock, after checking the
// condition against the current item.
#include "engine/capacity.h"
#include "engine/catalog.h"
#include "engine/engine.h"
#include "engine/error.h"
#include "engine/index_entries.h"
#include "engine/item_codec.h"
#include "engine/primary_key.h"

namespace ddb {

WriteItemResult Engine::DeleteItem(const DeleteItemRequest& request) { return Delete(request, true); }

WriteItemResult Engine::Delete(const DeleteItemRequest& request, bool conflict_with_transactions,
                               std::optional<bool> preadmitted) {
  std::shared_lock schema(schema_mutex_);
  const auto definition = ActiveTable(request.table_name);
  const TableDefinition& table = *definition;
  PrimaryKey key = KeyFromKeyParameter(table, request.key);
  const bool charge = AdmitWrite(table, key, preadmitted);

  auto lock = conflict_with_transactions ? item_locks_.LockUnlessInTransaction(key.storage_key)
                                         : item_locks_.Lock(key.storage_key);
  std::optional<Item> old =
      ReadAndCheckCondition(table, key, request.condition, request.return_old_on_condition_failure, charge);
  WriteItemResult result;
  const std::size_t old_size = old ? ItemSize(*old) : 0;
  result.consumed.write_units = WriteUnits(old_size, 0);
  rocksdb::WriteBatch batch;
  if (old) result.item_collection = StageWrite(table, key, &*old, nullptr, batch, &result.consumed);
  // Deleting a missing item writes nothing but still costs a write unit.
  CommitWrite(table, key, batch, result.consumed, charge, -static_cast<std::int64_t>(old_size));
  if (old && request.return_values == ReturnValues::ALL_OLD) result.attributes = std::move(old);
  return result;
}

}  // namespace ddb
