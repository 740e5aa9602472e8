#include "engine/item_visitor.h"

#include <stdexcept>

namespace ddb {

void VisitValue(const AttributeValue& v, ItemVisitor& visitor) {
  switch (v.type) {
    case ValueType::S:
    case ValueType::N:
    case ValueType::B: visitor.Scalar(v.type, v.scalar); break;
    case ValueType::BOOL:
    case ValueType::NUL: visitor.Boolean(v.type, v.type == ValueType::NUL || v.boolean); break;
    case ValueType::SS:
    case ValueType::NS:
    case ValueType::BS:
      visitor.StartSet(v.type, v.set.size());
      for (const auto& m : v.set) visitor.SetMember(v.type, m);
      visitor.EndSet(v.type);
      break;
    case ValueType::L:
      visitor.StartList(v.list.size());
      for (const auto& e : v.list) VisitValue(e, visitor);
      visitor.EndList();
      break;
    case ValueType::M:
      visitor.StartMap(v.map.size());
      for (const auto& [name, e] : v.map) {
        visitor.Name(name);
        VisitValue(e, visitor);
      }
      visitor.EndMap();
      break;
  }
}

void VisitItem(const Item& item, ItemVisitor& visitor) {
  for (const auto& [name, value] : item) {
    visitor.Name(name);
    VisitValue(value, visitor);
  }
}

void ItemSizeVisitor::Name(std::string_view name) { total_ += name.size() + (depth_ > 0 ? 1 : 0); }

void ItemSizeVisitor::Scalar(ValueType type, std::string_view bytes) {
  Element();
  total_ += type == ValueType::N ? NumberSize(bytes) : bytes.size();
}

void ItemSizeVisitor::Boolean(ValueType, bool) {
  Element();
  total_ += 1;
}

void ItemSizeVisitor::StartSet(ValueType, std::size_t) { Element(); }

void ItemSizeVisitor::SetMember(ValueType type, std::string_view bytes) {
  total_ += type == ValueType::NS ? NumberSize(bytes) : bytes.size();
}

// A value directly inside a list costs its list one byte.
void ItemSizeVisitor::Element() {
  if (depth_ > 0 && (in_list_ >> (depth_ - 1) & 1)) total_ += 1;
}

void ItemSizeVisitor::Open(bool list) {
  Element();
  total_ += 3;
  // Items nest at most 32 levels (attribute_value.h); deeper is corrupt.
  if (depth_ >= 64) throw std::runtime_error("corrupt item nesting");
  const std::uint64_t bit = std::uint64_t{1} << depth_++;
  in_list_ = list ? in_list_ | bit : in_list_ & ~bit;
}

}  // namespace ddb
