#include "protocol/transfer/export_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <random>

#include "protocol/attribute_json.h"
#include "protocol/base64.h"
#include "protocol/json.h"
#include "protocol/transfer/compression.h"
#include "protocol/transfer/ion_text.h"
#include "protocol/transfer/md5.h"

namespace ddb {

namespace {

constexpr std::int64_t kItemsPerDataFile = 100000;
// A data file is also closed at this much text, so that one file (and its
// compression, whose lengths are 32-bit) stays bounded whatever the items' size.
constexpr std::size_t kMaxDataFileTextBytes = std::size_t{128} << 20;
// An incremental export is billed at least 10 MB (docs/export-import-format.md §1.5).
constexpr std::int64_t kMinIncrementalBilledBytes = 10000000;

std::string RandomFileName() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  std::string name;
  for (int i = 0; i < 26; ++i) name.push_back(kAlphabet[rng() % 32]);
  return name;
}

std::string Hex(const std::array<std::uint8_t, 16>& digest) {
  std::string out;
  char buf[3];
  for (auto b : digest) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    out += buf;
  }
  return out;
}

std::string Base64Md5(std::string_view bytes) {
  const auto digest = Md5(bytes);
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

class FileExportWriter : public ExportWriter {
 public:
  FileExportWriter(const S3Directory& s3, const ExportDescription& job) : s3_(s3), job_(job) {
    std::string prefix = job.s3_prefix.value_or("");
    while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
    base_ = (prefix.empty() ? "" : prefix + "/") + "AWSDynamoDB/";
    const std::string id = job.arn.substr(job.arn.rfind('/') + 1);
    export_dir_ = base_ + id + "/";
    data_dir_ = job.incremental ? base_ + "data/" : export_dir_ + "data/";
    ion_ = job.format == "ION";
    s3_.RequireBucket(job.s3_bucket);
    s3_.Write(job.s3_bucket, export_dir_ + "_started", "");
  }

  void Item(const ddb::Item& item) override {
    if (ion_) {
      Append(std::string(kIonVersionMarker) + " " + IonItemLine(item));
    } else {
      JsonWriter w(buffer_);
      w.StartObject();
      w.Key("Item");
      WriteItem(w, item);
      w.EndObject();
      Append({});
    }
    billed_ += static_cast<std::int64_t>(ItemSize(item));
  }

  void Change(const ddb::Item& keys, const ddb::Item* old_image, const ddb::Item* new_image,
              std::int64_t write_micros) override {
    const bool with_old = job_.view_type == "NEW_AND_OLD_IMAGES";
    if (ion_) {
      Append(std::string(kIonVersionMarker) + " " +
             IonChangeLine(keys, with_old ? old_image : nullptr, new_image, write_micros));
    } else {
      JsonWriter w(buffer_);
      w.StartObject();
      w.Key("Metadata");
      w.StartObject();
      w.Key("WriteTimestampMicros");
      w.StartObject();
      w.Key("N");
      w.String(std::to_string(write_micros));
      w.EndObject();
      w.EndObject();
      w.Key("Keys");
      WriteItem(w, keys);
      if (with_old && old_image) {
        w.Key("OldImage");
        WriteItem(w, *old_image);
      }
      if (new_image) {
        w.Key("NewImage");
        WriteItem(w, *new_image);
      }
      w.EndObject();
      Append({});
    }
    billed_ += static_cast<std::int64_t>(ItemSize(new_image ? *new_image : keys));
  }

  std::string Finish(ExportDescription& job) override {
    FlushFile();
    if (files_.empty()) FlushFile(/*even_empty=*/true);  // an export has at least one data file
    std::string manifest_files;
    for (const auto& f : files_) manifest_files += f + "\n";
    const std::string files_key = export_dir_ + "manifest-files.json";
    s3_.Write(job.s3_bucket, files_key, manifest_files);
    s3_.Write(job.s3_bucket, export_dir_ + "manifest-files.md5", Base64Md5(manifest_files));
    job.item_count = items_;
    job.billed_size_bytes = job.incremental ? std::max(billed_, kMinIncrementalBilledBytes) : billed_;
    const double end = job.end_time.value_or(job.start_time);
    rapidjson::StringBuffer summary;
    JsonWriter w(summary);
    w.StartObject();
    w.Key("version");
    w.String(job.incremental ? "2023-08-01" : "2020-06-30");
    w.Key("exportArn");
    w.String(job.arn);
    w.Key("startTime");
    w.String(IsoMillis(job.start_time));
    w.Key("endTime");
    w.String(IsoMillis(std::max(end, job.start_time)));
    w.Key("tableArn");
    w.String(job.table_arn);
    w.Key("tableId");
    w.String(job.table_id);
    if (job.incremental) {
      w.Key("exportFromTime");
      w.String(IsoMillis(job.from_time));
      w.Key("exportToTime");
      w.String(IsoMillis(job.to_time));
    } else {
      w.Key("exportTime");
      w.String(IsoMillis(job.export_time));
    }
    w.Key("s3Bucket");
    w.String(job.s3_bucket);
    w.Key("s3Prefix");
    if (job.s3_prefix) {
      w.String(*job.s3_prefix);
    } else {
      w.Null();
    }
    w.Key("s3SseAlgorithm");
    w.String(job.s3_sse_algorithm);
    w.Key("s3SseKmsKeyId");
    if (job.s3_sse_kms_key_id) {
      w.String(*job.s3_sse_kms_key_id);
    } else {
      w.Null();
    }
    w.Key("manifestFilesS3Key");
    w.String(files_key);
    w.Key("billedSizeBytes");
    w.Int64(job.billed_size_bytes);
    w.Key("itemCount");
    w.Int64(job.item_count);
    w.Key("outputFormat");
    w.String(job.format);
    if (job.incremental) {
      w.Key("outputView");
      w.String(job.view_type);
      w.Key("exportType");
      w.String("INCREMENTAL_EXPORT");
    }
    w.EndObject();
    const std::string summary_text(summary.GetString(), summary.GetSize());
    const std::string summary_key = export_dir_ + "manifest-summary.json";
    s3_.Write(job.s3_bucket, summary_key, summary_text);
    s3_.Write(job.s3_bucket, export_dir_ + "manifest-summary.md5", Base64Md5(summary_text));
    return summary_key;
  }

 private:
  // Ends the line just written to buffer_ (or appends `line`).
  void Append(std::string_view line) {
    if (!line.empty()) text_.append(line);
    text_.append(buffer_.GetString(), buffer_.GetSize());
    buffer_.Clear();
    text_.push_back('\n');
    ++items_;
    if (++file_items_ >= kItemsPerDataFile || text_.size() >= kMaxDataFileTextBytes) FlushFile();
  }

  void FlushFile(bool even_empty = false) {
    if (file_items_ == 0 && !even_empty) return;
    const std::string key = data_dir_ + RandomFileName() + (ion_ ? ".ion.gz" : ".json.gz");
    const std::string gz = GzipCompress(text_);
    s3_.Write(job_.s3_bucket, key, gz);
    const auto digest = Md5(gz);
    const std::string etag = Hex(Md5(std::string_view(reinterpret_cast<const char*>(digest.data()), 16))) + "-1";
    rapidjson::StringBuffer line;
    JsonWriter w(line);
    w.StartObject();
    w.Key("itemCount");
    w.Int64(file_items_);
    w.Key("md5Checksum");
    w.String(Base64Encode(std::string_view(reinterpret_cast<const char*>(digest.data()), 16)));
    w.Key("etag");
    w.String(etag);
    w.Key("dataFileS3Key");
    w.String(key);
    w.EndObject();
    files_.emplace_back(line.GetString(), line.GetSize());
    text_.clear();
    file_items_ = 0;
  }

  const S3Directory s3_;
  ExportDescription job_;
  std::string base_, export_dir_, data_dir_;
  bool ion_ = false;
  rapidjson::StringBuffer buffer_;
  std::string text_;
  std::int64_t items_ = 0, file_items_ = 0, billed_ = 0;
  std::vector<std::string> files_;  // manifest-files.json lines
};

}  // namespace

std::string IsoMillis(double epoch_seconds) {
  constexpr double kLastSecondOfYear9999 = 253402300799;
  epoch_seconds = std::clamp(epoch_seconds, 0.0, kLastSecondOfYear9999);
  const double whole = std::floor(epoch_seconds);
  const auto secs = static_cast<std::time_t>(whole);
  const int millis = std::clamp(static_cast<int>(std::floor((epoch_seconds - whole) * 1000)), 0, 999);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buf;
}

std::unique_ptr<ExportWriter> OpenExportWriter(const S3Directory& s3, const ExportDescription& job) {
  return std::make_unique<FileExportWriter>(s3, job);
}

}  // namespace ddb
