// ValidationLayer: which of AWS's two request-validation layers ddbemu
// speaks. AWS is replacing the validator in front of DynamoDB region by
// region; the newer one words some ValidationExceptions differently. The
// operations raise the older texts; for the current layer the Dispatcher
// passes each error through CurrentLayerError, the one place that holds the
// captured older -> newer pairs (docs/validation-messages.md, "Two
// validation layers", lists them with their sources and regions).
#pragma once

#include <optional>
#include <string_view>

#include "engine/error.h"
#include "protocol/json.h"

namespace ddb {

enum class ValidationLayer {
  kCurrent,  // the layer AWS is moving to (us-east-1 by 2026-08-12); the default
  kOlder,    // the layer before the rollout, as DynamoDB Local speaks it
};

// "current" or "older"; nullopt for anything else.
std::optional<ValidationLayer> ParseValidationLayer(std::string_view text);

// The error the current layer answers where an operation raised `error`:
// `operation` is the target's operation name ("PutItem"), `request` the
// request's JSON object. Errors the layers word alike come back unchanged.
DynamoError CurrentLayerError(std::string_view operation, const JsonValue& request, const DynamoError& error);

}  // namespace ddb
