// DeleteBackup: {"BackupDescription": {...}} with BackupStatus DELETED; the
// backup is gone at once. Texts: docs/backup-messages.md §5.
#include "protocol/backup_json.h"
#include "protocol/backup_parameters.h"
#include "protocol/operation.h"

namespace ddb {

void DeleteBackupOperation(OperationContext& ctx) {
  BackupDescription backup = ctx.engine.DeleteBackup(RequireBackupArn(ctx.request));
  ctx.out.StartObject();
  ctx.out.Key("BackupDescription");
  WriteBackupDescription(ctx.out, backup);
  ctx.out.EndObject();
}

}  // namespace ddb
