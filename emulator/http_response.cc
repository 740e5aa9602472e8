#include "emulator/http_response.h"

#include <zlib.h>

#include <algorithm>
#include <boost/beast/http/status.hpp>
#include <charconv>
#include <ctime>
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

// The current second as an HTTP date ("Mon, 07 Dec 2026 16:47:25 GMT"),
// formatted once per second per thread.
void AppendHttpDate(std::string& out) {
  thread_local std::time_t formatted_at = -1;
  thread_local char text[40];
  const std::time_t now = std::time(nullptr);
  if (now != formatted_at) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    formatted_at = now;
  }
  out.append(text);
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

void WriteResponseHead(const ResponseHead& response, std::string_view body, std::string& head) {
  head.clear();
  head.append("HTTP/1.1 ");
  AppendNumber(static_cast<std::uint64_t>(response.status), head);
  head.push_back(' ');
  head.append(boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(response.status)));
  head.append("\r\nServer: ddbemu\r\nDate: ");
  AppendHttpDate(head);
  if (!response.content_type.empty()) {
    head.append("\r\nContent-Type: ");
    head.append(response.content_type);
  }
  head.append("\r\nx-amzn-RequestId: ");
  if (response.request_id.empty()) {
    AppendRequestId(head);
  } else {
    head.append(response.request_id);
  }
  head.append("\r\nx-amz-crc32: ");
  AppendNumber(BodyCrc32(body), head);
  if (!response.content_encoding.empty()) {
    head.append("\r\nContent-Encoding: ");
    head.append(response.content_encoding);
  }
  head.append("\r\nContent-Length: ");
  AppendNumber(body.size(), head);
  if (!response.keep_alive) {
    head.append("\r\nConnection: close");
  } else if (response.http10) {
    head.append("\r\nConnection: keep-alive");
  }
  head.append("\r\n");
  head.append(response.extra_headers);
  head.append("\r\n");
}

}  // namespace ddb
