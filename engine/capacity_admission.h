// CapacityAdmission: how operations meet the capacity model
// (engine/capacity_model.h). A key's table partition, admission of a write
// before it runs, GSI back-pressure once the write's index entries are
// known, and the charges after the commit. Reads admit and charge in their
// own operation files.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "engine/capacity_model.h"
#include "engine/primary_key.h"
#include "engine/requests.h"

namespace ddb {

// The table partition a key touches. The touch refers to `partition_key`,
// which must outlive it.
CapacityTouch TableTouch(const AttributeValue& partition_key, bool write);
CapacityTouch TableTouch(const AttributeValue&& partition_key, bool write) = delete;

class CapacityAdmission {
 public:
  explicit CapacityAdmission(CapacityModel& model) : model_(model) {}

  // Admission of a single-item write before it runs: throws under Enforce,
  // returns whether to charge. `preadmitted`: BatchWriteItem has made the
  // check already, and says whether to charge.
  bool AdmitWrite(const TableDefinition& table, const PrimaryKey& key, std::optional<bool> preadmitted);
  // GSI back-pressure alone: throws under Enforce; returns whether to charge
  // (false under Off, or under Observe when a GSI would have refused).
  bool AdmitIndexWrites(const TableDefinition& table, const ConsumedCapacity& consumed);
  void ChargeIndexWrites(const TableDefinition& table, const ConsumedCapacity& consumed);
  // A transaction's actions: under Enforce a throttled action cancels the
  // transaction (its reason in its place); under Observe a transaction with
  // a would-be throttle is charged nowhere. Returns whether to charge each.
  std::vector<bool> AdmitTransaction(const std::vector<std::pair<const TableDefinition*, CapacityTouch>>& touches);

 private:
  CapacityModel& model_;
};

}  // namespace ddb
