// TableStats: item count and byte total of a table or an index, as kept in
// the stats column family (deltas merged by the StatsAdd operator).
#pragma once

#include <cstdint>

namespace ddb {

struct TableStats {
  std::int64_t item_count = 0;
  std::int64_t size_bytes = 0;
};

}  // namespace ddb
