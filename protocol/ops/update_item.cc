// UpdateItem: an UpdateExpression (or legacy AttributeUpdates) and an
// optional condition; creates the item from its key when it is missing.
#include "protocol/attribute_json.h"
#include "protocol/item_request.h"
#include "protocol/legacy_parameters.h"
#include "protocol/operation.h"

namespace ddb {

void UpdateItemOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  ItemRequestCommon common;
  ReadCommonItemParameters(r, v, common);
  const JsonValue* key_json = ObjectMember(r, "Key");
  v.NotNull(key_json != nullptr, "key");
  WriteOptions options = ReadWriteOptions(r, v);
  if (const JsonValue* updates = ObjectMember(r, "AttributeUpdates")) {
    for (auto it = updates->MemberBegin(); it != updates->MemberEnd(); ++it) {
      ExpectObject(it->value, "AttributeValueUpdate");
      v.Enum(StringMember(it->value, "Action"),
             "attributeUpdates." + std::string(it->name.GetString()) + ".member.action", {"ADD", "PUT", "DELETE"});
    }
  }
  v.ThrowIfAny();

  UpdateItemRequest request;
  request.table_name = common.table_name;
  CheckExpressionParameters(r, {"UpdateExpression", "ConditionExpression"},
                            {"AttributeUpdates", "Expected", "ConditionalOperator"});
  request.key = ParseItem(*key_json);
  request.return_values = ToReturnValues(options.return_values);
  ExpressionContext expressions(r);
  if (auto update = StringMember(r, "UpdateExpression")) {
    request.update = expressions.ParseUpdate(*update, "UpdateExpression");
  } else {
    request.update = ParseAttributeUpdates(r);
  }
  request.condition = ParseWriteCondition(r, expressions);
  expressions.CheckAllUsed();
  request.return_old_on_condition_failure = options.return_old_on_condition_failure();

  WriteItemResult result = ctx.engine.UpdateItem(request);
  WriteItemResponse(ctx.out, "Attributes", result.attributes, common, result.consumed,
                    RequestedCollectionMetrics(options, result));
}

}  // namespace ddb
