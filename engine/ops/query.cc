// Query: one partition of the table or of an index, a sort-key range, in
// either direction. The range is turned into storage-key bounds, so items
// come straight from the iterator in DynamoDB's order and nothing is sorted
// in memory.
#include <vector>

#include "engine/engine.h"
#include "engine/engine_impl.h"
#include "engine/error.h"
#include "engine/index_entries.h"
#include "engine/key_codec.h"
#include "engine/key_paths.h"
#include "engine/primary_key.h"
#include "engine/read_path.h"

namespace ddb {

namespace {

// The key attributes a Query addresses: the table's, or an index's (which
// may have several of each for multi-attribute GSI keys).
struct KeyShape {
  std::vector<std::string> hash_keys;
  std::vector<std::string> range_keys;

  static KeyShape Of(const TableDefinition& table, const SecondaryIndex* index) {
    if (index) return {index->hash_keys, index->range_keys};
    KeyShape shape{{table.key_schema.hash_key}, {}};
    if (table.key_schema.range_key) shape.range_keys.push_back(*table.key_schema.range_key);
    return shape;
  }
  bool single() const { return hash_keys.size() == 1 && range_keys.size() <= 1; }
  int HashPosition(const std::string& a) const { return Position(hash_keys, a); }
  int RangePosition(const std::string& a) const { return Position(range_keys, a); }
  bool IsKey(const std::string& a) const { return HashPosition(a) >= 0 || RangePosition(a) >= 0; }

 private:
  static int Position(const std::vector<std::string>& v, const std::string& a) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i] == a) return static_cast<int>(i);
    }
    return -1;
  }
};

// A Query's key condition: the partition key values, equality on leading
// sort attributes (multi-attribute keys), and at most one condition on the
// next sort attribute.
struct KeyCondition {
  enum class SortOp { None, EQ, LT, LE, GT, GE, Between, BeginsWith };
  std::vector<AttributeValue> hash;
  std::vector<AttributeValue> sort_equal;
  SortOp sort_op = SortOp::None;
  AttributeValue sort_value;  // the operand; BETWEEN's lower bound
  AttributeValue sort_upper;  // BETWEEN's upper bound
};

[[noreturn]] void InvalidOperator(const char* op) {
  throw ValidationError(std::string("Invalid operator used in KeyConditionExpression: ") + op);
}

// The predicates of a conjunction, in order; anything else is not a key condition.
void Conjuncts(const Condition& c, std::vector<const Condition*>& out) {
  using K = Condition::Kind;
  switch (c.kind) {
    case K::And:
      for (const auto& child : c.children) Conjuncts(child, out);
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

bool IsEquality(const Condition& c) {
  return c.kind == Condition::Kind::Comparison && c.comparator == Condition::Comparator::EQ;
}

// The predicates with their key attribute, after DynamoDB's structural checks.
std::vector<KeyPredicate> KeyPredicates(const KeyShape& shape, const Condition& condition,
                                        const std::string& parameter) {
  std::vector<const Condition*> parts;
  Conjuncts(condition, parts);
  std::vector<KeyPredicate> predicates;
  for (const Condition* c : parts) {
    if (c->kind == Condition::Kind::Comparison && c->comparator == Condition::Comparator::NE) {
      throw ValidationError("Invalid operator used in KeyConditionExpression: <>");
    }
    KeyPredicate p{c, {}};
    int names = 0;
    for (std::size_t i = 0; i < c->operands.size(); ++i) {
      const Operand& o = c->operands[i];
      if (o.kind == Operand::Kind::Size)
        throw ValidationError("KeyConditionExpressions cannot contain nested operations");
      if (o.kind != Operand::Kind::Path) continue;
      ++names;
      const std::string& name = o.path[0].name;
      if (o.path.size() > 1) {
        if (shape.IsKey(name)) {
          throw KeyPathNotScalar(name, /*index_key=*/false);
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
  return predicates;
}

// Value types against the schema, then no empty key values.
void CheckKeyValues(const TableDefinition& table, const SecondaryIndex* index, const KeyPredicate& p) {
  const ValueType expected = table.KeyAttributeType(p.attribute);
  for (const auto& o : p.condition->operands) {
    if (o.kind == Operand::Kind::Value && o.value.type != expected) {
      throw InvalidParameterError("Condition parameter type does not match schema type");
    }
  }
  for (const auto& o : p.condition->operands) {
    if (o.kind == Operand::Kind::Value && o.value.type != ValueType::N && o.value.scalar.empty()) {
      if (index) {
        throw EmptyIndexKeyValue(index->name, p.attribute, expected);
      }
      throw EmptyKeyValue(p.attribute, expected);
    }
  }
}

void SetSortCondition(KeyCondition& key, const KeyPredicate& p) {
  using Op = KeyCondition::SortOp;
  const Condition& c = *p.condition;
  if (c.kind == Condition::Kind::Between) {
    key.sort_op = Op::Between;
    key.sort_value = c.operands[1].value;
    key.sort_upper = c.operands[2].value;
    return;
  }
  if (c.kind == Condition::Kind::BeginsWith) {
    key.sort_op = Op::BeginsWith;
    key.sort_value = c.operands[1].value;
    return;
  }
  key.sort_value = c.operands[p.reversed ? 0 : 1].value;
  using C = Condition::Comparator;
  const bool r = p.reversed;  // ":v < sk" is "sk > :v"
  switch (c.comparator) {
    case C::EQ: key.sort_op = Op::EQ; break;
    case C::LT: key.sort_op = r ? Op::GT : Op::LT; break;
    case C::LE: key.sort_op = r ? Op::GE : Op::LE; break;
    case C::GT: key.sort_op = r ? Op::LT : Op::GT; break;
    case C::GE: key.sort_op = r ? Op::LE : Op::GE; break;
    case C::NE: break;
  }
}

// Turns a parsed key condition into partition values and a sort-key range.
// Structure is checked first, then value types, as DynamoDB does.
KeyCondition ToKeyCondition(const TableDefinition& table, const SecondaryIndex* index, const KeyShape& shape,
                            const Condition& condition, const std::string& parameter) {
  std::vector<KeyPredicate> predicates = KeyPredicates(shape, condition, parameter);
  std::vector<const KeyPredicate*> hash(shape.hash_keys.size(), nullptr);
  std::vector<const KeyPredicate*> sort(shape.range_keys.size(), nullptr);
  bool other = false;
  for (const auto& p : predicates) {
    const int h = shape.HashPosition(p.attribute);
    const int s = shape.RangePosition(p.attribute);
    if ((h >= 0 && hash[h]) || (s >= 0 && sort[s])) {
      throw ValidationError("KeyConditionExpressions must only contain one condition per key");
    }
    if (h >= 0)
      hash[h] = &p;
    else if (s >= 0)
      sort[s] = &p;
    else
      other = true;
  }
  const std::size_t max_conditions = shape.hash_keys.size() + std::max<std::size_t>(shape.range_keys.size(), 1);
  if (shape.single() && predicates.size() > 2) throw ValidationError("Conditions can be of length 1 or 2 only");
  if (!shape.single() && predicates.size() > max_conditions) {
    throw ValidationError("Conditions can be of length 1 to " + std::to_string(max_conditions) + " only");
  }
  if (shape.single() && shape.range_keys.empty() && predicates.size() == 2 && hash[0]) {
    throw ValidationError("Query key condition not supported");
  }
  for (std::size_t i = 0; i < hash.size(); ++i) {
    if (!hash[i]) throw ValidationError("Query condition missed key schema element: " + shape.hash_keys[i]);
  }
  if (other) {
    throw ValidationError("Query condition missed key schema element: " +
                          (shape.range_keys.empty() ? shape.hash_keys[0] : shape.range_keys[0]));
  }
  for (const KeyPredicate* p : hash) {
    if (!IsEquality(*p->condition)) throw ValidationError("Query key condition not supported");
  }
  // Multi-attribute sort keys: conditions on a left prefix of the sort
  // attributes, every one but the last an equality.
  std::size_t used = 0;
  while (used < sort.size() && sort[used]) ++used;
  for (std::size_t i = used; i < sort.size(); ++i) {
    if (sort[i]) {
      throw ValidationError("Query condition missed key schema element: " + shape.range_keys[used]);
    }
  }
  for (std::size_t i = 0; i + 1 < used; ++i) {
    if (!IsEquality(*sort[i]->condition)) {
      throw ValidationError(
          "Query key condition not supported: only the last sort key attribute in the condition "
          "may use an inequality. Sort key attribute: " +
          shape.range_keys[i]);
    }
  }
  if (!shape.single()) {
    // Multi-attribute keys: begins_with only on S and B attributes (AWS text
    // not published; docs/index-messages.md §8).
    for (std::size_t i = 0; i < used; ++i) {
      if (sort[i]->condition->kind == Condition::Kind::BeginsWith &&
          table.KeyAttributeType(sort[i]->attribute) == ValueType::N) {
        throw ValidationError(
            "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: begins_with, operand type: N");
      }
    }
  }
  for (const KeyPredicate* p : hash) CheckKeyValues(table, index, *p);
  for (std::size_t i = 0; i < used; ++i) CheckKeyValues(table, index, *sort[i]);

  KeyCondition key;
  for (const KeyPredicate* p : hash) key.hash.push_back(p->condition->operands[p->reversed ? 0 : 1].value);
  for (std::size_t i = 0; i + 1 < used; ++i) {
    key.sort_equal.push_back(sort[i]->condition->operands[sort[i]->reversed ? 0 : 1].value);
  }
  if (used > 0) SetSortCondition(key, *sort[used - 1]);
  return key;
}

// Storage-key bounds [lower, upper) of a key condition. Base-table sort keys
// end the storage key; index sort attributes are prefix-free and followed by
// more bytes, so "all keys with this value" is a prefix range there.
std::pair<std::string, std::string> KeyBounds(const TableDefinition& table, const SecondaryIndex* index,
                                              const KeyCondition& k) {
  using Op = KeyCondition::SortOp;
  std::string prefix;
  if (index) {
    std::vector<const AttributeValue*> partition;
    for (const auto& v : k.hash) partition.push_back(&v);
    prefix = EncodeIndexPartition(index->id, partition);
    for (const auto& v : k.sort_equal) prefix += EncodeIndexSortAttribute(v);
  } else {
    prefix = EncodeItemKey(table.id, k.hash[0], nullptr);
  }
  const std::string end = PrefixSuccessor(prefix);
  auto encode = [&](const AttributeValue& v) {
    return prefix + (index ? EncodeIndexSortAttribute(v) : EncodeSortKey(v));
  };
  // The first key after every key whose sort value is `v`.
  auto after = [&](const AttributeValue& v) { return index ? PrefixSuccessor(encode(v)) : encode(v) + '\0'; };
  switch (k.sort_op) {
    case Op::None: return {prefix, end};
    case Op::EQ: return {encode(k.sort_value), after(k.sort_value)};
    case Op::LT: return {prefix, encode(k.sort_value)};
    case Op::LE: return {prefix, after(k.sort_value)};
    case Op::GT: return {after(k.sort_value), end};
    case Op::GE: return {encode(k.sort_value), end};
    case Op::Between: return {encode(k.sort_value), after(k.sort_upper)};
    case Op::BeginsWith: {
      std::string start = prefix + (index ? EncodeIndexSortPrefix(k.sort_value) : EncodeSortKey(k.sort_value));
      std::string stop = PrefixSuccessor(start);
      return {start, stop.empty() ? end : stop};
    }
  }
  return {prefix, end};
}

// A filter attribute that Query does not allow: a key attribute of the table
// (Query on the table) or of the index.
const std::string* KeyAttributeIn(const Condition& c, const KeyShape& shape) {
  for (const auto& o : c.operands) {
    if (o.kind == Operand::Kind::Value || o.path.empty()) continue;
    const std::string& name = o.path[0].name;
    if (int h = shape.HashPosition(name); h >= 0) return &shape.hash_keys[h];
    if (int s = shape.RangePosition(name); s >= 0) return &shape.range_keys[s];
  }
  for (const auto& child : c.children) {
    if (const std::string* found = KeyAttributeIn(child, shape)) return found;
  }
  return nullptr;
}

}  // namespace

ReadPageResult Engine::Query(const QueryRequest& request, ConsumedCapacity* consumed) {
  const auto definition = impl_->ActiveTable(request.table_name);
  const TableDefinition& table = *definition;
  const SecondaryIndex* index = ReadableIndex(table, request.page);
  const KeyShape shape = KeyShape::Of(table, index);
  const KeyCondition key = ToKeyCondition(table, index, shape, request.key_condition, request.key_condition_parameter);
  auto [lower, upper] = KeyBounds(table, index, key);
  if (request.page.exclusive_start_key) {
    const std::string start = StartKey(table, index, *request.page.exclusive_start_key);
    KeyCondition whole_partition;
    whole_partition.hash = key.hash;
    const std::string partition =
        index ? KeyBounds(table, index, whole_partition).first : EncodeItemKey(table.id, key.hash[0], nullptr);
    if (start.compare(0, partition.size(), partition) != 0) {
      throw ValidationError("The provided starting key is outside query boundaries based on provided conditions");
    }
    if (start < lower || start >= upper) {
      throw ValidationError("The provided starting key does not match the range key predicate");
    }
    if (request.scan_forward) {
      lower = std::max(lower, start + '\0');
    } else {
      upper = std::min(upper, start);
    }
  }
  if (request.page.filter && !request.filter_may_name_keys) {
    // Only the key attributes of what is queried are off limits (a table's
    // sort key may be filtered in a Query on an index, and vice versa).
    if (const std::string* attribute = KeyAttributeIn(*request.page.filter, shape)) {
      throw ValidationError(request.filter_parameter +
                            " can only contain non-primary key attributes: Primary key "
                            "attribute: " +
                            *attribute);
    }
  }
  CheckNestedKeyPaths(table, request.page.projection, request.page.filter);
  CheckIndexProjection(table, index, request.page, /*query=*/true);
  // A Query reads one partition of the table (LSIs share it) or of a GSI.
  CapacityTouch touch = TableTouch(key.hash[0], false);
  if (index && index->global) {
    std::vector<const AttributeValue*> partition_key;
    for (const auto& value : key.hash) partition_key.push_back(&value);
    touch = {index, false, IndexPartitionHash(partition_key), nullptr, CapacityKeyLabel(partition_key)};
  }
  const bool charge = impl_->capacity.Admit(table, touch);
  ConsumedCapacity units;
  if (!consumed) consumed = &units;
  ReadPageResult result =
      ReadRange(impl_->storage, table, index, lower, upper, request.scan_forward, request.page, consumed);
  if (charge) impl_->capacity.Charge(table, touch, consumed->total());
  // A partition of a table without a sort key holds one item: there is never a next page.
  if (!index && !table.key_schema.range_key) result.last_evaluated_key.reset();
  return result;
}

}  // namespace ddb
