// What the DynamoDB Streams operations share: reading a StreamArn and a
// Limit with their checks, and a stream record as GetRecords writes it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/stream_requests.h"
#include "protocol/constraints.h"
#include "protocol/json.h"

namespace ddb {

// A ShardId's length, as the Streams model bounds it.
inline constexpr std::size_t kMinShardIdLength = 28;
inline constexpr std::size_t kMaxShardIdLength = 65;

// StreamArn (or another member holding one, at `path`): not null, 37 to
// 1024 characters. `Ensure...` then refuses what is not a stream ARN.
std::optional<std::string> ReadStreamArn(const JsonValue& request, const char* member, const std::string& path,
                                         ConstraintViolations& v);
void EnsureStreamArn(const std::string& arn);

// Limit between 1 and `max`: below 1 is a constraint violation, above `max`
// a semantic error with `too_many` (each operation words it its own way).
std::optional<std::size_t> ReadStreamsLimit(const JsonValue& request, std::size_t max, ConstraintViolations& v);
void CheckStreamsLimit(const std::optional<std::size_t>& limit, std::size_t max, const std::string& too_many);

// One record of GetRecords' Records.
void WriteStreamRecord(JsonWriter& w, const StreamRecord& record, StreamViewType view, std::uint64_t stream_id,
                       const std::string& region);

}  // namespace ddb
