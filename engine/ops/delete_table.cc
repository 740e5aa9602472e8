// DeleteTable: removes the table and all its items in one write batch and
// answers with the description as it was, in status DELETING.
#include "engine/engine.h"
#include "engine/error.h"

namespace ddb {

TableDescription Engine::DeleteTable(const std::string& table_name) {
  std::lock_guard control(control_plane_);
  auto table = catalog_->Find(table_name);
  if (!table) throw ResourceNotFoundError("Requested resource not found: Table: " + table_name + " not found");
  if (table->deletion_protection) {
    throw ValidationError(
        "Resource cannot be deleted as it is currently protected against deletion. Disable deletion "
        "protection first.");
  }
  bool index_jobs = false;
  table->ForEachIndex([&](const SecondaryIndex& i) { index_jobs = index_jobs || i.backfilling || i.deleting; });
  if (index_jobs) {
    throw DynamoError("ResourceInUseException",
                      "Attempt to change a resource which is still in use: Cannot delete table while indexes are "
                      "being created, updated, or deleted.");
  }
  TableDescription d = Describe(*table);
  std::unique_lock schema(schema_mutex_);  // no write commits into the removed key ranges
  if (!catalog_->Remove(table_name)) {
    throw ResourceNotFoundError("Requested resource not found: Table: " + table_name + " not found");
  }
  capacity_->DropTable(*table);
  d.status = TableStatus::DELETING;
  return d;
}

}  // namespace ddb
