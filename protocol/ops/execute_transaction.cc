// ExecuteTransaction: up to 100 PartiQL statements run as one transaction:
// all writes (INSERT, UPDATE, DELETE, EXISTS checks), run as
// TransactWriteItems, or all reads (SELECTs of single items by full key),
// run as TransactGetItems, with their cancellation reasons, conflicts and
// ClientRequestToken idempotency.
#include "engine/error.h"
#include "engine/transaction_checks.h"
#include "protocol/attribute_json.h"
#include "protocol/item_request.h"
#include "protocol/operation.h"
#include "protocol/partiql/executor.h"
#include "protocol/partiql/messages.h"
#include "protocol/partiql/statement_request.h"
#include "protocol/request_fingerprint.h"

namespace ddb {

namespace {

using Kind = TransactWriteRequest::Action::Kind;

// Runs `f` for statement `index`: its validation errors name the statement.
template <typename F>
auto InStatement(std::size_t index, F&& f) {
  try {
    return f();
  } catch (const DynamoError& e) {
    if (e.code() != ErrorCode::Validation && e.code() != ErrorCode::InvalidRequestValue) throw;
    throw partiql::InTransactStatement(index, e.message());
  }
}

// A statement that names no single item of an existing table cancels the
// transaction with this reason, as DynamoDB reports it.
struct NoItem {
  CancellationReason reason;
};

TransactWriteRequest::Action WriteAction(Engine& engine, const partiql::Statement& statement,
                                         const partiql::Parameters& parameters, bool return_old_on_failure) {
  partiql::CheckStatement(statement, parameters);
  if (statement.kind != partiql::Statement::Kind::Exists) partiql::CheckWriteTarget(statement);
  const auto table = engine.FindTable(statement.target().table);
  if (!table) throw NoItem{{"ResourceNotFound", partiql::kNoSuchTable, std::nullopt}};
  if (statement.kind != partiql::Statement::Kind::Insert && !partiql::StatementKey(statement, *table, parameters) &&
      statement.kind != partiql::Statement::Kind::Exists) {
    throw NoItem{{"ValidationError", KeySchemaMismatch().message(), std::nullopt}};
  }
  TransactWriteRequest::Action action;
  switch (statement.kind) {
    case partiql::Statement::Kind::Insert: {
      if (std::optional<std::string> missing = partiql::MissingInsertKey(statement.insert, *table, parameters)) {
        throw NoItem{{"ValidationError",
                      "One or more parameter values were invalid: Missing the key " + *missing + " in the item",
                      std::nullopt}};
      }
      PutItemRequest put;
      try {
        put = partiql::PlanInsert(statement.insert, *table, parameters);
      } catch (const DynamoError& e) {
        if (e.code() != ErrorCode::KeySchemaMismatch) throw;
        throw NoItem{{"ValidationError", KeySchemaMismatch().message(), std::nullopt}};
      }
      action.kind = Kind::Put;
      action.item = std::move(put.item);
      action.condition = std::move(put.condition);
      action.insert = true;
      break;
    }
    case partiql::Statement::Kind::Update: {
      UpdateItemRequest update = partiql::PlanUpdate(statement.update, *table, parameters);
      if (update.return_values != ReturnValues::NONE) throw ValidationError(partiql::kReturningInTransaction);
      action.kind = Kind::Update;
      action.item = std::move(update.key);
      action.update = std::move(update.update);
      action.condition = std::move(update.condition);
      break;
    }
    case partiql::Statement::Kind::Delete: {
      DeleteItemRequest del = partiql::PlanDelete(statement.del, *table, parameters);
      if (del.return_values != ReturnValues::NONE) throw ValidationError(partiql::kReturningInTransaction);
      action.kind = Kind::Delete;
      action.item = std::move(del.key);
      action.condition = std::move(del.condition);
      break;
    }
    default: action = partiql::PlanExists(statement.select, *table, parameters); break;
  }
  action.table_name = table->name;
  action.return_old_on_condition_failure = return_old_on_failure;
  return action;
}

TransactGetRequest::Get ReadAction(Engine& engine, const partiql::Statement& statement,
                                   const partiql::Parameters& parameters) {
  partiql::CheckStatement(statement, parameters);
  const auto table = engine.FindTable(statement.target().table);
  if (!table) throw NoItem{{"ResourceNotFound", partiql::kNoSuchTable, std::nullopt}};
  if (statement.select.source.index) throw ValidationError(partiql::kTransactionIndexRead);
  std::optional<Item> key;
  try {
    key = partiql::PlanKeyedSelect(statement.select, *table, parameters);
  } catch (const DynamoError& e) {
    if (e.code() != ErrorCode::KeySchemaMismatch) throw;
    throw NoItem{{"ValidationError", KeySchemaMismatch().message(), std::nullopt}};
  }
  if (!key) throw ValidationError(partiql::kTransactionSelectNeedsKey);
  TransactGetRequest::Get get;
  get.table_name = table->name;
  get.key = std::move(*key);
  get.projection = statement.select.projection;
  return get;
}

// Builds every statement's action, in order: a request-level error stops at
// once, a statement naming no item becomes its cancellation reason (the
// others' reasons are None) once every statement is built.
template <typename Action, typename Build>
std::vector<Action> BuildActions(std::size_t count, Build&& build) {
  std::vector<Action> actions;
  std::vector<CancellationReason> reasons(count);
  bool cancelled = false;
  for (std::size_t i = 0; i < count; ++i) {
    try {
      actions.push_back(InStatement(i, [&] { return build(i); }));
    } catch (const NoItem& no_item) {
      reasons[i] = no_item.reason;
      cancelled = true;
    }
  }
  if (cancelled) throw TransactionCancelled(std::move(reasons));
  return actions;
}

}  // namespace

void ExecuteTransactionOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  const JsonValue* statements =
      partiql::ReadStatementList(r, "TransactStatements", "transactStatements", partiql::kMaxTransactionStatements, v);
  const auto token = StringMember(r, "ClientRequestToken");
  v.StringLength(token, "clientRequestToken", 1, 36);
  const auto consumed_mode = StringMember(r, "ReturnConsumedCapacity");
  v.Enum(consumed_mode, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  partiql::CheckStatementShapes(statements, "transactStatements", v);
  v.ThrowIfAny();

  // Parameters are read (and refused, without the statement's prefix)
  // before any statement is parsed.
  std::vector<partiql::Parameters> parameters;
  for (const auto& entry : statements->GetArray()) {
    parameters.push_back(partiql::ReadParameters(ArrayMember(entry, "Parameters")));
  }
  std::vector<partiql::Statement> parsed;
  bool reads = false, writes = false;
  for (std::size_t i = 0; i < statements->Size(); ++i) {
    parsed.push_back(InStatement(i, [&] {
      const JsonValue& entry = (*statements)[static_cast<rapidjson::SizeType>(i)];
      return partiql::Parse(*StringMember(entry, "Statement"));
    }));
    (parsed.back().is_read() ? reads : writes) = true;
  }
  if (reads && writes) throw ValidationError(partiql::kTransactionMixesReadsAndWrites);

  JsonWriter& w = ctx.out;
  if (reads) {
    TransactGetRequest request;
    request.gets = BuildActions<TransactGetRequest::Get>(
        parsed.size(), [&](std::size_t i) { return ReadAction(ctx.engine, parsed[i], parameters[i]); });
    TransactGetResult result = ctx.engine.TransactGetItems(request);
    w.StartObject();
    w.Key("Responses");
    w.StartArray();
    for (std::size_t i = 0; i < result.items.size(); ++i) {
      w.StartObject();
      if (const auto& item = result.items[i]) {
        w.Key("Item");
        const auto& projection = parsed[i].select.projection;
        WriteItem(w, projection ? partiql::FlatProjection(*item, *projection) : *item);
      }
      w.EndObject();
    }
    w.EndArray();
    WriteCapacityList(w, consumed_mode, result.consumed, /*split=*/true);
    w.EndObject();
    return;
  }

  TransactWriteRequest request;
  request.actions = BuildActions<TransactWriteRequest::Action>(parsed.size(), [&](std::size_t i) {
    const JsonValue& entry = (*statements)[static_cast<rapidjson::SizeType>(i)];
    return WriteAction(ctx.engine, parsed[i], parameters[i],
                       StringMember(entry, "ReturnValuesOnConditionCheckFailure").value_or("NONE") == "ALL_OLD");
  });
  request.client_request_token = token;
  request.fingerprint = Fingerprint(*statements);
  TransactWriteResult result = ctx.engine.TransactWriteItems(request);
  w.StartObject();
  w.Key("Responses");
  w.StartArray();
  w.EndArray();
  WriteCapacityList(w, consumed_mode, result.consumed, /*split=*/true);
  w.EndObject();
}

}  // namespace ddb
