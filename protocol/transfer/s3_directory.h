// S3Directory: ddbemu's stand-in for Amazon S3. A bucket is a directory
// under the root given by --s3-dir, and an object key is a path below it:
// s3://bucket/a/b.json.gz is <root>/bucket/a/b.json.gz. A bucket whose
// directory does not exist does not exist (S3NoSuchBucket), as on S3; with
// no root, no bucket exists. docs/backups-and-exports.md tells users how to lay
// out a real export there.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ddb {

class ConstraintViolations;

// S3's bucket-name rule as DynamoDB's validator states it, checked into `v`
// under `path`; it also keeps a bucket to one directory under the root.
void CheckBucketName(ConstraintViolations& v, const std::optional<std::string>& bucket, const std::string& path);

class S3Directory {
 public:
  explicit S3Directory(std::string root) : root_(std::move(root)) {}

  // Throws TransferFailure(S3NoSuchBucket) for a missing bucket.
  void RequireBucket(const std::string& bucket) const;
  // Every object key under `prefix` (a key prefix, not only a folder), in
  // key order.
  std::vector<std::string> List(const std::string& bucket, const std::string& prefix) const;
  // The object's bytes; nullopt when it is larger than `max_bytes`.
  std::optional<std::string> Read(const std::string& bucket, const std::string& key, std::size_t max_bytes) const;
  // Writes an object whole (to a temporary name, then renamed into place).
  void Write(const std::string& bucket, const std::string& key, std::string_view bytes) const;

 private:
  std::string BucketPath(const std::string& bucket) const;
  std::string root_;
};

}  // namespace ddb
