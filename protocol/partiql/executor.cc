#include "protocol/partiql/executor.h"

#include "engine/decimal.h"
#include "engine/error.h"
#include "engine/item_codec.h"
#include "protocol/attribute_json.h"
#include "protocol/base64.h"
#include "protocol/partiql/messages.h"

namespace ddb::partiql {

namespace {

// A NextToken holds the request's digest, which of the SELECT's reads
// (partitions) to resume, and the key where the page ended in it (none when
// the read starts afresh).
constexpr char kTokenVersion = '1';
constexpr std::size_t kTokenHeaderBytes = 1 + 8 + 4 + 1;

std::uint64_t Digest(std::string_view text) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a: stable across restarts
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

// A key in a token: (name, type, value) triples of scalar attributes, read
// back flatly: a token is client input, so nothing in it may nest.
void AppendLength(std::string& out, std::size_t n) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((n >> shift) & 0xFF));
}

void AppendKey(std::string& out, const Item& key) {
  for (const auto& [name, value] : key) {
    AppendLength(out, name.size());
    out += name;
    out.push_back(static_cast<char>(value.type));
    AppendLength(out, value.scalar.size());
    out += value.scalar;
  }
}

std::optional<Item> ReadKey(std::string_view in) {
  auto length = [&](std::size_t& n) {
    if (in.size() < 4) return false;
    n = 0;
    for (int i = 0; i < 4; ++i) n = (n << 8) | static_cast<unsigned char>(in[i]);
    in.remove_prefix(4);
    return n <= in.size();
  };
  Item key;
  while (!in.empty()) {
    std::size_t n = 0;
    if (!length(n)) return std::nullopt;
    std::string name(in.substr(0, n));
    in.remove_prefix(n);
    if (in.empty()) return std::nullopt;
    const auto type = static_cast<ValueType>(in[0]);
    in.remove_prefix(1);
    if (!length(n)) return std::nullopt;
    AttributeValue value;
    if (type == ValueType::S) {
      value = AttributeValue::String(std::string(in.substr(0, n)));
    } else if (type == ValueType::B) {
      value = AttributeValue::Binary(std::string(in.substr(0, n)));
    } else if (type == ValueType::N) {
      try {
        value = AttributeValue::Number(Decimal::Parse(in.substr(0, n)).ToString());
      } catch (const DynamoError&) {
        return std::nullopt;
      }
    } else {
      return std::nullopt;
    }
    in.remove_prefix(n);
    key.insert_or_assign(std::move(name), std::move(value));
  }
  return key;
}

struct ResumePoint {
  std::uint32_t read = 0;
  std::optional<Item> key;
};

std::string MakeToken(std::string_view text, const ResumePoint& point) {
  std::string bytes(1, kTokenVersion);
  const std::uint64_t digest = Digest(text);
  for (int shift = 56; shift >= 0; shift -= 8) bytes.push_back(static_cast<char>((digest >> shift) & 0xFF));
  for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<char>((point.read >> shift) & 0xFF));
  bytes.push_back(point.key ? 1 : 0);
  if (point.key) AppendKey(bytes, *point.key);
  return Base64Encode(bytes);
}

ResumePoint ReadToken(std::string_view text, const std::string& token) {
  std::optional<std::string> bytes = Base64Decode(token);
  if (!bytes || bytes->size() < kTokenHeaderBytes || (*bytes)[0] != kTokenVersion) {
    throw ValidationError(kInvalidNextToken);
  }
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>((*bytes)[i]); };
  std::uint64_t digest = 0;
  for (std::size_t i = 1; i <= 8; ++i) digest = (digest << 8) | byte(i);
  if (digest != Digest(text)) throw ValidationError(kNextTokenMismatch);
  ResumePoint point;
  for (std::size_t i = 9; i < 13; ++i) point.read = (point.read << 8) | byte(i);
  if (byte(13)) {
    point.key = ReadKey(std::string_view(*bytes).substr(kTokenHeaderBytes));
    if (!point.key) throw ValidationError(kInvalidNextToken);
  }
  return point;
}

std::string ProjectFlat(std::string_view encoded, const std::vector<DocumentPath>& projection) {
  return EncodeItem(FlatProjection(DecodeItem(encoded), projection));
}

// What a NextToken is bound to: the statement and its parameters, built
// only when a page is resumed or ends.
std::string RequestIdentity(std::string_view statement, const Parameters& parameters) {
  std::string identity(statement);
  for (const auto& p : parameters) identity += '\0' + EncodeItem({{"", p}});
  return identity;
}

StatementResult RunSelect(Engine& engine, std::string_view statement_text, const SelectStatement& select,
                          const TableDefinition& table, const Parameters& parameters, const StatementOptions& options) {
  StatementResult result;
  result.table_name = table.name;
  // The whole key named, no paging asked for: one item, read as GetItem
  // reads it (the same units a Query of that one item is charged).
  if (!options.limit && !options.next_token && select.order_by.empty()) {
    if (std::optional<KeyLookup> lookup = PlanKeyLookup(select, table, parameters)) {
      GetItemRequest get;
      get.table_name = table.name;
      get.key = std::move(lookup->key);
      get.consistent_read = options.consistent_read;
      if (!lookup->rest) get.projection = select.projection;
      GetItemResult read = engine.GetItem(get);
      result.consumed = std::move(read.consumed);
      if (read.item && (!lookup->rest || Evaluate(*lookup->rest, DecodeItem(*read.item)))) {
        result.items.push_back(select.projection ? ProjectFlat(*read.item, *select.projection) : std::move(*read.item));
      }
      return result;
    }
  }
  ReadPlan plan = PlanSelect(select, table, parameters);
  if (select.projection) {
    plan.scan.page.projection = select.projection;
    for (auto& query : plan.queries) query.page.projection = select.projection;
  }
  if (select.source.index) {
    const SecondaryIndex* index = table.FindIndex(*select.source.index);
    if (index && index->global && options.consistent_read) throw ValidationError(kConsistentReadOnGsi);
  }
  ResumePoint start;
  std::optional<std::string> identity;
  auto text = [&]() -> const std::string& {
    if (!identity) identity = RequestIdentity(statement_text, parameters);
    return *identity;
  };
  if (options.next_token) start = ReadToken(text(), *options.next_token);
  std::optional<std::size_t> remaining;
  if (options.limit) remaining = static_cast<std::size_t>(*options.limit);
  auto configure = [&](ReadPageOptions& page, std::optional<Item> start_key) {
    page.consistent_read = options.consistent_read;
    page.limit = remaining;
    page.exclusive_start_key = std::move(start_key);
  };
  auto take = [&](ReadPageResult& read) {
    for (auto& item : read.items) {
      result.items.push_back(select.projection ? ProjectFlat(item, *select.projection) : std::move(item));
    }
    if (remaining) *remaining -= std::min(*remaining, read.scanned_count);
  };
  if (!plan.is_query) {
    if (start.read != 0) throw ValidationError(kNextTokenMismatch);
    configure(plan.scan.page, std::move(start.key));
    ReadPageResult read = engine.Scan(plan.scan, &result.consumed);
    take(read);
    if (read.last_evaluated_key) result.next_token = MakeToken(text(), {0, read.last_evaluated_key});
    result.last_evaluated_key = std::move(read.last_evaluated_key);
    return result;
  }
  if (start.read >= plan.queries.size()) throw ValidationError(kNextTokenMismatch);
  std::optional<Item> start_key = std::move(start.key);
  for (std::uint32_t i = start.read; i < plan.queries.size(); ++i) {
    if (remaining && *remaining == 0) {
      // The page is full at a partition's end: the next page starts the next one.
      result.next_token = MakeToken(text(), {i, std::nullopt});
      break;
    }
    QueryRequest& query = plan.queries[i];
    configure(query.page, std::move(start_key));
    start_key.reset();
    ConsumedCapacity consumed;
    ReadPageResult read = engine.Query(query, &consumed);
    AddUnits(result.consumed, consumed);
    take(read);
    if (read.last_evaluated_key) {
      result.next_token = MakeToken(text(), {i, read.last_evaluated_key});
      result.last_evaluated_key = std::move(read.last_evaluated_key);
      break;
    }
  }
  return result;
}

}  // namespace

Item FlatProjection(const Item& item, const std::vector<DocumentPath>& projection) {
  Item out;
  for (const auto& path : projection) {
    if (const AttributeValue* value = ResolvePath(item, path)) out.emplace(ProjectedName(path), *value);
  }
  return out;
}

void AddUnits(ConsumedCapacity& total, const ConsumedCapacity& more) {
  total.read_units += more.read_units;
  total.write_units += more.write_units;
  for (const auto& [name, units] : more.global_index_units) total.global_index_units[name] += units;
  for (const auto& [name, units] : more.local_index_units) total.local_index_units[name] += units;
}

void CheckWriteTarget(const Statement& statement) {
  const Source& target = statement.target();
  if (!target.index) return;
  if (statement.kind == Statement::Kind::Insert) throw AtToken(kInsertIntoIndex, target.token);
  throw ValidationError(kIndexNotWritable);
}

Parameters ReadParameters(const JsonValue* parameters) {
  Parameters values;
  if (!parameters) return values;
  for (const auto& p : parameters->GetArray()) values.push_back(ParseAttributeValue(p));
  return values;
}

std::shared_ptr<const TableDefinition> ResolveTable(Engine& engine, const Source& source) {
  auto table = engine.FindTable(source.table);
  if (!table) throw ResourceNotFoundError(kNoSuchTable);
  return table;
}

StatementResult Execute(Engine& engine, std::string_view text, const Statement& statement, const Parameters& parameters,
                        const StatementOptions& options) {
  CheckStatement(statement, parameters);
  if (statement.kind == Statement::Kind::Exists) throw ValidationError(kExistsOutsideTransaction);
  if (!statement.is_read()) CheckWriteTarget(statement);
  const auto table = ResolveTable(engine, statement.target());
  if (statement.is_read()) return RunSelect(engine, text, statement.select, *table, parameters, options);
  StatementResult result;
  result.table_name = table->name;
  WriteItemResult written;
  if (statement.kind == Statement::Kind::Insert) {
    PutItemRequest request = PlanInsert(statement.insert, *table, parameters);
    try {
      written = engine.PutItem(request);
    } catch (const DynamoError& e) {
      if (e.code() == ErrorCode::ConditionalCheckFailed) throw DuplicateItem();
      throw;
    }
  } else if (statement.kind == Statement::Kind::Update) {
    UpdateItemRequest request = PlanUpdate(statement.update, *table, parameters);
    request.return_old_on_condition_failure = options.return_old_on_condition_failure;
    written = engine.UpdateItem(request);
  } else {
    DeleteItemRequest request = PlanDelete(statement.del, *table, parameters);
    request.return_old_on_condition_failure = options.return_old_on_condition_failure;
    written = engine.DeleteItem(request);
  }
  result.returned = std::move(written.attributes);
  result.consumed = std::move(written.consumed);
  return result;
}

}  // namespace ddb::partiql
