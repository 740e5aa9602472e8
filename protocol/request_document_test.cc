#include "protocol/request_document.h"

#include <doctest/doctest.h>

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
