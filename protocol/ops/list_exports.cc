// ListExports: {"ExportSummaries": [...], "NextToken"?}, newest first.
// Texts: docs/export-import-format.md §4.3.
#include "engine/error.h"
#include "protocol/base64.h"
#include "protocol/constraints.h"
#include "protocol/operation.h"
#include "protocol/transfer/transfer_json.h"

namespace ddb {

void ListExportsOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  auto table_arn = StringMember(r, "TableArn");
  v.StringLength(table_arn, "tableArn", 1, 1024);
  auto max = LongMember(r, "MaxResults");
  v.MinValue(max, "maxResults", 1);
  v.MaxValue(max, "maxResults", 25);
  auto token = StringMember(r, "NextToken");
  v.ThrowIfAny();
  ListExportsRequest request;
  request.table_arn = table_arn;
  if (max) request.max_results = static_cast<std::size_t>(*max);
  if (token) {
    auto arn = Base64Decode(*token);
    if (!arn) throw ValidationError("Invalid NextToken for ListExports");
    request.next_token = *arn;
  }
  ListExportsResult result = ctx.engine.ListExports(request);
  ctx.out.StartObject();
  ctx.out.Key("ExportSummaries");
  ctx.out.StartArray();
  for (const auto& job : result.exports) WriteExportSummary(ctx.out, job);
  ctx.out.EndArray();
  if (result.next_token) {
    ctx.out.Key("NextToken");
    WriteString(ctx.out, Base64Encode(*result.next_token));
  }
  ctx.out.EndObject();
}

}  // namespace ddb
