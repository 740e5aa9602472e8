#include "engine/capacity_admission.h"

#include "engine/key_codec.h"
#include "engine/transaction_checks.h"

namespace ddb {

CapacityTouch TableTouch(const AttributeValue& partition_key, bool write) {
  return {nullptr, write, PartitionHash(partition_key), &partition_key, ""};
}

bool CapacityAdmission::AdmitWrite(const TableDefinition& table, const PrimaryKey& key,
                                   std::optional<bool> preadmitted) {
  if (preadmitted) return *preadmitted;
  return model_.Admit(table, TableTouch(key.hash, true));
}

bool CapacityAdmission::AdmitIndexWrites(const TableDefinition& table, const ConsumedCapacity& consumed) {
  const ThrottlingMode mode = model_.ModeFor(table);
  if (mode == ThrottlingMode::Off) return false;
  bool charge = true;
  for (const auto& [name, entries] : consumed.global_index_entries) {
    const SecondaryIndex* index = table.FindIndex(name);
    if (!index) continue;
    for (const auto& entry : entries) {
      if (auto error = model_.Check(table, {index, true, entry.partition_hash, nullptr, entry.key})) {
        if (mode == ThrottlingMode::Enforce) throw *error;
        charge = false;
      }
    }
  }
  return charge;
}

void CapacityAdmission::ChargeIndexWrites(const TableDefinition& table, const ConsumedCapacity& consumed) {
  for (const auto& [name, entries] : consumed.global_index_entries) {
    const SecondaryIndex* index = table.FindIndex(name);
    if (!index) continue;
    for (const auto& entry : entries) {
      model_.Charge(table, {index, true, entry.partition_hash, nullptr, entry.key}, entry.units);
    }
  }
}

std::vector<bool> CapacityAdmission::AdmitTransaction(
    const std::vector<std::pair<const TableDefinition*, CapacityTouch>>& touches) {
  std::vector<bool> charge(touches.size(), false);
  std::vector<CancellationReason> throttled(touches.size());
  bool rejected = false, would_be = false;
  for (std::size_t i = 0; i < touches.size(); ++i) {
    const auto& [table, touch] = touches[i];
    const ThrottlingMode mode = model_.ModeFor(*table);
    if (mode == ThrottlingMode::Off) continue;
    auto error = model_.Check(*table, touch);
    charge[i] = !error;
    if (!error) continue;
    would_be = true;
    if (mode == ThrottlingMode::Enforce) {
      throttled[i] = CapacityModel::AsCancellationReason(*error);
      rejected = true;
    }
  }
  if (rejected) throw TransactionCancelled(std::move(throttled));
  if (would_be) charge.assign(charge.size(), false);  // a cancelled transaction charges nothing
  return charge;
}

}  // namespace ddb
