#include "engine/decimal.h"

#include <doctest/doctest.h>

#include "engine/error.h"

using ddb::Decimal;

namespace {
std::string Canon(const char* text) { return Decimal::Parse(text).ToString(); }
std::string ErrorOf(const char* text) {
  try {
    Decimal::Parse(text);
  } catch (const ddb::DynamoError& e) {
    return e.message();
  }
  return "";
}
std::string Sortable(const char* text) {
  std::string out;
  Decimal::Parse(text).AppendSortable(out);
  return out;
}
}  // namespace

TEST_CASE("numbers have one canonical form") {
  CHECK(Canon("1") == "1");
  CHECK(Canon("1.0") == "1");
  CHECK(Canon("10E-1") == "1");
  CHECK(Canon("0001") == "1");
  CHECK(Canon("-0") == "0");
  CHECK(Canon("0.000") == "0");
  CHECK(Canon("+12.50") == "12.5");
  CHECK(Canon("-0.00123") == "-0.00123");
  CHECK(Canon("1E3") == "1000");
  CHECK(Canon("1.5e-3") == "0.0015");
  CHECK(Canon(".5") == "0.5");
  CHECK(Canon("5.") == "5");
  CHECK(Canon("1E125") == "1" + std::string(125, '0'));
  CHECK(Canon("1E-130") == "0." + std::string(129, '0') + "1");
}

TEST_CASE("invalid numbers get DynamoDB's messages") {
  CHECK(ErrorOf("abc") == "The parameter cannot be converted to a numeric value: abc");
  CHECK(ErrorOf("") == "The parameter cannot be converted to a numeric value");
  CHECK(ErrorOf("1e") == "The parameter cannot be converted to a numeric value: 1e");
  CHECK(ErrorOf(" 1") == "The parameter cannot be converted to a numeric value:  1");
  CHECK(ErrorOf("1.2.3") == "The parameter cannot be converted to a numeric value: 1.2.3");
  CHECK(ErrorOf("NaN") == "The parameter cannot be converted to a numeric value: NaN");
  CHECK(ErrorOf("1E126") == "Number overflow. Attempting to store a number with magnitude larger than supported range");
  CHECK(ErrorOf("1e99999999999") ==
        "Number overflow. Attempting to store a number with magnitude larger than supported range");
  CHECK(ErrorOf("1E-131") ==
        "Number underflow. Attempting to store a number with magnitude smaller than supported range");
  CHECK(ErrorOf("123456789012345678901234567890123456789") ==
        "Attempting to store more than 38 significant digits in a Number");
  // Leading and trailing zeros are not significant.
  CHECK(ErrorOf("12345678901234567890123456789012345678000") == "");
  CHECK(ErrorOf("9.9999999999999999999999999999999999999E+125") == "");
}

TEST_CASE("comparison and sortable encoding agree with numeric order") {
  const char* ascending[] = {"-1E125", "-100", "-10",   "-9.5", "-1", "-0.5", "-0.123", "-0.12", "0",
                             "1E-130", "0.12", "0.123", "0.5",  "1",  "9.5",  "10",     "100",   "1E125"};
  for (std::size_t i = 0; i + 1 < std::size(ascending); ++i) {
    INFO(ascending[i], " < ", ascending[i + 1]);
    CHECK(Decimal::Parse(ascending[i]).Compare(Decimal::Parse(ascending[i + 1])) < 0);
    CHECK(Decimal::Parse(ascending[i + 1]).Compare(Decimal::Parse(ascending[i])) > 0);
    CHECK(Sortable(ascending[i]) < Sortable(ascending[i + 1]));
  }
  CHECK(Decimal::Parse("1.0").Compare(Decimal::Parse("10E-1")) == 0);
  CHECK(Sortable("1.0") == Sortable("1"));
}

TEST_CASE("storage size follows base-100 digit pairs") {
  CHECK(Decimal::Parse("0").StorageSize() == 1);
  CHECK(Decimal::Parse("1").StorageSize() == 2);
  CHECK(Decimal::Parse("1.2").StorageSize() == 3);
  CHECK(Decimal::Parse("-42").StorageSize() == 3);
  CHECK(Decimal::Parse("1E125").StorageSize() == 2);
  CHECK(Decimal::Parse("110").StorageSize() == 3);
  CHECK(Decimal::Parse(std::string(38, '1').c_str()).StorageSize() == 20);
}

namespace {
std::string Sum(const char* a, const char* b) { return Decimal::Parse(a).Add(Decimal::Parse(b)).ToString(); }
std::string Difference(const char* a, const char* b) {
  return Decimal::Parse(a).Subtract(Decimal::Parse(b)).ToString();
}
std::string SumError(const char* a, const char* b) {
  try {
    Decimal::Parse(a).Add(Decimal::Parse(b));
  } catch (const ddb::DynamoError& e) {
    return e.message();
  }
  return "";
}
}  // namespace

TEST_CASE("addition and subtraction are exact") {
  CHECK(Sum("1", "10000000000000000000000") == "10000000000000000000001");
  CHECK(Difference("10000000000000000000000", "1") == "9999999999999999999999");
  CHECK(Sum("0.1", "0.2") == "0.3");
  CHECK(Sum("-5", "3") == "-2");
  CHECK(Sum("5", "-5") == "0");
  CHECK(Difference("-5", "-5") == "0");
  CHECK(Sum("99999999999999999999999999999999999999", "1") == "100000000000000000000000000000000000000");
  CHECK(Sum("1E125", "1E125") == "2" + std::string(125, '0'));
  CHECK(Difference("0.001", "1") == "-0.999");
  CHECK(Sum("0", "-7.5") == "-7.5");
  CHECK(Sum("123.456", "0.544") == "124");
}

TEST_CASE("sums outside DynamoDB's numbers are errors") {
  CHECK(SumError("9E125", "9E125") ==
        "Number overflow. Attempting to store a number with magnitude larger than supported range");
  // AWS reports an inexact sum as an overflow, whatever its magnitude.
  CHECK(SumError("99999999999999999999999999999999999999", "0.1") ==
        "Number overflow. Attempting to store a number with magnitude larger than supported range");
  CHECK(SumError("1E50", "1") ==
        "Number overflow. Attempting to store a number with magnitude larger than supported range");
}
