// The parsed form of one PartiQL statement, before its parameters are bound
// and before any table is looked at. protocol/partiql/planner.h turns it
// into engine requests.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "engine/attribute_value.h"
#include "engine/expression.h"
#include "engine/requests.h"
#include "protocol/partiql/lexer.h"

namespace ddb::partiql {

// An expression of a WHERE clause, a SET value or a literal.
struct Node {
  enum class Kind {
    Path,       // `path`
    Literal,    // `value`: a string, number, boolean or null
    Parameter,  // `parameter`: the index of a `?`
    List,       // [children]
    Map,        // {keys[i]: children[i]}
    Bag,        // <<children>>: a set
    Compare,    // children[0] `comparator` children[1]
    Between,    // children[0] BETWEEN children[1] AND children[2]
    In,         // children[0] IN children[1..]
    And,
    Or,
    Not,
    IsMissing,  // children[0] IS [NOT] MISSING (`negated`)
    IsNull,     // children[0] IS [NOT] NULL
    Call,       // `name`(children): begins_with, contains, size, attribute_type, list_append, ...
    Add,        // children[0] + children[1]
    Subtract,
  };
  Kind kind = Kind::Literal;
  Token token;  // where it starts, for messages
  DocumentPath path;
  AttributeValue value;
  std::size_t parameter = 0;
  Condition::Comparator comparator = Condition::Comparator::EQ;
  std::string name;               // Call: lower-cased function name
  bool negated = false;           // IsMissing, IsNull, Between, In
  std::vector<std::string> keys;  // Map
  std::vector<Node> children;
};

struct Source {
  Token token;  // the table's name, for messages
  std::string table;
  std::optional<std::string> index;
};

struct OrderBy {
  DocumentPath path;
  bool descending = false;
  Token token;
};

struct SelectStatement {
  std::optional<std::vector<DocumentPath>> projection;  // none for *
  Source source;
  std::optional<Node> where;
  std::vector<OrderBy> order_by;
};

struct InsertStatement {
  Source target;
  Node item;  // a Map (or a parameter that must hold one)
};

// One SET or REMOVE of an UPDATE, in statement order.
struct UpdateClause {
  bool remove = false;
  DocumentPath path;
  Node value;  // SET
};

struct UpdateStatement {
  Source target;
  std::vector<UpdateClause> clauses;
  Node where;
  ReturnValues returning = ReturnValues::NONE;
};

struct DeleteStatement {
  Source target;
  Node where;
  bool returning_old = false;
};

struct Statement {
  enum class Kind { Select, Insert, Update, Delete, Exists };
  Kind kind = Kind::Select;
  SelectStatement select;  // Select, and the statement inside EXISTS(...)
  InsertStatement insert;
  UpdateStatement update;
  DeleteStatement del;
  std::size_t parameter_count = 0;

  bool is_read() const { return kind == Kind::Select; }
  const Source& target() const {
    switch (kind) {
      case Kind::Insert: return insert.target;
      case Kind::Update: return update.target;
      case Kind::Delete: return del.target;
      default: return select.source;
    }
  }
};

// The attribute name a projected path's value is returned under: its last
// named step, with the list indexes after it ("m.k[0]" gives "k[0]").
std::string ProjectedName(const DocumentPath& path);

// Parses one statement. Throws DynamoDB's ValidationException for text the
// dialect does not take.
Statement Parse(std::string_view statement);

}  // namespace ddb::partiql
