// CreateBackup, DescribeBackup, ListBackups and DeleteBackup: the engine's
// side of on-demand backups (engine/backups.h keeps them). Texts:
// docs/backup-messages.md.
#include "engine/engine.h"
#include "engine/engine_impl.h"
#include "engine/error.h"

namespace ddb {

BackupDescription Engine::CreateBackup(const std::string& table_name, const std::string& backup_name) {
  std::lock_guard control(impl_->locks.control_plane);
  auto table = impl_->catalog.Find(table_name);
  const double now = impl_->clock->Now();
  // A table still being created (or restored) is not found, as on DynamoDB.
  if (!table || now < table->active_time) throw BackupTableNotFound(table_name);
  return impl_->BackUp(*table, backup_name, BackupType::USER);
}

BackupDescription EngineImpl::BackUp(const TableDefinition& table, const std::string& name, BackupType type) {
  auto snapshot = storage.TakeSnapshot();
  BackupDescription backup = backups.Begin(table, name, clock->Now(), type);
  auto fill = [this, arn = backup.arn, snapshot] {
    backups.Fill(arn, snapshot.get(), [this] { return jobs.stopping(); });
  };
  // A SYSTEM backup is copied before its table goes: it is the table's last
  // state, which a copy left queued at shutdown would lose.
  if (type == BackupType::SYSTEM) {
    fill();
    if (auto done = backups.Find(backup.arn, clock->Now())) backup = *done;
  } else {
    jobs.Post(std::move(fill));
  }
  return backup;
}

BackupDescription Engine::DescribeBackup(const std::string& backup_arn) {
  auto backup = impl_->backups.Find(backup_arn, impl_->clock->Now());
  if (!backup) throw BackupNotFound(backup_arn);
  return *backup;
}

ListBackupsResult Engine::ListBackups(const ListBackupsRequest& request) {
  return impl_->backups.List(request, impl_->clock->Now());
}

BackupDescription Engine::DeleteBackup(const std::string& backup_arn) {
  std::lock_guard control(impl_->locks.control_plane);
  auto backup = impl_->backups.Find(backup_arn, impl_->clock->Now());
  if (!backup) throw BackupNotFound(backup_arn);
  if (backup->type == BackupType::SYSTEM) {
    throw ValidationError("Invalid Request: User is not allowed to delete the system backup with arn " + backup_arn +
                          ". It will automatically expire on " + IsoSeconds(backup->expiry_time.value_or(0)));
  }
  for (const auto& table : impl_->catalog.All()) {
    if (table.restore && table.restore->source_backup_arn == backup_arn) {
      throw DynamoError(ErrorCode::BackupInUse, "Backup is being used to restore table: " + backup_arn);
    }
  }
  return impl_->backups.Delete(backup_arn);
}

void Engine::WaitForBackgroundJobs() { impl_->jobs.Drain(); }

}  // namespace ddb
