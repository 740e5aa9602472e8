// How operations meet the capacity model (engine/capacity_model.h): the
// table partition a key touches, admission before a write runs, GSI
// back-pressure once its index writes are known, and the charges after the
// commit. Reads admit and charge in their own files.
#include "engine/engine.h"
#include "engine/key_codec.h"
#include "engine/transaction_checks.h"

namespace ddb {


CapacityTouch Engine::TableTouch(const AttributeValue& partition_key, bool write) {
  return {nullptr, write, PartitionHash(partition_key), &partition_key, ""};
}

bool Engine::AdmitWrite(const TableDefinition& table, const PrimaryKey& key, std::optional<bool> preadmitted) {
  if (preadmitted) return *preadmitted;
  return capacity_->Admit(table, TableTouch(key.hash, true));
}

bool Engine::AdmitIndexWrites(const TableDefinition& table, const ConsumedCapacity& consumed) {
  const ThrottlingMode mode = capacity_->ModeFor(table);
  if (mode == ThrottlingMode::Off) return false;
  bool charge = true;
  for (const auto& [name, entries] : consumed.global_index_entries) {
    const SecondaryIndex* index = table.FindIndex(name);
    if (!index) continue;
    for (const auto& entry : entries) {
      if (auto error = capacity_->Check(table, {index, true, entry.partition_hash, nullptr, entry.key})) {
        if (mode == ThrottlingMode::Enforce) throw *error;
        charge = false;
      }
    }
  }
  return charge;
}

void Engine::ChargeIndexWrites(const TableDefinition& table, const ConsumedCapacity& consumed) {
  for (const auto& [name, entries] : consumed.global_index_entries) {
    const SecondaryIndex* index = table.FindIndex(name);
    if (!index) continue;
    for (const auto& entry : entries) {
      capacity_->Charge(table, {index, true, entry.partition_hash, nullptr, entry.key}, entry.units);
    }
  }
}

void Engine::CommitWrite(const TableDefinition& table, const PrimaryKey& key, rocksdb::WriteBatch& batch,
                         const ConsumedCapacity& consumed, bool charge, std::int64_t byte_delta) {
  // Under observe a write its GSIs would have refused is charged nowhere,
  // as the refused write would not be.
  const bool charge_indexes = AdmitIndexWrites(table, consumed);
  if (!charge_indexes && !consumed.global_index_entries.empty()) charge = false;
  if (batch.Count() > 0) storage_->Write(batch);
  if (byte_delta != 0 && capacity_->ModeFor(table) != ThrottlingMode::Off) {
    capacity_->AddBytes(table, TableTouch(key.hash, true), byte_delta);
  }
  if (charge) {
    // LSI entries live in the table's partitions and budget.
    double units = consumed.write_units;
    for (const auto& [name, lsi_units] : consumed.local_index_units) units += lsi_units;
    capacity_->Charge(table, TableTouch(key.hash, true), units);
  }
  if (charge_indexes) ChargeIndexWrites(table, consumed);
}

std::vector<bool> Engine::AdmitTransaction(
    const std::vector<std::pair<const TableDefinition*, CapacityTouch>>& touches) {
  std::vector<bool> charge(touches.size(), false);
  std::vector<CancellationReason> throttled(touches.size());
  bool rejected = false, would_be = false;
  for (std::size_t i = 0; i < touches.size(); ++i) {
    const auto& [table, touch] = touches[i];
    const ThrottlingMode mode = capacity_->ModeFor(*table);
    if (mode == ThrottlingMode::Off) continue;
    auto error = capacity_->Check(*table, touch);
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

CapacityReport Engine::ReportCapacity() { return capacity_->Report(catalog_->All()); }

void Engine::SetThrottlingMode(const std::string& table_name, std::optional<ThrottlingMode> mode) {
  if (!catalog_->Find(table_name)) throw ResourceNotFoundError();
  capacity_->SetTableMode(table_name, mode);
}

}  // namespace ddb
