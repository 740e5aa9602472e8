// PutItem: validate shapes, values and the condition, then write.
#include "protocol/attribute_json.h"
#include "protocol/item_request.h"
#include "protocol/operation.h"

namespace ddb {

void PutItemOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  ItemRequestCommon common;
  ReadCommonItemParameters(r, v, common);
  const JsonValue* item_json = ObjectMember(r, "Item");
  v.NotNull(item_json != nullptr, "item");
  WriteOptions options = ReadWriteOptions(r, v);
  v.ThrowIfAny();

  PutItemRequest request;
  request.table_name = common.table_name;
  CheckExpressionParameters(r, {"ConditionExpression"}, {"Expected", "ConditionalOperator"});
  request.item = ParseItem(*item_json);
  request.return_values = AllOldOrNone(options.return_values);
  ExpressionContext expressions(r);
  request.condition = ParseWriteCondition(r, expressions);
  expressions.CheckAllUsed();
  request.return_old_on_condition_failure = options.return_old_on_condition_failure();

  WriteItemResult result = ctx.engine.PutItem(request);
  WriteItemResponse(ctx.out, "Attributes", result.attributes, common, result.consumed,
                    RequestedCollectionMetrics(options, result));
}

}  // namespace ddb
