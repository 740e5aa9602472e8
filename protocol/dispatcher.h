// Dispatcher: turns one HTTP request's target and body into a response body
// and status, rendering every failure as DynamoDB's JSON error. It never
// throws: unexpected failures become 500 InternalServerError.
#pragma once

#include <string>
#include <string_view>

#include "engine/engine.h"
#include "protocol/operation.h"

namespace ddb {

struct ProtocolResponse {
  int status = 200;
  std::string body;
};

class Dispatcher {
 public:
  explicit Dispatcher(Engine& engine) : engine_(engine) {}

  // `target` is the X-Amz-Target header ("DynamoDB_20120810.PutItem");
  // `authorization` the Authorization header (empty when absent).
  ProtocolResponse Handle(std::string_view target, std::string_view authorization, std::string_view body,
                          RequestInfo info) const;

 private:
  Engine& engine_;
};

std::string RenderError(const class DynamoError& error);
// Region and access key from a SigV4 Authorization header, when it has them.
void ParseAuthorization(std::string_view authorization, RequestInfo& info);

}  // namespace ddb
