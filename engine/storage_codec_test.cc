#include <doctest/doctest.h>

#include "engine/item_codec.h"
#include "engine/key_codec.h"
#include "engine/table_definition.h"

using namespace ddb;

TEST_CASE("items round-trip through the binary encoding") {
  AttributeValue list;
  list.type = ValueType::L;
  list.list = {AttributeValue::String("x"), AttributeValue::Number("-1.5"), AttributeValue::Null()};
  AttributeValue map;
  map.type = ValueType::M;
  map.map.emplace("inner", list);
  map.map.emplace("flag", AttributeValue::Bool(true));
  AttributeValue ss;
  ss.type = ValueType::SS;
  ss.set = {"b", "a"};
  AttributeValue bs;
  bs.type = ValueType::BS;
  bs.set = {std::string("\0\xff", 2)};
  Item item{{"pk", AttributeValue::String("key")},
            {"bin", AttributeValue::Binary(std::string("\0\1", 2))},
            {"m", map},
            {"ss", ss},
            {"bs", bs},
            {"empty", AttributeValue::String("")}};
  Item decoded = DecodeItem(EncodeItem(item));
  CHECK(decoded == item);
  CHECK(decoded.at("m").map.at("inner").list[1].scalar == "-1.5");
}

TEST_CASE("an encoded item's size is the size of the item it decodes to") {
  AttributeValue numbers;
  numbers.type = ValueType::NS;
  numbers.set = {"123456789", "-0.001"};
  AttributeValue inner;
  inner.type = ValueType::M;
  inner.map.emplace("n", AttributeValue::Number("42"));
  inner.map.emplace("nil", AttributeValue::Null());
  AttributeValue list;
  list.type = ValueType::L;
  list.list = {AttributeValue::String("abc"), inner, numbers, AttributeValue::Bool(false)};
  AttributeValue outer;
  outer.type = ValueType::M;
  outer.map.emplace("list", list);
  outer.map.emplace("b", AttributeValue::Binary("xyz"));
  AttributeValue empty_list, empty_map, strings, binaries, nested_list;
  empty_list.type = ValueType::L;
  empty_map.type = ValueType::M;
  strings.type = ValueType::SS;
  strings.set = {"a", "bcd"};
  binaries.type = ValueType::BS;
  binaries.set = {std::string("\0\1", 2)};
  nested_list.type = ValueType::L;
  nested_list.list = {list, empty_list, empty_map, strings};
  Item item{{"pk", AttributeValue::String("key")},
            {"outer", outer},
            {"ns", numbers},
            {"l", list},
            {"b", AttributeValue::Binary("bytes")},
            {"el", empty_list},
            {"em", empty_map},
            {"ss", strings},
            {"bs", binaries},
            {"ll", nested_list}};
  const std::string bytes = EncodeItem(item);
  CHECK(EncodedItemSize(bytes) == ItemSize(item));
  CHECK(EncodedItemSize(EncodeItem({})) == 0);
  // By hand: "a" 1 + 3; "l" 1 + 3 + (1 + 2) + (1 + 1); "m" 1 + 3 + (1 + 1 + 1).
  AttributeValue small_list, small_map;
  small_list.type = ValueType::L;
  small_list.list = {AttributeValue::String("ab"), AttributeValue::Bool(true)};
  small_map.type = ValueType::M;
  small_map.map.emplace("k", AttributeValue::Null());
  const Item small{{"a", AttributeValue::String("xyz")}, {"l", small_list}, {"m", small_map}};
  CHECK(ItemSize(small) == 20);
  CHECK(EncodedItemSize(EncodeItem(small)) == 20);
}

TEST_CASE("corrupt item bytes are an error, not undefined behaviour") {
  std::string bytes = EncodeItem({{"a", AttributeValue::String("hello")}});
  CHECK_THROWS(DecodeItem(bytes.substr(0, bytes.size() - 2)));
  CHECK_THROWS(DecodeItem(""));
  CHECK_THROWS(EncodedItemSize(bytes.substr(0, bytes.size() - 2)));
  CHECK_THROWS(EncodedItemSize(""));
}

TEST_CASE("set equality ignores member order") {
  AttributeValue a, b;
  a.type = b.type = ValueType::NS;
  a.set = {"1", "2"};
  b.set = {"2", "1"};
  CHECK(a == b);
  b.set = {"2", "3"};
  CHECK_FALSE(a == b);
}

TEST_CASE("item keys keep one partition contiguous and sorted by sort key") {
  auto pk = AttributeValue::String("user#1");
  auto key = [&](const char* n) {
    auto sk = AttributeValue::Number(n);
    return EncodeItemKey(7, pk, &sk);
  };
  CHECK(key("-5") < key("2"));
  CHECK(key("2") < key("10"));
  const std::string prefix = EncodeItemKey(7, pk, nullptr);
  CHECK(key("10").rfind(prefix.substr(0, prefix.size()), 0) == 0);
  // A different partition key with the same table id shares only the table prefix.
  auto other = AttributeValue::String("user#2");
  CHECK(EncodeItemKey(7, other, nullptr).substr(0, 8) == TableKeyPrefix(7));
  CHECK(EncodeItemKey(7, other, nullptr).substr(0, 16) != prefix.substr(0, 16));
}

TEST_CASE("the partition hash is fixed (part of the on-disk format)") {
  // If this changes, existing --db-path data becomes unreadable.
  CHECK(PartitionHash(AttributeValue::String("a")) == PartitionHash(AttributeValue::String("a")));
  CHECK(PartitionHash(AttributeValue::String("a")) != PartitionHash(AttributeValue::Binary("a")));
  CHECK(PartitionHash(AttributeValue::String("")) == 0xb80707081610a151ULL);
}

TEST_CASE("table definitions round-trip") {
  TableDefinition t;
  t.id = 42;
  t.name = "Orders";
  t.region = "eu-west-1";
  t.attribute_definitions = {{"pk", ValueType::S}, {"sk", ValueType::N}};
  t.key_schema.hash_key = "pk";
  t.key_schema.range_key = "sk";
  t.billing_mode = BillingMode::PAY_PER_REQUEST;
  t.stream = StreamSpecification{true, "NEW_IMAGE"};
  t.tags = {{"Owner", "me"}};
  t.throughput.last_decrease_time = 12.5;
  TableDefinition d = DecodeTableDefinition(EncodeTableDefinition(t));
  CHECK(d.id == 42);
  CHECK(d.name == "Orders");
  CHECK(*d.key_schema.range_key == "sk");
  CHECK(d.attribute_definitions[1].type == ValueType::N);
  CHECK(d.billing_mode == BillingMode::PAY_PER_REQUEST);
  CHECK(d.stream->view_type == "NEW_IMAGE");
  CHECK(d.tags[0].second == "me");
  CHECK(*d.throughput.last_decrease_time == 12.5);
  CHECK_FALSE(d.throughput.last_increase_time.has_value());
}

TEST_CASE("an item may hold 31 containers nested in one another, not 32") {
  auto nested = [](int containers, bool lists) {
    AttributeValue v = AttributeValue::String("leaf");
    for (int i = 0; i < containers; ++i) {
      AttributeValue outer;
      outer.type = lists ? ValueType::L : ValueType::M;
      if (lists)
        outer.list = {v};
      else
        outer.map = {{"k", v}};
      v = outer;
    }
    return v;
  };
  for (bool lists : {false, true}) {
    CHECK_FALSE(NestsTooDeep(Item{{"a", nested(31, lists)}, {"b", AttributeValue::Null()}}));
    CHECK(NestsTooDeep(Item{{"a", AttributeValue::Null()}, {"b", nested(32, lists)}}));
  }
  CHECK_FALSE(NestsTooDeep(Item{}));
}
