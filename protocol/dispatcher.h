// Dispatcher: turns one HTTP request's target and body into a response body
// and status, rendering every failure as DynamoDB's JSON error. It never
// throws: unexpected failures become 500 InternalServerError.
#pragma once

#include <string>
#include <string_view>

#include "engine/engine.h"
#include "engine/error.h"
#include "engine/namespaces.h"
#include "protocol/operation.h"
#include "protocol/validation_layer.h"

namespace ddb {

struct ProtocolResponse {
  int status = 200;
  std::string body;
  std::string content_type = "application/x-amz-json-1.0";
  std::string request_id;  // for x-amzn-RequestId when the body names one (STS)
  std::string headers;     // further header lines, each ending "\r\n" (STS's redirect)
};

// The parts of an HTTP request the protocol looks at.
struct WireRequest {
  std::string_view method;  // "POST", ...
  std::string_view content_type;
  std::string_view target;          // X-Amz-Target
  std::string_view authorization;   // empty when absent
  std::string_view security_token;  // X-Amz-Security-Token, empty when absent
  std::string_view body;
  std::string_view query = {};  // the target's query string (STS takes GET requests)
};

class Dispatcher {
 public:
  // `layer`: the validation layer whose texts errors are answered in
  // (protocol/validation_layer.h).
  // `s3_directory`: where exports and imports find their buckets
  // (protocol/transfer/s3_directory.h); empty: no bucket exists.
  explicit Dispatcher(Namespaces& namespaces, ValidationLayer layer = ValidationLayer::kCurrent,
                      std::string s3_directory = {})
      : namespaces_(namespaces), layer_(layer), s3_directory_(std::move(s3_directory)) {}

  // A request signed for STS goes to STS (protocol/sts.h), a GET too. Otherwise checks
  // happen in DynamoDB's order: method, content type, JSON syntax, target,
  // authentication, empty body; then the operation runs on the engine of
  // the caller's namespace.
  ProtocolResponse Handle(const WireRequest& request, RequestInfo info) const;
  // A request to the admin endpoint (a path under /_ddbemu/).
  ProtocolResponse HandleAdmin(std::string_view method, std::string_view path, std::string_view body) const;
  static bool IsAdminPath(std::string_view path) { return path.rfind("/_ddbemu/", 0) == 0; }

 private:
  Namespaces& namespaces_;
  ValidationLayer layer_;
  std::string s3_directory_;
};

// DynamoDB's JSON error body: {"__type": "<namespace>#<Name>", "message": ...}.
std::string RenderError(const DynamoError& error);
// Access key, region and service from a SigV4 Authorization header's
// credential scope, when it has them.
void ParseAuthorization(std::string_view authorization, RequestInfo& info);

}  // namespace ddb
