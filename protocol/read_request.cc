#include "protocol/read_request.h"

#include <algorithm>

#include "engine/error.h"
#include "protocol/attribute_json.h"
#include "protocol/legacy_parameters.h"

namespace ddb {

void CheckReadPageShapes(const JsonValue& request, ConstraintViolations& v) {
  v.Enum(StringMember(request, "Select"), "select",
         {"SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"});
  v.MinValue(LongMember(request, "Limit"), "limit", 1);
  v.Enum(StringMember(request, "ConditionalOperator"), "conditionalOperator", {"AND", "OR"});
  for (const char* member : {"QueryFilter", "ScanFilter", "KeyConditions"}) {
    const JsonValue* filter = ObjectMember(request, member);
    if (!filter) continue;
    std::string path(member);
    path[0] = static_cast<char>(path[0] - 'A' + 'a');
    for (auto it = filter->MemberBegin(); it != filter->MemberEnd(); ++it) {
      ExpectObject(it->value, "Condition");
      v.Enum(StringMember(it->value, "ComparisonOperator"),
             path + "." + std::string(it->name.GetString(), it->name.GetStringLength()) + ".member.comparisonOperator",
             {"IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT", "NOT_NULL", "NE", "LE", "BEGINS_WITH", "GE",
              "CONTAINS"});
    }
  }
  if (const JsonValue* attributes = ArrayMember(request, "AttributesToGet"); attributes && attributes->Empty()) {
    v.Add("'[]'", "attributesToGet", MinLengthRule(1));
  }
}

ReadPageOptions ReadPageParameters(const JsonValue& r, ExpressionContext& expressions, const char* filter_member) {
  ReadPageOptions page;
  auto select = StringMember(r, "Select");
  auto projection = StringMember(r, "ProjectionExpression");
  const JsonValue* attributes_to_get = ArrayMember(r, "AttributesToGet");
  page.select = select;
  if (attributes_to_get)
    page.projection_member = "AttributesToGet";
  else if (projection)
    page.projection_member = "ProjectionExpression";
  page.count_only = select && *select == "COUNT";
  // DynamoDB parses the filter before the projection.
  if (auto filter = StringMember(r, "FilterExpression")) {
    page.filter = expressions.ParseCondition(*filter, "FilterExpression");
  } else {
    page.filter = ParseLegacyConditions(r, filter_member, /*use_conditional_operator=*/true);
  }
  if (projection) {
    page.projection = expressions.ParseProjection(*projection, "ProjectionExpression");
  } else if (attributes_to_get) {
    page.projection = ParseAttributesToGet(*attributes_to_get);
  }
  // Scan reads a Limit past the Integer range as no limit, as DynamoDB does
  // (Query refuses one before this).
  if (auto limit = LongMember(r, "Limit"); limit && *limit <= kMaxIntegerValue) {
    page.limit = static_cast<std::size_t>(*limit);
  }
  if (const JsonValue* start = Member(r, "ExclusiveStartKey")) page.exclusive_start_key = ParseItem(*start);
  page.consistent_read = BoolMember(r, "ConsistentRead").value_or(false);
  return page;
}

void WriteReadPageResponse(JsonWriter& w, const ReadPageResult& result, bool count_only,
                           const ItemRequestCommon& common, const ConsumedCapacity& consumed) {
  w.StartObject();
  if (!count_only) {
    w.Key("Items");
    w.StartArray();
    for (const auto& item : result.items) WriteEncodedItem(w, item);
    w.EndArray();
  }
  w.Key("Count");
  w.Uint64(result.count);
  w.Key("ScannedCount");
  w.Uint64(result.scanned_count);
  if (result.last_evaluated_key) {
    w.Key("LastEvaluatedKey");
    WriteItem(w, *result.last_evaluated_key);
  }
  WriteConsumedCapacity(w, common, consumed);
  w.EndObject();
}

}  // namespace ddb
