// Cross-origin requests from web pages (the JavaScript SDK in a browser, web
// GUIs): which origins may call, the headers that let them, and the answer
// to a preflight, as DynamoDB Local gives them. Its allow-list (-cors) is
// "*" (any origin, as AWS's endpoints) or a list of exact origins. No
// request is refused for its origin: a browser enforces the answer's
// headers, not the server.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ddb {

// "*" or a comma-separated list of origins.
std::vector<std::string> ParseCorsOrigins(std::string_view list);

struct CorsRequest {
  std::string_view origin;           // empty: not a cross-origin request
  std::string_view request_method;   // Access-Control-Request-Method
  std::string_view request_headers;  // Access-Control-Request-Headers
};

// The header lines (each ending "\r\n") an answer to `request` carries:
// none when it has no Origin or its origin is not allowed.
std::string CorsHeaders(const std::vector<std::string>& allowed, const CorsRequest& request);
// An OPTIONS request with an Origin (AWS answers one without
// Access-Control-Request-Method as a preflight too).
inline bool IsPreflight(std::string_view method, const CorsRequest& request) {
  return method == "OPTIONS" && !request.origin.empty();
}
// DynamoDB Local answers a preflight that names a method but not the
// headers it will send 400 "Invalid PreFlight Headers".
bool IsValidPreflight(const CorsRequest& request);
// The header lines of the answer to a valid preflight: the method and
// headers asked for are allowed.
std::string CorsPreflightHeaders(const std::vector<std::string>& allowed, const CorsRequest& request);

}  // namespace ddb
