// PrimaryKey: an item's key attributes checked against the table's schema,
// with the storage key they map to. All key validation (presence, types,
// empty values, size limits) happens here, with DynamoDB's messages.
#pragma once

#include <optional>
#include <string>

#include "engine/attribute_value.h"
#include "engine/table_definition.h"

namespace ddb {

struct PrimaryKey {
  AttributeValue hash;
  std::optional<AttributeValue> range;
  std::string storage_key;

  // The key attributes as an item (for ItemCollectionKey, LastEvaluatedKey...).
  Item AsItem(const TableDefinition& table) const;
};

// From an item being written (PutItem's Item): the key attributes must be
// present; other attributes are free.
// Throws DynamoDB's error for a key value over the partition (2048 bytes) or
// sort (1024 bytes) key limit; index keys are held to the same limits.
void CheckKeyValueSize(const AttributeValue& value, bool is_hash);

PrimaryKey KeyFromItem(const TableDefinition& table, const Item& item);

// From a Key parameter (GetItem, DeleteItem, UpdateItem): exactly the key
// attributes, no others.
PrimaryKey KeyFromKeyParameter(const TableDefinition& table, const Item& key);

// From Query's or Scan's ExclusiveStartKey: as a Key parameter, with errors
// prefixed "The provided starting key is invalid: ".
PrimaryKey KeyFromStartKey(const TableDefinition& table, const Item& key);

}  // namespace ddb
