// DescribeTimeToLive: {"TimeToLiveDescription": {"TimeToLiveStatus", "AttributeName"?}}.
#include "protocol/constraints.h"
#include "protocol/operation.h"

namespace ddb {

void DescribeTimeToLiveOperation(OperationContext& ctx) {
  ConstraintViolations v;
  const std::string table = ReadTableNameOrArn(ctx.request, v);
  v.ThrowIfAny();
  TimeToLiveDescription d = ctx.engine.DescribeTimeToLive(table);
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
