// DescribeExport: {"ExportDescription": {...}}. Texts: docs/export-import-format.md §4.2.
#include "engine/error.h"
#include "protocol/constraints.h"
#include "protocol/operation.h"
#include "protocol/resource_arn.h"
#include "protocol/transfer/transfer_json.h"

namespace ddb {

void DescribeExportOperation(OperationContext& ctx) {
  ConstraintViolations v;
  auto arn = StringMember(ctx.request, "ExportArn");
  v.NotNull(arn.has_value(), "exportArn");
  v.StringLength(arn, "exportArn", 37, 1024);
  v.ThrowIfAny();
  if (!IsTableJobArn(*arn, "export")) throw ValidationError("Invalid Export ARN");
  ExportDescription job = ctx.engine.DescribeExport(*arn);
  ctx.out.StartObject();
  ctx.out.Key("ExportDescription");
  WriteExportDescription(ctx.out, job);
  ctx.out.EndObject();
}

}  // namespace ddb
