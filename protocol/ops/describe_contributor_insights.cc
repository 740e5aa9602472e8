// DescribeContributorInsights: whether CloudWatch Contributor Insights runs
// for a table or GSI. ddbemu runs none, so the answer is what AWS gives for
// a table where it was never enabled: {"ContributorInsightsStatus":
// "DISABLED", "TableName", "IndexName"?}.
#include "engine/error.h"
#include "protocol/constraints.h"
#include "protocol/operation.h"

namespace ddb {

void DescribeContributorInsightsOperation(OperationContext& ctx) {
  ConstraintViolations v;
  const std::string table = ReadTableNameOrArn(ctx.request, v);
  const std::optional<std::string> index = StringMember(ctx.request, "IndexName");
  v.StringLength(index, "indexName", kMinIndexNameLength, kMaxIndexNameLength);
  if (index && !MatchesNamePattern(*index)) v.Add(ConstraintViolations::Quote(*index), "indexName", kNamePatternRule);
  v.ThrowIfAny();
  const TableDescription d = ctx.engine.DescribeTable(table);  // a missing table: ResourceNotFoundException
  if (index) {
    const SecondaryIndex* found = d.definition.FindIndex(*index);
    // Contributor Insights covers tables and their GSIs only.
    if (!found || !found->global) {
      throw ResourceNotFoundError("Requested resource not found: Index: " + *index +
                                  " not found for table: " + d.definition.name);
    }
  }
  ctx.out.StartObject();
  ctx.out.Key("ContributorInsightsStatus");
  WriteString(ctx.out, "DISABLED");
  if (index) {
    ctx.out.Key("IndexName");
    WriteString(ctx.out, *index);
  }
  ctx.out.Key("TableName");
  WriteString(ctx.out, d.definition.name);
  ctx.out.EndObject();
}

}  // namespace ddb
