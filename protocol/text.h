// Small text helpers for DynamoDB's messages, which render collections the
// way Java does ("[a, b]", "{#a, #b}").
#pragma once

#include <string>
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

// A document path as DynamoDB prints it: [a, b, [3]].
inline std::string PathText(const DocumentPath& path) {
  std::vector<std::string> steps;
  for (const auto& step : path) steps.push_back(step.is_index() ? "[" + std::to_string(*step.index) + "]" : step.name);
  return JoinList(steps);
}

}  // namespace ddb
