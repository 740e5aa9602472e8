#include "engine/engine.h"

#include <functional>

#include "engine/capacity.h"
#include "engine/error.h"
#include "engine/index_entries.h"
#include "engine/item_codec.h"

namespace ddb {

Engine::Engine(EngineOptions options) : options_(std::move(options)) {
  if (options_.clock) {
    clock_ = options_.clock;
  } else {
    auto clock = std::make_shared<AdjustableClock>();
    adjustable_clock_ = clock.get();
    clock_ = std::move(clock);
  }
  capacity_ = std::make_unique<CapacityModel>(*clock_, options_.throttling);
  capacity_->set_split_bytes(options_.partition_split_bytes);
  storage_ = std::make_unique<Storage>(options_.storage);
  catalog_ = std::make_unique<Catalog>(*storage_);
  for (const auto& table : catalog_->All()) {
    table.ForEachIndex([&](const SecondaryIndex& index) {
      if (index.backfilling || index.deleting) StartIndexJob(table.name, index.name);
    });
  }
}

Engine::~Engine() {
  stopping_ = true;
  std::vector<Job> jobs;
  {
    std::lock_guard lock(jobs_mutex_);
    jobs.swap(jobs_);
  }
  for (auto& job : jobs) job.thread.join();  // without jobs_mutex_: a job may be starting another
  catalog_.reset();
  storage_.reset();
}

std::shared_ptr<const TableDefinition> Engine::ActiveTable(const std::string& table_name) {
  auto table = catalog_->Find(table_name);
  if (!table || clock_->Now() < table->active_time) throw ResourceNotFoundError();
  return table;
}

TableDescription Engine::Describe(const TableDefinition& table) {
  TableDescription d;
  d.definition = table;
  const double now = clock_->Now();
  d.status = now < table.active_time      ? TableStatus::CREATING
             : now < table.updating_until ? TableStatus::UPDATING
                                          : TableStatus::ACTIVE;
  TableStats stats = storage_->ReadStats(Catalog::StatsKey(table.id));
  d.item_count = stats.item_count;
  d.size_bytes = stats.size_bytes;
  table.ForEachIndex([&](const SecondaryIndex& index) {
    d.index_stats[index.id] = storage_->ReadStats(Catalog::StatsKey(index.id));
  });
  d.warm[table.id] = capacity_->Warm(table, nullptr);
  for (const auto& gsi : table.global_indexes) d.warm[gsi.id] = capacity_->Warm(table, &gsi);
  return d;
}

std::optional<ItemCollectionSize> Engine::StageWrite(const TableDefinition& table, const PrimaryKey& key,
                                                     const Item* old, const Item* updated, rocksdb::WriteBatch& batch,
                                                     ConsumedCapacity* consumed) {
  std::optional<ItemCollectionSize> collection = AccountItemCollection(table, key, old, updated, batch);
  if (updated) {
    batch.Put(storage_->items(), key.storage_key, EncodeItem(*updated));
  } else {
    batch.Delete(storage_->items(), key.storage_key);
  }
  AddIndexWrites(*storage_, table, key.storage_key, old, updated, batch, consumed);
  const std::int64_t old_size = old ? static_cast<std::int64_t>(ItemSize(*old)) : 0;
  const std::int64_t new_size = updated ? static_cast<std::int64_t>(ItemSize(*updated)) : 0;
  storage_->AddStats(batch, Catalog::StatsKey(table.id),
                     {(updated ? 1 : 0) - (old ? 1 : 0), new_size - old_size});
  return collection;
}

std::optional<ItemCollectionSize> Engine::AccountItemCollection(const TableDefinition& table, const PrimaryKey& key,
                                                                const Item* old, const Item* updated,
                                                                rocksdb::WriteBatch& batch) {
  if (table.local_indexes.empty()) return std::nullopt;
  auto size = [&](const Item* item) -> std::int64_t {
    if (!item) return 0;
    std::int64_t bytes = static_cast<std::int64_t>(ItemSize(*item));
    for (const auto& index : table.local_indexes) {
      if (IndexEntryKey(table, index, *item, key.storage_key)) {
        bytes += static_cast<std::int64_t>(ItemSize(ProjectIntoIndex(table, index, *item)));
      }
    }
    return bytes;
  };
  const std::string stats_key = Catalog::ItemCollectionStatsKey(table.id, key.hash);
  const std::int64_t delta = size(updated) - size(old);
  const std::int64_t current = storage_->ReadStats(stats_key).size_bytes;
  if (delta > 0 && current + delta > options_.item_collection_limit_bytes) {
    throw DynamoError("ItemCollectionSizeLimitExceededException", "Collection size exceeded.");
  }
  if (delta != 0) storage_->AddStats(batch, stats_key, {0, delta});
  ItemCollectionSize result;
  result.key.emplace(table.key_schema.hash_key, key.hash);
  result.size_bytes = current + delta;
  return result;
}

std::optional<Item> Engine::ReadAndCheckCondition(const TableDefinition& table, const PrimaryKey& key,
                                                  const std::optional<Condition>& condition,
                                                  bool return_old_on_failure, bool charge) {
  std::optional<Item> current;
  if (auto bytes = storage_->Get(storage_->items(), key.storage_key)) current = DecodeItem(*bytes);
  if (condition && !Evaluate(*condition, current ? *current : Item{})) {
    // A failed condition still consumes write capacity: one unit per KB of
    // the item, or one when there is none (developer guide, condition
    // expressions), though the error reports no ConsumedCapacity.
    if (charge) capacity_->Charge(table, TableTouch(key.hash, true), WriteUnits(current ? ItemSize(*current) : 0, 0));
    DynamoError error("ConditionalCheckFailedException", "The conditional request failed");
    if (return_old_on_failure && current) error.set_item(*current);
    throw error;
  }
  return current;
}

}  // namespace ddb
