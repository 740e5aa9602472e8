// AdminGuard: who may drive the admin endpoint (/_ddbemu/...). It can freeze
// time, switch throttling modes and list partition-key values, so a web page
// the developer happens to visit must not reach it:
//   - a request carrying an Origin that is not loopback is refused (a page's
//     fetch() or form post says where it comes from);
//   - a request that changes state must declare Content-Type: application/json,
//     which a browser sends cross-site only after a CORS preflight, and no
//     preflight is ever approved for admin paths;
//   - the Host must name a loopback address, which defeats DNS rebinding (a
//     hostile name re-pointed at 127.0.0.1 still sends its own Host), unless
//     the server was told to accept any Host (--admin-any-host, for a
//     container reached under another name).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ddb {

struct AdminRequestHeaders {
  std::string_view method;
  std::string_view host;          // empty when absent
  std::string_view origin;        // empty when absent
  std::string_view content_type;  // empty when absent
};

struct AdminRefusal {
  int status;
  std::string message;
};

// Why the request may not reach the admin endpoint, or nullopt when it may.
std::optional<AdminRefusal> CheckAdminRequest(const AdminRequestHeaders& request, bool any_host);

// Whether `host` (a Host value or an Origin's host, with an optional port)
// names this machine: localhost, 127.0.0.0/8 or [::1].
bool IsLoopbackHost(std::string_view host);

}  // namespace ddb
