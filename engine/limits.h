// DynamoDB's service limits that ddbemu enforces, each written once. The
// values and their sources are listed in docs/limits.md; a check that uses
// one names it here rather than repeating the number.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ddb {

// Items.
inline constexpr std::size_t kMaxItemBytes = 400 * 1024;
// The item is nesting level 1 and every M or L adds a level (scalars and
// sets add none): DynamoDB stores at most 32, so at most 31 nested
// containers, whether the item came whole or from an update.
inline constexpr int kMaxNestingLevels = 32;
inline constexpr std::size_t kMaxPartitionKeyBytes = 2048;
inline constexpr std::size_t kMaxSortKeyBytes = 1024;

// Reads.
inline constexpr std::size_t kMaxReadPageBytes = 1024 * 1024;  // Query, Scan
inline constexpr std::size_t kMaxBatchGetResponseBytes = 16 * 1024 * 1024;
inline constexpr std::size_t kMaxBatchGetKeys = 100;

// Writes and transactions.
inline constexpr std::size_t kMaxBatchWrites = 25;
inline constexpr std::size_t kMaxTransactionActions = 100;
inline constexpr std::size_t kMaxTransactionPayloadBytes = 4 * 1024 * 1024;
// TransactGetItems counts each returned item as its size plus this much
// against kMaxTransactionPayloadBytes (DynamoDB Local's accounting).
inline constexpr std::size_t kTransactGetItemOverheadBytes = 4;
inline constexpr double kIdempotencyWindowSeconds = 600;  // a ClientRequestToken's lifetime

// Tables and indexes.
inline constexpr std::size_t kMaxGlobalIndexes = 20;
inline constexpr std::size_t kMaxLocalIndexes = 5;
inline constexpr std::size_t kMaxNonKeyAttributesPerIndex = 20;
inline constexpr std::size_t kMaxProjectedAttributes = 100;  // over all of a table's indexes
inline constexpr std::size_t kMaxIndexHashAttributes = 4;    // multi-attribute GSI keys
inline constexpr std::size_t kMaxIndexRangeAttributes = 4;
inline constexpr std::int64_t kMaxTableCapacityUnits = 40000;    // default quota per table
inline constexpr std::int64_t kMaxAccountCapacityUnits = 80000;  // default quota per account
inline constexpr std::size_t kMaxTagsPerResource = 50;
inline constexpr std::size_t kMaxTableClassChanges = 2;  // per table, in the window below
inline constexpr int kTableClassChangeWindowDays = 30;
inline constexpr double kTableClassChangeWindowSeconds = kTableClassChangeWindowDays * 24.0 * 3600;
inline constexpr std::int64_t kMaxContributorInsightsResults = 100;  // ListContributorInsights' MaxResults

// Names.
inline constexpr std::size_t kMinIndexNameLength = 3;
inline constexpr std::size_t kMaxIndexNameLength = 255;
inline constexpr std::size_t kMaxAccessKeyIdLength = 128;  // IAM's limit on access key ids
inline constexpr std::size_t kMaxRegionNameLength = 64;    // ddbemu's: names a store's directory
inline constexpr std::size_t kMinTableNameLength = 3;
inline constexpr std::size_t kMaxTableNameLength = 255;
inline constexpr std::size_t kMaxTableArnLength = 1024;

// Databases of one server: one per account (or access key) and region
// (engine/namespaces.h). ddbemu's own bound: each holds a store and a thread.
inline constexpr std::size_t kMaxNamespaces = 256;

// Time to live (docs/ttl-streams-messages.md).
inline constexpr double kTtlMaxAgeSeconds = 5.0 * 365 * 24 * 3600;  // older expiry times are ignored
inline constexpr double kTtlChangeIntervalSeconds = 3600;           // between two TTL changes

// DynamoDB Streams.
inline constexpr double kStreamRetentionSeconds = 24 * 3600;
inline constexpr double kShardIteratorLifetimeSeconds = 15 * 60;
inline constexpr std::size_t kGetRecordsMaxBytes = 1024 * 1024;
inline constexpr std::size_t kMaxGetRecordsLimit = 1000;
inline constexpr std::size_t kMaxStreamsListLimit = 100;  // ListStreams and DescribeStream's Limit
inline constexpr double kDefaultShardRolloverSeconds = 4 * 3600;

// A new on-demand table or index serves this many units per second at once
// (docs/dynamodb-model.md §2.2: four partitions' worth).
inline constexpr std::int64_t kOnDemandWarmReads = 12000;
inline constexpr std::int64_t kOnDemandWarmWrites = 4000;

}  // namespace ddb
