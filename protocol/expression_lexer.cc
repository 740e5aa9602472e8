#include "protocol/expression_lexer.h"

#include <cctype>

#include "engine/error.h"

namespace ddb {
namespace {

bool IsNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }

// The near text runs from the previous token (if any) to the character
// after the offending one, as DynamoDB shows it.
[[noreturn]] void LexError(std::string_view source, std::size_t offset, const char* parameter,
                           const std::vector<Token>& before) {
  const std::size_t from = before.empty() ? offset : before.back().begin;
  throw ValidationError(std::string("Invalid ") + parameter + ": Syntax error; token: \"" +
                        std::string(source.substr(offset, 1)) + "\", near: \"" +
                        std::string(source.substr(from, offset + 2 - from)) + "\"");
}

}  // namespace

bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::vector<Token> Tokenize(std::string_view source_, const char* parameter) {
  std::vector<Token> tokens_;
  std::size_t i = 0;
  while (i < source_.size()) {
    char c = source_[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    Token t;
    t.begin = i;
    if (IsNameStart(c)) {
      while (i < source_.size() && IsNameChar(source_[i])) ++i;
      t.kind = Tok::Name;
    } else if (c == '#' || c == ':') {
      ++i;
      while (i < source_.size() && IsNameChar(source_[i])) ++i;
      if (i == t.begin + 1) LexError(source_, t.begin, parameter, tokens_);
      t.kind = c == '#' ? Tok::NamePlaceholder : Tok::ValuePlaceholder;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      while (i < source_.size() && std::isdigit(static_cast<unsigned char>(source_[i]))) ++i;
      t.kind = Tok::Number;
    } else {
      ++i;
      switch (c) {
        case '(': t.kind = Tok::LParen; break;
        case ')': t.kind = Tok::RParen; break;
        case '[': t.kind = Tok::LBracket; break;
        case ']': t.kind = Tok::RBracket; break;
        case ',': t.kind = Tok::Comma; break;
        case '.': t.kind = Tok::Dot; break;
        case '=': t.kind = Tok::EQ; break;
        case '+': t.kind = Tok::Plus; break;
        case '-': t.kind = Tok::Minus; break;
        case '<':
          if (i < source_.size() && source_[i] == '>') {
            ++i;
            t.kind = Tok::NE;
          } else if (i < source_.size() && source_[i] == '=') {
            ++i;
            t.kind = Tok::LE;
          } else {
            t.kind = Tok::LT;
          }
          break;
        case '>':
          if (i < source_.size() && source_[i] == '=') {
            ++i;
            t.kind = Tok::GE;
          } else {
            t.kind = Tok::GT;
          }
          break;
        default: LexError(source_, t.begin, parameter, tokens_);
      }
    }
    t.end = i;
    t.text = std::string(source_.substr(t.begin, t.end - t.begin));
    tokens_.push_back(std::move(t));
  }
  Token end;
  end.kind = Tok::End;
  end.begin = end.end = source_.size();
  tokens_.push_back(end);
  return tokens_;
}

}  // namespace ddb
