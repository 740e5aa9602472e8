// BatchGetItem: every table and key is checked before anything is read, so a
// bad request reads nothing. Items are read in request order until the
// next item would take the response past 16 MB; that key and the rest are
// returned as unprocessed. Under Enforce a key whose partition has no
// capacity left is unprocessed too; when every key is, the batch fails with
// the throttling error (API reference, BatchGetItem).
#include "engine/capacity.h"
#include "engine/engine.h"
#include "engine/engine_impl.h"
#include "engine/item_codec.h"
#include "engine/key_paths.h"
#include "engine/limits.h"
#include "engine/primary_key.h"

namespace ddb {

BatchGetResult Engine::BatchGetItem(const BatchGetRequest& request) {
  std::vector<std::shared_ptr<const TableDefinition>> tables;
  std::vector<std::vector<PrimaryKey>> keys;
  for (const auto& t : request.tables) {
    const TableDefinition& table = *tables.emplace_back(impl_->ActiveTable(t.table_name));
    CheckNestedKeyPaths(table, t.projection, std::nullopt);
    auto& table_keys = keys.emplace_back();
    for (const auto& key : t.keys) table_keys.push_back(KeyFromKeyParameter(table, key));
  }
  BatchGetResult result;
  std::size_t bytes = 0, requested = 0, throttled = 0;
  bool full = false;
  std::optional<DynamoError> throttle;
  for (std::size_t i = 0; i < request.tables.size(); ++i) {
    const auto& t = request.tables[i];
    const TableDefinition& table = *tables[i];
    const bool enforce = impl_->capacity.ModeFor(table) == ThrottlingMode::Enforce;
    const bool off = !enforce && impl_->capacity.ModeFor(table) == ThrottlingMode::Off;
    auto& items = result.responses[t.table_name];
    auto& consumed = result.consumed[t.table_name];
    for (std::size_t k = 0; k < keys[i].size(); ++k) {
      ++requested;
      if (full) {
        result.unprocessed[t.table_name].push_back(t.keys[k]);
        continue;
      }
      const CapacityTouch touch = TableTouch(keys[i][k].hash, false);
      std::optional<DynamoError> error;
      if (!off) error = impl_->capacity.Check(table, touch);
      if (error && enforce) {
        ++throttled;
        if (!throttle) throttle = error;
        result.unprocessed[t.table_name].push_back(t.keys[k]);
        continue;
      }
      std::size_t size = 0;
      if (auto stored = impl_->storage.Get(impl_->storage.items(), keys[i][k].storage_key)) {
        size = EncodedItemSize(*stored);
        if (bytes + size > kMaxBatchGetResponseBytes) {
          full = true;
          result.unprocessed[t.table_name].push_back(t.keys[k]);
          continue;
        }
        bytes += size;
        items.push_back(t.projection ? EncodeItem(Project(DecodeItem(*stored), *t.projection)) : std::move(*stored));
      }
      consumed.read_units += ReadUnits(size, t.consistent_read);
      if (!off && !error) impl_->capacity.Charge(table, touch, ReadUnits(size, t.consistent_read));
    }
  }
  if (throttle && throttled == requested) throw *throttle;
  return result;
}

}  // namespace ddb
