#include "protocol/item_request.h"

#include "engine/error.h"
#include "protocol/attribute_json.h"
#include "protocol/legacy_parameters.h"
#include "protocol/text.h"

namespace ddb {

void ReadCommonItemParameters(const JsonValue& request, ConstraintViolations& v, ItemRequestCommon& common) {
  common.table_name = ReadTableNameOrArn(request, v);
  common.return_consumed_capacity = StringMember(request, "ReturnConsumedCapacity");
  v.Enum(common.return_consumed_capacity, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
}

WriteOptions ReadWriteOptions(const JsonValue& request, ConstraintViolations& v) {
  WriteOptions o;
  o.return_values = StringMember(request, "ReturnValues");
  v.Enum(o.return_values, "returnValues", {"ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"});
  o.return_item_collection_metrics = StringMember(request, "ReturnItemCollectionMetrics");
  v.Enum(o.return_item_collection_metrics, "returnItemCollectionMetrics", {"SIZE", "NONE"});
  o.return_values_on_condition_check_failure = StringMember(request, "ReturnValuesOnConditionCheckFailure");
  v.Enum(o.return_values_on_condition_check_failure, "returnValuesOnConditionCheckFailure", {"ALL_OLD", "NONE"});
  v.Enum(StringMember(request, "ConditionalOperator"), "conditionalOperator", {"AND", "OR"});
  if (const JsonValue* expected = ObjectMember(request, "Expected")) {
    for (auto it = expected->MemberBegin(); it != expected->MemberEnd(); ++it) {
      ExpectObject(it->value, "ExpectedAttributeValue");
      v.Enum(StringMember(it->value, "ComparisonOperator"),
             "expected." + std::string(it->name.GetString()) + ".member.comparisonOperator",
             {"IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT", "NOT_NULL", "NE", "LE", "BEGINS_WITH", "GE",
              "CONTAINS"});
    }
  }
  return o;
}

ReturnValues AllOldOrNone(const std::optional<std::string>& text) {
  ReturnValues r = ToReturnValues(text);
  if (r != ReturnValues::NONE && r != ReturnValues::ALL_OLD) {
    throw ValidationError("ReturnValues can only be ALL_OLD or NONE");
  }
  return r;
}

ReturnValues ToReturnValues(const std::optional<std::string>& text) {
  if (!text || *text == "NONE") return ReturnValues::NONE;
  if (*text == "ALL_OLD") return ReturnValues::ALL_OLD;
  if (*text == "UPDATED_OLD") return ReturnValues::UPDATED_OLD;
  if (*text == "ALL_NEW") return ReturnValues::ALL_NEW;
  return ReturnValues::UPDATED_NEW;
}

void CheckExpressionParameters(const JsonValue& request, const std::vector<const char*>& expression_members,
                               const std::vector<const char*>& legacy_members, std::vector<const char*> value_members) {
  if (value_members.empty()) value_members = expression_members;
  std::vector<std::string> expressions, legacy;
  for (const char* m : expression_members) {
    if (Member(request, m)) expressions.push_back(m);
  }
  for (const char* m : legacy_members) {
    if (Member(request, m)) legacy.push_back(m);
  }
  if (!expressions.empty() && !legacy.empty()) {
    throw ValidationError(
        "Can not use both expression and non-expression parameters in the same request: Non-expression "
        "parameters: " +
        JoinList(legacy, "{", "}") + " Expression parameters: " + JoinList(expressions, "{", "}"));
  }
  if (!expressions.empty()) return;
  if (Member(request, "ExpressionAttributeNames")) {
    throw ValidationError("ExpressionAttributeNames can only be specified when using expressions");
  }
  if (Member(request, "ExpressionAttributeValues")) {
    std::vector<std::string> names(value_members.begin(), value_members.end());
    std::string which = names.size() == 1 ? names[0] + " is null" : names[0] + " and " + names[1] + " are null";
    throw ValidationError("ExpressionAttributeValues can only be specified when using expressions: " + which);
  }
}

std::optional<Condition> ParseWriteCondition(const JsonValue& request, ExpressionContext& expressions) {
  auto condition = StringMember(request, "ConditionExpression");
  if (!condition) return ParseExpected(request);
  return expressions.ParseCondition(*condition, "ConditionExpression");
}

void WriteCapacityObject(JsonWriter& w, const std::string& table, const ConsumedCapacity& consumed,
                         const std::string& mode, bool split) {
  auto units = [&](double total, double read, double write) {
    w.Key("CapacityUnits");
    w.Double(total);
    if (split && read > 0) {
      w.Key("ReadCapacityUnits");
      w.Double(read);
    }
    if (split && write > 0) {
      w.Key("WriteCapacityUnits");
      w.Double(write);
    }
  };
  w.StartObject();
  w.Key("TableName");
  WriteString(w, table);
  double index_units = 0;
  for (const auto* m : {&consumed.local_index_units, &consumed.global_index_units}) {
    for (const auto& [name, value] : *m) index_units += value;
  }
  const bool writing = consumed.write_units > 0 || consumed.read_units == 0;
  units(consumed.total(), writing ? 0 : consumed.total(), writing ? consumed.total() : 0);
  if (mode == "INDEXES") {
    w.Key("Table");
    w.StartObject();
    units(consumed.read_units + consumed.write_units, consumed.read_units, consumed.write_units);
    w.EndObject();
    for (const auto* m : {&consumed.local_index_units, &consumed.global_index_units}) {
      if (m->empty()) continue;
      w.Key(m == &consumed.local_index_units ? "LocalSecondaryIndexes" : "GlobalSecondaryIndexes");
      w.StartObject();
      for (const auto& [name, value] : *m) {
        w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
        w.StartObject();
        units(value, writing ? 0 : value, writing ? value : 0);
        w.EndObject();
      }
      w.EndObject();
    }
  }
  w.EndObject();
}

void WriteConsumedCapacity(JsonWriter& w, const ItemRequestCommon& common, const ConsumedCapacity& consumed) {
  const auto& mode = common.return_consumed_capacity;
  if (!mode || *mode == "NONE") return;
  w.Key("ConsumedCapacity");
  WriteCapacityObject(w, common.table_name, consumed, *mode, /*split=*/false);
}

void WriteCapacityList(JsonWriter& w, const std::optional<std::string>& mode,
                       const std::map<std::string, ConsumedCapacity>& per_table, bool split) {
  if (!mode || *mode == "NONE") return;
  w.Key("ConsumedCapacity");
  w.StartArray();
  for (const auto& [table, consumed] : per_table) WriteCapacityObject(w, table, consumed, *mode, split);
  w.EndArray();
}

void WriteItemResponse(JsonWriter& w, const char* item_member, const std::optional<Item>& item,
                       const ItemRequestCommon& common, const ConsumedCapacity& consumed,
                       const std::optional<ItemCollectionSize>& collection) {
  w.StartObject();
  if (item) {
    w.Key(item_member);
    WriteItem(w, *item);
  }
  WriteConsumedCapacity(w, common, consumed);
  if (collection) {
    w.Key("ItemCollectionMetrics");
    WriteItemCollectionMetrics(w, *collection);
  }
  w.EndObject();
}

void WriteItemCollectionMetrics(JsonWriter& w, const ItemCollectionSize& collection) {
  constexpr double kGigabyte = 1024.0 * 1024.0 * 1024.0;
  const double low =
      static_cast<double>(static_cast<std::int64_t>(static_cast<double>(collection.size_bytes) / kGigabyte));
  w.StartObject();
  w.Key("ItemCollectionKey");
  WriteItem(w, collection.key);
  w.Key("SizeEstimateRangeGB");
  w.StartArray();
  w.Double(low);
  w.Double(low + 1);
  w.EndArray();
  w.EndObject();
}

void WriteItemCollectionMetricsList(JsonWriter& w, const std::optional<std::string>& mode,
                                    const std::map<std::string, std::vector<ItemCollectionSize>>& per_table) {
  if (mode != "SIZE" || per_table.empty()) return;
  w.Key("ItemCollectionMetrics");
  w.StartObject();
  for (const auto& [table, collections] : per_table) {
    WriteString(w, table);
    w.StartArray();
    for (const auto& c : collections) WriteItemCollectionMetrics(w, c);
    w.EndArray();
  }
  w.EndObject();
}

std::optional<ItemCollectionSize> RequestedCollectionMetrics(const WriteOptions& options,
                                                             const WriteItemResult& result) {
  if (options.return_item_collection_metrics != "SIZE") return std::nullopt;
  return result.item_collection;
}

ConditionalWrite ReadConditionalWrite(const JsonValue& request, const char* member, const char* path) {
  ConstraintViolations v;
  ConditionalWrite write;
  ReadCommonItemParameters(request, v, write.common);
  const JsonValue* item_json = ObjectMember(request, member);
  v.NotNull(item_json != nullptr, path);
  write.options = ReadWriteOptions(request, v);
  v.ThrowIfAny();
  CheckExpressionParameters(request, {"ConditionExpression"}, {"Expected", "ConditionalOperator"});
  write.item = ParseItem(*item_json);
  write.return_values = AllOldOrNone(write.options.return_values);
  ExpressionContext expressions(request);
  write.condition = ParseWriteCondition(request, expressions);
  expressions.CheckAllUsed();
  return write;
}

}  // namespace ddb
