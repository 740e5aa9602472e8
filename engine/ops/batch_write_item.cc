// BatchWriteItem: validates every write first (tables, keys, sizes,
// duplicates), so a bad request changes nothing, then applies each write.
#include <set>

#include "engine/engine.h"
#include "engine/error.h"
#include "engine/index_entries.h"
#include "engine/primary_key.h"

namespace ddb {

BatchWriteResult Engine::BatchWriteItem(const BatchWriteRequest& request) {
  std::set<std::string> seen;
  for (const auto& w : request.writes) {
    TableDefinition table = ActiveTable(w.table_name);
    PrimaryKey key = w.is_put ? KeyFromItem(table, w.item) : KeyFromKeyParameter(table, w.item);
    if (w.is_put && ItemSize(w.item) > 409600) throw ValidationError("Item size has exceeded the maximum allowed size");
    if (w.is_put) CheckIndexKeys(table, w.item);
    if (!seen.insert(key.storage_key).second) throw ValidationError("Provided list of item keys contains duplicates");
  }
  BatchWriteResult result;
  for (const auto& w : request.writes) {
    WriteItemResult written;
    if (w.is_put) {
      PutItemRequest put;
      put.table_name = w.table_name;
      put.item = w.item;
      written = PutItem(put);
    } else {
      DeleteItemRequest del;
      del.table_name = w.table_name;
      del.key = w.item;
      written = DeleteItem(del);
    }
    result.consumed[w.table_name].write_units += written.consumed.write_units;
    if (written.item_collection) result.item_collections[w.table_name].push_back(*written.item_collection);
  }
  return result;
}

}  // namespace ddb
