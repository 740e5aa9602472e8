// DynamoDB's ION export lines, written and read (docs/export-import-format.md §2.3).
//
// Writing: one item is `{Item:{...}}`, compact, attributes in Item's (sorted)
// order; the caller puts kIonVersionMarker and a space before it and `\n`
// after it, as AWS does on every line. N is written the way ion-java writes a
// BigDecimal with its trailing zeros stripped (103 -> `103.`, 600 -> `6d2`,
// 8.5 -> `8.5`, 0.001 -> `0.001`, 1.5E-7 -> `15d-8`), which matches every
// spelling the AWS docs show; the value always reads back exactly.
//
// Reading: IonItemReader takes the whole decompressed text of one S3 object
// and yields one item per top-level `{Item:{...}}`. It accepts the Ion text
// forms a writer may choose for these values, not only AWS's, and checks each
// value the way DynamoDB checks the wire JSON (numbers through Decimal, sets
// non-empty and duplicate-free, nesting at most 32 levels, strings UTF-8).
// Accepted: strings "..." and '''...''' (adjacent long strings concatenate),
// field names bare, 'quoted' or as strings, decimals, ints (also hex, binary,
// with underscores) and floats, all as N (a float by the value of its text,
// not of its binary64 rounding, so 0.1e0 is 0.1), blobs, any null or typed
// null as NULL, lists, structs, and the three $dynamodb_ set annotations on
// lists. Refused: any other annotation, symbol values, nan and infinities,
// clobs, timestamps, s-expressions and symbol ids ($10). Containers deeper
// than an item can hold are refused while parsing, so no input can exhaust
// the stack; an M or L past DynamoDB's 32 levels gets DynamoDB's message.
// The first error ends the reader: AWS abandons the rest of an S3 object at
// the first line that cannot become an item (§3.5), and after a syntax error
// there is no reliable place to resume anyway.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/attribute_value.h"

namespace ddb {

inline constexpr const char* kIonVersionMarker = "$ion_1_0";

// `{Item:{...}}` for one item, without the version marker or a newline.
std::string IonItemLine(const Item& item);

// One record of an incremental ION export, mirroring the JSON record:
// `{Metadata:{WriteTimestampMicros:<N>},Keys:{...},OldImage:{...},NewImage:{...}}`
// with each image present only when given. How AWS types the timestamp in
// Ion is unconfirmed; it is written as the N decimal, since the JSON record
// types it as an N.
std::string IonChangeLine(const Item& keys, const Item* old_image, const Item* new_image, std::int64_t write_micros);

class IonItemReader {
 public:
  // `text` must outlive the reader.
  explicit IonItemReader(std::string_view text) : text_(text) {}

  // false at the end of the text, and after an error has been returned.
  // Otherwise true with exactly one of: `item` set, or `item` empty and
  // `error` saying what is wrong (syntax errors give a line and column).
  // Version markers, whitespace and comments between values are skipped, and
  // so is a local symbol table (`$ion_symbol_table::{...}`).
  bool Next(std::optional<Item>& item, std::string& error);

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  bool stopped_ = false;
};

// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code
// points past U+10FFFF): S values must be. Shared by the transfer readers.
bool IsWellFormedUtf8(std::string_view text);

}  // namespace ddb
