// UpdateContinuousBackups / DescribeContinuousBackups: a table's
// point-in-time recovery settings and its restorable window: from when
// recovery was enabled (or the recovery period ago, if later) to five
// minutes ago (developer guide, PointInTimeRecovery.html).
#include "engine/engine.h"
#include "engine/engine_impl.h"
#include "engine/error.h"

namespace ddb {

namespace {

constexpr double kRestoreLagSeconds = 300;  // LatestRestorableDateTime trails the present by this

DynamoError ContinuousBackupsTableNotFound(const std::string& name) {
  return DynamoError(ErrorCode::TableNotFound, "Table not found: " + name);
}

ContinuousBackupsDescription Describe(const TableDefinition& t, double now) {
  ContinuousBackupsDescription d;
  d.pitr_enabled = t.pitr.enabled;
  if (!t.pitr.enabled) return d;
  d.recovery_period_days = t.pitr.recovery_period_days;
  d.earliest_restorable =
      std::max(t.pitr.enabled_at, now - static_cast<double>(t.pitr.recovery_period_days) * 24 * 3600);
  d.latest_restorable = std::max(d.earliest_restorable, now - kRestoreLagSeconds);
  return d;
}

}  // namespace

ContinuousBackupsDescription Engine::UpdateContinuousBackups(const std::string& table_name, bool enabled,
                                                             std::optional<std::int64_t> recovery_period_days) {
  std::lock_guard control(impl_->locks.control_plane);
  auto found = impl_->catalog.Find(table_name);
  if (!found) throw ContinuousBackupsTableNotFound(table_name);
  TableDefinition t = *found;
  const double now = impl_->clock->Now();
  if (enabled && !t.pitr.enabled) t.pitr.enabled_at = now;
  t.pitr.enabled = enabled;
  if (enabled) t.pitr.recovery_period_days = recovery_period_days.value_or(t.pitr.recovery_period_days);
  return Describe(impl_->catalog.Update(std::move(t)), now);
}

ContinuousBackupsDescription Engine::DescribeContinuousBackups(const std::string& table_name) {
  auto found = impl_->catalog.Find(table_name);
  if (!found) throw ContinuousBackupsTableNotFound(table_name);
  return Describe(*found, impl_->clock->Now());
}

}  // namespace ddb
