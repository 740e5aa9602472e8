// AttributeValue <-> wire JSON ({"S": "..."}, {"N": "12"}, {"B": "<base64>"}, ...).
//
// Parsing validates exactly what DynamoDB validates on every value, with its
// messages: one type per value, NULL true, non-empty duplicate-free sets,
// numbers in range and at most 38 digits, base64 for binary, nesting at most
// 32 levels. Numbers come out in canonical form.
#pragma once

#include <string_view>

#include "engine/attribute_value.h"
#include "protocol/json.h"

namespace ddb {

AttributeValue ParseAttributeValue(const JsonValue& json);
// A map of attribute name -> AttributeValue (Item, Key, ...).
Item ParseItem(const JsonValue& json);

void WriteAttributeValue(JsonWriter& w, const AttributeValue& value);
void WriteItem(JsonWriter& w, const Item& item);
// The same JSON as WriteItem(w, DecodeItem(encoded)), straight from the
// stored encoding (engine/item_codec.h).
void WriteEncodedItem(JsonWriter& w, std::string_view encoded);

}  // namespace ddb
