// UpdateTable: billing mode, provisioned throughput, deletion protection.
// (Index, stream, SSE and replica updates come with their own issues.)
#include "engine/error.h"
#include "protocol/constraints.h"
#include "protocol/operation.h"
#include "protocol/table_description_json.h"
#include "protocol/table_parameters.h"

namespace ddb {

void UpdateTableOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  std::optional<std::string> name = RequireTableName(r);
  ConstraintViolations v;
  CheckTableName(v, name, "tableName");
  auto billing_mode = StringMember(r, "BillingMode");
  v.Enum(billing_mode, "billingMode", {"PROVISIONED", "PAY_PER_REQUEST"});
  const std::optional<ProvisionedThroughput> throughput = ReadProvisionedThroughput(r, v);
  auto deletion_protection = BoolMember(r, "DeletionProtectionEnabled");
  v.ThrowIfAny();

  if (!billing_mode && !throughput && !deletion_protection && !Member(r, "StreamSpecification") &&
      !Member(r, "GlobalSecondaryIndexUpdates") && !Member(r, "SSESpecification") && !Member(r, "ReplicaUpdates") &&
      !Member(r, "TableClass") && !Member(r, "OnDemandThroughput") && !Member(r, "WarmThroughput")) {
    throw ValidationError(
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, "
        "SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, "
        "DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required");
  }
  if (billing_mode && *billing_mode == "PROVISIONED" && !throughput) {
    throw InvalidParameterError("ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
  }
  if (billing_mode && *billing_mode == "PAY_PER_REQUEST" && throughput) {
    throw InvalidParameterError(
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
  }
  if (throughput) CheckThroughputBounds(*throughput);

  UpdateTableRequest request;
  request.table_name = TableNameFromNameOrArn(*name);
  if (billing_mode) {
    request.billing_mode = *billing_mode == "PAY_PER_REQUEST" ? BillingMode::PAY_PER_REQUEST : BillingMode::PROVISIONED;
  }
  request.throughput = throughput;
  request.deletion_protection = deletion_protection;
  TableDescription d = ctx.engine.UpdateTable(request);
  ctx.out.StartObject();
  ctx.out.Key("TableDescription");
  WriteTableDescription(ctx.out, d);
  ctx.out.EndObject();
}

}  // namespace ddb
