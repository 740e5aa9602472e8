// Writes backups as DynamoDB's JSON: BackupDetails (CreateBackup),
// BackupDescription (DescribeBackup, DeleteBackup) and BackupSummaries
// (ListBackups). Shapes: docs/backup-messages.md §2-§4.
#pragma once

#include "engine/backup_requests.h"
#include "protocol/json.h"

namespace ddb {

void WriteBackupDetails(JsonWriter& w, const BackupDescription& backup);
// The BackupDescription object: details, SourceTableDetails and
// SourceTableFeatureDetails.
void WriteBackupDescription(JsonWriter& w, const BackupDescription& backup);
void WriteBackupSummary(JsonWriter& w, const BackupDescription& backup);

const char* BackupTypeName(BackupType type);

}  // namespace ddb
