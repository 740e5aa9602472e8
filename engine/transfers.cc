#include "engine/transfers.h"

#include <algorithm>
#include <stdexcept>

#include "engine/byte_codec.h"
#include "engine/prefix_iterator.h"

namespace ddb {

namespace {

constexpr std::uint8_t kRecordFormat = 1;

void PutOptional(ByteWriter& w, const std::optional<std::string>& s) {
  w.PutByte(s ? 1 : 0);
  if (s) w.PutString(*s);
}
std::optional<std::string> GetOptional(ByteReader& r) {
  if (r.GetByte() == 0) return std::nullopt;
  return r.GetString();
}
void PutOptional(ByteWriter& w, const std::optional<double>& d) {
  w.PutByte(d ? 1 : 0);
  if (d) w.PutDouble(*d);
}
std::optional<double> GetOptionalDouble(ByteReader& r) {
  if (r.GetByte() == 0) return std::nullopt;
  return r.GetDouble();
}
void PutInt(ByteWriter& w, std::int64_t v) { w.PutVarint(static_cast<std::uint64_t>(v)); }
std::int64_t GetInt(ByteReader& r) { return static_cast<std::int64_t>(r.GetVarint()); }

std::string Encode(const ExportDescription& e) {
  ByteWriter w;
  w.PutByte(kRecordFormat);
  w.PutString(e.arn);
  w.PutByte(static_cast<std::uint8_t>(e.status));
  w.PutDouble(e.start_time);
  PutOptional(w, e.end_time);
  w.PutString(e.table_arn);
  w.PutString(e.table_id);
  w.PutVarint(e.table_storage_id);
  w.PutDouble(e.export_time);
  w.PutString(e.client_token);
  w.PutString(e.s3_bucket);
  PutOptional(w, e.s3_bucket_owner);
  PutOptional(w, e.s3_prefix);
  PutOptional(w, e.s3_sse_kms_key_id);
  w.PutString(e.s3_sse_algorithm);
  w.PutString(e.format);
  PutOptional(w, e.type_sent);
  w.PutByte(e.incremental ? 1 : 0);
  w.PutDouble(e.from_time);
  w.PutDouble(e.to_time);
  w.PutString(e.view_type);
  PutInt(w, e.item_count);
  PutInt(w, e.billed_size_bytes);
  w.PutString(e.manifest);
  PutOptional(w, e.failure_code);
  PutOptional(w, e.failure_message);
  return w.Take();
}

ExportDescription DecodeExport(std::string_view bytes) {
  ByteReader r(bytes);
  if (r.GetByte() != kRecordFormat) throw std::runtime_error("unknown export record format");
  ExportDescription e;
  e.arn = r.GetString();
  e.status = static_cast<TransferStatus>(r.GetByte());
  e.start_time = r.GetDouble();
  e.end_time = GetOptionalDouble(r);
  e.table_arn = r.GetString();
  e.table_id = r.GetString();
  e.table_storage_id = r.GetVarint();
  e.export_time = r.GetDouble();
  e.client_token = r.GetString();
  e.s3_bucket = r.GetString();
  e.s3_bucket_owner = GetOptional(r);
  e.s3_prefix = GetOptional(r);
  e.s3_sse_kms_key_id = GetOptional(r);
  e.s3_sse_algorithm = r.GetString();
  e.format = r.GetString();
  e.type_sent = GetOptional(r);
  e.incremental = r.GetByte() != 0;
  e.from_time = r.GetDouble();
  e.to_time = r.GetDouble();
  e.view_type = r.GetString();
  e.item_count = GetInt(r);
  e.billed_size_bytes = GetInt(r);
  e.manifest = r.GetString();
  e.failure_code = GetOptional(r);
  e.failure_message = GetOptional(r);
  return e;
}

std::string Encode(const ImportDescription& i) {
  ByteWriter w;
  w.PutByte(kRecordFormat);
  w.PutString(i.arn);
  w.PutByte(static_cast<std::uint8_t>(i.status));
  w.PutString(i.table_arn);
  w.PutString(i.table_id);
  w.PutString(i.client_token);
  w.PutString(i.s3_bucket);
  PutOptional(w, i.s3_bucket_owner);
  PutOptional(w, i.s3_key_prefix);
  w.PutString(i.input_format);
  w.PutString(i.input_format_options);
  w.PutString(i.input_compression);
  w.PutString(i.table_creation_parameters);
  w.PutDouble(i.start_time);
  PutOptional(w, i.end_time);
  w.PutByte(i.processed_size_bytes ? 1 : 0);
  if (i.processed_size_bytes) PutInt(w, *i.processed_size_bytes);
  PutInt(w, i.processed_items);
  PutInt(w, i.imported_items);
  PutInt(w, i.error_count);
  w.PutString(i.cloudwatch_log_group_arn);
  PutOptional(w, i.failure_code);
  PutOptional(w, i.failure_message);
  return w.Take();
}

ImportDescription DecodeImport(std::string_view bytes) {
  ByteReader r(bytes);
  if (r.GetByte() != kRecordFormat) throw std::runtime_error("unknown import record format");
  ImportDescription i;
  i.arn = r.GetString();
  i.status = static_cast<TransferStatus>(r.GetByte());
  i.table_arn = r.GetString();
  i.table_id = r.GetString();
  i.client_token = r.GetString();
  i.s3_bucket = r.GetString();
  i.s3_bucket_owner = GetOptional(r);
  i.s3_key_prefix = GetOptional(r);
  i.input_format = r.GetString();
  i.input_format_options = r.GetString();
  i.input_compression = r.GetString();
  i.table_creation_parameters = r.GetString();
  i.start_time = r.GetDouble();
  i.end_time = GetOptionalDouble(r);
  if (r.GetByte() != 0) i.processed_size_bytes = GetInt(r);
  i.processed_items = GetInt(r);
  i.imported_items = GetInt(r);
  i.error_count = GetInt(r);
  i.cloudwatch_log_group_arn = r.GetString();
  i.failure_code = GetOptional(r);
  i.failure_message = GetOptional(r);
  return i;
}

// Newest first: the id after the last '/' starts with the start time.
template <typename T>
std::vector<T> NewestFirst(const std::map<std::string, T>& jobs, const std::optional<std::string>& table_arn) {
  std::vector<T> out;
  for (const auto& [arn, job] : jobs) {
    if (!table_arn || job.table_arn == *table_arn) out.push_back(job);
  }
  std::sort(out.begin(), out.end(), [](const T& a, const T& b) {
    const std::string ia = a.arn.substr(a.arn.rfind('/') + 1), ib = b.arn.substr(b.arn.rfind('/') + 1);
    return ia != ib ? ia > ib : a.arn > b.arn;
  });
  return out;
}

template <typename T>
std::vector<T> Page(const std::vector<T>& all, const std::optional<std::string>& after, std::size_t size,
                    std::optional<std::string>& next) {
  auto begin = all.begin();
  if (after) {
    auto at = std::find_if(all.begin(), all.end(), [&](const T& j) { return j.arn == *after; });
    begin = at == all.end() ? all.end() : at + 1;
  }
  std::vector<T> page;
  for (auto it = begin; it != all.end() && page.size() < size; ++it) page.push_back(*it);
  if (!page.empty() && begin + static_cast<std::ptrdiff_t>(page.size()) != all.end()) next = page.back().arn;
  return page;
}

}  // namespace

Transfers::Transfers(Storage& storage, double now) : storage_(storage) {
  rocksdb::WriteBatch failed;
  {
    PrefixIterator it(storage_, storage_.archive(), nullptr, "X");
    for (; it->Valid(); it->Next()) {
      ExportDescription e = DecodeExport(std::string_view(it->value().data(), it->value().size()));
      if (e.status == TransferStatus::IN_PROGRESS) {
        e.status = TransferStatus::FAILED;
        e.end_time = now;
        e.failure_code = kInterruptedFailureCode;
        e.failure_message = kInterruptedFailureMessage;
        failed.Put(storage_.archive(), it->key(), Encode(e));
      }
      exports_.emplace(e.arn, std::move(e));
    }
    it.CheckStatus("reading exports");
  }
  {
    PrefixIterator it(storage_, storage_.archive(), nullptr, "M");
    for (; it->Valid(); it->Next()) {
      ImportDescription i = DecodeImport(std::string_view(it->value().data(), it->value().size()));
      if (i.status == TransferStatus::IN_PROGRESS) {
        i.status = TransferStatus::FAILED;
        i.end_time = now;
        i.failure_code = kInterruptedFailureCode;
        i.failure_message = kInterruptedFailureMessage;
        failed.Put(storage_.archive(), it->key(), Encode(i));
      }
      imports_.emplace(i.arn, std::move(i));
    }
    it.CheckStatus("reading imports");
  }
  if (failed.Count() > 0) storage_.Write(failed);
}

void Transfers::Put(const ExportDescription& job) {
  std::lock_guard lock(mutex_);
  rocksdb::WriteBatch batch;
  batch.Put(storage_.archive(), "X" + job.arn, Encode(job));
  storage_.Write(batch);
  exports_[job.arn] = job;
}

void Transfers::Put(const ImportDescription& job) {
  std::lock_guard lock(mutex_);
  rocksdb::WriteBatch batch;
  batch.Put(storage_.archive(), "M" + job.arn, Encode(job));
  storage_.Write(batch);
  imports_[job.arn] = job;
}

std::optional<ExportDescription> Transfers::FindExport(const std::string& arn) const {
  std::lock_guard lock(mutex_);
  auto it = exports_.find(arn);
  if (it == exports_.end()) return std::nullopt;
  return it->second;
}

std::optional<ImportDescription> Transfers::FindImport(const std::string& arn) const {
  std::lock_guard lock(mutex_);
  auto it = imports_.find(arn);
  if (it == imports_.end()) return std::nullopt;
  return it->second;
}

std::optional<ExportDescription> Transfers::ExportByToken(const std::string& token) const {
  std::lock_guard lock(mutex_);
  for (const auto& [arn, e] : exports_) {
    if (e.client_token == token) return e;
  }
  return std::nullopt;
}

std::optional<ImportDescription> Transfers::ImportByToken(const std::string& token) const {
  std::lock_guard lock(mutex_);
  for (const auto& [arn, i] : imports_) {
    if (i.client_token == token) return i;
  }
  return std::nullopt;
}

ListExportsResult Transfers::ListExports(const ListExportsRequest& request) const {
  std::lock_guard lock(mutex_);
  ListExportsResult result;
  result.exports =
      Page(NewestFirst(exports_, request.table_arn), request.next_token, request.max_results, result.next_token);
  return result;
}

ListImportsResult Transfers::ListImports(const ListImportsRequest& request) const {
  std::lock_guard lock(mutex_);
  ListImportsResult result;
  result.imports =
      Page(NewestFirst(imports_, request.table_arn), request.next_token, request.page_size, result.next_token);
  return result;
}

}  // namespace ddb
