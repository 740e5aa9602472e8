#include "protocol/partiql/lexer.h"

#include "protocol/partiql/messages.h"

namespace ddb::partiql {

namespace {

constexpr std::size_t kMaxExponentDigits = 9;

bool IsIdentifierStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentifierChar(char c) { return IsIdentifierStart(c) || IsDigit(c); }

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  std::vector<Token> Run() {
    std::vector<Token> tokens;
    for (;;) {
      SkipSpaceAndComments();
      Token t;
      t.line = line_;
      t.column = column_;
      const std::size_t begin = pos_;
      if (pos_ >= s_.size()) {
        t.kind = Tok::End;
        tokens.push_back(t);
        return tokens;
      }
      const char c = s_[pos_];
      if (IsIdentifierStart(c)) {
        while (pos_ < s_.size() && IsIdentifierChar(s_[pos_])) Advance();
        t.kind = Tok::Identifier;
        t.text = std::string(s_.substr(begin, pos_ - begin));
      } else if (IsDigit(c) || (c == '.' && pos_ + 1 < s_.size() && IsDigit(s_[pos_ + 1]))) {
        ReadNumber();
        t.kind = Tok::Number;
        t.text = std::string(s_.substr(begin, pos_ - begin));
      } else if (c == '`') {
        Advance();
        while (pos_ < s_.size() && s_[pos_] != '`') Advance();
        if (pos_ >= s_.size()) throw NotWellFormed("");
        Advance();
        t.kind = Tok::IonLiteral;
        t.text = std::string(s_.substr(begin + 1, pos_ - begin - 2));
      } else if (c == '\'' || c == '"') {
        t.kind = c == '\'' ? Tok::String : Tok::QuotedIdentifier;
        t.text = ReadQuoted(c);
      } else {
        t.kind = Punctuation(t.text);
      }
      for (std::size_t i = begin; i < pos_; ++i) t.length += Units(static_cast<unsigned char>(s_[i]));
      tokens.push_back(std::move(t));
    }
  }

 private:
  // Columns and lengths count characters as DynamoDB (Java) does, in
  // UTF-16 units: a UTF-8 continuation byte adds nothing, a 4-byte
  // sequence's lead byte adds 2.
  static std::size_t Units(unsigned char byte) { return (byte & 0xC0) == 0x80 ? 0 : (byte >= 0xF0 ? 2 : 1); }

  void Advance() {
    const auto byte = static_cast<unsigned char>(s_[pos_]);
    if (byte == '\n') {
      ++line_;
      column_ = 1;
    } else {
      column_ += Units(byte);
    }
    ++pos_;
  }
  bool At(std::string_view text) const { return s_.substr(pos_, text.size()) == text; }

  void SkipSpaceAndComments() {
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        Advance();
      } else if (At("--")) {
        while (pos_ < s_.size() && s_[pos_] != '\n') Advance();
      } else if (At("/*")) {
        Advance();
        Advance();
        while (pos_ < s_.size() && !At("*/")) Advance();
        if (pos_ >= s_.size()) throw NotWellFormed("");
        Advance();
        Advance();
      } else {
        return;
      }
    }
  }

  void ReadNumber() {
    while (pos_ < s_.size() && IsDigit(s_[pos_])) Advance();
    if (pos_ < s_.size() && s_[pos_] == '.') {
      Advance();
      while (pos_ < s_.size() && IsDigit(s_[pos_])) Advance();
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      std::size_t look = pos_ + 1;
      if (look < s_.size() && (s_[look] == '+' || s_[look] == '-')) ++look;
      if (look < s_.size() && IsDigit(s_[look])) {
        while (pos_ < look) Advance();
        const std::size_t digits = pos_;
        while (pos_ < s_.size() && IsDigit(s_[pos_])) Advance();
        // An exponent past any number's range is refused by the parser itself.
        if (pos_ - digits > kMaxExponentDigits) throw NotWellFormed("");
      }
    }
  }

  // A quoted string or identifier; the quote character doubled stands for itself.
  std::string ReadQuoted(char quote) {
    std::string text;
    Advance();
    for (;;) {
      if (pos_ >= s_.size()) throw NotWellFormed("");
      if (s_[pos_] == quote) {
        if (pos_ + 1 < s_.size() && s_[pos_ + 1] == quote) {
          text.push_back(quote);
          Advance();
          Advance();
          continue;
        }
        Advance();
        return text;
      }
      text.push_back(s_[pos_]);
      Advance();
    }
  }

  Tok Punctuation(std::string& text) {
    struct Symbol {
      std::string_view text;
      Tok kind;
    };
    // Longest first, so that "<=" is not read as "<" then "=".
    static constexpr Symbol kSymbols[] = {
        {"<<", Tok::LBag},  {">>", Tok::RBag},     {"<>", Tok::NE},      {"!=", Tok::NE},      {"<=", Tok::LE},
        {">=", Tok::GE},    {"(", Tok::LParen},    {")", Tok::RParen},   {"[", Tok::LBracket}, {"]", Tok::RBracket},
        {"{", Tok::LBrace}, {"}", Tok::RBrace},    {",", Tok::Comma},    {".", Tok::Dot},      {":", Tok::Colon},
        {"*", Tok::Star},   {"+", Tok::Plus},      {"-", Tok::Minus},    {"=", Tok::EQ},       {"<", Tok::LT},
        {">", Tok::GT},     {"?", Tok::Parameter}, {";", Tok::Semicolon}};
    for (const auto& symbol : kSymbols) {
      if (At(symbol.text)) {
        text = std::string(symbol.text);
        for (std::size_t i = 0; i < symbol.text.size(); ++i) Advance();
        return symbol.kind;
      }
    }
    text = std::string(1, s_[pos_]);
    Advance();
    return Tok::Other;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1, column_ = 1;
};

}  // namespace

std::vector<Token> Tokenize(std::string_view statement) { return Lexer(statement).Run(); }

}  // namespace ddb::partiql
