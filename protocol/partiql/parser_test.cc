#include <doctest/doctest.h>

#include "engine/error.h"
#include "protocol/partiql/ast.h"
#include "protocol/partiql/planner.h"

using namespace ddb;
using namespace ddb::partiql;

namespace {

std::string ErrorOf(std::string_view statement) {
  try {
    Parse(statement);
  } catch (const DynamoError& e) {
    return e.message();
  }
  return "";
}

// The syntax-error envelope around `detail`.
std::string NotWellFormedText(std::string_view detail) {
  std::string text = "Statement wasn't well formed, can't be processed: ";
  text.append(detail);
  return text;
}

TableDefinition HashRangeTable() {
  TableDefinition t;
  t.name = "t";
  t.attribute_definitions = {{"pk", ValueType::S}, {"sk", ValueType::N}};
  t.key_schema.hash_key = "pk";
  t.key_schema.range_key = "sk";
  return t;
}

}  // namespace

TEST_CASE("partiql: tokens carry lines and columns, quotes double to escape") {
  auto tokens = Tokenize("SELECT 'it''s'\n  FROM \"a\"\"b\" -- c\n /* d */ <<1.5e3>>");
  REQUIRE(tokens.size() == 8);
  CHECK(tokens[1].kind == Tok::String);
  CHECK(tokens[1].text == "it's");
  CHECK(tokens[2].line == 2);
  CHECK(tokens[2].column == 3);
  CHECK(tokens[3].kind == Tok::QuotedIdentifier);
  CHECK(tokens[3].text == "a\"b");
  CHECK(tokens[4].kind == Tok::LBag);
  CHECK(tokens[5].text == "1.5e3");
  CHECK(tokens[6].kind == Tok::RBag);
}

TEST_CASE("partiql: statement forms") {
  Statement s = Parse("select a, m.k[2], \"b\" from \"t\".\"i\" where pk = ? and sk between 1 and ? order by sk desc");
  CHECK(s.kind == Statement::Kind::Select);
  REQUIRE(s.select.projection.has_value());
  CHECK(s.select.projection->size() == 3);
  CHECK(ProjectedName((*s.select.projection)[1]) == "k[2]");
  CHECK(s.select.source.table == "t");
  CHECK(s.select.source.index == "i");
  CHECK(s.parameter_count == 2);
  REQUIRE(s.select.order_by.size() == 1);
  CHECK(s.select.order_by[0].descending);

  s = Parse("INSERT INTO t VALUE {'pk': 'a', 's': <<1, 2>>, 'l': [true, null, -1.50]}");
  CHECK(s.kind == Statement::Kind::Insert);
  CHECK(s.insert.item.keys.size() == 3);

  s = Parse(
      "UPDATE t SET a = a + 1 SET l = list_append(l, [1]) REMOVE b, c[0] WHERE pk = 'a' RETURNING MODIFIED NEW *");
  CHECK(s.kind == Statement::Kind::Update);
  CHECK(s.update.clauses.size() == 4);
  CHECK(s.update.clauses[0].value.kind == Node::Kind::Add);
  CHECK(s.update.clauses[3].remove);
  CHECK(s.update.returning == ReturnValues::UPDATED_NEW);

  s = Parse("DELETE FROM t WHERE pk = 'a' RETURNING ALL OLD *;");
  CHECK(s.kind == Statement::Kind::Delete);
  CHECK(s.del.returning_old);

  s = Parse("EXISTS(SELECT * FROM t WHERE pk = 'a' AND x IS NOT MISSING)");
  CHECK(s.kind == Statement::Kind::Exists);
}

TEST_CASE("partiql: syntax errors name the fault as DynamoDB does") {
  CHECK(ErrorOf("SLECT * FROM t") == NotWellFormedText("Expected data manipulation"));
  CHECK(ErrorOf("SELECT * FROM t WHERE pk = 'a' x") == NotWellFormedText("Unexpected token after expression"));
  CHECK(ErrorOf("SELECT * FROM t WHERE") == NotWellFormedText("Unexpected term"));
  CHECK(ErrorOf("SELECT * FROM t WHERE a = 1 AND") ==
        NotWellFormedText("Missing right-hand side expression of infix operator"));
  CHECK(ErrorOf("SELECT * FROM t WHERE ORDER BY a") == NotWellFormedText("Unexpected keyword"));
  CHECK(ErrorOf("SELECT * FROM t WHERE IS NULL") == NotWellFormedText("Unexpected operator"));
  CHECK(ErrorOf("SELECT * FROM t WHERE a IS FOO") == NotWellFormedText("Expected type name"));
  CHECK(ErrorOf("SELECT * FROM t WHERE a = 'open") == NotWellFormedText(""));
  CHECK(ErrorOf("SELECT * FROM t /* open") == NotWellFormedText(""));
  CHECK(ErrorOf("SELECT COUNT(*) FROM t") == "Unexpected path component at 1:8:5");
  // Positions count characters (UTF-16 units), not bytes.
  CHECK(ErrorOf("SELECT \"é\", COUNT(*) FROM t") == "Unexpected path component at 1:13:5");
  CHECK(ErrorOf("SELECT l[-1] FROM t") == "List index is not within the allowable range; index: [-1] at 1:11:1");
  CHECK(ErrorOf("INSERT INTO t VALUE {'a': <<>>}") == "Empty bags are not supported");
  CHECK(ErrorOf("SELECT * FROM t WHERE n = 1e126").find("Number overflow") == 0);
  CHECK(ErrorOf("SELECT * FROM t t") == "Aliasing is not supported");
  CHECK(ErrorOf("SELECT a, m.a FROM t") == "Duplicate identifiers in select clause: a");
  CHECK(ErrorOf("DELETE FROM t WHERE pk = 'a' RETURNING ALL NEW *") ==
        "Invalid returning clause: RETURNING ALL NEW *. Only RETURNING ALL OLD * is allowed in DELETE statements.");
}

TEST_CASE("partiql: nesting is bounded, so no statement exhausts the stack") {
  for (const auto& [open, close] :
       {std::pair<std::string, std::string>{"(", ")"}, {"[", "]"}, {"{'a':", "}"}, {"<<", ">>"}, {"NOT ", ""}}) {
    std::string statement = "SELECT * FROM t WHERE a = ";
    if (open == "NOT ") statement = "SELECT * FROM t WHERE ";
    for (int i = 0; i < 5000; ++i) statement += open;
    statement += open == "NOT " ? "a = 1" : "1";
    for (int i = 0; i < 5000; ++i) statement += close;
    CHECK(ErrorOf(statement) == "Nesting Levels have exceeded supported limits");
  }
  CHECK(ErrorOf("SELECT * FROM t WHERE a = ((((((((((1))))))))))").empty());
  std::string sum = "UPDATE t SET a = 1";
  for (int i = 0; i < 3000; ++i) sum += "+1";
  CHECK(ErrorOf(sum + " WHERE pk = 'a'") == "Nesting Levels have exceeded supported limits");
}

TEST_CASE("partiql: a SELECT fixing the partition key runs as one Query per partition") {
  const TableDefinition table = HashRangeTable();
  Statement s = Parse("SELECT * FROM t WHERE pk IN ['b', 'a'] AND sk > 3 AND sk < 9 AND x = 1");
  ReadPlan plan = PlanSelect(s.select, table, {});
  REQUIRE(plan.is_query);
  REQUIRE(plan.queries.size() == 2);
  CHECK(plan.queries[0].key_condition.kind == Condition::Kind::And);
  CHECK(plan.queries[0].key_condition.children[0].operands[1].value == AttributeValue::String("b"));
  REQUIRE(plan.queries[0].page.filter.has_value());  // sk < 9 and x = 1 stay in the filter
  CHECK(plan.queries[0].page.filter->children.size() == 2);

  s = Parse("SELECT * FROM t WHERE pk IN ['b', 'a'] ORDER BY pk ASC");
  plan = PlanSelect(s.select, table, {});
  CHECK(plan.queries[0].key_condition.operands[1].value == AttributeValue::String("a"));

  s = Parse("SELECT * FROM t WHERE x = 1 OR pk = 'a'");
  CHECK_FALSE(PlanSelect(s.select, table, {}).is_query);
}

TEST_CASE("partiql: writes name the full key; the rest of the WHERE clause is the condition") {
  const TableDefinition table = HashRangeTable();
  Statement s = Parse("UPDATE t SET v = 1 WHERE pk = 'a' AND sk = 2 AND v = 0");
  UpdateItemRequest update = PlanUpdate(s.update, table, {});
  CHECK(update.key.size() == 2);
  REQUIRE(update.condition.has_value());
  CHECK(update.condition->kind == Condition::Kind::And);  // the item exists, and v = 0

  s = Parse("DELETE FROM t WHERE pk = 'a'");
  try {
    PlanDelete(s.del, table, {});
    FAIL("a partial key was accepted");
  } catch (const DynamoError& e) {
    CHECK(e.message() == "Where clause does not contain a mandatory equality on all key attributes");
  }

  s = Parse("INSERT INTO t VALUE {'pk': ?, 'sk': 1, 's': <<'a', 'a'>>}");
  try {
    PlanInsert(s.insert, table, {AttributeValue::String("k")});
    FAIL("a set with duplicates was accepted");
  } catch (const DynamoError& e) {
    CHECK(e.message() == "One or more parameter values were invalid: Input collection [a, a] contains duplicates.");
  }
}
