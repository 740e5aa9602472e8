// BatchExecuteStatement: up to 25 PartiQL statements, all reads (each a
// SELECT of one item by its full key) or all writes. Each statement
// succeeds or fails on its own; a failure is reported in its Responses
// entry, not as the request's error.
#include <set>

#include "engine/error.h"
#include "engine/expression.h"
#include "engine/item_codec.h"
#include "protocol/attribute_json.h"
#include "protocol/item_request.h"
#include "protocol/operation.h"
#include "protocol/partiql/executor.h"
#include "protocol/partiql/messages.h"
#include "protocol/partiql/statement_request.h"

namespace ddb {

namespace {

// The BatchStatementError code of an error (the service model's
// BatchStatementErrorCodeEnum).
const char* BatchErrorCode(const DynamoError& e) {
  if (e.is_validation()) return "ValidationError";
  switch (e.code()) {
    case ErrorCode::ConditionalCheckFailed: return "ConditionalCheckFailed";
    case ErrorCode::DuplicateItem: return "DuplicateItem";
    case ErrorCode::ItemCollectionSizeLimitExceeded: return "ItemCollectionSizeLimitExceeded";
    case ErrorCode::ProvisionedThroughputExceeded: return "ProvisionedThroughputExceeded";
    case ErrorCode::Throttling: return "ThrottlingError";
    case ErrorCode::TransactionConflict: return "TransactionConflict";
    case ErrorCode::ResourceNotFound: return "ResourceNotFound";
    default: return "InternalServerError";
  }
}

struct Outcome {
  std::string table_name;
  std::optional<Item> item;
  std::optional<DynamoError> error;
};

// A SELECT in a batch reads one item by its full key, as GetItem does.
Outcome RunRead(Engine& engine, const partiql::Statement& statement, const partiql::Parameters& parameters,
                bool consistent_read, std::map<std::string, ConsumedCapacity>& consumed) {
  partiql::CheckStatement(statement, parameters);
  const auto table = partiql::ResolveTable(engine, statement.target());
  std::optional<Item> key = partiql::PlanKeyedSelect(statement.select, *table, parameters);
  if (!key) throw ValidationError(partiql::kBatchSelectNeedsKey);
  GetItemRequest get;
  get.table_name = table->name;
  get.key = std::move(*key);
  get.consistent_read = consistent_read;
  get.projection = statement.select.projection;
  GetItemResult result = engine.GetItem(get);
  Outcome outcome{table->name, std::nullopt, std::nullopt};
  consumed[table->name].read_units += result.consumed.read_units;
  if (!result.item) return outcome;
  Item item = DecodeItem(*result.item);
  if (statement.select.projection) item = partiql::FlatProjection(item, *statement.select.projection);
  outcome.item = std::move(item);
  return outcome;
}

}  // namespace

void BatchExecuteStatementOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  const JsonValue* statements =
      partiql::ReadStatementList(r, "Statements", "statements", partiql::kMaxBatchStatements, v);
  const auto consumed_mode = StringMember(r, "ReturnConsumedCapacity");
  v.Enum(consumed_mode, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  partiql::CheckStatementShapes(statements, "statements", v);
  v.ThrowIfAny();

  // Every statement's parameters are read and the statement parsed first
  // (reads and writes may not be mixed); a failure is the statement's own.
  std::vector<std::optional<partiql::Statement>> parsed;
  std::vector<partiql::Parameters> parameters(statements->Size());
  std::vector<Outcome> outcomes(statements->Size());
  bool reads = false, writes = false;
  for (std::size_t i = 0; i < statements->Size(); ++i) {
    const JsonValue& entry = (*statements)[static_cast<rapidjson::SizeType>(i)];
    try {
      parameters[i] = partiql::ReadParameters(ArrayMember(entry, "Parameters"));
      parsed.push_back(partiql::Parse(*StringMember(entry, "Statement")));
      (parsed.back()->is_read() ? reads : writes) = true;
    } catch (const DynamoError& e) {
      parsed.emplace_back();
      outcomes[i].error = e;
    }
  }
  if (reads && writes) throw ValidationError(partiql::kBatchMixesReadsAndWrites);
  // Two statements on one item refuse the whole batch before any runs.
  std::set<std::pair<std::string, std::string>> items;
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    if (!parsed[i]) continue;
    const auto table = ctx.engine.FindTable(parsed[i]->target().table);
    if (!table) continue;
    std::optional<Item> key = partiql::StatementKey(*parsed[i], *table, parameters[i]);
    if (key && !items.emplace(table->name, EncodeItem(*key)).second) {
      throw ValidationError(partiql::kBatchDuplicateItems);
    }
  }

  std::map<std::string, ConsumedCapacity> consumed;
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    if (!parsed[i]) continue;
    const JsonValue& entry = (*statements)[static_cast<rapidjson::SizeType>(i)];
    Outcome& outcome = outcomes[i];
    outcome.table_name = parsed[i]->target().table;
    try {
      if (parsed[i]->is_read()) {
        outcome = RunRead(ctx.engine, *parsed[i], parameters[i], BoolMember(entry, "ConsistentRead").value_or(false),
                          consumed);
      } else {
        // ReturnValuesOnConditionCheckFailure is accepted, but DynamoDB puts
        // no Item in a batch's errors (docs/partiql-messages.md).
        partiql::StatementOptions options;
        partiql::StatementResult result = partiql::Execute(ctx.engine, "", *parsed[i], parameters[i], options);
        outcome.table_name = result.table_name;
        outcome.item = std::move(result.returned);
        partiql::AddUnits(consumed[result.table_name], result.consumed);
      }
    } catch (const DynamoError& e) {
      if (e.code() == ErrorCode::InternalServerError) throw;
      outcome.error = e;
    }
  }

  JsonWriter& w = ctx.out;
  w.StartObject();
  w.Key("Responses");
  w.StartArray();
  for (const auto& outcome : outcomes) {
    w.StartObject();
    if (outcome.error) {
      w.Key("Error");
      w.StartObject();
      w.Key("Code");
      w.String(BatchErrorCode(*outcome.error));
      w.Key("Message");
      w.String(outcome.error->message());
      w.EndObject();
    }
    if (!outcome.table_name.empty()) {
      w.Key("TableName");
      w.String(outcome.table_name);
    }
    if (outcome.item) {
      w.Key("Item");
      WriteItem(w, *outcome.item);
    }
    w.EndObject();
  }
  w.EndArray();
  // A batch where no statement ran reports no capacity.
  if (!consumed.empty()) WriteCapacityList(w, consumed_mode, consumed);
  w.EndObject();
}

}  // namespace ddb
