// Small text helpers for DynamoDB's messages, which render collections the
// way Java does ("[a, b]", "{#a, #b}").
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "engine/expression.h"

namespace ddb {

inline std::string JoinList(const std::vector<std::string>& items, const char* open = "[", const char* close = "]",
                            const char* separator = ", ") {
  std::string out = open;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += separator;
    out += items[i];
  }
  return out + close;
}

// True when every byte is printable ASCII: header values that reach an
// answer must be (HTTP lets a header carry any byte above 0x7F).
inline bool IsPrintableAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
}

// A document path as DynamoDB prints it: [a, b, [3]].
inline std::string PathText(const DocumentPath& path) {
  std::vector<std::string> steps;
  for (const auto& step : path) steps.push_back(step.is_index() ? "[" + std::to_string(*step.index) + "]" : step.name);
  return JoinList(steps);
}

}  // namespace ddb
