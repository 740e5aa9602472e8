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
  std::string text = AsString(v);
  auto bytes = Base64Decode(text);
  if (!bytes) throw DynamoError("SerializationException", "Base64 encoded length is expected a multiple of 4 bytes but found: " + std::to_string(text.size()));
  return *bytes;
}

std::string CanonicalNumber(const JsonValue& v) { return Decimal::Parse(AsString(v)).ToString(); }

// Java's List.toString, which DynamoDB uses to show a set with duplicates.
std::string ListText(const std::vector<std::string>& members) {
  std::string out = "[";
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i) out += ", ";
    out += members[i];
  }
  return out + "]";
}

void CheckNoDuplicates(const std::vector<std::string>& members, const std::vector<std::string>& shown) {
  std::set<std::string> seen;
  for (const auto& m : members) {
    if (!seen.insert(m).second) {
      throw InvalidParameterError("Input collection " + ListText(shown) + " contains duplicates.");
    }
  }
}

AttributeValue Parse(const JsonValue& json, int depth) {
  if (!json.IsObject()) {
    throw DynamoError("SerializationException", "Unexpected value type in payload");
  }
  if (depth > kMaxNestingDepth) {
    throw ValidationError(
        "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond "
        "supported limit");
  }
  const JsonValue* found = nullptr;
  ValueType type = ValueType::NUL;
  int count = 0;
  for (const auto& key : kTypeKeys) {
    auto it = json.FindMember(key.name);
    if (it == json.MemberEnd() || it->value.IsNull()) continue;
    ++count;
    found = &it->value;
    type = key.type;
  }
  if (count == 0) {
    throw ValidationError("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  }
  if (count > 1) {
    throw ValidationError(
        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported "
        "datatypes");
  }
  const JsonValue& v = *found;
  AttributeValue out;
  out.type = type;
  switch (type) {
    case ValueType::S: out.scalar = AsString(v); break;
    case ValueType::N: out.scalar = CanonicalNumber(v); break;
    case ValueType::B: out.scalar = DecodeBinary(v); break;
    case ValueType::BOOL:
      if (!v.IsBool()) throw DynamoError("SerializationException", "Unexpected value type in payload");
      out.boolean = v.GetBool();
      break;
    case ValueType::NUL:
      if (!v.IsBool()) throw DynamoError("SerializationException", "Unexpected value type in payload");
      if (!v.GetBool()) throw InvalidParameterError("Null attribute value types must have the value of true");
      out.boolean = true;
      break;
    case ValueType::M:
      ExpectObject(v);
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
      std::vector<std::string> shown;
      for (const auto& e : v.GetArray()) {
        if (type == ValueType::SS) {
          out.set.push_back(AsString(e));
          shown.push_back(out.set.back());
        } else if (type == ValueType::NS) {
          out.set.push_back(CanonicalNumber(e));
          shown.push_back(AsString(e));
        } else {
          out.set.push_back(DecodeBinary(e));
          shown.push_back(AsString(e));
        }
      }
      if (out.set.empty()) {
        throw InvalidParameterError(type == ValueType::SS   ? "An string set  may not be empty"
                                    : type == ValueType::NS ? "An number set  may not be empty"
                                                            : "Binary sets should not be empty");
      }
      CheckNoDuplicates(out.set, shown);
      break;
    }
  }
  return out;
}

}  // namespace

AttributeValue ParseAttributeValue(const JsonValue& json) { return Parse(json, 1); }

Item ParseItem(const JsonValue& json) {
  ExpectObject(json);
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
