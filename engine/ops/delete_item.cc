// DeleteItem: removes an item, under the item's lock, after checking the
// condition against the current item.
#include "engine/capacity.h"
#include "engine/engine.h"
#include "engine/engine_impl.h"
#include "engine/error.h"
#include "engine/key_paths.h"
#include "engine/primary_key.h"

namespace ddb {

WriteItemResult Engine::DeleteItem(const DeleteItemRequest& request) { return impl_->Delete(request, true); }

WriteItemResult EngineImpl::Delete(const DeleteItemRequest& request, bool conflict_with_transactions,
                                   std::optional<bool> preadmitted) {
  std::shared_lock schema(locks.schema);
  const auto definition = ActiveTable(request.table_name);
  const TableDefinition& table = *definition;
  PrimaryKey key = KeyFromKeyParameter(table, request.key);
  CheckNestedKeyPaths(table, request.condition);
  const bool charge = admission.AdmitWrite(table, key, preadmitted);

  auto lock = conflict_with_transactions ? item_locks.LockUnlessInTransaction(key.storage_key)
                                         : item_locks.Lock(key.storage_key);
  std::optional<Item> old =
      writes.ReadAndCheckCondition(table, key, request.condition, request.return_old_on_condition_failure, charge);
  WriteItemResult result;
  const std::size_t old_size = old ? ItemSize(*old) : 0;
  result.consumed.write_units = WriteUnits(old_size, 0);
  StagedWrite batch;
  if (old) result.item_collection = writes.Stage(table, key, &*old, nullptr, batch, &result.consumed);
  // Deleting a missing item writes nothing but still costs a write unit.
  writes.Commit(table, key, batch, result.consumed, charge, -static_cast<std::int64_t>(old_size));
  if (old && request.return_values == ReturnValues::ALL_OLD) result.attributes = std::move(old);
  return result;
}

}  // namespace ddb
