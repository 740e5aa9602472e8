// TagResource: adds or replaces tags on a table.
#include "protocol/operation.h"
#include "protocol/resource_arn.h"
#include "protocol/table_parameters.h"

namespace ddb {

void TagResourceOperation(OperationContext& ctx) {
  ConstraintViolations v;
  v.NotNull(Member(ctx.request, "Tags") != nullptr, "tags");
  TagList tags = ReadTags(ctx.request, v);
  OnTableOfResourceArn(ctx.request, v, [&](const std::string& table) {
    CheckTags(tags);
    ctx.engine.TagResource(table, tags);
  });
  ctx.out.StartObject();
  ctx.out.EndObject();
}

}  // namespace ddb
