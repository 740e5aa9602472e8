// Secondary-index entries of base items: which entry an item has in an index
// (if any), what it stores, and the index writes that go into the same write
// batch as a base write, so a base item and its index entries never disagree,
// even across a crash.
//
// An item has an entry in an index exactly when it has every index key
// attribute with the defined type (sparse indexes). The entry stores the
// projection: table keys, index keys and the projected non-key attributes.
#pragma once

#include <rocksdb/write_batch.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/attribute_value.h"
#include "engine/requests.h"
#include "engine/storage.h"
#include "engine/table_definition.h"

namespace ddb {

// The entry's storage key for `item`, whose base storage key is
// `base_storage_key`; nullopt when the item is not in the index.
std::optional<std::string> IndexEntryKey(const TableDefinition& table, const SecondaryIndex& index, const Item& item,
                                         std::string_view base_storage_key);

// What the index stores for `item`.
Item ProjectIntoIndex(const TableDefinition& table, const SecondaryIndex& index, const Item& item);

// Whether the index stores attribute `name` (keys always; others by projection).
bool IndexProjects(const TableDefinition& table, const SecondaryIndex& index, const std::string& name);

// Rejects an item whose index key attributes have the wrong type or an empty
// value, with DynamoDB's messages (UpdateItem words the empty-value case its
// own way). Called for every item about to be written.
void CheckIndexKeys(const TableDefinition& table, const Item& item, bool from_update = false);

// Adds to `batch` the entry deletes and puts (and index stats deltas) for a
// base write from `old` to `updated` (null = absent) on every live index,
// and to `consumed` the index write units: each entry written or deleted
// costs one unit per KB of its projection (a moved entry costs both).
void AddIndexWrites(Storage& storage, const TableDefinition& table, std::string_view base_storage_key, const Item* old,
                    const Item* updated, rocksdb::WriteBatch& batch, ConsumedCapacity* consumed = nullptr);

// The bytes `item` adds to its item collection (tables with LSIs): its own
// size and that of its LSI entries.
std::int64_t ItemCollectionBytes(const TableDefinition& table, const Item& item, std::string_view base_storage_key);

// Adds to `batch` the entry for `item` in one index (backfill).
void AddIndexEntry(Storage& storage, const TableDefinition& table, const SecondaryIndex& index,
                   std::string_view base_storage_key, const Item& item, rocksdb::WriteBatch& batch);

}  // namespace ddb
