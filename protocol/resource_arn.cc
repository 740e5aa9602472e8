#include "protocol/resource_arn.h"

#include <regex>

#include "engine/error.h"

namespace ddb {

bool IsTableJobArn(const std::string& arn, const std::string& kind) {
  static const std::regex kJobArn(
      "arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[a-zA-Z0-9_.-]{3,255}/([a-z]+)/[0-9]{14}-[0-9a-f]{8}");
  std::smatch match;
  return std::regex_match(arn, match, kJobArn) && match[1] == kind;
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
