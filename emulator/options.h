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
};

// Parses argv; returns an error message for a bad command line.
std::optional<std::string> ParseCommandLine(const std::vector<std::string>& args, CommandLine& out);

std::string UsageText();

}  // namespace ddb
