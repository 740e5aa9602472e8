// ByteWriter / ByteReader: the primitive binary encoding used for everything
// the engine persists (items, table definitions). Varints are LEB128; strings
// are length-prefixed. A reader that runs off the end throws, so corrupt data
// surfaces as an internal error instead of undefined behaviour.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ddb {

class ByteWriter {
 public:
  void PutByte(std::uint8_t b) { out_.push_back(static_cast<char>(b)); }
  void PutVarint(std::uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void PutString(std::string_view s) {
    PutVarint(s.size());
    out_.append(s.data(), s.size());
  }
  void PutFixed64BE(std::uint64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8) out_.push_back(static_cast<char>((v >> shift) & 0xff));
  }
  void PutDouble(double d);
  std::string& buffer() { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  std::uint8_t GetByte() {
    Need(1);
    return static_cast<std::uint8_t>(in_[pos_++]);
  }
  std::uint64_t GetVarint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      std::uint8_t b = GetByte();
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    throw std::runtime_error("corrupt varint");
  }
  std::string GetString() { return std::string(GetView()); }
  // The next string's bytes, still in the input: valid while the input is.
  std::string_view GetView() {
    std::uint64_t n = GetVarint();
    Need(n);
    std::string_view s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  std::uint64_t GetFixed64BE() {
    Need(8);
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<std::uint8_t>(in_[pos_++]);
    return v;
  }
  double GetDouble();
  bool AtEnd() const { return pos_ == in_.size(); }

 private:
  void Need(std::uint64_t n) const {
    if (n > in_.size() - pos_) throw std::runtime_error("truncated record");
  }
  std::string_view in_;
  std::size_t pos_ = 0;
};

inline void ByteWriter::PutDouble(double d) {
  std::uint64_t bits;
  static_assert(sizeof bits == sizeof d);
  __builtin_memcpy(&bits, &d, sizeof d);
  PutFixed64BE(bits);
}

inline double ByteReader::GetDouble() {
  std::uint64_t bits = GetFixed64BE();
  double d;
  __builtin_memcpy(&d, &bits, sizeof d);
  return d;
}

}  // namespace ddb
