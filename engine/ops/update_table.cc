// UpdateTable: billing mode, provisioned throughput, deletion protection and
// GSI Create / Update / Delete. The table answers UPDATING and turns ACTIVE
// after `table_update_seconds`; a new GSI is CREATING until its backfill
// job finishes, a deleted one DELETING until its entries are dropped.
#include <algorithm>

#include "engine/engine.h"
#include "engine/error.h"

namespace ddb {

namespace {

constexpr std::size_t kMaxGlobalIndexes = 20;

DynamoError OneOnlineIndexLimit() {
  return DynamoError("LimitExceededException",
                     "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table");
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

}  // namespace

TableDescription Engine::UpdateTable(const UpdateTableRequest& request) {
  std::lock_guard control(control_plane_);
  auto found = catalog_->Find(request.table_name);
  if (!found) {
    throw ResourceNotFoundError("Requested resource not found: Table: " + request.table_name + " not found");
  }
  TableDefinition t = *found;
  const double now = clock_->Now();
  const BillingMode mode = request.billing_mode.value_or(t.billing_mode);

  if (mode == BillingMode::PAY_PER_REQUEST && request.throughput) {
    throw InvalidParameterError(
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
  }
  if (request.throughput && t.billing_mode == BillingMode::PROVISIONED &&
      request.throughput->read_capacity_units == t.throughput.read_capacity_units &&
      request.throughput->write_capacity_units == t.throughput.write_capacity_units) {
    auto r = std::to_string(t.throughput.read_capacity_units);
    auto w = std::to_string(t.throughput.write_capacity_units);
    throw ValidationError(
        "The provisioned throughput for the table will not change. The requested value equals the current "
        "value. Current ReadCapacityUnits provisioned for the table: " + r +
        ". Requested ReadCapacityUnits: " + r + ". Current WriteCapacityUnits provisioned for the table: " + w +
        ". Requested WriteCapacityUnits: " + w +
        ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.");
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
    const auto& next = *request.throughput;
    if (next.read_capacity_units > t.throughput.read_capacity_units ||
        next.write_capacity_units > t.throughput.write_capacity_units) {
      t.throughput.last_increase_time = now;
    }
    if (next.read_capacity_units < t.throughput.read_capacity_units ||
        next.write_capacity_units < t.throughput.write_capacity_units) {
      t.throughput.last_decrease_time = now;
      ++t.throughput.number_of_decreases_today;
    }
    t.throughput.read_capacity_units = next.read_capacity_units;
    t.throughput.write_capacity_units = next.write_capacity_units;
    changes_capacity = true;
  }
  // The maximums of an on-demand table (-1: none); the capacity model reads
  // them from the definition.
  if (request.on_demand) t.on_demand = *request.on_demand;
  if (request.warm) {
    // A table's warm throughput only goes up (developer guide, warm throughput).
    WarmThroughput warm = t.warm.value_or(WarmThroughput{});
    warm.read_units_per_second = std::max(warm.read_units_per_second, request.warm->read_units_per_second);
    warm.write_units_per_second = std::max(warm.write_units_per_second, request.warm->write_units_per_second);
    t.warm = warm;
  }
  if (request.deletion_protection) t.deletion_protection = *request.deletion_protection;

  // GSI updates. One online Create or Delete at a time per table.
  std::vector<std::string> updated_indexes;
  std::vector<std::string> jobs;
  bool changes_indexes = false;
  const TableDefinition before = t;
  for (const auto& u : request.index_updates) {
    if (u.kind == GlobalIndexUpdate::Kind::Update) continue;
    bool in_progress = false;
    t.ForEachIndex([&](const SecondaryIndex& i) { in_progress = in_progress || i.backfilling || i.deleting; });
    if (in_progress) throw OneOnlineIndexLimit();
  }
  for (const auto& u : request.index_updates) {
    switch (u.kind) {
      case GlobalIndexUpdate::Kind::Delete: {
        GlobalIndexFor(t, u.index_name, "delete").deleting = true;
        jobs.push_back(u.index_name);
        changes_indexes = true;
        break;
      }
      case GlobalIndexUpdate::Kind::Update: {
        SecondaryIndex& index = GlobalIndexFor(t, u.index_name, "update");
        if (t.billing_mode == BillingMode::PAY_PER_REQUEST && u.throughput) {
          throw InvalidParameterError("The only Updates for index: " + u.index_name +
                                      " when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, "
                                      "WarmThroughput");
        }
        if (u.throughput) {
          const auto& next = *u.throughput;
          auto& current = index.throughput;
          if (next.read_capacity_units == current.read_capacity_units &&
              next.write_capacity_units == current.write_capacity_units) {
            auto r = std::to_string(current.read_capacity_units);
            auto w = std::to_string(current.write_capacity_units);
            throw ValidationError(
                "The provisioned throughput for the index " + u.index_name +
                " will not change. The requested value equals the current value. Current ReadCapacityUnits "
                "provisioned for index " + u.index_name + ": " + r + ". Requested ReadCapacityUnits: " + r +
                ". Current WriteCapacityUnits provisioned for index " + u.index_name + ": " + w +
                ". Requested WriteCapacityUnits: " + w +
                ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher "
                "limits.");
          }
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
        if (u.on_demand) index.on_demand = u.on_demand;
        updated_indexes.push_back(u.index_name);
        break;
      }
      case GlobalIndexUpdate::Kind::Create: {
        if (t.FindIndex(u.create.name)) throw ValidationError("Attempting to create an index which already exists");
        if (t.global_indexes.size() >= kMaxGlobalIndexes) {
          throw DynamoError("LimitExceededException",
                            "Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit "
                            "of 20");
        }
        for (const auto& d : request.attribute_definitions) {
          auto existing = t.AttributeType(d.name);
          if (!existing) {
            t.attribute_definitions.push_back(d);
          } else if (*existing != d.type) {
            const char* role = u.create.range_keys.end() != std::find(u.create.range_keys.begin(),
                                                                      u.create.range_keys.end(), d.name)
                                   ? "RANGE"
                                   : "HASH";
            throw InvalidParameterError(
                "Attributes cannot be redefined. Please check that your attribute has the same type as previously "
                "defined. Existing schema: Schema:[SchemaElement: key{" + d.name + ":" +
                std::string(TypeName(*existing)) + ":" + role + "}] New schema: Schema:[SchemaElement: key{" +
                d.name + ":" + std::string(TypeName(d.type)) + ":" + role + "}]");
          }
        }
        SecondaryIndex index = u.create;
        index.backfilling = true;
        t.global_indexes.push_back(std::move(index));
        jobs.push_back(u.create.name);
        changes_indexes = true;
        break;
      }
    }
  }
  if (changes_capacity || changes_indexes) t.updating_until = now + options_.table_update_seconds;
  {
    // Writes from now on see the new index set.
    std::unique_lock schema(schema_mutex_);
    t = catalog_->Update(t);
  }
  for (const auto& name : jobs) StartIndexJob(t.name, name);
  // An index Update answers with the index as it was, UPDATING.
  TableDescription d = Describe(updated_indexes.empty() ? t : before);
  if (!updated_indexes.empty()) {
    d.definition.global_indexes = t.global_indexes;
    for (auto& index : d.definition.global_indexes) {
      for (const auto& old : before.global_indexes) {
        if (old.name == index.name && std::count(updated_indexes.begin(), updated_indexes.end(), index.name)) {
          index.throughput = old.throughput;
        }
      }
    }
    d.updating_indexes = updated_indexes;
  }
  if (changes_capacity || changes_indexes) d.status = TableStatus::UPDATING;
  return d;
}

}  // namespace ddb
