// DeleteItem: validate shapes, key and condition, then delete.
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
  WriteOptions options = ReadWriteOptions(r, v);
  v.ThrowIfAny();

  DeleteItemRequest request;
  request.table_name = common.table_name;
  CheckExpressionParameters(r, {"ConditionExpression"}, {"Expected", "ConditionalOperator"});
  request.key = ParseItem(*key_json);
  request.return_values = AllOldOrNone(options.return_values);
  ExpressionContext expressions(r);
  request.condition = ParseWriteCondition(r, expressions);
  expressions.CheckAllUsed();
  request.return_old_on_condition_failure = options.return_old_on_condition_failure();

  WriteItemResult result = ctx.engine.DeleteItem(request);
  WriteItemResponse(ctx.out, "Attributes", result.attributes, common, result.consumed,
                    RequestedCollectionMetrics(options, result));
}

}  // namespace ddb
