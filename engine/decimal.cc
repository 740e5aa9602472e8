#include "engine/decimal.h"

#include <algorithm>

#include "engine/error.h"

namespace ddb {
namespace {

constexpr int kMaxSignificantDigits = 38;
// value = 0.DIGITS * 10^exponent, so 1E-130 has exponent -129 and
// 9.99..E125 has exponent 126.
constexpr int kMinExponent = -129;
constexpr int kMaxExponent = 126;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

[[noreturn]] void ThrowNotNumeric(std::string_view text) {
  if (text.empty()) throw ValidationError("The parameter cannot be converted to a numeric value");
  throw ValidationError("The parameter cannot be converted to a numeric value: " + std::string(text));
}

int FloorDiv2(int v) { return v >= 0 ? v / 2 : -((-v + 1) / 2); }

}  // namespace

Decimal Decimal::Parse(std::string_view text) {
  std::size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    negative = text[pos] == '-';
    ++pos;
  }
  std::string mantissa;  // all digits, integer part then fraction
  int fraction_digits = 0;
  bool seen_digit = false;
  while (pos < text.size() && IsDigit(text[pos])) {
    mantissa.push_back(text[pos++]);
    seen_digit = true;
  }
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && IsDigit(text[pos])) {
      mantissa.push_back(text[pos++]);
      ++fraction_digits;
      seen_digit = true;
    }
  }
  if (!seen_digit) ThrowNotNumeric(text);
  long long exponent = 0;
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    bool exp_negative = false;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
      exp_negative = text[pos] == '-';
      ++pos;
    }
    if (pos >= text.size() || !IsDigit(text[pos])) ThrowNotNumeric(text);
    while (pos < text.size() && IsDigit(text[pos])) {
      // Saturate: anything this large is out of range either way.
      if (exponent < 1'000'000'000) exponent = exponent * 10 + (text[pos] - '0');
      ++pos;
    }
    if (exp_negative) exponent = -exponent;
  }
  if (pos != text.size()) ThrowNotNumeric(text);

  return FromScaled(negative, std::move(mantissa), exponent - fraction_digits);
}

Decimal Decimal::FromScaled(bool negative, std::string mantissa, long long scale, bool inexact_is_overflow) {
  Decimal result;
  auto first = mantissa.find_first_not_of('0');
  if (first == std::string::npos) return result;  // zero, whatever its sign
  auto last = mantissa.find_last_not_of('0');
  result.digits_ = mantissa.substr(first, last - first + 1);
  // The value is DIGITS * 10^(scale + trailing zeros); as 0.DIGITS * 10^exp:
  long long exp = static_cast<long long>(mantissa.size() - first) + scale;
  if (result.digits_.size() > kMaxSignificantDigits && !inexact_is_overflow) {
    throw ValidationError("Attempting to store more than 38 significant digits in a Number");
  }
  if (exp > kMaxExponent || result.digits_.size() > kMaxSignificantDigits) {
    throw ValidationError("Number overflow. Attempting to store a number with magnitude larger than supported range");
  }
  if (exp < kMinExponent) {
    throw ValidationError("Number underflow. Attempting to store a number with magnitude smaller than supported range");
  }
  result.exponent_ = static_cast<int>(exp);
  result.negative_ = negative;
  return result;
}

std::string Decimal::ToString() const {
  if (is_zero()) return "0";
  std::string out;
  if (negative_) out.push_back('-');
  const int n = static_cast<int>(digits_.size());
  if (exponent_ <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-exponent_), '0');
    out += digits_;
  } else if (exponent_ >= n) {
    out += digits_;
    out.append(static_cast<std::size_t>(exponent_ - n), '0');
  } else {
    out.append(digits_, 0, exponent_);
    out.push_back('.');
    out.append(digits_, exponent_);
  }
  return out;
}

int Decimal::Compare(const Decimal& other) const {
  auto sign = [](const Decimal& d) { return d.is_zero() ? 0 : (d.negative_ ? -1 : 1); };
  int a = sign(*this), b = sign(other);
  if (a != b) return a < b ? -1 : 1;
  if (a == 0) return 0;
  int magnitude;
  if (exponent_ != other.exponent_) {
    magnitude = exponent_ < other.exponent_ ? -1 : 1;
  } else {
    int c = digits_.compare(other.digits_);
    magnitude = c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return a > 0 ? magnitude : -magnitude;
}

namespace {

// Magnitude arithmetic on unsigned decimal digit strings of equal length.
int CompareDigits(const std::string& a, const std::string& b) { return a.compare(b); }

std::string AddDigits(const std::string& a, const std::string& b) {
  std::string out(a.size() + 1, '0');
  int carry = 0;
  for (std::size_t i = a.size(); i-- > 0;) {
    int d = (a[i] - '0') + (b[i] - '0') + carry;
    out[i + 1] = static_cast<char>('0' + d % 10);
    carry = d / 10;
  }
  out[0] = static_cast<char>('0' + carry);
  return out;
}

// a - b for a >= b.
std::string SubtractDigits(const std::string& a, const std::string& b) {
  std::string out(a.size(), '0');
  int borrow = 0;
  for (std::size_t i = a.size(); i-- > 0;) {
    int d = (a[i] - '0') - (b[i] - '0') - borrow;
    borrow = d < 0;
    out[i] = static_cast<char>('0' + (d + 10) % 10);
  }
  return out;
}

}  // namespace

Decimal Decimal::Add(const Decimal& other) const {
  if (is_zero()) return other;
  if (other.is_zero()) return *this;
  // Align both on the smaller scale (the power of ten of the last digit).
  const long long scale_a = exponent_ - static_cast<long long>(digits_.size());
  const long long scale_b = other.exponent_ - static_cast<long long>(other.digits_.size());
  const long long scale = std::min(scale_a, scale_b);
  std::string a = digits_ + std::string(static_cast<std::size_t>(scale_a - scale), '0');
  std::string b = other.digits_ + std::string(static_cast<std::size_t>(scale_b - scale), '0');
  const std::size_t width = std::max(a.size(), b.size());
  a.insert(0, width - a.size(), '0');
  b.insert(0, width - b.size(), '0');
  if (negative_ == other.negative_) return FromScaled(negative_, AddDigits(a, b), scale, true);
  const int c = CompareDigits(a, b);
  if (c == 0) return Decimal();
  return c > 0 ? FromScaled(negative_, SubtractDigits(a, b), scale, true)
               : FromScaled(other.negative_, SubtractDigits(b, a), scale, true);
}

Decimal Decimal::Subtract(const Decimal& other) const {
  Decimal negated = other;
  if (!negated.is_zero()) negated.negative_ = !negated.negative_;
  return Add(negated);
}

std::size_t Decimal::StorageSize() const {
  // Digits are stored in base-100 pairs aligned on the decimal point, plus one
  // byte of exponent and one more for a negative sign (docs/dynamodb-model.md §4.1 model A).
  if (is_zero()) return 1;
  const int first_place = exponent_ - 1;  // power of ten of the first digit
  const int last_place = exponent_ - static_cast<int>(digits_.size());
  const int pairs = FloorDiv2(first_place) - FloorDiv2(last_place) + 1;
  return static_cast<std::size_t>(pairs) + 1 + (negative_ ? 1 : 0);
}

void Decimal::AppendSortable(std::string& out) const {
  // Class byte (negative < zero < positive), then a biased 16-bit exponent and
  // the digits with a terminator. Negatives invert every byte after the class
  // so that larger magnitudes sort first.
  if (is_zero()) {
    out.push_back('\x02');
    return;
  }
  std::string body;
  const unsigned biased = static_cast<unsigned>(exponent_ + 0x8000);
  body.push_back(static_cast<char>((biased >> 8) & 0xff));
  body.push_back(static_cast<char>(biased & 0xff));
  body += digits_;
  body.push_back('\0');
  if (negative_) {
    out.push_back('\x01');
    for (char& c : body) c = static_cast<char>(~static_cast<unsigned char>(c));
  } else {
    out.push_back('\x03');
  }
  out += body;
}

}  // namespace ddb
