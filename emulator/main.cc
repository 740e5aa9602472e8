// ddbemu's entry point: parse flags, run the server until SIGINT/SIGTERM.
#include <malloc.h>

#include <csignal>
#include <filesystem>
#include <iostream>

#include "emulator/options.h"
#include "emulator/server.h"

#ifndef DDBEMU_VERSION
#define DDBEMU_VERSION "dev"
#endif

int main(int argc, char** argv) {
  ddb::CommandLine cmd;
  if (auto error = ddb::ParseCommandLine({argv + 1, argv + argc}, cmd)) {
    std::cerr << "ddbemu: " << *error << "\n\n" << ddb::UsageText();
    return 2;
  }
  if (cmd.show_help) {
    std::cout << ddb::UsageText();
    return 0;
  }
  if (cmd.show_version) {
    std::cout << "ddbemu " << DDBEMU_VERSION << "\n";
    return 0;
  }

  // RocksDB's memtables grow in 2 MB arena blocks. glibc raises its mmap
  // threshold to the largest block freed, so after the first flush those
  // blocks come from the heap and, once freed, stay in it as fragments. A
  // fixed 1 MB threshold keeps them mapped and returned whole: RSS after
  // bench/run.py 70-80 -> 55-60 MiB, throughput unchanged (docs/performance.md).
  mallopt(M_MMAP_THRESHOLD, 1 << 20);

  // Block the stop signals in every thread; the main thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const auto& storage = cmd.server.engine.storage;
  try {
    if (!storage.in_memory) std::filesystem::create_directories(storage.path);
    ddb::Server server(cmd.server);
    server.Start();
    std::cout << "ddbemu listening on http://" << cmd.server.host << ":" << server.port() << " ("
              << (storage.in_memory ? "in memory" : "data in " + storage.path) << ")" << std::endl;
    int sig = 0;
    sigwait(&signals, &sig);
    std::cout << "ddbemu: stopping" << std::endl;
    server.Stop();
  } catch (const std::exception& e) {
    std::cerr << "ddbemu: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
