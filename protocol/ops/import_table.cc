// ImportTable: {"ImportTableDescription": {...}}, IN_PROGRESS; the table is
// created CREATING and loaded in the background from the objects under the
// bucket's key prefix (protocol/transfer/import_source.h). Texts:
// docs/export-import-format.md §3.
#include <rapidjson/writer.h>

#include "engine/error.h"
#include "protocol/constraints.h"
#include "protocol/create_table_request.h"
#include "protocol/operation.h"
#include "protocol/transfer/import_source.h"
#include "protocol/transfer/s3_directory.h"
#include "protocol/transfer/transfer_json.h"

namespace ddb {

namespace {

std::string CompactJson(const JsonValue& value) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  value.Accept(w);
  return std::string(out.GetString(), out.GetSize());
}

}  // namespace

void ImportTableOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  auto token = StringMember(r, "ClientToken");
  const JsonValue* source = ObjectMember(r, "S3BucketSource");
  v.NotNull(source != nullptr, "s3BucketSource");
  std::optional<std::string> bucket, prefix, owner;
  if (source) {
    bucket = StringMember(*source, "S3Bucket");
    prefix = StringMember(*source, "S3KeyPrefix");
    owner = StringMember(*source, "S3BucketOwner");
    v.NotNull(bucket.has_value(), "s3BucketSource.s3Bucket");
    v.StringLength(bucket, "s3BucketSource.s3Bucket", 0, 255);
    CheckBucketName(v, bucket, "s3BucketSource.s3Bucket");
    v.StringLength(prefix, "s3BucketSource.s3KeyPrefix", 0, 1024);
  }
  auto format = StringMember(r, "InputFormat");
  v.NotNull(format.has_value(), "inputFormat");
  v.Enum(format, "inputFormat", {"DYNAMODB_JSON", "ION", "CSV"});
  auto compression = StringMember(r, "InputCompressionType");
  v.Enum(compression, "inputCompressionType", {"GZIP", "ZSTD", "NONE"});
  const JsonValue* options = ObjectMember(r, "InputFormatOptions");
  const JsonValue* params = ObjectMember(r, "TableCreationParameters");
  v.NotNull(params != nullptr, "tableCreationParameters");
  ImportFormat read;
  if (options) {
    if (const JsonValue* csv = ObjectMember(*options, "Csv")) {
      auto delimiter = StringMember(*csv, "Delimiter");
      v.StringLength(delimiter, "inputFormatOptions.csv.delimiter", 1, 1);
      if (delimiter && delimiter->size() == 1) read.csv_delimiter = (*delimiter)[0];
      if (const JsonValue* header = ArrayMember(*csv, "HeaderList")) {
        std::vector<std::string> names;
        for (const auto& name : header->GetArray()) {
          ExpectString(name);
          names.emplace_back(name.GetString(), name.GetStringLength());
        }
        v.ListLength(names.size(), "inputFormatOptions.csv.headerList", 1, 255);
        read.csv_header = std::move(names);
      }
    }
  }
  v.ThrowIfAny();
  if (!token || token->empty() || token->find('$') != std::string::npos) {
    throw ValidationError("ClientToken must be provided and must not contain '$'");
  }
  if (options && *format != "CSV") {
    throw ValidationError("InputFormatOptions can only be specified with the CSV InputFormat");
  }
  ImportRequest request;
  request.table = ReadCreateTableRequest(*params, ctx.info.region);
  ImportDescription& job = request.shape;
  job.client_token = *token;
  job.s3_bucket = *bucket;
  job.s3_key_prefix = prefix;
  job.s3_bucket_owner = owner;
  job.input_format = *format;
  job.input_compression = compression.value_or("NONE");
  if (options) job.input_format_options = CompactJson(*options);
  job.table_creation_parameters = CompactJson(*params);

  read.format = *format;
  read.compression = job.input_compression == "GZIP"   ? InputCompression::kGzip
                     : job.input_compression == "ZSTD" ? InputCompression::kZstd
                                                       : InputCompression::kNone;
  for (const auto& def : request.table.attribute_definitions) read.key_types[def.name] = def.type;
  const S3Directory s3(ctx.info.s3_directory);
  ImportDescription started =
      ctx.engine.ImportTable(request, [s3, bucket = *bucket, prefix = prefix.value_or(""), read] {
        return OpenImportSource(s3, bucket, prefix, read);
      });
  ctx.out.StartObject();
  ctx.out.Key("ImportTableDescription");
  WriteImportDescription(ctx.out, started);
  ctx.out.EndObject();
}

}  // namespace ddb
