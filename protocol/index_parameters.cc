#include "protocol/index_parameters.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <unordered_set>

#include "engine/error.h"
#include "engine/limits.h"
#include "protocol/table_parameters.h"
#include "protocol/text.h"

namespace ddb {
namespace {

// Java's String.hashCode over the UTF-16 code units of a UTF-8 string.
std::int32_t JavaStringHash(const std::string& s) {
  std::uint32_t h = 0;
  auto unit = [&h](std::uint32_t u) { h = 31 * h + u; };
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::uint32_t cp;
    std::size_t n;
    if (c < 0x80)
      cp = c, n = 1;
    else if ((c >> 5) == 0x6)
      cp = c & 0x1f, n = 2;
    else if ((c >> 4) == 0xe)
      cp = c & 0x0f, n = 3;
    else
      cp = c & 0x07, n = 4;
    for (std::size_t k = 1; k < n && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    i += n;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      unit(0xd800 + (cp >> 10));
      unit(0xdc00 + (cp & 0x3ff));
    } else {
      unit(cp);
    }
  }
  return static_cast<std::int32_t>(h);
}

void CheckIndexName(ConstraintViolations& v, const std::optional<std::string>& name, const std::string& path) {
  v.NotNull(name.has_value(), path);
  if (!name) return;
  if (!MatchesNamePattern(*name)) v.Add(ConstraintViolations::Quote(*name), path, kNamePatternRule);
  if (name->size() < 3) v.Add(ConstraintViolations::Quote(*name), path, MinLengthRule(3));
  if (name->size() > 255) v.Add(ConstraintViolations::Quote(*name), path, MaxLengthRule(255));
}

}  // namespace

std::string ShowKeySchema(const std::vector<KeyElementInput>& keys) {
  std::vector<std::string> shown;
  for (const auto& k : keys) {
    shown.push_back("KeySchemaElement(attributeName=" + k.name.value_or("null") +
                    ", keyType=" + k.type.value_or("null") + ")");
  }
  return JoinList(shown);
}

std::vector<std::string> JavaHashSetOrder(const std::vector<std::string>& names, std::size_t initial_capacity) {
  std::size_t capacity = 1;
  while (capacity < std::max<std::size_t>(initial_capacity, 1)) capacity <<= 1;
  std::vector<std::string> unique;
  std::unordered_set<std::string> seen;
  for (const auto& n : names) {
    if (!seen.insert(n).second) continue;
    unique.push_back(n);
    while (unique.size() * 4 > capacity * 3) capacity <<= 1;
  }
  auto bucket = [capacity](const std::string& s) {
    const auto h = static_cast<std::uint32_t>(JavaStringHash(s));
    return (h ^ (h >> 16)) & (capacity - 1);
  };
  std::stable_sort(unique.begin(), unique.end(),
                   [&](const std::string& a, const std::string& b) { return bucket(a) < bucket(b); });
  return unique;
}

std::optional<ValueType> ScalarType(const std::string& s) {
  if (s == "S") return ValueType::S;
  if (s == "N") return ValueType::N;
  if (s == "B") return ValueType::B;
  return std::nullopt;
}

std::vector<KeyElementInput> ReadAttributeDefinitions(const JsonValue& definitions, ConstraintViolations& v) {
  std::vector<KeyElementInput> out;
  int i = 1;
  for (const auto& a : definitions.GetArray()) {
    ExpectObject(a);
    KeyElementInput d{StringMember(a, "AttributeName"), StringMember(a, "AttributeType")};
    const std::string path = "attributeDefinitions." + std::to_string(i++) + ".member.";
    v.NotNull(d.name.has_value(), path + "attributeName");
    v.StringLength(d.name, path + "attributeName", 1, 255);
    v.NotNull(d.type.has_value(), path + "attributeType");
    v.Enum(d.type, path + "attributeType", {"B", "N", "S"});
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<KeyElementInput> ReadKeySchemaElements(const JsonValue& key_schema, const std::string& path,
                                                   ConstraintViolations& v) {
  std::vector<KeyElementInput> keys;
  int i = 1;
  for (const auto& k : key_schema.GetArray()) {
    ExpectObject(k);
    KeyElementInput e{StringMember(k, "AttributeName"), StringMember(k, "KeyType")};
    const std::string element = path + "." + std::to_string(i++) + ".member.";
    v.NotNull(e.name.has_value(), element + "attributeName");
    v.StringLength(e.name, element + "attributeName", 1, 255);
    v.NotNull(e.type.has_value(), element + "keyType");
    v.Enum(e.type, element + "keyType", {"HASH", "RANGE"});
    keys.push_back(std::move(e));
  }
  return keys;
}

IndexInput ReadIndex(const JsonValue& index, const std::string& path, bool global, ConstraintViolations& v) {
  ExpectObject(index);
  IndexInput in;
  in.name = StringMember(index, "IndexName");
  CheckIndexName(v, in.name, path + "indexName");
  if (const JsonValue* keys = ArrayMember(index, "KeySchema")) {
    in.keys = ReadKeySchemaElements(*keys, path + "keySchema", v);
    const std::size_t max_keys = global ? kMaxIndexHashAttributes + kMaxIndexRangeAttributes : 2;
    v.ListLength(in.keys->size(), path + "keySchema", 1, max_keys, "'" + ShowKeySchema(*in.keys) + "'");
  }
  v.NotNull(in.keys.has_value(), path + "keySchema");
  if (const JsonValue* projection = ObjectMember(index, "Projection")) {
    in.has_projection = true;
    in.projection_type = StringMember(*projection, "ProjectionType");
    v.Enum(in.projection_type, path + "projection.projectionType", {"ALL", "INCLUDE", "KEYS_ONLY"});
    if (const JsonValue* attributes = ArrayMember(*projection, "NonKeyAttributes")) {
      std::vector<std::string> names;
      for (const auto& a : attributes->GetArray()) {
        ExpectString(a);
        names.emplace_back(a.GetString(), a.GetStringLength());
      }
      v.ListLength(names.size(), path + "projection.nonKeyAttributes", 1, kMaxNonKeyAttributesPerIndex,
                   "'" + JoinList(names) + "'");
      in.non_key_attributes = std::move(names);
    }
  }
  v.NotNull(in.has_projection, path + "projection");
  if (global) {
    if (const JsonValue* t = ObjectMember(index, "ProvisionedThroughput")) {
      in.throughput = ReadThroughputUnits(*t, path + "provisionedThroughput.", v, /*write_units_first=*/false);
    }
    in.on_demand = ReadOnDemandThroughput(index);
    in.warm = ReadWarmThroughput(index);
  }
  return in;
}

std::optional<std::vector<IndexInput>> ReadIndexes(const JsonValue& request, const char* member,
                                                   const std::string& path, bool global, ConstraintViolations& v) {
  const JsonValue* list = ArrayMember(request, member);
  if (!list) return std::nullopt;
  std::vector<IndexInput> out;
  int i = 1;
  for (const auto& index : list->GetArray()) {
    out.push_back(ReadIndex(index, path + "." + std::to_string(i++) + ".member.", global, v));
  }
  return out;
}

SecondaryIndex CheckIndex(const IndexInput& in, bool global, const IndexTableContext& table) {
  const std::string& name = *in.name;
  const auto& keys = *in.keys;
  std::vector<std::string> key_names;
  for (const auto& k : keys) key_names.push_back(*k.name);
  const std::unordered_set<std::string> defined(table.attribute_names.begin(), table.attribute_names.end());
  const bool undefined =
      std::any_of(key_names.begin(), key_names.end(), [&](const std::string& k) { return !defined.count(k); });
  if (undefined) {
    throw InvalidParameterError("Some index key attributes are not defined in AttributeDefinitions. Keys: " +
                                JoinList(JavaHashSetOrder(key_names, 16)) + ", AttributeDefinitions: " +
                                JoinList(JavaHashSetOrder(table.attribute_names, table.attribute_names.size())));
  }
  if (*keys[0].type != "HASH")
    throw ValidationError("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  SecondaryIndex index;
  index.name = name;
  index.global = global;
  if (global) {
    bool seen_range = false;
    for (const auto& k : keys) {
      if (*k.type == "RANGE") {
        seen_range = true;
        index.range_keys.push_back(*k.name);
      } else if (seen_range) {
        throw InvalidParameterError("All HASH key attributes must precede RANGE key attributes in the KeySchema");
      } else {
        index.hash_keys.push_back(*k.name);
      }
    }
    if (index.hash_keys.size() > kMaxIndexHashAttributes) {
      throw InvalidParameterError("The KeySchema exceeds the maximum allowed number of HASH key attributes");
    }
    if (index.range_keys.size() > kMaxIndexRangeAttributes) {
      throw InvalidParameterError("The KeySchema exceeds the maximum allowed number of RANGE key attributes");
    }
  } else {
    if (keys.size() == 2 && *keys[1].type != "RANGE") {
      throw ValidationError("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    }
    if (keys.size() < 2) throw InvalidParameterError("Index KeySchema does not have a range key for index: " + name);
    if (*keys[0].name != table.hash_key) {
      throw InvalidParameterError(
          "Index KeySchema does not have the same leading hash key as table KeySchema for "
          "index: " +
          name + ". index hash key: " + *keys[0].name + ", table hash key: " + table.hash_key);
    }
    index.hash_keys.push_back(*keys[0].name);
    index.range_keys.push_back(*keys[1].name);
  }
  std::set<std::string> distinct(key_names.begin(), key_names.end());
  if (distinct.size() != key_names.size()) {
    throw ValidationError("The KeySchema contains multiple key attributes with the same name");
  }
  // Projection.
  if (!in.projection_type) throw InvalidParameterError("Unknown ProjectionType: null");
  const std::string& type = *in.projection_type;
  if (type == "INCLUDE" && !in.non_key_attributes) {
    throw InvalidParameterError("ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
  }
  if (type != "INCLUDE" && in.non_key_attributes) {
    throw InvalidParameterError("ProjectionType is " + type + ", but NonKeyAttributes is specified");
  }
  index.projection.type = type == "ALL"         ? ProjectionType::ALL
                          : type == "KEYS_ONLY" ? ProjectionType::KEYS_ONLY
                                                : ProjectionType::INCLUDE;
  if (in.non_key_attributes) {
    std::set<std::string> seen;
    for (const auto& a : *in.non_key_attributes) {
      if (!seen.insert(a).second) throw InvalidParameterError("Duplicate element in NonKeyAttributes: " + a);
    }
    index.projection.non_key_attributes = *in.non_key_attributes;
  }
  if (global) {
    if (table.on_demand && in.throughput) {
      throw InvalidParameterError(
          table.update_table ? "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: " + name +
                                   " when BillingMode is PAY_PER_REQUEST"
                             : "ProvisionedThroughput should not be specified for index: " + name +
                                   " when BillingMode is PAY_PER_REQUEST");
    }
    if (!table.on_demand && !in.throughput) {
      throw InvalidParameterError(
          table.update_table ? "Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: " + name
                             : "ProvisionedThroughput is not specified for index: " + name);
    }
    if (in.throughput) {
      CheckThroughputBounds(*in.throughput);
      index.throughput = *in.throughput;
    }
    index.on_demand = in.on_demand;
    index.warm = in.warm;
  }
  return index;
}

}  // namespace ddb
