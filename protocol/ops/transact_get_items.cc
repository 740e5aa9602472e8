// TransactGetItems: up to 100 Gets, each with its own ProjectionExpression and
// ExpressionAttributeNames, read as of one moment. Checks run in DynamoDB's
// phases: shapes of the whole request, then every Get's projection, then
// tables, empty key values, duplicates and key schemas (engine).
#include "engine/error.h"
#include "engine/limits.h"
#include "protocol/attribute_json.h"
#include "protocol/constraints.h"
#include "protocol/item_request.h"
#include "protocol/operation.h"

namespace ddb {

void TransactGetItemsOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  const JsonValue* items = ArrayMember(r, "TransactItems");
  v.NotNull(items != nullptr, "transactItems");
  if (items) v.ListLength(items->Size(), "transactItems", 1, kMaxTransactionActions);
  auto consumed_mode = StringMember(r, "ReturnConsumedCapacity");
  v.Enum(consumed_mode, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  if (items) {
    int i = 1;
    for (const auto& entry : items->GetArray()) {
      ExpectObject(entry);
      const std::string path = "transactItems." + std::to_string(i++) + ".member.get";
      const JsonValue* get = ObjectMember(entry, "Get");
      v.NotNull(get != nullptr, path);
      if (!get) continue;
      v.NotNull(Member(*get, "Key") != nullptr, path + ".key");
      auto table = StringMember(*get, "TableName");
      v.NotNull(table.has_value(), path + ".tableName");
      if (table && table->rfind("arn:", 0) != 0) CheckTableName(v, table, path + ".tableName");
    }
  }
  v.ThrowIfAny();

  TransactGetRequest request;
  for (const auto& entry : items->GetArray()) {
    const JsonValue& get = *ObjectMember(entry, "Get");
    auto& parsed = request.gets.emplace_back();
    parsed.table_name = TableNameFromNameOrArn(*StringMember(get, "TableName"));
    parsed.key = ParseItem(*Member(get, "Key"));
    ExpressionContext expressions(get, /*takes_values=*/false);
    if (auto projection = StringMember(get, "ProjectionExpression")) {
      parsed.projection = expressions.ParseProjection(*projection, "ProjectionExpression");
      expressions.CheckAllUsed();
    } else if (expressions.has_names()) {
      throw ValidationError("ExpressionAttributeNames can only be specified when using expressions");
    }
  }

  TransactGetResult result = ctx.engine.TransactGetItems(request);
  JsonWriter& w = ctx.out;
  w.StartObject();
  w.Key("Responses");
  w.StartArray();
  for (const auto& item : result.items) {
    w.StartObject();
    if (item) {
      w.Key("Item");
      WriteItem(w, *item);
    }
    w.EndObject();
  }
  w.EndArray();
  WriteCapacityList(w, consumed_mode, result.consumed, /*split=*/true);
  w.EndObject();
}

}  // namespace ddb
