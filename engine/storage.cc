#include "engine/storage.h"

#include <rocksdb/cache.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/table.h>

#include <cstring>
#include <stdexcept>
#include <vector>

namespace ddb {
namespace {

std::string EncodeStats(TableStats s) {
  std::string out(16, '\0');
  std::memcpy(out.data(), &s.item_count, 8);
  std::memcpy(out.data() + 8, &s.size_bytes, 8);
  return out;
}

TableStats DecodeStats(const rocksdb::Slice& in) {
  TableStats s;
  if (in.size() == 16) {
    std::memcpy(&s.item_count, in.data(), 8);
    std::memcpy(&s.size_bytes, in.data() + 8, 8);
  }
  return s;
}

// Adds (count, bytes) pairs, so writers never read-modify-write the totals.
class StatsAddOperator : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice&, const rocksdb::Slice* existing, const rocksdb::Slice& value, std::string* new_value,
             rocksdb::Logger*) const override {
    TableStats total = existing ? DecodeStats(*existing) : TableStats{};
    TableStats delta = DecodeStats(value);
    total.item_count += delta.item_count;
    total.size_bytes += delta.size_bytes;
    *new_value = EncodeStats(total);
    return true;
  }
  const char* Name() const override { return "ddbemu.StatsAdd"; }
};

// Drops RocksDB's informational log. In memory the LOG file would live in the
// memory Env where nobody can read it; formatting it costs start-up time.
class DiscardingLogger : public rocksdb::Logger {
 public:
  DiscardingLogger() : rocksdb::Logger(rocksdb::InfoLogLevel::FATAL_LEVEL) {}
  using rocksdb::Logger::Logv;
  void Logv(const char*, va_list) override {}
};

// The in-memory store's file system: RocksDB's memory file system that
// refuses to create OPTIONS files. An OPTIONS file only helps reopen a
// database, which a memory store never is; writing one serialises every
// option and parses it back to verify, four times while the column families
// are created: a large share of start-up (docs/performance.md). RocksDB logs
// the refusal and goes on (fail_if_options_file_error is false).
class NoOptionsFileSystem : public rocksdb::FileSystemWrapper {
 public:
  using rocksdb::FileSystemWrapper::FileSystemWrapper;
  const char* Name() const override { return "ddbemu.NoOptionsFileSystem"; }
  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* file,
                                    rocksdb::IODebugContext* debug) override {
    if (name.find("/OPTIONS-") != std::string::npos) {
      return rocksdb::IOStatus::NotSupported("no OPTIONS file in memory");
    }
    return target()->NewWritableFile(name, options, file, debug);
  }
};

void Check(const rocksdb::Status& s, const char* what) {
  if (!s.ok()) throw std::runtime_error(std::string(what) + ": " + s.ToString());
}

}  // namespace

Storage::Storage(const StorageOptions& options) : sync_(options.sync) {
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.max_background_jobs = 2;
  // Start-up (docs/performance.md): opening table files on a thread pool
  // spawns 16 threads per column family for a store that has a handful of
  // files; periodic statistics dumps would wake a timer thread.
  db_options.max_file_opening_threads = 1;
  db_options.stats_dump_period_sec = 0;
  db_options.stats_persist_period_sec = 0;
  // A log file is kept until every column family has flushed what it holds;
  // one that is rarely written (archive, history) would otherwise pin every
  // log since its last write. Past this total, RocksDB flushes the families
  // holding the oldest log so it can go.
  db_options.max_total_wal_size = 256 << 20;
  std::string path = options.path;
  rocksdb::ColumnFamilyOptions items_options;
  if (options.in_memory) {
    mem_env_.reset(rocksdb::NewMemEnv(rocksdb::Env::Default()));
    env_ = rocksdb::NewCompositeEnv(std::make_shared<NoOptionsFileSystem>(mem_env_->GetFileSystem()));
    db_options.env = env_.get();
    path = "/ddbemu-in-memory";
    // Nothing survives the process in memory, so a write-ahead log would only
    // hold a second copy of every write; smaller memtables flush sooner into
    // compact in-memory tables.
    disable_wal_ = true;
    db_options.info_log = std::make_shared<DiscardingLogger>();
    items_options.write_buffer_size = 8 << 20;
    // Memtable arena blocks stay below glibc's mmap threshold
    // (process_memory.cc), so they come from the heap and are reused by the
    // next memtable instead of being mapped and faulted in afresh
    // (docs/performance.md).
    items_options.arena_block_size = items_options.write_buffer_size / 16;
  }
  // One block cache for every column family (RocksDB would give each table
  // factory its own 8 MB). In memory the table files are already in RAM and
  // the cache only spares decompressing a block again, so it is small: the
  // smallest size that reads as fast as the default (docs/performance.md).
  rocksdb::BlockBasedTableOptions table_options;
  table_options.block_cache = rocksdb::NewLRUCache(options.in_memory ? 4 << 20 : 8 << 20);
  const std::shared_ptr<rocksdb::TableFactory> plain_tables(rocksdb::NewBlockBasedTableFactory(table_options));
  table_options.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  items_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table_options));
  // A point read searches the memtable's skip list first; a whole-key bloom
  // filter over the memtable lets a key that is not there skip the search.
  // The filter is allocated and zeroed with each memtable, start-up
  // included, so it is kept small: 0.5% of the memtable, about 7 bits per
  // key of 200 bytes (docs/performance.md).
  items_options.memtable_whole_key_filtering = true;
  items_options.memtable_prefix_bloom_size_ratio = 0.005;
  rocksdb::ColumnFamilyOptions plain_options;
  plain_options.table_factory = plain_tables;
  rocksdb::ColumnFamilyOptions stats_options = plain_options;
  stats_options.merge_operator = std::make_shared<StatsAddOperator>();
  // Every write adds one merge operand to its table's stats key, so the stats
  // memtable grows by one entry per write: a large buffer would make each
  // insert as costly as the item's own and each stats read fold every
  // operand. A small buffer flushes them into one value per key, bounding
  // both.
  stats_options.write_buffer_size = 256 << 10;

  // Every write to a table with a stream inserts a record here: a small
  // memtable keeps each insert's skip-list search short.
  rocksdb::ColumnFamilyOptions streams_options = plain_options;
  streams_options.write_buffer_size = 8 << 20;

  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, plain_options},
      {"catalog", plain_options},
      {"items", items_options},
      {"stats", stats_options},
      {"streams", streams_options},
      {"history", plain_options},
      {"archive", plain_options},
  };
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  Check(rocksdb::DB::Open(db_options, path, families, &handles, &raw), "opening the database");
  db_.reset(raw);
  // The default family's handle is owned by the DB.
  delete handles[0];
  catalog_ = handles[1];
  items_ = handles[2];
  stats_ = handles[3];
  streams_ = handles[4];
  history_ = handles[5];
  archive_ = handles[6];
}

Storage::~Storage() {
  for (auto* cf : {catalog_, items_, stats_, streams_, history_, archive_}) {
    if (cf) db_->DestroyColumnFamilyHandle(cf);
  }
  if (db_) db_->Close();
  db_.reset();
}

std::optional<std::string> Storage::Get(rocksdb::ColumnFamilyHandle* cf, const std::string& key) {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf, key, &value);
  if (s.IsNotFound()) return std::nullopt;
  Check(s, "reading");
  return value;
}

std::vector<std::optional<std::string>> Storage::GetAll(rocksdb::ColumnFamilyHandle* cf,
                                                        const std::vector<std::string>& keys) {
  const rocksdb::Snapshot* snapshot = db_->GetSnapshot();
  rocksdb::ReadOptions options;
  options.snapshot = snapshot;
  std::vector<std::optional<std::string>> values;
  values.reserve(keys.size());
  rocksdb::Status failure;
  for (const auto& key : keys) {
    std::string value;
    rocksdb::Status s = db_->Get(options, cf, key, &value);
    if (s.ok()) {
      values.emplace_back(std::move(value));
    } else {
      values.emplace_back();
      if (!s.IsNotFound() && failure.ok()) failure = s;
    }
  }
  db_->ReleaseSnapshot(snapshot);
  Check(failure, "reading");
  return values;
}

std::shared_ptr<const rocksdb::Snapshot> Storage::TakeSnapshot() {
  rocksdb::DB* db = db_.get();
  return std::shared_ptr<const rocksdb::Snapshot>(db->GetSnapshot(),
                                                  [db](const rocksdb::Snapshot* s) { db->ReleaseSnapshot(s); });
}

void Storage::Write(rocksdb::WriteBatch& batch) {
  rocksdb::WriteOptions wo;
  wo.sync = sync_;
  wo.disableWAL = disable_wal_;
  Check(db_->Write(wo, &batch), "writing");
}

void Storage::AddStats(rocksdb::WriteBatch& batch, const std::string& stats_key, TableStats delta) {
  batch.Merge(stats_, stats_key, EncodeStats(delta));
}

TableStats Storage::ReadStats(const std::string& stats_key) {
  auto v = Get(stats_, stats_key);
  return v ? DecodeStats(*v) : TableStats{};
}

}  // namespace ddb
