// TableDefinition: everything the catalog knows about one table.
//
// Invariants: `key_schema` has a HASH element and optionally a RANGE element,
// each named in `attribute_definitions` with a scalar type (S, N or B);
// `id` is unique for the life of the database and never reused, so items of a
// deleted table can never reappear under a new table of the same name.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/attribute_value.h"

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

struct StreamSpecification {
  bool enabled = false;
  std::string view_type;  // NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY
};

struct SseSpecification {
  bool enabled = false;
  std::string sse_type;            // KMS or AES256
  std::string kms_master_key_id;
};

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
  std::optional<double> last_billing_mode_change_time;
  std::optional<StreamSpecification> stream;
  std::string latest_stream_label;
  std::optional<SseSpecification> sse;
  std::vector<std::pair<std::string, std::string>> tags;
  bool deletion_protection = false;
  std::string table_class = "STANDARD";
  double creation_time = 0;       // epoch seconds
  double active_time = 0;         // when CREATING turns ACTIVE
  double updating_until = 0;      // UPDATING until this time

  std::string Arn() const { return "arn:aws:dynamodb:" + region + ":" + account_id + ":table/" + name; }
  std::optional<ValueType> AttributeType(const std::string& attribute) const;
};

// What DescribeTable reports: the definition as of a moment, with live stats.
struct TableDescription {
  TableDefinition definition;
  TableStatus status = TableStatus::ACTIVE;
  std::int64_t item_count = 0;
  std::int64_t size_bytes = 0;
};

std::string EncodeTableDefinition(const TableDefinition& table);
TableDefinition DecodeTableDefinition(std::string_view bytes);

}  // namespace ddb
