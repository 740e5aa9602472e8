#include "protocol/json.h"

#include <cstdint>
#include <cstring>

#include "engine/error.h"

namespace ddb {
namespace {

const char* ScalarToken(const JsonValue& v) {
  if (v.IsString()) return "STRING_VALUE";
  if (v.IsBool()) return v.GetBool() ? "TRUE_VALUE" : "FALSE_VALUE";
  if (v.IsInt64() || v.IsUint64()) return "NUMBER_VALUE";
  return "DECIMAL_VALUE";
}

constexpr const char* kStructureWhereNotExpected = "Start of structure or map found where not expected";

// A scalar member declared as `java_type` (String, Boolean, Long, Integer).
[[noreturn]] void ThrowScalarMismatch(const JsonValue& v, const char* java_type) {
  if (v.IsArray()) ThrowSerialization(std::string("Unrecognized collection type class java.lang.") + java_type);
  if (v.IsObject()) ThrowSerialization(kStructureWhereNotExpected);
  if (v.IsString() && std::string(java_type) == "Boolean") ThrowSerialization("Unexpected token received from parser");
  ThrowSerialization(std::string(ScalarToken(v)) + " cannot be converted to " + java_type);
}

}  // namespace

void ThrowSerialization(const std::string& message) {
  DynamoError e(ErrorCode::Serialization, message);
  throw e;
}

const JsonValue* Member(const JsonValue& object, const char* name) {
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

void ExpectString(const JsonValue& v) {
  if (!v.IsString()) ThrowScalarMismatch(v, "String");
}

void ExpectObject(const JsonValue& v, const char* element_class) {
  if (v.IsObject()) return;
  if (v.IsArray()) {
    ThrowSerialization(std::string("Unrecognized collection type class com.amazonaws.dynamodb.v20120810.") +
                       (element_class ? element_class : "Structure"));
  }
  ThrowSerialization("Unexpected field type");
}

void ExpectArray(const JsonValue& v) {
  if (v.IsArray()) return;
  if (v.IsObject()) ThrowSerialization(kStructureWhereNotExpected);
  ThrowSerialization("Unexpected field type");
}

void ExpectAttributeMap(const JsonValue& v) {
  if (v.IsObject()) return;
  if (v.IsArray()) {
    ThrowSerialization(
        "Unrecognized collection type java.util.Map<java.lang.String, "
        "com.amazonaws.dynamodb.v20120810.AttributeValue>");
  }
  ThrowSerialization("Unexpected field type");
}

std::optional<std::string> StringMember(const JsonValue& object, const char* name) {
  const JsonValue* v = Member(object, name);
  if (!v) return std::nullopt;
  ExpectString(*v);
  return std::string(v->GetString(), v->GetStringLength());
}

std::optional<bool> BoolMember(const JsonValue& object, const char* name) {
  const JsonValue* v = Member(object, name);
  if (!v) return std::nullopt;
  if (!v->IsBool()) ThrowScalarMismatch(*v, "Boolean");
  return v->GetBool();
}

std::optional<std::int64_t> LongMember(const JsonValue& object, const char* name) {
  const JsonValue* v = Member(object, name);
  if (!v) return std::nullopt;
  if (v->IsInt64()) return v->GetInt64();
  if (v->IsNumber()) {
    double d = v->GetDouble();
    if (d >= 9.2e18) return INT64_MAX;
    if (d <= -9.2e18) return INT64_MIN;
    return static_cast<std::int64_t>(d);
  }
  ThrowScalarMismatch(*v, "Long");
}

std::optional<double> TimestampMember(const JsonValue& object, const char* name) {
  const JsonValue* v = Member(object, name);
  if (!v) return std::nullopt;
  if (!v->IsNumber()) ThrowScalarMismatch(*v, "Date");
  return v->GetDouble();
}

const JsonValue* ObjectMember(const JsonValue& object, const char* name, const char* element_class) {
  const JsonValue* v = Member(object, name);
  if (v) ExpectObject(*v, element_class);
  return v;
}

const JsonValue* ArrayMember(const JsonValue& object, const char* name) {
  const JsonValue* v = Member(object, name);
  if (v) ExpectArray(*v);
  return v;
}

namespace {

// Whether RapidJSON would escape any byte of s: a control character, the
// quote or the backslash. Eight bytes at a time, with the classic "has a
// zero byte" and "has a byte less than n" word tricks: a borrow may also
// mark the byte above a match, so they cannot say which byte matched, but
// whether any did is exact.
bool NeedsEscape(const char* s, std::size_t length) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
  auto has_zero = [](std::uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  std::size_t i = 0;
  for (; i + 8 <= length; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, s + i, 8);
    if (((word - kOnes * 0x20) & ~word & kHighs) | has_zero(word ^ (kOnes * '"')) | has_zero(word ^ (kOnes * '\\'))) {
      return true;
    }
  }
  for (; i < length; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"' || c == '\\') return true;
  }
  return false;
}

}  // namespace

void AppendJsonString(rapidjson::StringBuffer& out, std::string_view s) {
  if (NeedsEscape(s.data(), s.size())) {
    // Rare: RapidJSON's own writer, at the top level of the same buffer.
    rapidjson::Writer<rapidjson::StringBuffer> escaping(out);
    escaping.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    return;
  }
  char* to = out.Push(s.size() + 2);
  to[0] = '"';
  if (!s.empty()) std::memcpy(to + 1, s.data(), s.size());
  to[s.size() + 1] = '"';
}

bool JsonWriter::String(const char* s, rapidjson::SizeType length, bool) {
  Prefix(rapidjson::kStringType);
  AppendJsonString(*os_, std::string_view(s, length));
  return EndValue(true);
}

void WriteString(JsonWriter& w, const std::string& s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

}  // namespace ddb
