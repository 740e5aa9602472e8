// GetShardIterator: a position in one shard (its oldest record, past its
// newest, at or after a sequence number), valid for 15 minutes.
#include "engine/engine.h"
#include "engine/engine_impl.h"

namespace ddb {

std::string Engine::GetShardIterator(const GetShardIteratorRequest& request) {
  return impl_->streams.GetShardIterator(request);
}

}  // namespace ddb
