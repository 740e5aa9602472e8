#include "protocol/transfer/transfer_json.h"

namespace ddb {

namespace {

const char* StatusName(TransferStatus s) {
  switch (s) {
    case TransferStatus::IN_PROGRESS: return "IN_PROGRESS";
    case TransferStatus::COMPLETED: return "COMPLETED";
    case TransferStatus::FAILED: return "FAILED";
  }
  return "FAILED";
}

void Optional(JsonWriter& w, const char* key, const std::optional<std::string>& value) {
  if (!value) return;
  w.Key(key);
  WriteString(w, *value);
}

void Raw(JsonWriter& w, const char* key, const std::string& json) {
  if (json.empty()) return;
  w.Key(key);
  w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
}

void WriteBucketSource(JsonWriter& w, const ImportDescription& job) {
  w.Key("S3BucketSource");
  w.StartObject();
  Optional(w, "S3BucketOwner", job.s3_bucket_owner);
  w.Key("S3Bucket");
  WriteString(w, job.s3_bucket);
  Optional(w, "S3KeyPrefix", job.s3_key_prefix);
  w.EndObject();
}

}  // namespace

void WriteExportDescription(JsonWriter& w, const ExportDescription& job) {
  w.StartObject();
  w.Key("ExportArn");
  WriteString(w, job.arn);
  w.Key("ExportStatus");
  w.String(StatusName(job.status));
  w.Key("StartTime");
  w.Double(job.start_time);
  const bool done = job.status != TransferStatus::IN_PROGRESS;
  if (done && job.end_time) {
    w.Key("EndTime");
    w.Double(*job.end_time);
  }
  if (job.status == TransferStatus::COMPLETED) {
    w.Key("ExportManifest");
    WriteString(w, job.manifest);
  }
  w.Key("TableArn");
  WriteString(w, job.table_arn);
  w.Key("TableId");
  WriteString(w, job.table_id);
  if (!job.incremental) {
    w.Key("ExportTime");
    w.Double(job.export_time);
  }
  w.Key("ClientToken");
  WriteString(w, job.client_token);
  w.Key("S3Bucket");
  WriteString(w, job.s3_bucket);
  Optional(w, "S3BucketOwner", job.s3_bucket_owner);
  Optional(w, "S3Prefix", job.s3_prefix);
  w.Key("S3SseAlgorithm");
  WriteString(w, job.s3_sse_algorithm);
  Optional(w, "S3SseKmsKeyId", job.s3_sse_kms_key_id);
  Optional(w, "FailureCode", job.failure_code);
  Optional(w, "FailureMessage", job.failure_message);
  w.Key("ExportFormat");
  WriteString(w, job.format);
  if (job.status == TransferStatus::COMPLETED) {
    w.Key("BilledSizeBytes");
    w.Int64(job.billed_size_bytes);
    w.Key("ItemCount");
    w.Int64(job.item_count);
  }
  Optional(w, "ExportType", job.type_sent);
  if (job.incremental) {
    w.Key("IncrementalExportSpecification");
    w.StartObject();
    w.Key("ExportFromTime");
    w.Double(job.from_time);
    w.Key("ExportToTime");
    w.Double(job.to_time);
    w.Key("ExportViewType");
    WriteString(w, job.view_type);
    w.EndObject();
  }
  w.EndObject();
}

void WriteExportSummary(JsonWriter& w, const ExportDescription& job) {
  w.StartObject();
  w.Key("ExportArn");
  WriteString(w, job.arn);
  w.Key("ExportStatus");
  w.String(StatusName(job.status));
  w.Key("ExportType");
  w.String(job.incremental ? "INCREMENTAL_EXPORT" : "FULL_EXPORT");
  w.EndObject();
}

void WriteImportDescription(JsonWriter& w, const ImportDescription& job) {
  w.StartObject();
  w.Key("ImportArn");
  WriteString(w, job.arn);
  w.Key("ImportStatus");
  w.String(StatusName(job.status));
  w.Key("TableArn");
  WriteString(w, job.table_arn);
  w.Key("TableId");
  WriteString(w, job.table_id);
  w.Key("ClientToken");
  WriteString(w, job.client_token);
  WriteBucketSource(w, job);
  w.Key("ErrorCount");
  w.Int64(job.error_count);
  w.Key("CloudWatchLogGroupArn");
  WriteString(w, job.cloudwatch_log_group_arn);
  w.Key("InputFormat");
  WriteString(w, job.input_format);
  Raw(w, "InputFormatOptions", job.input_format_options);
  w.Key("InputCompressionType");
  WriteString(w, job.input_compression);
  Raw(w, "TableCreationParameters", job.table_creation_parameters);
  w.Key("StartTime");
  w.Double(job.start_time);
  if (job.status != TransferStatus::IN_PROGRESS && job.end_time) {
    w.Key("EndTime");
    w.Double(*job.end_time);
  }
  if (job.processed_size_bytes) {
    w.Key("ProcessedSizeBytes");
    w.Int64(*job.processed_size_bytes);
  }
  w.Key("ProcessedItemCount");
  w.Int64(job.processed_items);
  w.Key("ImportedItemCount");
  w.Int64(job.imported_items);
  Optional(w, "FailureCode", job.failure_code);
  Optional(w, "FailureMessage", job.failure_message);
  w.EndObject();
}

void WriteImportSummary(JsonWriter& w, const ImportDescription& job) {
  w.StartObject();
  w.Key("ImportArn");
  WriteString(w, job.arn);
  w.Key("ImportStatus");
  w.String(StatusName(job.status));
  w.Key("TableArn");
  WriteString(w, job.table_arn);
  WriteBucketSource(w, job);
  w.Key("CloudWatchLogGroupArn");
  WriteString(w, job.cloudwatch_log_group_arn);
  w.Key("InputFormat");
  WriteString(w, job.input_format);
  w.Key("StartTime");
  w.Double(job.start_time);
  if (job.status != TransferStatus::IN_PROGRESS && job.end_time) {
    w.Key("EndTime");
    w.Double(*job.end_time);
  }
  w.EndObject();
}

}  // namespace ddb
