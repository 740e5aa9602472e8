#include "protocol/partiql/planner.h"

#include <algorithm>
#include <set>

#include "engine/decimal.h"
#include "engine/error.h"
#include "protocol/expression_context.h"
#include "protocol/partiql/messages.h"

namespace ddb::partiql {

namespace {

using Comparator = Condition::Comparator;

bool IsValueNode(const Node& n) {
  switch (n.kind) {
    case Node::Kind::Literal:
    case Node::Kind::Parameter:
    case Node::Kind::List:
    case Node::Kind::Map:
    case Node::Kind::Bag: return true;
    default: return false;
  }
}

// Nodes whose value is true or false: they may be compared with a boolean.
bool IsPredicate(const Node& n) {
  switch (n.kind) {
    case Node::Kind::Compare:
    case Node::Kind::Between:
    case Node::Kind::In:
    case Node::Kind::And:
    case Node::Kind::Or:
    case Node::Kind::Not:
    case Node::Kind::IsMissing:
    case Node::Kind::IsNull: return true;
    case Node::Kind::Call:
      return n.name == "begins_with" || n.name == "contains" || n.name == "attribute_type" ||
             n.name == "attribute_exists" || n.name == "attribute_not_exists";
    default: return false;
  }
}

std::string MemberList(const std::vector<std::string>& members) {
  std::string out = "[";
  for (std::size_t i = 0; i < members.size(); ++i) out += (i ? ", " : "") + members[i];
  return out + "]";
}

AttributeValue MakeSet(const Node& bag, const Parameters& parameters, const std::string& where) {
  AttributeValue set;
  for (std::size_t i = 0; i < bag.children.size(); ++i) {
    AttributeValue member = ValueOf(bag.children[i], parameters, where + "[" + std::to_string(i) + "]");
    ValueType set_type;
    switch (member.type) {
      case ValueType::S: set_type = ValueType::SS; break;
      case ValueType::N: set_type = ValueType::NS; break;
      case ValueType::B: set_type = ValueType::BS; break;
      default: throw ValidationError(kMixedBag);
    }
    if (set.set.empty()) {
      set.type = set_type;
    } else if (set.type != set_type) {
      throw ValidationError(kMixedBag);
    }
    set.set.push_back(std::move(member.scalar));
  }
  std::vector<std::string> sorted = set.set;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
    throw InvalidParameterError("Input collection " + MemberList(set.set) + " contains duplicates.");
  }
  return set;
}

Operand ToOperand(const Node& n, const Parameters& parameters) {
  Operand o;
  if (n.kind == Node::Kind::Path) {
    o.kind = Operand::Kind::Path;
    o.path = n.path;
  } else if (n.kind == Node::Kind::Call && n.name == "size" && n.children.size() == 1 &&
             n.children[0].kind == Node::Kind::Path) {
    o.kind = Operand::Kind::Size;
    o.path = n.children[0].path;
  } else if (IsValueNode(n)) {
    o.kind = Operand::Kind::Value;
    o.value = ValueOf(n, parameters);
  } else if (n.kind == Node::Kind::Add || n.kind == Node::Kind::Subtract) {
    throw ValidationError(std::string(kUnsupportedOperator) + (n.kind == Node::Kind::Add ? "+" : "-"));
  } else if (n.kind == Node::Kind::Call) {
    throw AtToken(kUnrecognizedFunction + n.name, n.token);
  } else {
    throw AtToken(kUnsupportedOperand, n.token);
  }
  return o;
}

Condition Combine(Condition::Kind kind, std::vector<Condition> children) {
  if (children.size() == 1) return std::move(children[0]);
  Condition c;
  c.kind = kind;
  c.children = std::move(children);
  return c;
}

Condition Negate(Condition c) {
  Condition n;
  n.kind = Condition::Kind::Not;
  n.children.push_back(std::move(c));
  return n;
}

const char* ComparatorText(Comparator c) {
  switch (c) {
    case Comparator::LT: return "<";
    case Comparator::LE: return "<=";
    case Comparator::GT: return ">";
    case Comparator::GE: return ">=";
    case Comparator::NE: return "<>";
    case Comparator::EQ: return "=";
  }
  return "=";
}

// Ordering operators take only strings, numbers and binaries.
void CheckOrderable(const std::vector<Operand>& operands, const std::string& op) {
  for (const auto& o : operands) {
    if (o.kind == Operand::Kind::Value && !o.value.is_scalar_key_type()) throw IncorrectOperandType(op, o.value.type);
  }
}

Condition ToCondition(const Node& n, const Parameters& parameters);

Condition FunctionCondition(const Node& n, const Parameters& parameters) {
  Condition c;
  static const std::pair<const char*, Condition::Kind> kFunctions[] = {
      {"begins_with", Condition::Kind::BeginsWith},
      {"contains", Condition::Kind::Contains},
      {"attribute_type", Condition::Kind::AttributeType},
      {"attribute_exists", Condition::Kind::AttributeExists},
      {"attribute_not_exists", Condition::Kind::AttributeNotExists}};
  for (const auto& [name, kind] : kFunctions) {
    if (n.name != name) continue;
    const bool one_argument = kind == Condition::Kind::AttributeExists || kind == Condition::Kind::AttributeNotExists;
    if (n.children.size() != (one_argument ? 1u : 2u)) {
      throw ValidationError("Incorrect number of operands for operator or function; operator or function: " + n.name +
                            ", number of operands: " + std::to_string(n.children.size()));
    }
    if (n.children[0].kind != Node::Kind::Path && (one_argument || kind == Condition::Kind::AttributeType)) {
      throw ValidationError("Operator or function requires a document path; operator or function: " + n.name);
    }
    c.kind = kind;
    for (const auto& child : n.children) c.operands.push_back(ToOperand(child, parameters));
    if (kind == Condition::Kind::AttributeType) {
      const AttributeValue& type = c.operands[1].value;
      if (c.operands[1].kind != Operand::Kind::Value || type.type != ValueType::S) {
        throw IncorrectOperandType(n.name, c.operands[1].value.type);
      }
      static const std::set<std::string> kTypes = {"N", "BS", "L", "B", "NULL", "M", "S", "SS", "NS", "BOOL"};
      if (!kTypes.count(type.scalar)) {
        throw ValidationError(std::string(kInvalidAttributeType) + type.scalar +
                              ", valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}");
      }
    }
    return c;
  }
  throw AtToken(kUnrecognizedFunction + n.name, n.token);
}

Condition ToCondition(const Node& n, const Parameters& parameters) {
  Condition c;
  switch (n.kind) {
    case Node::Kind::Compare: {
      // A condition compared with a boolean: `(a BETWEEN 1 AND 2) = true`.
      for (int side = 0; side < 2; ++side) {
        const Node& predicate = n.children[side];
        const Node& other = n.children[1 - side];
        if (!IsPredicate(predicate) || !IsValueNode(other)) continue;
        const AttributeValue v = ValueOf(other, parameters);
        if (v.type != ValueType::BOOL || (n.comparator != Comparator::EQ && n.comparator != Comparator::NE)) {
          // A condition equals no value but a boolean.
          Condition never;
          never.kind = Condition::Kind::Comparison;
          never.comparator = n.comparator;
          never.operands.resize(2);
          never.operands[0].value = AttributeValue::Bool(true);
          never.operands[1].value = AttributeValue::Bool(false);
          return never;
        }
        Condition inner = ToCondition(predicate, parameters);
        return (v.boolean == (n.comparator == Comparator::EQ)) ? inner : Negate(std::move(inner));
      }
      c.kind = Condition::Kind::Comparison;
      c.comparator = n.comparator;
      for (const auto& child : n.children) c.operands.push_back(ToOperand(child, parameters));
      if (n.comparator != Comparator::EQ && n.comparator != Comparator::NE) {
        CheckOrderable(c.operands, ComparatorText(n.comparator));
      }
      return c;
    }
    case Node::Kind::Between: {
      c.kind = Condition::Kind::Between;
      for (const auto& child : n.children) c.operands.push_back(ToOperand(child, parameters));
      CheckOrderable(c.operands, "BETWEEN");
      const Operand& lo = c.operands[1];
      const Operand& hi = c.operands[2];
      if (lo.kind == Operand::Kind::Value && hi.kind == Operand::Kind::Value && lo.value.type == hi.value.type &&
          (lo.value.type == ValueType::N ? Decimal::Parse(lo.value.scalar).Compare(Decimal::Parse(hi.value.scalar)) > 0
                                         : lo.value.scalar > hi.value.scalar)) {
        throw ValidationError(kBetweenBoundsReversed);
      }
      return n.negated ? Negate(std::move(c)) : c;
    }
    case Node::Kind::In:
      if (n.children.size() < 2 || n.children[0].kind != Node::Kind::Path) throw ValidationError(kEmptyIn);
      if (n.children.size() - 1 > kMaxInOperands) throw TooManyInOperands(n.children.size() - 1);
      c.kind = Condition::Kind::In;
      for (const auto& child : n.children) c.operands.push_back(ToOperand(child, parameters));
      return n.negated ? Negate(std::move(c)) : c;
    case Node::Kind::And:
    case Node::Kind::Or: {
      std::vector<Condition> children;
      for (const auto& child : n.children) children.push_back(ToCondition(child, parameters));
      return Combine(n.kind == Node::Kind::And ? Condition::Kind::And : Condition::Kind::Or, std::move(children));
    }
    case Node::Kind::Not: return Negate(ToCondition(n.children[0], parameters));
    case Node::Kind::IsMissing:
      if (n.children[0].kind != Node::Kind::Path) throw AtToken(kUnsupportedOperand, n.children[0].token);
      c.kind = n.negated ? Condition::Kind::AttributeExists : Condition::Kind::AttributeNotExists;
      c.operands.push_back(ToOperand(n.children[0], parameters));
      return c;
    case Node::Kind::IsNull: {
      // IS NULL: the attribute is of DynamoDB's NULL type; IS NOT NULL is
      // its negation, so a missing attribute IS NOT NULL.
      if (n.children[0].kind != Node::Kind::Path) throw AtToken(kUnsupportedOperand, n.children[0].token);
      c.kind = Condition::Kind::AttributeType;
      c.operands.push_back(ToOperand(n.children[0], parameters));
      Operand type;
      type.value = AttributeValue::String("NULL");
      c.operands.push_back(type);
      return n.negated ? Negate(std::move(c)) : c;
    }
    case Node::Kind::Call: return FunctionCondition(n, parameters);
    default: throw AtToken(kUnsupportedOperand, n.token);
  }
}

void Flatten(const Node& n, std::vector<const Node*>& conjuncts) {
  if (n.kind == Node::Kind::And) {
    for (const auto& child : n.children) Flatten(child, conjuncts);
  } else {
    conjuncts.push_back(&n);
  }
}

const std::string* TopLevelName(const Node& side) {
  return side.kind == Node::Kind::Path && side.path.size() == 1 && !side.path[0].is_index() ? &side.path[0].name
                                                                                            : nullptr;
}

// The attribute a conjunct constrains in a way a key condition can hold:
// `name op value` (or `value op name`), BETWEEN or begins_with on a
// top-level attribute; null otherwise.
const std::string* ConstrainedAttribute(const Node& n) {
  switch (n.kind) {
    case Node::Kind::Compare:
      if (n.comparator == Comparator::NE) return nullptr;
      if (TopLevelName(n.children[0]) && IsValueNode(n.children[1])) return TopLevelName(n.children[0]);
      if (TopLevelName(n.children[1]) && IsValueNode(n.children[0])) return TopLevelName(n.children[1]);
      return nullptr;
    case Node::Kind::Between:
      if (n.negated || !IsValueNode(n.children[1]) || !IsValueNode(n.children[2])) return nullptr;
      return TopLevelName(n.children[0]);
    case Node::Kind::Call:
      if (n.name != "begins_with" || n.children.size() != 2 || !IsValueNode(n.children[1])) return nullptr;
      return TopLevelName(n.children[0]);
    default: return nullptr;
  }
}

bool IsEquality(const Node& n) { return n.kind == Node::Kind::Compare && n.comparator == Comparator::EQ; }

// The values a conjunct fixes an attribute to: `name = v` gives one, `name
// IN [...]` several; empty when it fixes nothing.
std::vector<const Node*> FixedValues(const Node& n, const std::string& name) {
  if (IsEquality(n)) {
    const std::string* constrained = ConstrainedAttribute(n);
    if (constrained && *constrained == name) {
      return {n.children[0].kind == Node::Kind::Path ? &n.children[1] : &n.children[0]};
    }
  }
  if (n.kind == Node::Kind::In && !n.negated && TopLevelName(n.children[0]) && *TopLevelName(n.children[0]) == name) {
    std::vector<const Node*> values;
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      if (!IsValueNode(n.children[i])) return {};
      values.push_back(&n.children[i]);
    }
    return values;
  }
  return {};
}

// The key attributes of what a statement reads: the table's or an index's.
struct KeyNames {
  std::vector<std::string> hash;
  std::vector<std::string> range;
  bool contains(const std::string& name) const {
    return std::find(hash.begin(), hash.end(), name) != hash.end() ||
           std::find(range.begin(), range.end(), name) != range.end();
  }
};

KeyNames TableKeys(const TableDefinition& table) {
  KeyNames k{{table.key_schema.hash_key}, {}};
  if (table.key_schema.range_key) k.range.push_back(*table.key_schema.range_key);
  return k;
}

// A key value of another type than the schema's (KeySchemaMismatch: a
// transaction reports it as a cancellation reason).
void CheckKeyType(const TableDefinition& table, const std::string& name, const AttributeValue& value) {
  if (value.type != table.KeyAttributeType(name)) {
    throw DynamoError(ErrorCode::KeySchemaMismatch, kKeyTypeMismatch + name);
  }
}

// A write's WHERE clause: the equalities naming the table's full primary
// key, and the other conjuncts in order.
struct KeySplit {
  Item key;
  std::vector<const Node*> rest;
};
KeySplit SplitFullKey(const Node& where, const TableDefinition& table, const Parameters& parameters) {
  std::vector<const Node*> conjuncts;
  Flatten(where, conjuncts);
  const KeyNames keys = TableKeys(table);
  KeySplit split;
  for (const Node* c : conjuncts) {
    const std::string* name = IsEquality(*c) ? ConstrainedAttribute(*c) : nullptr;
    if (!name || !keys.contains(*name)) {
      split.rest.push_back(c);
      continue;
    }
    const Node& value_node = c->children[0].kind == Node::Kind::Path ? c->children[1] : c->children[0];
    AttributeValue value = ValueOf(value_node, parameters);
    auto [it, inserted] = split.key.emplace(*name, value);
    if (!inserted && !(it->second == value)) throw MultipleKeyConditions(*name);
  }
  if (split.key.size() != keys.hash.size() + keys.range.size()) throw ValidationError(kWhereNeedsFullKey);
  return split;
}

std::optional<Condition> ConditionOf(const std::vector<const Node*>& conjuncts, const Parameters& parameters) {
  if (conjuncts.empty()) return std::nullopt;
  std::vector<Condition> children;
  for (const Node* c : conjuncts) children.push_back(ToCondition(*c, parameters));
  return Combine(Condition::Kind::And, std::move(children));
}

Operand PathOperand(const std::string& name) {
  Operand o;
  o.kind = Operand::Kind::Path;
  o.path = {PathElement::Name(name)};
  return o;
}

Condition KeyExists(const TableDefinition& table, bool exists = true) {
  Condition c;
  c.kind = exists ? Condition::Kind::AttributeExists : Condition::Kind::AttributeNotExists;
  c.operands.push_back(PathOperand(table.key_schema.hash_key));
  return c;
}

std::optional<Condition> WithKeyExists(const TableDefinition& table, std::optional<Condition> rest) {
  Condition exists = KeyExists(table);
  if (!rest) return exists;
  return Combine(Condition::Kind::And, {std::move(exists), std::move(*rest)});
}

UpdateValue ToUpdateValue(const Node& n, const Parameters& parameters) {
  UpdateValue v;
  if (n.kind == Node::Kind::Add || n.kind == Node::Kind::Subtract) {
    v.kind = n.kind == Node::Kind::Add ? UpdateValue::Kind::Plus : UpdateValue::Kind::Minus;
    v.args.push_back(ToUpdateValue(n.children[0], parameters));
    v.args.push_back(ToUpdateValue(n.children[1], parameters));
    for (const auto& arg : v.args) {
      if (arg.kind == UpdateValue::Kind::Operand && arg.operand.kind == Operand::Kind::Value &&
          arg.operand.value.type != ValueType::N) {
        throw IncorrectOperandType(n.kind == Node::Kind::Add ? "+" : "-", arg.operand.value.type);
      }
    }
    return v;
  }
  if (n.kind == Node::Kind::Call && n.name == "list_append") {
    if (n.children.size() != 2) throw ValidationError(std::string(kWrongArgumentCount) + n.name);
    v.kind = UpdateValue::Kind::ListAppend;
    v.args.push_back(ToUpdateValue(n.children[0], parameters));
    v.args.push_back(ToUpdateValue(n.children[1], parameters));
    return v;
  }
  if (n.kind == Node::Kind::Path || IsValueNode(n)) {
    v.operand = ToOperand(n, parameters);
    return v;
  }
  if (n.kind == Node::Kind::Call) throw AtToken(kUnrecognizedFunction + n.name, n.token);
  throw AtToken(kUnsupportedOperand, n.token);
}

// INSERT's VALUE: a map whose members (unlike other collection literals'
// members) may be parameters.
AttributeValue ItemValueOf(const Node& n, const Parameters& parameters) {
  if (n.kind != Node::Kind::Map) return ValueOf(n, parameters);
  AttributeValue map;
  map.type = ValueType::M;
  for (std::size_t i = 0; i < n.keys.size(); ++i) {
    map.map.insert_or_assign(n.keys[i], ValueOf(n.children[i], parameters, "root"));
  }
  return map;
}

}  // namespace

std::optional<std::string> MissingKeyAttribute(const Item& item, const TableDefinition& table) {
  if (!item.count(table.key_schema.hash_key)) return table.key_schema.hash_key;
  if (table.key_schema.range_key && !item.count(*table.key_schema.range_key)) return table.key_schema.range_key;
  return std::nullopt;
}

namespace {

void CheckInsertKey(const Item& item, const TableDefinition& table) {
  const KeyNames keys = TableKeys(table);
  for (const auto* names : {&keys.hash, &keys.range}) {
    for (const auto& name : *names) {
      auto it = item.find(name);
      if (it == item.end()) throw ValidationError(kKeyMissing + name);
      CheckKeyType(table, name, it->second);
    }
  }
}

// DynamoDB's order of key values: strings and binaries by bytes, numbers by value.
bool KeyLess(const AttributeValue& a, const AttributeValue& b) {
  if (a.type == ValueType::N && b.type == ValueType::N) {
    return Decimal::Parse(a.scalar).Compare(Decimal::Parse(b.scalar)) < 0;
  }
  return a.scalar < b.scalar;
}

Condition Equality(const std::string& name, AttributeValue value) {
  Condition c;
  c.kind = Condition::Kind::Comparison;
  c.comparator = Comparator::EQ;
  c.operands.push_back(PathOperand(name));
  Operand v;
  v.value = std::move(value);
  c.operands.push_back(std::move(v));
  return c;
}

// Refuses literal operands an operator cannot take: ordering comparisons
// and BETWEEN take strings, numbers and binaries, + and - numbers.
void CheckOperandTypes(const Node& n, const Parameters& parameters) {
  const char* op = nullptr;
  bool numbers_only = false;
  if (n.kind == Node::Kind::Compare && n.comparator != Comparator::EQ && n.comparator != Comparator::NE) {
    op = ComparatorText(n.comparator);
  } else if (n.kind == Node::Kind::Between) {
    op = "BETWEEN";
  } else if (n.kind == Node::Kind::Add || n.kind == Node::Kind::Subtract) {
    op = n.kind == Node::Kind::Add ? "+" : "-";
    numbers_only = true;
  }
  for (const auto& child : n.children) {
    if (op && IsValueNode(child)) {
      const AttributeValue v = ValueOf(child, parameters);
      if (numbers_only ? v.type != ValueType::N : !v.is_scalar_key_type()) throw IncorrectOperandType(op, v.type);
    }
    CheckOperandTypes(child, parameters);
  }
}

// Whether every value a range conjunct compares with is of `type`.
bool RangeValuesHaveType(const Node& n, ValueType type, const Parameters& parameters) {
  for (const auto& child : n.children) {
    if (IsValueNode(child) && ValueOf(child, parameters).type != type) return false;
  }
  return true;
}

// The key conditions a Query can hold on the sort-key attributes, left to
// right: equalities, then at most one range; the conjuncts used are added
// to `used`. `equal_sort_key` receives the sort key's value when the first
// one is fixed by `=`.
std::vector<Condition> SortKeyConditions(const std::vector<const Node*>& conjuncts, const KeyNames& keys,
                                         const TableDefinition& table, const Parameters& parameters,
                                         std::set<const Node*>& used, std::optional<AttributeValue>* equal_sort_key) {
  std::vector<Condition> conditions;
  for (const auto& range_key : keys.range) {
    const Node* chosen = nullptr;
    for (const Node* c : conjuncts) {
      const std::string* name = ConstrainedAttribute(*c);
      if (!name || *name != range_key || used.count(c)) continue;
      // A range on a value of another type matches nothing: it stays in the filter.
      if (!IsEquality(*c) && !RangeValuesHaveType(*c, table.KeyAttributeType(range_key), parameters)) continue;
      if (!chosen || (IsEquality(*c) && !IsEquality(*chosen))) chosen = c;
    }
    if (!chosen) break;
    if (IsEquality(*chosen)) {
      const Node& value = chosen->children[0].kind == Node::Kind::Path ? chosen->children[1] : chosen->children[0];
      AttributeValue v = ValueOf(value, parameters);
      CheckKeyType(table, range_key, v);
      if (equal_sort_key && conditions.empty()) *equal_sort_key = std::move(v);
    }
    used.insert(chosen);
    conditions.push_back(ToCondition(*chosen, parameters));
    if (!IsEquality(*chosen)) break;
  }
  return conditions;
}

// An OR beside a fixed partition key that constrains the sort key reads the
// partition once per branch, as DynamoDB plans it: the branches must be
// equalities on distinct sort-key values, or their reads would overlap.
void CheckOrBranchesDisjoint(const Node& n, const KeyNames& keys) {
  if (n.kind != Node::Kind::Or || keys.range.empty()) return;
  const std::string& sort_key = keys.range[0];
  bool constrains = false;
  bool equalities = true;
  std::vector<const Node*> values;
  for (const auto& branch : n.children) {
    const std::string* name = ConstrainedAttribute(branch);
    if (name && *name == sort_key) constrains = true;
    if (!name || *name != sort_key || !IsEquality(branch)) {
      equalities = false;
      continue;
    }
    values.push_back(branch.children[0].kind == Node::Kind::Path ? &branch.children[1] : &branch.children[0]);
  }
  if (!constrains) return;
  if (equalities) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        const Node& a = *values[i];
        const Node& b = *values[j];
        if (a.kind != Node::Kind::Literal || b.kind != Node::Kind::Literal || a.value == b.value) {
          throw ValidationError(kOverlappingKeyConditions);
        }
      }
    }
    return;
  }
  throw ValidationError(kOverlappingKeyConditions);
}

// Whether a node reads the top-level attribute `name` anywhere.
bool Mentions(const Node& n, const std::string& name) {
  if (n.kind == Node::Kind::Path && n.path[0].name == name) return true;
  return std::any_of(n.children.begin(), n.children.end(), [&](const Node& c) { return Mentions(c, name); });
}

// `a OR b OR ...` where every branch fixes the (single-attribute) partition
// key with `=`: one Query per branch, each with that branch's conditions.
// Two branches reading overlapping key ranges are refused, as DynamoDB
// does; nullopt when some branch does not fix the partition key.
std::optional<std::vector<QueryRequest>> PlanOrBranches(const Node& where, const KeyNames& keys,
                                                        const TableDefinition& table, const Parameters& parameters,
                                                        const ReadPageOptions& page) {
  if (where.kind != Node::Kind::Or || keys.hash.size() != 1) return std::nullopt;
  std::vector<const Node*> branches;
  std::vector<const Node*> pending{&where};
  while (!pending.empty()) {
    const Node* n = pending.back();
    pending.pop_back();
    if (n->kind == Node::Kind::Or) {
      for (auto it = n->children.rbegin(); it != n->children.rend(); ++it) pending.push_back(&*it);
    } else {
      branches.push_back(n);
    }
  }
  struct Read {
    AttributeValue partition;
    std::optional<AttributeValue> sort_key;  // when fixed by `=`
  };
  std::vector<Read> reads;
  std::vector<QueryRequest> queries;
  for (const Node* branch : branches) {
    std::vector<const Node*> conjuncts;
    Flatten(*branch, conjuncts);
    const Node* hash = nullptr;
    for (const Node* c : conjuncts) {
      if (IsEquality(*c) && FixedValues(*c, keys.hash[0]).size() == 1) {
        hash = c;
        break;
      }
    }
    if (!hash) return std::nullopt;
    Read read{ValueOf(*FixedValues(*hash, keys.hash[0])[0], parameters), std::nullopt};
    CheckKeyType(table, keys.hash[0], read.partition);
    std::set<const Node*> used{hash};
    std::vector<Condition> key_condition{ToCondition(*hash, parameters)};
    for (auto& c : SortKeyConditions(conjuncts, keys, table, parameters, used, &read.sort_key)) {
      key_condition.push_back(std::move(c));
    }
    std::vector<const Node*> rest;
    for (const Node* c : conjuncts) {
      if (used.count(c)) continue;
      // A sort-key condition no key condition can hold: DynamoDB scans.
      for (const auto& range_key : keys.range) {
        if (Mentions(*c, range_key)) return std::nullopt;
      }
      rest.push_back(c);
    }
    reads.push_back(std::move(read));
    QueryRequest& query = queries.emplace_back();
    query.table_name = table.name;
    query.key_condition = Combine(Condition::Kind::And, std::move(key_condition));
    query.filter_may_name_keys = true;
    query.page = page;
    query.page.filter = ConditionOf(rest, parameters);
  }
  for (std::size_t i = 0; i < reads.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const bool disjoint = reads[i].sort_key && reads[j].sort_key && !(*reads[i].sort_key == *reads[j].sort_key);
      if (reads[i].partition == reads[j].partition && !disjoint) throw ValidationError(kOverlappingKeyConditions);
    }
  }
  if (queries.size() > kMaxDecomposedReads) throw ValidationError(kTooManyDecomposedReads);
  return queries;
}

}  // namespace

void CheckStatement(const Statement& statement, const Parameters& parameters) {
  if (statement.parameter_count != parameters.size()) throw ValidationError(kParameterCountMismatch);
  const Node* where = nullptr;
  switch (statement.kind) {
    case Statement::Kind::Update:
      for (const auto& clause : statement.update.clauses) {
        if (!clause.remove) CheckOperandTypes(clause.value, parameters);
      }
      where = &statement.update.where;
      break;
    case Statement::Kind::Delete: where = &statement.del.where; break;
    case Statement::Kind::Insert: break;
    default:
      if (statement.select.where) where = &*statement.select.where;
      break;
  }
  if (where) CheckOperandTypes(*where, parameters);
}

AttributeValue ValueOf(const Node& n, const Parameters& parameters, const std::string& where) {
  auto member = [&](const Node& child, const std::string& child_where) {
    if (child.kind == Node::Kind::Parameter) throw ParameterInCollection(child_where, child.token);
    return ValueOf(child, parameters, child_where);
  };
  switch (n.kind) {
    case Node::Kind::Literal: return n.value;
    case Node::Kind::Parameter: return parameters.at(n.parameter);
    case Node::Kind::List: {
      AttributeValue list;
      list.type = ValueType::L;
      for (std::size_t i = 0; i < n.children.size(); ++i) {
        list.list.push_back(member(n.children[i], where + "[" + std::to_string(i) + "]"));
      }
      return list;
    }
    case Node::Kind::Map: {
      AttributeValue map;
      map.type = ValueType::M;
      for (std::size_t i = 0; i < n.keys.size(); ++i) {
        map.map.insert_or_assign(n.keys[i], member(n.children[i], where + "." + n.keys[i]));
      }
      return map;
    }
    case Node::Kind::Bag:
      for (std::size_t i = 0; i < n.children.size(); ++i) {
        if (n.children[i].kind == Node::Kind::Parameter) {
          throw ParameterInCollection(where + "[" + std::to_string(i) + "]", n.children[i].token);
        }
      }
      return MakeSet(n, parameters, where);
    default: throw AtToken(kUnsupportedOperand, n.token);
  }
}

ReadPlan PlanSelect(const SelectStatement& select, const TableDefinition& table, const Parameters& parameters) {
  KeyNames keys = TableKeys(table);
  if (select.source.index) {
    const SecondaryIndex* index = table.FindIndex(*select.source.index);
    if (!index) throw ValidationError(kNoSuchIndex);
    keys = KeyNames{index->hash_keys, index->range_keys};
  }
  if (!select.order_by.empty() && !select.where) throw ValidationError(kOrderByNeedsWhere);
  for (const auto& o : select.order_by) {
    if (o.path.size() != 1 || !keys.contains(o.path[0].name)) throw OrderByNotKey(o.path[0].name);
  }

  std::vector<const Node*> conjuncts;
  if (select.where) Flatten(*select.where, conjuncts);
  // The conjunct fixing each partition-key attribute, and the values it
  // fixes it to (several only with IN, on a single-attribute key).
  std::vector<const Node*> hash(keys.hash.size(), nullptr);
  std::vector<const Node*> partitions;
  for (std::size_t i = 0; i < keys.hash.size(); ++i) {
    for (const Node* c : conjuncts) {
      std::vector<const Node*> values = FixedValues(*c, keys.hash[i]);
      if (values.empty() || (values.size() > 1 && keys.hash.size() > 1)) continue;
      hash[i] = c;
      if (keys.hash.size() == 1) partitions = std::move(values);
      break;
    }
  }

  ReadPlan plan;
  plan.is_query = std::all_of(hash.begin(), hash.end(), [](const Node* c) { return c != nullptr; });
  ReadPageOptions page;
  page.index_name = select.source.index;
  if (!plan.is_query && select.where && select.order_by.empty()) {
    if (auto queries = PlanOrBranches(*select.where, keys, table, parameters, page)) {
      plan.is_query = true;
      plan.queries = std::move(*queries);
      return plan;
    }
  }
  if (!plan.is_query) {
    if (!select.order_by.empty()) throw ValidationError(kOrderByNeedsPartitionKey);
    if (select.where) page.filter = ToCondition(*select.where, parameters);
    plan.scan.table_name = table.name;
    plan.scan.page = std::move(page);
    return plan;
  }

  std::set<const Node*> key_conjuncts(hash.begin(), hash.end());
  std::vector<Condition> hash_conditions;  // multi-attribute keys: every attribute's equality
  if (keys.hash.size() > 1) {
    for (std::size_t i = 0; i < keys.hash.size(); ++i) {
      AttributeValue value = ValueOf(*FixedValues(*hash[i], keys.hash[i])[0], parameters);
      CheckKeyType(table, keys.hash[i], value);
      hash_conditions.push_back(Equality(keys.hash[i], std::move(value)));
    }
  }
  std::vector<Condition> range_conditions =
      SortKeyConditions(conjuncts, keys, table, parameters, key_conjuncts, /*equal_sort_key=*/nullptr);
  std::vector<const Node*> rest;
  for (const Node* c : conjuncts) {
    if (key_conjuncts.count(c)) continue;
    CheckOrBranchesDisjoint(*c, keys);
    rest.push_back(c);
  }
  page.filter = ConditionOf(rest, parameters);

  // Partition values, in the order they are read: as listed, or as ORDER BY
  // the partition key says.
  std::vector<AttributeValue> values;
  if (keys.hash.size() == 1) {
    if (partitions.size() > kMaxInOperands) throw TooManyInOperands(partitions.size());
    for (const Node* v : partitions) {
      AttributeValue value = ValueOf(*v, parameters);
      CheckKeyType(table, keys.hash[0], value);
      if (std::find(values.begin(), values.end(), value) != values.end()) {
        throw ValidationError(kOverlappingKeyConditions);
      }
      values.push_back(std::move(value));
    }
    if (values.size() > kMaxDecomposedReads) throw ValidationError(kTooManyDecomposedReads);
  }
  bool forward = true;
  bool ordered_by_range = false;
  bool ordered_by_hash = false;
  for (const auto& o : select.order_by) {
    const std::string& name = o.path[0].name;
    if (std::find(keys.range.begin(), keys.range.end(), name) != keys.range.end()) {
      if (!ordered_by_range) forward = !o.descending;
      ordered_by_range = true;
    } else if (!ordered_by_hash) {
      ordered_by_hash = true;
      std::stable_sort(values.begin(), values.end(), [&](const AttributeValue& a, const AttributeValue& b) {
        return o.descending ? KeyLess(b, a) : KeyLess(a, b);
      });
    }
  }
  if (values.size() > 1 && !select.order_by.empty() && !ordered_by_hash) {
    throw ValidationError(kOrderByNeedsHashKey);
  }
  // Ordered by the partition key alone, DynamoDB reads each partition in
  // descending sort-key order.
  if (ordered_by_hash && !ordered_by_range) forward = false;

  const std::size_t reads = keys.hash.size() == 1 ? values.size() : 1;
  for (std::size_t i = 0; i < reads; ++i) {
    QueryRequest& query = plan.queries.emplace_back();
    query.table_name = table.name;
    std::vector<Condition> key_condition =
        keys.hash.size() == 1 ? std::vector<Condition>{Equality(keys.hash[0], values[i])} : hash_conditions;
    key_condition.insert(key_condition.end(), range_conditions.begin(), range_conditions.end());
    query.key_condition = Combine(Condition::Kind::And, std::move(key_condition));
    query.filter_may_name_keys = true;
    query.scan_forward = forward;
    query.page = page;
  }
  return plan;
}

std::optional<KeyLookup> PlanKeyLookup(const SelectStatement& select, const TableDefinition& table,
                                       const Parameters& parameters) {
  if (select.source.index || !select.where) return std::nullopt;
  std::vector<const Node*> conjuncts;
  Flatten(*select.where, conjuncts);
  const KeyNames keys = TableKeys(table);
  KeyLookup lookup;
  std::vector<const Node*> rest;
  for (const Node* c : conjuncts) {
    const std::string* name = IsEquality(*c) ? ConstrainedAttribute(*c) : nullptr;
    if (!name || !keys.contains(*name) || lookup.key.count(*name)) {
      rest.push_back(c);
      continue;
    }
    const Node& value = c->children[0].kind == Node::Kind::Path ? c->children[1] : c->children[0];
    AttributeValue v = ValueOf(value, parameters);
    CheckKeyType(table, *name, v);
    lookup.key.emplace(*name, std::move(v));
  }
  if (lookup.key.size() != keys.hash.size() + keys.range.size()) return std::nullopt;
  lookup.rest = ConditionOf(rest, parameters);
  return lookup;
}

std::optional<Item> PlanKeyedSelect(const SelectStatement& select, const TableDefinition& table,
                                    const Parameters& parameters) {
  if (select.source.index || !select.where) return std::nullopt;
  std::vector<const Node*> conjuncts;
  Flatten(*select.where, conjuncts);
  const KeyNames keys = TableKeys(table);
  Item key;
  for (const Node* c : conjuncts) {
    const std::string* name = nullptr;
    std::vector<const Node*> values;
    for (const auto* names : {&keys.hash, &keys.range}) {
      for (const auto& k : *names) {
        values = FixedValues(*c, k);
        if (!values.empty()) {
          name = &k;
          break;
        }
      }
      if (name) break;
    }
    if (!name || values.size() != 1 || key.count(*name)) return std::nullopt;
    AttributeValue value = ValueOf(*values[0], parameters);
    CheckKeyType(table, *name, value);
    key.emplace(*name, std::move(value));
  }
  if (key.size() != keys.hash.size() + keys.range.size()) return std::nullopt;
  return key;
}

std::optional<Item> StatementKey(const Statement& statement, const TableDefinition& table,
                                 const Parameters& parameters) {
  if (statement.parameter_count != parameters.size()) return std::nullopt;
  try {
    switch (statement.kind) {
      case Statement::Kind::Insert: {
        AttributeValue item = ItemValueOf(statement.insert.item, parameters);
        if (item.type != ValueType::M || MissingKeyAttribute(item.map, table)) return std::nullopt;
        Item key{{table.key_schema.hash_key, item.map.at(table.key_schema.hash_key)}};
        if (table.key_schema.range_key)
          key.emplace(*table.key_schema.range_key, item.map.at(*table.key_schema.range_key));
        return key;
      }
      case Statement::Kind::Update: return SplitFullKey(statement.update.where, table, parameters).key;
      case Statement::Kind::Delete: return SplitFullKey(statement.del.where, table, parameters).key;
      default: return PlanKeyedSelect(statement.select, table, parameters);
    }
  } catch (const DynamoError&) {
    return std::nullopt;  // the statement's own error is reported when it runs
  }
}

std::optional<std::string> MissingInsertKey(const InsertStatement& insert, const TableDefinition& table,
                                            const Parameters& parameters) {
  AttributeValue item = ItemValueOf(insert.item, parameters);
  if (item.type != ValueType::M) return std::nullopt;
  return MissingKeyAttribute(item.map, table);
}

PutItemRequest PlanInsert(const InsertStatement& insert, const TableDefinition& table, const Parameters& parameters) {
  PutItemRequest request;
  request.table_name = table.name;
  AttributeValue item = ItemValueOf(insert.item, parameters);
  if (item.type != ValueType::M) throw AtToken(kInsertNeedsStruct, insert.item.token);
  request.item = std::move(item.map);
  CheckInsertKey(request.item, table);
  request.condition = KeyExists(table, /*exists=*/false);
  return request;
}

UpdateItemRequest PlanUpdate(const UpdateStatement& update, const TableDefinition& table,
                             const Parameters& parameters) {
  UpdateItemRequest request;
  request.table_name = table.name;
  KeySplit split = SplitFullKey(update.where, table, parameters);
  request.key = std::move(split.key);
  std::vector<DocumentPath> paths;
  for (const auto& clause : update.clauses) {
    UpdateAction action;
    action.path = clause.path;
    if (clause.remove) {
      action.kind = UpdateAction::Kind::Remove;
    } else if (clause.value.kind == Node::Kind::Call &&
               (clause.value.name == "set_add" || clause.value.name == "set_delete")) {
      const Node& call = clause.value;
      const std::string upper = call.name == "set_add" ? "SET_ADD" : "SET_DELETE";
      if (call.children.size() != 2) throw AtToken(upper + " must have exactly two arguments", call.token);
      // DynamoDB points its complaints about either argument at the first.
      const Node& first = call.children[0];
      if (first.kind != Node::Kind::Path || !(first.path == clause.path)) {
        throw AtToken("The first argument to " + upper + " must equal the assignment value", call.token);
      }
      action.kind = call.name == "set_add" ? UpdateAction::Kind::Add : UpdateAction::Kind::Delete;
      if (call.children[1].kind != Node::Kind::Bag && call.children[1].kind != Node::Kind::Parameter) {
        throw AtToken("The second argument to " + upper + " must be a value with type SET", first.token);
      }
      action.operand = ValueOf(call.children[1], parameters);
      if (!action.operand.is_set()) {
        throw AtToken("The second argument to " + upper + " must be a value with type SET", first.token);
      }
    } else {
      action.kind = UpdateAction::Kind::Set;
      action.value = ToUpdateValue(clause.value, parameters);
    }
    paths.push_back(action.path);
    request.update.actions.push_back(std::move(action));
  }
  CheckPathsDisjoint(paths, "UpdateExpression");
  request.condition = WithKeyExists(table, ConditionOf(split.rest, parameters));
  request.return_values = update.returning;
  return request;
}

DeleteItemRequest PlanDelete(const DeleteStatement& del, const TableDefinition& table, const Parameters& parameters) {
  DeleteItemRequest request;
  request.table_name = table.name;
  KeySplit split = SplitFullKey(del.where, table, parameters);
  request.key = std::move(split.key);
  request.condition = ConditionOf(split.rest, parameters);
  request.return_values = del.returning_old ? ReturnValues::ALL_OLD : ReturnValues::NONE;
  return request;
}

TransactWriteRequest::Action PlanExists(const SelectStatement& select, const TableDefinition& table,
                                        const Parameters& parameters) {
  if (!select.where) throw ValidationError(kExistsNeedsCondition);
  KeySplit split = SplitFullKey(*select.where, table, parameters);
  if (split.rest.empty()) throw ValidationError(kExistsNeedsCondition);
  TransactWriteRequest::Action action;
  action.kind = TransactWriteRequest::Action::Kind::ConditionCheck;
  action.table_name = table.name;
  action.item = std::move(split.key);
  action.condition = WithKeyExists(table, ConditionOf(split.rest, parameters));
  return action;
}

}  // namespace ddb::partiql
