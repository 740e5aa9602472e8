#include "protocol/table_description_json.h"

namespace ddb {

std::string_view TableStatusName(TableStatus status) {
  switch (status) {
    case TableStatus::CREATING: return "CREATING";
    case TableStatus::ACTIVE: return "ACTIVE";
    case TableStatus::DELETING: return "DELETING";
    case TableStatus::UPDATING: return "UPDATING";
  }
  return "ACTIVE";
}

namespace {
// A new on-demand table serves 12,000 reads and 4,000 writes per second at
// once (DynamoDB developer guide, on-demand capacity mode / warm throughput).
constexpr std::int64_t kOnDemandWarmReads = 12000;
constexpr std::int64_t kOnDemandWarmWrites = 4000;
}  // namespace

void WriteTableDescription(JsonWriter& w, const TableDescription& d, bool with_warm_throughput) {
  const TableDefinition& t = d.definition;
  w.StartObject();
  w.Key("AttributeDefinitions");
  w.StartArray();
  for (const auto& a : t.attribute_definitions) {
    w.StartObject();
    w.Key("AttributeName");
    WriteString(w, a.name);
    w.Key("AttributeType");
    w.String(TypeName(a.type).data());
    w.EndObject();
  }
  w.EndArray();
  w.Key("TableName");
  WriteString(w, t.name);
  w.Key("KeySchema");
  w.StartArray();
  w.StartObject();
  w.Key("AttributeName");
  WriteString(w, t.key_schema.hash_key);
  w.Key("KeyType");
  w.String("HASH");
  w.EndObject();
  if (t.key_schema.range_key) {
    w.StartObject();
    w.Key("AttributeName");
    WriteString(w, *t.key_schema.range_key);
    w.Key("KeyType");
    w.String("RANGE");
    w.EndObject();
  }
  w.EndArray();
  w.Key("TableStatus");
  w.String(TableStatusName(d.status).data());
  w.Key("CreationDateTime");
  w.Double(t.creation_time);
  w.Key("ProvisionedThroughput");
  w.StartObject();
  if (t.throughput.last_increase_time) {
    w.Key("LastIncreaseDateTime");
    w.Double(*t.throughput.last_increase_time);
  }
  if (t.throughput.last_decrease_time) {
    w.Key("LastDecreaseDateTime");
    w.Double(*t.throughput.last_decrease_time);
  }
  w.Key("NumberOfDecreasesToday");
  w.Int64(t.throughput.number_of_decreases_today);
  w.Key("ReadCapacityUnits");
  w.Int64(t.throughput.read_capacity_units);
  w.Key("WriteCapacityUnits");
  w.Int64(t.throughput.write_capacity_units);
  w.EndObject();
  w.Key("TableSizeBytes");
  w.Int64(d.size_bytes);
  w.Key("ItemCount");
  w.Int64(d.item_count);
  w.Key("TableArn");
  WriteString(w, t.Arn());
  w.Key("TableId");
  WriteString(w, t.table_uuid);
  if (t.billing_mode == BillingMode::PAY_PER_REQUEST || t.last_billing_mode_change_time) {
    w.Key("BillingModeSummary");
    w.StartObject();
    w.Key("BillingMode");
    w.String(t.billing_mode == BillingMode::PAY_PER_REQUEST ? "PAY_PER_REQUEST" : "PROVISIONED");
    if (t.last_billing_mode_change_time) {
      w.Key("LastUpdateToPayPerRequestDateTime");
      w.Double(*t.last_billing_mode_change_time);
    }
    w.EndObject();
  }
  if (t.stream && t.stream->enabled) {
    w.Key("StreamSpecification");
    w.StartObject();
    w.Key("StreamEnabled");
    w.Bool(true);
    w.Key("StreamViewType");
    WriteString(w, t.stream->view_type);
    w.EndObject();
    w.Key("LatestStreamLabel");
    WriteString(w, t.latest_stream_label);
    w.Key("LatestStreamArn");
    WriteString(w, t.Arn() + "/stream/" + t.latest_stream_label);
  }
  if (t.sse && t.sse->enabled) {
    w.Key("SSEDescription");
    w.StartObject();
    w.Key("Status");
    w.String("ENABLED");
    w.Key("SSEType");
    w.String("KMS");
    w.Key("KMSMasterKeyArn");
    WriteString(w, t.sse->kms_master_key_id.rfind("arn:", 0) == 0
                       ? t.sse->kms_master_key_id
                       : "arn:aws:kms:" + t.region + ":" + t.account_id + ":key/" +
                             (t.sse->kms_master_key_id.empty() ? t.table_uuid : t.sse->kms_master_key_id));
    w.EndObject();
  }
  if (t.table_class != "STANDARD") {
    w.Key("TableClassSummary");
    w.StartObject();
    w.Key("TableClass");
    WriteString(w, t.table_class);
    w.EndObject();
  }
  w.Key("DeletionProtectionEnabled");
  w.Bool(t.deletion_protection);
  if (with_warm_throughput) {
    const bool on_demand = t.billing_mode == BillingMode::PAY_PER_REQUEST;
    w.Key("WarmThroughput");
    w.StartObject();
    w.Key("ReadUnitsPerSecond");
    w.Int64(on_demand ? kOnDemandWarmReads : t.throughput.read_capacity_units);
    w.Key("WriteUnitsPerSecond");
    w.Int64(on_demand ? kOnDemandWarmWrites : t.throughput.write_capacity_units);
    w.Key("Status");
    w.String(d.status == TableStatus::UPDATING ? "UPDATING" : "ACTIVE");
    w.EndObject();
  }
  w.EndObject();
}

}  // namespace ddb
