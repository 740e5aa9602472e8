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
// Secondary-index entries use the same items column family under the
// index's own id:
//
//   index id (8 bytes BE) | hash of the index partition key (8 bytes BE) |
//   each partition key attribute (type byte, 4-byte BE length, bytes) |
//   each sort key attribute (type byte, escaped order-preserving bytes,
//                            0x00 0x01) |
//   the base item's storage key without its table id
//
// Sort attributes are escaped (0x00 -> 0x00 0xFF) and terminated so that a
// tuple of them, followed by the base key, still sorts attribute by
// attribute; the base key makes entries with equal index keys distinct.
//
// The partition hash is FNV-1a 64 over (type letter, value bytes) followed by
// the SplitMix64 finaliser. It is part of the on-disk format: never change it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/attribute_value.h"

namespace ddb {

std::uint64_t PartitionHash(const AttributeValue& partition_key);

// The prefix shared by every item key of a table.
std::string TableKeyPrefix(std::uint64_t table_id);

// A sort-key value's bytes within an item key (type letter, then the
// order-preserving encoding).
std::string EncodeSortKey(const AttributeValue& sort_key);

// `sort_key` may be null for tables without a sort key.
std::string EncodeItemKey(std::uint64_t table_id, const AttributeValue& partition_key, const AttributeValue* sort_key);

// Index entries ------------------------------------------------------------

// Hash of an index partition key; equals PartitionHash for one attribute, so
// an LSI's entries follow the base table's partition order.
std::uint64_t IndexPartitionHash(const std::vector<const AttributeValue*>& partition_key);

// index id | hash | partition attributes: the prefix of one index partition.
std::string EncodeIndexPartition(std::uint64_t index_id, const std::vector<const AttributeValue*>& partition_key);

// One sort attribute within an index key: escaped and terminated.
std::string EncodeIndexSortAttribute(const AttributeValue& value);

// The escaped bytes of a value without the terminator: every sort attribute
// beginning with `value` (S or B) starts with these bytes.
std::string EncodeIndexSortPrefix(const AttributeValue& value);

// The smallest byte string greater than every string starting with `s`;
// empty when there is none.
std::string PrefixSuccessor(std::string s);

}  // namespace ddb
