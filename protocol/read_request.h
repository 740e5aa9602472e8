// Parameters Query and Scan share (Select, projection, filter, Limit,
// ExclusiveStartKey, ConsistentRead) and their response.
#pragma once

#include "engine/requests.h"
#include "protocol/constraints.h"
#include "protocol/expression_context.h"
#include "protocol/item_request.h"
#include "protocol/json.h"

namespace ddb {

// Shape checks of the shared members, into `v`.
void CheckReadPageShapes(const JsonValue& request, ConstraintViolations& v);

// The shared members, after the shape checks passed. `filter_member` is
// "QueryFilter" or "ScanFilter" (the legacy filter of the operation).
ReadPageOptions ReadPageParameters(const JsonValue& request, ExpressionContext& expressions, const char* filter_member);

void WriteReadPageResponse(JsonWriter& w, const ReadPageResult& result, bool count_only,
                           const ItemRequestCommon& common, const ConsumedCapacity& consumed);

}  // namespace ddb
