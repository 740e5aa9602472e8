// Typed requests and results of the engine's operations. protocol/ builds
// these from the wire after validating shapes; the engine validates what
// needs the catalog (keys against the schema, table existence, conditions).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/attribute_value.h"
#include "engine/expression.h"
#include "engine/table_definition.h"
#include "engine/update_expression.h"

namespace ddb {

struct CreateTableRequest {
  std::string table_name;
  std::string region;
  std::vector<AttributeDefinition> attribute_definitions;
  KeySchema key_schema;
  BillingMode billing_mode = BillingMode::PROVISIONED;
  std::optional<ProvisionedThroughput> throughput;
  std::optional<StreamSpecification> stream;
  std::optional<SseSpecification> sse;
  std::vector<std::pair<std::string, std::string>> tags;
  bool deletion_protection = false;
  std::string table_class = "STANDARD";
};

struct UpdateTableRequest {
  std::string table_name;
  std::optional<BillingMode> billing_mode;
  std::optional<ProvisionedThroughput> throughput;
  std::optional<bool> deletion_protection;
};

struct ListTablesRequest {
  std::optional<std::string> exclusive_start_table_name;
  std::size_t limit = 100;
};

struct ListTablesResult {
  std::vector<std::string> table_names;
  std::optional<std::string> last_evaluated_table_name;
};

enum class ReturnValues { NONE, ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW };

struct PutItemRequest {
  std::string table_name;
  Item item;
  std::optional<Condition> condition;
  ReturnValues return_values = ReturnValues::NONE;
  bool return_old_on_condition_failure = false;
};

struct UpdateItemRequest {
  std::string table_name;
  Item key;
  UpdateExpression update;  // may be empty: the item is then created with just its key
  std::optional<Condition> condition;
  ReturnValues return_values = ReturnValues::NONE;
  bool return_old_on_condition_failure = false;
};

struct GetItemRequest {
  std::string table_name;
  Item key;
  bool consistent_read = false;
  std::optional<std::vector<DocumentPath>> projection;
};

struct DeleteItemRequest {
  std::string table_name;
  Item key;
  std::optional<Condition> condition;
  ReturnValues return_values = ReturnValues::NONE;
  bool return_old_on_condition_failure = false;
};

// Read and write capacity units consumed by an operation on the base table.
struct ConsumedCapacity {
  double read_units = 0;
  double write_units = 0;
  double total() const { return read_units + write_units; }
};

struct WriteItemResult {
  std::optional<Item> attributes;  // what ReturnValues asked for
  ConsumedCapacity consumed;
};

struct GetItemResult {
  std::optional<Item> item;
  ConsumedCapacity consumed;
};

}  // namespace ddb
