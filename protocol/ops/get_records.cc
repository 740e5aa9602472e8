// GetRecords: {"Records": [...], "NextShardIterator"?}.
#include "engine/error.h"
#include "engine/limits.h"
#include "protocol/operation.h"
#include "protocol/stream_parameters.h"

namespace ddb {

namespace {
constexpr std::size_t kMaxShardIteratorLength = 2048;
}  // namespace

void GetRecordsOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  auto iterator = StringMember(r, "ShardIterator");
  v.NotNull(iterator.has_value(), "shardIterator");
  v.StringLength(iterator, "shardIterator", 1, kMaxShardIteratorLength);
  auto limit = ReadStreamsLimit(r, kMaxGetRecordsLimit, v);
  v.ThrowIfAny();
  CheckStreamsLimit(limit, kMaxGetRecordsLimit,
                    "Limit should be less than or equal to " + std::to_string(kMaxGetRecordsLimit));

  GetRecordsRequest request;
  request.shard_iterator = *iterator;
  if (limit) request.limit = *limit;
  GetRecordsResult result = ctx.engine.GetRecords(request);
  JsonWriter& w = ctx.out;
  w.StartObject();
  w.Key("Records");
  w.StartArray();
  for (const auto& record : result.records)
    WriteStreamRecord(w, record, result.view, result.stream_id, ctx.info.region);
  w.EndArray();
  if (result.next_shard_iterator) {
    w.Key("NextShardIterator");
    WriteString(w, *result.next_shard_iterator);
  }
  w.EndObject();
}

}  // namespace ddb
