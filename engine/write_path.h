// WritePath: the steps every item write takes, shared by single-item
// writes, BatchWriteItem and TransactWriteItems.
//
//   1. ReadAndCheckCondition: under the item's lock, read the current item
//      and check the write's condition against it;
//   2. Stage: add to one write batch everything the write changes (the base
//      item, its index entries, the table's stats, its item collection,
//      its stream record);
//   3. Commit: GSI back-pressure, the atomic write, then the charges.
// The caller holds the schema lock shared and the item's lock from step 1 to
// step 3, so a write never commits against a definition it did not check.
#pragma once

#include <cstdint>
#include <optional>

#include "engine/capacity_admission.h"
#include "engine/capacity_model.h"
#include "engine/expression.h"
#include "engine/pitr_history.h"
#include "engine/primary_key.h"
#include "engine/requests.h"
#include "engine/staged_write.h"
#include "engine/storage.h"
#include "engine/streams.h"

namespace ddb {

class WritePath {
 public:
  WritePath(Storage& storage, CapacityModel& capacity, CapacityAdmission& admission, Streams& streams,
            PitrHistory& history, std::int64_t item_collection_limit_bytes)
      : storage_(storage),
        capacity_(capacity),
        admission_(admission),
        streams_(streams),
        history_(history),
        item_collection_limit_bytes_(item_collection_limit_bytes) {}

  // The current item (the caller holds its lock), after checking the write's
  // condition against it. A failed condition is charged (when `charge`) and
  // throws ConditionalCheckFailedException, carrying the item when asked to.
  std::optional<Item> ReadAndCheckCondition(const TableDefinition& table, const PrimaryKey& key,
                                            const std::optional<Condition>& condition, bool return_old_on_failure,
                                            bool charge);
  // Adds to `write` everything one item write changes: the base item (put
  // `updated`, or delete when null), its index entries, the table's stats,
  // its item collection, its stream record (`by_service`: a TTL
  // deletion) and its point-in-time history record. Throws before touching `write` when the item collection
  // would grow past its limit.
  std::optional<ItemCollectionSize> Stage(const TableDefinition& table, const PrimaryKey& key, const Item* old,
                                          const Item* updated, StagedWrite& write, ConsumedCapacity* consumed = nullptr,
                                          bool by_service = false);
  // GSIs the write touches must have capacity (back-pressure), then the
  // batch is written and the units charged. `byte_delta`: how much the item
  // grew (negative: shrank), for its partition's size.
  void Commit(const TableDefinition& table, const PrimaryKey& key, StagedWrite& write, const ConsumedCapacity& consumed,
              bool charge, std::int64_t byte_delta);

 private:
  // For a table with LSIs: checks that a write from `old` to `updated` keeps
  // the item collection within its limit (ItemCollectionSizeLimitExceeded-
  // Exception), adds the size change to `batch` and returns the new size.
  std::optional<ItemCollectionSize> AccountItemCollection(const TableDefinition& table, const PrimaryKey& key,
                                                          const Item* old, const Item* updated,
                                                          rocksdb::WriteBatch& batch);

  Storage& storage_;
  CapacityModel& capacity_;
  CapacityAdmission& admission_;
  Streams& streams_;
  PitrHistory& history_;
  const std::int64_t item_collection_limit_bytes_;
};

}  // namespace ddb
