// HttpResponseHead: the status line and header block of one answer, written
// by hand into a buffer the connection reuses, so an answer costs no header
// allocations (Beast's response type allocates each field and serialises
// through a buffer-sequence iterator, a visible share of the server's time
// under load: docs/performance.md). The body is sent beside it, not copied.
//
// Every answer carries what DynamoDB's does and SDKs check: Content-Type,
// Content-Length, Date, x-amzn-RequestId (52 characters of [A-Z0-9] unless
// the answer names its own) and x-amz-crc32 (the CRC-32 of the body as sent,
// compressed or not, which boto3 and the Java SDK verify).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ddb {

// The decimal CRC-32 (IEEE 802.3, as zlib computes it) that x-amz-crc32 carries.
std::uint32_t BodyCrc32(std::string_view body);

struct ResponseHead {
  int status = 200;
  std::string_view content_type;  // empty: no Content-Type (a preflight)
  bool keep_alive = true;
  // An HTTP/1.0 client keeps the connection only when told so.
  bool http10 = false;
  std::string_view content_encoding;  // empty: none
  std::string_view request_id;        // empty: a fresh one
  // Further header lines, each ending in "\r\n" (CORS).
  std::string_view extra_headers;
};

// Replaces `head` with the status line and headers for an answer of `body`
// (not included). Without keep-alive it says "Connection: close".
void WriteResponseHead(const ResponseHead& response, std::string_view body, std::string& head);

}  // namespace ddb
