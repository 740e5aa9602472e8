#include "protocol/validation_layer.h"

#include <doctest/doctest.h>

#include <string>

#include "protocol/request_document.h"

using namespace ddb;

namespace {

// The current layer's message where `operation` raised `older` (a
// ValidationException) for the request `body`.
std::string Current(const char* operation, const char* body, const std::string& older,
                    ErrorCode code = ErrorCode::Validation) {
  RequestDocument doc;
  REQUIRE(doc.Parse(body));
  return CurrentLayerError(operation, doc.root(), DynamoError(code, older)).message();
}

const std::string kEnv = "1 validation error detected: ";
const std::string kOlderRv =
    "Value 'INVALID' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, "
    "UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]";
const std::string kCurrentRv =
    "Failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATE_NEW, "
    "NONE]";
const std::string kRcc =
    "Value 'INVALID' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: "
    "[INDEXES, TOTAL, NONE]";
const std::string kRicm =
    "Value 'INVALID' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value "
    "set: [SIZE, NONE]";
const std::string kNesting =
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";

}  // namespace

TEST_CASE("the layer's names parse") {
  CHECK(ParseValidationLayer("current") == ValidationLayer::kCurrent);
  CHECK(ParseValidationLayer("older") == ValidationLayer::kOlder);
  CHECK_FALSE(ParseValidationLayer("newer").has_value());
  CHECK_FALSE(ParseValidationLayer("").has_value());
}

TEST_CASE("TableName '' is reported alone, without its value, as 'TableName'") {
  const std::string current =
      kEnv + "Value at 'TableName' failed to satisfy constraint: Member must have length greater than or equal to 1";
  const std::string older =
      "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1";
  for (const char* op : {"PutItem", "DeleteItem", "UpdateItem"}) {
    CHECK(Current(op, R"({"TableName":"","Item":{},"Key":{}})", kEnv + older) == current);
  }
  // With an invalid ReturnValues besides, the table name still stops it.
  CHECK(Current("PutItem", R"({"TableName":"","ReturnValues":"INVALID","Item":{}})",
                "2 validation errors detected: " + older + "; " + kOlderRv) == current);
  CHECK(Current("PutItem", R"({"TableName":"","ReturnValues":"INVALID","Item":{}})",
                "2 validation errors detected: " + kOlderRv + "; " + older) == current);
}

TEST_CASE("an invalid ReturnValues gets the current layer's enum text") {
  SUBCASE("PutItem, three invalid enums (us-east-1, 2026-08-12)") {
    CHECK(Current("PutItem",
                  R"({"TableName":"t","Item":{},"ReturnValues":"INVALID","ReturnConsumedCapacity":"INVALID",
                      "ReturnItemCollectionMetrics":"INVALID"})",
                  "3 validation errors detected: " + kRcc + "; " + kOlderRv + "; " + kRicm) ==
          "3 validation errors detected: " + kRcc + "; " + kCurrentRv + "; " + kRicm);
  }
  SUBCASE("DeleteItem, two") {
    CHECK(Current("DeleteItem",
                  R"({"TableName":"t","Key":{},"ReturnValues":"INVALID","ReturnConsumedCapacity":"INVALID"})",
                  "2 validation errors detected: " + kRcc + "; " + kOlderRv) ==
          "2 validation errors detected: " + kRcc + "; " + kCurrentRv);
  }
  SUBCASE("UpdateItem: the ReturnValues error alone") {
    CHECK(Current("UpdateItem",
                  R"({"TableName":"t","Key":{},"ReturnValues":"INVALID","ReturnConsumedCapacity":"INVALID"})",
                  "2 validation errors detected: " + kRcc + "; " + kOlderRv) == kEnv + kCurrentRv);
  }
  SUBCASE("other shape errors keep the older text") {
    CHECK(Current("PutItem", R"({"TableName":"t","Item":{},"ReturnConsumedCapacity":"INVALID"})", kEnv + kRcc) ==
          kEnv + kRcc);
    CHECK(Current("PutItem", R"({"Item":{}})",
                  kEnv + "Value null at 'tableName' failed to satisfy constraint: Member must not be null") ==
          kEnv + "Value null at 'tableName' failed to satisfy constraint: Member must not be null");
  }
}

TEST_CASE("request-level errors of the single-item writes gain the envelope") {
  const char* put = R"({"TableName":"t","Item":{}})";
  for (const std::string& older : {
           std::string("One or more parameter values were invalid: An string set  may not be empty"),
           std::string("One or more parameter values were invalid: An number set  may not be empty"),
           std::string("One or more parameter values were invalid: Binary sets should not be empty"),
           std::string("Can not use both expression and non-expression parameters in the same request: "
                       "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}"),
           std::string("Invalid ConditionExpression: The expression has redundant parentheses;"),
           std::string("Invalid ConditionExpression: The first operand must be distinct from the remaining operands "
                       "for this operator or function; operator: contains, first operand: [data]"),
       }) {
    CHECK(Current("PutItem", put, older, ErrorCode::Validation) == kEnv + older);
  }
  const char* update = R"({"TableName":"t","Key":{}})";
  for (const std::string& older : {
           std::string(R"(Invalid UpdateExpression: Syntax error; token: "INVALID", near: "INVALID SYNTAX")"),
           std::string("Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}"),
           std::string("Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}"),
           std::string("Invalid UpdateExpression: An expression attribute value used in expression is not defined; "
                       "attribute value: :v"),
           std::string("Can not use both expression and non-expression parameters in the same request: "
                       "Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}"),
           std::string("Invalid UpdateExpression: The expression can not be empty;"),
       }) {
    CHECK(Current("UpdateItem", update, older) == kEnv + older);
  }
  CHECK(Current("DeleteItem", R"({"TableName":"t","Key":{}})",
                "Invalid ConditionExpression: The expression can not be empty;") ==
        kEnv + "Invalid ConditionExpression: The expression can not be empty;");
}

TEST_CASE("an empty number gets ': ' after the text") {
  CHECK(Current("PutItem", R"({"TableName":"t","Item":{"a":{"NS":[""]}}})",
                "The parameter cannot be converted to a numeric value") ==
        kEnv + "The parameter cannot be converted to a numeric value: ");
  CHECK(Current("PutItem", R"({"TableName":"t","Item":{"a":{"N":"x"}}})",
                "The parameter cannot be converted to a numeric value: x") ==
        kEnv + "The parameter cannot be converted to a numeric value: x");
}

TEST_CASE("ExpressionAttributeValues without an expression: the suffix goes") {
  CHECK(
      Current("PutItem", R"({"TableName":"t","Item":{},"ExpressionAttributeValues":{":v":{"S":"x"}}})",
              "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null") ==
      kEnv + "ExpressionAttributeValues can only be specified when using expressions");
  CHECK(Current("UpdateItem", R"({"TableName":"t","Key":{},"ExpressionAttributeValues":{":v":{"S":"x"}}})",
                "ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and "
                "ConditionExpression are null") ==
        kEnv + "ExpressionAttributeValues can only be specified when using expressions");
}

TEST_CASE("duplicates are listed JSON-quoted") {
  const std::string invalid = "One or more parameter values were invalid: ";
  CHECK(Current("PutItem", R"({"TableName":"t","Item":{"pk":{"S":"x"},"bad":{"SS":["a","a"]}}})",
                invalid + "Input collection [a, a] contains duplicates.") ==
        kEnv + invalid + R"(Input collection ["a", "a"] contains duplicates.)");
  CHECK(Current("PutItem", R"({"TableName":"t","Item":{"bad":{"SS":["",""]}}})",
                invalid + "Input collection [, ] contains duplicates.") ==
        kEnv + invalid + R"(Input collection ["", ""] contains duplicates.)");
  CHECK(Current("PutItem", R"({"TableName":"t","Item":{"bad":{"BS":["",""]}}})",
                invalid + "Input collection [, ]of type BS contains duplicates.") ==
        kEnv + invalid + R"(Input collection ["",""]of type BS contains duplicates.)");
  // Members before the first repeat sorted, then the repeat, then the rest.
  CHECK(Current("PutItem", R"({"TableName":"t","Item":{"bad":{"SS":["b","a","b","0"]}}})",
                invalid + "Input collection [b, a, b, 0] contains duplicates.") ==
        kEnv + invalid + R"(Input collection ["a", "b", "b", "0"] contains duplicates.)");
  // Inside a map, in a key, and with a quote to escape.
  CHECK(Current("DeleteItem", R"({"TableName":"t","Key":{"m":{"M":{"s":{"SS":["q\"","q\""]}}}}})",
                invalid + "Input collection [q\", q\"] contains duplicates.") ==
        kEnv + invalid + R"(Input collection ["q\"", "q\""] contains duplicates.)");
}

TEST_CASE("a value nested too deep in ExpressionAttributeValues: the nesting error, enveloped") {
  CHECK(Current("UpdateItem", R"({"TableName":"t","Key":{}})",
                "ExpressionAttributeValues contains invalid value: " + kNesting + " for key :deep") == kEnv + kNesting);
}

TEST_CASE("what the layers word alike, or the rollout did not reach, is unchanged") {
  // The key-attribute update errors stay bare.
  const std::string key =
      "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key";
  CHECK(Current("UpdateItem", R"({"TableName":"t","Key":{}})", key) == key);
  // Other operations keep the older texts.
  CHECK(Current("GetItem", R"({"TableName":"t","Key":{}})", "Invalid ProjectionExpression: Syntax error; token: x") ==
        "Invalid ProjectionExpression: Syntax error; token: x");
  CHECK(Current("BatchGetItem", R"({"RequestItems":{}})", "The requestItems parameter is required for BatchGetItem") ==
        "The requestItems parameter is required for BatchGetItem");
  CHECK(Current("BatchWriteItem", R"({"RequestItems":{}})",
                "Invalid ConditionExpression: The expression can not be empty;") ==
        "Invalid ConditionExpression: The expression can not be empty;");
  // Errors that are not ValidationExceptions.
  CHECK(Current("PutItem", R"({"TableName":"t","Item":{}})", "Requested resource not found",
                ErrorCode::ResourceNotFound) == "Requested resource not found");
  // An already enveloped text is not enveloped twice.
  CHECK(Current("PutItem", R"({"TableName":"t","Item":{}})", kEnv + "Invalid ConditionExpression: x") ==
        kEnv + "Invalid ConditionExpression: x");
}
