// StagedWrite: everything one logical write will change, committed as one
// RocksDB write batch: the item and index changes, and the stream records
// of the items it changes, which get their sequence numbers at commit
// (engine/streams.h) so that a reader never sees a later record before an
// earlier one.
#pragma once

#include <rocksdb/write_batch.h>

#include <cstdint>
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
};

}  // namespace ddb
