#include "engine/backups.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <vector>

#include "engine/byte_codec.h"
#include "engine/error.h"
#include "engine/item_codec.h"
#include "engine/key_codec.h"
#include "engine/prefix_iterator.h"

namespace ddb {

namespace {

constexpr std::uint8_t kRecordFormat = 1;
constexpr std::size_t kTableIdBytes = 8;
constexpr std::int64_t kItemsPerBatch = 1000;
constexpr double kSystemBackupLifetimeSeconds = 35 * 24 * 3600.0;

bool Expired(const BackupDescription& d, double now) { return d.expiry_time && *d.expiry_time <= now; }

std::string RecordKey(const std::string& arn) { return "B" + arn; }

std::string ItemsPrefix(std::uint64_t number) {
  ByteWriter w;
  w.PutByte('D');
  w.PutFixed64BE(number);
  return w.Take();
}

std::string Encode(const BackupDescription& d, std::uint64_t number) {
  ByteWriter w;
  w.PutByte(kRecordFormat);
  w.PutVarint(number);
  w.PutString(d.arn);
  w.PutString(d.name);
  w.PutByte(static_cast<std::uint8_t>(d.status));
  w.PutByte(static_cast<std::uint8_t>(d.type));
  w.PutDouble(d.creation_time);
  w.PutDouble(d.expiry_time.value_or(0));
  w.PutVarint(static_cast<std::uint64_t>(d.size_bytes));
  w.PutVarint(static_cast<std::uint64_t>(d.item_count));
  w.PutString(EncodeTableDefinition(d.table));
  return w.Take();
}

BackupDescription Decode(std::string_view bytes, std::uint64_t& number) {
  ByteReader r(bytes);
  if (r.GetByte() != kRecordFormat) throw std::runtime_error("unknown backup record format");
  BackupDescription d;
  number = r.GetVarint();
  d.arn = r.GetString();
  d.name = r.GetString();
  d.status = static_cast<BackupStatus>(r.GetByte());
  d.type = static_cast<BackupType>(r.GetByte());
  d.creation_time = r.GetDouble();
  if (double expiry = r.GetDouble(); expiry > 0) d.expiry_time = expiry;
  d.size_bytes = static_cast<std::int64_t>(r.GetVarint());
  d.item_count = static_cast<std::int64_t>(r.GetVarint());
  d.table = DecodeTableDefinition(r.GetView());
  return d;
}

}  // namespace

std::string NewJobId(double now) {
  static thread_local std::mt19937 rng{std::random_device{}()};
  char id[32];
  std::snprintf(id, sizeof id, "%014lld-%08x", static_cast<long long>(std::floor(now * 1000)),
                static_cast<unsigned>(rng()));
  return id;
}

Backups::Backups(Storage& storage) : storage_(storage) {
  rocksdb::WriteBatch dropped;
  {
    PrefixIterator it(storage_, storage_.archive(), nullptr, "B");
    for (; it->Valid(); it->Next()) {
      Entry entry;
      entry.description = Decode(std::string_view(it->value().data(), it->value().size()), entry.number);
      next_number_ = std::max(next_number_, entry.number + 1);
      if (entry.description.status != BackupStatus::AVAILABLE) {  // a crash interrupted its copy
        dropped.Delete(storage_.archive(), it->key());
        DropItems(entry.number, dropped);
        continue;
      }
      backups_.emplace(entry.description.arn, std::move(entry));
    }
    it.CheckStatus("reading backups");
  }
  if (dropped.Count() > 0) storage_.Write(dropped);
}

void Backups::Store(const Entry& entry, rocksdb::WriteBatch& batch) {
  batch.Put(storage_.archive(), RecordKey(entry.description.arn), Encode(entry.description, entry.number));
}

void Backups::DropItems(std::uint64_t number, rocksdb::WriteBatch& batch) {
  batch.DeleteRange(storage_.archive(), ItemsPrefix(number), ItemsPrefix(number + 1));
}

BackupDescription Backups::Begin(const TableDefinition& table, const std::string& name, double now, BackupType type) {
  Entry entry;
  now = std::floor(now * 1000) / 1000;  // DynamoDB keeps a backup's time to the millisecond, as its ARN does
  std::string id = NewJobId(now);
  if (type == BackupType::SYSTEM) {
    id.replace(id.size() - 8, 8, "00000000");  // as DynamoDB numbers system backups
    entry.description.expiry_time = now + kSystemBackupLifetimeSeconds;
  }
  entry.description.type = type;
  entry.description.name = name;
  entry.description.table = table;
  std::lock_guard lock(mutex_);
  // A SYSTEM backup's id has no random part: two of one table name in one
  // millisecond (a frozen clock) move to the next free millisecond.
  while (backups_.count(table.Arn() + "/backup/" + id)) {
    now += 0.001;
    const std::string next = NewJobId(now);
    id = next.substr(0, 15) + id.substr(15);
  }
  entry.description.arn = table.Arn() + "/backup/" + id;
  entry.description.creation_time = now;
  entry.number = next_number_++;
  rocksdb::WriteBatch batch;
  Store(entry, batch);
  storage_.Write(batch);
  backups_.emplace(entry.description.arn, entry);
  return entry.description;
}

void Backups::Fill(const std::string& arn, const rocksdb::Snapshot* snapshot, const std::function<bool()>& stopping) {
  Entry entry;
  {
    std::lock_guard lock(mutex_);
    auto found = backups_.find(arn);
    if (found == backups_.end()) return;  // deleted meanwhile
    entry = found->second;
  }
  const std::string prefix = ItemsPrefix(entry.number);
  rocksdb::WriteBatch batch;
  std::int64_t in_batch = 0;
  PrefixIterator it(storage_, storage_.items(), snapshot, TableKeyPrefix(entry.description.table.id));
  for (; it->Valid(); it->Next()) {
    const rocksdb::Slice key = it->key();
    const rocksdb::Slice value = it->value();
    batch.Put(storage_.archive(), prefix + std::string(key.data() + kTableIdBytes, key.size() - kTableIdBytes), value);
    entry.description.item_count += 1;
    entry.description.size_bytes +=
        static_cast<std::int64_t>(EncodedItemSize(std::string_view(value.data(), value.size())));
    if (++in_batch >= kItemsPerBatch) {
      if (stopping()) return;  // left CREATING: dropped when the store opens again
      storage_.Write(batch);
      batch.Clear();
      in_batch = 0;
    }
  }
  it.CheckStatus("reading items");
  entry.description.status = BackupStatus::AVAILABLE;
  std::lock_guard lock(mutex_);
  auto found = backups_.find(arn);
  if (found == backups_.end()) {  // deleted while copying: drop what was copied
    rocksdb::WriteBatch drop;
    DropItems(entry.number, drop);
    storage_.Write(drop);
    return;
  }
  Store(entry, batch);
  storage_.Write(batch);
  found->second = entry;
}

std::optional<BackupDescription> Backups::Find(const std::string& arn, double now) const {
  std::lock_guard lock(mutex_);
  auto found = backups_.find(arn);
  if (found == backups_.end() || Expired(found->second.description, now)) return std::nullopt;
  return found->second.description;
}

ListBackupsResult Backups::List(const ListBackupsRequest& request, double now) const {
  std::vector<BackupDescription> matching;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [arn, entry] : backups_) {
      const BackupDescription& d = entry.description;
      if (Expired(d, now)) continue;
      if (request.table_name && d.table.name != *request.table_name) continue;
      if (request.type && d.type != *request.type) continue;
      // Bounds compare to the millisecond, as the creation times are kept.
      const auto ms = [](double t) { return static_cast<std::int64_t>(std::llround(t * 1000)); };
      if (request.lower_bound && ms(d.creation_time) < ms(*request.lower_bound)) continue;
      if (request.upper_bound && ms(d.creation_time) >= ms(*request.upper_bound)) continue;
      matching.push_back(d);
    }
  }
  // Oldest first; the ARN breaks ties, so a page boundary is well defined.
  std::sort(matching.begin(), matching.end(), [](const BackupDescription& a, const BackupDescription& b) {
    return a.creation_time != b.creation_time ? a.creation_time < b.creation_time : a.arn < b.arn;
  });
  auto begin = matching.begin();
  if (request.exclusive_start_arn) {
    // A pure cursor: the position of that ARN (its id starts with its
    // creation time in milliseconds), whether or not the backup still exists.
    const std::string& cursor = *request.exclusive_start_arn;
    const std::string id = cursor.substr(cursor.rfind('/') + 1);
    const double at = std::strtod(id.substr(0, id.find('-')).c_str(), nullptr) / 1000;
    begin = std::find_if(matching.begin(), matching.end(), [&](const BackupDescription& d) {
      return d.creation_time != at ? d.creation_time > at : d.arn > cursor;
    });
  }
  ListBackupsResult result;
  for (auto it = begin; it != matching.end() && result.backups.size() < request.limit; ++it) {
    result.backups.push_back(*it);
  }
  if (!result.backups.empty() && begin + static_cast<std::ptrdiff_t>(result.backups.size()) != matching.end()) {
    result.last_evaluated_arn = result.backups.back().arn;
  }
  return result;
}

BackupDescription Backups::Delete(const std::string& arn) {
  std::lock_guard lock(mutex_);
  auto found = backups_.find(arn);
  if (found == backups_.end()) throw BackupNotFound(arn);
  Entry entry = found->second;
  rocksdb::WriteBatch batch;
  batch.Delete(storage_.archive(), RecordKey(arn));
  DropItems(entry.number, batch);
  storage_.Write(batch);
  backups_.erase(found);
  entry.description.status = BackupStatus::DELETED;
  return entry.description;
}

void Backups::ForEachItem(const std::string& arn, const std::function<void(const Item&)>& f) {
  std::uint64_t number = 0;
  {
    std::lock_guard lock(mutex_);
    auto found = backups_.find(arn);
    if (found == backups_.end()) throw BackupNotFound(arn);
    number = found->second.number;
  }
  PrefixIterator it(storage_, storage_.archive(), nullptr, ItemsPrefix(number));
  for (; it->Valid(); it->Next()) f(DecodeItem(std::string_view(it->value().data(), it->value().size())));
  it.CheckStatus("reading a backup");
}

}  // namespace ddb
