// UpdateItem: applies an update expression to an item (creating it from its
// key when missing), under the item's lock, after checking the condition.
#include <algorithm>

#include "engine/capacity.h"
#include "engine/engine.h"
#include "engine/engine_impl.h"
#include "engine/error.h"
#include "engine/index_entries.h"
#include "engine/item_codec.h"
#include "engine/primary_key.h"
#include "engine/update_checks.h"

namespace ddb {

namespace {

// The attributes an update touched, as UPDATED_OLD / UPDATED_NEW return them.
std::optional<Item> UpdatedAttributes(const Item& item, const UpdateExpression& update) {
  std::vector<DocumentPath> paths;
  for (const auto& action : update.actions) paths.push_back(action.path);
  Item projected = Project(item, paths);
  if (projected.empty()) return std::nullopt;
  return projected;
}

}  // namespace

WriteItemResult Engine::UpdateItem(const UpdateItemRequest& request) {
  std::shared_lock schema(impl_->locks.schema);
  const auto definition = impl_->ActiveTable(request.table_name);
  const TableDefinition& table = *definition;
  PrimaryKey key = KeyFromKeyParameter(table, request.key);
  CheckUpdateTargets(table, request.update, request.condition);
  const bool charge = impl_->admission.AdmitWrite(table, key, std::nullopt);

  auto lock = impl_->item_locks.LockUnlessInTransaction(key.storage_key);
  std::optional<Item> old = impl_->writes.ReadAndCheckCondition(table, key, request.condition,
                                                                request.return_old_on_condition_failure, charge);
  WriteItemResult result;
  if (!old && OnlyRemoves(request.update)) {
    // Removing from an item that does not exist creates nothing (the update
    // is still applied, for its errors).
    ApplyUpdate(request.update, key.AsItem(table));
    result.consumed.write_units = WriteUnits(0, 0);
    StagedWrite nothing;
    impl_->writes.Commit(table, key, nothing, result.consumed, charge, 0);
    return result;
  }
  Item updated = ApplyUpdateChecked(table, request.update, old, key);
  const std::size_t old_size = old ? ItemSize(*old) : 0;
  const std::size_t new_size = ItemSize(updated);
  StagedWrite batch;
  result.item_collection = impl_->writes.Stage(table, key, old ? &*old : nullptr, &updated, batch, &result.consumed);
  result.consumed.write_units = WriteUnits(old_size, new_size);
  impl_->writes.Commit(table, key, batch, result.consumed, charge,
                       static_cast<std::int64_t>(new_size) - static_cast<std::int64_t>(old_size));
  switch (request.return_values) {
    case ReturnValues::NONE: break;
    case ReturnValues::ALL_OLD: result.attributes = std::move(old); break;
    case ReturnValues::ALL_NEW: result.attributes = std::move(updated); break;
    case ReturnValues::UPDATED_OLD:
      if (old) result.attributes = UpdatedAttributes(*old, request.update);
      break;
    case ReturnValues::UPDATED_NEW: result.attributes = UpdatedAttributes(updated, request.update); break;
  }
  return result;
}

}  // namespace ddb
