// Update expressions: what UpdateItem's UpdateExpression (and the legacy
// AttributeUpdates) become, and how they apply to an item.
//
// Semantics (DynamoDB's): every SET value is computed from the item as it was
// before the update; paths of different actions never overlap (protocol/
// rejects that); list elements removed by index are counted in the original
// list; a SET on a list index past the end appends; DELETE that empties a set
// removes the attribute.
#pragma once

#include <vector>

#include "engine/attribute_value.h"
#include "engine/expression.h"

namespace ddb {

// The right-hand side of a SET action.
struct UpdateValue {
  enum class Kind { Operand, Plus, Minus, IfNotExists, ListAppend };
  Kind kind = Kind::Operand;
  Operand operand;                 // Operand (Path or Value)
  std::vector<UpdateValue> args;   // Plus, Minus, ListAppend: 2; IfNotExists: (path operand, value)
};

struct UpdateAction {
  enum class Kind { Set, Remove, Add, Delete };
  Kind kind = Kind::Set;
  DocumentPath path;
  UpdateValue value;       // Set
  AttributeValue operand;  // Add, Delete
};

struct UpdateExpression {
  std::vector<UpdateAction> actions;
};

// Applies the actions to `item` (which is the old item, or just the key for a
// new one) and returns the new item. Throws DynamoDB's ValidationExceptions
// for operands of the wrong type, missing operands and invalid paths.
Item ApplyUpdate(const UpdateExpression& update, const Item& item);

}  // namespace ddb
