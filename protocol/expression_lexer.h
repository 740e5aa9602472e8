// The tokens of DynamoDB's expression languages (condition, update and
// projection expressions share one lexical syntax). Keywords (AND, SET, ...)
// are Name tokens, recognised case-insensitively by the parser.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ddb {

enum class Tok {
  Name,
  NamePlaceholder,
  ValuePlaceholder,
  Number,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Dot,
  EQ,
  NE,
  LT,
  LE,
  GT,
  GE,
  Plus,
  Minus,
  End
};

struct Token {
  Tok kind;
  std::string text;
  std::size_t begin = 0, end = 0;  // byte offsets in the source
};

// Splits `source` into tokens ending with an End token. A character that
// starts no token is a syntax error reported for `parameter`
// ("Invalid ConditionExpression: Syntax error; ...").
std::vector<Token> Tokenize(std::string_view source, const char* parameter);

// [0-9A-Za-z_]: the characters of names and placeholders.
bool IsNameChar(char c);
std::string Upper(std::string_view s);

}  // namespace ddb
