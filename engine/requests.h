// Typed requests and results of the engine's operations. protocol/ builds
// these from the wire after validating shapes; the engine validates what
// needs the catalog (keys against the schema, table existence, conditions).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/attribute_value.h"
#include "engine/expression.h"
#include "engine/table_definition.h"
#include "engine/update_expression.h"

namespace ddb {

struct CreateTableRequest {
  std::string table_name;
  std::string region;
  std::vector<AttributeDefinition> attribute_definitions;
  KeySchema key_schema;
  std::vector<SecondaryIndex> local_indexes;  // ids assigned by the catalog
  std::vector<SecondaryIndex> global_indexes;
  BillingMode billing_mode = BillingMode::PROVISIONED;
  std::optional<ProvisionedThroughput> throughput;
  std::optional<OnDemandThroughput> on_demand;  // maximums of an on-demand table
  std::optional<WarmThroughput> warm;
  std::optional<StreamSpecification> stream;
  std::optional<SseSpecification> sse;
  std::vector<std::pair<std::string, std::string>> tags;
  bool deletion_protection = false;
  std::string table_class = "STANDARD";
};

// One entry of UpdateTable's GlobalSecondaryIndexUpdates.
struct GlobalIndexUpdate {
  enum class Kind { Create, Update, Delete };
  Kind kind = Kind::Create;
  std::string index_name;
  SecondaryIndex create;                            // Create: checked by protocol/, without id
  std::optional<ProvisionedThroughput> throughput;  // Update
  std::optional<OnDemandThroughput> on_demand;      // Update
  std::optional<WarmThroughput> warm;               // Update: raises the index's
};

struct UpdateTableRequest {
  std::string table_name;
  std::optional<BillingMode> billing_mode;
  std::optional<ProvisionedThroughput> throughput;
  std::optional<OnDemandThroughput> on_demand;
  std::optional<WarmThroughput> warm;  // raises the table's; never lowers it
  std::optional<bool> deletion_protection;
  std::optional<StreamSpecification> stream;  // enable (with a view type) or disable
  std::optional<std::string> table_class;     // STANDARD or STANDARD_INFREQUENT_ACCESS
  // Encryption: KMS (with the AWS managed key when no key is named), or
  // disabled (back to the AWS owned key).
  std::optional<SseSpecification> sse;
  std::vector<GlobalIndexUpdate> index_updates;
  // With a Create: the request's AttributeDefinitions (new ones are added,
  // existing ones must keep their type).
  std::vector<AttributeDefinition> attribute_definitions;
};

struct ListTablesRequest {
  std::optional<std::string> exclusive_start_table_name;
  std::size_t limit = 100;
};

struct ListTablesResult {
  std::vector<std::string> table_names;
  std::optional<std::string> last_evaluated_table_name;
};

enum class ReturnValues { NONE, ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW };

struct PutItemRequest {
  std::string table_name;
  Item item;
  std::optional<Condition> condition;
  ReturnValues return_values = ReturnValues::NONE;
  bool return_old_on_condition_failure = false;
};

struct UpdateItemRequest {
  std::string table_name;
  Item key;
  UpdateExpression update;  // may be empty: the item is then created with just its key
  std::optional<Condition> condition;
  ReturnValues return_values = ReturnValues::NONE;
  bool return_old_on_condition_failure = false;
};

struct GetItemRequest {
  std::string table_name;
  Item key;
  bool consistent_read = false;
  std::optional<std::vector<DocumentPath>> projection;
};

struct DeleteItemRequest {
  std::string table_name;
  Item key;
  std::optional<Condition> condition;
  ReturnValues return_values = ReturnValues::NONE;
  bool return_old_on_condition_failure = false;
};

// What Query and Scan share: filter, projection, paging, consistency.
struct ReadPageOptions {
  std::optional<std::string> index_name;  // read this index instead of the table
  std::optional<Condition> filter;
  std::optional<std::vector<DocumentPath>> projection;
  std::optional<std::size_t> limit;  // items evaluated, before the filter
  std::optional<Item> exclusive_start_key;
  bool consistent_read = false;
  bool count_only = false;  // Select=COUNT
  // Select as requested, and which projection member was used, for the
  // checks DynamoDB makes after the key condition and start key.
  std::optional<std::string> select;
  const char* projection_member = nullptr;  // "ProjectionExpression" or "AttributesToGet"
};

struct QueryRequest {
  std::string table_name;
  Condition key_condition;  // KeyConditionExpression (or legacy KeyConditions), checked against the schema
  std::string key_condition_parameter = "KeyConditionExpression";
  std::string filter_parameter = "Filter Expression";  // as DynamoDB names it in messages; or "QueryFilter"
  // PartiQL leaves sort-key conditions beyond the first in the filter.
  bool filter_may_name_keys = false;
  bool scan_forward = true;
  ReadPageOptions page;
};

struct ScanRequest {
  std::string table_name;
  std::optional<std::pair<std::uint32_t, std::uint32_t>> segment;  // (Segment, TotalSegments)
  ReadPageOptions page;
};

// BatchWriteItem: puts and deletes on one or more tables. Each write is
// atomic on its own; the batch as a whole is not.
struct BatchWriteRequest {
  struct Write {
    std::string table_name;
    bool is_put = true;
    Item item;  // the item to put, or the key to delete
  };
  std::vector<Write> writes;
};

// BatchGetItem: up to 100 keys over one or more tables, each table with its
// own projection and consistency.
struct BatchGetRequest {
  struct Table {
    std::string table_name;
    std::vector<Item> keys;
    std::optional<std::vector<DocumentPath>> projection;
    bool consistent_read = false;
  };
  std::vector<Table> tables;
};

// TransactWriteItems: all actions happen or none does. One item at most once.
struct TransactWriteRequest {
  struct Action {
    enum class Kind { Put, Update, Delete, ConditionCheck };
    Kind kind = Kind::Put;
    std::string table_name;
    Item item;                // Put: the item; otherwise the key
    UpdateExpression update;  // Update
    std::optional<Condition> condition;
    bool return_old_on_condition_failure = false;
    // A PartiQL INSERT: its condition is that the item does not exist, and
    // its failure is reported as DuplicateItem.
    bool insert = false;
  };
  std::vector<Action> actions;
  std::optional<std::string> client_request_token;
  std::string fingerprint;  // the request's parameters, to recognise a retry
};

// TransactGetItems: up to 100 items read as of one moment. One item at most
// once.
struct TransactGetRequest {
  struct Get {
    std::string table_name;
    Item key;
    std::optional<std::vector<DocumentPath>> projection;
  };
  std::vector<Get> gets;
};

// Read and write capacity units consumed by an operation on the base table.
struct ConsumedCapacity {
  double read_units = 0;
  double write_units = 0;
  // Units charged to secondary indexes, by index name (reads through an
  // index are charged to it, not to the table).
  std::map<std::string, double> local_index_units;
  std::map<std::string, double> global_index_units;
  // Where each GSI's units went: the partition hash and key of the entries
  // written, for the capacity model (never part of a response).
  struct IndexEntryUnits {
    std::uint64_t partition_hash = 0;
    std::string key;
    double units = 0;
  };
  std::map<std::string, std::vector<IndexEntryUnits>> global_index_entries;
  double total() const {
    double sum = read_units + write_units;
    for (const auto* m : {&local_index_units, &global_index_units}) {
      for (const auto& [name, units] : *m) sum += units;
    }
    return sum;
  }
};

// The item collection a write touched (tables with LSIs only): its partition
// key and its size after the write, for ItemCollectionMetrics.
struct ItemCollectionSize {
  Item key;
  std::int64_t size_bytes = 0;
};

struct WriteItemResult {
  std::optional<Item> attributes;  // what ReturnValues asked for
  ConsumedCapacity consumed;
  std::optional<ItemCollectionSize> item_collection;
};

struct ReadPageResult {
  // Encoded (engine/item_codec.h), so that writing a page does not build
  // maps; empty for Select=COUNT.
  std::vector<std::string> items;
  std::size_t count = 0;          // items that passed the filter
  std::size_t scanned_count = 0;  // items evaluated
  std::optional<Item> last_evaluated_key;
};

struct BatchWriteResult {
  std::vector<std::size_t> unprocessed;              // indexes into the request's writes (throttled)
  std::map<std::string, ConsumedCapacity> consumed;  // per table
  std::map<std::string, std::vector<ItemCollectionSize>> item_collections;  // per table with LSIs
};

struct BatchGetResult {
  // Every requested table, found items only, encoded (engine/item_codec.h).
  std::map<std::string, std::vector<std::string>> responses;
  std::map<std::string, std::vector<Item>> unprocessed;  // keys past the 16 MB response limit
  std::map<std::string, ConsumedCapacity> consumed;
};

struct TransactWriteResult {
  std::map<std::string, ConsumedCapacity> consumed;                         // per table
  std::map<std::string, std::vector<ItemCollectionSize>> item_collections;  // per table with LSIs
};

struct TransactGetResult {
  std::vector<std::optional<Item>> items;            // one per Get, in request order
  std::map<std::string, ConsumedCapacity> consumed;  // per table
};

struct GetItemResult {
  std::optional<std::string> item;  // encoded (engine/item_codec.h)
  ConsumedCapacity consumed;
};

}  // namespace ddb
