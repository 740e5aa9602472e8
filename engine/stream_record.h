// StreamRecord: one change to one item, as a table's stream keeps it.
//
// A record holds the item's key attributes and the images its stream's view
// type asks for, taken when the change was staged; its sequence number is
// assigned when the change commits (engine/streams.h) and lives in its
// storage key, not in the encoded value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/attribute_value.h"

namespace ddb {

enum class StreamEvent : std::uint8_t { Insert = 1, Modify = 2, Remove = 3 };

// The wire names: INSERT, MODIFY, REMOVE.
std::string_view StreamEventName(StreamEvent event);

// What a stream's view type keeps of each change.
enum class StreamViewType : std::uint8_t { KeysOnly = 1, NewImage = 2, OldImage = 3, NewAndOldImages = 4 };

std::optional<StreamViewType> ParseStreamViewType(std::string_view name);
std::string_view StreamViewTypeName(StreamViewType type);

struct StreamRecord {
  StreamEvent event = StreamEvent::Insert;
  bool by_service = false;  // a TTL deletion: DynamoDB itself made the change
  double time = 0;          // epoch seconds when the change was staged
  Item keys;
  std::optional<Item> old_image, new_image;
  std::uint64_t sequence = 0;  // from the storage key

  // DynamoDB's SizeBytes: the item sizes of Keys and of each image kept.
  std::size_t SizeBytes() const;
};

// The stored form of the record of a change from `old` to `updated` (null:
// no item), or nullopt when the change leaves the item as it was (DynamoDB
// writes no record then).
std::optional<std::string> EncodeChange(const Item& keys, const Item* old, const Item* updated, StreamViewType view,
                                        bool by_service, double now);
StreamRecord DecodeStreamRecord(std::string_view bytes);

}  // namespace ddb
