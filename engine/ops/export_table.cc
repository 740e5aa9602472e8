// ExportTableToPointInTime, DescribeExport, ListExports: a job that reads the
// table at an instant of its point-in-time window (a full export) or its
// changes over a span (an incremental one) from the history
// (engine/pitr_history.h), through a snapshot taken when asked, and hands
// them to the protocol's writer. Texts: docs/export-import-format.md §4.
#include <cmath>

#include "engine/backups.h"
#include "engine/engine.h"
#include "engine/engine_impl.h"
#include "engine/error.h"
#include "engine/pitr_history.h"

namespace ddb {

namespace {

constexpr double kMinIncrementalSpanSeconds = 15 * 60;
constexpr double kMaxIncrementalSpanSeconds = 24 * 3600;

bool SameRequest(const ExportDescription& a, const ExportDescription& b) {
  return a.table_arn == b.table_arn && a.s3_bucket == b.s3_bucket && a.s3_prefix == b.s3_prefix &&
         a.s3_bucket_owner == b.s3_bucket_owner && a.format == b.format && a.s3_sse_algorithm == b.s3_sse_algorithm &&
         a.incremental == b.incremental && a.from_time == b.from_time && a.to_time == b.to_time &&
         a.view_type == b.view_type;
}

// The key attributes of `item`.
Item KeysOf(const KeySchema& schema, const Item& item) {
  Item keys;
  for (const auto* name : {&schema.hash_key, schema.range_key ? &*schema.range_key : nullptr}) {
    if (!name) continue;
    if (auto it = item.find(*name); it != item.end()) keys.emplace(*name, it->second);
  }
  return keys;
}

// Thrown from inside an export when the server is stopping.
struct ExportStopped {};

void RunExport(EngineImpl& impl, ExportDescription job, const KeySchema& schema,
               const std::shared_ptr<const rocksdb::Snapshot>& snapshot, const ExportWriterFactory& factory) {
  auto stop_check = [&] {
    if (impl.jobs.stopping()) throw ExportStopped{};
  };
  try {
    std::unique_ptr<ExportWriter> writer = factory(job);
    if (job.incremental) {
      impl.history.ForEachChange(job.table_storage_id, ToMicros(job.from_time), ToMicros(job.to_time), snapshot.get(),
                                 [&](const PitrHistory::Change& change) {
                                   stop_check();
                                   const Item& some = change.new_image ? *change.new_image : *change.old_image;
                                   writer->Change(KeysOf(schema, some), change.old_image, change.new_image,
                                                  change.write_micros);
                                 });
    } else {
      impl.history.ForEachItemAt(job.table_storage_id, ToMicros(job.export_time), snapshot.get(),
                                 [&](const std::string&, const Item& item) {
                                   stop_check();
                                   writer->Item(item);
                                 });
    }
    job.end_time = impl.clock->Now();
    job.manifest = writer->Finish(job);
    job.status = TransferStatus::COMPLETED;
  } catch (const ExportStopped&) {
    return;  // reported FAILED when the store opens again
  } catch (const TransferFailure& failure) {
    job.status = TransferStatus::FAILED;
    job.failure_code = failure.code;
    job.failure_message = failure.what();
  } catch (const std::exception& e) {
    job.status = TransferStatus::FAILED;
    job.failure_code = kInterruptedFailureCode;
    job.failure_message = e.what();
  }
  job.end_time = impl.clock->Now();
  impl.transfers.Put(job);
}

}  // namespace

ExportDescription Engine::ExportTableToPointInTime(const ExportRequest& request, ExportWriterFactory writer) {
  std::lock_guard control(impl_->locks.control_plane);
  const double now = impl_->clock->Now();
  auto table = impl_->catalog.Find(request.table_name);
  if (!table || now < table->active_time) throw BackupTableNotFound(request.table_arn);
  if (!table->pitr.enabled) {
    throw PointInTimeRecoveryNotEnabled(table->name);
  }
  ExportDescription job = request.shape;
  job.table_arn = table->Arn();
  job.table_id = table->table_uuid;
  job.table_storage_id = table->id;
  const RestorableWindow window = RestorableWindowOf(table->pitr, now);
  if (job.incremental) {
    if (job.to_time == 0) job.to_time = now;
    const double span = job.to_time - job.from_time;
    if (job.from_time < window.earliest || job.to_time > now) {
      throw DynamoError(ErrorCode::InvalidExportTime, "Export Time is invalid");
    }
    if (span < kMinIncrementalSpanSeconds) {
      throw DynamoError(ErrorCode::InvalidExportTime,
                        "Difference between export period start time and end time should be at least 15 minutes");
    }
    if (span > kMaxIncrementalSpanSeconds) {
      throw DynamoError(ErrorCode::InvalidExportTime,
                        "Difference between export period start time and end time should be at most 24 hours");
    }
  } else {
    job.export_time = request.export_time.value_or(now);
    if (job.export_time < window.earliest || job.export_time > now) {
      throw DynamoError(ErrorCode::InvalidExportTime, "Export Time is invalid");
    }
  }
  if (!job.client_token.empty()) {
    if (auto earlier = impl_->transfers.ExportByToken(job.client_token)) {
      if (SameRequest(*earlier, job)) return *earlier;
      throw DuplicateRequestConflict(ErrorCode::ExportConflict);
    }
  }
  // An incremental export starts on a whole second, as DynamoDB's do.
  job.start_time = job.incremental ? std::floor(now) : now;
  job.arn = table->Arn() + "/export/" + NewJobId(job.start_time);
  if (job.client_token.empty()) job.client_token = NewTableUuid();
  job.status = TransferStatus::IN_PROGRESS;
  impl_->transfers.Put(job);
  // Taken with no write in flight, so every write up to now is in it.
  std::shared_ptr<const rocksdb::Snapshot> snapshot;
  {
    std::unique_lock schema(impl_->locks.schema);
    snapshot = impl_->storage.TakeSnapshot();
  }
  EngineImpl* impl = impl_.get();
  impl_->jobs.Post([impl, job, schema = table->key_schema, snapshot, writer = std::move(writer)] {
    RunExport(*impl, job, schema, snapshot, writer);
  });
  return job;
}

ExportDescription Engine::DescribeExport(const std::string& export_arn) {
  auto job = impl_->transfers.FindExport(export_arn);
  if (!job) throw DynamoError(ErrorCode::ExportNotFound, "Export not found: " + export_arn);
  return *job;
}

ListExportsResult Engine::ListExports(const ListExportsRequest& request) {
  return impl_->transfers.ListExports(request);
}

}  // namespace ddb
