// The JSON types protocol/ works with (RapidJSON), and the typed accessors
// operations use to read request members. A member of the wrong JSON type is
// a SerializationException, as the AWS JSON protocol reports it.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace ddb {

using JsonValue = rapidjson::Value;
// RapidJSON's writer, except that a string with nothing to escape (most
// names and values) is copied whole: RapidJSON's own String() moves one
// character at a time through its escape table, a visible share of an
// embedded Query (docs/performance.md). The output is the same byte for
// byte.
class JsonWriter : public rapidjson::Writer<rapidjson::StringBuffer> {
 public:
  using Base = rapidjson::Writer<rapidjson::StringBuffer>;
  using Base::Base;

  bool String(const char* s, rapidjson::SizeType length, bool copy = false);
  bool String(const char* s) { return String(s, static_cast<rapidjson::SizeType>(std::strlen(s))); }
  bool String(const std::string& s) { return String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }
  bool Key(const char* s, rapidjson::SizeType length, bool copy = false) { return String(s, length, copy); }
  bool Key(const char* s) { return String(s); }
  bool Key(const std::string& s) { return String(s); }

  // A value whose JSON `write` appends to the output itself (whole, valid,
  // escaped as this writer would), after whatever separator the writer's
  // place calls for.
  template <class Write>
  bool RawValueWith(rapidjson::Type type, Write&& write) {
    Prefix(type);
    write(*os_);
    return EndValue(true);
  }
};

// Appends `s` as a JSON string, quoted and escaped exactly as RapidJSON's
// writer escapes it.
void AppendJsonString(rapidjson::StringBuffer& out, std::string_view s);

// A member of a JSON object, or nullptr when absent or JSON null.
const JsonValue* Member(const JsonValue& object, const char* name);

std::optional<std::string> StringMember(const JsonValue& object, const char* name);
std::optional<bool> BoolMember(const JsonValue& object, const char* name);
std::optional<std::int64_t> LongMember(const JsonValue& object, const char* name);
// A timestamp member: epoch seconds, as the JSON protocol sends them.
std::optional<double> TimestampMember(const JsonValue& object, const char* name);
// Object and array members: nullptr when absent; throws when of another type.
const JsonValue* ObjectMember(const JsonValue& object, const char* name, const char* element_class = nullptr);
const JsonValue* ArrayMember(const JsonValue& object, const char* name);

// Throws SerializationException (with the AWS JSON protocol's texts) unless
// `value` is of the expected kind. `element_class` names the Java class
// DynamoDB reports for a collection of the wrong shape.
void ExpectString(const JsonValue& value);
void ExpectObject(const JsonValue& value, const char* element_class = nullptr);
void ExpectArray(const JsonValue& value);
// For maps of attribute values (Item, Key, ExpressionAttributeValues).
void ExpectAttributeMap(const JsonValue& value);
[[noreturn]] void ThrowSerialization(const std::string& message);

void WriteString(JsonWriter& w, const std::string& s);

}  // namespace ddb
