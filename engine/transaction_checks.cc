#include "engine/transaction_checks.h"

namespace ddb {

namespace {

void ThrowIfEmptyKeyValue(const TableDefinition& table, const Item& item) {
  for (const std::string* name :
       {&table.key_schema.hash_key, table.key_schema.range_key ? &*table.key_schema.range_key : nullptr}) {
    if (!name) continue;
    auto it = item.find(*name);
    if (it == item.end() || !it->second.scalar.empty()) continue;
    if (it->second.type != ValueType::S && it->second.type != ValueType::B) continue;
    throw EmptyKeyValue(*name, it->second.type);
  }
}

}  // namespace

DynamoError TransactionCancelled(std::vector<CancellationReason> reasons) {
  std::string codes;
  for (std::size_t i = 0; i < reasons.size(); ++i) codes += (i ? ", " : "") + reasons[i].code;
  DynamoError error(ErrorCode::TransactionCanceled,
                    "Transaction cancelled, please refer cancellation reasons for specific reasons [" + codes + "]");
  error.set_cancellation_reasons(std::move(reasons));
  return error;
}

bool IsRequestLevelValidation(const DynamoError& error) { return error.code() == ErrorCode::InvalidRequestValue; }

std::optional<PrimaryKey> TransactionKeyChecks::Next(const TableDefinition& table, const Item& key_or_item,
                                                     const std::function<PrimaryKey()>& key_of) {
  const std::size_t i = next_++;
  ThrowIfEmptyKeyValue(table, key_or_item);
  PrimaryKey key;
  try {
    key = key_of();
  } catch (const DynamoError& e) {
    if (!e.is_validation() || IsRequestLevelValidation(e)) throw;
    if (!invalid_) reasons_[i] = {"ValidationError", e.message(), std::nullopt};
    invalid_ = true;
    return std::nullopt;
  }
  if (!seen_.insert(key.storage_key).second) {
    throw ValidationError("Transaction request cannot include multiple operations on one item");
  }
  return key;
}

void TransactionKeyChecks::ThrowIfAnyInvalid() {
  if (invalid_) throw TransactionCancelled(std::move(reasons_));
}

}  // namespace ddb
