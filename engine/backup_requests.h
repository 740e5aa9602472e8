// Typed requests and results of on-demand backups, restores, exports and
// imports (engine/engine.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/table_definition.h"

namespace ddb {

enum class BackupStatus { CREATING, AVAILABLE, DELETED };
enum class BackupType { USER, SYSTEM, AWS_BACKUP };

// A backup: its own details and the table as it was (SourceTableDetails and
// SourceTableFeatureDetails are rendered from `table`).
struct BackupDescription {
  std::string arn;
  std::string name;
  BackupStatus status = BackupStatus::CREATING;
  BackupType type = BackupType::USER;
  double creation_time = 0;
  std::optional<double> expiry_time;  // SYSTEM backups
  std::int64_t size_bytes = 0;        // known once AVAILABLE
  std::int64_t item_count = 0;
  TableDefinition table;
};

struct ListBackupsRequest {
  std::optional<std::string> table_name;
  std::optional<double> lower_bound;  // TimeRangeLowerBound, inclusive
  std::optional<double> upper_bound;  // TimeRangeUpperBound, exclusive
  std::optional<std::string> exclusive_start_arn;
  std::size_t limit = 100;
  std::optional<BackupType> type;  // null: ALL
};

struct ListBackupsResult {
  std::vector<BackupDescription> backups;
  std::optional<std::string> last_evaluated_arn;
};

// What a restored table may take instead of its source's settings.
struct RestoreOverrides {
  std::optional<BillingMode> billing_mode;
  std::optional<ProvisionedThroughput> throughput;
  std::optional<OnDemandThroughput> on_demand;
  std::optional<std::vector<SecondaryIndex>> global_indexes;
  std::optional<std::vector<SecondaryIndex>> local_indexes;
  std::optional<SseSpecification> sse;
};

struct RestoreFromBackupRequest {
  std::string target_table_name;
  std::string backup_arn;
  RestoreOverrides overrides;
};

struct RestoreToPointInTimeRequest {
  std::string source_table_name;  // a name, or the table part of an ARN
  std::string target_table_name;
  std::optional<double> restore_time;  // null with UseLatestRestorableTime
  RestoreOverrides overrides;
};

}  // namespace ddb
