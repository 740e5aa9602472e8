// DescribeTimeToLive: {"TimeToLiveDescription": {"TimeToLiveStatus", "AttributeName"?}}.
#include "protocol/constraints.h"
#include "protocol/operation.h"

namespace ddb {

void DescribeTimeToLiveOperation(OperationContext& ctx) {
  ConstraintViolations v;
  auto name = StringMember(ctx.request, "TableName");
  CheckTableNameOrArn(v, name);
  v.ThrowIfAny();
  TimeToLiveDescription d = ctx.engine.DescribeTimeToLive(TableNameFromNameOrArn(*name));
  ctx.out.StartObject();
  ctx.out.Key("TimeToLiveDescription");
  ctx.out.StartObject();
  ctx.out.Key("TimeToLiveStatus");
  WriteString(ctx.out, d.status);
  if (d.attribute) {
    ctx.out.Key("AttributeName");
    WriteString(ctx.out, *d.attribute);
  }
  ctx.out.EndObject();
  ctx.out.EndObject();
}

}  // namespace ddb
