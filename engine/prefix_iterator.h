// PrefixIterator: a RocksDB iterator over the keys of one column family that
// start with a prefix, optionally as of a snapshot. It owns the upper bound
// the iterator points to, so the bound lives as long as the iterator.
#pragma once

#include <rocksdb/db.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "engine/key_codec.h"
#include "engine/storage.h"

namespace ddb {

// An iterator over the keys of `cf` starting with `prefix`.
class PrefixIterator {
 public:
  PrefixIterator(Storage& storage, rocksdb::ColumnFamilyHandle* cf, const rocksdb::Snapshot* snapshot,
                 const std::string& prefix)
      : upper_(PrefixSuccessor(prefix)), bound_(upper_) {
    rocksdb::ReadOptions options;
    options.snapshot = snapshot;
    if (!upper_.empty()) options.iterate_upper_bound = &bound_;
    it_.reset(storage.db()->NewIterator(options, cf));
    it_->Seek(prefix);
  }
  PrefixIterator(const PrefixIterator&) = delete;  // the iterator points at bound_
  PrefixIterator& operator=(const PrefixIterator&) = delete;
  rocksdb::Iterator* operator->() { return it_.get(); }
  void CheckStatus(const char* what) {
    if (!it_->status().ok()) throw std::runtime_error(std::string(what) + ": " + it_->status().ToString());
  }

 private:
  std::string upper_;
  rocksdb::Slice bound_;  // the iterator keeps a pointer to it
  std::unique_ptr<rocksdb::Iterator> it_;
};

}  // namespace ddb
