// Storage keys for items, laid out so RocksDB's byte order gives DynamoDB's
// orders:
//
//   table id (8 bytes BE) | partition hash (8 bytes BE) |
//   partition key (type byte, 4-byte BE length, bytes) |
//   sort key (type byte, order-preserving bytes)            -- if any
//
// One table is one contiguous range; within it, items are in hash order (scan
// order, and parallel-scan segments are hash ranges); one partition key is one
// contiguous range in sort-key order (Query). Key values are the canonical
// forms (N canonical text, B raw bytes), so equal numbers are equal keys.
//
// The partition hash is FNV-1a 64 over (type letter, value bytes) followed by
// the SplitMix64 finaliser. It is part of the on-disk format: never change it.
#pragma once

#include <cstdint>
#include <string>

#include "engine/attribute_value.h"

namespace ddb {

std::uint64_t PartitionHash(const AttributeValue& partition_key);

// The prefix shared by every item key of a table.
std::string TableKeyPrefix(std::uint64_t table_id);

// A sort-key value's bytes within an item key (type letter, then the
// order-preserving encoding).
std::string EncodeSortKey(const AttributeValue& sort_key);

// `sort_key` may be null for tables without a sort key.
std::string EncodeItemKey(std::uint64_t table_id, const AttributeValue& partition_key,
                          const AttributeValue* sort_key);

}  // namespace ddb
