// The compressions of export and import files: DynamoDB writes its export
// data as gzip (with a fixed header: no name, mtime 0, OS 255), and
// ImportTable reads GZIP, ZSTD or NONE.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ddb {

std::string GzipCompress(std::string_view data);

// An import object larger than this, read or decompressed, is refused as
// unreadable rather than held in memory whole.
inline constexpr std::size_t kMaxImportObjectBytes = std::size_t{1} << 30;

enum class InputCompression { kNone, kGzip, kZstd };

// The decompressed bytes; nullopt for a corrupt input (an import error).
// Gzip members may follow one another, as concatenated .gz files do.
std::optional<std::string> Decompress(std::string_view data, InputCompression compression);

}  // namespace ddb
