#include "emulator/options.h"

#include <doctest/doctest.h>

#include <filesystem>

using namespace ddb;

TEST_CASE("ddbemu's own flags keep AWS's namespaces and the in-memory store") {
  CommandLine cmd;
  REQUIRE_FALSE(ParseCommandLine({"--port", "8001"}, cmd).has_value());
  CHECK_FALSE(cmd.local_spelling);
  CHECK(cmd.server.tenancy.mode == NamespaceMode::kAccountAndRegion);
  CHECK(cmd.server.engine.storage.in_memory);
}

TEST_CASE("DynamoDB Local's flags bring its namespaces, its store location and its start-up block") {
  CommandLine per_key;
  REQUIRE_FALSE(ParseCommandLine({"-port", "8001"}, per_key).has_value());
  CHECK(per_key.local_spelling);
  CHECK(per_key.server.tenancy.mode == NamespaceMode::kAccessKeyAndRegion);
  CHECK_FALSE(per_key.server.engine.storage.in_memory);  // the working directory, as DynamoDB Local
  CHECK(per_key.server.engine.storage.path == std::filesystem::current_path().string());

  CommandLine shared;
  REQUIRE_FALSE(
      ParseCommandLine({"-sharedDb", "-inMemory", "-delayTransientStatuses", "-cors", "http://a.example"}, shared)
          .has_value());
  CHECK(shared.server.tenancy.mode == NamespaceMode::kShared);
  CHECK(shared.server.engine.storage.in_memory);
  CHECK(shared.server.engine.index_creation_hold_seconds > 0);
  CHECK(shared.server.engine.index_deletion_hold_seconds > 0);
  CHECK(shared.server.cors_origins == std::vector<std::string>{"http://a.example"});
  const std::string block = LocalConfigurationBlock(shared, 8001, "9.9");
  CHECK(block ==
        "Initializing DynamoDB Local with the following configuration:\nPort:\t8001\nInMemory:\ttrue\nVersion:\t9.9\n"
        "DbPath:\tnull\nSharedDb:\ttrue\nshouldDelayTransientStatuses:\ttrue\nCorsParams:\thttp://a.example\n");

  CommandLine explicit_mode;
  REQUIRE_FALSE(ParseCommandLine({"-inMemory", "--namespaces", "account-region"}, explicit_mode).has_value());
  CHECK(explicit_mode.server.tenancy.mode == NamespaceMode::kAccountAndRegion);
}

TEST_CASE("DynamoDB Local's refused combinations are refused in its words") {
  CommandLine cmd;
  CHECK(ParseCommandLine({"-inMemory", "-dbPath", "/tmp/x"}, cmd) ==
        std::optional<std::string>("dbPath and inMemory cannot be set at the same time."));
  CommandLine optimize;
  CHECK(ParseCommandLine({"-optimizeDbBeforeStartup", "-inMemory"}, optimize).has_value());
  CommandLine bad;
  CHECK(ParseCommandLine({"--namespaces", "everyone"}, bad).has_value());
  CHECK(ParseCommandLine({"-cors"}, bad).has_value());
}
