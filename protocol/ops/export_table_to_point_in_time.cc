// ExportTableToPointInTime: {"ExportDescription": {...}}, IN_PROGRESS; the
// files are written in the background to the bucket's directory
// (protocol/transfer/s3_directory.h). Texts: docs/export-import-format.md §4.
#include "engine/error.h"
#include "protocol/constraints.h"
#include "protocol/operation.h"
#include "protocol/transfer/export_writer.h"
#include "protocol/transfer/s3_directory.h"
#include "protocol/transfer/transfer_json.h"

namespace ddb {

void ExportTableToPointInTimeOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  auto table_arn = StringMember(r, "TableArn");
  v.NotNull(table_arn.has_value(), "tableArn");
  v.StringLength(table_arn, "tableArn", 1, 1024);
  auto bucket = StringMember(r, "S3Bucket");
  v.NotNull(bucket.has_value(), "s3Bucket");
  v.StringLength(bucket, "s3Bucket", 0, 255);
  CheckBucketName(v, bucket, "s3Bucket");
  auto prefix = StringMember(r, "S3Prefix");
  v.StringLength(prefix, "s3Prefix", 0, 1024);
  auto owner = StringMember(r, "S3BucketOwner");
  auto sse = StringMember(r, "S3SseAlgorithm");
  v.Enum(sse, "s3SseAlgorithm", {"AES256", "KMS"});
  auto kms = StringMember(r, "S3SseKmsKeyId");
  v.StringLength(kms, "s3SseKmsKeyId", 1, 2048);
  auto format = StringMember(r, "ExportFormat");
  v.Enum(format, "exportFormat", {"DYNAMODB_JSON", "ION"});
  auto type = StringMember(r, "ExportType");
  v.Enum(type, "exportType", {"FULL_EXPORT", "INCREMENTAL_EXPORT"});
  auto token = StringMember(r, "ClientToken");
  auto export_time = TimestampMember(r, "ExportTime");
  ExportRequest request;
  ExportDescription& job = request.shape;
  if (const JsonValue* spec = ObjectMember(r, "IncrementalExportSpecification")) {
    job.from_time = TimestampMember(*spec, "ExportFromTime").value_or(0);
    job.to_time = TimestampMember(*spec, "ExportToTime").value_or(0);
    auto view = StringMember(*spec, "ExportViewType");
    v.Enum(view, "incrementalExportSpecification.exportViewType", {"NEW_IMAGE", "NEW_AND_OLD_IMAGES"});
    if (view) job.view_type = *view;
  }
  v.ThrowIfAny();
  if (table_arn->rfind("arn:", 0) != 0 || table_arn->find(":table/") == std::string::npos) {
    throw ValidationError("Invalid TableArn: " + *table_arn);
  }
  job.incremental = type == "INCREMENTAL_EXPORT";
  if (job.incremental && !Member(r, "IncrementalExportSpecification")) {
    throw ValidationError("IncrementalExportSpecification must be provided for INCREMENTAL_EXPORT");
  }
  request.table_arn = *table_arn;
  request.table_name = TableNameFromNameOrArn(*table_arn);
  request.export_time = export_time;
  job.s3_bucket = *bucket;
  job.s3_prefix = prefix;
  job.s3_bucket_owner = owner;
  job.s3_sse_algorithm = sse.value_or("AES256");
  job.s3_sse_kms_key_id = kms;
  job.format = format.value_or("DYNAMODB_JSON");
  job.type_sent = type;
  job.client_token = token.value_or("");
  const S3Directory s3(ctx.info.s3_directory);
  ExportDescription started = ctx.engine.ExportTableToPointInTime(
      request, [s3](const ExportDescription& running) { return OpenExportWriter(s3, running); });
  ctx.out.StartObject();
  ctx.out.Key("ExportDescription");
  WriteExportDescription(ctx.out, started);
  ctx.out.EndObject();
}

}  // namespace ddb
