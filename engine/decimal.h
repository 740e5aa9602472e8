// Decimal: DynamoDB's number type, an exact decimal.
//
// Invariants: `digits_` holds the significant digits with no leading or
// trailing zeros (empty for zero), at most 38 of them; the value is
// (negative ? -1 : 1) * 0.DIGITS * 10^exponent_; zero is never negative.
// Magnitudes lie in [1E-130, 1E126). Two Decimals that are numerically equal
// have identical fields, so `1`, `1.0` and `10E-1` are the same value, the
// same text (to_string) and the same sort-key bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ddb {

class Decimal {
 public:
  Decimal() = default;

  // Parses DynamoDB's number syntax ([+-] digits [. digits] [e|E [+-] digits]).
  // Throws DynamoError (ValidationException) with DynamoDB's messages for text
  // that is not a number, has more than 38 significant digits, or is out of range.
  static Decimal Parse(std::string_view text);

  // The plain (non-exponent) form DynamoDB returns: "-12.5", "0.001", "100".
  std::string ToString() const;

  int Compare(const Decimal& other) const;

  // Exact sum and difference. Throw DynamoDB's errors when the result needs
  // more than 38 significant digits or leaves the supported range.
  Decimal Add(const Decimal& other) const;
  Decimal Subtract(const Decimal& other) const;
  bool operator==(const Decimal& other) const = default;

  bool is_zero() const { return digits_.empty(); }
  bool negative() const { return negative_; }
  const std::string& digits() const { return digits_; }
  int exponent() const { return exponent_; }

  // Bytes this number counts for in DynamoDB's item-size rules.
  std::size_t StorageSize() const;

  // Appends an encoding whose bytewise order is numeric order.
  void AppendSortable(std::string& out) const;

 private:
  // Builds a checked Decimal from an integer mantissa (decimal digits, any
  // leading or trailing zeros) times 10^scale.
  // `inexact_is_overflow`: arithmetic results needing more than 38 digits are
  // reported as an overflow (AWS does; scylladb alternator test_number.py
  // test_update_expression_plus_imprecise), parsed numbers as too precise.
  static Decimal FromScaled(bool negative, std::string mantissa, long long scale, bool inexact_is_overflow = false);

  bool negative_ = false;
  std::string digits_;
  int exponent_ = 0;
};

}  // namespace ddb
