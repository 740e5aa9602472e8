// PitrHistory: the change history of tables with point-in-time recovery,
// from which any instant of the recovery window can be read back.
//
// Every write to such a table adds, in its own write batch, one record per
// item it changes: the item as it was before the write (or "absent"), keyed
// by the item and the write's commit time. All records of one write batch
// (one transaction) carry the same time, so an instant sees a transaction
// whole or not at all. The item as it was at instant T is then the "before"
// image of its first record after T, or, when it has none, the item as it
// is now: only the writes since the window began need keeping, and records
// older than the window are trimmed.
//
//   key    table id (8 BE) | item key length (4 BE) | item key without the
//          table id | commit time in microseconds (8 BE) | tie-breaker (8 BE)
//   value  0x00 (the item did not exist) or 0x01 + the encoded item
#pragma once

#include <rocksdb/db.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/attribute_value.h"
#include "engine/clock.h"
#include "engine/staged_write.h"
#include "engine/storage.h"
#include "engine/table_definition.h"

namespace ddb {

// Microseconds since the epoch, the unit of history times.
std::int64_t ToMicros(double seconds);

// The instants a table with point-in-time recovery can be restored to: from
// when recovery was enabled (or the recovery period ago, if later) to five
// minutes ago (developer guide, PointInTimeRecovery.html).
struct RestorableWindow {
  double earliest = 0;
  double latest = 0;
};
RestorableWindow RestorableWindowOf(const PointInTimeRecovery& pitr, double now);

class PitrHistory {
 public:
  PitrHistory(Storage& storage, const Clock& clock);

  // Adds to `write` the record of one item write on `table` (nothing when
  // point-in-time recovery is off). The first record staged in a write
  // batch fixes its commit time.
  void Stage(const TableDefinition& table, std::string_view storage_key, const Item* old, StagedWrite& write);

  // Calls `f(storage key, item)` for every item `table_id` held at
  // `at_micros`, read from `snapshot` (both the items and the history).
  void ForEachItemAt(std::uint64_t table_id, std::int64_t at_micros, const rocksdb::Snapshot* snapshot,
                     const std::function<void(const std::string&, const Item&)>& f);

  // One item changed in (from, to]: its image at `from` and at `to` (null:
  // absent) and the time of its last write in the span.
  struct Change {
    std::string storage_key;
    const Item* old_image;
    const Item* new_image;
    std::int64_t write_micros;
  };
  void ForEachChange(std::uint64_t table_id, std::int64_t from_micros, std::int64_t to_micros,
                     const rocksdb::Snapshot* snapshot, const std::function<void(const Change&)>& f);

  // Deletes the records written before `before_micros` (they can no longer
  // be the first record after any instant in the window).
  void Trim(std::uint64_t table_id, std::int64_t before_micros);
  // Trims each table with point-in-time recovery to its window, at most once
  // an hour (engine clock) per table: a trim reads the table's whole history.
  void TrimDue(const std::vector<TableDefinition>& tables, double now);
  // Adds to `batch` the removal of a table's whole history.
  void Drop(std::uint64_t table_id, rocksdb::WriteBatch& batch);

 private:
  Storage& storage_;
  const Clock& clock_;
  std::atomic<std::uint64_t> tie_breaker_;  // orders records of one item within one microsecond
  std::mutex trim_mutex_;
  std::map<std::uint64_t, double> last_trim_;  // by table id
};

}  // namespace ddb
