#include "protocol/transfer/import_source.h"

#include "protocol/attribute_json.h"
#include "protocol/request_document.h"
#include "protocol/transfer/csv_reader.h"
#include "protocol/transfer/ion_text.h"

namespace ddb {

namespace {

// Reads one object's records.
class ObjectReader {
 public:
  virtual ~ObjectReader() = default;
  virtual bool Next(std::optional<Item>& item, std::string& error) = 0;
};

class JsonLinesReader : public ObjectReader {
 public:
  explicit JsonLinesReader(std::string text) : text_(std::move(text)) {}
  bool Next(std::optional<Item>& item, std::string& error) override {
    while (pos_ < text_.size()) {
      std::size_t end = text_.find('\n', pos_);
      if (end == std::string::npos) end = text_.size();
      std::string_view line(text_.data() + pos_, end - pos_);
      pos_ = end + 1;
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;  // blank
      try {
        RequestDocument doc;
        if (!doc.Parse(line)) {
          error = "Invalid JSON";
          return true;
        }
        const JsonValue& root = doc.root();
        const JsonValue* json_item = root.IsObject() ? Member(root, "Item") : nullptr;
        if (!json_item || !json_item->IsObject()) {
          error = "Unable to find Item in the line";
          return true;
        }
        item = ParseItem(*json_item);
      } catch (const std::exception& e) {
        error = e.what();
      }
      return true;
    }
    return false;
  }

 private:
  std::string text_;
  std::size_t pos_ = 0;
};

class IonReader : public ObjectReader {
 public:
  explicit IonReader(std::string text) : text_(std::move(text)), reader_(text_) {}
  bool Next(std::optional<Item>& item, std::string& error) override { return reader_.Next(item, error); }

 private:
  std::string text_;
  IonItemReader reader_;
};

class CsvObjectReader : public ObjectReader {
 public:
  CsvObjectReader(std::string text, const ImportFormat& format)
      : text_(std::move(text)),
        reader_(text_, format.csv_delimiter, format.csv_header.value_or(std::vector<std::string>{}), format.key_types) {
  }
  bool Next(std::optional<Item>& item, std::string& error) override { return reader_.Next(item, error); }

 private:
  std::string text_;
  CsvReader reader_;
};

class DirectoryImportSource : public ImportSource {
 public:
  DirectoryImportSource(const S3Directory& s3, std::string bucket, std::vector<std::string> keys, ImportFormat format)
      : s3_(s3), bucket_(std::move(bucket)), keys_(std::move(keys)), format_(std::move(format)) {}

  bool Next(ImportRecord& record) override {
    for (;;) {
      if (!object_) {
        if (next_key_ >= keys_.size()) return false;
        const std::optional<std::string> raw = s3_.Read(bucket_, keys_[next_key_++], kMaxImportObjectBytes);
        std::optional<std::string> text;
        if (raw) text = Decompress(*raw, format_.compression);
        if (!text) {
          record.error = "The object could not be decompressed";
          return true;
        }
        processed_bytes_ += static_cast<std::int64_t>(text->size());
        object_ = Open(std::move(*text));
      }
      std::optional<Item> item;
      std::string error;
      if (!object_->Next(item, error)) {
        object_.reset();
        continue;
      }
      if (!item) {
        object_.reset();  // the rest of this object is abandoned
        record.error = error.empty() ? "Invalid record" : error;
        return true;
      }
      record.item = std::move(item);
      return true;
    }
  }

  void RejectLast() override { object_.reset(); }
  std::int64_t processed_bytes() const override { return processed_bytes_; }

 private:
  std::unique_ptr<ObjectReader> Open(std::string text) const {
    if (format_.format == "ION") return std::make_unique<IonReader>(std::move(text));
    if (format_.format == "CSV") return std::make_unique<CsvObjectReader>(std::move(text), format_);
    return std::make_unique<JsonLinesReader>(std::move(text));
  }

  const S3Directory s3_;
  const std::string bucket_;
  const std::vector<std::string> keys_;
  const ImportFormat format_;
  std::size_t next_key_ = 0;
  std::unique_ptr<ObjectReader> object_;
  std::int64_t processed_bytes_ = 0;
};

}  // namespace

std::unique_ptr<ImportSource> OpenImportSource(const S3Directory& s3, const std::string& bucket,
                                               const std::string& prefix, const ImportFormat& format) {
  return std::make_unique<DirectoryImportSource>(s3, bucket, s3.List(bucket, prefix), format);
}

}  // namespace ddb
