#include <doctest/doctest.h>

#include <functional>
#include <memory>
#include <string>

#include "engine/engine.h"
#include "engine/error.h"
#include "engine/key_codec.h"

using namespace ddb;

namespace {

std::string ErrorTypeOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const DynamoError& e) {
    return e.type();
  }
  return "";
}

ProvisionedThroughput Units(std::int64_t read, std::int64_t write) {
  ProvisionedThroughput t;
  t.read_capacity_units = read;
  t.write_capacity_units = write;
  return t;
}

struct Fixture {
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(1'000'000);
  std::unique_ptr<Engine> engine;

  explicit Fixture(ThrottlingMode mode = ThrottlingMode::Enforce,
                   std::int64_t split_bytes = EngineOptions().partition_split_bytes) {
    EngineOptions options;
    options.clock = clock;
    options.throttling = mode;
    options.partition_split_bytes = split_bytes;
    engine = std::make_unique<Engine>(options);
  }

  // A table keyed on pk (S); `wcu` 0 makes it on-demand. With `gsi_wcu`, a
  // GSI on g (S) with that write capacity.
  void CreateTable(const std::string& name, std::int64_t wcu, std::int64_t gsi_wcu = 0) {
    CreateTableRequest r;
    r.table_name = name;
    r.region = "us-east-1";
    r.attribute_definitions = {{"pk", ValueType::S}};
    r.key_schema.hash_key = "pk";
    if (wcu > 0) {
      r.billing_mode = BillingMode::PROVISIONED;
      r.throughput = Units(10, wcu);
    } else {
      r.billing_mode = BillingMode::PAY_PER_REQUEST;
    }
    if (gsi_wcu > 0) {
      r.attribute_definitions.push_back({"g", ValueType::S});
      SecondaryIndex gsi;
      gsi.name = "by_g";
      gsi.hash_keys = {"g"};
      gsi.throughput = Units(10, gsi_wcu);
      r.global_indexes.push_back(gsi);
    }
    engine->CreateTable(r);
  }

  // Puts {pk, n} (and g when given); returns the error type, "" on success.
  // The error the write met, or nullopt when it was admitted.
  std::optional<DynamoError> Put(const std::string& table, const std::string& pk, int n, const std::string& g = "") {
    PutItemRequest put;
    put.table_name = table;
    put.item = {{"pk", AttributeValue::String(pk)}, {"n", AttributeValue::Number(std::to_string(n))}};
    if (!g.empty()) put.item["g"] = AttributeValue::String(g);
    try {
      engine->PutItem(put);
    } catch (const DynamoError& e) {
      return e;
    }
    return std::nullopt;
  }

  bool Exists(const std::string& table, const std::string& pk) {
    GetItemRequest get;
    get.table_name = table;
    get.key = {{"pk", AttributeValue::String(pk)}};
    return engine->GetItem(get).item.has_value();
  }
};

}  // namespace

TEST_CASE("a provisioned table spends its 300 s of burst credit, then admits its rate") {
  Fixture f;
  f.CreateTable("T", 10);
  // 500 writes per second against 10 WCU: the burst bucket (3,000 units)
  // drains by 490 per second; the partition (1,000 per second) never does.
  int admitted = 0;
  std::optional<DynamoError> first_throttle;
  for (int i = 0; i < 5000; ++i) {
    f.clock->Advance(0.002);
    std::optional<DynamoError> e = f.Put("T", "k" + std::to_string(i), i);
    if (e) {
      first_throttle = e;
      break;
    }
    ++admitted;
  }
  CHECK(admitted > 3000);
  CHECK(admitted < 3000 / 0.98 + 2);
  REQUIRE(first_throttle);
  CHECK(first_throttle->type() == "ProvisionedThroughputExceededException");
  CHECK(first_throttle->message() ==
        "The level of configured provisioned throughput for the table was exceeded. Consider increasing your "
        "provisioning level with the UpdateTable API.");
  REQUIRE(first_throttle->throttling_reasons().size() == 1);
  CHECK(first_throttle->throttling_reasons()[0].reason == "TableWriteProvisionedThroughputExceeded");
  CHECK(first_throttle->throttling_reasons()[0].resource == "arn:aws:dynamodb:us-east-1:000000000000:table/T");
  // Then exactly the provisioned rate: ten 1-unit writes per second.
  for (int second = 0; second < 5; ++second) {
    f.clock->Advance(1);
    int this_second = 0;
    while (!f.Put("T", "s" + std::to_string(second) + "-" + std::to_string(this_second), 0)) {
      ++this_second;
    }
    CHECK(this_second == 10);
  }
}

TEST_CASE("one partition key at 1,500 writes per second throttles on its partition; four shards do not") {
  Fixture f;
  f.CreateTable("Hot", 0);
  int throttled = 0, admitted_late = 0;
  for (int i = 0; i < 6 * 1500; ++i) {
    f.clock->Advance(1.0 / 1500);
    std::optional<DynamoError> e = f.Put("Hot", "hot", i);
    if (e) {
      ++throttled;
      CHECK(e->type() == "ThrottlingException");
      CHECK(e->type_namespace() == "com.amazon.coral.availability");
      REQUIRE(e->throttling_reasons().size() == 1);
      CHECK(e->throttling_reasons()[0].reason == "TableWriteKeyRangeThroughputExceeded");
    } else if (i >= 4 * 1500) {
      ++admitted_late;
    }
  }
  CHECK(throttled > 0);
  // Once the partition's second of ceiling is spent, it admits 1,000 per second.
  CHECK(admitted_late >= 1990);
  CHECK(admitted_late <= 2010);

  f.CreateTable("Sharded", 0);
  int sharded_throttles = 0;
  for (int i = 0; i < 6 * 1500; ++i) {
    f.clock->Advance(1.0 / 1500);
    if (f.Put("Sharded", "USER#hotuser#S" + std::to_string(i % 4), i)) ++sharded_throttles;
  }
  CHECK(sharded_throttles == 0);
}

TEST_CASE("a GSI out of write capacity throttles the base write with the index reason") {
  Fixture f;
  f.CreateTable("G", 1000, /*gsi_wcu=*/1);
  int admitted = 0;
  std::optional<DynamoError> e;
  for (int i = 0; i < 1000 && !e; ++i) {
    e = f.Put("G", "k" + std::to_string(i), i, "g");
    if (!e) ++admitted;
  }
  CHECK(admitted == 300);  // the GSI's burst credit: 300 s of 1 WCU
  REQUIRE(e);
  CHECK(e->type() == "ProvisionedThroughputExceededException");
  REQUIRE(e->throttling_reasons().size() == 1);
  CHECK(e->throttling_reasons()[0].reason == "IndexWriteProvisionedThroughputExceeded");
  CHECK(e->throttling_reasons()[0].resource == "arn:aws:dynamodb:us-east-1:000000000000:table/G/index/by_g");
  CHECK_FALSE(f.Exists("G", "k300"));  // the throttled write was not applied
  // A write that does not touch the GSI is not held back.
  CHECK(!f.Put("G", "no-gsi", 1));
}

TEST_CASE("BatchWriteItem returns throttled writes unprocessed, and fails when all are") {
  Fixture f;
  f.CreateTable("B", 1);
  for (int i = 0; i < 300; ++i) REQUIRE(!f.Put("B", "k" + std::to_string(i), i));
  BatchWriteRequest batch;
  for (int i = 0; i < 25; ++i)
    batch.writes.push_back({"B", true, {{"pk", AttributeValue::String("b" + std::to_string(i))}}});
  CHECK(ErrorTypeOf([&] { f.engine->BatchWriteItem(batch); }) == "ProvisionedThroughputExceededException");
  f.clock->Advance(10);  // ten units of credit
  BatchWriteResult result = f.engine->BatchWriteItem(batch);
  CHECK(result.unprocessed.size() == 15);
  CHECK(result.unprocessed.front() == 10);
  CHECK(f.Exists("B", "b9"));
  CHECK_FALSE(f.Exists("B", "b10"));
}

TEST_CASE("a throttled action cancels a transaction with its reason") {
  Fixture f;
  f.CreateTable("X", 1);
  for (int i = 0; i < 300; ++i) REQUIRE(!f.Put("X", "k" + std::to_string(i), i));
  TransactWriteRequest request;
  TransactWriteRequest::Action put;
  put.table_name = "X";
  put.item = {{"pk", AttributeValue::String("t")}};
  request.actions.push_back(put);
  try {
    f.engine->TransactWriteItems(request);
    FAIL("not throttled");
  } catch (const DynamoError& e) {
    CHECK(e.type() == "TransactionCanceledException");
    REQUIRE(e.cancellation_reasons().size() == 1);
    CHECK(e.cancellation_reasons()[0].code == "ProvisionedThroughputExceeded");
  }
  CHECK_FALSE(f.Exists("X", "t"));
}

TEST_CASE("observe records would-be throttles without rejecting; off records nothing") {
  for (ThrottlingMode mode : {ThrottlingMode::Observe, ThrottlingMode::Off}) {
    Fixture f(mode);
    f.CreateTable("O", 1);
    for (int i = 0; i < 400; ++i) REQUIRE(!f.Put("O", "k" + std::to_string(i), i));
    CHECK(f.Exists("O", "k399"));
    CapacityReport report = f.engine->ReportCapacity();
    REQUIRE(report.resources.size() == 1);
    const auto& table = report.resources[0];
    if (mode == ThrottlingMode::Observe) {
      // 300 units of burst credit, then every write would have been refused
      // (and, refused, charged nothing).
      CHECK(table.throttles.at("TableWriteProvisionedThroughputExceeded") == 100);
      CHECK(table.write_units == 300);
      REQUIRE(table.partitions.size() == 1);
      CHECK(table.partitions[0].hot_keys.size() == 5);
    } else {
      CHECK(table.throttles.empty());
      CHECK(table.write_units == 0);
    }
  }
}

TEST_CASE("a key that turns hot after many cold ones is still the hottest reported") {
  Fixture f(ThrottlingMode::Observe);
  f.CreateTable("Late", 500);  // one partition
  for (int i = 0; i < 500; ++i) REQUIRE(!f.Put("Late", "cold" + std::to_string(i), i));
  for (int i = 0; i < 50; ++i) REQUIRE(!f.Put("Late", "hot", i));
  const CapacityReport report = f.engine->ReportCapacity();
  const auto& partitions = report.resources.at(0).partitions;
  REQUIRE(partitions.size() == 1);
  const auto& hot_keys = partitions[0].hot_keys;
  REQUIRE(!hot_keys.empty());
  CHECK(hot_keys[0].first == "hot");
  CHECK(hot_keys[0].second == 50);  // what it surely used, not what its slot inherited
  for (std::size_t i = 1; i < hot_keys.size(); ++i) CHECK(hot_keys[i].second <= 1);
}

TEST_CASE("the ddbemu:throttling tag overrides the engine's mode") {
  Fixture f(ThrottlingMode::Observe);
  f.CreateTable("Tagged", 1);
  f.engine->TagResource("Tagged", {{"ddbemu:throttling", "enforce"}});
  int admitted = 0;
  while (!f.Put("Tagged", "k" + std::to_string(admitted), 0) && admitted < 1000) ++admitted;
  CHECK(admitted == 300);
}

TEST_CASE("a failed conditional write is charged to the table") {
  Fixture f(ThrottlingMode::Observe);
  f.CreateTable("C", 1000);
  REQUIRE(!f.Put("C", "k", 1));
  PutItemRequest put;
  put.table_name = "C";
  put.item = {{"pk", AttributeValue::String("k")}};
  Condition missing;
  missing.kind = Condition::Kind::AttributeNotExists;
  Operand path;
  path.kind = Operand::Kind::Path;
  path.path = {PathElement::Name("pk")};
  missing.operands.push_back(path);
  put.condition = missing;
  CHECK(ErrorTypeOf([&] { f.engine->PutItem(put); }) == "ConditionalCheckFailedException");
  CHECK(f.engine->ReportCapacity().resources[0].write_units == 2);  // the put, then the failed one
}

TEST_CASE("a partition splits for heat between its keys, not around one hot key") {
  Fixture f;
  f.CreateTable("Heat", 0);
  // Two keys that share a partition, 600 writes per second each: 1,200 is
  // over the partition's 1,000, so writes throttle in the first minute.
  std::string a, b;
  {
    const std::uint64_t base = PartitionHash(AttributeValue::String("key0"));
    a = "key0";
    for (int i = 1; b.empty(); ++i) {
      const std::string candidate = "key" + std::to_string(i);
      const std::uint64_t h = PartitionHash(AttributeValue::String(candidate));
      if ((h >> 62) == (base >> 62)) b = candidate;  // same quarter of the hash space
    }
  }
  auto minute_of_writes = [&](int& throttled) {
    for (int i = 0; i < 60 * 600; ++i) {
      f.clock->Advance(1.0 / 1200);
      if (f.Put("Heat", a, i)) ++throttled;
      f.clock->Advance(1.0 / 1200);
      if (f.Put("Heat", b, i)) ++throttled;
    }
  };
  // Two minutes: the first whole clock minute of heavy traffic ends within
  // them, and the partition splits when the next one begins.
  int throttled_before_split = 0, throttled_after = 0;
  const std::size_t before = f.engine->ReportCapacity().resources[0].partitions.size();
  minute_of_writes(throttled_before_split);
  minute_of_writes(throttled_before_split);
  CHECK(throttled_before_split > 0);
  CHECK(f.engine->ReportCapacity().resources[0].partitions.size() == before + 1);
  minute_of_writes(throttled_after);
  CHECK(throttled_after == 0);
  CHECK(f.engine->ReportCapacity().resources[0].partitions.size() == before + 1);

  // One key alone at 1,200 per second: no split can help, none happens.
  f.CreateTable("OneKey", 0);
  for (int minute = 0; minute < 2; ++minute) {
    for (int i = 0; i < 60 * 1200; ++i) {
      f.clock->Advance(1.0 / 1200);
      f.Put("OneKey", "hot", i);
    }
  }
  CHECK(f.engine->ReportCapacity().resources[1].partitions.size() == 4);
}

TEST_CASE("a partition that stores more than the split size splits at its midpoint") {
  Fixture f(ThrottlingMode::Observe, /*split_bytes=*/64 * 1024);
  f.CreateTable("Big", 0);
  for (int i = 0; i < 400; ++i) {
    PutItemRequest put;
    put.table_name = "Big";
    put.item = {{"pk", AttributeValue::String("k" + std::to_string(i))},
                {"d", AttributeValue::String(std::string(1000, 'x'))}};
    f.engine->PutItem(put);
  }
  // About 400 KB over 4 partitions of 64 KB: each split at least twice.
  const auto partitions = f.engine->ReportCapacity().resources[0].partitions;
  CHECK(partitions.size() >= 8);
  std::int64_t bytes = 0;
  for (const auto& p : partitions) {
    CHECK(p.bytes <= 64 * 1024 + 1100);
    bytes += p.bytes;
  }
  CHECK(bytes > 400 * 1000);
  for (std::size_t i = 1; i < partitions.size(); ++i)
    CHECK(partitions[i].first_hash == partitions[i - 1].last_hash + 1);
}
