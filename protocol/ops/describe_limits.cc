// DescribeLimits: the account's default provisioned-capacity quotas
// (DynamoDB service quotas page).
#include "engine/limits.h"
#include "protocol/operation.h"

namespace ddb {

void DescribeLimitsOperation(OperationContext& ctx) {
  ctx.out.StartObject();
  ctx.out.Key("AccountMaxReadCapacityUnits");
  ctx.out.Int64(kMaxAccountCapacityUnits);
  ctx.out.Key("AccountMaxWriteCapacityUnits");
  ctx.out.Int64(kMaxAccountCapacityUnits);
  ctx.out.Key("TableMaxReadCapacityUnits");
  ctx.out.Int64(kMaxTableCapacityUnits);
  ctx.out.Key("TableMaxWriteCapacityUnits");
  ctx.out.Int64(kMaxTableCapacityUnits);
  ctx.out.EndObject();
}

}  // namespace ddb
