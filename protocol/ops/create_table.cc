// CreateTable: shape constraints (Coral format), then DynamoDB's semantic
// checks on key schema, attribute definitions and billing, then create.
#include <algorithm>
#include <set>

#include "engine/error.h"
#include "protocol/constraints.h"
#include "protocol/index_parameters.h"
#include "protocol/operation.h"
#include "protocol/table_description_json.h"
#include "protocol/table_parameters.h"
#include "protocol/text.h"

namespace ddb {
namespace {

constexpr std::int64_t kMaxTableCapacityUnits = 40000;

constexpr std::size_t kMaxLocalIndexes = 5;
constexpr std::size_t kMaxGlobalIndexes = 20;

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
  if (projected > 100) {
    // AWS's text for this limit is not captured anywhere we could find (docs/index-messages.md).
    throw InvalidParameterError("The number of projected attributes in all secondary indexes exceeds the limit of 100");
  }
}

}  // namespace

void CreateTableOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  const std::string name = RequireTableName(r);
  ConstraintViolations v;

  const JsonValue* attribute_definitions = ArrayMember(r, "AttributeDefinitions");
  std::vector<KeyElementInput> definitions;
  if (attribute_definitions) definitions = ReadAttributeDefinitions(*attribute_definitions, v);
  v.NotNull(attribute_definitions != nullptr, "attributeDefinitions");

  CheckTableName(v, name, "tableName");
  auto billing_mode = StringMember(r, "BillingMode");
  v.Enum(billing_mode, "billingMode", {"PROVISIONED", "PAY_PER_REQUEST"});
  const std::optional<ProvisionedThroughput> throughput = ReadProvisionedThroughput(r, v);

  const JsonValue* key_schema = ArrayMember(r, "KeySchema");
  std::vector<KeyElementInput> keys;
  if (key_schema) {
    keys = ReadKeySchemaElements(*key_schema, "keySchema", v);
    if (keys.empty()) v.Add("'[]'", "keySchema", "Member must have length greater than or equal to 1");
    if (keys.size() > 2) {
      std::string shown = "[";
      for (std::size_t i = 0; i < keys.size(); ++i) {
        if (i) shown += ", ";
        shown += "KeySchemaElement(attributeName=" + keys[i].name.value_or("null") +
                 ", keyType=" + keys[i].type.value_or("null") + ")";
      }
      v.Add("'" + shown + "]'", "keySchema", "Member must have length less than or equal to 2");
    }
  }
  v.NotNull(key_schema != nullptr, "keySchema");
  auto local_indexes = ReadIndexes(r, "LocalSecondaryIndexes", "localSecondaryIndexes", false, v);
  auto global_indexes = ReadIndexes(r, "GlobalSecondaryIndexes", "globalSecondaryIndexes", true, v);


  std::optional<StreamSpecification> stream;
  if (const JsonValue* s = ObjectMember(r, "StreamSpecification")) {
    auto enabled = BoolMember(*s, "StreamEnabled");
    auto view = StringMember(*s, "StreamViewType");
    v.NotNull(enabled.has_value(), "streamSpecification.streamEnabled");
    v.Enum(view, "streamSpecification.streamViewType", {"OLD_IMAGE", "KEYS_ONLY", "NEW_AND_OLD_IMAGES", "NEW_IMAGE"});
    stream = StreamSpecification{enabled.value_or(false), view.value_or("")};
  }
  std::optional<SseSpecification> sse;
  std::optional<std::string> sse_type, sse_key;
  std::optional<bool> sse_enabled;
  if (const JsonValue* s = ObjectMember(r, "SSESpecification")) {
    auto type = StringMember(*s, "SSEType");
    auto key_id = StringMember(*s, "KMSMasterKeyId");
    auto enabled = BoolMember(*s, "Enabled");
    v.Enum(type, "sSESpecification.sSEType", {"AES256", "KMS"});
    v.StringLength(key_id, "sSESpecification.kMSMasterKeyId", 1, 2048);
    sse_type = type;
    sse_key = key_id;
    sse_enabled = enabled;
    // {"SSEType": "KMS"} without Enabled turns KMS encryption on.
    sse = SseSpecification{enabled.value_or(type.has_value()), type.value_or("KMS"), key_id.value_or("")};
  }
  auto table_class = StringMember(r, "TableClass");
  v.Enum(table_class, "tableClass", {"STANDARD", "STANDARD_INFREQUENT_ACCESS"});
  TagList tags = ReadTags(r, v);
  v.ThrowIfAny();

  // Semantic checks, in DynamoDB's order (docs/validation-messages.md §5.2).
  const bool on_demand = billing_mode && *billing_mode == "PAY_PER_REQUEST";
  if (on_demand && throughput) {
    throw InvalidParameterError(
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
  }
  if (!on_demand && !throughput) {
    throw InvalidParameterError(
        "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
  }
  if (throughput) CheckThroughputBounds(*throughput);
  std::vector<std::string> defined_names;
  for (const auto& d : definitions) defined_names.push_back(*d.name);
  auto is_defined = [&](const std::string& n) {
    return std::find(defined_names.begin(), defined_names.end(), n) != defined_names.end();
  };
  if (keys.size() == 2) {
    const bool same_name = *keys[0].name == *keys[1].name;
    if (same_name && definitions.size() >= 2 && is_defined(*keys[0].name)) {
      throw ValidationError("Both the Hash Key and the Range Key element in the KeySchema have the same name");
    }
    if (definitions.empty() || same_name || !is_defined(*keys[0].name) || !is_defined(*keys[1].name)) {
      throw ValidationError("Invalid KeySchema: Some index key attribute have no definition");
    }
  } else if (!is_defined(*keys[0].name)) {
    throw InvalidParameterError("Some index key attributes are not defined in AttributeDefinitions. Keys: [" +
                                *keys[0].name + "], AttributeDefinitions: " +
                                JoinList(JavaHashSetOrder(defined_names, defined_names.size())));
  }
  if (*keys[0].type != "HASH") throw ValidationError("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  if (keys.size() == 2 && *keys[1].type != "RANGE") {
    throw ValidationError("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
  }
  std::set<std::string> seen;
  for (const auto& n : defined_names) {
    if (!seen.insert(n).second) throw ValidationError("Attribute Name is duplicated: " + n);
  }
  std::vector<SecondaryIndex> lsis, gsis;
  if (local_indexes || global_indexes) {
    CheckIndexes(definitions, keys, local_indexes, global_indexes, on_demand, lsis, gsis);
  } else if (definitions.size() != keys.size()) {
    throw InvalidParameterError(
        "Number of attributes in KeySchema does not exactly match number of attributes defined in "
        "AttributeDefinitions");
  }
  if (stream && stream->enabled && stream->view_type.empty()) {
    throw InvalidParameterError("Table is being created with a stream enabled, UpdateViewType is required");
  }
  if (stream && !stream->enabled && !stream->view_type.empty()) {
    throw InvalidParameterError("Table is being created with a stream disabled, UpdateViewType should not be specified");
  }
  if (sse_enabled && !*sse_enabled && sse_type) {
    throw InvalidParameterError("SSEType can not be specified if Enabled is false");
  }
  if (sse_enabled && !*sse_enabled && sse_key) {
    throw InvalidParameterError("KMSMasterKeyId can not be specified if Enabled is false");
  }
  if (sse && sse->enabled && sse_type && *sse_type == "AES256") {
    throw InvalidParameterError("SSEType AES256 is not supported");
  }
  if (sse && sse->enabled && sse_key && !sse_type) {
    throw InvalidParameterError("SSEType KMS is required if KMSMasterKeyId is specified");
  }
  CheckTags(tags);
  if (throughput) {
    for (auto [value, what] : {std::pair{throughput->read_capacity_units, "ReadCapacityUnits"},
                               std::pair{throughput->write_capacity_units, "WriteCapacityUnits"}}) {
      if (value > kMaxTableCapacityUnits) {
        throw DynamoError("LimitExceededException",
                          "The requested " + std::string(what) + ", " + std::to_string(value) +
                              ", is above the per table maximum for the account in " + ctx.info.region +
                              ". Per table maximum: 40000. Refer to the Amazon DynamoDB Developer Guide for current "
                              "limits and how to request higher limits.");
      }
    }
  }

  CreateTableRequest request;
  request.table_name = name;
  request.region = ctx.info.region;
  for (const auto& d : definitions) request.attribute_definitions.push_back({*d.name, *ScalarType(*d.type)});
  request.local_indexes = std::move(lsis);
  request.global_indexes = std::move(gsis);
  request.key_schema.hash_key = *keys[0].name;
  if (keys.size() == 2) request.key_schema.range_key = *keys[1].name;
  request.billing_mode = on_demand ? BillingMode::PAY_PER_REQUEST : BillingMode::PROVISIONED;
  request.throughput = throughput;
  request.on_demand = ReadOnDemandThroughput(r);
  request.warm = ReadWarmThroughput(r);
  request.stream = stream;
  request.sse = sse;
  request.tags = std::move(tags);
  request.deletion_protection = BoolMember(r, "DeletionProtectionEnabled").value_or(false);
  request.table_class = table_class.value_or("STANDARD");

  TableDescription d = ctx.engine.CreateTable(request);
  ctx.out.StartObject();
  ctx.out.Key("TableDescription");
  WriteTableDescription(ctx.out, d);
  ctx.out.EndObject();
}

}  // namespace ddb
