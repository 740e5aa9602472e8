#include "emulator/options.h"

#include <charconv>

namespace ddb {

std::string UsageText() {
  return R"(ddbemu - a local DynamoDB-compatible server

Usage: ddbemu [options]

  --host ADDR        address to listen on (default 127.0.0.1)
  --port N           port to listen on (default 8000; 0 picks a free port)
  --in-memory        keep all data in memory (default)
  --db-path DIR      keep data in DIR, across restarts
  --sync             fsync every write (default: write to the log without fsync)
  --threads N        I/O threads (default: one per core)
  --max-connections N  open connections at most; more are answered 503 and
                     closed (default: the open-file limit, raised to its hard
                     limit at start, less 256, at most 32768)
  --admin-any-host   let the admin endpoint (/_ddbemu/) answer requests whose
                     Host is not a loopback name (e.g. a container's name);
                     foreign web-page origins stay refused
  --throttling MODE  capacity model: off (no accounting), observe (account and
                     record would-be throttles, never reject; default) or
                     enforce (throttle as DynamoDB does). A table's tag
                     ddbemu:throttling=MODE overrides it (docs/throttling.md)
  --ttl-interval S   run the time-to-live sweep every S seconds (default 5;
                     0: only when POST /_ddbemu/ttl/sweep asks)
  --shard-rollover S close each stream shard and open its child after S
                     seconds of the engine's clock (default 14400, 4 hours)
  --help             show this text
  --version          show the version

DynamoDB Local spellings are accepted too: -port N, -inMemory, -dbPath DIR,
-sharedDb (all clients share one database; ddbemu always does),
-disableTelemetry, -delayTransientStatuses, -optimizeDbBeforeStartup, -cors X.
)";
}

std::optional<std::string> ParseCommandLine(const std::vector<std::string>& args, CommandLine& out) {
  auto& storage = out.server.engine.storage;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const char* flag) -> std::optional<std::string> {
      if (i + 1 >= args.size()) return std::nullopt;
      (void)flag;
      return args[++i];
    };
    auto number = [&](const std::string& text, int max) -> std::optional<int> {
      int n = 0;
      auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
      if (ec != std::errc() || p != text.data() + text.size() || n < 0 || n > max) return std::nullopt;
      return n;
    };
    if (a == "--help" || a == "-help" || a == "-h") {
      out.show_help = true;
    } else if (a == "--version" || a == "-version") {
      out.show_version = true;
    } else if (a == "--port" || a == "-port") {
      auto v = value("port");
      auto n = v ? number(*v, 65535) : std::nullopt;
      if (!n) return "--port needs a number from 0 to 65535";
      out.server.port = static_cast<std::uint16_t>(*n);
    } else if (a == "--host" || a == "-host") {
      auto v = value("host");
      if (!v) return "--host needs an address";
      out.server.host = *v;
    } else if (a == "--in-memory" || a == "-inMemory") {
      storage.in_memory = true;
    } else if (a == "--db-path" || a == "-dbPath") {
      auto v = value("db-path");
      if (!v) return "--db-path needs a directory";
      storage.in_memory = false;
      storage.path = *v;
    } else if (a == "--sync") {
      storage.sync = true;
    } else if (a == "--threads") {
      auto v = value("threads");
      auto n = v ? number(*v, 256) : std::nullopt;
      if (!n || *n == 0) return "--threads needs a number from 1 to 256";
      out.server.threads = *n;
    } else if (a == "--max-connections") {
      auto v = value("max-connections");
      auto n = v ? number(*v, 1 << 24) : std::nullopt;
      if (!n || *n == 0) return "--max-connections needs a number from 1 to 16777216";
      out.server.max_connections = static_cast<std::size_t>(*n);
    } else if (a == "--admin-any-host") {
      out.server.admin_any_host = true;
    } else if (a == "--throttling") {
      auto v = value("throttling");
      auto mode = v ? ParseThrottlingMode(*v) : std::nullopt;
      if (!mode) return "--throttling needs off, observe or enforce";
      out.server.engine.throttling = *mode;
    } else if (a == "--ttl-interval" || a == "--shard-rollover") {
      auto v = value("seconds");
      auto n = v ? number(*v, 1 << 30) : std::nullopt;
      if (!n || (a == "--shard-rollover" && *n == 0)) return a + " needs a number of seconds";
      (a == "--ttl-interval" ? out.server.engine.ttl_interval_seconds : out.server.engine.shard_rollover_seconds) = *n;
    } else if (a == "-sharedDb" || a == "-disableTelemetry" || a == "-delayTransientStatuses" ||
               a == "-optimizeDbBeforeStartup") {
      // Accepted for compatibility with DynamoDB Local's command lines.
    } else if (a == "-cors") {
      if (!value("cors")) return "-cors needs a value";
    } else {
      return "unknown option: " + a;
    }
  }
  return std::nullopt;
}

}  // namespace ddb
