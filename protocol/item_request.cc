#include "protocol/item_request.h"

#include "engine/error.h"
#include "protocol/attribute_json.h"

namespace ddb {

void ReadCommonItemParameters(const JsonValue& request, ConstraintViolations& v, ItemRequestCommon& common) {
  auto name = StringMember(request, "TableName");
  CheckTableNameOrArn(v, name);
  if (name) common.table_name = TableNameFromNameOrArn(*name);
  common.return_consumed_capacity = StringMember(request, "ReturnConsumedCapacity");
  v.Enum(common.return_consumed_capacity, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
}

WriteOptions ReadWriteOptions(const JsonValue& request, ConstraintViolations& v) {
  WriteOptions o;
  o.return_values = StringMember(request, "ReturnValues");
  v.Enum(o.return_values, "returnValues", {"NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"});
  o.return_item_collection_metrics = StringMember(request, "ReturnItemCollectionMetrics");
  v.Enum(o.return_item_collection_metrics, "returnItemCollectionMetrics", {"SIZE", "NONE"});
  o.return_values_on_condition_check_failure = StringMember(request, "ReturnValuesOnConditionCheckFailure");
  v.Enum(o.return_values_on_condition_check_failure, "returnValuesOnConditionCheckFailure", {"ALL_OLD", "NONE"});
  return o;
}

ReturnValues AllOldOrNone(const std::optional<std::string>& text) {
  ReturnValues r = ToReturnValues(text);
  if (r != ReturnValues::NONE && r != ReturnValues::ALL_OLD) {
    throw ValidationError("ReturnValues can only be ALL_OLD or NONE");
  }
  return r;
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

namespace {

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

}  // namespace

void WriteItemResponse(JsonWriter& w, const char* item_member, const std::optional<Item>& item,
                       const ItemRequestCommon& common, const ConsumedCapacity& consumed) {
  w.StartObject();
  if (item) {
    w.Key(item_member);
    WriteItem(w, *item);
  }
  WriteConsumedCapacity(w, common, consumed);
  w.EndObject();
}

}  // namespace ddb
