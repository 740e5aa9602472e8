// Command-line flags of ddbemu, including DynamoDB Local's spellings so that
// ddbemu is a drop-in for scripts written for it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "emulator/server.h"

namespace ddb {

struct CommandLine {
  ServerOptions server;
  bool show_help = false;
  bool show_version = false;
  // Started with DynamoDB Local's spellings: it then behaves as DynamoDB
  // Local does (namespaces per access key and region unless -sharedDb, the
  // data in the working directory unless -inMemory or -dbPath) and prints
  // DynamoDB Local's configuration block at start.
  bool local_spelling = false;
  bool db_path_given = false;
  bool delay_transient_statuses = false;  // -delayTransientStatuses
  std::string cors_text;                  // -cors as given; empty: not given
};

// Parses argv; returns an error message for a bad command line.
std::optional<std::string> ParseCommandLine(const std::vector<std::string>& args, CommandLine& out);

std::string UsageText();

// DynamoDB Local's start-up block ("Initializing DynamoDB Local with the
// following configuration:", then Port:, InMemory:, ...), which scripts
// and test containers wait for.
std::string LocalConfigurationBlock(const CommandLine& cmd, std::uint16_t port, const std::string& version);

}  // namespace ddb
