// Base64 as DynamoDB's wire format uses it for B and BS values: standard
// alphabet, padded. Decode is strict: it rejects what DynamoDB rejects.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ddb {

std::string Base64Encode(std::string_view bytes);
// nullopt when `text` is not valid padded base64.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace ddb
