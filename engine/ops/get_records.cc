// GetRecords: the records at an iterator's position, up to Limit or 1 MB,
// with the iterator to continue from (none past the end of a closed shard).
#include "engine/engine.h"
#include "engine/engine_impl.h"

namespace ddb {

GetRecordsResult Engine::GetRecords(const GetRecordsRequest& request) { return impl_->streams.GetRecords(request); }

}  // namespace ddb
