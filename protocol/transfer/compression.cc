#include "protocol/transfer/compression.h"

#include <zlib.h>
#include <zstd.h>

#include <stdexcept>

namespace ddb {

std::string GzipCompress(std::string_view data) {
  z_stream z{};
  // 15 + 16: a gzip wrapper; its header fields are set below.
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  gz_header header{};
  header.os = 255;  // unknown, as DynamoDB's files say
  deflateSetHeader(&z, &header);
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
  return out;
}

namespace {

// A small file can inflate a thousandfold: output past the limit is refused.
constexpr std::size_t kMaxDecompressedBytes = kMaxImportObjectBytes;

std::optional<std::string> Gunzip(std::string_view data) {
  std::string out;
  std::size_t offset = 0;
  while (offset < data.size()) {
    z_stream z{};
    if (inflateInit2(&z, 15 + 32) != Z_OK) return std::nullopt;  // gzip or zlib, detected
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + offset));
    z.avail_in = static_cast<uInt>(data.size() - offset);
    char buffer[1 << 16];
    int rc = Z_OK;
    while (rc == Z_OK) {
      z.next_out = reinterpret_cast<Bytef*>(buffer);
      z.avail_out = sizeof buffer;
      rc = inflate(&z, Z_NO_FLUSH);
      out.append(buffer, sizeof buffer - z.avail_out);
      if (out.size() > kMaxDecompressedBytes) rc = Z_MEM_ERROR;
      if (rc == Z_BUF_ERROR && z.avail_in == 0) break;  // truncated
    }
    const std::size_t used = z.total_in;
    inflateEnd(&z);
    if (rc != Z_STREAM_END) return std::nullopt;
    offset += used;
  }
  return out;
}

std::optional<std::string> Unzstd(std::string_view data) {
  ZSTD_DStream* stream = ZSTD_createDStream();
  if (!stream) return std::nullopt;
  std::string out;
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  char buffer[1 << 16];
  std::size_t rc = 0;
  bool ok = true;
  while (in.pos < in.size) {
    ZSTD_outBuffer o{buffer, sizeof buffer, 0};
    rc = ZSTD_decompressStream(stream, &o, &in);
    if (ZSTD_isError(rc)) {
      ok = false;
      break;
    }
    out.append(buffer, o.pos);
    if (out.size() > kMaxDecompressedBytes) {
      ok = false;
      break;
    }
    if (o.pos == 0 && in.pos == in.size) break;
  }
  // Drain what is buffered.
  while (ok && rc != 0) {
    ZSTD_outBuffer o{buffer, sizeof buffer, 0};
    rc = ZSTD_decompressStream(stream, &o, &in);
    if (ZSTD_isError(rc)) {
      ok = false;
      break;
    }
    out.append(buffer, o.pos);
    if (out.size() > kMaxDecompressedBytes) {
      ok = false;
      break;
    }
    if (o.pos == 0) {
      ok = rc == 0;
      break;
    }
  }
  ZSTD_freeDStream(stream);
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace

std::optional<std::string> Decompress(std::string_view data, InputCompression compression) {
  switch (compression) {
    case InputCompression::kNone: return std::string(data);
    case InputCompression::kGzip: return Gunzip(data);
    case InputCompression::kZstd: return Unzstd(data);
  }
  return std::nullopt;
}

}  // namespace ddb
