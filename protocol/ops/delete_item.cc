// DeleteItem: validate shapes, key and condition, then delete.
#include "engine/error.h"
#include "protocol/attribute_json.h"
#include "protocol/item_request.h"
#include "protocol/operation.h"

namespace ddb {

void DeleteItemOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  ItemRequestCommon common;
  ReadCommonItemParameters(r, v, common);
  const JsonValue* key_json = ObjectMember(r, "Key");
  v.NotNull(key_json != nullptr, "key");
  auto return_values = StringMember(r, "ReturnValues");
  v.Enum(return_values, "returnValues", {"NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"});
  auto metrics = StringMember(r, "ReturnItemCollectionMetrics");
  v.Enum(metrics, "returnItemCollectionMetrics", {"SIZE", "NONE"});
  auto on_failure = StringMember(r, "ReturnValuesOnConditionCheckFailure");
  v.Enum(on_failure, "returnValuesOnConditionCheckFailure", {"ALL_OLD", "NONE"});
  v.ThrowIfAny();

  DeleteItemRequest request;
  request.table_name = common.table_name;
  CheckConditionParameters(r);
  request.key = ParseItem(*key_json);
  request.return_values = ToReturnValues(return_values);
  if (request.return_values != ReturnValues::NONE && request.return_values != ReturnValues::ALL_OLD) {
    throw ValidationError("ReturnValues can only be ALL_OLD or NONE");
  }
  ExpressionContext expressions(r);
  request.condition = ParseWriteCondition(r, expressions);
  request.return_old_on_condition_failure = on_failure && *on_failure == "ALL_OLD";

  WriteItemResult result = ctx.engine.DeleteItem(request);
  ctx.out.StartObject();
  if (result.attributes) {
    ctx.out.Key("Attributes");
    WriteItem(ctx.out, *result.attributes);
  }
  WriteConsumedCapacity(ctx.out, common, result.consumed);
  ctx.out.EndObject();
}

}  // namespace ddb
