// SchemaLocks: the two locks that order table changes against item writes.
//
// Lock order, outermost first: control_plane, then schema, then an item's
// lock (engine/item_locks.h); the leaf locks inside Catalog, CapacityModel
// and IdempotencyStore are never held while another is taken.
#pragma once

#include <mutex>
#include <shared_mutex>

namespace ddb {

struct SchemaLocks {
  // Control-plane operations read a definition, change it and write it back;
  // they run one at a time so none works on a stale copy.
  std::mutex control_plane;
  // Item writes hold this shared from reading the table definition to
  // committing; changes to a table's indexes and table removal hold it
  // exclusively, so no write commits against a definition older than the
  // change (a backfill then never misses a concurrent write).
  std::shared_mutex schema;
};

}  // namespace ddb
