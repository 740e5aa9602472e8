// BatchWriteItem: validates every write first (tables, keys, sizes,
// duplicates), so a bad request changes nothing, then applies each write.
// A write whose item an in-flight transaction holds waits for it: DynamoDB's
// list of transaction conflicts (developer guide, "Transaction conflict
// handling") rejects single-item writes, not batch writes. Under Enforce a
// write whose table partition (or GSI) has no capacity left is returned
// unprocessed; when every write is, the batch fails with the throttling
// error (API reference, BatchWriteItem).
#include <map>
#include <set>

#include "engine/engine.h"
#include "engine/engine_impl.h"
#include "engine/error.h"
#include "engine/index_entries.h"
#include "engine/limits.h"
#include "engine/primary_key.h"

namespace ddb {

BatchWriteResult Engine::BatchWriteItem(const BatchWriteRequest& request) {
  // Sizes are request checks: before any table is looked up.
  for (const auto& w : request.writes) {
    if (w.is_put && ItemSize(w.item) > kMaxItemBytes) throw ItemTooLarge();
  }
  std::map<std::string, std::shared_ptr<const TableDefinition>> tables;
  for (const auto& w : request.writes) {
    if (!tables.count(w.table_name)) tables.emplace(w.table_name, impl_->ActiveTable(w.table_name));
  }
  std::set<std::string> seen;
  for (const auto& w : request.writes) {
    const TableDefinition& table = *tables.at(w.table_name);
    // A put's key is checked like a Key parameter: its key attributes must match the schema.
    Item key = w.item;
    if (w.is_put) {
      std::erase_if(key, [&](const auto& attribute) {
        return attribute.first != table.key_schema.hash_key && attribute.first != table.key_schema.range_key;
      });
    }
    PrimaryKey primary = KeyFromKeyParameter(table, key);
    if (!seen.insert(primary.storage_key).second) throw DuplicateBatchKeys();
    if (w.is_put) CheckIndexKeys(table, w.item);
  }
  BatchWriteResult result;
  std::optional<DynamoError> throttle;
  for (std::size_t i = 0; i < request.writes.size(); ++i) {
    const auto& w = request.writes[i];
    const TableDefinition& table = *tables.at(w.table_name);
    const ThrottlingMode mode = impl_->capacity.ModeFor(table);
    std::optional<bool> charge = false;
    if (mode != ThrottlingMode::Off) {
      PrimaryKey primary = w.is_put ? KeyFromItem(table, w.item) : KeyFromKeyParameter(table, w.item);
      auto error = impl_->capacity.Check(table, TableTouch(primary.hash, true));
      if (error && mode == ThrottlingMode::Enforce) {
        if (!throttle) throttle = error;
        result.unprocessed.push_back(i);
        continue;
      }
      charge = !error;
    }
    WriteItemResult written;
    try {
      if (w.is_put) {
        PutItemRequest put;
        put.table_name = w.table_name;
        put.item = w.item;
        written = impl_->Put(put, /*conflict_with_transactions=*/false, charge);
      } else {
        DeleteItemRequest del;
        del.table_name = w.table_name;
        del.key = w.item;
        written = impl_->Delete(del, /*conflict_with_transactions=*/false, charge);
      }
    } catch (const DynamoError& e) {
      // A GSI out of capacity holds the write back (only under Enforce).
      if (!e.is_throttling()) throw;
      if (!throttle) throttle = e;
      result.unprocessed.push_back(i);
      continue;
    }
    auto& consumed = result.consumed[w.table_name];
    consumed.write_units += written.consumed.write_units;
    for (const auto& [name, units] : written.consumed.global_index_units) consumed.global_index_units[name] += units;
    for (const auto& [name, units] : written.consumed.local_index_units) consumed.local_index_units[name] += units;
    if (written.item_collection) result.item_collections[w.table_name].push_back(*written.item_collection);
  }
  if (throttle && result.unprocessed.size() == request.writes.size()) throw *throttle;
  return result;
}

}  // namespace ddb
