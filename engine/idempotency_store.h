// IdempotencyStore: the ClientRequestTokens of recent TransactWriteItems, so
// a retry within DynamoDB's idempotency window returns the first outcome
// instead of applying twice.
//
// A token is reserved before its transaction runs, so a retry racing the
// first attempt cannot apply it twice; the reservation is completed with what
// a replay reports, or released when the transaction fails (a failed
// transaction leaves nothing to repeat). Entries expire a window after their
// transaction started. Thread-safe.
#pragma once

#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "engine/clock.h"
#include "engine/requests.h"

namespace ddb {

class IdempotencyStore {
 public:
  explicit IdempotencyStore(const Clock& clock) : clock_(clock) {}

  // nullopt: the token is now reserved for the caller, who must Complete or
  // Release it. Otherwise the replay of the finished transaction. Throws
  // IdempotentParameterMismatchException for another request with the token,
  // TransactionInProgressException while the first attempt runs.
  std::optional<TransactWriteResult> Reserve(const std::string& token, const std::string& fingerprint);
  // `replay_consumed`: what a replay reports (the read units of reading the
  // items again).
  void Complete(const std::string& token, std::map<std::string, ConsumedCapacity> replay_consumed);
  void Release(const std::string& token);

 private:
  struct Entry {
    std::string fingerprint;
    double start_time = 0;
    std::map<std::string, ConsumedCapacity> replay_consumed;
    bool in_progress = false;
  };
  // Drops entries whose window has passed.
  void Expire(double now);

  const Clock& clock_;
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;
  std::deque<std::pair<double, std::string>> completion_order_;  // (start time, token)
};

}  // namespace ddb
