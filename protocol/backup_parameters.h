// Parameters the backup and restore operations share: backup ARNs and the
// restore overrides (docs/backup-messages.md §1, §6).
#pragma once

#include <optional>
#include <string>

#include "engine/backup_requests.h"
#include "protocol/constraints.h"
#include "protocol/json.h"

namespace ddb {

// A BackupArn member (37 to 1024 characters) under `path`.
std::optional<std::string> ReadBackupArn(const JsonValue& request, const char* member, const std::string& path,
                                         ConstraintViolations& v);
// A backup ARN must name a table's backup: "Invalid Backup ARN" otherwise.
void CheckBackupArn(const std::string& arn);
// The BackupArn of a request that takes nothing else (DescribeBackup,
// DeleteBackup): present, of its length, and a backup's ARN.
std::string RequireBackupArn(const JsonValue& request);

// BillingModeOverride, ProvisionedThroughputOverride,
// OnDemandThroughputOverride, Global/LocalSecondaryIndexOverride and
// SSESpecificationOverride, shapes checked into `v`.
RestoreOverrides ReadRestoreOverrides(const JsonValue& request, ConstraintViolations& v);

}  // namespace ddb
