#include "engine/primary_key.h"

#include "engine/error.h"
#include "engine/key_codec.h"
#include "engine/limits.h"

namespace ddb {
namespace {

void CheckKeyValue(const std::string& name, const AttributeValue& value, bool is_hash) {
  if (value.scalar.empty() && value.type != ValueType::N) {
    throw EmptyKeyValue(name, value.type);
  }
  CheckKeyValueSize(value, is_hash);
}

PrimaryKey Build(const TableDefinition& table, const AttributeValue& hash, const AttributeValue* range) {
  PrimaryKey key;
  key.hash = hash;
  if (range) key.range = *range;
  key.storage_key = EncodeItemKey(table.id, hash, range);
  return key;
}

}  // namespace

void CheckKeyValueSize(const AttributeValue& value, bool is_hash) {
  if (is_hash && value.scalar.size() > kMaxPartitionKeyBytes) {
    throw InvalidParameterError("Size of hashkey has exceeded the maximum size limit of2048 bytes");
  }
  if (!is_hash && value.scalar.size() > kMaxSortKeyBytes) {
    throw InvalidParameterError("Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
  }
}

Item PrimaryKey::AsItem(const TableDefinition& table) const {
  Item item;
  item.emplace(table.key_schema.hash_key, hash);
  if (range && table.key_schema.range_key) item.emplace(*table.key_schema.range_key, *range);
  return item;
}

PrimaryKey KeyFromItem(const TableDefinition& table, const Item& item) {
  const AttributeValue* values[2] = {nullptr, nullptr};
  const std::string* names[2] = {&table.key_schema.hash_key,
                                 table.key_schema.range_key ? &*table.key_schema.range_key : nullptr};
  for (int i = 0; i < 2; ++i) {
    if (!names[i]) continue;
    auto it = item.find(*names[i]);
    if (it == item.end()) throw InvalidParameterError("Missing the key " + *names[i] + " in the item");
    ValueType expected = table.KeyAttributeType(*names[i]);
    if (it->second.type != expected) {
      throw InvalidParameterError("Type mismatch for key " + *names[i] +
                                  " expected: " + std::string(TypeName(expected)) +
                                  " actual: " + std::string(TypeName(it->second.type)));
    }
    CheckKeyValue(*names[i], it->second, i == 0);
    values[i] = &it->second;
  }
  return Build(table, *values[0], values[1]);
}

PrimaryKey KeyFromKeyParameter(const TableDefinition& table, const Item& key) {
  const std::size_t expected_count = table.key_schema.range_key ? 2 : 1;
  const AttributeValue* values[2] = {nullptr, nullptr};
  const std::string* names[2] = {&table.key_schema.hash_key,
                                 table.key_schema.range_key ? &*table.key_schema.range_key : nullptr};
  for (int i = 0; i < 2; ++i) {
    if (!names[i]) continue;
    auto it = key.find(*names[i]);
    if (it == key.end() || it->second.type != table.KeyAttributeType(*names[i])) {
      throw KeySchemaMismatch();
    }
    values[i] = &it->second;
  }
  if (key.size() != expected_count) throw KeySchemaMismatch();
  for (int i = 0; i < 2; ++i) {
    if (values[i]) CheckKeyValue(*names[i], *values[i], i == 0);
  }
  return Build(table, *values[0], values[1]);
}

PrimaryKey KeyFromStartKey(const TableDefinition& table, const Item& key) {
  try {
    return KeyFromKeyParameter(table, key);
  } catch (const DynamoError& e) {
    if (!e.is_validation()) throw;
    if (e.code() == ErrorCode::KeySchemaMismatch) throw InvalidStartKey();
    throw InvalidStartKey(e.message());
  }
}

}  // namespace ddb
