// Parameters shared by the single-item operations (PutItem, GetItem,
// DeleteItem, and later UpdateItem): common shape checks, ReturnValues,
// condition parsing with the legacy-parameter rules, and ConsumedCapacity.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/requests.h"
#include "protocol/constraints.h"
#include "protocol/expression_context.h"
#include "protocol/json.h"

namespace ddb {

// Options every item operation echoes back.
struct ItemRequestCommon {
  std::string table_name;                               // resolved from name or ARN
  std::optional<std::string> return_consumed_capacity;  // TOTAL / INDEXES / NONE
};

// Checks TableName and ReturnConsumedCapacity (into `v`) and fills `common`.
void ReadCommonItemParameters(const JsonValue& request, ConstraintViolations& v, ItemRequestCommon& common);

// ReturnValues, ReturnItemCollectionMetrics and
// ReturnValuesOnConditionCheckFailure: the options of every single-item write.
struct WriteOptions {
  std::optional<std::string> return_values;
  std::optional<std::string> return_item_collection_metrics;
  std::optional<std::string> return_values_on_condition_check_failure;

  bool return_old_on_condition_failure() const { return return_values_on_condition_check_failure == "ALL_OLD"; }
};
WriteOptions ReadWriteOptions(const JsonValue& request, ConstraintViolations& v);

ReturnValues ToReturnValues(const std::optional<std::string>& text);
// PutItem and DeleteItem return at most the old item.
ReturnValues AllOldOrNone(const std::optional<std::string>& text);

// Rejects mixing an operation's expression members (e.g. UpdateExpression,
// ConditionExpression) with its legacy ones (AttributeUpdates, Expected,
// ConditionalOperator), and expression maps without any expression.
// `value_members`: the expressions that can use ExpressionAttributeValues
// (named in the error when values come without them); defaults to all.
void CheckExpressionParameters(const JsonValue& request, const std::vector<const char*>& expression_members,
                               const std::vector<const char*>& legacy_members,
                               std::vector<const char*> value_members = {});

// The condition of a write, from ConditionExpression or the legacy Expected;
// nullopt when there is none.
std::optional<Condition> ParseWriteCondition(const JsonValue& request, ExpressionContext& expressions);

// What PutItem and DeleteItem take besides their Item or Key, after their
// checks in DynamoDB's order: shapes, expression members, the item, the
// condition and its placeholders.
struct ConditionalWrite {
  ItemRequestCommon common;
  WriteOptions options;
  Item item;                                        // the Item (PutItem) or the Key (DeleteItem)
  ReturnValues return_values = ReturnValues::NONE;  // ALL_OLD or NONE
  std::optional<Condition> condition;
};
// PutItem's and DeleteItem's request, checked in DynamoDB's order: the item,
// then ReturnValues (only ALL_OLD or NONE), then the condition.
// `member` is "Item" or "Key", reported at `path` ("item", "key").
ConditionalWrite ReadConditionalWrite(const JsonValue& request, const char* member, const char* path);

// Writes "ConsumedCapacity" into an open response object when asked for.
// One ConsumedCapacity object: TableName and CapacityUnits, and with
// INDEXES the Table arm and the index arms actually charged. `split` adds
// ReadCapacityUnits / WriteCapacityUnits (transactions).
void WriteCapacityObject(JsonWriter& w, const std::string& table, const ConsumedCapacity& consumed,
                         const std::string& mode, bool split);
// "ConsumedCapacity": [...] with one object per table (batches, transactions), when asked.
void WriteCapacityList(JsonWriter& w, const std::optional<std::string>& mode,
                       const std::map<std::string, ConsumedCapacity>& per_table, bool split = false);
void WriteConsumedCapacity(JsonWriter& w, const ItemRequestCommon& common, const ConsumedCapacity& consumed);

// One ItemCollectionMetrics object: the partition key and DynamoDB's size
// estimate, a one-gigabyte range around the collection's size.
void WriteItemCollectionMetrics(JsonWriter& w, const ItemCollectionSize& collection);

// "ItemCollectionMetrics": {table: [...]} of a batch or transaction, when
// `mode` is SIZE and some table has LSIs.
void WriteItemCollectionMetricsList(JsonWriter& w, const std::optional<std::string>& mode,
                                    const std::map<std::string, std::vector<ItemCollectionSize>>& per_table);

// The item collection of a write when ReturnItemCollectionMetrics is SIZE.
std::optional<ItemCollectionSize> RequestedCollectionMetrics(const WriteOptions& options,
                                                             const WriteItemResult& result);

// The response of a single-item operation: `item` under `item_member`
// ("Item" or "Attributes") when there is one, ConsumedCapacity when asked,
// and ItemCollectionMetrics when given.
void WriteItemResponse(JsonWriter& w, const char* item_member, const std::optional<Item>& item,
                       const ItemRequestCommon& common, const ConsumedCapacity& consumed,
                       const std::optional<ItemCollectionSize>& collection = std::nullopt);

}  // namespace ddb
