// DescribeBackup: {"BackupDescription": {...}}. Texts: docs/backup-messages.md §3.
#include "protocol/backup_json.h"
#include "protocol/backup_parameters.h"
#include "protocol/operation.h"

namespace ddb {

void DescribeBackupOperation(OperationContext& ctx) {
  BackupDescription backup = ctx.engine.DescribeBackup(RequireBackupArn(ctx.request));
  ctx.out.StartObject();
  ctx.out.Key("BackupDescription");
  WriteBackupDescription(ctx.out, backup);
  ctx.out.EndObject();
}

}  // namespace ddb
