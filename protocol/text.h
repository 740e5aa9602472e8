// Small text helpers for DynamoDB's messages, which render collections the
// way Java does ("[a, b]", "{#a, #b}").
#pragma once

#include <string>
#include <vector>

namespace ddb {

inline std::string JoinList(const std::vector<std::string>& items, const char* open = "[",
                            const char* close = "]", const char* separator = ", ") {
  std::string out = open;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += separator;
    out += items[i];
  }
  return out + close;
}

}  // namespace ddb
