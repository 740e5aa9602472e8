// DynamoError: the one error type every layer raises and protocol/ renders,
// and the named builders for the errors raised in more than one place.
//
// An error carries an ErrorCode (what control flow tests), from which the
// wire exception name, HTTP status and `__type` namespace follow, and the
// message byte for byte as DynamoDB sends it. Operations throw DynamoError;
// nothing else crosses a module boundary as an error.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/attribute_value.h"

namespace ddb {

// What went wrong, at the grain callers need to tell errors apart. Several
// codes may share one wire exception (the Validation family).
enum class ErrorCode {
  Validation,           // ValidationException
  InvalidRequestValue,  // ValidationException decided from the request alone
                        // ("One or more parameter values are not valid. ...")
  KeySchemaMismatch,    // ValidationException: a key that does not fit the schema
  ResourceNotFound,
  ResourceInUse,
  LimitExceeded,
  ConditionalCheckFailed,
  DuplicateItem,  // PartiQL INSERT of an item that exists
  TransactionCanceled,
  TransactionConflict,
  TransactionInProgress,
  IdempotentParameterMismatch,
  ItemCollectionSizeLimitExceeded,
  ProvisionedThroughputExceeded,
  Throttling,     // ThrottlingException (on-demand limits)
  Serialization,  // the JSON protocol layer: the body is not what the operation takes
  UnknownOperation,
  MissingAuthenticationToken,
  UnrecognizedClient,  // an access key no account has
  TableNotFound,       // TableNotFoundException (the backup operations)
  TableAlreadyExists,  // restores: the target name is taken
  TableInUse,          // restores: the target is being restored
  BackupNotFound,
  BackupInUse,  // a backup feeding a restore
  PointInTimeRecoveryUnavailable,
  InvalidRestoreTime,
  InvalidExportTime,
  ExportNotFound,
  ExportConflict,
  ImportNotFound,
  ImportConflict,
  ExpiredIterator,    // DynamoDB Streams: a shard iterator older than 15 minutes
  TrimmedDataAccess,  // DynamoDB Streams: records past the retention period
  PolicyNotFound,     // a table or stream without a resource-based policy
  InternalServerError,
};

// The wire name (`__type` after the '#'), HTTP status and namespace of a code.
const char* ErrorTypeName(ErrorCode code);
int ErrorHttpStatus(ErrorCode code);
const char* ErrorNamespace(ErrorCode code);

// One entry of TransactionCanceledException's CancellationReasons.
struct CancellationReason {
  std::string code = "None";  // None, ConditionalCheckFailed, ValidationError, ...
  std::optional<std::string> message;
  std::optional<Item> item;
};

// One entry of a throttling error's ThrottlingReasons: why, and the ARN of
// the table or index that ran out of capacity.
struct ThrottlingReason {
  std::string reason;    // e.g. TableWriteKeyRangeThroughputExceeded
  std::string resource;  // table or index ARN
};

class DynamoError : public std::runtime_error {
 public:
  DynamoError(ErrorCode code, std::string message)
      : std::runtime_error(message), code_(code), message_(std::move(message)) {}

  ErrorCode code() const { return code_; }
  bool is_validation() const {
    return code_ == ErrorCode::Validation || code_ == ErrorCode::InvalidRequestValue ||
           code_ == ErrorCode::KeySchemaMismatch;
  }
  bool is_throttling() const {
    return code_ == ErrorCode::ProvisionedThroughputExceeded || code_ == ErrorCode::Throttling;
  }
  std::string type() const { return ErrorTypeName(code_); }
  const std::string& message() const { return message_; }
  int http_status() const { return ErrorHttpStatus(code_); }
  std::string type_namespace() const { return ErrorNamespace(code_); }

  // ConditionalCheckFailedException may carry the item when the request asked
  // for ReturnValuesOnConditionCheckFailure=ALL_OLD.
  const std::optional<Item>& item() const { return item_; }
  void set_item(Item item) { item_ = std::move(item); }

  // TransactionCanceledException carries one reason per action.
  const std::vector<CancellationReason>& cancellation_reasons() const { return reasons_; }
  void set_cancellation_reasons(std::vector<CancellationReason> reasons) { reasons_ = std::move(reasons); }

  // Throughput errors say which limit was hit, on which resource.
  const std::vector<ThrottlingReason>& throttling_reasons() const { return throttling_reasons_; }
  void set_throttling_reasons(std::vector<ThrottlingReason> reasons) { throttling_reasons_ = std::move(reasons); }

 private:
  ErrorCode code_;
  std::string message_;
  std::optional<Item> item_;
  std::vector<CancellationReason> reasons_;
  std::vector<ThrottlingReason> throttling_reasons_;
};

inline DynamoError ValidationError(std::string message) {
  return DynamoError(ErrorCode::Validation, std::move(message));
}

// "One or more parameter values were invalid: ..." is DynamoDB's prefix for
// semantic checks on parameter values (as opposed to shape constraints).
inline DynamoError InvalidParameterError(const std::string& detail) {
  return ValidationError("One or more parameter values were invalid: " + detail);
}

inline DynamoError ResourceNotFoundError(std::string message = "Requested resource not found") {
  return DynamoError(ErrorCode::ResourceNotFound, std::move(message));
}

inline DynamoError InternalServerError(std::string message = "Internal server error") {
  return DynamoError(ErrorCode::InternalServerError, std::move(message));
}

// The errors below are raised in more than one place; each text is written
// here once.

// Control-plane operations name the table they did not find.
DynamoError TableNotFound(const std::string& table_name);
// TableNotFoundException, as the backup, restore and export operations word
// a missing table (the name or ARN as sent).
DynamoError BackupTableNotFound(const std::string& table_name_or_arn);
DynamoError BackupNotFound(const std::string& backup_arn);
// PointInTimeRecoveryUnavailableException (restores and exports).
DynamoError PointInTimeRecoveryNotEnabled(const std::string& table_name);
// A ClientToken sent again with other parameters (exports, imports).
DynamoError DuplicateRequestConflict(ErrorCode code);
DynamoError ItemTooLarge();         // PutItem's item, a batch put, a transaction's Put
DynamoError UpdatedItemTooLarge();  // an update's literals or its result
DynamoError KeySchemaMismatch();
// An ExclusiveStartKey that names no item of the table or index; `why`, when
// given, is the key check that failed.
DynamoError InvalidStartKey(const std::string& why = "");
DynamoError DuplicateBatchKeys();
DynamoError TooManyTags();
DynamoError IndexAlreadyExists();
DynamoError OneOnlineIndexLimit();  // one GSI Create or Delete at a time per table
DynamoError NestingTooDeep();
// An empty S or B value for a table key attribute.
DynamoError EmptyKeyValue(const std::string& key_name, ValueType type);
// An empty S or B value for an index key attribute, in a written item or a
// Query's key condition on the index.
DynamoError EmptyIndexKeyValue(const std::string& index_name, const std::string& key_name, ValueType type);
// Key attributes, and index keys, take no document path.
DynamoError KeyPathNotScalar(const std::string& key_name, bool index_key);
DynamoError ConditionalCheckFailed();
DynamoError DuplicateItem();  // a PartiQL INSERT of an item that exists
DynamoError ItemCollectionTooLarge();
// TransactGetItems whose items total more than kMaxTransactionPayloadBytes.
DynamoError TransactGetAnswerTooLarge(std::size_t answer_bytes);
// The capacity units a PAY_PER_REQUEST table or index may not be given.
DynamoError ThroughputWithPayPerRequest();

}  // namespace ddb
