// DescribeEndpoints: the endpoint to use is this server itself (the Host the
// client reached), cached for 1440 minutes as DynamoDB answers.
#include "protocol/operation.h"

namespace ddb {

void DescribeEndpointsOperation(OperationContext& ctx) {
  ctx.out.StartObject();
  ctx.out.Key("Endpoints");
  ctx.out.StartArray();
  ctx.out.StartObject();
  ctx.out.Key("Address");
  WriteString(ctx.out, ctx.info.host.empty() ? "dynamodb." + ctx.info.region + ".amazonaws.com" : ctx.info.host);
  ctx.out.Key("CachePeriodInMinutes");
  ctx.out.Int64(1440);
  ctx.out.EndObject();
  ctx.out.EndArray();
  ctx.out.EndObject();
}

}  // namespace ddb
