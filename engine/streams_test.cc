#include "engine/streams.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/engine.h"
#include "engine/error.h"
#include "engine/ttl_sweeper.h"

using namespace ddb;

namespace {

AttributeValue S(const std::string& s) { return AttributeValue::String(s); }
AttributeValue N(const std::string& n) { return AttributeValue::Number(n); }

CreateTableRequest StreamTable(const std::string& name, const std::string& view = "NEW_AND_OLD_IMAGES") {
  CreateTableRequest r;
  r.table_name = name;
  r.region = "us-east-1";
  r.attribute_definitions = {{"pk", ValueType::S}};
  r.key_schema.hash_key = "pk";
  r.billing_mode = BillingMode::PAY_PER_REQUEST;
  r.stream = StreamSpecification{true, view};
  return r;
}

void Put(Engine& engine, const std::string& table, Item item) {
  PutItemRequest put;
  put.table_name = table;
  put.item = std::move(item);
  engine.PutItem(put);
}

std::string ArnOf(Engine& engine, const std::string& table) {
  const TableDescription d = engine.DescribeTable(table);
  return d.definition.Arn() + "/stream/" + d.definition.latest_stream_label;
}

// Reads a stream as a consumer that follows lineage does: a shard only once
// its parent has been read to its end, every shard from its oldest record.
std::vector<StreamRecord> ReadByLineage(Engine& engine, const std::string& arn) {
  DescribeStreamRequest describe;
  describe.stream_arn = arn;
  const StreamDescription d = engine.DescribeStream(describe);
  std::set<std::string> done;
  std::vector<StreamRecord> records;
  std::size_t finished = 0;
  while (finished < d.shards.size()) {
    const std::size_t before = finished;
    for (const auto& shard : d.shards) {
      if (done.count(shard.shard_id)) continue;
      if (shard.parent_shard_id && !done.count(*shard.parent_shard_id)) continue;
      GetShardIteratorRequest request;
      request.stream_arn = arn;
      request.shard_id = shard.shard_id;
      std::optional<std::string> iterator = engine.GetShardIterator(request);
      while (iterator) {
        GetRecordsRequest get;
        get.shard_iterator = *iterator;
        GetRecordsResult result = engine.GetRecords(get);
        for (auto& r : result.records) records.push_back(std::move(r));
        if (result.records.empty()) break;  // open shard: caught up
        iterator = result.next_shard_iterator;
      }
      done.insert(shard.shard_id);
      ++finished;
    }
    REQUIRE(finished > before);  // every parent is listed
  }
  return records;
}

}  // namespace

TEST_CASE("a stream records each change once, in order, and nothing for writes that change nothing") {
  Engine engine(EngineOptions{});
  engine.CreateTable(StreamTable("T"));
  Put(engine, "T", {{"pk", S("a")}, {"v", N("1")}});
  Put(engine, "T", {{"pk", S("a")}, {"v", N("1")}});  // unchanged: no record
  Put(engine, "T", {{"pk", S("a")}, {"v", N("2")}});
  DeleteItemRequest del;
  del.table_name = "T";
  del.key = {{"pk", S("a")}};
  engine.DeleteItem(del);
  engine.DeleteItem(del);  // nothing to delete: no record
  const auto records = ReadByLineage(engine, ArnOf(engine, "T"));
  REQUIRE(records.size() == 3);
  CHECK(records[0].event == StreamEvent::Insert);
  CHECK(!records[0].old_image);
  CHECK(records[1].event == StreamEvent::Modify);
  CHECK(records[1].old_image->at("v").scalar == "1");
  CHECK(records[1].new_image->at("v").scalar == "2");
  CHECK(records[2].event == StreamEvent::Remove);
  CHECK(!records[2].new_image);
  CHECK(records[0].sequence < records[1].sequence);
  CHECK(records[1].sequence < records[2].sequence);
}

TEST_CASE("shards split with their partitions: a consumer following lineage sees every change once, in order") {
  EngineOptions options;
  options.partition_split_bytes = 64 * 1024;  // splits after a few dozen items per partition
  Engine engine(options);
  engine.CreateTable(StreamTable("T", "NEW_IMAGE"));
  const std::string padding(2000, 'x');
  constexpr int kKeys = 200, kVersions = 4;
  for (int version = 0; version < kVersions; ++version) {
    for (int k = 0; k < kKeys; ++k) {
      Put(engine, "T", {{"pk", S("k" + std::to_string(k))}, {"v", N(std::to_string(version))}, {"pad", S(padding)}});
    }
  }
  const std::string arn = ArnOf(engine, "T");
  DescribeStreamRequest describe;
  describe.stream_arn = arn;
  const StreamDescription d = engine.DescribeStream(describe);
  std::size_t children = 0;
  for (const auto& shard : d.shards) children += shard.parent_shard_id ? 1 : 0;
  CHECK(d.shards.size() > 4);  // four at creation, then splits
  CHECK(children > 0);
  std::map<std::string, std::vector<int>> versions;
  for (const auto& r : ReadByLineage(engine, arn)) {
    versions[r.keys.at("pk").scalar].push_back(std::stoi(r.new_image->at("v").scalar));
  }
  REQUIRE(versions.size() == kKeys);
  for (const auto& [key, seen] : versions) CHECK(seen == std::vector<int>{0, 1, 2, 3});
}

TEST_CASE("shards roll over after their age, on the engine's clock, and GetRecords ends a closed shard") {
  auto clock = std::make_shared<ManualClock>(1.7e9);
  EngineOptions options;
  options.clock = clock;
  options.shard_rollover_seconds = 3600;
  Engine engine(options);
  engine.CreateTable(StreamTable("T", "KEYS_ONLY"));
  Put(engine, "T", {{"pk", S("a")}, {"v", N("1")}});
  clock->Advance(3601);
  Put(engine, "T", {{"pk", S("a")}, {"v", N("2")}});
  const std::string arn = ArnOf(engine, "T");
  DescribeStreamRequest describe;
  describe.stream_arn = arn;
  const StreamDescription d = engine.DescribeStream(describe);
  REQUIRE(d.shards.size() == 8);  // four closed parents, four children
  for (std::size_t i = 0; i < 4; ++i) CHECK(d.shards[i].ending_sequence);
  for (std::size_t i = 4; i < 8; ++i) CHECK(d.shards[i].parent_shard_id == d.shards[i - 4].shard_id);
  CHECK(ReadByLineage(engine, arn).size() == 2);
  // A closed shard read to its end has no next iterator.
  GetShardIteratorRequest request;
  request.stream_arn = arn;
  request.shard_id = d.shards[0].shard_id;
  GetRecordsRequest get;
  get.shard_iterator = engine.GetShardIterator(request);
  CHECK(!engine.GetRecords(get).next_shard_iterator);
  // Iterators expire after 15 minutes; records after 24 hours.
  request.shard_id = d.shards[4].shard_id;
  get.shard_iterator = engine.GetShardIterator(request);
  clock->Advance(15 * 60 + 1);
  CHECK_THROWS_AS(engine.GetRecords(get), DynamoError);
  clock->Advance(24 * 3600);
  engine.SweepExpiredItems();  // trims the streams too
  get.shard_iterator = engine.GetShardIterator(request);
  GetRecordsResult trimmed = engine.GetRecords(get);
  CHECK(trimmed.records.empty());
}

TEST_CASE("stream records and sequence numbers survive a restart, and numbers never repeat") {
  const auto dir = std::filesystem::temp_directory_path() / ("ddbemu-streams-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  EngineOptions options;
  options.storage.in_memory = false;
  options.storage.path = dir.string();
  std::uint64_t last_before = 0;
  std::string arn;
  {
    Engine engine(options);
    engine.CreateTable(StreamTable("T", "NEW_IMAGE"));
    for (int i = 0; i < 10; ++i) Put(engine, "T", {{"pk", S("k" + std::to_string(i))}});
    arn = ArnOf(engine, "T");
    for (const auto& r : ReadByLineage(engine, arn)) last_before = std::max(last_before, r.sequence);
  }
  Engine engine(options);
  Put(engine, "T", {{"pk", S("after")}});
  const auto records = ReadByLineage(engine, arn);
  REQUIRE(records.size() == 11);
  std::uint64_t after = 0;
  for (const auto& r : records) {
    if (r.keys.at("pk").scalar == "after") after = r.sequence;
  }
  CHECK(after > last_before);
  std::filesystem::remove_all(dir);
}

TEST_CASE("TTL: a top-level Number of epoch seconds in the past, up to five years back, has expired") {
  const double now = 1.8e9;
  auto n = [](const std::string& text) { return AttributeValue::Number(text); };
  CHECK(TtlExpired(&static_cast<const AttributeValue&>(n("1799999999")), now));
  CHECK(TtlExpired(&static_cast<const AttributeValue&>(n("1799999999.5")), now));
  CHECK(TtlExpired(&static_cast<const AttributeValue&>(n("1.7e9")), now));
  CHECK(!TtlExpired(&static_cast<const AttributeValue&>(n("1800000001")), now));
  CHECK(!TtlExpired(&static_cast<const AttributeValue&>(n("0")), now));
  CHECK(!TtlExpired(&static_cast<const AttributeValue&>(n("-5")), now));
  CHECK(!TtlExpired(&static_cast<const AttributeValue&>(n("1600000000")), now));     // six years back
  CHECK(!TtlExpired(&static_cast<const AttributeValue&>(n("1800000000000")), now));  // milliseconds
  const AttributeValue text = AttributeValue::String("1799999999");
  CHECK(!TtlExpired(&text, now));
  CHECK(!TtlExpired(nullptr, now));
}

TEST_CASE("the TTL sweep deletes expired items as the service, charging nothing, and leaves the rest") {
  auto clock = std::make_shared<ManualClock>(1.7e9);
  EngineOptions options;
  options.clock = clock;
  options.ttl_interval_seconds = 0;
  options.throttling = ThrottlingMode::Observe;
  Engine engine(options);
  engine.CreateTable(StreamTable("T", "OLD_IMAGE"));
  engine.UpdateTimeToLive("T", true, "exp");
  for (int i = 0; i < 1500; ++i) {  // several sweep steps
    const bool expires = i % 3 == 0;
    Put(engine, "T", {{"pk", S("k" + std::to_string(i))}, {"exp", N(expires ? "1700000100" : "1700009999")}});
  }
  CHECK(engine.SweepExpiredItems() == 0);  // nothing has expired yet; expired items stay readable until swept
  const double before = engine.ReportCapacity().resources.at(0).write_units;
  clock->Advance(200);
  CHECK(engine.SweepExpiredItems() == 500);
  CHECK(engine.ReportCapacity().resources.at(0).write_units == before);
  CHECK(engine.DescribeTable("T").item_count == 1000);
  std::size_t service_removes = 0;
  for (const auto& r : ReadByLineage(engine, ArnOf(engine, "T"))) {
    if (r.event == StreamEvent::Remove) {
      CHECK(r.by_service);
      CHECK(r.old_image);
      ++service_removes;
    }
  }
  CHECK(service_removes == 500);
  // The cooldown: a second change within the hour is refused.
  CHECK_THROWS_AS(engine.UpdateTimeToLive("T", false, "exp"), DynamoError);
  clock->Advance(3600);
  engine.UpdateTimeToLive("T", false, "exp");
  CHECK(engine.DescribeTimeToLive("T").status == "DISABLED");
}

TEST_CASE("a reader that keeps up with concurrent writers misses no record: it never passes one still in flight") {
  Engine engine(EngineOptions{});
  engine.CreateTable(StreamTable("T", "NEW_IMAGE"));
  const std::string arn = ArnOf(engine, "T");
  // Follows lineage as it reads: shards may split under the writers' load.
  std::map<std::string, std::optional<std::string>> iterators;  // by shard id; nullopt: read to its end
  std::map<std::string, std::vector<int>> seen;
  auto read_all = [&] {
    DescribeStreamRequest describe;
    describe.stream_arn = arn;
    for (const auto& shard : engine.DescribeStream(describe).shards) {
      if (iterators.count(shard.shard_id)) continue;
      if (shard.parent_shard_id && iterators.count(*shard.parent_shard_id) && iterators[*shard.parent_shard_id]) {
        continue;  // its parent is not finished yet
      }
      GetShardIteratorRequest request;
      request.stream_arn = arn;
      request.shard_id = shard.shard_id;
      iterators[shard.shard_id] = engine.GetShardIterator(request);
    }
    for (auto& [id, iterator] : iterators) {
      if (!iterator) continue;
      GetRecordsRequest get;
      get.shard_iterator = *iterator;
      GetRecordsResult result = engine.GetRecords(get);
      for (const auto& r : result.records) {
        seen[r.keys.at("pk").scalar].push_back(std::stoi(r.new_image->at("v").scalar));
      }
      iterator = result.next_shard_iterator;
    }
  };
  constexpr int kWriters = 4, kKeysPerWriter = 25, kVersions = 60;
  std::atomic<int> running{kWriters};
  std::vector<std::jthread> writers;  // joined however the test ends
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int version = 0; version < kVersions; ++version) {
        for (int k = 0; k < kKeysPerWriter; ++k) {
          Put(engine, "T",
              {{"pk", S("w" + std::to_string(w) + "k" + std::to_string(k))}, {"v", N(std::to_string(version))}});
        }
      }
      --running;
    });
  }
  try {
    while (running > 0) read_all();
  } catch (const std::exception& e) {
    FAIL("reading while writers run: " << std::string(e.what()));
  }
  for (auto& t : writers) t.join();
  for (int pass = 0; pass < 10; ++pass) read_all();  // children are found once their parents end
  REQUIRE(seen.size() == kWriters * kKeysPerWriter);
  std::vector<int> all(kVersions);
  for (int v = 0; v < kVersions; ++v) all[v] = v;
  for (const auto& [key, versions] : seen) CHECK(versions == all);
}
