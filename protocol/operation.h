// OperationContext and the handler signature shared by every operation.
//
// Each operation lives in its own file under protocol/ops/ (its validation
// and its response in one place) and is registered in DDB_OPERATIONS below.
#pragma once

#include <string>

#include "engine/engine.h"
#include "protocol/json.h"

namespace ddb {

// What the HTTP layer knows about the caller.
struct RequestInfo {
  std::string region = "us-east-1";
  std::string access_key;
  std::string account;        // the account the access key belongs to
  std::string service;        // the credential scope's: "dynamodb", "sts", ...
  std::string session_token;  // X-Amz-Security-Token, for STS
  std::string host;           // Host header, for DescribeEndpoints
  std::string s3_directory;   // where exports and imports find buckets (--s3-dir)
};

struct OperationContext {
  const JsonValue& request;  // the body, a JSON object
  Engine& engine;
  const RequestInfo& info;
  JsonWriter& out;  // the response body
};

using OperationHandler = void (*)(OperationContext&);

// Every operation the DynamoDB target answers, by its wire name: `X(Name)`
// stands for the handler NameOperation, defined in protocol/ops/. This list
// is the registry; adding an operation adds one line here.
#define DDB_OPERATIONS(X)                \
  X(CreateTable)                         \
  X(DescribeTable)                       \
  X(ListTables)                          \
  X(DeleteTable)                         \
  X(UpdateTable)                         \
  X(DescribeLimits)                      \
  X(DescribeEndpoints)                   \
  X(PutItem)                             \
  X(GetItem)                             \
  X(UpdateItem)                          \
  X(DeleteItem)                          \
  X(Query)                               \
  X(Scan)                                \
  X(BatchGetItem)                        \
  X(BatchWriteItem)                      \
  X(TransactWriteItems)                  \
  X(TransactGetItems)                    \
  X(TagResource)                         \
  X(UntagResource)                       \
  X(ListTagsOfResource)                  \
  X(UpdateTimeToLive)                    \
  X(DescribeTimeToLive)                  \
  X(UpdateContinuousBackups)             \
  X(DescribeContinuousBackups)           \
  X(CreateBackup)                        \
  X(DescribeBackup)                      \
  X(ListBackups)                         \
  X(DeleteBackup)                        \
  X(RestoreTableFromBackup)              \
  X(RestoreTableToPointInTime)           \
  X(ExportTableToPointInTime)            \
  X(DescribeExport)                      \
  X(ListExports)                         \
  X(ImportTable)                         \
  X(DescribeImport)                      \
  X(ListImports)                         \
  X(DescribeKinesisStreamingDestination) \
  X(DescribeContributorInsights)         \
  X(ListContributorInsights)             \
  X(GetResourcePolicy)                   \
  X(ExecuteStatement)                    \
  X(BatchExecuteStatement)               \
  X(ExecuteTransaction)

// Every operation the DynamoDB Streams target (DynamoDBStreams_20120810.)
// answers, on the same endpoint as the SDKs' streams clients expect.
#define DDB_STREAMS_OPERATIONS(X) \
  X(ListStreams)                  \
  X(DescribeStream)               \
  X(GetShardIterator)             \
  X(GetRecords)

#define DDB_DECLARE_OPERATION(name) void name##Operation(OperationContext&);
DDB_OPERATIONS(DDB_DECLARE_OPERATION)
DDB_STREAMS_OPERATIONS(DDB_DECLARE_OPERATION)
#undef DDB_DECLARE_OPERATION

}  // namespace ddb
