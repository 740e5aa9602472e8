// ListBackups: {"BackupSummaries": [...], "LastEvaluatedBackupArn"?}, oldest
// first; USER backups unless BackupType says otherwise. Texts:
// docs/backup-messages.md §4.
#include "engine/error.h"
#include "protocol/backup_json.h"
#include "protocol/backup_parameters.h"
#include "protocol/operation.h"

namespace ddb {

namespace {
constexpr std::int64_t kMaxListBackupsLimit = 100;
}  // namespace

void ListBackupsOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  std::optional<std::string> table;
  if (Member(r, "TableName")) {
    table = ReadTableNameOrArn(r, v);
  }
  auto limit = LongMember(r, "Limit");
  v.MinValue(limit, "limit", 1);
  v.MaxValue(limit, "limit", kMaxListBackupsLimit);
  auto start = ReadBackupArn(r, "ExclusiveStartBackupArn", "exclusiveStartBackupArn", v);
  auto type = StringMember(r, "BackupType");
  v.Enum(type, "backupType", {"USER", "SYSTEM", "AWS_BACKUP", "ALL"});
  auto lower = TimestampMember(r, "TimeRangeLowerBound");
  auto upper = TimestampMember(r, "TimeRangeUpperBound");
  v.ThrowIfAny();
  if (lower && upper && *lower > *upper) {
    throw ValidationError(
        "One or more parameter values were invalid: Time range lower bound must be less than or equal to upper bound");
  }
  ListBackupsRequest request;
  request.table_name = table;
  if (limit) request.limit = static_cast<std::size_t>(*limit);
  request.exclusive_start_arn = start;
  request.lower_bound = lower;
  request.upper_bound = upper;
  const std::string t = type.value_or("USER");
  if (t == "USER") request.type = BackupType::USER;
  if (t == "SYSTEM") request.type = BackupType::SYSTEM;
  if (t == "AWS_BACKUP") request.type = BackupType::AWS_BACKUP;
  ListBackupsResult result = ctx.engine.ListBackups(request);
  ctx.out.StartObject();
  ctx.out.Key("BackupSummaries");
  ctx.out.StartArray();
  for (const auto& backup : result.backups) WriteBackupSummary(ctx.out, backup);
  ctx.out.EndArray();
  if (result.last_evaluated_arn) {
    ctx.out.Key("LastEvaluatedBackupArn");
    WriteString(ctx.out, *result.last_evaluated_arn);
  }
  ctx.out.EndObject();
}

}  // namespace ddb
