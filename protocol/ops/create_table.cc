// CreateTable: shape constraints (Coral format), then DynamoDB's semantic
// checks on key schema, attribute definitions and billing, then create.
#include <algorithm>
#include <set>

#include "engine/error.h"
#include "engine/limits.h"
#include "protocol/constraints.h"
#include "protocol/create_table_request.h"
#include "protocol/index_parameters.h"
#include "protocol/operation.h"
#include "protocol/table_description_json.h"
#include "protocol/table_parameters.h"
#include "protocol/text.h"

namespace ddb {
namespace {

// The index checks, after the table's own key schema checks: definitions
// against every key (an unused one masks the rest), then each LSI, then each
// GSI, each list's count after its loop.
void CheckIndexes(const std::vector<KeyElementInput>& definitions, const std::vector<KeyElementInput>& keys,
                  const std::optional<std::vector<IndexInput>>& local_indexes,
                  const std::optional<std::vector<IndexInput>>& global_indexes, bool on_demand,
                  std::vector<SecondaryIndex>& lsis, std::vector<SecondaryIndex>& gsis) {
  IndexTableContext table;
  for (const auto& d : definitions) table.attribute_names.push_back(*d.name);
  table.hash_key = *keys[0].name;
  if (keys.size() == 2) table.range_key = *keys[1].name;
  table.on_demand = on_demand;

  std::vector<std::string> used;
  for (const auto& k : keys) used.push_back(*k.name);
  for (const auto* list : {&local_indexes, &global_indexes}) {
    if (!*list) continue;
    for (const auto& index : **list) {
      for (const auto& k : *index.keys) used.push_back(*k.name);
    }
  }
  const std::set<std::string> used_set(used.begin(), used.end());
  for (const auto& name : table.attribute_names) {
    if (!used_set.count(name)) {
      throw InvalidParameterError("Some AttributeDefinitions are not used. AttributeDefinitions: " +
                                  JoinList(JavaHashSetOrder(table.attribute_names, table.attribute_names.size())) +
                                  ", keys used: " + JoinList(JavaHashSetOrder(used, 16)));
    }
  }
  std::set<std::string> names;
  if (local_indexes) {
    if (local_indexes->empty()) throw InvalidParameterError("List of LocalSecondaryIndexes is empty");
    if (!table.range_key) {
      throw InvalidParameterError(
          "Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex");
    }
    for (const auto& in : *local_indexes) {
      lsis.push_back(CheckIndex(in, /*global=*/false, table));
      if (!names.insert(*in.name).second) throw InvalidParameterError("Duplicate index name: " + *in.name);
    }
    if (lsis.size() > kMaxLocalIndexes) {
      throw InvalidParameterError("Number of LocalSecondaryIndexes exceeds per-table limit of 5");
    }
  }
  if (global_indexes) {
    if (global_indexes->empty()) throw InvalidParameterError("List of GlobalSecondaryIndexes is empty");
    for (const auto& in : *global_indexes) {
      gsis.push_back(CheckIndex(in, /*global=*/true, table));
      if (!names.insert(*in.name).second) throw InvalidParameterError("Duplicate index name: " + *in.name);
    }
    if (gsis.size() > kMaxGlobalIndexes) {
      throw InvalidParameterError("GlobalSecondaryIndex count exceeds the per-table limit of 20");
    }
  }
  std::size_t projected = 0;
  for (const auto* list : {&lsis, &gsis}) {
    for (const auto& index : *list) projected += index.projection.non_key_attributes.size();
  }
  if (projected > kMaxProjectedAttributes) {
    // AWS's text for this limit is not captured anywhere we could find (docs/index-messages.md).
    throw InvalidParameterError("The number of projected attributes in all secondary indexes exceeds the limit of " +
                                std::to_string(kMaxProjectedAttributes));
  }
}

// CreateTable's parameters as sent, after their shape checks.
struct CreateTableInput {
  std::string name;
  std::vector<KeyElementInput> definitions;
  std::vector<KeyElementInput> keys;
  std::optional<std::string> billing_mode;
  std::optional<ProvisionedThroughput> throughput;
  std::optional<std::vector<IndexInput>> local_indexes, global_indexes;
  std::optional<StreamSpecification> stream;
  std::optional<SseRequest> sse;
  std::optional<std::string> table_class;
  TagList tags;

  bool on_demand() const { return billing_mode && *billing_mode == "PAY_PER_REQUEST"; }
};

// Reads every parameter, collecting the shape violations (Coral format) in
// DynamoDB's order, and throws them together.
CreateTableInput ReadCreateTable(const JsonValue& r) {
  CreateTableInput in;
  in.name = RequireTableName(r);
  ConstraintViolations v;
  const JsonValue* attribute_definitions = ArrayMember(r, "AttributeDefinitions");
  if (attribute_definitions) in.definitions = ReadAttributeDefinitions(*attribute_definitions, v);
  v.NotNull(attribute_definitions != nullptr, "attributeDefinitions");

  CheckTableName(v, in.name, "tableName");
  in.billing_mode = StringMember(r, "BillingMode");
  v.Enum(in.billing_mode, "billingMode", {"PROVISIONED", "PAY_PER_REQUEST"});
  in.throughput = ReadProvisionedThroughput(r, v);

  const JsonValue* key_schema = ArrayMember(r, "KeySchema");
  if (key_schema) {
    in.keys = ReadKeySchemaElements(*key_schema, "keySchema", v);
    v.ListLength(in.keys.size(), "keySchema", 1, 2, "'" + ShowKeySchema(in.keys) + "'");
  }
  v.NotNull(key_schema != nullptr, "keySchema");
  in.local_indexes = ReadIndexes(r, "LocalSecondaryIndexes", "localSecondaryIndexes", false, v);
  in.global_indexes = ReadIndexes(r, "GlobalSecondaryIndexes", "globalSecondaryIndexes", true, v);

  in.stream = ReadStreamSpecification(r, v);
  in.sse = ReadSseSpecification(r, v);
  in.table_class = StringMember(r, "TableClass");
  v.Enum(in.table_class, "tableClass", {"STANDARD", "STANDARD_INFREQUENT_ACCESS"});
  in.tags = ReadTags(r, v);
  v.ThrowIfAny();
  return in;
}

// The table's key schema against its attribute definitions.
void CheckKeySchema(const CreateTableInput& in) {
  const auto& keys = in.keys;
  std::vector<std::string> defined_names;
  for (const auto& d : in.definitions) defined_names.push_back(*d.name);
  auto is_defined = [&](const std::string& n) {
    return std::find(defined_names.begin(), defined_names.end(), n) != defined_names.end();
  };
  if (keys.size() == 2) {
    const bool same_name = *keys[0].name == *keys[1].name;
    if (same_name && in.definitions.size() >= 2 && is_defined(*keys[0].name)) {
      throw ValidationError("Both the Hash Key and the Range Key element in the KeySchema have the same name");
    }
    if (in.definitions.empty() || same_name || !is_defined(*keys[0].name) || !is_defined(*keys[1].name)) {
      throw ValidationError("Invalid KeySchema: Some index key attribute have no definition");
    }
  } else if (!is_defined(*keys[0].name)) {
    throw InvalidParameterError(
        "Some index key attributes are not defined in AttributeDefinitions. Keys: [" + *keys[0].name +
        "], AttributeDefinitions: " + JoinList(JavaHashSetOrder(defined_names, defined_names.size())));
  }
  if (*keys[0].type != "HASH")
    throw ValidationError("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  if (keys.size() == 2 && *keys[1].type != "RANGE") {
    throw ValidationError("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
  }
  std::set<std::string> seen;
  for (const auto& n : defined_names) {
    if (!seen.insert(n).second) throw ValidationError("Attribute Name is duplicated: " + n);
  }
}

void CheckStreamAndEncryption(const CreateTableInput& in) {
  const auto& stream = in.stream;
  if (stream && stream->enabled && stream->view_type.empty()) {
    throw InvalidParameterError("Table is being created with a stream enabled, UpdateViewType is required");
  }
  if (stream && !stream->enabled && !stream->view_type.empty()) {
    throw InvalidParameterError(
        "Table is being created with a stream disabled, UpdateViewType should not be specified");
  }
  if (in.sse) CheckSseSpecification(*in.sse);
}

// The account's per-table quota on provisioned units.
void CheckTableQuota(const ProvisionedThroughput& throughput, const std::string& region) {
  for (auto [value, what] : {std::pair{throughput.read_capacity_units, "ReadCapacityUnits"},
                             std::pair{throughput.write_capacity_units, "WriteCapacityUnits"}}) {
    if (value <= kMaxTableCapacityUnits) continue;
    throw DynamoError(ErrorCode::LimitExceeded,
                      "The requested " + std::string(what) + ", " + std::to_string(value) +
                          ", is above the per table maximum for the account in " + region +
                          ". Per table maximum: " + std::to_string(kMaxTableCapacityUnits) +
                          ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to request "
                          "higher limits.");
  }
}

}  // namespace

CreateTableRequest ReadCreateTableRequest(const JsonValue& r, const std::string& region) {
  CreateTableInput in = ReadCreateTable(r);

  // Semantic checks, in DynamoDB's order (docs/validation-messages.md §5.2).
  const bool on_demand = in.on_demand();
  if (on_demand && in.throughput) throw ThroughputWithPayPerRequest();
  if (!on_demand && !in.throughput) {
    throw InvalidParameterError(
        "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
  }
  if (in.throughput) CheckThroughputBounds(*in.throughput);
  CheckKeySchema(in);
  // A resource policy would need IAM to mean anything; global tables are
  // not in ddbemu. Refused rather than answered as if applied.
  if (Member(r, "ResourcePolicy")) throw NotImplementedParameter("ResourcePolicy", "resource-based policies");
  for (const char* member : {"GlobalTableSourceArn", "GlobalTableSettingsReplicationMode"}) {
    if (Member(r, member)) throw NotImplementedParameter(member, "global tables");
  }
  std::vector<SecondaryIndex> lsis, gsis;
  if (in.local_indexes || in.global_indexes) {
    CheckIndexes(in.definitions, in.keys, in.local_indexes, in.global_indexes, on_demand, lsis, gsis);
  } else if (in.definitions.size() != in.keys.size()) {
    throw InvalidParameterError(
        "Number of attributes in KeySchema does not exactly match number of attributes defined in "
        "AttributeDefinitions");
  }
  CheckStreamAndEncryption(in);
  CheckTags(in.tags);
  if (in.throughput) CheckTableQuota(*in.throughput, region);

  CreateTableRequest request;
  request.table_name = TableNameFromNameOrArn(in.name);  // a table ARN names its table
  request.region = region;
  for (const auto& d : in.definitions) request.attribute_definitions.push_back({*d.name, *ScalarType(*d.type)});
  request.local_indexes = std::move(lsis);
  request.global_indexes = std::move(gsis);
  request.key_schema.hash_key = *in.keys[0].name;
  if (in.keys.size() == 2) request.key_schema.range_key = *in.keys[1].name;
  request.billing_mode = on_demand ? BillingMode::PAY_PER_REQUEST : BillingMode::PROVISIONED;
  request.throughput = in.throughput;
  request.on_demand = ReadOnDemandThroughput(r);
  request.warm = ReadWarmThroughput(r);
  request.stream = in.stream;
  if (in.sse) request.sse = in.sse->specification;
  request.tags = std::move(in.tags);
  request.deletion_protection = BoolMember(r, "DeletionProtectionEnabled").value_or(false);
  request.table_class = in.table_class.value_or("STANDARD");
  return request;
}

void CreateTableOperation(OperationContext& ctx) {
  TableDescription d = ctx.engine.CreateTable(ReadCreateTableRequest(ctx.request, ctx.info.region));
  WriteTableAnswer(ctx.out, "TableDescription", d);
}

}  // namespace ddb
