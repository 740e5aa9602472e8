// Compact binary encoding of items as stored in RocksDB (never JSON).
// Format: varint attribute count, then per attribute its name and a tagged
// value. The tag is the ValueType; the format is versioned by a leading byte
// so that stored data stays readable when it evolves.
#pragma once

#include <string>
#include <string_view>

#include "engine/attribute_value.h"

namespace ddb {

std::string EncodeItem(const Item& item);
Item DecodeItem(std::string_view bytes);

}  // namespace ddb
