// BatchWriteItem: up to 25 PutRequest / DeleteRequest entries over one or
// more tables. Everything is processed, so UnprocessedItems is always empty.
#include <algorithm>

#include "engine/error.h"
#include "engine/limits.h"
#include "protocol/attribute_json.h"
#include "protocol/constraints.h"
#include "protocol/item_request.h"
#include "protocol/operation.h"

namespace ddb {

void BatchWriteItemOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  const JsonValue* items = ObjectMember(r, "RequestItems");
  if (!items || items->MemberCount() == 0) {
    throw ValidationError("The requestItems parameter is required for BatchWriteItem");
  }
  ConstraintViolations v;
  auto consumed_mode = StringMember(r, "ReturnConsumedCapacity");
  v.Enum(consumed_mode, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  const auto collection_metrics = StringMember(r, "ReturnItemCollectionMetrics");
  v.Enum(collection_metrics, "returnItemCollectionMetrics", {"SIZE", "NONE"});
  std::string names_echo;
  bool bad_name = false;
  for (auto it = items->MemberBegin(); it != items->MemberEnd(); ++it) {
    const std::string table(it->name.GetString(), it->name.GetStringLength());
    if (!IsTableNameOrArn(table)) bad_name = true;
    ExpectArray(it->value);
    names_echo += (names_echo.empty() ? "" : ", ") + table + "=[...]";
    if (it->value.Empty() || it->value.Size() > kMaxBatchWrites) {
      std::string shown = "[";
      for (std::size_t i = 0; i < it->value.Size(); ++i) shown += i ? ", WriteRequest" : "WriteRequest";
      v.Add("'{" + table + "=" + shown + "]}'", "requestItems",
            "Map value must satisfy constraint: [" + MaxLengthRule(kMaxBatchWrites) + ", " + MinLengthRule(1) + "]");
    }
    int index = 1;
    for (const auto& entry : it->value.GetArray()) {
      ExpectObject(entry, "WriteRequest");
      const std::string path = "requestItems." + table + ".member." + std::to_string(index++) + ".member.";
      if (const JsonValue* put = ObjectMember(entry, "PutRequest", "PutRequest")) {
        v.NotNull(Member(*put, "Item") != nullptr, path + "putRequest.item");
      }
      if (const JsonValue* del = ObjectMember(entry, "DeleteRequest", "DeleteRequest")) {
        v.NotNull(Member(*del, "Key") != nullptr, path + "deleteRequest.key");
      }
    }
  }
  if (bad_name) {
    v.Add("'{" + names_echo + "}'", "requestItems", kTableNameMapKeysRule);
  }
  v.ThrowIfAny();

  std::size_t total = 0;
  for (auto it = items->MemberBegin(); it != items->MemberEnd(); ++it) total += it->value.Size();
  if (total > kMaxBatchWrites) throw ValidationError("Too many items requested for the BatchWriteItem call");

  BatchWriteRequest request;
  for (auto it = items->MemberBegin(); it != items->MemberEnd(); ++it) {
    const std::string table = TableNameFromNameOrArn(std::string(it->name.GetString(), it->name.GetStringLength()));
    for (const auto& entry : it->value.GetArray()) {
      const JsonValue* put = ObjectMember(entry, "PutRequest", "PutRequest");
      const JsonValue* del = ObjectMember(entry, "DeleteRequest", "DeleteRequest");
      if ((put != nullptr) == (del != nullptr)) {
        // DynamoDB reuses the AttributeValue text for a request with both or neither.
        throw ValidationError(
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
            "the supported datatypes");
      }
      BatchWriteRequest::Write w;
      w.table_name = table;
      w.is_put = put != nullptr;
      w.item = ParseItem(put ? *Member(*put, "Item") : *Member(*del, "Key"));
      request.writes.push_back(std::move(w));
    }
  }

  BatchWriteResult result = ctx.engine.BatchWriteItem(request);
  ctx.out.StartObject();
  ctx.out.Key("UnprocessedItems");
  ctx.out.StartObject();
  // Throttled writes go back as they came, under their table's name as sent.
  std::size_t i = 0, next = 0;
  for (auto it = items->MemberBegin(); it != items->MemberEnd(); ++it) {
    bool open = false;
    for (const auto& entry : it->value.GetArray()) {
      if (next < result.unprocessed.size() && result.unprocessed[next] == i) {
        if (!open) {
          ctx.out.Key(it->name.GetString(), it->name.GetStringLength());
          ctx.out.StartArray();
          open = true;
        }
        entry.Accept(ctx.out);
        ++next;
      }
      ++i;
    }
    if (open) ctx.out.EndArray();
  }
  ctx.out.EndObject();
  WriteCapacityList(ctx.out, consumed_mode, result.consumed);
  WriteItemCollectionMetricsList(ctx.out, collection_metrics, result.item_collections);

  ctx.out.EndObject();
}

}  // namespace ddb
