// DynamoError: the one error type every layer raises and protocol/ renders.
//
// It carries what DynamoDB puts on the wire: the exception name, the message
// (byte for byte as DynamoDB sends it), the HTTP status and the namespace of
// the `__type` field. Operations throw DynamoError; nothing else crosses a
// module boundary as an error.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/attribute_value.h"

namespace ddb {

inline constexpr const char* kDynamoNamespace = "com.amazonaws.dynamodb.v20120810";
inline constexpr const char* kCoralServiceNamespace = "com.amazon.coral.service";
inline constexpr const char* kCoralValidateNamespace = "com.amazon.coral.validate";
inline constexpr const char* kCoralAvailabilityNamespace = "com.amazon.coral.availability";

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
  DynamoError(std::string type, std::string message, int http_status = 400,
              std::string type_namespace = kDynamoNamespace)
      : std::runtime_error(message),
        type_(std::move(type)),
        message_(std::move(message)),
        http_status_(http_status),
        namespace_(std::move(type_namespace)) {}

  const std::string& type() const { return type_; }
  const std::string& message() const { return message_; }
  int http_status() const { return http_status_; }
  const std::string& type_namespace() const { return namespace_; }

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
  std::string type_;
  std::string message_;
  int http_status_;
  std::string namespace_;
  std::optional<Item> item_;
  std::vector<CancellationReason> reasons_;
  std::vector<ThrottlingReason> throttling_reasons_;
};

// ValidationException comes from the AWS request validator, hence its namespace.
inline DynamoError ValidationError(std::string message) {
  return DynamoError("ValidationException", std::move(message), 400, kCoralValidateNamespace);
}

// "One or more parameter values were invalid: ..." is DynamoDB's prefix for
// semantic checks on parameter values (as opposed to shape constraints).
inline DynamoError InvalidParameterError(const std::string& detail) {
  return ValidationError("One or more parameter values were invalid: " + detail);
}

inline DynamoError ResourceNotFoundError(std::string message = "Requested resource not found") {
  return DynamoError("ResourceNotFoundException", std::move(message));
}

inline DynamoError InternalServerError(std::string message = "Internal server error") {
  return DynamoError("InternalServerError", std::move(message), 500);
}

}  // namespace ddb
