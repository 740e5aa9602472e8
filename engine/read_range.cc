// Engine::ReadRange: the paging loop Query and Scan share.
//
// DynamoDB evaluates items in key order, stops when Limit items have been
// evaluated or after the item that takes the page to 1 MB or more, applies the
// filter to what it evaluated, and reports LastEvaluatedKey whenever it
// stopped early. Capacity is the evaluated bytes rounded up to 4 KB once.
#include <memory>

#include "engine/capacity.h"
#include "engine/engine.h"
#include "engine/error.h"
#include "engine/item_codec.h"
#include "engine/primary_key.h"

namespace ddb {

namespace {
constexpr std::size_t kMaxPageBytes = 1024 * 1024;
}

void Engine::CheckSelect(const ReadPageOptions& page, bool querying_index) {
  if (!page.select) return;
  const std::string& select = *page.select;
  if (select == "SPECIFIC_ATTRIBUTES") {
    if (!page.projection_member) {
      throw ValidationError(
          "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
    }
    return;
  }
  if (page.projection_member) {
    throw ValidationError(std::string("Cannot specify the ") + page.projection_member + " when choosing to get " +
                          (select == "COUNT" ? "only the Count" : select));
  }
  if (select == "ALL_PROJECTED_ATTRIBUTES" && !querying_index) {
    throw ValidationError("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
  }
}

ReadPageResult Engine::ReadRange(const TableDefinition& table, const std::string& lower, const std::string& upper,
                                 bool forward, const ReadPageOptions& page, ConsumedCapacity* consumed) {
  ReadPageResult result;
  std::unique_ptr<rocksdb::Iterator> it(storage_->db()->NewIterator(rocksdb::ReadOptions(), storage_->items()));
  if (forward) {
    it->Seek(lower);
  } else {
    it->SeekForPrev(upper);
    if (it->Valid() && it->key().compare(upper) >= 0) it->Prev();
  }
  std::size_t bytes = 0;
  bool stopped_early = false;
  Item last;
  while (it->Valid()) {
    const rocksdb::Slice key = it->key();
    if (forward ? key.compare(upper) >= 0 : key.compare(lower) < 0) break;
    Item item = DecodeItem(std::string_view(it->value().data(), it->value().size()));
    ++result.scanned_count;
    bytes += ItemSize(item);
    last = item;
    if (!page.filter || Evaluate(*page.filter, item)) {
      ++result.count;
      if (!page.count_only) result.items.push_back(page.projection ? Project(item, *page.projection) : std::move(item));
    }
    // Reaching Limit ends the page with a LastEvaluatedKey even when no item
    // follows, as DynamoDB does.
    if (bytes >= kMaxPageBytes || (page.limit && result.scanned_count == *page.limit)) {
      stopped_early = true;
      break;
    }
    forward ? it->Next() : it->Prev();
  }
  if (!it->status().ok()) throw std::runtime_error("reading items: " + it->status().ToString());
  if (stopped_early) {
    result.last_evaluated_key = KeyFromItem(table, last).AsItem(table);
  }
  if (consumed) consumed->read_units = ReadUnits(bytes, page.consistent_read);
  return result;
}

}  // namespace ddb
