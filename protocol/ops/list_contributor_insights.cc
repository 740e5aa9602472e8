// ListContributorInsights: the tables and GSIs where Contributor Insights is
// on or changing. ddbemu runs none, so the list is empty; a TableName that
// names no table is ResourceNotFoundException, as on AWS.
#include "engine/error.h"
#include "protocol/constraints.h"
#include "protocol/operation.h"

namespace ddb {

void ListContributorInsightsOperation(OperationContext& ctx) {
  ConstraintViolations v;
  std::optional<std::string> table;
  if (ctx.request.HasMember("TableName") && !ctx.request["TableName"].IsNull()) {
    table = ReadTableNameOrArn(ctx.request, v);
  }
  v.MaxValue(LongMember(ctx.request, "MaxResults"), "maxResults", kMaxContributorInsightsResults);
  v.ThrowIfAny();
  if (table) ctx.engine.DescribeTable(*table);  // a missing table: ResourceNotFoundException
  ctx.out.StartObject();
  ctx.out.Key("ContributorInsightsSummaries");
  ctx.out.StartArray();
  ctx.out.EndArray();
  ctx.out.EndObject();
}

}  // namespace ddb
