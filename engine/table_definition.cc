#include "engine/table_definition.h"

#include <cstdio>
#include <random>
#include <stdexcept>

#include "engine/byte_codec.h"

namespace ddb {

std::optional<ValueType> TableDefinition::AttributeType(const std::string& attribute) const {
  for (const auto& def : attribute_definitions) {
    if (def.name == attribute) return def.type;
  }
  return std::nullopt;
}

bool SecondaryIndex::IsKeyAttribute(const std::string& attribute) const {
  for (const auto& k : hash_keys)
    if (k == attribute) return true;
  for (const auto& k : range_keys)
    if (k == attribute) return true;
  return false;
}

ValueType TableDefinition::KeyAttributeType(const std::string& attribute) const {
  auto type = AttributeType(attribute);
  if (!type) throw std::logic_error("key attribute without a definition: " + attribute);
  return *type;
}

const SecondaryIndex* TableDefinition::FindIndex(const std::string& index_name) const {
  for (const auto& i : local_indexes)
    if (i.name == index_name) return &i;
  for (const auto& i : global_indexes)
    if (i.name == index_name) return &i;
  return nullptr;
}

namespace {
// Version 1 had no secondary indexes; version 2 appends them; version 3
// appends the table's OnDemandThroughput; version 4 the warm throughput of
// the table and of each GSI; version 5 the stream id, TTL and PITR; version
// 6 when the table class last changed.
constexpr std::uint8_t kFormatVersion = 7;

void PutWarm(ByteWriter& w, const std::optional<WarmThroughput>& warm) {
  w.PutByte(warm ? 1 : 0);
  if (warm) {
    w.PutVarint(static_cast<std::uint64_t>(warm->read_units_per_second));
    w.PutVarint(static_cast<std::uint64_t>(warm->write_units_per_second));
  }
}

std::optional<WarmThroughput> GetWarm(ByteReader& r) {
  if (!r.GetByte()) return std::nullopt;
  WarmThroughput warm;
  warm.read_units_per_second = static_cast<std::int64_t>(r.GetVarint());
  warm.write_units_per_second = static_cast<std::int64_t>(r.GetVarint());
  return warm;
}

void PutStrings(ByteWriter& w, const std::vector<std::string>& v) {
  w.PutVarint(v.size());
  for (const auto& s : v) w.PutString(s);
}
std::vector<std::string> GetStrings(ByteReader& r) {
  std::vector<std::string> v(r.GetVarint());
  for (auto& s : v) s = r.GetString();
  return v;
}

void PutOptionalDouble(ByteWriter& w, const std::optional<double>& v) {
  w.PutByte(v ? 1 : 0);
  if (v) w.PutDouble(*v);
}
std::optional<double> GetOptionalDouble(ByteReader& r) {
  if (!r.GetByte()) return std::nullopt;
  return r.GetDouble();
}
}  // namespace

std::string EncodeTableDefinition(const TableDefinition& t) {
  ByteWriter w;
  w.PutByte(kFormatVersion);
  w.PutVarint(t.id);
  w.PutString(t.name);
  w.PutString(t.region);
  w.PutString(t.account_id);
  w.PutString(t.table_uuid);
  w.PutVarint(t.attribute_definitions.size());
  for (const auto& a : t.attribute_definitions) {
    w.PutString(a.name);
    w.PutByte(static_cast<std::uint8_t>(a.type));
  }
  w.PutString(t.key_schema.hash_key);
  w.PutByte(t.key_schema.range_key ? 1 : 0);
  if (t.key_schema.range_key) w.PutString(*t.key_schema.range_key);
  w.PutByte(static_cast<std::uint8_t>(t.billing_mode));
  w.PutVarint(static_cast<std::uint64_t>(t.throughput.read_capacity_units));
  w.PutVarint(static_cast<std::uint64_t>(t.throughput.write_capacity_units));
  PutOptionalDouble(w, t.throughput.last_increase_time);
  PutOptionalDouble(w, t.throughput.last_decrease_time);
  w.PutVarint(static_cast<std::uint64_t>(t.throughput.number_of_decreases_today));
  PutOptionalDouble(w, t.last_billing_mode_change_time);
  w.PutByte(t.stream ? 1 : 0);
  if (t.stream) {
    w.PutByte(t.stream->enabled ? 1 : 0);
    w.PutString(t.stream->view_type);
  }
  w.PutString(t.latest_stream_label);
  w.PutByte(t.sse ? 1 : 0);
  if (t.sse) {
    w.PutByte(t.sse->enabled ? 1 : 0);
    w.PutString(t.sse->sse_type);
    w.PutString(t.sse->kms_master_key_id);
  }
  w.PutVarint(t.tags.size());
  for (const auto& [k, v] : t.tags) {
    w.PutString(k);
    w.PutString(v);
  }
  w.PutByte(t.deletion_protection ? 1 : 0);
  w.PutString(t.table_class);
  w.PutDouble(t.creation_time);
  w.PutDouble(t.active_time);
  w.PutDouble(t.updating_until);
  for (const auto* list : {&t.local_indexes, &t.global_indexes}) {
    w.PutVarint(list->size());
    for (const auto& i : *list) {
      w.PutVarint(i.id);
      w.PutString(i.name);
      w.PutByte(i.global ? 1 : 0);
      PutStrings(w, i.hash_keys);
      PutStrings(w, i.range_keys);
      w.PutByte(static_cast<std::uint8_t>(i.projection.type));
      PutStrings(w, i.projection.non_key_attributes);
      w.PutVarint(static_cast<std::uint64_t>(i.throughput.read_capacity_units));
      w.PutVarint(static_cast<std::uint64_t>(i.throughput.write_capacity_units));
      PutOptionalDouble(w, i.throughput.last_increase_time);
      PutOptionalDouble(w, i.throughput.last_decrease_time);
      w.PutVarint(static_cast<std::uint64_t>(i.throughput.number_of_decreases_today));
      w.PutByte(i.on_demand ? 1 : 0);
      if (i.on_demand) {
        w.PutVarint(static_cast<std::uint64_t>(i.on_demand->max_read_request_units));
        w.PutVarint(static_cast<std::uint64_t>(i.on_demand->max_write_request_units));
      }
      w.PutByte(i.backfilling ? 1 : 0);
      w.PutByte(i.deleting ? 1 : 0);
    }
  }
  w.PutByte(t.on_demand ? 1 : 0);
  if (t.on_demand) {
    w.PutVarint(static_cast<std::uint64_t>(t.on_demand->max_read_request_units));
    w.PutVarint(static_cast<std::uint64_t>(t.on_demand->max_write_request_units));
  }
  PutWarm(w, t.warm);
  for (const auto& i : t.global_indexes) PutWarm(w, i.warm);
  w.PutVarint(t.stream_id);
  w.PutByte(t.ttl.enabled ? 1 : 0);
  w.PutString(t.ttl.attribute);
  PutOptionalDouble(w, t.ttl.last_change_time);
  w.PutByte(t.pitr.enabled ? 1 : 0);
  w.PutVarint(static_cast<std::uint64_t>(t.pitr.recovery_period_days));
  w.PutDouble(t.pitr.enabled_at);
  w.PutVarint(t.table_class_changes.size());
  for (double when : t.table_class_changes) w.PutDouble(when);
  w.PutByte(t.restore ? 1 : 0);
  if (t.restore) {
    w.PutString(t.restore->source_backup_arn);
    w.PutString(t.restore->source_table_arn);
    w.PutVarint(t.restore->source_table_id);
    w.PutDouble(t.restore->restore_date_time);
    w.PutByte(t.restore->in_progress ? 1 : 0);
  }
  return w.Take();
}

std::string NewTableUuid() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uint64_t a = rng(), b = rng();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xfff),
                static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3fff)),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

TableDefinition DecodeTableDefinition(std::string_view bytes) {
  ByteReader r(bytes);
  const std::uint8_t version = r.GetByte();
  if (version < 1 || version > kFormatVersion) throw std::runtime_error("unknown table definition format");
  TableDefinition t;
  t.id = r.GetVarint();
  t.name = r.GetString();
  t.region = r.GetString();
  t.account_id = r.GetString();
  t.table_uuid = r.GetString();
  auto n = r.GetVarint();
  for (std::uint64_t i = 0; i < n; ++i) {
    AttributeDefinition a;
    a.name = r.GetString();
    a.type = static_cast<ValueType>(r.GetByte());
    t.attribute_definitions.push_back(std::move(a));
  }
  t.key_schema.hash_key = r.GetString();
  if (r.GetByte()) t.key_schema.range_key = r.GetString();
  t.billing_mode = static_cast<BillingMode>(r.GetByte());
  t.throughput.read_capacity_units = static_cast<std::int64_t>(r.GetVarint());
  t.throughput.write_capacity_units = static_cast<std::int64_t>(r.GetVarint());
  t.throughput.last_increase_time = GetOptionalDouble(r);
  t.throughput.last_decrease_time = GetOptionalDouble(r);
  t.throughput.number_of_decreases_today = static_cast<std::int64_t>(r.GetVarint());
  t.last_billing_mode_change_time = GetOptionalDouble(r);
  if (r.GetByte()) {
    StreamSpecification s;
    s.enabled = r.GetByte() != 0;
    s.view_type = r.GetString();
    t.stream = s;
  }
  t.latest_stream_label = r.GetString();
  if (r.GetByte()) {
    SseSpecification s;
    s.enabled = r.GetByte() != 0;
    s.sse_type = r.GetString();
    s.kms_master_key_id = r.GetString();
    t.sse = s;
  }
  n = r.GetVarint();
  for (std::uint64_t i = 0; i < n; ++i) {
    std::string k = r.GetString();
    t.tags.emplace_back(std::move(k), r.GetString());
  }
  t.deletion_protection = r.GetByte() != 0;
  t.table_class = r.GetString();
  t.creation_time = r.GetDouble();
  t.active_time = r.GetDouble();
  t.updating_until = r.GetDouble();
  if (version == 1) return t;
  for (auto* list : {&t.local_indexes, &t.global_indexes}) {
    list->resize(r.GetVarint());
    for (auto& i : *list) {
      i.id = r.GetVarint();
      i.name = r.GetString();
      i.global = r.GetByte() != 0;
      i.hash_keys = GetStrings(r);
      i.range_keys = GetStrings(r);
      i.projection.type = static_cast<ProjectionType>(r.GetByte());
      i.projection.non_key_attributes = GetStrings(r);
      i.throughput.read_capacity_units = static_cast<std::int64_t>(r.GetVarint());
      i.throughput.write_capacity_units = static_cast<std::int64_t>(r.GetVarint());
      i.throughput.last_increase_time = GetOptionalDouble(r);
      i.throughput.last_decrease_time = GetOptionalDouble(r);
      i.throughput.number_of_decreases_today = static_cast<std::int64_t>(r.GetVarint());
      if (r.GetByte()) {
        OnDemandThroughput o;
        o.max_read_request_units = static_cast<std::int64_t>(r.GetVarint());
        o.max_write_request_units = static_cast<std::int64_t>(r.GetVarint());
        i.on_demand = o;
      }
      i.backfilling = r.GetByte() != 0;
      i.deleting = r.GetByte() != 0;
    }
  }
  if (version >= 3 && r.GetByte()) {
    OnDemandThroughput o;
    o.max_read_request_units = static_cast<std::int64_t>(r.GetVarint());
    o.max_write_request_units = static_cast<std::int64_t>(r.GetVarint());
    t.on_demand = o;
  }
  if (version >= 4) {
    t.warm = GetWarm(r);
    for (auto& i : t.global_indexes) i.warm = GetWarm(r);
  }
  if (version >= 5) {
    t.stream_id = r.GetVarint();
    t.ttl.enabled = r.GetByte() != 0;
    t.ttl.attribute = r.GetString();
    t.ttl.last_change_time = GetOptionalDouble(r);
    t.pitr.enabled = r.GetByte() != 0;
    t.pitr.recovery_period_days = static_cast<std::int64_t>(r.GetVarint());
    t.pitr.enabled_at = r.GetDouble();
  }
  if (version >= 6) {
    for (std::uint64_t n = r.GetVarint(); n > 0; --n) t.table_class_changes.push_back(r.GetDouble());
  }
  if (version >= 7 && r.GetByte() != 0) {
    RestoreSummary& restore = t.restore.emplace();
    restore.source_backup_arn = r.GetString();
    restore.source_table_arn = r.GetString();
    restore.source_table_id = r.GetVarint();
    restore.restore_date_time = r.GetDouble();
    restore.in_progress = r.GetByte() != 0;
  }
  return t;
}

}  // namespace ddb
