// NestedKeyPaths: DynamoDB refuses a document path that steps into a key
// attribute ("pk.x", "g[0]") wherever an expression names one: projections,
// conditions, filters, and update sources and targets. Key values are
// scalars, so such a path could only ever be missing; DynamoDB says so
// instead of answering as if it were.
//
// Gathers the first names of an expression's nested paths, then checks them
// against the table's keys in DynamoDB's order: the table's own keys first
// ("Key: pk"), then each local and global index's ("IndexKey: g"), so the
// key named is the first in that order, not in the expression.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "engine/expression.h"
#include "engine/table_definition.h"
#include "engine/update_expression.h"

namespace ddb {

class NestedKeyPaths {
 public:
  void Add(const DocumentPath& path);
  void Add(const std::vector<DocumentPath>& projection);
  void Add(const Condition& condition);
  void Add(const UpdateExpression& update);  // targets and every path in SET values

  // Throws KeyPathNotScalar for the first key attribute a gathered path steps into.
  void Check(const TableDefinition& table) const;

 private:
  void Add(const UpdateValue& value);

  // Names borrowed from the expressions, which outlive the check.
  std::vector<std::string_view> roots_;
};

// The check for a write's condition, and for a read's projection and filter.
void CheckNestedKeyPaths(const TableDefinition& table, const std::optional<Condition>& condition);
void CheckNestedKeyPaths(const TableDefinition& table, const std::optional<std::vector<DocumentPath>>& projection,
                         const std::optional<Condition>& filter);

}  // namespace ddb
