#include "protocol/sts.h"

#include <chrono>
#include <ctime>
#include <random>
#include <string>

#include "engine/error.h"
#include "protocol/base64.h"

namespace ddb {

namespace {

constexpr std::string_view kStsVersion = "2011-06-15";
constexpr std::string_view kStsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/";
// The namespace of errors raised before an operation is found (InvalidAction).
constexpr std::string_view kAwsFaultNamespace = "http://webservices.amazon.com/AWSFault/2005-15-09";
// Where STS sends a request that names no action.
constexpr std::string_view kNoActionLocation = "https://aws.amazon.com/iam";
constexpr std::string_view kXmlContentType = "text/xml";
// Session tokens ddbemu hands out carry the identity they were issued to,
// so GetCallerIdentity answers for them after a restart too.
constexpr std::string_view kSessionTokenMarker = "ddbemu-session|";
constexpr int kDefaultAssumeRoleSeconds = 3600;
constexpr int kDefaultSessionTokenSeconds = 43200;
constexpr int kMaxRootSessionSeconds = 3600;
constexpr long long kMaxIntegerValue = 2147483647;
constexpr int kMinSessionSeconds = 900;
constexpr int kMaxAssumeRoleSeconds = 43200;     // a role's longest session
constexpr int kMaxSessionTokenSeconds = 129600;  // GetSessionToken's longest

// One decoded form field: '+' is a space, %XX a byte.
std::string FormDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out.push_back(' ');
    } else if (text[i] == '%' && i + 2 < text.size() + 0 && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// The value of one field of a form body; nullopt when absent.
std::optional<std::string> FormField(std::string_view body, std::string_view name) {
  while (!body.empty()) {
    const std::size_t amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    const std::size_t eq = pair.find('=');
    if (FormDecode(pair.substr(0, eq)) == name) {
      return eq == std::string_view::npos ? std::string() : FormDecode(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    body.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string RandomText(std::size_t n, std::string_view alphabet) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(alphabet[rng() % alphabet.size()]);
  return out;
}

constexpr std::string_view kUpperDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr std::string_view kBase64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// STS's request ids are UUIDs.
std::string RequestId() {
  const std::string hex = RandomText(32, "0123456789abcdef");
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

std::string IsoTime(std::chrono::system_clock::time_point when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

ProtocolResponse Answer(std::string_view action, const std::string& result) {
  const std::string request_id = RequestId();
  std::string body = "<" + std::string(action) + "Response xmlns=\"" + std::string(kStsNamespace) + "\">\n  <" +
                     std::string(action) + "Result>\n" + result + "  </" + std::string(action) +
                     "Result>\n  <ResponseMetadata>\n    <RequestId>" + request_id +
                     "</RequestId>\n  </ResponseMetadata>\n</" + std::string(action) + "Response>\n";
  return {200, std::move(body), std::string(kXmlContentType), request_id, {}};
}

// STS's error document; `sender` faults are the caller's.
ProtocolResponse Problem(int status, std::string_view code, const std::string& message,
                         std::string_view xml_namespace = kStsNamespace, bool sender = true) {
  const std::string request_id = RequestId();
  std::string body = "<ErrorResponse xmlns=\"" + std::string(xml_namespace) + "\">\n  <Error>\n    <Type>" +
                     (sender ? "Sender" : "Receiver") + "</Type>\n    <Code>" + std::string(code) +
                     "</Code>\n    <Message>" + XmlEscape(message) + "</Message>\n  </Error>\n  <RequestId>" +
                     request_id + "</RequestId>\n</ErrorResponse>\n";
  return {status, std::move(body), std::string(kXmlContentType), request_id, {}};
}

// Who a request's credentials are: a session token ddbemu issued names
// its identity; any other key is its account's root user.
struct Identity {
  std::string arn;
  std::string user_id;
  std::string account;
};

Identity CallerOf(const RequestInfo& info, const Namespaces& namespaces) {
  const std::string account = namespaces.AccountFor(info.access_key);
  if (auto decoded = Base64Decode(info.session_token); decoded && decoded->starts_with(kSessionTokenMarker)) {
    const std::string rest = decoded->substr(kSessionTokenMarker.size());
    const std::size_t bar = rest.find('|');
    if (bar != std::string::npos) return {rest.substr(0, bar), rest.substr(bar + 1), account};
  }
  return {"arn:aws:iam::" + account + ":root", account, account};
}

// Credentials whose access key id carries `account` (Namespaces::AccountFor
// reads it back) and whose session token carries the identity.
std::string CredentialsXml(const std::string& account, const Identity& identity, int seconds) {
  const std::string key = std::string(kTemporaryKeyPrefix) + account + RandomText(4, kUpperDigits);
  const std::string secret = RandomText(40, kBase64Alphabet);
  const std::string token = Base64Encode(std::string(kSessionTokenMarker) + identity.arn + "|" + identity.user_id);
  return "    <Credentials>\n      <AccessKeyId>" + key + "</AccessKeyId>\n      <SecretAccessKey>" + secret +
         "</SecretAccessKey>\n      <SessionToken>" + token + "</SessionToken>\n      <Expiration>" +
         IsoTime(std::chrono::system_clock::now() + std::chrono::seconds(seconds)) +
         "</Expiration>\n    </Credentials>\n";
}

// DurationSeconds: absent is the default; otherwise a number in range.
std::optional<ProtocolResponse> ReadDuration(std::string_view body, int default_seconds, int max, int& seconds) {
  seconds = default_seconds;
  const auto text = FormField(body, "DurationSeconds");
  if (!text) return std::nullopt;
  long long n = -1;
  try {
    std::size_t used = 0;
    n = std::stoll(*text, &used);
    if (used != text->size()) n = -1;
  } catch (const std::exception&) {
    n = -1;
  }
  if (n < 0 || n > kMaxIntegerValue) {  // not a 32-bit integer: the Query protocol's own error
    return Problem(400, "MalformedInput", text->empty() ? "missing value for decimal type" : "Invalid input: " + *text);
  }
  if (n < kMinSessionSeconds) {
    return Problem(400, "ValidationError",
                   "1 validation error detected: Value '" + *text +
                       "' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or "
                       "equal to " +
                       std::to_string(kMinSessionSeconds));
  }
  if (n > max) {
    return Problem(400, "ValidationError",
                   "1 validation error detected: Value '" + *text +
                       "' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or "
                       "equal to " +
                       std::to_string(max));
  }
  seconds = static_cast<int>(n);
  return std::nullopt;
}

ProtocolResponse GetCallerIdentity(const RequestInfo& info, const Namespaces& namespaces) {
  const Identity who = CallerOf(info, namespaces);
  return Answer("GetCallerIdentity", "    <Arn>" + XmlEscape(who.arn) + "</Arn>\n    <UserId>" +
                                         XmlEscape(who.user_id) + "</UserId>\n    <Account>" + who.account +
                                         "</Account>\n");
}

ProtocolResponse GetSessionToken(std::string_view body, const RequestInfo& info, const Namespaces& namespaces) {
  int seconds = 0;
  if (auto problem = ReadDuration(body, kDefaultSessionTokenSeconds, kMaxSessionTokenSeconds, seconds)) {
    return *problem;
  }
  // ddbemu's callers are their account's root user, whose sessions last an
  // hour at most (longer asks get an hour).
  seconds = std::min(seconds, kMaxRootSessionSeconds);
  const Identity who = CallerOf(info, namespaces);
  return Answer("GetSessionToken", CredentialsXml(who.account, who, seconds));
}

// arn:aws:iam::<12 digits>:role/<path and name>
bool ParseRoleArn(const std::string& arn, std::string& account, std::string& role_name) {
  constexpr std::string_view kPrefix = "arn:aws:iam::";
  if (!arn.starts_with(kPrefix) || arn.size() < kPrefix.size() + 12 + 6) return false;
  account = arn.substr(kPrefix.size(), 12);
  for (char c : account) {
    if (c < '0' || c > '9') return false;
  }
  const std::string rest = arn.substr(kPrefix.size() + 12);
  if (!rest.starts_with(":role/")) return false;
  role_name = rest.substr(rest.rfind('/') + 1);
  return !role_name.empty();
}

constexpr std::size_t kMinRoleArnLength = 20;
constexpr std::size_t kMinSessionNameLength = 2;
constexpr std::size_t kMaxSessionNameLength = 64;

// RoleSessionName's characters: [\w+=,.@-].
bool IsSessionName(const std::string& name) {
  for (char c : name) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!word && std::string_view("+=,.@-").find(c) == std::string_view::npos) return false;
  }
  return true;
}

ProtocolResponse AssumeRole(std::string_view body) {
  const auto role_arn = FormField(body, "RoleArn");
  const auto session = FormField(body, "RoleSessionName");
  std::vector<std::string> missing;
  if (!role_arn) missing.push_back("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
  if (!session) {
    missing.push_back("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
  }
  if (!missing.empty()) {
    std::string message =
        std::to_string(missing.size()) + " validation error" + (missing.size() > 1 ? "s" : "") + " detected: ";
    for (std::size_t i = 0; i < missing.size(); ++i) message += (i ? "; " : "") + missing[i];
    return Problem(400, "ValidationError", message);
  }
  auto invalid = [](const std::string& value, const char* member, const std::string& constraint) {
    return Problem(400, "ValidationError",
                   "1 validation error detected: Value '" + value + "' at '" + member +
                       "' failed to satisfy constraint: Member must " + constraint);
  };
  if (role_arn->size() < kMinRoleArnLength) {
    return invalid(*role_arn, "roleArn", "have length greater than or equal to " + std::to_string(kMinRoleArnLength));
  }
  if (session->size() < kMinSessionNameLength) {
    return invalid(*session, "roleSessionName",
                   "have length greater than or equal to " + std::to_string(kMinSessionNameLength));
  }
  if (session->size() > kMaxSessionNameLength) {
    return invalid(*session, "roleSessionName",
                   "have length less than or equal to " + std::to_string(kMaxSessionNameLength));
  }
  if (!IsSessionName(*session)) {
    return invalid(*session, "roleSessionName", "satisfy regular expression pattern: [\\w+=,.@-]*");
  }
  std::string account, role_name;
  if (!ParseRoleArn(*role_arn, account, role_name)) {
    return Problem(400, "ValidationError", *role_arn + " is invalid");
  }
  int seconds = 0;
  if (auto problem = ReadDuration(body, kDefaultAssumeRoleSeconds, kMaxAssumeRoleSeconds, seconds)) return *problem;
  const std::string role_id = "AROA" + RandomText(17, kUpperDigits);
  const Identity who{"arn:aws:sts::" + account + ":assumed-role/" + role_name + "/" + *session,
                     role_id + ":" + *session, account};
  return Answer("AssumeRole", "    <AssumedRoleUser>\n      <AssumedRoleId>" + XmlEscape(who.user_id) +
                                  "</AssumedRoleId>\n      <Arn>" + XmlEscape(who.arn) +
                                  "</Arn>\n    </AssumedRoleUser>\n" + CredentialsXml(account, who, seconds));
}

ProtocolResponse GetAccessKeyInfo(std::string_view body, const Namespaces& namespaces) {
  const auto key = FormField(body, "AccessKeyId");
  if (!key) {
    return Problem(400, "ValidationError",
                   "1 validation error detected: Value null at 'accessKeyId' failed to satisfy constraint: Member "
                   "must not be null");
  }
  return Answer("GetAccessKeyInfo", "    <Account>" + namespaces.AccountFor(*key) + "</Account>\n");
}

// An action STS has no operation for in the version asked.
ProtocolResponse UnknownAction(const std::string& action, const std::optional<std::string>& version) {
  return Problem(400, "InvalidAction",
                 "Could not find operation " + action + " for version " + version.value_or("NO_VERSION_SPECIFIED"),
                 kAwsFaultNamespace);
}

ProtocolResponse Dispatch(std::string_view parameters, bool from_query, const RequestInfo& info,
                          Namespaces& namespaces) {
  const auto action = FormField(parameters, "Action");
  if (!action) {
    // STS redirects a request without an action to IAM's page (a GET with
    // its query string).
    std::string location(kNoActionLocation);
    if (from_query && !parameters.empty()) location += "?" + std::string(parameters);
    return {302, std::string(), std::string(kXmlContentType), RequestId(), "Location: " + location + "\r\n"};
  }
  const auto version = FormField(parameters, "Version");
  if (version != kStsVersion) return UnknownAction(*action, version);
  if (*action == "GetCallerIdentity") return GetCallerIdentity(info, namespaces);
  if (*action == "GetSessionToken") return GetSessionToken(parameters, info, namespaces);
  if (*action == "AssumeRole") return AssumeRole(parameters);
  if (*action == "GetAccessKeyInfo") return GetAccessKeyInfo(parameters, namespaces);
  return UnknownAction(*action, version);
}

}  // namespace

ProtocolResponse HandleSts(std::string_view parameters, bool from_query, const RequestInfo& info,
                           Namespaces& namespaces) {
  ProtocolResponse response = Dispatch(parameters, from_query, info, namespaces);
  response.headers += "x-amz-sts-extended-request-id: " + RandomText(56, kBase64Alphabet) + "\r\n";
  return response;
}

}  // namespace ddb
