// A CreateTable request read and checked in DynamoDB's order (shapes, then
// semantics: docs/validation-messages.md §5.2), shared by CreateTable and
// ImportTable's TableCreationParameters.
#pragma once

#include <string>

#include "engine/requests.h"
#include "protocol/json.h"

namespace ddb {

CreateTableRequest ReadCreateTableRequest(const JsonValue& request, const std::string& region);

}  // namespace ddb
