// Server: the HTTP/1.1 front end (Boost.Beast on Asio) around one Engine.
//
// A C++ program can embed it: construct, Start() (port 0 picks a free port,
// port() tells which), and Stop(). Requests are served by one I/O thread per
// core, each with its own event loop that keeps a connection for its life;
// bodies over the limit are refused without reading them. Every response
// carries x-amzn-RequestId and x-amz-crc32.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "engine/engine.h"

namespace ddb {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8000;
  int threads = 0;                            // 0: one per core
  std::size_t body_limit = 16 * 1024 * 1024;  // DynamoDB's 16 MB request limit
  EngineOptions engine;
};

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
  // Stops accepting, closes connections and joins the I/O threads.
  void Stop();

  Engine& engine();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ddb
