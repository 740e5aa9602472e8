// TableDefinition: everything the catalog knows about one table.
//
// Invariants: `key_schema` has a HASH element and optionally a RANGE element,
// each named in `attribute_definitions` with a scalar type (S, N or B);
// `id` is unique for the life of the database and never reused, so items of a
// deleted table can never reappear under a new table of the same name.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/attribute_value.h"
#include "engine/table_stats.h"

namespace ddb {

enum class BillingMode { PROVISIONED, PAY_PER_REQUEST };
enum class TableStatus { CREATING, ACTIVE, DELETING, UPDATING };

struct AttributeDefinition {
  std::string name;
  ValueType type = ValueType::S;  // S, N or B
};

struct KeySchema {
  std::string hash_key;
  std::optional<std::string> range_key;
};

struct ProvisionedThroughput {
  std::int64_t read_capacity_units = 0;
  std::int64_t write_capacity_units = 0;
  std::optional<double> last_increase_time;  // epoch seconds
  std::optional<double> last_decrease_time;
  std::int64_t number_of_decreases_today = 0;
};

struct OnDemandThroughput {
  std::int64_t max_read_request_units = -1;
  std::int64_t max_write_request_units = -1;
};

// How much traffic a table or GSI can take at once (DynamoDB's warm
// throughput); asked for at CreateTable or UpdateTable, never lowered.
struct WarmThroughput {
  std::int64_t read_units_per_second = 0;
  std::int64_t write_units_per_second = 0;
};

struct StreamSpecification {
  bool enabled = false;
  std::string view_type;  // NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY
};

// Time to live: items whose `attribute` holds an epoch-seconds Number in the
// past are deleted by the sweeper (engine/ttl_sweeper.h).
struct TimeToLive {
  bool enabled = false;
  std::string attribute;
  std::optional<double> last_change_time;  // the cooldown between changes runs from here
};

// Point-in-time recovery settings (the restore itself is issue 24's).
struct PointInTimeRecovery {
  bool enabled = false;
  std::int64_t recovery_period_days = 35;
  double enabled_at = 0;  // the window starts no earlier than this
};

// How a table restored from a backup or a point in time came to be
// (DescribeTable's RestoreSummary). While `in_progress`, the table is
// CREATING and its items are being loaded.
struct RestoreSummary {
  std::string source_backup_arn;  // empty for a point-in-time restore
  std::string source_table_arn;
  std::uint64_t source_table_id = 0;  // a point-in-time restore's source, to start over after a crash
  double restore_date_time = 0;
  bool in_progress = true;
};

struct SseSpecification {
  bool enabled = false;
  std::string sse_type;  // KMS or AES256
  std::string kms_master_key_id;
};

enum class ProjectionType : std::uint8_t { ALL, KEYS_ONLY, INCLUDE };

struct Projection {
  ProjectionType type = ProjectionType::ALL;
  std::vector<std::string> non_key_attributes;  // INCLUDE only
};

// A local or global secondary index. Its entries live in the items column
// family under its own id, keyed by the index key then the base key (so
// GSIs may repeat index keys), and hold the projected attributes, so index
// reads never touch the base table for projected data.
//
// Invariants: LSIs have hash_keys == {table hash key} and one range key;
// GSIs have 1..4 hash keys and 0..4 range keys (multi-attribute keys); every
// key attribute has an attribute definition.
struct SecondaryIndex {
  std::uint64_t id = 0;  // from the catalog's id counter; 0 until stored
  std::string name;
  bool global = true;
  std::vector<std::string> hash_keys;
  std::vector<std::string> range_keys;
  Projection projection;
  ProvisionedThroughput throughput;             // GSIs of provisioned tables
  std::optional<OnDemandThroughput> on_demand;  // GSIs of on-demand tables, when given
  std::optional<WarmThroughput> warm;           // GSIs, when asked for
  bool backfilling = false;                     // CREATING: existing items are being indexed
  bool deleting = false;                        // DELETING: writers skip it, entries being dropped

  bool IsKeyAttribute(const std::string& attribute) const;
};

// The active_time of a table a restore or an import is filling: it turns
// ACTIVE when the job sets the real time.
inline constexpr double kLoadingActiveTime = std::numeric_limits<double>::infinity();

struct TableDefinition {
  std::uint64_t id = 0;
  std::string name;
  std::string region;
  std::string account_id;
  std::string table_uuid;  // TableId
  std::vector<AttributeDefinition> attribute_definitions;
  KeySchema key_schema;
  BillingMode billing_mode = BillingMode::PROVISIONED;
  ProvisionedThroughput throughput;
  std::optional<OnDemandThroughput> on_demand;  // maximums, when set (on-demand tables)
  std::optional<WarmThroughput> warm;           // when asked for
  std::optional<double> last_billing_mode_change_time;
  std::optional<StreamSpecification> stream;
  std::string latest_stream_label;
  std::uint64_t stream_id = 0;  // the latest stream (engine/streams.h); 0: never had one
  TimeToLive ttl;
  PointInTimeRecovery pitr;
  std::optional<SseSpecification> sse;
  std::vector<std::pair<std::string, std::string>> tags;
  bool deletion_protection = false;
  std::string table_class = "STANDARD";
  // When UpdateTable changed the table class, oldest first: the last one is
  // shown, and they count against kMaxTableClassChanges.
  std::vector<double> table_class_changes;
  double creation_time = 0;   // epoch seconds
  double active_time = 0;     // when CREATING turns ACTIVE; kLoadingActiveTime while loading
  double updating_until = 0;  // UPDATING until this time
  std::optional<RestoreSummary> restore;
  std::vector<SecondaryIndex> local_indexes;
  std::vector<SecondaryIndex> global_indexes;

  std::string Arn() const { return "arn:aws:dynamodb:" + region + ":" + account_id + ":table/" + name; }
  bool has_enabled_stream() const { return stream && stream->enabled && stream_id != 0; }
  // A restore or an import is filling the table: CREATING until it is done.
  bool loading() const { return std::isinf(active_time); }
  std::optional<ValueType> AttributeType(const std::string& attribute) const;
  // The type of a key attribute of the table or an index (always defined:
  // a missing definition is an internal error, never undefined behaviour).
  ValueType KeyAttributeType(const std::string& attribute) const;
  const SecondaryIndex* FindIndex(const std::string& index_name) const;
  std::string IndexArn(const std::string& index_name) const { return Arn() + "/index/" + index_name; }
  // Calls f(index) for every LSI then every GSI.
  template <typename F>
  void ForEachIndex(F&& f) const {
    for (const auto& i : local_indexes) f(i);
    for (const auto& i : global_indexes) f(i);
  }
};

// What DescribeTable reports: the definition as of a moment, with live stats.
struct TableDescription {
  TableDefinition definition;
  TableStatus status = TableStatus::ACTIVE;
  std::int64_t item_count = 0;
  std::int64_t size_bytes = 0;
  std::map<std::uint64_t, TableStats> index_stats;  // by index id
  // What the table and each GSI can take at once now (by table or index id):
  // the warm throughput asked for, or what the capacity model has grown to.
  std::map<std::uint64_t, WarmThroughput> warm;
  // UpdateTable's answer to an index Update: those indexes show UPDATING
  // (with their throughput as it was).
  std::vector<std::string> updating_indexes;
};

// A fresh TableId (a random version-4 UUID).
std::string NewTableUuid();

std::string EncodeTableDefinition(const TableDefinition& table);
TableDefinition DecodeTableDefinition(std::string_view bytes);

}  // namespace ddb
