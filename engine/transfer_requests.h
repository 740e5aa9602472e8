// Typed requests and results of ExportTableToPointInTime, ImportTable and
// their Describe/List operations, and the interfaces through which the
// engine's jobs write and read the files (implemented in protocol/transfer/,
// which knows the file formats; the engine never sees them).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/attribute_value.h"
#include "engine/requests.h"

namespace ddb {

enum class TransferStatus { IN_PROGRESS, COMPLETED, FAILED };

// A job that failed for a reason DynamoDB reports as FailureCode and
// FailureMessage (e.g. S3NoSuchBucket).
struct TransferFailure : std::runtime_error {
  TransferFailure(std::string code, const std::string& message) : std::runtime_error(message), code(std::move(code)) {}
  std::string code;
};

struct ExportDescription {
  std::string arn;
  TransferStatus status = TransferStatus::IN_PROGRESS;
  double start_time = 0;
  std::optional<double> end_time;
  std::string table_arn, table_id;
  std::uint64_t table_storage_id = 0;  // not shown
  double export_time = 0;              // FULL_EXPORT: the instant exported
  std::string client_token;
  std::string s3_bucket;
  std::optional<std::string> s3_bucket_owner, s3_prefix, s3_sse_kms_key_id;
  std::string s3_sse_algorithm = "AES256";
  std::string format = "DYNAMODB_JSON";  // or ION
  std::optional<std::string> type_sent;  // ExportType as sent: shown only then
  bool incremental = false;
  double from_time = 0, to_time = 0;  // INCREMENTAL_EXPORT
  std::string view_type = "NEW_AND_OLD_IMAGES";
  std::int64_t item_count = 0, billed_size_bytes = 0;
  std::string manifest;  // the key of manifest-summary.json, once COMPLETED
  std::optional<std::string> failure_code, failure_message;
};

struct ExportRequest {
  std::string table_name;  // from TableArn
  std::string table_arn;   // as sent
  std::optional<double> export_time;
  ExportDescription shape;  // the S3 and format members, as sent
};

// What an export job writes to: its files. Calls arrive from one thread.
class ExportWriter {
 public:
  virtual ~ExportWriter() = default;
  virtual void Item(const Item& item) = 0;  // a full export's item
  // An incremental export's change (null image: absent).
  virtual void Change(const ddb::Item& keys, const ddb::Item* old_image, const ddb::Item* new_image,
                      std::int64_t write_micros) = 0;
  // Writes the manifests; returns the manifest-summary key, and sets the
  // counts in `export_job`.
  virtual std::string Finish(ExportDescription& export_job) = 0;
};
// Opens the writer of an export (may throw TransferFailure: no bucket).
using ExportWriterFactory = std::function<std::unique_ptr<ExportWriter>(const ExportDescription&)>;

struct ListExportsRequest {
  std::optional<std::string> table_arn;
  std::size_t max_results = 25;
  std::optional<std::string> next_token;  // the last ARN of the previous page
};
struct ListExportsResult {
  std::vector<ExportDescription> exports;
  std::optional<std::string> next_token;
};

struct ImportDescription {
  std::string arn;
  TransferStatus status = TransferStatus::IN_PROGRESS;
  std::string table_arn, table_id;
  std::string client_token;
  std::string s3_bucket;
  std::optional<std::string> s3_bucket_owner, s3_key_prefix;
  std::string input_format;          // DYNAMODB_JSON, ION, CSV
  std::string input_format_options;  // opaque to the engine: the request's InputFormatOptions
  std::string input_compression = "NONE";
  std::string table_creation_parameters;  // opaque: the request's TableCreationParameters
  double start_time = 0;
  std::optional<double> end_time;
  std::optional<std::int64_t> processed_size_bytes;
  std::int64_t processed_items = 0, imported_items = 0, error_count = 0;
  std::string cloudwatch_log_group_arn;
  std::optional<std::string> failure_code, failure_message;
};

// One record of an import's input: an item, or the error that made an
// object's line unreadable.
struct ImportRecord {
  std::optional<Item> item;
  std::string error;
};
class ImportSource {
 public:
  virtual ~ImportSource() = default;
  // False at the end.
  virtual bool Next(ImportRecord& record) = 0;
  // The item just returned could not be imported (its key, its size): as
  // with an unreadable line, the rest of its object is abandoned.
  virtual void RejectLast() = 0;
  // Uncompressed bytes read so far.
  virtual std::int64_t processed_bytes() const = 0;
};
// Opens an import's input (may throw TransferFailure: no bucket).
using ImportSourceFactory = std::function<std::unique_ptr<ImportSource>()>;

struct ImportRequest {
  CreateTableRequest table;
  ImportDescription shape;  // the source, format and opaque members, as sent
};

struct ListImportsRequest {
  std::optional<std::string> table_arn;
  std::size_t page_size = 25;
  std::optional<std::string> next_token;
};
struct ListImportsResult {
  std::vector<ImportDescription> imports;
  std::optional<std::string> next_token;
};

}  // namespace ddb
