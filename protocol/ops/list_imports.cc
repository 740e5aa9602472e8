// ListImports: {"ImportSummaryList": [...], "NextToken"?}, newest first,
// in-progress imports included. Texts: docs/export-import-format.md §3.6.
#include "engine/error.h"
#include "protocol/constraints.h"
#include "protocol/operation.h"
#include "protocol/transfer/transfer_json.h"

namespace ddb {

namespace {

// NextToken: the last ARN of the page, hex-encoded (AWS's tokens are hex).
std::string HexOf(const std::string& s) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

std::optional<std::string> FromHex(const std::string& s) {
  if (s.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < s.size(); i += 2) {
    auto digit = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    const int hi = digit(s[i]), lo = digit(s[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

}  // namespace

void ListImportsOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  auto table_arn = StringMember(r, "TableArn");
  v.StringLength(table_arn, "tableArn", 1, 1024);
  auto size = LongMember(r, "PageSize");
  v.MinValue(size, "pageSize", 1);
  v.MaxValue(size, "pageSize", 25);
  auto token = StringMember(r, "NextToken");
  v.StringLength(token, "nextToken", 112, 1024);
  v.ThrowIfAny();
  ListImportsRequest request;
  request.table_arn = table_arn;
  if (size) request.page_size = static_cast<std::size_t>(*size);
  if (token) {
    auto arn = FromHex(*token);
    if (!arn) throw ValidationError("Invalid NextToken for ListImports");
    request.next_token = *arn;
  }
  ListImportsResult result = ctx.engine.ListImports(request);
  ctx.out.StartObject();
  ctx.out.Key("ImportSummaryList");
  ctx.out.StartArray();
  for (const auto& job : result.imports) WriteImportSummary(ctx.out, job);
  ctx.out.EndArray();
  if (result.next_token) {
    ctx.out.Key("NextToken");
    WriteString(ctx.out, HexOf(*result.next_token));
  }
  ctx.out.EndObject();
}

}  // namespace ddb
