// Scan: the whole table (or index) in storage-key order, i.e. partition-hash
// order.
// Segment i of n is the i-th of n equal ranges of the 64-bit partition hash,
// so segments never overlap and together cover every item.
#include "engine/engine.h"
#include "engine/engine_impl.h"
#include "engine/error.h"
#include "engine/key_codec.h"
#include "engine/key_paths.h"
#include "engine/primary_key.h"
#include "engine/read_path.h"

namespace ddb {

namespace {

std::string HashBound(std::uint64_t table_id, unsigned __int128 hash) {
  std::string out = TableKeyPrefix(table_id);
  const auto h = static_cast<std::uint64_t>(hash);
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((h >> shift) & 0xff));
  return out;
}

}  // namespace

ReadPageResult Engine::Scan(const ScanRequest& request, ConsumedCapacity* consumed) {
  const auto definition = impl_->ActiveTable(request.table_name);
  const TableDefinition& table = *definition;
  const SecondaryIndex* index = ReadableIndex(table, request.page);
  const std::uint64_t id = index ? index->id : table.id;
  std::string lower = TableKeyPrefix(id);
  std::string upper = TableKeyPrefix(id + 1);
  if (request.segment) {
    const auto [segment, total] = *request.segment;
    const unsigned __int128 space = static_cast<unsigned __int128>(1) << 64;
    lower = HashBound(id, space * segment / total);
    if (segment + 1 < total) upper = HashBound(id, space * (segment + 1) / total);
  }
  // Scan checks Select before the start key (AWS).
  CheckIndexProjection(table, index, request.page, /*query=*/false);
  if (request.page.exclusive_start_key) {
    const std::string start = StartKey(table, index, *request.page.exclusive_start_key);
    if (start < lower || start >= upper) {
      throw ValidationError("The provided Exclusive start key does not map to the provided segment");
    }
    lower = start + '\0';
  }
  CheckNestedKeyPaths(table, request.page.projection, request.page.filter);
  // A Scan page is budgeted against the table or GSI as a whole.
  const CapacityTouch touch{index && index->global ? index : nullptr, false, std::nullopt, nullptr, ""};
  const bool charge = impl_->capacity.Admit(table, touch);
  ConsumedCapacity units;
  if (!consumed) consumed = &units;
  ReadPageResult result =
      ReadRange(impl_->storage, table, index, lower, upper, /*forward=*/true, request.page, consumed);
  if (charge) impl_->capacity.Charge(table, touch, consumed->total());
  return result;
}

}  // namespace ddb
