#include "protocol/table_parameters.h"

#include <set>

#include "engine/error.h"
#include "engine/limits.h"

namespace ddb {

ProvisionedThroughput ReadThroughputUnits(const JsonValue& json, const std::string& path, ConstraintViolations& v,
                                          bool write_units_first) {
  auto rcu = LongMember(json, "ReadCapacityUnits");
  auto wcu = LongMember(json, "WriteCapacityUnits");
  for (int i = 0; i < 2; ++i) {
    const bool write = (i == 0) == write_units_first;
    const auto& units = write ? wcu : rcu;
    const std::string member = path + (write ? "writeCapacityUnits" : "readCapacityUnits");
    v.NotNull(units.has_value(), member);
    v.MinValue(units, member, 1);
  }
  ProvisionedThroughput p;
  p.read_capacity_units = rcu.value_or(0);
  p.write_capacity_units = wcu.value_or(0);
  return p;
}

std::optional<ProvisionedThroughput> ReadProvisionedThroughput(const JsonValue& request, ConstraintViolations& v) {
  const JsonValue* json = ObjectMember(request, "ProvisionedThroughput", "ProvisionedThroughput");
  if (!json) return std::nullopt;
  return ReadThroughputUnits(*json, "provisionedThroughput.", v, /*write_units_first=*/true);
}

std::optional<OnDemandThroughput> ReadOnDemandThroughput(const JsonValue& parent) {
  const JsonValue* o = ObjectMember(parent, "OnDemandThroughput");
  if (!o) return std::nullopt;
  OnDemandThroughput d;
  d.max_read_request_units = LongMember(*o, "MaxReadRequestUnits").value_or(-1);
  d.max_write_request_units = LongMember(*o, "MaxWriteRequestUnits").value_or(-1);
  return d;
}

std::optional<WarmThroughput> ReadWarmThroughput(const JsonValue& parent) {
  const JsonValue* o = ObjectMember(parent, "WarmThroughput");
  if (!o) return std::nullopt;
  WarmThroughput warm;
  warm.read_units_per_second = LongMember(*o, "ReadUnitsPerSecond").value_or(0);
  warm.write_units_per_second = LongMember(*o, "WriteUnitsPerSecond").value_or(0);
  return warm;
}

void CheckThroughputBounds(const ProvisionedThroughput& p) {
  constexpr std::int64_t kMaxCapacityUnits = 1'000'000'000'000;
  for (auto [value, what] : {std::pair{p.read_capacity_units, "ReadCapacityUnits"},
                             std::pair{p.write_capacity_units, "WriteCapacityUnits"}}) {
    if (value > kMaxCapacityUnits) {
      throw ValidationError("Given value " + std::to_string(value) + " for " + what + " is out of bounds");
    }
  }
}

TagList ReadTags(const JsonValue& request, ConstraintViolations& v) {
  TagList tags;
  const JsonValue* json = ArrayMember(request, "Tags");
  if (!json) return tags;
  int i = 1;
  for (const auto& tag : json->GetArray()) {
    ExpectObject(tag, "Tag");
    auto key = StringMember(tag, "Key");
    auto value = StringMember(tag, "Value");
    const std::string path = "tags." + std::to_string(i++) + ".member.";
    v.NotNull(key.has_value(), path + "key");
    v.StringLength(key, path + "key", 1, 128);
    v.NotNull(value.has_value(), path + "value");
    v.StringLength(value, path + "value", 0, 256);
    if (key && value) tags.emplace_back(*key, *value);
  }
  return tags;
}

void CheckTags(const TagList& tags) {
  std::set<std::string> keys;
  for (const auto& [key, value] : tags) {
    if (key.rfind("aws:", 0) == 0) throw ValidationError("Tag Key cannot be prefixed with aws:, Key: " + key);
    if (!keys.insert(key).second) {
      throw ValidationError("Duplicate Tag Keys provided as input: Duplicate Tag Key found " + key);
    }
  }
  if (tags.size() > kMaxTagsPerResource) throw TooManyTags();
}

std::optional<SseRequest> ReadSseSpecification(const JsonValue& request, ConstraintViolations& v) {
  const JsonValue* s = ObjectMember(request, "SSESpecification");
  if (!s) return std::nullopt;
  SseRequest sse;
  sse.type = StringMember(*s, "SSEType");
  sse.key = StringMember(*s, "KMSMasterKeyId");
  sse.enabled = BoolMember(*s, "Enabled");
  v.Enum(sse.type, "sSESpecification.sSEType", {"AES256", "KMS"});
  v.StringLength(sse.key, "sSESpecification.kMSMasterKeyId", 1, 2048);
  sse.specification =
      SseSpecification{sse.enabled.value_or(sse.type.has_value()), sse.type.value_or("KMS"), sse.key.value_or("")};
  return sse;
}

void CheckSseSpecification(const SseRequest& sse) {
  const bool disabled = sse.enabled && !*sse.enabled;
  if (disabled && sse.type) throw InvalidParameterError("SSEType can not be specified if Enabled is false");
  if (disabled && sse.key) throw InvalidParameterError("KMSMasterKeyId can not be specified if Enabled is false");
  if (sse.specification.enabled && sse.type && *sse.type == "AES256") {
    throw InvalidParameterError("SSEType AES256 is not supported");
  }
  if (sse.specification.enabled && sse.key && !sse.type) {
    throw InvalidParameterError("SSEType KMS is required if KMSMasterKeyId is specified");
  }
}

DynamoError NotImplementedParameter(const std::string& member, const std::string& feature) {
  return ValidationError(member + " is not supported: ddbemu does not implement " + feature);
}

std::optional<StreamSpecification> ReadStreamSpecification(const JsonValue& request, ConstraintViolations& v) {
  const JsonValue* s = ObjectMember(request, "StreamSpecification");
  if (!s) return std::nullopt;
  auto enabled = BoolMember(*s, "StreamEnabled");
  auto view = StringMember(*s, "StreamViewType");
  v.NotNull(enabled.has_value(), "streamSpecification.streamEnabled");
  v.Enum(view, "streamSpecification.streamViewType", {"OLD_IMAGE", "KEYS_ONLY", "NEW_AND_OLD_IMAGES", "NEW_IMAGE"});
  return StreamSpecification{enabled.value_or(false), view.value_or("")};
}

}  // namespace ddb
