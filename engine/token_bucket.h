// TokenBucket: capacity units that refill at a steady rate up to a ceiling.
//
// DynamoDB admits a request while a bucket has tokens left and then debits
// what the request actually consumed, so one large request may take the
// balance below zero (docs/dynamodb-model.md §3.3); the debt is paid back by the refill.
// Time comes from the caller (the engine's clock), never from the system.
#pragma once

#include <algorithm>

namespace ddb {

class TokenBucket {
 public:
  TokenBucket() = default;
  // Starts full.
  TokenBucket(double rate_per_second, double ceiling, double now)
      : rate_(rate_per_second), ceiling_(ceiling), tokens_(ceiling), last_(now) {}

  bool HasTokens(double now) {
    Refill(now);
    return tokens_ > 0;
  }
  void Take(double units, double now) {
    Refill(now);
    tokens_ -= units;
  }
  // Changes the rate and ceiling, keeping the balance (capped by the new ceiling).
  void Reshape(double rate_per_second, double ceiling, double now) {
    Refill(now);
    rate_ = rate_per_second;
    ceiling_ = ceiling;
    tokens_ = std::min(tokens_, ceiling_);
  }
  double tokens(double now) {
    Refill(now);
    return tokens_;
  }
  double rate() const { return rate_; }

 private:
  void Refill(double now) {
    if (now > last_) {
      tokens_ = std::min(ceiling_, tokens_ + (now - last_) * rate_);
      last_ = now;
    }
  }

  double rate_ = 0;
  double ceiling_ = 0;
  double tokens_ = 0;
  double last_ = 0;
};

}  // namespace ddb
