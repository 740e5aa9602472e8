// ItemLocks: serializes the writes to one item, and knows which items an
// in-flight transaction holds.
//
// Items map onto a fixed set of lock stripes by a hash of their storage key.
// A transaction locks all of its stripes in ascending order, so transactions
// and single-item writes (one stripe each) never deadlock, and transactions
// touching the same item run one after the other. While a transaction holds
// its stripes its items are listed as held: a PutItem, UpdateItem or
// DeleteItem that finds its item listed fails with TransactionConflict-
// Exception instead of waiting, as on DynamoDB. The list is checked before
// the stripe is taken; a transaction that starts after the check only makes
// the write wait, which is the same as the write arriving first.
#pragma once

#include <array>
#include <atomic>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

namespace ddb {

class ItemLocks {
 public:
  // The item's stripe, waiting for any transaction that holds it (batch
  // writes, index backfills).
  std::unique_lock<std::mutex> Lock(const std::string& storage_key);
  // The item's stripe for a single-item write: throws
  // TransactionConflictException when a transaction holds the item.
  std::unique_lock<std::mutex> LockUnlessInTransaction(const std::string& storage_key);
  bool HeldByTransaction(const std::string& storage_key);

  // A transaction's items: their stripes locked in ascending order and the
  // items listed as held, until destroyed.
  class TransactionHold {
   public:
    TransactionHold(ItemLocks& locks, std::vector<std::string> storage_keys);
    ~TransactionHold();
    TransactionHold(const TransactionHold&) = delete;
    TransactionHold& operator=(const TransactionHold&) = delete;

   private:
    ItemLocks& locks_;
    std::vector<std::string> keys_;
    std::vector<std::unique_lock<std::mutex>> stripes_;
  };

 private:
  std::size_t Stripe(const std::string& storage_key) const;

  std::array<std::mutex, 1024> stripes_;
  std::mutex held_mutex_;
  std::unordered_set<std::string> held_;
  // How many transactions hold items: lets single-item writes skip
  // held_mutex_ when none does.
  std::atomic<int> holders_{0};
};

}  // namespace ddb
