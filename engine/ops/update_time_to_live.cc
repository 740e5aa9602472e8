// UpdateTimeToLive: enables or disables a table's time to live. DynamoDB
// checks the state first (already enabled, another attribute, already
// disabled), then the interval between changes (docs/ttl-streams-messages.md §1).
#include "engine/engine.h"
#include "engine/engine_impl.h"
#include "engine/error.h"
#include "engine/limits.h"

namespace ddb {

void Engine::UpdateTimeToLive(const std::string& table_name, bool enabled, const std::string& attribute) {
  std::lock_guard control(impl_->locks.control_plane);
  auto found = impl_->catalog.Find(table_name);
  if (!found || found->loading()) throw TableNotFound(table_name);
  TableDefinition t = *found;
  const double now = impl_->clock->Now();
  if (enabled && t.ttl.enabled && t.ttl.attribute == attribute) {
    throw ValidationError("TimeToLive is already enabled");
  }
  if (t.ttl.enabled && t.ttl.attribute != attribute) {
    throw ValidationError("TimeToLive is active on a different AttributeName: current AttributeName is " +
                          t.ttl.attribute);
  }
  if (!enabled && !t.ttl.enabled) throw ValidationError("TimeToLive is already disabled");
  if (t.ttl.last_change_time && now - *t.ttl.last_change_time < kTtlChangeIntervalSeconds) {
    throw ValidationError("Time to live has been modified multiple times within a fixed interval");
  }
  t.ttl.enabled = enabled;
  t.ttl.attribute = enabled ? attribute : "";
  t.ttl.last_change_time = now;
  impl_->catalog.Update(std::move(t));
}

}  // namespace ddb
