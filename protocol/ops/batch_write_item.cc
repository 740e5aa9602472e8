// BatchWriteItem: up to 25 PutRequest / DeleteRequest entries over one or
// more tables. Everything is processed, so UnprocessedItems is always empty.
#include "engine/error.h"
#include "protocol/attribute_json.h"
#include "protocol/constraints.h"
#include "protocol/item_request.h"
#include "protocol/operation.h"

namespace ddb {

namespace {
constexpr std::size_t kMaxBatchWrites = 25;
}

void BatchWriteItemOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  const JsonValue* items = ObjectMember(r, "RequestItems");
  v.NotNull(items != nullptr, "requestItems");
  if (items && items->MemberCount() == 0) v.Add("'{}'", "requestItems", "Member must have length greater than or equal to 1");
  auto consumed_mode = StringMember(r, "ReturnConsumedCapacity");
  v.Enum(consumed_mode, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  const auto collection_metrics = StringMember(r, "ReturnItemCollectionMetrics");
  v.Enum(collection_metrics, "returnItemCollectionMetrics", {"SIZE", "NONE"});
  v.ThrowIfAny();

  BatchWriteRequest request;
  for (auto it = items->MemberBegin(); it != items->MemberEnd(); ++it) {
    const std::string table = TableNameFromNameOrArn(std::string(it->name.GetString(), it->name.GetStringLength()));
    ExpectArray(it->value);
    if (it->value.Empty()) {
      throw ValidationError("The batch write request list for a table cannot be null or empty: " + table);
    }
    if (it->value.Size() > kMaxBatchWrites) {
      throw ValidationError(
          "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must "
          "satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater "
          "than or equal to 1]");
    }
    for (const auto& entry : it->value.GetArray()) {
      ExpectObject(entry, "WriteRequest");
      const JsonValue* put = ObjectMember(entry, "PutRequest", "PutRequest");
      const JsonValue* del = ObjectMember(entry, "DeleteRequest", "DeleteRequest");
      if ((put != nullptr) == (del != nullptr)) {
        // DynamoDB reuses the AttributeValue text for a request with both or neither.
        throw ValidationError("Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
                              "the supported datatypes");
      }
      BatchWriteRequest::Write w;
      w.table_name = table;
      w.is_put = put != nullptr;
      const JsonValue* body = put ? Member(*put, "Item") : Member(*del, "Key");
      if (!body) throw ValidationError(std::string("1 validation error detected: Value null at '") +
                                       (put ? "item" : "key") + "' failed to satisfy constraint: Member must not be null");
      w.item = ParseItem(*body);
      request.writes.push_back(std::move(w));
    }
  }
  if (request.writes.size() > kMaxBatchWrites) throw ValidationError("Too many items requested for the BatchWriteItem call");

  BatchWriteResult result = ctx.engine.BatchWriteItem(request);
  ctx.out.StartObject();
  ctx.out.Key("UnprocessedItems");
  ctx.out.StartObject();
  ctx.out.EndObject();
  if (consumed_mode && *consumed_mode != "NONE") {
    ctx.out.Key("ConsumedCapacity");
    ctx.out.StartArray();
    for (const auto& [table, units] : result.consumed) {
      ctx.out.StartObject();
      ctx.out.Key("TableName");
      WriteString(ctx.out, table);
      ctx.out.Key("CapacityUnits");
      ctx.out.Double(units.total());
      ctx.out.EndObject();
    }
    ctx.out.EndArray();
  }
  if (collection_metrics == "SIZE" && !result.item_collections.empty()) {
    ctx.out.Key("ItemCollectionMetrics");
    ctx.out.StartObject();
    for (const auto& [table, collections] : result.item_collections) {
      WriteString(ctx.out, table);
      ctx.out.StartArray();
      for (const auto& c : collections) WriteItemCollectionMetrics(ctx.out, c);
      ctx.out.EndArray();
    }
    ctx.out.EndObject();
  }
  ctx.out.EndObject();
}

}  // namespace ddb
