// GetItem: validate shapes, key and projection, then read.
#include "engine/error.h"
#include "protocol/attribute_json.h"
#include "protocol/item_request.h"
#include "protocol/legacy_parameters.h"
#include "protocol/operation.h"

namespace ddb {

void GetItemOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  ConstraintViolations v;
  ItemRequestCommon common;
  ReadCommonItemParameters(r, v, common);
  const JsonValue* key_json = ObjectMember(r, "Key");
  v.NotNull(key_json != nullptr, "key");
  const JsonValue* attributes_to_get = ArrayMember(r, "AttributesToGet");
  if (attributes_to_get && attributes_to_get->Empty()) {
    v.Add("'[]'", "attributesToGet", MinLengthRule(1));
  }
  v.ThrowIfAny();

  GetItemRequest request;
  request.table_name = common.table_name;
  request.key = ParseItem(*key_json);
  request.consistent_read = BoolMember(r, "ConsistentRead").value_or(false);
  ExpressionContext expressions(r, /*takes_values=*/false);
  auto projection = StringMember(r, "ProjectionExpression");
  if (projection && attributes_to_get) {
    throw ValidationError(
        "Can not use both expression and non-expression parameters in the same request: Non-expression "
        "parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
  }
  if (projection) {
    request.projection = expressions.ParseProjection(*projection, "ProjectionExpression");
    expressions.CheckAllUsed();
  } else if (expressions.has_names()) {
    throw ValidationError("ExpressionAttributeNames can only be specified when using expressions");
  } else if (attributes_to_get) {
    request.projection = ParseAttributesToGet(*attributes_to_get);
  }

  GetItemResult result = ctx.engine.GetItem(request);
  JsonWriter& w = ctx.out;
  w.StartObject();
  if (result.item) {
    w.Key("Item");
    WriteEncodedItem(w, *result.item);
  }
  WriteConsumedCapacity(w, common, result.consumed);
  w.EndObject();
}

}  // namespace ddb
