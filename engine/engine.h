// Engine: DynamoDB's data plane and control plane over typed C++ requests.
// This is the engine's public API, for protocol/ and for programs that embed
// ddbemu; it exposes no storage headers. The implementation (EngineImpl,
// engine/engine_impl.h) is split by subsystem; docs/architecture.md tells
// which file owns what and how to add an operation.
//
// Thread-safe: any number of threads may call any operation. Writes to one
// item are serialized and their conditions are checked under that
// serialization, so conditional writes are linearizable per item. Each
// logical write is one atomic storage write. Every operation is defined in
// its own file under engine/ops/.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/backup_requests.h"
#include "engine/clock.h"
#include "engine/engine_options.h"
#include "engine/requests.h"
#include "engine/stream_requests.h"
#include "engine/throttling.h"
#include "engine/transfer_requests.h"

namespace ddb {

class EngineImpl;

class Engine {
 public:
  explicit Engine(EngineOptions options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Control plane.
  TableDescription CreateTable(const CreateTableRequest& request);
  TableDescription DescribeTable(const std::string& table_name);
  // The stored definition without the live counts DescribeTable gathers
  // (for PartiQL, which reads key schemas on every statement); null when
  // there is no such table.
  std::shared_ptr<const TableDefinition> FindTable(const std::string& table_name);
  ListTablesResult ListTables(const ListTablesRequest& request);
  TableDescription DeleteTable(const std::string& table_name);
  TableDescription UpdateTable(const UpdateTableRequest& request);

  // Tags of a table, addressed by name; keys are unique, tagging an existing
  // key replaces its value.
  void TagResource(const std::string& table_name, const std::vector<std::pair<std::string, std::string>>& tags);
  void UntagResource(const std::string& table_name, const std::vector<std::string>& keys);
  std::vector<std::pair<std::string, std::string>> ListTags(const std::string& table_name);

  // Time to live: enabling or disabling takes effect at once; a second
  // change within an hour of the last is refused, as on DynamoDB.
  void UpdateTimeToLive(const std::string& table_name, bool enabled, const std::string& attribute);
  TimeToLiveDescription DescribeTimeToLive(const std::string& table_name);
  // Runs the TTL sweep over every table now (and trims the streams); returns
  // how many expired items it deleted.
  std::size_t SweepExpiredItems();

  // Point-in-time recovery settings: throws TableNotFoundException for a
  // missing table, as these operations do on DynamoDB.
  ContinuousBackupsDescription UpdateContinuousBackups(const std::string& table_name, bool enabled,
                                                       std::optional<std::int64_t> recovery_period_days);
  ContinuousBackupsDescription DescribeContinuousBackups(const std::string& table_name);

  // On-demand backups (engine/backups.h). CreateBackup answers at once with
  // a CREATING backup; its items are copied from one snapshot in the
  // background, and it is AVAILABLE once they all are.
  BackupDescription CreateBackup(const std::string& table_name, const std::string& backup_name);
  BackupDescription DescribeBackup(const std::string& backup_arn);
  ListBackupsResult ListBackups(const ListBackupsRequest& request);
  BackupDescription DeleteBackup(const std::string& backup_arn);
  // Restores create the target table CREATING and load it in the background
  // (engine/table_loader.h); it turns ACTIVE when every item is in.
  TableDescription RestoreTableFromBackup(const RestoreFromBackupRequest& request);
  TableDescription RestoreTableToPointInTime(const RestoreToPointInTimeRequest& request);
  // Exports write a table as it was at an instant of its point-in-time
  // window (or its changes over a span) through `writer`, in the
  // background; imports create a table and load it from `source`.
  ExportDescription ExportTableToPointInTime(const ExportRequest& request, ExportWriterFactory writer);
  ExportDescription DescribeExport(const std::string& export_arn);
  ListExportsResult ListExports(const ListExportsRequest& request);
  ImportDescription ImportTable(const ImportRequest& request, ImportSourceFactory source);
  ImportDescription DescribeImport(const std::string& import_arn);
  ListImportsResult ListImports(const ListImportsRequest& request);
  // Waits until the background jobs (backups, restores, exports, imports)
  // posted so far have finished (tests and benchmarks).
  void WaitForBackgroundJobs();

  // DynamoDB Streams (engine/streams.h).
  ListStreamsResult ListStreams(const ListStreamsRequest& request);
  StreamDescription DescribeStream(const DescribeStreamRequest& request);
  std::string GetShardIterator(const GetShardIteratorRequest& request);
  GetRecordsResult GetRecords(const GetRecordsRequest& request);

  // Single-item writes and reads.
  WriteItemResult PutItem(const PutItemRequest& request);
  GetItemResult GetItem(const GetItemRequest& request);
  WriteItemResult UpdateItem(const UpdateItemRequest& request);
  WriteItemResult DeleteItem(const DeleteItemRequest& request);

  // Checks every write first, so a bad request changes nothing, then applies
  // each write; under Enforce a throttled write comes back unprocessed.
  BatchWriteResult BatchWriteItem(const BatchWriteRequest& request);
  // Checks every table and key first, then reads until the response reaches
  // 16 MB; the keys not read come back as unprocessed.
  BatchGetResult BatchGetItem(const BatchGetRequest& request);
  // Holds every item of the transaction, checks every condition, then
  // commits all writes (with their index entries) atomically, or throws
  // TransactionCanceledException and writes nothing.
  TransactWriteResult TransactWriteItems(const TransactWriteRequest& request);
  // Reads every item from one snapshot, so a transaction is seen whole or
  // not at all; an item held by an in-flight transaction cancels the read
  // with a TransactionConflict reason, as on DynamoDB.
  TransactGetResult TransactGetItems(const TransactGetRequest& request);

  // Query and Scan stream from storage and stop at Limit or after the item
  // that crosses 1 MB, so memory stays bounded by one page.
  ReadPageResult Query(const QueryRequest& request, ConsumedCapacity* consumed);
  ReadPageResult Scan(const ScanRequest& request, ConsumedCapacity* consumed);
  // The checks on IndexName that DynamoDB makes before it looks at the rest
  // of a Query or Scan: the table and the index exist (and, with
  // `consistent_read`, that the index allows it).
  void CheckReadableIndex(const std::string& table_name, const std::string& index_name, bool consistent_read);

  const Clock& clock() const;
  // The server's clock when no clock was injected: the admin endpoint
  // freezes and advances it. Null for an injected clock.
  AdjustableClock* adjustable_clock();

  // Throughput admission. Consumed units, throttles and hot keys of every
  // table, GSI and partition.
  CapacityReport ReportCapacity();
  void SetDefaultThrottlingMode(ThrottlingMode mode);
  // The admin override of one table's throttling mode (nullopt: back to the
  // tag or the default); throws ResourceNotFound for an unknown table.
  void SetThrottlingMode(const std::string& table_name, std::optional<ThrottlingMode> mode);

 private:
  std::unique_ptr<EngineImpl> impl_;
};

}  // namespace ddb
