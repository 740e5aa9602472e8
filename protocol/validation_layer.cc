#include "protocol/validation_layer.h"

#include <algorithm>
#include <array>
#include <string>
#include <unordered_set>
#include <vector>

#include "protocol/base64.h"

namespace ddb {
namespace {

constexpr std::string_view kEnvelope = "1 validation error detected: ";

// The older layer's ReturnValues enum violation (ConstraintViolations'
// wording, after the quoted value) and the current layer's, which names
// neither the value nor the member, lists the values in another order and
// spells UPDATED_NEW "UPDATE_NEW" (us-east-1, 2026-08-12).
constexpr std::string_view kOlderReturnValuesRule =
    " at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, "
    "ALL_OLD, NONE, UPDATED_NEW]";
constexpr std::string_view kCurrentReturnValuesRule =
    "Failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATE_NEW, "
    "NONE]";

constexpr std::string_view kNestingText =
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";
constexpr std::string_view kNotNumeric = "The parameter cannot be converted to a numeric value";
constexpr std::string_view kValuesWithoutExpression =
    "ExpressionAttributeValues can only be specified when using expressions";
constexpr std::string_view kInvalidValue = "ExpressionAttributeValues contains invalid value: ";
constexpr std::string_view kDuplicatesStart = "One or more parameter values were invalid: Input collection [";

// Texts the current layer sends as the older one did, behind the envelope.
constexpr std::array<std::string_view, 3> kEnvelopedExactly = {
    "One or more parameter values were invalid: An string set  may not be empty",
    "One or more parameter values were invalid: An number set  may not be empty",
    "One or more parameter values were invalid: Binary sets should not be empty",
};
// Families whose captured members all gained the envelope and nothing else:
// both mixing errors, ConditionExpression's and UpdateExpression's syntax
// and semantic errors, unused names and values.
constexpr std::array<std::string_view, 5> kEnvelopedFamilies = {
    "Can not use both expression and non-expression parameters in the same request: ",
    "Invalid ConditionExpression: ",
    "Invalid UpdateExpression: ",
    "Value provided in ExpressionAttributeNames unused in expressions: ",
    "Value provided in ExpressionAttributeValues unused in expressions: ",
};

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// "N validation error(s) detected: ...": the validator's shape errors.
bool IsShapeError(std::string_view message) {
  std::size_t digits = 0;
  while (digits < message.size() && message[digits] >= '0' && message[digits] <= '9') ++digits;
  if (digits == 0) return false;
  const std::string_view rest = message.substr(digits);
  return StartsWith(rest, " validation error detected: ") || StartsWith(rest, " validation errors detected: ");
}

bool IsSingleItemWrite(std::string_view operation) {
  return operation == "PutItem" || operation == "UpdateItem" || operation == "DeleteItem";
}

std::optional<std::string_view> StringAt(const JsonValue& object, const char* name) {
  if (!object.IsObject()) return std::nullopt;
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || !it->value.IsString()) return std::nullopt;
  return std::string_view(it->value.GetString(), it->value.GetStringLength());
}

std::string JsonQuoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// A set with duplicates as the current layer lists it: the members before
// the first repeat sorted (by their bytes; a BS member by its decoded
// bytes), then the repeated member, then the rest as sent; each member
// JSON-quoted, joined by ", " (SS) or "," (BS). nullopt when `members` has
// no repeat or a BS member is not base64.
std::optional<std::string> CurrentDuplicatesList(const std::vector<std::string>& members, bool binary) {
  std::vector<std::string> keys;
  for (const auto& m : members) {
    if (!binary) {
      keys.push_back(m);
    } else if (auto bytes = Base64Decode(m)) {
      keys.push_back(*bytes);
    } else {
      return std::nullopt;
    }
  }
  // Linear in the members: a set may hold millions.
  std::size_t repeat = members.size();
  std::unordered_set<std::string_view> seen;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!seen.insert(keys[i]).second) {
      repeat = i;
      break;
    }
  }
  if (repeat == members.size()) return std::nullopt;
  std::vector<std::size_t> order(repeat);
  for (std::size_t i = 0; i < repeat; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
  for (std::size_t i = repeat; i < members.size(); ++i) order.push_back(i);
  std::string out = "[";
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (i) out += binary ? "," : ", ";
    out += JsonQuoted(members[order[i]]);
  }
  return out + "]";
}

// Finds, anywhere in the request, the SS or BS value whose older duplicates
// text is `message`, and returns the current layer's text for it.
std::optional<std::string> CurrentDuplicatesText(const JsonValue& v, std::string_view message) {
  if (v.IsArray()) {
    for (const auto& e : v.GetArray()) {
      if (auto found = CurrentDuplicatesText(e, message)) return found;
    }
    return std::nullopt;
  }
  if (!v.IsObject()) return std::nullopt;
  for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
    const std::string_view name(it->name.GetString(), it->name.GetStringLength());
    if ((name == "SS" || name == "BS") && it->value.IsArray()) {
      std::vector<std::string> members;
      bool strings = true;
      for (const auto& e : it->value.GetArray()) {
        if (!e.IsString()) {
          strings = false;
          break;
        }
        members.emplace_back(e.GetString(), e.GetStringLength());
      }
      const bool binary = name == "BS";
      std::string older = std::string(kDuplicatesStart);
      for (std::size_t i = 0; i < members.size(); ++i) older += (i ? ", " : "") + members[i];
      older += binary ? "]of type BS contains duplicates." : "] contains duplicates.";
      if (strings && older == message) {
        if (auto list = CurrentDuplicatesList(members, binary)) {
          return "One or more parameter values were invalid: Input collection " + *list +
                 (binary ? "of type BS contains duplicates." : " contains duplicates.");
        }
      }
      continue;
    }
    if (auto found = CurrentDuplicatesText(it->value, message)) return found;
  }
  return std::nullopt;
}

// The current layer's text for a shape error ("N validation errors
// detected: ..."), or nullopt when it is the older one's.
std::optional<std::string> CurrentShapeText(std::string_view operation, const JsonValue& request,
                                            const std::string& message) {
  // TableName "": the current layer reports that alone, without the value,
  // with the member's name capitalised.
  if (StringAt(request, "TableName") == std::string_view() &&
      message.find("Value '' at 'tableName' failed to satisfy constraint") != std::string::npos) {
    return std::string(kEnvelope) +
           "Value at 'TableName' failed to satisfy constraint: Member must have length greater than or equal to 1";
  }
  auto return_values = StringAt(request, "ReturnValues");
  if (!return_values) return std::nullopt;
  const std::string older_rule = "Value '" + std::string(*return_values) + "'" + std::string(kOlderReturnValuesRule);
  const auto at = message.find(older_rule);
  if (at == std::string::npos) return std::nullopt;
  // UpdateItem: the ReturnValues error alone (the captured request's
  // invalid ReturnConsumedCapacity went unreported).
  if (operation == "UpdateItem") return std::string(kEnvelope) + std::string(kCurrentReturnValuesRule);
  // PutItem, DeleteItem: the same count, the ReturnValues error reworded
  // where ddbemu lists it (after returnConsumedCapacity, before
  // returnItemCollectionMetrics, as captured). Regions differed on
  // returnItemCollectionMetrics' text: eu-west-2 and eu-central-1 (June)
  // "ReturnItemCollectionMetrics can only be SIZE or NONE", us-east-1
  // (2026-08-12) the older text, which ddbemu keeps.
  std::string out = message;
  out.replace(at, older_rule.size(), kCurrentReturnValuesRule);
  return out;
}

}  // namespace

std::optional<ValidationLayer> ParseValidationLayer(std::string_view text) {
  if (text == "current") return ValidationLayer::kCurrent;
  if (text == "older") return ValidationLayer::kOlder;
  return std::nullopt;
}

DynamoError CurrentLayerError(std::string_view operation, const JsonValue& request, const DynamoError& error) {
  // The rollout reached PutItem, UpdateItem and DeleteItem; the other
  // operations' texts are the older layer's in the regions that switched
  // these (BatchGetItem's empty RequestItems among them, in us-east-1).
  if (!IsSingleItemWrite(operation) || !error.is_validation() || !request.IsObject()) return error;
  const std::string& message = error.message();
  auto answer = [&](std::string text) { return DynamoError(error.code(), std::move(text)); };
  auto enveloped = [&](std::string_view text) { return answer(std::string(kEnvelope) + std::string(text)); };

  if (IsShapeError(message)) {
    if (auto text = CurrentShapeText(operation, request, message)) return answer(std::move(*text));
    return error;
  }
  for (std::string_view exact : kEnvelopedExactly) {
    if (message == exact) return enveloped(message);
  }
  for (std::string_view family : kEnvelopedFamilies) {
    if (StartsWith(message, family)) return enveloped(message);
  }
  // A number that is no number: the current layer always adds ": " and
  // the text sent, even when that is empty.
  if (message == kNotNumeric) return enveloped(std::string(kNotNumeric) + ": ");
  if (StartsWith(message, std::string(kNotNumeric) + ": ")) return enveloped(message);
  // ExpressionAttributeValues without an expression: the older layer went
  // on to name the expressions that are null; the current one stops.
  if (StartsWith(message, kValuesWithoutExpression)) return enveloped(kValuesWithoutExpression);
  // A value nested too deep in ExpressionAttributeValues: the current
  // layer refuses it as it refuses an item, without naming the key.
  if (StartsWith(message, kInvalidValue) &&
      StartsWith(std::string_view(message).substr(kInvalidValue.size()), kNestingText) &&
      std::string_view(message).substr(kInvalidValue.size() + kNestingText.size()).rfind(" for key ", 0) == 0) {
    return enveloped(kNestingText);
  }
  if (StartsWith(message, kDuplicatesStart) && EndsWith(message, "contains duplicates.")) {
    if (auto text = CurrentDuplicatesText(request, message)) return enveloped(*text);
  }
  return error;
}

}  // namespace ddb
