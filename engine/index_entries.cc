#include "engine/index_entries.h"

#include <algorithm>
#include <vector>

#include "engine/byte_codec.h"
#include "engine/capacity_model.h"
#include "engine/catalog.h"
#include "engine/error.h"
#include "engine/item_codec.h"
#include "engine/key_codec.h"
#include "engine/primary_key.h"

namespace ddb {
namespace {

constexpr std::size_t kTableIdBytes = 8;

const AttributeValue* Typed(const TableDefinition& table, const Item& item, const std::string& attribute) {
  auto it = item.find(attribute);
  if (it == item.end()) return nullptr;
  auto type = table.AttributeType(attribute);
  if (!type || it->second.type != *type) return nullptr;
  // Writes reject empty S/B index keys; a backfill leaves such items out.
  if (*type != ValueType::N && it->second.scalar.empty()) return nullptr;
  return &it->second;
}

std::optional<std::string> EntryKey(const TableDefinition& table, const SecondaryIndex& index, const Item& item,
                                    std::string_view base_storage_key) {
  std::vector<const AttributeValue*> partition;
  for (const auto& k : index.hash_keys) {
    const AttributeValue* v = Typed(table, item, k);
    if (!v) return std::nullopt;
    partition.push_back(v);
  }
  std::string key = EncodeIndexPartition(index.id, partition);
  for (const auto& k : index.range_keys) {
    const AttributeValue* v = Typed(table, item, k);
    if (!v) return std::nullopt;
    key += EncodeIndexSortAttribute(*v);
  }
  key.append(base_storage_key.substr(kTableIdBytes));
  return key;
}

}  // namespace

std::optional<std::string> IndexEntryKey(const TableDefinition& table, const SecondaryIndex& index, const Item& item,
                                         std::string_view base_storage_key) {
  return EntryKey(table, index, item, base_storage_key);
}

Item ProjectIntoIndex(const TableDefinition& table, const SecondaryIndex& index, const Item& item) {
  if (index.projection.type == ProjectionType::ALL) return item;
  Item out;
  auto copy = [&](const std::string& name) {
    auto it = item.find(name);
    if (it != item.end()) out.insert(*it);
  };
  copy(table.key_schema.hash_key);
  if (table.key_schema.range_key) copy(*table.key_schema.range_key);
  for (const auto& k : index.hash_keys) copy(k);
  for (const auto& k : index.range_keys) copy(k);
  for (const auto& k : index.projection.non_key_attributes) copy(k);
  return out;
}

bool IndexProjects(const TableDefinition& table, const SecondaryIndex& index, const std::string& name) {
  if (index.projection.type == ProjectionType::ALL) return true;
  if (name == table.key_schema.hash_key || name == table.key_schema.range_key || index.IsKeyAttribute(name))
    return true;
  for (const auto& a : index.projection.non_key_attributes) {
    if (a == name) return true;
  }
  return false;
}

void CheckIndexKeys(const TableDefinition& table, const Item& item, bool from_update) {
  // DynamoDB names the alphabetically first index when an attribute keys several.
  std::vector<const SecondaryIndex*> indexes;
  table.ForEachIndex([&](const SecondaryIndex& index) {
    if (!index.deleting) indexes.push_back(&index);
  });
  std::sort(indexes.begin(), indexes.end(),
            [](const SecondaryIndex* a, const SecondaryIndex* b) { return a->name < b->name; });
  for (const SecondaryIndex* index : indexes) {
    for (const auto* keys : {&index->hash_keys, &index->range_keys}) {
      const bool is_hash = keys == &index->hash_keys;
      for (const auto& k : *keys) {
        auto it = item.find(k);
        if (it == item.end()) continue;
        const auto defined = table.AttributeType(k);
        if (!defined) throw InternalServerError();
        const ValueType expected = *defined;
        if (it->second.type != expected) {
          throw InvalidParameterError(
              "Type mismatch for Index Key " + k + " Expected: " + std::string(TypeName(expected)) +
              " Actual: " + std::string(TypeName(it->second.type)) + " IndexName: " + index->name);
        }
        if (expected == ValueType::N) continue;
        if (!it->second.scalar.empty()) {
          CheckKeyValueSize(it->second, is_hash);
          continue;
        }
        if (from_update) {
          throw DynamoError(ErrorCode::InvalidRequestValue,
                            std::string("One or more parameter values are not valid. The update expression attempted "
                                        "to update a secondary index key to a value that is not supported. The "
                                        "AttributeValue for a key attribute cannot contain an empty ") +
                                (expected == ValueType::S ? "string" : "binary") + " value.");
        }
        throw EmptyIndexKeyValue(index->name, k, expected);
      }
    }
  }
}

void AddIndexEntry(Storage& storage, const TableDefinition& table, const SecondaryIndex& index,
                   std::string_view base_storage_key, const Item& item, rocksdb::WriteBatch& batch) {
  auto key = EntryKey(table, index, item, base_storage_key);
  if (!key) return;
  Item entry = ProjectIntoIndex(table, index, item);
  batch.Put(storage.items(), *key, EncodeItem(entry));
  storage.AddStats(batch, Catalog::StatsKey(index.id), {1, static_cast<std::int64_t>(ItemSize(entry))});
}

std::int64_t ItemCollectionBytes(const TableDefinition& table, const Item& item, std::string_view base_storage_key) {
  auto bytes = static_cast<std::int64_t>(ItemSize(item));
  for (const auto& index : table.local_indexes) {
    if (IndexEntryKey(table, index, item, base_storage_key)) {
      bytes += static_cast<std::int64_t>(ItemSize(ProjectIntoIndex(table, index, item)));
    }
  }
  return bytes;
}

void AddIndexWrites(Storage& storage, const TableDefinition& table, std::string_view base_storage_key, const Item* old,
                    const Item* updated, rocksdb::WriteBatch& batch, ConsumedCapacity* consumed) {
  auto units = [](std::int64_t bytes) { return static_cast<double>(bytes <= 0 ? 1 : (bytes + 1023) / 1024); };
  auto write = [&](const SecondaryIndex& index) {
    if (index.deleting) return;
    std::optional<std::string> old_key, new_key;
    if (old) old_key = EntryKey(table, index, *old, base_storage_key);
    // While a backfill runs, an item's entry exists only once the backfill
    // (or a write) made it.
    if (old_key && index.backfilling && !storage.Get(storage.items(), *old_key)) old_key.reset();
    if (updated) new_key = EntryKey(table, index, *updated, base_storage_key);
    if (!old_key && !new_key) return;
    TableStats delta;
    double written = 0;
    // The GSI partitions the units land in (entry keys start with the index
    // id, then the partition hash).
    auto landed = [&](const std::string& entry_key, const Item& item, double units) {
      if (!consumed || !index.global || units <= 0) return;
      std::vector<const AttributeValue*> partition_key;
      for (const auto& k : index.hash_keys) partition_key.push_back(&item.at(k));
      const std::string label = CapacityKeyLabel(partition_key);
      ByteReader hash(std::string_view(entry_key).substr(kTableIdBytes, 8));
      consumed->global_index_entries[index.name].push_back({hash.GetFixed64BE(), label, units});
    };
    std::optional<Item> old_entry;
    if (old_key) {
      // Entries carry their projection, whose size the old one contributed.
      old_entry = ProjectIntoIndex(table, index, *old);
      const auto old_size = static_cast<std::int64_t>(ItemSize(*old_entry));
      delta.item_count -= 1;
      delta.size_bytes -= old_size;
      if (old_key != new_key) {
        batch.Delete(storage.items(), *old_key);
        written += units(old_size);
        landed(*old_key, *old, units(old_size));
      }
    }
    if (new_key) {
      Item entry = ProjectIntoIndex(table, index, *updated);
      const auto new_size = static_cast<std::int64_t>(ItemSize(entry));
      delta.item_count += 1;
      delta.size_bytes += new_size;
      // An entry whose key and projection are unchanged costs nothing; one
      // rewritten in place costs the larger of its two sizes (docs/dynamodb-model.md §4.4).
      double cost = 0;
      if (old_key != new_key || !old_entry) {
        cost = units(new_size);
      } else if (!(*old_entry == entry)) {
        cost = std::max(units(new_size), units(static_cast<std::int64_t>(ItemSize(*old_entry))));
      }
      written += cost;
      landed(*new_key, *updated, cost);
      batch.Put(storage.items(), *new_key, EncodeItem(entry));
    }
    storage.AddStats(batch, Catalog::StatsKey(index.id), delta);
    if (consumed && written > 0) {
      (index.global ? consumed->global_index_units : consumed->local_index_units)[index.name] += written;
    }
  };
  table.ForEachIndex(write);
}

}  // namespace ddb
