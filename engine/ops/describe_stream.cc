// DescribeStream: a stream's status, key schema and shards with their
// lineage, paged by ExclusiveStartShardId or filtered to one shard's
// children.
#include "engine/engine.h"
#include "engine/engine_impl.h"

namespace ddb {

StreamDescription Engine::DescribeStream(const DescribeStreamRequest& request) {
  return impl_->streams.Describe(request);
}

}  // namespace ddb
