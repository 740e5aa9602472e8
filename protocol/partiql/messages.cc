#include "protocol/partiql/messages.h"

namespace ddb::partiql {

DynamoError NotWellFormed(std::string_view detail) {
  return ValidationError("Statement wasn't well formed, can't be processed: " + std::string(detail));
}

DynamoError AtToken(const std::string& message, const Token& at) {
  return ValidationError(message + " at " + std::to_string(at.line) + ":" + std::to_string(at.column) + ":" +
                         std::to_string(at.length));
}

DynamoError OrderByNotKey(const std::string& name) {
  return ValidationError("Attribute " + name + " in ORDER BY clause must be part of the primary key");
}

DynamoError TooManyInOperands(std::size_t operands) {
  return ValidationError("The IN operator is provided with too many operands; number of operands: " +
                         std::to_string(operands));
}

DynamoError MultipleKeyConditions(const std::string& key) {
  return ValidationError("Multiple conditions on same key " + key +
                         ". Only single item Update/Insert/Delete are supported");
}

DynamoError IncorrectOperandType(const std::string& op, ValueType type) {
  return ValidationError("Incorrect operand type for operator or function; operator or function: " + op +
                         ", operand type: " + std::string(TypeName(type)));
}

DynamoError InTransactStatement(std::size_t index, const std::string& message) {
  return ValidationError("Validation failed in TransactStatements[" + std::to_string(index) + "]: " + message);
}

DynamoError ParameterInCollection(const std::string& where, const Token& at) {
  return AtToken("Unsupported data type: Parameter under key " + where, at);
}

}  // namespace ddb::partiql
