// ListStreams: every stream the engine keeps (enabled, disabled, and those
// of deleted tables until trimmed), newest first, optionally of one table.
#include "engine/engine.h"
#include "engine/engine_impl.h"

namespace ddb {

ListStreamsResult Engine::ListStreams(const ListStreamsRequest& request) { return impl_->streams.List(request); }

}  // namespace ddb
