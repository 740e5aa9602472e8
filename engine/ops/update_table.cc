// UpdateTable: billing mode, provisioned throughput and deletion protection.
// The table answers UPDATING and turns ACTIVE after `table_update_seconds`.
#include "engine/engine.h"
#include "engine/error.h"

namespace ddb {

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
  if (request.deletion_protection) t.deletion_protection = *request.deletion_protection;
  if (changes_capacity) t.updating_until = now + options_.table_update_seconds;
  catalog_->Update(t);
  TableDescription d = Describe(t);
  if (changes_capacity) d.status = TableStatus::UPDATING;
  return d;
}

}  // namespace ddb
