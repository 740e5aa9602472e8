#include "protocol/resource_arn.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "engine/error.h"

namespace ddb {

bool IsTableJobArn(const std::string& arn, const std::string& kind) {
  // arn:aws[-partition]:dynamodb:<region>:<12 digits>:table/<name>/<kind>/<14 digits>-<8 hex>
  std::vector<std::string_view> parts;
  std::string_view rest = arn;
  for (int i = 0; i < 5; ++i) {
    const auto colon = rest.find(':');
    if (colon == std::string_view::npos) return false;
    parts.push_back(rest.substr(0, colon));
    rest.remove_prefix(colon + 1);
  }
  auto all = [](std::string_view s, auto&& ok) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [&](char c) { return ok(c); });
  };
  auto lower_or_dash = [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; };
  auto region_char = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
  if (parts[0] != "arn" || parts[1].substr(0, 3) != "aws" ||
      (parts[1].size() > 3 && !all(parts[1].substr(3), lower_or_dash)) || parts[2] != "dynamodb" ||
      !all(parts[3], region_char) || parts[4].size() != 12 || !all(parts[4], digit)) {
    return false;
  }
  const std::string table_prefix = "table/";
  if (rest.substr(0, table_prefix.size()) != table_prefix) return false;
  rest.remove_prefix(table_prefix.size());
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos) return false;
  const std::string_view name = rest.substr(0, slash);
  if (name.size() < 3 || name.size() > 255 || !MatchesNamePattern(name)) return false;
  rest.remove_prefix(slash + 1);
  if (rest.substr(0, kind.size() + 1) != kind + "/") return false;
  const std::string_view id = rest.substr(kind.size() + 1);
  return id.size() == 23 && all(id.substr(0, 14), digit) && id[14] == '-' && all(id.substr(15), hex);
}

std::string TableNameFromResourceArn(const JsonValue& request, ConstraintViolations& v) {
  auto arn = StringMember(request, "ResourceArn");
  v.NotNull(arn.has_value(), "resourceArn");
  v.StringLength(arn, "resourceArn", 1, 1283);
  v.ThrowIfAny();
  const std::string prefix = "arn:aws:dynamodb:";
  auto pos = arn->find(":table/");
  if (arn->rfind(prefix, 0) != 0 || pos == std::string::npos || pos + 7 >= arn->size()) {
    throw ValidationError("Invalid TableArn: Invalid ResourceArn provided as input " + *arn);
  }
  return arn->substr(pos + 7);
}

}  // namespace ddb
