// ExpressionContext: ExpressionAttributeNames / ExpressionAttributeValues of
// one request, placeholder resolution, and the checks that span expressions.
#include "protocol/expression_context.h"

#include "engine/error.h"
#include "protocol/attribute_json.h"
#include "protocol/expression_grammar.h"
#include "protocol/expression_lexer.h"
#include "protocol/text.h"

namespace ddb {
namespace {

constexpr std::size_t kMaxPlaceholderBytes = 255;
// Each use of a value placeholder copies the value into the tree. A 4 KB
// expression can name a 2 MB value a thousand times; this ddbemu limit keeps
// one request from allocating gigabytes. No real request comes near it.
constexpr std::size_t kMaxResolvedValueBytes = 64 * 1024 * 1024;
constexpr std::size_t kMaxAttributeNameBytes = 65535;

// "#name" / ":value": the prefix and at least one of [0-9A-Za-z_].
bool IsPlaceholder(std::string_view key, char prefix) {
  if (key.size() < 2 || key[0] != prefix) return false;
  for (char c : key.substr(1)) {
    if (!IsNameChar(c)) return false;
  }
  return true;
}

// The key checks both maps share; `map` is the member name.
void CheckPlaceholderKey(std::string_view key, char prefix, const std::string& map) {
  if (!IsPlaceholder(key, prefix)) {
    throw ValidationError(map + " contains invalid key: Syntax error; key: \"" + std::string(key) + "\"");
  }
  if (key.size() > kMaxPlaceholderBytes) {
    // DynamoDB reports the size for names only.
    throw ValidationError(map + " contains invalid key: The expression attribute map contains a key that is too long;" +
                          (prefix == '#' ? " size of key: " + std::to_string(key.size()) : std::string()));
  }
}

}  // namespace

ExpressionContext::ExpressionContext(const JsonValue& request, bool takes_values) {
  if (const JsonValue* names = Member(request, "ExpressionAttributeNames")) {
    if (names->IsArray()) {
      ThrowSerialization("Unrecognized collection type java.util.Map<java.lang.String, java.lang.String>");
    }
    ExpectObject(*names);
    names_present_ = true;
    if (names->MemberCount() == 0) throw ValidationError("ExpressionAttributeNames must not be empty");
    for (auto it = names->MemberBegin(); it != names->MemberEnd(); ++it) {
      const std::string key(it->name.GetString(), it->name.GetStringLength());
      CheckPlaceholderKey(key, '#', "ExpressionAttributeNames");
      ExpectString(it->value);
      std::string name(it->value.GetString(), it->value.GetStringLength());
      if (name.empty()) {
        throw ValidationError("ExpressionAttributeNames contains invalid value: Empty attribute name for key " + key);
      }
      if (name.size() > kMaxAttributeNameBytes) {
        throw ValidationError(
            "ExpressionAttributeNames contains invalid value: Attribute name is too large, must be less than 65536 "
            "bytes for key " +
            key);
      }
      names_.emplace(key, std::move(name));
    }
  }
  if (const JsonValue* values = takes_values ? Member(request, "ExpressionAttributeValues") : nullptr) {
    ExpectAttributeMap(*values);
    values_present_ = true;
    if (values->MemberCount() == 0) throw ValidationError("ExpressionAttributeValues must not be empty");
    for (auto it = values->MemberBegin(); it != values->MemberEnd(); ++it) {
      CheckPlaceholderKey(std::string_view(it->name.GetString(), it->name.GetStringLength()), ':',
                          "ExpressionAttributeValues");
    }
    for (auto it = values->MemberBegin(); it != values->MemberEnd(); ++it) {
      const std::string key(it->name.GetString(), it->name.GetStringLength());
      try {
        values_.emplace(key, ParseAttributeValue(it->value));
      } catch (const DynamoError& e) {
        if (!e.is_validation()) throw;
        throw ValidationError("ExpressionAttributeValues contains invalid value: " + e.message() + " for key " + key);
      }
    }
  }
}

std::string ExpressionContext::ResolveName(const std::string& placeholder, const char* parameter) {
  auto it = names_.find(placeholder);
  if (it == names_.end()) {
    throw ValidationError(std::string("Invalid ") + parameter +
                          ": An expression attribute name used in the document path is not defined; attribute "
                          "name: " +
                          placeholder);
  }
  used_names_.insert(placeholder);
  return it->second;
}

AttributeValue ExpressionContext::ResolveValue(const std::string& placeholder, const char* parameter) {
  auto it = values_.find(placeholder);
  if (it == values_.end()) {
    throw ValidationError(
        std::string("Invalid ") + parameter +
        ": An expression attribute value used in expression is not defined; attribute value: " + placeholder);
  }
  used_values_.insert(placeholder);
  resolved_value_bytes_ += ValueSize(it->second) + placeholder.size();
  if (resolved_value_bytes_ > kMaxResolvedValueBytes) {
    throw ValidationError(std::string("Invalid ") + parameter +
                          ": the expression attribute values used exceed the 64 MiB this emulator allows per request");
  }
  return it->second;
}

Condition ExpressionContext::ParseCondition(std::string_view text, const char* parameter) {
  return ParseConditionGrammar(text, parameter, *this);
}

void CheckPathsDisjoint(const std::vector<DocumentPath>& paths, const char* parameter) {
  for (std::size_t i = 0; i < paths.size(); ++i) {
    for (std::size_t j = i + 1; j < paths.size(); ++j) {
      const DocumentPath& a = paths[i];
      const DocumentPath& b = paths[j];
      std::size_t k = 0;
      while (k < a.size() && k < b.size() && a[k] == b[k]) ++k;
      const char* problem = nullptr;
      if (k == a.size() || k == b.size()) {
        problem = "overlap";
      } else if (a[k].is_index() != b[k].is_index()) {
        problem = "conflict";
      }
      if (problem) {
        throw ValidationError(std::string("Invalid ") + parameter + ": Two document paths " + problem +
                              " with each other; must remove or rewrite one of these paths; path one: " + PathText(a) +
                              ", path two: " + PathText(b));
      }
    }
  }
}

UpdateExpression ExpressionContext::ParseUpdate(std::string_view text, const char* parameter) {
  UpdateExpression update = ParseUpdateGrammar(text, parameter, *this);
  std::vector<DocumentPath> paths;
  for (const auto& action : update.actions) paths.push_back(action.path);
  CheckPathsDisjoint(paths, parameter);
  return update;
}

std::vector<DocumentPath> ExpressionContext::ParseProjection(std::string_view text, const char* parameter) {
  auto paths = ParseProjectionGrammar(text, parameter, *this);
  CheckPathsDisjoint(paths, parameter);
  return paths;
}

void ExpressionContext::CheckAllUsed() const {
  std::vector<std::string> unused;
  for (const auto& [k, v] : names_) {
    if (!used_names_.count(k)) unused.push_back(k);
  }
  if (!unused.empty()) {
    throw ValidationError("Value provided in ExpressionAttributeNames unused in expressions: keys: " +
                          JoinList(unused, "{", "}"));
  }
  for (const auto& [k, v] : values_) {
    if (!used_values_.count(k)) unused.push_back(k);
  }
  if (!unused.empty()) {
    throw ValidationError("Value provided in ExpressionAttributeValues unused in expressions: keys: " +
                          JoinList(unused, "{", "}"));
  }
}

}  // namespace ddb
