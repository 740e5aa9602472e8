// GetShardIterator: {"ShardIterator": "<stream ARN>|1|<position>"}.
#include "engine/error.h"
#include "protocol/operation.h"
#include "protocol/stream_parameters.h"

namespace ddb {

namespace {
constexpr std::size_t kMinSequenceNumberLength = 21;
constexpr std::size_t kMaxSequenceNumberLength = 40;

std::optional<std::uint64_t> ParseSequenceNumber(const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    if (n > (UINT64_MAX - 9) / 10) return UINT64_MAX;  // beyond every number handed out
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n;
}
}  // namespace

void GetShardIteratorOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  auto arn = ReadStreamArn(r, "StreamArn", "streamArn", v);
  v.NotNull(arn.has_value(), "streamArn");
  auto shard = StringMember(r, "ShardId");
  v.NotNull(shard.has_value(), "shardId");
  v.StringLength(shard, "shardId", kMinShardIdLength, kMaxShardIdLength);
  auto type = StringMember(r, "ShardIteratorType");
  v.NotNull(type.has_value(), "shardIteratorType");
  v.Enum(type, "shardIteratorType", {"TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"});
  auto sequence = StringMember(r, "SequenceNumber");
  v.StringLength(sequence, "sequenceNumber", kMinSequenceNumberLength, kMaxSequenceNumberLength);
  v.ThrowIfAny();
  EnsureStreamArn(*arn);

  GetShardIteratorRequest request;
  request.stream_arn = *arn;
  request.shard_id = *shard;
  request.type = *type == "TRIM_HORIZON"         ? ShardIteratorType::TrimHorizon
                 : *type == "LATEST"             ? ShardIteratorType::Latest
                 : *type == "AT_SEQUENCE_NUMBER" ? ShardIteratorType::AtSequenceNumber
                                                 : ShardIteratorType::AfterSequenceNumber;
  const bool needs_sequence =
      request.type == ShardIteratorType::AtSequenceNumber || request.type == ShardIteratorType::AfterSequenceNumber;
  if (needs_sequence && !sequence) throw InvalidParameterError("Invalid SequenceNumber");
  if (!needs_sequence && sequence) {
    throw InvalidParameterError("SequenceNumber should not be passed for this iterator type");
  }
  if (sequence) {
    request.sequence_number = ParseSequenceNumber(*sequence);
    if (!request.sequence_number) throw InvalidParameterError("Invalid SequenceNumber");
  }
  const std::string iterator = ctx.engine.GetShardIterator(request);
  ctx.out.StartObject();
  ctx.out.Key("ShardIterator");
  WriteString(ctx.out, iterator);
  ctx.out.EndObject();
}

}  // namespace ddb
