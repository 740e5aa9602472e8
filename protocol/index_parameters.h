// Secondary-index members of CreateTable and UpdateTable
// (LocalSecondaryIndexes, GlobalSecondaryIndexes, GlobalSecondaryIndexUpdates'
// Create action): their shape checks in the AWS validator's format, and
// DynamoDB's semantic checks in its order (docs/index-messages.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/table_definition.h"
#include "protocol/constraints.h"
#include "protocol/json.h"

namespace ddb {

// One KeySchema element or AttributeDefinition as sent (members may be missing).
struct KeyElementInput {
  std::optional<std::string> name;
  std::optional<std::string> type;
};

// An AttributeDefinitions array, shapes checked under "attributeDefinitions".
std::vector<KeyElementInput> ReadAttributeDefinitions(const JsonValue& definitions, ConstraintViolations& v);
std::optional<ValueType> ScalarType(const std::string& s);

// A KeySchema as the validator prints it in a constraint message.
std::string ShowKeySchema(const std::vector<KeyElementInput>& keys);

// A KeySchema array: each element's shape is checked under `path`.
std::vector<KeyElementInput> ReadKeySchemaElements(const JsonValue& key_schema, const std::string& path,
                                                   ConstraintViolations& v);

// An index as sent, after its shape checks.
struct IndexInput {
  std::optional<std::string> name;
  std::optional<std::vector<KeyElementInput>> keys;
  bool has_projection = false;
  std::optional<std::string> projection_type;
  std::optional<std::vector<std::string>> non_key_attributes;
  std::optional<ProvisionedThroughput> throughput;
  std::optional<OnDemandThroughput> on_demand;
  std::optional<WarmThroughput> warm;
};

// The array member `member` (LocalSecondaryIndexes or GlobalSecondaryIndexes)
// when present; shape errors go to `v` under `path` (localSecondaryIndexes...).
std::optional<std::vector<IndexInput>> ReadIndexes(const JsonValue& request, const char* member,
                                                   const std::string& path, bool global, ConstraintViolations& v);

// One index object (also UpdateTable's Create action) with shape checks under `path`.
IndexInput ReadIndex(const JsonValue& index, const std::string& path, bool global, ConstraintViolations& v);

// What the semantic checks need to know about the table.
struct IndexTableContext {
  std::vector<std::string> attribute_names;  // AttributeDefinitions in request order
  std::string hash_key;
  std::optional<std::string> range_key;
  bool on_demand = false;
  bool update_table = false;  // UpdateTable's Create words the throughput rules its own way
};

// Checks one index's key schema against the definitions and builds the
// engine's SecondaryIndex (without id). `global` selects GSI rules
// (multi-attribute keys, throughput) or LSI rules (same hash key, a range key).
SecondaryIndex CheckIndex(const IndexInput& input, bool global, const IndexTableContext& table);

// The names of `names` in the order Java's HashSet iterates them when built
// with `initial_capacity` (DynamoDB prints its attribute lists that way).
std::vector<std::string> JavaHashSetOrder(const std::vector<std::string>& names, std::size_t initial_capacity);

}  // namespace ddb
