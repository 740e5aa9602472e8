// GetItem: one item by its full key. Reads are served from the latest
// committed state, so eventually consistent reads are also consistent here.
#include "engine/capacity.h"
#include "engine/engine.h"
#include "engine/engine_impl.h"
#include "engine/item_codec.h"
#include "engine/key_paths.h"
#include "engine/primary_key.h"

namespace ddb {

GetItemResult Engine::GetItem(const GetItemRequest& request) {
  const auto definition = impl_->ActiveTable(request.table_name);
  const TableDefinition& table = *definition;
  CheckNestedKeyPaths(table, request.projection, std::nullopt);
  PrimaryKey key = KeyFromKeyParameter(table, request.key);
  const CapacityTouch touch = TableTouch(key.hash, false);
  const bool charge = impl_->capacity.Admit(table, touch);
  GetItemResult result;
  std::size_t size = 0;
  if (auto bytes = impl_->storage.Get(impl_->storage.items(), key.storage_key)) {
    size = EncodedItemSize(*bytes);
    result.item = request.projection ? EncodeItem(Project(DecodeItem(*bytes), *request.projection)) : std::move(*bytes);
  }
  result.consumed.read_units = ReadUnits(size, request.consistent_read);
  if (charge) impl_->capacity.Charge(table, touch, result.consumed.read_units);
  return result;
}

}  // namespace ddb
