#include "engine/engine_impl.h"

#include "engine/engine.h"
#include "engine/error.h"
#include "engine/read_path.h"

namespace ddb {

namespace {

std::shared_ptr<Clock> ClockOf(const EngineOptions& options) {
  if (options.clock) return options.clock;
  return std::make_shared<AdjustableClock>();
}

}  // namespace

EngineImpl::EngineImpl(EngineOptions engine_options)
    : options(std::move(engine_options)),
      clock(ClockOf(options)),
      adjustable_clock(options.clock ? nullptr : static_cast<AdjustableClock*>(clock.get())),
      capacity(*clock, options.throttling),
      storage(options.storage),
      catalog(storage),
      admission(capacity),
      streams(storage, capacity, *clock, options.shard_rollover_seconds),
      history(storage, *clock),
      writes(storage, capacity, admission, streams, history, options.item_collection_limit_bytes),
      transaction_tokens(*clock),
      index_jobs(storage, catalog, item_locks, capacity, locks,
                 {options.index_creation_hold_seconds, options.index_deletion_hold_seconds}),
      ttl_sweeper(*this),
      backups(storage),
      transfers(storage, clock->Now()) {
  capacity.set_split_bytes(options.partition_split_bytes);
  index_jobs.ResumeUnfinished();
  ttl_sweeper.Start(options.ttl_interval_seconds);
  ResumeRestores();
  DropInterruptedImports();
}

std::shared_ptr<const TableDefinition> EngineImpl::ActiveTable(const std::string& table_name) {
  auto table = catalog.Find(table_name);
  if (!table || clock->Now() < table->active_time) throw ResourceNotFoundError();
  return table;
}

TableDescription EngineImpl::Describe(const TableDefinition& table) {
  TableDescription d;
  d.definition = table;
  const double now = clock->Now();
  d.status = now < table.active_time      ? TableStatus::CREATING
             : now < table.updating_until ? TableStatus::UPDATING
                                          : TableStatus::ACTIVE;
  TableStats stats = storage.ReadStats(Catalog::StatsKey(table.id));
  d.item_count = stats.item_count;
  d.size_bytes = stats.size_bytes;
  table.ForEachIndex(
      [&](const SecondaryIndex& index) { d.index_stats[index.id] = storage.ReadStats(Catalog::StatsKey(index.id)); });
  d.warm[table.id] = capacity.Warm(table, nullptr);
  for (const auto& gsi : table.global_indexes) d.warm[gsi.id] = capacity.Warm(table, &gsi);
  return d;
}

// The public API's own methods; the operations live in engine/ops/.

Engine::Engine(EngineOptions options) : impl_(std::make_unique<EngineImpl>(std::move(options))) {}

Engine::~Engine() = default;

const Clock& Engine::clock() const { return *impl_->clock; }

AdjustableClock* Engine::adjustable_clock() { return impl_->adjustable_clock; }

CapacityReport Engine::ReportCapacity() { return impl_->capacity.Report(impl_->catalog.All()); }

void Engine::SetDefaultThrottlingMode(ThrottlingMode mode) { impl_->capacity.SetDefaultMode(mode); }

void Engine::CheckReadableIndex(const std::string& table_name, const std::string& index_name, bool consistent_read) {
  ReadPageOptions page;
  page.index_name = index_name;
  page.consistent_read = consistent_read;
  ReadableIndex(*impl_->ActiveTable(table_name), page);
}

void Engine::SetThrottlingMode(const std::string& table_name, std::optional<ThrottlingMode> mode) {
  if (!impl_->catalog.Find(table_name)) throw ResourceNotFoundError();
  impl_->capacity.SetTableMode(table_name, mode);
}

}  // namespace ddb
