#include "protocol/constraints.h"

#include <algorithm>

#include "engine/error.h"
#include "engine/limits.h"

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
  if (value->size() < min) Add(Quote(*value), path, MinLengthRule(min));
  if (value->size() > max) Add(Quote(*value), path, MaxLengthRule(max));
}

void ConstraintViolations::ListLength(std::size_t size, const std::string& path, std::size_t min, std::size_t max,
                                      const std::string& shown_when_long) {
  if (size < min) Add(size == 0 ? "'[]'" : shown_when_long, path, MinLengthRule(min));
  if (size > max) Add(shown_when_long, path, MaxLengthRule(max));
}

std::string MinLengthRule(std::size_t min) {
  return "Member must have length greater than or equal to " + std::to_string(min);
}

std::string MaxLengthRule(std::size_t max) {
  return "Member must have length less than or equal to " + std::to_string(max);
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
  std::string text =
      std::to_string(shown) + (shown == 1 ? " validation error detected: " : " validation errors detected: ");
  for (std::size_t i = 0; i < shown; ++i) {
    if (i) text += "; ";
    text += messages_[i];
  }
  throw ValidationError(text);
}

bool MatchesNamePattern(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
  });
}

bool IsTableNameOrArn(const std::string& name) {
  if (name.rfind("arn:", 0) == 0) return true;
  return name.size() >= kMinTableNameLength && name.size() <= kMaxTableNameLength && MatchesNamePattern(name);
}

void CheckTableName(ConstraintViolations& v, const std::optional<std::string>& name, const std::string& path) {
  v.NotNull(name.has_value(), path);
  if (!name) return;
  if (path == "tableName" && name->rfind("arn:", 0) == 0) {  // operations that take a table ARN
    v.StringLength(name, path, 1, kMaxTableArnLength);
    return;
  }
  if (name->size() < kMinTableNameLength) v.Add(Quote(*name), path, MinLengthRule(kMinTableNameLength));
  if (!MatchesNamePattern(*name)) v.Add(Quote(*name), path, kNamePatternRule);
  if (name->size() > kMaxTableNameLength) v.Add(Quote(*name), path, MaxLengthRule(kMaxTableNameLength));
}

void CheckTableNameOrArn(ConstraintViolations& v, const std::optional<std::string>& name) {
  v.NotNull(name.has_value(), "tableName");
  if (!name) return;
  if (name->rfind("arn:", 0) == 0) {
    v.StringLength(name, "tableName", 1, kMaxTableArnLength);
    return;
  }
  if (name->empty()) {
    v.Add("''", "tableName", MinLengthRule(1));
    return;
  }
  if (!MatchesNamePattern(*name)) v.Add(Quote(*name), "tableName", kNamePatternRule);
  if (name->size() > kMaxTableNameLength) v.Add(Quote(*name), "tableName", MaxLengthRule(kMaxTableNameLength));
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

std::string ReadTableNameOrArn(const JsonValue& request, ConstraintViolations& v) {
  auto name = StringMember(request, "TableName");
  CheckTableNameOrArn(v, name);
  return name ? TableNameFromNameOrArn(*name) : "";
}

std::string ReadControlPlaneTableName(const JsonValue& request) {
  std::optional<std::string> name = RequireTableName(request);
  ConstraintViolations v;
  CheckTableName(v, name, "tableName");
  v.ThrowIfAny();
  return TableNameFromNameOrArn(*name);
}

}  // namespace ddb
