#include "engine/update_expression.h"

#include <doctest/doctest.h>

#include "engine/error.h"

using namespace ddb;

namespace {

UpdateValue Literal(AttributeValue v) {
  UpdateValue u;
  u.operand.kind = Operand::Kind::Value;
  u.operand.value = std::move(v);
  return u;
}

UpdateValue PathValue(DocumentPath p) {
  UpdateValue u;
  u.operand.kind = Operand::Kind::Path;
  u.operand.path = std::move(p);
  return u;
}

UpdateAction Set(DocumentPath p, UpdateValue v) {
  UpdateAction a;
  a.kind = UpdateAction::Kind::Set;
  a.path = std::move(p);
  a.value = std::move(v);
  return a;
}

UpdateAction Remove(DocumentPath p) {
  UpdateAction a;
  a.kind = UpdateAction::Kind::Remove;
  a.path = std::move(p);
  return a;
}

AttributeValue List(std::vector<AttributeValue> items) {
  AttributeValue v;
  v.type = ValueType::L;
  v.list = std::move(items);
  return v;
}

AttributeValue Set(ValueType type, std::vector<std::string> members) {
  AttributeValue v;
  v.type = type;
  v.set = std::move(members);
  return v;
}

std::string ErrorOf(const UpdateExpression& u, const Item& item) {
  try {
    ApplyUpdate(u, item);
  } catch (const DynamoError& e) {
    return e.message();
  }
  return "";
}

const PathElement a = PathElement::Name("a");

}  // namespace

TEST_CASE("SET values are computed from the item before the update") {
  Item item{{"a", AttributeValue::Number("1")}, {"b", AttributeValue::Number("2")}};
  UpdateExpression swap;
  swap.actions = {Set({PathElement::Name("a")}, PathValue({PathElement::Name("b")})),
                  Set({PathElement::Name("b")}, PathValue({PathElement::Name("a")}))};
  Item out = ApplyUpdate(swap, item);
  CHECK(out.at("a").scalar == "2");
  CHECK(out.at("b").scalar == "1");
}

TEST_CASE("arithmetic, if_not_exists and list_append") {
  UpdateValue plus;
  plus.kind = UpdateValue::Kind::Plus;
  UpdateValue ine;
  ine.kind = UpdateValue::Kind::IfNotExists;
  ine.args = {PathValue({a}), Literal(AttributeValue::Number("10"))};
  plus.args = {ine, Literal(AttributeValue::Number("0.5"))};
  UpdateExpression u;
  u.actions = {Set({a}, plus)};
  CHECK(ApplyUpdate(u, {}).at("a").scalar == "10.5");
  CHECK(ApplyUpdate(u, {{"a", AttributeValue::Number("-1")}}).at("a").scalar == "-0.5");
  CHECK(ErrorOf(u, {{"a", AttributeValue::String("x")}}) ==
        "An operand in the update expression has an incorrect data type");

  UpdateValue append;
  append.kind = UpdateValue::Kind::ListAppend;
  append.args = {PathValue({a}), Literal(List({AttributeValue::String("z")}))};
  UpdateExpression u2;
  u2.actions = {Set({a}, append)};
  Item out = ApplyUpdate(u2, {{"a", List({AttributeValue::String("y")})}});
  REQUIRE(out.at("a").list.size() == 2);
  CHECK(out.at("a").list[1].scalar == "z");
  CHECK(ErrorOf(u2, {}) == "The provided expression refers to an attribute that does not exist in the item");
}

TEST_CASE("list indexes: SET past the end appends, REMOVE counts original positions") {
  Item item{{"a", List({AttributeValue::String("0"), AttributeValue::String("1"), AttributeValue::String("2")})}};
  UpdateExpression u;
  u.actions = {Remove({a, PathElement::Index(0)}), Remove({a, PathElement::Index(2)}),
               Set({a, PathElement::Index(9)}, Literal(AttributeValue::String("new")))};
  Item out = ApplyUpdate(u, item);
  REQUIRE(out.at("a").list.size() == 2);
  CHECK(out.at("a").list[0].scalar == "1");
  CHECK(out.at("a").list[1].scalar == "new");
}

TEST_CASE("nested SET needs an existing parent of the right type") {
  UpdateExpression u;
  u.actions = {Set({a, PathElement::Name("b")}, Literal(AttributeValue::String("x")))};
  CHECK(ErrorOf(u, {}) == "The document path provided in the update expression is invalid for update");
  CHECK(ErrorOf(u, {{"a", AttributeValue::String("s")}}) ==
        "The document path provided in the update expression is invalid for update");
  AttributeValue m;
  m.type = ValueType::M;
  CHECK(ApplyUpdate(u, {{"a", m}}).at("a").map.at("b").scalar == "x");
}

TEST_CASE("ADD sums numbers and unions sets; DELETE removes members and empty sets") {
  UpdateAction add;
  add.kind = UpdateAction::Kind::Add;
  add.path = {a};
  add.operand = Set(ValueType::SS, {"x", "y"});
  UpdateExpression u;
  u.actions = {add};
  Item out = ApplyUpdate(u, {{"a", Set(ValueType::SS, {"y", "z"})}});
  CHECK(out.at("a") == Set(ValueType::SS, {"x", "y", "z"}));
  CHECK(ErrorOf(u, {{"a", Set(ValueType::NS, {"1"})}}) ==
        "An operand in the update expression has an incorrect data type");

  UpdateAction del;
  del.kind = UpdateAction::Kind::Delete;
  del.path = {a};
  del.operand = Set(ValueType::SS, {"y", "z"});
  UpdateExpression d;
  d.actions = {del};
  CHECK(ApplyUpdate(d, {{"a", Set(ValueType::SS, {"y", "z"})}}).count("a") == 0);
  CHECK(ApplyUpdate(d, {{"a", Set(ValueType::SS, {"x", "y"})}}).at("a") == Set(ValueType::SS, {"x"}));
  CHECK(ApplyUpdate(d, {}).empty());
}

TEST_CASE("REMOVE by index names the original list: an element appended by SET is not removed") {
  Item item{{"a", List({AttributeValue::String("x")})}};
  UpdateExpression u;
  u.actions = {Set({a, PathElement::Index(5)}, Literal(AttributeValue::String("y"))),
               Remove({a, PathElement::Index(1)})};
  Item out = ApplyUpdate(u, item);
  REQUIRE(out.at("a").list.size() == 2);
  CHECK(out.at("a").list[1].scalar == "y");
}
