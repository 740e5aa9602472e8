#include "engine/write_path.h"

#include "engine/capacity.h"
#include "engine/catalog.h"
#include "engine/error.h"
#include "engine/index_entries.h"
#include "engine/item_codec.h"
#include "engine/key_codec.h"

namespace ddb {

std::optional<Item> WritePath::ReadAndCheckCondition(const TableDefinition& table, const PrimaryKey& key,
                                                     const std::optional<Condition>& condition,
                                                     bool return_old_on_failure, bool charge) {
  std::optional<Item> current;
  if (auto bytes = storage_.Get(storage_.items(), key.storage_key)) current = DecodeItem(*bytes);
  if (condition && !Evaluate(*condition, current ? *current : Item{})) {
    // A failed condition still consumes write capacity: one unit per KB of
    // the item, or one when there is none (developer guide, condition
    // expressions), though the error reports no ConsumedCapacity.
    if (charge) capacity_.Charge(table, TableTouch(key.hash, true), WriteUnits(current ? ItemSize(*current) : 0, 0));
    DynamoError error = ConditionalCheckFailed();
    if (return_old_on_failure && current) error.set_item(*current);
    throw error;
  }
  return current;
}

std::optional<ItemCollectionSize> WritePath::Stage(const TableDefinition& table, const PrimaryKey& key, const Item* old,
                                                   const Item* updated, StagedWrite& write, ConsumedCapacity* consumed,
                                                   bool by_service) {
  rocksdb::WriteBatch& batch = write.batch;
  std::optional<ItemCollectionSize> collection = AccountItemCollection(table, key, old, updated, batch);
  if (updated) {
    batch.Put(storage_.items(), key.storage_key, EncodeItem(*updated));
  } else {
    batch.Delete(storage_.items(), key.storage_key);
  }
  AddIndexWrites(storage_, table, key.storage_key, old, updated, batch, consumed);
  const std::int64_t old_size = old ? static_cast<std::int64_t>(ItemSize(*old)) : 0;
  const std::int64_t new_size = updated ? static_cast<std::int64_t>(ItemSize(*updated)) : 0;
  storage_.AddStats(batch, Catalog::StatsKey(table.id), {(updated ? 1 : 0) - (old ? 1 : 0), new_size - old_size});
  history_.Stage(table, key.storage_key, old, write);
  if (table.has_enabled_stream()) {
    streams_.Stage(table, PartitionHash(key.hash), key.AsItem(table), old, updated, by_service, write);
  }
  return collection;
}

std::optional<ItemCollectionSize> WritePath::AccountItemCollection(const TableDefinition& table, const PrimaryKey& key,
                                                                   const Item* old, const Item* updated,
                                                                   rocksdb::WriteBatch& batch) {
  if (table.local_indexes.empty()) return std::nullopt;
  auto size = [&](const Item* item) -> std::int64_t {
    return item ? ItemCollectionBytes(table, *item, key.storage_key) : 0;
  };
  const std::string stats_key = Catalog::ItemCollectionStatsKey(table.id, key.hash);
  const std::int64_t delta = size(updated) - size(old);
  const std::int64_t current = storage_.ReadStats(stats_key).size_bytes;
  if (delta > 0 && current + delta > item_collection_limit_bytes_) throw ItemCollectionTooLarge();
  if (delta != 0) storage_.AddStats(batch, stats_key, {0, delta});
  ItemCollectionSize result;
  result.key.emplace(table.key_schema.hash_key, key.hash);
  result.size_bytes = current + delta;
  return result;
}

void WritePath::Commit(const TableDefinition& table, const PrimaryKey& key, StagedWrite& write,
                       const ConsumedCapacity& consumed, bool charge, std::int64_t byte_delta) {
  // Under observe a write its GSIs would have refused is charged nowhere,
  // as the refused write would not be.
  const bool charge_indexes = admission_.AdmitIndexWrites(table, consumed);
  if (!charge_indexes && !consumed.global_index_entries.empty()) charge = false;
  streams_.Write(write);
  if (byte_delta != 0 && capacity_.ModeFor(table) != ThrottlingMode::Off) {
    capacity_.AddBytes(table, TableTouch(key.hash, true), byte_delta);
  }
  if (charge) {
    // LSI entries live in the table's partitions and budget.
    double units = consumed.write_units;
    for (const auto& [name, lsi_units] : consumed.local_index_units) units += lsi_units;
    capacity_.Charge(table, TableTouch(key.hash, true), units);
  }
  if (charge_indexes) admission_.ChargeIndexWrites(table, consumed);
}

}  // namespace ddb
