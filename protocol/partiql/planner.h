// Turns a parsed PartiQL statement, its bound parameters and its table's
// definition into the engine requests DynamoDB would run for it:
//
//   SELECT  one Query per partition the WHERE clause names (`pk = v`,
//           `pk IN [...]`, or an OR of branches that each fix `pk`; the
//           first sort-key condition becomes the key condition, the rest
//           of the WHERE the filter), otherwise a Scan filtered by it (and
//           a GetItem when the whole key is named: executor.h);
//   INSERT  a PutItem conditioned on the item not existing;
//   UPDATE  an UpdateItem of the key named by the WHERE clause, conditioned
//           on the item existing and on the rest of the clause;
//   DELETE  a DeleteItem of that key, conditioned on the rest of the clause.
//
// So PartiQL shares the engine's write path (conditions, indexes, capacity,
// throttling, streams) and read path (pages, capacity) with the item API.
#pragma once

#include <optional>
#include <vector>

#include "engine/requests.h"
#include "engine/table_definition.h"
#include "protocol/partiql/ast.h"

namespace ddb::partiql {

using Parameters = std::vector<AttributeValue>;

// The checks DynamoDB makes on a statement before it looks its table up:
// the `?` count against the parameters given, then the types of literal
// operands (ordering comparisons, BETWEEN, + and -).
void CheckStatement(const Statement& statement, const Parameters& parameters);

// A SELECT runs as a Scan, or as one Query per partition its WHERE clause
// names (`pk = v`, or `pk IN [...]`), one after the other.
struct ReadPlan {
  bool is_query = false;
  std::vector<QueryRequest> queries;
  ScanRequest scan;
};
ReadPlan PlanSelect(const SelectStatement& select, const TableDefinition& table, const Parameters& parameters);

// A SELECT of the table whose WHERE clause fixes its whole primary key with
// `=`: one item, read as GetItem reads it; `rest` is the other conjuncts.
struct KeyLookup {
  Item key;
  std::optional<Condition> rest;
};
std::optional<KeyLookup> PlanKeyLookup(const SelectStatement& select, const TableDefinition& table,
                                       const Parameters& parameters);

// The full primary key a SELECT in a batch or transaction names; nullopt
// when its WHERE clause is not exactly that key.
std::optional<Item> PlanKeyedSelect(const SelectStatement& select, const TableDefinition& table,
                                    const Parameters& parameters);

// The key of the one item a statement addresses, when it names one.
std::optional<Item> StatementKey(const Statement& statement, const TableDefinition& table,
                                 const Parameters& parameters);
// The first key attribute an item lacks.
std::optional<std::string> MissingKeyAttribute(const Item& item, const TableDefinition& table);
// The first key attribute an INSERT's item lacks (nullopt when the item is
// not a map: PlanInsert reports that).
std::optional<std::string> MissingInsertKey(const InsertStatement& insert, const TableDefinition& table,
                                            const Parameters& parameters);

PutItemRequest PlanInsert(const InsertStatement& insert, const TableDefinition& table, const Parameters& parameters);
UpdateItemRequest PlanUpdate(const UpdateStatement& update, const TableDefinition& table, const Parameters& parameters);
DeleteItemRequest PlanDelete(const DeleteStatement& del, const TableDefinition& table, const Parameters& parameters);
// EXISTS(SELECT ...) in a transaction: a condition check on the key the
// SELECT names, that the item exists and matches the rest of the clause
// (which must not be empty).
TransactWriteRequest::Action PlanExists(const SelectStatement& select, const TableDefinition& table,
                                        const Parameters& parameters);

// The value a literal or parameter stands for (lists, maps and sets built
// from their members). `where` names it in messages ("root", "root.k").
AttributeValue ValueOf(const Node& node, const Parameters& parameters, const std::string& where = "root");

}  // namespace ddb::partiql
