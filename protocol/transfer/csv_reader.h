// CSV records -> items, for ImportTable's CSV input (docs/export-import-format.md §3.4).
//
// AWS documents only the header rules and the typing: every cell is an S
// named by its column, except the key attributes of the table and its GSIs,
// which take their AttributeDefinitions type. Where it is silent (§5 item 4)
// this reader chooses, and the tests pin down:
// - RFC 4180 quoting: a cell that starts with `"` is quoted, `""` inside it
//   is one quote, and it may hold the delimiter and line ends (kept as they
//   are). After the closing quote only a delimiter or a line end may follow.
//   A quote inside an unquoted cell is kept as a character.
// - Records end at LF or CRLF; a CR elsewhere is data. A leading UTF-8 BOM is
//   dropped. Empty and whitespace-only lines are skipped, as AWS skips them in
//   JSON input.
// - An empty cell, quoted or not, leaves its attribute out: a CSV writer puts
//   an empty cell where an item lacks the attribute, and a key cell left
//   empty then gives the importer's "Missing the key" error.
// - Typed key columns: N through Decimal (DynamoDB's number checks and
//   canonical text), B decoded from padded base64, as the wire JSON encodes it.
// - A header must name each column once and not be empty. A record with more
//   cells than the header is an error; fewer leaves the rest out.
// - Cells must be UTF-8.
// The first error ends the reader: AWS abandons the rest of an S3 object at
// the first record that cannot become an item (§3.5).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/attribute_value.h"

namespace ddb {

class CsvReader {
 public:
  // `text` must outlive the reader. An empty `header_list` means the first
  // record is the header (ImportTable's HeaderList absent). `key_types` maps
  // key attribute names to S, N or B.
  CsvReader(std::string_view text, char delimiter = ',', std::vector<std::string> header_list = {},
            std::map<std::string, ValueType> key_types = {});

  // false at the end of the text, and after an error has been returned.
  // Otherwise true with exactly one of: `item` set, or `item` empty and
  // `error` saying what is wrong and on which line the record starts.
  bool Next(std::optional<Item>& item, std::string& error);

 private:
  // One record's cells; false at the end of the text.
  bool ReadRecord(std::vector<std::string>& cells);
  void CheckHeader() const;
  Item ToItem(const std::vector<std::string>& cells) const;
  [[noreturn]] void Fail(const std::string& what) const;

  std::string_view text_;
  char delimiter_;
  std::vector<std::string> header_;
  std::map<std::string, ValueType> key_types_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;         // the line pos_ is on
  std::size_t record_line_ = 1;  // the line the current record starts on
  bool header_read_;             // from the list given, or the first record
  bool header_checked_ = false;
  bool stopped_ = false;
};

}  // namespace ddb
