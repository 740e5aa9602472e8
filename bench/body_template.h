// BodyTemplate: a request body in which every "{n}" stands for a key number,
// cut at those marks once so that filling it per request is a few appends.
// Shared by the HTTP load generator and the embedded benchmark so both send
// byte-identical requests.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace ddb::bench {

class BodyTemplate {
 public:
  explicit BodyTemplate(const std::string& text) {
    std::size_t from = 0;
    for (std::size_t at; (at = text.find("{n}", from)) != std::string::npos; from = at + 3) {
      pieces_.push_back(text.substr(from, at - from));
    }
    pieces_.push_back(text.substr(from));
  }

  // Writes the body for key number n into out (replacing its contents).
  void Fill(long n, std::string& out) const {
    char number[24];
    const int length = std::snprintf(number, sizeof number, "%ld", n);
    out.clear();
    for (std::size_t i = 0; i < pieces_.size(); ++i) {
      if (i > 0) out.append(number, static_cast<std::size_t>(length));
      out += pieces_[i];
    }
  }

 private:
  std::vector<std::string> pieces_;  // pieces_.size() - 1 marks between them
};

}  // namespace ddb::bench
