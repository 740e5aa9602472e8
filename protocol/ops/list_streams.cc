// ListStreams: {"Streams": [{StreamArn, TableName, StreamLabel}], "LastEvaluatedStreamArn"?}.
#include "engine/limits.h"
#include "protocol/operation.h"
#include "protocol/stream_parameters.h"

namespace ddb {

void ListStreamsOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  auto start = ReadStreamArn(r, "ExclusiveStartStreamArn", "exclusiveStartStreamArn", v);
  auto limit = ReadStreamsLimit(r, kMaxStreamsListLimit, v);
  auto table = StringMember(r, "TableName");  // A table name only: the Streams model takes no table ARN here.
  if (table && table->rfind("arn:", 0) == 0) {
    v.Add("'" + *table + "'", "tableName", kNamePatternRule);
  } else if (table) {
    CheckTableName(v, table, "tableName");
  }
  v.ThrowIfAny();
  CheckStreamsLimit(limit, kMaxStreamsListLimit,
                    "Limit cannot be greater than the maximum allowed size: " + std::to_string(kMaxStreamsListLimit));
  if (start) EnsureStreamArn(*start);

  ListStreamsRequest request;
  request.table_name = table;
  if (limit) request.limit = *limit;
  request.exclusive_start_stream_arn = start;
  ListStreamsResult result = ctx.engine.ListStreams(request);
  ctx.out.StartObject();
  ctx.out.Key("Streams");
  ctx.out.StartArray();
  for (const auto& s : result.streams) {
    ctx.out.StartObject();
    ctx.out.Key("StreamArn");
    WriteString(ctx.out, s.arn);
    ctx.out.Key("TableName");
    WriteString(ctx.out, s.table_name);
    ctx.out.Key("StreamLabel");
    WriteString(ctx.out, s.label);
    ctx.out.EndObject();
  }
  ctx.out.EndArray();
  if (result.last_evaluated_stream_arn) {
    ctx.out.Key("LastEvaluatedStreamArn");
    WriteString(ctx.out, *result.last_evaluated_stream_arn);
  }
  ctx.out.EndObject();
}

}  // namespace ddb
