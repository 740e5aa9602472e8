#include "protocol/table_description_json.h"

#include <algorithm>
#include <cstdio>

#include "engine/limits.h"

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

void WriteKeySchema(JsonWriter& w, const std::vector<std::string>& hash_keys,
                    const std::vector<std::string>& range_keys) {
  w.StartArray();
  for (const auto* keys : {&hash_keys, &range_keys}) {
    for (const auto& k : *keys) {
      w.StartObject();
      w.Key("AttributeName");
      WriteString(w, k);
      w.Key("KeyType");
      w.String(keys == &hash_keys ? "HASH" : "RANGE");
      w.EndObject();
    }
  }
  w.EndArray();
}

namespace {

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

void WriteProjection(JsonWriter& w, const Projection& p) {
  w.StartObject();
  w.Key("ProjectionType");
  w.String(p.type == ProjectionType::ALL ? "ALL" : p.type == ProjectionType::KEYS_ONLY ? "KEYS_ONLY" : "INCLUDE");
  if (p.type == ProjectionType::INCLUDE) {
    w.Key("NonKeyAttributes");
    w.StartArray();
    for (const auto& a : Sorted(p.non_key_attributes)) WriteString(w, a);
    w.EndArray();
  }
  w.EndObject();
}

namespace {

void WriteProvisionedThroughput(JsonWriter& w, const ProvisionedThroughput& throughput) {
  w.Key("ProvisionedThroughput");
  w.StartObject();
  if (throughput.last_increase_time) {
    w.Key("LastIncreaseDateTime");
    w.Double(*throughput.last_increase_time);
  }
  if (throughput.last_decrease_time) {
    w.Key("LastDecreaseDateTime");
    w.Double(*throughput.last_decrease_time);
  }
  w.Key("NumberOfDecreasesToday");
  w.Int64(throughput.number_of_decreases_today);
  w.Key("ReadCapacityUnits");
  w.Int64(throughput.read_capacity_units);
  w.Key("WriteCapacityUnits");
  w.Int64(throughput.write_capacity_units);
  w.EndObject();
}

void WriteOnDemandThroughput(JsonWriter& w, const OnDemandThroughput& maximums) {
  w.Key("OnDemandThroughput");
  w.StartObject();
  w.Key("MaxReadRequestUnits");
  w.Int64(maximums.max_read_request_units);
  w.Key("MaxWriteRequestUnits");
  w.Int64(maximums.max_write_request_units);
  w.EndObject();
}

// The warm throughput the engine reports for a table or GSI, or `fallback`
// (descriptions made without the capacity model, e.g. of a new index).
std::int64_t WarmOf(const TableDescription& d, std::uint64_t id, std::int64_t fallback, bool read) {
  auto it = d.warm.find(id);
  if (it == d.warm.end()) return fallback;
  return read ? it->second.read_units_per_second : it->second.write_units_per_second;
}

// A key id shaped like KMS's (a UUID), the same for the same text.
std::string StableKeyId(const std::string& text) {
  auto fnv = [&](std::uint64_t hash) {
    for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ULL;
    return hash;
  };
  char id[40];
  const std::uint64_t a = fnv(14695981039346656037ULL), b = fnv(a ^ 0x9e3779b97f4a7c15ULL);
  std::snprintf(id, sizeof id, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xffff),
                static_cast<unsigned>(b >> 48), static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return id;
}

// The ARN of the KMS key encrypting a table, as DescribeTable shows it: a
// key ARN as given; a key id in the table's account and region; an alias
// resolved to a key, the same one for every table that names it (no key
// named: the account's AWS managed key, alias/aws/dynamodb).
std::string KmsKeyArn(const TableDefinition& t) {
  const std::string& given = t.sse->kms_master_key_id;
  const std::string prefix = "arn:aws:kms:" + t.region + ":" + t.account_id + ":key/";
  if (given.starts_with("arn:") && given.find(":alias/") == std::string::npos) return given;
  const bool alias = given.empty() || given.starts_with("alias/") || given.find(":alias/") != std::string::npos;
  if (!alias) return prefix + given;
  const std::string name = given.empty() ? "alias/aws/dynamodb" : given.substr(given.find("alias/"));
  return prefix + StableKeyId(t.account_id + ":" + t.region + ":" + name);
}

// The WarmThroughput of the table (`id` its id) or of a GSI: what the
// capacity model says it can take, at least its provisioned or on-demand
// starting rate.
void WriteWarmThroughput(JsonWriter& w, const TableDescription& d, std::uint64_t id,
                         const ProvisionedThroughput& throughput, bool updating) {
  const bool on_demand = d.definition.billing_mode == BillingMode::PAY_PER_REQUEST;
  w.Key("WarmThroughput");
  w.StartObject();
  w.Key("ReadUnitsPerSecond");
  w.Int64(WarmOf(d, id, on_demand ? kOnDemandWarmReads : throughput.read_capacity_units, true));
  w.Key("WriteUnitsPerSecond");
  w.Int64(WarmOf(d, id, on_demand ? kOnDemandWarmWrites : throughput.write_capacity_units, false));
  w.Key("Status");
  w.String(updating ? "UPDATING" : "ACTIVE");
  w.EndObject();
}

void WriteIndex(JsonWriter& w, const TableDescription& d, const SecondaryIndex& index, bool with_warm_throughput) {
  const TableDefinition& t = d.definition;
  w.StartObject();
  w.Key("IndexName");
  WriteString(w, index.name);
  w.Key("KeySchema");
  WriteKeySchema(w, index.hash_keys, index.range_keys);
  w.Key("Projection");
  WriteProjection(w, index.projection);
  if (index.global) {
    const bool creating = d.status == TableStatus::CREATING || index.backfilling;
    const bool updating =
        std::find(d.updating_indexes.begin(), d.updating_indexes.end(), index.name) != d.updating_indexes.end();
    w.Key("IndexStatus");
    w.String(index.deleting ? "DELETING" : creating ? "CREATING" : updating ? "UPDATING" : "ACTIVE");
    if (index.backfilling && d.status != TableStatus::CREATING) {
      // While the table is UPDATING, DynamoDB is still allocating resources:
      // the backfill itself has not begun.
      w.Key("Backfilling");
      w.Bool(d.status != TableStatus::UPDATING);
    }
    WriteProvisionedThroughput(w, index.throughput);
  }
  TableStats stats;
  if (auto it = d.index_stats.find(index.id); it != d.index_stats.end()) stats = it->second;
  w.Key("IndexSizeBytes");
  w.Int64(stats.size_bytes);
  w.Key("ItemCount");
  w.Int64(stats.item_count);
  w.Key("IndexArn");
  WriteString(w, t.IndexArn(index.name));
  if (index.global && index.on_demand) WriteOnDemandThroughput(w, *index.on_demand);
  if (index.global && with_warm_throughput) {
    WriteWarmThroughput(w, d, index.id, index.throughput, index.backfilling);
  }
  w.EndObject();
}

}  // namespace

void WriteSseDescription(JsonWriter& w, const TableDefinition& t) {
  if (!t.sse || !t.sse->enabled) return;
  w.Key("SSEDescription");
  w.StartObject();
  w.Key("Status");
  w.String("ENABLED");
  w.Key("SSEType");
  w.String("KMS");
  w.Key("KMSMasterKeyArn");
  WriteString(w, KmsKeyArn(t));
  w.EndObject();
}

void WriteTableDescription(JsonWriter& w, const TableDescription& d, bool with_warm_throughput) {
  const TableDefinition& t = d.definition;
  w.StartObject();
  w.Key("AttributeDefinitions");
  w.StartArray();
  std::vector<AttributeDefinition> definitions = t.attribute_definitions;  // DynamoDB lists them by name
  std::sort(definitions.begin(), definitions.end(),
            [](const AttributeDefinition& a, const AttributeDefinition& b) { return a.name < b.name; });
  for (const auto& a : definitions) {
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
  std::vector<std::string> range;
  if (t.key_schema.range_key) range.push_back(*t.key_schema.range_key);
  WriteKeySchema(w, {t.key_schema.hash_key}, range);
  w.Key("TableStatus");
  w.String(TableStatusName(d.status).data());
  w.Key("CreationDateTime");
  w.Double(t.creation_time);
  WriteProvisionedThroughput(w, t.throughput);
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
  if (t.on_demand) WriteOnDemandThroughput(w, *t.on_demand);
  // A disabled stream leaves no StreamSpecification but its label and ARN
  // stay until another stream replaces them, as on DynamoDB.
  if (t.stream && t.stream->enabled) {
    w.Key("StreamSpecification");
    w.StartObject();
    w.Key("StreamEnabled");
    w.Bool(true);
    w.Key("StreamViewType");
    WriteString(w, t.stream->view_type);
    w.EndObject();
  }
  if (!t.latest_stream_label.empty()) {
    w.Key("LatestStreamLabel");
    WriteString(w, t.latest_stream_label);
    w.Key("LatestStreamArn");
    WriteString(w, t.Arn() + "/stream/" + t.latest_stream_label);
  }
  WriteSseDescription(w, t);
  if (t.restore) {
    w.Key("RestoreSummary");
    w.StartObject();
    if (!t.restore->source_backup_arn.empty()) {
      w.Key("SourceBackupArn");
      WriteString(w, t.restore->source_backup_arn);
    }
    w.Key("SourceTableArn");
    WriteString(w, t.restore->source_table_arn);
    w.Key("RestoreDateTime");
    w.Double(t.restore->restore_date_time);
    w.Key("RestoreInProgress");
    w.Bool(t.restore->in_progress);
    w.EndObject();
  }
  if (t.table_class != "STANDARD" || !t.table_class_changes.empty()) {
    w.Key("TableClassSummary");
    w.StartObject();
    w.Key("TableClass");
    WriteString(w, t.table_class);
    if (!t.table_class_changes.empty()) {
      w.Key("LastUpdateDateTime");
      w.Double(t.table_class_changes.back());
    }
    w.EndObject();
  }
  for (const auto* list : {&t.local_indexes, &t.global_indexes}) {
    if (list->empty()) continue;
    w.Key(list == &t.local_indexes ? "LocalSecondaryIndexes" : "GlobalSecondaryIndexes");
    w.StartArray();
    for (const auto& index : *list) WriteIndex(w, d, index, with_warm_throughput);
    w.EndArray();
  }
  w.Key("DeletionProtectionEnabled");
  w.Bool(t.deletion_protection);
  if (with_warm_throughput) WriteWarmThroughput(w, d, t.id, t.throughput, d.status == TableStatus::UPDATING);
  w.EndObject();
}

void WriteTableAnswer(JsonWriter& w, const char* member, const TableDescription& description,
                      bool with_warm_throughput) {
  w.StartObject();
  w.Key(member);
  WriteTableDescription(w, description, with_warm_throughput);
  w.EndObject();
}

}  // namespace ddb
