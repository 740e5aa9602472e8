// DescribeTable: the full TableDescription.
#include "protocol/constraints.h"
#include "protocol/operation.h"
#include "protocol/table_description_json.h"

namespace ddb {

void DescribeTableOperation(OperationContext& ctx) {
  TableDescription d = ctx.engine.DescribeTable(ReadControlPlaneTableName(ctx.request));
  WriteTableAnswer(ctx.out, "Table", d, /*with_warm_throughput=*/true);
}

}  // namespace ddb
