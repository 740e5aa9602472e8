#include "engine/index_jobs.h"

#include <algorithm>
#include <memory>

#include "engine/index_entries.h"
#include "engine/item_codec.h"
#include "engine/key_codec.h"

namespace ddb {

namespace {
constexpr std::size_t kItemsPerStep = 256;  // items indexed per hold of the schema lock
}

IndexJobs::~IndexJobs() {
  stopping_ = true;
  std::vector<Job> jobs;
  {
    std::lock_guard lock(jobs_mutex_);
    jobs.swap(jobs_);
  }
  for (auto& job : jobs) job.thread.join();  // without jobs_mutex_: a job may be starting another
}

void IndexJobs::ResumeUnfinished() {
  for (const auto& table : catalog_.All()) {
    table.ForEachIndex([&](const SecondaryIndex& index) {
      if (index.backfilling || index.deleting) Start(table.name, index.name);
    });
  }
}

void IndexJobs::Start(const std::string& table_name, const std::string& index_name) {
  std::lock_guard lock(jobs_mutex_);
  if (stopping_) return;  // resumed at the next start
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    if (*it->done) {
      it->thread.join();
      it = jobs_.erase(it);
    } else {
      ++it;
    }
  }
  auto done = std::make_shared<std::atomic<bool>>(false);
  std::thread thread([this, table_name, index_name, done] {
    auto table = catalog_.Find(table_name);
    const SecondaryIndex* index = table ? table->FindIndex(index_name) : nullptr;
    if (index && index->deleting) {
      RunIndexDrop(table_name, table->id, index_name);
    } else if (index && index->backfilling) {
      RunBackfill(table_name, table->id, index_name);
    }
    *done = true;
  });
  jobs_.push_back({std::move(thread), std::move(done)});
}

bool IndexJobs::HoldUntil(std::chrono::steady_clock::time_point since, double seconds) const {
  const auto until =
      since + std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
  while (std::chrono::steady_clock::now() < until) {
    if (stopping_) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return !stopping_;
}

void IndexJobs::RunBackfill(const std::string& table_name, std::uint64_t table_id, const std::string& index_name) {
  const auto began = std::chrono::steady_clock::now();
  std::string next = "";
  bool started = false;
  for (;;) {
    if (stopping_) return;
    std::shared_lock schema(locks_.schema);
    auto table = catalog_.Find(table_name);
    if (!table || table->id != table_id) return;  // the table went away (a new one may have its name)
    const SecondaryIndex* index = table->FindIndex(index_name);
    if (!index || !index->backfilling) return;  // the index went away
    if (!started) {
      next = TableKeyPrefix(table->id);
      started = true;
    }
    const std::string end = TableKeyPrefix(table->id + 1);
    std::vector<std::string> keys;
    {
      std::unique_ptr<rocksdb::Iterator> it(storage_.db()->NewIterator(rocksdb::ReadOptions(), storage_.items()));
      for (it->Seek(next); it->Valid() && it->key().compare(end) < 0 && keys.size() < kItemsPerStep; it->Next()) {
        keys.emplace_back(it->key().data(), it->key().size());
      }
    }
    for (const auto& key : keys) {
      auto lock = item_locks_.Lock(key);
      auto bytes = storage_.Get(storage_.items(), key);
      if (!bytes) continue;  // deleted since
      Item item = DecodeItem(*bytes);
      auto entry = IndexEntryKey(*table, *index, item, key);
      if (!entry || storage_.Get(storage_.items(), *entry)) continue;  // not indexed, or a writer did it
      rocksdb::WriteBatch batch;
      AddIndexEntry(storage_, *table, *index, key, item, batch);
      storage_.Write(batch);
    }
    if (keys.size() < kItemsPerStep) break;
    next = keys.back() + '\0';
  }
  if (!HoldUntil(began, holds_.creating)) return;  // resumed at the next start
  // Done: the index turns ACTIVE.
  std::lock_guard control(locks_.control_plane);
  std::unique_lock schema(locks_.schema);
  auto found = catalog_.Find(table_name);
  if (!found || found->id != table_id) return;
  TableDefinition table = *found;
  for (auto& index : table.global_indexes) {
    if (index.name == index_name && index.backfilling) {
      index.backfilling = false;
      catalog_.Update(table);
    }
  }
}

void IndexJobs::RunIndexDrop(const std::string& table_name, std::uint64_t table_id, const std::string& index_name) {
  if (!HoldUntil(std::chrono::steady_clock::now(), holds_.deleting)) return;  // resumed at the next start
  std::lock_guard control(locks_.control_plane);
  std::unique_lock schema(locks_.schema);
  auto found = catalog_.Find(table_name);
  if (!found || found->id != table_id) return;  // a table of that name made since is not this job's
  TableDefinition table = *found;
  auto& list = table.global_indexes;
  for (auto it = list.begin(); it != list.end(); ++it) {
    if (it->name != index_name || !it->deleting) continue;
    rocksdb::WriteBatch batch;
    catalog_.DropIndexEntries(*it, batch);
    storage_.Write(batch);
    capacity_.DropIndex(*it);
    list.erase(it);
    // Attributes no remaining key uses leave AttributeDefinitions.
    auto used = [&](const std::string& name) {
      if (name == table.key_schema.hash_key || name == table.key_schema.range_key) return true;
      bool found = false;
      table.ForEachIndex([&](const SecondaryIndex& i) { found = found || i.IsKeyAttribute(name); });
      return found;
    };
    auto& defs = table.attribute_definitions;
    defs.erase(std::remove_if(defs.begin(), defs.end(), [&](const AttributeDefinition& d) { return !used(d.name); }),
               defs.end());
    catalog_.Update(table);
    return;
  }
}

}  // namespace ddb
