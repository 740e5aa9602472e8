// TagResource: adds or replaces tags on a table.
#include <set>

#include "engine/error.h"
#include "protocol/operation.h"
#include "protocol/resource_arn.h"

namespace ddb {

void TagResourceOperation(OperationContext& ctx) {
  ConstraintViolations v;
  const JsonValue* tags_json = ArrayMember(ctx.request, "Tags");
  v.NotNull(tags_json != nullptr, "tags");
  std::vector<std::pair<std::string, std::string>> tags;
  if (tags_json) {
    int i = 1;
    for (const auto& tag : tags_json->GetArray()) {
      ExpectObject(tag, "Tag");
      auto key = StringMember(tag, "Key");
      auto value = StringMember(tag, "Value");
      const std::string path = "tags." + std::to_string(i++) + ".member.";
      v.NotNull(key.has_value(), path + "key");
      v.StringLength(key, path + "key", 1, 128);
      v.NotNull(value.has_value(), path + "value");
      v.StringLength(value, path + "value", 0, 256);
      if (key && value) tags.emplace_back(*key, *value);
    }
  }
  std::string table = TableNameFromResourceArn(ctx.request, v);
  std::set<std::string> keys;
  for (const auto& [k, value] : tags) {
    if (k.rfind("aws:", 0) == 0) throw ValidationError("Tag Key cannot be prefixed with aws:, Key: " + k);
    if (!keys.insert(k).second) throw ValidationError("Duplicate Tag Keys provided as input: Duplicate Tag Key found " + k);
  }
  try {
    ctx.engine.TagResource(table, tags);
  } catch (const DynamoError& e) {
    if (e.type() == "ResourceNotFoundException") ThrowResourceArnNotFound(*StringMember(ctx.request, "ResourceArn"));
    throw;
  }
  ctx.out.StartObject();
  ctx.out.EndObject();
}

}  // namespace ddb
