#include "protocol/expression_context.h"

#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include "engine/error.h"
#include "protocol/reserved_words.h"

using namespace ddb;

namespace {

// Parses a condition with the given ExpressionAttributeNames/Values (JSON)
// and evaluates it against `item`.
struct Fixture {
  rapidjson::Document request;
  explicit Fixture(const char* json) { request.Parse(json); }
  Condition Parse(const char* text) {
    ExpressionContext context(request);
    Condition c = context.ParseCondition(text, "ConditionExpression");
    context.CheckAllUsed();
    return c;
  }
  std::string Error(const char* text) {
    try {
      Parse(text);
    } catch (const DynamoError& e) {
      return e.message();
    }
    return "";
  }
};

Item SampleItem() {
  AttributeValue tags;
  tags.type = ValueType::SS;
  tags.set = {"red", "blue"};
  AttributeValue list;
  list.type = ValueType::L;
  list.list = {AttributeValue::Number("10"), AttributeValue::String("x")};
  AttributeValue inner;
  inner.type = ValueType::M;
  inner.map = {{"deep", AttributeValue::String("value")}};
  return {{"pk", AttributeValue::String("user#1")},
          {"age", AttributeValue::Number("42")},
          {"tags", tags},
          {"scores", list},
          {"m", inner}};
}

}  // namespace

TEST_CASE("comparisons, functions and boolean operators evaluate as DynamoDB does") {
  Fixture f(R"({"ExpressionAttributeValues": {":a": {"N": "42"}, ":lo": {"N": "40"}, ":hi": {"N": "50"},
                 ":p": {"S": "user#"}, ":red": {"S": "red"}, ":s": {"S": "x"}, ":t": {"S": "SS"}},
                 "ExpressionAttributeNames": {"#m": "m"}})");
  const Item item = SampleItem();
  auto eval = [&](const char* text) {
    rapidjson::Document& r = f.request;
    ExpressionContext context(r);
    return Evaluate(context.ParseCondition(text, "ConditionExpression"), item);
  };
  CHECK(eval("age = :a"));
  CHECK_FALSE(eval("age <> :a"));
  CHECK(eval("age BETWEEN :lo AND :hi"));
  CHECK(eval("age IN (:lo, :a)"));
  CHECK(eval("begins_with(pk, :p)"));
  CHECK(eval("contains(tags, :red)"));
  CHECK(eval("contains(scores, :s)"));
  CHECK(eval("attribute_type(tags, :t)"));
  CHECK(eval("size(tags) < :a"));
  CHECK(eval("attribute_exists(#m.deep) AND attribute_not_exists(nope)"));
  CHECK(eval("scores[0] < :a"));
  CHECK(eval("NOT age < :lo"));
  // NOT binds tighter than AND, AND tighter than OR.
  CHECK(eval("age = :lo OR age = :a AND attribute_exists(pk)"));
  CHECK_FALSE(eval("(age = :lo OR age = :a) AND attribute_exists(nope)"));
  // Comparing different types is false, and <> with a missing attribute is true.
  CHECK_FALSE(eval("pk < :a"));
  CHECK(eval("nope <> :a"));
}

TEST_CASE("syntax errors name the token and its neighbours") {
  Fixture f(R"({"ExpressionAttributeValues": {":v": {"S": "x"}}})");
  CHECK(f.Error("a = = :v") == "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = :v\"");
  CHECK(f.Error("a = ") == "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"= \"");
  CHECK(f.Error("a = :v AND") == "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\"");
  CHECK(f.Error("") == "Invalid ConditionExpression: The expression can not be empty;");
  CHECK(f.Error("foo(a) AND a = :v") == "Invalid ConditionExpression: Invalid function name; function: foo");
  CHECK(f.Error("attribute_exists(a, a) OR a = :v") ==
        "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or "
        "function: attribute_exists, number of operands: 2");
}

TEST_CASE("placeholders: undefined, unused, reserved words") {
  Fixture f(R"({"ExpressionAttributeNames": {"#n": "name", "#unused": "x"},
                 "ExpressionAttributeValues": {":v": {"S": "x"}, ":w": {"S": "y"}}})");
  CHECK(f.Error("#n = :v") == "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}");
  CHECK(f.Error("#zz = :v") ==
        "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; "
        "attribute name: #zz");
  CHECK(f.Error("#n = :zz") ==
        "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute "
        "value: :zz");
  CHECK(f.Error("Name = :v") ==
        "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Name");
  Fixture g(
      R"({"ExpressionAttributeNames": {"#n": "name"}, "ExpressionAttributeValues": {":v": {"S": "x"}, ":w": {"S": "y"}}})");
  CHECK(g.Error("#n = :v") == "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}");
  CHECK(IsReservedWord("status"));
  CHECK(IsReservedWord("STATUS"));
  CHECK_FALSE(IsReservedWord("user_id"));
}

TEST_CASE("expressions over 4096 bytes are rejected before parsing") {
  Fixture f(R"({})");
  std::string long_text(4097, 'a');
  CHECK(f.Error(long_text.c_str()) ==
        "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4097");
}

TEST_CASE("projections keep nested paths and list elements in index order") {
  rapidjson::Document r;
  r.Parse(R"({"ExpressionAttributeNames": {"#m": "m"}})");
  ExpressionContext context(r);
  auto paths = context.ParseProjection("scores[1], #m.deep, scores[0], pk", "ProjectionExpression");
  Item projected = Project(SampleItem(), paths);
  CHECK(projected.size() == 3);
  CHECK(projected.at("scores").list.size() == 2);
  CHECK(projected.at("scores").list[0].scalar == "10");
  CHECK(projected.at("m").map.at("deep").scalar == "value");
  CHECK(projected.count("age") == 0);
}

TEST_CASE("update expressions: clauses, functions and their errors") {
  rapidjson::Document r;
  r.Parse(R"({"ExpressionAttributeValues": {":one": {"N": "1"}, ":s": {"S": "x"}, ":l": {"L": []},
              ":ss": {"SS": ["a"]}}})");
  auto parse = [&](const char* text) {
    ExpressionContext context(r);
    return context.ParseUpdate(text, "UpdateExpression");
  };
  auto error = [&](const char* text) {
    try {
      parse(text);
    } catch (const DynamoError& e) {
      return e.message();
    }
    return std::string();
  };
  UpdateExpression u =
      parse("set a = a + :one, b = list_append(if_not_exists(b, :l), :l) remove c[2] add d :ss delete e :ss");
  REQUIRE(u.actions.size() == 5);
  CHECK(u.actions[0].value.kind == UpdateValue::Kind::Plus);
  CHECK(u.actions[1].value.args[0].kind == UpdateValue::Kind::IfNotExists);
  CHECK(u.actions[2].path[1].index == 2u);
  CHECK(u.actions[3].kind == UpdateAction::Kind::Add);
  CHECK(error("SET a = :one SET b = :one") ==
        "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;");
  CHECK(error("SET a = :one, a.b = :one") ==
        "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of "
        "these paths; path one: [a], path two: [a, b]");
  CHECK(error("SET a = size(b)") ==
        "Invalid UpdateExpression: The function is not allowed in an update expression; function: size");
  CHECK(error("SET a = if_not_exists(:one, b)") ==
        "Invalid UpdateExpression: Operator or function requires a document path; operator or function: "
        "if_not_exists");
  CHECK(error("SET a = :s + :one") ==
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, "
        "operand type: S");
  CHECK(error("ADD a :s") ==
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: "
        "STRING, typeSet: ALLOWED_FOR_ADD_OPERAND");
}

TEST_CASE("condition checks made while parsing") {
  Fixture f(R"({"ExpressionAttributeNames": {"#a": "data"},
                 "ExpressionAttributeValues": {":v": {"S": "x"}, ":lo": {"N": "5"}, ":hi": {"N": "1"}, ":n": {"N": "1"}}})");
  CHECK(f.Error(
            "((attribute_exists(#a))) AND size(#a) > :n OR begins_with(#a, :v) OR #a BETWEEN :hi AND :lo OR #a = :v") ==
        "Invalid ConditionExpression: The expression has redundant parentheses;");
  CHECK(f.Error("contains(#a, #a) OR #a = :v OR #a BETWEEN :hi AND :lo OR :n = :lo") ==
        "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this "
        "operator or function; operator: contains, first operand: [data]");
  std::string many = "#a = :v";
  for (int i = 0; i < 150; ++i) many += " OR #a = :v";
  CHECK(f.Error((many + " OR #a BETWEEN :hi AND :lo OR :n = :lo").c_str()) ==
        "Invalid ConditionExpression: The expression contains too many operators; operator count: 301");
}

TEST_CASE("more parse-time condition errors") {
  Fixture f(R"({"ExpressionAttributeValues": {":lo": {"N": "5"}, ":hi": {"N": "1"}, ":s": {"S": "x"},
                 ":b": {"BOOL": true}, ":n": {"N": "1"}, ":q": {"S": "Q"}}})");
  CHECK(f.Error("a BETWEEN :lo AND :hi OR a = :s OR a < :n OR attribute_type(a, :q) OR a = :b") ==
        "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to "
        "lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}");
  CHECK(f.Error("a BETWEEN :n AND :s OR :lo = :hi OR :q = :b") ==
        "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; "
        "lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:x}");
  CHECK(f.Error("a < :b OR :lo = :hi OR :q = :s OR :n = :n") ==
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, "
        "operand type: BOOL");
  CHECK(f.Error("attribute_type(a, :q) OR :lo = :hi OR :s = :b OR :n = :n") ==
        "Invalid ConditionExpression: Invalid attribute type name found; type: Q, valid types: "
        "{N,BS,L,B,NULL,M,S,SS,NS,BOOL}");
  CHECK(f.Error("size(:n) = :n OR :lo = :hi OR :q = :s OR :b = :b") ==
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: "
        "size, operand type: N");
  CHECK(f.Error("size(a) OR :lo = :hi OR :q = :s OR :b = :b OR :n = :n") ==
        "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; "
        "function: size");
  CHECK(f.Error("a[99999999999] = :n OR :lo = :hi OR :q = :s OR :b = :b") ==
        "Invalid ConditionExpression: List index is not within the allowable range; index: [99999999999]");
  CHECK(f.Error("in(a) OR :lo = :hi OR :q = :s OR :b = :b OR :n = :n") ==
        "Invalid ConditionExpression: Syntax error; token: \"in\", near: \"in(\"");
  std::string in = "a IN (:n";
  for (int i = 0; i < 100; ++i) in += ", :n";
  CHECK(f.Error((in + ") OR :lo = :hi OR :q = :s OR :b = :b").c_str()) ==
        "Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101");
  // Parenthesised operands are fine; a group around a group is not.
  CHECK(f.Error("(a) = :n OR :lo = :hi OR :q = :s OR :b = :b") == "");
  CHECK(f.Error("a = ((:n)) OR :lo = :hi OR :q = :s OR :b = :b") ==
        "Invalid ConditionExpression: The expression has redundant parentheses;");
}
