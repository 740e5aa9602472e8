// The input of an import: every object under the bucket and key prefix, in
// key order, decompressed, read as DYNAMODB_JSON lines ({"Item": {...}}),
// ION values or CSV records. As on DynamoDB, the first record of an object
// that cannot become an item is one error and abandons the rest of that
// object; blank lines are skipped (docs/export-import-format.md §3.3-§3.5).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/transfer_requests.h"
#include "protocol/transfer/compression.h"
#include "protocol/transfer/s3_directory.h"

namespace ddb {

struct ImportFormat {
  std::string format;  // DYNAMODB_JSON, ION or CSV
  InputCompression compression = InputCompression::kNone;
  char csv_delimiter = ',';
  std::optional<std::vector<std::string>> csv_header;
  std::map<std::string, ValueType> key_types;  // CSV: the key attributes' types
};

// Lists the objects now; throws TransferFailure(S3NoSuchBucket).
std::unique_ptr<ImportSource> OpenImportSource(const S3Directory& s3, const std::string& bucket,
                                               const std::string& prefix, const ImportFormat& format);

}  // namespace ddb
