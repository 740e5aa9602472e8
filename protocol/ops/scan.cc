// Scan: the read-page parameters shared with Query, plus parallel-scan segments.
#include "engine/error.h"
#include "protocol/operation.h"
#include "protocol/read_request.h"

namespace ddb {

void ScanOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  ItemRequestCommon common;
  ReadCommonItemParameters(r, v, common);
  auto index = StringMember(r, "IndexName");
  if (index) CheckTableName(v, index, "indexName");
  CheckReadPageShapes(r, v);
  auto segment = LongMember(r, "Segment");
  auto total = LongMember(r, "TotalSegments");
  v.MinValue(segment, "segment", 0);
  v.MaxValue(segment, "segment", 999999);
  v.MinValue(total, "totalSegments", 1);
  v.MaxValue(total, "totalSegments", 1000000);
  v.ThrowIfAny();
  if (index) ctx.engine.CheckReadableIndex(common.table_name, *index, /*consistent_read=*/false);

  CheckExpressionParameters(r, {"ProjectionExpression", "FilterExpression"},
                            {"AttributesToGet", "ScanFilter", "ConditionalOperator"}, {"FilterExpression"});
  ScanRequest request;
  request.table_name = common.table_name;
  ExpressionContext expressions(r);
  request.page = ReadPageParameters(r, expressions, "ScanFilter");
  expressions.CheckAllUsed();
  request.page.index_name = index;
  if (segment && !total) {
    throw ValidationError(
        "The TotalSegments parameter is required but was not present in the request when Segment parameter is "
        "present");
  }
  if (total && !segment) {
    throw ValidationError(
        "The Segment parameter is required but was not present in the request when parameter TotalSegments is "
        "present");
  }
  if (segment && *segment >= *total) {
    throw ValidationError(
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: " +
        std::to_string(*segment) + " is not less than TotalSegments: " + std::to_string(*total));
  }

  if (segment) request.segment = {static_cast<std::uint32_t>(*segment), static_cast<std::uint32_t>(*total)};

  ConsumedCapacity consumed;
  ReadPageResult result = ctx.engine.Scan(request, &consumed);
  WriteReadPageResponse(ctx.out, result, request.page.count_only, common, consumed);
}

}  // namespace ddb
