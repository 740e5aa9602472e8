// CreateTable: stores the definition (and opens its stream, when asked);
// the table is CREATING until `table_creation_seconds` have passed, then
// ACTIVE.
#include "engine/engine.h"
#include "engine/engine_impl.h"
#include "engine/error.h"

namespace ddb {

TableDefinition EngineImpl::NewTableDefinition(const CreateTableRequest& request, double now) const {
  TableDefinition t;
  t.name = request.table_name;
  t.region = request.region;
  t.account_id = options.account_id;
  t.table_uuid = NewTableUuid();
  t.attribute_definitions = request.attribute_definitions;
  t.key_schema = request.key_schema;
  t.local_indexes = request.local_indexes;
  t.global_indexes = request.global_indexes;
  t.billing_mode = request.billing_mode;
  if (request.throughput) t.throughput = *request.throughput;
  t.on_demand = request.on_demand;
  t.warm = request.warm;
  t.stream = request.stream;
  t.sse = request.sse;
  t.tags = request.tags;
  t.deletion_protection = request.deletion_protection;
  t.table_class = request.table_class;
  t.creation_time = now;
  t.active_time = t.creation_time + options.table_creation_seconds;
  if (t.billing_mode == BillingMode::PAY_PER_REQUEST) t.last_billing_mode_change_time = t.creation_time;
  return t;
}

TableDescription Engine::CreateTable(const CreateTableRequest& request) {
  std::lock_guard control(impl_->locks.control_plane);
  TableDefinition t = impl_->NewTableDefinition(request, impl_->clock->Now());
  const bool with_stream = t.stream && t.stream->enabled;
  // No write may reach the table before its stream exists.
  std::unique_lock schema(impl_->locks.schema);
  t = impl_->catalog.Create(std::move(t));
  if (with_stream) {
    const StreamIdentity stream = impl_->streams.Enable(t, *ParseStreamViewType(t.stream->view_type));
    t.stream_id = stream.id;
    t.latest_stream_label = stream.label;
    t = impl_->catalog.Update(std::move(t));
  }
  schema.unlock();
  TableDescription d = impl_->Describe(t);
  d.status = TableStatus::CREATING;  // AWS always answers CreateTable with CREATING
  return d;
}

}  // namespace ddb
