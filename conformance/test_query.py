"""Query: every sort-key condition on S, N and B sort keys and their orderings, ScanIndexForward,
Limit and ExclusiveStartKey/LastEvaluatedKey pagination (with and without filters), Select,
ProjectionExpression, FilterExpression, legacy KeyConditions/QueryFilter, ConsistentRead,
ReturnConsumedCapacity, the 1 MB page limit, empty results, and every validation message.

Texts: captured from DynamoDB Local 1.25.1 and checked against mhart/dynalite test/query.js,
scylladb test/alternator/test_key_condition_expression.py and nubo-db/dynamodb-conformance
tests/tier3/error-messages/query.test.ts (all run against AWS). See docs/query-scan-messages.md."""

import concurrent.futures
import decimal

import pytest

from helpers import b64, expect_error, rand_key, local_differs_params, expected_pages

SRC_CF = "nubo-db/dynamodb-conformance tests/tier3/error-messages/query.test.ts (run against AWS)"
SRC_CF_SCAN = "nubo-db/dynamodb-conformance tests/tier3/error-messages/scan.test.ts (run against AWS)"
SRC_DT = "mhart/dynalite test/query.js (run against AWS)"
SRC_SC = ("scylladb test/alternator/test_key_condition_expression.py "
          "test_key_condition_expression_no_partition (passes on AWS)")
SRC_DOC_1MB = ("AWS developer guide Query.FilterExpression: 'A Query operation can retrieve a maximum "
               "of 1 MB of data. This limit applies before the filter expression is evaluated.'")

MIXING = ("Can not use both expression and non-expression parameters in the same request: "
          "Non-expression parameters: {%s} Expression parameters: {%s}")
TYPE_MISMATCH = ("One or more parameter values were invalid: Condition parameter type does not match "
                 "schema type")
NOT_SUPPORTED = "Query key condition not supported"
ONE_PER_KEY = "KeyConditionExpressions must only contain one condition per key"
MISSED_KEY = "Query condition missed key schema element"
BAD_OPERATOR = "Invalid operator used in KeyConditionExpression: %s"
FILTER_ON_KEY = ("Filter Expression can only contain non-primary key attributes: "
                 "Primary key attribute: %s")
EMPTY_KEY = ("One or more parameter values are not valid. The AttributeValue for a key attribute "
             "cannot contain an empty string value. Key: %s")
BETWEEN_ORDER = ("Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be "
                 "greater than or equal to lower bound; lower bound operand: AttributeValue: {%s}, "
                 "upper bound operand: AttributeValue: {%s}")
NOT_INDEXABLE = "Attempted conditional constraint is not an indexable operation"


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

def _put_all(ddb, table, items):
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda it: ddb.put_item(TableName=table, Item=it), items))


def _query(ddb, table, pk, cond=None, values=None, names=None, **kw):
    """Query partition `pk` (an S value) with an optional sort-key condition on `sk`."""
    expr = "pk = :pk" + (" AND " + cond if cond else "")
    vals = {":pk": {"S": pk}}
    vals.update(values or {})
    kw.setdefault("KeyConditionExpression", expr)
    if "ExpressionAttributeValues" in kw:
        kw["ExpressionAttributeValues"] = dict(vals, **kw["ExpressionAttributeValues"])
    else:
        kw["ExpressionAttributeValues"] = vals
    if names:
        kw["ExpressionAttributeNames"] = names
    return ddb.query(TableName=table, **kw)


def _pages(call, max_pages=200, **kw):
    """Follows LastEvaluatedKey; returns the list of responses."""
    pages = []
    start = None
    while True:
        if start is not None:
            kw["ExclusiveStartKey"] = start
        resp = call(**kw)
        pages.append(resp)
        start = resp.get("LastEvaluatedKey")
        if start is None:
            return pages
        assert len(pages) < max_pages, "pagination does not terminate"


def _sks(items, typ="S"):
    return [it["sk"][typ] for it in items]




def _check_pages(got, expected, key_attrs=("pk", "sk")):
    assert len(got) == len(expected), [(p["Count"], p["ScannedCount"]) for p in got]
    for g, e in zip(got, expected):
        assert g["Items"] == e["items"]
        assert g["Count"] == len(e["items"])
        assert g["ScannedCount"] == e["scanned"]
        if e["lek"] is None:
            assert "LastEvaluatedKey" not in g
        else:
            assert g["LastEvaluatedKey"] == {k: e["lek"][k] for k in key_attrs}


# ---------------------------------------------------------------------------
# sort-key conditions and ordering
# ---------------------------------------------------------------------------

S_VALUES = ["a", "b", "B", "A", "aa", "ab", "abc", "ac", "10", "2", "-1", " ", "~", "z",
            "\u00e9", "\u00e9e", "\u00ff", "\u0100", "\u20ac", "\uffee", "\U0001d11e", "\u4e2d\u6587"]


def _utf8(s):
    return s.encode("utf-8")


@pytest.fixture(scope="module")
def s_partition(ddb, range_table):
    pk = rand_key("qs")
    items = [{"pk": {"S": pk}, "sk": {"S": v}, "i": {"N": str(n)}} for n, v in enumerate(S_VALUES)]
    _put_all(ddb, range_table, items)
    # a neighbouring partition that must never show up
    ddb.put_item(TableName=range_table, Item={"pk": {"S": pk + "x"}, "sk": {"S": "a"}})
    return pk, sorted(items, key=lambda it: _utf8(it["sk"]["S"]))


S_CONDITIONS = [
    ("sk = :a", {":a": "ab"}, lambda v: v == "ab"),
    ("sk = :a", {":a": "nope"}, lambda v: False),
    ("sk < :a", {":a": "b"}, lambda v: _utf8(v) < b"b"),
    ("sk <= :a", {":a": "b"}, lambda v: _utf8(v) <= b"b"),
    ("sk > :a", {":a": "ab"}, lambda v: _utf8(v) > b"ab"),
    ("sk >= :a", {":a": "\u00e9"}, lambda v: _utf8(v) >= _utf8("\u00e9")),
    ("sk > :a", {":a": "\uffee"}, lambda v: _utf8(v) > _utf8("\uffee")),
    ("sk < :a", {":a": "\U0001d11e"}, lambda v: _utf8(v) < _utf8("\U0001d11e")),
    ("sk BETWEEN :a AND :b", {":a": "B", ":b": "ab"}, lambda v: b"B" <= _utf8(v) <= b"ab"),
    ("sk BETWEEN :a AND :b", {":a": "ab", ":b": "ab"}, lambda v: v == "ab"),
    ("sk BETWEEN :a AND :b", {":a": "z", ":b": "\u20ac"},
     lambda v: b"z" <= _utf8(v) <= _utf8("\u20ac")),
    ("begins_with(sk, :a)", {":a": "a"}, lambda v: v.startswith("a")),
    ("begins_with(sk, :a)", {":a": "\u00e9"}, lambda v: v.startswith("\u00e9")),
    ("begins_with(sk, :a)", {":a": "ab"}, lambda v: v.startswith("ab")),
    (":a < sk", {":a": "b"}, lambda v: _utf8(v) > b"b"),
    (":a >= sk", {":a": "b"}, lambda v: _utf8(v) <= b"b"),
    ("(sk < :a)", {":a": "b"}, lambda v: _utf8(v) < b"b"),
]


def test_string_sort_key_order_is_utf8_bytes(ddb, range_table, s_partition):
    pk, items = s_partition
    got = _query(ddb, range_table, pk)
    assert _sks(got["Items"]) == [it["sk"]["S"] for it in items]
    assert got["Count"] == got["ScannedCount"] == len(S_VALUES)
    assert "LastEvaluatedKey" not in got
    # U+FFEE (EF BF AE) sorts before U+1D11E (F0 9D 84 9E) in UTF-8, unlike UTF-16
    sks = _sks(got["Items"])
    assert sks.index("\uffee") < sks.index("\U0001d11e")
    assert sks.index("B") < sks.index("a") < sks.index("\u00e9")


@pytest.mark.parametrize("forward", [True, False], ids=["asc", "desc"])
@pytest.mark.parametrize("cond,values,pred", S_CONDITIONS,
                         ids=["%s|%s" % (c[0], "|".join(c[1].values())) for c in S_CONDITIONS])
def test_string_sort_key_conditions(ddb, range_table, s_partition, cond, values, pred, forward):
    pk, items = s_partition
    got = _query(ddb, range_table, pk, cond, {k: {"S": v} for k, v in values.items()},
                 ScanIndexForward=forward)
    expected = [it for it in items if pred(it["sk"]["S"])]
    if not forward:
        expected.reverse()
    assert got["Items"] == expected
    assert got["Count"] == got["ScannedCount"] == len(expected)


N_VALUES = ["-1E+10", "-320", "-100", "-9.5", "-1", "-0.001", "0", "2E-5", "0.001", "0.5", "1",
            "1.5", "9", "10", "100.25", "1.5E3", "12345678901234567890123456789012345678", "1E+100",
            "-1E-100"]


@pytest.fixture(scope="module")
def n_partition(ddb, num_range_table):
    pk = rand_key("qn")
    items = [{"pk": {"S": pk}, "sk": {"N": v}} for v in N_VALUES]
    _put_all(ddb, num_range_table, items)
    ddb.put_item(TableName=num_range_table, Item={"pk": {"S": pk + "x"}, "sk": {"N": "1"}})
    return pk, sorted(N_VALUES, key=decimal.Decimal)


def _nums(items):
    return [decimal.Decimal(it["sk"]["N"]) for it in items]


D = decimal.Decimal
N_CONDITIONS = [
    ("sk = :a", {":a": "1500"}, lambda v: v == 1500),
    ("sk = :a", {":a": "-0.0010"}, lambda v: v == D("-0.001")),
    ("sk < :a", {":a": "1e1"}, lambda v: v < 10),
    ("sk <= :a", {":a": "10"}, lambda v: v <= 10),
    ("sk > :a", {":a": "-1"}, lambda v: v > -1),
    ("sk >= :a", {":a": "-9.50"}, lambda v: v >= D("-9.5")),
    ("sk > :a", {":a": "0"}, lambda v: v > 0),
    ("sk < :a", {":a": "0"}, lambda v: v < 0),
    ("sk BETWEEN :a AND :b", {":a": "-1E2", ":b": "1.5e0"}, lambda v: -100 <= v <= D("1.5")),
    ("sk BETWEEN :a AND :b", {":a": "1e-6", ":b": "1E-2"}, lambda v: D("1e-6") <= v <= D("1e-2")),
    ("sk >= :a", {":a": "1.2345678901234567890123456789012345678E+37"},
     lambda v: v >= D("1.2345678901234567890123456789012345678E+37")),
]


@pytest.mark.parametrize("forward", [True, False], ids=["asc", "desc"])
@pytest.mark.parametrize("cond,values,pred", N_CONDITIONS,
                         ids=["%s|%s" % (c[0], "|".join(c[1].values())) for c in N_CONDITIONS])
def test_number_sort_key_conditions(ddb, num_range_table, n_partition, cond, values, pred,
                                    forward):
    pk, ordered = n_partition
    got = _query(ddb, num_range_table, pk, cond, {k: {"N": v} for k, v in values.items()},
                 ScanIndexForward=forward)
    expected = [D(v) for v in ordered if pred(D(v))]
    if not forward:
        expected.reverse()
    assert _nums(got["Items"]) == expected
    assert got["Count"] == len(expected)


def test_number_sort_key_order_is_numeric(ddb, num_range_table, n_partition):
    pk, ordered = n_partition
    got = _query(ddb, num_range_table, pk)
    assert _nums(got["Items"]) == [D(v) for v in ordered]
    got = _query(ddb, num_range_table, pk, ScanIndexForward=False)
    assert _nums(got["Items"]) == [D(v) for v in reversed(ordered)]


B_VALUES = [b"\x00", b"\x00\x00", b"\x01", b"\x7f", b"\x7f\xff", b"\x80", b"\x80\x01", b"\xfe",
            b"\xff", b"\xff\x00", b"a", b"ab", b"b"]


@pytest.fixture(scope="module")
def b_partition(ddb, bin_range_table):
    pk = rand_key("qb")
    items = [{"pk": {"S": pk}, "sk": {"B": v}} for v in B_VALUES]
    _put_all(ddb, bin_range_table, items)
    ddb.put_item(TableName=bin_range_table, Item={"pk": {"S": pk + "x"}, "sk": {"B": b"a"}})
    return pk, sorted(B_VALUES)


B_CONDITIONS = [
    ("sk = :a", {":a": b"\x80\x01"}, lambda v: v == b"\x80\x01"),
    ("sk < :a", {":a": b"\x80"}, lambda v: v < b"\x80"),
    ("sk <= :a", {":a": b"\x80"}, lambda v: v <= b"\x80"),
    ("sk > :a", {":a": b"\x7f"}, lambda v: v > b"\x7f"),
    ("sk >= :a", {":a": b"\xff"}, lambda v: v >= b"\xff"),
    ("sk BETWEEN :a AND :b", {":a": b"\x7f", ":b": b"\xfe"}, lambda v: b"\x7f" <= v <= b"\xfe"),
    ("begins_with(sk, :a)", {":a": b"\xff"}, lambda v: v.startswith(b"\xff")),
    ("begins_with(sk, :a)", {":a": b"\x00"}, lambda v: v.startswith(b"\x00")),
    ("begins_with(sk, :a)", {":a": b"a"}, lambda v: v.startswith(b"a")),
]


@pytest.mark.parametrize("forward", [True, False], ids=["asc", "desc"])
@pytest.mark.parametrize("cond,values,pred", B_CONDITIONS,
                         ids=["%s|%s" % (c[0], "|".join(b64(v) for v in c[1].values()))
                              for c in B_CONDITIONS])
def test_binary_sort_key_conditions(ddb, bin_range_table, b_partition, cond, values, pred,
                                    forward):
    pk, ordered = b_partition
    got = _query(ddb, bin_range_table, pk, cond, {k: {"B": v} for k, v in values.items()},
                 ScanIndexForward=forward)
    expected = [v for v in ordered if pred(v)]
    if not forward:
        expected.reverse()
    assert _sks(got["Items"], "B") == expected


def test_binary_sort_key_order_is_unsigned(ddb, bin_range_table, b_partition):
    pk, ordered = b_partition
    got = _query(ddb, bin_range_table, pk)
    assert _sks(got["Items"], "B") == ordered
    assert _sks(got["Items"], "B").index(b"\x7f") < _sks(got["Items"], "B").index(b"\x80")


def test_hash_only_table_query(ddb, hash_table):
    pk = rand_key()
    item = {"pk": {"S": pk}, "v": {"S": "x"}}
    ddb.put_item(TableName=hash_table, Item=item)
    got = ddb.query(TableName=hash_table, KeyConditionExpression="pk = :p",
                    ExpressionAttributeValues={":p": {"S": pk}})
    assert got["Items"] == [item]
    assert got["Count"] == got["ScannedCount"] == 1


def test_names_and_reversed_condition_order(ddb, range_table, s_partition):
    pk, items = s_partition
    got = ddb.query(TableName=range_table, KeyConditionExpression="#s = :s AND #p = :p",
                    ExpressionAttributeNames={"#p": "pk", "#s": "sk"},
                    ExpressionAttributeValues={":p": {"S": pk}, ":s": {"S": "ab"}})
    assert _sks(got["Items"]) == ["ab"]
    got = ddb.query(TableName=range_table, KeyConditionExpression=":p = pk AnD sk BeTwEeN :a aNd :b",
                    ExpressionAttributeValues={":p": {"S": pk}, ":a": {"S": "a"},
                                               ":b": {"S": "ab"}})
    assert _sks(got["Items"]) == ["a", "aa", "ab"]


# ---------------------------------------------------------------------------
# pagination: Limit, ExclusiveStartKey / LastEvaluatedKey, filters
# ---------------------------------------------------------------------------

PAGE_N = 23


@pytest.fixture(scope="module")
def page_partition(ddb, range_table):
    pk = rand_key("qp")
    items = []
    for i in range(PAGE_N):
        it = {"pk": {"S": pk}, "sk": {"S": "s%02d" % i}, "n": {"N": str(i)},
              "tag": {"S": "even" if i % 2 == 0 else "odd"}}
        if i % 3 == 0:
            it["three"] = {"BOOL": True}
        items.append(it)
    _put_all(ddb, range_table, items)
    return pk, items


@pytest.mark.parametrize("forward", [True, False], ids=["asc", "desc"])
@pytest.mark.parametrize("limit", [1, 4, 5, 22, 23, 24, 100])
def test_limit_pagination(ddb, range_table, page_partition, limit, forward):
    pk, items = page_partition
    got = _pages(lambda **kw: _query(ddb, range_table, pk, **kw), Limit=limit,
                 ScanIndexForward=forward)
    ordered = items if forward else list(reversed(items))
    _check_pages(got, expected_pages(ordered, limit))
    all_items = [it for p in got for it in p["Items"]]
    assert all_items == ordered                       # nothing repeated, nothing lost


FILTERS = [
    ("tag = :t", {":t": {"S": "even"}}, lambda it: it["tag"]["S"] == "even"),
    ("attribute_exists(three)", None, lambda it: "three" in it),
    ("n > :n", {":n": {"N": "100"}}, lambda it: False),
    ("n >= :n OR tag = :t", {":n": {"N": "20"}, ":t": {"S": "odd"}},
     lambda it: int(it["n"]["N"]) >= 20 or it["tag"]["S"] == "odd"),
]


@pytest.mark.parametrize("forward", [True, False], ids=["asc", "desc"])
@pytest.mark.parametrize("limit", [1, 3, 7, 23])
@pytest.mark.parametrize("fexpr,fvalues,pred", FILTERS, ids=[f[0] for f in FILTERS])
def test_limit_pagination_with_filter(ddb, range_table, page_partition, fexpr, fvalues, pred,
                                      limit, forward):
    """Limit caps the items evaluated before the filter: ScannedCount counts them, Count the
    matches, and LastEvaluatedKey is the last item evaluated even if it did not match."""
    pk, items = page_partition
    got = _pages(lambda **kw: _query(ddb, range_table, pk, values=fvalues, **kw), Limit=limit,
                 ScanIndexForward=forward, FilterExpression=fexpr)
    ordered = items if forward else list(reversed(items))
    _check_pages(got, expected_pages(ordered, limit, pred))
    assert [it for p in got for it in p["Items"]] == [it for it in ordered if pred(it)]


def test_filter_without_limit(ddb, range_table, page_partition):
    pk, items = page_partition
    got = _query(ddb, range_table, pk, FilterExpression="tag = :t",
                 ExpressionAttributeValues={":t": {"S": "odd"}})
    assert got["Items"] == [it for it in items if it["tag"]["S"] == "odd"]
    assert got["Count"] == 11
    assert got["ScannedCount"] == PAGE_N
    assert "LastEvaluatedKey" not in got


def test_exclusive_start_key_with_sort_condition(ddb, range_table, page_partition):
    pk, items = page_partition
    got = _query(ddb, range_table, pk, "sk BETWEEN :a AND :b",
                 {":a": {"S": "s05"}, ":b": {"S": "s15"}}, Limit=4,
                 ExclusiveStartKey={"pk": {"S": pk}, "sk": {"S": "s07"}})
    assert _sks(got["Items"]) == ["s08", "s09", "s10", "s11"]
    assert got["LastEvaluatedKey"] == {"pk": {"S": pk}, "sk": {"S": "s11"}}
    got = _query(ddb, range_table, pk, "sk BETWEEN :a AND :b",
                 {":a": {"S": "s05"}, ":b": {"S": "s15"}}, ScanIndexForward=False,
                 ExclusiveStartKey={"pk": {"S": pk}, "sk": {"S": "s07"}})
    assert _sks(got["Items"]) == ["s06", "s05"]
    assert "LastEvaluatedKey" not in got


def test_exclusive_start_key_of_missing_item(ddb, range_table, page_partition):
    """The start key need not exist: the read continues after its position."""
    pk, items = page_partition
    got = _query(ddb, range_table, pk, ExclusiveStartKey={"pk": {"S": pk}, "sk": {"S": "s10a"}},
                 Limit=2)
    assert _sks(got["Items"]) == ["s11", "s12"]
    got = _query(ddb, range_table, pk, ExclusiveStartKey={"pk": {"S": pk}, "sk": {"S": "zzz"}})
    assert got["Items"] == [] and got["Count"] == 0 and got["ScannedCount"] == 0
    assert "LastEvaluatedKey" not in got


def test_legacy_pagination_with_query_filter(ddb, range_table, page_partition):
    pk, items = page_partition
    got = _pages(ddb.query, TableName=range_table, Limit=6,
                 KeyConditions={"pk": {"ComparisonOperator": "EQ",
                                       "AttributeValueList": [{"S": pk}]}},
                 QueryFilter={"tag": {"ComparisonOperator": "EQ",
                                      "AttributeValueList": [{"S": "even"}]}})
    _check_pages(got, expected_pages(items, 6, lambda it: it["tag"]["S"] == "even"))


# ---------------------------------------------------------------------------
# Select, projections, ConsistentRead, ConsumedCapacity
# ---------------------------------------------------------------------------

def test_select_count(ddb, range_table, page_partition):
    pk, items = page_partition
    got = _query(ddb, range_table, pk, Select="COUNT")
    assert "Items" not in got
    assert got["Count"] == got["ScannedCount"] == PAGE_N
    got = _query(ddb, range_table, pk, Select="COUNT", FilterExpression="tag = :t",
                 ExpressionAttributeValues={":t": {"S": "even"}})
    assert "Items" not in got
    assert (got["Count"], got["ScannedCount"]) == (12, PAGE_N)


def test_select_count_with_limit_returns_last_evaluated_key(ddb, range_table, page_partition):
    pk, items = page_partition
    pages = _pages(lambda **kw: _query(ddb, range_table, pk, **kw), Select="COUNT", Limit=10)
    assert [(p["Count"], p["ScannedCount"]) for p in pages] == [(10, 10), (10, 10), (3, 3)]
    assert all("Items" not in p for p in pages)
    assert pages[0]["LastEvaluatedKey"] == {"pk": {"S": pk}, "sk": {"S": "s09"}}


def test_select_all_attributes(ddb, range_table, page_partition):
    pk, items = page_partition
    got = _query(ddb, range_table, pk, Select="ALL_ATTRIBUTES")
    assert got["Items"] == items


def test_select_specific_attributes(ddb, range_table, page_partition):
    pk, items = page_partition
    got = _query(ddb, range_table, pk, "sk < :s", {":s": {"S": "s04"}},
                 Select="SPECIFIC_ATTRIBUTES", ProjectionExpression="n, three, nope")
    assert got["Items"] == [{"n": {"N": "0"}, "three": {"BOOL": True}}, {"n": {"N": "1"}},
                            {"n": {"N": "2"}}, {"n": {"N": "3"}, "three": {"BOOL": True}}]
    got = ddb.query(TableName=range_table, Select="SPECIFIC_ATTRIBUTES", AttributesToGet=["sk", "tag"],
                    KeyConditions={"pk": {"ComparisonOperator": "EQ",
                                          "AttributeValueList": [{"S": pk}]},
                                   "sk": {"ComparisonOperator": "LT",
                                          "AttributeValueList": [{"S": "s02"}]}})
    assert got["Items"] == [{"sk": {"S": "s00"}, "tag": {"S": "even"}},
                            {"sk": {"S": "s01"}, "tag": {"S": "odd"}}]


def test_projection_expression_nested_paths(ddb, range_table):
    pk = rand_key()
    item = {"pk": {"S": pk}, "sk": {"S": "a"},
            "m": {"M": {"a": {"N": "1"}, "b": {"S": "x"}, "c": {"M": {"d": {"S": "deep"}}}}},
            "l": {"L": [{"S": "l0"}, {"S": "l1"}, {"S": "l2"}]}, "other": {"S": "o"}}
    ddb.put_item(TableName=range_table, Item=item)
    got = _query(ddb, range_table, pk, ProjectionExpression="m.a, #c.d, l[2], l[0], nope, m.zz",
                 ExpressionAttributeNames={"#c": "m.c"})
    # "#c" names the top-level attribute "m.c", which does not exist
    assert got["Items"] == [{"m": {"M": {"a": {"N": "1"}}}, "l": {"L": [{"S": "l0"}, {"S": "l2"}]}}]
    got = _query(ddb, range_table, pk, ProjectionExpression="m.c.d, pk")
    assert got["Items"] == [{"pk": {"S": pk}, "m": {"M": {"c": {"M": {"d": {"S": "deep"}}}}}}]
    got = _query(ddb, range_table, pk, ProjectionExpression="nope")
    assert got["Items"] == [{}] and got["Count"] == 1


def test_consistent_read(ddb, range_table, page_partition):
    pk, items = page_partition
    got = _query(ddb, range_table, pk, ConsistentRead=True)
    assert got["Items"] == items
    got = _query(ddb, range_table, pk, ConsistentRead=False, Limit=2)
    assert got["Items"] == items[:2]


def test_return_consumed_capacity(ddb, range_table, page_partition):
    pk, items = page_partition
    got = _query(ddb, range_table, pk, "sk < :s", {":s": {"S": "s03"}},
                 ReturnConsumedCapacity="TOTAL")
    assert got["ConsumedCapacity"] == {"TableName": range_table, "CapacityUnits": 0.5}
    got = _query(ddb, range_table, pk, "sk < :s", {":s": {"S": "s03"}},
                 ReturnConsumedCapacity="TOTAL", ConsistentRead=True)
    assert got["ConsumedCapacity"] == {"TableName": range_table, "CapacityUnits": 1.0}
    got = _query(ddb, range_table, pk, "sk < :s", {":s": {"S": "s03"}},
                 ReturnConsumedCapacity="INDEXES")
    assert got["ConsumedCapacity"] == {"TableName": range_table, "CapacityUnits": 0.5,
                                       "Table": {"CapacityUnits": 0.5}}
    for rcc in ("NONE", None):
        kw = {"ReturnConsumedCapacity": rcc} if rcc else {}
        assert "ConsumedCapacity" not in _query(ddb, range_table, pk, **kw)


# ---------------------------------------------------------------------------
# legacy KeyConditions and QueryFilter
# ---------------------------------------------------------------------------

def _kc(op, *values):
    return {"ComparisonOperator": op, "AttributeValueList": [{"S": v} for v in values]}


LEGACY_KC = [
    (_kc("EQ", "ab"), lambda v: v == "ab"),
    (_kc("LT", "b"), lambda v: _utf8(v) < b"b"),
    (_kc("LE", "b"), lambda v: _utf8(v) <= b"b"),
    (_kc("GT", "ab"), lambda v: _utf8(v) > b"ab"),
    (_kc("GE", "\u00e9"), lambda v: _utf8(v) >= _utf8("\u00e9")),
    (_kc("BEGINS_WITH", "a"), lambda v: v.startswith("a")),
    (_kc("BETWEEN", "B", "ab"), lambda v: b"B" <= _utf8(v) <= b"ab"),
]


@pytest.mark.parametrize("cond,pred", LEGACY_KC,
                         ids=[c[0]["ComparisonOperator"] for c in LEGACY_KC])
def test_legacy_key_conditions(ddb, range_table, s_partition, cond, pred):
    pk, items = s_partition
    got = ddb.query(TableName=range_table,
                    KeyConditions={"pk": _kc("EQ", pk), "sk": cond})
    assert got["Items"] == [it for it in items if pred(it["sk"]["S"])]


def _n(v):
    return {"N": str(v)}


QUERY_FILTERS = [
    ({"n": {"ComparisonOperator": "EQ", "AttributeValueList": [_n(4)]}}, None,
     lambda it: it["n"]["N"] == "4"),
    ({"n": {"ComparisonOperator": "NE", "AttributeValueList": [_n(4)]}}, None,
     lambda it: it["n"]["N"] != "4"),
    ({"n": {"ComparisonOperator": "GT", "AttributeValueList": [_n(19)]}}, None,
     lambda it: int(it["n"]["N"]) > 19),
    ({"n": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [_n(3), _n(6)]}}, None,
     lambda it: 3 <= int(it["n"]["N"]) <= 6),
    ({"n": {"ComparisonOperator": "IN", "AttributeValueList": [_n(1), _n(7), _n(99)]}}, None,
     lambda it: it["n"]["N"] in ("1", "7")),
    ({"three": {"ComparisonOperator": "NOT_NULL"}}, None, lambda it: "three" in it),
    ({"three": {"ComparisonOperator": "NULL"}}, None, lambda it: "three" not in it),
    ({"tag": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "ev"}]}}, None,
     lambda it: it["tag"]["S"] == "even"),
    ({"tag": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [{"S": "d"}]}}, None,
     lambda it: it["tag"]["S"] == "odd"),
    ({"three": {"ComparisonOperator": "NOT_NULL"},
      "n": {"ComparisonOperator": "LT", "AttributeValueList": [_n(10)]}}, "AND",
     lambda it: "three" in it and int(it["n"]["N"]) < 10),
    ({"three": {"ComparisonOperator": "NOT_NULL"},
      "n": {"ComparisonOperator": "LT", "AttributeValueList": [_n(3)]}}, "OR",
     lambda it: "three" in it or int(it["n"]["N"]) < 3),
]


@pytest.mark.parametrize("qfilter,operator,pred", QUERY_FILTERS,
                         ids=["%s-%s" % ("+".join(v["ComparisonOperator"] for v in f[0].values()),
                                         f[1]) for f in QUERY_FILTERS])
def test_legacy_query_filter(ddb, range_table, page_partition, qfilter, operator, pred):
    pk, items = page_partition
    kw = {"ConditionalOperator": operator} if operator else {}
    got = ddb.query(TableName=range_table, KeyConditions={"pk": _kc("EQ", pk)},
                    QueryFilter=qfilter, **kw)
    expected = [it for it in items if pred(it)]
    assert got["Items"] == expected
    assert (got["Count"], got["ScannedCount"]) == (len(expected), PAGE_N)


# ---------------------------------------------------------------------------
# empty results and the 1 MB page limit
# ---------------------------------------------------------------------------

def test_empty_result(ddb, range_table, hash_table):
    for table in (range_table, hash_table):
        got = ddb.query(TableName=table, KeyConditionExpression="pk = :p",
                        ExpressionAttributeValues={":p": {"S": rand_key()}})
        assert {k: v for k, v in got.items() if k != "ResponseMetadata"} == {
            "Items": [], "Count": 0, "ScannedCount": 0}
    got = ddb.query(TableName=range_table, KeyConditionExpression="pk = :p", Select="COUNT",
                    ExpressionAttributeValues={":p": {"S": rand_key()}})
    assert {k: v for k, v in got.items() if k != "ResponseMetadata"} == {
        "Count": 0, "ScannedCount": 0}


BIG = 100000          # bytes of payload: each item is ~100 KB; 10 fit in 1 MB, the 11th crosses it
BIG_N = 15


@pytest.fixture(scope="module")
def big_partition(ddb, range_table):
    pk = rand_key("qbig")
    items = [{"pk": {"S": pk}, "sk": {"S": "s%02d" % i}, "payload": {"S": chr(97 + i) * BIG}}
             for i in range(BIG_N)]
    _put_all(ddb, range_table, items)
    return pk, items


def test_one_megabyte_page(ddb, range_table, big_partition):
    """A page stops after the item that takes it to 1 MB: 11 items of ~100 KB."""
    pk, items = big_partition
    pages = _pages(lambda **kw: _query(ddb, range_table, pk, **kw))
    assert [(p["Count"], p["ScannedCount"]) for p in pages] == [(11, 11), (4, 4)]
    assert pages[0]["LastEvaluatedKey"] == {"pk": {"S": pk}, "sk": {"S": "s10"}}
    assert [it for p in pages for it in p["Items"]] == items


def test_one_megabyte_page_descending_and_count(ddb, range_table, big_partition):
    pk, items = big_partition
    pages = _pages(lambda **kw: _query(ddb, range_table, pk, **kw), ScanIndexForward=False)
    assert [p["Count"] for p in pages] == [11, 4]
    assert pages[0]["LastEvaluatedKey"] == {"pk": {"S": pk}, "sk": {"S": "s04"}}
    assert [it for p in pages for it in p["Items"]] == list(reversed(items))
    # the limit is on data read, not returned: a small projection or COUNT pages the same way
    for kw in (dict(Select="COUNT"), dict(ProjectionExpression="sk")):
        got = _query(ddb, range_table, pk, **kw)
        assert (got["Count"], got["ScannedCount"]) == (11, 11)
        assert got["LastEvaluatedKey"] == {"pk": {"S": pk}, "sk": {"S": "s10"}}


@pytest.mark.local_differs("Local applies the 1 MB limit to the items returned after the filter "
                           "(a filter matching nothing reads all 15 items in one page); AWS "
                           "applies it before the filter -- " + SRC_DOC_1MB)
def test_one_megabyte_limit_applies_before_filter(ddb, range_table, big_partition):
    pk, items = big_partition
    got = _query(ddb, range_table, pk, FilterExpression="payload = :z",
                 ExpressionAttributeValues={":z": {"S": "nope"}})
    assert (got["Count"], got["ScannedCount"]) == (0, 11)
    assert got["LastEvaluatedKey"] == {"pk": {"S": pk}, "sk": {"S": "s10"}}


# ---------------------------------------------------------------------------
# validation messages (docs/query-scan-messages.md)
# ---------------------------------------------------------------------------

def _v(**values):
    out = {}
    for k, v in values.items():
        out[":" + k] = v if isinstance(v, dict) else {"S": v}
    return out


# (id, table kind, request, exact message) -- the same on Local and AWS
SAME = [
    # key condition structure
    ("pk_lt", "range", dict(KeyConditionExpression="pk < :p", ExpressionAttributeValues=_v(p="a")),
     NOT_SUPPORTED),
    ("pk_begins_with", "range", dict(KeyConditionExpression="begins_with(pk, :p)",
                                     ExpressionAttributeValues=_v(p="a")), NOT_SUPPORTED),
    ("pk_between", "range", dict(KeyConditionExpression="pk BETWEEN :a AND :b",
                                 ExpressionAttributeValues=_v(a="a", b="b")), NOT_SUPPORTED),
    ("sort_condition_on_hash_table", "hash",
     dict(KeyConditionExpression="pk = :p AND sk = :s", ExpressionAttributeValues=_v(p="a", s="b")),
     NOT_SUPPORTED),
    ("two_pk_conditions", "range", dict(KeyConditionExpression="pk = :p AND pk = :s",
                                        ExpressionAttributeValues=_v(p="a", s="b")), ONE_PER_KEY),
    ("two_sk_conditions", "range", dict(KeyConditionExpression="pk = :p AND sk > :a AND sk < :b",
                                        ExpressionAttributeValues=_v(p="a", a="a", b="b")),
     ONE_PER_KEY),
    ("three_conditions", "range", dict(KeyConditionExpression="pk = :p AND sk = :s AND x = :s",
                                       ExpressionAttributeValues=_v(p="a", s="b")),
     "Conditions can be of length 1 or 2 only"),
    ("or", "range", dict(KeyConditionExpression="pk = :p OR sk = :s",
                         ExpressionAttributeValues=_v(p="a", s="b")), BAD_OPERATOR % "OR"),
    ("not", "range", dict(KeyConditionExpression="NOT pk = :p", ExpressionAttributeValues=_v(p="a")),
     BAD_OPERATOR % "NOT"),
    ("in", "range", dict(KeyConditionExpression="pk = :p AND sk IN (:s)",
                         ExpressionAttributeValues=_v(p="a", s="b")), BAD_OPERATOR % "IN"),
    ("ne", "range", dict(KeyConditionExpression="pk = :p AND sk <> :s",
                         ExpressionAttributeValues=_v(p="a", s="b")), BAD_OPERATOR % "<>"),
    ("pk_ne", "range", dict(KeyConditionExpression="pk <> :p", ExpressionAttributeValues=_v(p="a")),
     BAD_OPERATOR % "<>"),
    ("contains", "range", dict(KeyConditionExpression="pk = :p AND contains(sk, :s)",
                               ExpressionAttributeValues=_v(p="a", s="b")),
     BAD_OPERATOR % "contains"),
    ("attribute_exists", "range", dict(KeyConditionExpression="pk = :p AND attribute_exists(sk)",
                                       ExpressionAttributeValues=_v(p="a")),
     BAD_OPERATOR % "attribute_exists"),
    ("attribute_not_exists", "range",
     dict(KeyConditionExpression="pk = :p AND attribute_not_exists(sk)",
          ExpressionAttributeValues=_v(p="a")), BAD_OPERATOR % "attribute_not_exists"),
    ("size", "range", dict(KeyConditionExpression="pk = :p AND size(sk) = :s",
                           ExpressionAttributeValues=_v(p="a", s="b")),
     "KeyConditionExpressions cannot contain nested operations"),
    ("key_map_path", "range", dict(KeyConditionExpression="pk.a = :p",
                                   ExpressionAttributeValues=_v(p="a")),
     "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: "
     "Key: pk"),
    ("key_list_path", "range", dict(KeyConditionExpression="pk = :p AND sk[0] = :p",
                                    ExpressionAttributeValues=_v(p="a")),
     "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: "
     "Key: sk"),
    ("nested_non_key", "range", dict(KeyConditionExpression="pk = :p AND a.b < :p",
                                     ExpressionAttributeValues=_v(p="a")),
     "KeyConditionExpressions cannot have conditions on nested attributes"),
    ("same_operand_twice", "range", dict(KeyConditionExpression="pk = pk"),
     "Invalid KeyConditionExpression: The first operand must be distinct from the remaining "
     "operands for this operator or function; operator: =, first operand: [pk]"),
    ("two_attribute_names", "range", dict(KeyConditionExpression="pk = sk"),
     "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"),
    ("no_attribute", "range", dict(KeyConditionExpression=":p = :a",
                                   ExpressionAttributeValues=_v(p="a", a="a")),
     "Invalid condition in KeyConditionExpression: No key attribute specified"),
    ("bare_name", "range", dict(KeyConditionExpression="pk"),
     'Invalid KeyConditionExpression: Syntax error; token: "<EOF>", near: "pk"'),
    ("syntax", "range", dict(KeyConditionExpression="pk = ", ExpressionAttributeValues=_v(p="a")),
     'Invalid KeyConditionExpression: Syntax error; token: "<EOF>", near: "= "'),
    ("empty", "range", dict(KeyConditionExpression="", ExpressionAttributeValues=_v(p="a")),
     "Invalid KeyConditionExpression: The expression can not be empty;"),
    ("redundant_parentheses", "range",
     dict(KeyConditionExpression="((sk = :p) AND ((pk = :p)))", ExpressionAttributeValues=_v(p="a")),
     "Invalid KeyConditionExpression: The expression has redundant parentheses;"),
    ("unknown_function", "range", dict(KeyConditionExpression="pk = :p AND foo(sk)",
                                       ExpressionAttributeValues=_v(p="a")),
     "Invalid KeyConditionExpression: Invalid function name; function: foo"),
    ("begins_with_is_case_sensitive", "range",
     dict(KeyConditionExpression="pk = :p AND BEGINS_WITH(sk, :p)",
          ExpressionAttributeValues=_v(p="a")),
     "Invalid KeyConditionExpression: Invalid function name; function: BEGINS_WITH"),
    ("undefined_value", "range", dict(KeyConditionExpression="pk = :zz",
                                      ExpressionAttributeValues=_v(p="a")),
     "Invalid KeyConditionExpression: An expression attribute value used in expression is not "
     "defined; attribute value: :zz"),
    ("undefined_name", "range", dict(KeyConditionExpression="#zz = :p",
                                     ExpressionAttributeValues=_v(p="a")),
     "Invalid KeyConditionExpression: An expression attribute name used in the document path is "
     "not defined; attribute name: #zz"),
    ("unused_value", "range", dict(KeyConditionExpression="pk = :p",
                                   ExpressionAttributeValues=_v(p="a", u="a")),
     "Value provided in ExpressionAttributeValues unused in expressions: keys: {:u}"),
    ("unused_name", "range", dict(KeyConditionExpression="pk = :p", ExpressionAttributeValues=_v(p="a"),
                                  ExpressionAttributeNames={"#u": "x"}),
     "Value provided in ExpressionAttributeNames unused in expressions: keys: {#u}"),
    # types
    ("begins_with_number_operand", "num_range",
     dict(KeyConditionExpression="pk = :p AND begins_with(sk, :s)",
          ExpressionAttributeValues=_v(p="a", s={"N": "1"})),
     "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or "
     "function: begins_with, operand type: N"),
    ("begins_with_on_number_sort_key", "num_range",
     dict(KeyConditionExpression="pk = :p AND begins_with(sk, :s)",
          ExpressionAttributeValues=_v(p="a", s="1")), TYPE_MISMATCH),
    ("between_inverted_s", "range",
     dict(KeyConditionExpression="pk = :p AND sk BETWEEN :b AND :a",
          ExpressionAttributeValues=_v(p="a", a="a", b="b")), BETWEEN_ORDER % ("S:b", "S:a")),
    ("between_inverted_n", "num_range",
     dict(KeyConditionExpression="pk = :p AND sk BETWEEN :b AND :a",
          ExpressionAttributeValues=_v(p="a", a={"N": "-1"}, b={"N": "2"})),
     BETWEEN_ORDER % ("N:2", "N:-1")),
    ("between_mixed_types", "range",
     dict(KeyConditionExpression="pk = :p AND sk BETWEEN :a AND :b",
          ExpressionAttributeValues=_v(p="a", a="a", b={"N": "2"})),
     "Invalid KeyConditionExpression: The BETWEEN operator requires same data type for lower and "
     "upper bounds; lower bound operand: AttributeValue: {S:a}, upper bound operand: "
     "AttributeValue: {N:2}"),
    ("pk_type_mismatch", "range", dict(KeyConditionExpression="pk = :p",
                                       ExpressionAttributeValues=_v(p={"N": "1"})), TYPE_MISMATCH),
    ("pk_list_value", "range", dict(KeyConditionExpression="pk = :p",
                                    ExpressionAttributeValues=_v(p={"L": []})), TYPE_MISMATCH),
    ("sk_type_mismatch", "range", dict(KeyConditionExpression="pk = :p AND sk < :s",
                                       ExpressionAttributeValues=_v(p="a", s={"N": "1"})),
     TYPE_MISMATCH),
    ("sk_binary_vs_string", "bin_range", dict(KeyConditionExpression="pk = :p AND sk = :s",
                                              ExpressionAttributeValues=_v(p="a", s="x")),
     TYPE_MISMATCH),
    ("empty_pk", "range", dict(KeyConditionExpression="pk = :p", ExpressionAttributeValues=_v(p="")),
     EMPTY_KEY % "pk"),
    ("empty_sk", "range", dict(KeyConditionExpression="pk = :p AND begins_with(sk, :s)",
                               ExpressionAttributeValues=_v(p="a", s="")), EMPTY_KEY % "sk"),
    # request parameters
    ("no_key_condition", "range", dict(),
     "Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
     "request."),
    ("kce_and_key_conditions", "range",
     dict(KeyConditionExpression="pk = :p", ExpressionAttributeValues=_v(p="a"),
          KeyConditions={"pk": _kc("EQ", "a")}), MIXING % ("KeyConditions", "KeyConditionExpression")),
    ("query_filter_and_filter_expression", "range",
     dict(KeyConditions={"pk": _kc("EQ", "a")}, QueryFilter={"x": _kc("EQ", "a")},
          FilterExpression="x = :v", ExpressionAttributeValues=_v(v="a")),
     MIXING % ("QueryFilter", "FilterExpression")),
    ("attributes_to_get_and_kce", "range",
     dict(AttributesToGet=["x"], KeyConditionExpression="pk = :p", ExpressionAttributeValues=_v(p="a")),
     MIXING % ("AttributesToGet", "KeyConditionExpression")),
    ("everything_mixed", "range",
     dict(KeyConditions={"pk": _kc("EQ", "a")}, QueryFilter={"x": _kc("EQ", "a")},
          AttributesToGet=["x"], ConditionalOperator="AND", KeyConditionExpression="pk = :p",
          FilterExpression="x = :p", ProjectionExpression="x", ExpressionAttributeValues=_v(p="a")),
     MIXING % ("AttributesToGet, QueryFilter, ConditionalOperator, KeyConditions",
               "ProjectionExpression, FilterExpression, KeyConditionExpression")),
    ("values_without_expressions", "range",
     dict(KeyConditions={"pk": _kc("EQ", "a")}, ExpressionAttributeValues=_v(p="a")),
     "ExpressionAttributeValues can only be specified when using expressions: FilterExpression and "
     "KeyConditionExpression are null"),
    ("names_without_expressions", "range",
     dict(KeyConditions={"pk": _kc("EQ", "a")}, ExpressionAttributeNames={"#p": "a"}),
     "ExpressionAttributeNames can only be specified when using expressions"),
    ("filter_on_sort_key", "range",
     dict(KeyConditionExpression="pk = :p", FilterExpression="sk = :p",
          ExpressionAttributeValues=_v(p="a")), FILTER_ON_KEY % "sk"),
    ("filter_on_partition_key", "range",
     dict(KeyConditionExpression="pk = :p", FilterExpression="x = :p OR pk = :p",
          ExpressionAttributeValues=_v(p="a")), FILTER_ON_KEY % "pk"),
    ("filter_function_on_key", "range",
     dict(KeyConditionExpression="pk = :p", FilterExpression="attribute_exists(sk)",
          ExpressionAttributeValues=_v(p="a")), FILTER_ON_KEY % "sk"),
    ("filter_empty", "range",
     dict(KeyConditionExpression="pk = :p", FilterExpression="", ExpressionAttributeValues=_v(p="a")),
     "Invalid FilterExpression: The expression can not be empty;"),
    ("projection_undefined_name", "range",
     dict(KeyConditionExpression="pk = :p", ProjectionExpression="#q",
          ExpressionAttributeValues=_v(p="a")),
     "Invalid ProjectionExpression: An expression attribute name used in the document path is not "
     "defined; attribute name: #q"),
    ("missing_index", "range", dict(IndexName="nope", KeyConditionExpression="pk = :p",
                                    ExpressionAttributeValues=_v(p="a")),
     "The table does not have the specified index: nope"),
    # Select
    ("all_attributes_with_projection", "range",
     dict(Select="ALL_ATTRIBUTES", ProjectionExpression="x", KeyConditionExpression="pk = :p",
          ExpressionAttributeValues=_v(p="a")),
     "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES"),
    ("all_attributes_with_attributes_to_get", "range",
     dict(Select="ALL_ATTRIBUTES", AttributesToGet=["x"], KeyConditions={"pk": _kc("EQ", "a")}),
     "Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES"),
    ("count_with_projection", "range",
     dict(Select="COUNT", ProjectionExpression="x", KeyConditionExpression="pk = :p",
          ExpressionAttributeValues=_v(p="a")),
     "Cannot specify the ProjectionExpression when choosing to get only the Count"),
    ("count_with_attributes_to_get", "range",
     dict(Select="COUNT", AttributesToGet=["x"], KeyConditions={"pk": _kc("EQ", "a")}),
     "Cannot specify the AttributesToGet when choosing to get only the Count"),
    ("all_projected_with_projection", "range",
     dict(Select="ALL_PROJECTED_ATTRIBUTES", ProjectionExpression="x",
          KeyConditionExpression="pk = :p", ExpressionAttributeValues=_v(p="a")),
     "Cannot specify the ProjectionExpression when choosing to get ALL_PROJECTED_ATTRIBUTES"),
    ("all_projected_without_index", "range",
     dict(Select="ALL_PROJECTED_ATTRIBUTES", KeyConditionExpression="pk = :p",
          ExpressionAttributeValues=_v(p="a")),
     "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"),
    ("specific_without_attributes", "range",
     dict(Select="SPECIFIC_ATTRIBUTES", KeyConditionExpression="pk = :p",
          ExpressionAttributeValues=_v(p="a")),
     "Must specify the AttributesToGet or ProjectionExpression when choosing to get "
     "SPECIFIC_ATTRIBUTES"),
    # ExclusiveStartKey
    ("start_key_wrong_attribute_names", "range",
     dict(KeyConditionExpression="pk = :p", ExpressionAttributeValues=_v(p="a"),
          ExclusiveStartKey={"a": {"S": "a"}, "b": {"S": "b"}}),
     "The provided starting key is invalid"),
    ("start_key_outside_sort_condition", "range",
     dict(KeyConditionExpression="pk = :p AND sk > :s", ExpressionAttributeValues=_v(p="a", s="c"),
          ExclusiveStartKey={"pk": {"S": "a"}, "sk": {"S": "b"}}),
     "The provided starting key does not match the range key predicate"),
    ("start_key_empty_string", "range",
     dict(KeyConditionExpression="pk = :p", ExpressionAttributeValues=_v(p="a"),
          ExclusiveStartKey={"pk": {"S": "a"}, "sk": {"S": ""}}),
     "The provided starting key is invalid: " + EMPTY_KEY % "sk"),
    # legacy
    ("key_conditions_empty", "range", dict(KeyConditions={}), "Conditions can be of length 1 or 2 only"),
    ("key_conditions_three", "range",
     dict(KeyConditions={"pk": _kc("EQ", "a"), "sk": _kc("EQ", "a"), "x": _kc("EQ", "a")}),
     "Conditions can be of length 1 or 2 only"),
    ("key_conditions_pk_lt", "range", dict(KeyConditions={"pk": _kc("LT", "a")}), NOT_SUPPORTED),
    ("key_conditions_pk_begins_with", "range", dict(KeyConditions={"pk": _kc("BEGINS_WITH", "a")}),
     NOT_SUPPORTED),
    ("key_conditions_sk_contains", "range",
     dict(KeyConditions={"pk": _kc("EQ", "a"), "sk": _kc("CONTAINS", "a")}), NOT_INDEXABLE),
    ("key_conditions_sk_in", "range",
     dict(KeyConditions={"pk": _kc("EQ", "a"), "sk": _kc("IN", "a")}), NOT_INDEXABLE),
    ("key_conditions_between_inverted", "range",
     dict(KeyConditions={"pk": _kc("EQ", "a"), "sk": _kc("BETWEEN", "b", "a")}),
     "The BETWEEN condition was provided a range where the lower bound is greater than the upper "
     "bound"),
    ("key_conditions_type_mismatch", "range",
     dict(KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}}),
     TYPE_MISMATCH),
    ("key_conditions_begins_with_number", "num_range",
     dict(KeyConditions={"pk": _kc("EQ", "a"),
                         "sk": {"ComparisonOperator": "BEGINS_WITH",
                                "AttributeValueList": [{"N": "1"}]}}),
     "One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for "
     "N AttributeValue type"),
    ("query_filter_on_sort_key", "range",
     dict(KeyConditions={"pk": _kc("EQ", "a")}, QueryFilter={"sk": _kc("EQ", "a")}),
     "QueryFilter can only contain non-primary key attributes: Primary key attribute: sk"),
    ("query_filter_argument_count", "range",
     dict(KeyConditions={"pk": _kc("EQ", "a")},
          QueryFilter={"x": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"S": "a"}]}}),
     "One or more parameter values were invalid: Invalid number of argument(s) for the BETWEEN "
     "ComparisonOperator"),
    ("conditional_operator_without_filter", "range",
     dict(KeyConditions={"pk": _kc("EQ", "a")}, ConditionalOperator="AND"),
     "ConditionalOperator cannot be used without Filter or Expected"),
    ("conditional_operator_one_filter", "range",
     dict(KeyConditions={"pk": _kc("EQ", "a")}, ConditionalOperator="OR",
          QueryFilter={"x": _kc("EQ", "a")}),
     "ConditionalOperator can only be used when Filter or Expected has two or more elements"),
    # precedence (docs/query-scan-messages.md section 1)
    ("order_filter_syntax_before_key_condition_syntax", "range",
     dict(FilterExpression="x =", KeyConditionExpression="pk ="),
     'Invalid FilterExpression: Syntax error; token: "<EOF>", near: "="'),
    ("order_unused_before_operator", "range",
     dict(KeyConditionExpression="pk = :p OR sk = :p", ExpressionAttributeValues=_v(p="a", u="a")),
     "Value provided in ExpressionAttributeValues unused in expressions: keys: {:u}"),
    ("order_between_before_type", "range",
     dict(KeyConditionExpression="pk = :n AND sk BETWEEN :b AND :a",
          ExpressionAttributeValues=_v(n={"N": "1"}, a="a", b="b")), BETWEEN_ORDER % ("S:b", "S:a")),
    ("order_one_per_key_before_type", "range",
     dict(KeyConditionExpression="pk = :n AND sk > :a AND sk < :a",
          ExpressionAttributeValues=_v(n={"N": "1"}, a="a")), ONE_PER_KEY),
    ("order_key_condition_before_select", "range",
     dict(Select="ALL_ATTRIBUTES", ProjectionExpression="x", KeyConditionExpression="pk = :p OR sk = :p",
          ExpressionAttributeValues=_v(p="a")), BAD_OPERATOR % "OR"),
    ("order_filter_on_key_before_select", "range",
     dict(Select="COUNT", ProjectionExpression="x", KeyConditionExpression="pk = :p",
          FilterExpression="sk = :p", ExpressionAttributeValues=_v(p="a")), FILTER_ON_KEY % "sk"),
    ("order_start_key_before_filter_on_key", "range",
     dict(KeyConditionExpression="pk = :p AND sk > :s", FilterExpression="sk = :p",
          ExpressionAttributeValues=_v(p="a", s="c"),
          ExclusiveStartKey={"pk": {"S": "a"}, "sk": {"S": "b"}}),
     "The provided starting key does not match the range key predicate"),
    ("order_index_before_expressions", "range",
     dict(IndexName="nope", KeyConditionExpression="pk ="),
     "The table does not have the specified index: nope"),
    ("order_mixing_before_select", "range",
     dict(Select="COUNT", ProjectionExpression="x", AttributesToGet=["x"],
          KeyConditionExpression="pk = :p", ExpressionAttributeValues=_v(p="a")),
     MIXING % ("AttributesToGet", "ProjectionExpression, KeyConditionExpression")),
]


@pytest.fixture
def table_of(shared_tables):
    return lambda kind: shared_tables[kind]


@pytest.mark.parametrize("kind,request_,message", [s[1:] for s in SAME], ids=[s[0] for s in SAME])
def test_validation_message(ddb, table_of, kind, request_, message):
    expect_error(lambda: ddb.query(TableName=table_of(kind), **request_), "ValidationException",
                 message)


# (id, request, AWS message, source) -- Local sends another text; the code is the same
DIFFERS = [
    ("missing_partition_key_condition",
     dict(KeyConditionExpression="sk = :s", ExpressionAttributeValues=_v(s="b")),
     MISSED_KEY + ": pk", SRC_CF + "; " + SRC_SC),
    ("only_non_key_condition",
     dict(KeyConditionExpression="x = :s", ExpressionAttributeValues=_v(s="b")),
     MISSED_KEY + ": pk", SRC_CF),
    ("limit_zero", dict(Limit=0, KeyConditionExpression="pk = :p", ExpressionAttributeValues=_v(p="a")),
     "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must "
     "have value greater than or equal to 1", SRC_DT + "; " + SRC_CF_SCAN),
    ("select_invalid", dict(Select="count", KeyConditionExpression="pk = :p",
                            ExpressionAttributeValues=_v(p="a")),
     "1 validation error detected: Value 'count' at 'select' failed to satisfy constraint: Member "
     "must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, "
     "ALL_PROJECTED_ATTRIBUTES]", SRC_CF),
    ("attributes_to_get_duplicates",
     dict(AttributesToGet=["x", "x"], KeyConditions={"pk": _kc("EQ", "a")}),
     "One or more parameter values were invalid: Duplicate value in attribute name: x", SRC_DT),
    ("start_key_missing_sort_key",
     dict(KeyConditionExpression="pk = :p", ExpressionAttributeValues=_v(p="a"),
          ExclusiveStartKey={"pk": {"S": "a"}}),
     "The provided starting key is invalid", SRC_DT + " 'ExclusiveStartKey missing range key'"),
    ("start_key_empty",
     dict(KeyConditionExpression="pk = :p", ExpressionAttributeValues=_v(p="a"),
          ExclusiveStartKey={}),
     "The provided starting key is invalid", SRC_DT + " 'empty ExclusiveStartKey'"),
    ("start_key_other_partition",
     dict(KeyConditionExpression="pk = :p", ExpressionAttributeValues=_v(p="a"),
          ExclusiveStartKey={"pk": {"S": "zz"}, "sk": {"S": "b"}}),
     "The provided starting key is outside query boundaries based on provided conditions",
     SRC_DT + " 'ExclusiveStartKey with incorrect hash key'"),
    ("key_conditions_argument_count",
     dict(KeyConditions={"pk": _kc("EQ", "a"), "sk": {"ComparisonOperator": "EQ",
                                                     "AttributeValueList": []}}),
     "The attempted filter operation is not supported for the provided filter argument count",
     SRC_DT),
    ("key_conditions_between_one_argument",
     dict(KeyConditions={"pk": _kc("EQ", "a"), "sk": _kc("BETWEEN", "a")}),
     "The attempted filter operation is not supported for the provided filter argument count",
     SRC_DT),
]


@pytest.mark.parametrize("request_,aws_message", [d[1:3] for d in DIFFERS], ids=[d[0] for d in DIFFERS])
def test_validation_code(ddb, range_table, request_, aws_message):
    """The error code is the same on Local and AWS; the AWS text is checked below."""
    expect_error(lambda: ddb.query(TableName=range_table, **request_), "ValidationException")


@pytest.mark.parametrize("request_,aws_message", local_differs_params(DIFFERS))
def test_validation_message_aws(ddb, range_table, request_, aws_message):
    expect_error(lambda: ddb.query(TableName=range_table, **request_), "ValidationException",
                 aws_message)


def test_missing_partition_key_condition_names_the_key_prefix(ddb, range_table):
    """Both Local and AWS start with this text (AWS appends ': <key>')."""
    for kce in ("sk = :s", "pk = :s AND x = :s", "sk BETWEEN :s AND :s"):
        expect_error(lambda: ddb.query(TableName=range_table, KeyConditionExpression=kce,
                                       ExpressionAttributeValues=_v(s="b")),
                     "ValidationException", message_startswith=MISSED_KEY)


def test_start_key_checks_that_differ_only_in_code(ddb, range_table):
    for esk in ({"pk": {"S": "a"}, "sk": {"S": "b"}, "x": {"S": "c"}},   # extra attribute
                {"pk": {"S": "a"}, "sk": {"N": "1"}}):                    # wrong type
        expect_error(lambda: ddb.query(TableName=range_table, KeyConditionExpression="pk = :p",
                                       ExpressionAttributeValues=_v(p="a"), ExclusiveStartKey=esk),
                     "ValidationException")


def test_missing_table(ddb):
    expect_error(lambda: ddb.query(TableName="ddbconf_missing_q", KeyConditionExpression="pk = :p",
                                   ExpressionAttributeValues=_v(p="a")),
                 "ResourceNotFoundException")


@pytest.mark.local_differs("Local: 'Cannot do operations on a non-existent table'; AWS: "
                           "'Requested resource not found' -- " + SRC_CF_SCAN)
def test_missing_table_message(ddb):
    expect_error(lambda: ddb.query(TableName="ddbconf_missing_q", KeyConditionExpression="pk = :p",
                                   ExpressionAttributeValues=_v(p="a")),
                 "ResourceNotFoundException", "Requested resource not found")
