#include "emulator/server.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

#include "emulator/options.h"

using namespace ddb;

namespace {

std::string Request(const std::string& target, const std::string& body) {
  return "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.0\r\n"
         "X-Amz-Target: DynamoDB_20120810." +
         target +
         "\r\n"
         "Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/dynamodb/aws4_request, "
         "SignedHeaders=host, Signature=x\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

// Reads one answer (head and Content-Length body) from `pending` and the socket.
std::pair<std::string, std::string> ReadAnswer(boost::asio::ip::tcp::socket& socket, std::string& pending) {
  auto fill = [&] {
    char buf[65536];
    pending.append(buf, socket.read_some(boost::asio::buffer(buf)));
  };
  while (pending.find("\r\n\r\n") == std::string::npos) fill();
  const std::size_t head_end = pending.find("\r\n\r\n") + 4;
  std::string head = pending.substr(0, head_end);
  const std::size_t at = head.find("Content-Length: ");
  REQUIRE(at != std::string::npos);
  const std::size_t length = std::stoul(head.substr(at + 16));
  while (pending.size() < head_end + length) fill();
  std::string body = pending.substr(head_end, length);
  pending.erase(0, head_end + length);
  return {head, body};
}

// Over `socket`, creates the table "big" and puts one item of 380 KB (a body
// the server handles on a worker thread) under the key "a"; returns its value.
std::string PutBigItem(boost::asio::ip::tcp::socket& socket, std::string& pending) {
  namespace asio = boost::asio;
  asio::write(
      socket,
      asio::buffer(Request(
          "CreateTable",
          R"({"TableName":"big","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],)"
          R"("AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}]})")));
  REQUIRE(ReadAnswer(socket, pending).first.rfind("HTTP/1.1 200", 0) == 0);
  const std::string value(380 * 1024, 'v');
  asio::write(socket, asio::buffer(Request(
                          "PutItem", R"({"TableName":"big","Item":{"pk":{"S":"a"},"v":{"S":")" + value + R"("}}})")));
  REQUIRE(ReadAnswer(socket, pending).first.rfind("HTTP/1.1 200", 0) == 0);
  return value;
}

// An in-memory server on a free port with one event loop.
ServerOptions OneLoopOnAnyPort() {
  ServerOptions options;
  options.port = 0;
  options.threads = 1;
  return options;
}

}  // namespace

TEST_CASE("the server embeds: port 0 picks a free port, requests are served, Stop returns") {
  Server server(OneLoopOnAnyPort());
  server.Start();
  REQUIRE(server.port() != 0);

  namespace asio = boost::asio;
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), server.port()});
  asio::write(socket, asio::buffer(Request("ListTables", "{}")));
  std::string pending;
  auto [head, body] = ReadAnswer(socket, pending);
  CHECK(head.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(head.find("x-amz-crc32:") != std::string::npos);
  CHECK(head.find("x-amzn-RequestId:") != std::string::npos);
  CHECK(body == "{\"TableNames\":[]}");
  server.Stop();
}

TEST_CASE("pipelined answers larger than the socket buffers arrive whole and in order while the client stalls") {
  Server server(OneLoopOnAnyPort());
  server.Start();
  namespace asio = boost::asio;
  asio::io_context io;
  // A second, idle connection on the same loop, so answers take the
  // deferred path a loop with several connections uses.
  asio::ip::tcp::socket idle(io);
  idle.connect({asio::ip::make_address("127.0.0.1"), server.port()});
  asio::ip::tcp::socket socket(io);
  socket.open(asio::ip::tcp::v4());
  socket.set_option(asio::socket_base::receive_buffer_size(4096));
  socket.connect({asio::ip::make_address("127.0.0.1"), server.port()});
  std::string pending;
  const std::string value = PutBigItem(socket, pending);

  // 20 answers, 10 of them 380 KB: far more than the socket buffers hold,
  // so the server must finish most writes after the client reads again.
  std::string requests;
  for (int i = 0; i < 20; ++i) {
    requests += Request(i % 2 ? "GetItem" : "DescribeTable",
                        i % 2 ? R"({"TableName":"big","Key":{"pk":{"S":"a"}}})" : R"({"TableName":"big"})");
  }
  asio::write(socket, asio::buffer(requests));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  for (int i = 0; i < 20; ++i) {
    auto [head, body] = ReadAnswer(socket, pending);
    CHECK(head.rfind("HTTP/1.1 200", 0) == 0);
    if (i % 2) {
      CHECK(body == R"({"Item":{"pk":{"S":"a"},"v":{"S":")" + value + R"("}}})");
    } else {
      CHECK(body.find(R"("TableName":"big")") != std::string::npos);
    }
  }
  server.Stop();
}

TEST_CASE("a server whose store cannot be opened throws from Start and releases its port") {
  const auto dir = std::filesystem::temp_directory_path() / ("ddbemu-server-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  ServerOptions first_options;
  first_options.port = 0;
  first_options.engine.storage.in_memory = false;
  first_options.engine.storage.path = dir.string();
  Server first(first_options);
  first.Start();

  namespace asio = boost::asio;
  asio::io_context io;
  asio::ip::tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
  const std::uint16_t port = probe.local_endpoint().port();
  probe.close();
  ServerOptions second_options = first_options;
  second_options.port = port;
  Server second(second_options);
  CHECK_THROWS_AS(second.Start(), std::runtime_error);  // RocksDB's lock on the directory
  asio::ip::tcp::acceptor rebind(io);
  rebind.open(asio::ip::tcp::v4());
  rebind.set_option(asio::socket_base::reuse_address(true));
  boost::system::error_code ec;
  rebind.bind({asio::ip::make_address("127.0.0.1"), port}, ec);
  CHECK_FALSE(ec);
  first.Stop();
  std::filesystem::remove_all(dir);
}

TEST_CASE("DynamoDB Local's flag spellings are accepted") {
  CommandLine cmd;
  const std::string dir = std::filesystem::temp_directory_path().string();
  CHECK_FALSE(ParseCommandLine({"-port", "8001", "-dbPath", dir, "-sharedDb"}, cmd).has_value());
  CHECK(cmd.server.port == 8001);
  CHECK_FALSE(cmd.server.engine.storage.in_memory);
  CHECK(cmd.server.engine.storage.path == dir);
  CommandLine missing;  // DynamoDB Local makes no directory
  CHECK(ParseCommandLine({"-dbPath", "/nonexistent/ddbemu"}, missing) ==
        std::optional<std::string>("Invalid directory for database creation."));
  CHECK(ParseCommandLine({"-port", "0"}, missing) ==
        std::optional<std::string>("Invalid Port. Port number must lie between 1 and 65535."));
  CommandLine limits;
  CHECK_FALSE(ParseCommandLine({"--max-connections", "500", "--admin-any-host"}, limits).has_value());
  CHECK(limits.server.max_connections == 500);
  CHECK(limits.server.admin_any_host);
  CommandLine bad;
  CHECK(ParseCommandLine({"--max-connections", "0"}, bad).has_value());
  CHECK(ParseCommandLine({"--port", "99999"}, bad).has_value());
  CHECK(ParseCommandLine({"--bogus"}, bad).has_value());
}

namespace {

namespace asio = boost::asio;

asio::ip::tcp::endpoint Loopback(std::uint16_t port) { return {asio::ip::make_address("127.0.0.1"), port}; }

// Reads until the server closes the connection (or `limit` passes); true if it did.
bool ClosedByServer(asio::ip::tcp::socket& socket, std::chrono::milliseconds limit) {
  socket.non_blocking(true);
  const auto until = std::chrono::steady_clock::now() + limit;
  char buf[65536];
  while (std::chrono::steady_clock::now() < until) {
    boost::system::error_code ec;
    socket.read_some(asio::buffer(buf), ec);
    if (ec == asio::error::would_block) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    if (ec) return true;  // EOF or reset
  }
  return false;
}

// Waits until the server counts `n` open connections (or 5 s pass).
bool OpenConnectionsReach(const Server& server, std::size_t n) {
  for (int i = 0; i < 1000 && server.open_connections() != n; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return server.open_connections() == n;
}

}  // namespace

TEST_CASE("Expect: 100-continue is answered before the body is sent") {
  Server server(OneLoopOnAnyPort());
  server.Start();
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect(Loopback(server.port()));
  const std::string body = "{}";
  std::string request = Request("ListTables", body);
  const std::size_t head_end = request.find("\r\n\r\n");
  request.insert(head_end, "\r\nExpect: 100-continue");
  asio::write(socket, asio::buffer(request.substr(0, request.size() - body.size())));  // the head only
  std::string interim(25, '\0');
  asio::read(socket, asio::buffer(interim));
  CHECK(interim == "HTTP/1.1 100 Continue\r\n\r\n");
  asio::write(socket, asio::buffer(body));
  std::string pending;
  auto [head, answer] = ReadAnswer(socket, pending);
  CHECK(head.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(answer == "{\"TableNames\":[]}");
  server.Stop();
}

TEST_CASE("a request that does not arrive whole in time, or never begins, loses its connection") {
  ServerOptions options = OneLoopOnAnyPort();
  options.request_timeout = std::chrono::milliseconds(200);
  Server server(options);
  server.Start();
  asio::io_context io;
  asio::ip::tcp::socket silent(io), slow(io), served(io);
  silent.connect(Loopback(server.port()));
  slow.connect(Loopback(server.port()));
  served.connect(Loopback(server.port()));
  asio::write(slow, asio::buffer(std::string("POST / HTTP/1.1\r\nHost: localhost\r\n")));  // never finished
  asio::write(served, asio::buffer(Request("ListTables", "{}")));
  std::string pending;
  CHECK(ReadAnswer(served, pending).first.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(ClosedByServer(silent, std::chrono::seconds(5)));
  CHECK(ClosedByServer(slow, std::chrono::seconds(5)));
  // A connection that has been answered waits for its next request up to the idle timeout.
  CHECK_FALSE(ClosedByServer(served, std::chrono::milliseconds(600)));
  server.Stop();
}

TEST_CASE("over the connection cap a new client is answered 503 at once, and is served once a place frees") {
  ServerOptions options = OneLoopOnAnyPort();
  options.max_connections = 2;
  Server server(options);
  server.Start();
  CHECK(server.max_connections() == 2);
  asio::io_context io;
  auto first = std::make_unique<asio::ip::tcp::socket>(io);
  asio::ip::tcp::socket second(io), third(io);
  first->connect(Loopback(server.port()));
  second.connect(Loopback(server.port()));
  REQUIRE(OpenConnectionsReach(server, 2));
  third.connect(Loopback(server.port()));
  std::string pending;
  auto [head, body] = ReadAnswer(third, pending);
  CHECK(head.rfind("HTTP/1.1 503", 0) == 0);
  CHECK(body.find("ServiceUnavailable") != std::string::npos);
  CHECK(ClosedByServer(third, std::chrono::seconds(5)));

  first.reset();  // closes
  REQUIRE(OpenConnectionsReach(server, 1));
  asio::ip::tcp::socket fourth(io);
  fourth.connect(Loopback(server.port()));
  asio::write(fourth, asio::buffer(Request("ListTables", "{}")));
  std::string more;
  CHECK(ReadAnswer(fourth, more).first.rfind("HTTP/1.1 200", 0) == 0);
  server.Stop();
}

TEST_CASE("a client that stops reading its answers loses its connection after the write timeout") {
  ServerOptions options = OneLoopOnAnyPort();
  options.write_timeout = std::chrono::milliseconds(300);
  Server server(options);
  server.Start();
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.open(asio::ip::tcp::v4());
  socket.set_option(asio::socket_base::receive_buffer_size(4096));
  socket.connect(Loopback(server.port()));
  std::string pending;
  PutBigItem(socket, pending);
  std::string requests;
  for (int i = 0; i < 40; ++i) requests += Request("GetItem", R"({"TableName":"big","Key":{"pk":{"S":"a"}}})");
  asio::write(socket, asio::buffer(requests));  // 15 MB of answers, and the client reads none
  CHECK(OpenConnectionsReach(server, 0));
  server.Stop();
}

TEST_CASE("while requests wait for answer budget, connections whose clients stopped reading are closed") {
  ServerOptions options = OneLoopOnAnyPort();
  options.max_unsent_answer_bytes = 1;  // any answer the kernel does not take at once exceeds it
  options.write_timeout = std::chrono::minutes(10);
  Server server(options);
  server.Start();
  asio::io_context io;
  asio::ip::tcp::socket stalled(io), waiting(io);
  stalled.open(asio::ip::tcp::v4());
  stalled.set_option(asio::socket_base::receive_buffer_size(4096));
  stalled.connect(Loopback(server.port()));
  std::string pending;
  PutBigItem(stalled, pending);
  std::string requests;
  for (int i = 0; i < 40; ++i) requests += Request("GetItem", R"({"TableName":"big","Key":{"pk":{"S":"a"}}})");
  asio::write(stalled, asio::buffer(requests));  // then reads nothing
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  // The other client's request waits for the budget, which frees when the
  // stalled connection is closed, long before the write timeout.
  waiting.connect(Loopback(server.port()));
  asio::write(waiting, asio::buffer(Request("ListTables", "{}")));
  std::string more;
  auto [head, body] = ReadAnswer(waiting, more);
  CHECK(head.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(body == "{\"TableNames\":[\"big\"]}");
  CHECK(OpenConnectionsReach(server, 1));
  server.Stop();
}
