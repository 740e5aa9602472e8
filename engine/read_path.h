// The read path Query and Scan share: which index a read may use, where an
// ExclusiveStartKey places it, DynamoDB's projection and Select checks, and
// the paging loop over a range of storage keys.
//
// DynamoDB evaluates items in key order, stops when Limit items have been
// evaluated or after the item that takes the page to 1 MB or more, applies
// the filter to what it evaluated, and reports LastEvaluatedKey whenever it
// stopped early. Capacity is the evaluated bytes rounded up to 4 KB once. On
// an index the evaluated bytes are the index entries' (AWS); an LSI fetches
// base items for attributes it does not project.
#pragma once

#include <string>

#include "engine/requests.h"
#include "engine/storage.h"
#include "engine/table_definition.h"

namespace ddb {

// The index a Query or Scan names (null for none), after DynamoDB's checks
// that it can be read that way.
const SecondaryIndex* ReadableIndex(const TableDefinition& table, const ReadPageOptions& page);
// The storage key an ExclusiveStartKey stands for, in the table or index.
std::string StartKey(const TableDefinition& table, const SecondaryIndex* index, const Item& start);
// Filter (Query only) and projection against what the index projects,
// around the Select checks, in DynamoDB's order.
void CheckIndexProjection(const TableDefinition& table, const SecondaryIndex* index, const ReadPageOptions& page,
                          bool query);
// Reads items (or index entries) with storage keys in [lower, upper), in
// either direction, applying the paging options.
ReadPageResult ReadRange(Storage& storage, const TableDefinition& table, const SecondaryIndex* index,
                         const std::string& lower, const std::string& upper, bool forward, const ReadPageOptions& page,
                         ConsumedCapacity* consumed);

}  // namespace ddb
