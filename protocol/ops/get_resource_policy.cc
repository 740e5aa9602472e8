// GetResourcePolicy: the resource-based policy of a table or its stream.
// ddbemu stores none (PutResourcePolicy is not offered), so an existing
// table or stream answers PolicyNotFoundException, as AWS does for one
// without a policy; the ARN is checked first, with AWS's texts.
#include "engine/error.h"
#include "protocol/constraints.h"
#include "protocol/operation.h"

namespace ddb {

namespace {

constexpr const char* kInvalidParameters = "One or more parameter values were invalid: ";

// What a policy ARN names: a table, or a table's stream (its label).
struct PolicyResource {
  std::string table;
  std::optional<std::string> stream_label;
};

PolicyResource ReadPolicyArn(const std::string& arn, const RequestInfo& info) {
  if (!arn.starts_with("arn:"))
    throw ValidationError(std::string(kInvalidParameters) + "ARNs must start with 'arn:': " + arn);
  // arn:<partition>:<service>:<region>:<account>:<resource>
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    const std::size_t colon = arn.find(':', start);
    if (colon == std::string::npos) break;
    parts.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  if (parts.size() < 5 || parts[2] != "dynamodb") {
    throw ValidationError(std::string(kInvalidParameters) + "Provided Arn is not a DynamoDB resource arn: " + arn);
  }
  const std::string resource = arn.substr(start);
  if (parts[1] != "aws" || parts[3] != info.region || !resource.starts_with("table/")) {
    throw ValidationError(std::string(kInvalidParameters) + "Invalid resource Arn: " + arn);
  }
  if (parts[4] != info.account) {
    throw ValidationError("This action is only supported by accounts that match the resource owner\u2019s account.");
  }
  const std::string path = resource.substr(6);  // <table>[/stream/<label>]
  if (path.find("/backup/") != std::string::npos) {
    throw ValidationError(std::string(kInvalidParameters) + "Provided Arn is not a DynamoDB resource arn: " + arn);
  }
  const std::size_t slash = path.find('/');
  if (slash == std::string::npos) return {path, std::nullopt};
  const std::string kind = path.substr(slash + 1, path.find('/', slash + 1) - slash - 1);
  if (kind != "stream" || path.find('/', slash + 1) == std::string::npos) {
    throw ValidationError(
        std::string(kInvalidParameters) +
        "Invalid resource arn provided, only table or stream is accepted. Provided resource arn: " + arn);
  }
  return {path.substr(0, slash), path.substr(path.find('/', slash + 1) + 1)};
}

}  // namespace

void GetResourcePolicyOperation(OperationContext& ctx) {
  ConstraintViolations v;
  const std::optional<std::string> arn = StringMember(ctx.request, "ResourceArn");
  v.NotNull(arn.has_value(), "resourceArn");
  v.StringLength(arn, "resourceArn", 1, kMaxTableArnLength);
  v.ThrowIfAny();
  const PolicyResource resource = ReadPolicyArn(*arn, ctx.info);
  const TableDescription d = ctx.engine.DescribeTable(resource.table);  // a missing table: ResourceNotFoundException
  if (resource.stream_label && *resource.stream_label != d.definition.latest_stream_label) {
    throw ResourceNotFoundError("Requested resource not found: Stream: " + *resource.stream_label +
                                " not found for Table: " + resource.table);
  }
  throw DynamoError(ErrorCode::PolicyNotFound, "Resource-based policy not found for the provided ResourceArn: " + *arn);
}

}  // namespace ddb
