// OperationContext and the handler signature shared by every operation.
//
// Each operation lives in its own file under protocol/ops/ (its validation
// and its response in one place) and is registered in dispatcher.cc.
#pragma once

#include <string>

#include "engine/engine.h"
#include "protocol/json.h"

namespace ddb {

// What the HTTP layer knows about the caller.
struct RequestInfo {
  std::string region = "us-east-1";
  std::string access_key;
  std::string host;  // Host header, for DescribeEndpoints
};

struct OperationContext {
  const JsonValue& request;  // the body, a JSON object
  Engine& engine;
  const RequestInfo& info;
  JsonWriter& out;           // the response body
};

using OperationHandler = void (*)(OperationContext&);

// One declaration per operation in protocol/ops/.
void CreateTableOperation(OperationContext&);
void DescribeTableOperation(OperationContext&);
void ListTablesOperation(OperationContext&);
void DeleteTableOperation(OperationContext&);
void UpdateTableOperation(OperationContext&);
void DescribeLimitsOperation(OperationContext&);
void DescribeEndpointsOperation(OperationContext&);
void PutItemOperation(OperationContext&);
void GetItemOperation(OperationContext&);
void UpdateItemOperation(OperationContext&);
void QueryOperation(OperationContext&);
void ScanOperation(OperationContext&);
void BatchGetItemOperation(OperationContext&);
void BatchWriteItemOperation(OperationContext&);
void TransactWriteItemsOperation(OperationContext&);
void TransactGetItemsOperation(OperationContext&);
void DeleteItemOperation(OperationContext&);
void TagResourceOperation(OperationContext&);
void UntagResourceOperation(OperationContext&);
void ListTagsOfResourceOperation(OperationContext&);

}  // namespace ddb
