#include "emulator/cors.h"

#include <algorithm>

namespace ddb {

namespace {

constexpr std::string_view kExposedHeaders = "x-amzn-RequestId,x-amzn-ErrorType,x-amz-crc32,Date";
constexpr std::string_view kPreflightMaxAgeSeconds = "1728000";  // DynamoDB Local's

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool Allowed(const std::vector<std::string>& allowed, std::string_view origin) {
  return !origin.empty() &&
         std::any_of(allowed.begin(), allowed.end(), [&](const std::string& a) { return a == "*" || a == origin; });
}

// Header values are echoed: only printable ASCII, so no header is split.
bool Printable(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
}

void AppendHeader(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

}  // namespace

std::vector<std::string> ParseCorsOrigins(std::string_view list) {
  std::vector<std::string> origins;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    const std::string_view origin = Trim(list.substr(0, comma));
    if (!origin.empty()) origins.emplace_back(origin);
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  return origins;
}

std::string CorsHeaders(const std::vector<std::string>& allowed, const CorsRequest& request) {
  std::string out;
  if (!Allowed(allowed, request.origin) || !Printable(request.origin)) return out;
  // Any origin: "*", as AWS answers; a listed one: itself, as DynamoDB Local.
  const bool any = std::find(allowed.begin(), allowed.end(), "*") != allowed.end();
  AppendHeader(out, "Access-Control-Allow-Origin", any ? std::string_view("*") : request.origin);
  AppendHeader(out, "Access-Control-Expose-Headers", kExposedHeaders);
  if (!any) AppendHeader(out, "Vary", "Origin");
  return out;
}

bool IsValidPreflight(const CorsRequest& request) {
  return (request.request_method.empty() || !request.request_headers.empty()) && Printable(request.request_method) &&
         Printable(request.request_headers);
}

std::string CorsPreflightHeaders(const std::vector<std::string>& allowed, const CorsRequest& request) {
  std::string out;
  if (!request.request_method.empty()) AppendHeader(out, "Access-Control-Allow-Methods", request.request_method);
  if (!request.request_headers.empty()) AppendHeader(out, "Access-Control-Allow-Headers", request.request_headers);
  AppendHeader(out, "Access-Control-Max-Age", kPreflightMaxAgeSeconds);
  return out + CorsHeaders(allowed, request);
}

}  // namespace ddb
