#include "engine/key_codec.h"

#include "engine/decimal.h"

namespace ddb {
namespace {

void PutFixed64BE(std::string& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

char TypeLetter(ValueType type) { return TypeName(type)[0]; }

}  // namespace

std::uint64_t PartitionHash(const AttributeValue& pk) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  auto mix = [&h](unsigned char c) {
    h ^= c;
    h *= 0x100000001b3ULL;
  };
  mix(static_cast<unsigned char>(TypeLetter(pk.type)));
  for (unsigned char c : pk.scalar) mix(c);
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
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
  out.push_back(TypeLetter(pk.type));
  const auto len = static_cast<std::uint32_t>(pk.scalar.size());
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((len >> shift) & 0xff));
  out += pk.scalar;
  if (sk) out += EncodeSortKey(*sk);
  return out;
}

std::string EncodeSortKey(const AttributeValue& sk) {
  std::string out(1, TypeLetter(sk.type));
  if (sk.type == ValueType::N) {
    Decimal::Parse(sk.scalar).AppendSortable(out);
  } else {
    out += sk.scalar;  // S (UTF-8) and B sort bytewise, as DynamoDB does
  }
  return out;
}

}  // namespace ddb
