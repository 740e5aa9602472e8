// DeleteTable: answers with the description in status DELETING.
#include "protocol/constraints.h"
#include "protocol/operation.h"
#include "protocol/table_description_json.h"

namespace ddb {

void DeleteTableOperation(OperationContext& ctx) {
  std::optional<std::string> name = RequireTableName(ctx.request);
  ConstraintViolations v;
  CheckTableName(v, name, "tableName");
  v.ThrowIfAny();
  TableDescription d = ctx.engine.DeleteTable(TableNameFromNameOrArn(*name));
  ctx.out.StartObject();
  ctx.out.Key("TableDescription");
  WriteTableDescription(ctx.out, d);
  ctx.out.EndObject();
}

}  // namespace ddb
