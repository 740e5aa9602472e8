// DescribeTable: the full TableDescription.
#include "protocol/constraints.h"
#include "protocol/operation.h"
#include "protocol/table_description_json.h"

namespace ddb {

void DescribeTableOperation(OperationContext& ctx) {
  std::optional<std::string> name = RequireTableName(ctx.request);
  ConstraintViolations v;
  CheckTableName(v, name, "tableName");
  v.ThrowIfAny();
  TableDescription d = ctx.engine.DescribeTable(TableNameFromNameOrArn(*name));
  ctx.out.StartObject();
  ctx.out.Key("Table");
  WriteTableDescription(ctx.out, d, /*with_warm_throughput=*/true);
  ctx.out.EndObject();
}

}  // namespace ddb
