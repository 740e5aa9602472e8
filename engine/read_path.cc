#include "engine/read_path.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/capacity.h"
#include "engine/error.h"
#include "engine/index_entries.h"
#include "engine/item_codec.h"
#include "engine/limits.h"
#include "engine/primary_key.h"

namespace ddb {

namespace {

void TopLevelNames(const Condition& c, std::vector<std::string>& out) {
  for (const auto& o : c.operands) {
    if (!o.path.empty()) out.push_back(o.path[0].name);
  }
  for (const auto& child : c.children) TopLevelNames(child, out);
}

// Whether reading an LSI this way needs attributes it does not project.
bool NeedsBaseItems(const TableDefinition& table, const SecondaryIndex& index, const ReadPageOptions& page) {
  if (index.global || index.projection.type == ProjectionType::ALL) return false;
  if (page.select && *page.select == "ALL_ATTRIBUTES") return true;
  if (page.projection) {
    for (const auto& path : *page.projection) {
      if (!IndexProjects(table, index, path[0].name)) return true;
    }
  }
  return false;
}

// Table keys plus index keys, as DynamoDB returns LastEvaluatedKey.
Item LastEvaluatedKey(const TableDefinition& table, const SecondaryIndex* index, const Item& item) {
  Item key = KeyFromItem(table, item).AsItem(table);
  if (index) {
    for (const auto* names : {&index->hash_keys, &index->range_keys}) {
      for (const auto& n : *names) {
        if (auto it = item.find(n); it != item.end()) key.insert(*it);
      }
    }
  }
  return key;
}

void CheckSelect(const TableDefinition& table, const SecondaryIndex* index, const ReadPageOptions& page) {
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
  if (select == "ALL_PROJECTED_ATTRIBUTES" && !index) {
    throw ValidationError("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
  }
  if (select == "ALL_ATTRIBUTES" && index && index->global && index->projection.type != ProjectionType::ALL) {
    throw InvalidParameterError("Select type ALL_ATTRIBUTES is not supported for global secondary index " +
                                index->name + " because its projection type is not ALL");
  }
  (void)table;
}

}  // namespace

const SecondaryIndex* ReadableIndex(const TableDefinition& table, const ReadPageOptions& page) {
  if (!page.index_name) return nullptr;
  const SecondaryIndex* index = table.FindIndex(*page.index_name);
  if (!index || index->deleting) {
    throw ValidationError("The table does not have the specified index: " + *page.index_name);
  }
  if (index->global && page.consistent_read) {
    throw ValidationError("Consistent reads are not supported on global secondary indexes");
  }
  if (index->backfilling) {
    throw ValidationError("Cannot read from backfilling global secondary index: " + index->name);
  }
  return index;
}

std::string StartKey(const TableDefinition& table, const SecondaryIndex* index, const Item& start) {
  if (!index) return KeyFromStartKey(table, start).storage_key;
  // Exactly the table's and the index's key attributes: the table's name the
  // item, the index's place it in the index.
  std::vector<std::string> names = {table.key_schema.hash_key};
  if (table.key_schema.range_key) names.push_back(*table.key_schema.range_key);
  const std::size_t table_key_count = names.size();
  for (const auto* keys : {&index->hash_keys, &index->range_keys}) {
    for (const auto& n : *keys) {
      if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    }
  }
  if (start.size() != names.size()) throw InvalidStartKey();
  Item table_key;
  for (std::size_t i = 0; i < table_key_count; ++i) {
    if (auto it = start.find(names[i]); it != start.end()) table_key.insert(*it);
  }
  PrimaryKey base;
  try {
    base = KeyFromKeyParameter(table, table_key);
  } catch (const DynamoError& e) {
    if (!e.is_validation()) throw;
    throw InvalidStartKey(e.message());
  }
  for (std::size_t i = table_key_count; i < names.size(); ++i) {
    auto it = start.find(names[i]);
    if (it == start.end()) throw InvalidStartKey();
    if (it->second.type != table.KeyAttributeType(names[i])) {
      throw KeySchemaMismatch();
    }
  }
  auto entry = IndexEntryKey(table, *index, start, base.storage_key);
  if (!entry) throw InvalidStartKey();
  return *entry;
}

void CheckIndexProjection(const TableDefinition& table, const SecondaryIndex* index, const ReadPageOptions& page,
                          bool query) {
  const bool partial = index && index->projection.type != ProjectionType::ALL;
  if (!partial) return CheckSelect(table, index, page);
  auto missing = [&](const std::vector<std::string>& names) {
    std::vector<std::string> out;
    for (const auto& n : names) {
      if (!IndexProjects(table, *index, n) && std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
    }
    return out;
  };
  auto list = [](const std::vector<std::string>& names) {
    std::string text = "[";
    for (std::size_t i = 0; i < names.size(); ++i) text += (i ? ", " : "") + names[i];
    return text + "]";
  };
  if (query && page.filter) {
    std::vector<std::string> names;
    TopLevelNames(*page.filter, names);
    if (auto m = missing(names); !m.empty()) {
      throw InvalidParameterError("Secondary index " + index->name +
                                  " does not project one or more filter attributes: " + list(m));
    }
  }
  CheckSelect(table, index, page);
  if (index->global && page.projection) {
    std::vector<std::string> names;
    for (const auto& path : *page.projection) names.push_back(path[0].name);
    if (auto m = missing(names); !m.empty()) {
      throw InvalidParameterError("Global secondary index " + index->name + " does not project " + list(m));
    }
  }
}

ReadPageResult ReadRange(Storage& storage, const TableDefinition& table, const SecondaryIndex* index,
                         const std::string& lower, const std::string& upper, bool forward, const ReadPageOptions& page,
                         ConsumedCapacity* consumed) {
  ReadPageResult result;
  const bool fetch_base = index && NeedsBaseItems(table, *index, page);
  std::unique_ptr<rocksdb::Iterator> it(storage.db()->NewIterator(rocksdb::ReadOptions(), storage.items()));
  if (forward) {
    it->Seek(lower);
  } else {
    it->SeekForPrev(upper);
    if (it->Valid() && it->key().compare(upper) >= 0) it->Prev();
  }
  std::size_t bytes = 0;
  std::size_t fetched_units = 0;  // LSI base fetches are charged per item
  while (it->Valid()) {
    const rocksdb::Slice key = it->key();
    if (forward ? key.compare(upper) >= 0 : key.compare(lower) < 0) break;
    const std::string_view stored(it->value().data(), it->value().size());
    // Decoded only when something looks inside: the filter, the last key, an
    // LSI's base item or a projection.
    std::optional<Item> decoded;
    auto item = [&]() -> const Item& {
      if (!decoded) decoded = DecodeItem(stored);
      return *decoded;
    };
    ++result.scanned_count;
    bytes += EncodedItemSize(stored);
    // Reaching Limit ends the page with a LastEvaluatedKey even when no item
    // follows, as DynamoDB does.
    const bool stop = bytes >= kMaxReadPageBytes || (page.limit && result.scanned_count == *page.limit);
    if (stop) result.last_evaluated_key = LastEvaluatedKey(table, index, item());
    // The filter sees what the index holds (AWS: a filter on an attribute the
    // index does not project matches nothing).
    if (!page.filter || Evaluate(*page.filter, item())) {
      ++result.count;
      if (!page.count_only) {
        std::optional<std::string> base;
        if (fetch_base) {
          base = storage.Get(storage.items(), KeyFromItem(table, item()).storage_key);
          if (base) {
            fetched_units += (EncodedItemSize(*base) + 4095) / 4096;
            decoded.reset();
          }
        }
        const std::string_view source = base ? std::string_view(*base) : stored;
        if (page.projection) {
          if (!decoded) decoded = DecodeItem(source);
          result.items.push_back(EncodeItem(Project(*decoded, *page.projection)));
        } else {
          result.items.emplace_back(source);
        }
      }
    }
    if (stop) break;
    forward ? it->Next() : it->Prev();
  }
  if (!it->status().ok()) throw std::runtime_error("reading items: " + it->status().ToString());
  if (consumed) {
    double units = ReadUnits(bytes, page.consistent_read);
    if (fetched_units) units += page.consistent_read ? fetched_units : fetched_units / 2.0;
    if (!index)
      consumed->read_units = units;
    else
      (index->global ? consumed->global_index_units : consumed->local_index_units)[index->name] = units;
  }
  return result;
}

}  // namespace ddb
