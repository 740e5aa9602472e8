// Backups: on-demand backups of tables, kept in the archive column family so
// they outlive their table and, with --db-path, the process.
//
//   "B" + backup ARN                        the backup's record (BackupDescription)
//   "D" + backup number (8 BE) + item key    one item as it was, without its table id
//
// A backup is a copy of its table read from one RocksDB snapshot, so a write
// racing CreateBackup is in it whole or not at all. It is CREATING until
// every item is copied; the record turns AVAILABLE in the batch holding the
// last items. A backup a crash interrupted is dropped when the store opens
// again, items and record, so none is ever seen half-copied.
#pragma once

#include <rocksdb/db.h>

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "engine/backup_requests.h"
#include "engine/storage.h"

namespace ddb {

class Backups {
 public:
  explicit Backups(Storage& storage);

  // Stores a CREATING backup of `table` named `name`, created at `now`. A
  // SYSTEM backup (of a table deleted with point-in-time recovery on) is
  // named `<table>$DeletedTableBackup` and expires after 35 days.
  BackupDescription Begin(const TableDefinition& table, const std::string& name, double now,
                          BackupType type = BackupType::USER);
  // Copies the table's items as `snapshot` has them into backup `arn` and
  // makes it AVAILABLE; `stopping` is asked between batches (shutdown).
  void Fill(const std::string& arn, const rocksdb::Snapshot* snapshot, const std::function<bool()>& stopping);

  // Expired SYSTEM backups are neither found nor listed.
  std::optional<BackupDescription> Find(const std::string& arn, double now) const;
  ListBackupsResult List(const ListBackupsRequest& request, double now) const;
  // Removes a backup with its items; answers it as DELETED.
  BackupDescription Delete(const std::string& arn);
  // Calls f for every item of an AVAILABLE backup.
  void ForEachItem(const std::string& arn, const std::function<void(const Item&)>& f);

 private:
  struct Entry {
    BackupDescription description;
    std::uint64_t number = 0;
  };
  void Store(const Entry& entry, rocksdb::WriteBatch& batch);
  void DropItems(std::uint64_t number, rocksdb::WriteBatch& batch);

  Storage& storage_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> backups_;  // by ARN
  std::uint64_t next_number_ = 1;
};

// "01234567890123-abcdef12": the creation time in epoch milliseconds, 14
// digits, and 8 random hex digits, as DynamoDB names backups, exports and
// imports.
std::string NewJobId(double now);

}  // namespace ddb
