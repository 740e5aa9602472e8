// ListTables: table names in ascending order, paged by name.
#include <algorithm>

#include "engine/engine.h"
#include "engine/engine_impl.h"

namespace ddb {

ListTablesResult Engine::ListTables(const ListTablesRequest& request) {
  std::vector<std::string> names = impl_->catalog.SortedNames();
  auto begin = names.begin();
  if (request.exclusive_start_table_name) {
    begin = std::upper_bound(names.begin(), names.end(), *request.exclusive_start_table_name);
  }
  ListTablesResult result;
  auto end = begin + static_cast<std::ptrdiff_t>(
                         std::min<std::size_t>(request.limit, static_cast<std::size_t>(names.end() - begin)));
  result.table_names.assign(begin, end);
  if (end != names.end() && !result.table_names.empty()) {
    result.last_evaluated_table_name = result.table_names.back();
  }
  return result;
}

}  // namespace ddb
