// Query: one partition, a sort-key range, in either direction. The range is
// turned into storage-key bounds, so items come straight from the iterator in
// DynamoDB's order and nothing is sorted in memory.
#include <vector>

#include "engine/engine.h"
#include "engine/error.h"
#include "engine/key_codec.h"
#include "engine/primary_key.h"

namespace ddb {

namespace {

// The smallest byte string greater than every string starting with `s`;
// empty when there is none.
std::string PrefixSuccessor(std::string s) {
  while (!s.empty() && static_cast<unsigned char>(s.back()) == 0xff) s.pop_back();
  if (!s.empty()) s.back() = static_cast<char>(static_cast<unsigned char>(s.back()) + 1);
  return s;
}

// Sort-key bounds [lower, upper) relative to the partition prefix.
std::pair<std::string, std::string> SortKeyRange(const KeyCondition& k, bool has_sort_key) {
  using Op = KeyCondition::SortOp;
  const std::string after_all = has_sort_key ? "\xff" : std::string(1, '\0');
  auto successor = [](const std::string& s) { return s + '\0'; };
  switch (k.sort_op) {
    case Op::None: return {"", after_all};
    case Op::EQ: return {EncodeSortKey(k.sort_value), successor(EncodeSortKey(k.sort_value))};
    case Op::LT: return {"", EncodeSortKey(k.sort_value)};
    case Op::LE: return {"", successor(EncodeSortKey(k.sort_value))};
    case Op::GT: return {successor(EncodeSortKey(k.sort_value)), after_all};
    case Op::GE: return {EncodeSortKey(k.sort_value), after_all};
    case Op::Between: return {EncodeSortKey(k.sort_value), successor(EncodeSortKey(k.sort_upper))};
    case Op::BeginsWith: {
      std::string start = EncodeSortKey(k.sort_value);
      std::string end = PrefixSuccessor(start);
      return {start, end.empty() ? after_all : end};
    }
  }
  return {"", after_all};
}

[[noreturn]] void InvalidOperator(const char* op) {
  throw ValidationError(std::string("Invalid operator used in KeyConditionExpression: ") + op);
}

// The predicates of a conjunction, in order; anything else is not a key condition.
void Conjuncts(const Condition& c, const std::string& parameter, std::vector<const Condition*>& out) {
  (void)parameter;
  using K = Condition::Kind;
  switch (c.kind) {
    case K::And:
      Conjuncts(c.children[0], parameter, out);
      Conjuncts(c.children[1], parameter, out);
      return;
    case K::Or: InvalidOperator("OR");
    case K::Not: InvalidOperator("NOT");
    case K::In: InvalidOperator("IN");
    case K::AttributeExists: InvalidOperator("attribute_exists");
    case K::AttributeNotExists: InvalidOperator("attribute_not_exists");
    case K::AttributeType: InvalidOperator("attribute_type");
    case K::Contains: InvalidOperator("contains");
    default: out.push_back(&c);
  }
}

// One predicate of a key condition with its attribute on the left.
struct KeyPredicate {
  const Condition* condition;
  std::string attribute;
  bool reversed = false;  // ":v < sk" means "sk > :v"
};

// Turns a parsed key condition into a partition value and a sort-key range.
// Structure is checked first, then value types, as DynamoDB does.
KeyCondition ToKeyCondition(const TableDefinition& table, const Condition& condition, const std::string& parameter) {
  using Op = KeyCondition::SortOp;
  std::vector<const Condition*> parts;
  Conjuncts(condition, parameter, parts);
  std::vector<KeyPredicate> predicates;
  for (const Condition* c : parts) {
    if (c->kind == Condition::Kind::Comparison && c->comparator == Condition::Comparator::NE) {
      throw ValidationError("Invalid operator used in KeyConditionExpression: <>");
    }
    KeyPredicate p{c, {}};
    int names = 0;
    for (std::size_t i = 0; i < c->operands.size(); ++i) {
      const Operand& o = c->operands[i];
      if (o.kind == Operand::Kind::Size) throw ValidationError("KeyConditionExpressions cannot contain nested operations");
      if (o.kind != Operand::Kind::Path) continue;
      ++names;
      const std::string& name = o.path[0].name;
      const bool key_attribute = name == table.key_schema.hash_key || name == table.key_schema.range_key;
      if (o.path.size() > 1) {
        if (key_attribute) {
          throw ValidationError(
              "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: " + name);
        }
        throw ValidationError("KeyConditionExpressions cannot have conditions on nested attributes");
      }
      p.attribute = name;
      p.reversed = i > 0;
    }
    if (names > 1) {
      throw ValidationError("Invalid condition in " + parameter + ": Multiple attribute names used in one condition");
    }
    if (names == 0) throw ValidationError("Invalid condition in " + parameter + ": No key attribute specified");
    if (p.reversed && c->kind != Condition::Kind::Comparison) {
      throw ValidationError("Invalid condition in " + parameter + ": No key attribute specified");
    }
    predicates.push_back(p);
  }
  const KeyPredicate* hash = nullptr;
  const KeyPredicate* sort = nullptr;
  bool other = false;
  for (const auto& p : predicates) {
    const bool is_hash = p.attribute == table.key_schema.hash_key;
    const bool is_sort = table.key_schema.range_key && p.attribute == *table.key_schema.range_key;
    if ((is_hash && hash) || (is_sort && sort)) {
      throw ValidationError("KeyConditionExpressions must only contain one condition per key");
    }
    if (is_hash) hash = &p;
    else if (is_sort) sort = &p;
    else other = true;
  }
  if (predicates.size() > 2) throw ValidationError("Conditions can be of length 1 or 2 only");
  if (!table.key_schema.range_key && predicates.size() == 2 && hash) {
    throw ValidationError("Query key condition not supported");
  }
  if (!hash) throw ValidationError("Query condition missed key schema element: " + table.key_schema.hash_key);
  if (other) {
    throw ValidationError("Query condition missed key schema element: " +
                          table.key_schema.range_key.value_or(table.key_schema.hash_key));
  }
  if (hash->condition->kind != Condition::Kind::Comparison || hash->condition->comparator != Condition::Comparator::EQ) {
    throw ValidationError("Query key condition not supported");
  }
  // Values: types against the schema, then no empty key values.
  for (const KeyPredicate* p : {hash, sort}) {
    if (!p) continue;
    const ValueType expected = *table.AttributeType(p->attribute);
    for (const auto& o : p->condition->operands) {
      if (o.kind == Operand::Kind::Value && o.value.type != expected) {
        throw InvalidParameterError("Condition parameter type does not match schema type");
      }
    }
    for (const auto& o : p->condition->operands) {
      if (o.kind == Operand::Kind::Value && o.value.type != ValueType::N && o.value.scalar.empty()) {
        throw ValidationError(std::string("One or more parameter values are not valid. The AttributeValue for a key "
                                          "attribute cannot contain an empty ") +
                              (expected == ValueType::S ? "string" : "binary") + " value. Key: " + p->attribute);
      }
    }
  }
  KeyCondition key;
  const Condition& h = *hash->condition;
  key.hash = h.operands[hash->reversed ? 0 : 1].value;
  if (!sort) return key;
  const Condition& c = *sort->condition;
  if (c.kind == Condition::Kind::Between) {
    key.sort_op = Op::Between;
    key.sort_value = c.operands[1].value;
    key.sort_upper = c.operands[2].value;
    return key;
  }
  if (c.kind == Condition::Kind::BeginsWith) {
    key.sort_op = Op::BeginsWith;
    key.sort_value = c.operands[1].value;
    return key;
  }
  key.sort_value = c.operands[sort->reversed ? 0 : 1].value;
  using C = Condition::Comparator;
  const bool r = sort->reversed;  // ":v < sk" is "sk > :v"
  switch (c.comparator) {
    case C::EQ: key.sort_op = Op::EQ; break;
    case C::LT: key.sort_op = r ? Op::GT : Op::LT; break;
    case C::LE: key.sort_op = r ? Op::GE : Op::LE; break;
    case C::GT: key.sort_op = r ? Op::LT : Op::GT; break;
    case C::GE: key.sort_op = r ? Op::LE : Op::GE; break;
    case C::NE: break;
  }
  return key;
}

// Whether a filter reads a key attribute (not allowed in Query).
const std::string* KeyAttributeIn(const Condition& c, const TableDefinition& table) {
  for (const auto& o : c.operands) {
    if (o.kind == Operand::Kind::Value || o.path.empty()) continue;
    const std::string& name = o.path[0].name;
    if (name == table.key_schema.hash_key) return &table.key_schema.hash_key;
    if (table.key_schema.range_key && name == *table.key_schema.range_key) return &*table.key_schema.range_key;
  }
  for (const auto& child : c.children) {
    if (const std::string* found = KeyAttributeIn(child, table)) return found;
  }
  return nullptr;
}

}  // namespace

ReadPageResult Engine::Query(const QueryRequest& request, ConsumedCapacity* consumed) {
  TableDefinition table = ActiveTable(request.table_name);
  const KeyCondition key = ToKeyCondition(table, request.key_condition, request.key_condition_parameter);
  const std::string prefix = EncodeItemKey(table.id, key.hash, nullptr);
  auto [sort_lower, sort_upper] = SortKeyRange(key, table.key_schema.range_key.has_value());
  std::string lower = prefix + sort_lower;
  std::string upper = prefix + sort_upper;
  if (request.page.exclusive_start_key) {
    PrimaryKey start = KeyFromStartKey(table, *request.page.exclusive_start_key);
    if (!(start.hash == key.hash)) {
      throw ValidationError("The provided starting key is outside query boundaries based on provided conditions");
    }
    if (start.storage_key < lower || start.storage_key >= upper) {
      throw ValidationError("The provided starting key does not match the range key predicate");
    }
    if (request.scan_forward) {
      lower = std::max(lower, start.storage_key + '\0');
    } else {
      upper = std::min(upper, start.storage_key);
    }
  }
  if (request.page.filter) {
    if (const std::string* attribute = KeyAttributeIn(*request.page.filter, table)) {
      throw ValidationError(request.filter_parameter + " can only contain non-primary key attributes: Primary key "
                            "attribute: " + *attribute);
    }
  }
  CheckSelect(request.page, /*querying_index=*/false);
  ReadPageResult result = ReadRange(table, lower, upper, request.scan_forward, request.page, consumed);
  // A partition of a table without a sort key holds one item: there is never a next page.
  if (!table.key_schema.range_key) result.last_evaluated_key.reset();
  return result;
}

}  // namespace ddb
