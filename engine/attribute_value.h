// AttributeValue and Item: DynamoDB's data model.
//
// An AttributeValue holds exactly one of the ten DynamoDB types. Invariants
// (established by protocol/ validation before a value reaches the engine):
// N values and NS members are in Decimal's canonical text; B and BS hold raw
// bytes, not base64; sets are non-empty and free of duplicates; nesting is at
// most 32 levels. Set member order is insertion order and carries no meaning.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ddb {

enum class ValueType : std::uint8_t { S, N, B, BOOL, NUL, M, L, SS, NS, BS };

// The wire name of a type: "S", "NULL", "SS", ...
std::string_view TypeName(ValueType type);

struct AttributeValue;
using Item = std::map<std::string, AttributeValue>;

struct AttributeValue {
  ValueType type = ValueType::NUL;
  std::string scalar;                // S text, N canonical text, B bytes
  bool boolean = false;              // BOOL (NULL is always true)
  std::vector<std::string> set;      // SS, NS (canonical), BS members
  std::vector<AttributeValue> list;  // L
  Item map;                          // M

  static AttributeValue String(std::string s);
  static AttributeValue Number(std::string canonical);
  static AttributeValue Binary(std::string bytes);
  static AttributeValue Bool(bool b);
  static AttributeValue Null();

  bool is_set() const { return type == ValueType::SS || type == ValueType::NS || type == ValueType::BS; }
  bool is_scalar_key_type() const { return type == ValueType::S || type == ValueType::N || type == ValueType::B; }

  // DynamoDB equality: numbers by value, sets ignoring order, lists in order.
  bool operator==(const AttributeValue& other) const;
};

// Bytes a value counts for in DynamoDB's item-size rules (docs/dynamodb-model.md §4.1).
std::size_t ValueSize(const AttributeValue& value);
// Bytes an N value counts for, from its canonical text.
std::size_t NumberSize(std::string_view canonical);
// Size of an item: Σ name bytes + value size.
std::size_t ItemSize(const Item& item);

// Whether `item` holds more than kMaxNestingLevels - 1 M or L values nested
// in one another.
bool NestsTooDeep(const Item& item);

}  // namespace ddb
