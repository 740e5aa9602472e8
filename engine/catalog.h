// Catalog: the set of tables, cached in memory and persisted in the catalog
// column family. Table names are unique; each create gets a fresh id from a
// persisted counter. Removing a table drops its items and stats in the same
// write batch as its definition, so a crash never leaves half a table.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "engine/storage.h"
#include "engine/table_definition.h"

namespace ddb {

class Catalog {
 public:
  explicit Catalog(Storage& storage);

  // The stored definition, shared and immutable (an update stores a new
  // one), so a request reads it without copying; null when there is none.
  std::shared_ptr<const TableDefinition> Find(const std::string& name) const;
  std::vector<std::string> SortedNames() const;

  // Stores a new table, assigning its id. Throws ResourceInUseException when
  // the name is taken.
  TableDefinition Create(TableDefinition table);
  // Replaces the stored definition of an existing table, assigning ids to
  // new GSIs; returns the definition as stored.
  TableDefinition Update(TableDefinition table);
  // Adds to `batch` the removal of an index's entries and stats.
  void DropIndexEntries(const SecondaryIndex& index, rocksdb::WriteBatch& batch);
  // Adds to `batch` the removal of a table's items, index entries and stats,
  // keeping its definition (a restore starting over after a crash).
  void ClearContents(const TableDefinition& table, rocksdb::WriteBatch& batch);
  std::vector<TableDefinition> All() const;
  // Removes a table with all its items; nullopt when there is no such table.
  std::optional<TableDefinition> Remove(const std::string& name);

  static std::string StatsKey(std::uint64_t table_id);
  // The stats key of one item collection (tables with LSIs): "C", then the
  // partition's storage-key prefix.
  static std::string ItemCollectionStatsKey(std::uint64_t table_id, const AttributeValue& partition_key);

 private:
  Storage& storage_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, std::shared_ptr<const TableDefinition>> tables_;
  std::uint64_t next_id_ = 1;
};

}  // namespace ddb
