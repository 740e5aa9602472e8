// EngineImpl: the engine's subsystems, owned in dependency order, behind the
// public Engine (engine/engine.h). Operations (engine/ops/) are Engine's
// methods and reach the subsystems through it:
//
//   storage             RocksDB and its column families         engine/storage.h
//   catalog             table definitions                       engine/catalog.h
//   capacity, admission throughput model and how writes meet it engine/capacity_model.h, capacity_admission.h
//   streams             stream shards, records, sequence numbers engine/streams.h
//   history             point-in-time recovery change history   engine/pitr_history.h
//   writes              condition, stage, commit of item writes engine/write_path.h
//   item_locks          per-item serialization, held items      engine/item_locks.h
//   transaction_tokens  ClientRequestToken replays              engine/idempotency_store.h
//   index_jobs          GSI backfills and index drops           engine/index_jobs.h
//   ttl_sweeper         deletes expired items; trims streams    engine/ttl_sweeper.h
//   backups             on-demand backups and their items        engine/backups.h
//   transfers           export and import jobs                   engine/transfers.h
//   jobs                backup copies, restores, exports, imports engine/background_jobs.h
//
// Lock order: engine/schema_locks.h.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "engine/background_jobs.h"
#include "engine/backups.h"
#include "engine/capacity_admission.h"
#include "engine/capacity_model.h"
#include "engine/catalog.h"
#include "engine/clock.h"
#include "engine/engine_options.h"
#include "engine/idempotency_store.h"
#include "engine/index_jobs.h"
#include "engine/item_locks.h"
#include "engine/pitr_history.h"
#include "engine/requests.h"
#include "engine/schema_locks.h"
#include "engine/storage.h"
#include "engine/streams.h"
#include "engine/transfers.h"
#include "engine/ttl_sweeper.h"
#include "engine/write_path.h"

namespace ddb {

class EngineImpl {
 public:
  explicit EngineImpl(EngineOptions engine_options);

  // A table that data-plane operations may use (exists and is not CREATING):
  // the catalog's shared definition, not a copy (a copy per request cost
  // several allocations).
  std::shared_ptr<const TableDefinition> ActiveTable(const std::string& table_name);
  // The definition with its status, counts, sizes and warm throughput.
  TableDescription Describe(const TableDefinition& table);

  // PutItem and DeleteItem, which BatchWriteItem shares.
  // `conflict_with_transactions` false makes the write wait for a
  // transaction holding its item (BatchWriteItem); `preadmitted`:
  // BatchWriteItem has made the capacity check already, and says whether to
  // charge.
  WriteItemResult Put(const PutItemRequest& request, bool conflict_with_transactions,
                      std::optional<bool> preadmitted = std::nullopt);
  WriteItemResult Delete(const DeleteItemRequest& request, bool conflict_with_transactions,
                         std::optional<bool> preadmitted = std::nullopt);

  // A new table's definition as CreateTable stores it (engine/ops/create_table.cc).
  TableDefinition NewTableDefinition(const CreateTableRequest& request, double now) const;
  // Starts a backup of `table`: a CREATING record now, its items copied
  // from a snapshot taken now by a background job. Every write batch is
  // atomic, so the snapshot holds each write whole or not at all.
  BackupDescription BackUp(const TableDefinition& table, const std::string& name, BackupType type);
  // Starts over the restores a crash or a shutdown interrupted
  // (engine/ops/restore_table.cc).
  void ResumeRestores();
  // Removes the tables of imports a crash or shutdown interrupted
  // (engine/ops/import_table.cc).
  void DropInterruptedImports();

  // Subsystems, in construction order (destroyed in reverse: index jobs
  // stop first, storage closes last).
  const EngineOptions options;
  const std::shared_ptr<Clock> clock;
  AdjustableClock* const adjustable_clock;  // null for an injected clock
  CapacityModel capacity;
  Storage storage;
  Catalog catalog;
  ItemLocks item_locks;
  SchemaLocks locks;
  CapacityAdmission admission;
  Streams streams;
  PitrHistory history;
  WritePath writes;
  IdempotencyStore transaction_tokens;
  IndexJobs index_jobs;
  TtlSweeper ttl_sweeper;
  Backups backups;
  Transfers transfers;
  BackgroundJobs jobs;  // last: its worker stops before anything it uses goes
};

}  // namespace ddb
