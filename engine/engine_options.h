// EngineOptions: how an embedding program or the server configures an
// Engine. Plain values only, so the public API needs no storage headers.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "engine/clock.h"
#include "engine/limits.h"
#include "engine/throttling.h"

namespace ddb {

struct StorageOptions {
  bool in_memory = true;
  std::string path;  // directory, when not in memory
  bool sync = false;
};

struct EngineOptions {
  StorageOptions storage;
  std::shared_ptr<Clock> clock;  // SystemClock when null
  std::string account_id = "000000000000";
  double table_creation_seconds = 0;  // how long a new table stays CREATING
  double table_update_seconds = 0;    // how long UpdateTable leaves UPDATING
  // The least time (wall clock) a GSI added by UpdateTable stays CREATING,
  // and a deleted one DELETING: DynamoDB Local's -delayTransientStatuses.
  double index_creation_hold_seconds = 0;
  double index_deletion_hold_seconds = 0;
  // Largest item collection (items of one partition key plus their LSI
  // entries) of a table with LSIs.
  std::int64_t item_collection_limit_bytes = 10LL * 1024 * 1024 * 1024;
  // Test seam: runs while a TransactWriteItems holds its items, between its
  // checks and its commit, so tests can write to those items concurrently.
  std::function<void()> while_transaction_holds_items;
  // Throughput admission (engine/capacity_model.h); tables may override it
  // with the tag `ddbemu:throttling`.
  ThrottlingMode throttling = ThrottlingMode::Observe;
  // How often the TTL sweeper runs (0: only when asked, Engine::SweepExpiredItems).
  double ttl_interval_seconds = 5;
  // A stream shard closes and opens a child after this long (engine clock).
  double shard_rollover_seconds = kDefaultShardRolloverSeconds;
  // A capacity partition storing more than this splits in two.
  std::int64_t partition_split_bytes = 10LL * 1024 * 1024 * 1024;
};

}  // namespace ddb
