#include "protocol/partiql/statement_request.h"

namespace ddb::partiql {

void CheckStatementShape(const JsonValue& statement, const std::string& path, ConstraintViolations& v) {
  const auto text = StringMember(statement, "Statement");
  v.NotNull(text.has_value(), path + "statement");
  v.StringLength(text, path + "statement", 1, kMaxStatementLength);
  if (const JsonValue* parameters = ArrayMember(statement, "Parameters")) {
    v.ListLength(parameters->Size(), path + "parameters", 1, SIZE_MAX);
  }
  v.Enum(StringMember(statement, "ReturnValuesOnConditionCheckFailure"), path + "returnValuesOnConditionCheckFailure",
         {"ALL_OLD", "NONE"});
}

const JsonValue* ReadStatementList(const JsonValue& request, const char* member, const std::string& path,
                                   std::size_t max, ConstraintViolations& v) {
  const JsonValue* statements = ArrayMember(request, member);
  v.NotNull(statements != nullptr, path);
  if (!statements) return nullptr;
  v.ListLength(statements->Size(), path, 1, max);
  return statements;
}

void CheckStatementShapes(const JsonValue* statements, const std::string& path, ConstraintViolations& v) {
  if (!statements) return;
  int i = 1;
  for (const auto& entry : statements->GetArray()) {
    ExpectObject(entry);
    CheckStatementShape(entry, path + "." + std::to_string(i++) + ".member.", v);
  }
}

}  // namespace ddb::partiql
