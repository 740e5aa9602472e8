#include "protocol/request_document.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

using namespace ddb;

namespace {
// An object of `n` members "k<i>": "<i>-<pad>", larger than the thread's
// buffers once n is in the hundreds.
std::string Body(int n, const std::string& pad) {
  std::string s = "{";
  for (int i = 0; i < n; ++i) {
    if (i) s += ",";
    s += "\"k" + std::to_string(i) + "\":\"" + std::to_string(i) + "-" + pad + "\"";
  }
  return s + "}";
}

std::string ValueOf(const RequestDocument& d, int i) { return d.root()[("k" + std::to_string(i)).c_str()].GetString(); }
}  // namespace

TEST_CASE("a request document parses bodies small and large") {
  RequestDocument small;
  REQUIRE(small.Parse(R"({"TableName":"t","Key":{"pk":{"S":"a"}}})"));
  CHECK(std::string(small.root()["Key"]["pk"]["S"].GetString()) == "a");

  RequestDocument large;  // spills past the thread's buffers into heap chunks
  REQUIRE(large.Parse(Body(2000, std::string(40, 'x'))));
  CHECK(large.root().MemberCount() == 2000);
  CHECK(ValueOf(large, 1999) == "1999-" + std::string(40, 'x'));
}

TEST_CASE("two request documents alive on one thread do not share memory") {
  RequestDocument first;
  REQUIRE(first.Parse(Body(50, "first")));
  {
    RequestDocument second;
    REQUIRE(second.Parse(Body(50, "second")));
    CHECK(ValueOf(second, 49) == "49-second");
  }
  CHECK(ValueOf(first, 0) == "0-first");
  CHECK(ValueOf(first, 49) == "49-first");
  // The thread's buffers are free again once both are gone.
  RequestDocument third;
  REQUIRE(third.Parse(Body(3, "third")));
  CHECK(ValueOf(third, 2) == "2-third");
}

TEST_CASE("a request document rejects malformed JSON and survives deep nesting") {
  RequestDocument bad;
  CHECK_FALSE(bad.Parse(R"({"TableName":)"));
  RequestDocument deep;
  const std::string nested = std::string(100000, '[') + std::string(100000, ']');
  REQUIRE(deep.Parse(nested));
  CHECK(deep.root().IsArray());
}

namespace {
// `depth` nested {"L":[...]} around {"S":"x"}, as an UpdateItem value.
std::string NestedList(int depth) {
  std::string s = R"({"TableName":"t","V":)";
  for (int i = 0; i < depth; ++i) s += R"({"L":[)";
  s += R"({"S":"x"})";
  for (int i = 0; i < depth; ++i) s += "]}";
  return s + R"(,"After":"y"})";
}

// The JSON depth of a value: 1 for a scalar.
int Depth(const JsonValue& v) {
  int deepest = 0;
  if (v.IsObject()) {
    for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) deepest = std::max(deepest, Depth(it->value));
    return deepest + 1;
  }
  if (v.IsArray()) {
    for (const auto& e : v.GetArray()) deepest = std::max(deepest, Depth(e));
    return deepest + 1;
  }
  return 1;
}
}  // namespace

TEST_CASE("a request document keeps nesting deeper than any valid request as an empty container") {
  RequestDocument shallow;
  REQUIRE(shallow.Parse(NestedList(40)));
  CHECK(Depth(shallow.root()["V"]) == 2 * 40 + 2);  // kept whole

  RequestDocument deep;
  REQUIRE(deep.Parse(NestedList(200000)));
  CHECK(Depth(deep.root()) == 100);                             // the containers below level 100 are emptied
  CHECK(std::string(deep.root()["After"].GetString()) == "y");  // what follows is kept

  RequestDocument unbalanced;
  CHECK_FALSE(unbalanced.Parse(std::string(200, '[') + std::string(199, ']')));
  RequestDocument deep_malformed;  // a malformed body stays malformed
  CHECK_FALSE(deep_malformed.Parse(R"({"a":)" + std::string(200, '[') + std::string(200, ']') + "}}"));
}

TEST_CASE("a request document refuses text that is not UTF-8") {
  RequestDocument raw_byte;
  CHECK_FALSE(raw_byte.Parse("{\"Item\":{\"\xff\":{\"S\":\"x\"}}}"));
  RequestDocument overlong;  // '/' in two bytes
  CHECK_FALSE(overlong.Parse("{\"a\":\"\xc0\xaf\"}"));
  RequestDocument encoded_surrogate;
  CHECK_FALSE(encoded_surrogate.Parse("{\"a\":\"\xed\xa0\x80\"}"));
  RequestDocument lone_low_escape;
  CHECK_FALSE(lone_low_escape.Parse(R"({"a":"\udc00"})"));
  RequestDocument lone_high_escape;
  CHECK_FALSE(lone_high_escape.Parse(R"({"a":"\ud83d"})"));
  RequestDocument lone_in_key;
  CHECK_FALSE(lone_in_key.Parse(R"({"\udfff":"a"})"));

  RequestDocument valid;  // a pair of escapes, raw multi-byte text
  REQUIRE(valid.Parse("{\"a\":\"\\ud83d\\ude00 \xc3\xa9 \xe2\x82\xac\"}"));
  CHECK(std::string(valid.root()["a"].GetString()) == "\xf0\x9f\x98\x80 \xc3\xa9 \xe2\x82\xac");
}
