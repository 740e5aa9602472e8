#include "protocol/json.h"

#include <doctest/doctest.h>

#include <string>

using namespace ddb;

namespace {
// The same document through RapidJSON's own writer and through ours.
template <class Writer>
std::string Write(const std::string& text) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  w.StartArray();
  w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  w.String("plain");
  w.EndArray();
  w.Key("k");
  w.String(text.c_str());
  w.EndObject();
  return buffer.GetString();
}
}  // namespace

TEST_CASE("JsonWriter writes strings exactly as RapidJSON's writer does") {
  for (const std::string& text :
       {std::string(""), std::string("abc"), std::string(200, 'x'), std::string("a\"b"), std::string("back\\slash"),
        std::string("tab\there"), std::string("\x01\x1f"), std::string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
        std::string("del\x7f"), std::string("line\nend"), std::string("/slash"),
        // Past the first eight bytes, and next to bytes >= 0x80 and 0x20.
        std::string("01234567\"9abcdefgh"), std::string("0123456789a\\cdefghij"),
        std::string("\xff\xff\xff\xff\xff\xff\xff\xff\x1f"), std::string("        \x1f       "),
        std::string("\xa2\xa2\xa2\xa2\xdc\xdc\xdc\xdc!!!!!!!!")}) {
    CAPTURE(text);
    CHECK(Write<JsonWriter>(text) == Write<rapidjson::Writer<rapidjson::StringBuffer>>(text));
  }
  CHECK(Write<JsonWriter>("a\"b") == R"({"a\"b":["a\"b","plain"],"k":"a\"b"})");
}
