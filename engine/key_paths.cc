#include "engine/key_paths.h"

#include <algorithm>

#include "engine/error.h"

namespace ddb {

void NestedKeyPaths::Add(const DocumentPath& path) {
  if (path.size() > 1) roots_.push_back(path[0].name);
}

void NestedKeyPaths::Add(const std::vector<DocumentPath>& projection) {
  for (const auto& path : projection) Add(path);
}

void NestedKeyPaths::Add(const Condition& condition) {
  for (const auto& operand : condition.operands) {
    if (operand.kind != Operand::Kind::Value) Add(operand.path);
  }
  for (const auto& child : condition.children) Add(child);
}

void NestedKeyPaths::Add(const UpdateValue& value) {
  if (value.kind == UpdateValue::Kind::Operand) {
    if (value.operand.kind != Operand::Kind::Value) Add(value.operand.path);
    return;
  }
  for (const auto& arg : value.args) Add(arg);
}

void NestedKeyPaths::Add(const UpdateExpression& update) {
  for (const auto& action : update.actions) {
    Add(action.path);
    if (action.kind == UpdateAction::Kind::Set) Add(action.value);
  }
}

void NestedKeyPaths::Check(const TableDefinition& table) const {
  if (roots_.empty()) return;
  auto stepped_into = [&](std::string_view key) {
    return std::find(roots_.begin(), roots_.end(), key) != roots_.end();
  };
  for (const auto& key : {std::optional<std::string>(table.key_schema.hash_key), table.key_schema.range_key}) {
    if (key && stepped_into(*key)) throw KeyPathNotScalar(*key, /*index_key=*/false);
  }
  table.ForEachIndex([&](const SecondaryIndex& index) {
    if (index.deleting) return;
    for (const auto* keys : {&index.hash_keys, &index.range_keys}) {
      for (const auto& key : *keys) {
        if (stepped_into(key)) throw KeyPathNotScalar(key, /*index_key=*/true);
      }
    }
  });
}

void CheckNestedKeyPaths(const TableDefinition& table, const std::optional<Condition>& condition) {
  if (!condition) return;
  NestedKeyPaths paths;
  paths.Add(*condition);
  paths.Check(table);
}

void CheckNestedKeyPaths(const TableDefinition& table, const std::optional<std::vector<DocumentPath>>& projection,
                         const std::optional<Condition>& filter) {
  NestedKeyPaths paths;
  if (projection) paths.Add(*projection);
  if (filter) paths.Add(*filter);
  paths.Check(table);
}

}  // namespace ddb
