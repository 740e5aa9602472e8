#include "emulator/http_response.h"

#include <zlib.h>

#include <algorithm>
#include <boost/beast/http/status.hpp>
#include <charconv>
#include <ostream>
#include <random>

namespace ddb {

namespace {

void AppendNumber(std::uint64_t n, std::string& out) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
  out.append(digits, end);
}

// 52 characters from [A-Z0-9], like DynamoDB's request ids. Each 64-bit draw
// yields 12 characters (36^12 < 2^64), so an id costs 5 draws, not 52.
void AppendRequestId(std::string& out) {
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  thread_local std::mt19937_64 rng{std::random_device{}()};
  int left = 52;
  while (left > 0) {
    std::uint64_t draw = rng();
    for (int i = 0; i < 12 && left > 0; ++i, --left) {
      out.push_back(kChars[draw % 36]);
      draw /= 36;
    }
  }
}

}  // namespace

std::uint32_t BodyCrc32(std::string_view body) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes a 32-bit length: feed larger bodies in pieces.
  while (!body.empty()) {
    const auto n = static_cast<uInt>(std::min<std::size_t>(body.size(), 1u << 30));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(body.data()), n);
    body.remove_prefix(n);
  }
  return static_cast<std::uint32_t>(crc);
}

void WriteResponseHead(int status, std::string_view content_type, std::string_view body, bool keep_alive,
                       std::string& head) {
  head.clear();
  head.append("HTTP/1.1 ");
  AppendNumber(static_cast<std::uint64_t>(status), head);
  head.push_back(' ');
  head.append(boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status)));
  head.append("\r\nServer: ddbemu\r\nContent-Type: ");
  head.append(content_type);
  head.append("\r\nx-amzn-RequestId: ");
  AppendRequestId(head);
  head.append("\r\nx-amz-crc32: ");
  AppendNumber(BodyCrc32(body), head);
  head.append("\r\nContent-Length: ");
  AppendNumber(body.size(), head);
  if (!keep_alive) head.append("\r\nConnection: close");
  head.append("\r\n\r\n");
}

}  // namespace ddb
