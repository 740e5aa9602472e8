// The files of an export, in DynamoDB's S3 layout (docs/export-import-format.md
// §1-§2): under <prefix>/AWSDynamoDB/<ExportId>/ the `_started` marker,
// data/<26 base32 characters>.json.gz (or .ion.gz), manifest-files.json,
// manifest-summary.json and their .md5 files; an incremental export's data
// files go to the shared <prefix>/AWSDynamoDB/data/. Tools that read AWS's
// exports read these.
#pragma once

#include <memory>

#include "engine/transfer_requests.h"
#include "protocol/transfer/s3_directory.h"

namespace ddb {

// Throws TransferFailure(S3NoSuchBucket) when the bucket is missing.
std::unique_ptr<ExportWriter> OpenExportWriter(const S3Directory& s3, const ExportDescription& job);

// "2025-05-06T07:08:09.123Z", the manifests' time format.
std::string IsoMillis(double epoch_seconds);

}  // namespace ddb
