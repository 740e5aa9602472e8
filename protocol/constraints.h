// ConstraintViolations: request-shape errors in the format of the AWS
// validator in front of DynamoDB ("Coral"):
//
//   1 validation error detected: Value 'ab' at 'tableName' failed to satisfy
//   constraint: Member must have length greater than or equal to 3
//
// Violations are collected for the whole request and reported together
// ("N validation errors detected: ...; ..."), before any semantic check.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/json.h"

namespace ddb {

class ConstraintViolations {
 public:
  // `value` is already rendered: "'text'", "null", "5", "[...]".
  void Add(const std::string& value, const std::string& path, const std::string& constraint);

  void NotNull(bool present, const std::string& path);
  void StringLength(const std::optional<std::string>& value, const std::string& path, std::size_t min, std::size_t max);
  void Enum(const std::optional<std::string>& value, const std::string& path, const std::vector<std::string>& allowed);
  void MinValue(const std::optional<std::int64_t>& value, const std::string& path, std::int64_t min);
  void MaxValue(const std::optional<std::int64_t>& value, const std::string& path, std::int64_t max);
  // A list's length against [min, max]: an empty list shows as '[]', a long
  // one as `shown_when_long` (the validator prints some lists whole).
  void ListLength(std::size_t size, const std::string& path, std::size_t min, std::size_t max,
                  const std::string& shown_when_long = "'[...]'");

  bool empty() const { return messages_.empty(); }
  void ThrowIfAny() const;

  static std::string Quote(const std::string& s) { return "'" + s + "'"; }

 private:
  std::vector<std::string> messages_;
};

// The validator's constraint texts, each written once.
std::string MinLengthRule(std::size_t min);
std::string MaxLengthRule(std::size_t max);
// The API's Integer members (Limit, Segment, ...) are 32-bit.
inline constexpr std::int64_t kMaxIntegerValue = 2147483647;

inline constexpr const char* kNamePatternRule = "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+";
// The batch operations' RequestItems keys are table names.
inline constexpr const char* kTableNameMapKeysRule =
    "Map keys must satisfy constraint: [Member must have length less than or equal to 255, Member must have length "
    "greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]";

// Table and index names: [a-zA-Z0-9_.-]+.
bool MatchesNamePattern(std::string_view name);
// A table name (3 to 255 characters of the pattern) or a table ARN.
bool IsTableNameOrArn(const std::string& name);

// The table name of a data-plane request: a table ARN (1 to 1024
// characters) or a name (1 to 255 characters of [a-zA-Z0-9_.-]).
void CheckTableNameOrArn(ConstraintViolations& v, const std::optional<std::string>& name);
// A request's TableName, checked as above and reduced to the table's name
// ("" when absent: the violation is recorded in `v`).
std::string ReadTableNameOrArn(const JsonValue& request, ConstraintViolations& v);
// The table name of a control-plane request (CreateTable, DescribeTable,
// UpdateTable, DeleteTable, ListTables' start name): 3 to 255 characters of
// [a-zA-Z0-9_.-].
void CheckTableName(ConstraintViolations& v, const std::optional<std::string>& name, const std::string& path);
// Control-plane operations report a missing TableName before anything else,
// in a message of its own.
std::string RequireTableName(const JsonValue& request);
// The table a DescribeTable or DeleteTable names: TableName required and
// checked, an ARN reduced to its name.
std::string ReadControlPlaneTableName(const JsonValue& request);
// The table name inside a name-or-ARN.
std::string TableNameFromNameOrArn(const std::string& name_or_arn);

}  // namespace ddb
