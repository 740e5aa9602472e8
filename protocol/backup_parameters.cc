#include "protocol/backup_parameters.h"

#include "engine/error.h"
#include "protocol/index_parameters.h"
#include "protocol/resource_arn.h"
#include "protocol/table_parameters.h"

namespace ddb {

namespace {

constexpr std::size_t kMinBackupArnLength = 37;
constexpr std::size_t kMaxArnLength = 1024;

std::vector<SecondaryIndex> ReadIndexOverrides(const JsonValue& request, const char* member, const std::string& path,
                                               bool global, ConstraintViolations& v) {
  std::vector<SecondaryIndex> out;
  auto inputs = ReadIndexes(request, member, path, global, v);
  if (!inputs) return out;
  for (const auto& input : *inputs) {
    SecondaryIndex index;
    index.global = global;
    index.name = input.name.value_or("");
    if (input.keys) {
      for (const auto& key : *input.keys) {
        (key.type == "RANGE" ? index.range_keys : index.hash_keys).push_back(key.name.value_or(""));
      }
    }
    if (input.projection_type == "KEYS_ONLY") index.projection.type = ProjectionType::KEYS_ONLY;
    if (input.projection_type == "INCLUDE") index.projection.type = ProjectionType::INCLUDE;
    if (input.non_key_attributes) index.projection.non_key_attributes = *input.non_key_attributes;
    if (input.throughput) index.throughput = *input.throughput;
    index.on_demand = input.on_demand;
    out.push_back(std::move(index));
  }
  return out;
}

}  // namespace

std::optional<std::string> ReadBackupArn(const JsonValue& request, const char* member, const std::string& path,
                                         ConstraintViolations& v) {
  auto arn = StringMember(request, member);
  v.StringLength(arn, path, kMinBackupArnLength, kMaxArnLength);
  return arn;
}

void CheckBackupArn(const std::string& arn) {
  if (!IsTableJobArn(arn, "backup")) throw ValidationError("Invalid Backup ARN");
}

std::string RequireBackupArn(const JsonValue& request) {
  ConstraintViolations v;
  auto arn = ReadBackupArn(request, "BackupArn", "backupArn", v);
  v.NotNull(arn.has_value(), "backupArn");
  v.ThrowIfAny();
  CheckBackupArn(*arn);
  return *arn;
}

RestoreOverrides ReadRestoreOverrides(const JsonValue& r, ConstraintViolations& v) {
  RestoreOverrides o;
  auto billing = StringMember(r, "BillingModeOverride");
  v.Enum(billing, "billingModeOverride", {"PROVISIONED", "PAY_PER_REQUEST"});
  if (billing == "PROVISIONED") o.billing_mode = BillingMode::PROVISIONED;
  if (billing == "PAY_PER_REQUEST") o.billing_mode = BillingMode::PAY_PER_REQUEST;
  if (const JsonValue* p = ObjectMember(r, "ProvisionedThroughputOverride", "ProvisionedThroughput")) {
    o.throughput = ReadThroughputUnits(*p, "provisionedThroughputOverride.", v, /*write_units_first=*/false);
  }
  if (const JsonValue* d = ObjectMember(r, "OnDemandThroughputOverride")) {
    OnDemandThroughput maximums;
    maximums.max_read_request_units = LongMember(*d, "MaxReadRequestUnits").value_or(-1);
    maximums.max_write_request_units = LongMember(*d, "MaxWriteRequestUnits").value_or(-1);
    o.on_demand = maximums;
  }
  if (Member(r, "GlobalSecondaryIndexOverride")) {
    o.global_indexes = ReadIndexOverrides(r, "GlobalSecondaryIndexOverride", "globalSecondaryIndexOverride", true, v);
  }
  if (Member(r, "LocalSecondaryIndexOverride")) {
    o.local_indexes = ReadIndexOverrides(r, "LocalSecondaryIndexOverride", "localSecondaryIndexOverride", false, v);
  }
  if (const JsonValue* s = ObjectMember(r, "SSESpecificationOverride")) {
    auto enabled = BoolMember(*s, "Enabled");
    auto type = StringMember(*s, "SSEType");
    auto key = StringMember(*s, "KMSMasterKeyId");
    v.Enum(type, "sSESpecificationOverride.sSEType", {"AES256", "KMS"});
    o.sse = SseSpecification{enabled.value_or(type.has_value()), type.value_or("KMS"), key.value_or("")};
  }
  return o;
}

}  // namespace ddb
