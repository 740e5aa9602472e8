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

}  // namespace

TEST_CASE("x-amz-crc32 is the IEEE CRC-32 of the body") {
  CHECK(BodyCrc32("123456789") == 0xCBF43926u);  // the CRC-32 check value
  CHECK(BodyCrc32("") == 0u);
}

TEST_CASE("the head carries status, type, length, crc and a fresh request id") {
  const std::string body = R"({"TableNames":[]})";
  std::string head = "left over from the previous answer";
  WriteResponseHead(200, "application/x-amz-json-1.0", body, true, head);
  CHECK(head.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(head.size() >= 4);
  CHECK(head.substr(head.size() - 4) == "\r\n\r\n");
  CHECK(Header(head, "Content-Type") == "application/x-amz-json-1.0");
  CHECK(Header(head, "Content-Length") == std::to_string(body.size()));
  CHECK(Header(head, "x-amz-crc32") == std::to_string(BodyCrc32(body)));
  CHECK(head.find("Connection:") == std::string::npos);
  const std::string id = Header(head, "x-amzn-RequestId");
  CHECK(id.size() == 52);
  CHECK(id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == std::string::npos);

  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) {
    WriteResponseHead(200, "application/x-amz-json-1.0", body, true, head);
    ids.insert(Header(head, "x-amzn-RequestId"));
  }
  CHECK(ids.size() == 100);
}

TEST_CASE("an answer that ends the connection says so; other statuses keep their reason") {
  std::string head;
  WriteResponseHead(413, "application/x-amz-json-1.0", "{}", false, head);
  CHECK(head.rfind("HTTP/1.1 413 Payload Too Large\r\n", 0) == 0);
  CHECK(head.find("\r\nConnection: close\r\n") != std::string::npos);
  WriteResponseHead(400, "application/x-amz-json-1.0", "{}", true, head);
  CHECK(head.rfind("HTTP/1.1 400 Bad Request\r\n", 0) == 0);
}
