#include "protocol/request_document.h"

#include <memory>

namespace ddb {

struct RequestDocument::Buffers {
  // Values take about twice the body's size: a 118-byte PutItem 256 bytes,
  // a 3 KB BatchWriteItem of 25 items 6.9 KB.
  alignas(16) char values[16 << 10];
  alignas(16) char stack[4 << 10];
  bool taken = false;
};

namespace {

// RapidJSON's own defaults for what spills over.
constexpr std::size_t kSpillChunk = 64 << 10;
constexpr std::size_t kInitialStack = 1 << 10;

}  // namespace

RequestDocument::Claim::Claim() {
  // Made on a thread's first request, so that threads which never parse one
  // (RocksDB's, the acceptor) do not carry 20 KB of thread-local storage.
  thread_local std::unique_ptr<Buffers> thread_buffers;
  if (!thread_buffers) thread_buffers = std::make_unique_for_overwrite<Buffers>();
  if (thread_buffers->taken) {
    own_ = std::make_unique_for_overwrite<Buffers>();
    buffers_ = own_.get();
  } else {
    buffers_ = thread_buffers.get();
  }
  buffers_->taken = true;
}

RequestDocument::Claim::~Claim() { buffers_->taken = false; }

RequestDocument::RequestDocument()
    : values_(buffers_->values, sizeof buffers_->values, kSpillChunk, &heap_),
      stack_(buffers_->stack, sizeof buffers_->stack, kSpillChunk, &heap_),
      document_(&values_, kInitialStack, &stack_) {}

bool RequestDocument::Parse(std::string_view text) {
  document_.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
  return !document_.HasParseError();
}

}  // namespace ddb
