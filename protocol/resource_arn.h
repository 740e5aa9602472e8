// Resource ARNs of the tagging operations: "arn:aws:dynamodb:<region>:<account>:table/<name>".
#pragma once

#include <optional>
#include <string>

#include "protocol/constraints.h"
#include "protocol/json.h"

namespace ddb {

// Reads and checks ResourceArn; returns the table name it designates.
// Throws DynamoDB's errors for a missing, malformed or unknown ARN.
std::string TableNameFromResourceArn(const JsonValue& request, ConstraintViolations& v);

// The error DynamoDB gives when the ARN names no table.
[[noreturn]] void ThrowResourceArnNotFound(const std::string& arn);

}  // namespace ddb
