#include "protocol/json.h"

#include "engine/error.h"

namespace ddb {
namespace {

[[noreturn]] void ThrowSerialization(const JsonValue& value, const char* expected) {
  const char* found = value.IsString()   ? "STRING_VALUE"
                      : value.IsNumber() ? "NUMBER_VALUE"
                      : value.IsBool()   ? (value.GetBool() ? "VALUE_TRUE" : "VALUE_FALSE")
                      : value.IsArray()  ? "START_ARRAY"
                      : value.IsObject() ? "START_OBJECT"
                                         : "VALUE_NULL";
  throw DynamoError("SerializationException", std::string(found) + " can not be converted to " + expected);
}

}  // namespace

const JsonValue* Member(const JsonValue& object, const char* name) {
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

void ExpectString(const JsonValue& v) {
  if (!v.IsString()) ThrowSerialization(v, "String");
}
void ExpectObject(const JsonValue& v) {
  if (!v.IsObject()) ThrowSerialization(v, "Structure");
}
void ExpectArray(const JsonValue& v) {
  if (!v.IsArray()) ThrowSerialization(v, "List");
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
  if (!v->IsBool()) ThrowSerialization(*v, "Boolean");
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
  ThrowSerialization(*v, "Long");
}

const JsonValue* ObjectMember(const JsonValue& object, const char* name) {
  const JsonValue* v = Member(object, name);
  if (v) ExpectObject(*v);
  return v;
}

const JsonValue* ArrayMember(const JsonValue& object, const char* name) {
  const JsonValue* v = Member(object, name);
  if (v) ExpectArray(*v);
  return v;
}

void WriteString(JsonWriter& w, const std::string& s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

}  // namespace ddb
