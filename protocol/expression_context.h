// Parses DynamoDB expression strings into the engine's expression trees.
//
// One ExpressionContext per request holds ExpressionAttributeNames and
// ExpressionAttributeValues, substitutes placeholders while parsing, and
// remembers which ones were used so that unused ones can be reported after
// every expression of the request is parsed. All errors are DynamoDB's
// ValidationExceptions, prefixed with the expression's parameter name
// ("Invalid ConditionExpression: ...").
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/expression.h"
#include "engine/update_expression.h"
#include "protocol/json.h"

namespace ddb {

class ExpressionContext {
 public:
  // Reads and validates ExpressionAttributeNames / ExpressionAttributeValues
  // from the request object.
  // `takes_values` is false for operations without ExpressionAttributeValues
  // (GetItem), which then ignore that member.
  explicit ExpressionContext(const JsonValue& request, bool takes_values = true);

  bool has_names() const { return names_present_; }
  bool has_values() const { return values_present_; }

  // `parameter` is the request member the text came from, e.g. "ConditionExpression".
  Condition ParseCondition(std::string_view text, const char* parameter);
  std::vector<DocumentPath> ParseProjection(std::string_view text, const char* parameter);
  UpdateExpression ParseUpdate(std::string_view text, const char* parameter);

  // Throws when a name or value was supplied but no expression used it.
  void CheckAllUsed() const;

  // Resolution used by the parser.
  std::string ResolveName(const std::string& placeholder, const char* parameter);
  AttributeValue ResolveValue(const std::string& placeholder, const char* parameter);

 private:
  bool names_present_ = false;
  bool values_present_ = false;
  std::map<std::string, std::string> names_;
  std::map<std::string, AttributeValue> values_;
  std::set<std::string> used_names_;
  std::set<std::string> used_values_;
  std::size_t resolved_value_bytes_ = 0;  // every use copies the value: bounded per request
};

// Rejects two paths where one contains the other ("overlap") or where one
// indexes a list and the other names a map key at the same step ("conflict").
void CheckPathsDisjoint(const std::vector<DocumentPath>& paths, const char* parameter);

}  // namespace ddb
