// What the public API says about throughput admission: the throttling
// modes, and the report of what every table, GSI and partition consumed and
// throttled (engine/capacity_model.h keeps the figures).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ddb {

enum class ThrottlingMode { Off, Observe, Enforce };
std::optional<ThrottlingMode> ParseThrottlingMode(std::string_view text);
const char* ThrottlingModeName(ThrottlingMode mode);
inline constexpr const char* kThrottlingTag = "ddbemu:throttling";

// The figures the admin endpoint shows, per table and GSI and partition.
struct CapacityReport {
  struct Partition {
    std::uint64_t first_hash = 0, last_hash = 0;           // inclusive range
    double read_units = 0, write_units = 0;                // consumed since the partition exists
    double read_tokens = 0, write_tokens = 0;              // what its buckets hold now
    std::int64_t bytes = 0;                                // stored since the server started
    std::map<std::string, std::uint64_t> throttles;        // by reason
    std::vector<std::pair<std::string, double>> hot_keys;  // units in the last minute or so, largest first
  };
  struct Resource {
    std::string table, index;  // index empty for the table
    std::string arn, mode;
    bool on_demand = false;
    double read_rate = 0, write_rate = 0;      // units per second the budget allows now
    double read_tokens = 0, write_tokens = 0;  // budget balance (burst credit included)
    double read_units = 0, write_units = 0;
    std::map<std::string, std::uint64_t> throttles;
    std::vector<Partition> partitions;
  };
  double now = 0;
  std::string default_mode;
  std::vector<Resource> resources;
};

}  // namespace ddb
