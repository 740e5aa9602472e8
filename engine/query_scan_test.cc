#include <doctest/doctest.h>

#include <set>

#include "engine/engine.h"
#include "engine/error.h"
#include "engine/item_codec.h"

using namespace ddb;

namespace {

std::unique_ptr<Engine> TableWithSortKey(ValueType sort_type) {
  auto engine = std::make_unique<Engine>(EngineOptions{});
  CreateTableRequest t;
  t.table_name = "T";
  t.attribute_definitions = {{"pk", ValueType::S}, {"sk", sort_type}};
  t.key_schema.hash_key = "pk";
  t.key_schema.range_key = "sk";
  t.billing_mode = BillingMode::PAY_PER_REQUEST;
  engine->CreateTable(t);
  return engine;
}

void Put(Engine& e, const std::string& pk, AttributeValue sk) {
  PutItemRequest put;
  put.table_name = "T";
  put.item = {{"pk", AttributeValue::String(pk)}, {"sk", std::move(sk)}};
  e.PutItem(put);
}

Operand Path(const char* name) {
  Operand o;
  o.kind = Operand::Kind::Path;
  o.path = {PathElement::Name(name)};
  return o;
}
Operand Value(AttributeValue v) {
  Operand o;
  o.value = std::move(v);
  return o;
}

Condition Eq(const char* attribute, AttributeValue v) {
  Condition c;
  c.operands = {Path(attribute), Value(std::move(v))};
  return c;
}

Condition And(Condition a, Condition b) {
  Condition c;
  c.kind = Condition::Kind::And;
  c.children = {std::move(a), std::move(b)};
  return c;
}

std::vector<std::string> SortKeys(const ReadPageResult& r) {
  std::vector<std::string> out;
  for (const auto& item : r.items) out.push_back(DecodeItem(item).at("sk").scalar);
  return out;
}

}  // namespace

TEST_CASE("number sort keys come back in numeric order, both directions, resuming after a start key") {
  auto e = TableWithSortKey(ValueType::N);
  for (const char* n : {"10", "-2.5", "3", "0.00001", "-100", "0"}) Put(*e, "p", AttributeValue::Number(n));
  Put(*e, "other", AttributeValue::Number("1"));
  QueryRequest q;
  q.table_name = "T";
  q.key_condition = Eq("pk", AttributeValue::String("p"));
  auto all = e->Query(q, nullptr);
  CHECK(SortKeys(all) == std::vector<std::string>{"-100", "-2.5", "0", "0.00001", "3", "10"});
  q.scan_forward = false;
  q.page.limit = 2;
  auto first = e->Query(q, nullptr);
  CHECK(SortKeys(first) == std::vector<std::string>{"10", "3"});
  REQUIRE(first.last_evaluated_key);
  q.page.exclusive_start_key = first.last_evaluated_key;
  CHECK(SortKeys(e->Query(q, nullptr)) == std::vector<std::string>{"0.00001", "0"});
}

TEST_CASE("begins_with is a byte-prefix range, including 0xFF bytes") {
  auto e = TableWithSortKey(ValueType::B);
  for (std::string b : {std::string("\x01"), std::string("\xff"), std::string("\xff\x00", 2), std::string("\xff\xff"),
                        std::string("\xfe\xff")}) {
    Put(*e, "p", AttributeValue::Binary(b));
  }
  QueryRequest q;
  q.table_name = "T";
  Condition prefix;
  prefix.kind = Condition::Kind::BeginsWith;
  prefix.operands = {Path("sk"), Value(AttributeValue::Binary("\xff"))};
  q.key_condition = And(Eq("pk", AttributeValue::String("p")), prefix);
  CHECK(e->Query(q, nullptr).count == 3);
  q.scan_forward = false;
  auto reversed = e->Query(q, nullptr);
  REQUIRE(reversed.items.size() == 3);
  CHECK(DecodeItem(reversed.items[0]).at("sk").scalar == "\xff\xff");
}

TEST_CASE("scan segments partition the table: every item in exactly one segment") {
  auto e = TableWithSortKey(ValueType::S);
  for (int i = 0; i < 300; ++i) Put(*e, "p" + std::to_string(i), AttributeValue::String("s"));
  for (std::uint32_t total : {1u, 4u, 16u}) {
    std::multiset<std::string> seen;
    for (std::uint32_t segment = 0; segment < total; ++segment) {
      ScanRequest s;
      s.table_name = "T";
      s.segment = {segment, total};
      for (const auto& item : e->Scan(s, nullptr).items) seen.insert(DecodeItem(item).at("pk").scalar);
    }
    CHECK(seen.size() == 300);
    CHECK(std::set<std::string>(seen.begin(), seen.end()).size() == 300);
  }
}

TEST_CASE("key conditions are checked against the schema") {
  auto e = TableWithSortKey(ValueType::S);
  auto error = [&](Condition c) {
    QueryRequest q;
    q.table_name = "T";
    q.key_condition = std::move(c);
    try {
      e->Query(q, nullptr);
    } catch (const DynamoError& err) {
      return err.message();
    }
    return std::string();
  };
  CHECK(error(Eq("sk", AttributeValue::String("a"))) == "Query condition missed key schema element: pk");
  CHECK(error(Eq("pk", AttributeValue::Number("1"))) ==
        "One or more parameter values were invalid: Condition parameter type does not match schema type");
  CHECK(error(And(Eq("pk", AttributeValue::String("a")), Eq("pk", AttributeValue::String("b")))) ==
        "KeyConditionExpressions must only contain one condition per key");
}
