// TransactWriteItems: up to 100 Put / Update / Delete / ConditionCheck
// actions, each with its own expressions and placeholders; all or nothing.
#include <algorithm>
#include <string_view>

#include "engine/error.h"
#include "engine/limits.h"
#include "protocol/attribute_json.h"
#include "protocol/constraints.h"
#include "protocol/expression_context.h"
#include "protocol/item_request.h"
#include "protocol/operation.h"
#include "protocol/request_fingerprint.h"

namespace ddb {

namespace {

using Kind = TransactWriteRequest::Action::Kind;

struct ActionKind {
  const char* member;  // on the wire
  const char* path;    // in validation messages
  Kind kind;
};
constexpr ActionKind kKinds[] = {{"ConditionCheck", "conditionCheck", Kind::ConditionCheck},
                                 {"Put", "put", Kind::Put},
                                 {"Delete", "delete", Kind::Delete},
                                 {"Update", "update", Kind::Update}};

// Shape checks of one action (required members, enums) under its path.
void CheckActionShape(const JsonValue& entry, const std::string& path, ConstraintViolations& v) {
  for (const auto& k : kKinds) {
    const JsonValue* b = ObjectMember(entry, k.member);
    if (!b) continue;
    const std::string p = path + k.path + ".";
    v.NotNull(Member(*b, k.kind == Kind::Put ? "Item" : "Key") != nullptr, p + (k.kind == Kind::Put ? "item" : "key"));
    auto table = StringMember(*b, "TableName");
    v.NotNull(table.has_value(), p + "tableName");
    if (table && table->rfind("arn:", 0) != 0) CheckTableName(v, table, p + "tableName");
    if (k.kind == Kind::ConditionCheck)
      v.NotNull(Member(*b, "ConditionExpression") != nullptr, p + "conditionExpression");
    if (k.kind == Kind::Update) v.NotNull(Member(*b, "UpdateExpression") != nullptr, p + "updateExpression");
    v.Enum(StringMember(*b, "ReturnValuesOnConditionCheckFailure"), p + "returnValuesOnConditionCheckFailure",
           {"ALL_OLD", "NONE"});
  }
}

TransactWriteRequest::Action ParseAction(const JsonValue& entry) {
  const JsonValue* body = nullptr;
  TransactWriteRequest::Action action;
  int found = 0;
  for (const auto& k : kKinds) {
    if (const JsonValue* b = ObjectMember(entry, k.member)) {
      body = b;
      action.kind = k.kind;
      ++found;
    }
  }
  if (found == 0)
    throw ValidationError("Invalid Request: TransactWriteRequest should contain Delete or Put or Update request");
  if (found > 1) throw ValidationError("TransactItems can only contain one of Check, Put, Update or Delete");
  const JsonValue& b = *body;
  action.table_name = TableNameFromNameOrArn(*StringMember(b, "TableName"));
  action.item = ParseItem(*Member(b, action.kind == Kind::Put ? "Item" : "Key"));
  if (action.kind == Kind::Update) {
    CheckExpressionParameters(b, {"ConditionExpression", "UpdateExpression"}, {});
  } else {
    CheckExpressionParameters(b, {"ConditionExpression"}, {});
  }
  ExpressionContext expressions(b);
  if (action.kind == Kind::Update)
    action.update = expressions.ParseUpdate(*StringMember(b, "UpdateExpression"), "UpdateExpression");
  if (auto condition = StringMember(b, "ConditionExpression")) {
    action.condition = expressions.ParseCondition(*condition, "ConditionExpression");
  }
  expressions.CheckAllUsed();
  if (action.kind == Kind::Put && ItemSize(action.item) > kMaxItemBytes) throw ItemTooLarge();
  action.return_old_on_condition_failure =
      StringMember(b, "ReturnValuesOnConditionCheckFailure").value_or("NONE") == "ALL_OLD";
  return action;
}

}  // namespace

void TransactWriteItemsOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  const JsonValue* items = ArrayMember(r, "TransactItems");
  v.NotNull(items != nullptr, "transactItems");
  if (items) v.ListLength(items->Size(), "transactItems", 1, kMaxTransactionActions);
  auto consumed_mode = StringMember(r, "ReturnConsumedCapacity");
  v.Enum(consumed_mode, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  v.Enum(StringMember(r, "ReturnItemCollectionMetrics"), "returnItemCollectionMetrics", {"SIZE", "NONE"});
  auto token = StringMember(r, "ClientRequestToken");
  v.StringLength(token, "clientRequestToken", 1, 36);
  if (items) {
    int i = 1;
    for (const auto& entry : items->GetArray()) {
      ExpectObject(entry);
      CheckActionShape(entry, "transactItems." + std::to_string(i++) + ".member.", v);
    }
  }
  v.ThrowIfAny();

  TransactWriteRequest request;
  std::size_t payload = 0;
  for (const auto& entry : items->GetArray()) {
    request.actions.push_back(ParseAction(entry));
    if (request.actions.back().kind == Kind::Put) payload += ItemSize(request.actions.back().item);
  }
  if (payload > kMaxTransactionPayloadBytes) {
    throw ValidationError("Transaction payload size cannot exceed 4MB. Payload Size: " + std::to_string(payload));
  }
  request.client_request_token = token;
  request.fingerprint = Fingerprint(*items);

  TransactWriteResult result = ctx.engine.TransactWriteItems(request);
  ctx.out.StartObject();
  WriteCapacityList(ctx.out, consumed_mode, result.consumed, /*split=*/true);
  WriteItemCollectionMetricsList(ctx.out, StringMember(r, "ReturnItemCollectionMetrics"), result.item_collections);
  ctx.out.EndObject();
}

}  // namespace ddb
