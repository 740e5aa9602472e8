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

[[noreturn]] void InvalidKeyCondition(const std::string& parameter, const std::string& detail) {
  throw ValidationError("Invalid " + parameter + ": " + detail);
}

// The predicates of a conjunction, in order; anything else is not a key condition.
void Conjuncts(const Condition& c, const std::string& parameter, std::vector<const Condition*>& out) {
  using K = Condition::Kind;
  switch (c.kind) {
    case K::And:
      Conjuncts(c.children[0], parameter, out);
      Conjuncts(c.children[1], parameter, out);
      return;
    case K::Or: InvalidKeyCondition(parameter, "Invalid operator used in KeyConditionExpression: OR");
    case K::Not: InvalidKeyCondition(parameter, "Invalid operator used in KeyConditionExpression: NOT");
    case K::In: InvalidKeyCondition(parameter, "Invalid operator used in KeyConditionExpression: IN");
    case K::AttributeExists:
      InvalidKeyCondition(parameter, "Invalid operator used in KeyConditionExpression: attribute_exists");
    case K::AttributeNotExists:
      InvalidKeyCondition(parameter, "Invalid operator used in KeyConditionExpression: attribute_not_exists");
    case K::AttributeType:
      InvalidKeyCondition(parameter, "Invalid operator used in KeyConditionExpression: attribute_type");
    case K::Contains: InvalidKeyCondition(parameter, "Invalid operator used in KeyConditionExpression: contains");
    default: out.push_back(&c);
  }
}

// Turns a parsed key condition into a partition value and a sort-key range,
// with DynamoDB's errors for conditions a Query cannot use.
KeyCondition ToKeyCondition(const TableDefinition& table, const Condition& condition, const std::string& parameter) {
  using Op = KeyCondition::SortOp;
  std::vector<const Condition*> parts;
  Conjuncts(condition, parameter, parts);
  KeyCondition key;
  bool have_hash = false, have_sort = false;
  for (const Condition* c : parts) {
    // The attribute side must be a top-level attribute; the other a value.
    const Operand& first = c->operands[0];
    if (c->kind == Condition::Kind::Comparison && c->comparator == Condition::Comparator::NE) {
      InvalidKeyCondition(parameter, "Invalid operator used in KeyConditionExpression: <>");
    }
    if (first.kind != Operand::Kind::Path || first.path.size() != 1) {
      InvalidKeyCondition(parameter, "The left-hand side of the key condition must be a key attribute name");
    }
    for (std::size_t i = 1; i < c->operands.size(); ++i) {
      if (c->operands[i].kind != Operand::Kind::Value) {
        InvalidKeyCondition(parameter, "The right-hand side of a key condition must be a value");
      }
    }
    const std::string& attribute = first.path[0].name;
    const bool is_hash = attribute == table.key_schema.hash_key;
    const bool is_sort = table.key_schema.range_key && attribute == *table.key_schema.range_key;
    if (!is_hash && !is_sort) throw ValidationError("Query condition missed key schema element");
    if ((is_hash && have_hash) || (is_sort && have_sort)) {
      InvalidKeyCondition(parameter, "KeyConditionExpressions must only contain one condition per key");
    }
    const ValueType expected = *table.AttributeType(attribute);
    for (std::size_t i = 1; i < c->operands.size(); ++i) {
      if (c->operands[i].value.type != expected) {
        throw InvalidParameterError("Condition parameter type does not match schema type");
      }
    }
    if (is_hash) {
      if (c->kind != Condition::Kind::Comparison || c->comparator != Condition::Comparator::EQ) {
        throw ValidationError("Query key condition not supported");
      }
      key.hash = c->operands[1].value;
      have_hash = true;
      continue;
    }
    have_sort = true;
    key.sort_value = c->operands[1].value;
    if (c->kind == Condition::Kind::Between) {
      key.sort_op = Op::Between;
      key.sort_upper = c->operands[2].value;
    } else if (c->kind == Condition::Kind::BeginsWith) {
      key.sort_op = Op::BeginsWith;
    } else {
      using C = Condition::Comparator;
      switch (c->comparator) {
        case C::EQ: key.sort_op = Op::EQ; break;
        case C::LT: key.sort_op = Op::LT; break;
        case C::LE: key.sort_op = Op::LE; break;
        case C::GT: key.sort_op = Op::GT; break;
        case C::GE: key.sort_op = Op::GE; break;
        case C::NE: break;
      }
    }
  }
  if (!have_hash) throw ValidationError("Query condition missed key schema element: " + table.key_schema.hash_key);
  return key;
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
    PrimaryKey start = KeyFromKeyParameter(table, *request.page.exclusive_start_key);
    if (!(start.hash == key.hash)) {
      throw ValidationError("The provided starting key is outside query boundaries based on provided conditions");
    }
    if (request.scan_forward) {
      lower = std::max(lower, start.storage_key + '\0');
    } else {
      upper = std::min(upper, start.storage_key);
    }
  }
  return ReadRange(table, lower, upper, request.scan_forward, request.page, consumed);
}

}  // namespace ddb
