// TransactWriteItems: validates every action, holds all their items
// (engine/item_locks.h: one canonical lock order, and single-item writes to a
// held item fail with TransactionConflictException), evaluates every
// condition against the held items, and commits every write with its index
// entries in one RocksDB write batch: a crash leaves all of it or none. A
// ClientRequestToken seen within the idempotency window returns the first
// outcome without applying twice (engine/idempotency_store.h).
#include <algorithm>

#include "engine/capacity.h"
#include "engine/capacity_admission.h"
#include "engine/engine.h"
#include "engine/engine_impl.h"
#include "engine/error.h"
#include "engine/index_entries.h"
#include "engine/item_codec.h"
#include "engine/key_paths.h"
#include "engine/transaction_checks.h"
#include "engine/update_checks.h"

namespace ddb {

namespace {

using Kind = TransactWriteRequest::Action::Kind;

struct PreparedAction {
  const TransactWriteRequest::Action* action;
  std::shared_ptr<const TableDefinition> definition;  // the catalog's, shared
  PrimaryKey key;
  std::optional<Item> old;
  std::optional<Item> updated;  // the item after the action; nullopt: deleted or untouched
  bool writes = false;

  const std::string& table_name() const { return action->table_name; }
  std::size_t old_size() const { return old ? ItemSize(*old) : 0; }
  std::size_t new_size() const { return updated ? ItemSize(*updated) : 0; }
};

// The transaction cancelled for one action's reason alone.
[[noreturn]] void CancelFor(std::size_t actions, std::size_t i, CancellationReason reason) {
  std::vector<CancellationReason> only(actions);
  only[i] = std::move(reason);
  throw TransactionCancelled(std::move(only));
}

// Every action's table, key and request-level checks, in request order.
std::vector<PreparedAction> PrepareActions(EngineImpl& engine, const TransactWriteRequest& request) {
  std::vector<PreparedAction> prepared;
  prepared.reserve(request.actions.size());
  TransactionKeyChecks checks(request.actions.size());
  for (const auto& action : request.actions) {
    PreparedAction p{&action, engine.ActiveTable(action.table_name), {}, {}, {}, false};
    auto key = checks.Next(*p.definition, action.item, [&] {
      if (action.kind == Kind::Put) {
        PrimaryKey k = KeyFromItem(*p.definition, action.item);
        CheckIndexKeys(*p.definition, action.item);
        CheckNestedKeyPaths(*p.definition, action.condition);
        return k;
      }
      PrimaryKey k = KeyFromKeyParameter(*p.definition, action.item);
      if (action.kind == Kind::Update) {
        CheckUpdateTargets(*p.definition, action.update, action.condition);
      } else {
        CheckNestedKeyPaths(*p.definition, action.condition);
      }
      return k;
    });
    if (key) p.key = std::move(*key);
    prepared.push_back(std::move(p));
  }
  checks.ThrowIfAnyInvalid();
  return prepared;
}

// Conditions and updates against the held items. A validation error in one
// action is the only reason reported; failed conditions otherwise.
void EvaluateActions(Storage& storage, std::vector<PreparedAction>& prepared) {
  std::vector<CancellationReason> reasons(prepared.size());
  bool condition_failed = false;
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    PreparedAction& p = prepared[i];
    const auto& action = *p.action;
    if (auto bytes = storage.Get(storage.items(), p.key.storage_key)) p.old = DecodeItem(*bytes);
    if (action.condition && !Evaluate(*action.condition, p.old ? *p.old : Item{})) {
      const DynamoError failure = action.insert ? DuplicateItem() : ConditionalCheckFailed();
      reasons[i] = {action.insert ? "DuplicateItem" : "ConditionalCheckFailed", failure.message(), std::nullopt};
      if (action.return_old_on_condition_failure && p.old) reasons[i].item = p.old;
      condition_failed = true;
      continue;
    }
    switch (action.kind) {
      case Kind::Put:
        p.updated = action.item;
        p.writes = true;
        break;
      case Kind::Delete: p.writes = p.old.has_value(); break;
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
          if (!e.is_validation() || IsRequestLevelValidation(e)) throw;
          CancelFor(prepared.size(), i, {"ValidationError", e.message(), std::nullopt});
        }
        break;
    }
  }
  if (condition_failed) throw TransactionCancelled(std::move(reasons));
}

// Every write staged into `batch`, with the units each table consumed and
// what a replay will report.
void StageActions(WritePath& writes, const std::vector<PreparedAction>& prepared, StagedWrite& batch,
                  TransactWriteResult& result, std::map<std::string, ConsumedCapacity>& replay_consumed) {
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    const PreparedAction& p = prepared[i];
    // Every action costs two write units per KB of the larger image (prepare
    // and commit); reading it again on a replay, two read units per 4 KB.
    result.consumed[p.table_name()].write_units += 2 * WriteUnits(p.old_size(), p.new_size());
    replay_consumed[p.table_name()].read_units += 2 * ReadUnits(std::max(p.old_size(), p.new_size()), true);
    if (!p.writes) continue;
    try {
      auto collection = writes.Stage(*p.definition, p.key, p.old ? &*p.old : nullptr, p.updated ? &*p.updated : nullptr,
                                     batch, &result.consumed[p.table_name()]);
      if (collection) result.item_collections[p.table_name()].push_back(std::move(*collection));
    } catch (const DynamoError& e) {
      if (e.code() != ErrorCode::ItemCollectionSizeLimitExceeded) throw;
      CancelFor(prepared.size(), i, {"ItemCollectionSizeLimitExceeded", e.message(), std::nullopt});
    }
  }
}

// GSI back-pressure, per table: a GSI out of capacity cancels the
// transaction, the reason on the first action writing that table. Returns,
// per table, whether to charge its index writes; under Observe a GSI that
// would have cancelled the transaction clears `charge` (nothing is charged).
std::map<std::string, bool> AdmitIndexWrites(EngineImpl& engine, const std::vector<PreparedAction>& prepared,
                                             const TransactWriteResult& result, std::vector<bool>& charge) {
  std::map<std::string, bool> charge_indexes;
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    const PreparedAction& p = prepared[i];
    const std::string& name = p.table_name();
    if (charge_indexes.count(name)) continue;
    try {
      charge_indexes[name] = engine.admission.AdmitIndexWrites(*p.definition, result.consumed.at(name));
    } catch (const DynamoError& e) {
      CancelFor(prepared.size(), i, CapacityModel::AsCancellationReason(e));
    }
    if (!charge_indexes[name] && engine.capacity.ModeFor(*p.definition) != ThrottlingMode::Off) {
      charge.assign(charge.size(), false);
    }
  }
  return charge_indexes;
}

// After the commit: each action's table units and partition bytes, and once
// per table its GSIs' units and its LSI entries' (in the table's
// partitions; charged where its first action is).
void ChargeActions(EngineImpl& engine, const std::vector<PreparedAction>& prepared, const TransactWriteResult& result,
                   const std::vector<bool>& charge, std::map<std::string, bool> charge_indexes) {
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    const PreparedAction& p = prepared[i];
    const TableDefinition& table = *p.definition;
    const CapacityTouch touch = TableTouch(p.key.hash, true);
    if (charge[i]) engine.capacity.Charge(table, touch, 2 * WriteUnits(p.old_size(), p.new_size()));
    if (p.writes && engine.capacity.ModeFor(table) != ThrottlingMode::Off) {
      engine.capacity.AddBytes(table, touch,
                               static_cast<std::int64_t>(p.new_size()) - static_cast<std::int64_t>(p.old_size()));
    }
    auto pending = charge_indexes.find(p.table_name());
    if (pending == charge_indexes.end() || !pending->second) continue;
    const ConsumedCapacity& consumed = result.consumed.at(p.table_name());
    engine.admission.ChargeIndexWrites(table, consumed);
    double lsi_units = 0;
    for (const auto& [name, units] : consumed.local_index_units) lsi_units += units;
    if (lsi_units > 0 && charge[i]) engine.capacity.Charge(table, touch, lsi_units);
    pending->second = false;
  }
}

// Checks, holds the items, evaluates and commits; fills what a replay of the
// transaction will report.
TransactWriteResult ApplyTransaction(EngineImpl& engine, const TransactWriteRequest& request,
                                     std::map<std::string, ConsumedCapacity>& replay_consumed) {
  std::shared_lock schema(engine.locks.schema);
  std::vector<PreparedAction> prepared = PrepareActions(engine, request);

  // Capacity: every action writes (a ConditionCheck too, as DynamoDB bills it).
  std::vector<std::pair<const TableDefinition*, CapacityTouch>> touches;
  for (const auto& p : prepared) touches.emplace_back(p.definition.get(), TableTouch(p.key.hash, true));
  std::vector<bool> charge = engine.admission.AdmitTransaction(touches);

  std::vector<std::string> keys;
  for (const auto& p : prepared) keys.push_back(p.key.storage_key);
  ItemLocks::TransactionHold hold(engine.item_locks, std::move(keys));
  if (engine.options.while_transaction_holds_items) engine.options.while_transaction_holds_items();

  EvaluateActions(engine.storage, prepared);
  TransactWriteResult result;
  StagedWrite batch;
  StageActions(engine.writes, prepared, batch, result, replay_consumed);
  std::map<std::string, bool> charge_indexes = AdmitIndexWrites(engine, prepared, result, charge);
  engine.streams.Write(batch);
  ChargeActions(engine, prepared, result, charge, std::move(charge_indexes));
  return result;
}

}  // namespace

TransactWriteResult Engine::TransactWriteItems(const TransactWriteRequest& request) {
  const std::optional<std::string>& token = request.client_request_token;
  if (token) {
    if (auto replay = impl_->transaction_tokens.Reserve(*token, request.fingerprint)) return std::move(*replay);
  }
  try {
    std::map<std::string, ConsumedCapacity> replay_consumed;
    TransactWriteResult result = ApplyTransaction(*impl_, request, replay_consumed);
    if (token) impl_->transaction_tokens.Complete(*token, std::move(replay_consumed));
    return result;
  } catch (...) {
    if (token) impl_->transaction_tokens.Release(*token);
    throw;
  }
}

}  // namespace ddb
