#include "engine/error.h"

namespace ddb {

namespace {

constexpr const char* kDynamoNamespace = "com.amazonaws.dynamodb.v20120810";
constexpr const char* kCoralServiceNamespace = "com.amazon.coral.service";
constexpr const char* kCoralValidateNamespace = "com.amazon.coral.validate";
constexpr const char* kCoralAvailabilityNamespace = "com.amazon.coral.availability";

const char* EmptyValueKind(ValueType type) { return type == ValueType::S ? "string" : "binary"; }

}  // namespace

const char* ErrorTypeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::Validation:
    case ErrorCode::InvalidRequestValue:
    case ErrorCode::KeySchemaMismatch: return "ValidationException";
    case ErrorCode::ResourceNotFound: return "ResourceNotFoundException";
    case ErrorCode::ResourceInUse: return "ResourceInUseException";
    case ErrorCode::LimitExceeded: return "LimitExceededException";
    case ErrorCode::ConditionalCheckFailed: return "ConditionalCheckFailedException";
    case ErrorCode::DuplicateItem: return "DuplicateItemException";
    case ErrorCode::TransactionCanceled: return "TransactionCanceledException";
    case ErrorCode::TransactionConflict: return "TransactionConflictException";
    case ErrorCode::TransactionInProgress: return "TransactionInProgressException";
    case ErrorCode::IdempotentParameterMismatch: return "IdempotentParameterMismatchException";
    case ErrorCode::ItemCollectionSizeLimitExceeded: return "ItemCollectionSizeLimitExceededException";
    case ErrorCode::ProvisionedThroughputExceeded: return "ProvisionedThroughputExceededException";
    case ErrorCode::Throttling: return "ThrottlingException";
    case ErrorCode::Serialization: return "SerializationException";
    case ErrorCode::UnknownOperation: return "UnknownOperationException";
    case ErrorCode::MissingAuthenticationToken: return "MissingAuthenticationTokenException";
    case ErrorCode::UnrecognizedClient: return "UnrecognizedClientException";
    case ErrorCode::TableNotFound: return "TableNotFoundException";
    case ErrorCode::TableAlreadyExists: return "TableAlreadyExistsException";
    case ErrorCode::TableInUse: return "TableInUseException";
    case ErrorCode::BackupNotFound: return "BackupNotFoundException";
    case ErrorCode::BackupInUse: return "BackupInUseException";
    case ErrorCode::PointInTimeRecoveryUnavailable: return "PointInTimeRecoveryUnavailableException";
    case ErrorCode::InvalidRestoreTime: return "InvalidRestoreTimeException";
    case ErrorCode::InvalidExportTime: return "InvalidExportTimeException";
    case ErrorCode::ExportNotFound: return "ExportNotFoundException";
    case ErrorCode::ExportConflict: return "ExportConflictException";
    case ErrorCode::ImportNotFound: return "ImportNotFoundException";
    case ErrorCode::ImportConflict: return "ImportConflictException";
    case ErrorCode::ExpiredIterator: return "ExpiredIteratorException";
    case ErrorCode::TrimmedDataAccess: return "TrimmedDataAccessException";
    case ErrorCode::PolicyNotFound: return "PolicyNotFoundException";
    case ErrorCode::InternalServerError: return "InternalServerError";
  }
  return "InternalServerError";
}

int ErrorHttpStatus(ErrorCode code) { return code == ErrorCode::InternalServerError ? 500 : 400; }

// The AWS request validator raises ValidationException, the JSON protocol
// layer its own errors, the availability layer ThrottlingException;
// DynamoDB's own exceptions carry its namespace.
const char* ErrorNamespace(ErrorCode code) {
  switch (code) {
    case ErrorCode::Validation:
    case ErrorCode::InvalidRequestValue:
    case ErrorCode::KeySchemaMismatch: return kCoralValidateNamespace;
    case ErrorCode::Serialization:
    case ErrorCode::UnknownOperation:
    case ErrorCode::MissingAuthenticationToken:
    case ErrorCode::UnrecognizedClient: return kCoralServiceNamespace;
    case ErrorCode::Throttling: return kCoralAvailabilityNamespace;
    default: return kDynamoNamespace;
  }
}

DynamoError TableNotFound(const std::string& table_name) {
  return ResourceNotFoundError("Requested resource not found: Table: " + table_name + " not found");
}

DynamoError BackupTableNotFound(const std::string& table_name_or_arn) {
  return DynamoError(ErrorCode::TableNotFound, "Table not found: " + table_name_or_arn);
}

DynamoError BackupNotFound(const std::string& backup_arn) {
  return DynamoError(ErrorCode::BackupNotFound, "Backup not found: " + backup_arn);
}

DynamoError PointInTimeRecoveryNotEnabled(const std::string& table_name) {
  return DynamoError(ErrorCode::PointInTimeRecoveryUnavailable,
                     "Point in time recovery is not enabled for table '" + table_name + "'");
}

DynamoError DuplicateRequestConflict(ErrorCode code) {
  return DynamoError(code, "Duplicate request detected with conflicting parameters");
}

DynamoError ItemTooLarge() { return ValidationError("Item size has exceeded the maximum allowed size"); }

DynamoError UpdatedItemTooLarge() {
  return ValidationError("Item size to update has exceeded the maximum allowed size");
}

DynamoError KeySchemaMismatch() {
  return DynamoError(ErrorCode::KeySchemaMismatch, "The provided key element does not match the schema");
}

DynamoError InvalidStartKey(const std::string& why) {
  return ValidationError("The provided starting key is invalid" + (why.empty() ? "" : ": " + why));
}

DynamoError DuplicateBatchKeys() { return ValidationError("Provided list of item keys contains duplicates"); }

DynamoError TooManyTags() {
  return ValidationError("Number of Tags exceed the current limit for the provided ResourceArn");
}

DynamoError IndexAlreadyExists() { return ValidationError("Attempting to create an index which already exists"); }

DynamoError OneOnlineIndexLimit() {
  return DynamoError(
      ErrorCode::LimitExceeded,
      "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table");
}

DynamoError NestingTooDeep() { return ValidationError("Nesting Levels have exceeded supported limits"); }

DynamoError EmptyKeyValue(const std::string& key_name, ValueType type) {
  return DynamoError(ErrorCode::InvalidRequestValue,
                     std::string("One or more parameter values are not valid. The AttributeValue for a key attribute "
                                 "cannot contain an empty ") +
                         EmptyValueKind(type) + " value. Key: " + key_name);
}

DynamoError EmptyIndexKeyValue(const std::string& index_name, const std::string& key_name, ValueType type) {
  return DynamoError(ErrorCode::InvalidRequestValue,
                     std::string("One or more parameter values are not valid. A value specified for a secondary "
                                 "index key is not supported. The AttributeValue for a key attribute cannot contain "
                                 "an empty ") +
                         EmptyValueKind(type) + " value. IndexName: " + index_name + ", IndexKey: " + key_name);
}

DynamoError KeyPathNotScalar(const std::string& key_name, bool index_key) {
  return ValidationError(
      "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: " +
      std::string(index_key ? "IndexKey: " : "Key: ") + key_name);
}

DynamoError DuplicateItem() { return DynamoError(ErrorCode::DuplicateItem, "Duplicate primary key exists in table"); }

DynamoError ConditionalCheckFailed() {
  return DynamoError(ErrorCode::ConditionalCheckFailed, "The conditional request failed");
}

DynamoError TransactGetAnswerTooLarge(std::size_t answer_bytes) {
  // DynamoDB Local's text, the size glued to the full stop; AWS's is not captured.
  return ValidationError("Payload in response is too large." + std::to_string(answer_bytes));
}

DynamoError ItemCollectionTooLarge() {
  return DynamoError(ErrorCode::ItemCollectionSizeLimitExceeded, "Collection size exceeded.");
}

DynamoError ThroughputWithPayPerRequest() {
  return InvalidParameterError(
      "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
}

}  // namespace ddb
