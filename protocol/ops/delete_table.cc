// DeleteTable: answers with the description in status DELETING.
#include "protocol/constraints.h"
#include "protocol/operation.h"
#include "protocol/table_description_json.h"

namespace ddb {

void DeleteTableOperation(OperationContext& ctx) {
  TableDescription d = ctx.engine.DeleteTable(ReadControlPlaneTableName(ctx.request));
  WriteTableAnswer(ctx.out, "TableDescription", d);
}

}  // namespace ddb
