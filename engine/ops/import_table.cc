// ImportTable, DescribeImport, ListImports: a job that creates the table
// (CREATING while it loads) and loads it from the protocol's source. A bad
// record is counted, not imported, and fails the import at the end with
// ItemValidationError, keeping the table with its good items; a missing
// bucket fails it without a table, as on DynamoDB. Texts and counters:
// docs/export-import-format.md §3.
#include "engine/backups.h"
#include "engine/engine.h"
#include "engine/engine_impl.h"
#include "engine/error.h"
#include "engine/index_entries.h"
#include "engine/limits.h"
#include "engine/table_loader.h"

namespace ddb {

namespace {

void Finish(EngineImpl& impl, ImportDescription& job) {
  job.end_time = impl.clock->Now();
  impl.transfers.Put(job);
}

// Fails `job` and removes its table: the source could not be opened, or
// storage failed.
void Fail(EngineImpl& impl, ImportDescription& job, const std::string& table_name, const std::string& code,
          const std::string& message) {
  {
    std::lock_guard control(impl.locks.control_plane);
    impl.catalog.Remove(table_name);
  }
  job.status = TransferStatus::FAILED;
  job.failure_code = code;
  job.failure_message = message;
  Finish(impl, job);
}

// Reads every record of `source` into `table`, counting into `job`; false
// when the server's shutdown stopped it.
bool Load(EngineImpl& impl, ImportDescription& job, const TableDefinition& table, ImportSource& source) {
  TableLoader loader(impl.storage, table, /*keys_may_repeat=*/true);
  ImportRecord record;
  while (source.Next(record)) {
    if (impl.jobs.stopping()) return false;  // reported FAILED, its table removed, when the store opens again
    ++job.processed_items;
    if (!record.item) {
      ++job.error_count;
      continue;
    }
    try {
      if (ItemSize(*record.item) > kMaxItemBytes) throw ItemTooLarge();
      CheckIndexKeys(table, *record.item);
      loader.Add(*record.item);
      ++job.imported_items;
    } catch (const DynamoError&) {
      ++job.error_count;
      source.RejectLast();
    }
    record = ImportRecord{};
  }
  loader.Flush();
  job.processed_size_bytes = source.processed_bytes();
  return true;
}

void RunImport(EngineImpl& impl, ImportDescription job, const std::string& table_name, std::uint64_t table_id,
               const ImportSourceFactory& factory) {
  auto table = impl.catalog.Find(table_name);
  if (!table || table->id != table_id) return;
  try {
    std::unique_ptr<ImportSource> source = factory();
    if (!Load(impl, job, *table, *source)) return;
  } catch (const TransferFailure& failure) {
    Fail(impl, job, table_name, failure.code, failure.what());
    return;
  } catch (const std::exception& e) {
    Fail(impl, job, table_name, kInterruptedFailureCode, e.what());
    return;
  }
  {
    std::lock_guard control(impl.locks.control_plane);
    auto current = impl.catalog.Find(table_name);
    if (!current || current->id != table_id) return;
    TableDefinition done = *current;
    done.active_time = impl.clock->Now();
    impl.catalog.Update(std::move(done));
  }
  if (job.error_count > 0) {
    job.status = TransferStatus::FAILED;
    job.failure_code = "ItemValidationError";
    job.failure_message =
        "Some of the items failed validation checks and were not imported. Please check CloudWatch error logs for "
        "more details.";
  } else {
    job.status = TransferStatus::COMPLETED;
  }
  Finish(impl, job);
}

}  // namespace

ImportDescription Engine::ImportTable(const ImportRequest& request, ImportSourceFactory source) {
  std::lock_guard control(impl_->locks.control_plane);
  const double now = impl_->clock->Now();
  ImportDescription job = request.shape;
  if (auto earlier = impl_->transfers.ImportByToken(job.client_token);
      earlier && earlier->status == TransferStatus::IN_PROGRESS) {
    if (earlier->table_arn.substr(earlier->table_arn.rfind('/') + 1) == request.table.table_name) return *earlier;
    throw DuplicateRequestConflict(ErrorCode::ImportConflict);
  }
  if (impl_->catalog.Find(request.table.table_name)) {
    throw DynamoError(ErrorCode::ResourceInUse, "Table already exists: " + request.table.table_name);
  }
  TableDefinition t = impl_->NewTableDefinition(request.table, now);
  t.active_time = kLoadingActiveTime;
  t = impl_->catalog.Create(std::move(t));
  job.arn = t.Arn() + "/import/" + NewJobId(now);
  job.table_arn = t.Arn();
  job.table_id = t.table_uuid;
  job.start_time = now;
  job.status = TransferStatus::IN_PROGRESS;
  job.cloudwatch_log_group_arn = "arn:aws:logs:" + t.region + ":" + t.account_id + ":log-group:/aws-dynamodb/imports:*";
  impl_->transfers.Put(job);
  EngineImpl* impl = impl_.get();
  impl_->jobs.Post(
      [impl, job, name = t.name, id = t.id, source = std::move(source)] { RunImport(*impl, job, name, id, source); });
  return job;
}

ImportDescription Engine::DescribeImport(const std::string& import_arn) {
  auto job = impl_->transfers.FindImport(import_arn);
  if (!job) throw DynamoError(ErrorCode::ImportNotFound, "Import not found: " + import_arn);
  return *job;
}

ListImportsResult Engine::ListImports(const ListImportsRequest& request) {
  return impl_->transfers.ListImports(request);
}

void EngineImpl::DropInterruptedImports() {
  // A loading table that no restore fills was an import's, whether or not
  // its job record was written before the crash.
  for (const auto& table : catalog.All()) {
    if (table.loading() && !table.restore) catalog.Remove(table.name);
  }
}

}  // namespace ddb
