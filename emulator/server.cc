#include "emulator/server.h"

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <iostream>
#include <thread>
#include <vector>

#include "emulator/http_response.h"
#include "protocol/dispatcher.h"

namespace ddb {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// A connection with no request or response progress for this long is closed.
constexpr std::chrono::seconds kIdleLimit{120};
// How often a connection checks that limit. Re-arming a timer per request
// cost two timerfd_settime calls and an extra epoll_wait per request (strace -c:
// 6 syscalls per GetItem, 3 of them for the timer); a coarse watchdog costs
// one timer wake-up per connection every 10 seconds.
constexpr std::chrono::seconds kIdleCheckEvery{10};

// One client connection: read a request, answer it, repeat while keep-alive.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::atomic<int>& loop_connections, const Dispatcher& dispatcher, std::size_t body_limit)
      : socket_(std::move(socket)),
        idle_timer_(socket_.get_executor()),
        dispatcher_(dispatcher),
        loop_connections_(loop_connections),
        body_limit_(body_limit) {
    loop_connections_.fetch_add(1, std::memory_order_relaxed);
  }
  ~Session() { loop_connections_.fetch_sub(1, std::memory_order_relaxed); }

  void Run() {
    asio::dispatch(socket_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->socket_.non_blocking(true, ec);  // Send() tries a write without waiting
      self->Touch();
      self->WatchIdle();
      self->Read();
    });
  }
  void Close() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] { self->CloseSocket(); });
  }

 private:
  void Touch() { last_progress_ = std::chrono::steady_clock::now(); }

  // An idle or stalled client (no complete request read, no response taken)
  // must not hold a connection forever.
  void WatchIdle() {
    idle_timer_.expires_after(kIdleCheckEvery);
    idle_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || !self->socket_.is_open()) return;
      if (std::chrono::steady_clock::now() - self->last_progress_ >= kIdleLimit) return self->CloseSocket();
      self->WatchIdle();
    });
  }

  void CloseSocket() {
    beast::error_code ec;
    idle_timer_.cancel();
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }

  void Read() {
    parser_.emplace();
    parser_->body_limit(body_limit_);
    parser_->header_limit(64 * 1024);
    http::async_read(socket_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof || ec == asio::error::bad_descriptor) {
      return Shutdown();
    }
    Touch();
    if (ec == http::error::body_limit) {
      return Reply(
          413,
          R"({"__type":"com.amazon.coral.service#RequestEntityTooLarge","message":"Request must be smaller than 16777216 bytes for the DynamoDB operation."})",
          false);
    }
    if (ec) {
      return Reply(400,
                   R"({"__type":"com.amazon.coral.service#SerializationException","message":"Malformed HTTP request"})",
                   false);
    }
    const auto& req = parser_->get();
    keep_alive_ = req.keep_alive();
    if (Dispatcher::IsAdminPath(req.target())) {
      ProtocolResponse admin = dispatcher_.HandleAdmin(req.method_string(), req.target(), req.body());
      return Reply(admin.status, std::move(admin.body), keep_alive_, admin.content_type);
    }
    if (req.method() == http::verb::get) {
      // DynamoDB answers a plain GET with a health line; load balancers use it.
      return Reply(200, "healthy: dynamodb.us-east-1.amazonaws.com ", keep_alive_, "text/plain");
    }
    RequestInfo info;
    info.host = std::string(req[http::field::host]);
    WireRequest wire{req.method_string(), req[http::field::content_type], req["X-Amz-Target"],
                     req[http::field::authorization], req.body()};
    ProtocolResponse response = dispatcher_.Handle(wire, std::move(info));
    Reply(response.status, std::move(response.body), keep_alive_, response.content_type);
  }

  // The head and the body go out in one gather write, once the loop has
  // handled every request that was ready with this one: the answers to a
  // batch then leave back to back, so a client waiting on several
  // connections is woken once for them rather than once per answer. Waking
  // the client was the server's largest kernel cost under many connections
  // (docs/performance.md). The extra turn of the loop is not free, so the
  // only connection on its loop (a client making one request at a time) is
  // answered at once. The head buffer is reused from answer to answer; the
  // body is released once sent, so an idle connection holds no answer.
  void Reply(int status, std::string body, bool keep_alive,
             std::string_view content_type = "application/x-amz-json-1.0") {
    body_ = std::move(body);
    WriteResponseHead(status, content_type, body_, keep_alive, head_);
    if (loop_connections_.load(std::memory_order_relaxed) == 1) return Send(keep_alive);
    asio::post(socket_.get_executor(), [self = shared_from_this(), keep_alive] { self->Send(keep_alive); });
  }

  // Writes the answer now if the socket takes it whole (the usual case),
  // which spares the loop a round through its queue; the rest, if any, goes
  // out asynchronously.
  void Send(bool keep_alive) {
    beast::error_code ec;
    std::size_t sent = socket_.write_some(std::array{asio::buffer(head_), asio::buffer(body_)}, ec);
    if (ec && ec != asio::error::would_block) return Shutdown();
    if (ec) sent = 0;
    if (sent == head_.size() + body_.size()) return Sent(keep_alive);
    const std::size_t head_sent = std::min(sent, head_.size());
    const std::array rest{asio::buffer(head_) + head_sent, asio::buffer(body_) + (sent - head_sent)};
    asio::async_write(socket_, rest, [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
      if (ec) return self->Shutdown();
      self->Sent(keep_alive);
    });
  }

  void Sent(bool keep_alive) {
    std::string().swap(body_);
    if (!keep_alive) return Shutdown();
    Touch();
    Read();
  }

  // Ends the session: no further operation is started, so once the idle
  // timer is cancelled the last reference goes and the socket closes.
  void Shutdown() {
    beast::error_code ec;
    idle_timer_.cancel();
    socket_.shutdown(tcp::socket::shutdown_send, ec);
  }

  tcp::socket socket_;
  asio::steady_timer idle_timer_;
  std::chrono::steady_clock::time_point last_progress_;
  beast::flat_buffer buffer_;
  std::string head_;
  std::string body_;
  std::optional<http::request_parser<http::string_body>> parser_;
  const Dispatcher& dispatcher_;
  std::atomic<int>& loop_connections_;  // connections open on this session's loop
  std::size_t body_limit_;
  bool keep_alive_ = true;
};

}  // namespace

struct Server::Impl {
  ServerOptions options;
  std::unique_ptr<Engine> engine;
  std::unique_ptr<Dispatcher> dispatcher;
  // One event loop per I/O thread, each run by exactly one thread: a
  // connection lives on one loop for its whole life, so no handler is ever
  // handed to another thread (cross-thread wake-ups cost more than a
  // GetItem here) and no strand or scheduler lock is needed.
  struct Loop {
    std::atomic<int> connections{0};  // declared first: sessions destroyed with the context count down
    asio::io_context context{1};
  };
  std::vector<std::unique_ptr<Loop>> loops;
  std::size_t next_loop = 0;
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::steady_timer> accept_backoff;
  std::vector<std::thread> threads;
  std::mutex sessions_mutex;
  std::vector<std::weak_ptr<Session>> sessions;
  bool running = false;

  void Accept() {
    Loop& loop = *loops[next_loop];
    next_loop = (next_loop + 1) % loops.size();
    acceptor->async_accept(loop.context, [this, &loop](beast::error_code ec, tcp::socket socket) {
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor->is_open()) return;
        // Out of descriptors or similar: retry shortly instead of spinning.
        accept_backoff->expires_after(std::chrono::milliseconds(50));
        accept_backoff->async_wait([this](beast::error_code) {
          if (acceptor->is_open()) Accept();
        });
        return;
      } else {
        socket.set_option(tcp::no_delay(true), ec);
        auto session = std::make_shared<Session>(std::move(socket), loop.connections, *dispatcher, options.body_limit);
        {
          std::lock_guard lock(sessions_mutex);
          std::erase_if(sessions, [](const auto& w) { return w.expired(); });
          sessions.push_back(session);
        }
        session->Run();
      }
      Accept();
    });
  }
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>()) { impl_->options = std::move(options); }

Server::~Server() { Stop(); }

void Server::Start() {
  Impl& s = *impl_;
  int n = s.options.threads > 0 ? s.options.threads : static_cast<int>(std::thread::hardware_concurrency());
  if (n < 1) n = 1;
  for (int i = 0; i < n; ++i) s.loops.push_back(std::make_unique<Impl::Loop>());
  asio::io_context& first = s.loops.front()->context;
  tcp::endpoint endpoint(asio::ip::make_address(s.options.host), s.options.port);
  s.acceptor.emplace(first);
  s.acceptor->open(endpoint.protocol());
  s.acceptor->set_option(asio::socket_base::reuse_address(true));
  s.acceptor->bind(endpoint);
  s.acceptor->listen(asio::socket_base::max_listen_connections);
  s.accept_backoff.emplace(first);
  // The I/O threads start before the store opens, so their start-up (stacks,
  // malloc arenas) overlaps the open on the other core; a client that
  // connects meanwhile waits in the listen backlog until Accept() is posted.
  for (auto& loop : s.loops) {
    // Idle loops (no connection yet) must keep running until Stop().
    s.threads.emplace_back([&loop] {
      auto guard = asio::make_work_guard(loop->context);
      loop->context.run();
    });
  }
  s.running = true;
  try {
    s.engine = std::make_unique<Engine>(s.options.engine);
  } catch (...) {
    Stop();
    throw;
  }
  s.dispatcher = std::make_unique<Dispatcher>(*s.engine);
  asio::post(first, [&s] { s.Accept(); });
}

std::uint16_t Server::port() const { return impl_->acceptor->local_endpoint().port(); }

void Server::Stop() {
  Impl& s = *impl_;
  if (!s.running) return;
  s.running = false;
  asio::post(s.loops.front()->context, [&s] {
    beast::error_code ec;
    s.acceptor->close(ec);
  });
  {
    std::lock_guard lock(s.sessions_mutex);
    for (auto& w : s.sessions) {
      if (auto session = w.lock()) session->Close();
    }
  }
  // Let in-flight responses finish briefly, then stop the loop.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  for (auto& loop : s.loops) loop->context.stop();
  for (auto& t : s.threads) t.join();
  s.threads.clear();
  s.acceptor.reset();
  s.accept_backoff.reset();
  s.loops.clear();
  s.dispatcher.reset();
  s.engine.reset();  // closes RocksDB cleanly
}

Engine& Server::engine() { return *impl_->engine; }

}  // namespace ddb
