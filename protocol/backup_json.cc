#include "protocol/backup_json.h"

#include "protocol/table_description_json.h"

namespace ddb {

namespace {

const char* StatusName(BackupStatus status) {
  switch (status) {
    case BackupStatus::CREATING: return "CREATING";
    case BackupStatus::AVAILABLE: return "AVAILABLE";
    case BackupStatus::DELETED: return "DELETED";
  }
  return "AVAILABLE";
}

void WriteKeySchemaMember(JsonWriter& w, const std::vector<std::string>& hash, const std::vector<std::string>& range) {
  w.Key("KeySchema");
  WriteKeySchema(w, hash, range);
}

void WriteThroughput(JsonWriter& w, const ProvisionedThroughput& p) {
  w.Key("ProvisionedThroughput");
  w.StartObject();
  w.Key("ReadCapacityUnits");
  w.Int64(p.read_capacity_units);
  w.Key("WriteCapacityUnits");
  w.Int64(p.write_capacity_units);
  w.EndObject();
}

void WriteSourceTableDetails(JsonWriter& w, const BackupDescription& b) {
  const TableDefinition& t = b.table;
  w.Key("SourceTableDetails");
  w.StartObject();
  w.Key("TableName");
  WriteString(w, t.name);
  w.Key("TableId");
  WriteString(w, t.table_uuid);
  w.Key("TableArn");
  WriteString(w, t.Arn());
  w.Key("TableSizeBytes");
  w.Int64(b.size_bytes);
  std::vector<std::string> hash{t.key_schema.hash_key};
  std::vector<std::string> range;
  if (t.key_schema.range_key) range.push_back(*t.key_schema.range_key);
  WriteKeySchemaMember(w, hash, range);
  w.Key("TableCreationDateTime");
  w.Double(t.creation_time);
  WriteThroughput(w, t.billing_mode == BillingMode::PAY_PER_REQUEST ? ProvisionedThroughput{} : t.throughput);
  if (t.on_demand) {
    w.Key("OnDemandThroughput");
    w.StartObject();
    w.Key("MaxReadRequestUnits");
    w.Int64(t.on_demand->max_read_request_units);
    w.Key("MaxWriteRequestUnits");
    w.Int64(t.on_demand->max_write_request_units);
    w.EndObject();
  }
  w.Key("ItemCount");
  w.Int64(b.item_count);
  w.Key("BillingMode");
  w.String(t.billing_mode == BillingMode::PAY_PER_REQUEST ? "PAY_PER_REQUEST" : "PROVISIONED");
  w.EndObject();
}

void WriteSourceTableFeatureDetails(JsonWriter& w, const TableDefinition& t) {
  w.Key("SourceTableFeatureDetails");
  w.StartObject();
  for (const auto* list : {&t.local_indexes, &t.global_indexes}) {
    if (list->empty()) continue;
    const bool global = list == &t.global_indexes;
    w.Key(global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes");
    w.StartArray();
    for (const auto& index : *list) {
      w.StartObject();
      w.Key("IndexName");
      WriteString(w, index.name);
      WriteKeySchemaMember(w, index.hash_keys, index.range_keys);
      w.Key("Projection");
      WriteProjection(w, index.projection);
      if (global) {
        WriteThroughput(w, t.billing_mode == BillingMode::PAY_PER_REQUEST ? ProvisionedThroughput{} : index.throughput);
      }
      w.EndObject();
    }
    w.EndArray();
  }
  if (t.stream && t.stream->enabled) {
    w.Key("StreamDescription");
    w.StartObject();
    w.Key("StreamEnabled");
    w.Bool(true);
    w.Key("StreamViewType");
    WriteString(w, t.stream->view_type);
    w.EndObject();
  }
  if (t.ttl.enabled) {
    w.Key("TimeToLiveDescription");
    w.StartObject();
    w.Key("TimeToLiveStatus");
    w.String("ENABLED");
    w.Key("AttributeName");
    WriteString(w, t.ttl.attribute);
    w.EndObject();
  }
  WriteSseDescription(w, t);
  w.EndObject();
}

}  // namespace

const char* BackupTypeName(BackupType type) {
  switch (type) {
    case BackupType::USER: return "USER";
    case BackupType::SYSTEM: return "SYSTEM";
    case BackupType::AWS_BACKUP: return "AWS_BACKUP";
  }
  return "USER";
}

void WriteBackupDetails(JsonWriter& w, const BackupDescription& b) {
  w.StartObject();
  w.Key("BackupArn");
  WriteString(w, b.arn);
  w.Key("BackupName");
  WriteString(w, b.name);
  w.Key("BackupSizeBytes");
  w.Int64(b.size_bytes);
  w.Key("BackupStatus");
  w.String(StatusName(b.status));
  w.Key("BackupType");
  w.String(BackupTypeName(b.type));
  w.Key("BackupCreationDateTime");
  w.Double(b.creation_time);
  if (b.expiry_time) {
    w.Key("BackupExpiryDateTime");
    w.Double(*b.expiry_time);
  }
  w.EndObject();
}

void WriteBackupDescription(JsonWriter& w, const BackupDescription& b) {
  w.StartObject();
  w.Key("BackupDetails");
  WriteBackupDetails(w, b);
  WriteSourceTableDetails(w, b);
  if (b.type == BackupType::SYSTEM) {
    w.Key("SourceTableFeatureDetails");  // DynamoDB records no features for a system backup
    w.StartObject();
    w.EndObject();
  } else {
    WriteSourceTableFeatureDetails(w, b.table);
  }
  w.EndObject();
}

void WriteBackupSummary(JsonWriter& w, const BackupDescription& b) {
  w.StartObject();
  w.Key("TableName");
  WriteString(w, b.table.name);
  w.Key("TableId");
  WriteString(w, b.table.table_uuid);
  w.Key("TableArn");
  WriteString(w, b.table.Arn());
  w.Key("BackupArn");
  WriteString(w, b.arn);
  w.Key("BackupName");
  WriteString(w, b.name);
  w.Key("BackupCreationDateTime");
  w.Double(b.creation_time);
  if (b.expiry_time) {
    w.Key("BackupExpiryDateTime");
    w.Double(*b.expiry_time);
  }
  w.Key("BackupStatus");
  w.String(StatusName(b.status));
  w.Key("BackupType");
  w.String(BackupTypeName(b.type));
  w.Key("BackupSizeBytes");
  w.Int64(b.size_bytes);
  w.EndObject();
}

}  // namespace ddb
