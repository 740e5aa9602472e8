#include "protocol/resource_arn.h"

#include "engine/error.h"

namespace ddb {

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
