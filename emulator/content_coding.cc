#include "emulator/content_coding.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace ddb {

namespace {

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// zlib's window bits: 15 + 16 reads a gzip wrapper, 15 a zlib one, -15 none.
InflateResult InflateWith(std::string_view body, int window_bits, std::size_t limit, std::string& out) {
  z_stream stream{};
  if (inflateInit2(&stream, window_bits) != Z_OK) return InflateResult::kCorrupt;
  out.clear();
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  stream.avail_in = static_cast<uInt>(body.size());  // bodies are far below 4 GB
  char chunk[64 * 1024];
  int status = Z_OK;
  for (;;) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof chunk;
    status = inflate(&stream, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) break;  // corrupt, or cut short
    out.append(chunk, sizeof chunk - stream.avail_out);
    if (out.size() > limit) {
      inflateEnd(&stream);
      return InflateResult::kTooLarge;
    }
    if (status == Z_STREAM_END) {
      // DynamoDB reads a gzip body's further members, and ignores bytes
      // after the last one.
      const bool next_member =
          window_bits > 15 && stream.avail_in >= 2 && stream.next_in[0] == 0x1f && stream.next_in[1] == 0x8b;
      if (!next_member || inflateReset(&stream) != Z_OK) break;
    } else if (stream.avail_in == 0 && stream.avail_out != 0) {
      break;  // the input ended inside the stream
    }
  }
  const bool whole = status == Z_STREAM_END;
  inflateEnd(&stream);
  return whole ? InflateResult::kOk : InflateResult::kCorrupt;
}

}  // namespace

std::optional<ContentCoding> ParseContentEncoding(std::string_view header) {
  header = TrimSpaces(header);
  if (header.empty() || EqualsIgnoringCase(header, "identity")) return ContentCoding::kIdentity;
  if (EqualsIgnoringCase(header, "gzip") || EqualsIgnoringCase(header, "x-gzip")) return ContentCoding::kGzip;
  if (EqualsIgnoringCase(header, "deflate")) return ContentCoding::kDeflate;
  return std::nullopt;
}

InflateResult Inflate(std::string_view body, ContentCoding coding, std::size_t limit, std::string& out) {
  switch (coding) {
    case ContentCoding::kIdentity: out.assign(body); return InflateResult::kOk;
    case ContentCoding::kGzip: return InflateWith(body, 15 + 16, limit, out);
    case ContentCoding::kDeflate: {
      // RFC 9110's deflate is zlib-wrapped; some clients send it raw.
      const InflateResult wrapped = InflateWith(body, 15, limit, out);
      return wrapped == InflateResult::kCorrupt ? InflateWith(body, -15, limit, out) : wrapped;
    }
  }
  return InflateResult::kCorrupt;
}

namespace {

// One element's weight: 1 without a q, 0 when refused, 1 for q over 1,
// nullopt for an element that is not "name" or "name;q=weight".
std::optional<double> Weight(std::string_view parameters) {
  parameters = TrimSpaces(parameters);
  if (parameters.empty()) return 1.0;
  if (parameters.size() < 2 || (parameters[0] != 'q' && parameters[0] != 'Q') || parameters[1] != '=') {
    return std::nullopt;
  }
  parameters.remove_prefix(2);
  parameters = TrimSpaces(parameters.substr(0, parameters.find(';')));  // the first q counts
  if (parameters.empty() || parameters.find_first_not_of("0123456789.") != std::string_view::npos) {
    return std::nullopt;
  }
  const double q = std::strtod(std::string(parameters).c_str(), nullptr);
  return std::min(q, 1.0);
}

bool IsToken(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '*' || c == '.' || c == '_';
  });
}

}  // namespace

ContentCoding ChooseAnswerCoding(std::string_view header) {
  struct Candidate {
    double weight = 0;
    int position = -1;  // in the list; -1: not named
  };
  Candidate gzip, deflate, any;
  for (int position = 0; !header.empty(); ++position) {
    const std::size_t comma = header.find(',');
    const std::string_view entry = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    const std::size_t semicolon = entry.find(';');
    const std::string_view name = TrimSpaces(entry.substr(0, semicolon));
    if (!IsToken(name)) continue;
    const auto weight = Weight(semicolon == std::string_view::npos ? std::string_view{} : entry.substr(semicolon + 1));
    if (!weight) continue;
    Candidate* named = EqualsIgnoringCase(name, "gzip")      ? &gzip
                       : EqualsIgnoringCase(name, "deflate") ? &deflate
                       : name == "*"                         ? &any
                                                             : nullptr;
    if (named && named->position < 0) *named = {*weight, position};
  }
  // "*" weighs for a coding the list does not name; a named coding wins a
  // tie with it.
  if (gzip.position < 0 && any.position >= 0) gzip = {any.weight, 1 << 20};
  if (deflate.position < 0 && any.position >= 0) deflate = {any.weight, (1 << 20) + 1};
  if (gzip.weight <= 0 && deflate.weight <= 0) return ContentCoding::kIdentity;
  if (gzip.weight != deflate.weight)
    return gzip.weight > deflate.weight ? ContentCoding::kGzip : ContentCoding::kDeflate;
  if (deflate.position < 0) return ContentCoding::kGzip;
  if (gzip.position < 0) return ContentCoding::kDeflate;
  return gzip.position < deflate.position ? ContentCoding::kGzip : ContentCoding::kDeflate;
}

std::string_view CodingName(ContentCoding coding) {
  switch (coding) {
    case ContentCoding::kGzip: return "gzip";
    case ContentCoding::kDeflate: return "deflate";
    case ContentCoding::kIdentity: break;
  }
  return "";
}

std::string Encode(std::string_view body, ContentCoding coding) {
  if (coding == ContentCoding::kIdentity) return std::string(body);
  z_stream stream{};
  // Level 1: answers are JSON, and speed matters more than the last bytes.
  deflateInit2(&stream, 1, Z_DEFLATED, coding == ContentCoding::kGzip ? 15 + 16 : 15, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, static_cast<uLong>(body.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  stream.avail_in = static_cast<uInt>(body.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

}  // namespace ddb
