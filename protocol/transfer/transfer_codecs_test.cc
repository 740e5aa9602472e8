#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/decimal.h"
#include "protocol/transfer/csv_reader.h"
#include "protocol/transfer/ion_text.h"

using namespace ddb;

namespace {

AttributeValue N(const char* text) { return AttributeValue::Number(Decimal::Parse(text).ToString()); }
AttributeValue S(std::string text) { return AttributeValue::String(std::move(text)); }
AttributeValue B(std::string bytes) { return AttributeValue::Binary(std::move(bytes)); }

AttributeValue Set(ValueType type, std::vector<std::string> members) {
  AttributeValue v;
  v.type = type;
  v.set = std::move(members);
  return v;
}
AttributeValue List(std::vector<AttributeValue> elements) {
  AttributeValue v;
  v.type = ValueType::L;
  v.list = std::move(elements);
  return v;
}
AttributeValue Map(Item item) {
  AttributeValue v;
  v.type = ValueType::M;
  v.map = std::move(item);
  return v;
}

// Everything the reader returns for `text`: items, then an error if any.
struct Read {
  std::vector<Item> items;
  std::string error;
};

Read ReadIon(std::string_view text) {
  Read out;
  IonItemReader reader(text);
  std::optional<Item> item;
  std::string error;
  while (reader.Next(item, error)) {
    if (item) {
      out.items.push_back(std::move(*item));
    } else {
      REQUIRE(!error.empty());
      REQUIRE(out.error.empty());  // nothing after an error
      out.error = error;
    }
  }
  return out;
}

// Ion text of one attribute `v` read back, or the error.
std::string IonErrorOf(std::string_view value_text) {
  return ReadIon("{Item:{a:" + std::string(value_text) + "}}").error;
}
AttributeValue IonValueOf(std::string_view value_text) {
  Read r = ReadIon("{Item:{a:" + std::string(value_text) + "}}");
  INFO(value_text, " -> ", r.error);
  REQUIRE(r.error.empty());
  REQUIRE(r.items.size() == 1);
  return r.items[0].at("a");
}

// Writes `item` as an export line, reads it back, and checks the value and
// that writing it again gives the same bytes (so N texts came back exact).
void CheckRoundTrip(const Item& item) {
  const std::string line = IonItemLine(item);
  const std::string file = std::string(kIonVersionMarker) + " " + line + "\n";
  Read r = ReadIon(file);
  INFO(line, " -> ", r.error);
  REQUIRE(r.error.empty());
  REQUIRE(r.items.size() == 1);
  CHECK(r.items[0] == item);
  CHECK(IonItemLine(r.items[0]) == line);
}

Read ReadCsv(std::string_view text, char delimiter = ',', std::vector<std::string> header = {},
             std::map<std::string, ValueType> keys = {}) {
  Read out;
  CsvReader reader(text, delimiter, std::move(header), std::move(keys));
  std::optional<Item> item;
  std::string error;
  while (reader.Next(item, error)) {
    if (item) {
      out.items.push_back(std::move(*item));
    } else {
      REQUIRE(!error.empty());
      REQUIRE(out.error.empty());
      out.error = error;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("ion: the export line of every type, spelled as AWS's docs show") {
  Item item{{"pk", S("u#1")},
            {"n", N("600")},
            {"price", N("8.5")},
            {"tags", Set(ValueType::SS, {"a", "b"})},
            {"raw", B("hi")},
            {"ok", AttributeValue::Bool(true)},
            {"gone", AttributeValue::Null()},
            {"m", Map({{"k", List({N("1"), S("x")})}})},
            {"a.b", S("dotted")}};
  CHECK(IonItemLine(item) ==
        "{Item:{'a.b':\"dotted\",gone:null,m:{k:[1.,\"x\"]},n:6d2,ok:true,pk:\"u#1\",price:8.5,raw:{{aGk=}},"
        "tags:$dynamodb_SS::[\"a\",\"b\"]}}");
  CheckRoundTrip(item);

  // The docs' own line, in their attribute order, reads to the same item.
  Read r = ReadIon(
      "$ion_1_0 {Item:{pk:\"u#1\",n:6d2,price:8.5,tags:$dynamodb_SS::[\"a\",\"b\"],raw:{{aGk=}},ok:true,"
      "gone:null,m:{k:[1.,\"x\"]},'a.b':\"dotted\"}}\n");
  REQUIRE(r.error.empty());
  REQUIRE(r.items.size() == 1);
  CHECK(r.items[0] == item);
}

TEST_CASE("ion: numbers are written as ion-java writes a stripped BigDecimal and read back exactly") {
  auto text = [](const char* n) {
    std::string line = IonItemLine({{"a", N(n)}});
    return line.substr(9, line.size() - 11);  // between {Item:{a: and }}
  };
  CHECK(text("0") == "0.");
  CHECK(text("103") == "103.");
  CHECK(text("600") == "6d2");
  CHECK(text("2000") == "2d3");
  CHECK(text("-0.5") == "-0.5");
  CHECK(text("8.5") == "8.5");
  CHECK(text("0.001") == "0.001");
  CHECK(text("0.000001") == "0.000001");
  CHECK(text("0.0000001") == "1d-7");
  CHECK(text("1.5E-7") == "15d-8");
  CHECK(text("1E+125") == "1d125");
  CHECK(text("-1E-130") == "-1d-130");
  CHECK(text("12345678901234567890123456789012345678") == "12345678901234567890123456789012345678.");
  CHECK(text("1234567890123456789012345678901234567.8") == "1234567890123456789012345678901234567.8");
  for (const char* n : {"0", "-0.5", "1E+125", "9.9999999999999999999999999999999999999E+125", "1E-130",
                        "-12345678901234567890123456789012345678", "0.00000000000000000000000000000000000001",
                        "123.456", "100000000000000000000", "-7"}) {
    CheckRoundTrip({{"a", N(n)}});
  }
  CheckRoundTrip({{"ns", Set(ValueType::NS, {"1", "-0.5", "600", Decimal::Parse("1E+125").ToString()})}});
}

TEST_CASE("ion: every type round-trips, nested and in sets") {
  std::string all_bytes;
  for (int i = 0; i < 256; ++i) all_bytes.push_back(static_cast<char>(i));
  Item item{
      {"s", S("plain")},
      {"empty", S("")},
      {"n", N("42")},
      {"b", B(all_bytes)},
      {"b0", B("")},
      {"t", AttributeValue::Bool(true)},
      {"f", AttributeValue::Bool(false)},
      {"nul", AttributeValue::Null()},
      {"l", List({S("x"), N("1.25"), List({}), Map({}), AttributeValue::Null(), Set(ValueType::BS, {"\x01", ""})})},
      {"m", Map({{"inner", Map({{"deep", List({Map({{"k", Set(ValueType::NS, {"3", "-4"})}})})}})}})},
      {"ss", Set(ValueType::SS, {"b", "a", "with \"quote\""})},
      {"ns", Set(ValueType::NS, {"1", "2.5", "-300"})},
      {"bs", Set(ValueType::BS, {"\x00\xff", "abc"})},
  };
  CheckRoundTrip(item);
  CheckRoundTrip({});

  // 31 nested lists is DynamoDB's deepest; a set may sit inside the deepest.
  AttributeValue deep = Set(ValueType::SS, {"bottom"});
  for (int i = 0; i < 31; ++i) deep = List({deep});
  CheckRoundTrip({{"deep", deep}});
}

TEST_CASE("ion: tricky strings") {
  for (std::string s :
       {std::string("quote \" and 'apostrophe'"), std::string("back\\slash \\\\"), std::string("tab\tnewline\ncr\r"),
        std::string("nul\0byte", 8), std::string("\x01\x1f\x7f"), std::string("é 中文 😀 \xF4\x8F\xBF\xBF"),
        std::string("'''"), std::string("/* not a comment */"), std::string("// nor this")}) {
    CheckRoundTrip({{"s", S(s)}, {"ss", Set(ValueType::SS, {s, "other"})}});
  }
  CHECK(IonItemLine({{"s", S("a\"b\\c\nd\x01")}}) == "{Item:{s:\"a\\\"b\\\\c\\nd\\x01\"}}");
}

TEST_CASE("ion: field names are bare only when Ion reads them as the same symbol") {
  for (const char* name : {"a.b", "", "null", "true", "false", "nan", "$1", "$123", "1abc", "with space", "it's",
                           "back\\slash", "ünï", "new\nline", "-x"}) {
    CheckRoundTrip({{name, S("v")}});
    CHECK(IonItemLine({{name, S("v")}}).starts_with("{Item:{'"));
  }
  for (const char* name : {"Item", "_x", "$dynamodb_SS", "$", "$x1", "a_b$9", "nulls"}) {
    CheckRoundTrip({{name, S("v")}});
    CHECK(IonItemLine({{name, S("v")}}) == "{Item:{" + std::string(name) + ":\"v\"}}");
  }
  CHECK(IonItemLine({{"it's", S("v")}}) == "{Item:{'it\\'s':\"v\"}}");
}

TEST_CASE("ion: the change record of an incremental export") {
  Item keys{{"pk", S("k")}};
  Item old_image{{"pk", S("k")}, {"v", N("1")}};
  Item new_image{{"pk", S("k")}, {"v", N("2")}};
  CHECK(IonChangeLine(keys, &old_image, &new_image, 1768386096366933) ==
        "{Metadata:{WriteTimestampMicros:1768386096366933.},Keys:{pk:\"k\"},OldImage:{pk:\"k\",v:1.},"
        "NewImage:{pk:\"k\",v:2.}}");
  CHECK(IonChangeLine(keys, nullptr, &new_image, 1768386096366930) ==
        "{Metadata:{WriteTimestampMicros:176838609636693d1},Keys:{pk:\"k\"},NewImage:{pk:\"k\",v:2.}}");
  CHECK(IonChangeLine(keys, &old_image, nullptr, 5) ==
        "{Metadata:{WriteTimestampMicros:5.},Keys:{pk:\"k\"},OldImage:{pk:\"k\",v:1.}}");
  // Not an item: the item reader refuses it.
  CHECK(!ReadIon(IonChangeLine(keys, nullptr, nullptr, 5)).error.empty());
}

TEST_CASE("ion: the reader takes the general Ion text forms") {
  // Markers, spaces, comments and several items per text.
  Read r = ReadIon(
      " $ion_1_0 {Item:{a:1.}}\n\n$ion_1_0\t{Item:{a:2.}} // trailing\n/* block\n comment */ {Item:{a:3.}}"
      "$ion_symbol_table::{symbols:[\"x\"]} {Item:{}}");
  REQUIRE(r.error.empty());
  REQUIRE(r.items.size() == 4);
  CHECK(r.items[2].at("a") == N("3"));
  CHECK(r.items[3].empty());
  CHECK(ReadIon("").items.empty());
  CHECK(ReadIon("  \n // only a comment\n").items.empty());
  CHECK(ReadIon("  \n // only a comment\n").error.empty());

  // Strings.
  CHECK(IonValueOf("'''one''' /* c */ '''two'''\n'''three'''") == S("onetwothree"));
  CHECK(IonValueOf("'''line\r\nbreak'''") == S("line\nbreak"));
  CHECK(IonValueOf("'''it's '' fine'''") == S("it's '' fine"));
  CHECK(IonValueOf("\"\\a\\b\\t\\n\\f\\r\\v\\?\\0\\'\\\"\\/\\\\\"") == S(std::string("\a\b\t\n\f\r\v?\0'\"/\\", 13)));
  CHECK(IonValueOf("\"\\xe9\\u00e9\\U0001F600\\ud83d\\ude00\"") == S("éé😀😀"));
  CHECK(IonValueOf("\"con\\\ntinued\"") == S("continued"));

  // Numbers: decimals, ints and floats are all N.
  CHECK(IonValueOf("123.").scalar == "123");
  CHECK(IonValueOf("1.5").scalar == "1.5");
  CHECK(IonValueOf("1d2").scalar == "100");
  CHECK(IonValueOf("-0.5d-3").scalar == "-0.0005");
  CHECK(IonValueOf("1D+2").scalar == "100");
  CHECK(IonValueOf("-0.").scalar == "0");
  CHECK(IonValueOf("-0").scalar == "0");
  CHECK(IonValueOf("42").scalar == "42");
  CHECK(IonValueOf("1_000_000").scalar == "1000000");
  CHECK(IonValueOf("0x1F").scalar == "31");
  CHECK(IonValueOf("-0xff_ff").scalar == "-65535");
  CHECK(IonValueOf("0b101").scalar == "5");
  CHECK(IonValueOf("1.5e3").scalar == "1500");
  CHECK(IonValueOf("0.1e0").scalar == "0.1");  // the text's value, not binary64's
  CHECK(IonValueOf("1e-130").scalar == Decimal::Parse("1e-130").ToString());

  // Blobs with spaces, nulls of every type, symbols and strings as field names.
  CHECK(IonValueOf("{{ aGVs\n bG8= }}") == B("hello"));
  CHECK(IonValueOf("{{}}") == B(""));
  for (const char* null : {"null", "null.null", "null.string", "null.int", "null.struct", "null.list", "null.blob"}) {
    CHECK(IonValueOf(null) == AttributeValue::Null());
  }
  r = ReadIon("{'Item':{\"x y\":1, '''long''':2, 'q':3,}}");
  REQUIRE(r.error.empty());
  CHECK(r.items[0] == Item{{"x y", N("1")}, {"long", N("2")}, {"q", N("3")}});
  CHECK(IonValueOf("$dynamodb_NS::[1, 2d0, 3.0e0,]") == Set(ValueType::NS, {"1", "2", "3"}));
  CHECK(IonValueOf("'$dynamodb_BS'::[{{AA==}}]") == Set(ValueType::BS, {std::string(1, '\0')}));
  CHECK(IonValueOf("[]") == List({}));
  CHECK(IonValueOf("{}") == Map({}));
  // A repeated field keeps its last value, as the wire JSON does.
  CHECK(ReadIon("{Item:{a:1,a:2}}").items[0].at("a") == N("2"));
}

TEST_CASE("ion: malformed input is an error, and the reader stops there") {
  // The value before the error is returned, nothing after it.
  Read r = ReadIon("{Item:{a:1}}\n{Item:{a:\"open}}\n{Item:{a:3}}\n");
  CHECK(r.items.size() == 1);
  CHECK(r.error == "Ion syntax error at line 2, column 17: control character in a string");
  CHECK(ReadIon("{Item:{a:\"open").error == "Ion syntax error at line 1, column 10: unterminated string");

  const std::vector<std::string> strings = {"\"open",      "'''open",      "\"raw\nnewline\"", "\"\\q\"",
                                            "\"\\ud800\"", "\"\\udc00\"",  "\"\\U00110000\"",  "\"\\x4\"",
                                            "\"\xff\"",    "\"\xc0\xaf\"", "\"\xed\xa0\x80\""};
  const std::vector<std::string> numbers = {"1.2.3",
                                            "007",
                                            "1e",
                                            "1d",
                                            "--1",
                                            "+1",
                                            "1__0",
                                            "_1",
                                            "1_",
                                            "0x",
                                            "0xg",
                                            "0b2",
                                            ".5",
                                            "1a",
                                            "nan",
                                            "+inf",
                                            "-inf",
                                            "2020-01-01T00:00Z",
                                            "123456789012345678901234567890123456789",
                                            "1d126",
                                            "1d-131",
                                            "1d99999999999999999999",
                                            "1e999"};
  const std::vector<std::string> untyped = {
      "{{aGk}}", "{{aGk=", "{{a*b=}}", "{{\"clob\"}}", "{{'''clob'''}}", "x", "'sym'", "(a b)", "@", ""};
  const std::vector<std::string> annotated = {"ann::\"x\"",
                                              "$dynamodb_XS::[\"a\"]",
                                              "$dynamodb_SS::\"a\"",
                                              "$dynamodb_SS::$dynamodb_SS::[\"a\"]",
                                              "$dynamodb_SS::[]",
                                              "$dynamodb_SS::[\"a\",\"a\"]",
                                              "$dynamodb_NS::[1,1.0]",
                                              "$dynamodb_BS::[{{AA==}},{{AA==}}]",
                                              "$dynamodb_SS::[1]",
                                              "$dynamodb_NS::[\"1\"]",
                                              "$dynamodb_BS::[\"a\"]",
                                              "$dynamodb_SS::[null]",
                                              "$dynamodb_SS::[x::\"a\"]",
                                              "true::1",
                                              "null.nothing"};
  const std::vector<std::string> containers = {"[1 2]",    "[1,,2]",  "[,]", "{a 1}", "{a:1 b:2}", "{1:2}",
                                               "{null:1}", "{$10:1}", "[1",  "{a:1",  "/* open"};
  for (const auto* group : {&strings, &numbers, &untyped, &annotated, &containers}) {
    for (const std::string& bad : *group) {
      INFO(bad);
      CHECK(!IonErrorOf(bad).empty());
    }
  }
  CHECK(IonErrorOf("\"\\q\"").starts_with("Ion syntax error at line 1, column 11: unknown escape"));
  CHECK(IonErrorOf("12345678901234567890123456789012345678.9") ==
        "Attempting to store more than 38 significant digits in a Number");
  CHECK(IonErrorOf("1d126") ==
        "Number overflow. Attempting to store a number with magnitude larger than supported range");
  CHECK(IonErrorOf("0x" + std::string(200, 'f')) ==
        "Number overflow. Attempting to store a number with magnitude larger than supported range");
  CHECK(IonErrorOf("ann::\"x\"") == "Unknown annotation 'ann'");

  // Top-level shapes that are not items.
  for (const char* bad : {"[1]", "\"s\"", "x::{Item:{}}", "{}", "{Other:{}}", "{Item:{},Extra:1}", "{Item:{},Item:{}}",
                          "{Item:[1]}", "{Item:x::{}}", "$ion_1_1 {Item:{}}", "{Item:{}} }", "'$ion_1_0' {Item:{}}"}) {
    INFO(bad);
    CHECK(!ReadIon(bad).error.empty());
  }
}

TEST_CASE("ion: nesting is bounded, so no input can exhaust the stack") {
  auto nested = [](int levels, const std::string& open, const std::string& close) {
    std::string v;
    for (int i = 0; i < levels; ++i) v += open;
    v += "1";
    for (int i = 0; i < levels; ++i) v += close;
    return v;
  };
  CHECK(IonErrorOf(nested(31, "[", "]")).empty());
  CHECK(IonErrorOf(nested(31, "{k:", "}")).empty());
  CHECK(IonErrorOf(nested(32, "[", "]")).starts_with("Nesting Levels have exceeded supported limits"));
  CHECK(IonErrorOf(nested(32, "{k:", "}")).starts_with("Nesting Levels have exceeded supported limits"));
  CHECK(!IonErrorOf(nested(33, "[", "]")).empty());
  // Far deeper than any item: refused while parsing, before the depth matters.
  CHECK(IonErrorOf(std::string(1'000'000, '[')).find("nested too deeply") != std::string::npos);
  CHECK(!IonErrorOf(nested(100'000, "{a:", "}")).empty());
  CHECK(!ReadIon(std::string(1'000'000, '{')).error.empty());
}

TEST_CASE("ion: no prefix of a valid file crashes the reader") {
  const std::string file = std::string(kIonVersionMarker) + " " +
                           IonItemLine({{"s", S("a\"b'c\\d é")},
                                        {"n", N("-1.5E-7")},
                                        {"b", B("bytes")},
                                        {"l", List({Map({{"x y", Set(ValueType::NS, {"1", "2"})}})})},
                                        {"z", AttributeValue::Null()}}) +
                           "\n";
  for (std::size_t n = 0; n <= file.size(); ++n) {
    Read r = ReadIon(std::string_view(file).substr(0, n));
    CHECK(r.items.size() <= 1);
  }
  CHECK(ReadIon(file).items.size() == 1);
}

TEST_CASE("csv: a first-line header, quoting, line ends") {
  Read r = ReadCsv("pk,text,other\r\nk1,\"a, b\",x\r\nk2,\"say \"\"hi\"\"\",\"multi\nline\r\nvalue\"\nk3,plain\n");
  REQUIRE(r.error.empty());
  REQUIRE(r.items.size() == 3);
  CHECK(r.items[0] == Item{{"pk", S("k1")}, {"text", S("a, b")}, {"other", S("x")}});
  CHECK(r.items[1] == Item{{"pk", S("k2")}, {"text", S("say \"hi\"")}, {"other", S("multi\nline\r\nvalue")}});
  CHECK(r.items[2] == Item{{"pk", S("k3")}, {"text", S("plain")}});  // a short record leaves the rest out

  // No newline at the end, blank lines skipped, a BOM dropped, CR kept inside a cell.
  r = ReadCsv("\xEF\xBB\xBFpk;v\n\n  \r\nk;a\rb\n\t\nk2;\"\"", ';');
  REQUIRE(r.error.empty());
  REQUIRE(r.items.size() == 2);
  CHECK(r.items[0] == Item{{"pk", S("k")}, {"v", S("a\rb")}});
  CHECK(r.items[1] == Item{{"pk", S("k2")}});  // an empty cell, quoted or not, is left out

  // Quotes inside an unquoted cell are characters; other delimiters.
  r = ReadCsv("pk\tv\nab\"c\t\"x\ty\"\n", '\t');
  REQUIRE(r.error.empty());
  CHECK(r.items[0] == Item{{"pk", S("ab\"c")}, {"v", S("x\ty")}});
  r = ReadCsv("pk|v\n|z\n", '|');
  CHECK(r.items[0] == Item{{"v", S("z")}});

  CHECK(ReadCsv("").items.empty());
  CHECK(ReadCsv("").error.empty());
  CHECK(ReadCsv("pk,v\n").items.empty());
  CHECK(ReadCsv("pk,v\n").error.empty());
}

TEST_CASE("csv: a header list makes the first line data") {
  Read r = ReadCsv("k1,a\nk2,b\n", ',', {"pk", "v"});
  REQUIRE(r.error.empty());
  REQUIRE(r.items.size() == 2);
  CHECK(r.items[0] == Item{{"pk", S("k1")}, {"v", S("a")}});
  CHECK(!ReadCsv("k1,a\n", ',', {"pk", "pk"}).error.empty());
  CHECK(!ReadCsv("pk,pk\nk,a\n").error.empty());
  CHECK(!ReadCsv("pk,,v\nk,a,b\n").error.empty());
}

TEST_CASE("csv: typed key columns") {
  std::map<std::string, ValueType> keys{{"pk", ValueType::S}, {"sk", ValueType::N}, {"bk", ValueType::B}};
  Read r = ReadCsv("pk,sk,bk,n\nk,00012.50,aGk=,007\nk,1E+2,,\n", ',', {}, keys);
  REQUIRE(r.error.empty());
  REQUIRE(r.items.size() == 2);
  CHECK(r.items[0].at("sk").type == ValueType::N);
  CHECK(r.items[0].at("sk").scalar == "12.5");
  CHECK(r.items[0].at("bk") == B("hi"));
  CHECK(r.items[0].at("n") == S("007"));  // not a key: a string as written
  CHECK(r.items[1] == Item{{"pk", S("k")}, {"sk", N("100")}});

  r = ReadCsv("pk,sk\nk,1\nk,abc\nk,2\n", ',', {}, keys);
  CHECK(r.items.size() == 1);
  CHECK(r.error == "CSV record at line 3: key column 'sk': The parameter cannot be converted to a numeric value: abc");
  r = ReadCsv("pk,sk\nk,123456789012345678901234567890123456789\n", ',', {}, keys);
  CHECK(r.error.find("38 significant digits") != std::string::npos);
  CHECK(!ReadCsv("pk,bk\nk,aGk\n", ',', {}, keys).error.empty());
}

TEST_CASE("csv: malformed records are errors, and the reader stops there") {
  Read r = ReadCsv("pk,v\nk1,a\nk2,b,extra\nk3,c\n");
  CHECK(r.items.size() == 1);
  CHECK(r.error == "CSV record at line 3: it has 3 cells, the header 2");
  CHECK(!ReadCsv("pk,v\nk,a,\n").error.empty());  // a trailing delimiter is one more cell
  r = ReadCsv("pk,v\nk,\"open\nmore\n");
  CHECK(r.error == "CSV record at line 2: unterminated quoted cell");
  CHECK(!ReadCsv("pk,v\nk,\"a\"b\n").error.empty());
  CHECK(!ReadCsv("pk,v\nk,\xff\n").error.empty());
  CHECK(!ReadCsv("p\xc0\xaf,v\nk,a\n").error.empty());
  // The line of a later record counts the newlines inside quoted cells.
  r = ReadCsv("pk,v\nk,\"a\nb\"\nk,a,b\n");
  CHECK(r.error == "CSV record at line 4: it has 3 cells, the header 2");
}
