#include "engine/table_loader.h"

#include "engine/catalog.h"
#include "engine/index_entries.h"
#include "engine/item_codec.h"
#include "engine/primary_key.h"

namespace ddb {

namespace {
constexpr std::int64_t kItemsPerBatch = 1000;
}  // namespace

void TableLoader::Add(const Item& item) {
  const PrimaryKey key = KeyFromItem(table_, item);
  // A key seen before (an import may name one item twice): the later one
  // wins, and the earlier one's entries and counts are taken back.
  std::optional<Item> old;
  if (keys_may_repeat_) {
    if (batch_keys_.count(key.storage_key)) Flush();  // the earlier one is still in this batch
    if (auto bytes = storage_.Get(storage_.items(), key.storage_key)) old = DecodeItem(*bytes);
    batch_keys_.insert(key.storage_key);
  }
  batch_.Put(storage_.items(), key.storage_key, EncodeItem(item));
  AddIndexWrites(storage_, table_, key.storage_key, old ? &*old : nullptr, &item, batch_);
  const auto old_size = old ? static_cast<std::int64_t>(ItemSize(*old)) : 0;
  storage_.AddStats(batch_, Catalog::StatsKey(table_.id),
                    {old ? 0 : 1, static_cast<std::int64_t>(ItemSize(item)) - old_size});
  if (!table_.local_indexes.empty()) {
    const std::int64_t delta = ItemCollectionBytes(table_, item, key.storage_key) -
                               (old ? ItemCollectionBytes(table_, *old, key.storage_key) : 0);
    storage_.AddStats(batch_, Catalog::ItemCollectionStatsKey(table_.id, key.hash), {0, delta});
  }
  if (!old) ++items_;
  if (++batch_items_ >= kItemsPerBatch) Flush();
}

void TableLoader::Flush() {
  if (batch_.Count() > 0) storage_.Write(batch_);
  batch_.Clear();
  batch_keys_.clear();
  batch_items_ = 0;
}

}  // namespace ddb
