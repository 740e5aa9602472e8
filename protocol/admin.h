// HandleAdmin: the admin endpoint under /_ddbemu/ (docs/throttling.md).
//
//   GET  /_ddbemu/clock        {"now": <epoch seconds>, "frozen": bool}
//   POST /_ddbemu/clock        {"freeze": true|false, "advance": <seconds>}
//   GET  /_ddbemu/capacity     consumed units, throttles and hot keys per
//                              table, GSI and partition
//   POST /_ddbemu/throttling   {"mode": "off|observe|enforce"} (the default),
//                              or {"table": name, "mode": ...} (omit mode to
//                              drop the table's override)
//   POST /_ddbemu/ttl/sweep    {}: deletes the expired items of every table
//                              now and trims the streams; {"deleted": n}
//
// Each applies to every namespace (engine/namespaces.h): the capacity
// report lists the tables of all of them (their ARNs tell them apart), and a
// table's throttling mode is set wherever a table has that name.
#pragma once

#include <string>
#include <string_view>

#include "engine/namespaces.h"
#include "protocol/dispatcher.h"

namespace ddb {

// An admin error: {"error": message}, as JSON, with `status`.
ProtocolResponse AdminProblem(int status, const std::string& message);

ProtocolResponse HandleAdmin(Namespaces& namespaces, std::string_view method, std::string_view path,
                             std::string_view body);

}  // namespace ddb
