// The checks TransactWriteItems and TransactGetItems make on each action
// before they touch an item, and the cancellation they raise.
//
// DynamoDB walks the actions in request order. A missing table, an empty
// key value and a second action on one item fail the whole request
// (ResourceNotFoundException / ValidationException); a key that does not fit
// the table's schema needs the schema, like a condition, so it becomes the
// action's ValidationError cancellation reason, and only the first such
// action is reported.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/error.h"
#include "engine/primary_key.h"
#include "engine/table_definition.h"

namespace ddb {

// TransactionCanceledException with its reasons, one per action, and the
// message DynamoDB builds from their codes.
DynamoError TransactionCancelled(std::vector<CancellationReason> reasons);

// Whether a ValidationException raised while checking or applying an action
// is a request error (DynamoDB decides it from the request alone) rather
// than the action's cancellation reason.
bool IsRequestLevelValidation(const DynamoError& error);

class TransactionKeyChecks {
 public:
  explicit TransactionKeyChecks(std::size_t actions) : reasons_(actions) {}

  // Checks the next action: `key_or_item` is the Key (or a Put's Item),
  // `key_of` computes the storage key and makes the schema checks. Returns
  // the key, or nullopt when the action got a ValidationError reason.
  std::optional<PrimaryKey> Next(const TableDefinition& table, const Item& key_or_item,
                                 const std::function<PrimaryKey()>& key_of);
  // After the last action: cancels when any action had a bad key.
  void ThrowIfAnyInvalid();

 private:
  std::vector<CancellationReason> reasons_;
  std::size_t next_ = 0;
  bool invalid_ = false;
  std::set<std::string> seen_;
};

}  // namespace ddb
