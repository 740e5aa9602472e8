// IndexJobs: background index work, one thread per job: backfilling a GSI
// added by UpdateTable, and dropping a deleted index's entries.
//
// Exactly-once backfill: the new index is committed to the catalog under the
// exclusive schema lock before the job starts, so every write from then on
// maintains it. The job walks the base items in bounded steps and, under
// each item's lock, indexes the item as it is now unless its entry is
// already there. Writers that meet an index still backfilling check that an
// old entry exists before they count its removal (index_entries.cc), so the
// index's counts stay exact. Jobs unfinished at start-up are resumed; a job
// stopped by shutdown resumes at the next start.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/capacity_model.h"
#include "engine/catalog.h"
#include "engine/item_locks.h"
#include "engine/schema_locks.h"
#include "engine/storage.h"

namespace ddb {

class IndexJobs {
 public:
  // The least time a job takes before its index changes state (seconds).
  struct Holds {
    double creating = 0;
    double deleting = 0;
  };
  IndexJobs(Storage& storage, Catalog& catalog, ItemLocks& item_locks, CapacityModel& capacity, SchemaLocks& locks,
            Holds holds)
      : storage_(storage),
        catalog_(catalog),
        item_locks_(item_locks),
        capacity_(capacity),
        locks_(locks),
        holds_(holds) {}
  // Stops the jobs between steps and joins them.
  ~IndexJobs();
  IndexJobs(const IndexJobs&) = delete;
  IndexJobs& operator=(const IndexJobs&) = delete;

  // Starts the job an index in the catalog is waiting for (a backfill or a
  // drop). The caller holds no schema lock.
  void Start(const std::string& table_name, const std::string& index_name);
  // Starts every job the catalog lists as unfinished.
  void ResumeUnfinished();

 private:
  // Each job names its table by id too: after a hold, a table deleted and
  // made again under the same name is not the job's.
  void RunBackfill(const std::string& table_name, std::uint64_t table_id, const std::string& index_name);
  void RunIndexDrop(const std::string& table_name, std::uint64_t table_id, const std::string& index_name);
  // Waits until `seconds` have passed since `since`, or shutdown; false on shutdown.
  bool HoldUntil(std::chrono::steady_clock::time_point since, double seconds) const;

  Storage& storage_;
  Catalog& catalog_;
  ItemLocks& item_locks_;
  CapacityModel& capacity_;
  SchemaLocks& locks_;
  const Holds holds_;
  struct Job {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  std::mutex jobs_mutex_;
  std::vector<Job> jobs_;  // finished ones are joined when the next job starts
  std::atomic<bool> stopping_{false};
};

}  // namespace ddb
