// Expression trees: what protocol/ parses condition, filter and projection
// expressions into, and what the engine evaluates against items.
//
// Placeholders are already substituted when a tree reaches the engine: a
// DocumentPath holds real attribute names and an Operand of kind Value holds
// the value. The engine never sees expression text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "engine/attribute_value.h"

namespace ddb {

// One step of a document path: a map key (or top-level attribute name) or a
// list index. The first element of a path is always a name.
struct PathElement {
  std::string name;
  std::optional<std::size_t> index;  // set for list indexes ("[3]")

  static PathElement Name(std::string n) { return PathElement{std::move(n), std::nullopt}; }
  static PathElement Index(std::size_t i) { return PathElement{{}, i}; }
  bool is_index() const { return index.has_value(); }
  bool operator==(const PathElement&) const = default;
};
using DocumentPath = std::vector<PathElement>;

struct Operand {
  enum class Kind { Path, Value, Size };
  Kind kind = Kind::Value;
  DocumentPath path;     // Path; Size of an attribute
  AttributeValue value;  // Value; Size of a literal (when `path` is empty)
};

struct Condition {
  enum class Kind {
    Comparison,
    Between,
    In,
    And,
    Or,
    Not,
    AttributeExists,
    AttributeNotExists,
    AttributeType,
    BeginsWith,
    Contains,
  };
  enum class Comparator { EQ, NE, LT, LE, GT, GE };

  Kind kind = Kind::Comparison;
  Comparator comparator = Comparator::EQ;
  std::vector<Operand> operands;    // in source order
  std::vector<Condition> children;  // And/Or: two or more; Not: one
};

// Looks a path up in an item; nullptr when any step is missing or of the
// wrong type.
const AttributeValue* ResolvePath(const Item& item, const DocumentPath& path);

// Evaluates a condition against an item (empty when the item does not exist).
bool Evaluate(const Condition& condition, const Item& item);

// Keeps only the given paths of an item, as ProjectionExpression does.
Item Project(const Item& item, const std::vector<DocumentPath>& paths);

}  // namespace ddb
