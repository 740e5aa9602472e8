#include "engine/stream_record.h"

#include <stdexcept>

#include "engine/byte_codec.h"
#include "engine/item_codec.h"

namespace ddb {
namespace {

constexpr std::uint8_t kRecordFormat = 1;

std::optional<Item> GetOptionalItem(ByteReader& r) {
  if (!r.GetByte()) return std::nullopt;
  return DecodeItem(r.GetView());
}

}  // namespace

std::string_view StreamEventName(StreamEvent event) {
  switch (event) {
    case StreamEvent::Insert: return "INSERT";
    case StreamEvent::Modify: return "MODIFY";
    case StreamEvent::Remove: return "REMOVE";
  }
  return "INSERT";
}

std::optional<StreamViewType> ParseStreamViewType(std::string_view name) {
  if (name == "KEYS_ONLY") return StreamViewType::KeysOnly;
  if (name == "NEW_IMAGE") return StreamViewType::NewImage;
  if (name == "OLD_IMAGE") return StreamViewType::OldImage;
  if (name == "NEW_AND_OLD_IMAGES") return StreamViewType::NewAndOldImages;
  return std::nullopt;
}

std::string_view StreamViewTypeName(StreamViewType type) {
  switch (type) {
    case StreamViewType::KeysOnly: return "KEYS_ONLY";
    case StreamViewType::NewImage: return "NEW_IMAGE";
    case StreamViewType::OldImage: return "OLD_IMAGE";
    case StreamViewType::NewAndOldImages: return "NEW_AND_OLD_IMAGES";
  }
  return "KEYS_ONLY";
}

std::size_t StreamRecord::SizeBytes() const {
  std::size_t size = ItemSize(keys);
  if (old_image) size += ItemSize(*old_image);
  if (new_image) size += ItemSize(*new_image);
  return size;
}

std::optional<std::string> EncodeChange(const Item& keys, const Item* old, const Item* updated, StreamViewType view,
                                        bool by_service, double now) {
  if (!old && !updated) return std::nullopt;
  if (old && updated && *old == *updated) return std::nullopt;
  const StreamEvent event = !old ? StreamEvent::Insert : !updated ? StreamEvent::Remove : StreamEvent::Modify;
  const bool keep_old = view == StreamViewType::OldImage || view == StreamViewType::NewAndOldImages;
  const bool keep_new = view == StreamViewType::NewImage || view == StreamViewType::NewAndOldImages;
  ByteWriter w;
  w.PutByte(kRecordFormat);
  w.PutByte(static_cast<std::uint8_t>(event));
  w.PutByte(by_service ? 1 : 0);
  w.PutDouble(now);
  w.PutString(EncodeItem(keys));
  for (const Item* image : {keep_old ? old : nullptr, keep_new ? updated : nullptr}) {
    w.PutByte(image ? 1 : 0);
    if (image) w.PutString(EncodeItem(*image));
  }
  return w.Take();
}

StreamRecord DecodeStreamRecord(std::string_view bytes) {
  ByteReader r(bytes);
  if (r.GetByte() != kRecordFormat) throw std::runtime_error("unknown stream record format");
  StreamRecord record;
  record.event = static_cast<StreamEvent>(r.GetByte());
  record.by_service = r.GetByte() != 0;
  record.time = r.GetDouble();
  record.keys = DecodeItem(r.GetView());
  record.old_image = GetOptionalItem(r);
  record.new_image = GetOptionalItem(r);
  return record;
}

}  // namespace ddb
