// MD5 (RFC 1321), for the checksums DynamoDB's export manifests carry
// (md5Checksum, etag, the .md5 files). Not for security.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace ddb {

std::array<std::uint8_t, 16> Md5(std::string_view data);

}  // namespace ddb
