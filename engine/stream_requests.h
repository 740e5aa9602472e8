// Typed requests and results of the DynamoDB Streams operations, of the
// time-to-live operations and of the continuous-backup settings
// (engine/engine.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/stream_record.h"
#include "engine/table_definition.h"

namespace ddb {

struct TimeToLiveDescription {
  std::string status = "DISABLED";       // ENABLED or DISABLED
  std::optional<std::string> attribute;  // when enabled
};

// DescribeContinuousBackups' PointInTimeRecoveryDescription.
struct ContinuousBackupsDescription {
  bool pitr_enabled = false;
  std::int64_t recovery_period_days = 0;
  double earliest_restorable = 0, latest_restorable = 0;  // when enabled
};

struct StreamSummary {
  std::string arn, table_name, label;
};

struct ListStreamsRequest {
  std::optional<std::string> table_name;
  std::size_t limit = 100;
  std::optional<std::string> exclusive_start_stream_arn;
};

struct ListStreamsResult {
  std::vector<StreamSummary> streams;
  std::optional<std::string> last_evaluated_stream_arn;
};

struct ShardDescription {
  std::string shard_id;
  std::optional<std::string> parent_shard_id;
  std::uint64_t starting_sequence = 0;
  std::optional<std::uint64_t> ending_sequence;  // closed shards
};

struct DescribeStreamRequest {
  std::string stream_arn;
  std::size_t limit = 100;
  std::optional<std::string> exclusive_start_shard_id;
  std::optional<std::string> children_of_shard_id;  // ShardFilter CHILD_SHARDS
};

struct StreamDescription {
  std::string arn, label, table_name;
  std::string status;  // ENABLED or DISABLED
  StreamViewType view = StreamViewType::KeysOnly;
  KeySchema key_schema;
  double creation_time = 0;
  std::vector<ShardDescription> shards;
  std::optional<std::string> last_evaluated_shard_id;
};

enum class ShardIteratorType { TrimHorizon, Latest, AtSequenceNumber, AfterSequenceNumber };

struct GetShardIteratorRequest {
  std::string stream_arn;
  std::string shard_id;
  ShardIteratorType type = ShardIteratorType::TrimHorizon;
  std::optional<std::uint64_t> sequence_number;  // AT_ and AFTER_SEQUENCE_NUMBER
};

struct GetRecordsRequest {
  std::string shard_iterator;
  std::size_t limit = 1000;
};

struct GetRecordsResult {
  StreamViewType view = StreamViewType::KeysOnly;
  std::uint64_t stream_id = 0;  // for the records' eventIDs
  std::vector<StreamRecord> records;
  std::optional<std::string> next_shard_iterator;  // none at the end of a closed shard
};

// A sequence number as DynamoDB Streams writes it: decimal digits, at least 21.
std::string FormatSequenceNumber(std::uint64_t sequence);
// A record's eventID: 32 hex digits, unique per stream and sequence number.
std::string StreamEventId(std::uint64_t stream_id, std::uint64_t sequence);

}  // namespace ddb
