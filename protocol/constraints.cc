#include "protocol/constraints.h"

#include <algorithm>

#include "engine/error.h"

namespace ddb {

static std::string Quote(const std::string& s) { return ConstraintViolations::Quote(s); }

void ConstraintViolations::Add(const std::string& value, const std::string& path, const std::string& constraint) {
  messages_.push_back("Value " + value + " at '" + path + "' failed to satisfy constraint: " + constraint);
}

void ConstraintViolations::NotNull(bool present, const std::string& path) {
  if (!present) Add("null", path, "Member must not be null");
}

void ConstraintViolations::StringLength(const std::optional<std::string>& value, const std::string& path,
                                        std::size_t min, std::size_t max) {
  if (!value) return;
  if (value->size() < min) {
    Add(Quote(*value), path, "Member must have length greater than or equal to " + std::to_string(min));
  }
  if (value->size() > max) {
    Add(Quote(*value), path, "Member must have length less than or equal to " + std::to_string(max));
  }
}

void ConstraintViolations::Enum(const std::optional<std::string>& value, const std::string& path,
                                const std::vector<std::string>& allowed) {
  if (!value) return;
  for (const auto& a : allowed) {
    if (*value == a) return;
  }
  std::string set = "[";
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    if (i) set += ", ";
    set += allowed[i];
  }
  Add(Quote(*value), path, "Member must satisfy enum value set: " + set + "]");
}

void ConstraintViolations::MinValue(const std::optional<std::int64_t>& value, const std::string& path,
                                    std::int64_t min) {
  if (value && *value < min) {
    Add(Quote(std::to_string(*value)), path, "Member must have value greater than or equal to " + std::to_string(min));
  }
}

void ConstraintViolations::MaxValue(const std::optional<std::int64_t>& value, const std::string& path,
                                    std::int64_t max) {
  if (value && *value > max) {
    Add(Quote(std::to_string(*value)), path, "Member must have value less than or equal to " + std::to_string(max));
  }
}

void ConstraintViolations::ThrowIfAny() const {
  if (messages_.empty()) return;
  // The validator reports at most ten violations.
  const std::size_t shown = std::min<std::size_t>(messages_.size(), 10);
  std::string text = std::to_string(shown) +
                     (shown == 1 ? " validation error detected: " : " validation errors detected: ");
  for (std::size_t i = 0; i < shown; ++i) {
    if (i) text += "; ";
    text += messages_[i];
  }
  throw ValidationError(text);
}

namespace {
bool MatchesTableNamePattern(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}
}  // namespace

void CheckTableName(ConstraintViolations& v, const std::optional<std::string>& name, const std::string& path) {
  v.NotNull(name.has_value(), path);
  if (!name) return;
  if (path == "tableName" && name->rfind("arn:", 0) == 0) {  // operations that take a table ARN
    v.StringLength(name, path, 1, 1024);
    return;
  }
  if (name->size() < 3) v.Add(Quote(*name), path, "Member must have length greater than or equal to 3");
  if (!MatchesTableNamePattern(*name)) {
    v.Add(ConstraintViolations::Quote(*name), path, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  }
  if (name->size() > 255) v.Add(Quote(*name), path, "Member must have length less than or equal to 255");
}

void CheckTableNameOrArn(ConstraintViolations& v, const std::optional<std::string>& name) {
  v.NotNull(name.has_value(), "tableName");
  if (!name) return;
  if (name->rfind("arn:", 0) == 0) {
    v.StringLength(name, "tableName", 1, 1024);
    return;
  }
  if (name->empty()) {
    v.Add("''", "tableName", "Member must have length greater than or equal to 1");
    return;
  }
  if (!MatchesTableNamePattern(*name)) {
    v.Add(ConstraintViolations::Quote(*name), "tableName", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  }
  if (name->size() > 255) v.Add(Quote(*name), "tableName", "Member must have length less than or equal to 255");
}

std::string RequireTableName(const JsonValue& request) {
  auto name = StringMember(request, "TableName");
  if (!name) throw ValidationError("The parameter 'TableName' is required but was not present in the request");
  return *name;
}

std::string TableNameFromNameOrArn(const std::string& name_or_arn) {
  if (name_or_arn.rfind("arn:", 0) == 0) {
    auto pos = name_or_arn.find(":table/");
    if (pos != std::string::npos) return name_or_arn.substr(pos + 7);
  }
  return name_or_arn;
}

}  // namespace ddb
