// Engine: DynamoDB's data plane and control plane over typed C++ requests.
//
// Thread-safe: any number of threads may call any operation. Writes to one
// item are serialized (a striped lock on the item's storage key) and their
// conditions are checked under that lock, so conditional writes are
// linearizable per item. Each logical write is one RocksDB write batch.
// Every operation is defined in its own file under engine/ops/.
#pragma once

#include <functional>
#include <deque>
#include <map>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/capacity_model.h"
#include "engine/catalog.h"
#include "engine/clock.h"
#include "engine/item_locks.h"
#include "engine/primary_key.h"
#include "engine/requests.h"
#include "engine/storage.h"

namespace ddb {

struct EngineOptions {
  StorageOptions storage;
  std::shared_ptr<Clock> clock;    // SystemClock when null
  std::string account_id = "000000000000";
  double table_creation_seconds = 0;  // how long a new table stays CREATING
  double table_update_seconds = 0;    // how long UpdateTable leaves UPDATING
  // Largest item collection (items of one partition key plus their LSI
  // entries) of a table with LSIs.
  std::int64_t item_collection_limit_bytes = 10LL * 1024 * 1024 * 1024;
  // Test seam: runs while a TransactWriteItems holds its items, between its
  // checks and its commit, so tests can write to those items concurrently.
  std::function<void()> while_transaction_holds_items;
  // Throughput admission (engine/capacity_model.h); tables may override it
  // with the tag `ddbemu:throttling`.
  ThrottlingMode throttling = ThrottlingMode::Observe;
  // A capacity partition storing more than this splits in two.
  std::int64_t partition_split_bytes = 10LL * 1024 * 1024 * 1024;
};

class Engine {
 public:
  explicit Engine(EngineOptions options);
  ~Engine();

  TableDescription CreateTable(const CreateTableRequest& request);
  TableDescription DescribeTable(const std::string& table_name);
  ListTablesResult ListTables(const ListTablesRequest& request);
  TableDescription DeleteTable(const std::string& table_name);
  TableDescription UpdateTable(const UpdateTableRequest& request);

  // Tags of a table, addressed by name; keys are unique, tagging an existing
  // key replaces its value.
  void TagResource(const std::string& table_name, const std::vector<std::pair<std::string, std::string>>& tags);
  void UntagResource(const std::string& table_name, const std::vector<std::string>& keys);
  std::vector<std::pair<std::string, std::string>> ListTags(const std::string& table_name);

  WriteItemResult PutItem(const PutItemRequest& request);
  GetItemResult GetItem(const GetItemRequest& request);
  WriteItemResult UpdateItem(const UpdateItemRequest& request);
  BatchWriteResult BatchWriteItem(const BatchWriteRequest& request);
  // Checks every table and key first, then reads until the response reaches
  // 16 MB; the keys not read come back as unprocessed.
  BatchGetResult BatchGetItem(const BatchGetRequest& request);
  // Locks every item of the transaction in one canonical order, checks every
  // condition, then commits all writes (with their index entries) in one
  // write batch, or throws TransactionCanceledException and writes nothing.
  TransactWriteResult TransactWriteItems(const TransactWriteRequest& request);
  // Reads every item from one snapshot, so a transaction is seen whole or
  // not at all; an item held by an in-flight transaction cancels the read
  // with a TransactionConflict reason, as on DynamoDB.
  TransactGetResult TransactGetItems(const TransactGetRequest& request);
  // Query and Scan stream from a RocksDB iterator and stop at Limit or after
  // the item that crosses 1 MB, so memory stays bounded by one page.
  ReadPageResult Query(const QueryRequest& request, ConsumedCapacity* consumed);
  ReadPageResult Scan(const ScanRequest& request, ConsumedCapacity* consumed);
  WriteItemResult DeleteItem(const DeleteItemRequest& request);
  // The checks on IndexName that DynamoDB makes before it looks at the rest
  // of a Query or Scan: the table and the index exist (and, with
  // `consistent_read`, that the index allows it).
  void CheckReadableIndex(const std::string& table_name, const std::string& index_name, bool consistent_read);

  const Clock& clock() const { return *clock_; }
  // The server's clock when no clock was injected: the admin endpoint
  // freezes and advances it. Null for an injected clock.
  AdjustableClock* adjustable_clock() { return adjustable_clock_; }
  CapacityModel& capacity() { return *capacity_; }
  // Consumed units, throttles and hot keys of every table, GSI and partition.
  CapacityReport ReportCapacity();
  // The admin override of one table's throttling mode (nullopt: back to the
  // tag or the default); throws ResourceNotFound for an unknown table.
  void SetThrottlingMode(const std::string& table_name, std::optional<ThrottlingMode> mode);

 private:
  // A table that data-plane operations may use (exists and is not CREATING):
  // the catalog's shared definition, not a copy (a copy per request cost
  // several allocations).
  std::shared_ptr<const TableDefinition> ActiveTable(const std::string& table_name);
  TableDescription Describe(const TableDefinition& table);
  // PutItem and DeleteItem; `conflict_with_transactions` false makes the
  // write wait for a transaction holding its item (BatchWriteItem).
  // `preadmitted`: BatchWriteItem has made the capacity check already, and
  // says whether to charge.
  WriteItemResult Put(const PutItemRequest& request, bool conflict_with_transactions,
                      std::optional<bool> preadmitted = std::nullopt);
  WriteItemResult Delete(const DeleteItemRequest& request, bool conflict_with_transactions,
                         std::optional<bool> preadmitted = std::nullopt);
  // Capacity (engine/capacity_admission.cc). The touch of a key's table
  // partition; admission of a write before it runs (throws under Enforce,
  // returns whether to charge); and the commit of a staged write: GSIs it
  // writes must have capacity (back-pressure), then the batch is written and
  // the units charged.
  // (The touch refers to `partition_key`, which must outlive it.)
  static CapacityTouch TableTouch(const AttributeValue& partition_key, bool write);
  static CapacityTouch TableTouch(const AttributeValue&& partition_key, bool write) = delete;
  bool AdmitWrite(const TableDefinition& table, const PrimaryKey& key, std::optional<bool> preadmitted);
  // Capacity checks of a transaction's actions: under Enforce a throttled
  // action cancels the transaction (its reason in its place); under Observe
  // a transaction with a would-be throttle is charged nowhere. Returns
  // whether to charge each action.
  std::vector<bool> AdmitTransaction(const std::vector<std::pair<const TableDefinition*, CapacityTouch>>& touches);
  // GSI back-pressure alone: throws under Enforce; returns whether to charge
  // (false under Off, or under Observe when a GSI would have refused).
  bool AdmitIndexWrites(const TableDefinition& table, const ConsumedCapacity& consumed);
  void ChargeIndexWrites(const TableDefinition& table, const ConsumedCapacity& consumed);
  // `byte_delta`: how much the item grew (negative: shrank), for the
  // partition's size.
  void CommitWrite(const TableDefinition& table, const PrimaryKey& key, rocksdb::WriteBatch& batch,
                   const ConsumedCapacity& consumed, bool charge, std::int64_t byte_delta);
  // The index a Query or Scan names (null for none), after DynamoDB's
  // checks that it can be read that way.
  static const SecondaryIndex* ReadableIndex(const TableDefinition& table, const ReadPageOptions& page);
  // The storage key an ExclusiveStartKey stands for, in the table or index.
  static std::string StartKey(const TableDefinition& table, const SecondaryIndex* index, const Item& start);
  // Filter (Query only) and projection against what the index projects,
  // around the Select checks, in DynamoDB's order.
  static void CheckIndexProjection(const TableDefinition& table, const SecondaryIndex* index,
                                   const ReadPageOptions& page, bool query);
  // Select against the projection members and the index's projection.
  static void CheckSelect(const TableDefinition& table, const SecondaryIndex* index, const ReadPageOptions& page);
  // Reads items (or index entries) with storage keys in [lower, upper), in
  // either direction, applying the paging options (shared by Query and Scan).
  ReadPageResult ReadRange(const TableDefinition& table, const SecondaryIndex* index, const std::string& lower,
                           const std::string& upper, bool forward, const ReadPageOptions& page,
                           ConsumedCapacity* consumed);
  // Adds to `batch` everything one item write changes: the base item (put
  // `updated`, or delete when null), its index entries, the table's stats
  // and its item collection. Throws before touching `batch` when the item
  // collection would grow past its limit.
  std::optional<ItemCollectionSize> StageWrite(const TableDefinition& table, const PrimaryKey& key, const Item* old,
                                               const Item* updated, rocksdb::WriteBatch& batch,
                                               ConsumedCapacity* consumed = nullptr);
  // UpdateItem's checks that need only the request and the table: no key
  // attribute updated, no document path into an index key, literal sizes.
  static void CheckUpdateTargets(const TableDefinition& table, const UpdateExpression& update);
  // An update applied to the current item (or to the key when absent), with
  // the checks on the result: item size and index keys.
  static Item ApplyUpdateChecked(const TableDefinition& table, const UpdateExpression& update,
                                 const std::optional<Item>& old, const PrimaryKey& key);
  // For a table with LSIs: checks that a write from `old` to `updated` keeps
  // the item collection within its limit (ItemCollectionSizeLimitExceeded-
  // Exception), adds the size change to `batch` and returns the new size.
  std::optional<ItemCollectionSize> AccountItemCollection(const TableDefinition& table, const PrimaryKey& key,
                                                          const Item* old, const Item* updated,
                                                          rocksdb::WriteBatch& batch);
  // Reads the current item of a write (the caller holds its lock) and checks
  // the write's condition against it. A failed condition is charged (when
  // `charge`) and throws ConditionalCheckFailedException, carrying the item
  // when asked to.
  std::optional<Item> ReadAndCheckCondition(const TableDefinition& table, const PrimaryKey& key,
                                            const std::optional<Condition>& condition, bool return_old_on_failure,
                                            bool charge);

  // Background index work, one thread per job: a new GSI's backfill, a
  // deleted index's drop (engine/index_jobs.cc). Jobs found unfinished in the
  // catalog at start-up are resumed.
  void StartIndexJob(const std::string& table_name, const std::string& index_name);
  void RunBackfill(const std::string& table_name, const std::string& index_name);
  void RunIndexDrop(const std::string& table_name, const std::string& index_name);

  EngineOptions options_;
  std::shared_ptr<Clock> clock_;
  AdjustableClock* adjustable_clock_ = nullptr;
  std::unique_ptr<CapacityModel> capacity_;
  std::unique_ptr<Storage> storage_;
  std::unique_ptr<Catalog> catalog_;
  ItemLocks item_locks_;
  // Item writes hold this shared from reading the table definition to
  // committing; changes to a table's indexes and table removal hold it
  // exclusively, so no write commits against a definition older than the
  // change (a backfill then never misses a concurrent write).
  std::shared_mutex schema_mutex_;
  // Control-plane operations read a definition, change it and write it back;
  // they run one at a time so none works on a stale copy.
  std::mutex control_plane_;
  // ClientRequestToken -> (request digest, start time, what a replay
  // reports) of recent transactions, and the tokens in completion order.
  struct CompletedTransaction {
    std::string fingerprint;
    double time = 0;
    std::map<std::string, ConsumedCapacity> replay_consumed;  // what a replay reports
    bool in_progress = false;
  };
  // Checks, holds the items, evaluates and commits; fills what a replay of
  // the transaction will report.
  TransactWriteResult ApplyTransaction(const TransactWriteRequest& request,
                                       std::map<std::string, ConsumedCapacity>& replay_consumed);
  std::mutex transactions_mutex_;
  std::map<std::string, CompletedTransaction> completed_transactions_;
  std::deque<std::pair<double, std::string>> transaction_expiry_;
  struct Job {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  std::mutex jobs_mutex_;
  std::vector<Job> jobs_;  // finished ones are joined when the next job starts
  std::atomic<bool> stopping_{false};
};

}  // namespace ddb
