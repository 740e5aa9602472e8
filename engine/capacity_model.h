// CapacityModel: DynamoDB's throughput admission for every table and GSI,
// and the per-partition record of what was consumed and throttled.
//
// Each table and each GSI is a resource with (docs/dynamodb-model.md §2-§3):
//  - a budget: provisioned tables refill at their RCU/WCU and bank up to
//    300 s of unused capacity (burst); on-demand resources may use
//    max(warm throughput, 2 x the previous per-second peak), within their
//    OnDemandThroughput maximum when one is set;
//  - partitions, ranges of the 64-bit partition-key hash (equal ranges to
//    start: on-demand 4, provisioned ceil(RCU/3000 + WCU/1000)), each capped
//    at 3,000 read and 1,000 write units per second (independent buckets
//    with one second of ceiling). A budget shared by the partitions is how
//    adaptive capacity lets one hot partition use the table's share of
//    others, up to the partition cap. Partitions split, never merge: all of
//    them in two when the throughput outgrows them, one at its midpoint
//    when it stores more than 10 GB, and one between its keys after a
//    minute above half its capacity with traffic from more than one
//    partition key (split for heat; one hot key stays capped).
// A request is admitted while every bucket it touches has tokens left; what it
// actually consumed is then charged (a large request may leave a debt).
// LSIs live in their table's partitions and budget; GSIs have their own
// partitions, keyed on the GSI's partition key.
//
// Modes: Off skips all of it; Observe records the throttles that Enforce
// would raise but never rejects (a would-be-throttled request is not
// charged, as a rejected one would not be); Enforce rejects. A table's tag
// `ddbemu:throttling` or an admin override picks its mode.
//
// Thread-safe (one mutex; the work per request is a few arithmetic steps).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/adaptive_mutex.h"
#include "engine/clock.h"
#include "engine/error.h"
#include "engine/table_definition.h"
#include "engine/throttling.h"
#include "engine/token_bucket.h"

namespace ddb {

// A partition key as the capacity report shows it (B as hex; the values of
// a multi-attribute GSI key joined by "|").
std::string CapacityKeyLabel(const AttributeValue& value);
std::string CapacityKeyLabel(const std::vector<const AttributeValue*>& values);

// One resource a request reads or writes.
struct CapacityTouch {
  const SecondaryIndex* index = nullptr;  // a GSI; null: the table (and its LSIs)
  bool write = false;
  std::optional<std::uint64_t> partition_hash;  // none: the resource as a whole (Scan)
  // The partition key, for hot-key reports: the value itself (labelled only
  // when charged, so admission costs no string work), or a ready label.
  const AttributeValue* key_value = nullptr;
  std::string key;
};

class CapacityModel {
 public:
  CapacityModel(const Clock& clock, ThrottlingMode default_mode);

  ThrottlingMode ModeFor(const TableDefinition& table);
  void SetDefaultMode(ThrottlingMode mode);
  // An admin override for one table; nullopt removes it.
  void SetTableMode(const std::string& table_name, std::optional<ThrottlingMode> mode);

  // Whether the touch may proceed: the throttling error it meets (counted in
  // the metrics), or nullopt. Rejecting is the caller's call: it does so
  // when ModeFor(table) is Enforce, and charges only touches without error.
  std::optional<DynamoError> Check(const TableDefinition& table, const CapacityTouch& touch);
  // Check, throwing the error under Enforce. Returns whether to charge.
  bool Admit(const TableDefinition& table, const CapacityTouch& touch);
  void Charge(const TableDefinition& table, const CapacityTouch& touch, double units);
  // Bytes a write added to (or removed from) the touched partition; a
  // partition past `split_bytes` splits in two (docs/dynamodb-model.md §2.3).
  void AddBytes(const TableDefinition& table, const CapacityTouch& touch, std::int64_t bytes);
  void set_split_bytes(std::int64_t bytes) { split_bytes_ = bytes; }
  // Forgets a deleted table (its GSIs and its admin override too) or GSI.
  void DropTable(const TableDefinition& table);
  void DropIndex(const SecondaryIndex& index);
  // The first hash of each of the table's own partitions, in order, and a
  // number that changes whenever they split (streams follow them,
  // engine/streams.h).
  std::vector<std::uint64_t> PartitionStarts(const TableDefinition& table);
  std::uint64_t PartitionLayoutVersion(const TableDefinition& table);
  // What the table (index null) or GSI can take at once: the warm throughput
  // asked for, the provisioned rates, or what its partitions have grown to.
  WarmThroughput Warm(const TableDefinition& table, const SecondaryIndex* index);

  CapacityReport Report(const std::vector<TableDefinition>& tables);

  // Cancellation reason code of a throttling error inside a transaction.
  static CancellationReason AsCancellationReason(const DynamoError& error);

 private:
  struct KeyTraffic {
    std::uint64_t hash = 0;  // the key's partition hash
    double units = 0;        // an upper bound: includes `inherited`
    double inherited = 0;    // units of the key whose slot it took
    std::string key;
  };
  struct Partition {
    std::uint64_t first = 0;  // its lowest hash; the next partition's first bounds it
    TokenBucket read, write;
    double read_units = 0, write_units = 0;
    std::int64_t bytes = 0;  // stored here since the model started (not persisted)
    std::map<std::string, std::uint64_t> throttles;
    // Units per partition key, and in all, in this and the previous minute.
    // A few dozen slots, scanned whole: one pass finds the key or the least
    // used slot, cheaper than a hash map's node chasing.
    std::vector<KeyTraffic> keys_now, keys_before;
    double minute = 0;
    double minute_read = 0, minute_write = 0, last_minute_read = 0, last_minute_write = 0;
  };
  struct Peak {
    double second = -1, units = 0, peak = 0;
    void Add(double now, double amount);
  };
  struct Resource {
    bool on_demand = false;
    std::int64_t provisioned_read = 0, provisioned_write = 0;
    std::int64_t max_read = -1, max_write = -1;
    std::int64_t warm_read = 0, warm_write = 0;
    TokenBucket read, write;  // the budget
    std::optional<TokenBucket> max_read_bucket, max_write_bucket;
    Peak read_peak, write_peak;
    std::vector<Partition> partitions;
    std::uint64_t layout_version = 0;  // counts the splits of `partitions`
    double read_units = 0, write_units = 0;
    std::map<std::string, std::uint64_t> throttles;
  };

  Resource& ResourceFor(const TableDefinition& table, const SecondaryIndex* index, double now);
  void Shape(Resource& r, double now, bool fresh);
  Partition* PartitionFor(Resource& r, const CapacityTouch& touch);
  // Splits partition i at `at` (a hash inside it, above its first): the two
  // halves keep the parent's bucket balances and share its stored bytes as
  // `left_share` says. Partitions never merge.
  static void Split(Resource& r, std::size_t i, std::uint64_t at, double left_share);
  // The end of partition i's hash range (exclusive; 2^64 for the last).
  static unsigned __int128 End(const Resource& r, std::size_t i);
  // After a minute of heavy traffic from several keys: split between them.
  static void SplitForHeat(Resource& r, std::size_t i);
  void SplitForSize(Resource& r, std::size_t i);

  const Clock& clock_;
  std::int64_t split_bytes_ = 10LL * 1024 * 1024 * 1024;
  AdaptiveMutex mutex_;
  std::atomic<ThrottlingMode> default_mode_;
  std::atomic<bool> has_table_modes_{false};
  std::map<std::string, ThrottlingMode> table_modes_;
  std::map<std::uint64_t, Resource> resources_;  // by table or index id
};

}  // namespace ddb
