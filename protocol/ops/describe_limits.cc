// DescribeLimits: the account's default provisioned-capacity quotas
// (80,000 per account, 40,000 per table; DynamoDB service quotas page).
#include "protocol/operation.h"

namespace ddb {

void DescribeLimitsOperation(OperationContext& ctx) {
  ctx.out.StartObject();
  ctx.out.Key("AccountMaxReadCapacityUnits");
  ctx.out.Int64(80000);
  ctx.out.Key("AccountMaxWriteCapacityUnits");
  ctx.out.Int64(80000);
  ctx.out.Key("TableMaxReadCapacityUnits");
  ctx.out.Int64(40000);
  ctx.out.Key("TableMaxWriteCapacityUnits");
  ctx.out.Int64(40000);
  ctx.out.EndObject();
}

}  // namespace ddb
