#include "emulator/options.h"

#include <charconv>
#include <filesystem>

#include "emulator/cors.h"

namespace ddb {

std::string UsageText() {
  return R"(ddbemu - a local DynamoDB-compatible server

Usage: ddbemu [options]

  --host ADDR        address to listen on (default 127.0.0.1; in a container,
                     0.0.0.0 lets the host's port mapping reach it)
  --port N           port to listen on (default 8000; 0 picks a free port)
  --in-memory        keep all data in memory (default)
  --db-path DIR      keep data in DIR, across restarts
  --sync             fsync every write (default: write to the log without fsync)
  --s3-dir DIR       the S3 buckets of ExportTableToPointInTime and ImportTable:
                     s3://bucket/key is DIR/bucket/key (default: DIR/s3 of
                     --db-path; in memory, none until given)
  --threads N        I/O threads (default: one per core)
  --namespaces MODE  who sees which tables: account-region (default, as AWS:
                     the access key's account and the signing region),
                     key-region (DynamoDB Local: per access key and region)
                     or shared (DynamoDB Local's -sharedDb: one for all)
  --accounts FILE    access keys' accounts, one "ACCESS_KEY_ID ACCOUNT_ID" per
                     line ("* ACCOUNT_ID": the default, else 000000000000)
  --cors ORIGINS     web pages of these origins may call ("*", the default,
                     or a comma-separated list)
  --max-connections N  open connections at most; more are answered 503 and
                     closed (default: the open-file limit, raised to its hard
                     limit at start, less 256, at most 32768)
  --admin-any-host   let the admin endpoint (/_ddbemu/) answer requests whose
                     Host is not a loopback name (e.g. a container's name);
                     foreign web-page origins stay refused
  --validation-layer LAYER  the wording of validation errors: current (the
                     default: the layer AWS is moving to, as us-east-1 answers)
                     or older (before the rollout, as DynamoDB Local answers)
                     (docs/validation-messages.md)
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

DynamoDB Local's command line works too, and behaves as DynamoDB Local's
(docs/drop-in.md): -port N, -inMemory, -dbPath DIR, -sharedDb, -cors LIST,
-delayTransientStatuses, -optimizeDbBeforeStartup, -disableTelemetry, -help,
-version. Given any of them, tables are kept per access key and region
unless -sharedDb, and in the working directory unless -inMemory or -dbPath.
)";
}

namespace {

constexpr double kLocalIndexCreatingSeconds = 30;
constexpr double kLocalIndexDeletingSeconds = 16;

// DynamoDB Local's flags that set up a server (-help and -version only print).
bool IsLocalFlag(const std::string& flag) {
  for (const char* local : {"-port", "-inMemory", "-dbPath", "-sharedDb", "-cors", "-delayTransientStatuses",
                            "-optimizeDbBeforeStartup", "-disableTelemetry"}) {
    if (flag == local) return true;
  }
  return false;
}

}  // namespace

std::string LocalConfigurationBlock(const CommandLine& cmd, std::uint16_t port, const std::string& version) {
  const auto& storage = cmd.server.engine.storage;
  std::string out = "Initializing DynamoDB Local with the following configuration:\n";
  out += "Port:\t" + std::to_string(port) + "\n";
  out += std::string("InMemory:\t") + (storage.in_memory ? "true" : "false") + "\n";
  out += "Version:\t" + version + "\n";
  out += "DbPath:\t" + (cmd.db_path_given ? storage.path : std::string("null")) + "\n";
  out += std::string("SharedDb:\t") + (cmd.server.tenancy.mode == NamespaceMode::kShared ? "true" : "false") + "\n";
  out += std::string("shouldDelayTransientStatuses:\t") + (cmd.delay_transient_statuses ? "true" : "false") + "\n";
  out += "CorsParams:\t" + (cmd.cors_text.empty() ? std::string("null") : cmd.cors_text) + "\n";
  return out;
}

std::optional<std::string> ParseCommandLine(const std::vector<std::string>& args, CommandLine& out) {
  auto& storage = out.server.engine.storage;
  std::optional<NamespaceMode> namespaces;
  bool shared_db = false, in_memory_given = false, optimize_given = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (IsLocalFlag(a)) out.local_spelling = true;
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) return std::nullopt;
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
    } else if (a == "-port") {
      // DynamoDB Local's texts: it takes no port 0.
      auto v = value();
      if (!v) return "Error while parsing options. Missing argument for option: port";
      auto n = number(*v, 65535);
      if (!n || *n == 0) return "Invalid Port. Port number must lie between 1 and 65535.";
      out.server.port = static_cast<std::uint16_t>(*n);
    } else if (a == "--port") {
      auto v = value();
      auto n = v ? number(*v, 65535) : std::nullopt;
      if (!n) return "--port needs a number from 0 to 65535";
      out.server.port = static_cast<std::uint16_t>(*n);
    } else if (a == "--host" || a == "-host") {
      auto v = value();
      if (!v) return "--host needs an address";
      out.server.host = *v;
    } else if (a == "--in-memory" || a == "-inMemory") {
      storage.in_memory = true;
      in_memory_given = true;
    } else if (a == "--db-path" || a == "-dbPath") {
      auto v = value();
      if (!v) return "--db-path needs a directory";
      storage.in_memory = false;
      storage.path = *v;
      out.db_path_given = true;
    } else if (a == "--s3-dir") {
      auto v = value();
      if (!v) return "--s3-dir needs a directory";
      out.server.s3_directory = *v;
    } else if (a == "--sync") {
      storage.sync = true;
    } else if (a == "--threads") {
      auto v = value();
      auto n = v ? number(*v, 256) : std::nullopt;
      if (!n || *n == 0) return "--threads needs a number from 1 to 256";
      out.server.threads = *n;
    } else if (a == "--namespaces") {
      auto v = value();
      namespaces = v ? ParseNamespaceMode(*v) : std::nullopt;
      if (!namespaces) return "--namespaces needs account-region, key-region or shared";
    } else if (a == "--accounts") {
      auto v = value();
      if (!v) return "--accounts needs a file";
      if (auto error = ReadAccountsFile(*v, out.server.tenancy)) return *error;
    } else if (a == "--cors" || a == "-cors") {
      auto v = value();
      if (!v || ParseCorsOrigins(*v).empty()) return a + " needs \"*\" or a comma-separated list of origins";
      out.server.cors_origins = ParseCorsOrigins(*v);
      out.cors_text = *v;
    } else if (a == "--max-connections") {
      auto v = value();
      auto n = v ? number(*v, 1 << 24) : std::nullopt;
      if (!n || *n == 0) return "--max-connections needs a number from 1 to 16777216";
      out.server.max_connections = static_cast<std::size_t>(*n);
    } else if (a == "--validation-layer") {
      auto v = value();
      auto layer = v ? ParseValidationLayer(*v) : std::nullopt;
      if (!layer) return "--validation-layer needs current or older";
      out.server.validation_layer = *layer;
    } else if (a == "--admin-any-host") {
      out.server.admin_any_host = true;
    } else if (a == "--throttling") {
      auto v = value();
      auto mode = v ? ParseThrottlingMode(*v) : std::nullopt;
      if (!mode) return "--throttling needs off, observe or enforce";
      out.server.engine.throttling = *mode;
    } else if (a == "--ttl-interval" || a == "--shard-rollover") {
      auto v = value();
      auto n = v ? number(*v, 1 << 30) : std::nullopt;
      if (!n || (a == "--shard-rollover" && *n == 0)) return a + " needs a number of seconds";
      (a == "--ttl-interval" ? out.server.engine.ttl_interval_seconds : out.server.engine.shard_rollover_seconds) = *n;
    } else if (a == "-sharedDb") {
      shared_db = true;
    } else if (a == "-delayTransientStatuses") {
      // As long as DynamoDB Local 1.25.1 holds them (docs/drop-in.md): a
      // new GSI CREATING, a deleted one DELETING; tables never wait.
      out.delay_transient_statuses = true;
      out.server.engine.index_creation_hold_seconds = kLocalIndexCreatingSeconds;
      out.server.engine.index_deletion_hold_seconds = kLocalIndexDeletingSeconds;
    } else if (a == "-disableTelemetry" || a == "-optimizeDbBeforeStartup") {
      optimize_given = optimize_given || a == "-optimizeDbBeforeStartup";
      // ddbemu sends no telemetry; its store needs no optimizing before it
      // starts (RocksDB compacts as it goes).
    } else {
      if (a.size() > 1 && a[0] == '-' && a[1] != '-') {
        return "Error while parsing options. Unrecognized option: " + a;  // DynamoDB Local's text
      }
      return "unknown option: " + a;
    }
  }
  // DynamoDB Local's texts for its two refused combinations.
  if (in_memory_given && out.db_path_given) return "dbPath and inMemory cannot be set at the same time.";
  if (optimize_given && !out.db_path_given) {
    return "optimizeDbBeforeStartup option must be used with dbPath to determine the location of database files to "
           "optimize.";
  }
  if (out.local_spelling) {
    // As DynamoDB Local: per access key and region unless -sharedDb, and
    // on disk in the working directory unless told otherwise.
    out.server.tenancy.mode = shared_db ? NamespaceMode::kShared : NamespaceMode::kAccessKeyAndRegion;
    if (!in_memory_given && !out.db_path_given) {
      storage.in_memory = false;
      storage.path = std::filesystem::current_path().string();
    }
    // DynamoDB Local makes no directory: -dbPath must name one.
    std::error_code error;
    if (out.db_path_given && !std::filesystem::is_directory(storage.path, error)) {
      return "Invalid directory for database creation.";
    }
  } else if (shared_db) {
    out.server.tenancy.mode = NamespaceMode::kShared;
  }
  if (namespaces) out.server.tenancy.mode = *namespaces;
  if (out.server.s3_directory.empty() && out.db_path_given) out.server.s3_directory = storage.path + "/s3";
  return std::nullopt;
}

}  // namespace ddb
