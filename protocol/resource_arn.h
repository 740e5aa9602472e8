// Resource ARNs of the tagging operations: "arn:aws:dynamodb:<region>:<account>:table/<name>",
// and the ARNs of a table's backups, exports and imports.
#pragma once

#include <optional>
#include <string>

#include "engine/error.h"
#include "protocol/constraints.h"
#include "protocol/json.h"

namespace ddb {

// Reads and checks ResourceArn; returns the table name it designates.
// Throws DynamoDB's errors for a missing, malformed or unknown ARN.
std::string TableNameFromResourceArn(const JsonValue& request, ConstraintViolations& v);

// Whether `arn` names a job of a table: "<table ARN>/<kind>/<14 digits>-<8 hex>",
// kind "backup", "export" or "import". DynamoDB answers "Invalid Backup ARN"
// (Export, Import) otherwise.
bool IsTableJobArn(const std::string& arn, const std::string& kind);

// Runs `action(table_name)` for the table a request's ResourceArn names,
// reporting a missing table the way the tagging operations do.
template <typename F>
void OnTableOfResourceArn(const JsonValue& request, ConstraintViolations& v, F&& action) {
  const std::string table = TableNameFromResourceArn(request, v);
  try {
    action(table);
  } catch (const DynamoError& e) {
    if (e.code() != ErrorCode::ResourceNotFound) throw;
    throw ResourceNotFoundError("Requested resource not found: ResourcArn: " + *StringMember(request, "ResourceArn") +
                                " not found");
  }
}

}  // namespace ddb
