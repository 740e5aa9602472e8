// The recursive-descent parser of condition, update and projection
// expressions, with the checks DynamoDB makes while parsing.
#include "protocol/expression_grammar.h"

#include <algorithm>

#include "engine/decimal.h"
#include "engine/error.h"
#include "protocol/base64.h"
#include "protocol/expression_context.h"
#include "protocol/expression_lexer.h"
#include "protocol/reserved_words.h"
#include "protocol/text.h"

namespace ddb {
namespace {

constexpr std::size_t kMaxExpressionBytes = 4096;
constexpr std::size_t kMaxOperators = 300;
constexpr std::size_t kMaxInOperands = 100;

// How DynamoDB names types in some update-expression messages.
std::string_view LongTypeName(ValueType type) {
  switch (type) {
    case ValueType::S: return "STRING";
    case ValueType::N: return "NUMBER";
    case ValueType::B: return "BINARY";
    case ValueType::BOOL: return "BOOLEAN";
    case ValueType::NUL: return "NULL";
    case ValueType::M: return "MAP";
    case ValueType::L: return "LIST";
    case ValueType::SS: return "STRING_SET";
    case ValueType::NS: return "NUMBER_SET";
    case ValueType::BS: return "BINARY_SET";
  }
  return "";
}

class Parser {
 public:
  Parser(std::string_view source, const char* parameter, ExpressionContext& context)
      : source_(source), parameter_(parameter), context_(context) {
    if (source.empty()) Fail("The expression can not be empty;");
    if (source.size() > kMaxExpressionBytes) {
      Fail("Expression size has exceeded the maximum allowed size; expression size: " + std::to_string(source.size()));
    }
    tokens_ = Tokenize(source_, parameter_);
  }

  Condition ParseConditionExpression() {
    CheckRedundantParentheses();
    Condition c = ParseOr();
    ExpectEnd();
    ThrowDeferred();
    return c;
  }

  UpdateExpression ParseUpdateExpression() {
    CheckRedundantParentheses();
    if (Peek().kind == Tok::End) SyntaxError(pos_);
    UpdateExpression update;
    std::vector<std::string> seen;
    while (Peek().kind != Tok::End) {
      const std::string clause = Peek().kind == Tok::Name ? Upper(Peek().text) : "";
      if (clause != "SET" && clause != "REMOVE" && clause != "ADD" && clause != "DELETE") SyntaxError(pos_);
      if (std::find(seen.begin(), seen.end(), clause) != seen.end()) {
        Later(Pass::kSections, "The \"" + clause + "\" section can only be used once in an update expression;");
      }
      seen.push_back(clause);
      Next();
      do {
        UpdateAction action;
        action.path = ParsePath();
        if (clause == "SET") {
          action.kind = UpdateAction::Kind::Set;
          Expect(Tok::EQ);
          action.value = ParseSetValue();
        } else if (clause == "REMOVE") {
          action.kind = UpdateAction::Kind::Remove;
        } else {
          action.kind = clause == "ADD" ? UpdateAction::Kind::Add : UpdateAction::Kind::Delete;
          if (Peek().kind != Tok::ValuePlaceholder) SyntaxError(pos_);
          action.operand = ResolveValue(Next().text);
          CheckAddDeleteOperand(clause, action.operand);
        }
        update.actions.push_back(std::move(action));
      } while (Peek().kind == Tok::Comma && (Next(), true));
    }
    if (update.actions.empty()) Fail("The expression can not be empty;");
    ThrowDeferred();
    return update;
  }

  std::vector<DocumentPath> ParseProjectionExpression() {
    std::vector<DocumentPath> paths;
    paths.push_back(ParsePath());
    while (Peek().kind == Tok::Comma) {
      Next();
      paths.push_back(ParsePath());
    }
    ExpectEnd();
    ThrowDeferred();
    return paths;
  }

 private:
  [[noreturn]] void Fail(const std::string& detail) const {
    throw ValidationError(std::string("Invalid ") + parameter_ + ": " + detail);
  }

  // DynamoDB reports an expression's errors by pass: syntax while parsing
  // (the parse stops there), then what its walk of the parsed expression
  // finds (reserved words, function names and nesting), then repeated update
  // sections, then its checks of operands (types, counts, bounds,
  // distinctness), and last the #names and :values it cannot substitute.
  // Within a pass the first in the text wins. The later passes' errors wait
  // here until the parse succeeds.
  enum class Pass { kWalk, kSections, kOperands, kPlaceholders, kCount };

  void Later(Pass pass, const std::string& detail) {
    Later(pass, ValidationError(std::string("Invalid ") + parameter_ + ": " + detail));
  }
  void Later(Pass pass, DynamoError error) {
    auto& slot = deferred_[static_cast<std::size_t>(pass)];
    if (!slot) slot = std::move(error);
  }
  void ThrowDeferred() const {
    for (const auto& error : deferred_) {
      if (error) throw *error;
    }
  }

  std::string ResolveName(const std::string& placeholder) {
    try {
      return context_.ResolveName(placeholder, parameter_);
    } catch (const DynamoError& e) {
      Later(Pass::kPlaceholders, e);
      return placeholder;
    }
  }
  AttributeValue ResolveValue(const std::string& placeholder) {
    try {
      return context_.ResolveValue(placeholder, parameter_);
    } catch (const DynamoError& e) {
      Later(Pass::kPlaceholders, e);
      AttributeValue unknown = AttributeValue::Null();
      unknown.scalar = kUnresolved;  // no NULL value has a scalar
      return unknown;
    }
  }

  // A :value that could not be substituted: the operand checks skip it.
  static constexpr const char* kUnresolved = "unresolved";
  static bool Known(const AttributeValue& v) { return !(v.type == ValueType::NUL && v.scalar == kUnresolved); }

  [[noreturn]] void SyntaxError(std::size_t at) const {
    const Token& t = tokens_[at];
    // DynamoDB shows the offending token and the text around it: from the
    // previous token to the next one.
    std::size_t from = at > 0 ? tokens_[at - 1].begin : 0;
    std::size_t to = t.kind == Tok::End
                         ? t.begin
                         : (at + 1 < tokens_.size() && tokens_[at + 1].kind != Tok::End ? tokens_[at + 1].end : t.end);
    std::string near(source_.substr(from, to - from));
    std::string token = "\"" + (t.kind == Tok::End ? std::string("<EOF>") : t.text) + "\"";
    Fail("Syntax error; token: " + token + ", near: \"" + near + "\"");
  }

  const Token& Peek(std::size_t ahead = 0) const { return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)]; }
  const Token& Next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool PeekKeyword(const char* word) const { return Peek().kind == Tok::Name && Upper(Peek().text) == word; }
  void Expect(Tok kind) {
    if (Peek().kind != kind) SyntaxError(pos_);
    Next();
  }
  void ExpectEnd() {
    if (Peek().kind != Tok::End) SyntaxError(pos_);
  }

  Condition ParseOr() {
    Condition left = ParseAnd();
    while (PeekKeyword("OR")) {
      Next();
      CountOperator();
      Condition c;
      c.kind = Condition::Kind::Or;
      c.children.push_back(std::move(left));
      c.children.push_back(ParseAnd());
      left = std::move(c);
    }
    return left;
  }

  Condition ParseAnd() {
    Condition left = ParseNot();
    while (PeekKeyword("AND")) {
      Next();
      CountOperator();
      Condition c;
      c.kind = Condition::Kind::And;
      c.children.push_back(std::move(left));
      c.children.push_back(ParseNot());
      left = std::move(c);
    }
    return left;
  }

  Condition ParseNot() {
    if (PeekKeyword("NOT")) {
      Next();
      CountOperator();
      Condition c;
      c.kind = Condition::Kind::Not;
      c.children.push_back(ParseNot());
      return c;
    }
    return ParsePredicate();
  }

  Condition ParsePredicate() {
    if (Peek().kind == Tok::LParen && !StartsComparison(Closing(pos_) + 1)) {
      Next();
      Condition c = ParseOr();
      Expect(Tok::RParen);
      return c;
    }
    if (Peek().kind == Tok::Name && Peek(1).kind == Tok::LParen && Upper(Peek().text) != "SIZE") {
      if (IsKeyword(Peek().text)) SyntaxError(pos_);
      const std::string name = Peek().text;
      Condition c = ParseFunction();
      CountOperator();
      CheckFunctionOperands(c);
      if (!StartsComparison(pos_)) return c;
      // "attribute_exists(a) = :v" parses; only then is it refused.
      Later(Pass::kWalk, "The function is not allowed to be used this way in an expression; function: " + name);
      return ParseComparison(Operand{});
    }
    Operand left = ParseOperand();
    if (left.kind == Operand::Kind::Size && !StartsComparison(pos_)) {
      Later(Pass::kWalk, "The function is not allowed to be used this way in an expression; function: size");
      return Condition{};
    }
    return ParseComparison(std::move(left));
  }

  // `left` and what follows it: a comparator and an operand, BETWEEN or IN.
  Condition ParseComparison(Operand left) {
    Condition c;
    c.operands.push_back(std::move(left));
    const Token& t = Peek();
    switch (t.kind) {
      case Tok::EQ: c.comparator = Condition::Comparator::EQ; break;
      case Tok::NE: c.comparator = Condition::Comparator::NE; break;
      case Tok::LT: c.comparator = Condition::Comparator::LT; break;
      case Tok::LE: c.comparator = Condition::Comparator::LE; break;
      case Tok::GT: c.comparator = Condition::Comparator::GT; break;
      case Tok::GE: c.comparator = Condition::Comparator::GE; break;
      default:
        if (PeekKeyword("BETWEEN")) {
          Next();
          c.kind = Condition::Kind::Between;
          c.operands.push_back(ParseOperand());
          if (!PeekKeyword("AND")) SyntaxError(pos_);
          Next();
          c.operands.push_back(ParseOperand());
          CountOperator();
          CheckDistinctOperands(c, "BETWEEN");
          CheckOrderableLiterals(c, "BETWEEN");
          CheckBetweenBounds(c);
          return c;
        }
        if (PeekKeyword("IN")) {
          Next();
          c.kind = Condition::Kind::In;
          Expect(Tok::LParen);
          c.operands.push_back(ParseOperand());
          while (Peek().kind == Tok::Comma) {
            Next();
            c.operands.push_back(ParseOperand());
          }
          Expect(Tok::RParen);
          if (c.operands.size() - 1 > kMaxInOperands) {
            Fail("The IN operator is provided with too many operands; number of operands: " +
                 std::to_string(c.operands.size() - 1));
          }
          CountOperator();
          CheckDistinctOperands(c, "IN");
          return c;
        }
        SyntaxError(pos_);
    }
    const std::string op_text = Next().text;
    c.kind = Condition::Kind::Comparison;
    c.operands.push_back(ParseOperand());
    CountOperator();
    CheckDistinctOperands(c, op_text);
    if (c.comparator != Condition::Comparator::EQ && c.comparator != Condition::Comparator::NE) {
      CheckOrderableLiterals(c, op_text);
    }
    return c;
  }

  static bool IsKeyword(const std::string& word) {
    const std::string w = Upper(word);
    return w == "AND" || w == "OR" || w == "NOT" || w == "BETWEEN" || w == "IN";
  }

  // True when the token at `at` continues an operand into a comparison.
  bool StartsComparison(std::size_t at) const {
    if (at >= tokens_.size()) return false;
    const Token& t = tokens_[at];
    switch (t.kind) {
      case Tok::EQ:
      case Tok::NE:
      case Tok::LT:
      case Tok::LE:
      case Tok::GT:
      case Tok::GE: return true;
      case Tok::Name: return Upper(t.text) == "BETWEEN" || Upper(t.text) == "IN";
      default: return false;
    }
  }

  // "((a = :v))", "a = ((:v))": a group whose whole content is another group.
  void CheckRedundantParentheses() const {
    for (std::size_t i = 0; i + 1 < tokens_.size(); ++i) {
      const bool call = i > 0 && tokens_[i - 1].kind == Tok::Name && !IsKeyword(tokens_[i - 1].text);
      if (tokens_[i].kind == Tok::LParen && !call && tokens_[i + 1].kind == Tok::LParen &&
          Closing(i + 1) + 1 == Closing(i)) {
        Fail("The expression has redundant parentheses;");
      }
    }
  }

  // <, <=, >, >= and BETWEEN order only numbers, strings and binaries.
  void CheckOrderableLiterals(const Condition& c, const std::string& op) {
    for (const auto& o : c.operands) {
      if (o.kind == Operand::Kind::Value && Known(o.value) && !o.value.is_scalar_key_type()) {
        Later(Pass::kOperands, "Incorrect operand type for operator or function; operator or function: " + op +
                                   ", operand type: " + std::string(TypeName(o.value.type)));
      }
    }
  }

  void CountOperator() {
    if (++operators_ > kMaxOperators) {
      Fail("The expression contains too many operators; operator count: " + std::to_string(operators_));
    }
  }

  // The closing parenthesis matching the '(' at token index `open`.
  std::size_t Closing(std::size_t open) const {
    int depth = 0;
    for (std::size_t i = open; i < tokens_.size(); ++i) {
      if (tokens_[i].kind == Tok::LParen) ++depth;
      if (tokens_[i].kind == Tok::RParen && --depth == 0) return i;
    }
    return tokens_.size();
  }

  // "a = a", "contains(#a, #a)": a path given first may not reappear as a
  // path. Function results are not compared: "size(m) = size(m)" is a valid
  // condition (DynamoDB Local's OperatorValidator compares paths only).
  void CheckDistinctOperands(const Condition& c, const std::string& op) {
    const Operand& first = c.operands[0];
    if (first.kind != Operand::Kind::Path) return;
    for (std::size_t i = 1; i < c.operands.size(); ++i) {
      if (c.operands[i].kind == first.kind && c.operands[i].path == first.path) {
        return Later(Pass::kOperands,
                     "The first operand must be distinct from the remaining operands for this operator or function; "
                     "operator: " +
                         op + ", first operand: " + PathText(first.path));
      }
    }
  }

  void CheckBetweenBounds(const Condition& c) {
    const Operand& lo = c.operands[1];
    const Operand& hi = c.operands[2];
    if (lo.kind != Operand::Kind::Value || hi.kind != Operand::Kind::Value) return;
    if (!Known(lo.value) || !Known(hi.value)) return;
    if (lo.value.type != hi.value.type) {
      return Later(Pass::kOperands,
                   "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: " +
                       ValueText(lo.value) + ", upper bound operand: " + ValueText(hi.value));
    }
    const bool inverted = lo.value.type == ValueType::N
                              ? Decimal::Parse(lo.value.scalar).Compare(Decimal::Parse(hi.value.scalar)) > 0
                              : lo.value.scalar > hi.value.scalar;
    if (inverted) {
      Later(Pass::kOperands,
            "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound "
            "operand: " +
                ValueText(lo.value) + ", upper bound operand: " + ValueText(hi.value));
    }
  }

  // B values are shown base64-encoded, as on the wire (raw bytes would not
  // be valid UTF-8 in the JSON error body).
  static std::string ValueText(const AttributeValue& v) {
    return "AttributeValue: {" + std::string(TypeName(v.type)) + ":" +
           (v.type == ValueType::B ? Base64Encode(v.scalar) : v.scalar) + "}";
  }

  // Literal operands of functions must have a type the function accepts.
  void CheckFunctionOperands(const Condition& c) {
    auto literal = [&](std::size_t i) -> const AttributeValue* {
      return i < c.operands.size() && c.operands[i].kind == Operand::Kind::Value && Known(c.operands[i].value)
                 ? &c.operands[i].value
                 : nullptr;
    };
    if (c.kind == Condition::Kind::AttributeType) {
      const AttributeValue* t = literal(1);
      if (t && t->type != ValueType::S) {
        Later(Pass::kOperands,
              "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: " +
                  std::string(TypeName(t->type)));
      } else if (t && !IsTypeName(t->scalar)) {
        Later(Pass::kOperands, "Invalid attribute type name found; type: " + t->scalar +
                                   ", valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}");
      }
    }
    if (c.kind == Condition::Kind::BeginsWith) {
      const AttributeValue* prefix = literal(1);
      if (prefix && prefix->type != ValueType::S && prefix->type != ValueType::B) {
        Later(Pass::kOperands,
              "Incorrect operand type for operator or function; operator or function: begins_with, operand type: " +
                  std::string(TypeName(prefix->type)));
      }
    }
    if (c.kind == Condition::Kind::Contains) CheckDistinctOperands(c, "contains");
  }

  static bool IsTypeName(const std::string& s) {
    for (const char* t : {"S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"}) {
      if (s == t) return true;
    }
    return false;
  }

  Condition ParseFunction() {
    const std::string name = Next().text;
    struct Fn {
      const char* name;
      Condition::Kind kind;
      std::size_t arity;
    };
    static const Fn kFunctions[] = {
        {"attribute_exists", Condition::Kind::AttributeExists, 1},
        {"attribute_not_exists", Condition::Kind::AttributeNotExists, 1},
        {"attribute_type", Condition::Kind::AttributeType, 2},
        {"begins_with", Condition::Kind::BeginsWith, 2},
        {"contains", Condition::Kind::Contains, 2},
    };
    const Fn* fn = nullptr;
    for (const auto& f : kFunctions) {
      if (name == f.name) fn = &f;
    }
    if (!fn && (name == "if_not_exists" || name == "list_append")) {
      Later(Pass::kWalk, "The function is not allowed in a condition expression; function: " + name);
    } else if (!fn) {
      Later(Pass::kWalk, "Invalid function name; function: " + name);
    }
    Expect(Tok::LParen);
    Condition c;
    c.operands.push_back(ParseOperand());
    while (Peek().kind == Tok::Comma) {
      Next();
      c.operands.push_back(ParseOperand());
    }
    Expect(Tok::RParen);
    if (!fn) return Condition{};
    c.kind = fn->kind;
    if (c.operands.size() != fn->arity) {
      Later(Pass::kOperands, "Incorrect number of operands for operator or function; operator or function: " + name +
                                 ", number of operands: " + std::to_string(c.operands.size()));
      return Condition{};
    }
    const bool needs_path =
        fn->kind == Condition::Kind::AttributeExists || fn->kind == Condition::Kind::AttributeNotExists;
    if (needs_path && c.operands[0].kind != Operand::Kind::Path) {
      Later(Pass::kOperands, "Operator or function requires a document path; operator or function: " + name);
    }
    return c;
  }

  // SET's right-hand side: a term, or two terms joined by + or -.
  UpdateValue ParseSetValue() {
    if (Peek().kind == Tok::LParen) {
      Next();
      UpdateValue inner = ParseSetValue();
      Expect(Tok::RParen);
      return inner;
    }
    UpdateValue left = ParseSetTerm();
    if (Peek().kind != Tok::Plus && Peek().kind != Tok::Minus) return left;
    UpdateValue sum;
    sum.kind = Next().kind == Tok::Plus ? UpdateValue::Kind::Plus : UpdateValue::Kind::Minus;
    sum.args.push_back(std::move(left));
    sum.args.push_back(ParseSetTerm());
    CheckNestable(sum.args);
    for (const auto& arg : sum.args)
      CheckLiteralType(arg, sum.kind == UpdateValue::Kind::Plus ? "+" : "-", ValueType::N);
    return sum;
  }

  UpdateValue ParseSetTerm() {
    UpdateValue v;
    if (Peek().kind == Tok::Name && Peek(1).kind == Tok::LParen) {
      const std::string name = Next().text;
      const bool known = name == "if_not_exists" || name == "list_append";
      if (!known) {
        Later(Pass::kWalk, IsConditionFunction(name)
                               ? "The function is not allowed in an update expression; function: " + name
                               : "Invalid function name; function: " + name);
      }
      Next();
      std::vector<UpdateValue> args;
      args.push_back(ParseSetTerm());
      while (Peek().kind == Tok::Comma) {
        Next();
        args.push_back(ParseSetTerm());
      }
      Expect(Tok::RParen);
      CheckNestable(args);
      if (!known) return v;
      if (args.size() != 2) {
        Later(Pass::kOperands, "Incorrect number of operands for operator or function; operator or function: " + name +
                                   ", number of operands: " + std::to_string(args.size()));
        return v;
      }
      if (name == "if_not_exists") {
        if (args[0].kind != UpdateValue::Kind::Operand || args[0].operand.kind != Operand::Kind::Path) {
          Later(Pass::kOperands, "Operator or function requires a document path; operator or function: if_not_exists");
        } else if (args[1].kind == UpdateValue::Kind::Operand && args[1].operand.kind == Operand::Kind::Path &&
                   args[1].operand.path == args[0].operand.path) {
          Later(Pass::kOperands,
                "The first operand must be distinct from the remaining operands for this operator or function; "
                "operator: if_not_exists, first operand: " +
                    PathText(args[0].operand.path));
        }
        v.kind = UpdateValue::Kind::IfNotExists;
      } else {
        v.kind = UpdateValue::Kind::ListAppend;
        for (const auto& arg : args) CheckLiteralType(arg, "list_append", ValueType::L);
      }
      v.args = std::move(args);
      return v;
    }
    v.kind = UpdateValue::Kind::Operand;
    if (Peek().kind == Tok::ValuePlaceholder) {
      v.operand.kind = Operand::Kind::Value;
      v.operand.value = ResolveValue(Next().text);
    } else {
      v.operand.kind = Operand::Kind::Path;
      v.operand.path = ParsePath();
    }
    return v;
  }

  // Only if_not_exists may stand inside another function or beside + and -;
  // list_append must be the whole value (docs/expression-messages.md).
  void CheckNestable(const std::vector<UpdateValue>& operands) {
    for (const auto& operand : operands) {
      if (operand.kind == UpdateValue::Kind::ListAppend) {
        return Later(Pass::kWalk,
                     "The function is not allowed to be used this way in an expression; function: list_append");
      }
    }
  }

  // A literal operand must already have the type its operator needs.
  void CheckLiteralType(const UpdateValue& v, const std::string& op, ValueType wanted) {
    if (v.kind == UpdateValue::Kind::Operand && v.operand.kind == Operand::Kind::Value && Known(v.operand.value) &&
        v.operand.value.type != wanted) {
      Later(Pass::kOperands, "Incorrect operand type for operator or function; operator or function: " + op +
                                 ", operand type: " + std::string(TypeName(v.operand.value.type)));
    }
  }

  void CheckAddDeleteOperand(const std::string& clause, const AttributeValue& value) {
    const bool set = value.is_set();
    if (Known(value) && (clause == "ADD" ? !(set || value.type == ValueType::N) : !set)) {
      Later(Pass::kOperands, "Incorrect operand type for operator or function; operator: " + clause +
                                 ", operand type: " + std::string(LongTypeName(value.type)) +
                                 ", typeSet: ALLOWED_FOR_" + clause + "_OPERAND");
    }
  }

  static bool IsConditionFunction(const std::string& name) {
    return name == "attribute_exists" || name == "attribute_not_exists" || name == "attribute_type" ||
           name == "begins_with" || name == "contains" || name == "size";
  }

  Operand ParseOperand() {
    Operand o;
    const Token& t = Peek();
    if (t.kind == Tok::LParen) {
      Next();
      o = ParseOperand();
      Expect(Tok::RParen);
      return o;
    }
    if (t.kind == Tok::ValuePlaceholder) {
      o.kind = Operand::Kind::Value;
      o.value = ResolveValue(Next().text);
      return o;
    }
    if (t.kind == Tok::Name && Peek(1).kind == Tok::LParen) {
      std::string name = Next().text;
      if (name != "size") Later(Pass::kWalk, "Invalid function name; function: " + name);
      Next();
      Operand inner = ParseOperand();
      std::size_t count = 1;
      while (Peek().kind == Tok::Comma) {
        Next();
        ParseOperand();
        ++count;
      }
      Expect(Tok::RParen);
      if (count != 1) {
        Later(Pass::kOperands,
              "Incorrect number of operands for operator or function; operator or function: size, number of "
              "operands: " +
                  std::to_string(count));
      }
      // size() takes a path or a literal string, binary, set, list or map.
      const bool sizable = inner.kind == Operand::Kind::Path ||
                           (inner.kind == Operand::Kind::Value && !Known(inner.value)) ||
                           (inner.kind == Operand::Kind::Value && inner.value.type != ValueType::N &&
                            inner.value.type != ValueType::BOOL && inner.value.type != ValueType::NUL);
      if (!sizable) {
        Later(Pass::kOperands,
              "Incorrect operand type for operator or function; operator or function: size, operand type: " +
                  std::string(inner.kind == Operand::Kind::Size ? "N" : TypeName(inner.value.type)));
      }
      CountOperator();
      o.kind = Operand::Kind::Size;
      o.path = std::move(inner.path);
      o.value = std::move(inner.value);
      return o;
    }
    o.kind = Operand::Kind::Path;
    o.path = ParsePath();
    return o;
  }

  PathElement ParseName() {
    const Token& t = Peek();
    if (t.kind == Tok::NamePlaceholder) {
      return PathElement::Name(ResolveName(Next().text));
    }
    // AND, OR, NOT, BETWEEN and IN are the grammar's own words, never names.
    if (t.kind != Tok::Name || IsKeyword(t.text)) SyntaxError(pos_);
    if (IsReservedWord(t.text)) Later(Pass::kWalk, "Attribute name is a reserved keyword; reserved keyword: " + t.text);
    return PathElement::Name(Next().text);
  }

  DocumentPath ParsePath() {
    DocumentPath path;
    path.push_back(ParseName());
    for (;;) {
      if (Peek().kind == Tok::Dot) {
        Next();
        path.push_back(ParseName());
      } else if (Peek().kind == Tok::LBracket) {
        Next();
        if (Peek().kind != Tok::Number) SyntaxError(pos_);
        const std::string digits = Next().text;
        if (digits.size() > 10 || std::stoll(digits) > 2147483647) {
          Fail("List index is not within the allowable range; index: [" + digits + "]");
        }
        path.push_back(PathElement::Index(std::stoul(digits)));
        Expect(Tok::RBracket);
      } else {
        break;
      }
    }
    if (path.size() > 32) {
      Fail("The document path has too many nesting levels; nesting levels: " + std::to_string(path.size()));
    }
    return path;
  }

  std::string_view source_;
  const char* parameter_;
  ExpressionContext& context_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  std::size_t operators_ = 0;
  std::optional<DynamoError> deferred_[static_cast<std::size_t>(Pass::kCount)];
};

}  // namespace

Condition ParseConditionGrammar(std::string_view text, const char* parameter, ExpressionContext& context) {
  return Parser(text, parameter, context).ParseConditionExpression();
}

UpdateExpression ParseUpdateGrammar(std::string_view text, const char* parameter, ExpressionContext& context) {
  return Parser(text, parameter, context).ParseUpdateExpression();
}

std::vector<DocumentPath> ParseProjectionGrammar(std::string_view text, const char* parameter,
                                                 ExpressionContext& context) {
  return Parser(text, parameter, context).ParseProjectionExpression();
}

}  // namespace ddb
