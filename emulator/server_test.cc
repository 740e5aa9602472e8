#include <doctest/doctest.h>

#include <boost/asio.hpp>

#include "emulator/options.h"
#include "emulator/server.h"

using namespace ddb;

TEST_CASE("the server embeds: port 0 picks a free port, requests are served, Stop returns") {
  ServerOptions options;
  options.port = 0;
  options.threads = 1;
  Server server(options);
  server.Start();
  REQUIRE(server.port() != 0);

  namespace asio = boost::asio;
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), server.port()});
  const std::string body = "{}";
  const std::string request =
      "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.0\r\n"
      "X-Amz-Target: DynamoDB_20120810.ListTables\r\n"
      "Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/dynamodb/aws4_request, "
      "SignedHeaders=host, Signature=x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n" + body;
  asio::write(socket, asio::buffer(request));
  std::string response;
  boost::system::error_code ec;
  char buf[4096];
  for (;;) {
    std::size_t n = socket.read_some(asio::buffer(buf), ec);
    response.append(buf, n);
    if (ec) break;
  }
  CHECK(response.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(response.find("x-amz-crc32:") != std::string::npos);
  CHECK(response.find("x-amzn-RequestId:") != std::string::npos);
  CHECK(response.find("{\"TableNames\":[]}") != std::string::npos);
  server.Stop();
}

TEST_CASE("DynamoDB Local's flag spellings are accepted") {
  CommandLine cmd;
  CHECK_FALSE(ParseCommandLine({"-port", "8001", "-dbPath", "/tmp/x", "-sharedDb"}, cmd).has_value());
  CHECK(cmd.server.port == 8001);
  CHECK_FALSE(cmd.server.engine.storage.in_memory);
  CHECK(cmd.server.engine.storage.path == "/tmp/x");
  CommandLine bad;
  CHECK(ParseCommandLine({"--port", "99999"}, bad).has_value());
  CHECK(ParseCommandLine({"--bogus"}, bad).has_value());
}
