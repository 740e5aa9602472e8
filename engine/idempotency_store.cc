#include "engine/idempotency_store.h"

#include "engine/error.h"
#include "engine/limits.h"

namespace ddb {

void IdempotencyStore::Expire(double now) {
  while (!completion_order_.empty() && now - completion_order_.front().first > kIdempotencyWindowSeconds) {
    auto done = entries_.find(completion_order_.front().second);
    if (done != entries_.end() && !done->second.in_progress &&
        done->second.start_time == completion_order_.front().first) {
      entries_.erase(done);
    }
    completion_order_.pop_front();
  }
}

std::optional<TransactWriteResult> IdempotencyStore::Reserve(const std::string& token, const std::string& fingerprint) {
  std::lock_guard lock(mutex_);
  const double now = clock_.Now();
  Expire(now);
  auto done = entries_.find(token);
  // The queue is ordered by completion, the window by start: an entry past
  // its window is gone even if the queue has not reached it.
  if (done != entries_.end() && !done->second.in_progress &&
      now - done->second.start_time > kIdempotencyWindowSeconds) {
    entries_.erase(done);
    done = entries_.end();
  }
  if (done == entries_.end()) {
    entries_[token] = {fingerprint, now, {}, true};
    return std::nullopt;
  }
  if (done->second.fingerprint != fingerprint) {
    throw DynamoError(ErrorCode::IdempotentParameterMismatch,
                      "Specified idempotent token was used with different request parameters within the "
                      "idempotency window");
  }
  if (done->second.in_progress) {
    throw DynamoError(ErrorCode::TransactionInProgress,
                      "The transaction with the given request token is already in progress.");
  }
  TransactWriteResult replay;
  replay.consumed = done->second.replay_consumed;
  return replay;
}

void IdempotencyStore::Complete(const std::string& token, std::map<std::string, ConsumedCapacity> replay_consumed) {
  std::lock_guard lock(mutex_);
  Entry& entry = entries_[token];
  entry.replay_consumed = std::move(replay_consumed);
  entry.in_progress = false;
  completion_order_.emplace_back(entry.start_time, token);
}

void IdempotencyStore::Release(const std::string& token) {
  std::lock_guard lock(mutex_);
  entries_.erase(token);
}

}  // namespace ddb
