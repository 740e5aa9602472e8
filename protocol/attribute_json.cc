#include "protocol/attribute_json.h"

#include <algorithm>
#include <cstring>
#include <set>

#include "engine/decimal.h"
#include "engine/error.h"
#include "protocol/base64.h"

namespace ddb {
namespace {

constexpr int kMaxNestingDepth = 32;

struct TypeKey {
  const char* name;
  ValueType type;
};
constexpr TypeKey kTypeKeys[] = {
    {"S", ValueType::S},     {"N", ValueType::N},   {"B", ValueType::B},   {"BOOL", ValueType::BOOL},
    {"NULL", ValueType::NUL}, {"M", ValueType::M},  {"L", ValueType::L},   {"SS", ValueType::SS},
    {"NS", ValueType::NS},   {"BS", ValueType::BS},
};

std::string AsString(const JsonValue& v) {
  ExpectString(v);
  return std::string(v.GetString(), v.GetStringLength());
}

std::string DecodeBinary(const JsonValue& v) {
  if (v.IsArray()) ThrowSerialization("Unrecognized collection type class java.nio.ByteBuffer");
  if (!v.IsString()) ThrowSerialization("only base-64-encoded strings are convertible to bytes");
  std::string_view text(v.GetString(), v.GetStringLength());
  if (text.size() % 4 != 0) {
    ThrowSerialization("Base64 encoded length is expected a multiple of 4 bytes but found: " +
                       std::to_string(text.size()));
  }
  auto bytes = Base64Decode(text);
  if (!bytes) ThrowSerialization("Invalid last non-pad Base64 character dectected");
  return *bytes;
}

std::string CanonicalNumber(const JsonValue& v) { return Decimal::Parse(AsString(v)).ToString(); }

// DynamoDB shows a set with a duplicate as: the distinct members before the
// first repeat in sorted order, then the repeated member, then the rest as
// sent. Members are JSON-quoted; `separator` differs between SS and BS.
std::string DuplicateListText(const std::vector<std::string>& raw, const std::vector<std::string>& keys,
                              std::size_t repeat, const char* separator) {
  std::vector<std::pair<std::string, std::string>> before;  // (sort key, shown)
  for (std::size_t i = 0; i < repeat; ++i) before.emplace_back(keys[i], raw[i]);
  std::sort(before.begin(), before.end());
  std::vector<std::string> shown;
  for (auto& [k, r] : before) shown.push_back(r);
  for (std::size_t i = repeat; i < raw.size(); ++i) shown.push_back(raw[i]);
  std::string out = "[";
  for (std::size_t i = 0; i < shown.size(); ++i) {
    if (i) out += separator;
    out += "\"" + shown[i] + "\"";
  }
  return out + "]";
}

// Index of the first member equal to an earlier one, or npos.
std::size_t FirstRepeat(const std::vector<std::string>& keys) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!seen.insert(keys[i]).second) return i;
  }
  return std::string::npos;
}

const TypeKey* FindTypeKey(std::string_view name) {
  for (const auto& key : kTypeKeys) {
    if (name == key.name) return &key;
  }
  return nullptr;
}

AttributeValue ParseTyped(ValueType type, const JsonValue& v, int depth);

AttributeValue Parse(const JsonValue& json, int depth) {
  if (!json.IsObject()) {
    if (json.IsArray()) {
      ThrowSerialization("Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue");
    }
    ThrowSerialization("Unexpected value type in payload");
  }
  if (depth > kMaxNestingDepth) {
    throw ValidationError(
        "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond "
        "supported limit");
  }
  // Each present type member is validated in request order; only then is
  // "more than one type" reported (so {"S":"a","N":"x"} is a number error).
  std::optional<AttributeValue> result;
  int count = 0;
  for (auto it = json.MemberBegin(); it != json.MemberEnd(); ++it) {
    if (it->value.IsNull()) continue;
    const TypeKey* key = FindTypeKey(std::string_view(it->name.GetString(), it->name.GetStringLength()));
    if (!key) continue;  // unknown members are ignored
    ++count;
    result = ParseTyped(key->type, it->value, depth);
  }
  if (count == 0) {
    throw ValidationError("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  }
  if (count > 1) {
    throw ValidationError(
        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported "
        "datatypes");
  }
  return std::move(*result);
}

AttributeValue ParseTyped(ValueType type, const JsonValue& v, int depth) {
  AttributeValue out;
  out.type = type;
  switch (type) {
    case ValueType::S: out.scalar = AsString(v); break;
    case ValueType::N: out.scalar = CanonicalNumber(v); break;
    case ValueType::B: out.scalar = DecodeBinary(v); break;
    case ValueType::BOOL:
    case ValueType::NUL: {
      auto b = v.IsBool() ? std::optional<bool>(v.GetBool()) : std::nullopt;
      if (!b) {
        if (v.IsArray()) ThrowSerialization("Unrecognized collection type class java.lang.Boolean");
        if (v.IsObject()) ThrowSerialization("Start of structure or map found where not expected");
        if (v.IsString()) ThrowSerialization("Unexpected token received from parser");
        ThrowSerialization(std::string(v.IsInt64() ? "NUMBER_VALUE" : "DECIMAL_VALUE") +
                           " cannot be converted to Boolean");
      }
      if (type == ValueType::NUL && !*b) {
        throw InvalidParameterError("Null attribute value types must have the value of true");
      }
      out.boolean = type == ValueType::NUL ? true : *b;
      break;
    }
    case ValueType::M:
      ExpectAttributeMap(v);
      for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
        out.map.insert_or_assign(std::string(it->name.GetString(), it->name.GetStringLength()),
                                 Parse(it->value, depth + 1));
      }
      break;
    case ValueType::L:
      ExpectArray(v);
      for (const auto& e : v.GetArray()) out.list.push_back(Parse(e, depth + 1));
      break;
    case ValueType::SS:
    case ValueType::NS:
    case ValueType::BS: {
      ExpectArray(v);
      if (v.Empty()) {
        throw InvalidParameterError(type == ValueType::SS   ? "An string set  may not be empty"
                                    : type == ValueType::NS ? "An number set  may not be empty"
                                                            : "Binary sets should not be empty");
      }
      std::vector<std::string> raw;
      for (const auto& e : v.GetArray()) {
        if (type == ValueType::SS) {
          out.set.push_back(AsString(e));
        } else if (type == ValueType::NS) {
          out.set.push_back(CanonicalNumber(e));
        } else {
          out.set.push_back(DecodeBinary(e));
        }
        raw.push_back(type == ValueType::SS ? out.set.back() : AsString(e));
      }
      std::size_t repeat = FirstRepeat(out.set);
      if (repeat != std::string::npos) {
        if (type == ValueType::NS) throw InvalidParameterError("Input collection contains duplicates.");
        if (type == ValueType::SS) {
          throw InvalidParameterError("Input collection " + DuplicateListText(raw, out.set, repeat, ", ") +
                                      " contains duplicates.");
        }
        throw InvalidParameterError("Input collection " + DuplicateListText(raw, out.set, repeat, ",") +
                                    "of type BS contains duplicates.");
      }
      break;
    }
  }
  return out;
}

}  // namespace

AttributeValue ParseAttributeValue(const JsonValue& json) { return Parse(json, 1); }

Item ParseItem(const JsonValue& json) {
  ExpectAttributeMap(json);
  Item item;
  for (auto it = json.MemberBegin(); it != json.MemberEnd(); ++it) {
    item.insert_or_assign(std::string(it->name.GetString(), it->name.GetStringLength()), Parse(it->value, 1));
  }
  return item;
}

void WriteAttributeValue(JsonWriter& w, const AttributeValue& v) {
  w.StartObject();
  const std::string_view name = TypeName(v.type);
  w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
  switch (v.type) {
    case ValueType::S:
    case ValueType::N: WriteString(w, v.scalar); break;
    case ValueType::B: WriteString(w, Base64Encode(v.scalar)); break;
    case ValueType::BOOL:
    case ValueType::NUL: w.Bool(v.boolean); break;
    case ValueType::SS:
    case ValueType::NS:
    case ValueType::BS:
      w.StartArray();
      for (const auto& m : v.set) WriteString(w, v.type == ValueType::BS ? Base64Encode(m) : m);
      w.EndArray();
      break;
    case ValueType::L:
      w.StartArray();
      for (const auto& e : v.list) WriteAttributeValue(w, e);
      w.EndArray();
      break;
    case ValueType::M: WriteItem(w, v.map); break;
  }
  w.EndObject();
}

void WriteItem(JsonWriter& w, const Item& item) {
  w.StartObject();
  for (const auto& [name, value] : item) {
    WriteString(w, name);
    WriteAttributeValue(w, value);
  }
  w.EndObject();
}

}  // namespace ddb
