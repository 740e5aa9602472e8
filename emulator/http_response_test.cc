#include "emulator/http_response.h"

#include <doctest/doctest.h>

#include <set>

using namespace ddb;

namespace {

std::string Header(const std::string& head, const std::string& name) {
  const auto at = head.find("\r\n" + name + ": ");
  if (at == std::string::npos) return "";
  const auto begin = at + name.size() + 4;
  return head.substr(begin, head.find("\r\n", begin) - begin);
}

ResponseHead Json(int status, bool keep_alive = true) {
  ResponseHead head;
  head.status = status;
  head.content_type = "application/x-amz-json-1.0";
  head.keep_alive = keep_alive;
  return head;
}

}  // namespace

TEST_CASE("x-amz-crc32 is the IEEE CRC-32 of the body") {
  CHECK(BodyCrc32("123456789") == 0xCBF43926u);  // the CRC-32 check value
  CHECK(BodyCrc32("") == 0u);
}

TEST_CASE("the head carries status, type, length, crc and a fresh request id") {
  const std::string body = R"({"TableNames":[]})";
  std::string head = "left over from the previous answer";
  WriteResponseHead(Json(200), body, head);
  CHECK(head.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(head.size() >= 4);
  CHECK(head.substr(head.size() - 4) == "\r\n\r\n");
  CHECK(Header(head, "Content-Type") == "application/x-amz-json-1.0");
  CHECK(Header(head, "Content-Length") == std::to_string(body.size()));
  CHECK(Header(head, "x-amz-crc32") == std::to_string(BodyCrc32(body)));
  CHECK(head.find("Connection:") == std::string::npos);
  CHECK(head.find("Content-Encoding:") == std::string::npos);
  // An HTTP date: "Mon, 07 Dec 2026 16:47:25 GMT".
  const std::string date = Header(head, "Date");
  CHECK(date.size() == 29);
  CHECK(date.substr(25) == " GMT");
  const std::string id = Header(head, "x-amzn-RequestId");
  CHECK(id.size() == 52);
  CHECK(id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == std::string::npos);

  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) {
    WriteResponseHead(Json(200), body, head);
    ids.insert(Header(head, "x-amzn-RequestId"));
  }
  CHECK(ids.size() == 100);
}

TEST_CASE("an answer that ends the connection says so; other statuses keep their reason") {
  std::string head;
  WriteResponseHead(Json(413, false), "{}", head);
  CHECK(head.rfind("HTTP/1.1 413 Payload Too Large\r\n", 0) == 0);
  CHECK(head.find("\r\nConnection: close\r\n") != std::string::npos);
  WriteResponseHead(Json(400), "{}", head);
  CHECK(head.rfind("HTTP/1.1 400 Bad Request\r\n", 0) == 0);
}

TEST_CASE("an HTTP/1.0 client is told the connection stays; named ids, codings and extra headers go out") {
  ResponseHead response = Json(200);
  response.http10 = true;
  response.request_id = "01234567-89ab-cdef-0123-456789abcdef";
  response.content_encoding = "gzip";
  response.extra_headers = "Access-Control-Allow-Origin: *\r\n";
  std::string head;
  WriteResponseHead(response, "compressed bytes", head);
  CHECK(head.find("\r\nConnection: keep-alive\r\n") != std::string::npos);
  CHECK(Header(head, "x-amzn-RequestId") == "01234567-89ab-cdef-0123-456789abcdef");
  CHECK(Header(head, "Content-Encoding") == "gzip");
  CHECK(Header(head, "x-amz-crc32") == std::to_string(BodyCrc32("compressed bytes")));
  CHECK(head.find("\r\nAccess-Control-Allow-Origin: *\r\n\r\n") != std::string::npos);
}
