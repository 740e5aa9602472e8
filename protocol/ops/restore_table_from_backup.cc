// RestoreTableFromBackup: {"TableDescription": {...}} of the target, CREATING,
// with its RestoreSummary. Texts and order: docs/backup-messages.md §6.
#include "protocol/backup_parameters.h"
#include "protocol/operation.h"
#include "protocol/table_description_json.h"

namespace ddb {

void RestoreTableFromBackupOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  auto target = StringMember(r, "TargetTableName");
  v.NotNull(target.has_value(), "targetTableName");
  if (target) CheckTableName(v, target, "targetTableName");
  auto arn = ReadBackupArn(r, "BackupArn", "backupArn", v);
  v.NotNull(arn.has_value(), "backupArn");
  RestoreFromBackupRequest request;
  request.overrides = ReadRestoreOverrides(r, v);
  v.ThrowIfAny();
  CheckBackupArn(*arn);
  request.target_table_name = *target;
  request.backup_arn = *arn;
  WriteTableAnswer(ctx.out, "TableDescription", ctx.engine.RestoreTableFromBackup(request));
}

}  // namespace ddb
