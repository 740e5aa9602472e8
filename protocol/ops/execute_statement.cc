// ExecuteStatement: one PartiQL statement (protocol/partiql/), with its `?`
// parameters; a SELECT pages like the Query or Scan it runs as.
#include "engine/limits.h"
#include "protocol/attribute_json.h"
#include "protocol/item_request.h"
#include "protocol/operation.h"
#include "protocol/partiql/executor.h"
#include "protocol/partiql/statement_request.h"

namespace ddb {

void ExecuteStatementOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  const auto text = StringMember(r, "Statement");
  partiql::CheckStatementShape(r, "", v);
  const auto consumed_mode = StringMember(r, "ReturnConsumedCapacity");
  v.Enum(consumed_mode, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  const auto limit = LongMember(r, "Limit");
  v.MinValue(limit, "limit", 1);
  const auto next_token = StringMember(r, "NextToken");
  v.StringLength(next_token, "nextToken", 1, partiql::kMaxNextTokenLength);
  v.ThrowIfAny();

  // Parameters are read (and refused) before the statement is parsed.
  const partiql::Parameters parameters = partiql::ReadParameters(ArrayMember(r, "Parameters"));
  const partiql::Statement statement = partiql::Parse(*text);
  partiql::StatementOptions options;
  options.consistent_read = BoolMember(r, "ConsistentRead").value_or(false);
  options.limit = limit;
  options.next_token = next_token;
  options.return_old_on_condition_failure =
      StringMember(r, "ReturnValuesOnConditionCheckFailure").value_or("NONE") == "ALL_OLD";
  partiql::StatementResult result = partiql::Execute(ctx.engine, *text, statement, parameters, options);

  JsonWriter& w = ctx.out;
  w.StartObject();
  w.Key("Items");
  w.StartArray();
  for (const auto& item : result.items) WriteEncodedItem(w, item);
  if (result.returned) WriteItem(w, *result.returned);
  w.EndArray();
  if (result.next_token) {
    w.Key("NextToken");
    w.String(*result.next_token);
  }
  if (result.last_evaluated_key) {
    w.Key("LastEvaluatedKey");
    WriteItem(w, *result.last_evaluated_key);
  }
  WriteConsumedCapacity(w, ItemRequestCommon{result.table_name, consumed_mode}, result.consumed);
  w.EndObject();
}

}  // namespace ddb
