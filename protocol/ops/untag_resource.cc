// UntagResource: removes tags from a table by key.
#include "protocol/operation.h"
#include "protocol/resource_arn.h"

namespace ddb {

void UntagResourceOperation(OperationContext& ctx) {
  ConstraintViolations v;
  const JsonValue* keys_json = ArrayMember(ctx.request, "TagKeys");
  v.NotNull(keys_json != nullptr, "tagKeys");
  std::vector<std::string> keys;
  if (keys_json) {
    for (const auto& k : keys_json->GetArray()) {
      ExpectString(k);
      keys.emplace_back(k.GetString(), k.GetStringLength());
    }
  }
  OnTableOfResourceArn(ctx.request, v, [&](const std::string& table) { ctx.engine.UntagResource(table, keys); });
  ctx.out.StartObject();
  ctx.out.EndObject();
}

}  // namespace ddb
