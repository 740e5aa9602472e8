// DescribeTimeToLive: ENABLED with the attribute, or DISABLED. Changes take
// effect at once, so ENABLING and DISABLING are never reported (as AWS's
// answers right after a change show).
#include "engine/engine.h"
#include "engine/engine_impl.h"
#include "engine/error.h"

namespace ddb {

TimeToLiveDescription Engine::DescribeTimeToLive(const std::string& table_name) {
  auto table = impl_->catalog.Find(table_name);
  if (!table) throw TableNotFound(table_name);
  if (impl_->clock->Now() < table->active_time) {
    throw ValidationError(
        "Cannot describe time to live while table is in CREATING state: Current table state is CREATING");
  }
  TimeToLiveDescription d;
  if (table->ttl.enabled) {
    d.status = "ENABLED";
    d.attribute = table->ttl.attribute;
  }
  return d;
}

std::size_t Engine::SweepExpiredItems() { return impl_->ttl_sweeper.SweepNow(); }

}  // namespace ddb
