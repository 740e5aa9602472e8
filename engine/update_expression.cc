#include "engine/update_expression.h"

#include <algorithm>
#include <unordered_set>

#include "engine/decimal.h"
#include "engine/error.h"

namespace ddb {
namespace {

[[noreturn]] void IncorrectDataType(bool legacy = false) {
  throw ValidationError(legacy ? "Type mismatch for attribute to update"
                               : "An operand in the update expression has an incorrect data type");
}
[[noreturn]] void InvalidPath() {
  throw ValidationError("The document path provided in the update expression is invalid for update");
}

// Phase 1: every operand a SET reads must exist, except if_not_exists' path;
// its fallback must exist even when the path does (as DynamoDB Local's
// ifNotExist checks its second operand before the first).
void CheckOperandsExist(const UpdateValue& v, const Item& old) {
  switch (v.kind) {
    case UpdateValue::Kind::Operand:
      if (v.operand.kind == Operand::Kind::Path && !ResolvePath(old, v.operand.path)) {
        throw ValidationError("The provided expression refers to an attribute that does not exist in the item");
      }
      return;
    case UpdateValue::Kind::IfNotExists: CheckOperandsExist(v.args[1], old); return;
    default:
      for (const auto& arg : v.args) CheckOperandsExist(arg, old);
  }
}

// The type a SET value will have, checking its operands' types (phase 2)
// without doing any arithmetic yet.
ValueType CheckTypes(const UpdateValue& v, const Item& old, bool legacy) {
  switch (v.kind) {
    case UpdateValue::Kind::Operand:
      return v.operand.kind == Operand::Kind::Value ? v.operand.value.type : ResolvePath(old, v.operand.path)->type;
    case UpdateValue::Kind::IfNotExists: {
      const AttributeValue* found = ResolvePath(old, v.args[0].operand.path);
      return found ? found->type : CheckTypes(v.args[1], old, legacy);
    }
    case UpdateValue::Kind::Plus:
    case UpdateValue::Kind::Minus:
    case UpdateValue::Kind::ListAppend: {
      const ValueType wanted = v.kind == UpdateValue::Kind::ListAppend ? ValueType::L : ValueType::N;
      for (const auto& arg : v.args) {
        if (CheckTypes(arg, old, legacy) != wanted) IncorrectDataType(legacy);
      }
      return wanted;
    }
  }
  return ValueType::NUL;
}

// Phase 4: the value itself (number range errors surface here).
AttributeValue Evaluate(const UpdateValue& v, const Item& old) {
  switch (v.kind) {
    case UpdateValue::Kind::Operand:
      return v.operand.kind == Operand::Kind::Value ? v.operand.value : *ResolvePath(old, v.operand.path);
    case UpdateValue::Kind::Plus:
    case UpdateValue::Kind::Minus: {
      Decimal x = Decimal::Parse(Evaluate(v.args[0], old).scalar);
      Decimal y = Decimal::Parse(Evaluate(v.args[1], old).scalar);
      return AttributeValue::Number((v.kind == UpdateValue::Kind::Plus ? x.Add(y) : x.Subtract(y)).ToString());
    }
    case UpdateValue::Kind::IfNotExists: {
      if (const AttributeValue* found = ResolvePath(old, v.args[0].operand.path)) return *found;
      return Evaluate(v.args[1], old);
    }
    case UpdateValue::Kind::ListAppend: {
      AttributeValue a = Evaluate(v.args[0], old);
      AttributeValue b = Evaluate(v.args[1], old);
      a.list.insert(a.list.end(), b.list.begin(), b.list.end());
      return a;
    }
  }
  return {};
}

// The container a path's last step lives in; nullptr when some step is
// missing or of the wrong type.
const AttributeValue* Parent(const Item& item, const DocumentPath& path) {
  DocumentPath parent(path.begin(), path.end() - 1);
  return ResolvePath(item, parent);
}
AttributeValue* Parent(Item& item, const DocumentPath& path) {
  return const_cast<AttributeValue*>(Parent(static_cast<const Item&>(item), path));
}

// Phase 3: the path can be written (its parent exists and has the right kind).
void CheckWritable(const Item& item, const UpdateAction& action) {
  const DocumentPath& path = action.path;
  if (path.size() == 1) return;
  const AttributeValue* parent = Parent(item, path);
  if (!parent) InvalidPath();
  if (path.back().is_index() ? parent->type != ValueType::L : parent->type != ValueType::M) InvalidPath();
}

void SetAt(Item& item, const DocumentPath& path, AttributeValue value) {
  if (path.size() == 1) {
    item.insert_or_assign(path[0].name, std::move(value));
    return;
  }
  AttributeValue* parent = Parent(item, path);
  const PathElement& last = path.back();
  if (last.is_index()) {
    if (*last.index < parent->list.size()) {
      parent->list[*last.index] = std::move(value);
    } else {
      parent->list.push_back(std::move(value));
    }
  } else {
    parent->map.insert_or_assign(last.name, std::move(value));
  }
}

void RemoveAt(Item& item, const DocumentPath& path) {
  if (path.size() == 1) {
    item.erase(path[0].name);
    return;
  }
  AttributeValue* parent = Parent(item, path);
  const PathElement& last = path.back();
  if (last.is_index()) {
    if (*last.index < parent->list.size())
      parent->list.erase(parent->list.begin() + static_cast<std::ptrdiff_t>(*last.index));
  } else {
    parent->map.erase(last.name);
  }
}

void CheckAddDeleteType(const Item& item, const UpdateAction& action) {
  const AttributeValue* current = ResolvePath(item, action.path);
  if (current && current->type != action.operand.type) IncorrectDataType(action.legacy);
}

AttributeValue Added(const AttributeValue* current, const AttributeValue& operand) {
  if (!current) return operand;
  AttributeValue result = *current;
  if (operand.type == ValueType::N) {
    result.scalar = Decimal::Parse(current->scalar).Add(Decimal::Parse(operand.scalar)).ToString();
  } else {
    std::unordered_set<std::string> present(result.set.begin(), result.set.end());
    for (const auto& member : operand.set) {
      if (present.insert(member).second) result.set.push_back(member);
    }
  }
  return result;
}

bool WritesDeeperThanTop(const UpdateAction& a) { return a.path.size() > 1; }

}  // namespace

Item ApplyUpdate(const UpdateExpression& update, const Item& old) {
  const auto& actions = update.actions;
  for (const auto& a : actions) {
    if (a.kind == UpdateAction::Kind::Set) CheckOperandsExist(a.value, old);
  }
  for (const auto& a : actions) {
    if (a.kind == UpdateAction::Kind::Set) CheckTypes(a.value, old, a.legacy);
    if (a.kind == UpdateAction::Kind::Add || a.kind == UpdateAction::Kind::Delete) CheckAddDeleteType(old, a);
  }
  for (const auto& a : actions) {
    // DELETE of a missing top-level attribute is a no-op; nested targets need a parent.
    if (a.kind != UpdateAction::Kind::Delete || WritesDeeperThanTop(a)) CheckWritable(old, a);
  }
  // All values are computed from the old item before anything changes.
  std::vector<AttributeValue> values;
  for (const auto& a : actions) {
    if (a.kind == UpdateAction::Kind::Set) values.push_back(Evaluate(a.value, old));
    if (a.kind == UpdateAction::Kind::Add) values.push_back(Added(ResolvePath(old, a.path), a.operand));
  }

  // Writes in list-index order, so that several writes past the end of a
  // list append in index order; paths never overlap, so order is otherwise free.
  std::vector<std::pair<const UpdateAction*, AttributeValue*>> writes;
  std::size_t next = 0;
  for (const auto& a : actions) {
    if (a.kind == UpdateAction::Kind::Set || a.kind == UpdateAction::Kind::Add)
      writes.emplace_back(&a, &values[next++]);
  }
  auto rank = [](const UpdateAction* a) { return a->path.back().is_index() ? *a->path.back().index + 1 : 0; };
  std::stable_sort(writes.begin(), writes.end(),
                   [&](const auto& x, const auto& y) { return rank(x.first) < rank(y.first); });

  Item item = old;
  for (auto& [a, value] : writes) SetAt(item, a->path, std::move(*value));
  std::vector<const UpdateAction*> removals;
  for (const auto& a : actions) {
    switch (a.kind) {
      case UpdateAction::Kind::Set:
      case UpdateAction::Kind::Add: break;
      case UpdateAction::Kind::Delete: {
        const AttributeValue* current = ResolvePath(item, a.path);
        if (!current) break;
        AttributeValue result = *current;
        const std::unordered_set<std::string> removed(a.operand.set.begin(), a.operand.set.end());
        std::erase_if(result.set, [&](const std::string& m) { return removed.count(m) > 0; });
        if (result.set.empty()) {
          RemoveAt(item, a.path);
        } else {
          SetAt(item, a.path, std::move(result));
        }
        break;
      }
      case UpdateAction::Kind::Remove: removals.push_back(&a); break;
    }
  }
  // List indexes name positions in the original list: remove from the back.
  std::stable_sort(removals.begin(), removals.end(),
                   [&](const UpdateAction* a, const UpdateAction* b) { return rank(a) > rank(b); });
  for (const UpdateAction* a : removals) {
    // An index at or past the end of the original list names nothing, even if
    // a SET of this update appended there.
    if (a->path.back().is_index()) {
      const AttributeValue* original = Parent(old, a->path);
      if (!original || original->type != ValueType::L || *a->path.back().index >= original->list.size()) continue;
    }
    RemoveAt(item, a->path);
  }
  return item;
}

namespace {
std::size_t LiteralBytes(const UpdateValue& v) {
  if (v.kind == UpdateValue::Kind::Operand) {
    return v.operand.kind == Operand::Kind::Value ? ValueSize(v.operand.value) : 0;
  }
  std::size_t total = 0;
  for (const auto& arg : v.args) total += LiteralBytes(arg);
  return total;
}
}  // namespace

std::size_t UpdateLiteralBytes(const UpdateExpression& update) {
  std::size_t total = 0;
  for (const auto& a : update.actions) {
    total += a.kind == UpdateAction::Kind::Set ? LiteralBytes(a.value) : ValueSize(a.operand);
  }
  return total;
}

bool OnlyRemoves(const UpdateExpression& update) {
  if (update.actions.empty()) return false;
  return std::all_of(update.actions.begin(), update.actions.end(), [](const UpdateAction& a) {
    return a.kind == UpdateAction::Kind::Remove || a.kind == UpdateAction::Kind::Delete;
  });
}

}  // namespace ddb
