#include "protocol/request_document.h"

#include <rapidjson/encodedstream.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <cstdint>
#include <cstring>
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

// No request DynamoDB accepts nests deeper than about 70 JSON levels: an
// attribute value takes two per level (kMaxNestingLevels = 32) under at most
// six levels of request structure (BatchWriteItem's Item).
constexpr int kMaxBuiltDepth = 100;

// UTF-16 surrogates (U+D800-U+DFFF) encode as ED A0-BF xx. RapidJSON's
// encoding check covers raw bytes only; an unpaired low-surrogate escape
// decodes to such a sequence, which is not UTF-8.
bool HasEncodedSurrogate(const char* text, std::size_t length) {
  const char* end = text + length;
  for (const char* p = text; (p = static_cast<const char*>(std::memchr(p, '\xED', end - p))) != nullptr; ++p) {
    if (end - p > 1 && (static_cast<unsigned char>(p[1]) & 0xE0) == 0xA0) return true;
  }
  return false;
}

// True when no byte has its high bit set, eight bytes at a time: such text
// is UTF-8, so RapidJSON need not check it byte by byte (which costs more
// than the parse of a short request).
bool IsAscii(std::string_view text) {
  std::size_t i = 0;
  std::uint64_t high_bits = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    high_bits |= word;
  }
  for (; i < text.size(); ++i) high_bits |= static_cast<unsigned char>(text[i]);
  return (high_bits & 0x8080808080808080ULL) == 0;
}

// Forwards RapidJSON's events to the document; stops the parse at the first
// container deeper than kMaxBuiltDepth, and at a string that decodes to a
// surrogate.
template <typename Document>
class BoundedBuilder {
 public:
  using Ch = typename Document::Ch;
  explicit BoundedBuilder(Document& document) : document_(document) {}

  bool too_deep() const { return too_deep_; }

  bool Null() { return document_.Null(); }
  bool Bool(bool b) { return document_.Bool(b); }
  bool Int(int i) { return document_.Int(i); }
  bool Uint(unsigned i) { return document_.Uint(i); }
  bool Int64(int64_t i) { return document_.Int64(i); }
  bool Uint64(uint64_t i) { return document_.Uint64(i); }
  bool Double(double d) { return document_.Double(d); }
  bool RawNumber(const Ch* s, rapidjson::SizeType n, bool copy) { return document_.RawNumber(s, n, copy); }
  bool String(const Ch* s, rapidjson::SizeType n, bool copy) {
    return !HasEncodedSurrogate(s, n) && document_.String(s, n, copy);
  }
  bool Key(const Ch* s, rapidjson::SizeType n, bool copy) { return String(s, n, copy); }
  bool StartObject() { return Deeper() && document_.StartObject(); }
  bool EndObject(rapidjson::SizeType members) { return --depth_, document_.EndObject(members); }
  bool StartArray() { return Deeper() && document_.StartArray(); }
  bool EndArray(rapidjson::SizeType elements) { return --depth_, document_.EndArray(elements); }

 private:
  bool Deeper() {
    too_deep_ = ++depth_ > kMaxBuiltDepth;
    return !too_deep_;
  }

  Document& document_;
  int depth_ = 0;
  bool too_deep_ = false;
};

// `text` with every container at depth kMaxBuiltDepth emptied (so nothing
// is deeper than that), in one pass that only follows brackets and
// strings; nullopt when the brackets do not balance.
std::optional<std::string> CutDeepContainers(std::string_view text) {
  std::string out;
  std::size_t copied = 0;
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '{':
      case '[':
        if (++depth == kMaxBuiltDepth) {
          out.append(text.substr(copied, i - copied));
          out += c == '{' ? "{}" : "[]";
        }
        break;
      case '}':
      case ']':
        if (depth == 0) return std::nullopt;
        if (depth-- == kMaxBuiltDepth) copied = i + 1;
        break;
      default: break;
    }
  }
  if (depth != 0 || in_string) return std::nullopt;
  out.append(text.substr(copied));
  return out;
}

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

enum class RequestDocument::ParseOutcome { kWellFormed, kMalformed, kTooDeep };

bool RequestDocument::Parse(std::string_view text) {
  ParseOutcome outcome = ParseBounded(text);
  if (outcome != ParseOutcome::kTooDeep) return outcome == ParseOutcome::kWellFormed;
  // Too deep for any valid request: what is kept is the body with its deep
  // containers emptied, so the answer is the one the whole body gets (the
  // nesting error, where the value sits), for a scan instead of a parse.
  std::optional<std::string> cut = CutDeepContainers(text);
  if (!cut) return false;
  cut_text_ = std::move(*cut);
  return ParseBounded(cut_text_) == ParseOutcome::kWellFormed;
}

RequestDocument::ParseOutcome RequestDocument::ParseBounded(std::string_view text) {
  ParseOutcome outcome = ParseOutcome::kMalformed;
  auto generate = [&](Document& document) {
    rapidjson::MemoryStream bytes(text.data(), text.size());
    rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> input(bytes);
    rapidjson::GenericReader<rapidjson::UTF8<>, rapidjson::UTF8<>, Pool> reader(&stack_);
    BoundedBuilder<Document> builder(document);
    constexpr unsigned kFlags = rapidjson::kParseIterativeFlag;
    const bool parsed = IsAscii(text)
                            ? !reader.Parse<kFlags>(input, builder).IsError()
                            : !reader.Parse<kFlags | rapidjson::kParseValidateEncodingFlag>(input, builder).IsError();
    if (parsed) {
      outcome = ParseOutcome::kWellFormed;
    } else if (builder.too_deep()) {
      outcome = ParseOutcome::kTooDeep;
    }
    return outcome == ParseOutcome::kWellFormed;
  };
  document_.Populate(generate);
  return outcome;
}

}  // namespace ddb
