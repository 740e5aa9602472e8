#include "protocol/stream_parameters.h"

#include <cmath>

#include "engine/error.h"
#include "protocol/attribute_json.h"

namespace ddb {

namespace {
constexpr std::size_t kMinStreamArnLength = 37;
constexpr std::size_t kMaxStreamArnLength = 1024;
}  // namespace

std::optional<std::string> ReadStreamArn(const JsonValue& request, const char* member, const std::string& path,
                                         ConstraintViolations& v) {
  auto arn = StringMember(request, member);
  v.StringLength(arn, path, kMinStreamArnLength, kMaxStreamArnLength);
  return arn;
}

void EnsureStreamArn(const std::string& arn) {
  if (arn.rfind("arn:", 0) != 0 || arn.find("/stream/") == std::string::npos) {
    throw ValidationError("Invalid StreamArn");
  }
}

std::optional<std::size_t> ReadStreamsLimit(const JsonValue& request, std::size_t max, ConstraintViolations& v) {
  auto limit = LongMember(request, "Limit");
  v.MinValue(limit, "limit", 1);
  if (!limit || *limit < 1) return std::nullopt;
  return static_cast<std::size_t>(std::min<std::int64_t>(*limit, static_cast<std::int64_t>(max) + 1));
}

void CheckStreamsLimit(const std::optional<std::size_t>& limit, std::size_t max, const std::string& too_many) {
  if (limit && *limit > max) throw InvalidParameterError(too_many);
}

void WriteStreamRecord(JsonWriter& w, const StreamRecord& record, StreamViewType view, std::uint64_t stream_id,
                       const std::string& region) {
  w.StartObject();
  w.Key("eventID");
  WriteString(w, StreamEventId(stream_id, record.sequence));
  w.Key("eventName");
  w.String(StreamEventName(record.event).data());
  w.Key("eventVersion");
  w.String("1.1");
  w.Key("eventSource");
  w.String("aws:dynamodb");
  w.Key("awsRegion");
  WriteString(w, region);
  w.Key("dynamodb");
  w.StartObject();
  // Whole minutes, as DynamoDB Streams reports it.
  w.Key("ApproximateCreationDateTime");
  w.Int64(static_cast<std::int64_t>(std::floor(record.time / 60)) * 60);
  w.Key("Keys");
  WriteItem(w, record.keys);
  if (record.new_image) {
    w.Key("NewImage");
    WriteItem(w, *record.new_image);
  }
  if (record.old_image) {
    w.Key("OldImage");
    WriteItem(w, *record.old_image);
  }
  w.Key("SequenceNumber");
  WriteString(w, FormatSequenceNumber(record.sequence));
  w.Key("SizeBytes");
  w.Uint64(record.SizeBytes());
  w.Key("StreamViewType");
  w.String(StreamViewTypeName(view).data());
  w.EndObject();
  if (record.by_service) {
    w.Key("userIdentity");
    w.StartObject();
    w.Key("PrincipalId");
    w.String("dynamodb.amazonaws.com");
    w.Key("Type");
    w.String("Service");
    w.EndObject();
  }
  w.EndObject();
}

}  // namespace ddb
