#include "emulator/content_coding.h"

#include <doctest/doctest.h>

using namespace ddb;

TEST_CASE("gzip and deflate bodies decode; concatenated gzip members join; bytes after the last are ignored") {
  const std::string json = R"({"TableName":"t","Item":{"k":{"S":"v"}}})";
  std::string out;
  CHECK(Inflate(Encode(json, ContentCoding::kGzip), ContentCoding::kGzip, 1 << 20, out) == InflateResult::kOk);
  CHECK(out == json);
  CHECK(Inflate(Encode(json, ContentCoding::kDeflate), ContentCoding::kDeflate, 1 << 20, out) == InflateResult::kOk);
  CHECK(out == json);
  const std::string two = Encode("{\"a\":", ContentCoding::kGzip) + Encode("1}", ContentCoding::kGzip);
  CHECK(Inflate(two, ContentCoding::kGzip, 1 << 20, out) == InflateResult::kOk);
  CHECK(out == "{\"a\":1}");
  CHECK(Inflate(Encode(json, ContentCoding::kGzip) + "junk", ContentCoding::kGzip, 1 << 20, out) == InflateResult::kOk);
  CHECK(out == json);
}

TEST_CASE("a cut, corrupt or empty gzip body is refused; one that inflates past the limit too") {
  const std::string gz = Encode(std::string(100000, 'x'), ContentCoding::kGzip);
  std::string out;
  CHECK(Inflate(gz.substr(0, gz.size() - 1), ContentCoding::kGzip, 1 << 20, out) == InflateResult::kCorrupt);
  CHECK(Inflate("not gzip at all", ContentCoding::kGzip, 1 << 20, out) == InflateResult::kCorrupt);
  CHECK(Inflate("", ContentCoding::kGzip, 1 << 20, out) == InflateResult::kCorrupt);
  CHECK(Inflate(gz, ContentCoding::kGzip, 1000, out) == InflateResult::kTooLarge);
}

TEST_CASE("Content-Encoding names") {
  CHECK(ParseContentEncoding("") == ContentCoding::kIdentity);
  CHECK(ParseContentEncoding("GZIP") == ContentCoding::kGzip);
  CHECK(ParseContentEncoding(" deflate ") == ContentCoding::kDeflate);
  CHECK_FALSE(ParseContentEncoding("br").has_value());
}

TEST_CASE("the answer's coding follows Accept-Encoding as DynamoDB reads it") {
  CHECK(ChooseAnswerCoding("gzip") == ContentCoding::kGzip);
  CHECK(ChooseAnswerCoding("identity") == ContentCoding::kIdentity);
  CHECK(ChooseAnswerCoding("") == ContentCoding::kIdentity);
  CHECK(ChooseAnswerCoding("br, zstd, x-gzip, compress") == ContentCoding::kIdentity);
  CHECK(ChooseAnswerCoding("br, identity, deflate, gzip") == ContentCoding::kDeflate);  // first named wins a tie
  CHECK(ChooseAnswerCoding("GZip") == ContentCoding::kGzip);
  CHECK(ChooseAnswerCoding("*") == ContentCoding::kGzip);
  CHECK(ChooseAnswerCoding("*, deflate") == ContentCoding::kDeflate);
  CHECK(ChooseAnswerCoding("gzip;q=0") == ContentCoding::kIdentity);
  CHECK(ChooseAnswerCoding("gzip;q=0.5, deflate;q=0.8") == ContentCoding::kDeflate);
  CHECK(ChooseAnswerCoding("deflate;q=2, gzip") == ContentCoding::kDeflate);  // a weight over 1 counts as 1
  CHECK(ChooseAnswerCoding("\"gzip\"") == ContentCoding::kIdentity);
  CHECK(ChooseAnswerCoding("gzip br") == ContentCoding::kIdentity);
  CHECK(ChooseAnswerCoding("gzip:q=1") == ContentCoding::kIdentity);
}
