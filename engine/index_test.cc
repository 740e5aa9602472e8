#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "engine/engine.h"
#include "engine/error.h"
#include "engine/item_codec.h"
#include "engine/key_codec.h"

using namespace ddb;

namespace {

AttributeValue S(const std::string& s) { return AttributeValue::String(s); }

SecondaryIndex Gsi(const std::string& name, std::vector<std::string> hash, std::vector<std::string> range = {}) {
  SecondaryIndex index;
  index.name = name;
  index.global = true;
  index.hash_keys = std::move(hash);
  index.range_keys = std::move(range);
  return index;
}

std::unique_ptr<Engine> TableWithGsi(std::vector<SecondaryIndex> gsis) {
  auto engine = std::make_unique<Engine>(EngineOptions{});
  CreateTableRequest t;
  t.table_name = "T";
  t.attribute_definitions = {{"pk", ValueType::S}, {"g", ValueType::S}, {"r", ValueType::S}};
  t.key_schema.hash_key = "pk";
  t.billing_mode = BillingMode::PAY_PER_REQUEST;
  t.global_indexes = std::move(gsis);
  engine->CreateTable(t);
  return engine;
}

void Put(Engine& e, Item item) {
  PutItemRequest put;
  put.table_name = "T";
  put.item = std::move(item);
  e.PutItem(put);
}

void Delete(Engine& e, const std::string& pk) {
  DeleteItemRequest del;
  del.table_name = "T";
  del.key = {{"pk", S(pk)}};
  e.DeleteItem(del);
}

// Every page of a Scan through `index`, as (pk -> g) pairs; fails on a repeat.
std::map<std::string, std::string> ScanIndex(Engine& e, const std::string& index) {
  std::map<std::string, std::string> out;
  ScanRequest scan;
  scan.table_name = "T";
  scan.page.index_name = index;
  scan.page.limit = 97;
  for (;;) {
    ReadPageResult page = e.Scan(scan, nullptr);
    for (const auto& stored : page.items) {
      Item item = DecodeItem(stored);
      CHECK(out.emplace(item.at("pk").scalar, item.at("g").scalar).second);
    }
    if (!page.last_evaluated_key) return out;
    scan.page.exclusive_start_key = page.last_evaluated_key;
  }
}

std::map<std::string, std::string> ScanBaseWithKey(Engine& e) {
  std::map<std::string, std::string> out;
  ScanRequest scan;
  scan.table_name = "T";
  for (;;) {
    ReadPageResult page = e.Scan(scan, nullptr);
    for (const auto& stored : page.items) {
      Item item = DecodeItem(stored);
      if (auto g = item.find("g"); g != item.end()) out.emplace(item.at("pk").scalar, g->second.scalar);
    }
    if (!page.last_evaluated_key) return out;
    scan.page.exclusive_start_key = page.last_evaluated_key;
  }
}

}  // namespace

TEST_CASE("index sort attributes are prefix-free and keep byte order when followed by more bytes") {
  // "a" < "a\0" < "ab" must hold for the attribute alone and with any suffix.
  std::vector<std::string> values = {
      "", std::string(1, '\0'), "a", std::string("a\0", 2), std::string("a\0b", 3), "ab", "b", "\xff", "\xff\xff"};
  std::vector<std::string> encoded;
  for (const auto& v : values) encoded.push_back(EncodeIndexSortAttribute(AttributeValue::String(v)) + "\xff\x00zz");
  CHECK(std::is_sorted(encoded.begin(), encoded.end()));
  for (std::size_t i = 0; i < values.size(); ++i) {
    for (std::size_t j = 0; j < values.size(); ++j) {
      const std::string prefix = EncodeIndexSortPrefix(AttributeValue::String(values[i]));
      const bool starts = encoded[j].compare(0, prefix.size(), prefix) == 0;
      CHECK(starts == (values[j].compare(0, values[i].size(), values[i]) == 0));
    }
  }
}

TEST_CASE("a GSI holds exactly the items with its key, through puts, key moves, removals and deletes") {
  auto engine = TableWithGsi({Gsi("by_g", {"g"})});
  Put(*engine, {{"pk", S("1")}, {"g", S("x")}});
  Put(*engine, {{"pk", S("2")}, {"g", S("x")}});
  Put(*engine, {{"pk", S("3")}});                 // sparse: not indexed
  Put(*engine, {{"pk", S("1")}, {"g", S("y")}});  // moves
  UpdateItemRequest update;
  update.table_name = "T";
  update.key = {{"pk", S("2")}};
  UpdateAction remove;
  remove.kind = UpdateAction::Kind::Remove;
  remove.path = {PathElement::Name("g")};
  update.update.actions = {remove};
  engine->UpdateItem(update);  // leaves the index
  Put(*engine, {{"pk", S("4")}, {"g", S("x")}});
  Delete(*engine, "4");
  CHECK(ScanIndex(*engine, "by_g") == std::map<std::string, std::string>{{"1", "y"}});
  auto d = engine->DescribeTable("T");
  CHECK(d.index_stats.begin()->second.item_count == 1);
}

TEST_CASE("a backfill under concurrent writers leaves every entry exactly once, with exact counts") {
  auto engine = TableWithGsi({});
  constexpr int kItems = 3000;
  for (int i = 0; i < kItems; ++i) {
    Item item{{"pk", S(std::to_string(i))}};
    if (i % 3) item.emplace("g", S("g" + std::to_string(i % 7)));
    Put(*engine, item);
  }
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < 2; ++w) {
    writers.emplace_back([&, w] {
      std::mt19937 rng(w);
      while (!stop) {
        const std::string pk = std::to_string(rng() % (kItems + 500));
        switch (rng() % 3) {
          case 0: Put(*engine, {{"pk", S(pk)}, {"g", S("w" + std::to_string(rng() % 5))}}); break;
          case 1: Put(*engine, {{"pk", S(pk)}}); break;
          default: Delete(*engine, pk);
        }
      }
    });
  }
  UpdateTableRequest add;
  add.table_name = "T";
  GlobalIndexUpdate create;
  create.kind = GlobalIndexUpdate::Kind::Create;
  create.create = Gsi("late", {"g"});
  add.index_updates = {create};
  add.attribute_definitions = {{"pk", ValueType::S}, {"g", ValueType::S}, {"r", ValueType::S}};
  engine->UpdateTable(add);
  for (;;) {
    auto d = engine->DescribeTable("T");
    if (!d.definition.global_indexes.at(0).backfilling) break;
    std::this_thread::yield();
  }
  stop = true;
  for (auto& t : writers) t.join();
  const auto indexed = ScanIndex(*engine, "late");
  CHECK(indexed == ScanBaseWithKey(*engine));
  auto d = engine->DescribeTable("T");
  CHECK(d.index_stats.at(d.definition.global_indexes.at(0).id).item_count == static_cast<std::int64_t>(indexed.size()));
}

TEST_CASE("multi-attribute GSI keys: items missing any key attribute are not indexed") {
  auto engine = TableWithGsi({Gsi("multi", {"g", "r"})});
  Put(*engine, {{"pk", S("1")}, {"g", S("a")}, {"r", S("b")}});
  Put(*engine, {{"pk", S("2")}, {"g", S("a")}});
  Put(*engine, {{"pk", S("3")}, {"r", S("b")}});
  CHECK(ScanIndex(*engine, "multi") == std::map<std::string, std::string>{{"1", "a"}});
}
