// The tokens of DynamoDB's PartiQL dialect. Keywords are Identifier tokens,
// recognised case-insensitively by the parser; a double-quoted identifier is
// never a keyword. Every token knows its line and column (both from 1), for
// the positions DynamoDB puts in its messages.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ddb::partiql {

enum class Tok {
  Identifier,        // bare: letters, digits, '_' and '$', not starting with a digit
  QuotedIdentifier,  // "..." with "" for a quote
  String,            // '...' with '' for a quote
  Number,            // digits [. digits] [e [+-] digits], or . digits
  Parameter,         // ?
  IonLiteral,        // `...`: Ion, which DynamoDB refuses
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  LBag,  // <<
  RBag,  // >>
  Comma,
  Dot,
  Colon,
  Star,
  Plus,
  Minus,
  EQ,
  NE,  // <> or !=
  LT,
  LE,
  GT,
  GE,
  Semicolon,
  Other,  // any other character: the parser reports it where it stands
  End
};

struct Token {
  Tok kind = Tok::End;
  std::string text;  // identifiers and strings unquoted; the source text otherwise
  std::size_t line = 1, column = 1, length = 0;
};

// Splits a statement into tokens ending with End. Throws DynamoDB's
// ValidationException for an unterminated string or identifier.
std::vector<Token> Tokenize(std::string_view statement);

}  // namespace ddb::partiql
