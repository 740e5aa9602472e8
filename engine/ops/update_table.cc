// UpdateTable: billing mode, provisioned throughput, deletion protection,
// the stream and GSI Create / Update / Delete. The table answers UPDATING and turns ACTIVE
// after `table_update_seconds`; a new GSI is CREATING until its backfill
// job finishes, a deleted one DELETING until its entries are dropped.
#include <algorithm>

#include "engine/engine.h"
#include "engine/engine_impl.h"
#include "engine/error.h"
#include "engine/limits.h"

namespace ddb {

namespace {

// DynamoDB refuses a throughput "change" to the current values. `index_name`
// is empty for the table's own throughput.
DynamoError UnchangedThroughput(const ProvisionedThroughput& current, const std::string& index_name) {
  const std::string subject = index_name.empty() ? "the table" : "the index " + index_name;
  const std::string owner = index_name.empty() ? "the table" : "index " + index_name;
  const std::string r = std::to_string(current.read_capacity_units);
  const std::string w = std::to_string(current.write_capacity_units);
  return ValidationError("The provisioned throughput for " + subject +
                         " will not change. The requested value equals the current value. Current ReadCapacityUnits "
                         "provisioned for " +
                         owner + ": " + r + ". Requested ReadCapacityUnits: " + r +
                         ". Current WriteCapacityUnits provisioned for " + owner + ": " + w +
                         ". Requested WriteCapacityUnits: " + w +
                         ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher "
                         "limits.");
}

bool SameUnits(const ProvisionedThroughput& a, const ProvisionedThroughput& b) {
  return a.read_capacity_units == b.read_capacity_units && a.write_capacity_units == b.write_capacity_units;
}

// Sets the new units, recording an increase or a decrease as DescribeTable
// reports them.
void ChangeThroughput(ProvisionedThroughput& current, const ProvisionedThroughput& next, double now) {
  if (next.read_capacity_units > current.read_capacity_units ||
      next.write_capacity_units > current.write_capacity_units) {
    current.last_increase_time = now;
  }
  if (next.read_capacity_units < current.read_capacity_units ||
      next.write_capacity_units < current.write_capacity_units) {
    current.last_decrease_time = now;
    ++current.number_of_decreases_today;
  }
  current.read_capacity_units = next.read_capacity_units;
  current.write_capacity_units = next.write_capacity_units;
}

// The GSI an Update or Delete names, with DynamoDB's errors for an LSI or none.
SecondaryIndex& GlobalIndexFor(TableDefinition& t, const std::string& name, const char* verb) {
  for (auto& index : t.global_indexes) {
    if (index.name == name && !index.deleting) return index;
  }
  for (const auto& index : t.local_indexes) {
    if (index.name == name) {
      throw ValidationError(std::string("Cannot ") + verb + " an index that is not a GlobalSecondaryIndex: " + name);
    }
  }
  throw ResourceNotFoundError("Requested resource not found: Index " + name + " for table " + t.name);
}

// Warm throughput only goes up (developer guide, warm throughput), for a
// table and for a GSI alike.
void RaiseWarmThroughput(std::optional<WarmThroughput>& current, const WarmThroughput& asked) {
  WarmThroughput warm = current.value_or(WarmThroughput{});
  warm.read_units_per_second = std::max(warm.read_units_per_second, asked.read_units_per_second);
  warm.write_units_per_second = std::max(warm.write_units_per_second, asked.write_units_per_second);
  current = warm;
}

// An SSESpecification of UpdateTable: to KMS (another key, or the AWS
// managed one), or back to the AWS owned key; a change to what the table
// already has is refused with AWS's texts.
void ApplyEncryption(TableDefinition& t, const SseSpecification& sse) {
  const bool kms = t.sse && t.sse->enabled;
  if (!sse.enabled) {
    if (!kms) throw InvalidParameterError("Table is already encrypted by default");
    t.sse.reset();
    return;
  }
  if (kms && sse.kms_master_key_id == t.sse->kms_master_key_id) {
    throw InvalidParameterError(
        "Table is already encrypted with given KMSMasterKeyId. Use KMSMasterKeyId parameter if you want to change "
        "Master Key");
  }
  t.sse = sse;
}

// Billing mode, throughput, on-demand maximums, warm throughput, deletion
// protection, table class and encryption. Returns whether the table's capacity changes (it turns
// UPDATING).
bool ApplyTableSettings(TableDefinition& t, const UpdateTableRequest& request, double now) {
  const BillingMode mode = request.billing_mode.value_or(t.billing_mode);
  if (mode == BillingMode::PAY_PER_REQUEST && request.throughput) throw ThroughputWithPayPerRequest();
  if (request.throughput && t.billing_mode == BillingMode::PROVISIONED &&
      SameUnits(*request.throughput, t.throughput)) {
    throw UnchangedThroughput(t.throughput, "");
  }
  bool changes_capacity = false;
  if (mode != t.billing_mode) {
    t.billing_mode = mode;
    t.last_billing_mode_change_time = now;
    changes_capacity = true;
    if (mode == BillingMode::PAY_PER_REQUEST) {
      t.throughput.read_capacity_units = 0;
      t.throughput.write_capacity_units = 0;
    }
  }
  if (request.throughput) {
    ChangeThroughput(t.throughput, *request.throughput, now);
    changes_capacity = true;
  }
  // The maximums of an on-demand table (-1: none); the capacity model reads
  // them from the definition.
  if (request.on_demand) t.on_demand = *request.on_demand;
  if (request.warm) RaiseWarmThroughput(t.warm, *request.warm);
  if (request.deletion_protection) t.deletion_protection = *request.deletion_protection;
  if (request.table_class && *request.table_class != t.table_class) {
    auto& changes = t.table_class_changes;
    std::erase_if(changes, [&](double when) { return when <= now - kTableClassChangeWindowSeconds; });
    if (changes.size() >= kMaxTableClassChanges) {
      throw DynamoError(ErrorCode::LimitExceeded, "Subscriber limit exceeded: Updates to TableClass are limited to " +
                                                      std::to_string(kMaxTableClassChanges) + " times in " +
                                                      std::to_string(kTableClassChangeWindowDays) + " day(s).");
    }
    t.table_class = *request.table_class;
    changes.push_back(now);
  }
  if (request.sse) ApplyEncryption(t, *request.sse);
  return changes_capacity;
}

// New attribute definitions of a GSI Create join the table's; an existing
// one must keep its type.
void AddAttributeDefinitions(TableDefinition& t, const UpdateTableRequest& request, const SecondaryIndex& created) {
  for (const auto& d : request.attribute_definitions) {
    auto existing = t.AttributeType(d.name);
    if (!existing) {
      t.attribute_definitions.push_back(d);
      continue;
    }
    if (*existing == d.type) continue;
    const bool range =
        std::find(created.range_keys.begin(), created.range_keys.end(), d.name) != created.range_keys.end();
    const std::string role = range ? "RANGE" : "HASH";
    throw InvalidParameterError(
        "Attributes cannot be redefined. Please check that your attribute has the same type as previously "
        "defined. Existing schema: Schema:[SchemaElement: key{" +
        d.name + ":" + std::string(TypeName(*existing)) + ":" + role + "}] New schema: Schema:[SchemaElement: key{" +
        d.name + ":" + std::string(TypeName(d.type)) + ":" + role + "}]");
  }
}

// What the GSI updates did to the definition.
struct IndexChanges {
  std::vector<std::string> updated;  // indexes whose throughput or maximums changed
  std::vector<std::string> jobs;     // indexes waiting for a backfill or a drop
};

// GSI Create / Update / Delete. One online Create or Delete at a time per
// table.
IndexChanges ApplyIndexUpdates(TableDefinition& t, const UpdateTableRequest& request, double now) {
  for (const auto& u : request.index_updates) {
    if (u.kind == GlobalIndexUpdate::Kind::Update) continue;
    bool in_progress = false;
    t.ForEachIndex([&](const SecondaryIndex& i) { in_progress = in_progress || i.backfilling || i.deleting; });
    if (in_progress) throw OneOnlineIndexLimit();
  }
  IndexChanges changes;
  for (const auto& u : request.index_updates) {
    switch (u.kind) {
      case GlobalIndexUpdate::Kind::Delete:
        GlobalIndexFor(t, u.index_name, "delete").deleting = true;
        changes.jobs.push_back(u.index_name);
        break;
      case GlobalIndexUpdate::Kind::Update: {
        SecondaryIndex& index = GlobalIndexFor(t, u.index_name, "update");
        if (t.billing_mode == BillingMode::PAY_PER_REQUEST && u.throughput) {
          throw InvalidParameterError("The only Updates for index: " + u.index_name +
                                      " when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, "
                                      "WarmThroughput");
        }
        if (u.throughput) {
          if (SameUnits(*u.throughput, index.throughput)) throw UnchangedThroughput(index.throughput, u.index_name);
          ChangeThroughput(index.throughput, *u.throughput, now);
        }
        if (u.on_demand) index.on_demand = u.on_demand;
        if (u.warm) RaiseWarmThroughput(index.warm, *u.warm);
        changes.updated.push_back(u.index_name);
        break;
      }
      case GlobalIndexUpdate::Kind::Create: {
        if (t.FindIndex(u.create.name)) throw IndexAlreadyExists();
        if (t.global_indexes.size() >= kMaxGlobalIndexes) {
          throw DynamoError(ErrorCode::LimitExceeded,
                            "Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit "
                            "of " +
                                std::to_string(kMaxGlobalIndexes));
        }
        AddAttributeDefinitions(t, request, u.create);
        SecondaryIndex index = u.create;
        index.backfilling = true;
        t.global_indexes.push_back(std::move(index));
        changes.jobs.push_back(u.create.name);
        break;
      }
    }
  }
  return changes;
}

void CheckStreamChange(const TableDefinition& t, const StreamSpecification& change) {
  const bool enabled = t.stream && t.stream->enabled;
  if (change.enabled && enabled) throw ValidationError("Table already has an enabled stream: TableName: " + t.name);
  if (!change.enabled && !enabled) throw ValidationError("Table has no stream to disable: TableName: " + t.name);
}

// Opens a new stream (a new label and ARN; the old one stays readable,
// DISABLED) or disables the current one. The caller holds the schema lock
// exclusively.
void ChangeStream(EngineImpl& engine, TableDefinition& t, const StreamSpecification& change) {
  if (change.enabled) {
    t.stream = change;
    const StreamIdentity stream = engine.streams.Enable(t, *ParseStreamViewType(change.view_type));
    t.stream_id = stream.id;
    t.latest_stream_label = stream.label;
  } else {
    engine.streams.Disable(t.stream_id);
    t.stream = StreamSpecification{false, ""};
  }
}

}  // namespace

TableDescription Engine::UpdateTable(const UpdateTableRequest& request) {
  std::lock_guard control(impl_->locks.control_plane);
  auto found = impl_->catalog.Find(request.table_name);
  if (!found || found->loading()) throw TableNotFound(request.table_name);
  TableDefinition t = *found;
  const double now = impl_->clock->Now();
  const bool changes_capacity = ApplyTableSettings(t, request, now);
  const TableDefinition before = t;  // with the table's new settings, before its index updates
  const IndexChanges indexes = ApplyIndexUpdates(t, request, now);
  if (request.stream) CheckStreamChange(t, *request.stream);
  const bool updating = changes_capacity || !indexes.jobs.empty() || request.stream;
  if (updating) t.updating_until = now + impl_->options.table_update_seconds;
  {
    // Writes from now on see the new index set and stream.
    std::unique_lock schema(impl_->locks.schema);
    if (request.stream) ChangeStream(*impl_, t, *request.stream);
    t = impl_->catalog.Update(t);
  }
  for (const auto& name : indexes.jobs) impl_->index_jobs.Start(t.name, name);

  // An index Update answers with the index as it was, UPDATING.
  TableDescription d = impl_->Describe(indexes.updated.empty() ? t : before);
  if (!indexes.updated.empty()) {
    d.definition.global_indexes = t.global_indexes;
    for (auto& index : d.definition.global_indexes) {
      if (std::count(indexes.updated.begin(), indexes.updated.end(), index.name) == 0) continue;
      if (const SecondaryIndex* old = before.FindIndex(index.name)) index.throughput = old->throughput;
    }
    d.updating_indexes = indexes.updated;
  }
  if (updating) d.status = TableStatus::UPDATING;
  return d;
}

}  // namespace ddb
