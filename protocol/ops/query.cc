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
  // A Limit past the Integer range is refused by Query (Scan ignores it).
  v.MaxValue(LongMember(r, "Limit"), "limit", kMaxIntegerValue);
  v.ThrowIfAny();
  if (index) ctx.engine.CheckReadableIndex(common.table_name, *index, /*consistent_read=*/false);

  // KeyConditions only conflicts with KeyConditionExpression: a legacy key
  // condition may go with a FilterExpression.
  std::vector<const char*> legacy = {"AttributesToGet", "QueryFilter", "ConditionalOperator"};
  if (Member(r, "KeyConditionExpression")) legacy.push_back("KeyConditions");
  CheckExpressionParameters(r, {"ProjectionExpression", "FilterExpression", "KeyConditionExpression"}, legacy,
                            {"FilterExpression", "KeyConditionExpression"});
  QueryRequest request;
  request.table_name = common.table_name;
  ExpressionContext expressions(r);
  request.page = ReadPageParameters(r, expressions, "QueryFilter");
  if (Member(r, "QueryFilter")) request.filter_parameter = "QueryFilter";
  if (auto key = StringMember(r, "KeyConditionExpression")) {
    request.key_condition = expressions.ParseCondition(*key, "KeyConditionExpression");
  } else if (Member(r, "KeyConditions")) {
    if (index) ctx.engine.CheckReadableIndex(common.table_name, *index, request.page.consistent_read);
    // An index may have multi-attribute keys (up to 4 + 4); the engine checks
    // the count against the index's key schema.
    request.key_condition = ParseLegacyKeyConditions(r, index ? 8 : 2);
    request.key_condition_parameter = "KeyConditions";
  } else {
    throw ValidationError(
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
  }
  expressions.CheckAllUsed();
  request.page.index_name = index;
  request.scan_forward = BoolMember(r, "ScanIndexForward").value_or(true);

  ConsumedCapacity consumed;
  ReadPageResult result = ctx.engine.Query(request, &consumed);
  WriteReadPageResponse(ctx.out, result, request.page.count_only, common, consumed);
}

}  // namespace ddb
