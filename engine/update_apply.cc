#include <algorithm>

#include "engine/decimal.h"
#include "engine/error.h"
#include "engine/update_expression.h"

namespace ddb {
namespace {

[[noreturn]] void IncorrectDataType() {
  throw ValidationError("An operand in the update expression has an incorrect data type");
}
[[noreturn]] void InvalidPath() {
  throw ValidationError("The document path provided in the update expression is invalid for update");
}

AttributeValue Evaluate(const UpdateValue& v, const Item& old) {
  switch (v.kind) {
    case UpdateValue::Kind::Operand: {
      if (v.operand.kind == Operand::Kind::Value) return v.operand.value;
      const AttributeValue* found = ResolvePath(old, v.operand.path);
      if (!found) throw ValidationError("The provided expression refers to an attribute that does not exist in the item");
      return *found;
    }
    case UpdateValue::Kind::Plus:
    case UpdateValue::Kind::Minus: {
      AttributeValue a = Evaluate(v.args[0], old);
      AttributeValue b = Evaluate(v.args[1], old);
      if (a.type != ValueType::N || b.type != ValueType::N) IncorrectDataType();
      Decimal x = Decimal::Parse(a.scalar), y = Decimal::Parse(b.scalar);
      return AttributeValue::Number((v.kind == UpdateValue::Kind::Plus ? x.Add(y) : x.Subtract(y)).ToString());
    }
    case UpdateValue::Kind::IfNotExists: {
      if (const AttributeValue* found = ResolvePath(old, v.args[0].operand.path)) return *found;
      return Evaluate(v.args[1], old);
    }
    case UpdateValue::Kind::ListAppend: {
      AttributeValue a = Evaluate(v.args[0], old);
      AttributeValue b = Evaluate(v.args[1], old);
      if (a.type != ValueType::L || b.type != ValueType::L) IncorrectDataType();
      a.list.insert(a.list.end(), b.list.begin(), b.list.end());
      return a;
    }
  }
  return {};
}

// The value a path's parent designates, for writing; nullptr when missing.
AttributeValue* Parent(Item& item, const DocumentPath& path) {
  auto it = item.find(path[0].name);
  if (it == item.end()) return nullptr;
  AttributeValue* current = &it->second;
  for (std::size_t i = 1; i + 1 < path.size(); ++i) {
    const PathElement& step = path[i];
    if (step.is_index()) {
      if (current->type != ValueType::L || *step.index >= current->list.size()) return nullptr;
      current = &current->list[*step.index];
    } else {
      if (current->type != ValueType::M) return nullptr;
      auto m = current->map.find(step.name);
      if (m == current->map.end()) return nullptr;
      current = &m->second;
    }
  }
  return current;
}

void SetAt(Item& item, const DocumentPath& path, AttributeValue value) {
  if (path.size() == 1) {
    item.insert_or_assign(path[0].name, std::move(value));
    return;
  }
  AttributeValue* parent = Parent(item, path);
  if (!parent) InvalidPath();
  const PathElement& last = path.back();
  if (last.is_index()) {
    if (parent->type != ValueType::L) InvalidPath();
    if (*last.index < parent->list.size()) {
      parent->list[*last.index] = std::move(value);
    } else {
      parent->list.push_back(std::move(value));
    }
  } else {
    if (parent->type != ValueType::M) InvalidPath();
    parent->map.insert_or_assign(last.name, std::move(value));
  }
}

void RemoveAt(Item& item, const DocumentPath& path) {
  if (path.size() == 1) {
    item.erase(path[0].name);
    return;
  }
  AttributeValue* parent = Parent(item, path);
  if (!parent) return;
  const PathElement& last = path.back();
  if (last.is_index()) {
    if (parent->type == ValueType::L && *last.index < parent->list.size()) {
      parent->list.erase(parent->list.begin() + static_cast<std::ptrdiff_t>(*last.index));
    }
  } else if (parent->type == ValueType::M) {
    parent->map.erase(last.name);
  }
}

void Add(Item& item, const UpdateAction& action) {
  const AttributeValue* current = ResolvePath(item, action.path);
  const AttributeValue& operand = action.operand;
  if (!current) return SetAt(item, action.path, operand);
  if (current->type != operand.type) IncorrectDataType();
  AttributeValue result = *current;
  if (operand.type == ValueType::N) {
    result.scalar = Decimal::Parse(current->scalar).Add(Decimal::Parse(operand.scalar)).ToString();
  } else {
    for (const auto& member : operand.set) {
      if (std::find(result.set.begin(), result.set.end(), member) == result.set.end()) result.set.push_back(member);
    }
  }
  SetAt(item, action.path, std::move(result));
}

void Delete(Item& item, const UpdateAction& action) {
  const AttributeValue* current = ResolvePath(item, action.path);
  if (!current) return;
  if (current->type != action.operand.type) IncorrectDataType();
  AttributeValue result = *current;
  std::erase_if(result.set, [&](const std::string& m) {
    return std::find(action.operand.set.begin(), action.operand.set.end(), m) != action.operand.set.end();
  });
  if (result.set.empty()) return RemoveAt(item, action.path);
  SetAt(item, action.path, std::move(result));
}

}  // namespace

Item ApplyUpdate(const UpdateExpression& update, const Item& old) {
  // SET values are all computed from the old item first.
  std::vector<AttributeValue> set_values;
  for (const auto& action : update.actions) {
    if (action.kind == UpdateAction::Kind::Set) set_values.push_back(Evaluate(action.value, old));
  }
  Item item = old;
  std::size_t next_value = 0;
  std::vector<const UpdateAction*> removals;
  for (const auto& action : update.actions) {
    switch (action.kind) {
      case UpdateAction::Kind::Set: SetAt(item, action.path, std::move(set_values[next_value++])); break;
      case UpdateAction::Kind::Add: Add(item, action); break;
      case UpdateAction::Kind::Delete: Delete(item, action); break;
      case UpdateAction::Kind::Remove: removals.push_back(&action); break;
    }
  }
  // List indexes name positions in the original list: remove from the back.
  auto rank = [](const UpdateAction* a) { return a->path.back().is_index() ? *a->path.back().index + 1 : 0; };
  std::stable_sort(removals.begin(), removals.end(),
                   [&](const UpdateAction* a, const UpdateAction* b) { return rank(a) > rank(b); });
  for (const UpdateAction* action : removals) RemoveAt(item, action->path);
  return item;
}

}  // namespace ddb
