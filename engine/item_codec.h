// Compact binary encoding of items as stored in RocksDB (never JSON).
// Format: varint attribute count, then per attribute its name and a tagged
// value. The tag is the ValueType; the format is versioned by a leading byte
// so that stored data stays readable when it evolves.
//
// Readers that only look at a stored item (its size, its JSON) walk the
// encoding with an ItemVisitor instead of decoding it: decoding builds
// a map node and often a string per attribute, which made up most of a
// Query's allocations.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "engine/attribute_value.h"
#include "engine/item_visitor.h"

namespace ddb {

std::string EncodeItem(const Item& item);
Item DecodeItem(std::string_view bytes);

// The walk of engine/item_visitor.h over stored bytes: the same events as
// VisitItem(DecodeItem(bytes)).
void VisitEncodedItem(std::string_view bytes, ItemVisitor& visitor);

// ItemSize(DecodeItem(bytes)), without decoding.
std::size_t EncodedItemSize(std::string_view bytes);

}  // namespace ddb
