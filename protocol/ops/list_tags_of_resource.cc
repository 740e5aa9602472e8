// ListTagsOfResource: a table's tags, in the order they were first added.
#include "protocol/operation.h"
#include "protocol/resource_arn.h"

namespace ddb {

void ListTagsOfResourceOperation(OperationContext& ctx) {
  ConstraintViolations v;
  std::vector<std::pair<std::string, std::string>> tags;
  OnTableOfResourceArn(ctx.request, v, [&](const std::string& table) { tags = ctx.engine.ListTags(table); });
  ctx.out.StartObject();
  ctx.out.Key("Tags");
  ctx.out.StartArray();
  for (const auto& [key, value] : tags) {
    ctx.out.StartObject();
    ctx.out.Key("Key");
    WriteString(ctx.out, key);
    ctx.out.Key("Value");
    WriteString(ctx.out, value);
    ctx.out.EndObject();
  }
  ctx.out.EndArray();
  ctx.out.EndObject();
}

}  // namespace ddb
