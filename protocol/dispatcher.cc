#include "protocol/dispatcher.h"

#include <iostream>
#include <unordered_map>

#include <rapidjson/error/en.h>

#include "engine/error.h"
#include "protocol/attribute_json.h"

namespace ddb {
namespace {

constexpr std::string_view kTargetPrefix = "DynamoDB_20120810.";

const std::unordered_map<std::string_view, OperationHandler>& Operations() {
  static const std::unordered_map<std::string_view, OperationHandler> ops = {
      {"CreateTable", CreateTableOperation},
      {"DescribeTable", DescribeTableOperation},
      {"ListTables", ListTablesOperation},
      {"DeleteTable", DeleteTableOperation},
      {"UpdateTable", UpdateTableOperation},
      {"DescribeLimits", DescribeLimitsOperation},
      {"DescribeEndpoints", DescribeEndpointsOperation},
      {"PutItem", PutItemOperation},
      {"GetItem", GetItemOperation},
      {"DeleteItem", DeleteItemOperation},
  };
  return ops;
}

ProtocolResponse ErrorResponse(const DynamoError& e) { return {e.http_status(), RenderError(e)}; }

}  // namespace

std::string RenderError(const DynamoError& e) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("__type");
  WriteString(w, e.type_namespace() + "#" + e.type());
  if (!e.message().empty()) {
    w.Key("message");
    WriteString(w, e.message());
  }
  if (e.item()) {
    w.Key("Item");
    WriteItem(w, *e.item());
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
  info.access_key = std::string(parts[0]);
  if (!parts[2].empty()) info.region = std::string(parts[2]);
}

ProtocolResponse Dispatcher::Handle(std::string_view target, std::string_view authorization, std::string_view body,
                                    RequestInfo info) const {
  try {
    if (authorization.empty()) {
      throw DynamoError("MissingAuthenticationTokenException", "Request is missing Authentication Token", 400,
                        kCoralServiceNamespace);
    }
    ParseAuthorization(authorization, info);
    OperationHandler handler = nullptr;
    if (target.substr(0, kTargetPrefix.size()) == kTargetPrefix) {
      auto it = Operations().find(target.substr(kTargetPrefix.size()));
      if (it != Operations().end()) handler = it->second;
    }
    if (!handler) throw DynamoError("UnknownOperationException", "", 400, kCoralServiceNamespace);

    rapidjson::Document doc;
    doc.Parse(body.data(), body.size());
    if (doc.HasParseError() || !doc.IsObject()) {
      throw DynamoError("SerializationException", "", 400, kCoralServiceNamespace);
    }
    rapidjson::StringBuffer buffer;
    JsonWriter writer(buffer);
    OperationContext context{doc, engine_, info, writer};
    handler(context);
    return {200, std::string(buffer.GetString(), buffer.GetSize())};
  } catch (const DynamoError& e) {
    return ErrorResponse(e);
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << e.what() << "\n";
    return ErrorResponse(InternalServerError());
  }
}

}  // namespace ddb
