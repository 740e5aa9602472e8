// DeleteTable: removes the table and all its items in one write batch and
// answers with the description as it was, in status DELETING. Its backups
// stay.
#include "engine/engine.h"
#include "engine/engine_impl.h"
#include "engine/error.h"

namespace ddb {

TableDescription Engine::DeleteTable(const std::string& table_name) {
  std::lock_guard control(impl_->locks.control_plane);
  auto table = impl_->catalog.Find(table_name);
  if (!table) throw TableNotFound(table_name);
  if (table->deletion_protection) {
    throw ValidationError(
        "Resource cannot be deleted as it is currently protected against deletion. Disable deletion "
        "protection first.");
  }
  bool index_jobs = false;
  table->ForEachIndex([&](const SecondaryIndex& i) { index_jobs = index_jobs || i.backfilling || i.deleting; });
  if (index_jobs) {
    throw DynamoError(ErrorCode::ResourceInUse,
                      "Attempt to change a resource which is still in use: Cannot delete table while indexes are "
                      "being created, updated, or deleted.");
  }
  if (table->loading()) {  // a restore or an import is filling it
    throw DynamoError(ErrorCode::ResourceInUse,
                      "Attempt to change a resource which is still in use: Table is being created: " + table_name);
  }
  TableDescription d = impl_->Describe(*table);
  std::unique_lock schema(impl_->locks.schema);  // no write commits into the removed key ranges
  // A table deleted with point-in-time recovery on leaves a SYSTEM backup
  // of its last state (developer guide, PointInTimeRecovery_Howitworks).
  if (table->pitr.enabled) impl_->BackUp(*table, table_name + "$DeletedTableBackup", BackupType::SYSTEM);
  if (!impl_->catalog.Remove(table_name)) {
    throw TableNotFound(table_name);
  }
  // Its stream is disabled and stays readable until trimmed (API_DeleteTable).
  if (table->stream_id != 0) impl_->streams.Disable(table->stream_id);
  impl_->capacity.DropTable(*table);
  d.status = TableStatus::DELETING;
  return d;
}

}  // namespace ddb
