"""Scan: filters, projections, legacy ScanFilter/AttributesToGet, Select COUNT, Limit +
ExclusiveStartKey/LastEvaluatedKey pagination (no repeats, no losses), parallel scan
(Segment/TotalSegments), the 1 MB page limit across partitions, pagination while items are
being written, and the validation messages.

Texts: captured from DynamoDB Local 1.25.1 and checked against mhart/dynalite test/scan.js and
validations/scan.js and nubo-db/dynamodb-conformance tests/tier3/error-messages/scan.test.ts and
tests/tier3/validation-ordering/scan.test.ts (run against AWS). See docs/query-scan-messages.md."""

import concurrent.futures
import threading

import pytest

from helpers import (delete_quietly, expect_error, hash_range_schema, hash_schema, local_differs_params,
                     unique_name, wait_exists, expected_pages)

SRC_CF = "nubo-db/dynamodb-conformance tests/tier3/error-messages/scan.test.ts (run against AWS)"
SRC_CF_ORDER = ("nubo-db/dynamodb-conformance tests/tier3/validation-ordering/scan.test.ts "
                "(run against AWS)")
SRC_DT = "mhart/dynalite validations/scan.js and test/scan.js (run against AWS)"
SRC_DOC_1MB = ("AWS API reference Scan: 'A single Scan operation first reads up to the maximum "
               "number of items set (if using the Limit parameter) or a maximum of 1 MB of data and "
               "then applies any filtering'")

MIXING = ("Can not use both expression and non-expression parameters in the same request: "
          "Non-expression parameters: {%s} Expression parameters: {%s}")


def _put_all(ddb, table, items):
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda it: ddb.put_item(TableName=table, Item=it), items))


def _pages(ddb, max_pages=500, **kw):
    pages = []
    start = None
    while True:
        if start is not None:
            kw["ExclusiveStartKey"] = start
        resp = ddb.scan(**kw)
        pages.append(resp)
        start = resp.get("LastEvaluatedKey")
        if start is None:
            return pages
        assert len(pages) < max_pages, "pagination does not terminate"


def _items(pages):
    return [it for p in pages for it in p.get("Items", [])]


def _key(item, attrs=("pk", "sk")):
    return tuple(item[a]["S"] for a in attrs if a in item)


def _assert_unique(items, attrs=("pk", "sk")):
    keys = [_key(it, attrs) for it in items]
    assert len(keys) == len(set(keys)), "an item was returned twice"
    return set(keys)


@pytest.fixture(scope="module")
def module_table(ddb):
    """Module-scoped table factory: tables live until the end of this module."""
    names = []

    def make(schema, tag):
        name = unique_name(tag)
        names.append(name)
        ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST", **schema)
        wait_exists(ddb, name)
        return name
    yield make
    for name in names:
        delete_quietly(ddb, name)


N_PARTITIONS = 100
PER_PARTITION = 3


@pytest.fixture(scope="module")
def filled(ddb, module_table):
    """300 items: 100 partitions x 3 sort keys; n = 0..299, tag even/odd, some with `three`."""
    name = module_table(hash_range_schema(), "scan")
    items = []
    for p in range(N_PARTITIONS):
        for s in range(PER_PARTITION):
            n = p * PER_PARTITION + s
            it = {"pk": {"S": "p%03d" % p}, "sk": {"S": "s%d" % s}, "n": {"N": str(n)},
                  "tag": {"S": "even" if n % 2 == 0 else "odd"}, "m": {"M": {"x": {"N": str(n)}}}}
            if n % 3 == 0:
                it["three"] = {"BOOL": True}
            items.append(it)
    _put_all(ddb, name, items)
    return name, items


def _by_key(items):
    return {_key(it): it for it in items}


# ---------------------------------------------------------------------------
# full scans, filters, projections, Select
# ---------------------------------------------------------------------------

def test_full_scan(ddb, filled):
    name, items = filled
    got = ddb.scan(TableName=name)
    assert "LastEvaluatedKey" not in got
    assert got["Count"] == got["ScannedCount"] == len(items)
    assert _by_key(got["Items"]) == _by_key(items)
    _assert_unique(got["Items"])


def test_scan_order_groups_partitions_and_sorts_sort_keys(ddb, filled):
    """Items of one partition are contiguous and in sort-key order."""
    name, items = filled
    got = ddb.scan(TableName=name)["Items"]
    pks = [it["pk"]["S"] for it in got]
    seen = []
    for pk in pks:
        if not seen or seen[-1] != pk:
            assert pk not in seen, "partition %s is split" % pk
            seen.append(pk)
    for pk in seen:
        sks = [it["sk"]["S"] for it in got if it["pk"]["S"] == pk]
        assert sks == sorted(sks)


FILTERS = [
    ("tag = :t", {":t": {"S": "even"}}, lambda it: it["tag"]["S"] == "even"),
    ("attribute_exists(three) AND n < :n", {":n": {"N": "100"}},
     lambda it: "three" in it and int(it["n"]["N"]) < 100),
    ("m.x BETWEEN :a AND :b", {":a": {"N": "10"}, ":b": {"N": "20"}},
     lambda it: 10 <= int(it["n"]["N"]) <= 20),
    ("pk = :p OR sk = :s", {":p": {"S": "p007"}, ":s": {"S": "s2"}},
     lambda it: it["pk"]["S"] == "p007" or it["sk"]["S"] == "s2"),
    ("begins_with(pk, :p)", {":p": {"S": "p05"}}, lambda it: it["pk"]["S"].startswith("p05")),
    ("n > :n", {":n": {"N": "1000"}}, lambda it: False),
]


@pytest.mark.parametrize("fexpr,values,pred", FILTERS, ids=[f[0] for f in FILTERS])
def test_filter_expression(ddb, filled, fexpr, values, pred):
    """Scan (unlike Query) accepts filters on key attributes."""
    name, items = filled
    got = ddb.scan(TableName=name, FilterExpression=fexpr, ExpressionAttributeValues=values)
    expected = [it for it in items if pred(it)]
    assert _by_key(got["Items"]) == _by_key(expected)
    assert got["Count"] == len(expected)
    assert got["ScannedCount"] == len(items)


def test_projection_expression(ddb, filled):
    name, items = filled
    got = ddb.scan(TableName=name, ProjectionExpression="#k, m.x, nope", FilterExpression="n < :n",
                   ExpressionAttributeNames={"#k": "pk"}, ExpressionAttributeValues={":n": {"N": "3"}})
    assert sorted(got["Items"], key=lambda it: it["m"]["M"]["x"]["N"]) == [
        {"pk": {"S": "p000"}, "m": {"M": {"x": {"N": str(n)}}}} for n in range(3)]


def test_attributes_to_get_and_scan_filter(ddb, filled):
    name, items = filled
    got = ddb.scan(TableName=name, AttributesToGet=["n", "three"],
                   ScanFilter={"n": {"ComparisonOperator": "LT", "AttributeValueList": [{"N": "4"}]}})
    assert sorted(got["Items"], key=lambda it: int(it["n"]["N"])) == [
        {"n": {"N": "0"}, "three": {"BOOL": True}}, {"n": {"N": "1"}}, {"n": {"N": "2"}},
        {"n": {"N": "3"}, "three": {"BOOL": True}}]
    assert got["ScannedCount"] == len(items)


def _cond(op, *values):
    out = {"ComparisonOperator": op}
    if values:
        out["AttributeValueList"] = list(values)
    return out


SCAN_FILTERS = [
    ({"tag": _cond("EQ", {"S": "odd"})}, None, lambda it: it["tag"]["S"] == "odd"),
    ({"n": _cond("BETWEEN", {"N": "5"}, {"N": "9"})}, None, lambda it: 5 <= int(it["n"]["N"]) <= 9),
    ({"n": _cond("IN", {"N": "1"}, {"N": "250"}, {"N": "999"})}, None,
     lambda it: it["n"]["N"] in ("1", "250")),
    ({"three": _cond("NULL")}, None, lambda it: "three" not in it),
    ({"pk": _cond("BEGINS_WITH", {"S": "p09"})}, None, lambda it: it["pk"]["S"].startswith("p09")),
    ({"tag": _cond("NE", {"S": "odd"}), "n": _cond("GE", {"N": "290"})}, "AND",
     lambda it: it["tag"]["S"] != "odd" and int(it["n"]["N"]) >= 290),
    ({"three": _cond("NOT_NULL"), "n": _cond("LT", {"N": "4"})}, "OR",
     lambda it: "three" in it or int(it["n"]["N"]) < 4),
]


@pytest.mark.parametrize("sfilter,operator,pred", SCAN_FILTERS,
                         ids=["%s-%s" % ("+".join(c["ComparisonOperator"] for c in f[0].values()),
                                         f[1]) for f in SCAN_FILTERS])
def test_legacy_scan_filter(ddb, filled, sfilter, operator, pred):
    name, items = filled
    kw = {"ConditionalOperator": operator} if operator else {}
    got = ddb.scan(TableName=name, ScanFilter=sfilter, **kw)
    assert _by_key(got["Items"]) == _by_key([it for it in items if pred(it)])


def test_select_count(ddb, filled):
    name, items = filled
    got = ddb.scan(TableName=name, Select="COUNT")
    assert "Items" not in got
    assert got["Count"] == got["ScannedCount"] == len(items)
    got = ddb.scan(TableName=name, Select="COUNT", FilterExpression="tag = :t",
                   ExpressionAttributeValues={":t": {"S": "odd"}})
    assert "Items" not in got
    assert (got["Count"], got["ScannedCount"]) == (150, 300)
    pages = _pages(ddb, TableName=name, Select="COUNT", Limit=120)
    assert [(p["Count"], p["ScannedCount"]) for p in pages] == [(120, 120), (120, 120), (60, 60)]
    assert all("Items" not in p for p in pages)


def test_select_all_and_specific(ddb, filled):
    name, items = filled
    got = ddb.scan(TableName=name, Select="ALL_ATTRIBUTES")
    assert _by_key(got["Items"]) == _by_key(items)
    got = ddb.scan(TableName=name, Select="SPECIFIC_ATTRIBUTES", ProjectionExpression="n",
                   Limit=5)
    assert all(list(it) == ["n"] for it in got["Items"]) and got["Count"] == 5


def test_consistent_read(ddb, filled):
    name, items = filled
    got = ddb.scan(TableName=name, ConsistentRead=True)
    assert _by_key(got["Items"]) == _by_key(items)


def test_return_consumed_capacity(ddb, filled):
    name, items = filled
    got = ddb.scan(TableName=name, Limit=2, ReturnConsumedCapacity="TOTAL")
    assert got["ConsumedCapacity"] == {"TableName": name, "CapacityUnits": 0.5}
    got = ddb.scan(TableName=name, Limit=2, ReturnConsumedCapacity="INDEXES", ConsistentRead=True)
    assert got["ConsumedCapacity"] == {"TableName": name, "CapacityUnits": 1.0,
                                       "Table": {"CapacityUnits": 1.0}}
    assert "ConsumedCapacity" not in ddb.scan(TableName=name, Limit=2, ReturnConsumedCapacity="NONE")


def test_empty_table(ddb, table_factory):
    name, _ = table_factory("scan_empty")
    got = ddb.scan(TableName=name)
    assert {k: v for k, v in got.items() if k != "ResponseMetadata"} == {
        "Items": [], "Count": 0, "ScannedCount": 0}
    got = ddb.scan(TableName=name, Select="COUNT", Segment=0, TotalSegments=4)
    assert {k: v for k, v in got.items() if k != "ResponseMetadata"} == {
        "Count": 0, "ScannedCount": 0}


# ---------------------------------------------------------------------------
# pagination
# ---------------------------------------------------------------------------



@pytest.mark.parametrize("limit", [1, 7, 50, 150, 299, 300, 301])
def test_limit_pagination(ddb, filled, limit):
    """Pages follow the order of an unlimited scan; LastEvaluatedKey is present whenever the page
    evaluated Limit items, so an exact multiple ends with an empty page."""
    name, items = filled
    ordered = ddb.scan(TableName=name)["Items"]
    pages = _pages(ddb, TableName=name, Limit=limit)
    expected = expected_pages(ordered, limit)
    assert len(pages) == len(expected)
    for got, exp in zip(pages, expected):
        assert got["Items"] == exp["items"]
        assert got["Count"] == got["ScannedCount"] == exp["scanned"]
        if exp["lek"] is None:
            assert "LastEvaluatedKey" not in got
        else:
            assert got["LastEvaluatedKey"] == {"pk": exp["lek"]["pk"], "sk": exp["lek"]["sk"]}
    assert _assert_unique(_items(pages)) == set(_by_key(items))


@pytest.mark.parametrize("limit", [4, 13, 100])
@pytest.mark.parametrize("fexpr,values,pred", FILTERS[:3] + FILTERS[5:],
                         ids=[f[0] for f in FILTERS[:3] + FILTERS[5:]])
def test_limit_pagination_with_filter(ddb, filled, fexpr, values, pred, limit):
    """Limit caps the items evaluated before the filter."""
    name, items = filled
    ordered = ddb.scan(TableName=name)["Items"]
    pages = _pages(ddb, TableName=name, Limit=limit, FilterExpression=fexpr,
                   ExpressionAttributeValues=values)
    expected = expected_pages(ordered, limit, pred)
    assert [(p["Count"], p["ScannedCount"]) for p in pages] == [
        (len(e["items"]), e["scanned"]) for e in expected]
    for got, exp in zip(pages, expected):
        assert got["Items"] == exp["items"]
        if exp["lek"] is not None:
            assert got["LastEvaluatedKey"] == {"pk": exp["lek"]["pk"], "sk": exp["lek"]["sk"]}
    assert _by_key(_items(pages)) == _by_key([it for it in items if pred(it)])


def test_exclusive_start_key_of_missing_item(ddb, filled):
    """A start key that names no item continues from its position in scan order."""
    name, items = filled
    ordered = ddb.scan(TableName=name)["Items"]
    i = 57
    start = {"pk": ordered[i]["pk"], "sk": {"S": ordered[i]["sk"]["S"] + "a"}}
    got = ddb.scan(TableName=name, ExclusiveStartKey=start, Limit=5)
    assert got["Items"] == ordered[i + 1:i + 6]


# ---------------------------------------------------------------------------
# parallel scan
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("total", [1, 4, 16])
@pytest.mark.parametrize("limit", [None, 9])
def test_parallel_scan_segments_partition_the_table(ddb, filled, total, limit):
    name, items = filled
    per_segment = []
    for segment in range(total):
        kw = {"Limit": limit} if limit else {}
        pages = _pages(ddb, TableName=name, Segment=segment, TotalSegments=total, **kw)
        seg_items = _items(pages)
        assert sum(p["ScannedCount"] for p in pages) == len(seg_items)
        per_segment.append(_assert_unique(seg_items))
    union = set().union(*per_segment)
    assert sum(len(s) for s in per_segment) == len(union), "segments overlap"
    assert union == set(_by_key(items))
    # all items of a partition are in the same segment
    owner = {}
    for segment, keys in enumerate(per_segment):
        for pk, sk in keys:
            assert owner.setdefault(pk, segment) == segment
    if total == 16:
        assert sum(1 for s in per_segment if s) > 1


def test_parallel_scan_with_filter_and_count(ddb, filled):
    name, items = filled
    total = 4
    count = 0
    scanned = 0
    for segment in range(total):
        for page in _pages(ddb, TableName=name, Segment=segment, TotalSegments=total,
                           Select="COUNT", FilterExpression="tag = :t",
                           ExpressionAttributeValues={":t": {"S": "even"}}):
            count += page["Count"]
            scanned += page["ScannedCount"]
    assert (count, scanned) == (150, 300)


def test_parallel_scan_is_repeatable(ddb, filled):
    name, _ = filled
    first = ddb.scan(TableName=name, Segment=3, TotalSegments=16)["Items"]
    assert ddb.scan(TableName=name, Segment=3, TotalSegments=16)["Items"] == first


def test_total_segments_bounds_accepted(ddb, filled):
    name, _ = filled
    got = ddb.scan(TableName=name, Segment=999999, TotalSegments=1000000, Select="COUNT")
    assert got["Count"] == got["ScannedCount"]
    got = ddb.scan(TableName=name, Segment=0, TotalSegments=1)
    assert got["Count"] == 300


# ---------------------------------------------------------------------------
# 1 MB page limit across partitions
# ---------------------------------------------------------------------------

BIG = 100000
BIG_N = 15


@pytest.fixture(scope="module")
def big_table(ddb, module_table):
    name = module_table(hash_schema(), "scan_big")
    items = [{"pk": {"S": "big%02d" % i}, "payload": {"S": chr(97 + i) * BIG}} for i in range(BIG_N)]
    _put_all(ddb, name, items)
    return name, items


def test_one_megabyte_page_across_partitions(ddb, big_table):
    """Each item is ~100 KB: the first page stops after the 11th item, which takes it past 1 MB."""
    name, items = big_table
    pages = _pages(ddb, TableName=name)
    assert [(p["Count"], p["ScannedCount"]) for p in pages] == [(11, 11), (4, 4)]
    assert pages[0]["LastEvaluatedKey"] == {"pk": pages[0]["Items"][-1]["pk"]}
    assert _assert_unique(_items(pages), ("pk",)) == {(it["pk"]["S"],) for it in items}
    # the limit is on data read, not returned
    for kw in (dict(Select="COUNT"), dict(ProjectionExpression="pk")):
        got = ddb.scan(TableName=name, **kw)
        assert (got["Count"], got["ScannedCount"]) == (11, 11)
        assert got["LastEvaluatedKey"] == pages[0]["LastEvaluatedKey"]


def test_one_megabyte_limit_applies_before_filter(ddb, big_table):
    """As documented (SRC_DOC_1MB); Local's Scan does this too, unlike its Query."""
    name, items = big_table
    got = ddb.scan(TableName=name, FilterExpression="payload = :z",
                   ExpressionAttributeValues={":z": {"S": "nope"}})
    assert (got["Count"], got["ScannedCount"]) == (0, 11)
    assert "LastEvaluatedKey" in got


# ---------------------------------------------------------------------------
# pagination while items are being written
# ---------------------------------------------------------------------------

def test_pagination_during_concurrent_writes(ddb, table_factory):
    """Items that existed before the scan and were not deleted are seen exactly once, however
    the table changes between and during pages; no item is ever returned twice."""
    name, _ = table_factory("scan_conc")
    pre = [{"pk": {"S": "pre%03d" % i}, "v": {"N": "0"}} for i in range(200)]
    _put_all(ddb, name, pre)
    stop = threading.Event()
    errors = []

    def writer():
        i = 0
        try:
            while not stop.is_set():
                ddb.put_item(TableName=name, Item={"pk": {"S": "new%05d" % i}, "v": {"N": "1"}})
                ddb.update_item(TableName=name, Key={"pk": {"S": "pre%03d" % (i % 200)}},
                                UpdateExpression="SET v = v + :one, w = :w",
                                ExpressionAttributeValues={":one": {"N": "1"},
                                                           ":w": {"S": "x" * (i % 50)}})
                if i % 3 == 0:
                    ddb.delete_item(TableName=name, Key={"pk": {"S": "new%05d" % (i // 2)}})
                i += 1
        except Exception as e:  # surfaced below
            errors.append(e)

    thread = threading.Thread(target=writer)
    thread.start()
    seen = []
    try:
        start = None
        page_no = 0
        while True:
            kw = {"ExclusiveStartKey": start} if start else {}
            resp = ddb.scan(TableName=name, Limit=15, **kw)
            seen.extend(it["pk"]["S"] for it in resp["Items"])
            # deterministic writes between pages too
            ddb.put_item(TableName=name, Item={"pk": {"S": "mid%03d" % page_no}})
            ddb.put_item(TableName=name, Item={"pk": {"S": "pre%03d" % (page_no * 7 % 200)},
                                               "v": {"N": "-1"}})
            page_no += 1
            start = resp.get("LastEvaluatedKey")
            if start is None:
                break
            assert page_no < 1000
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not errors, errors
    assert len(seen) == len(set(seen)), "an item was returned twice"
    assert {"pre%03d" % i for i in range(200)} <= set(seen)


# ---------------------------------------------------------------------------
# validation messages
# ---------------------------------------------------------------------------

SAME = [
    ("total_segments_too_large", dict(Segment=0, TotalSegments=1000001),
     "1 validation error detected: Value '1000001' at 'totalSegments' failed to satisfy constraint: "
     "Member must have value less than or equal to 1000000"),
    ("filter_and_scan_filter",
     dict(ScanFilter={"x": _cond("EQ", {"S": "a"})}, FilterExpression="x = :v",
          ExpressionAttributeValues={":v": {"S": "a"}}), MIXING % ("ScanFilter", "FilterExpression")),
    ("attributes_to_get_and_projection", dict(AttributesToGet=["x"], ProjectionExpression="x"),
     MIXING % ("AttributesToGet", "ProjectionExpression")),
    ("conditional_operator_and_filter_expression",
     dict(ConditionalOperator="AND", FilterExpression="attribute_exists(x)"),
     MIXING % ("ConditionalOperator", "FilterExpression")),
    ("values_without_expressions", dict(ExpressionAttributeValues={":v": {"S": "a"}}),
     "ExpressionAttributeValues can only be specified when using expressions: FilterExpression is "
     "null"),
    ("names_without_expressions", dict(ExpressionAttributeNames={"#a": "x"}),
     "ExpressionAttributeNames can only be specified when using expressions"),
    ("unused_value", dict(FilterExpression="x = :v",
                          ExpressionAttributeValues={":v": {"S": "a"}, ":u": {"S": "a"}}),
     "Value provided in ExpressionAttributeValues unused in expressions: keys: {:u}"),
    ("filter_syntax", dict(FilterExpression="x ="),
     'Invalid FilterExpression: Syntax error; token: "<EOF>", near: "="'),
    ("count_with_projection", dict(Select="COUNT", ProjectionExpression="x"),
     "Cannot specify the ProjectionExpression when choosing to get only the Count"),
    ("count_with_attributes_to_get", dict(Select="COUNT", AttributesToGet=["x"]),
     "Cannot specify the AttributesToGet when choosing to get only the Count"),
    ("all_with_attributes_to_get", dict(Select="ALL_ATTRIBUTES", AttributesToGet=["x"]),
     "Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES"),
    ("all_with_projection", dict(Select="ALL_ATTRIBUTES", ProjectionExpression="x"),
     "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES"),
    ("specific_without_attributes", dict(Select="SPECIFIC_ATTRIBUTES"),
     "Must specify the AttributesToGet or ProjectionExpression when choosing to get "
     "SPECIFIC_ATTRIBUTES"),
    ("all_projected_without_index", dict(Select="ALL_PROJECTED_ATTRIBUTES"),
     "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"),
    ("missing_index", dict(IndexName="nope"), "The table does not have the specified index: nope"),
    ("scan_filter_argument_count", dict(ScanFilter={"x": _cond("EQ")}),
     "One or more parameter values were invalid: Invalid number of argument(s) for the EQ "
     "ComparisonOperator"),
    ("scan_filter_in_without_arguments",
     dict(ScanFilter={"x": {"ComparisonOperator": "IN", "AttributeValueList": []}}),
     "One or more parameter values were invalid: Invalid number of argument(s) for the IN "
     "ComparisonOperator"),
    ("scan_filter_null_with_argument", dict(ScanFilter={"x": _cond("NULL", {"S": "a"})}),
     "One or more parameter values were invalid: Invalid number of argument(s) for the NULL "
     "ComparisonOperator"),
    ("scan_filter_begins_with_number", dict(ScanFilter={"x": _cond("BEGINS_WITH", {"N": "1"})}),
     "One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for N "
     "AttributeValue type"),
    ("scan_filter_lt_set", dict(ScanFilter={"x": _cond("LT", {"SS": ["a"]})}),
     "One or more parameter values were invalid: ComparisonOperator LT is not valid for SS "
     "AttributeValue type"),
    ("conditional_operator_without_filter", dict(ConditionalOperator="AND"),
     "ConditionalOperator cannot be used without Filter or Expected"),
    ("conditional_operator_one_filter",
     dict(ConditionalOperator="OR", ScanFilter={"x": _cond("EQ", {"S": "a"})}),
     "ConditionalOperator can only be used when Filter or Expected has two or more elements"),
    ("start_key_wrong_names", dict(ExclusiveStartKey={"a": {"S": "a"}, "b": {"S": "b"}}),
     "The provided starting key is invalid"),
    # precedence
    ("order_mixing_before_segment",
     dict(Segment=0, ScanFilter={"x": _cond("NULL")}, FilterExpression="attribute_exists(x)"),
     MIXING % ("ScanFilter", "FilterExpression")),
    ("order_filter_syntax_before_segment", dict(Segment=3, TotalSegments=2, FilterExpression="x ="),
     'Invalid FilterExpression: Syntax error; token: "<EOF>", near: "="'),
    ("order_index_before_segment", dict(IndexName="nope", Segment=3, TotalSegments=2),
     "The table does not have the specified index: nope"),
]


@pytest.fixture(scope="module")
def range_scan_table(filled):
    return filled[0]


@pytest.mark.parametrize("request_,message", [s[1:] for s in SAME], ids=[s[0] for s in SAME])
def test_validation_message(ddb, range_scan_table, request_, message):
    expect_error(lambda: ddb.scan(TableName=range_scan_table, **request_), "ValidationException",
                 message)


DIFFERS = [
    ("segment_without_total", dict(Segment=0),
     "The TotalSegments parameter is required but was not present in the request when Segment "
     "parameter is present", SRC_CF + "; " + SRC_DT),
    ("total_without_segment", dict(TotalSegments=4),
     "The Segment parameter is required but was not present in the request when parameter "
     "TotalSegments is present", SRC_CF + "; " + SRC_DT),
    ("segment_equals_total", dict(Segment=5, TotalSegments=5),
     "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 5 "
     "is not less than TotalSegments: 5", SRC_CF + "; " + SRC_DT),
    ("segment_above_total", dict(Segment=7, TotalSegments=2),
     "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 7 "
     "is not less than TotalSegments: 2", SRC_DT),
    ("segment_negative", dict(Segment=-1, TotalSegments=4),
     "1 validation error detected: Value '-1' at 'segment' failed to satisfy constraint: Member must "
     "have value greater than or equal to 0", SRC_CF_ORDER + "; " + SRC_DT + " (Segment >= 0)"),
    ("limit_zero", dict(Limit=0),
     "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must "
     "have value greater than or equal to 1", SRC_CF),
    ("select_invalid", dict(Select="BOGUS"),
     "1 validation error detected: Value 'BOGUS' at 'select' failed to satisfy constraint: Member "
     "must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, "
     "ALL_PROJECTED_ATTRIBUTES]", "nubo-db/dynamodb-conformance tests/tier3/error-messages/"
     "query.test.ts (run against AWS; same Coral enum for Scan)"),
    ("attributes_to_get_duplicates", dict(AttributesToGet=["x", "x"]),
     "One or more parameter values were invalid: Duplicate value in attribute name: x",
     "mhart/dynalite validations/scan.js and test/scan.js (run against AWS)"),
    ("start_key_missing_sort_key", dict(ExclusiveStartKey={"pk": {"S": "a"}}),
     "The provided starting key is invalid", "mhart/dynalite test/query.js 'ExclusiveStartKey "
     "missing range key' (run against AWS; Scan shares the check)"),
]


@pytest.mark.parametrize("request_,aws_message", [d[1:3] for d in DIFFERS], ids=[d[0] for d in DIFFERS])
def test_validation_code(ddb, range_scan_table, request_, aws_message):
    """The code is the same on Local and AWS; the AWS text is checked below."""
    expect_error(lambda: ddb.scan(TableName=range_scan_table, **request_), "ValidationException")


@pytest.mark.parametrize("request_,aws_message", local_differs_params(DIFFERS))
def test_validation_message_aws(ddb, range_scan_table, request_, aws_message):
    expect_error(lambda: ddb.scan(TableName=range_scan_table, **request_), "ValidationException",
                 aws_message)


def test_start_key_extra_attribute_code(ddb, range_scan_table, hash_table):
    expect_error(lambda: ddb.scan(TableName=range_scan_table, ExclusiveStartKey={
        "pk": {"S": "a"}, "sk": {"S": "b"}, "x": {"S": "c"}}), "ValidationException")
    expect_error(lambda: ddb.scan(TableName=hash_table, ExclusiveStartKey={
        "pk": {"S": "a"}, "sk": {"S": "b"}}), "ValidationException")


def test_missing_table(ddb):
    expect_error(lambda: ddb.scan(TableName="ddbconf_missing_s"), "ResourceNotFoundException")


@pytest.mark.local_differs("Local: 'Cannot do operations on a non-existent table'; AWS: "
                           "'Requested resource not found' -- " + SRC_CF)
def test_missing_table_message(ddb):
    expect_error(lambda: ddb.scan(TableName="ddbconf_missing_s"), "ResourceNotFoundException",
                 "Requested resource not found")


@pytest.mark.parametrize("member,operation", [("ScanFilter", "Scan"), ("QueryFilter", "Query")])
def test_unknown_legacy_comparison_operator_is_a_validation_error(raw, hash_table, member, operation):
    # Regression: an unknown operator in a legacy filter once crashed ddbemu. AWS rejects it in the
    # request validator (an enum constraint, per mhart/dynalite test/scan.js and test/query.js);
    # DynamoDB Local with its own text. Both are ValidationExceptions, which is what is pinned.
    body = {"TableName": hash_table,
            member: {"a": {"ComparisonOperator": "FOO", "AttributeValueList": [{"S": "x"}]}}}
    if operation == "Query":
        body["KeyConditions"] = {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "x"}]}}
    resp = raw(operation, body)
    assert resp.status == 400, resp
    assert resp.json()["__type"].endswith("#ValidationException"), resp
