// TransactWriteItems: validates every action, holds all their items
// (engine/item_locks.h: one canonical lock order, and single-item writes to a
// held item fail with TransactionConflictException), evaluates every
// condition against the held items, and commits every write with its index
// entries in one RocksDB write batch: a crash leaves all of it or none. A
// ClientRequestToken seen in the last 10 minutes returns the first outcome
// without applying twice.
#include <algorithm>

#include "engine/capacity.h"
#include "engine/engine.h"
#include "engine/error.h"
#include "engine/index_entries.h"
#include "engine/item_codec.h"
#include "engine/transaction_checks.h"

namespace ddb {

namespace {

constexpr double kIdempotencyWindowSeconds = 600;

struct PreparedAction {
  const TransactWriteRequest::Action* action;
  std::shared_ptr<const TableDefinition> definition;  // the catalog's, shared
  PrimaryKey key;
  std::optional<Item> old;
  std::optional<Item> updated;  // the item after the action; nullopt: deleted or untouched
  bool writes = false;
};

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
    // The expiry queue is ordered by completion, the window by start: an
    // entry past its window is gone even if the queue has not reached it.
    if (done != completed_transactions_.end() && !done->second.in_progress &&
        now - done->second.time > kIdempotencyWindowSeconds) {
      completed_transactions_.erase(done);
      done = completed_transactions_.end();
    }
    if (done != completed_transactions_.end()) {
      if (done->second.fingerprint != request.fingerprint) {
        throw DynamoError("IdempotentParameterMismatchException",
                          "Specified idempotent token was used with different request parameters within the "
                          "idempotency window");
      }
      if (done->second.in_progress) {
        throw DynamoError("TransactionInProgressException",
                          "The transaction with the given request token is already in progress.");
      }
      // A replay reports the read units of reading the items again.
      TransactWriteResult replay;
      replay.consumed = done->second.replay_consumed;
      return replay;
    }
    completed_transactions_[*request.client_request_token] = {request.fingerprint, now, {}, true};
  }
  try {
    std::map<std::string, ConsumedCapacity> replay_consumed;
    TransactWriteResult result = ApplyTransaction(request, replay_consumed);
    if (request.client_request_token) {
      std::lock_guard lock(transactions_mutex_);
      auto& done = completed_transactions_[*request.client_request_token];
      done.replay_consumed = std::move(replay_consumed);
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

TransactWriteResult Engine::ApplyTransaction(const TransactWriteRequest& request,
                                             std::map<std::string, ConsumedCapacity>& replay_consumed) {
  using Kind = TransactWriteRequest::Action::Kind;
  std::shared_lock schema(schema_mutex_);
  std::vector<PreparedAction> prepared;
  prepared.reserve(request.actions.size());
  TransactionKeyChecks checks(request.actions.size());
  for (const auto& action : request.actions) {
    PreparedAction p{&action, ActiveTable(action.table_name), {}, {}, {}, false};
    auto key = checks.Next(*p.definition, action.item, [&] {
      if (action.kind == Kind::Put) {
        PrimaryKey k = KeyFromItem(*p.definition, action.item);
        CheckIndexKeys(*p.definition, action.item);
        return k;
      }
      PrimaryKey k = KeyFromKeyParameter(*p.definition, action.item);
      if (action.kind == Kind::Update) CheckUpdateTargets(*p.definition, action.update);
      return k;
    });
    if (key) p.key = std::move(*key);
    prepared.push_back(std::move(p));
  }
  checks.ThrowIfAnyInvalid();

  // Capacity: every action writes (a ConditionCheck too, as DynamoDB bills it).
  std::vector<std::pair<const TableDefinition*, CapacityTouch>> touches;
  for (const auto& p : prepared) touches.emplace_back(p.definition.get(), TableTouch(p.key.hash, true));
  std::vector<bool> charge = AdmitTransaction(touches);

  std::vector<std::string> keys;
  for (const auto& p : prepared) keys.push_back(p.key.storage_key);
  ItemLocks::TransactionHold hold(item_locks_, std::move(keys));
  if (options_.while_transaction_holds_items) options_.while_transaction_holds_items();

  // Conditions and updates against the held items. A validation error in
  // one action is the only reason reported; failed conditions otherwise.
  std::vector<CancellationReason> reasons(prepared.size());
  bool condition_failed = false;
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    PreparedAction& p = prepared[i];
    const auto& action = *p.action;
    if (auto bytes = storage_->Get(storage_->items(), p.key.storage_key)) p.old = DecodeItem(*bytes);
    if (action.condition && !Evaluate(*action.condition, p.old ? *p.old : Item{})) {
      reasons[i].code = "ConditionalCheckFailed";
      reasons[i].message = "The conditional request failed";
      if (action.return_old_on_condition_failure && p.old) reasons[i].item = p.old;
      condition_failed = true;
      continue;
    }
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
            ApplyUpdate(action.update, p.key.AsItem(*p.definition));
          } else {
            p.updated = ApplyUpdateChecked(*p.definition, action.update, p.old, p.key);
            p.writes = true;
          }
        } catch (const DynamoError& e) {
          if (e.type() != "ValidationException" || IsRequestLevelValidation(e)) throw;
          std::vector<CancellationReason> only(prepared.size());
          only[i] = {"ValidationError", e.message(), std::nullopt};
          throw TransactionCancelled(std::move(only));
        }
        break;
    }
  }
  if (condition_failed) throw TransactionCancelled(std::move(reasons));

  TransactWriteResult result;
  rocksdb::WriteBatch batch;
  for (const auto& p : prepared) {
    // Every action costs two write units per KB of the larger image (prepare
    // and commit); reading it again on a replay, two read units per 4 KB.
    const std::size_t old_size = p.old ? ItemSize(*p.old) : 0;
    const std::size_t new_size = p.updated ? ItemSize(*p.updated) : 0;
    result.consumed[p.action->table_name].write_units += 2 * WriteUnits(old_size, new_size);
    replay_consumed[p.action->table_name].read_units += 2 * ReadUnits(std::max(old_size, new_size), true);
    if (!p.writes) continue;
    try {
      auto collection = StageWrite(*p.definition, p.key, p.old ? &*p.old : nullptr, p.updated ? &*p.updated : nullptr,
                                   batch, &result.consumed[p.action->table_name]);
      if (collection) result.item_collections[p.action->table_name].push_back(std::move(*collection));
    } catch (const DynamoError& e) {
      if (e.type() != "ItemCollectionSizeLimitExceededException") throw;
      std::vector<CancellationReason> only(prepared.size());
      only[&p - prepared.data()] = {"ItemCollectionSizeLimitExceeded", e.message(), std::nullopt};
      throw TransactionCancelled(std::move(only));
    }
  }
  // GSI back-pressure, per table: a GSI out of capacity cancels the
  // transaction, the reason on the first action writing that table.
  std::map<std::string, bool> charge_indexes;
  for (const auto& p : prepared) {
    const std::string& name = p.action->table_name;
    if (charge_indexes.count(name)) continue;
    try {
      charge_indexes[name] = AdmitIndexWrites(*p.definition, result.consumed[name]);
    } catch (const DynamoError& e) {
      std::vector<CancellationReason> only(prepared.size());
      only[&p - prepared.data()] = CapacityModel::AsCancellationReason(e);
      throw TransactionCancelled(std::move(only));
    }
    // Under observe, a GSI that would have cancelled the transaction means
    // nothing is charged.
    if (!charge_indexes[name] && capacity_->ModeFor(*p.definition) != ThrottlingMode::Off) {
      charge.assign(charge.size(), false);
    }
  }
  storage_->Write(batch);
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    const PreparedAction& p = prepared[i];
    const std::size_t old_size = p.old ? ItemSize(*p.old) : 0;
    const std::size_t new_size = p.updated ? ItemSize(*p.updated) : 0;
    if (charge[i]) capacity_->Charge(*p.definition, TableTouch(p.key.hash, true), 2 * WriteUnits(old_size, new_size));
    if (p.writes && capacity_->ModeFor(*p.definition) != ThrottlingMode::Off) {
      capacity_->AddBytes(*p.definition, TableTouch(p.key.hash, true),
                          static_cast<std::int64_t>(new_size) - static_cast<std::int64_t>(old_size));
    }
    auto done = charge_indexes.find(p.action->table_name);
    if (done != charge_indexes.end() && done->second) {
      // Once per table: its GSIs, and its LSI entries (in the table's
      // partitions; charged where its first action is).
      const ConsumedCapacity& consumed = result.consumed[p.action->table_name];
      ChargeIndexWrites(*p.definition, consumed);
      double lsi_units = 0;
      for (const auto& [name, units] : consumed.local_index_units) lsi_units += units;
      if (lsi_units > 0 && charge[i]) capacity_->Charge(*p.definition, TableTouch(p.key.hash, true), lsi_units);
      done->second = false;
    }
  }
  return result;
}

}  // namespace ddb
