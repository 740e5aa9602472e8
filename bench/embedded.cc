// ddbemu-embedded: the benchmark's operations without HTTP, for a C++ program
// that embeds ddbemu. Each request is the same JSON body the HTTP benchmark
// sends, handed to the protocol layer (ddb::Dispatcher::Handle) in-process, so
// the figures are JSON parsing, validation, the engine and RocksDB, and the
// response JSON: everything but sockets and HTTP framing.
//
//   ddbemu-embedded --setup setup.tsv --operations operations.tsv --seconds 3
//
// setup.tsv: lines "Target<TAB>Body" run once, in order (tables, data); a
// CREATING table becomes ACTIVE at once in the embedded engine. operations.tsv:
// lines "Label<TAB>Target<TAB>Keys<TAB>Body template" ("{n}" becomes a key
// number modulo Keys). For each operation it prints one JSON line: p50 and
// p99 latency of one thread calling in a loop, and requests per second of
// that thread and of one thread per core.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/body_template.h"
#include "engine/namespaces.h"
#include "protocol/dispatcher.h"

namespace {

using Clock = std::chrono::steady_clock;
using ddb::bench::BodyTemplate;

std::vector<std::vector<std::string>> ReadTsv(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "cannot read " << path << "\n";
    std::exit(2);
  }
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    std::vector<std::string> fields;
    std::stringstream split(line);
    for (std::string field; std::getline(split, field, '\t');) fields.push_back(field);
    rows.push_back(std::move(fields));
  }
  return rows;
}

ddb::ProtocolResponse Call(const ddb::Dispatcher& dispatcher, const std::string& target, const std::string& body) {
  const ddb::WireRequest request{"POST",
                                 "application/x-amz-json-1.0",
                                 target,
                                 "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, "
                                 "SignedHeaders=content-type;host;x-amz-target, Signature=0",
                                 "",
                                 body};
  return dispatcher.Handle(request, ddb::RequestInfo{});
}

struct Run {
  long requests = 0, errors = 0;
  double seconds = 0;
  std::vector<float> latencies_us;
};

// One thread calling the operation in a loop until `stop`; key numbers start
// at `first` and step by `step`.
void Drive(const ddb::Dispatcher& dispatcher, const std::string& target, const BodyTemplate& body, long keys,
           long first, long step, Clock::time_point stop, Run& run) {
  std::string text;
  for (long n = first; Clock::now() < stop; n += step) {
    body.Fill(n % keys, text);
    const auto began = Clock::now();
    const ddb::ProtocolResponse response = Call(dispatcher, target, text);
    run.latencies_us.push_back(std::chrono::duration<float, std::micro>(Clock::now() - began).count());
    ++run.requests;
    if (response.status != 200) {
      if (run.errors++ == 0) std::cerr << target << ": " << response.body << "\n";
    }
  }
}

Run Measure(const ddb::Dispatcher& dispatcher, const std::string& target, const BodyTemplate& body, long keys,
            int threads, double seconds) {
  const auto began = Clock::now();
  const auto stop = began + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  std::vector<Run> runs(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] { Drive(dispatcher, target, body, keys, t, threads, stop, runs[t]); });
  }
  for (auto& w : workers) w.join();
  Run total;
  total.seconds = std::chrono::duration<double>(Clock::now() - began).count();
  for (auto& r : runs) {
    total.requests += r.requests;
    total.errors += r.errors;
    total.latencies_us.insert(total.latencies_us.end(), r.latencies_us.begin(), r.latencies_us.end());
  }
  std::sort(total.latencies_us.begin(), total.latencies_us.end());
  return total;
}

double Percentile(const std::vector<float>& sorted, double p) {
  if (sorted.empty()) return 0;
  return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(p * sorted.size()))];
}

}  // namespace

int main(int argc, char** argv) {
  std::string setup, operations;
  double seconds = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--setup")
      setup = value;
    else if (flag == "--operations")
      operations = value;
    else if (flag == "--seconds")
      seconds = std::atof(value.c_str());
    else {
      std::cerr << "unknown flag " << flag << "\n";
      return 2;
    }
  }
  ddb::EngineOptions options;
  options.storage.in_memory = true;
  ddb::Namespaces namespaces({}, options);
  const ddb::Dispatcher dispatcher(namespaces);
  if (!setup.empty()) {
    for (const auto& row : ReadTsv(setup)) {
      const ddb::ProtocolResponse response = Call(dispatcher, "DynamoDB_20120810." + row.at(0), row.at(1));
      if (response.status != 200) {
        std::cerr << "setup " << row.at(0) << ": " << response.body << "\n";
        return 1;
      }
    }
  }
  const int cores = std::max(1u, std::thread::hardware_concurrency());
  for (const auto& row : ReadTsv(operations)) {
    const std::string& label = row.at(0);
    const std::string target = "DynamoDB_20120810." + row.at(1);
    const long keys = std::max(1L, std::atol(row.at(2).c_str()));
    const BodyTemplate body(row.at(3));
    const Run sequential = Measure(dispatcher, target, body, keys, 1, seconds);
    const Run parallel = Measure(dispatcher, target, body, keys, cores, seconds);
    std::printf(
        "{\"label\": \"%s\", \"requests\": %ld, \"errors\": %ld, \"p50_us\": %.2f, \"p99_us\": %.2f, "
        "\"per_second_1\": %.1f, \"per_second_cores\": %.1f}\n",
        label.c_str(), sequential.requests + parallel.requests, sequential.errors + parallel.errors,
        Percentile(sequential.latencies_us, 0.5), Percentile(sequential.latencies_us, 0.99),
        sequential.requests / sequential.seconds, parallel.requests / parallel.seconds);
    std::fflush(stdout);
  }
  return 0;
}
