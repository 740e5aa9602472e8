#include "engine/item_locks.h"

#include <functional>
#include <set>

#include "engine/error.h"

namespace ddb {

std::size_t ItemLocks::Stripe(const std::string& storage_key) const {
  return std::hash<std::string>{}(storage_key) % stripes_.size();
}

std::unique_lock<std::mutex> ItemLocks::Lock(const std::string& storage_key) {
  return std::unique_lock<std::mutex>(stripes_[Stripe(storage_key)]);
}

bool ItemLocks::HeldByTransaction(const std::string& storage_key) {
  if (holders_.load(std::memory_order_acquire) == 0) return false;
  std::lock_guard lock(held_mutex_);
  return held_.count(storage_key) > 0;
}

std::unique_lock<std::mutex> ItemLocks::LockUnlessInTransaction(const std::string& storage_key) {
  if (HeldByTransaction(storage_key)) {
    throw DynamoError(ErrorCode::TransactionConflict, "Transaction is ongoing for the item");
  }
  return Lock(storage_key);
}

ItemLocks::TransactionHold::TransactionHold(ItemLocks& locks, std::vector<std::string> storage_keys)
    : locks_(locks), keys_(std::move(storage_keys)) {
  std::set<std::size_t> stripes;
  for (const auto& key : keys_) stripes.insert(locks_.Stripe(key));
  stripes_.reserve(stripes.size());
  for (std::size_t stripe : stripes) stripes_.emplace_back(locks_.stripes_[stripe]);
  std::lock_guard lock(locks_.held_mutex_);
  locks_.held_.insert(keys_.begin(), keys_.end());
  locks_.holders_.fetch_add(1, std::memory_order_release);
}

ItemLocks::TransactionHold::~TransactionHold() {
  {
    std::lock_guard lock(locks_.held_mutex_);
    for (const auto& key : keys_) locks_.held_.erase(key);
    locks_.holders_.fetch_sub(1, std::memory_order_release);
  }
  // stripes_ unlock after this body, once the items are no longer listed.
}

}  // namespace ddb
