#include "protocol/attribute_json.h"

#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include "engine/error.h"
#include "engine/item_codec.h"
#include "protocol/base64.h"

using namespace ddb;

namespace {
std::string ErrorOf(const char* json) {
  rapidjson::Document d;
  d.Parse(json);
  try {
    ParseAttributeValue(d);
  } catch (const DynamoError& e) {
    return e.type() + ": " + e.message();
  }
  return "";
}
std::string RoundTrip(const char* json) {
  rapidjson::Document d;
  d.Parse(json);
  AttributeValue v = ParseAttributeValue(d);
  rapidjson::StringBuffer b;
  JsonWriter w(b);
  WriteAttributeValue(w, v);
  return b.GetString();
}
}  // namespace

TEST_CASE("all ten types round-trip, numbers canonicalised") {
  CHECK(RoundTrip(R"({"S":"x"})") == R"({"S":"x"})");
  CHECK(RoundTrip(R"({"N":"10E-1"})") == R"({"N":"1"})");
  CHECK(RoundTrip(R"({"B":"AAE="})") == R"({"B":"AAE="})");
  CHECK(RoundTrip(R"({"BOOL":false})") == R"({"BOOL":false})");
  CHECK(RoundTrip(R"({"NULL":true})") == R"({"NULL":true})");
  CHECK(RoundTrip(R"({"SS":["a","b"]})") == R"({"SS":["a","b"]})");
  CHECK(RoundTrip(R"({"NS":["1.50","2"]})") == R"({"NS":["1.5","2"]})");
  CHECK(RoundTrip(R"({"BS":["AA=="]})") == R"({"BS":["AA=="]})");
  CHECK(RoundTrip(R"({"L":[{"S":"a"},{"M":{"k":{"N":"-0"}}}]})") == R"({"L":[{"S":"a"},{"M":{"k":{"N":"0"}}}]})");
}

TEST_CASE("an encoded item is written as its decoded form is") {
  rapidjson::Document d;
  d.Parse(R"({"pk":{"S":"k\"\u0001"},"n":{"N":"-1.50"},"b":{"B":"AAE="},"t":{"BOOL":true},"z":{"NULL":true},)"
          R"("ss":{"SS":["b","a"]},"ns":{"NS":["2","1"]},"bs":{"BS":["AA==","AQ=="]},)"
          R"("l":{"L":[{"S":"a"},{"L":[]},{"M":{}},{"M":{"k":{"N":"0"},"j":{"BS":["AA=="]}}}]}})");
  const Item item = ParseItem(d);
  rapidjson::StringBuffer decoded, encoded;
  JsonWriter decoded_writer(decoded), encoded_writer(encoded);
  WriteItem(decoded_writer, item);
  WriteEncodedItem(encoded_writer, EncodeItem(item));
  CHECK(std::string(encoded.GetString()) == decoded.GetString());
  CHECK(std::string(encoded.GetString()).find(R"("l":{"L":[{"S":"a"},{"L":[]},{"M":{}},{"M":{"j":{"BS":["AA=="]})") !=
        std::string::npos);
}

TEST_CASE("invalid values get DynamoDB's exception and message") {
  CHECK(ErrorOf(R"({})") ==
        "ValidationException: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  CHECK(ErrorOf(R"({"S":"a","N":"1"})") ==
        "ValidationException: Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
        "the supported datatypes");
  CHECK(ErrorOf(R"({"S":"a","N":"x"})") ==
        "ValidationException: The parameter cannot be converted to a numeric value: x");
  CHECK(ErrorOf(R"({"NULL":false})") ==
        "ValidationException: One or more parameter values were invalid: Null attribute value types must have the "
        "value of true");
  CHECK(ErrorOf(R"({"SS":[]})") ==
        "ValidationException: One or more parameter values were invalid: An string set  may not be empty");
  CHECK(ErrorOf(R"({"SS":["b","a","b"]})") ==
        "ValidationException: One or more parameter values were invalid: Input collection [b, a, b] "
        "contains duplicates.");
  CHECK(ErrorOf(R"({"NS":["1","1.0"]})") == "ValidationException: Input collection contains duplicates");
  CHECK(ErrorOf(R"({"B":"abc"})") ==
        "SerializationException: 'abc' can not be converted to a Blob: Base64 encoded length is expected a "
        "multiple of 4 bytes but found: 3");
  CHECK(ErrorOf(R"({"B":"=+/="})") ==
        "SerializationException: '=+/=' can not be converted to a Blob: Invalid Base64 character: '='");
  CHECK(ErrorOf(R"({"S":5})") == "SerializationException: NUMBER_VALUE cannot be converted to String");
  CHECK(ErrorOf(R"({"BOOL":"true"})") == "SerializationException: Unexpected token received from parser");
}

TEST_CASE("items nest at most 32 levels: the item and 31 containers") {
  std::string ok = R"({"S":"x"})", bad;
  for (int i = 0; i < 31; ++i) ok = R"({"L":[)" + ok + "]}";
  CHECK(ErrorOf(ok.c_str()) == "");
  bad = R"({"L":[)" + ok + "]}";
  CHECK(ErrorOf(bad.c_str()) ==
        "ValidationException: Nesting Levels have exceeded supported limits: Attributes in the item have nested "
        "levels beyond supported limit");
}

TEST_CASE("base64 is strict") {
  CHECK(Base64Encode("hello") == "aGVsbG8=");
  CHECK(*Base64Decode("aGVsbG8=") == "hello");
  CHECK_FALSE(Base64Decode("aGVsbG8").has_value());
  CHECK_FALSE(Base64Decode("aG=sbG8=").has_value());
  CHECK_FALSE(Base64Decode("a!==").has_value());
}

TEST_CASE("items and values are written as DynamoDB's JSON, with separators between them") {
  // Names in byte order, sets sorted and numbers canonical: the answer is the input, byte for byte.
  const std::string json = R"({"b":{"B":"AAE="},"bs":{"BS":["AA==","AQ=="]},)"
                           R"("l":{"L":[{"S":"a"},{"L":[]},{"M":{}},{"L":[{"BOOL":false},{"NULL":true},{"SS":["x"]}]},)"
                           R"({"M":{"j":{"BS":["AA=="]},"k":{"N":"0"}}}]},"n":{"N":"-1.5"},"ns":{"NS":["1","2"]},)"
                           R"("pk":{"S":"k\"\\\u0001"},"ss":{"SS":["a","b"]},"t":{"BOOL":true},"z":{"NULL":true}})";
  rapidjson::Document d;
  d.Parse(json.c_str());
  const Item item = ParseItem(d);
  rapidjson::StringBuffer b;
  JsonWriter w(b);
  w.StartObject();
  w.Key("Items");
  w.StartArray();
  WriteItem(w, item);
  WriteEncodedItem(w, EncodeItem(item));
  w.EndArray();
  w.Key("Values");
  w.StartArray();
  WriteAttributeValue(w, item.at("l"));
  WriteAttributeValue(w, item.at("pk"));
  w.EndArray();
  w.Key("Count");
  w.Int(2);
  w.EndObject();
  const std::string list = R"({"L":[{"S":"a"},{"L":[]},{"M":{}},{"L":[{"BOOL":false},{"NULL":true},{"SS":["x"]}]},)"
                           R"({"M":{"j":{"BS":["AA=="]},"k":{"N":"0"}}}]})";
  CHECK(std::string(b.GetString()) ==
        R"({"Items":[)" + json + "," + json + R"(],"Values":[)" + list + R"(,{"S":"k\"\\\u0001"}],"Count":2})");
}

TEST_CASE("an item nested past 64 levels is still written whole") {
  // Lists of (the deeper list, a string), 70 deep, around a set; the expected
  // text is built the same way, without the writer.
  AttributeValue value;
  value.type = ValueType::SS;
  value.set = {"x"};
  std::string expected = R"({"SS":["x"]})";
  for (int depth = 0; depth < 70; ++depth) {
    AttributeValue list;
    list.type = ValueType::L;
    list.list = {value, AttributeValue::String("y")};
    value = list;
    expected = R"({"L":[)" + expected + R"(,{"S":"y"}]})";
  }
  const Item item{{"a", value}, {"b", AttributeValue::Bool(true)}};
  rapidjson::StringBuffer decoded, encoded;
  JsonWriter decoded_writer(decoded), encoded_writer(encoded);
  WriteItem(decoded_writer, item);
  WriteEncodedItem(encoded_writer, EncodeItem(item));
  const std::string want = R"({"a":)" + expected + R"(,"b":{"BOOL":true}})";
  CHECK(std::string(decoded.GetString()) == want);
  CHECK(std::string(encoded.GetString()) == want);
}
