// DynamoDB's PartiQL error texts, each written once. docs/partiql-messages.md
// lists them with the request that draws each one and its source.
#pragma once

#include <string>
#include <string_view>

#include "engine/error.h"
#include "protocol/partiql/lexer.h"

namespace ddb::partiql {

inline constexpr char kParameterCountMismatch[] = "Number of parameters in request and statement don't match.";
inline constexpr char kWhereNeedsFullKey[] = "Where clause does not contain a mandatory equality on all key attributes";
inline constexpr char kNoSuchTable[] = "Requested resource not found";
inline constexpr char kNoSuchIndex[] = "The table does not have the specified index";
inline constexpr char kIndexNotWritable[] = "This operation is not supported on an index";
inline constexpr char kInsertIntoIndex[] =
    "FROM clause may only contain a single table name in data manipulation statements";
inline constexpr char kConsistentReadOnGsi[] = "Strongly consistent read is not supported on Global Secondary Indexes";
inline constexpr char kInvalidNextToken[] = "Invalid NextToken";
inline constexpr char kNextTokenMismatch[] = "NextToken does not match request";
inline constexpr char kSingleTable[] = "Only select from a single table or index is supported.";
inline constexpr char kMixedBag[] =
    "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags";
inline constexpr char kKeyTypeMismatch[] =
    "Key attribute's data type should match its data type in table's schema: Key ";
inline constexpr char kKeyMissing[] = "Key attribute should be present in the item: Key ";
inline constexpr char kInsertNeedsStruct[] =
    "Unsupported format in item expression. Please use struct format {...} to express item values for insert "
    "statement.";
inline constexpr char kReturningNeedsStar[] = "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause";
inline constexpr char kOrderByNeedsWhere[] = "Must have WHERE clause in the statement when using ORDER BY clause.";
inline constexpr char kOrderByNeedsPartitionKey[] =
    "Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.";
inline constexpr char kOrderByNeedsHashKey[] =
    "Must have hash key in ORDER BY clause when more than one hash key condition specified in WHERE clause.";
inline constexpr char kTooManyDecomposedReads[] = "Too many decomposed read operations for a given query.";
inline constexpr std::size_t kMaxDecomposedReads = 50;
inline constexpr std::size_t kMaxInOperands = 100;
inline constexpr char kEmptyIn[] =
    "IN operator must have a left hand argument of type Variable Reference and right hand argument of type Seq with "
    "at least one member";
inline constexpr char kOverlappingKeyConditions[] =
    "Overlapping conditions with range keys are not supported in where clause";
inline constexpr char kInvalidAttributeType[] = "Invalid attribute type name found; type: ";
inline constexpr char kBetweenBoundsReversed[] =
    "The BETWEEN operator requires upper bound to be greater than or equal to lower bound";
inline constexpr char kNestingTooDeep[] = "Nesting Levels have exceeded supported limits";
inline constexpr char kEmptyBag[] = "Empty bags are not supported";
inline constexpr char kMissingNeedsIs[] = "MISSING must be compared using IS operator";
inline constexpr char kUnrecognizedFunction[] = "Unrecognized function: ";
inline constexpr char kExistsOutsideTransaction[] = "EXISTS can only be used in ExecuteTransaction write requests.";
// BatchExecuteStatement and ExecuteTransaction.
inline constexpr char kBatchMixesReadsAndWrites[] =
    "Read and write requests together in the same batch is not supported.";
inline constexpr char kBatchDuplicateItems[] = "Provided list of item keys contains duplicates";
inline constexpr char kBatchSelectNeedsKey[] =
    "Select statements within BatchExecuteStatement must specify the primary key in the where clause.";
inline constexpr char kTransactionMixesReadsAndWrites[] =
    "ExecuteTransaction API does not support both read and write operations in the same request.";
inline constexpr char kTransactionSelectNeedsKey[] =
    "Select statements within ExecuteTransaction must specify the primary key in the where clause.";
inline constexpr char kTransactionIndexRead[] = "Reads on indices are not supported within transactions.";
inline constexpr char kReturningInTransaction[] = "RETURNING clause is not supported in ExecuteTransaction.";
inline constexpr char kExistsNeedsCondition[] = "EXISTS() must contain a single item read with additional condition";

// Texts no capture of DynamoDB's answers shows (docs/partiql-messages.md).
inline constexpr char kUnsupportedOperand[] = "Unsupported operand";
inline constexpr char kWrongArgumentCount[] = "Incorrect number of arguments for function: ";

// "Attribute X in ORDER BY clause must be part of the primary key"
DynamoError OrderByNotKey(const std::string& name);
// "The IN operator is provided with too many operands; number of operands: N"
DynamoError TooManyInOperands(std::size_t operands);
// "Multiple conditions on same key pk. Only single item ..." (a write naming two values of one key).
DynamoError MultipleKeyConditions(const std::string& key);
// "Incorrect operand type for operator or function; operator or function: >, operand type: BOOL"
DynamoError IncorrectOperandType(const std::string& op, ValueType type);
// "Validation failed in TransactStatements[i]: ..." (i from 0).
DynamoError InTransactStatement(std::size_t index, const std::string& message);
// "Unsupported data type: Parameter under key root[0] at L:C:1"
DynamoError ParameterInCollection(const std::string& where, const Token& at);

// "Statement wasn't well formed, can't be processed: DETAIL": a statement
// the grammar does not take. The details are the parser's: no position.
DynamoError NotWellFormed(std::string_view detail);
inline constexpr char kExpectedDataManipulation[] = "Expected data manipulation";
inline constexpr char kUnexpectedTokenAfterExpression[] = "Unexpected token after expression";
inline constexpr char kUnexpectedTerm[] = "Unexpected term";
inline constexpr char kUnexpectedKeyword[] = "Unexpected keyword";
inline constexpr char kUnexpectedOperator[] = "Unexpected operator";
inline constexpr char kUnexpectedToken[] = "Unexpected token";
inline constexpr char kMissingRightOperand[] = "Missing right-hand side expression of infix operator";
inline constexpr char kExpectedTypeName[] = "Expected type name";
inline constexpr char kEmptyPathComponent[] = "Path component cannot be an empty string";
inline constexpr char kFromPathTooLong[] = "A path may contain at most 2 components in the FROM clause";
inline constexpr char kAliasing[] = "Aliasing is not supported";
inline constexpr char kSelectValue[] = "Select projection doesn't support value or pivot keywords";
inline constexpr char kUnexpectedPathComponent[] = "Unexpected path component";
inline constexpr char kDuplicateProjection[] = "Duplicate identifiers in select clause: ";
inline constexpr char kTupleKeyNotString[] =
    "Tuple keys must be of type String. Actual type: VariableReference under root";
inline constexpr char kUnsupportedOperator[] = "Unsupported operator in Condition Expression. Operator: ";

// A message that ends with DynamoDB's position of the offending token:
// " at LINE:COLUMN:LENGTH".
DynamoError AtToken(const std::string& message, const Token& at);

}  // namespace ddb::partiql
