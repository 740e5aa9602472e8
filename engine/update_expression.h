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
  Operand operand;                // Operand (Path or Value)
  std::vector<UpdateValue> args;  // Plus, Minus, ListAppend: 2; IfNotExists: (path operand, value)
};

struct UpdateAction {
  enum class Kind { Set, Remove, Add, Delete };
  Kind kind = Kind::Set;
  DocumentPath path;
  UpdateValue value;       // Set
  AttributeValue operand;  // Add, Delete
  // Legacy AttributeUpdates report a stored value of the wrong type with
  // their own message.
  bool legacy = false;
};

struct UpdateExpression {
  std::vector<UpdateAction> actions;
};

// Applies the actions to `item` (which is the old item, or just the key for a
// new one) and returns the new item. Errors are DynamoDB's, and when several
// apply, the one DynamoDB reports: a missing operand, then an operand of the
// wrong type, then a path that cannot be written, then a number out of range.
Item ApplyUpdate(const UpdateExpression& update, const Item& item);

// Whether the update only removes (REMOVE and DELETE actions): applied to a
// missing item it creates nothing. An update without actions creates the item.
bool OnlyRemoves(const UpdateExpression& update);

// Bytes of the literal values an update writes; DynamoDB rejects an update
// whose literals alone exceed the item size limit before reading the item.
std::size_t UpdateLiteralBytes(const UpdateExpression& update);

}  // namespace ddb
