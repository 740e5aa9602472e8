#include "protocol/item_request.h"

#include "engine/error.h"

namespace ddb {

void ReadCommonItemParameters(const JsonValue& request, ConstraintViolations& v, ItemRequestCommon& common) {
  auto name = StringMember(request, "TableName");
  CheckTableNameOrArn(v, name);
  if (name) common.table_name = TableNameFromNameOrArn(*name);
  common.return_consumed_capacity = StringMember(request, "ReturnConsumedCapacity");
  v.Enum(common.return_consumed_capacity, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
}

ReturnValues ToReturnValues(const std::optional<std::string>& text) {
  if (!text || *text == "NONE") return ReturnValues::NONE;
  if (*text == "ALL_OLD") return ReturnValues::ALL_OLD;
  if (*text == "UPDATED_OLD") return ReturnValues::UPDATED_OLD;
  if (*text == "ALL_NEW") return ReturnValues::ALL_NEW;
  return ReturnValues::UPDATED_NEW;
}

void CheckConditionParameters(const JsonValue& request) {
  const bool condition = Member(request, "ConditionExpression") != nullptr;
  const bool expected = Member(request, "Expected") != nullptr;
  const bool conditional_operator = Member(request, "ConditionalOperator") != nullptr;
  if (condition && (expected || conditional_operator)) {
    std::string legacy = expected ? "Expected" : "ConditionalOperator";
    if (expected && conditional_operator) legacy = "Expected, ConditionalOperator";
    throw ValidationError(
        "Can not use both expression and non-expression parameters in the same request: Non-expression "
        "parameters: {" + legacy + "} Expression parameters: {ConditionExpression}");
  }
  if (!condition) {
    if (Member(request, "ExpressionAttributeNames")) {
      throw ValidationError("ExpressionAttributeNames can only be specified when using expressions");
    }
    if (Member(request, "ExpressionAttributeValues")) {
      throw ValidationError(
          "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null");
    }
    if (expected || conditional_operator) {
      // The legacy conditional parameters arrive with the expressions issue.
      throw ValidationError("Expected and ConditionalOperator are not supported yet; use ConditionExpression");
    }
  }
}

std::optional<Condition> ParseWriteCondition(const JsonValue& request, ExpressionContext& expressions) {
  auto condition = StringMember(request, "ConditionExpression");
  if (!condition) return std::nullopt;
  Condition parsed = expressions.ParseCondition(*condition, "ConditionExpression");
  expressions.CheckAllUsed();
  return parsed;
}

void WriteConsumedCapacity(JsonWriter& w, const ItemRequestCommon& common, const ConsumedCapacity& consumed) {
  const auto& mode = common.return_consumed_capacity;
  if (!mode || *mode == "NONE") return;
  w.Key("ConsumedCapacity");
  w.StartObject();
  w.Key("TableName");
  WriteString(w, common.table_name);
  w.Key("CapacityUnits");
  w.Double(consumed.total());
  if (*mode == "INDEXES") {
    w.Key("Table");
    w.StartObject();
    w.Key("CapacityUnits");
    w.Double(consumed.total());
    w.EndObject();
  }
  w.EndObject();
}

}  // namespace ddb
