// TransactWriteItems: up to 100 Put / Update / Delete / ConditionCheck
// actions, each with its own expressions and placeholders; all or nothing.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "engine/error.h"
#include "protocol/attribute_json.h"
#include "protocol/constraints.h"
#include "protocol/item_request.h"
#include "protocol/operation.h"

namespace ddb {

namespace {

constexpr std::size_t kMaxActions = 100;

// The parameters a retry must repeat exactly to count as the same request.
std::string Fingerprint(const JsonValue& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

TransactWriteRequest::Action ParseAction(const JsonValue& entry) {
  using Kind = TransactWriteRequest::Action::Kind;
  static const std::pair<const char*, Kind> kinds[] = {
      {"ConditionCheck", Kind::ConditionCheck}, {"Put", Kind::Put}, {"Delete", Kind::Delete}, {"Update", Kind::Update}};
  const JsonValue* body = nullptr;
  TransactWriteRequest::Action action;
  int found = 0;
  for (const auto& [member, kind] : kinds) {
    if (const JsonValue* b = ObjectMember(entry, member)) {
      body = b;
      action.kind = kind;
      ++found;
    }
  }
  if (found != 1) {
    throw ValidationError("TransactItems can only contain one of Check, Put, Update or Delete");
  }
  const JsonValue& b = *body;
  action.table_name = TableNameFromNameOrArn(StringMember(b, "TableName").value_or(""));
  const JsonValue* item = Member(b, action.kind == Kind::Put ? "Item" : "Key");
  if (!item) {
    throw ValidationError(std::string("1 validation error detected: Value null at '") +
                          (action.kind == Kind::Put ? "item" : "key") +
                          "' failed to satisfy constraint: Member must not be null");
  }
  action.item = ParseItem(*item);
  ExpressionContext expressions(b);
  if (action.kind == Kind::Update) {
    auto update = StringMember(b, "UpdateExpression");
    if (!update) {
      throw ValidationError(
          "1 validation error detected: Value null at 'updateExpression' failed to satisfy constraint: Member must "
          "not be null");
    }
    action.update = expressions.ParseUpdate(*update, "UpdateExpression");
  }
  if (auto condition = StringMember(b, "ConditionExpression")) {
    action.condition = expressions.ParseCondition(*condition, "ConditionExpression");
  } else if (action.kind == Kind::ConditionCheck) {
    throw ValidationError(
        "1 validation error detected: Value null at 'conditionExpression' failed to satisfy constraint: Member must "
        "not be null");
  }
  expressions.CheckAllUsed();
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
  if (items && items->Empty()) v.Add("'[]'", "transactItems", "Member must have length greater than or equal to 1");
  if (items && items->Size() > kMaxActions) {
    v.Add("'" + Fingerprint(*items) + "'", "transactItems", "Member must have length less than or equal to 100");
  }
  auto consumed_mode = StringMember(r, "ReturnConsumedCapacity");
  v.Enum(consumed_mode, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  v.Enum(StringMember(r, "ReturnItemCollectionMetrics"), "returnItemCollectionMetrics", {"SIZE", "NONE"});
  auto token = StringMember(r, "ClientRequestToken");
  v.StringLength(token, "clientRequestToken", 1, 36);
  v.ThrowIfAny();

  TransactWriteRequest request;
  for (const auto& entry : items->GetArray()) {
    ExpectObject(entry);
    request.actions.push_back(ParseAction(entry));
  }
  request.client_request_token = token;
  request.fingerprint = Fingerprint(*items);

  TransactWriteResult result = ctx.engine.TransactWriteItems(request);
  ctx.out.StartObject();
  WriteCapacityList(ctx.out, consumed_mode, result.consumed, /*split=*/true);
  ctx.out.EndObject();
}

}  // namespace ddb
