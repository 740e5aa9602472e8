// A recursive-descent parser for DynamoDB's PartiQL dialect, written by hand
// like the expression parser. Precedence, loosest first: OR, AND, NOT, the
// predicates (comparisons, BETWEEN, IN, IS), then + and -.
#include <algorithm>
#include <cctype>
#include <set>

#include "engine/decimal.h"
#include "protocol/expression_lexer.h"
#include "protocol/partiql/ast.h"
#include "protocol/partiql/messages.h"

namespace ddb::partiql {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

constexpr unsigned long long kMaxListIndex = 2147483647;
// Nesting past DynamoDB's 32 levels of values is refused anyway; this bound
// leaves room for parentheses and NOTs around them.
constexpr std::size_t kMaxNestingDepth = 100;

// Words that cannot name an attribute unless double-quoted.
const std::set<std::string>& ReservedWords() {
  static const std::set<std::string> words = {
      "all",    "and",       "as",       "asc",    "between", "by",     "delete", "desc",   "distinct", "exists",
      "false",  "from",      "group",    "having", "in",      "like",   "insert", "into",   "is",       "join",
      "limit",  "missing",   "modified", "new",    "not",     "null",   "offset", "old",    "or",       "order",
      "remove", "returning", "select",   "set",    "true",    "update", "value",  "values", "where"};
  return words;
}

// The Ion type of a backquoted literal's text, as DynamoDB names it when it
// refuses one.
std::string IonTypeName(std::string_view text) {
  const std::size_t start = text.find_first_not_of(" \t\n");
  if (start == std::string_view::npos) return "SYMBOL";
  text = text.substr(start);
  const std::string word = Lower(text.substr(0, text.find_first_of(" \t\n")));
  if (word == "true" || word == "false") return "BOOL";
  if (word.rfind("null", 0) == 0) return "NULL";
  switch (text[0]) {
    case '"':
    case '\'': return text.rfind("'''", 0) == 0 || text[0] == '"' ? "STRING" : "SYMBOL";
    case '{': return text.rfind("{{", 0) == 0 ? "BLOB" : "STRUCT";
    case '[': return "LIST";
    case '(': return "SEXP";
    default: break;
  }
  if (std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '-' || text[0] == '+') {
    if (word.find_first_of("eE") != std::string::npos && word.rfind("0x", 0) != 0) return "FLOAT";
    if (word.find('.') != std::string::npos || word.find_first_of("dD") != std::string::npos) return "DECIMAL";
    if (word.find('T') != std::string::npos || word.find('t') != std::string::npos) return "TIMESTAMP";
    return "INT";
  }
  return "SYMBOL";
}

class Parser {
 public:
  explicit Parser(std::string_view statement) : tokens_(Tokenize(statement)) {}

  Statement Run() {
    Statement s;
    const Token& first = Peek();
    if (IsKeyword(first, "select")) {
      s.kind = Statement::Kind::Select;
      s.select = ParseSelect();
    } else if (IsKeyword(first, "insert")) {
      s.kind = Statement::Kind::Insert;
      s.insert = ParseInsert();
    } else if (IsKeyword(first, "update")) {
      s.kind = Statement::Kind::Update;
      s.update = ParseUpdate();
    } else if (IsKeyword(first, "delete")) {
      s.kind = Statement::Kind::Delete;
      s.del = ParseDelete();
    } else if (IsKeyword(first, "exists")) {
      s.kind = Statement::Kind::Exists;
      Next();
      Expect(Tok::LParen);
      if (!IsKeyword(Peek(), "select")) Fail();
      s.select = ParseSelect();
      Expect(Tok::RParen);
    } else {
      throw NotWellFormed(Peek().kind == Tok::Other ? "" : kExpectedDataManipulation);
    }
    if (Peek().kind == Tok::Semicolon) Next();
    if (Peek().kind == Tok::Other) throw NotWellFormed("");
    if (Peek().kind != Tok::End) throw NotWellFormed(kUnexpectedTokenAfterExpression);
    s.parameter_count = parameters_;
    return s;
  }

 private:
  const Token& Peek(std::size_t ahead = 0) const { return tokens_[std::min(position_ + ahead, tokens_.size() - 1)]; }
  const Token& Next() {
    const Token& t = Peek();
    if (position_ < tokens_.size() - 1) ++position_;
    return t;
  }
  // A token the grammar does not take here, named as DynamoDB names it.
  [[noreturn]] void Fail() const {
    const Token& t = Peek();
    if (t.kind == Tok::End) throw NotWellFormed(kUnexpectedTerm);
    if (t.kind == Tok::Other) throw NotWellFormed("");
    if (t.kind == Tok::Identifier && IsOperatorWord(t)) throw NotWellFormed(kUnexpectedOperator);
    if (t.kind == Tok::Identifier && ReservedWords().count(Lower(t.text))) throw NotWellFormed(kUnexpectedKeyword);
    throw NotWellFormed(kUnexpectedToken);
  }
  static bool IsOperatorWord(const Token& t) {
    static const std::set<std::string> words = {"is", "like", "in", "between", "and", "or"};
    return words.count(Lower(t.text)) > 0;
  }
  // The right operand of AND, OR or a comparison.
  void ExpectRightOperand() const {
    if (Peek().kind == Tok::End) throw NotWellFormed(kMissingRightOperand);
  }
  const Token& Expect(Tok kind) {
    if (Peek().kind != kind) Fail();
    return Next();
  }
  static bool IsKeyword(const Token& t, std::string_view word) {
    return t.kind == Tok::Identifier && Lower(t.text) == word;
  }
  bool Accept(std::string_view word) {
    if (!IsKeyword(Peek(), word)) return false;
    Next();
    return true;
  }
  void ExpectKeyword(std::string_view word) {
    if (!Accept(word)) Fail();
  }

  // An attribute or table name: a bare word that is not reserved, or a
  // double-quoted name.
  std::string Name() {
    const Token& t = Peek();
    if (t.kind == Tok::QuotedIdentifier) return Next().text;
    if (t.kind == Tok::Identifier && !ReservedWords().count(Lower(t.text))) return Next().text;
    Fail();
  }

  DocumentPath Path() {
    DocumentPath path{PathElement::Name(Name())};
    for (;;) {
      if (Peek().kind == Tok::Dot) {
        Next();
        path.push_back(PathElement::Name(Name()));
      } else if (Peek().kind == Tok::LBracket) {
        Next();
        const bool negative = Peek().kind == Tok::Minus && Peek(1).kind == Tok::Number;
        if (negative) Next();
        const Token& t = Peek();
        if (t.kind == Tok::Number && std::all_of(t.text.begin(), t.text.end(), ::isdigit)) {
          if (negative || t.text.size() > 10 || std::stoull(t.text) > kMaxListIndex) {
            throw AtToken("List index is not within the allowable range; index: [" + std::string(negative ? "-" : "") +
                              t.text + "]",
                          t);
          }
          path.push_back(PathElement::Index(std::stoull(Next().text)));
        } else if (t.kind == Tok::String) {
          path.push_back(PathElement::Name(Next().text));
        } else {
          Fail();
        }
        Expect(Tok::RBracket);
      } else {
        return path;
      }
    }
  }

  Source ParseSource() {
    Source source;
    source.token = Peek();
    source.table = Name();
    if (source.table.empty()) throw ValidationError(kEmptyPathComponent);
    if (Peek().kind == Tok::Dot) {
      Next();
      source.index = Name();
      if (source.index->empty()) throw ValidationError(kEmptyPathComponent);
      if (Peek().kind == Tok::Dot) throw ValidationError(kFromPathTooLong);
    }
    if (IsKeyword(Peek(), "as") || (Peek().kind == Tok::Identifier && !ReservedWords().count(Lower(Peek().text)))) {
      throw ValidationError(kAliasing);
    }
    return source;
  }

  SelectStatement ParseSelect() {
    ExpectKeyword("select");
    SelectStatement s;
    if (IsKeyword(Peek(), "distinct")) throw ValidationError("Unsupported token in expression: DISTINCT");
    if (IsKeyword(Peek(), "value") || IsKeyword(Peek(), "pivot")) throw ValidationError(kSelectValue);
    if (Peek().kind == Tok::Star) {
      Next();
      if (Peek().kind == Tok::Comma) throw NotWellFormed(kUnexpectedToken);
    } else {
      s.projection.emplace();
      std::set<std::string> names;
      do {
        const Token& start = Peek();
        if (start.kind == Tok::Identifier && Peek(1).kind == Tok::LParen)
          throw AtToken(kUnexpectedPathComponent, start);
        DocumentPath path = Path();
        const Token& after = Peek();
        if (after.kind == Tok::LParen) throw AtToken(kUnexpectedPathComponent, start);
        if (after.kind == Tok::Plus || after.kind == Tok::Minus || after.kind == Tok::Star) {
          throw AtToken(kUnexpectedPathComponent, after);
        }
        if (IsKeyword(after, "as")) throw ValidationError(kAliasing);
        const std::string name = ProjectedName(path);
        if (!names.insert(name).second) throw ValidationError(kDuplicateProjection + name);
        s.projection->push_back(std::move(path));
      } while (Peek().kind == Tok::Comma && Next().kind == Tok::Comma);
    }
    ExpectKeyword("from");
    s.source = ParseSource();
    if (Peek().kind == Tok::Comma) throw ValidationError(kSingleTable);
    if (Accept("where")) s.where = Expression();
    if (IsKeyword(Peek(), "group")) throw ValidationError("Unsupported clause: GROUP BY");
    if (IsKeyword(Peek(), "order")) {
      Next();
      ExpectKeyword("by");
      do {
        OrderBy o;
        o.token = Peek();
        o.path = Path();
        if (Accept("desc")) {
          o.descending = true;
        } else {
          Accept("asc");
        }
        s.order_by.push_back(std::move(o));
      } while (Peek().kind == Tok::Comma && Next().kind == Tok::Comma);
    }
    for (const char* clause : {"limit", "offset", "having"}) {
      if (IsKeyword(Peek(), clause)) {
        throw AtToken(std::string("Unsupported clause: ") + Upper(clause), Peek());
      }
    }
    return s;
  }

  InsertStatement ParseInsert() {
    ExpectKeyword("insert");
    ExpectKeyword("into");
    InsertStatement s;
    s.target = ParseSource();
    ExpectKeyword("value");
    const Token& start = Peek();
    s.item = Expression();
    if (s.item.kind != Node::Kind::Map && s.item.kind != Node::Kind::Parameter) {
      throw AtToken(kInsertNeedsStruct, start);
    }
    return s;
  }

  UpdateStatement ParseUpdate() {
    ExpectKeyword("update");
    UpdateStatement s;
    s.target = ParseSource();
    for (;;) {
      if (Accept("set")) {
        do {
          UpdateClause c;
          c.path = Path();
          Expect(Tok::EQ);
          c.value = Additive();
          s.clauses.push_back(std::move(c));
        } while (Peek().kind == Tok::Comma && Next().kind == Tok::Comma);
      } else if (Accept("remove")) {
        do {
          UpdateClause c;
          c.remove = true;
          c.path = Path();
          s.clauses.push_back(std::move(c));
        } while (Peek().kind == Tok::Comma && Next().kind == Tok::Comma);
      } else {
        break;
      }
    }
    if (s.clauses.empty()) Fail();
    ExpectKeyword("where");
    s.where = Expression();
    if (IsKeyword(Peek(), "returning")) s.returning = Returning(/*delete_statement=*/false);
    return s;
  }

  DeleteStatement ParseDelete() {
    ExpectKeyword("delete");
    ExpectKeyword("from");
    DeleteStatement s;
    s.target = ParseSource();
    ExpectKeyword("where");
    s.where = Expression();
    if (IsKeyword(Peek(), "returning")) s.returning_old = Returning(/*delete_statement=*/true) == ReturnValues::ALL_OLD;
    return s;
  }

  // RETURNING (ALL | MODIFIED) (OLD | NEW) *
  ReturnValues Returning(bool delete_statement) {
    Next();
    const bool all = Accept("all");
    if (!all) ExpectKeyword("modified");
    const bool old = Accept("old");
    if (!old) ExpectKeyword("new");
    if (Peek().kind != Tok::Star) throw ValidationError(kReturningNeedsStar);
    Next();
    if (delete_statement && !(all && old)) {
      throw ValidationError(std::string("Invalid returning clause: RETURNING ") + (all ? "ALL" : "MODIFIED") +
                            (old ? " OLD" : " NEW") + " *. Only RETURNING ALL OLD * is allowed in DELETE statements.");
    }
    if (all) return old ? ReturnValues::ALL_OLD : ReturnValues::ALL_NEW;
    return old ? ReturnValues::UPDATED_OLD : ReturnValues::UPDATED_NEW;
  }

  // A number literal's value; out-of-range numbers are refused with the
  // number's own text and where it stands (" under root").
  static AttributeValue NumberLiteral(const std::string& text) {
    try {
      return AttributeValue::Number(Decimal::Parse(text).ToString());
    } catch (const DynamoError& e) {
      throw ValidationError(e.message() + " under root");
    }
  }

  Node Make(Node::Kind kind, const Token& at) {
    Node n;
    n.kind = kind;
    n.token = at;
    return n;
  }

  // OR and AND chains are one node with every operand as a child, so a long
  // chain does not nest.
  Node Expression() { return Chain("or", Node::Kind::Or, &Parser::Conjunction); }
  Node Conjunction() { return Chain("and", Node::Kind::And, &Parser::Negation); }

  Node Chain(std::string_view word, Node::Kind kind, Node (Parser::*operand)()) {
    Node first = (this->*operand)();
    if (!IsKeyword(Peek(), word)) return first;
    Node n = Make(kind, Peek());
    n.children.push_back(std::move(first));
    while (IsKeyword(Peek(), word)) {
      Next();
      ExpectRightOperand();
      n.children.push_back((this->*operand)());
    }
    return n;
  }

  // Bounds the recursion of nested parentheses, NOTs and literals, so
  // that no statement can exhaust the stack.
  struct DepthGuard {
    explicit DepthGuard(std::size_t& depth) : depth_(depth) {
      if (++depth_ > kMaxNestingDepth) throw ValidationError(kNestingTooDeep);
    }
    ~DepthGuard() { --depth_; }
    std::size_t& depth_;
  };

  Node Negation() {
    DepthGuard guard(depth_);
    if (IsKeyword(Peek(), "not")) {
      Node n = Make(Node::Kind::Not, Next());
      n.children.push_back(Negation());
      return n;
    }
    return Predicate();
  }

  Node Predicate() {
    Node left = Additive();
    const Token& t = Peek();
    static constexpr std::pair<Tok, Condition::Comparator> kComparators[] = {
        {Tok::EQ, Condition::Comparator::EQ}, {Tok::NE, Condition::Comparator::NE},
        {Tok::LT, Condition::Comparator::LT}, {Tok::LE, Condition::Comparator::LE},
        {Tok::GT, Condition::Comparator::GT}, {Tok::GE, Condition::Comparator::GE}};
    for (const auto& [kind, comparator] : kComparators) {
      if (t.kind == kind) {
        Node n = Make(Node::Kind::Compare, Next());
        ExpectRightOperand();
        n.comparator = comparator;
        n.children.push_back(std::move(left));
        n.children.push_back(Additive());
        return n;
      }
    }
    bool negated = false;
    if (IsKeyword(t, "not") && (IsKeyword(Peek(1), "between") || IsKeyword(Peek(1), "in"))) {
      Next();
      negated = true;
    }
    if (IsKeyword(Peek(), "between")) {
      Node n = Make(Node::Kind::Between, Next());
      n.negated = negated;
      n.children.push_back(std::move(left));
      n.children.push_back(Additive());
      ExpectKeyword("and");
      n.children.push_back(Additive());
      return n;
    }
    if (IsKeyword(Peek(), "in")) {
      Node n = Make(Node::Kind::In, Next());
      n.negated = negated;
      n.children.push_back(std::move(left));
      const Tok close = Peek().kind == Tok::LBracket ? Tok::RBracket : Tok::RParen;
      if (Peek().kind != Tok::LBracket && Peek().kind != Tok::LParen) Fail();
      Next();
      if (Peek().kind != close) {
        do {
          n.children.push_back(Additive());
        } while (Peek().kind == Tok::Comma && Next().kind == Tok::Comma);
      }
      Expect(close);
      return n;
    }
    if (IsKeyword(Peek(), "like")) throw ValidationError(std::string(kUnsupportedOperator) + "like");
    if (IsKeyword(Peek(), "is")) {
      const Token& is = Next();
      const bool is_not = Accept("not");
      Node n = Make(Node::Kind::IsMissing, is);
      if (Accept("null")) {
        n.kind = Node::Kind::IsNull;
      } else if (!Accept("missing")) {
        throw NotWellFormed(kExpectedTypeName);
      }
      n.negated = is_not;
      n.children.push_back(std::move(left));
      return n;
    }
    return left;
  }

  Node Additive() {
    Node left = Unary();
    std::size_t chained = 0;
    while (Peek().kind == Tok::Plus || Peek().kind == Tok::Minus) {
      // Each operator nests the tree one level deeper.
      if (depth_ + ++chained > kMaxNestingDepth) throw ValidationError(kNestingTooDeep);
      const Node::Kind kind = Peek().kind == Tok::Plus ? Node::Kind::Add : Node::Kind::Subtract;
      Node n = Make(kind, Next());
      n.children.push_back(std::move(left));
      n.children.push_back(Unary());
      left = std::move(n);
    }
    return left;
  }

  Node Unary() {
    if (Peek().kind == Tok::Minus && Peek(1).kind == Tok::Number) {
      const Token& minus = Next();
      Node n = Make(Node::Kind::Literal, minus);
      n.value = NumberLiteral("-" + Next().text);
      return n;
    }
    if (Peek().kind == Tok::Plus && Peek(1).kind == Tok::Number) Next();
    return Primary();
  }

  Node Primary() {
    DepthGuard guard(depth_);
    const Token& t = Peek();
    switch (t.kind) {
      case Tok::String: {
        Node n = Make(Node::Kind::Literal, Next());
        n.value = AttributeValue::String(n.token.text);
        return n;
      }
      case Tok::Number: {
        Node n = Make(Node::Kind::Literal, Next());
        n.value = NumberLiteral(n.token.text);
        return n;
      }
      case Tok::Parameter: {
        Node n = Make(Node::Kind::Parameter, Next());
        n.parameter = parameters_++;
        return n;
      }
      case Tok::LParen: {
        Next();
        Node n = Expression();
        Expect(Tok::RParen);
        return n;
      }
      case Tok::LBracket: return Collection(Node::Kind::List, Tok::RBracket);
      case Tok::LBag: {
        Node n = Collection(Node::Kind::Bag, Tok::RBag);
        if (n.children.empty()) throw ValidationError(kEmptyBag);
        return n;
      }
      case Tok::LBrace: return Struct();
      case Tok::IonLiteral:
        throw AtToken("Ion Literals are not supported: " + IonTypeName(t.text) + " under key root", t);
      case Tok::Identifier: {
        const std::string word = Lower(t.text);
        if (word == "true" || word == "false") {
          Node n = Make(Node::Kind::Literal, Next());
          n.value = AttributeValue::Bool(word == "true");
          return n;
        }
        if (word == "missing") throw ValidationError(kMissingNeedsIs);
        if (word == "null") {
          Node n = Make(Node::Kind::Literal, Next());
          n.value = AttributeValue::Null();
          return n;
        }
        // EXISTS is a keyword, but EXISTS(path) in a condition is an (unknown) function.
        if (Peek(1).kind == Tok::LParen && (!ReservedWords().count(word) || word == "exists")) return Call();
        break;
      }
      default: break;
    }
    Node n = Make(Node::Kind::Path, t);
    n.path = Path();
    return n;
  }

  Node Collection(Node::Kind kind, Tok close) {
    Node n = Make(kind, Next());
    if (Peek().kind != close) {
      do {
        n.children.push_back(Additive());
      } while (Peek().kind == Tok::Comma && Next().kind == Tok::Comma);
    }
    Expect(close);
    return n;
  }

  Node Struct() {
    Node n = Make(Node::Kind::Map, Next());
    if (Peek().kind != Tok::RBrace) {
      do {
        if (Peek().kind == Tok::Identifier || Peek().kind == Tok::QuotedIdentifier) {
          throw AtToken(kTupleKeyNotString, Peek());
        }
        if (Peek().kind != Tok::String) Fail();
        n.keys.push_back(Next().text);
        Expect(Tok::Colon);
        n.children.push_back(Additive());
      } while (Peek().kind == Tok::Comma && Next().kind == Tok::Comma);
    }
    Expect(Tok::RBrace);
    return n;
  }

  Node Call() {
    Node n = Make(Node::Kind::Call, Next());
    n.name = Lower(n.token.text);
    Expect(Tok::LParen);
    if (Peek().kind != Tok::RParen) {
      do {
        n.children.push_back(Additive());
      } while (Peek().kind == Tok::Comma && Next().kind == Tok::Comma);
    }
    Expect(Tok::RParen);
    return n;
  }

  std::vector<Token> tokens_;
  std::size_t position_ = 0;
  std::size_t parameters_ = 0;
  std::size_t depth_ = 0;
};

}  // namespace

Statement Parse(std::string_view statement) { return Parser(statement).Run(); }

std::string ProjectedName(const DocumentPath& path) {
  std::size_t last = 0;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (!path[i].is_index()) last = i;
  }
  std::string name = path[last].name;
  for (std::size_t i = last + 1; i < path.size(); ++i) name += "[" + std::to_string(*path[i].index) + "]";
  return name;
}

}  // namespace ddb::partiql
