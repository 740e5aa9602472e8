// CreateBackup: {"BackupDetails": {...}} with BackupStatus CREATING; the copy
// runs in the background (engine/backups.h). Texts: docs/backup-messages.md §2.
#include "protocol/backup_json.h"
#include "protocol/constraints.h"
#include "protocol/operation.h"

namespace ddb {

void CreateBackupOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  const std::string table = ReadTableNameOrArn(r, v);
  auto name = StringMember(r, "BackupName");
  v.NotNull(name.has_value(), "backupName");
  v.StringLength(name, "backupName", 3, 255);
  if (name && !MatchesNamePattern(*name)) v.Add("'" + *name + "'", "backupName", kNamePatternRule);
  v.ThrowIfAny();
  BackupDescription backup = ctx.engine.CreateBackup(table, *name);
  ctx.out.StartObject();
  ctx.out.Key("BackupDetails");
  WriteBackupDetails(ctx.out, backup);
  ctx.out.EndObject();
}

}  // namespace ddb
