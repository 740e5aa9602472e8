// DescribeImport: {"ImportTableDescription": {...}}. Texts: docs/export-import-format.md §3.6.
#include "engine/error.h"
#include "protocol/constraints.h"
#include "protocol/operation.h"
#include "protocol/resource_arn.h"
#include "protocol/transfer/transfer_json.h"

namespace ddb {

void DescribeImportOperation(OperationContext& ctx) {
  ConstraintViolations v;
  auto arn = StringMember(ctx.request, "ImportArn");
  v.NotNull(arn.has_value(), "importArn");
  v.StringLength(arn, "importArn", 37, 1024);
  v.ThrowIfAny();
  if (!IsTableJobArn(*arn, "import")) throw ValidationError("Invalid Import ARN");
  ImportDescription job = ctx.engine.DescribeImport(*arn);
  ctx.out.StartObject();
  ctx.out.Key("ImportTableDescription");
  WriteImportDescription(ctx.out, job);
  ctx.out.EndObject();
}

}  // namespace ddb
