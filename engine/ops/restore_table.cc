// RestoreTableFromBackup and RestoreTableToPointInTime: a new table with the
// source's definition (less what DynamoDB does not restore: stream, TTL,
// point-in-time recovery, tags, deletion protection, table class), the
// overrides applied, CREATING until a background job has loaded every item
// (engine/table_loader.h). A restore a crash interrupted starts over when
// the store opens again. Texts and rules: docs/backup-messages.md §6-§9.
#include "engine/engine.h"
#include "engine/engine_impl.h"
#include "engine/error.h"
#include "engine/pitr_history.h"
#include "engine/table_loader.h"

namespace ddb {

namespace {

constexpr std::size_t kMaxConcurrentRestores = 50;

DynamoError InvalidRequest(const std::string& what) { return ValidationError("Invalid Request: " + what); }

// An index override must name an index of the source, which it restores
// with the override's throughput; omitted, every source index is restored.
std::vector<SecondaryIndex> RestoredIndexes(const std::vector<SecondaryIndex>& source,
                                            const std::optional<std::vector<SecondaryIndex>>& overrides) {
  if (!overrides) return source;
  std::vector<SecondaryIndex> out;
  for (const auto& wanted : *overrides) {
    const SecondaryIndex* match = nullptr;
    for (const auto& index : source) {
      if (index.name == wanted.name) match = &index;
    }
    if (!match || match->hash_keys != wanted.hash_keys || match->range_keys != wanted.range_keys) {
      throw InvalidRequest("Index " + wanted.name +
                           " does not match a secondary index that existed in the source table and cannot be "
                           "created during the restore operation");
    }
    SecondaryIndex restored = *match;
    restored.projection = wanted.projection;
    restored.throughput = wanted.throughput;
    restored.on_demand = wanted.on_demand;
    out.push_back(std::move(restored));
  }
  return out;
}

void ApplyBillingOverrides(TableDefinition& t, const RestoreOverrides& o) {
  const bool source_on_demand = t.billing_mode == BillingMode::PAY_PER_REQUEST;
  if (o.throughput) {
    if (o.billing_mode == BillingMode::PAY_PER_REQUEST) {
      throw InvalidRequest("Cannot override ProvisionedThroughput if BillingMode is overridden to PAY_PER_REQUEST");
    }
    if (!o.billing_mode && source_on_demand) {
      throw InvalidRequest("Cannot override ProvisionedThroughput unless BillingMode is PROVISIONED");
    }
  }
  if (o.billing_mode == BillingMode::PROVISIONED && source_on_demand && !o.throughput) {
    throw InvalidRequest("Must override ProvisionedThroughput if BillingMode is overridden to PROVISIONED");
  }
  if (o.on_demand) {
    for (std::int64_t units : {o.on_demand->max_read_request_units, o.on_demand->max_write_request_units}) {
      if (units == 0 || units < -1) {
        throw InvalidRequest("Requested MaxReadRequestUnits for OnDemandThroughput is outside of valid range");
      }
    }
  }
  const BillingMode mode = o.billing_mode.value_or(t.billing_mode);
  if (o.on_demand && mode != BillingMode::PAY_PER_REQUEST) {
    throw InvalidRequest(
        "Cannot override MaxReadRequestUnits for OnDemandThroughput unless BillingModeOverride is PAY_PER_REQUEST");
  }
  t.billing_mode = mode;
  if (mode == BillingMode::PAY_PER_REQUEST) {
    t.throughput = {};
    for (auto& gsi : t.global_indexes) gsi.throughput = {};
    if (o.on_demand) t.on_demand = o.on_demand;
  } else {
    if (o.throughput) t.throughput = *o.throughput;
    t.on_demand.reset();
    for (auto& gsi : t.global_indexes) {
      if (gsi.throughput.read_capacity_units == 0 || gsi.throughput.write_capacity_units == 0) {
        throw InvalidRequest("Must specify provisioned throughput for index " + gsi.name);
      }
    }
  }
}

// The target's definition: the source's, as a fresh CREATING table.
TableDefinition RestoredDefinition(const TableDefinition& source, const std::string& target_name,
                                   const RestoreOverrides& overrides, RestoreSummary summary, double now) {
  TableDefinition t = source;
  t.name = target_name;
  t.id = 0;
  t.table_uuid = NewTableUuid();
  t.local_indexes = RestoredIndexes(source.local_indexes, overrides.local_indexes);
  t.global_indexes = RestoredIndexes(source.global_indexes, overrides.global_indexes);
  for (auto* list : {&t.local_indexes, &t.global_indexes}) {
    for (auto& index : *list) {
      index.id = 0;
      index.backfilling = false;
      index.deleting = false;
      index.warm.reset();
    }
  }
  ApplyBillingOverrides(t, overrides);
  if (overrides.sse) t.sse = overrides.sse->enabled ? overrides.sse : std::nullopt;
  t.stream.reset();
  t.stream_id = 0;
  t.latest_stream_label.clear();
  t.ttl = {};
  t.pitr = {};
  t.tags.clear();
  t.deletion_protection = false;
  t.table_class = "STANDARD";
  t.table_class_changes.clear();
  t.warm.reset();
  t.creation_time = now;
  t.active_time = kLoadingActiveTime;
  t.updating_until = 0;
  t.last_billing_mode_change_time.reset();
  if (t.billing_mode == BillingMode::PAY_PER_REQUEST) t.last_billing_mode_change_time = now;
  t.restore = std::move(summary);
  return t;
}

// The checks both restores make on the target and on the number of
// restores under way.
void CheckTarget(EngineImpl& impl, const std::string& target_name) {
  std::size_t restoring = 0;
  for (const auto& table : impl.catalog.All()) {
    if (table.restore) ++restoring;
  }
  if (auto existing = impl.catalog.Find(target_name)) {
    if (existing->restore) {
      throw DynamoError(ErrorCode::TableInUse,
                        "Table: " + target_name + " is already being restored from backup: " +
                            (existing->restore->source_backup_arn.empty() ? existing->restore->source_table_arn
                                                                          : existing->restore->source_backup_arn));
    }
    throw DynamoError(ErrorCode::TableAlreadyExists, "Table already exists: " + target_name);
  }
  if (restoring >= kMaxConcurrentRestores) {
    throw DynamoError(ErrorCode::LimitExceeded, "Subscriber limit exceeded: Only " +
                                                    std::to_string(kMaxConcurrentRestores) +
                                                    " restore operations can be done simultaneously");
  }
}

// Thrown from inside a load when the server is stopping.
struct LoadStopped {};

// Loads the target from its source, then makes it ACTIVE (without its
// RestoreSummary, as DynamoDB shows a finished restore). A load the server's
// shutdown stops starts over when the store opens again; one that fails
// otherwise removes its target.
void RunRestore(EngineImpl& impl, const std::string& target_name, std::uint64_t target_id,
                const std::shared_ptr<const rocksdb::Snapshot>& snapshot) {
  auto target = impl.catalog.Find(target_name);
  if (!target || target->id != target_id || !target->restore) return;
  const RestoreSummary& summary = *target->restore;
  try {
    TableLoader loader(impl.storage, *target, /*keys_may_repeat=*/false);
    auto add = [&](const Item& item) {
      if (impl.jobs.stopping()) throw LoadStopped{};
      loader.Add(item);
    };
    if (!summary.source_backup_arn.empty()) {
      impl.backups.ForEachItem(summary.source_backup_arn, add);
    } else {
      impl.history.ForEachItemAt(summary.source_table_id, ToMicros(summary.restore_date_time), snapshot.get(),
                                 [&](const std::string&, const Item& item) { add(item); });
    }
    loader.Flush();
  } catch (const LoadStopped&) {
    return;
  } catch (const std::exception&) {
    std::lock_guard control(impl.locks.control_plane);
    impl.catalog.Remove(target_name);
    return;
  }
  std::lock_guard control(impl.locks.control_plane);
  auto current = impl.catalog.Find(target_name);  // nothing changes a loading table, but read it as it is
  if (!current || current->id != target_id) return;
  TableDefinition done = *current;
  done.restore.reset();
  done.active_time = impl.clock->Now();
  impl.catalog.Update(std::move(done));
}

void PostRestore(EngineImpl& impl, const TableDefinition& target, std::shared_ptr<const rocksdb::Snapshot> snapshot) {
  EngineImpl* p = &impl;
  impl.jobs.Post(
      [p, name = target.name, id = target.id, snapshot = std::move(snapshot)] { RunRestore(*p, name, id, snapshot); });
}

TableDescription Started(EngineImpl& impl, const TableDefinition& target) {
  TableDescription d = impl.Describe(target);
  d.status = TableStatus::CREATING;
  d.item_count = 0;  // the loader may have begun: the answer shows the table as created
  d.size_bytes = 0;
  d.index_stats.clear();
  return d;
}

}  // namespace

TableDescription Engine::RestoreTableFromBackup(const RestoreFromBackupRequest& request) {
  std::lock_guard control(impl_->locks.control_plane);
  auto backup = impl_->backups.Find(request.backup_arn, impl_->clock->Now());
  if (!backup || backup->status != BackupStatus::AVAILABLE) throw BackupNotFound(request.backup_arn);
  CheckTarget(*impl_, request.target_table_name);
  for (const auto& table : impl_->catalog.All()) {
    if (table.restore && table.restore->source_backup_arn == request.backup_arn) {
      throw DynamoError(ErrorCode::BackupInUse, "Backup is being used to restore another table: " + request.backup_arn);
    }
  }
  RestoreSummary summary;
  summary.source_backup_arn = backup->arn;
  summary.source_table_arn = backup->table.Arn();
  summary.restore_date_time = backup->creation_time;
  TableDefinition target = impl_->catalog.Create(RestoredDefinition(
      backup->table, request.target_table_name, request.overrides, std::move(summary), impl_->clock->Now()));
  PostRestore(*impl_, target, nullptr);
  return Started(*impl_, target);
}

TableDescription Engine::RestoreTableToPointInTime(const RestoreToPointInTimeRequest& request) {
  std::lock_guard control(impl_->locks.control_plane);
  const double now = impl_->clock->Now();
  auto source = impl_->catalog.Find(request.source_table_name);
  if (!source || now < source->active_time) throw BackupTableNotFound(request.source_table_name);
  if (!source->pitr.enabled) {
    throw PointInTimeRecoveryNotEnabled(request.source_table_name);
  }
  const RestorableWindow window = RestorableWindowOf(source->pitr, now);
  const double at = request.restore_time.value_or(window.latest);
  if (at < window.earliest || at > window.latest) {
    throw DynamoError(ErrorCode::InvalidRestoreTime,
                      "RestoreDateTime '" + IsoSeconds(at) + "' must be within EarliestRestorableDateTime '" +
                          IsoSeconds(window.earliest) + "' and LatestRestorableDateTime '" + IsoSeconds(window.latest) +
                          "'");
  }
  CheckTarget(*impl_, request.target_table_name);
  RestoreSummary summary;
  summary.source_table_arn = source->Arn();
  summary.source_table_id = source->id;
  summary.restore_date_time = at;
  // The snapshot is taken now, with no write in flight (they stage and
  // commit under the shared schema lock), so every write up to now is in it
  // and a source deleted before the job runs is still read whole.
  std::shared_ptr<const rocksdb::Snapshot> snapshot;
  {
    std::unique_lock schema(impl_->locks.schema);
    snapshot = impl_->storage.TakeSnapshot();
  }
  TableDefinition target = impl_->catalog.Create(
      RestoredDefinition(*source, request.target_table_name, request.overrides, std::move(summary), now));
  PostRestore(*impl_, target, std::move(snapshot));
  return Started(*impl_, target);
}

void EngineImpl::ResumeRestores() {
  for (const auto& table : catalog.All()) {
    if (!table.restore) continue;
    rocksdb::WriteBatch clear;
    catalog.ClearContents(table, clear);
    storage.Write(clear);
    bool source_gone = false;
    if (table.restore->source_backup_arn.empty()) {
      // The source's history must still reach back to the restore's instant.
      const std::string& arn = table.restore->source_table_arn;
      auto source = catalog.Find(arn.substr(arn.rfind('/') + 1));
      source_gone = !source || source->id != table.restore->source_table_id || !source->pitr.enabled ||
                    table.restore->restore_date_time < RestorableWindowOf(source->pitr, clock->Now()).earliest;
    } else {
      source_gone = !backups.Find(table.restore->source_backup_arn, clock->Now());
    }
    if (source_gone) {
      catalog.Remove(table.name);  // nothing left to restore it from
      continue;
    }
    PostRestore(*this, table, table.restore->source_backup_arn.empty() ? storage.TakeSnapshot() : nullptr);
  }
}

}  // namespace ddb
