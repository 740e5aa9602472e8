// Query: a key condition (KeyConditionExpression or legacy KeyConditions),
// then the read-page parameters shared with Scan.
#include "engine/error.h"
#include "protocol/legacy_parameters.h"
#include "protocol/operation.h"
#include "protocol/read_request.h"

namespace ddb {

void QueryOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  ItemRequestCommon common;
  ReadCommonItemParameters(r, v, common);
  auto index = StringMember(r, "IndexName");
  if (index) CheckTableName(v, index, "indexName");
  CheckReadPageShapes(r, v);
  v.ThrowIfAny();

  CheckExpressionParameters(r, {"KeyConditionExpression", "FilterExpression", "ProjectionExpression"},
                            {"KeyConditions", "QueryFilter", "AttributesToGet", "ConditionalOperator"},
                            {"KeyConditionExpression", "FilterExpression"});
  QueryRequest request;
  request.table_name = common.table_name;
  ExpressionContext expressions(r);
  if (auto key = StringMember(r, "KeyConditionExpression")) {
    request.key_condition = expressions.ParseCondition(*key, "KeyConditionExpression");
  } else if (auto legacy = ParseLegacyConditions(r, "KeyConditions", /*use_conditional_operator=*/false)) {
    request.key_condition = std::move(*legacy);
    request.key_condition_parameter = "KeyConditions";
  } else {
    throw ValidationError("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
  }
  request.page = ReadPageParameters(r, expressions, "QueryFilter");
  expressions.CheckAllUsed();
  request.scan_forward = BoolMember(r, "ScanIndexForward").value_or(true);
  if (index) throw ValidationError("The table does not have the specified index: " + *index);

  ConsumedCapacity consumed;
  ReadPageResult result = ctx.engine.Query(request, &consumed);
  WriteReadPageResponse(ctx.out, result, request.page.count_only, common, consumed);
}

}  // namespace ddb
