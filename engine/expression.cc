#include "engine/expression.h"

#include <algorithm>
#include <map>

#include "engine/decimal.h"

namespace ddb {

const AttributeValue* ResolvePath(const Item& item, const DocumentPath& path) {
  if (path.empty() || path[0].is_index()) return nullptr;
  auto it = item.find(path[0].name);
  if (it == item.end()) return nullptr;
  const AttributeValue* current = &it->second;
  for (std::size_t i = 1; i < path.size(); ++i) {
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

namespace {

// Characters of a UTF-8 string counted as UTF-16 code units, the length
// DynamoDB's size() reports for strings.
std::size_t Utf16Length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) n += (c >= 0xF0) ? 2 : 1;  // a lead byte; 4-byte sequences are surrogate pairs
  }
  return n;
}

// An operand's value during evaluation; `owned` holds computed values (size()).
// An operand's value during evaluation. A computed value (size()) is held
// here, so `get()` stays valid however the Resolved is moved.
struct Resolved {
  const AttributeValue* ref = nullptr;
  std::optional<AttributeValue> owned;
  const AttributeValue* get() const { return owned ? &*owned : ref; }
};

Resolved ResolveOperand(const Operand& operand, const Item& item) {
  Resolved r;
  switch (operand.kind) {
    case Operand::Kind::Value: r.ref = &operand.value; break;
    case Operand::Kind::Path: r.ref = ResolvePath(item, operand.path); break;
    case Operand::Kind::Size: {
      const AttributeValue* v = operand.path.empty() ? &operand.value : ResolvePath(item, operand.path);
      if (!v) break;
      std::size_t n;
      switch (v->type) {
        case ValueType::S: n = Utf16Length(v->scalar); break;
        case ValueType::B: n = v->scalar.size(); break;
        case ValueType::SS:
        case ValueType::NS:
        case ValueType::BS: n = v->set.size(); break;
        case ValueType::L: n = v->list.size(); break;
        case ValueType::M: n = v->map.size(); break;
        default: return r;  // size() of N, BOOL or NULL is no value
      }
      r.owned = AttributeValue::Number(std::to_string(n));
      break;
    }
  }
  return r;
}

// Orders two values of one scalar type; nullopt when they cannot be ordered.
std::optional<int> Order(const AttributeValue& a, const AttributeValue& b) {
  if (a.type != b.type) return std::nullopt;
  switch (a.type) {
    case ValueType::N: return Decimal::Parse(a.scalar).Compare(Decimal::Parse(b.scalar));
    case ValueType::S:
    case ValueType::B: {
      int c = a.scalar.compare(b.scalar);  // std::string compares as unsigned bytes
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    default: return std::nullopt;
  }
}

bool Compare(Condition::Comparator op, const AttributeValue* a, const AttributeValue* b) {
  using C = Condition::Comparator;
  if (op == C::EQ) return a && b && *a == *b;
  if (op == C::NE) return !(a && b && *a == *b);
  if (!a || !b) return false;
  auto order = Order(*a, *b);
  if (!order) return false;
  switch (op) {
    case C::LT: return *order < 0;
    case C::LE: return *order <= 0;
    case C::GT: return *order > 0;
    case C::GE: return *order >= 0;
    default: return false;
  }
}

bool Contains(const AttributeValue& haystack, const AttributeValue& needle) {
  switch (haystack.type) {
    case ValueType::S:
    case ValueType::B: return needle.type == haystack.type && haystack.scalar.find(needle.scalar) != std::string::npos;
    case ValueType::SS:
    case ValueType::NS:
    case ValueType::BS: {
      const ValueType member_type = haystack.type == ValueType::SS   ? ValueType::S
                                    : haystack.type == ValueType::NS ? ValueType::N
                                                                     : ValueType::B;
      if (needle.type != member_type) return false;
      return std::find(haystack.set.begin(), haystack.set.end(), needle.scalar) != haystack.set.end();
    }
    case ValueType::L: return std::find(haystack.list.begin(), haystack.list.end(), needle) != haystack.list.end();
    default: return false;
  }
}

}  // namespace

bool Evaluate(const Condition& c, const Item& item) {
  using K = Condition::Kind;
  switch (c.kind) {
    case K::And:
      return std::all_of(c.children.begin(), c.children.end(), [&](const Condition& x) { return Evaluate(x, item); });
    case K::Or:
      return std::any_of(c.children.begin(), c.children.end(), [&](const Condition& x) { return Evaluate(x, item); });
    case K::Not: return !Evaluate(c.children[0], item);
    case K::Comparison: {
      Resolved a = ResolveOperand(c.operands[0], item);
      Resolved b = ResolveOperand(c.operands[1], item);
      return Compare(c.comparator, a.get(), b.get());
    }
    case K::Between: {
      Resolved v = ResolveOperand(c.operands[0], item);
      Resolved lo = ResolveOperand(c.operands[1], item);
      Resolved hi = ResolveOperand(c.operands[2], item);
      return Compare(Condition::Comparator::GE, v.get(), lo.get()) &&
             Compare(Condition::Comparator::LE, v.get(), hi.get());
    }
    case K::In: {
      Resolved v = ResolveOperand(c.operands[0], item);
      if (!v.get()) return false;
      for (std::size_t i = 1; i < c.operands.size(); ++i) {
        Resolved candidate = ResolveOperand(c.operands[i], item);
        if (candidate.get() && *candidate.get() == *v.get()) return true;
      }
      return false;
    }
    case K::AttributeExists: return ResolvePath(item, c.operands[0].path) != nullptr;
    case K::AttributeNotExists: return ResolvePath(item, c.operands[0].path) == nullptr;
    case K::AttributeType: {
      Resolved r = ResolveOperand(c.operands[0], item);
      const AttributeValue* v = r.get();
      Resolved t = ResolveOperand(c.operands[1], item);
      return v && t.get() && t.get()->type == ValueType::S && TypeName(v->type) == t.get()->scalar;
    }
    case K::BeginsWith: {
      Resolved v = ResolveOperand(c.operands[0], item);
      Resolved prefix = ResolveOperand(c.operands[1], item);
      if (!v.get() || !prefix.get() || v.get()->type != prefix.get()->type) return false;
      if (v.get()->type != ValueType::S && v.get()->type != ValueType::B) return false;
      return v.get()->scalar.compare(0, prefix.get()->scalar.size(), prefix.get()->scalar) == 0;
    }
    case K::Contains: {
      Resolved v = ResolveOperand(c.operands[0], item);
      Resolved needle = ResolveOperand(c.operands[1], item);
      return v.get() && needle.get() && Contains(*v.get(), *needle.get());
    }
  }
  return false;
}

namespace {

// The shape of a projection: which parts of a value to keep.
struct ProjectionNode {
  bool whole = false;
  std::map<std::string, ProjectionNode> fields;
  std::map<std::size_t, ProjectionNode> elements;
};

void AddPath(ProjectionNode& node, const DocumentPath& path, std::size_t step) {
  if (step == path.size()) {
    node.whole = true;
    return;
  }
  const PathElement& e = path[step];
  ProjectionNode& child = e.is_index() ? node.elements[*e.index] : node.fields[e.name];
  AddPath(child, path, step + 1);
}

std::optional<AttributeValue> Extract(const AttributeValue& value, const ProjectionNode& node) {
  if (node.whole) return value;
  if (value.type == ValueType::M && !node.fields.empty()) {
    AttributeValue out;
    out.type = ValueType::M;
    for (const auto& [name, child] : node.fields) {
      auto it = value.map.find(name);
      if (it == value.map.end()) continue;
      if (auto v = Extract(it->second, child)) out.map.emplace(name, std::move(*v));
    }
    if (out.map.empty()) return std::nullopt;
    return out;
  }
  if (value.type == ValueType::L && !node.elements.empty()) {
    AttributeValue out;
    out.type = ValueType::L;
    for (const auto& [index, child] : node.elements) {
      if (index >= value.list.size()) continue;
      if (auto v = Extract(value.list[index], child)) out.list.push_back(std::move(*v));
    }
    if (out.list.empty()) return std::nullopt;
    return out;
  }
  return std::nullopt;
}

}  // namespace

Item Project(const Item& item, const std::vector<DocumentPath>& paths) {
  ProjectionNode root;
  for (const auto& p : paths) AddPath(root, p, 0);
  Item out;
  for (const auto& [name, node] : root.fields) {
    auto it = item.find(name);
    if (it == item.end()) continue;
    if (auto v = Extract(it->second, node)) out.emplace(name, std::move(*v));
  }
  return out;
}

}  // namespace ddb
