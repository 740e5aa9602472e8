#include <doctest/doctest.h>

#include <atomic>
#include <functional>
#include <thread>

#include "engine/engine.h"
#include "engine/error.h"
#include "engine/item_codec.h"

using namespace ddb;

namespace {

std::unique_ptr<Engine> EngineWithHook(std::function<void()> hook) {
  EngineOptions options;
  options.while_transaction_holds_items = std::move(hook);
  auto engine = std::make_unique<Engine>(options);
  CreateTableRequest table;
  table.table_name = "T";
  table.region = "us-east-1";
  table.attribute_definitions = {{"pk", ValueType::S}};
  table.key_schema.hash_key = "pk";
  table.billing_mode = BillingMode::PAY_PER_REQUEST;
  engine->CreateTable(table);
  return engine;
}

Item Account(const std::string& pk, long balance) {
  return {{"pk", AttributeValue::String(pk)}, {"bal", AttributeValue::Number(std::to_string(balance))}};
}

Item Key(const std::string& pk) { return {{"pk", AttributeValue::String(pk)}}; }

void Put(Engine& engine, const Item& item) {
  PutItemRequest request;
  request.table_name = "T";
  request.item = item;
  engine.PutItem(request);
}

std::optional<Item> Read(Engine& engine, const std::string& pk) {
  GetItemRequest request;
  request.table_name = "T";
  request.key = Key(pk);
  auto stored = engine.GetItem(request).item;
  return stored ? std::optional<Item>(DecodeItem(*stored)) : std::nullopt;
}

TransactWriteRequest PutBoth(const Item& a, const Item& b) {
  TransactWriteRequest request;
  for (const Item* item : {&a, &b}) {
    TransactWriteRequest::Action action;
    action.kind = TransactWriteRequest::Action::Kind::Put;
    action.table_name = "T";
    action.item = *item;
    request.actions.push_back(action);
  }
  return request;
}

TransactGetRequest GetBoth() {
  TransactGetRequest request;
  for (const char* pk : {"a", "b"}) request.gets.push_back({"T", Key(pk), std::nullopt});
  return request;
}

// Runs `f` on another thread (the transaction's thread holds the items) and
// returns the DynamoError it raised, or nullopt.
std::optional<DynamoError> ErrorOnOtherThread(const std::function<void()>& f) {
  std::optional<DynamoError> error;
  std::thread([&] {
    try {
      f();
    } catch (const DynamoError& e) {
      error = e;
    }
  }).join();
  return error;
}

}  // namespace

TEST_CASE("single-item writes to an item a transaction holds fail with TransactionConflictException") {
  Engine* engine = nullptr;
  std::vector<std::optional<DynamoError>> errors;
  auto owned = EngineWithHook([&] {
    errors.push_back(ErrorOnOtherThread([&] { Put(*engine, Account("a", 7)); }));
    errors.push_back(ErrorOnOtherThread([&] {
      DeleteItemRequest del;
      del.table_name = "T";
      del.key = Key("b");
      engine->DeleteItem(del);
    }));
    // An item outside the transaction is not held.
    errors.push_back(ErrorOnOtherThread([&] { Put(*engine, Account("c", 1)); }));
  });
  engine = owned.get();
  engine->TransactWriteItems(PutBoth(Account("a", 1), Account("b", 2)));
  REQUIRE(errors.size() == 3);
  for (int i : {0, 1}) {
    REQUIRE(errors[i]);
    CHECK(errors[i]->type() == "TransactionConflictException");
    CHECK(errors[i]->message() == "Transaction is ongoing for the item");
  }
  CHECK(!errors[2]);
  CHECK(Read(*engine, "a") == Account("a", 1));
  CHECK(Read(*engine, "b") == Account("b", 2));
  CHECK(Read(*engine, "c") == Account("c", 1));
}

TEST_CASE("TransactGetItems on an item a transaction holds is cancelled with TransactionConflict") {
  Engine* engine = nullptr;
  std::vector<std::optional<DynamoError>> errors;
  auto owned = EngineWithHook([&] {
    errors.push_back(ErrorOnOtherThread([&] {
      TransactGetRequest request;
      request.gets.push_back({"T", Key("c"), std::nullopt});
      request.gets.push_back({"T", Key("b"), std::nullopt});
      engine->TransactGetItems(request);
    }));
  });
  engine = owned.get();
  engine->TransactWriteItems(PutBoth(Account("a", 1), Account("b", 2)));
  REQUIRE(errors.size() == 1);
  REQUIRE(errors[0]);
  CHECK(errors[0]->type() == "TransactionCanceledException");
  CHECK(errors[0]->message() ==
        "Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]");
  REQUIRE(errors[0]->cancellation_reasons().size() == 2);
  CHECK(errors[0]->cancellation_reasons()[1].message == "Transaction is ongoing for the item");
}

TEST_CASE("a batch write to an item a transaction holds waits for the transaction") {
  Engine* engine = nullptr;
  std::thread batch;
  std::atomic<bool> batch_done{false};
  auto owned = EngineWithHook([&] {
    if (batch.joinable()) return;
    batch = std::thread([&] {
      BatchWriteRequest request;
      request.writes.push_back({"T", true, Account("a", 99)});
      engine->BatchWriteItem(request);
      batch_done = true;
    });
  });
  engine = owned.get();
  engine->TransactWriteItems(PutBoth(Account("a", 1), Account("b", 2)));
  batch.join();
  CHECK(batch_done);
  // The batch write came after the transaction, not before or lost.
  CHECK(Read(*engine, "a") == Account("a", 99));
}

TEST_CASE("TransactGetItems never sees half of a transaction") {
  auto engine = EngineWithHook(nullptr);
  engine->TransactWriteItems(PutBoth(Account("a", 100), Account("b", 0)));
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (long moved = 1; moved <= 100; ++moved) {
      engine->TransactWriteItems(PutBoth(Account("a", 100 - moved), Account("b", moved)));
    }
    stop = true;
  });
  int reads = 0, conflicts = 0;
  while (!stop || reads == 0) {
    try {
      auto result = engine->TransactGetItems(GetBoth());
      REQUIRE(result.items.size() == 2);
      const long a = std::stol(result.items[0]->at("bal").scalar);
      const long b = std::stol(result.items[1]->at("bal").scalar);
      REQUIRE(a + b == 100);
      ++reads;
    } catch (const DynamoError& e) {
      REQUIRE(e.type() == "TransactionCanceledException");
      ++conflicts;
    }
  }
  writer.join();
  CHECK(reads > 0);
  auto final_state = engine->TransactGetItems(GetBoth());
  CHECK(final_state.items[1] == Account("b", 100));
}
