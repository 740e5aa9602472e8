#include "engine/pitr_history.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <stdexcept>

#include "engine/byte_codec.h"
#include "engine/item_codec.h"
#include "engine/key_codec.h"
#include "engine/prefix_iterator.h"

namespace ddb {

namespace {

constexpr std::size_t kTableIdBytes = 8;
constexpr std::size_t kTimeAndTieBytes = 16;
constexpr std::size_t kTrimBatchRecords = 1000;

void PutFixed32BE(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

void PutFixed64BE(std::string& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

std::uint64_t GetFixed64BE(std::string_view in) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(in[i]);
  return v;
}

// The key up to (not including) the time: table id, length, item key rest.
std::string ItemPrefix(std::string_view storage_key) {
  std::string out(storage_key.substr(0, kTableIdBytes));
  std::string_view rest = storage_key.substr(kTableIdBytes);
  PutFixed32BE(out, static_cast<std::uint32_t>(rest.size()));
  out.append(rest);
  return out;
}

// One decoded history record.
struct Record {
  std::string_view item_prefix;  // table id, length, item key rest
  std::int64_t micros = 0;
  std::string_view value;
};

Record Parse(const rocksdb::Slice& key, const rocksdb::Slice& value) {
  std::string_view k(key.data(), key.size());
  if (k.size() < kTableIdBytes + 4 + kTimeAndTieBytes) throw std::runtime_error("corrupt history key");
  Record r;
  r.item_prefix = k.substr(0, k.size() - kTimeAndTieBytes);
  r.micros = static_cast<std::int64_t>(GetFixed64BE(k.substr(k.size() - kTimeAndTieBytes)));
  r.value = std::string_view(value.data(), value.size());
  return r;
}

// The storage key an item prefix stands for.
std::string StorageKeyOf(std::string_view item_prefix) {
  std::string key(item_prefix.substr(0, kTableIdBytes));
  key.append(item_prefix.substr(kTableIdBytes + 4));
  return key;
}

std::optional<Item> ImageOf(std::string_view value) {
  if (value.empty() || value[0] == 0) return std::nullopt;
  return DecodeItem(value.substr(1));
}

}  // namespace

std::int64_t ToMicros(double seconds) { return static_cast<std::int64_t>(std::floor(seconds * 1e6)); }

RestorableWindow RestorableWindowOf(const PointInTimeRecovery& pitr, double now) {
  constexpr double kRestoreLagSeconds = 300;  // the latest instant trails the present by this
  RestorableWindow w;
  w.earliest = std::max(pitr.enabled_at, now - static_cast<double>(pitr.recovery_period_days) * 24 * 3600);
  w.latest = std::max(w.earliest, now - kRestoreLagSeconds);
  return w;
}

PitrHistory::PitrHistory(Storage& storage, const Clock& clock)
    : storage_(storage),
      clock_(clock),
      // Seeded from the wall clock, so that records written in one
      // microsecond stay ordered across restarts too.
      tie_breaker_(static_cast<std::uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
              .count())) {}

void PitrHistory::Stage(const TableDefinition& table, std::string_view storage_key, const Item* old,
                        StagedWrite& write) {
  if (!table.pitr.enabled) return;
  if (!write.history_micros) write.history_micros = ToMicros(clock_.Now());
  std::string key = ItemPrefix(storage_key);
  PutFixed64BE(key, static_cast<std::uint64_t>(*write.history_micros));
  PutFixed64BE(key, tie_breaker_.fetch_add(1));
  std::string value;
  if (old) {
    value.push_back(1);
    value.append(EncodeItem(*old));
  } else {
    value.push_back(0);
  }
  write.batch.Put(storage_.history(), key, value);
}

void PitrHistory::ForEachItemAt(std::uint64_t table_id, std::int64_t at_micros, const rocksdb::Snapshot* snapshot,
                                const std::function<void(const std::string&, const Item&)>& f) {
  const std::string prefix = TableKeyPrefix(table_id);
  // The storage keys whose image at `at_micros` is a history record's, not
  // the current item.
  std::map<std::string, std::optional<Item>> earlier;
  {
    PrefixIterator it(storage_, storage_.history(), snapshot, prefix);
    std::string group;
    bool group_done = false;
    for (; it->Valid(); it->Next()) {
      Record r = Parse(it->key(), it->value());
      if (r.item_prefix != group) {
        group.assign(r.item_prefix);
        group_done = false;
      }
      if (group_done || r.micros <= at_micros) continue;
      earlier.emplace(StorageKeyOf(group), ImageOf(r.value));
      group_done = true;
    }
    it.CheckStatus("reading history");
  }
  {
    PrefixIterator it(storage_, storage_.items(), snapshot, prefix);
    for (; it->Valid(); it->Next()) {
      const std::string key = it->key().ToString();
      auto found = earlier.find(key);
      if (found == earlier.end()) {
        f(key, DecodeItem(std::string_view(it->value().data(), it->value().size())));
        continue;
      }
      if (found->second) f(key, *found->second);
      earlier.erase(found);
    }
    it.CheckStatus("reading items");
  }
  for (const auto& [key, image] : earlier) {
    if (image) f(key, *image);  // deleted since
  }
}

void PitrHistory::ForEachChange(std::uint64_t table_id, std::int64_t from_micros, std::int64_t to_micros,
                                const rocksdb::Snapshot* snapshot, const std::function<void(const Change&)>& f) {
  const std::string prefix = TableKeyPrefix(table_id);
  rocksdb::ReadOptions point;
  point.snapshot = snapshot;
  PrefixIterator it(storage_, storage_.history(), snapshot, prefix);
  // The item whose records are being read, and what they said so far.
  std::string group;
  std::optional<std::optional<Item>> at_from;  // set once a record after `from` is seen
  std::optional<std::optional<Item>> at_to;    // set once a record after `to` is seen
  std::int64_t last_write = 0;
  auto finish = [&] {
    if (group.empty() || !at_from) return;
    std::optional<Item> now;
    if (at_to) {
      now = *at_to;
    } else {
      std::string value;
      const std::string key = StorageKeyOf(group);
      rocksdb::Status s = storage_.db()->Get(point, storage_.items(), key, &value);
      if (s.ok()) {
        now = DecodeItem(value);
      } else if (!s.IsNotFound()) {
        throw std::runtime_error("reading items: " + s.ToString());
      }
    }
    if (!*at_from && !now) return;  // created and deleted within the span
    Change change{StorageKeyOf(group), *at_from ? &**at_from : nullptr, now ? &*now : nullptr, last_write};
    f(change);
  };
  for (; it->Valid(); it->Next()) {
    Record r = Parse(it->key(), it->value());
    if (r.item_prefix != group) {
      finish();
      group.assign(r.item_prefix);
      at_from.reset();
      at_to.reset();
      last_write = 0;
    }
    if (r.micros <= from_micros || at_to) continue;
    if (r.micros > to_micros) {
      if (at_from) at_to = ImageOf(r.value);
      continue;
    }
    if (!at_from) at_from = ImageOf(r.value);
    last_write = r.micros;
  }
  it.CheckStatus("reading history");
  finish();
}

void PitrHistory::Trim(std::uint64_t table_id, std::int64_t before_micros) {
  PrefixIterator it(storage_, storage_.history(), nullptr, TableKeyPrefix(table_id));
  rocksdb::WriteBatch batch;
  for (; it->Valid(); it->Next()) {
    if (Parse(it->key(), it->value()).micros >= before_micros) continue;
    batch.Delete(storage_.history(), it->key());
    if (batch.Count() >= kTrimBatchRecords) {
      storage_.Write(batch);
      batch.Clear();
    }
  }
  if (batch.Count() > 0) storage_.Write(batch);
}

void PitrHistory::TrimDue(const std::vector<TableDefinition>& tables, double now) {
  constexpr double kTrimIntervalSeconds = 3600;
  for (const auto& table : tables) {
    if (!table.pitr.enabled) continue;
    {
      std::lock_guard lock(trim_mutex_);
      auto [at, fresh] = last_trim_.emplace(table.id, now);
      if (!fresh && now - at->second < kTrimIntervalSeconds) continue;
      at->second = now;
    }
    Trim(table.id, ToMicros(RestorableWindowOf(table.pitr, now).earliest));
  }
}

void PitrHistory::Drop(std::uint64_t table_id, rocksdb::WriteBatch& batch) {
  batch.DeleteRange(storage_.history(), TableKeyPrefix(table_id), TableKeyPrefix(table_id + 1));
}

}  // namespace ddb
