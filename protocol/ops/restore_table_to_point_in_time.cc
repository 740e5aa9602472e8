// RestoreTableToPointInTime: {"TableDescription": {...}} of the target,
// CREATING, restored as the source was at RestoreDateTime (or the latest
// restorable instant). Texts and order: docs/backup-messages.md §7.
#include "engine/error.h"
#include "protocol/backup_parameters.h"
#include "protocol/operation.h"
#include "protocol/table_description_json.h"

namespace ddb {

void RestoreTableToPointInTimeOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  auto source_name = StringMember(r, "SourceTableName");
  auto source_arn = StringMember(r, "SourceTableArn");
  auto target = StringMember(r, "TargetTableName");
  if (source_name) CheckTableName(v, source_name, "sourceTableName");
  v.StringLength(source_arn, "sourceTableArn", 1, 1024);
  v.NotNull(target.has_value(), "targetTableName");
  if (target) CheckTableName(v, target, "targetTableName");
  auto at = TimestampMember(r, "RestoreDateTime");
  auto latest = BoolMember(r, "UseLatestRestorableTime");
  RestoreToPointInTimeRequest request;
  request.overrides = ReadRestoreOverrides(r, v);
  v.ThrowIfAny();
  const bool use_latest = latest.value_or(false);
  if (at && use_latest) {
    throw ValidationError(
        "Invalid Request: Both RestoreDateTime and UseLatestRestorableTime cannot be set for point-in-time restore "
        "request. Please specify either RestoreDateTime time or UseLatestRestorableTime");
  }
  if (!at && !use_latest) {
    throw ValidationError(
        "Invalid Request: Either one of RestoreDateTime or UseLatestRestorableTime must be specified, but not both");
  }
  if (source_name && source_arn) throw ValidationError("Must provide exactly one of: sourceTableArn, sourceTableName");
  if (!source_name && !source_arn) {
    throw ValidationError("The parameter 'TableName' is required but was not present in the request");
  }
  if (source_arn && source_arn->rfind("arn:", 0) != 0) throw ValidationError("sourceTableArn is not a valid ARN");
  request.source_table_name = source_name ? *source_name : TableNameFromNameOrArn(*source_arn);
  request.target_table_name = *target;
  request.restore_time = at;
  WriteTableAnswer(ctx.out, "TableDescription", ctx.engine.RestoreTableToPointInTime(request));
}

}  // namespace ddb
