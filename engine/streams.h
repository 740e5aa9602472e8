// Streams: every table's DynamoDB stream: its shards, its records and their
// sequence numbers, kept in the `streams` column family.
//
// Shards follow the table's capacity partitions (engine/capacity_model.h):
// a stream opens one shard per partition; when a partition splits, the shard
// covering it closes and one child per new partition opens (ParentShardId);
// a shard also closes, with one child, after `rollover_seconds`. The open
// shards of a stream always cover the whole partition-key hash space, so each
// item's records go to exactly one open shard at a time, and a consumer that
// reads a parent to its end before its children sees each item's changes in
// order.
//
// Sequence numbers come from one counter, handed out under one mutex; the
// batch holding the records is then written outside it, and readers stop
// below the lowest number still in flight, so a reader can never see a
// record and later find an earlier one appear. The counter is persisted in
// blocks (its ceiling is written before a number above it is handed out),
// so numbers never repeat across restarts. Shard changes are written when
// they happen.
//
// Records are written in the batch of the change they describe, so a crash
// keeps both or neither. Retention (`Trim`) deletes records older than 24
// hours and forgets streams disabled for 24 hours.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/capacity_model.h"
#include "engine/clock.h"
#include "engine/staged_write.h"
#include "engine/storage.h"
#include "engine/stream_requests.h"

namespace ddb {

struct StreamShard {
  std::uint32_t ordinal = 0;  // its place in the stream's shard list
  std::optional<std::uint32_t> parent;
  std::uint64_t first_hash = 0, last_hash = UINT64_MAX;  // partition-key hashes, inclusive
  std::uint64_t start_sequence = 0;
  std::optional<std::uint64_t> end_sequence;  // set when closed
  double created = 0, closed = 0;
  std::uint64_t trimmed_through = 0;  // records up to this number were trimmed
  bool forgotten = false;             // closed and past retention: no longer listed
};

struct StreamInfo {
  std::uint64_t id = 0;
  std::string arn, label, table_name;
  KeySchema key_schema;
  StreamViewType view = StreamViewType::KeysOnly;
  double created = 0;
  bool enabled = true;
  double disabled_at = 0;
  std::vector<StreamShard> shards;
};

// A stream's label: its creation time, ISO 8601 UTC with milliseconds.
std::string StreamLabelAt(double epoch_seconds);

// Which stream Enable opened.
struct StreamIdentity {
  std::uint64_t id = 0;
  std::string label;
};

// "shardId-<creation milliseconds, 20 digits>-<8 hex digits>".
std::string ShardIdOf(const StreamInfo& stream, const StreamShard& shard);

class Streams {
 public:
  Streams(Storage& storage, CapacityModel& capacity, const Clock& clock,
          double rollover_seconds);  // Opens a new stream for `table` (one shard per capacity partition),
  // labelled with the engine's time. The caller holds the schema lock
  // exclusively.
  StreamIdentity Enable(const TableDefinition& table, StreamViewType view);
  // Closes every shard of the stream; it stays readable until trimmed.
  void Disable(std::uint64_t stream_id);

  // Adds the record of a change to `write` when the table has an enabled
  // stream and the change changes the item.
  void Stage(const TableDefinition& table, std::uint64_t partition_hash, const Item& keys, const Item* old,
             const Item* updated, bool by_service,
             StagedWrite& write);  // Assigns the staged records their shards and sequence numbers, then
  // writes the batch; until it is written, readers stop below its numbers.
  void Write(StagedWrite& write);

  ListStreamsResult List(const ListStreamsRequest& request);
  StreamDescription Describe(const DescribeStreamRequest& request);
  std::string GetShardIterator(const GetShardIteratorRequest& request);
  GetRecordsResult GetRecords(const GetRecordsRequest& request);

  // Deletes records older than the retention period; forgets shards and
  // streams closed longer ago than that.
  void Trim();

 private:
  struct Live {
    StreamInfo info;
    std::vector<std::uint32_t> open;  // ordinals of open shards, by first_hash
    std::uint64_t seen_layout = 0;    // the partition layout version last followed
    double rollover_due = 0;          // when the oldest open shard reaches its rollover age
  };

  Live* FindByArn(const std::string& arn);
  Live& LiveOf(std::uint64_t stream_id);
  // The open shard for `hash`, after closing shards past their rollover age
  // and splitting shards whose range now spans several partitions.
  StreamShard& ShardFor(Live& stream, const TableDefinition& table, std::uint64_t hash);
  void RollOver(Live& stream, double now);
  void SplitAlongPartitions(Live& stream, const TableDefinition& table);
  // Closes shard `ordinal` and opens children over the given hash ranges.
  void Replace(Live& stream, std::uint32_t ordinal, const std::vector<std::pair<std::uint64_t, std::uint64_t>>& ranges,
               double now);
  void RebuildOpen(Live& stream);
  std::uint64_t NextSequence();
  // The first number a reader must not pass: the lowest still in flight.
  std::uint64_t VisibleBelow() const;
  // Writes a stream's definition and shards at once (shard changes are rare).
  void Persist(const StreamInfo& info);

  Storage& storage_;
  CapacityModel& capacity_;
  const Clock& clock_;
  const double rollover_seconds_;
  std::mutex mutex_;
  std::map<std::uint64_t, Live> streams_;  // by id
  std::uint64_t next_stream_id_ = 1;
  std::uint64_t next_sequence_ = 1;
  std::uint64_t reserved_until_ = 1;  // persisted: numbers below it may have been used
                                      // Numbers handed out, not yet written: a few per writer at most, so a
  // vector scanned whole beats a tree that allocates on every write.
  std::vector<std::uint64_t> in_flight_;
};

}  // namespace ddb
