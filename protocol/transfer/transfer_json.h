// Writes export and import jobs as DynamoDB's JSON: ExportDescription and
// ExportSummary, ImportTableDescription and ImportSummary
// (docs/export-import-format.md §3.5-§4.3).
#pragma once

#include "engine/transfer_requests.h"
#include "protocol/json.h"

namespace ddb {

void WriteExportDescription(JsonWriter& w, const ExportDescription& job);
void WriteExportSummary(JsonWriter& w, const ExportDescription& job);
void WriteImportDescription(JsonWriter& w, const ImportDescription& job);
void WriteImportSummary(JsonWriter& w, const ImportDescription& job);

}  // namespace ddb
