#include "engine/key_codec.h"

#include "engine/decimal.h"

namespace ddb {
namespace {

void PutFixed64BE(std::string& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

char TypeLetter(ValueType type) { return TypeName(type)[0]; }

constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ULL;

void FnvMix(std::uint64_t& h, unsigned char c) {
  h ^= c;
  h *= 0x100000001b3ULL;
}

std::uint64_t Finalize(std::uint64_t h) {
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

void AppendLengthPrefixed(std::string& out, const AttributeValue& v) {
  out.push_back(TypeLetter(v.type));
  const auto len = static_cast<std::uint32_t>(v.scalar.size());
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((len >> shift) & 0xff));
  out += v.scalar;
}

// The order-preserving bytes of a value (without its type letter).
std::string SortableBytes(const AttributeValue& v) {
  if (v.type != ValueType::N) return v.scalar;
  std::string out;
  Decimal::Parse(v.scalar).AppendSortable(out);
  return out;
}

void AppendEscaped(std::string& out, const std::string& bytes) {
  for (char c : bytes) {
    out.push_back(c);
    if (c == '\0') out.push_back('\xff');
  }
}

}  // namespace

std::uint64_t PartitionHash(const AttributeValue& pk) {
  std::uint64_t h = kFnvOffset;
  FnvMix(h, static_cast<unsigned char>(TypeLetter(pk.type)));
  for (unsigned char c : pk.scalar) FnvMix(h, c);
  return Finalize(h);
}

std::uint64_t IndexPartitionHash(const std::vector<const AttributeValue*>& pk) {
  if (pk.size() == 1) return PartitionHash(*pk[0]);
  std::uint64_t h = kFnvOffset;
  std::string encoded;
  for (const AttributeValue* v : pk) AppendLengthPrefixed(encoded, *v);
  for (unsigned char c : encoded) FnvMix(h, c);
  return Finalize(h);
}

std::string EncodeIndexPartition(std::uint64_t index_id, const std::vector<const AttributeValue*>& pk) {
  std::string out;
  PutFixed64BE(out, index_id);
  PutFixed64BE(out, IndexPartitionHash(pk));
  for (const AttributeValue* v : pk) AppendLengthPrefixed(out, *v);
  return out;
}

std::string EncodeIndexSortPrefix(const AttributeValue& v) {
  std::string out(1, TypeLetter(v.type));
  AppendEscaped(out, SortableBytes(v));
  return out;
}

std::string EncodeIndexSortAttribute(const AttributeValue& v) {
  std::string out = EncodeIndexSortPrefix(v);
  out.push_back('\0');
  out.push_back('\x01');
  return out;
}

std::string PrefixSuccessor(std::string s) {
  while (!s.empty() && static_cast<unsigned char>(s.back()) == 0xff) s.pop_back();
  if (!s.empty()) s.back() = static_cast<char>(static_cast<unsigned char>(s.back()) + 1);
  return s;
}

std::string TableKeyPrefix(std::uint64_t table_id) {
  std::string out;
  PutFixed64BE(out, table_id);
  return out;
}

std::string EncodeItemKey(std::uint64_t table_id, const AttributeValue& pk, const AttributeValue* sk) {
  std::string out;
  out.reserve(32 + pk.scalar.size() + (sk ? sk->scalar.size() : 0));
  PutFixed64BE(out, table_id);
  PutFixed64BE(out, PartitionHash(pk));
  AppendLengthPrefixed(out, pk);
  if (sk) out += EncodeSortKey(*sk);
  return out;
}

std::string EncodeSortKey(const AttributeValue& sk) {
  // S (UTF-8) and B sort bytewise, as DynamoDB does. The base sort key ends
  // the storage key, so it needs no terminator.
  return std::string(1, TypeLetter(sk.type)) + SortableBytes(sk);
}

}  // namespace ddb
