#include "engine/ttl_sweeper.h"

#include <chrono>
#include <cstdlib>
#include <vector>

#include "engine/engine_impl.h"
#include "engine/item_codec.h"
#include "engine/item_visitor.h"
#include "engine/key_codec.h"
#include "engine/limits.h"
#include "engine/primary_key.h"

namespace ddb {
namespace {

constexpr std::size_t kItemsPerStep = 512;  // items examined per hold of the schema lock

bool Expired(std::string_view canonical_number, double now) {
  const std::string text(canonical_number);
  char* end = nullptr;
  const double expiry = std::strtod(text.c_str(), &end);
  return end != text.c_str() && expiry <= now && expiry >= now - kTtlMaxAgeSeconds;
}

// Finds a top-level N attribute in a stored item without decoding it.
class TopLevelNumber : public ItemVisitor {
 public:
  explicit TopLevelNumber(std::string_view name) : name_(name) {}
  std::optional<std::string> value;

  void Name(std::string_view name) override { matched_ = depth_ == 0 && name == name_; }
  void Scalar(ValueType type, std::string_view bytes) override {
    if (matched_ && depth_ == 0 && type == ValueType::N) value = std::string(bytes);
    matched_ = false;
  }
  void Boolean(ValueType, bool) override { matched_ = false; }
  void StartSet(ValueType, std::size_t) override { Enter(); }
  void SetMember(ValueType, std::string_view) override {}
  void EndSet(ValueType) override { --depth_; }
  void StartList(std::size_t) override { Enter(); }
  void EndList() override { --depth_; }
  void StartMap(std::size_t) override { Enter(); }
  void EndMap() override { --depth_; }

 private:
  void Enter() {
    matched_ = false;
    ++depth_;
  }
  std::string_view name_;
  bool matched_ = false;
  int depth_ = 0;
};

}  // namespace

bool TtlExpired(const AttributeValue* value, double now) {
  return value && value->type == ValueType::N && Expired(value->scalar, now);
}

TtlSweeper::~TtlSweeper() {
  {
    std::lock_guard lock(wake_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void TtlSweeper::Start(double interval_seconds) {
  if (interval_seconds <= 0) return;
  thread_ = std::thread([this, interval_seconds] { Run(interval_seconds); });
}

void TtlSweeper::Run(double interval_seconds) {
  const auto interval = std::chrono::duration<double>(interval_seconds);
  std::unique_lock lock(wake_mutex_);
  while (!wake_.wait_for(lock, interval, [this] { return stopping_; })) {
    lock.unlock();
    SweepNow();
    lock.lock();
  }
}

std::size_t TtlSweeper::SweepNow() {
  std::lock_guard sweep(sweep_mutex_);
  std::size_t deleted = 0;
  for (const auto& name : engine_.catalog.SortedNames()) deleted += SweepTable(name);
  engine_.streams.Trim();
  engine_.history.TrimDue(engine_.catalog.All(), engine_.clock->Now());
  return deleted;
}

std::size_t TtlSweeper::SweepTable(const std::string& table_name) {
  std::size_t deleted = 0;
  std::string next;
  std::uint64_t table_id = 0;
  for (;;) {
    {
      std::lock_guard lock(wake_mutex_);
      if (stopping_) return deleted;
    }
    std::shared_lock schema(engine_.locks.schema);
    const auto table = engine_.catalog.Find(table_name);
    const double now = engine_.clock->Now();
    if (!table || !table->ttl.enabled || now < table->active_time) return deleted;
    if (table_id != table->id) {  // first step, or the table was re-created meanwhile
      table_id = table->id;
      next = TableKeyPrefix(table->id);
    }
    const std::string end = TableKeyPrefix(table->id + 1);
    std::vector<std::string> expired;
    std::size_t examined = 0;
    std::string last;
    {
      std::unique_ptr<rocksdb::Iterator> it(
          engine_.storage.db()->NewIterator(rocksdb::ReadOptions(), engine_.storage.items()));
      for (it->Seek(next); it->Valid() && it->key().compare(end) < 0 && examined < kItemsPerStep; it->Next()) {
        ++examined;
        last.assign(it->key().data(), it->key().size());
        TopLevelNumber finder(table->ttl.attribute);
        VisitEncodedItem(std::string_view(it->value().data(), it->value().size()), finder);
        if (finder.value && Expired(*finder.value, now)) expired.push_back(last);
      }
    }
    for (const auto& key : expired) {
      auto lock = engine_.item_locks.Lock(key);
      auto bytes = engine_.storage.Get(engine_.storage.items(), key);
      if (!bytes) continue;  // deleted meanwhile
      Item item = DecodeItem(*bytes);
      auto attribute = item.find(table->ttl.attribute);
      if (!TtlExpired(attribute == item.end() ? nullptr : &attribute->second, now)) continue;  // rewritten meanwhile
      PrimaryKey primary = KeyFromItem(*table, item);
      StagedWrite write;
      engine_.writes.Stage(*table, primary, &item, nullptr, write, nullptr, /*by_service=*/true);
      engine_.writes.Commit(*table, primary, write, ConsumedCapacity{}, /*charge=*/false,
                            -static_cast<std::int64_t>(ItemSize(item)));
      ++deleted;
    }
    if (examined < kItemsPerStep) return deleted;
    next = last + '\0';
  }
}

}  // namespace ddb
