// DescribeTable: the definition with its current status and live counts.
#include "engine/engine.h"
#include "engine/error.h"

namespace ddb {

TableDescription Engine::DescribeTable(const std::string& table_name) {
  auto table = catalog_->Find(table_name);
  if (!table) throw ResourceNotFoundError("Requested resource not found: Table: " + table_name + " not found");
  return Describe(*table);
}

}  // namespace ddb
