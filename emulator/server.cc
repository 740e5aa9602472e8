#include "emulator/server.h"

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <functional>
#include <iostream>
#include <thread>
#include <vector>

#include "emulator/admin_guard.h"
#include "emulator/content_coding.h"
#include "emulator/cors.h"
#include "emulator/http_response.h"
#include "protocol/admin.h"
#include "protocol/dispatcher.h"

namespace ddb {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// A request body at least this large is handled on a worker thread, so that
// parsing and validating it (a 16 MB body takes a few hundred milliseconds)
// does not hold up the other connections of its event loop.
constexpr std::size_t kWorkerBodyBytes = 128 * 1024;

// So is TransactGetItems, whose answer runs to 4 MB and takes tens of
// milliseconds to build: a GetItem queued behind 32 of them waited 2.3 s, and
// 44 ms with them here. BatchGetItem and Scan stay on the loop: handed over,
// they lost 7% and 45% of their throughput (bench/results/history.md).
bool BuildsLargeAnswers(std::string_view target) {
  constexpr std::string_view kTransactGet = ".TransactGetItems";
  return target.size() >= kTransactGet.size() && target.substr(target.size() - kTransactGet.size()) == kTransactGet;
}

// How long a request waits before it looks again at the unsent-answer budget.
constexpr std::chrono::milliseconds kBudgetRetry{10};
// While requests wait for that budget, a connection whose client has taken
// none of its answer for this long is closed: the clients that stopped
// reading pay for the memory, not the ones waiting behind them.
constexpr std::chrono::milliseconds kStalledUnderPressure{1000};
// The answer to a connection over the cap, written before its request is
// read: SDKs retry a 503 with backoff.
constexpr std::string_view kRequestTooLargeBody =
    R"({"__type":"com.amazon.coral.service#RequestEntityTooLarge","message":"Request must be smaller than 16777216 bytes for the DynamoDB operation."})";
constexpr std::string_view kInvalidPreflightBody =
    R"({"__type":"com.amazon.coral.validate#ValidationException","Message":"Invalid PreFlight Headers"})";
constexpr std::string_view kTooManyConnectionsBody =
    R"({"__type":"com.amazonaws.dynamodb.v20120810#ServiceUnavailable","message":"ddbemu has too many open connections"})";

// A header's value where the last of several counts, as in DynamoDB's
// reading of Accept-Encoding.
std::string_view LastValue(const http::request<http::string_body>& req, http::field name) {
  std::string_view value;
  for (auto [it, end] = req.equal_range(name); it != end; ++it) value = it->value();
  return value;
}

// A request whose SigV4 credential scope names STS (.../<region>/sts/aws4_request).
bool IsSignedForSts(std::string_view authorization) {
  return authorization.find("/sts/aws4_request") != std::string_view::npos;
}

// What every connection of one server shares.
struct Shared {
  const Dispatcher& dispatcher;
  const ServerOptions& options;
  asio::thread_pool& workers;
  std::atomic<std::size_t> open_connections{0};
  std::atomic<std::size_t> unsent_answer_bytes{0};
  // How often a connection checks its timeouts: a quarter of the shortest,
  // at most every 5 s. A timer re-armed per request cost two syscalls per
  // request (docs/performance.md); a periodic check costs one wake-up.
  std::chrono::milliseconds check_every;
  // Closes the connections stalled past kStalledUnderPressure (at most ten
  // times a second, whoever asks).
  std::function<void()> close_stalled_writers;
};

// One client connection: read a request, answer it, repeat while keep-alive.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::atomic<int>& loop_connections, Shared& shared)
      : socket_(std::move(socket)),
        watchdog_(socket_.get_executor()),
        budget_timer_(socket_.get_executor()),
        shared_(shared),
        loop_connections_(loop_connections) {
    loop_connections_.fetch_add(1, std::memory_order_relaxed);
    shared_.open_connections.fetch_add(1, std::memory_order_relaxed);
  }
  ~Session() {
    shared_.unsent_answer_bytes.fetch_sub(unsent_bytes_, std::memory_order_relaxed);
    shared_.open_connections.fetch_sub(1, std::memory_order_relaxed);
    loop_connections_.fetch_sub(1, std::memory_order_relaxed);
  }

  void Run() {
    asio::dispatch(socket_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->socket_.non_blocking(true, ec);  // Send() tries a write without waiting
      self->Watch();
      self->ReadRequest();
    });
  }
  void Close() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] { self->CloseSocket(); });
  }
  void CloseIfStalled(std::chrono::milliseconds limit) {
    asio::post(socket_.get_executor(), [self = shared_from_this(), limit] {
      if (self->phase_ == Phase::kWriting && std::chrono::steady_clock::now() - self->phase_since_ >= limit) {
        self->CloseSocket();
      }
    });
  }

 private:
  // What the connection is doing, for its timeouts.
  enum class Phase {
    kAwaitingRequest,  // nothing of the next request has arrived
    kReadingRequest,   // part of a request has arrived
    kHandling,         // the server works on the request, or waits for answer budget
    kWriting,          // an answer is going out
  };

  void Enter(Phase phase) {
    phase_ = phase;
    phase_since_ = std::chrono::steady_clock::now();
  }

  void Watch() {
    watchdog_.expires_after(shared_.check_every);
    watchdog_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || !self->socket_.is_open()) return;
      if (self->TimedOut()) return self->CloseSocket();
      self->Watch();
    });
  }

  bool TimedOut() const {
    const auto waited = std::chrono::steady_clock::now() - phase_since_;
    const ServerOptions& o = shared_.options;
    switch (phase_) {
      case Phase::kAwaitingRequest: return waited >= (answered_ == 0 ? o.request_timeout : o.idle_timeout);
      case Phase::kReadingRequest: return waited >= o.request_timeout;
      case Phase::kWriting: return waited >= o.write_timeout;  // since the last bytes the client took
      case Phase::kHandling: return false;
    }
    return false;
  }

  void CloseSocket() {
    beast::error_code ec;
    watchdog_.cancel();
    budget_timer_.cancel();
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }

  // Requests are parsed from the connection's buffer by hand rather than by
  // http::async_read, which would not show when the head is complete (to
  // answer Expect: 100-continue) or when a request began to arrive.
  void ReadRequest() {
    parser_.emplace();
    parser_->body_limit(shared_.options.body_limit);
    parser_->header_limit(64 * 1024);
    parser_->eager(true);
    continue_sent_ = false;
    Enter(buffer_.size() > 0 ? Phase::kReadingRequest : Phase::kAwaitingRequest);
    ParseBuffered();
  }

  void ParseBuffered() {
    while (buffer_.size() > 0 && !parser_->is_done()) {
      beast::error_code ec;
      const std::size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec == http::error::need_more) break;
      if (ec) return OnMalformed(ec);
      if (used == 0) break;
    }
    if (parser_->is_done()) return OnRequest();
    if (parser_->is_header_done() && !continue_sent_) SendContinueIfExpected();
    socket_.async_read_some(buffer_.prepare(beast::read_size(buffer_, 64 * 1024)),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->buffer_.commit(n);
                              if (ec) return self->Shutdown();  // the peer left, or Stop()
                              if (self->phase_ == Phase::kAwaitingRequest) self->Enter(Phase::kReadingRequest);
                              self->ParseBuffered();
                            });
  }

  // A client that sent Expect: 100-continue waits for this before the body
  // (curl, for a second, when the body is over 1 MiB; the C++ SDK always).
  // It is one small write into an empty socket buffer, so it is made at once.
  void SendContinueIfExpected() {
    continue_sent_ = true;
    if (!beast::iequals(parser_->get()[http::field::expect], "100-continue")) return;
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    beast::error_code ec;
    socket_.write_some(asio::buffer(kContinue), ec);
  }

  void OnMalformed(beast::error_code ec) {
    keep_alive_ = false;
    http10_ = false;
    answer_coding_ = ContentCoding::kIdentity;
    cors_headers_.clear();
    Enter(Phase::kHandling);
    if (ec == http::error::body_limit) return Reply(413, std::string(kRequestTooLargeBody));
    Reply(400, R"({"__type":"com.amazon.coral.service#SerializationException","message":"Malformed HTTP request"})");
  }

  void OnRequest() {
    Enter(Phase::kHandling);
    auto& req = parser_->get();
    keep_alive_ = req.keep_alive();
    http10_ = req.version() == 10;
    answer_coding_ = ContentCoding::kIdentity;
    cors_headers_.clear();
    if (Dispatcher::IsAdminPath(req.target())) return HandleAdmin();
    const CorsRequest cors{req[http::field::origin], req[http::field::access_control_request_method],
                           req[http::field::access_control_request_headers]};
    if (IsPreflight(req.method_string(), cors)) {
      // A web page asks what it may send: no body, no content type.
      if (!IsValidPreflight(cors)) {
        cors_headers_ = CorsHeaders(shared_.options.cors_origins, cors);
        return Reply(400, std::string(kInvalidPreflightBody), {});
      }
      cors_headers_ = CorsPreflightHeaders(shared_.options.cors_origins, cors);
      return Reply(200, std::string(), {});
    }
    cors_headers_ = CorsHeaders(shared_.options.cors_origins, cors);
    answer_coding_ = ChooseAnswerCoding(LastValue(req, http::field::accept_encoding));
    if (req.method() == http::verb::get && !IsSignedForSts(req[http::field::authorization])) {
      // DynamoDB answers a plain GET with a health line; load balancers use it.
      return Reply(200, "healthy: dynamodb.us-east-1.amazonaws.com ", "text/plain");
    }
    HandleWithinBudget();
  }

  // Replaces a gzip- or deflate-encoded body by what it encodes (on a
  // worker: inflating to 16 MB takes a fraction of a second). A body that
  // cannot be decoded, or whose coding ddbemu does not take, is answered 500
  // InternalServerError and not applied, as DynamoDB does. One that decodes
  // past the size limit gets the limit's answer (DynamoDB inflates far
  // more; ddbemu keeps its memory bounded).
  std::optional<ProtocolResponse> DecodeBody() {
    auto& req = parser_->get();
    const auto coding = ParseContentEncoding(req[http::field::content_encoding]);
    if (coding == ContentCoding::kIdentity) return std::nullopt;
    std::string plain;
    const InflateResult result =
        coding ? Inflate(req.body(), *coding, shared_.options.body_limit, plain) : InflateResult::kCorrupt;
    if (result == InflateResult::kOk) {
      req.body() = std::move(plain);
      return std::nullopt;
    }
    if (result == InflateResult::kTooLarge) {
      keep_alive_ = false;
      return ProtocolResponse{413, std::string(kRequestTooLargeBody), "application/x-amz-json-1.0", {}, {}};
    }
    return ProtocolResponse{500, RenderError(InternalServerError()), "application/x-amz-json-1.0", {}, {}};
  }

  // Encodes an answer's body as the request's Accept-Encoding asks, when it
  // is over kMinCompressedAnswerBytes; returns the coding applied.
  ContentCoding EncodeAnswer(std::string& body) const {
    if (body.size() <= kMinCompressedAnswerBytes || answer_coding_ == ContentCoding::kIdentity) {
      return ContentCoding::kIdentity;
    }
    body = Encode(body, answer_coding_);
    return answer_coding_;
  }

  void HandleAdmin() {
    const auto& req = parser_->get();
    const AdminRequestHeaders headers{req.method_string(), req[http::field::host], req[http::field::origin],
                                      req[http::field::content_type]};
    if (auto refusal = CheckAdminRequest(headers, shared_.options.admin_any_host)) {
      return Reply(AdminProblem(refusal->status, refusal->message));
    }
    ProtocolResponse admin = shared_.dispatcher.HandleAdmin(req.method_string(), req.target(), req.body());
    Reply(admin.status, std::move(admin.body), admin.content_type);
  }

  // While clients have not taken more than the budget of answers, requests
  // wait: the memory answers hold stays bounded however many clients stop
  // reading, and frees as they read or time out.
  void HandleWithinBudget() {
    if (shared_.unsent_answer_bytes.load(std::memory_order_relaxed) > shared_.options.max_unsent_answer_bytes) {
      shared_.close_stalled_writers();
      budget_timer_.expires_after(kBudgetRetry);
      budget_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
        if (!ec && self->socket_.is_open()) self->HandleWithinBudget();
      });
      return;
    }
    const auto& req = parser_->get();
    const bool encoded = !req[http::field::content_encoding].empty();
    if (req.body().size() < kWorkerBodyBytes && !BuildsLargeAnswers(req["X-Amz-Target"]) && !encoded) {
      return Reply(Handle());
    }
    // Decoding, handling and encoding all happen on the worker.
    asio::post(shared_.workers, [self = shared_from_this()] {
      std::optional<ProtocolResponse> refused = self->DecodeBody();
      ProtocolResponse response = refused ? std::move(*refused) : self->Handle();
      const ContentCoding coding = self->EncodeAnswer(response.body);
      asio::post(self->socket_.get_executor(), [self, response = std::move(response), coding]() mutable {
        self->Reply(std::move(response), coding);
      });
    });
  }

  ProtocolResponse Handle() const {
    const auto& req = parser_->get();
    RequestInfo info;
    info.host = std::string(req[http::field::host]);
    const std::string_view target = req.target();
    const std::size_t question = target.find('?');
    WireRequest wire{req.method_string(),
                     req[http::field::content_type],
                     req["X-Amz-Target"],
                     req[http::field::authorization],
                     req["X-Amz-Security-Token"],
                     req.body(),
                     question == std::string_view::npos ? std::string_view{} : target.substr(question + 1)};
    return shared_.dispatcher.Handle(wire, std::move(info));
  }

  // `coding`: what the body is already encoded with; nullopt: encode it here.
  void Reply(ProtocolResponse response, std::optional<ContentCoding> coding = std::nullopt) {
    cors_headers_ += response.headers;
    Reply(response.status, std::move(response.body), response.content_type, response.request_id, coding);
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
  void Reply(int status, std::string body, std::string_view content_type = "application/x-amz-json-1.0",
             std::string_view request_id = {}, std::optional<ContentCoding> encoded = std::nullopt) {
    body_ = std::move(body);
    const ContentCoding coding = encoded ? *encoded : EncodeAnswer(body_);
    ResponseHead response;
    response.status = status;
    response.content_type = content_type;
    response.keep_alive = keep_alive_;
    response.http10 = http10_;
    response.content_encoding = CodingName(coding);
    response.request_id = request_id;
    response.extra_headers = cors_headers_;
    WriteResponseHead(response, body_, head_);
    unsent_bytes_ = head_.size() + body_.size();
    shared_.unsent_answer_bytes.fetch_add(unsent_bytes_, std::memory_order_relaxed);
    Enter(Phase::kWriting);
    if (loop_connections_.load(std::memory_order_relaxed) == 1) return Send();
    asio::post(socket_.get_executor(), [self = shared_from_this()] { self->Send(); });
  }

  // Writes what the socket takes now (usually the whole answer, which spares
  // the loop a round through its queue), then the rest as the client reads;
  // each write that makes progress restarts the write timeout.
  void Send() {
    const std::size_t sent = head_.size() + body_.size() - unsent_bytes_;
    const std::size_t head_sent = std::min(sent, head_.size());
    const std::array rest{asio::buffer(head_) + head_sent, asio::buffer(body_) + (sent - head_sent)};
    beast::error_code ec;
    const std::size_t n = socket_.write_some(rest, ec);
    if (ec && ec != asio::error::would_block) return Shutdown();
    if (!ec) Wrote(n);
    if (unsent_bytes_ == 0) return Sent();
    socket_.async_wait(tcp::socket::wait_write, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->Shutdown();
      self->Send();
    });
  }

  void Wrote(std::size_t n) {
    if (n == 0) return;
    unsent_bytes_ -= n;
    shared_.unsent_answer_bytes.fetch_sub(n, std::memory_order_relaxed);
    Enter(Phase::kWriting);
  }

  void Sent() {
    std::string().swap(body_);
    if (!keep_alive_) return Shutdown();
    ++answered_;
    if (buffer_.size() == 0 && buffer_.capacity() > 64 * 1024) buffer_.shrink_to_fit();
    ReadRequest();
  }

  // Ends the session: no further operation is started, so once the timers
  // are cancelled the last reference goes and the socket closes.
  void Shutdown() {
    beast::error_code ec;
    watchdog_.cancel();
    budget_timer_.cancel();
    socket_.shutdown(tcp::socket::shutdown_send, ec);
  }

  tcp::socket socket_;
  asio::steady_timer watchdog_;
  asio::steady_timer budget_timer_;
  Phase phase_ = Phase::kAwaitingRequest;
  std::chrono::steady_clock::time_point phase_since_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  bool continue_sent_ = false;
  bool keep_alive_ = true;
  bool http10_ = false;                                     // the request's version, for its keep-alive answer
  ContentCoding answer_coding_ = ContentCoding::kIdentity;  // as the request's Accept-Encoding asks
  std::string cors_headers_;  // for the answer to a web page's request, and any other extra headers
  std::uint64_t answered_ = 0;
  std::string head_;
  std::string body_;
  std::size_t unsent_bytes_ = 0;  // of head_ and body_, counted in shared_.unsent_answer_bytes
  Shared& shared_;
  std::atomic<int>& loop_connections_;  // connections open on this session's loop
};

// The cap on open connections: the flag, or what the open-file limit leaves.
std::size_t ConnectionCap(std::size_t flag) {
  if (flag > 0) return flag;
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return kDefaultMaxConnections;
  const std::size_t descriptors = static_cast<std::size_t>(limit.rlim_cur);
  if (descriptors <= 2 * kReservedDescriptors) return descriptors / 2;
  return std::min(descriptors - kReservedDescriptors, kDefaultMaxConnections);
}

std::chrono::milliseconds CheckInterval(const ServerOptions& o) {
  const auto shortest = std::min({o.request_timeout, o.idle_timeout, o.write_timeout});
  return std::clamp(shortest / 4, std::chrono::milliseconds(1), std::chrono::milliseconds(5000));
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  std::unique_ptr<Namespaces> namespaces;
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
  std::optional<asio::thread_pool> workers;  // large requests (kWorkerBodyBytes)
  std::unique_ptr<Shared> shared;
  std::size_t max_connections = 0;
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::steady_timer> accept_backoff;
  std::vector<std::thread> threads;
  std::mutex sessions_mutex;
  std::vector<std::weak_ptr<Session>> sessions;
  std::atomic<std::int64_t> last_stall_sweep{0};  // steady-clock milliseconds
  bool running = false;

  void CloseStalledWriters() {
    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count();
    std::int64_t last = last_stall_sweep.load(std::memory_order_relaxed);
    if (now - last < 100 || !last_stall_sweep.compare_exchange_strong(last, now)) return;
    std::lock_guard lock(sessions_mutex);
    for (auto& w : sessions) {
      if (auto session = w.lock()) session->CloseIfStalled(kStalledUnderPressure);
    }
  }

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
      }
      if (shared->open_connections.load(std::memory_order_relaxed) >= max_connections) {
        // Full: answer at once and close, rather than leave the client
        // waiting in the listen backlog.
        std::string head;
        ResponseHead response;
        response.status = 503;
        response.content_type = "application/x-amz-json-1.0";
        response.keep_alive = false;
        WriteResponseHead(response, kTooManyConnectionsBody, head);
        socket.non_blocking(true, ec);
        socket.write_some(std::array<asio::const_buffer, 2>{asio::buffer(head), asio::buffer(kTooManyConnectionsBody)},
                          ec);
        socket.shutdown(tcp::socket::shutdown_both, ec);
        socket.close(ec);
      } else {
        socket.set_option(tcp::no_delay(true), ec);
        auto session = std::make_shared<Session>(std::move(socket), loop.connections, *shared);
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
    s.namespaces = std::make_unique<Namespaces>(s.options.tenancy, s.options.engine);
  } catch (...) {
    Stop();
    throw;
  }
  s.dispatcher = std::make_unique<Dispatcher>(*s.namespaces, s.options.validation_layer, s.options.s3_directory);
  s.workers.emplace(s.loops.size());
  s.shared.reset(new Shared{
      *s.dispatcher, s.options, *s.workers, {}, {}, CheckInterval(s.options), [&s] { s.CloseStalledWriters(); }});
  s.max_connections = ConnectionCap(s.options.max_connections);
  asio::post(first, [&s] { s.Accept(); });
}

std::uint16_t Server::port() const { return impl_->acceptor->local_endpoint().port(); }

std::size_t Server::max_connections() const { return impl_->max_connections; }

std::size_t Server::open_connections() const {
  return impl_->shared ? impl_->shared->open_connections.load(std::memory_order_relaxed) : 0;
}

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
  // A request still on a worker finishes (its answer goes to a stopped loop)
  // before the engine it uses is closed.
  if (s.workers) s.workers->join();
  s.acceptor.reset();
  s.accept_backoff.reset();
  s.loops.clear();
  s.shared.reset();
  s.workers.reset();
  s.dispatcher.reset();
  s.namespaces.reset();  // closes every store cleanly
}

Namespaces& Server::namespaces() { return *impl_->namespaces; }

Engine& Server::engine() { return impl_->namespaces->Default(); }

}  // namespace ddb
