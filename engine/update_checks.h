// The checks around applying an update expression, shared by UpdateItem and
// a transaction's Update: those that need only the request and the table,
// and those on the updated item.
#pragma once

#include <optional>

#include "engine/primary_key.h"
#include "engine/table_definition.h"
#include "engine/update_expression.h"

namespace ddb {

// No key attribute updated, no document path into a key attribute in the
// update or the condition (engine/key_paths.h), literals within the item
// size limit.
void CheckUpdateTargets(const TableDefinition& table, const UpdateExpression& update,
                        const std::optional<Condition>& condition);

// The update applied to the current item (or to the key when absent), with
// the checks on the result: item size, nesting depth and index keys.
Item ApplyUpdateChecked(const TableDefinition& table, const UpdateExpression& update, const std::optional<Item>& old,
                        const PrimaryKey& key);

}  // namespace ddb
