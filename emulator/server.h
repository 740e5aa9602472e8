// Server: the HTTP/1.1 front end (Boost.Beast on Asio) around the engines of
// its namespaces (one per account and region, by default).
//
// A C++ program can embed it: construct, Start() (port 0 picks a free port,
// port() tells which), and Stop(). Requests are served by one I/O thread per
// core, each with its own event loop that keeps a connection for its life;
// bodies over the limit are refused without reading them. Every response
// carries Date, x-amzn-RequestId and x-amz-crc32. Request bodies may come
// gzip- or deflate-encoded; answers are gzipped when the client asks.
//
// What a client can hold is bounded: open connections (over the cap a new
// one is answered 503 and closed), one request and one answer at a time per
// connection (the next request is not read while an answer is unsent), the
// answer bytes not yet taken by clients, in total (past it, requests wait to
// be handled), and time: a request must arrive whole, and an answer must
// make progress, within their timeouts.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/namespaces.h"
#include "protocol/validation_layer.h"

namespace ddb {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8000;
  int threads = 0;                            // 0: one per core
  std::size_t body_limit = 16 * 1024 * 1024;  // DynamoDB's 16 MB request limit
  // 0: the open-file limit less kReservedDescriptors, at most kDefaultMaxConnections.
  std::size_t max_connections = 0;
  // Answer bytes queued for clients that have not taken them yet, in total.
  std::size_t max_unsent_answer_bytes = 64 * 1024 * 1024;
  // A new connection must send a request, and a request that has begun to
  // arrive must arrive whole, within this.
  std::chrono::milliseconds request_timeout{30'000};
  // A connection idle between requests is closed after this.
  std::chrono::milliseconds idle_timeout{120'000};
  // An answer the client takes none of for this long closes the connection.
  std::chrono::milliseconds write_timeout{30'000};
  bool admin_any_host = false;  // admin requests with any Host (admin_guard.h)
  // Web pages of these origins may call the server ("*": any), as DynamoDB
  // Local's -cors allows; AWS's endpoints answer any origin.
  std::vector<std::string> cors_origins{"*"};
  // Whose texts validation errors are in: the layer AWS is moving to, or
  // the older one (protocol/validation_layer.h).
  ValidationLayer validation_layer = ValidationLayer::kCurrent;
  // The directory whose subdirectories are the S3 buckets of exports and
  // imports (--s3-dir); empty: none.
  std::string s3_directory;
  Tenancy tenancy;       // who sees which tables (engine/namespaces.h)
  EngineOptions engine;  // every namespace's; storage.path holds their stores
};

// Descriptors kept for the store and the process when the connection cap
// derives from the open-file limit.
inline constexpr std::size_t kReservedDescriptors = 256;
inline constexpr std::size_t kDefaultMaxConnections = 32768;

class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, opens the store and starts serving. Throws if the port is taken
  // or the store cannot be opened (then nothing is left running).
  void Start();
  // The bound port (after Start).
  std::uint16_t port() const;
  // The connection cap in force (after Start) and the connections open now.
  std::size_t max_connections() const;
  std::size_t open_connections() const;
  // Stops accepting, closes connections and joins the I/O threads.
  void Stop();

  // The namespaces' engines; engine() is the one a request without
  // credentials reaches (Namespaces::Default).
  Namespaces& namespaces();
  Engine& engine();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ddb
