// DescribeTable: the definition with its current status and live counts.
#include "engine/engine.h"
#include "engine/engine_impl.h"
#include "engine/error.h"

namespace ddb {

TableDescription Engine::DescribeTable(const std::string& table_name) {
  auto table = impl_->catalog.Find(table_name);
  if (!table) throw TableNotFound(table_name);
  return impl_->Describe(*table);
}

std::shared_ptr<const TableDefinition> Engine::FindTable(const std::string& table_name) {
  return impl_->catalog.Find(table_name);
}

}  // namespace ddb
