// RequestDocument: the parsed JSON body of one request.
//
// Its values and RapidJSON's parse stack come first from two buffers that
// each thread keeps, so a body of ordinary size parses without touching the
// heap: RapidJSON's defaults cost five allocations per request, one of them
// a 64 KB chunk (docs/performance.md). A larger body spills into heap chunks
// that are freed with the document. The buffers belong to one document at a
// time: a second document alive on the same thread gets its own from the
// heap, so two never share one.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "protocol/json.h"

namespace ddb {

class RequestDocument {
 public:
  RequestDocument();
  RequestDocument(const RequestDocument&) = delete;
  RequestDocument& operator=(const RequestDocument&) = delete;

  // Parses `text`; false when it is not well-formed JSON in UTF-8 (a raw
  // byte sequence or an escape that is not a Unicode scalar value fails).
  // The parser is RapidJSON's iterative one, so depth costs no stack; a
  // container nested deeper than any valid request is kept as an empty one,
  // so depth costs neither memory nor much time.
  bool Parse(std::string_view text);
  const JsonValue& root() const { return document_; }

 private:
  struct Buffers;
  enum class ParseOutcome;
  using Pool = rapidjson::MemoryPoolAllocator<rapidjson::CrtAllocator>;

  // This thread's buffers, or while those are taken, buffers of its own;
  // declared first, so that the document and its pools are gone before the
  // buffers are handed back.
  class Claim {
   public:
    Claim();
    ~Claim();
    Claim(const Claim&) = delete;
    Claim& operator=(const Claim&) = delete;
    Buffers* operator->() const { return buffers_; }

   private:
    std::unique_ptr<Buffers> own_;
    Buffers* buffers_;
  };

  Claim buffers_;
  rapidjson::CrtAllocator heap_;
  Pool values_;
  Pool stack_;
  using Document = rapidjson::GenericDocument<rapidjson::UTF8<>, Pool, Pool>;
  ParseOutcome ParseBounded(std::string_view text);

  Document document_;
  std::string cut_text_;  // the body with its too-deep containers emptied
};

}  // namespace ddb
