// Scan: the whole table in storage-key order, i.e. partition-hash order.
// Segment i of n is the i-th of n equal ranges of the 64-bit partition hash,
// so segments never overlap and together cover every item.
#include "engine/engine.h"
#include "engine/error.h"
#include "engine/key_codec.h"
#include "engine/primary_key.h"

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
  TableDefinition table = ActiveTable(request.table_name);
  std::string lower = TableKeyPrefix(table.id);
  std::string upper = TableKeyPrefix(table.id + 1);
  if (request.segment) {
    const auto [segment, total] = *request.segment;
    const unsigned __int128 space = static_cast<unsigned __int128>(1) << 64;
    lower = HashBound(table.id, space * segment / total);
    if (segment + 1 < total) upper = HashBound(table.id, space * (segment + 1) / total);
  }
  if (request.page.exclusive_start_key) {
    PrimaryKey start = KeyFromStartKey(table, *request.page.exclusive_start_key);
    if (start.storage_key < lower || start.storage_key >= upper) {
      throw ValidationError("The provided Exclusive start key does not map to the provided segment");
    }
    lower = start.storage_key + '\0';
  }
  CheckSelect(request.page, /*querying_index=*/false);
  return ReadRange(table, lower, upper, /*forward=*/true, request.page, consumed);
}

}  // namespace ddb
