#include "engine/streams.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <ctime>
#include <limits>
#include <memory>

#include "engine/byte_codec.h"
#include "engine/error.h"
#include "engine/limits.h"

namespace ddb {
namespace {

constexpr std::uint8_t kStreamFormat = 1;
const std::string kSequenceCeilingKey = "Mseq";
const std::string kNextStreamIdKey = "Mstream";
constexpr char kStreamPrefix = 'S';
constexpr char kRecordPrefix = 'R';
// Sequence numbers reserved per persisted step of the counter.
constexpr std::uint64_t kSequenceReserve = 1 << 20;
// The iterator's version field, between the stream ARN and the position.
const std::string kIteratorVersion = "1";

std::string StreamKey(std::uint64_t id) {
  ByteWriter w;
  w.PutByte(kStreamPrefix);
  w.PutFixed64BE(id);
  return w.Take();
}

std::string ShardRecordsPrefix(std::uint64_t stream_id, std::uint32_t ordinal) {
  ByteWriter w;
  w.PutByte(kRecordPrefix);
  w.PutFixed64BE(stream_id);
  w.PutFixed64BE(ordinal);
  return w.Take();
}

std::string RecordKey(std::uint64_t stream_id, std::uint32_t ordinal, std::uint64_t sequence) {
  std::string key = ShardRecordsPrefix(stream_id, ordinal);
  ByteWriter w;
  w.PutFixed64BE(sequence);
  return key + w.Take();
}

std::uint64_t SequenceOfRecordKey(const rocksdb::Slice& key) {
  return ByteReader(std::string_view(key.data() + key.size() - 8, 8)).GetFixed64BE();
}

std::string EncodeU64(std::uint64_t v) {
  ByteWriter w;
  w.PutFixed64BE(v);
  return w.Take();
}

std::string EncodeStreamInfo(const StreamInfo& s) {
  ByteWriter w;
  w.PutByte(kStreamFormat);
  w.PutVarint(s.id);
  w.PutString(s.arn);
  w.PutString(s.label);
  w.PutString(s.table_name);
  w.PutString(s.key_schema.hash_key);
  w.PutByte(s.key_schema.range_key ? 1 : 0);
  if (s.key_schema.range_key) w.PutString(*s.key_schema.range_key);
  w.PutByte(static_cast<std::uint8_t>(s.view));
  w.PutDouble(s.created);
  w.PutByte(s.enabled ? 1 : 0);
  w.PutDouble(s.disabled_at);
  w.PutVarint(s.shards.size());
  for (const auto& shard : s.shards) {
    w.PutVarint(shard.ordinal);
    w.PutByte(shard.parent ? 1 : 0);
    if (shard.parent) w.PutVarint(*shard.parent);
    w.PutFixed64BE(shard.first_hash);
    w.PutFixed64BE(shard.last_hash);
    w.PutVarint(shard.start_sequence);
    w.PutByte(shard.end_sequence ? 1 : 0);
    if (shard.end_sequence) w.PutVarint(*shard.end_sequence);
    w.PutDouble(shard.created);
    w.PutDouble(shard.closed);
    w.PutVarint(shard.trimmed_through);
    w.PutByte(shard.forgotten ? 1 : 0);
  }
  return w.Take();
}

StreamInfo DecodeStreamInfo(std::string_view bytes) {
  ByteReader r(bytes);
  if (r.GetByte() != kStreamFormat) throw std::runtime_error("unknown stream format");
  StreamInfo s;
  s.id = r.GetVarint();
  s.arn = r.GetString();
  s.label = r.GetString();
  s.table_name = r.GetString();
  s.key_schema.hash_key = r.GetString();
  if (r.GetByte()) s.key_schema.range_key = r.GetString();
  s.view = static_cast<StreamViewType>(r.GetByte());
  s.created = r.GetDouble();
  s.enabled = r.GetByte() != 0;
  s.disabled_at = r.GetDouble();
  s.shards.resize(r.GetVarint());
  for (auto& shard : s.shards) {
    shard.ordinal = static_cast<std::uint32_t>(r.GetVarint());
    if (r.GetByte()) shard.parent = static_cast<std::uint32_t>(r.GetVarint());
    shard.first_hash = r.GetFixed64BE();
    shard.last_hash = r.GetFixed64BE();
    shard.start_sequence = r.GetVarint();
    if (r.GetByte()) shard.end_sequence = r.GetVarint();
    shard.created = r.GetDouble();
    shard.closed = r.GetDouble();
    shard.trimmed_through = r.GetVarint();
    shard.forgotten = r.GetByte() != 0;
  }
  return s;
}

std::string Hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

std::optional<std::string> Unhex(std::string_view text) {
  if (text.size() % 2) return std::nullopt;
  auto value = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    int hi = value(text[i]), lo = value(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

// What a shard iterator designates: a stream, a shard, the first sequence
// number still to read, and when it was issued.
struct IteratorPosition {
  std::uint64_t stream_id = 0;
  std::uint32_t ordinal = 0;
  std::uint64_t next_sequence = 0;
  double issued = 0;
};

// "<stream ARN>|1|<hex of the position>", the shape AWS's iterators have.
std::string EncodeIterator(const std::string& arn, const IteratorPosition& p) {
  ByteWriter w;
  w.PutFixed64BE(p.stream_id);
  w.PutFixed64BE(p.ordinal);
  w.PutFixed64BE(p.next_sequence);
  w.PutDouble(p.issued);
  return arn + "|" + kIteratorVersion + "|" + Hex(w.Take());
}

DynamoError InvalidIterator() { return ValidationError("Invalid ShardIterator"); }

std::pair<std::string, IteratorPosition> DecodeIterator(const std::string& iterator) {
  const std::size_t last = iterator.rfind('|');
  if (last == std::string::npos || last == 0) throw InvalidIterator();
  const std::size_t middle = iterator.rfind('|', last - 1);
  if (middle == std::string::npos || iterator.substr(middle + 1, last - middle - 1) != kIteratorVersion) {
    throw InvalidIterator();
  }
  auto bytes = Unhex(std::string_view(iterator).substr(last + 1));
  if (!bytes || bytes->size() != 32) throw InvalidIterator();
  ByteReader r(*bytes);
  IteratorPosition p;
  p.stream_id = r.GetFixed64BE();
  const std::uint64_t ordinal = r.GetFixed64BE();
  if (ordinal > UINT32_MAX) throw InvalidIterator();
  p.ordinal = static_cast<std::uint32_t>(ordinal);
  p.next_sequence = r.GetFixed64BE();
  p.issued = r.GetDouble();
  return {iterator.substr(0, middle), p};
}

DynamoError StreamNotFound(const std::string& arn) {
  return ResourceNotFoundError("Requested resource not found: Stream: " + arn + " not found");
}

}  // namespace

std::string FormatSequenceNumber(std::uint64_t sequence) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%021" PRIu64, sequence);
  return buf;
}

std::string StreamEventId(std::uint64_t stream_id, std::uint64_t sequence) {
  // Two 64-bit mixes, so ids look random but never repeat within a stream.
  auto mix = [](std::uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
  };
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016" PRIx64 "%016" PRIx64, mix(stream_id * 0x9e3779b97f4a7c15ULL + 1),
                mix(sequence));
  return buf;
}

std::string StreamLabelAt(double epoch_seconds) {
  const auto secs = static_cast<std::time_t>(epoch_seconds);
  const int millis = static_cast<int>((epoch_seconds - static_cast<double>(secs)) * 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buf;
}

std::string ShardIdOf(const StreamInfo& stream, const StreamShard& shard) {
  char buf[64];
  const auto millis = static_cast<std::uint64_t>(shard.created * 1000);
  const auto tag = static_cast<std::uint32_t>((stream.id * 0x9e3779b1u) ^ (shard.ordinal * 0x85ebca6bu + 0x1000193u));
  std::snprintf(buf, sizeof buf, "shardId-%020" PRIu64 "-%08" PRIx32, millis, tag);
  return buf;
}

Streams::Streams(Storage& storage, CapacityModel& capacity, const Clock& clock, double rollover_seconds)
    : storage_(storage), capacity_(capacity), clock_(clock), rollover_seconds_(rollover_seconds) {
  if (auto v = storage_.Get(storage_.streams(), kSequenceCeilingKey)) {
    reserved_until_ = next_sequence_ = ByteReader(*v).GetFixed64BE();
  }
  if (auto v = storage_.Get(storage_.streams(), kNextStreamIdKey)) next_stream_id_ = ByteReader(*v).GetFixed64BE();
  std::unique_ptr<rocksdb::Iterator> it(storage_.db()->NewIterator(rocksdb::ReadOptions(), storage_.streams()));
  const std::string prefix(1, kStreamPrefix);
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    Live live;
    live.info = DecodeStreamInfo(std::string_view(it->value().data(), it->value().size()));
    RebuildOpen(live);
    const std::uint64_t id = live.info.id;
    streams_.emplace(id, std::move(live));
  }
}

void Streams::RebuildOpen(Live& stream) {
  stream.open.clear();
  stream.rollover_due = std::numeric_limits<double>::infinity();
  for (const auto& shard : stream.info.shards) {
    if (shard.end_sequence) continue;
    stream.open.push_back(shard.ordinal);
    stream.rollover_due = std::min(stream.rollover_due, shard.created + rollover_seconds_);
  }
  std::sort(stream.open.begin(), stream.open.end(), [&](std::uint32_t a, std::uint32_t b) {
    return stream.info.shards[a].first_hash < stream.info.shards[b].first_hash;
  });
}

std::uint64_t Streams::NextSequence() {
  if (next_sequence_ >= reserved_until_) {
    // Persisted before any number above the old ceiling is handed out.
    rocksdb::WriteBatch batch;
    batch.Put(storage_.streams(), kSequenceCeilingKey, EncodeU64(next_sequence_ + kSequenceReserve));
    storage_.Write(batch);
    reserved_until_ = next_sequence_ + kSequenceReserve;
  }
  return next_sequence_++;
}

void Streams::Persist(const StreamInfo& info) {
  rocksdb::WriteBatch batch;
  batch.Put(storage_.streams(), StreamKey(info.id), EncodeStreamInfo(info));
  storage_.Write(batch);
}

std::uint64_t Streams::VisibleBelow() const {
  return in_flight_.empty() ? next_sequence_ : *std::min_element(in_flight_.begin(), in_flight_.end());
}

Streams::Live& Streams::LiveOf(std::uint64_t stream_id) {
  auto it = streams_.find(stream_id);
  if (it == streams_.end()) throw std::logic_error("a table names a stream that does not exist");
  return it->second;
}

Streams::Live* Streams::FindByArn(const std::string& arn) {
  for (auto& [id, live] : streams_) {
    if (live.info.arn == arn) return &live;
  }
  return nullptr;
}

StreamIdentity Streams::Enable(const TableDefinition& table, StreamViewType view) {
  std::lock_guard lock(mutex_);
  const double now = clock_.Now();
  Live live;
  live.info.id = next_stream_id_++;
  {
    rocksdb::WriteBatch batch;
    batch.Put(storage_.streams(), kNextStreamIdKey, EncodeU64(next_stream_id_));
    storage_.Write(batch);
  }
  // A label is unique per table: a stream made in the same millisecond as
  // the table's previous one takes the next millisecond.
  for (double at = now;; at += 0.001) {
    live.info.label = StreamLabelAt(at);
    live.info.arn = table.Arn() + "/stream/" + live.info.label;
    if (!FindByArn(live.info.arn)) break;
  }
  live.info.table_name = table.name;
  live.info.key_schema = table.key_schema;
  live.info.view = view;
  live.info.created = now;
  const std::vector<std::uint64_t> starts = capacity_.PartitionStarts(table);
  for (std::size_t i = 0; i < starts.size(); ++i) {
    StreamShard shard;
    shard.ordinal = static_cast<std::uint32_t>(i);
    shard.first_hash = starts[i];
    shard.last_hash = i + 1 < starts.size() ? starts[i + 1] - 1 : UINT64_MAX;
    shard.start_sequence = NextSequence();
    shard.created = now;
    live.info.shards.push_back(shard);
  }
  live.seen_layout = capacity_.PartitionLayoutVersion(table);
  RebuildOpen(live);
  Persist(live.info);
  StreamIdentity identity{live.info.id, live.info.label};
  streams_.emplace(live.info.id, std::move(live));
  return identity;
}

void Streams::Disable(std::uint64_t stream_id) {
  std::lock_guard lock(mutex_);
  auto it = streams_.find(stream_id);
  if (it == streams_.end() || !it->second.info.enabled) return;
  Live& stream = it->second;
  const double now = clock_.Now();
  // The caller holds the schema lock exclusively: no write is in flight.
  for (auto& shard : stream.info.shards) {
    if (shard.end_sequence) continue;
    shard.end_sequence = std::max(next_sequence_ - 1, shard.start_sequence);
    shard.closed = now;
  }
  stream.info.enabled = false;
  stream.info.disabled_at = now;
  stream.open.clear();
  Persist(stream.info);
}

void Streams::Stage(const TableDefinition& table, std::uint64_t partition_hash, const Item& keys, const Item* old,
                    const Item* updated, bool by_service, StagedWrite& write) {
  if (!table.has_enabled_stream()) return;
  const auto view = ParseStreamViewType(table.stream->view_type);
  if (!view) return;
  auto record = EncodeChange(keys, old, updated, *view, by_service, clock_.Now());
  if (!record) return;
  write.stream_records.push_back({&table, partition_hash, std::move(*record)});
}

void Streams::Replace(Live& stream, std::uint32_t ordinal,
                      const std::vector<std::pair<std::uint64_t, std::uint64_t>>& ranges, double now) {
  // The parent ends at the last number handed out so far: every record it
  // holds was numbered before this point, every later one goes to a child.
  StreamShard& parent = stream.info.shards[ordinal];
  parent.end_sequence = std::max(next_sequence_ - 1, parent.start_sequence);
  parent.closed = now;
  for (const auto& [first, last] : ranges) {
    StreamShard child;
    child.ordinal = static_cast<std::uint32_t>(stream.info.shards.size());
    child.parent = ordinal;
    child.first_hash = first;
    child.last_hash = last;
    child.start_sequence = NextSequence();
    child.created = now;
    stream.info.shards.push_back(child);
  }
}

void Streams::RollOver(Live& stream, double now) {
  if (now < stream.rollover_due) return;  // every write asks: most of the time, nothing is due
  bool changed = false;
  for (std::uint32_t ordinal : std::vector<std::uint32_t>(stream.open)) {
    const StreamShard shard = stream.info.shards[ordinal];  // a copy: Replace grows the list
    if (now - shard.created < rollover_seconds_) continue;
    Replace(stream, ordinal, {{shard.first_hash, shard.last_hash}}, now);
    changed = true;
  }
  if (!changed) return;
  RebuildOpen(stream);
  Persist(stream.info);
}

void Streams::SplitAlongPartitions(Live& stream, const TableDefinition& table) {
  const std::uint64_t layout = capacity_.PartitionLayoutVersion(table);
  if (layout == stream.seen_layout) return;
  stream.seen_layout = layout;
  const std::vector<std::uint64_t> starts = capacity_.PartitionStarts(table);
  const double now = clock_.Now();
  bool changed = false;
  for (std::uint32_t ordinal : std::vector<std::uint32_t>(stream.open)) {
    const StreamShard shard = stream.info.shards[ordinal];
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
    std::uint64_t first = shard.first_hash;
    for (std::uint64_t start : starts) {
      if (start <= shard.first_hash || start > shard.last_hash) continue;
      ranges.emplace_back(first, start - 1);
      first = start;
    }
    if (ranges.empty()) continue;  // the shard still covers one partition or less
    ranges.emplace_back(first, shard.last_hash);
    Replace(stream, ordinal, ranges, now);
    changed = true;
  }
  if (!changed) return;
  RebuildOpen(stream);
  Persist(stream.info);
}

StreamShard& Streams::ShardFor(Live& stream, const TableDefinition& table, std::uint64_t hash) {
  RollOver(stream, clock_.Now());
  SplitAlongPartitions(stream, table);
  auto after = std::upper_bound(stream.open.begin(), stream.open.end(), hash,
                                [&](std::uint64_t h, std::uint32_t o) { return h < stream.info.shards[o].first_hash; });
  if (after == stream.open.begin()) throw std::logic_error("the open shards of a stream leave a gap");
  return stream.info.shards[*(after - 1)];
}

void Streams::Write(StagedWrite& write) {
  if (write.stream_records.empty()) {
    if (write.batch.Count() > 0) storage_.Write(write.batch);
    return;
  }
  std::vector<std::uint64_t> numbers;
  {
    std::lock_guard lock(mutex_);
    for (auto& pending : write.stream_records) {
      Live& stream = LiveOf(pending.table->stream_id);
      const StreamShard& shard = ShardFor(stream, *pending.table, pending.partition_hash);
      const std::uint64_t sequence = NextSequence();
      write.batch.Put(storage_.streams(), RecordKey(stream.info.id, shard.ordinal, sequence), pending.record);
      in_flight_.push_back(sequence);
      numbers.push_back(sequence);
    }
  }
  // Written outside the lock, so concurrent writers share RocksDB's group
  // commit; readers stop below the lowest number still in flight.
  auto settle = [&] {
    std::lock_guard lock(mutex_);
    for (std::uint64_t n : numbers) {
      auto at = std::find(in_flight_.begin(), in_flight_.end(), n);
      *at = in_flight_.back();
      in_flight_.pop_back();
    }
  };
  try {
    storage_.Write(write.batch);
  } catch (...) {
    settle();  // nothing was written: a gap in the numbers, never a record
    throw;
  }
  settle();
}

ListStreamsResult Streams::List(const ListStreamsRequest& request) {
  std::lock_guard lock(mutex_);
  // Newest first, as DynamoDB lists them.
  std::vector<const StreamInfo*> matching;
  for (const auto& [id, live] : streams_) {
    if (!request.table_name || live.info.table_name == *request.table_name) matching.push_back(&live.info);
  }
  std::sort(matching.begin(), matching.end(), [](const StreamInfo* a, const StreamInfo* b) { return a->id > b->id; });
  auto begin = matching.begin();
  if (request.exclusive_start_stream_arn) {
    auto at = std::find_if(matching.begin(), matching.end(),
                           [&](const StreamInfo* s) { return s->arn == *request.exclusive_start_stream_arn; });
    begin = at == matching.end() ? matching.end() : at + 1;
  }
  ListStreamsResult result;
  for (auto it = begin; it != matching.end(); ++it) {
    if (result.streams.size() == request.limit) {
      result.last_evaluated_stream_arn = result.streams.back().arn;
      break;
    }
    result.streams.push_back({(*it)->arn, (*it)->table_name, (*it)->label});
  }
  return result;
}

StreamDescription Streams::Describe(const DescribeStreamRequest& request) {
  std::lock_guard lock(mutex_);
  Live* stream = FindByArn(request.stream_arn);
  if (!stream) throw StreamNotFound(request.stream_arn);
  if (stream->info.enabled) RollOver(*stream, clock_.Now());
  const StreamInfo& info = stream->info;
  StreamDescription d;
  d.arn = info.arn;
  d.label = info.label;
  d.table_name = info.table_name;
  d.status = info.enabled ? "ENABLED" : "DISABLED";
  d.view = info.view;
  d.key_schema = info.key_schema;
  d.creation_time = info.created;
  std::optional<std::uint32_t> parent_filter;
  if (request.children_of_shard_id) {
    for (const auto& shard : info.shards) {
      if (ShardIdOf(info, shard) == *request.children_of_shard_id) parent_filter = shard.ordinal;
    }
    if (!parent_filter) return d;
  }
  bool started = !request.exclusive_start_shard_id;
  for (const auto& shard : info.shards) {
    if (shard.forgotten) continue;
    const std::string id = ShardIdOf(info, shard);
    if (!started) {
      started = id == *request.exclusive_start_shard_id;
      continue;
    }
    if (parent_filter && shard.parent != parent_filter) continue;
    if (d.shards.size() == request.limit) {
      d.last_evaluated_shard_id = d.shards.back().shard_id;
      break;
    }
    ShardDescription s;
    s.shard_id = id;
    if (shard.parent && *shard.parent < info.shards.size()) {
      s.parent_shard_id = ShardIdOf(info, info.shards[*shard.parent]);
    }
    s.starting_sequence = shard.start_sequence;
    s.ending_sequence = shard.end_sequence;
    d.shards.push_back(std::move(s));
  }
  return d;
}

std::string Streams::GetShardIterator(const GetShardIteratorRequest& request) {
  std::lock_guard lock(mutex_);
  Live* stream = FindByArn(request.stream_arn);
  if (!stream) throw StreamNotFound(request.stream_arn);
  const StreamShard* shard = nullptr;
  for (const auto& s : stream->info.shards) {
    if (!s.forgotten && ShardIdOf(stream->info, s) == request.shard_id) shard = &s;
  }
  if (!shard) {
    throw ResourceNotFoundError("Requested resource not found: Shard: " + request.shard_id +
                                " in Stream: " + request.stream_arn + " not found");
  }
  const std::uint64_t oldest = std::max(shard->start_sequence, shard->trimmed_through + 1);
  IteratorPosition p;
  p.stream_id = stream->info.id;
  p.ordinal = shard->ordinal;
  p.issued = clock_.Now();
  switch (request.type) {
    case ShardIteratorType::TrimHorizon: p.next_sequence = oldest; break;
    case ShardIteratorType::Latest:
      p.next_sequence = shard->end_sequence ? *shard->end_sequence + 1 : next_sequence_;
      break;
    case ShardIteratorType::AtSequenceNumber:
    case ShardIteratorType::AfterSequenceNumber: {
      const std::uint64_t n = request.sequence_number.value_or(0);
      if (n < shard->start_sequence || (shard->end_sequence && n > *shard->end_sequence) || n >= next_sequence_) {
        throw ValidationError("Invalid SequenceNumber for the shard: " + FormatSequenceNumber(n));
      }
      if (n < oldest)
        throw DynamoError(ErrorCode::TrimmedDataAccess, "The data you are trying to access has been trimmed");
      p.next_sequence = request.type == ShardIteratorType::AtSequenceNumber ? n : n + 1;
      break;
    }
  }
  return EncodeIterator(stream->info.arn, p);
}

GetRecordsResult Streams::GetRecords(const GetRecordsRequest& request) {
  auto [arn, position] = DecodeIterator(request.shard_iterator);
  const double now = clock_.Now();
  StreamShard shard;
  std::uint64_t visible = 0;  // records from here on may still be in flight
  GetRecordsResult result;
  {
    std::lock_guard lock(mutex_);
    auto it = streams_.find(position.stream_id);
    if (it == streams_.end() || it->second.info.arn != arn) throw StreamNotFound(arn);
    if (position.ordinal >= it->second.info.shards.size()) throw InvalidIterator();
    if (now - position.issued > kShardIteratorLifetimeSeconds) {
      throw DynamoError(ErrorCode::ExpiredIterator, "The provided iterator exceeds the maximum age allowed.");
    }
    shard = it->second.info.shards[position.ordinal];
    result.view = it->second.info.view;
    visible = VisibleBelow();
  }
  if (position.next_sequence <= shard.trimmed_through) {
    throw DynamoError(ErrorCode::TrimmedDataAccess, "The data you are trying to access has been trimmed");
  }
  result.stream_id = position.stream_id;
  const std::string prefix = ShardRecordsPrefix(position.stream_id, position.ordinal);
  std::uint64_t next = position.next_sequence;
  std::size_t bytes = 0;
  std::unique_ptr<rocksdb::Iterator> it(storage_.db()->NewIterator(rocksdb::ReadOptions(), storage_.streams()));
  for (it->Seek(RecordKey(position.stream_id, position.ordinal, next));
       it->Valid() && it->key().starts_with(prefix) && result.records.size() < request.limit; it->Next()) {
    const std::uint64_t sequence = SequenceOfRecordKey(it->key());
    if (sequence >= visible || (shard.end_sequence && sequence > *shard.end_sequence)) break;
    if (!result.records.empty() && bytes + it->value().size() > kGetRecordsMaxBytes) break;
    bytes += it->value().size();
    StreamRecord record = DecodeStreamRecord(std::string_view(it->value().data(), it->value().size()));
    record.sequence = sequence;
    result.records.push_back(std::move(record));
    next = sequence + 1;
  }
  // The end of a closed shard: no record up to its last number is left unread.
  const bool unread = it->Valid() && it->key().starts_with(prefix) &&
                      (!shard.end_sequence || SequenceOfRecordKey(it->key()) <= *shard.end_sequence);
  const bool at_end = shard.end_sequence && *shard.end_sequence < visible && !unread;
  if (!at_end) {
    IteratorPosition p = position;
    p.next_sequence = next;
    p.issued = now;
    result.next_shard_iterator = EncodeIterator(arn, p);
  }
  return result;
}

void Streams::Trim() {
  std::lock_guard lock(mutex_);
  const double now = clock_.Now();
  const double cutoff = now - kStreamRetentionSeconds;
  rocksdb::WriteBatch batch;
  std::vector<std::uint64_t> forget;
  for (auto& [id, stream] : streams_) {
    bool changed = false;
    for (auto& shard : stream.info.shards) {
      if (shard.forgotten) continue;  // its records are gone already
      const std::string prefix = ShardRecordsPrefix(id, shard.ordinal);
      std::unique_ptr<rocksdb::Iterator> it(storage_.db()->NewIterator(rocksdb::ReadOptions(), storage_.streams()));
      std::optional<std::uint64_t> last_old;
      for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
        ByteReader r(std::string_view(it->value().data(), it->value().size()));
        r.GetByte();
        r.GetByte();
        r.GetByte();
        if (r.GetDouble() >= cutoff) break;
        last_old = SequenceOfRecordKey(it->key());
      }
      if (last_old) {
        batch.DeleteRange(storage_.streams(), prefix, RecordKey(id, shard.ordinal, *last_old + 1));
        shard.trimmed_through = *last_old;
        changed = true;
      }
      // A shard closed longer ago than the retention period holds no record
      // any more: it is no longer listed.
      if (shard.end_sequence && !shard.forgotten && shard.closed < cutoff) {
        batch.DeleteRange(storage_.streams(), prefix, ShardRecordsPrefix(id, shard.ordinal + 1));
        shard.forgotten = true;
        changed = true;
      }
    }
    // A stream disabled for longer than the retention period is forgotten.
    if (!stream.info.enabled && stream.info.disabled_at < cutoff) {
      forget.push_back(id);
      continue;
    }
    if (changed) batch.Put(storage_.streams(), StreamKey(id), EncodeStreamInfo(stream.info));
  }
  for (std::uint64_t id : forget) {
    batch.Delete(storage_.streams(), StreamKey(id));
    batch.DeleteRange(storage_.streams(), ShardRecordsPrefix(id, 0), ShardRecordsPrefix(id + 1, 0));
  }
  if (batch.Count() > 0) storage_.Write(batch);
  for (std::uint64_t id : forget) streams_.erase(id);
}

}  // namespace ddb
