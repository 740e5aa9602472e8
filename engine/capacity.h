// Capacity units consumed by single-item operations, by DynamoDB's rules
// (docs/dynamodb-model.md §4.2-4.3): reads in 4 KB units (halved when eventually
// consistent), writes in 1 KB units of the larger of the old and new item,
// and at least one unit even for a missing item.
#pragma once

#include <cstddef>

namespace ddb {

inline double ReadUnits(std::size_t item_bytes, bool consistent) {
  std::size_t units = item_bytes == 0 ? 1 : (item_bytes + 4095) / 4096;
  return consistent ? static_cast<double>(units) : static_cast<double>(units) / 2;
}

inline double WriteUnits(std::size_t old_bytes, std::size_t new_bytes) {
  std::size_t bytes = old_bytes > new_bytes ? old_bytes : new_bytes;
  std::size_t units = bytes == 0 ? 1 : (bytes + 1023) / 1024;
  return static_cast<double>(units);
}

}  // namespace ddb
