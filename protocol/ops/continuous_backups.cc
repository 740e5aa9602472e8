// UpdateContinuousBackups and DescribeContinuousBackups: both answer a
// ContinuousBackupsDescription (continuous backups are always ENABLED on
// DynamoDB; point-in-time recovery is what the table sets).
#include "engine/error.h"
#include "engine/limits.h"
#include "protocol/constraints.h"
#include "protocol/operation.h"

namespace ddb {

namespace {

constexpr std::int64_t kMinRecoveryPeriodDays = 1;
constexpr std::int64_t kMaxRecoveryPeriodDays = 35;

void WriteDescription(JsonWriter& w, const ContinuousBackupsDescription& d) {
  w.StartObject();
  w.Key("ContinuousBackupsDescription");
  w.StartObject();
  w.Key("ContinuousBackupsStatus");
  w.String("ENABLED");
  w.Key("PointInTimeRecoveryDescription");
  w.StartObject();
  w.Key("PointInTimeRecoveryStatus");
  w.String(d.pitr_enabled ? "ENABLED" : "DISABLED");
  if (d.pitr_enabled) {
    w.Key("RecoveryPeriodInDays");
    w.Int64(d.recovery_period_days);
    w.Key("EarliestRestorableDateTime");
    w.Double(d.earliest_restorable);
    w.Key("LatestRestorableDateTime");
    w.Double(d.latest_restorable);
  }
  w.EndObject();
  w.EndObject();
  w.EndObject();
}

}  // namespace

void UpdateContinuousBackupsOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  const std::string table = ReadTableNameOrArn(r, v);
  const JsonValue* spec = ObjectMember(r, "PointInTimeRecoverySpecification");
  v.NotNull(spec != nullptr, "pointInTimeRecoverySpecification");
  std::optional<bool> enabled;
  std::optional<std::int64_t> days;
  if (spec) {
    enabled = BoolMember(*spec, "PointInTimeRecoveryEnabled");
    v.NotNull(enabled.has_value(), "pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled");
    days = LongMember(*spec, "RecoveryPeriodInDays");
    v.MinValue(days, "pointInTimeRecoverySpecification.recoveryPeriodInDays", kMinRecoveryPeriodDays);
    v.MaxValue(days, "pointInTimeRecoverySpecification.recoveryPeriodInDays", kMaxRecoveryPeriodDays);
  }
  v.ThrowIfAny();
  if (!*enabled && days) {
    throw ValidationError(
        "Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.");
  }
  WriteDescription(ctx.out, ctx.engine.UpdateContinuousBackups(table, *enabled, days));
}

void DescribeContinuousBackupsOperation(OperationContext& ctx) {
  ConstraintViolations v;
  const std::string table = ReadTableNameOrArn(ctx.request, v);
  v.ThrowIfAny();
  WriteDescription(ctx.out, ctx.engine.DescribeContinuousBackups(table));
}

}  // namespace ddb
