#include "engine/capacity_model.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "engine/limits.h"

namespace ddb {

namespace {

constexpr double kBurstSeconds = 300;
constexpr double kPartitionReadUnits = 3000;
constexpr double kPartitionWriteUnits = 1000;
constexpr std::size_t kOnDemandInitialPartitions = 4;
// Keys followed per partition and minute. A partition's keys are a
// Space-Saving summary (Metwally et al., 2005): when all slots are taken, a
// new key replaces the least-used one and inherits its units, so a key that
// turns hot late in the minute still surfaces. A bench run that wrote 250k
// distinct keys kept 110k entries (7 MB) with 1,000 first-come slots.
constexpr std::size_t kMaxHotKeysPerPartition = 64;
constexpr std::size_t kHotKeysReported = 5;
// At most this many partitions per table or GSI (1.2e7 read or 4e6 write
// units per second), so absurd throughput settings cannot exhaust memory.
constexpr std::size_t kMaxPartitions = 4096;

const char* const kTableProvisionedMessage =
    "The level of configured provisioned throughput for the table was exceeded. Consider increasing your "
    "provisioning level with the UpdateTable API.";
const char* const kIndexProvisionedMessage =
    "The level of configured provisioned throughput for one or more global secondary indexes of the table was "
    "exceeded. Consider increasing your provisioning level for the under-provisioned global secondary indexes "
    "with the UpdateTable API.";
const char* const kTableOnDemandMessage =
    "Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your "
    "table or index so please try again shortly. If exceptions persist, check if you have a hot key: "
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html";
const char* const kIndexOnDemandMessage =
    "Throughput exceeds the current capacity for one or more global secondary indexes. DynamoDB is "
    "automatically scaling your index so please try again shortly.";
const char* const kMaxOnDemandMessage =
    "Throughput exceeds the maximum OnDemandThroughput configured on table or index";

enum class Limit { Provisioned, KeyRange, MaxOnDemand };

DynamoError ThrottleError(const TableDefinition& table, const SecondaryIndex* index, bool write, bool on_demand,
                          Limit limit) {
  std::string reason = std::string(index ? "Index" : "Table") + (write ? "Write" : "Read");
  reason += limit == Limit::Provisioned ? "ProvisionedThroughputExceeded"
            : limit == Limit::KeyRange  ? "KeyRangeThroughputExceeded"
                                        : "MaxOnDemandThroughputExceeded";
  const std::string resource = index ? table.IndexArn(index->name) : table.Arn();
  DynamoError error = on_demand ? DynamoError(ErrorCode::Throttling, limit == Limit::MaxOnDemand ? kMaxOnDemandMessage
                                                                     : index                     ? kIndexOnDemandMessage
                                                                             : kTableOnDemandMessage)
                                : DynamoError(ErrorCode::ProvisionedThroughputExceeded,
                                              index ? kIndexProvisionedMessage : kTableProvisionedMessage);
  error.set_throttling_reasons({{reason, resource}});
  return error;
}

std::uint64_t PartitionStart(std::size_t i, std::size_t n) {
  return static_cast<std::uint64_t>((static_cast<unsigned __int128>(i) << 64) / n);
}

}  // namespace

std::string CapacityKeyLabel(const AttributeValue& value) {
  if (value.type != ValueType::B) return value.scalar;
  static const char* const kHex = "0123456789abcdef";
  std::string out = "0x";
  for (unsigned char c : value.scalar) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::string CapacityKeyLabel(const std::vector<const AttributeValue*>& values) {
  std::string label;
  for (const AttributeValue* v : values) label += (label.empty() ? "" : "|") + CapacityKeyLabel(*v);
  return label;
}

std::optional<ThrottlingMode> ParseThrottlingMode(std::string_view text) {
  if (text == "off") return ThrottlingMode::Off;
  if (text == "observe") return ThrottlingMode::Observe;
  if (text == "enforce") return ThrottlingMode::Enforce;
  return std::nullopt;
}

const char* ThrottlingModeName(ThrottlingMode mode) {
  switch (mode) {
    case ThrottlingMode::Off: return "off";
    case ThrottlingMode::Observe: return "observe";
    case ThrottlingMode::Enforce: return "enforce";
  }
  return "observe";
}

CapacityModel::CapacityModel(const Clock& clock, ThrottlingMode default_mode)
    : clock_(clock), default_mode_(default_mode) {}

ThrottlingMode CapacityModel::ModeFor(const TableDefinition& table) {
  for (const auto& [key, value] : table.tags) {
    if (key == kThrottlingTag) {
      if (auto mode = ParseThrottlingMode(value)) return *mode;
    }
  }
  // Every request asks: no lock unless some table has an admin override.
  if (has_table_modes_.load(std::memory_order_acquire)) {
    std::lock_guard lock(mutex_);
    auto it = table_modes_.find(table.name);
    if (it != table_modes_.end()) return it->second;
  }
  return default_mode_.load(std::memory_order_relaxed);
}

void CapacityModel::SetDefaultMode(ThrottlingMode mode) { default_mode_.store(mode); }

void CapacityModel::SetTableMode(const std::string& table_name, std::optional<ThrottlingMode> mode) {
  std::lock_guard lock(mutex_);
  if (mode) {
    table_modes_[table_name] = *mode;
  } else {
    table_modes_.erase(table_name);
  }
  has_table_modes_.store(!table_modes_.empty(), std::memory_order_release);
}

void CapacityModel::Peak::Add(double now, double amount) {
  const double this_second = std::floor(now);
  if (this_second != second) {
    peak = std::max(peak, units);
    second = this_second;
    units = 0;
  }
  units += amount;
}

unsigned __int128 CapacityModel::End(const Resource& r, std::size_t i) {
  return i + 1 < r.partitions.size() ? r.partitions[i + 1].first : static_cast<unsigned __int128>(1) << 64;
}

void CapacityModel::Split(Resource& r, std::size_t i, std::uint64_t at, double left_share) {
  Partition right;
  Partition& left = r.partitions[i];
  right.first = at;
  right.read = left.read;
  right.write = left.write;
  right.minute = left.minute;
  const auto bytes = left.bytes;
  left.bytes = static_cast<std::int64_t>(static_cast<double>(bytes) * left_share);
  right.bytes = bytes - left.bytes;
  for (auto* keys : {&left.keys_now, &left.keys_before}) {
    auto& moved = keys == &left.keys_now ? right.keys_now : right.keys_before;
    const auto stays =
        std::stable_partition(keys->begin(), keys->end(), [at](const KeyTraffic& k) { return k.hash < at; });
    std::move(stays, keys->end(), std::back_inserter(moved));
    keys->erase(stays, keys->end());
  }
  left.minute_read = left.minute_write = left.last_minute_read = left.last_minute_write = 0;
  r.partitions.insert(r.partitions.begin() + static_cast<std::ptrdiff_t>(i) + 1, std::move(right));
  ++r.layout_version;
}

void CapacityModel::SplitForHeat(Resource& r, std::size_t i) {
  std::vector<KeyTraffic> keys;
  double total = 0;
  for (const auto& traffic : r.partitions[i].keys_before) {
    keys.push_back(traffic);
    total += traffic.units;
  }
  std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.hash < b.hash; });
  if (keys.size() < 2 || keys.front().hash == keys.back().hash) return;  // one hot key: a split cannot help
  // The split point that best halves the traffic, between two keys.
  double before = 0, best = total;
  std::uint64_t at = keys.back().hash;
  for (std::size_t k = 0; k + 1 < keys.size(); ++k) {
    before += keys[k].units;
    if (keys[k + 1].hash == keys[k].hash) continue;
    const double imbalance = std::abs(total - 2 * before);
    if (imbalance < best) {
      best = imbalance;
      at = keys[k + 1].hash;
    }
  }
  Split(r, i, at, 0.5);
}

void CapacityModel::SplitForSize(Resource& r, std::size_t i) {
  const unsigned __int128 first = r.partitions[i].first;
  const auto middle = static_cast<std::uint64_t>(first + (End(r, i) - first) / 2);
  if (middle > r.partitions[i].first) Split(r, i, middle, 0.5);
}

// Brings the budget in line with the definition and the traffic seen:
// provisioned rates with burst credit, or the on-demand allowance; more
// partitions when the allowance outgrows them (never fewer). A fresh budget
// starts full, burst credit included.
void CapacityModel::Shape(Resource& r, double now, bool fresh) {
  double read_rate, write_rate, read_ceiling, write_ceiling;
  const double warm_read = std::max(static_cast<double>(kOnDemandWarmReads), static_cast<double>(r.warm_read));
  const double warm_write = std::max(static_cast<double>(kOnDemandWarmWrites), static_cast<double>(r.warm_write));
  if (r.on_demand) {
    read_rate = std::max(warm_read, 2 * r.read_peak.peak);
    write_rate = std::max(warm_write, 2 * r.write_peak.peak);
    read_ceiling = read_rate;
    write_ceiling = write_rate;
  } else {
    read_rate = static_cast<double>(r.provisioned_read);
    write_rate = static_cast<double>(r.provisioned_write);
    read_ceiling = read_rate * kBurstSeconds;
    write_ceiling = write_rate * kBurstSeconds;
  }
  if (fresh) {
    r.read = TokenBucket(read_rate, read_ceiling, now);
    r.write = TokenBucket(write_rate, write_ceiling, now);
  } else {
    if (r.read.rate() != read_rate) r.read.Reshape(read_rate, read_ceiling, now);
    if (r.write.rate() != write_rate) r.write.Reshape(write_rate, write_ceiling, now);
  }
  auto cap = [&](std::optional<TokenBucket>& bucket, std::int64_t max) {
    if (max <= 0) {
      bucket.reset();
    } else if (!bucket || bucket->rate() != static_cast<double>(max)) {
      bucket = TokenBucket(static_cast<double>(max), static_cast<double>(max), now);
    }
  };
  cap(r.max_read_bucket, r.on_demand ? r.max_read : -1);
  cap(r.max_write_bucket, r.on_demand ? r.max_write : -1);
  // A provisioned table gets ceil(RCU/3000 + WCU/1000) partitions; an
  // on-demand allowance is "reads or writes, or a linear combination"
  // (docs/dynamodb-model.md §2.2), so it needs the larger of the two terms.
  // Warm throughput asked for means partitions ready for it.
  const double demand = r.on_demand ? std::max(read_rate / kPartitionReadUnits, write_rate / kPartitionWriteUnits)
                                    : std::max({read_rate / kPartitionReadUnits + write_rate / kPartitionWriteUnits,
                                                static_cast<double>(r.warm_read) / kPartitionReadUnits,
                                                static_cast<double>(r.warm_write) / kPartitionWriteUnits});
  const std::size_t needed = static_cast<std::size_t>(
      std::clamp(std::ceil(demand - 1e-9), r.on_demand ? static_cast<double>(kOnDemandInitialPartitions) : 1.0,
                 static_cast<double>(kMaxPartitions)));
  if (r.partitions.empty()) {
    const std::size_t n = needed;
    for (std::size_t i = 0; i < n; ++i) {
      Partition& p = r.partitions.emplace_back();
      p.first = PartitionStart(i, n);
      p.read = TokenBucket(kPartitionReadUnits, kPartitionReadUnits, now);
      p.write = TokenBucket(kPartitionWriteUnits, kPartitionWriteUnits, now);
      p.minute = std::floor(now / 60);
    }
  }
  // More throughput than the partitions serve: every partition splits in two
  // (built in one pass; a partition one hash wide stays whole).
  while (r.partitions.size() < needed) {
    std::vector<Partition> doubled;
    doubled.reserve(r.partitions.size() * 2);
    for (std::size_t i = 0; i < r.partitions.size(); ++i) {
      const unsigned __int128 first = r.partitions[i].first;
      const auto middle = static_cast<std::uint64_t>(first + (End(r, i) - first) / 2);
      Partition& parent = r.partitions[i];
      Partition right;
      right.first = middle;
      right.read = parent.read;
      right.write = parent.write;
      right.minute = parent.minute;
      right.bytes = parent.bytes / 2;
      parent.bytes -= right.bytes;
      const bool splits = middle > r.partitions[i].first;
      doubled.push_back(std::move(parent));
      if (splits) doubled.push_back(std::move(right));
    }
    if (doubled.size() == r.partitions.size()) break;
    r.partitions = std::move(doubled);
    ++r.layout_version;
  }
}

std::vector<std::uint64_t> CapacityModel::PartitionStarts(const TableDefinition& table) {
  const double now = clock_.Now();
  std::lock_guard lock(mutex_);
  const Resource& r = ResourceFor(table, nullptr, now);
  std::vector<std::uint64_t> starts;
  starts.reserve(r.partitions.size());
  for (const auto& p : r.partitions) starts.push_back(p.first);
  return starts;
}

std::uint64_t CapacityModel::PartitionLayoutVersion(const TableDefinition& table) {
  // A lookup only: every write to a table with a stream asks.
  std::lock_guard lock(mutex_);
  auto it = resources_.find(table.id);
  return it == resources_.end() ? 0 : it->second.layout_version;
}

CapacityModel::Resource& CapacityModel::ResourceFor(const TableDefinition& table, const SecondaryIndex* index,
                                                    double now) {
  const std::uint64_t id = index ? index->id : table.id;
  auto [it, created] = resources_.try_emplace(id);
  Resource& r = it->second;
  const bool on_demand = table.billing_mode == BillingMode::PAY_PER_REQUEST;
  const ProvisionedThroughput& provisioned = index ? index->throughput : table.throughput;
  std::int64_t max_read = -1, max_write = -1;
  if (const auto& maximums = index ? index->on_demand : table.on_demand) {
    max_read = maximums->max_read_request_units;
    max_write = maximums->max_write_request_units;
  }
  const auto& warm = index ? index->warm : table.warm;
  const std::int64_t warm_read = warm ? warm->read_units_per_second : 0;
  const std::int64_t warm_write = warm ? warm->write_units_per_second : 0;
  const bool mode_changed = !created && r.on_demand != on_demand;
  if (created || mode_changed || r.provisioned_read != provisioned.read_capacity_units ||
      r.provisioned_write != provisioned.write_capacity_units || r.max_read != max_read || r.max_write != max_write ||
      r.warm_read != warm_read || r.warm_write != warm_write) {
    r.warm_read = warm_read;
    r.warm_write = warm_write;
    r.on_demand = on_demand;
    r.provisioned_read = provisioned.read_capacity_units;
    r.provisioned_write = provisioned.write_capacity_units;
    r.max_read = max_read;
    r.max_write = max_write;
    Shape(r, now, created || mode_changed);
  } else if (r.on_demand) {
    Shape(r, now, false);  // the allowance follows the peak
  }
  return r;
}

CapacityModel::Partition* CapacityModel::PartitionFor(Resource& r, const CapacityTouch& touch) {
  if (!touch.partition_hash || r.partitions.empty()) return nullptr;
  auto after = std::upper_bound(r.partitions.begin(), r.partitions.end(), *touch.partition_hash,
                                [](std::uint64_t hash, const Partition& p) { return hash < p.first; });
  return &*(after - 1);  // the first partition starts at hash 0
}

std::optional<DynamoError> CapacityModel::Check(const TableDefinition& table, const CapacityTouch& touch) {
  const double now = clock_.Now();
  std::lock_guard lock(mutex_);
  Resource& r = ResourceFor(table, touch.index, now);
  std::optional<DynamoError> error;
  Partition* p = PartitionFor(r, touch);
  if (p && !(touch.write ? p->write : p->read).HasTokens(now)) {
    error = ThrottleError(table, touch.index, touch.write, r.on_demand, Limit::KeyRange);
  } else if (auto& max = touch.write ? r.max_write_bucket : r.max_read_bucket; max && !max->HasTokens(now)) {
    error = ThrottleError(table, touch.index, touch.write, r.on_demand, Limit::MaxOnDemand);
  } else if (!(touch.write ? r.write : r.read).HasTokens(now)) {
    error =
        ThrottleError(table, touch.index, touch.write, r.on_demand, r.on_demand ? Limit::KeyRange : Limit::Provisioned);
  }
  if (error) {
    const std::string& reason = error->throttling_reasons().front().reason;
    ++r.throttles[reason];
    if (p) ++p->throttles[reason];
  }
  return error;
}

bool CapacityModel::Admit(const TableDefinition& table, const CapacityTouch& touch) {
  const ThrottlingMode mode = ModeFor(table);
  if (mode == ThrottlingMode::Off) return false;
  auto error = Check(table, touch);
  if (error && mode == ThrottlingMode::Enforce) throw *error;
  return !error;
}

void CapacityModel::Charge(const TableDefinition& table, const CapacityTouch& touch, double units) {
  const double now = clock_.Now();
  std::lock_guard lock(mutex_);
  Resource& r = ResourceFor(table, touch.index, now);
  (touch.write ? r.write : r.read).Take(units, now);
  if (auto& max = touch.write ? r.max_write_bucket : r.max_read_bucket) max->Take(units, now);
  (touch.write ? r.write_peak : r.read_peak).Add(now, units);
  (touch.write ? r.write_units : r.read_units) += units;
  Partition* p = PartitionFor(r, touch);
  if (!p) return;
  const double minute = std::floor(now / 60);
  if (minute != p->minute) {
    const bool consecutive = minute == p->minute + 1;
    p->keys_before = consecutive ? std::move(p->keys_now) : decltype(p->keys_now){};
    p->keys_now.clear();
    p->last_minute_read = consecutive ? p->minute_read : 0;
    p->last_minute_write = consecutive ? p->minute_write : 0;
    p->minute_read = p->minute_write = 0;
    p->minute = minute;
    // A whole minute above half the partition's capacity: split for heat.
    if (p->last_minute_read > 0.5 * kPartitionReadUnits * 60 ||
        p->last_minute_write > 0.5 * kPartitionWriteUnits * 60) {
      SplitForHeat(r, static_cast<std::size_t>(p - r.partitions.data()));
      p = PartitionFor(r, touch);
    }
  }
  (touch.write ? p->write : p->read).Take(units, now);
  (touch.write ? p->write_units : p->read_units) += units;
  (touch.write ? p->minute_write : p->minute_read) += units;
  const std::string key = touch.key_value ? CapacityKeyLabel(*touch.key_value) : touch.key;
  if (key.empty()) return;
  const std::uint64_t hash = *touch.partition_hash;
  KeyTraffic* least = nullptr;
  for (auto& slot : p->keys_now) {
    if (slot.hash == hash && slot.key == key) {
      slot.units += units;
      return;
    }
    if (!least || slot.units < least->units) least = &slot;
  }
  if (p->keys_now.size() < kMaxHotKeysPerPartition) {
    p->keys_now.push_back({hash, units, 0, key});
  } else {
    *least = {hash, least->units + units, least->units, key};
  }
}

void CapacityModel::AddBytes(const TableDefinition& table, const CapacityTouch& touch, std::int64_t bytes) {
  const double now = clock_.Now();
  std::lock_guard lock(mutex_);
  Resource& r = ResourceFor(table, touch.index, now);
  Partition* p = PartitionFor(r, touch);
  if (!p) return;
  p->bytes += bytes;
  if (p->bytes > split_bytes_) SplitForSize(r, static_cast<std::size_t>(p - r.partitions.data()));
}

WarmThroughput CapacityModel::Warm(const TableDefinition& table, const SecondaryIndex* index) {
  const double now = clock_.Now();
  std::lock_guard lock(mutex_);
  Resource& r = ResourceFor(table, index, now);
  WarmThroughput warm;
  const auto partitions = static_cast<double>(r.partitions.size());
  if (r.on_demand) {
    warm.read_units_per_second = static_cast<std::int64_t>(std::max(r.read.rate(), partitions * kPartitionReadUnits));
    warm.write_units_per_second =
        static_cast<std::int64_t>(std::max(r.write.rate(), partitions * kPartitionWriteUnits));
  } else {
    warm.read_units_per_second = std::max(r.provisioned_read, r.warm_read);
    warm.write_units_per_second = std::max(r.provisioned_write, r.warm_write);
  }
  return warm;
}

void CapacityModel::DropTable(const TableDefinition& table) {
  std::lock_guard lock(mutex_);
  resources_.erase(table.id);
  table.ForEachIndex([&](const SecondaryIndex& index) { resources_.erase(index.id); });
  table_modes_.erase(table.name);
  has_table_modes_.store(!table_modes_.empty(), std::memory_order_release);
}

void CapacityModel::DropIndex(const SecondaryIndex& index) {
  std::lock_guard lock(mutex_);
  resources_.erase(index.id);
}

CapacityReport CapacityModel::Report(const std::vector<TableDefinition>& tables) {
  CapacityReport report;
  report.now = clock_.Now();
  std::vector<std::pair<const TableDefinition*, ThrottlingMode>> modes;
  for (const auto& table : tables) modes.emplace_back(&table, ModeFor(table));
  std::lock_guard lock(mutex_);
  report.default_mode = ThrottlingModeName(default_mode_.load());
  const double now = report.now;
  for (const auto& [table_ptr, mode] : modes) {
    const TableDefinition& table = *table_ptr;
    std::vector<const SecondaryIndex*> resources = {nullptr};
    for (const auto& g : table.global_indexes) resources.push_back(&g);
    for (const SecondaryIndex* index : resources) {
      Resource& r = ResourceFor(table, index, now);
      auto& out = report.resources.emplace_back();
      out.table = table.name;
      out.index = index ? index->name : "";
      out.arn = index ? table.IndexArn(index->name) : table.Arn();
      out.mode = ThrottlingModeName(mode);
      out.on_demand = r.on_demand;
      out.read_rate = r.read.rate();
      out.write_rate = r.write.rate();
      out.read_tokens = r.read.tokens(now);
      out.write_tokens = r.write.tokens(now);
      out.read_units = r.read_units;
      out.write_units = r.write_units;
      out.throttles = r.throttles;
      const std::size_t n = r.partitions.size();
      for (std::size_t i = 0; i < n; ++i) {
        Partition& p = r.partitions[i];
        auto& po = out.partitions.emplace_back();
        po.first_hash = p.first;
        po.last_hash = static_cast<std::uint64_t>(End(r, i) - 1);
        po.bytes = p.bytes;
        po.read_units = p.read_units;
        po.write_units = p.write_units;
        po.read_tokens = p.read.tokens(now);
        po.write_tokens = p.write.tokens(now);
        po.throttles = p.throttles;
        std::map<std::string, double> recent;
        const double minute = std::floor(now / 60);
        if (minute <= p.minute + 1) {
          // What a key surely used: its units less those it inherited.
          for (const auto& k : p.keys_now) recent[k.key] += k.units - k.inherited;
          if (minute == p.minute) {
            for (const auto& k : p.keys_before) recent[k.key] += k.units - k.inherited;
          }
        }
        for (const auto& [key, units] : recent) {
          if (units > 0) po.hot_keys.emplace_back(key, units);
        }
        std::sort(po.hot_keys.begin(), po.hot_keys.end(), [](const auto& a, const auto& b) {
          return a.second > b.second || (a.second == b.second && a.first < b.first);
        });
        if (po.hot_keys.size() > kHotKeysReported) po.hot_keys.resize(kHotKeysReported);
      }
    }
  }
  return report;
}

CancellationReason CapacityModel::AsCancellationReason(const DynamoError& error) {
  return {error.code() == ErrorCode::Throttling ? "ThrottlingError" : "ProvisionedThroughputExceeded", error.message(),
          std::nullopt};
}

}  // namespace ddb
