#include "engine/attribute_value.h"

#include <algorithm>

#include "engine/decimal.h"
#include "engine/item_visitor.h"
#include "engine/limits.h"

namespace ddb {

std::string_view TypeName(ValueType type) {
  switch (type) {
    case ValueType::S: return "S";
    case ValueType::N: return "N";
    case ValueType::B: return "B";
    case ValueType::BOOL: return "BOOL";
    case ValueType::NUL: return "NULL";
    case ValueType::M: return "M";
    case ValueType::L: return "L";
    case ValueType::SS: return "SS";
    case ValueType::NS: return "NS";
    case ValueType::BS: return "BS";
  }
  return "";
}

AttributeValue AttributeValue::String(std::string s) {
  AttributeValue v;
  v.type = ValueType::S;
  v.scalar = std::move(s);
  return v;
}
AttributeValue AttributeValue::Number(std::string canonical) {
  AttributeValue v;
  v.type = ValueType::N;
  v.scalar = std::move(canonical);
  return v;
}
AttributeValue AttributeValue::Binary(std::string bytes) {
  AttributeValue v;
  v.type = ValueType::B;
  v.scalar = std::move(bytes);
  return v;
}
AttributeValue AttributeValue::Bool(bool b) {
  AttributeValue v;
  v.type = ValueType::BOOL;
  v.boolean = b;
  return v;
}
AttributeValue AttributeValue::Null() {
  AttributeValue v;
  v.type = ValueType::NUL;
  v.boolean = true;
  return v;
}

bool AttributeValue::operator==(const AttributeValue& other) const {
  if (type != other.type) return false;
  switch (type) {
    case ValueType::S:
    case ValueType::N:  // canonical text: equal numbers have equal text
    case ValueType::B: return scalar == other.scalar;
    case ValueType::BOOL: return boolean == other.boolean;
    case ValueType::NUL: return true;
    case ValueType::L: return list == other.list;
    case ValueType::M: return map == other.map;
    case ValueType::SS:
    case ValueType::NS:
    case ValueType::BS: {
      if (set.size() != other.set.size()) return false;
      std::vector<std::string> a = set, b = other.set;
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      return a == b;
    }
  }
  return false;
}

std::size_t NumberSize(std::string_view canonical) { return Decimal::Parse(canonical).StorageSize(); }

std::size_t ValueSize(const AttributeValue& v) {
  ItemSizeVisitor size;
  VisitValue(v, size);
  return size.total();
}

std::size_t ItemSize(const Item& item) {
  ItemSizeVisitor size;
  VisitItem(item, size);
  return size.total();
}

namespace {
// `level` counts `value` itself: 1 for a top-level attribute value, so a
// container at `level` holds values at level + 1.
bool NestsTooDeep(const AttributeValue& value, int level) {
  if (value.type != ValueType::M && value.type != ValueType::L) return false;
  if (level + 1 > kMaxNestingLevels) return true;
  for (const auto& element : value.list) {
    if (NestsTooDeep(element, level + 1)) return true;
  }
  for (const auto& [name, entry] : value.map) {
    if (NestsTooDeep(entry, level + 1)) return true;
  }
  return false;
}
}  // namespace

bool NestsTooDeep(const Item& item) {
  for (const auto& [name, value] : item) {
    if (NestsTooDeep(value, 1)) return true;
  }
  return false;
}

}  // namespace ddb
