// ddbemu-load: a thin closed-loop load generator for DynamoDB's JSON protocol.
//
// --connections keep-alive connections are spread over --threads event loops
// (epoll, non-blocking sockets); each connection sends one request, waits for
// the whole answer, and sends the next, for --seconds. The client does as
// little per request as it can (one prepared header block, a body template
// filled by splicing, a response parser that reads only the status line and
// Content-Length or chunked framing), so the figures are the server's and not
// the client's: on this machine it drives nginx harder than wrk. The body is a
// template in which every "{n}" becomes a key number 0, 1, 2, ... modulo
// --keys, spread over the connections. Prints one JSON line: requests,
// non-200 answers, requests per second and latency percentiles in
// microseconds.
//
//   ddbemu-load --port 8000 --target GetItem --keys 10000 --connections 32
//       --seconds 10 --body '{"TableName":"T","Key":{"pk":{"S":"k{n}"}}}'
//
// With --script FILE it instead sends the file's requests ("Target<TAB>Body"
// per line) once, in order, on one connection: a fixed workload such as the
// benchmark's mixed "CI suite".
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench/body_template.h"

namespace {

using ddb::bench::BodyTemplate;

using Clock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  int port = 8000;
  std::string target = "GetItem";
  std::string body;
  long keys = 1;
  int connections = 1;
  int threads = 0;  // 0: min(connections, 2)
  double seconds = 5;
  std::string script;  // when set: run its requests once, in order, on one connection
};

struct Connection {
  int fd = -1;
  long next_key = 0;
  std::string request;  // the whole request being sent
  std::size_t sent = 0;
  bool waiting_to_write = false;  // registered for EPOLLOUT instead of EPOLLIN
  std::string response;           // bytes of the answer read so far
  Clock::time_point started;
};

struct Result {
  long requests = 0, errors = 0;
  std::vector<float> latencies_us;
};

// The end of a chunked body that starts at `from`, or npos while incomplete.
// (Jetty, under DynamoDB Local, sends large answers chunked.)
std::size_t ChunkedBodyEnd(std::string_view data, std::size_t from) {
  for (std::size_t at = from;;) {
    const std::size_t eol = data.find("\r\n", at);
    if (eol == std::string_view::npos) return std::string_view::npos;
    const std::size_t size = std::strtoul(std::string(data.substr(at, eol - at)).c_str(), nullptr, 16);
    if (size == 0) {  // last chunk; no trailers are sent
      return data.size() >= eol + 4 ? eol + 4 : std::string_view::npos;
    }
    at = eol + 2 + size + 2;
    if (at > data.size()) return std::string_view::npos;
  }
}

// Returns the length of the whole response in `data` once complete, 0 while
// incomplete; `status` gets the status code.
std::size_t CompleteResponse(std::string_view data, int& status) {
  const std::size_t header_end = data.find("\r\n\r\n");
  if (header_end == std::string_view::npos) return 0;
  status = data.size() > 12 ? std::atoi(std::string(data.substr(9, 3)).c_str()) : 0;
  std::size_t length = 0;
  bool chunked = false;
  for (std::size_t line = data.find("\r\n") + 2; line < header_end;) {
    const std::size_t eol = data.find("\r\n", line);
    std::string_view header = data.substr(line, eol - line);
    if (header.size() > 15 && strncasecmp(header.data(), "content-length:", 15) == 0) {
      length = std::strtoul(std::string(header.substr(15)).c_str(), nullptr, 10);
    } else if (header.size() > 18 && strncasecmp(header.data(), "transfer-encoding:", 18) == 0) {
      chunked = header.find("chunked") != std::string_view::npos;
    }
    line = eol + 2;
  }
  if (chunked) {
    const std::size_t end = ChunkedBodyEnd(data, header_end + 4);
    return end == std::string_view::npos ? 0 : end;
  }
  const std::size_t total = header_end + 4 + length;
  return data.size() >= total ? total : 0;
}

// A request's headers up to "Content-Length: ", which the caller completes.
std::string RequestHead(const Options& o, const std::string& target) {
  return "POST / HTTP/1.1\r\nHost: " + o.host + ":" + std::to_string(o.port) +
         "\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810." + target +
         "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, "
         "SignedHeaders=content-type;host;x-amz-target, Signature=0\r\nContent-Length: ";
}

int Connect(const Options& o) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(o.port));
  inet_pton(AF_INET, o.host.c_str(), &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    std::perror("connect");
    std::exit(1);
  }
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

class Loop {
 public:
  Loop(const Options& o, const BodyTemplate& body, std::vector<int> connection_ids, Result& result)
      : o_(o), body_(body), result_(result), epoll_(epoll_create1(0)) {
    head_ = RequestHead(o, o.target);
    connections_.resize(connection_ids.size());
    for (std::size_t i = 0; i < connections_.size(); ++i) {
      connections_[i].fd = Connect(o);
      connections_[i].next_key = connection_ids[i];
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.u64 = i;
      epoll_ctl(epoll_, EPOLL_CTL_ADD, connections_[i].fd, &ev);
    }
  }
  ~Loop() {
    for (auto& c : connections_) close(c.fd);
    close(epoll_);
  }

  void Run(Clock::time_point stop) {
    for (auto& c : connections_) Send(c);
    std::vector<epoll_event> events(connections_.size());
    char buffer[65536];
    std::size_t open = connections_.size();
    while (open > 0) {
      const int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 100);
      const Clock::time_point now = Clock::now();
      for (int e = 0; e < n; ++e) {
        Connection& c = connections_[events[e].data.u64];
        if (events[e].events & EPOLLOUT) {
          Send(c);
          continue;
        }
        const ssize_t got = read(c.fd, buffer, sizeof buffer);
        if (got <= 0) {
          if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
          std::cerr << "connection closed by the server\n";
          std::exit(1);
        }
        c.response.append(buffer, static_cast<std::size_t>(got));
        int status = 0;
        const std::size_t complete = CompleteResponse(c.response, status);
        if (complete == 0) continue;
        c.response.erase(0, complete);
        ++result_.requests;
        if (status != 200) ++result_.errors;
        result_.latencies_us.push_back(std::chrono::duration<float, std::micro>(now - c.started).count());
        if (now < stop) {
          Send(c);
        } else {
          epoll_ctl(epoll_, EPOLL_CTL_DEL, c.fd, nullptr);
          --open;
        }
      }
    }
  }

 private:
  void Send(Connection& c) {
    if (c.sent == 0) {
      body_.Fill(c.next_key % o_.keys, body_text_);
      c.next_key += o_.connections;
      c.request = head_;
      c.request += std::to_string(body_text_.size());
      c.request += "\r\n\r\n";
      c.request += body_text_;
      c.started = Clock::now();
    }
    while (c.sent < c.request.size()) {
      const ssize_t put = write(c.fd, c.request.data() + c.sent, c.request.size() - c.sent);
      if (put < 0) {
        if (errno == EAGAIN) break;
        std::perror("write");
        std::exit(1);
      }
      c.sent += static_cast<std::size_t>(put);
    }
    epoll_event ev{};
    ev.data.u64 = static_cast<std::uint64_t>(&c - connections_.data());
    if (c.sent < c.request.size()) {
      // A large body the socket could not take at once: wait until writable.
      ev.events = EPOLLOUT;
      epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev);
      c.waiting_to_write = true;
      return;
    }
    c.sent = 0;
    if (c.waiting_to_write) {
      c.waiting_to_write = false;
      ev.events = EPOLLIN;
      epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev);
    }
  }

  const Options& o_;
  const BodyTemplate& body_;
  Result& result_;
  int epoll_;
  std::string head_;
  std::string body_text_;
  std::vector<Connection> connections_;
};

// Sends the lines of a script ("Target<TAB>Body") one after the other on one
// blocking connection, each after the previous answer is complete.
Result RunScript(const Options& o, const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "cannot read " << path << "\n";
    std::exit(2);
  }
  const int fd = Connect(o);
  Result result;
  std::string response;
  char buffer[65536];
  for (std::string line; std::getline(in, line);) {
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    const std::string body = line.substr(tab + 1);
    const std::string request = RequestHead(o, line.substr(0, tab)) + std::to_string(body.size()) + "\r\n\r\n" + body;
    const auto started = Clock::now();
    for (std::size_t sent = 0; sent < request.size();) {
      const ssize_t put = write(fd, request.data() + sent, request.size() - sent);
      if (put <= 0) {
        std::perror("write");
        std::exit(1);
      }
      sent += static_cast<std::size_t>(put);
    }
    int status = 0;
    std::size_t complete = 0;
    while ((complete = CompleteResponse(response, status)) == 0) {
      const ssize_t got = read(fd, buffer, sizeof buffer);
      if (got <= 0) {
        std::cerr << "connection closed by the server\n";
        std::exit(1);
      }
      response.append(buffer, static_cast<std::size_t>(got));
    }
    response.erase(0, complete);
    ++result.requests;
    if (status != 200) ++result.errors;
    result.latencies_us.push_back(std::chrono::duration<float, std::micro>(Clock::now() - started).count());
  }
  close(fd);
  return result;
}

double Percentile(const std::vector<float>& sorted, double p) {
  if (sorted.empty()) return 0;
  const std::size_t i = std::min(sorted.size() - 1, static_cast<std::size_t>(p * sorted.size()));
  return sorted[i];
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--host")
      o.host = value;
    else if (flag == "--port")
      o.port = std::atoi(value.c_str());
    else if (flag == "--target")
      o.target = value;
    else if (flag == "--body")
      o.body = value;
    else if (flag == "--keys")
      o.keys = std::max(1L, std::atol(value.c_str()));
    else if (flag == "--connections")
      o.connections = std::max(1, std::atoi(value.c_str()));
    else if (flag == "--threads")
      o.threads = std::max(1, std::atoi(value.c_str()));
    else if (flag == "--seconds")
      o.seconds = std::atof(value.c_str());
    else if (flag == "--script")
      o.script = value;
    else {
      std::cerr << "unknown flag " << flag << "\n";
      return 2;
    }
  }
  if (!o.script.empty()) {
    const auto begin = Clock::now();
    Result r = RunScript(o, o.script);
    const double elapsed = std::chrono::duration<double>(Clock::now() - begin).count();
    std::sort(r.latencies_us.begin(), r.latencies_us.end());
    std::printf("{\"requests\": %ld, \"errors\": %ld, \"per_second\": %.1f, \"p50_us\": %.1f, \"p99_us\": %.1f}\n",
                r.requests, r.errors, r.requests / elapsed, Percentile(r.latencies_us, 0.5),
                Percentile(r.latencies_us, 0.99));
    return 0;
  }
  const int threads = o.threads > 0 ? std::min(o.threads, o.connections) : std::min(o.connections, 2);
  const BodyTemplate body(o.body);
  std::vector<Result> results(threads);
  std::vector<std::unique_ptr<Loop>> loops;
  for (int t = 0; t < threads; ++t) {
    std::vector<int> ids;
    for (int c = t; c < o.connections; c += threads) ids.push_back(c);
    loops.push_back(std::make_unique<Loop>(o, body, ids, results[t]));
  }
  const auto begin = Clock::now();
  const auto stop = begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) workers.emplace_back([&, t] { loops[t]->Run(stop); });
  for (auto& w : workers) w.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - begin).count();
  Result total;
  for (auto& r : results) {
    total.requests += r.requests;
    total.errors += r.errors;
    total.latencies_us.insert(total.latencies_us.end(), r.latencies_us.begin(), r.latencies_us.end());
  }
  std::sort(total.latencies_us.begin(), total.latencies_us.end());
  std::printf("{\"requests\": %ld, \"errors\": %ld, \"per_second\": %.1f, \"p50_us\": %.1f, \"p99_us\": %.1f}\n",
              total.requests, total.errors, total.requests / elapsed, Percentile(total.latencies_us, 0.5),
              Percentile(total.latencies_us, 0.99));
  return 0;
}
