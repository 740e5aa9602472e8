// Writes a TableDescription as DynamoDB's JSON (shared by CreateTable,
// DescribeTable, UpdateTable and DeleteTable).
#pragma once

#include "engine/table_definition.h"
#include "protocol/json.h"

namespace ddb {

void WriteTableDescription(JsonWriter& w, const TableDescription& description);

std::string_view TableStatusName(TableStatus status);

}  // namespace ddb
