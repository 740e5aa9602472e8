#include "protocol/attribute_json.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>

#include "engine/decimal.h"
#include "engine/error.h"
#include "engine/item_codec.h"
#include "engine/limits.h"
#include "protocol/base64.h"
#include "protocol/text.h"

namespace ddb {
namespace {

struct TypeKey {
  const char* name;
  ValueType type;
};
constexpr TypeKey kTypeKeys[] = {
    {"S", ValueType::S},      {"N", ValueType::N},   {"B", ValueType::B}, {"BOOL", ValueType::BOOL},
    {"NULL", ValueType::NUL}, {"M", ValueType::M},   {"L", ValueType::L}, {"SS", ValueType::SS},
    {"NS", ValueType::NS},    {"BS", ValueType::BS},
};

std::string AsString(const JsonValue& v) {
  ExpectString(v);
  return std::string(v.GetString(), v.GetStringLength());
}

// The first character that cannot stand where it is in padded base64.
char FirstInvalidBase64Char(std::string_view text) {
  const std::size_t pad_start = text.size() - (text.ends_with("==") ? 2 : text.ends_with("=") ? 1 : 0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool alphabet = std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/';
    if (i < pad_start ? !alphabet : c != '=') return c;
  }
  return text.empty() ? '?' : text.back();
}

std::string DecodeBinary(const JsonValue& v) {
  if (v.IsArray()) ThrowSerialization("Unrecognized collection type class java.nio.ByteBuffer");
  if (!v.IsString()) ThrowSerialization("only base-64-encoded strings are convertible to bytes");
  std::string_view text(v.GetString(), v.GetStringLength());
  const std::string prefix = "'" + std::string(text) + "' can not be converted to a Blob: ";
  if (text.size() % 4 != 0) {
    ThrowSerialization(
        prefix + "Base64 encoded length is expected a multiple of 4 bytes but found: " + std::to_string(text.size()));
  }
  auto bytes = Base64Decode(text);
  if (!bytes) ThrowSerialization(prefix + "Invalid Base64 character: '" + FirstInvalidBase64Char(text) + "'");
  return *bytes;
}

std::string CanonicalNumber(const JsonValue& v) { return Decimal::Parse(AsString(v)).ToString(); }

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
  // `depth` is 1 for a top-level attribute value (engine/limits.h).
  if ((type == ValueType::M || type == ValueType::L) && depth + 1 > kMaxNestingLevels) {
    throw ValidationError(
        "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond "
        "supported limit");
  }
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
      if (FirstRepeat(out.set) != std::string::npos) {
        // Numbers are compared by value, after canonicalisation.
        if (type == ValueType::NS) throw ValidationError("Input collection contains duplicates");
        throw InvalidParameterError(
            "Input collection " + JoinList(raw) +
            (type == ValueType::SS ? " contains duplicates." : "of type BS contains duplicates."));
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

namespace {

// DynamoDB's wire JSON for the events of an item walk (engine/item_visitor.h):
// each value an object of one type name. Written straight into the output
// buffer rather than through JsonWriter's calls: the shape is fixed, and the
// writer's bookkeeping per call (the separator state on its level stack)
// was most of the cost of writing an item (docs/performance.md). The output
// is the same byte for byte (protocol/attribute_json_test.cc).
class JsonItemVisitor : public ItemVisitor {
 public:
  explicit JsonItemVisitor(rapidjson::StringBuffer& out) : out_(out) {}

  void Name(std::string_view name) override {
    Separate();
    AppendJsonString(out_, name);
    out_.Put(':');
    after_name_ = true;
  }
  void Scalar(ValueType type, std::string_view bytes) override {
    Open(type);
    Member(type, bytes);
    out_.Put('}');
  }
  void Boolean(ValueType type, bool value) override {
    Open(type);
    Append(value ? "true}" : "false}");
  }
  void StartSet(ValueType type, std::size_t) override { OpenContainer(type, '['); }
  void SetMember(ValueType type, std::string_view bytes) override {
    Separate();
    Member(type, bytes);
  }
  void EndSet(ValueType) override { CloseContainer("]}"); }
  void StartList(std::size_t) override { OpenContainer(ValueType::L, '['); }
  void EndList() override { CloseContainer("]}"); }
  void StartMap(std::size_t) override { OpenContainer(ValueType::M, '{'); }
  void EndMap() override { CloseContainer("}}"); }

 private:
  void Append(std::string_view text) { std::memcpy(out_.Push(text.size()), text.data(), text.size()); }
  // Before each element of the container being written (a name in a map or
  // the item, a value in a list or set): a comma unless it is the first.
  void Separate() {
    if (!first_) out_.Put(',');
    first_ = false;
  }
  // A value starts {"<type>":. In a list it is an element of its own; in a
  // map or the item its Name was. Nothing here depends on depth, so an item
  // nested deeper than DynamoDB allows is still written whole.
  void Open(ValueType type) {
    if (!after_name_) Separate();
    after_name_ = false;
    out_.Put('{');
    out_.Put('"');
    Append(TypeName(type));
    Append("\":");
  }
  // A scalar or a set member: binary goes out as base64.
  void Member(ValueType type, std::string_view bytes) {
    if (type == ValueType::B || type == ValueType::BS)
      AppendJsonString(out_, Base64Encode(bytes));
    else
      AppendJsonString(out_, bytes);
  }
  void OpenContainer(ValueType type, char bracket) {
    Open(type);
    out_.Put(bracket);
    first_ = true;
  }
  void CloseContainer(std::string_view brackets) {
    first_ = false;  // the container was an element of its parent
    Append(brackets);
  }

  rapidjson::StringBuffer& out_;
  bool first_ = true;        // no element written yet in the innermost open container
  bool after_name_ = false;  // a Name was just written: the value that follows is part of it
};

}  // namespace

void WriteAttributeValue(JsonWriter& w, const AttributeValue& value) {
  w.RawValueWith(rapidjson::kObjectType, [&](rapidjson::StringBuffer& out) {
    JsonItemVisitor visitor(out);
    VisitValue(value, visitor);
  });
}

void WriteItem(JsonWriter& w, const Item& item) {
  w.RawValueWith(rapidjson::kObjectType, [&](rapidjson::StringBuffer& out) {
    out.Put('{');
    JsonItemVisitor visitor(out);
    VisitItem(item, visitor);
    out.Put('}');
  });
}

void WriteEncodedItem(JsonWriter& w, std::string_view encoded) {
  w.RawValueWith(rapidjson::kObjectType, [&](rapidjson::StringBuffer& out) {
    out.Put('{');
    JsonItemVisitor visitor(out);
    VisitEncodedItem(encoded, visitor);
    out.Put('}');
  });
}

}  // namespace ddb
