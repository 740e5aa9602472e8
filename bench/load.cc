// ddbemu-load: a thin closed-loop load generator for DynamoDB's JSON protocol.
//
// Each of --connections threads keeps one keep-alive connection and sends
// one request after another for --seconds, so the figures are the server's,
// not a heavy SDK's. The body is a template in which every "{n}" becomes a
// key number: 0, 1, 2, ... modulo --keys, spread over the threads. Prints
// one JSON line: requests, non-200 answers, requests per second, and the
// latency percentiles in microseconds.
//
//   ddbemu-load --port 8000 --target GetItem --keys 10000 --connections 32
//       --seconds 10 --body '{"TableName":"T","Key":{"pk":{"S":"k{n}"}}}'
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct Options {
  std::string host = "127.0.0.1";
  std::string port = "8000";
  std::string target = "GetItem";
  std::string body;
  long keys = 1;
  int connections = 1;
  double seconds = 5;
};

std::string Fill(const std::string& tmpl, long n) {
  std::string out;
  const std::string number = std::to_string(n);
  for (std::size_t i = 0; i < tmpl.size();) {
    if (tmpl.compare(i, 3, "{n}") == 0) {
      out += number;
      i += 3;
    } else {
      out += tmpl[i++];
    }
  }
  return out;
}

struct Result {
  long requests = 0, errors = 0;
  std::vector<double> latencies_us;
};

void Run(const Options& o, int worker, std::chrono::steady_clock::time_point stop, Result& result) {
  asio::io_context io;
  tcp::resolver resolver(io);
  beast::tcp_stream stream(io);
  stream.connect(resolver.resolve(o.host, o.port));
  stream.socket().set_option(tcp::no_delay(true));
  beast::flat_buffer buffer;
  long n = worker;
  while (std::chrono::steady_clock::now() < stop) {
    http::request<http::string_body> req(http::verb::post, "/", 11);
    req.set(http::field::host, o.host + ":" + o.port);
    req.set(http::field::content_type, "application/x-amz-json-1.0");
    req.set("X-Amz-Target", "DynamoDB_20120810." + o.target);
    req.set(http::field::authorization,
            "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-target, Signature=0");
    req.keep_alive(true);
    req.body() = Fill(o.body, n % o.keys);
    n += o.connections;
    req.prepare_payload();
    const auto start = std::chrono::steady_clock::now();
    http::write(stream, req);
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    const auto end = std::chrono::steady_clock::now();
    ++result.requests;
    if (res.result_int() != 200) ++result.errors;
    result.latencies_us.push_back(std::chrono::duration<double, std::micro>(end - start).count());
  }
}

double Percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const std::size_t i = std::min(sorted.size() - 1, static_cast<std::size_t>(p * sorted.size()));
  return sorted[i];
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--host") o.host = value;
    else if (flag == "--port") o.port = value;
    else if (flag == "--target") o.target = value;
    else if (flag == "--body") o.body = value;
    else if (flag == "--keys") o.keys = std::max(1L, std::atol(value.c_str()));
    else if (flag == "--connections") o.connections = std::max(1, std::atoi(value.c_str()));
    else if (flag == "--seconds") o.seconds = std::atof(value.c_str());
    else {
      std::cerr << "unknown flag " << flag << "\n";
      return 2;
    }
  }
  std::vector<Result> results(o.connections);
  std::vector<std::thread> threads;
  const auto begin = std::chrono::steady_clock::now();
  const auto stop = begin + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                std::chrono::duration<double>(o.seconds));
  for (int w = 0; w < o.connections; ++w) {
    threads.emplace_back([&, w] {
      try {
        Run(o, w, stop, results[w]);
      } catch (const std::exception& e) {
        std::cerr << "connection " << w << ": " << e.what() << "\n";
      }
    });
  }
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
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
