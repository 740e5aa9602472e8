// TtlSweeper: deletes the items whose time to live has passed, and trims
// the streams and the point-in-time histories, on a background thread every `interval` seconds and when
// asked (Engine::SweepExpiredItems).
//
// An item expires when the table's TTL attribute is a top-level Number of
// epoch seconds at or before now (the engine's clock) and not more than five
// years before it (docs/ttl-streams-messages.md §2). Expired items stay
// readable until a sweep deletes them, as on DynamoDB. Each deletion is an
// ordinary delete under the item's lock, rechecked against the item as it is
// then: it maintains the indexes, consumes no capacity, and writes a REMOVE
// stream record marked as DynamoDB's own. A sweep walks a table in bounded
// steps, holding the schema lock for one step at a time, so requests are
// never held up for longer than one step.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "engine/attribute_value.h"

namespace ddb {

class EngineImpl;

// Whether an item whose TTL attribute holds `value` has expired at `now`.
bool TtlExpired(const AttributeValue* value, double now);

class TtlSweeper {
 public:
  explicit TtlSweeper(EngineImpl& engine) : engine_(engine) {}
  ~TtlSweeper();
  TtlSweeper(const TtlSweeper&) = delete;
  TtlSweeper& operator=(const TtlSweeper&) = delete;

  // Sweeps every `interval_seconds` from now on (0: never by itself).
  void Start(double interval_seconds);
  // One whole sweep of every table with TTL enabled, then stream trimming;
  // returns how many items it deleted.
  std::size_t SweepNow();

 private:
  void Run(double interval_seconds);
  std::size_t SweepTable(const std::string& table_name);

  EngineImpl& engine_;
  std::mutex sweep_mutex_;  // one sweep at a time
  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ddb
