// UpdateTable: billing mode, provisioned throughput, deletion protection,
// the stream and GlobalSecondaryIndexUpdates. (SSE and replica updates come
// with their own issues.) Request-level rules first, then the checks that need
// the table as it is, then the engine, which re-checks what can race.
#include <algorithm>
#include <set>

#include "engine/error.h"
#include "protocol/constraints.h"
#include "protocol/index_parameters.h"
#include "protocol/operation.h"
#include "protocol/table_description_json.h"
#include "protocol/table_parameters.h"
#include "protocol/text.h"

namespace ddb {
namespace {

struct IndexUpdateInput {
  int actions = 0;
  std::optional<IndexInput> create;
  std::optional<std::string> update_name;
  std::optional<ProvisionedThroughput> update_throughput;
  std::optional<OnDemandThroughput> update_on_demand;
  std::optional<WarmThroughput> update_warm;
  std::optional<std::string> delete_name;

  const std::string& name() const { return create ? *create->name : update_name ? *update_name : *delete_name; }
};

std::vector<IndexUpdateInput> ReadIndexUpdates(const JsonValue& list, ConstraintViolations& v) {
  std::vector<IndexUpdateInput> out;
  int i = 1;
  for (const auto& entry : list.GetArray()) {
    ExpectObject(entry);
    const std::string path = "globalSecondaryIndexUpdates." + std::to_string(i++) + ".member.";
    IndexUpdateInput u;
    if (const JsonValue* c = ObjectMember(entry, "Create")) {
      ++u.actions;
      u.create = ReadIndex(*c, path + "create.", /*global=*/true, v);
    }
    if (const JsonValue* up = ObjectMember(entry, "Update")) {
      ++u.actions;
      u.update_name = StringMember(*up, "IndexName");
      v.NotNull(u.update_name.has_value(), path + "update.indexName");
      if (const JsonValue* t = ObjectMember(*up, "ProvisionedThroughput")) {
        u.update_throughput =
            ReadThroughputUnits(*t, path + "update.provisionedThroughput.", v, /*write_units_first=*/false);
      }
      u.update_on_demand = ReadOnDemandThroughput(*up);
      u.update_warm = ReadWarmThroughput(*up);
    }
    if (const JsonValue* d = ObjectMember(entry, "Delete")) {
      ++u.actions;
      u.delete_name = StringMember(*d, "IndexName");
      v.NotNull(u.delete_name.has_value(), path + "delete.indexName");
    }
    out.push_back(std::move(u));
  }
  return out;
}

// The request-level rules on GlobalSecondaryIndexUpdates: one action per
// entry, one entry per index, one online Create or Delete, and none while
// the table's throughput changes.
void CheckIndexUpdateList(const std::vector<IndexUpdateInput>& index_updates, bool changes_throughput) {
  for (const auto& u : index_updates) {
    if (u.actions == 0) {
      throw InvalidParameterError(
          "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
          "GlobalSecondaryIndexUpdate.Delete must not be null");
    }
    if (u.actions > 1) {
      throw InvalidParameterError(
          "Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object");
    }
  }
  std::set<std::string> names;
  int online = 0;
  for (const auto& u : index_updates) {
    if (!names.insert(u.name()).second) {
      throw InvalidParameterError(
          "Only one global secondary index update per index is allowed simultaneously. Index: " + u.name());
    }
    if (u.create || u.delete_name) ++online;
  }
  if (online > 1) throw OneOnlineIndexLimit();
  if (online && changes_throughput) {
    throw InvalidParameterError("You cannot create or delete index while updating table IOPS");
  }
}

// The index updates as the engine takes them, with the checks that need the
// table as it is now; a Create's attribute definitions join `request`.
void AddIndexUpdates(Engine& engine, const std::vector<IndexUpdateInput>& index_updates,
                     const std::optional<std::vector<KeyElementInput>>& definitions, UpdateTableRequest& request) {
  std::optional<TableDefinition> current;
  try {
    current = engine.DescribeTable(request.table_name).definition;
  } catch (const DynamoError& e) {
    if (e.code() != ErrorCode::ResourceNotFound) throw;
    throw TableNotFound(request.table_name);
  }
  for (const auto& u : index_updates) {
    GlobalIndexUpdate update;
    update.index_name = u.name();
    if (u.delete_name) {
      update.kind = GlobalIndexUpdate::Kind::Delete;
    } else if (u.update_name) {
      update.kind = GlobalIndexUpdate::Kind::Update;
      update.throughput = u.update_throughput;
      if (u.update_throughput) CheckThroughputBounds(*u.update_throughput);
      update.on_demand = u.update_on_demand;
      update.warm = u.update_warm;
    } else {
      update.kind = GlobalIndexUpdate::Kind::Create;
      if (current->FindIndex(u.name())) throw IndexAlreadyExists();
      if (!definitions) throw InvalidParameterError("AttributeDefinitions is not specified for index: " + u.name());
      // Every key attribute of the new index must be (re)declared; the
      // engine checks the types against the table's under its lock.
      IndexTableContext context;
      context.hash_key = current->key_schema.hash_key;
      context.range_key = current->key_schema.range_key;
      context.on_demand = request.billing_mode.value_or(current->billing_mode) == BillingMode::PAY_PER_REQUEST;
      context.update_table = true;
      std::set<std::string> declared;
      for (const auto& d : *definitions) {
        if (!declared.insert(*d.name).second) throw ValidationError("Attribute Name is duplicated: " + *d.name);
        context.attribute_names.push_back(*d.name);
        request.attribute_definitions.push_back({*d.name, *ScalarType(*d.type)});
      }
      update.create = CheckIndex(*u.create, /*global=*/true, context);
    }
    request.index_updates.push_back(std::move(update));
  }
}

bool ChangesIndexSet(const std::vector<IndexUpdateInput>& updates) {
  return std::any_of(updates.begin(), updates.end(),
                     [](const IndexUpdateInput& u) { return u.create || u.delete_name; });
}

// The rules a stream change must follow whatever the table's state
// (docs/ttl-streams-messages.md §3).
void CheckStreamUpdate(const StreamSpecification& stream, bool changes_indexes, bool changes_throughput) {
  if (changes_indexes) throw InvalidParameterError("You cannot create or delete index while changing stream status");
  if (changes_throughput) throw InvalidParameterError("You cannot modify stream status while updating table IOPS");
  if (stream.enabled && stream.view_type.empty()) {
    throw InvalidParameterError("If stream is being enabled then UpdateViewType is required");
  }
  if (!stream.enabled && !stream.view_type.empty()) {
    throw InvalidParameterError("If stream is being disabled, then UpdateViewType must not be specified");
  }
}

// Encryption, the table class, deletion protection and warm throughput
// each change alone; on-demand maximums go only with a billing mode. The
// first rule broken, in this order, is reported (AWS's order).
void CheckSoleChanges(const JsonValue& r, bool sse, bool table_class) {
  const char* members[] = {"BillingMode",
                           "ProvisionedThroughput",
                           "OnDemandThroughput",
                           "WarmThroughput",
                           "DeletionProtectionEnabled",
                           "StreamSpecification",
                           "GlobalSecondaryIndexUpdates",
                           "SSESpecification",
                           "TableClass"};
  std::size_t changes = 0;
  for (const char* member : members) changes += Member(r, member) ? 1 : 0;
  if (changes <= 1) return;
  if (sse) throw InvalidParameterError("Server-Side Encryption modification must be the only operation in the request");
  if (table_class) throw InvalidParameterError("TableClass modification must be the only operation in the request");
  if (Member(r, "DeletionProtectionEnabled")) {
    throw InvalidParameterError("DeletionProtection modification must be the only operation in the request");
  }
  if (Member(r, "WarmThroughput"))
    throw InvalidParameterError("WarmThroughput must be the only operation in the request");
  if (Member(r, "OnDemandThroughput") && changes > (Member(r, "BillingMode") ? 2u : 1u)) {
    throw InvalidParameterError("OnDemandThroughput can only be combined with BillingMode in an UpdateTable request");
  }
}

}  // namespace

void UpdateTableOperation(OperationContext& ctx) {
  const JsonValue& r = ctx.request;
  std::optional<std::string> name = RequireTableName(r);
  ConstraintViolations v;
  std::optional<std::vector<KeyElementInput>> definitions;
  if (const JsonValue* list = ArrayMember(r, "AttributeDefinitions")) definitions = ReadAttributeDefinitions(*list, v);
  CheckTableName(v, name, "tableName");
  auto billing_mode = StringMember(r, "BillingMode");
  v.Enum(billing_mode, "billingMode", {"PROVISIONED", "PAY_PER_REQUEST"});
  const std::optional<ProvisionedThroughput> throughput = ReadProvisionedThroughput(r, v);
  auto deletion_protection = BoolMember(r, "DeletionProtectionEnabled");
  std::optional<std::vector<IndexUpdateInput>> index_updates;
  if (const JsonValue* list = ArrayMember(r, "GlobalSecondaryIndexUpdates")) index_updates = ReadIndexUpdates(*list, v);
  const std::optional<StreamSpecification> stream = ReadStreamSpecification(r, v);
  const std::optional<SseRequest> sse = ReadSseSpecification(r, v);
  const std::optional<std::string> table_class = StringMember(r, "TableClass");
  v.ThrowIfAny();

  const bool has_index_updates = index_updates && !index_updates->empty();
  const bool other_change = billing_mode || throughput || deletion_protection || Member(r, "StreamSpecification") ||
                            Member(r, "SSESpecification") || Member(r, "ReplicaUpdates") || Member(r, "TableClass") ||
                            Member(r, "OnDemandThroughput") || Member(r, "WarmThroughput");
  if (!other_change && !has_index_updates) {
    throw ValidationError(
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, "
        "SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, "
        "DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required");
  }
  // Global tables (replicas, witnesses, multi-region consistency) are not
  // in ddbemu: refused, rather than answered as if applied.
  for (const char* member : {"ReplicaUpdates", "GlobalTableWitnessUpdates", "MultiRegionConsistency",
                             "GlobalTableSettingsReplicationMode"}) {
    if (Member(r, member)) throw NotImplementedParameter(member, "global tables");
  }
  if (table_class && *table_class != "STANDARD" && *table_class != "STANDARD_INFREQUENT_ACCESS") {
    throw ValidationError(
        "Invalid table-class parameter provided. Please try again with a valid table-class value: [STANDARD, "
        "STANDARD_INFREQUENT_ACCESS].");
  }
  CheckSoleChanges(r, sse.has_value(), table_class.has_value());
  if (sse) CheckSseSpecification(*sse);
  if (index_updates && index_updates->empty()) {
    throw InvalidParameterError("List of GlobalSecondaryIndexUpdates is empty");
  }
  if (has_index_updates) CheckIndexUpdateList(*index_updates, throughput.has_value());
  if (stream) CheckStreamUpdate(*stream, has_index_updates && ChangesIndexSet(*index_updates), throughput.has_value());
  if (billing_mode && *billing_mode == "PROVISIONED" && !throughput) {
    throw InvalidParameterError("ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
  }
  if (billing_mode && *billing_mode == "PAY_PER_REQUEST" && throughput) {
    throw ThroughputWithPayPerRequest();
  }
  if (throughput) CheckThroughputBounds(*throughput);

  UpdateTableRequest request;
  request.table_name = TableNameFromNameOrArn(*name);
  if (billing_mode) {
    request.billing_mode = *billing_mode == "PAY_PER_REQUEST" ? BillingMode::PAY_PER_REQUEST : BillingMode::PROVISIONED;
  }
  request.throughput = throughput;
  request.on_demand = ReadOnDemandThroughput(r);
  request.warm = ReadWarmThroughput(r);
  request.deletion_protection = deletion_protection;
  request.stream = stream;
  request.table_class = table_class;
  if (sse) request.sse = sse->specification;
  if (has_index_updates) AddIndexUpdates(ctx.engine, *index_updates, definitions, request);
  TableDescription d = ctx.engine.UpdateTable(request);
  WriteTableAnswer(ctx.out, "TableDescription", d);
}

}  // namespace ddb
