#include "protocol/request_fingerprint.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <boost/uuid/detail/sha1.hpp>
#include <string_view>
#include <vector>

namespace ddb {

namespace {

// A canonical rendering (object members sorted) of the parameters a retry
// must repeat to count as the same request.
void Canonical(const JsonValue& value, rapidjson::Writer<rapidjson::StringBuffer>& w) {
  if (value.IsObject()) {
    std::vector<const JsonValue::Member*> members;
    for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) members.push_back(&*it);
    std::sort(members.begin(), members.end(), [](const auto* a, const auto* b) {
      return std::string_view(a->name.GetString(), a->name.GetStringLength()) <
             std::string_view(b->name.GetString(), b->name.GetStringLength());
    });
    w.StartObject();
    for (const auto* m : members) {
      w.Key(m->name.GetString(), m->name.GetStringLength());
      Canonical(m->value, w);
    }
    w.EndObject();
  } else if (value.IsArray()) {
    w.StartArray();
    for (const auto& v : value.GetArray()) Canonical(v, w);
    w.EndArray();
  } else {
    value.Accept(w);
  }
}

}  // namespace

std::string Fingerprint(const JsonValue& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  Canonical(value, writer);
  boost::uuids::detail::sha1 sha1;
  sha1.process_bytes(buffer.GetString(), buffer.GetSize());
  boost::uuids::detail::sha1::digest_type digest;
  sha1.get_digest(digest);
  std::string fingerprint;
  for (unsigned int word : digest) {
    for (int shift = 24; shift >= 0; shift -= 8) fingerprint.push_back(static_cast<char>((word >> shift) & 0xFF));
  }
  return fingerprint;
}

}  // namespace ddb
