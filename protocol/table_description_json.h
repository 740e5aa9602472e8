// Writes a TableDescription as DynamoDB's JSON (shared by CreateTable,
// DescribeTable, UpdateTable and DeleteTable).
#pragma once

#include <string>
#include <vector>

#include "engine/table_definition.h"
#include "protocol/json.h"

namespace ddb {

// `with_warm_throughput`: DescribeTable reports WarmThroughput; the
// CreateTable response does not.
void WriteTableDescription(JsonWriter& w, const TableDescription& description, bool with_warm_throughput = false);
// A control-plane answer: one object whose `member` ("Table",
// "TableDescription") is the description.
void WriteTableAnswer(JsonWriter& w, const char* member, const TableDescription& description,
                      bool with_warm_throughput = false);

std::string_view TableStatusName(TableStatus status);

// Pieces of a description that backups describe too (protocol/backup_json.h).
void WriteKeySchema(JsonWriter& w, const std::vector<std::string>& hash_keys,
                    const std::vector<std::string>& range_keys);
void WriteProjection(JsonWriter& w, const Projection& p);
// SSEDescription, when the table has its own key.
void WriteSseDescription(JsonWriter& w, const TableDefinition& t);

}  // namespace ddb
