// DynamoDB's reserved words, which may not appear unquoted as attribute names
// in expressions (developer guide, "Reserved words in DynamoDB").
#pragma once

#include <string_view>

namespace ddb {

// True when `word` (any case) is one of DynamoDB's reserved words.
bool IsReservedWord(std::string_view word);

}  // namespace ddb
