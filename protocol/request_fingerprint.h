// A digest of request parameters that a retry must repeat to count as the
// same request (ClientRequestToken idempotency): JSON object members are
// compared regardless of order.
#pragma once

#include <string>

#include "protocol/json.h"

namespace ddb {

// The SHA-1 of the value's canonical rendering (members sorted), so a retry
// is recognised without keeping the request for the idempotency window.
std::string Fingerprint(const JsonValue& value);

}  // namespace ddb
