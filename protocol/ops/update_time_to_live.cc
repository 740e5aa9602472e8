// UpdateTimeToLive: shape checks of TableName and TimeToLiveSpecification,
// then the engine's state checks; the answer echoes the specification.
#include "protocol/constraints.h"
#include "protocol/operation.h"

namespace ddb {

void UpdateTimeToLiveOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  const std::string table = ReadTableNameOrArn(r, v);
  const JsonValue* spec = ObjectMember(r, "TimeToLiveSpecification");
  v.NotNull(spec != nullptr, "timeToLiveSpecification");
  std::optional<bool> enabled;
  std::optional<std::string> attribute;
  if (spec) {
    attribute = StringMember(*spec, "AttributeName");
    enabled = BoolMember(*spec, "Enabled");
    v.NotNull(attribute.has_value(), "timeToLiveSpecification.attributeName");
    v.StringLength(attribute, "timeToLiveSpecification.attributeName", 1, 255);
    v.NotNull(enabled.has_value(), "timeToLiveSpecification.enabled");
  }
  v.ThrowIfAny();
  ctx.engine.UpdateTimeToLive(table, *enabled, *attribute);
  ctx.out.StartObject();
  ctx.out.Key("TimeToLiveSpecification");
  ctx.out.StartObject();
  ctx.out.Key("Enabled");
  ctx.out.Bool(*enabled);
  ctx.out.Key("AttributeName");
  WriteString(ctx.out, *attribute);
  ctx.out.EndObject();
  ctx.out.EndObject();
}

}  // namespace ddb
