// ListTables: names in order, paged with Limit / ExclusiveStartTableName.
#include "protocol/constraints.h"
#include "protocol/operation.h"

namespace ddb {

void ListTablesOperation(OperationContext& ctx) {
  ConstraintViolations v;
  auto start = StringMember(ctx.request, "ExclusiveStartTableName");
  if (start) CheckTableName(v, start, "exclusiveStartTableName");
  auto limit = LongMember(ctx.request, "Limit");
  v.MinValue(limit, "limit", 1);
  v.MaxValue(limit, "limit", 100);
  v.ThrowIfAny();

  ListTablesRequest request;
  request.exclusive_start_table_name = start;
  if (limit) request.limit = static_cast<std::size_t>(*limit);
  ListTablesResult result = ctx.engine.ListTables(request);
  ctx.out.StartObject();
  ctx.out.Key("TableNames");
  ctx.out.StartArray();
  for (const auto& n : result.table_names) WriteString(ctx.out, n);
  ctx.out.EndArray();
  if (result.last_evaluated_table_name) {
    ctx.out.Key("LastEvaluatedTableName");
    WriteString(ctx.out, *result.last_evaluated_table_name);
  }
  ctx.out.EndObject();
}

}  // namespace ddb
