// PutItem: validate shapes, values and the condition, then write.
#include "protocol/item_request.h"
#include "protocol/operation.h"

namespace ddb {

void PutItemOperation(OperationContext& ctx) {
  ConditionalWrite write = ReadConditionalWrite(ctx.request, "Item", "item");
  PutItemRequest request;
  request.table_name = write.common.table_name;
  request.item = std::move(write.item);
  request.return_values = write.return_values;
  request.condition = std::move(write.condition);
  request.return_old_on_condition_failure = write.options.return_old_on_condition_failure();
  WriteItemResult result = ctx.engine.PutItem(request);
  WriteItemResponse(ctx.out, "Attributes", result.attributes, write.common, result.consumed,
                    RequestedCollectionMetrics(write.options, result));
}

}  // namespace ddb
