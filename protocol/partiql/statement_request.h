// The request members every PartiQL operation's statements share
// (Statement, Parameters, ReturnValuesOnConditionCheckFailure), their shape
// checks, and the limits on them.
#pragma once

#include <cstddef>
#include <string>

#include "protocol/constraints.h"
#include "protocol/json.h"

namespace ddb::partiql {

inline constexpr std::size_t kMaxStatementLength = 8192;
inline constexpr std::size_t kMaxNextTokenLength = 32768;
inline constexpr std::size_t kMaxBatchStatements = 25;
inline constexpr std::size_t kMaxTransactionStatements = 100;

// Checks one statement object's members under `path` ("" for
// ExecuteStatement, "statements.1.member." in a batch).
void CheckStatementShape(const JsonValue& statement, const std::string& path, ConstraintViolations& v);

// The statement list of a batch ("Statements", at "statements") or a
// transaction ("TransactStatements"): required, 1 to `max` entries. Null
// when it is missing (reported in `v`).
const JsonValue* ReadStatementList(const JsonValue& request, const char* member, const std::string& path,
                                   std::size_t max, ConstraintViolations& v);
// Checks each entry of such a list (after the request's other members, in
// the order DynamoDB reports violations).
void CheckStatementShapes(const JsonValue* statements, const std::string& path, ConstraintViolations& v);

}  // namespace ddb::partiql
