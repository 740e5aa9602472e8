#include "engine/update_checks.h"

#include "engine/error.h"
#include "engine/index_entries.h"
#include "engine/key_paths.h"
#include "engine/limits.h"

namespace ddb {

void CheckUpdateTargets(const TableDefinition& table, const UpdateExpression& update,
                        const std::optional<Condition>& condition) {
  // An update of a key attribute is reported before any path into a key,
  // whichever comes first in the expression.
  for (const auto& action : update.actions) {
    const std::string& attribute = action.path[0].name;
    if (attribute == table.key_schema.hash_key || attribute == table.key_schema.range_key) {
      throw InvalidParameterError("Cannot update attribute " + attribute + ". This attribute is part of the key");
    }
  }
  NestedKeyPaths paths;
  paths.Add(update);
  if (condition) paths.Add(*condition);
  paths.Check(table);
  if (UpdateLiteralBytes(update) > kMaxItemBytes) throw UpdatedItemTooLarge();
}

Item ApplyUpdateChecked(const TableDefinition& table, const UpdateExpression& update, const std::optional<Item>& old,
                        const PrimaryKey& key) {
  Item updated = ApplyUpdate(update, old ? *old : key.AsItem(table));
  if (ItemSize(updated) > kMaxItemBytes) throw UpdatedItemTooLarge();
  // A SET can copy a subtree under itself ("SET a.k.x = a"), so the result
  // may nest deeper than anything in the request.
  if (NestsTooDeep(updated)) throw NestingTooDeep();
  CheckIndexKeys(table, updated, /*from_update=*/true);
  return updated;
}

}  // namespace ddb
