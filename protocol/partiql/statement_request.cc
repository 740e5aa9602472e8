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

}  // namespace ddb::partiql
