#include "protocol/transfer/csv_reader.h"

#include <algorithm>
#include <set>
#include <utility>

#include "engine/decimal.h"
#include "engine/error.h"
#include "protocol/base64.h"
#include "protocol/transfer/ion_text.h"

namespace ddb {
namespace {

struct CsvError {
  std::string message;
};

}  // namespace

CsvReader::CsvReader(std::string_view text, char delimiter, std::vector<std::string> header_list,
                     std::map<std::string, ValueType> key_types)
    : text_(text),
      delimiter_(delimiter),
      header_(std::move(header_list)),
      key_types_(std::move(key_types)),
      header_read_(!header_.empty()) {
  if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
}

void CsvReader::Fail(const std::string& what) const {
  throw CsvError{"CSV record at line " + std::to_string(record_line_) + ": " + what};
}

namespace {
// A record may not have more cells than this: ImportTable's HeaderList
// takes at most 255 names, and a line of delimiters must not build
// millions of empty cells.
constexpr std::size_t kMaxCsvCells = 255;
}  // namespace

bool CsvReader::ReadRecord(std::vector<std::string>& cells) {
  // Skip blank lines (only spaces and tabs before the line end).
  for (;;) {
    std::size_t i = pos_;
    while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t')) ++i;
    if (i < text_.size() && text_[i] == '\r' && i + 1 < text_.size() && text_[i + 1] == '\n') ++i;
    if (i >= text_.size()) {
      pos_ = text_.size();
      return false;
    }
    if (text_[i] != '\n') break;
    pos_ = i + 1;
    ++line_;
  }
  record_line_ = line_;
  cells.clear();
  // Consumes a line end at pos_ if there is one; true when it did.
  auto end_of_record = [&]() {
    if (pos_ >= text_.size()) return true;
    if (text_[pos_] == '\n') {
      ++pos_;
      ++line_;
      return true;
    }
    if (text_[pos_] == '\r' && (pos_ + 1 == text_.size() || text_[pos_ + 1] == '\n')) {
      pos_ = std::min(pos_ + 2, text_.size());
      ++line_;
      return true;
    }
    return false;
  };
  for (;;) {
    if (cells.size() >= kMaxCsvCells) Fail("it has more than " + std::to_string(kMaxCsvCells) + " cells");
    std::string cell;
    if (pos_ < text_.size() && text_[pos_] == '"') {
      ++pos_;
      for (;;) {
        if (pos_ >= text_.size()) Fail("unterminated quoted cell");
        const char c = text_[pos_++];
        if (c == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') {
            cell.push_back('"');
            ++pos_;
            continue;
          }
          break;
        }
        if (c == '\n') ++line_;
        cell.push_back(c);
      }
      cells.push_back(std::move(cell));
      if (end_of_record()) return true;
      if (text_[pos_] != delimiter_) Fail("a closing quote must be followed by a delimiter or a line end");
      ++pos_;
      continue;
    }
    for (;;) {
      if (end_of_record()) {
        cells.push_back(std::move(cell));
        return true;
      }
      const char c = text_[pos_++];
      if (c == delimiter_) break;
      cell.push_back(c);
    }
    cells.push_back(std::move(cell));
  }
}

void CsvReader::CheckHeader() const {
  std::set<std::string_view> seen;
  for (const std::string& name : header_) {
    if (name.empty()) Fail("the header has an empty column name");
    if (!IsWellFormedUtf8(name)) Fail("the header is not UTF-8");
    if (!seen.insert(name).second) Fail("the header names column '" + name + "' more than once");
  }
}

Item CsvReader::ToItem(const std::vector<std::string>& cells) const {
  if (cells.size() > header_.size()) {
    Fail("it has " + std::to_string(cells.size()) + " cells, the header " + std::to_string(header_.size()));
  }
  Item item;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::string& cell = cells[i];
    if (cell.empty()) continue;
    const std::string& name = header_[i];
    if (!IsWellFormedUtf8(cell)) Fail("the cell of column '" + name + "' is not UTF-8");
    auto key = key_types_.find(name);
    const ValueType type = key == key_types_.end() ? ValueType::S : key->second;
    if (type == ValueType::N) {
      try {
        item.emplace(name, AttributeValue::Number(Decimal::Parse(cell).ToString()));
      } catch (const DynamoError& e) {
        Fail("key column '" + name + "': " + e.message());
      }
    } else if (type == ValueType::B) {
      auto bytes = Base64Decode(cell);
      if (!bytes) Fail("key column '" + name + "' is not padded base64");
      item.emplace(name, AttributeValue::Binary(std::move(*bytes)));
    } else {
      item.emplace(name, AttributeValue::String(cell));
    }
  }
  return item;
}

bool CsvReader::Next(std::optional<Item>& item, std::string& error) {
  item.reset();
  error.clear();
  if (stopped_) return false;
  try {
    std::vector<std::string> cells;
    if (!header_read_) {
      if (!ReadRecord(cells)) {
        stopped_ = true;
        return false;
      }
      header_ = std::move(cells);
      header_read_ = true;
    }
    if (!header_checked_) {
      CheckHeader();
      header_checked_ = true;
    }
    if (!ReadRecord(cells)) {
      stopped_ = true;
      return false;
    }
    item = ToItem(cells);
    return true;
  } catch (const CsvError& e) {
    stopped_ = true;
    item.reset();
    error = e.message;
    return true;
  }
}

}  // namespace ddb
