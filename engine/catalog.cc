#include "engine/catalog.h"

#include <memory>
#include <mutex>

#include "engine/byte_codec.h"
#include "engine/error.h"
#include "engine/key_codec.h"

namespace ddb {
namespace {

const std::string kTablePrefix = "table/";
const std::string kNextIdKey = "meta/next_table_id";

std::string TableKey(const std::string& name) { return kTablePrefix + name; }

}  // namespace

Catalog::Catalog(Storage& storage) : storage_(storage) {
  if (auto v = storage_.Get(storage_.catalog(), kNextIdKey)) {
    next_id_ = ByteReader(*v).GetFixed64BE();
  }
  std::unique_ptr<rocksdb::Iterator> it(storage_.db()->NewIterator(rocksdb::ReadOptions(), storage_.catalog()));
  for (it->Seek(kTablePrefix); it->Valid() && it->key().starts_with(kTablePrefix); it->Next()) {
    TableDefinition t = DecodeTableDefinition(std::string_view(it->value().data(), it->value().size()));
    std::string name = t.name;  // read before `t` is moved from
    tables_.emplace(std::move(name), std::make_shared<const TableDefinition>(std::move(t)));
  }
}

std::shared_ptr<const TableDefinition> Catalog::Find(const std::string& name) const {
  std::shared_lock lock(mutex_);
  auto it = tables_.find(name);
  if (it == tables_.end()) return nullptr;
  return it->second;
}

std::vector<std::string> Catalog::SortedNames() const {
  std::shared_lock lock(mutex_);
  std::vector<std::string> names;
  names.reserve(tables_.size());
  for (const auto& [name, t] : tables_) names.push_back(name);
  return names;
}

TableDefinition Catalog::Create(TableDefinition table) {
  std::unique_lock lock(mutex_);
  if (tables_.count(table.name)) {
    throw DynamoError(ErrorCode::ResourceInUse, "Table already exists: " + table.name);
  }
  std::uint64_t next_id = next_id_;
  table.id = next_id++;
  for (auto* list : {&table.local_indexes, &table.global_indexes}) {
    for (auto& index : *list) index.id = next_id++;
  }
  ByteWriter next;
  next.PutFixed64BE(next_id);
  rocksdb::WriteBatch batch;
  batch.Put(storage_.catalog(), TableKey(table.name), EncodeTableDefinition(table));
  batch.Put(storage_.catalog(), kNextIdKey, next.Take());
  storage_.Write(batch);
  next_id_ = next_id;
  tables_[table.name] = std::make_shared<const TableDefinition>(table);
  return table;
}

TableDefinition Catalog::Update(TableDefinition table) {
  std::unique_lock lock(mutex_);
  std::uint64_t next_id = next_id_;
  for (auto& index : table.global_indexes) {
    if (index.id == 0) index.id = next_id++;
  }
  rocksdb::WriteBatch batch;
  batch.Put(storage_.catalog(), TableKey(table.name), EncodeTableDefinition(table));
  if (next_id != next_id_) {
    ByteWriter next;
    next.PutFixed64BE(next_id);
    batch.Put(storage_.catalog(), kNextIdKey, next.Take());
  }
  storage_.Write(batch);
  next_id_ = next_id;
  tables_[table.name] = std::make_shared<const TableDefinition>(table);
  return table;
}

void Catalog::DropIndexEntries(const SecondaryIndex& index, rocksdb::WriteBatch& batch) {
  batch.DeleteRange(storage_.items(), TableKeyPrefix(index.id), TableKeyPrefix(index.id + 1));
  batch.Delete(storage_.stats(), StatsKey(index.id));
}

void Catalog::ClearContents(const TableDefinition& table, rocksdb::WriteBatch& batch) {
  const std::string begin = TableKeyPrefix(table.id);
  const std::string end = TableKeyPrefix(table.id + 1);
  batch.DeleteRange(storage_.items(), begin, end);
  batch.Delete(storage_.stats(), StatsKey(table.id));
  batch.DeleteRange(storage_.stats(), "C" + begin, "C" + end);
  table.ForEachIndex([&](const SecondaryIndex& index) { DropIndexEntries(index, batch); });
}

std::vector<TableDefinition> Catalog::All() const {
  std::shared_lock lock(mutex_);
  std::vector<TableDefinition> all;
  for (const auto& [name, t] : tables_) all.push_back(*t);
  return all;
}

std::optional<TableDefinition> Catalog::Remove(const std::string& name) {
  std::unique_lock lock(mutex_);
  auto it = tables_.find(name);
  if (it == tables_.end()) return std::nullopt;
  TableDefinition table = *it->second;
  std::string begin = TableKeyPrefix(table.id);
  std::string end = TableKeyPrefix(table.id + 1);
  rocksdb::WriteBatch batch;
  batch.Delete(storage_.catalog(), TableKey(name));
  batch.DeleteRange(storage_.items(), begin, end);
  batch.DeleteRange(storage_.history(), begin, end);  // its point-in-time history has the same prefix
  batch.Delete(storage_.stats(), StatsKey(table.id));
  batch.DeleteRange(storage_.stats(), "C" + begin, "C" + end);
  table.ForEachIndex([&](const SecondaryIndex& index) { DropIndexEntries(index, batch); });
  storage_.Write(batch);
  tables_.erase(it);
  return table;
}

std::string Catalog::StatsKey(std::uint64_t table_id) { return TableKeyPrefix(table_id); }

std::string Catalog::ItemCollectionStatsKey(std::uint64_t table_id, const AttributeValue& partition_key) {
  return "C" + EncodeItemKey(table_id, partition_key, nullptr);
}

}  // namespace ddb
