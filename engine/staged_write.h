// StagedWrite: everything one logical write will change, committed as one
// RocksDB write batch: the item and index changes, and the stream records
// of the items it changes, which get their sequence numbers at commit
// (engine/streams.h) so that a reader never sees a later record before an
// earlier one.
#pragma once

#include <rocksdb/write_batch.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/stream_record.h"
#include "engine/table_definition.h"

namespace ddb {

struct PendingStreamRecord {
  const TableDefinition* table = nullptr;  // the writer holds the definition until it commits
  std::uint64_t partition_hash = 0;
  std::string record;  // EncodeChange's bytes
};

struct StagedWrite {
  rocksdb::WriteBatch batch;
  std::vector<PendingStreamRecord> stream_records;
  // The commit time of its point-in-time history records, fixed by the
  // first one staged (engine/pitr_history.h).
  std::optional<std::int64_t> history_micros;
};

}  // namespace ddb
