// CreateTable: shape constraints (Coral format), then DynamoDB's semantic
// checks on key schema, attribute definitions and billing, then create.
#include <set>

#include "engine/error.h"
#include "protocol/constraints.h"
#include "protocol/operation.h"
#include "protocol/table_description_json.h"

namespace ddb {
namespace {

struct KeyElementInput {
  std::optional<std::string> name;
  std::optional<std::string> type;
};

std::optional<ValueType> ScalarType(const std::string& s) {
  if (s == "S") return ValueType::S;
  if (s == "N") return ValueType::N;
  if (s == "B") return ValueType::B;
  return std::nullopt;
}

std::string NameList(const std::vector<std::string>& names) {
  std::string out = "[";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) out += ", ";
    out += names[i];
  }
  return out + "]";
}

}  // namespace

void CreateTableOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;

  const JsonValue* attribute_definitions = ArrayMember(r, "AttributeDefinitions");
  std::vector<KeyElementInput> definitions;
  if (attribute_definitions) {
    int i = 1;
    for (const auto& a : attribute_definitions->GetArray()) {
      ExpectObject(a);
      KeyElementInput d{StringMember(a, "AttributeName"), StringMember(a, "AttributeType")};
      const std::string path = "attributeDefinitions." + std::to_string(i++) + ".member.";
      v.NotNull(d.name.has_value(), path + "attributeName");
      v.StringLength(d.name, path + "attributeName", 1, 255);
      v.NotNull(d.type.has_value(), path + "attributeType");
      v.Enum(d.type, path + "attributeType", {"B", "N", "S"});
      definitions.push_back(std::move(d));
    }
  }
  v.NotNull(attribute_definitions != nullptr, "attributeDefinitions");

  auto table_name = StringMember(r, "TableName");
  CheckNewTableName(v, table_name, "tableName");

  const JsonValue* key_schema = ArrayMember(r, "KeySchema");
  std::vector<KeyElementInput> keys;
  if (key_schema) {
    int i = 1;
    for (const auto& k : key_schema->GetArray()) {
      ExpectObject(k);
      KeyElementInput e{StringMember(k, "AttributeName"), StringMember(k, "KeyType")};
      const std::string path = "keySchema." + std::to_string(i++) + ".member.";
      v.NotNull(e.name.has_value(), path + "attributeName");
      v.StringLength(e.name, path + "attributeName", 1, 255);
      v.NotNull(e.type.has_value(), path + "keyType");
      v.Enum(e.type, path + "keyType", {"HASH", "RANGE"});
      keys.push_back(std::move(e));
    }
    if (keys.empty()) v.Add("'[]'", "keySchema", "Member must have length greater than or equal to 1");
    if (keys.size() > 2) {
      v.Add("'[...]'", "keySchema", "Member must have length less than or equal to 2");
    }
  }
  v.NotNull(key_schema != nullptr, "keySchema");

  auto billing_mode = StringMember(r, "BillingMode");
  v.Enum(billing_mode, "billingMode", {"PROVISIONED", "PAY_PER_REQUEST"});

  const JsonValue* throughput = ObjectMember(r, "ProvisionedThroughput");
  std::optional<std::int64_t> rcu, wcu;
  if (throughput) {
    rcu = LongMember(*throughput, "ReadCapacityUnits");
    wcu = LongMember(*throughput, "WriteCapacityUnits");
    v.NotNull(wcu.has_value(), "provisionedThroughput.writeCapacityUnits");
    v.MinValue(wcu, "provisionedThroughput.writeCapacityUnits", 1);
    v.NotNull(rcu.has_value(), "provisionedThroughput.readCapacityUnits");
    v.MinValue(rcu, "provisionedThroughput.readCapacityUnits", 1);
  }

  std::optional<StreamSpecification> stream;
  if (const JsonValue* s = ObjectMember(r, "StreamSpecification")) {
    auto enabled = BoolMember(*s, "StreamEnabled");
    auto view = StringMember(*s, "StreamViewType");
    v.NotNull(enabled.has_value(), "streamSpecification.streamEnabled");
    v.Enum(view, "streamSpecification.streamViewType", {"NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"});
    stream = StreamSpecification{enabled.value_or(false), view.value_or("")};
  }
  std::optional<SseSpecification> sse;
  if (const JsonValue* s = ObjectMember(r, "SSESpecification")) {
    auto type = StringMember(*s, "SSEType");
    v.Enum(type, "sSESpecification.sSEType", {"AES256", "KMS"});
    sse = SseSpecification{BoolMember(*s, "Enabled").value_or(false), type.value_or("KMS"),
                           StringMember(*s, "KMSMasterKeyId").value_or("")};
  }
  auto table_class = StringMember(r, "TableClass");
  v.Enum(table_class, "tableClass", {"STANDARD", "STANDARD_INFREQUENT_ACCESS"});
  std::vector<std::pair<std::string, std::string>> tags;
  if (const JsonValue* t = ArrayMember(r, "Tags")) {
    int i = 1;
    for (const auto& tag : t->GetArray()) {
      ExpectObject(tag);
      auto key = StringMember(tag, "Key");
      auto value = StringMember(tag, "Value");
      const std::string path = "tags." + std::to_string(i++) + ".member.";
      v.NotNull(key.has_value(), path + "key");
      v.StringLength(key, path + "key", 1, 128);
      v.NotNull(value.has_value(), path + "value");
      v.StringLength(value, path + "value", 0, 256);
      if (key && value) tags.emplace_back(*key, *value);
    }
  }
  v.ThrowIfAny();

  // Semantic checks, in DynamoDB's order.
  std::set<std::string> defined;
  for (const auto& d : definitions) {
    if (!defined.insert(*d.name).second) {
      throw InvalidParameterError("Cannot have two attributes with the same name");
    }
  }
  if (*keys[0].type != "HASH") throw ValidationError("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  if (keys.size() == 2) {
    if (*keys[1].type != "RANGE") {
      throw ValidationError("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    }
    if (*keys[0].name == *keys[1].name) {
      throw ValidationError("Both the Hash Key and the Range Key element in the KeySchema have the same name");
    }
  }
  std::vector<std::string> undefined_keys;
  for (const auto& k : keys) {
    if (!defined.count(*k.name)) undefined_keys.push_back(*k.name);
  }
  if (!undefined_keys.empty()) {
    std::vector<std::string> all;
    for (const auto& d : definitions) all.push_back(*d.name);
    throw InvalidParameterError("Some index key attributes are not defined in AttributeDefinitions. Keys: " +
                                NameList(undefined_keys) + ", AttributeDefinitions: " + NameList(all));
  }
  if (definitions.size() != keys.size()) {
    throw InvalidParameterError(
        "Number of attributes in KeySchema does not exactly match number of attributes defined in "
        "AttributeDefinitions");
  }
  const bool on_demand = billing_mode && *billing_mode == "PAY_PER_REQUEST";
  if (on_demand && throughput) {
    throw InvalidParameterError(
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
  }
  if (!on_demand && !throughput) {
    throw InvalidParameterError(
        "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
  }
  if (stream && stream->enabled && stream->view_type.empty()) {
    throw ValidationError("StreamSpecification: StreamViewType is required when StreamEnabled is true");
  }

  CreateTableRequest request;
  request.table_name = *table_name;
  request.region = ctx.info.region;
  for (const auto& d : definitions) request.attribute_definitions.push_back({*d.name, *ScalarType(*d.type)});
  request.key_schema.hash_key = *keys[0].name;
  if (keys.size() == 2) request.key_schema.range_key = *keys[1].name;
  request.billing_mode = on_demand ? BillingMode::PAY_PER_REQUEST : BillingMode::PROVISIONED;
  if (throughput) {
    ProvisionedThroughput p;
    p.read_capacity_units = *rcu;
    p.write_capacity_units = *wcu;
    request.throughput = p;
  }
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
