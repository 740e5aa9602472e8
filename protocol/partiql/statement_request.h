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

}  // namespace ddb::partiql
