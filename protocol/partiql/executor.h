// Runs one PartiQL statement against the engine: what ExecuteStatement does,
// and what BatchExecuteStatement does for each of its statements.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"
#include "protocol/json.h"
#include "protocol/partiql/ast.h"
#include "protocol/partiql/planner.h"

namespace ddb::partiql {

// The Parameters member of a request: AttributeValues in `?` order.
Parameters ReadParameters(const JsonValue* parameters);

// The table a statement names; ResourceNotFoundException when it does not
// exist.
std::shared_ptr<const TableDefinition> ResolveTable(Engine& engine, const Source& source);

struct StatementOptions {
  bool consistent_read = false;
  std::optional<std::int64_t> limit;      // items evaluated by a SELECT
  std::optional<std::string> next_token;  // where a SELECT resumes
  bool return_old_on_condition_failure = false;
};

struct StatementResult {
  std::string table_name;
  std::vector<std::string> items;  // encoded (engine/item_codec.h): what a SELECT read
  std::optional<Item> returned;    // what a write's RETURNING clause asked for
  std::optional<std::string> next_token;
  std::optional<Item> last_evaluated_key;
  ConsumedCapacity consumed;
};

// A projected item as PartiQL returns it: each path's value under the name
// of its last step (engine/expression.h's Project keeps the nesting).
Item FlatProjection(const Item& item, const std::vector<DocumentPath>& projection);

// Adds one read's or write's units to a running total.
void AddUnits(ConsumedCapacity& total, const ConsumedCapacity& more);

// UPDATE and DELETE refuse an index before their table is looked up;
// INSERT names the index's position.
void CheckWriteTarget(const Statement& statement);

StatementResult Execute(Engine& engine, std::string_view text, const Statement& statement, const Parameters& parameters,
                        const StatementOptions& options);

}  // namespace ddb::partiql
