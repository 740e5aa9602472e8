// Content codings of HTTP bodies, as DynamoDB's front end takes and gives
// them: a request body may come gzip- or deflate-encoded (Content-Encoding),
// and an answer is gzip-encoded when the request's Accept-Encoding asks for
// it and the answer is over kMinCompressedAnswerBytes, as DynamoDB does.
// Decoding is bounded: a body that inflates past the request size limit is
// refused, however small it was on the wire.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ddb {

enum class ContentCoding { kIdentity, kGzip, kDeflate };

// The coding a Content-Encoding header names (case-insensitive; empty is
// identity); nullopt for a coding ddbemu does not take.
std::optional<ContentCoding> ParseContentEncoding(std::string_view header);

enum class InflateResult { kOk, kCorrupt, kTooLarge };

// Decodes `body` into `out`, which must stay within `limit` bytes. Deflate
// is taken with or without its zlib header, as clients send either.
InflateResult Inflate(std::string_view body, ContentCoding coding, std::size_t limit, std::string& out);

// Answers up to this size go out uncompressed whatever the client accepts.
inline constexpr std::size_t kMinCompressedAnswerBytes = 4096;

// The coding of answers to a request with this Accept-Encoding, as
// DynamoDB chooses: gzip or deflate, the higher weight first, then the one
// named first; "*" stands for gzip; a weight of 0 refuses; a malformed
// element names nothing.
ContentCoding ChooseAnswerCoding(std::string_view accept_encoding);

// `body` encoded with `coding` (gzip, or zlib-wrapped deflate).
std::string Encode(std::string_view body, ContentCoding coding);

// The Content-Encoding value naming `coding` ("" for identity).
std::string_view CodingName(ContentCoding coding);

}  // namespace ddb
