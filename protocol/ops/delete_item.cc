// DeleteItem: validate shapes, key and condition, then delete.
#include "protocol/item_request.h"
#include "protocol/operation.h"

namespace ddb {

void DeleteItemOperation(OperationContext& ctx) {
  ConditionalWrite write = ReadConditionalWrite(ctx.request, "Key", "key");
  DeleteItemRequest request;
  request.table_name = write.common.table_name;
  request.key = std::move(write.item);
  request.return_values = write.return_values;
  request.condition = std::move(write.condition);
  request.return_old_on_condition_failure = write.options.return_old_on_condition_failure();
  WriteItemResult result = ctx.engine.DeleteItem(request);
  WriteItemResponse(ctx.out, "Attributes", result.attributes, write.common, result.consumed,
                    RequestedCollectionMetrics(write.options, result));
}

}  // namespace ddb
