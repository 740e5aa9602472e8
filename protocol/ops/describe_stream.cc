// DescribeStream: the StreamDescription with its shards, paged by
// ExclusiveStartShardId, or only one shard's children (ShardFilter
// CHILD_SHARDS).
#include "engine/error.h"
#include "engine/limits.h"
#include "protocol/operation.h"
#include "protocol/stream_parameters.h"

namespace ddb {

void DescribeStreamOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  auto arn = ReadStreamArn(r, "StreamArn", "streamArn", v);
  v.NotNull(arn.has_value(), "streamArn");
  auto limit = ReadStreamsLimit(r, kMaxStreamsListLimit, v);
  auto start = StringMember(r, "ExclusiveStartShardId");
  v.StringLength(start, "exclusiveStartShardId", kMinShardIdLength, kMaxShardIdLength);
  std::optional<std::string> filter_shard;
  if (const JsonValue* filter = ObjectMember(r, "ShardFilter")) {
    auto type = StringMember(*filter, "Type");
    v.NotNull(type.has_value(), "shardFilter.type");
    v.Enum(type, "shardFilter.type", {"CHILD_SHARDS"});
    filter_shard = StringMember(*filter, "ShardId");
    v.NotNull(filter_shard.has_value(), "shardFilter.shardId");
    v.StringLength(filter_shard, "shardFilter.shardId", kMinShardIdLength, kMaxShardIdLength);
  }
  v.ThrowIfAny();
  CheckStreamsLimit(limit, kMaxStreamsListLimit,
                    "Limit cannot be greater than the maximum: " + std::to_string(kMaxStreamsListLimit));
  EnsureStreamArn(*arn);

  DescribeStreamRequest request;
  request.stream_arn = *arn;
  if (limit) request.limit = *limit;
  request.exclusive_start_shard_id = start;
  request.children_of_shard_id = filter_shard;
  StreamDescription d = ctx.engine.DescribeStream(request);
  JsonWriter& w = ctx.out;
  w.StartObject();
  w.Key("StreamDescription");
  w.StartObject();
  w.Key("StreamArn");
  WriteString(w, d.arn);
  w.Key("StreamLabel");
  WriteString(w, d.label);
  w.Key("StreamStatus");
  WriteString(w, d.status);
  w.Key("StreamViewType");
  w.String(StreamViewTypeName(d.view).data());
  w.Key("CreationRequestDateTime");
  w.Double(d.creation_time);
  w.Key("TableName");
  WriteString(w, d.table_name);
  w.Key("KeySchema");
  w.StartArray();
  auto key = [&](const std::string& name, const char* type) {
    w.StartObject();
    w.Key("AttributeName");
    WriteString(w, name);
    w.Key("KeyType");
    w.String(type);
    w.EndObject();
  };
  key(d.key_schema.hash_key, "HASH");
  if (d.key_schema.range_key) key(*d.key_schema.range_key, "RANGE");
  w.EndArray();
  w.Key("Shards");
  w.StartArray();
  for (const auto& shard : d.shards) {
    w.StartObject();
    w.Key("ShardId");
    WriteString(w, shard.shard_id);
    w.Key("SequenceNumberRange");
    w.StartObject();
    w.Key("StartingSequenceNumber");
    WriteString(w, FormatSequenceNumber(shard.starting_sequence));
    if (shard.ending_sequence) {
      w.Key("EndingSequenceNumber");
      WriteString(w, FormatSequenceNumber(*shard.ending_sequence));
    }
    w.EndObject();
    if (shard.parent_shard_id) {
      w.Key("ParentShardId");
      WriteString(w, *shard.parent_shard_id);
    }
    w.EndObject();
  }
  w.EndArray();
  if (d.last_evaluated_shard_id) {
    w.Key("LastEvaluatedShardId");
    WriteString(w, *d.last_evaluated_shard_id);
  }
  w.EndObject();
  w.EndObject();
}

}  // namespace ddb
