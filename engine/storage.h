// Storage: the RocksDB database and its column families.
//
//   catalog  table definitions ("table/<name>") and counters ("meta/...")
//   items    base items, keyed as key_codec.h describes
//   stats    per-table item count and byte totals, kept by a merge operator
//            so concurrent writers add deltas in their own write batches
//   streams  stream definitions and shards, stream records, the sequence
//            number ceiling (engine/streams.h)
//   history  the change history of tables with point-in-time recovery
//            (engine/pitr_history.h)
//   archive  backups and their items, export and import jobs
//            (engine/backups.h, engine/transfers.h)
//
// In-memory mode runs the same code over RocksDB's in-memory Env, so both
// modes share one code path, except that it keeps no write-ahead log. On
// disk, writes go to the WAL (not fsynced unless `sync`), which survives a
// process crash.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/write_batch.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/engine_options.h"
#include "engine/table_stats.h"

namespace ddb {

class Storage {
 public:
  explicit Storage(const StorageOptions& options);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

  rocksdb::DB* db() { return db_.get(); }
  rocksdb::ColumnFamilyHandle* catalog() { return catalog_; }
  rocksdb::ColumnFamilyHandle* items() { return items_; }
  rocksdb::ColumnFamilyHandle* stats() { return stats_; }
  rocksdb::ColumnFamilyHandle* streams() { return streams_; }
  rocksdb::ColumnFamilyHandle* history() { return history_; }
  rocksdb::ColumnFamilyHandle* archive() { return archive_; }

  std::optional<std::string> Get(rocksdb::ColumnFamilyHandle* cf, const std::string& key);
  // Several keys read from one snapshot: a write batch committed meanwhile is
  // seen whole or not at all.
  std::vector<std::optional<std::string>> GetAll(rocksdb::ColumnFamilyHandle* cf, const std::vector<std::string>& keys);
  // A snapshot of the whole store, released when the last holder lets go
  // (the store must outlive it).
  std::shared_ptr<const rocksdb::Snapshot> TakeSnapshot();
  // Applies a batch atomically; throws on failure.
  void Write(rocksdb::WriteBatch& batch);

  // Adds a delta to a table's stats inside `batch`.
  void AddStats(rocksdb::WriteBatch& batch, const std::string& stats_key, TableStats delta);
  TableStats ReadStats(const std::string& stats_key);

 private:
  std::unique_ptr<rocksdb::Env> mem_env_;  // in memory: RocksDB's memory Env
  std::unique_ptr<rocksdb::Env> env_;      // in memory: mem_env_'s files, no OPTIONS file
  std::unique_ptr<rocksdb::DB> db_;
  rocksdb::ColumnFamilyHandle* catalog_ = nullptr;
  rocksdb::ColumnFamilyHandle* items_ = nullptr;
  rocksdb::ColumnFamilyHandle* stats_ = nullptr;
  rocksdb::ColumnFamilyHandle* streams_ = nullptr;
  rocksdb::ColumnFamilyHandle* history_ = nullptr;
  rocksdb::ColumnFamilyHandle* archive_ = nullptr;
  bool sync_ = false;
  bool disable_wal_ = false;
};

}  // namespace ddb
