// UpdateContinuousBackups / DescribeContinuousBackups: a table's
// point-in-time recovery settings and its restorable window
// (engine/pitr_history.h). Turning recovery off drops the table's history,
// as DynamoDB forgets it; turning it on again starts a new window.
#include "engine/engine.h"
#include "engine/engine_impl.h"
#include "engine/error.h"
#include "engine/pitr_history.h"

namespace ddb {

namespace {

ContinuousBackupsDescription Describe(const TableDefinition& t, double now) {
  ContinuousBackupsDescription d;
  d.pitr_enabled = t.pitr.enabled;
  if (!t.pitr.enabled) return d;
  d.recovery_period_days = t.pitr.recovery_period_days;
  const RestorableWindow window = RestorableWindowOf(t.pitr, now);
  d.earliest_restorable = window.earliest;
  d.latest_restorable = window.latest;
  return d;
}

}  // namespace

ContinuousBackupsDescription Engine::UpdateContinuousBackups(const std::string& table_name, bool enabled,
                                                             std::optional<std::int64_t> recovery_period_days) {
  std::lock_guard control(impl_->locks.control_plane);
  // Writers stage history records under the shared schema lock: with it
  // held exclusively, no write is in flight, so none committed after the
  // window opens goes unrecorded, and none is staged against the old setting.
  std::unique_lock schema(impl_->locks.schema);
  auto found = impl_->catalog.Find(table_name);
  const double now = impl_->clock->Now();
  if (!found || now < found->active_time) throw BackupTableNotFound(table_name);
  TableDefinition t = *found;
  if (enabled && !t.pitr.enabled) t.pitr.enabled_at = now;
  const bool turned_off = t.pitr.enabled && !enabled;
  t.pitr.enabled = enabled;
  // The period is forgotten when recovery is turned off: on again without
  // one, it is the default.
  if (turned_off) t.pitr.recovery_period_days = PointInTimeRecovery{}.recovery_period_days;
  if (enabled) t.pitr.recovery_period_days = recovery_period_days.value_or(t.pitr.recovery_period_days);
  TableDefinition stored = impl_->catalog.Update(std::move(t));
  if (turned_off) {
    rocksdb::WriteBatch batch;
    impl_->history.Drop(stored.id, batch);
    impl_->storage.Write(batch);
  }
  return Describe(stored, now);
}

ContinuousBackupsDescription Engine::DescribeContinuousBackups(const std::string& table_name) {
  auto found = impl_->catalog.Find(table_name);
  const double now = impl_->clock->Now();
  if (!found || now < found->active_time) throw BackupTableNotFound(table_name);
  return Describe(*found, now);
}

}  // namespace ddb
