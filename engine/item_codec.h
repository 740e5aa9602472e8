// Compact binary encoding of items as stored in RocksDB (never JSON).
// Format: varint attribute count, then per attribute its name and a tagged
// value. The tag is the ValueType; the format is versioned by a leading byte
// so that stored data stays readable when it evolves.
//
// Readers that only look at a stored item (its size, its JSON) walk the
// encoding with an EncodedItemVisitor instead of decoding it: decoding builds
// a map node and often a string per attribute, which made up most of a
// Query's allocations.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "engine/attribute_value.h"

namespace ddb {

std::string EncodeItem(const Item& item);
Item DecodeItem(std::string_view bytes);

// The events of one walk over an encoded item, in the item's attribute order
// (sorted by name, as Item is). The item's own braces are not reported: its
// attributes arrive as Name then value, at depth 0. Views point into the
// encoded bytes.
class EncodedItemVisitor {
 public:
  virtual ~EncodedItemVisitor() = default;
  // An attribute's or an M entry's name; its value follows.
  virtual void Name(std::string_view name) = 0;
  // S, N (canonical text) and B (raw bytes).
  virtual void Scalar(ValueType type, std::string_view bytes) = 0;
  // BOOL, and NULL (always true).
  virtual void Boolean(ValueType type, bool value) = 0;
  // SS, NS and BS: their members as SetMember calls between these two.
  virtual void StartSet(ValueType type, std::size_t count) = 0;
  virtual void SetMember(ValueType type, std::string_view bytes) = 0;
  virtual void EndSet(ValueType type) = 0;
  // L: its elements as values. M: its entries as Name then value.
  virtual void StartList(std::size_t count) = 0;
  virtual void EndList() = 0;
  virtual void StartMap(std::size_t count) = 0;
  virtual void EndMap() = 0;
};

void VisitEncodedItem(std::string_view bytes, EncodedItemVisitor& visitor);

// ItemSize(DecodeItem(bytes)), without decoding.
std::size_t EncodedItemSize(std::string_view bytes);

}  // namespace ddb
