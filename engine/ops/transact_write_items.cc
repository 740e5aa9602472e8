// TransactWriteItems: validates every action, locks all their items in one
// canonical order (ascending lock stripe, so transactions and single-item
// writes never deadlock), evaluates every condition against the locked
// items, and commits every write with its index entries in one RocksDB write
// batch: a crash leaves all of it or none. A ClientRequestToken seen in the
// last 10 minutes returns the first outcome without applying twice.
#include <algorithm>
#include <set>

#include "engine/capacity.h"
#include "engine/engine.h"
#include "engine/error.h"
#include "engine/index_entries.h"
#include "engine/item_codec.h"

namespace ddb {

namespace {

constexpr double kIdempotencyWindowSeconds = 600;
constexpr std::size_t kMaxItemBytes = 409600;

struct PreparedAction {
  const TransactWriteRequest::Action* action;
  TableDefinition table;
  PrimaryKey key;
  std::optional<Item> old;
  std::optional<Item> updated;  // the item after the action; nullopt: deleted or untouched
  bool writes = false;
};

DynamoError Cancelled(std::vector<CancellationReason> reasons) {
  std::string codes;
  for (std::size_t i = 0; i < reasons.size(); ++i) codes += (i ? ", " : "") + reasons[i].code;
  DynamoError error("TransactionCanceledException",
                    "Transaction cancelled, please refer cancellation reasons for specific reasons [" + codes + "]");
  error.set_cancellation_reasons(std::move(reasons));
  return error;
}

}  // namespace

TransactWriteResult Engine::TransactWriteItems(const TransactWriteRequest& request) {
  // A token is reserved before the transaction runs, so a retry racing the
  // first attempt cannot apply it twice.
  if (request.client_request_token) {
    std::lock_guard lock(transactions_mutex_);
    const double now = clock_->Now();
    while (!transaction_expiry_.empty() && now - transaction_expiry_.front().first > kIdempotencyWindowSeconds) {
      auto done = completed_transactions_.find(transaction_expiry_.front().second);
      if (done != completed_transactions_.end() && !done->second.in_progress &&
          done->second.time == transaction_expiry_.front().first) {
        completed_transactions_.erase(done);
      }
      transaction_expiry_.pop_front();
    }
    auto done = completed_transactions_.find(*request.client_request_token);
    if (done != completed_transactions_.end()) {
      if (done->second.fingerprint != request.fingerprint) {
        throw DynamoError("IdempotentParameterMismatchException",
                          "Request parameters do not match the original request for this ClientRequestToken");
      }
      if (done->second.in_progress) {
        throw DynamoError("TransactionInProgressException",
                          "The transaction with the given request token is already in progress.");
      }
      return done->second.result;
    }
    completed_transactions_[*request.client_request_token] = {request.fingerprint, now, {}, true};
  }
  try {
    TransactWriteResult result = ApplyTransaction(request);
    if (request.client_request_token) {
      std::lock_guard lock(transactions_mutex_);
      auto& done = completed_transactions_[*request.client_request_token];
      done.result = result;
      done.in_progress = false;
      transaction_expiry_.emplace_back(done.time, *request.client_request_token);
    }
    return result;
  } catch (...) {
    // A transaction that failed leaves no outcome to repeat.
    if (request.client_request_token) {
      std::lock_guard lock(transactions_mutex_);
      completed_transactions_.erase(*request.client_request_token);
    }
    throw;
  }
}

TransactWriteResult Engine::ApplyTransaction(const TransactWriteRequest& request) {
  std::shared_lock schema(schema_mutex_);
  std::vector<PreparedAction> prepared;
  prepared.reserve(request.actions.size());
  std::set<std::string> seen;
  for (const auto& action : request.actions) {
    PreparedAction p{&action, ActiveTable(action.table_name), {}, {}, {}, false};
    using Kind = TransactWriteRequest::Action::Kind;
    if (action.kind == Kind::Put) {
      if (ItemSize(action.item) > kMaxItemBytes) throw ValidationError("Item size has exceeded the maximum allowed size");
      p.key = KeyFromItem(p.table, action.item);
      CheckIndexKeys(p.table, action.item);
    } else {
      p.key = KeyFromKeyParameter(p.table, action.item);
      if (action.kind == Kind::Update) CheckUpdateTargets(p.table, action.update);
    }
    if (!seen.insert(p.key.storage_key).second) {
      throw ValidationError("Transaction request cannot include multiple operations on one item");
    }
    prepared.push_back(std::move(p));
  }

  std::set<std::size_t> stripes;
  for (const auto& p : prepared) stripes.insert(&ItemLock(p.key.storage_key) - item_locks_.data());
  std::vector<std::unique_lock<std::mutex>> locks;
  for (std::size_t stripe : stripes) locks.emplace_back(item_locks_[stripe]);

  std::vector<CancellationReason> reasons(prepared.size());
  bool cancelled = false;
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    PreparedAction& p = prepared[i];
    const auto& action = *p.action;
    if (auto bytes = storage_->Get(storage_->items(), p.key.storage_key)) p.old = DecodeItem(*bytes);
    if (action.condition && !Evaluate(*action.condition, p.old ? *p.old : Item{})) {
      reasons[i].code = "ConditionalCheckFailed";
      reasons[i].message = "The conditional request failed";
      if (action.return_old_on_condition_failure && p.old) reasons[i].item = p.old;
      cancelled = true;
      continue;
    }
    using Kind = TransactWriteRequest::Action::Kind;
    switch (action.kind) {
      case Kind::Put:
        p.updated = action.item;
        p.writes = true;
        break;
      case Kind::Delete:
        p.writes = p.old.has_value();
        break;
      case Kind::ConditionCheck: break;
      case Kind::Update:
        try {
          if (!p.old && OnlyRemoves(action.update)) {
            ApplyUpdate(action.update, p.key.AsItem(p.table));
          } else {
            p.updated = ApplyUpdateChecked(p.table, action.update, p.old, p.key);
            p.writes = true;
          }
        } catch (const DynamoError& e) {
          if (e.type() != "ValidationException") throw;
          reasons[i].code = "ValidationError";
          reasons[i].message = e.message();
          cancelled = true;
        }
        break;
    }
  }
  if (cancelled) throw Cancelled(std::move(reasons));

  TransactWriteResult result;
  rocksdb::WriteBatch batch;
  for (const auto& p : prepared) {
    // Every action costs two write units per KB of the larger image (prepare and commit).
    const std::size_t old_size = p.old ? ItemSize(*p.old) : 0;
    const std::size_t new_size = p.updated ? ItemSize(*p.updated) : 0;
    result.consumed[p.action->table_name].write_units += 2 * WriteUnits(old_size, new_size);
    if (!p.writes) continue;
    StageWrite(p.table, p.key, p.old ? &*p.old : nullptr, p.updated ? &*p.updated : nullptr, batch,
               &result.consumed[p.action->table_name]);
  }
  storage_->Write(batch);
  return result;
}

}  // namespace ddb
