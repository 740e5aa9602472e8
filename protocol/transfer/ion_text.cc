#include "protocol/transfer/ion_text.h"

#include <set>
#include <utility>
#include <vector>

#include "engine/decimal.h"
#include "engine/error.h"
#include "engine/limits.h"
#include "protocol/base64.h"

namespace ddb {

// ---------------------------------------------------------------------------
// Writing

namespace {

bool IsIdentifierStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$'; }
bool IsIdentifierPart(char c) { return IsIdentifierStart(c) || (c >= '0' && c <= '9'); }
bool IsKeyword(std::string_view s) { return s == "null" || s == "true" || s == "false" || s == "nan"; }

// `$` followed by digits only is a symbol id in Ion, not a name, so such a
// name must be quoted to mean itself.
bool IsSymbolId(std::string_view s) {
  if (s.size() < 2 || s[0] != '$') return false;
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

bool IsBareSymbol(std::string_view s) {
  if (s.empty() || !IsIdentifierStart(s[0]) || IsKeyword(s) || IsSymbolId(s)) return false;
  for (char c : s) {
    if (!IsIdentifierPart(c)) return false;
  }
  return true;
}

constexpr char kHex[] = "0123456789abcdef";

// Ion's escapes for text between `quote` characters. Bytes from 0x80 up are
// UTF-8 and stay as they are (Ion text is UTF-8); control characters and DEL
// are escaped, since a raw control character is not allowed in a short string.
void AppendQuoted(std::string& out, std::string_view text, char quote) {
  out.push_back(quote);
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == quote || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (u < 0x20 || u == 0x7F) {
      out += "\\x";
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back(quote);
}

void AppendFieldName(std::string& out, std::string_view name) {
  if (IsBareSymbol(name)) {
    out += name;
  } else {
    AppendQuoted(out, name, '\'');
  }
}

// An N's canonical text as an Ion decimal. With the value as unscaled digits
// U times 10^-scale (U without trailing zeros): scale 0 is `U.`, a negative
// scale an exponent `UdK`, and a positive one a plain fraction unless that
// would need more than five zeros after the point, then `Ud-K`.
void AppendIonDecimal(std::string& out, std::string_view canonical) {
  const Decimal d = Decimal::Parse(canonical);
  if (d.is_zero()) {
    out += "0.";
    return;
  }
  if (d.negative()) out.push_back('-');
  const std::string& digits = d.digits();
  const long long n = static_cast<long long>(digits.size());
  const long long scale = n - d.exponent();
  if (scale == 0) {
    out += digits;
    out.push_back('.');
  } else if (scale < 0) {
    out += digits;
    out += "d" + std::to_string(-scale);
  } else if (n - scale >= 1) {  // a whole part
    out.append(digits, 0, static_cast<std::size_t>(n - scale));
    out.push_back('.');
    out.append(digits, static_cast<std::size_t>(n - scale));
  } else if (n - 1 - scale >= -6) {
    out += "0.";
    out.append(static_cast<std::size_t>(scale - n), '0');
    out += digits;
  } else {
    out += digits;
    out += "d-" + std::to_string(scale);
  }
}

void AppendBlob(std::string& out, std::string_view bytes) {
  out += "{{";
  out += Base64Encode(bytes);
  out += "}}";
}

void AppendStruct(std::string& out, const Item& item);

void AppendValue(std::string& out, const AttributeValue& v) {
  switch (v.type) {
    case ValueType::S: AppendQuoted(out, v.scalar, '"'); break;
    case ValueType::N: AppendIonDecimal(out, v.scalar); break;
    case ValueType::B: AppendBlob(out, v.scalar); break;
    case ValueType::BOOL: out += v.boolean ? "true" : "false"; break;
    case ValueType::NUL: out += "null"; break;
    case ValueType::M: AppendStruct(out, v.map); break;
    case ValueType::L:
      out.push_back('[');
      for (std::size_t i = 0; i < v.list.size(); ++i) {
        if (i) out.push_back(',');
        AppendValue(out, v.list[i]);
      }
      out.push_back(']');
      break;
    case ValueType::SS:
    case ValueType::NS:
    case ValueType::BS:
      out += "$dynamodb_";
      out += TypeName(v.type);
      out += "::[";
      for (std::size_t i = 0; i < v.set.size(); ++i) {
        if (i) out.push_back(',');
        if (v.type == ValueType::SS) {
          AppendQuoted(out, v.set[i], '"');
        } else if (v.type == ValueType::NS) {
          AppendIonDecimal(out, v.set[i]);
        } else {
          AppendBlob(out, v.set[i]);
        }
      }
      out.push_back(']');
      break;
  }
}

void AppendStruct(std::string& out, const Item& item) {
  out.push_back('{');
  bool first = true;
  for (const auto& [name, value] : item) {
    if (!first) out.push_back(',');
    first = false;
    AppendFieldName(out, name);
    out.push_back(':');
    AppendValue(out, value);
  }
  out.push_back('}');
}

}  // namespace

std::string IonItemLine(const Item& item) {
  std::string out = "{Item:";
  AppendStruct(out, item);
  out.push_back('}');
  return out;
}

std::string IonChangeLine(const Item& keys, const Item* old_image, const Item* new_image, std::int64_t write_micros) {
  std::string out = "{Metadata:{WriteTimestampMicros:";
  AppendIonDecimal(out, Decimal::Parse(std::to_string(write_micros)).ToString());
  out += "},Keys:";
  AppendStruct(out, keys);
  if (old_image) {
    out += ",OldImage:";
    AppendStruct(out, *old_image);
  }
  if (new_image) {
    out += ",NewImage:";
    AppendStruct(out, *new_image);
  }
  out.push_back('}');
  return out;
}

// ---------------------------------------------------------------------------
// UTF-8

namespace {

// The length of the well-formed UTF-8 sequence at text[pos], or 0.
std::size_t Utf8SequenceLength(std::string_view text, std::size_t pos) {
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned lead = b(pos);
  if (lead < 0x80) return 1;
  std::size_t len;
  unsigned min_second = 0x80, max_second = 0xBF;  // excludes overlongs and surrogates
  if (lead >= 0xC2 && lead <= 0xDF) {
    len = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    len = 3;
    if (lead == 0xE0) min_second = 0xA0;
    if (lead == 0xED) max_second = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4;
    if (lead == 0xF0) min_second = 0x90;
    if (lead == 0xF4) max_second = 0x8F;
  } else {
    return 0;
  }
  if (pos + len > text.size()) return 0;
  if (b(pos + 1) < min_second || b(pos + 1) > max_second) return 0;
  for (std::size_t i = 2; i < len; ++i) {
    if (b(pos + i) < 0x80 || b(pos + i) > 0xBF) return 0;
  }
  return len;
}

void AppendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

bool IsWellFormedUtf8(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t len = Utf8SequenceLength(text, pos);
    if (len == 0) return false;
    pos += len;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Reading

namespace {

// Two containers wrap an item's attributes ({Item:{...}}), so an M or L at
// DynamoDB's deepest level sits at this depth; a set there holds a list one
// deeper. Deeper input is refused while parsing, which bounds the recursion
// whatever the input; the exact DynamoDB rule is checked on conversion.
constexpr int kMaxContainerDepth = kMaxNestingLevels + 2;

struct IonError {
  std::string message;
};

// One parsed Ion value, before it is given a DynamoDB meaning.
struct IonValue {
  enum class Kind { Null, Bool, Int, Decimal, Float, String, Symbol, Blob, List, Struct };
  Kind kind = Kind::Null;
  std::vector<std::string> annotations;
  // String and Symbol: the text; Blob: the bytes; Int, Decimal and Float: the
  // number in Decimal::Parse's syntax.
  std::string text;
  bool boolean = false;
  bool bare = false;  // a Symbol written without quotes
  std::vector<IonValue> elements;
  std::vector<std::pair<std::string, IonValue>> fields;
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHexDigit(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int HexValue(char c) { return IsDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10; }
bool IsIonWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// Digits of base 16 or 2 (no underscores, no sign) as decimal digits.
std::string RadixToDecimal(std::string_view digits, int base) {
  // Past 512 bits the value is beyond DynamoDB's range (under 2^419) anyway;
  // stand in a number Decimal::Parse refuses with its overflow error.
  const std::size_t max_digits = base == 16 ? 128 : 512;
  std::size_t first = digits.find_first_not_of('0');
  if (first == std::string_view::npos) return "0";
  digits.remove_prefix(first);
  if (digits.size() > max_digits) return "1e1000";
  std::vector<int> out{0};  // little-endian decimal digits
  for (char c : digits) {
    int carry = HexValue(c);
    for (int& d : out) {
      const int v = d * base + carry;
      d = v % 10;
      carry = v / 10;
    }
    while (carry) {
      out.push_back(carry % 10);
      carry /= 10;
    }
  }
  std::string text;
  for (auto it = out.rbegin(); it != out.rend(); ++it) text.push_back(static_cast<char>('0' + *it));
  return text;
}

class Parser {
 public:
  Parser(std::string_view text, std::size_t& pos) : text_(text), pos_(pos) {}

  // Skips whitespace and comments. False at the end of the text.
  bool SkipSpace() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (IsIonWhitespace(c)) {
        ++pos_;
      } else if (LookingAt("//")) {
        const std::size_t end = text_.find('\n', pos_);
        pos_ = end == std::string_view::npos ? text_.size() : end + 1;
      } else if (LookingAt("/*")) {
        const std::size_t end = text_.find("*/", pos_ + 2);
        if (end == std::string_view::npos) Fail("unterminated comment");
        pos_ = end + 2;
      } else {
        return true;
      }
    }
    return false;
  }

  IonValue ParseValue(int depth) {
    IonValue v;
    for (;;) {
      if (!SkipSpace()) Fail("expected a value");
      if (!AtSymbolStart()) break;
      std::string symbol = ReadSymbol(v.bare);
      const std::size_t after = pos_;
      SkipSpace();
      if (LookingAt("::")) {
        if (v.bare && IsKeyword(symbol)) Fail("a keyword cannot be an annotation");
        pos_ += 2;
        v.annotations.push_back(std::move(symbol));
        continue;
      }
      pos_ = after;
      FinishSymbol(v, std::move(symbol));
      return v;
    }
    v.bare = false;
    const char c = text_[pos_];
    if (c == '"') {
      v.kind = IonValue::Kind::String;
      v.text = ReadShortString('"');
    } else if (LookingAt("'''")) {
      v.kind = IonValue::Kind::String;
      v.text = ReadLongStrings();
    } else if (LookingAt("{{")) {
      ReadLob(v);
    } else if (c == '{') {
      Enter(depth);
      ParseStruct(v, depth + 1);
    } else if (c == '[') {
      Enter(depth);
      ParseList(v, depth + 1);
    } else if (c == '(') {
      Fail("s-expressions have no DynamoDB type");
    } else if (IsDigit(c) || c == '-' || c == '+') {
      ReadNumber(v);
    } else {
      Fail(std::string("unexpected character '") + c + "'");
    }
    return v;
  }

  [[noreturn]] void Fail(std::string_view what) const { FailAt(pos_, what); }

  [[noreturn]] void FailAt(std::size_t at, std::string_view what) const {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < at && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    throw IonError{"Ion syntax error at line " + std::to_string(line) + ", column " + std::to_string(column) + ": " +
                   std::string(what)};
  }

 private:
  bool LookingAt(std::string_view s) const { return text_.substr(pos_, s.size()) == s; }

  bool AtSymbolStart() const {
    const char c = text_[pos_];
    return IsIdentifierStart(c) || (c == '\'' && !LookingAt("'''"));
  }

  void Enter(int depth) const {
    if (depth + 1 > kMaxContainerDepth) Fail("containers nested too deeply");
  }

  std::string ReadSymbol(bool& bare) {
    if (text_[pos_] == '\'') {
      bare = false;
      return ReadShortString('\'');
    }
    bare = true;
    const std::size_t start = pos_;
    while (pos_ < text_.size() && IsIdentifierPart(text_[pos_])) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  // A symbol not followed by `::`: a keyword, a typed null or a symbol value.
  void FinishSymbol(IonValue& v, std::string symbol) {
    if (v.bare && symbol == "null") {
      v.kind = IonValue::Kind::Null;
      if (pos_ < text_.size() && text_[pos_] == '.') {
        ++pos_;
        const std::size_t start = pos_;
        while (pos_ < text_.size() && IsIdentifierPart(text_[pos_])) ++pos_;
        static const std::set<std::string_view> kTypes = {"null",      "bool",   "int",    "float", "decimal",
                                                          "timestamp", "symbol", "string", "clob",  "blob",
                                                          "list",      "sexp",   "struct"};
        if (!kTypes.count(text_.substr(start, pos_ - start))) FailAt(start, "unknown typed null");
      }
    } else if (v.bare && (symbol == "true" || symbol == "false")) {
      v.kind = IonValue::Kind::Bool;
      v.boolean = symbol == "true";
    } else if (v.bare && symbol == "nan") {
      Fail("nan is not a number DynamoDB can store");
    } else {
      v.kind = IonValue::Kind::Symbol;
      v.text = std::move(symbol);
    }
  }

  // The text of "..." or '...' (a string or a quoted symbol).
  std::string ReadShortString(char quote) {
    const std::size_t start = pos_++;
    std::string out;
    for (;;) {
      if (pos_ >= text_.size()) FailAt(start, "unterminated string");
      const char c = text_[pos_];
      if (c == quote) {
        ++pos_;
        break;
      }
      if (c == '\\') {
        ReadEscape(out);
      } else if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\v' && c != '\f') {
        Fail("control character in a string");  // a raw newline included
      } else {
        out.push_back(c);
        ++pos_;
      }
    }
    if (!IsWellFormedUtf8(out)) FailAt(start, "string is not UTF-8");
    return out;
  }

  // One or more '''...''' separated by whitespace and comments, concatenated
  // as Ion defines. Raw line ends inside are normalised to \n.
  std::string ReadLongStrings() {
    const std::size_t start = pos_;
    std::string out;
    do {
      pos_ += 3;
      const std::size_t piece = pos_;
      for (;;) {
        if (pos_ >= text_.size()) FailAt(piece - 3, "unterminated long string");
        if (LookingAt("'''")) {
          pos_ += 3;
          break;
        }
        const char c = text_[pos_];
        if (c == '\\') {
          ReadEscape(out);
        } else if (c == '\r') {
          out.push_back('\n');
          pos_ += LookingAt("\r\n") ? 2 : 1;
        } else if (static_cast<unsigned char>(c) < 0x20 && !IsIonWhitespace(c)) {
          Fail("control character in a string");
        } else {
          out.push_back(c);
          ++pos_;
        }
      }
      const std::size_t after = pos_;
      if (!SkipSpace() || !LookingAt("'''")) {
        pos_ = after;
        break;
      }
    } while (true);
    if (!IsWellFormedUtf8(out)) FailAt(start, "string is not UTF-8");
    return out;
  }

  std::uint32_t ReadHex(int count) {
    std::uint32_t v = 0;
    for (int i = 0; i < count; ++i) {
      if (pos_ >= text_.size() || !IsHexDigit(text_[pos_])) Fail("bad escape: expected a hex digit");
      v = v * 16 + static_cast<std::uint32_t>(HexValue(text_[pos_++]));
    }
    return v;
  }

  void ReadEscape(std::string& out) {
    const std::size_t at = pos_++;  // the backslash
    if (pos_ >= text_.size()) FailAt(at, "unterminated string");
    const char c = text_[pos_++];
    switch (c) {
      case 'a': out.push_back('\a'); return;
      case 'b': out.push_back('\b'); return;
      case 't': out.push_back('\t'); return;
      case 'n': out.push_back('\n'); return;
      case 'f': out.push_back('\f'); return;
      case 'r': out.push_back('\r'); return;
      case 'v': out.push_back('\v'); return;
      case '0': out.push_back('\0'); return;
      case '?':
      case '\'':
      case '"':
      case '/':
      case '\\': out.push_back(c); return;
      case '\n': return;  // a line continuation
      case '\r':
        if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
        return;
      case 'x': AppendUtf8(out, ReadHex(2)); return;
      case 'u':
      case 'U': {
        std::uint32_t cp = ReadHex(c == 'u' ? 4 : 8);
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          // A high surrogate must be followed by an escaped low one; the
          // pair is one code point.
          if (!LookingAt("\\u")) FailAt(at, "unpaired surrogate escape");
          pos_ += 2;
          const std::uint32_t low = ReadHex(4);
          if (low < 0xDC00 || low > 0xDFFF) FailAt(at, "unpaired surrogate escape");
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          FailAt(at, "unpaired surrogate escape");
        }
        if (cp > 0x10FFFF) FailAt(at, "escape beyond U+10FFFF");
        AppendUtf8(out, cp);
        return;
      }
      default: FailAt(at, "unknown escape");
    }
  }

  // {{ base64 }}; a clob ({{ "..." }}) has no DynamoDB type.
  void ReadLob(IonValue& v) {
    const std::size_t start = pos_;
    pos_ += 2;
    std::string base64;
    for (;;) {
      if (pos_ >= text_.size()) FailAt(start, "unterminated blob");
      const char c = text_[pos_];
      if (IsIonWhitespace(c)) {
        ++pos_;
      } else if (c == '"' || c == '\'') {
        Fail("clobs have no DynamoDB type");
      } else if (LookingAt("}}")) {
        pos_ += 2;
        break;
      } else if (IsIdentifierPart(c) || c == '+' || c == '/' || c == '=') {
        base64.push_back(c);
        ++pos_;
      } else {
        Fail("bad character in a blob");
      }
    }
    auto bytes = Base64Decode(base64);
    if (!bytes) FailAt(start, "blob is not padded base64");
    v.kind = IonValue::Kind::Blob;
    v.text = std::move(*bytes);
  }

  void ParseStruct(IonValue& v, int depth) {
    v.kind = IonValue::Kind::Struct;
    ++pos_;
    if (!SkipSpace()) Fail("unterminated struct");
    if (text_[pos_] == '}') {
      ++pos_;
      return;
    }
    for (;;) {
      std::string name = ReadFieldName();
      if (!SkipSpace() || text_[pos_] != ':') Fail("expected ':' after a field name");
      ++pos_;
      IonValue value = ParseValue(depth);
      v.fields.emplace_back(std::move(name), std::move(value));
      if (!SkipSpace()) Fail("unterminated struct");
      if (text_[pos_] == '}') {
        ++pos_;
        return;
      }
      if (text_[pos_] != ',') Fail("expected ',' or '}' in a struct");
      ++pos_;
      if (!SkipSpace()) Fail("unterminated struct");
      if (text_[pos_] == '}') {  // Ion allows a trailing comma
        ++pos_;
        return;
      }
    }
  }

  std::string ReadFieldName() {
    const char c = text_[pos_];
    if (c == '"') return ReadShortString('"');
    if (LookingAt("'''")) return ReadLongStrings();
    if (c == '\'') return ReadShortString('\'');
    if (!IsIdentifierStart(c)) Fail("expected a field name");
    const std::size_t start = pos_;
    bool bare;
    std::string name = ReadSymbol(bare);
    if (IsKeyword(name)) FailAt(start, "a keyword cannot be a field name unquoted");
    if (IsSymbolId(name)) FailAt(start, "symbol ids need a symbol table, which is not supported");
    return name;
  }

  void ParseList(IonValue& v, int depth) {
    v.kind = IonValue::Kind::List;
    ++pos_;
    if (!SkipSpace()) Fail("unterminated list");
    if (text_[pos_] == ']') {
      ++pos_;
      return;
    }
    for (;;) {
      v.elements.push_back(ParseValue(depth));
      if (!SkipSpace()) Fail("unterminated list");
      if (text_[pos_] == ']') {
        ++pos_;
        return;
      }
      if (text_[pos_] != ',') Fail("expected ',' or ']' in a list");
      ++pos_;
      if (!SkipSpace()) Fail("unterminated list");
      if (text_[pos_] == ']') {
        ++pos_;
        return;
      }
    }
  }

  // Appends digits with Ion's single underscores between them; the count read.
  std::size_t ReadDigits(std::string_view token, std::size_t& i, std::string& out, bool (*is_digit)(char)) {
    std::size_t count = 0;
    while (i < token.size()) {
      if (is_digit(token[i])) {
        out.push_back(token[i++]);
        ++count;
      } else if (token[i] == '_' && count > 0 && i + 1 < token.size() && is_digit(token[i + 1])) {
        ++i;
      } else {
        break;
      }
    }
    return count;
  }

  // An int, decimal or float. The token runs to the first character that
  // cannot be part of a number; it must then be one whole Ion number.
  void ReadNumber(IonValue& v) {
    const std::size_t start = pos_;
    while (pos_ < text_.size() &&
           (IsIdentifierPart(text_[pos_]) || text_[pos_] == '.' || text_[pos_] == '+' || text_[pos_] == '-')) {
      ++pos_;
    }
    const std::string_view token = text_.substr(start, pos_ - start);
    if (token == "+inf" || token == "-inf") FailAt(start, "infinity is not a number DynamoDB can store");
    auto bad = [&]() { FailAt(start, "bad number '" + std::string(token) + "'"); };
    std::size_t i = 0;
    std::string sign;
    if (token[i] == '-') {
      sign = "-";
      ++i;
    }
    if (i + 1 < token.size() && token[i] == '0' && (token[i + 1] | 0x20) == 'b') {
      i += 2;
      std::string digits;
      if (ReadDigits(token, i, digits, [](char c) { return c == '0' || c == '1'; }) == 0 || i != token.size()) bad();
      v.kind = IonValue::Kind::Int;
      v.text = sign + RadixToDecimal(digits, 2);
      return;
    }
    if (i + 1 < token.size() && token[i] == '0' && (token[i + 1] | 0x20) == 'x') {
      i += 2;
      std::string digits;
      if (ReadDigits(token, i, digits, IsHexDigit) == 0 || i != token.size()) bad();
      v.kind = IonValue::Kind::Int;
      v.text = sign + RadixToDecimal(digits, 16);
      return;
    }
    std::string text = sign;
    const std::size_t whole_start = text.size();
    if (ReadDigits(token, i, text, IsDigit) == 0) bad();
    if (text[whole_start] == '0' && text.size() - whole_start > 1) bad();  // Ion has no leading zeros
    v.kind = IonValue::Kind::Int;
    if (i < token.size() && token[i] == '.') {
      ++i;
      text.push_back('.');
      v.kind = IonValue::Kind::Decimal;
      if (i < token.size() && IsDigit(token[i])) ReadDigits(token, i, text, IsDigit);
    }
    if (i < token.size() && (token[i] == 'd' || token[i] == 'D' || token[i] == 'e' || token[i] == 'E')) {
      v.kind = (token[i] == 'e' || token[i] == 'E') ? IonValue::Kind::Float : IonValue::Kind::Decimal;
      ++i;
      text.push_back('e');
      if (i < token.size() && (token[i] == '+' || token[i] == '-')) text.push_back(token[i++]);
      if (ReadDigits(token, i, text, IsDigit) == 0) bad();
    }
    if (i != token.size()) bad();
    v.text = std::move(text);
  }

  std::string_view text_;
  std::size_t& pos_;
};

// ----- Ion values -> DynamoDB values

[[noreturn]] void Invalid(std::string message) { throw IonError{std::move(message)}; }

std::string NumberText(const IonValue& v) {
  try {
    return Decimal::Parse(v.text).ToString();
  } catch (const DynamoError& e) {
    Invalid(e.message());
  }
}

bool IsNumber(const IonValue& v) {
  return v.kind == IonValue::Kind::Int || v.kind == IonValue::Kind::Decimal || v.kind == IonValue::Kind::Float;
}

Item ToItem(const IonValue& v, int depth);

AttributeValue ToSet(const IonValue& v, ValueType type) {
  AttributeValue out;
  out.type = type;
  if (v.elements.empty()) {
    Invalid(type == ValueType::SS   ? "An string set  may not be empty"
            : type == ValueType::NS ? "An number set  may not be empty"
                                    : "Binary sets should not be empty");
  }
  std::set<std::string> seen;
  for (const IonValue& e : v.elements) {
    if (!e.annotations.empty()) Invalid("A set member cannot be annotated");
    if (type == ValueType::SS && e.kind == IonValue::Kind::String) {
      out.set.push_back(e.text);
    } else if (type == ValueType::NS && IsNumber(e)) {
      out.set.push_back(NumberText(e));
    } else if (type == ValueType::BS && e.kind == IonValue::Kind::Blob) {
      out.set.push_back(e.text);
    } else {
      Invalid("A $dynamodb_" + std::string(TypeName(type)) + " member is not a " +
              (type == ValueType::SS   ? "string"
               : type == ValueType::NS ? "number"
                                       : "blob"));
    }
    if (!seen.insert(out.set.back()).second) Invalid("Input collection contains duplicates");
  }
  return out;
}

// `depth` is 1 for an attribute of the item, as in protocol/attribute_json.cc.
AttributeValue ToAttribute(const IonValue& v, int depth) {
  if (!v.annotations.empty()) {
    const std::string& a = v.annotations.front();
    const ValueType type = a == "$dynamodb_SS"   ? ValueType::SS
                           : a == "$dynamodb_NS" ? ValueType::NS
                           : a == "$dynamodb_BS" ? ValueType::BS
                                                 : ValueType::NUL;
    if (type == ValueType::NUL) Invalid("Unknown annotation '" + a + "'");
    if (v.annotations.size() > 1) Invalid("A value may carry only one $dynamodb_ annotation");
    if (v.kind != IonValue::Kind::List) Invalid("The annotation '" + a + "' needs a list");
    return ToSet(v, type);
  }
  if ((v.kind == IonValue::Kind::List || v.kind == IonValue::Kind::Struct) && depth + 1 > kMaxNestingLevels) {
    Invalid(
        "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported "
        "limit");
  }
  switch (v.kind) {
    case IonValue::Kind::Null: return AttributeValue::Null();
    case IonValue::Kind::Bool: return AttributeValue::Bool(v.boolean);
    case IonValue::Kind::Int:
    case IonValue::Kind::Decimal:
    case IonValue::Kind::Float: return AttributeValue::Number(NumberText(v));
    case IonValue::Kind::String: return AttributeValue::String(v.text);
    case IonValue::Kind::Blob: return AttributeValue::Binary(v.text);
    case IonValue::Kind::Symbol: Invalid("The symbol '" + v.text + "' has no DynamoDB type; strings are quoted");
    case IonValue::Kind::List: {
      AttributeValue out;
      out.type = ValueType::L;
      for (const IonValue& e : v.elements) out.list.push_back(ToAttribute(e, depth + 1));
      return out;
    }
    case IonValue::Kind::Struct: {
      AttributeValue out;
      out.type = ValueType::M;
      out.map = ToItem(v, depth + 1);
      return out;
    }
  }
  Invalid("unreachable");
}

// A struct's fields as attributes; a repeated name keeps its last value, as
// the wire JSON does.
Item ToItem(const IonValue& v, int depth) {
  Item item;
  for (const auto& [name, value] : v.fields) item.insert_or_assign(name, ToAttribute(value, depth));
  return item;
}

Item TopLevelItem(const IonValue& v) {
  if (v.kind != IonValue::Kind::Struct || !v.annotations.empty()) {
    Invalid("A top-level value is not an {Item:{...}} struct");
  }
  const IonValue* item = nullptr;
  for (const auto& [name, value] : v.fields) {
    if (name != "Item") Invalid("Unexpected field '" + name + "' beside Item");
    if (item) Invalid("More than one Item field");
    item = &value;
  }
  if (!item) Invalid("The struct has no Item field");
  if (item->kind != IonValue::Kind::Struct || !item->annotations.empty()) Invalid("Item is not a struct");
  return ToItem(*item, 1);
}

bool IsVersionMarker(const IonValue& v) {
  return v.kind == IonValue::Kind::Symbol && v.bare && v.annotations.empty() && v.text.starts_with("$ion_") &&
         v.text.find_first_not_of("0123456789_", 5) == std::string::npos;
}

}  // namespace

bool IonItemReader::Next(std::optional<Item>& item, std::string& error) {
  item.reset();
  error.clear();
  if (stopped_) return false;
  try {
    for (;;) {
      Parser parser(text_, pos_);
      if (!parser.SkipSpace()) {
        stopped_ = true;
        return false;
      }
      const std::size_t start = pos_;
      IonValue v = parser.ParseValue(0);
      if (IsVersionMarker(v)) {
        if (v.text != kIonVersionMarker) parser.FailAt(start, "unsupported Ion version " + v.text);
        continue;
      }
      // A local symbol table only matters to symbol ids, which are refused
      // where they would be used.
      if (v.kind == IonValue::Kind::Struct && v.annotations.size() == 1 &&
          v.annotations.front() == "$ion_symbol_table") {
        continue;
      }
      item = TopLevelItem(v);
      return true;
    }
  } catch (const IonError& e) {
    stopped_ = true;
    item.reset();
    error = e.message;
    return true;
  }
}

}  // namespace ddb
