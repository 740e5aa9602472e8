#include "emulator/admin_guard.h"

#include <boost/asio/ip/address.hpp>
#include <boost/beast/core/string.hpp>

namespace ddb {
namespace {

// The host part of "host", "host:port", "[v6]", "[v6]:port" or a bare "v6".
std::string_view StripPort(std::string_view host) {
  if (!host.empty() && host.front() == '[') {
    const auto close = host.find(']');
    return close == std::string_view::npos ? std::string_view{} : host.substr(1, close - 1);
  }
  const auto colon = host.find(':');
  if (colon != std::string_view::npos && host.find(':', colon + 1) != std::string_view::npos) return host;
  return host.substr(0, colon);
}

std::string_view MediaType(std::string_view content_type) {
  content_type = content_type.substr(0, content_type.find(';'));
  while (!content_type.empty() && content_type.back() == ' ') content_type.remove_suffix(1);
  while (!content_type.empty() && content_type.front() == ' ') content_type.remove_prefix(1);
  return content_type;
}

}  // namespace

bool IsLoopbackHost(std::string_view host) {
  const std::string_view name = StripPort(host);
  if (boost::beast::iequals(name, "localhost")) return true;
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(name), ec);
  return !ec && address.is_loopback();
}

std::optional<AdminRefusal> CheckAdminRequest(const AdminRequestHeaders& request, bool any_host) {
  if (!any_host && !IsLoopbackHost(request.host)) {
    return AdminRefusal{403,
                        "the admin endpoint answers only requests addressed to a loopback host (localhost, "
                        "127.0.0.1, [::1]); start ddbemu with --admin-any-host to allow others"};
  }
  if (!request.origin.empty()) {
    // "scheme://host[:port]"; "null" (a sandboxed or file: page) is foreign too.
    const auto scheme_end = request.origin.find("://");
    const std::string_view origin_host =
        scheme_end == std::string_view::npos ? std::string_view{} : request.origin.substr(scheme_end + 3);
    if (!IsLoopbackHost(origin_host)) {
      return AdminRefusal{403, "the admin endpoint refuses requests from web pages of other origins"};
    }
  }
  if (request.method != "GET" && request.method != "HEAD" &&
      !boost::beast::iequals(MediaType(request.content_type), "application/json")) {
    return AdminRefusal{415, "admin requests that change state must have Content-Type: application/json"};
  }
  return std::nullopt;
}

}  // namespace ddb
