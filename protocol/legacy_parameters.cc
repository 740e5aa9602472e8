#include "protocol/legacy_parameters.h"

#include <set>
#include <string>
#include <vector>

#include "engine/decimal.h"
#include "engine/error.h"
#include "protocol/attribute_json.h"
#include "protocol/constraints.h"

namespace ddb {
namespace {

Operand PathOperand(const std::string& attribute) {
  Operand o;
  o.kind = Operand::Kind::Path;
  o.path = {PathElement::Name(attribute)};
  return o;
}

Operand ValueOperand(AttributeValue v) {
  Operand o;
  o.kind = Operand::Kind::Value;
  o.value = std::move(v);
  return o;
}

Condition Function(Condition::Kind kind, const std::string& attribute) {
  Condition c;
  c.kind = kind;
  c.operands.push_back(PathOperand(attribute));
  return c;
}

Condition Compare(Condition::Comparator op, const std::string& attribute, AttributeValue v) {
  Condition c;
  c.kind = Condition::Kind::Comparison;
  c.comparator = op;
  c.operands = {PathOperand(attribute), ValueOperand(std::move(v))};
  return c;
}

Condition Negate(Condition c) {
  Condition n;
  n.kind = Condition::Kind::Not;
  n.children.push_back(std::move(c));
  return n;
}

[[noreturn]] void Invalid(const std::string& detail) { throw InvalidParameterError(detail); }

bool IsScalar(const AttributeValue& v) { return v.is_scalar_key_type(); }

// One Expected entry with a ComparisonOperator.
Condition CompareWithOperator(const std::string& attribute, const std::string& op, std::vector<AttributeValue> args) {
  struct Arity {
    const char* name;
    std::size_t min, max;
  };
  static const Arity kOperators[] = {
      {"EQ", 1, 1},          {"NE", 1, 1},       {"LE", 1, 1},      {"LT", 1, 1},       {"GE", 1, 1},
      {"GT", 1, 1},          {"NOT_NULL", 0, 0}, {"NULL", 0, 0},    {"CONTAINS", 1, 1}, {"NOT_CONTAINS", 1, 1},
      {"BEGINS_WITH", 1, 1}, {"IN", 1, 10000},   {"BETWEEN", 2, 2},
  };
  const Arity* arity = nullptr;
  for (const auto& a : kOperators) {
    if (op == a.name) arity = &a;
  }
  if (!arity) {
    ConstraintViolations v;
    v.Enum(op, "comparisonOperator",
           {"IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT", "NOT_NULL", "NE", "LE", "BEGINS_WITH", "GE",
            "CONTAINS"});
    v.ThrowIfAny();
  }
  if (args.size() < arity->min || args.size() > arity->max) {
    Invalid("Invalid number of argument(s) for the " + op + " ComparisonOperator");
  }
  auto require = [&](bool ok, const AttributeValue& v) {
    if (!ok) {
      Invalid("ComparisonOperator " + op + " is not valid for " + std::string(TypeName(v.type)) +
              " AttributeValue type");
    }
  };
  using C = Condition::Comparator;
  if (op == "EQ") return Compare(C::EQ, attribute, std::move(args[0]));
  if (op == "NE") return Compare(C::NE, attribute, std::move(args[0]));
  if (op == "NOT_NULL") return Function(Condition::Kind::AttributeExists, attribute);
  if (op == "NULL") return Function(Condition::Kind::AttributeNotExists, attribute);
  if (op == "LE" || op == "LT" || op == "GE" || op == "GT") {
    require(IsScalar(args[0]), args[0]);
    C c = op == "LE" ? C::LE : op == "LT" ? C::LT : op == "GE" ? C::GE : C::GT;
    return Compare(c, attribute, std::move(args[0]));
  }
  if (op == "CONTAINS" || op == "NOT_CONTAINS") {
    require(IsScalar(args[0]), args[0]);
    Condition c = Function(Condition::Kind::Contains, attribute);
    c.operands.push_back(ValueOperand(std::move(args[0])));
    if (op == "CONTAINS") return c;
    // NOT_CONTAINS is false for a missing attribute, unlike NOT contains().
    Condition both;
    both.kind = Condition::Kind::And;
    both.children.push_back(Function(Condition::Kind::AttributeExists, attribute));
    both.children.push_back(Negate(std::move(c)));
    return both;
  }
  if (op == "BEGINS_WITH") {
    require(args[0].type == ValueType::S || args[0].type == ValueType::B, args[0]);
    Condition c = Function(Condition::Kind::BeginsWith, attribute);
    c.operands.push_back(ValueOperand(std::move(args[0])));
    return c;
  }
  Condition c;
  c.operands.push_back(PathOperand(attribute));
  for (auto& a : args) {
    require(IsScalar(a), a);
    c.operands.push_back(ValueOperand(std::move(a)));
  }
  for (std::size_t i = 2; i < c.operands.size(); ++i) {
    if (c.operands[i].value.type != c.operands[1].value.type) {
      Invalid("AttributeValues inside AttributeValueList must be of same type");
    }
  }
  if (op == "IN") {
    c.kind = Condition::Kind::In;
    return c;
  }
  const AttributeValue& lo = c.operands[1].value;
  const AttributeValue& hi = c.operands[2].value;
  const bool inverted = lo.type == ValueType::N ? Decimal::Parse(lo.scalar).Compare(Decimal::Parse(hi.scalar)) > 0
                                                : lo.scalar > hi.scalar;
  if (inverted) {
    throw ValidationError(
        "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
  }
  c.kind = Condition::Kind::Between;
  return c;
}

}  // namespace

// Joins conditions with AND (or OR).
// One flat AND (or OR) node: however many entries a legacy map has, the tree
// stays two levels deep.
static Condition Join(std::vector<Condition> parts, bool any) {
  if (parts.size() == 1) return std::move(parts[0]);
  Condition joined;
  joined.kind = any ? Condition::Kind::Or : Condition::Kind::And;
  joined.children = std::move(parts);
  return joined;
}

std::optional<Condition> ParseLegacyConditions(const JsonValue& request, const char* member,
                                               bool use_conditional_operator) {
  const JsonValue* map = Member(request, member);
  if (!map) {
    if (use_conditional_operator && Member(request, "ConditionalOperator")) {
      throw ValidationError("ConditionalOperator cannot be used without Filter or Expected");
    }
    return std::nullopt;
  }
  ExpectObject(*map);
  std::vector<Condition> parts;
  for (auto it = map->MemberBegin(); it != map->MemberEnd(); ++it) {
    const std::string attribute(it->name.GetString(), it->name.GetStringLength());
    ExpectObject(it->value, "Condition");
    auto op = StringMember(it->value, "ComparisonOperator");
    std::vector<AttributeValue> list;
    if (const JsonValue* values = ArrayMember(it->value, "AttributeValueList")) {
      for (const auto& v : values->GetArray()) list.push_back(ParseAttributeValue(v));
    }
    parts.push_back(CompareWithOperator(attribute, op.value_or("EQ"), std::move(list)));
  }
  if (parts.empty()) return std::nullopt;
  auto conditional_operator = use_conditional_operator ? StringMember(request, "ConditionalOperator") : std::nullopt;
  if (conditional_operator && parts.size() < 2) {
    throw ValidationError("ConditionalOperator can only be used when Filter or Expected has two or more elements");
  }
  return Join(std::move(parts), conditional_operator && *conditional_operator == "OR");
}

std::optional<Condition> ParseExpected(const JsonValue& request) {
  const JsonValue* expected = Member(request, "Expected");
  auto conditional_operator = StringMember(request, "ConditionalOperator");
  if (!expected) {
    if (conditional_operator) throw ValidationError("ConditionalOperator cannot be used without Filter or Expected");
    return std::nullopt;
  }
  ExpectObject(*expected);
  if (conditional_operator && expected->MemberCount() < 2) {
    throw ValidationError("ConditionalOperator can only be used when Filter or Expected has two or more elements");
  }
  std::vector<Condition> parts;
  for (auto it = expected->MemberBegin(); it != expected->MemberEnd(); ++it) {
    const std::string attribute(it->name.GetString(), it->name.GetStringLength());
    const JsonValue& entry = it->value;
    ExpectObject(entry, "ExpectedAttributeValue");
    auto exists = BoolMember(entry, "Exists");
    const JsonValue* value_json = Member(entry, "Value");
    const JsonValue* list_json = ArrayMember(entry, "AttributeValueList");
    auto op = StringMember(entry, "ComparisonOperator");
    std::optional<AttributeValue> value;
    if (value_json) value = ParseAttributeValue(*value_json);
    std::vector<AttributeValue> list;
    if (list_json) {
      for (const auto& v : list_json->GetArray()) list.push_back(ParseAttributeValue(v));
    }
    if (value && list_json) Invalid("Value and AttributeValueList cannot be used together for Attribute: " + attribute);
    if (op) {
      if (exists) Invalid("Exists and ComparisonOperator cannot be used together for Attribute: " + attribute);
      if (!value && !list_json && *op != "NULL" && *op != "NOT_NULL") {
        Invalid("Value or AttributeValueList must be used with ComparisonOperator: " + *op +
                " for Attribute: " + attribute);
      }
      if (value) list.insert(list.begin(), *value);
      parts.push_back(CompareWithOperator(attribute, *op, std::move(list)));
      continue;
    }
    if (list_json) Invalid("AttributeValueList can only be used with a ComparisonOperator for Attribute: " + attribute);
    if (exists && !*exists) {
      if (value) Invalid("Value cannot be used when Exists is false for Attribute: " + attribute);
      parts.push_back(Function(Condition::Kind::AttributeNotExists, attribute));
      continue;
    }
    if (!value) {
      Invalid(std::string("Value must be provided when Exists is ") + (exists ? "true" : "null") +
              " for Attribute: " + attribute);
    }
    parts.push_back(Compare(Condition::Comparator::EQ, attribute, std::move(*value)));
  }
  if (parts.empty()) return std::nullopt;
  return Join(std::move(parts), conditional_operator && *conditional_operator == "OR");
}

Condition ParseLegacyKeyConditions(const JsonValue& request, std::size_t max_conditions) {
  const JsonValue* map = Member(request, "KeyConditions");
  ExpectObject(*map);
  if (map->MemberCount() < 1 || map->MemberCount() > max_conditions) {
    throw ValidationError("Conditions can be of length 1 or 2 only");
  }
  std::vector<Condition> parts;
  for (auto it = map->MemberBegin(); it != map->MemberEnd(); ++it) {
    const std::string attribute(it->name.GetString(), it->name.GetStringLength());
    ExpectObject(it->value, "Condition");
    const std::string op = StringMember(it->value, "ComparisonOperator").value_or("EQ");
    std::vector<AttributeValue> list;
    if (const JsonValue* values = ArrayMember(it->value, "AttributeValueList")) {
      for (const auto& v : values->GetArray()) list.push_back(ParseAttributeValue(v));
    }
    const bool indexable =
        op == "EQ" || op == "LE" || op == "LT" || op == "GE" || op == "GT" || op == "BEGINS_WITH" || op == "BETWEEN";
    if (!indexable) throw ValidationError("Attempted conditional constraint is not an indexable operation");
    if (list.size() != (op == "BETWEEN" ? 2u : 1u)) {
      throw ValidationError("The attempted filter operation is not supported for the provided filter argument count");
    }
    parts.push_back(CompareWithOperator(attribute, op, std::move(list)));
  }
  return Join(std::move(parts), /*any=*/false);
}

std::vector<DocumentPath> ParseAttributesToGet(const JsonValue& names) {
  std::vector<DocumentPath> paths;
  std::set<std::string> seen;
  for (const auto& name : names.GetArray()) {
    ExpectString(name);
    std::string text(name.GetString(), name.GetStringLength());
    if (!seen.insert(text).second) throw InvalidParameterError("Duplicate value in attribute name: " + text);
    paths.push_back({PathElement::Name(std::move(text))});
  }
  return paths;
}

UpdateExpression ParseAttributeUpdates(const JsonValue& request) {
  UpdateExpression update;
  const JsonValue* updates = Member(request, "AttributeUpdates");
  if (!updates) return update;
  ExpectObject(*updates);
  for (auto it = updates->MemberBegin(); it != updates->MemberEnd(); ++it) {
    const std::string attribute(it->name.GetString(), it->name.GetStringLength());
    ExpectObject(it->value, "AttributeValueUpdate");
    const std::string action = StringMember(it->value, "Action").value_or("PUT");
    const JsonValue* value_json = Member(it->value, "Value");
    UpdateAction a;
    a.path = {PathElement::Name(attribute)};
    if (!value_json) {
      if (action != "DELETE") Invalid("Only DELETE action is allowed when no attribute value is specified");
      a.kind = UpdateAction::Kind::Remove;
      update.actions.push_back(std::move(a));
      continue;
    }
    AttributeValue value = ParseAttributeValue(*value_json);
    if (action == "PUT") {
      a.kind = UpdateAction::Kind::Set;
      a.value.kind = UpdateValue::Kind::Operand;
      a.value.operand = ValueOperand(std::move(value));
    } else if (action == "ADD" && value.type == ValueType::L) {
      // Legacy ADD of a list appends to it (creating it when missing).
      UpdateValue existing;
      existing.kind = UpdateValue::Kind::IfNotExists;
      UpdateValue path;
      path.operand = PathOperand(attribute);
      UpdateValue empty;
      AttributeValue empty_list;
      empty_list.type = ValueType::L;
      empty.operand = ValueOperand(std::move(empty_list));
      existing.args = {path, empty};
      UpdateValue added;
      added.operand = ValueOperand(std::move(value));
      a.kind = UpdateAction::Kind::Set;
      a.value.kind = UpdateValue::Kind::ListAppend;
      a.value.args = {existing, added};
    } else if (action == "ADD") {
      if (value.type != ValueType::N && !value.is_set()) {
        Invalid("ADD action is not supported for the type " + std::string(TypeName(value.type)));
      }
      a.kind = UpdateAction::Kind::Add;
      a.operand = std::move(value);
    } else {
      if (!value.is_set())
        Invalid("DELETE action with value is not supported for the type " + std::string(TypeName(value.type)));
      a.kind = UpdateAction::Kind::Delete;
      a.operand = std::move(value);
    }
    a.legacy = true;
    update.actions.push_back(std::move(a));
  }
  return update;
}

}  // namespace ddb
