// BatchGetItem: up to 100 keys over one or more tables, each with its own
// ProjectionExpression / AttributesToGet / ConsistentRead. Checks run in
// DynamoDB's phases: shapes, then every table's parameters and keys, then
// the total, then projections, then tables and key schemas (engine).
#include <algorithm>

#include "engine/error.h"
#include "engine/limits.h"
#include "protocol/attribute_json.h"
#include "protocol/constraints.h"
#include "protocol/item_request.h"
#include "protocol/legacy_parameters.h"
#include "protocol/operation.h"

namespace ddb {

namespace {

std::string Name(const JsonValue::ConstMemberIterator& it) {
  return std::string(it->name.GetString(), it->name.GetStringLength());
}

}  // namespace

void BatchGetItemOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  const JsonValue* items = ObjectMember(r, "RequestItems");
  if (!items || items->MemberCount() == 0) {
    throw ValidationError("The requestItems parameter is required for BatchGetItem");
  }
  ConstraintViolations v;
  auto consumed_mode = StringMember(r, "ReturnConsumedCapacity");
  v.Enum(consumed_mode, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  std::string echo;
  bool bad_name = false;
  for (auto it = items->MemberBegin(); it != items->MemberEnd(); ++it) {
    const std::string table = Name(it);
    if (!IsTableNameOrArn(table)) bad_name = true;
    echo += (echo.empty() ? "" : ", ") + table + "=KeysAndAttributes";
    ExpectObject(it->value, "KeysAndAttributes");
    const std::string path = "requestItems." + table + ".member.keys";
    const JsonValue* keys = ArrayMember(it->value, "Keys");
    v.NotNull(keys != nullptr, path);
    if (keys) v.ListLength(keys->Size(), path, 1, kMaxBatchGetKeys);
    const JsonValue* attributes = ArrayMember(it->value, "AttributesToGet");
    if (attributes && attributes->Empty())
      v.Add("'[]'", "requestItems." + table + ".member.attributesToGet", MinLengthRule(1));
  }
  if (bad_name) {
    v.Add("'{" + echo + "}'", "requestItems", kTableNameMapKeysRule);
  }
  v.ThrowIfAny();

  // Every table's parameters and keys. Expression and non-expression
  // projections may not be mixed, even across tables.
  bool any_expression = false, any_attributes_to_get = false;
  for (auto it = items->MemberBegin(); it != items->MemberEnd(); ++it) {
    any_expression = any_expression || Member(it->value, "ProjectionExpression");
    any_attributes_to_get = any_attributes_to_get || Member(it->value, "AttributesToGet");
  }
  BatchGetRequest request;
  std::size_t total = 0;
  for (auto it = items->MemberBegin(); it != items->MemberEnd(); ++it) {
    const JsonValue& t = it->value;
    if (any_expression && any_attributes_to_get) {
      throw ValidationError(
          "Can not use both expression and non-expression parameters in the same request: Non-expression "
          "parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
    }
    if (Member(t, "ExpressionAttributeNames") && !Member(t, "ProjectionExpression")) {
      throw ValidationError("ExpressionAttributeNames can only be specified when using expressions");
    }
    BatchGetRequest::Table table;
    table.table_name = TableNameFromNameOrArn(Name(it));
    table.consistent_read = BoolMember(t, "ConsistentRead").value_or(false);
    for (const auto& key : ArrayMember(t, "Keys")->GetArray()) {
      Item parsed = ParseItem(key);
      if (std::find(table.keys.begin(), table.keys.end(), parsed) != table.keys.end()) {
        throw ValidationError("Provided list of item keys contains duplicates");
      }
      table.keys.push_back(std::move(parsed));
    }
    total += table.keys.size();
    request.tables.push_back(std::move(table));
  }
  if (total > kMaxBatchGetKeys) throw ValidationError("Too many items requested for the BatchGetItem call");
  std::size_t i = 0;
  for (auto it = items->MemberBegin(); it != items->MemberEnd(); ++it, ++i) {
    const JsonValue& t = it->value;
    if (const JsonValue* attributes = ArrayMember(t, "AttributesToGet")) {
      request.tables[i].projection = ParseAttributesToGet(*attributes);
    }
    ExpressionContext expressions(t, /*takes_values=*/false);
    if (auto projection = StringMember(t, "ProjectionExpression")) {
      request.tables[i].projection = expressions.ParseProjection(*projection, "ProjectionExpression");
      expressions.CheckAllUsed();
    }
  }

  BatchGetResult result = ctx.engine.BatchGetItem(request);
  JsonWriter& w = ctx.out;
  w.StartObject();
  w.Key("Responses");
  w.StartObject();
  for (const auto& [table, found] : result.responses) {
    WriteString(w, table);
    w.StartArray();
    for (const auto& item : found) WriteEncodedItem(w, item);
    w.EndArray();
  }
  w.EndObject();
  w.Key("UnprocessedKeys");
  w.StartObject();
  for (auto it = items->MemberBegin(); it != items->MemberEnd(); ++it) {
    const std::string table = TableNameFromNameOrArn(Name(it));
    auto left = result.unprocessed.find(table);
    if (left == result.unprocessed.end()) continue;
    WriteString(w, Name(it));
    w.StartObject();
    w.Key("Keys");
    w.StartArray();
    for (const auto& key : left->second) WriteItem(w, key);
    w.EndArray();
    // The table's other parameters, so the keys can be sent again as they are.
    for (const char* member :
         {"ProjectionExpression", "ExpressionAttributeNames", "ConsistentRead", "AttributesToGet"}) {
      if (const JsonValue* value = Member(it->value, member)) {
        w.Key(member);
        value->Accept(w);
      }
    }
    w.EndObject();
  }
  w.EndObject();
  WriteCapacityList(w, consumed_mode, result.consumed);
  w.EndObject();
}

}  // namespace ddb
