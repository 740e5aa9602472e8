// Transfers: the export and import jobs of a store, kept in the archive
// column family ("X" + export ARN, "M" + import ARN) so DescribeExport and
// DescribeImport answer across restarts. A job a crash interrupted is
// reported FAILED when the store opens again; an interrupted import's table,
// half loaded, is removed by the engine (engine/ops/import_table.cc).
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/storage.h"
#include "engine/transfer_requests.h"

namespace ddb {

// The FailureCode and FailureMessage of a job a crash or shutdown interrupted.
inline constexpr const char* kInterruptedFailureCode = "InternalError";
inline constexpr const char* kInterruptedFailureMessage = "The job was interrupted when the server stopped";

class Transfers {
 public:
  explicit Transfers(Storage& storage, double now);

  void Put(const ExportDescription& job);
  void Put(const ImportDescription& job);
  std::optional<ExportDescription> FindExport(const std::string& arn) const;
  std::optional<ImportDescription> FindImport(const std::string& arn) const;
  std::optional<ExportDescription> ExportByToken(const std::string& token) const;
  std::optional<ImportDescription> ImportByToken(const std::string& token) const;
  // Newest first (ARNs carry the start time).
  ListExportsResult ListExports(const ListExportsRequest& request) const;
  ListImportsResult ListImports(const ListImportsRequest& request) const;

 private:
  Storage& storage_;
  mutable std::mutex mutex_;
  std::map<std::string, ExportDescription> exports_;
  std::map<std::string, ImportDescription> imports_;
};

}  // namespace ddb
