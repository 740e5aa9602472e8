// UpdateItem: applies an update expression to an item (creating it from its
// key when missing), under the item's lock, after checking the condition.
#include <algorithm>

#include "engine/capacity.h"
#include "engine/catalog.h"
#include "engine/engine.h"
#include "engine/error.h"
#include "engine/index_entries.h"
#include "engine/item_codec.h"
#include "engine/primary_key.h"

namespace ddb {

namespace {

constexpr std::size_t kMaxItemBytes = 409600;

// The attributes an update touched, as UPDATED_OLD / UPDATED_NEW return them.
std::optional<Item> UpdatedAttributes(const Item& item, const UpdateExpression& update) {
  std::vector<DocumentPath> paths;
  for (const auto& action : update.actions) paths.push_back(action.path);
  Item projected = Project(item, paths);
  if (projected.empty()) return std::nullopt;
  return projected;
}

}  // namespace

void Engine::CheckUpdateTargets(const TableDefinition& table, const UpdateExpression& update) {
  for (const auto& action : update.actions) {
    const std::string& attribute = action.path[0].name;
    if (attribute == table.key_schema.hash_key || attribute == table.key_schema.range_key) {
      throw InvalidParameterError("Cannot update attribute " + attribute + ". This attribute is part of the key");
    }
    if (action.path.size() > 1) {
      table.ForEachIndex([&](const SecondaryIndex& index) {
        if (!index.deleting && index.IsKeyAttribute(attribute)) {
          throw ValidationError(
              "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: "
              "IndexKey: " + attribute);
        }
      });
    }
  }
  if (UpdateLiteralBytes(update) > kMaxItemBytes) {
    throw ValidationError("Item size to update has exceeded the maximum allowed size");
  }
}

Item Engine::ApplyUpdateChecked(const TableDefinition& table, const UpdateExpression& update,
                                const std::optional<Item>& old, const PrimaryKey& key) {
  Item updated = ApplyUpdate(update, old ? *old : key.AsItem(table));
  if (ItemSize(updated) > kMaxItemBytes) {
    throw ValidationError("Item size to update has exceeded the maximum allowed size");
  }
  // A SET can copy a subtree under itself ("SET a.k.x = a"), so the result
  // may nest deeper than anything in the request.
  if (NestsTooDeep(updated)) throw ValidationError("Nesting Levels have exceeded supported limits");
  CheckIndexKeys(table, updated, /*from_update=*/true);
  return updated;
}

WriteItemResult Engine::UpdateItem(const UpdateItemRequest& request) {
  std::shared_lock schema(schema_mutex_);
  const auto definition = ActiveTable(request.table_name);
  const TableDefinition& table = *definition;
  PrimaryKey key = KeyFromKeyParameter(table, request.key);
  CheckUpdateTargets(table, request.update);
  const bool charge = AdmitWrite(table, key, std::nullopt);

  auto lock = item_locks_.LockUnlessInTransaction(key.storage_key);
  std::optional<Item> old =
      ReadAndCheckCondition(table, key, request.condition, request.return_old_on_condition_failure, charge);
  WriteItemResult result;
  if (!old && OnlyRemoves(request.update)) {
    // Removing from an item that does not exist creates nothing (the update
    // is still applied, for its errors).
    ApplyUpdate(request.update, key.AsItem(table));
    result.consumed.write_units = WriteUnits(0, 0);
    rocksdb::WriteBatch nothing;
    CommitWrite(table, key, nothing, result.consumed, charge, 0);
    return result;
  }
  Item updated = ApplyUpdateChecked(table, request.update, old, key);
  const std::size_t old_size = old ? ItemSize(*old) : 0;
  const std::size_t new_size = ItemSize(updated);
  rocksdb::WriteBatch batch;
  result.item_collection = StageWrite(table, key, old ? &*old : nullptr, &updated, batch, &result.consumed);
  result.consumed.write_units = WriteUnits(old_size, new_size);
  CommitWrite(table, key, batch, result.consumed, charge,
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
