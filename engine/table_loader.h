// TableLoader: fills a table no request can reach yet (a restore or an
// import in progress: the table is CREATING) with items, their index entries
// and the stats DescribeTable reads, in write batches of bounded size. It
// takes no locks: nothing else writes to such a table.
#pragma once

#include <rocksdb/write_batch.h>

#include <cstdint>
#include <string>
#include <unordered_set>

#include "engine/attribute_value.h"
#include "engine/storage.h"
#include "engine/table_definition.h"

namespace ddb {

class TableLoader {
 public:
  // `keys_may_repeat`: an item may name a key loaded before (an import),
  // which costs a read per item; a restore's keys are unique.
  TableLoader(Storage& storage, const TableDefinition& table, bool keys_may_repeat)
      : storage_(storage), table_(table), keys_may_repeat_(keys_may_repeat) {}

  // Adds one item. Its key must match the table's schema (KeyFromItem,
  // which throws DynamoDB's error otherwise); an item loaded before with the
  // same key is replaced.
  void Add(const Item& item);
  // Writes what is still buffered.
  void Flush();

  std::int64_t items() const { return items_; }

 private:
  Storage& storage_;
  const TableDefinition& table_;
  const bool keys_may_repeat_;
  rocksdb::WriteBatch batch_;
  std::unordered_set<std::string> batch_keys_;  // when keys may repeat
  std::int64_t items_ = 0;
  std::int64_t batch_items_ = 0;
};

}  // namespace ddb
