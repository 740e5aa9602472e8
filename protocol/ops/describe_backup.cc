// DescribeBackup: {"BackupDescription": {...}}. Texts: docs/backup-messages.md §3.
#include "protocol/backup_json.h"
#include "protocol/backup_parameters.h"
#include "protocol/operation.h"

namespace ddb {

void DescribeBackupOperation(OperationContext& ctx) {
  ConstraintViolations v;
  auto arn = ReadBackupArn(ctx.request, "BackupArn", "backupArn", v);
  v.NotNull(arn.has_value(), "backupArn");
  v.ThrowIfAny();
  CheckBackupArn(*arn);
  BackupDescription backup = ctx.engine.DescribeBackup(*arn);
  ctx.out.StartObject();
  ctx.out.Key("BackupDescription");
  WriteBackupDescription(ctx.out, backup);
  ctx.out.EndObject();
}

}  // namespace ddb
