#include "engine/engine.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "engine/error.h"
#include "engine/item_codec.h"

using namespace ddb;

namespace {

std::unique_ptr<Engine> MemoryEngine(std::shared_ptr<Clock> clock = nullptr, double creation_seconds = 0) {
  EngineOptions options;
  options.clock = std::move(clock);
  options.table_creation_seconds = creation_seconds;
  return std::make_unique<Engine>(options);
}

CreateTableRequest SimpleTable(const std::string& name) {
  CreateTableRequest r;
  r.table_name = name;
  r.region = "us-east-1";
  r.attribute_definitions = {{"pk", ValueType::S}};
  r.key_schema.hash_key = "pk";
  r.billing_mode = BillingMode::PAY_PER_REQUEST;
  return r;
}

Condition NotExists(const std::string& attribute) {
  Condition c;
  c.kind = Condition::Kind::AttributeNotExists;
  Operand o;
  o.kind = Operand::Kind::Path;
  o.path = {PathElement::Name(attribute)};
  c.operands.push_back(o);
  return c;
}

std::string ErrorType(auto&& f) {
  try {
    f();
  } catch (const DynamoError& e) {
    return e.type();
  }
  return "";
}

}  // namespace

TEST_CASE("a table is CREATING until the creation delay passes, on the injected clock") {
  auto clock = std::make_shared<ManualClock>(1000);
  auto engine = MemoryEngine(clock, 5);
  CHECK(engine->CreateTable(SimpleTable("T1")).status == TableStatus::CREATING);
  CHECK(engine->DescribeTable("T1").status == TableStatus::CREATING);
  PutItemRequest put;
  put.table_name = "T1";
  put.item = {{"pk", AttributeValue::String("a")}};
  CHECK(ErrorType([&] { engine->PutItem(put); }) == "ResourceNotFoundException");
  clock->Advance(5);
  CHECK(engine->DescribeTable("T1").status == TableStatus::ACTIVE);
  engine->PutItem(put);
  CHECK(engine->DescribeTable("T1").item_count == 1);
}

TEST_CASE("put, get, delete and live table statistics") {
  auto engine = MemoryEngine();
  engine->CreateTable(SimpleTable("T2"));
  PutItemRequest put;
  put.table_name = "T2";
  put.item = {{"pk", AttributeValue::String("a")}, {"v", AttributeValue::Number("1")}};
  engine->PutItem(put);
  GetItemRequest get;
  get.table_name = "T2";
  get.key = {{"pk", AttributeValue::String("a")}};
  auto got = engine->GetItem(get);
  REQUIRE(got.item);
  CHECK(DecodeItem(*got.item).at("v").scalar == "1");
  CHECK(got.consumed.read_units == 0.5);
  CHECK(engine->DescribeTable("T2").size_bytes == static_cast<std::int64_t>(ItemSize(put.item)));

  put.condition = NotExists("pk");
  CHECK(ErrorType([&] { engine->PutItem(put); }) == "ConditionalCheckFailedException");

  DeleteItemRequest del;
  del.table_name = "T2";
  del.key = get.key;
  del.return_values = ReturnValues::ALL_OLD;
  auto deleted = engine->DeleteItem(del);
  REQUIRE(deleted.attributes);
  CHECK(deleted.attributes->at("v").scalar == "1");
  CHECK_FALSE(engine->GetItem(get).item);
  CHECK(engine->DescribeTable("T2").item_count == 0);
  CHECK(engine->DescribeTable("T2").size_bytes == 0);
}

TEST_CASE("a recreated table does not see the items of the deleted one") {
  auto engine = MemoryEngine();
  engine->CreateTable(SimpleTable("T3"));
  PutItemRequest put;
  put.table_name = "T3";
  put.item = {{"pk", AttributeValue::String("a")}};
  engine->PutItem(put);
  engine->DeleteTable("T3");
  engine->CreateTable(SimpleTable("T3"));
  GetItemRequest get;
  get.table_name = "T3";
  get.key = {{"pk", AttributeValue::String("a")}};
  CHECK_FALSE(engine->GetItem(get).item);
  CHECK(engine->DescribeTable("T3").item_count == 0);
}

TEST_CASE("conditional creates are linearizable under contention") {
  auto engine = MemoryEngine();
  engine->CreateTable(SimpleTable("T4"));
  std::atomic<int> successes{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        PutItemRequest put;
        put.table_name = "T4";
        put.item = {{"pk", AttributeValue::String("k" + std::to_string(i))},
                    {"writer", AttributeValue::Number(std::to_string(t))}};
        put.condition = NotExists("pk");
        try {
          engine->PutItem(put);
          ++successes;
        } catch (const DynamoError&) {
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  // Exactly one writer wins each of the 200 keys.
  CHECK(successes.load() == 200);
  CHECK(engine->DescribeTable("T4").item_count == 200);
}

TEST_CASE("data survives reopening a database on disk") {
  auto dir = std::filesystem::temp_directory_path() / ("ddbemu-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  EngineOptions options;
  options.storage.in_memory = false;
  options.storage.path = dir.string();
  {
    Engine engine(options);
    engine.CreateTable(SimpleTable("T5"));
    PutItemRequest put;
    put.table_name = "T5";
    put.item = {{"pk", AttributeValue::String("a")}, {"n", AttributeValue::Number("7")}};
    engine.PutItem(put);
  }
  {
    Engine engine(options);
    GetItemRequest get;
    get.table_name = "T5";
    get.key = {{"pk", AttributeValue::String("a")}};
    auto got = engine.GetItem(get);
    REQUIRE(got.item);
    CHECK(DecodeItem(*got.item).at("n").scalar == "7");
    CHECK(engine.DescribeTable("T5").item_count == 1);
  }
  std::filesystem::remove_all(dir);
}
