// A walk over an item as events, so that what only reads an item (its size,
// its JSON) is written once for both forms it comes in: decoded (Item, here)
// and stored bytes (VisitEncodedItem, engine/item_codec.h). Both walks emit
// the same events for the same item.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/attribute_value.h"

namespace ddb {

// The events of one walk over an item, in its attribute order (sorted by
// name). The item's own braces are not reported: its attributes arrive as
// Name then value, at depth 0. Views point into the item walked.
class ItemVisitor {
 public:
  virtual ~ItemVisitor() = default;
  // An attribute's or an M entry's name; its value follows.
  virtual void Name(std::string_view name) = 0;
  // S, N (canonical text) and B (raw bytes).
  virtual void Scalar(ValueType type, std::string_view bytes) = 0;
  // BOOL, and NULL (always true).
  virtual void Boolean(ValueType type, bool value) = 0;
  // SS, NS and BS: their members as SetMember calls between these two.
  virtual void StartSet(ValueType type, std::size_t count) = 0;
  virtual void SetMember(ValueType type, std::string_view bytes) = 0;
  virtual void EndSet(ValueType type) = 0;
  // L: its elements as values. M: its entries as Name then value.
  virtual void StartList(std::size_t count) = 0;
  virtual void EndList() = 0;
  virtual void StartMap(std::size_t count) = 0;
  virtual void EndMap() = 0;
};

void VisitItem(const Item& item, ItemVisitor& visitor);
// One value, as it would follow its Name.
void VisitValue(const AttributeValue& value, ItemVisitor& visitor);

// DynamoDB's size rules (docs/dynamodb-model.md §4.1) as events: names and values count
// their bytes (numbers their storage size), BOOL and NULL one byte, a list
// or map three, and each list element or map entry one more.
class ItemSizeVisitor : public ItemVisitor {
 public:
  std::size_t total() const { return total_; }

  void Name(std::string_view name) override;
  void Scalar(ValueType type, std::string_view bytes) override;
  void Boolean(ValueType type, bool value) override;
  void StartSet(ValueType type, std::size_t count) override;
  void SetMember(ValueType type, std::string_view bytes) override;
  void EndSet(ValueType) override {}
  void StartList(std::size_t) override { Open(/*list=*/true); }
  void EndList() override { --depth_; }
  void StartMap(std::size_t) override { Open(/*list=*/false); }
  void EndMap() override { --depth_; }

 private:
  void Element();
  void Open(bool list);
  std::size_t total_ = 0;
  std::size_t depth_ = 0;
  std::uint64_t in_list_ = 0;  // bit d: whether the container at depth d is a list
};

}  // namespace ddb
