// The admin endpoint, on the DynamoDB port but outside its target namespace
// (paths under /_ddbemu/; docs/throttling.md): the clock tests freeze and
// advance, throttling modes, and the capacity figures per table, GSI and
// partition. Plain JSON in and out; never a DynamoDB error shape.
#include "protocol/admin.h"

#include <rapidjson/document.h>

#include "engine/error.h"

namespace ddb {

namespace {

ProtocolResponse Json(int status, const std::string& body) { return {status, body, "application/json", {}, {}}; }

ProtocolResponse ClockState(const AdjustableClock& clock) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("now");
  w.Double(clock.Now());
  w.Key("frozen");
  w.Bool(clock.frozen());
  w.EndObject();
  return Json(200, buffer.GetString());
}

void WriteCounts(JsonWriter& w, const std::map<std::string, std::uint64_t>& counts) {
  w.StartObject();
  for (const auto& [reason, n] : counts) {
    WriteString(w, reason);
    w.Uint64(n);
  }
  w.EndObject();
}

// What resources and partitions both report: bucket balances, units
// consumed, throttles by reason.
template <typename Figures>
void WriteFigures(JsonWriter& w, const Figures& f) {
  w.Key("readTokens");
  w.Double(f.read_tokens);
  w.Key("writeTokens");
  w.Double(f.write_tokens);
  w.Key("consumedReadUnits");
  w.Double(f.read_units);
  w.Key("consumedWriteUnits");
  w.Double(f.write_units);
  w.Key("throttles");
  WriteCounts(w, f.throttles);
}

ProtocolResponse Capacity(Namespaces& namespaces) {
  CapacityReport report;
  bool first = true;
  namespaces.ForEach([&](Engine& engine) {
    CapacityReport one = engine.ReportCapacity();
    if (first) {
      report.now = one.now;
      report.default_mode = one.default_mode;
      first = false;
    }
    for (auto& r : one.resources) report.resources.push_back(std::move(r));
  });
  if (first) report = namespaces.Default().ReportCapacity();
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("now");
  w.Double(report.now);
  w.Key("defaultMode");
  WriteString(w, report.default_mode);
  w.Key("resources");
  w.StartArray();
  for (const auto& r : report.resources) {
    w.StartObject();
    w.Key("table");
    WriteString(w, r.table);
    if (!r.index.empty()) {
      w.Key("index");
      WriteString(w, r.index);
    }
    w.Key("arn");
    WriteString(w, r.arn);
    w.Key("mode");
    WriteString(w, r.mode);
    w.Key("billing");
    WriteString(w, r.on_demand ? "PAY_PER_REQUEST" : "PROVISIONED");
    w.Key("readRate");
    w.Double(r.read_rate);
    w.Key("writeRate");
    w.Double(r.write_rate);
    WriteFigures(w, r);
    w.Key("partitions");
    w.StartArray();
    for (const auto& p : r.partitions) {
      w.StartObject();
      // Hash bounds as hex text: JSON numbers lose 64-bit precision.
      char bounds[40];
      std::snprintf(bounds, sizeof bounds, "%016llx", static_cast<unsigned long long>(p.first_hash));
      w.Key("firstHash");
      w.String(bounds);
      std::snprintf(bounds, sizeof bounds, "%016llx", static_cast<unsigned long long>(p.last_hash));
      w.Key("lastHash");
      w.String(bounds);
      w.Key("bytes");
      w.Int64(p.bytes);
      WriteFigures(w, p);
      w.Key("hotKeys");
      w.StartArray();
      for (const auto& [key, units] : p.hot_keys) {
        w.StartObject();
        w.Key("key");
        WriteString(w, key);
        w.Key("units");
        w.Double(units);
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return Json(200, buffer.GetString());
}

}  // namespace

ProtocolResponse AdminProblem(int status, const std::string& message) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("error");
  WriteString(w, message);
  w.EndObject();
  return Json(status, buffer.GetString());
}

ProtocolResponse HandleAdmin(Namespaces& namespaces, std::string_view method, std::string_view path,
                             std::string_view body) {
  path = path.substr(0, path.find('?'));  // a query string changes nothing
  rapidjson::Document request;
  if (method == "POST") {
    if (body.size() > 64 * 1024) return AdminProblem(413, "admin bodies are small JSON objects");
    // Iterative, as for DynamoDB requests: nesting cannot exhaust the stack.
    request.Parse<rapidjson::kParseIterativeFlag>(body.data(), body.size());
    if (request.HasParseError() || !request.IsObject()) return AdminProblem(400, "the body must be a JSON object");
  }
  if (path == "/_ddbemu/clock") {
    AdjustableClock* clock = namespaces.adjustable_clock();
    if (!clock) return AdminProblem(409, "this engine runs on an injected clock");
    if (method == "POST") {
      const JsonValue* freeze = Member(request, "freeze");
      const JsonValue* advance = Member(request, "advance");
      // Steps of up to about three years keep every timestamp a date SDKs can read.
      if ((freeze && !freeze->IsBool()) ||
          (advance && (!advance->IsNumber() || !(advance->GetDouble() >= 0) || advance->GetDouble() > 1e8))) {
        return AdminProblem(400, "freeze takes true or false; advance takes a number of seconds from 0 to 1e8");
      }
      if (freeze && freeze->GetBool()) clock->Freeze();
      if (advance) clock->Advance(advance->GetDouble());
      if (freeze && !freeze->GetBool()) clock->Release();
    } else if (method != "GET") {
      return AdminProblem(405, "GET or POST");
    }
    return ClockState(*clock);
  }
  if (path == "/_ddbemu/capacity") {
    if (method != "GET") return AdminProblem(405, "GET");
    return Capacity(namespaces);
  }
  if (path == "/_ddbemu/throttling") {
    if (method != "POST") return AdminProblem(405, "POST");
    const JsonValue* mode_json = Member(request, "mode");
    const JsonValue* table = Member(request, "table");
    std::optional<ThrottlingMode> mode;
    if (mode_json) {
      if (mode_json->IsString()) mode = ParseThrottlingMode(mode_json->GetString());
      if (!mode) return AdminProblem(400, "mode is off, observe or enforce");
    }
    if (table && !table->IsString()) return AdminProblem(400, "table is a table name");
    if (!table) {
      if (!mode) return AdminProblem(400, "mode is off, observe or enforce");
      namespaces.SetDefaultThrottlingMode(*mode);
      return Json(200, "{}");
    }
    bool found = false;
    namespaces.ForEach([&](Engine& engine) {
      try {
        engine.SetThrottlingMode(table->GetString(), mode);  // no mode: back to the tag or the default
        found = true;
      } catch (const DynamoError&) {
      }
    });
    if (!found) return AdminProblem(404, "no such table: " + std::string(table->GetString()));
    return Json(200, "{}");
  }
  if (path == "/_ddbemu/ttl/sweep") {
    if (method != "POST") return AdminProblem(405, "POST");
    std::size_t deleted = 0;
    namespaces.ForEach([&](Engine& engine) { deleted += engine.SweepExpiredItems(); });
    return Json(200, "{\"deleted\":" + std::to_string(deleted) + "}");
  }
  return AdminProblem(404, "unknown admin path");
}

}  // namespace ddb
