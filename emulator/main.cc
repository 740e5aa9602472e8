// ddbemu's entry point: parse flags, run the server until SIGINT/SIGTERM.
#include <malloc.h>
#include <sys/resource.h>

#include <csignal>
#include <filesystem>
#include <iostream>

#include "emulator/admin_guard.h"
#include "emulator/options.h"
#include "emulator/server.h"

#ifndef DDBEMU_VERSION
#define DDBEMU_VERSION "dev"
#endif

namespace {

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Waits for SIGINT or SIGTERM. Meanwhile, once the server goes quiet after
// some work, hands the memory its threads freed back to the system: glibc
// keeps it in the I/O threads' arenas (a Scan's answers, a batch's items),
// where half of it can sit free after a busy spell (docs/performance.md).
// Quiet: under 10 ms of CPU in the last second; some work: 50 ms since the
// last trim, so an idle server does not trim every second.
void WaitForStopSignal(const sigset_t& signals) {
  const timespec one_second{1, 0};
  double last = CpuSeconds(), since_trim = 0;
  while (sigtimedwait(&signals, nullptr, &one_second) < 0) {
    const double now = CpuSeconds(), used = now - last;
    last = now;
    since_trim += used;
    if (used < 0.01 && since_trim > 0.05) {
      malloc_trim(0);
      since_trim = 0;
    }
  }
}

// Lets the process open as many descriptors as the system allows it: each
// connection holds one (the connection cap derives from this limit).
void RaiseDescriptorLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace

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

  // Block the stop signals in every thread; the main thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  RaiseDescriptorLimit();
  if (!ddb::IsLoopbackHost(cmd.server.host)) {
    std::cerr << "ddbemu: warning: listening on " << cmd.server.host
              << ", which other machines can reach; ddbemu checks no signature, so anyone who reaches it can "
                 "read and change every table\n";
  }
  const auto& storage = cmd.server.engine.storage;
  try {
    if (!storage.in_memory) std::filesystem::create_directories(storage.path);
    ddb::Server server(cmd.server);
    server.Start();
    if (cmd.local_spelling) std::cout << ddb::LocalConfigurationBlock(cmd, server.port(), DDBEMU_VERSION) << "\n";
    std::cout << "ddbemu listening on http://" << cmd.server.host << ":" << server.port() << " ("
              << (storage.in_memory ? "in memory" : "data in " + storage.path) << ")" << std::endl;
    WaitForStopSignal(signals);
    std::cout << "ddbemu: stopping" << std::endl;
    server.Stop();
  } catch (const std::exception& e) {
    std::cerr << "ddbemu: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
