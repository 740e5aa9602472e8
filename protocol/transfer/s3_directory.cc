#include "protocol/transfer/s3_directory.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/transfer_requests.h"
#include "protocol/constraints.h"

namespace ddb {

namespace fs = std::filesystem;

namespace {

// A key may not climb out of its bucket.
bool SafeKey(const std::string& key) {
  for (const auto& part : fs::path(key)) {
    if (part == "..") return false;
  }
  return !key.empty() && key.front() != '/';
}

}  // namespace

void CheckBucketName(ConstraintViolations& v, const std::optional<std::string>& bucket, const std::string& path) {
  if (!bucket) return;
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  const std::string& b = *bucket;
  bool ok = b.size() >= 2 && alnum(b.front()) && alnum(b.back());
  for (char c : b) ok = ok && (alnum(c) || c == '.' || c == '-' || c == '_');
  if (!ok)
    v.Add("'" + b + "'", path,
          "Member must satisfy regular expression pattern: ^[a-z0-9A-Z]+[\\.\\-\\w]*[a-z0-9A-Z]+$");
}

std::string S3Directory::BucketPath(const std::string& bucket) const { return root_ + "/" + bucket; }

void S3Directory::RequireBucket(const std::string& bucket) const {
  std::error_code error;
  if (root_.empty() || bucket.find('/') != std::string::npos || bucket == "." || bucket == ".." ||
      !fs::is_directory(BucketPath(bucket), error)) {
    throw TransferFailure("S3NoSuchBucket",
                          "The specified bucket does not exist (Service: Amazon S3; Status Code: "
                          "404; Error Code: NoSuchBucket)");
  }
}

std::vector<std::string> S3Directory::List(const std::string& bucket, const std::string& prefix) const {
  RequireBucket(bucket);
  const fs::path base = BucketPath(bucket);
  std::vector<std::string> keys;
  std::error_code error;
  for (auto it = fs::recursive_directory_iterator(base, error); !error && it != fs::recursive_directory_iterator();
       it.increment(error)) {
    if (!it->is_regular_file(error)) continue;
    const std::string key = fs::relative(it->path(), base, error).generic_string();
    if (key.compare(0, prefix.size(), prefix) == 0) keys.push_back(key);
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

std::optional<std::string> S3Directory::Read(const std::string& bucket, const std::string& key,
                                             std::size_t max_bytes) const {
  const std::string path = BucketPath(bucket) + "/" + key;
  std::error_code error;
  const auto size = fs::file_size(path, error);
  if (error || size > max_bytes) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void S3Directory::Write(const std::string& bucket, const std::string& key, std::string_view bytes) const {
  if (!SafeKey(key)) throw TransferFailure("S3InvalidKey", "The object key is not valid: " + key);
  const fs::path path = fs::path(BucketPath(bucket)) / key;
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  const fs::path partial = path.string() + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw TransferFailure("S3WriteFailed", "Could not write " + key);
  }
  fs::rename(partial, path, error);
  if (error) throw TransferFailure("S3WriteFailed", "Could not write " + key);
}

}  // namespace ddb
