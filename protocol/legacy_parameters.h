// The pre-expression ("legacy") parameters, translated into the same trees
// the expression languages produce: Expected + ConditionalOperator become a
// Condition, AttributeUpdates an UpdateExpression. Validation texts are
// DynamoDB's.
#pragma once

#include <optional>
#include <vector>

#include "engine/expression.h"
#include "engine/update_expression.h"
#include "protocol/json.h"

namespace ddb {

// Expected (and ConditionalOperator) of a write; nullopt when absent.
std::optional<Condition> ParseExpected(const JsonValue& request);

// A legacy filter map (QueryFilter, ScanFilter, or KeyConditions), each entry
// {ComparisonOperator, AttributeValueList}, joined by ConditionalOperator
// (AND by default; KeyConditions always AND); nullopt when absent.
std::optional<Condition> ParseLegacyConditions(const JsonValue& request, const char* member,
                                               bool use_conditional_operator);

// Query's legacy KeyConditions (present): one or two indexable comparisons.
Condition ParseLegacyKeyConditions(const JsonValue& request, std::size_t max_conditions = 2);

// AttributesToGet as top-level paths; a name listed twice is an error.
std::vector<DocumentPath> ParseAttributesToGet(const JsonValue& names);

// AttributeUpdates of UpdateItem; empty when absent.
UpdateExpression ParseAttributeUpdates(const JsonValue& request);

}  // namespace ddb
