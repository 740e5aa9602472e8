#include "engine/item_codec.h"

#include <stdexcept>

#include "engine/byte_codec.h"

namespace ddb {
namespace {

constexpr std::uint8_t kFormatVersion = 1;

void PutValue(ByteWriter& w, const AttributeValue& v) {
  w.PutByte(static_cast<std::uint8_t>(v.type));
  switch (v.type) {
    case ValueType::S:
    case ValueType::N:
    case ValueType::B: w.PutString(v.scalar); break;
    case ValueType::BOOL: w.PutByte(v.boolean ? 1 : 0); break;
    case ValueType::NUL: break;
    case ValueType::SS:
    case ValueType::NS:
    case ValueType::BS:
      w.PutVarint(v.set.size());
      for (const auto& m : v.set) w.PutString(m);
      break;
    case ValueType::L:
      w.PutVarint(v.list.size());
      for (const auto& e : v.list) PutValue(w, e);
      break;
    case ValueType::M:
      w.PutVarint(v.map.size());
      for (const auto& [name, e] : v.map) {
        w.PutString(name);
        PutValue(w, e);
      }
      break;
  }
}

AttributeValue GetValue(ByteReader& r) {
  AttributeValue v;
  std::uint8_t tag = r.GetByte();
  if (tag > static_cast<std::uint8_t>(ValueType::BS)) throw std::runtime_error("corrupt value tag");
  v.type = static_cast<ValueType>(tag);
  switch (v.type) {
    case ValueType::S:
    case ValueType::N:
    case ValueType::B: v.scalar = r.GetString(); break;
    case ValueType::BOOL: v.boolean = r.GetByte() != 0; break;
    case ValueType::NUL: v.boolean = true; break;
    case ValueType::SS:
    case ValueType::NS:
    case ValueType::BS: {
      auto n = r.GetVarint();
      for (std::uint64_t i = 0; i < n; ++i) v.set.push_back(r.GetString());
      break;
    }
    case ValueType::L: {
      auto n = r.GetVarint();
      for (std::uint64_t i = 0; i < n; ++i) v.list.push_back(GetValue(r));
      break;
    }
    case ValueType::M: {
      auto n = r.GetVarint();
      for (std::uint64_t i = 0; i < n; ++i) {
        std::string name = r.GetString();
        v.map.emplace(std::move(name), GetValue(r));
      }
      break;
    }
  }
  return v;
}

void VisitStoredValue(ByteReader& r, ItemVisitor& visitor) {
  std::uint8_t tag = r.GetByte();
  if (tag > static_cast<std::uint8_t>(ValueType::BS)) throw std::runtime_error("corrupt value tag");
  const auto type = static_cast<ValueType>(tag);
  switch (type) {
    case ValueType::S:
    case ValueType::N:
    case ValueType::B: visitor.Scalar(type, r.GetView()); break;
    case ValueType::BOOL: visitor.Boolean(type, r.GetByte() != 0); break;
    case ValueType::NUL: visitor.Boolean(type, true); break;
    case ValueType::SS:
    case ValueType::NS:
    case ValueType::BS: {
      auto n = r.GetVarint();
      visitor.StartSet(type, n);
      for (std::uint64_t i = 0; i < n; ++i) visitor.SetMember(type, r.GetView());
      visitor.EndSet(type);
      break;
    }
    case ValueType::L: {
      auto n = r.GetVarint();
      visitor.StartList(n);
      for (std::uint64_t i = 0; i < n; ++i) VisitStoredValue(r, visitor);
      visitor.EndList();
      break;
    }
    case ValueType::M: {
      auto n = r.GetVarint();
      visitor.StartMap(n);
      for (std::uint64_t i = 0; i < n; ++i) {
        visitor.Name(r.GetView());
        VisitStoredValue(r, visitor);
      }
      visitor.EndMap();
      break;
    }
  }
}

}  // namespace

void VisitEncodedItem(std::string_view bytes, ItemVisitor& visitor) {
  ByteReader r(bytes);
  if (r.GetByte() != kFormatVersion) throw std::runtime_error("unknown item format");
  auto n = r.GetVarint();
  for (std::uint64_t i = 0; i < n; ++i) {
    visitor.Name(r.GetView());
    VisitStoredValue(r, visitor);
  }
}

std::size_t EncodedItemSize(std::string_view bytes) {
  ItemSizeVisitor size;
  VisitEncodedItem(bytes, size);
  return size.total();
}

std::string EncodeItem(const Item& item) {
  ByteWriter w;
  w.PutByte(kFormatVersion);
  w.PutVarint(item.size());
  for (const auto& [name, value] : item) {
    w.PutString(name);
    PutValue(w, value);
  }
  return w.Take();
}

Item DecodeItem(std::string_view bytes) {
  ByteReader r(bytes);
  if (r.GetByte() != kFormatVersion) throw std::runtime_error("unknown item format");
  Item item;
  auto n = r.GetVarint();
  for (std::uint64_t i = 0; i < n; ++i) {
    std::string name = r.GetString();
    item.emplace(std::move(name), GetValue(r));
  }
  return item;
}

}  // namespace ddb
