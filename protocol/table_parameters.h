// Table-level request members shared by CreateTable, UpdateTable and
// TagResource: provisioned throughput, stream specification and tags, with
// their shape checks and DynamoDB's semantic checks.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/error.h"
#include "engine/table_definition.h"
#include "protocol/constraints.h"
#include "protocol/json.h"

namespace ddb {

using TagList = std::vector<std::pair<std::string, std::string>>;

// The units of a ProvisionedThroughput object, each checked not null and >= 1
// under `path` (a table's request reports the write units first, an index's
// the read units).
ProvisionedThroughput ReadThroughputUnits(const JsonValue& json, const std::string& path, ConstraintViolations& v,
                                          bool write_units_first);
// A table's ProvisionedThroughput, when present.
std::optional<ProvisionedThroughput> ReadProvisionedThroughput(const JsonValue& request, ConstraintViolations& v);
// "Given value N for ReadCapacityUnits is out of bounds" above 10^12.
void CheckThroughputBounds(const ProvisionedThroughput& throughput);

// OnDemandThroughput of a table or GSI, when present (-1: no maximum).
std::optional<OnDemandThroughput> ReadOnDemandThroughput(const JsonValue& parent);

// WarmThroughput of a table or GSI, when present (a missing member: 0, which
// asks for nothing more than the default).
std::optional<WarmThroughput> ReadWarmThroughput(const JsonValue& parent);

// Tags (Key 1..128, Value 0..256), when present.
// StreamSpecification, when present: StreamEnabled not null, the view type
// one of the four (an absent view type reads as "").
std::optional<StreamSpecification> ReadStreamSpecification(const JsonValue& request, ConstraintViolations& v);

// SSESpecification as sent (for its checks) and as it applies:
// {"SSEType": "KMS"} without Enabled turns KMS encryption on.
struct SseRequest {
  std::optional<bool> enabled;
  std::optional<std::string> type, key;
  SseSpecification specification;
};
std::optional<SseRequest> ReadSseSpecification(const JsonValue& request, ConstraintViolations& v);
// DynamoDB's rules on the members' combination (CreateTable, UpdateTable).
void CheckSseSpecification(const SseRequest& sse);

// A member ddbemu reads but does not implement: a ValidationException that
// says so, rather than an answer as if it had been applied.
DynamoError NotImplementedParameter(const std::string& member, const std::string& feature);

TagList ReadTags(const JsonValue& request, ConstraintViolations& v);
// No "aws:" prefixes, no duplicate keys, at most 50.
void CheckTags(const TagList& tags);

}  // namespace ddb
