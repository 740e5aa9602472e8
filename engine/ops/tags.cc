// TagResource, UntagResource, ListTagsOfResource on tables.
#include <algorithm>

#include "engine/engine.h"
#include "engine/engine_impl.h"
#include "engine/error.h"
#include "engine/limits.h"

namespace ddb {

void Engine::TagResource(const std::string& table_name, const std::vector<std::pair<std::string, std::string>>& tags) {
  std::lock_guard control(impl_->locks.control_plane);
  TableDefinition t = *impl_->ActiveTable(table_name);
  for (const auto& [key, value] : tags) {
    auto it = std::find_if(t.tags.begin(), t.tags.end(), [&](const auto& p) { return p.first == key; });
    if (it != t.tags.end()) {
      it->second = value;
    } else {
      t.tags.emplace_back(key, value);
    }
  }
  if (t.tags.size() > kMaxTagsPerResource) {
    throw TooManyTags();
  }
  impl_->catalog.Update(t);
}

void Engine::UntagResource(const std::string& table_name, const std::vector<std::string>& keys) {
  std::lock_guard control(impl_->locks.control_plane);
  TableDefinition t = *impl_->ActiveTable(table_name);
  std::erase_if(t.tags, [&](const auto& p) { return std::find(keys.begin(), keys.end(), p.first) != keys.end(); });
  impl_->catalog.Update(t);
}

std::vector<std::pair<std::string, std::string>> Engine::ListTags(const std::string& table_name) {
  return impl_->ActiveTable(table_name)->tags;
}

}  // namespace ddb
