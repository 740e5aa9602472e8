#include "protocol/dispatcher.h"

#include <rapidjson/error/en.h>

#include <iostream>
#include <unordered_map>

#include "engine/error.h"
#include "protocol/admin.h"
#include "protocol/attribute_json.h"
#include "protocol/request_document.h"
#include "protocol/sts.h"
#include "protocol/text.h"

namespace ddb {
namespace {

constexpr std::string_view kTargetPrefix = "DynamoDB_20120810.";
constexpr std::string_view kStreamsTargetPrefix = "DynamoDBStreams_20120810.";

#define DDB_OPERATION_ENTRY(name) {#name, name##Operation},
const std::unordered_map<std::string_view, OperationHandler>& Operations() {
  static const std::unordered_map<std::string_view, OperationHandler> ops = {DDB_OPERATIONS(DDB_OPERATION_ENTRY)};
  return ops;
}

const std::unordered_map<std::string_view, OperationHandler>& StreamsOperations() {
  static const std::unordered_map<std::string_view, OperationHandler> ops = {
      DDB_STREAMS_OPERATIONS(DDB_OPERATION_ENTRY)};
  return ops;
}
#undef DDB_OPERATION_ENTRY

// The handler a target names, or null.
OperationHandler HandlerFor(std::string_view target) {
  for (const auto& [prefix, ops] :
       {std::pair{kTargetPrefix, &Operations()}, std::pair{kStreamsTargetPrefix, &StreamsOperations()}}) {
    if (target.substr(0, prefix.size()) != prefix) continue;
    auto it = ops->find(target.substr(prefix.size()));
    return it == ops->end() ? nullptr : it->second;
  }
  return nullptr;
}

ProtocolResponse ErrorResponse(const DynamoError& e) {
  return {e.http_status(), RenderError(e), "application/x-amz-json-1.0", {}, {}};
}

}  // namespace

std::string RenderError(const DynamoError& e) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("__type");
  WriteString(w, e.type_namespace() + "#" + e.type());
  if (!e.message().empty()) {
    // The JSON protocol layer and TransactionCanceledException spell the
    // member "Message"; DynamoDB's other errors "message".
    w.Key(e.code() == ErrorCode::Serialization || e.code() == ErrorCode::TransactionCanceled ? "Message" : "message");
    WriteString(w, e.message());
  }
  if (e.item()) {
    w.Key("Item");
    WriteItem(w, *e.item());
  }
  if (!e.throttling_reasons().empty()) {
    // ThrottlingException (a Coral availability error) spells the member
    // in lower camel case; DynamoDB's own exceptions capitalise it.
    w.Key(e.code() == ErrorCode::Throttling ? "throttlingReasons" : "ThrottlingReasons");
    w.StartArray();
    for (const auto& reason : e.throttling_reasons()) {
      w.StartObject();
      w.Key("reason");
      WriteString(w, reason.reason);
      w.Key("resource");
      WriteString(w, reason.resource);
      w.EndObject();
    }
    w.EndArray();
  }
  if (!e.cancellation_reasons().empty()) {
    w.Key("CancellationReasons");
    w.StartArray();
    for (const auto& reason : e.cancellation_reasons()) {
      w.StartObject();
      if (reason.item) {
        w.Key("Item");
        WriteItem(w, *reason.item);
      }
      w.Key("Code");
      WriteString(w, reason.code);
      if (reason.message) {
        w.Key("Message");
        WriteString(w, *reason.message);
      }
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

void ParseAuthorization(std::string_view auth, RequestInfo& info) {
  // AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, ...
  auto pos = auth.find("Credential=");
  if (pos == std::string_view::npos) return;
  auto scope = auth.substr(pos + 11);
  scope = scope.substr(0, scope.find_first_of(", "));
  std::string_view parts[5];
  for (int i = 0; i < 5 && !scope.empty(); ++i) {
    auto slash = scope.find('/');
    parts[i] = scope.substr(0, slash);
    scope = slash == std::string_view::npos ? std::string_view{} : scope.substr(slash + 1);
  }
  // Both end up in answers (ARNs, DescribeEndpoints), which must be UTF-8:
  // a scope with bytes outside printable ASCII is not AWS's and is ignored.
  if (!IsPrintableAscii(parts[0]) || !IsPrintableAscii(parts[2])) return;
  info.access_key = std::string(parts[0]);
  if (!parts[2].empty()) info.region = std::string(parts[2]);
  info.service = std::string(parts[3]);
}

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// What DynamoDB answers to requests that are not its JSON protocol at all.
ProtocolResponse NotAnOperation() { return {404, "<UnknownOperationException/>\n", "text/plain", {}, {}}; }

}  // namespace

ProtocolResponse Dispatcher::Handle(const WireRequest& request, RequestInfo info) const {
  info.s3_directory = s3_directory_;
  std::string content_type(Trim(request.content_type.substr(0, request.content_type.find(';'))));
  if (content_type != "application/json") content_type = "application/x-amz-json-1.0";
  auto respond = [&content_type](ProtocolResponse r) {
    if (r.status != 404) r.content_type = content_type;
    return r;
  };
  RequestDocument doc;
  bool ran = false;  // the operation's handler was called
  try {
    ParseAuthorization(request.authorization, info);
    if (info.service == "sts" && (request.method == "POST" || request.method == "GET")) {
      info.session_token = std::string(request.security_token);
      const bool get = request.method == "GET";
      return HandleSts(get ? request.query : request.body, get, info, namespaces_);
    }
    if (request.method != "POST") return NotAnOperation();
    const std::string_view declared = Trim(request.content_type.substr(0, request.content_type.find(';')));
    if (!request.body.empty() && declared != "application/json" && declared != "application/x-amz-json-1.0") {
      return NotAnOperation();
    }
    if (!request.body.empty() && !doc.Parse(request.body)) {
      throw DynamoError(ErrorCode::Serialization, "");
    }
    const OperationHandler handler = HandlerFor(request.target);
    if (!handler) throw DynamoError(ErrorCode::UnknownOperation, "");
    if (request.authorization.substr(0, 5) != "AWS4-") {
      throw DynamoError(ErrorCode::MissingAuthenticationToken, "Request is missing Authentication Token");
    }
    if (!IsPrintableAscii(info.host)) info.host.clear();  // it may be echoed (DescribeEndpoints)
    if (request.body.empty() || !doc.root().IsObject()) {
      throw DynamoError(ErrorCode::Serialization, "");
    }
    rapidjson::StringBuffer buffer;
    JsonWriter writer(buffer);
    Engine& engine = namespaces_.For(info.access_key, info.region);
    info.account = namespaces_.AccountFor(info.access_key);
    OperationContext context{doc.root(), engine, info, writer};
    ran = true;
    handler(context);
    return respond({200, std::string(buffer.GetString(), buffer.GetSize()), "application/x-amz-json-1.0", {}, {}});
  } catch (const DynamoError& e) {
    if (ran && layer_ == ValidationLayer::kCurrent && request.target.substr(0, kTargetPrefix.size()) == kTargetPrefix) {
      try {
        return respond(ErrorResponse(CurrentLayerError(request.target.substr(kTargetPrefix.size()), doc.root(), e)));
      } catch (const std::exception& rewording) {  // out of memory: the older text still answers
        std::cerr << "internal error: " << rewording.what() << "\n";
      }
    }
    return respond(ErrorResponse(e));
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << e.what() << "\n";
    return respond(ErrorResponse(InternalServerError()));
  }
}

ProtocolResponse Dispatcher::HandleAdmin(std::string_view method, std::string_view path, std::string_view body) const {
  try {
    return ddb::HandleAdmin(namespaces_, method, path, body);
  } catch (const std::exception&) {
    return {500, std::string("{\"error\":\"internal\"}"), "application/json", {}, {}};
  }
}

}  // namespace ddb
