"""Multi-attribute GSI keys (DynamoDB, November 2025): a GSI KeySchema of up to 4 HASH elements
followed by up to 4 RANGE elements, each attribute with its own type. Base tables and LSIs keep one
HASH and at most one RANGE element.

Rules (sources in docs/index-messages.md §8, "Multi-attribute GSI keys"):
  * an item is indexed only if it has every key attribute of the index (sparse otherwise);
  * Query needs an equality condition on every HASH attribute;
  * RANGE attributes are constrained left to right without gaps; only the last constrained one may
    use <, <=, >, >=, BETWEEN or begins_with; the others need equality;
  * results are ordered by the RANGE attributes in KeySchema order, each by its own type;
  * a FilterExpression may not name any key attribute of the queried index.

DynamoDB Local 1.25.1 predates the feature and rejects such key schemas, so every test that needs
one carries local_differs. Where AWS's exact message is not known from an AWS source, the test pins
only the error code (and the fragments a source confirms); the doc lists those cases as UNVERIFIED.
GSI reads are eventually consistent, so index reads poll with a deadline.
"""

import time

import pytest

from helpers import expect_error, hash_schema, rand_key, unique_name, wait_active, delete_quietly

INDEX_TIMEOUT = 1800
READ_TIMEOUT = 30

SRC_DOC = ("AWS developer guide GSI.html#GSI.MultiAttributeKeys and "
           "GSI.DesignPattern.MultiAttributeKeys.html; botocore 1.43 "
           "CreateGlobalSecondaryIndexAction.KeySchema ('up to 4 partition and up to 4 sort keys')")
SRC_LAB = ("ack-api-quirks DynamoDB lab, table-indexes.md DDB-TABLE-123/389/417 and the "
           "DDB-TABLE-442 message catalogue (live us-east-1/us-west-2, 2026-10)")
SRC_MOTO = "getmoto/moto tests/test_dynamodb multi-attribute GSI tests marked aws_verified"
SRC_SCYLLA = "scylladb test/alternator/test_gsi_composite_keys.py (run against AWS)"
LOCAL = "DynamoDB Local 1.25.1 predates multi-attribute keys and rejects such a KeySchema -- "


def differs(what, *sources):
    return pytest.mark.local_differs(LOCAL + what + " -- " + "; ".join(sources))


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

def ks(hashes, ranges=()):
    return ([{"AttributeName": a, "KeyType": "HASH"} for a in hashes]
            + [{"AttributeName": a, "KeyType": "RANGE"} for a in ranges])


def defs(*pairs):
    return [{"AttributeName": n, "AttributeType": t} for n, t in pairs]


def gsi(name, key_schema, projection="ALL"):
    return {"IndexName": name, "KeySchema": key_schema,
            "Projection": {"ProjectionType": projection}}


def create_gsi_table(ddb, table_factory, indexes, attrs, tag="mak"):
    schema = hash_schema()
    schema["AttributeDefinitions"] = defs(("pk", "S"), *attrs)
    schema["GlobalSecondaryIndexes"] = indexes
    name, resp = table_factory(tag, schema=schema)
    wait_active(ddb, name, timeout=INDEX_TIMEOUT)
    return name, resp


def _poll(fn, timeout, what):
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out after %ss waiting for %s" % (timeout, what))
        time.sleep(0.25)


def query_all(ddb, table, index, **kw):
    items, extra = [], {}
    while True:
        resp = ddb.query(TableName=table, IndexName=index, **kw, **extra)
        items.extend(resp["Items"])
        if "LastEvaluatedKey" not in resp:
            return items
        extra["ExclusiveStartKey"] = resp["LastEvaluatedKey"]


def eventually(fetch, expected, what):
    """Polls fetch() until it returns `expected` (GSI reads are eventually consistent)."""
    last = []

    def check():
        last[:] = [fetch()]
        return last[0] == expected
    try:
        _poll(check, READ_TIMEOUT, what)
    except AssertionError:
        raise AssertionError("%s: got %r, expected %r" % (what, last[0], expected))


def pks(items):
    return [it["pk"]["S"] for it in items]


def S(v):
    return {"S": v}


def N(v):
    return {"N": str(v)}


# Index "mak2h2r": HASH h1 (S), h2 (N); RANGE r1 (S), r2 (N).
# Index "mak4h4r": HASH a1 a2 a3 (S) a4 (N); RANGE b1 (N), b2 (S), b3 (B), b4 (S).
ATTRS_2H2R = [("h1", "S"), ("h2", "N"), ("r1", "S"), ("r2", "N")]
ATTRS_4H4R = [("a1", "S"), ("a2", "S"), ("a3", "S"), ("a4", "N"),
              ("b1", "N"), ("b2", "S"), ("b3", "B"), ("b4", "S")]
IDX2 = "mak2h2r"
IDX4 = "mak4h4r"


@pytest.fixture(scope="module")
def mak_table(ddb):
    """One PAY_PER_REQUEST table (pk S) with both multi-attribute GSIs; deleted after the module."""
    name = unique_name("mak")
    schema = hash_schema()
    schema["AttributeDefinitions"] = defs(("pk", "S"), *(ATTRS_2H2R + ATTRS_4H4R))
    schema["GlobalSecondaryIndexes"] = [
        gsi(IDX2, ks(["h1", "h2"], ["r1", "r2"])),
        gsi(IDX4, ks(["a1", "a2", "a3", "a4"], ["b1", "b2", "b3", "b4"]))]
    try:
        ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST", **schema)
        wait_active(ddb, name, timeout=INDEX_TIMEOUT)
        yield name
    finally:
        delete_quietly(ddb, name)


def put(ddb, table, **attrs):
    item = {"pk": S(rand_key())}
    item.update(attrs)
    ddb.put_item(TableName=table, Item=item)
    return item


def q2(ddb, table, cond, values, **kw):
    return lambda: query_all(ddb, table, IDX2, KeyConditionExpression=cond,
                             ExpressionAttributeValues=values, **kw)


# ---------------------------------------------------------------------------
# CreateTable / DescribeTable
# ---------------------------------------------------------------------------

@differs("4 HASH + 4 RANGE accepted and echoed in order", SRC_DOC, SRC_LAB, SRC_SCYLLA)
def test_describe_echoes_key_schema_in_order(ddb, mak_table):
    t = ddb.describe_table(TableName=mak_table)["Table"]
    by_name = {g["IndexName"]: g for g in t["GlobalSecondaryIndexes"]}
    assert by_name[IDX2]["KeySchema"] == ks(["h1", "h2"], ["r1", "r2"])
    assert by_name[IDX4]["KeySchema"] == ks(["a1", "a2", "a3", "a4"], ["b1", "b2", "b3", "b4"])
    assert all(g["IndexStatus"] == "ACTIVE" for g in by_name.values())
    got = {d["AttributeName"]: d["AttributeType"] for d in t["AttributeDefinitions"]}
    assert got == dict([("pk", "S")] + ATTRS_2H2R + ATTRS_4H4R)


@differs("two HASH attributes and no RANGE accepted", SRC_DOC, SRC_LAB, SRC_SCYLLA)
def test_create_two_hash_no_range(ddb, table_factory):
    name, _ = create_gsi_table(ddb, table_factory, [gsi("gsi2h", ks(["x", "y"]))],
                               [("x", "S"), ("y", "B")])
    g = ddb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"][0]
    assert g["KeySchema"] == ks(["x", "y"])


KS_REJECTED = [
    ("five-hash", ks(["k1", "k2", "k3", "k4", "k5"]),
     "One or more parameter values were invalid: The KeySchema exceeds the maximum allowed number "
     "of HASH key attributes"),
    ("five-range", ks(["k1"], ["k2", "k3", "k4", "k5", "k6"]),
     "One or more parameter values were invalid: The KeySchema exceeds the maximum allowed number "
     "of RANGE key attributes"),
    ("hash-after-range", ks(["k1"], ["k2"]) + ks(["k3"]),
     "One or more parameter values were invalid: All HASH key attributes must precede RANGE key "
     "attributes in the KeySchema"),
    ("range-first", ks([], ["k1"]) + ks(["k2"]),
     "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
    ("range-only", ks([], ["k1", "k2"]),
     "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
    ("duplicate-hash", ks(["k1", "k1"]),
     "The KeySchema contains multiple key attributes with the same name"),
    # the lab names no case with one attribute both HASH and RANGE: code only
    ("same-as-hash-and-range", ks(["k1", "k2"], ["k1"]), None),
]


def _create_with_gsi_keys(ddb, table_factory, key_schema):
    used = sorted({e["AttributeName"] for e in key_schema})
    schema = hash_schema()
    schema["AttributeDefinitions"] = defs(("pk", "S"), *[(a, "S") for a in used])
    schema["GlobalSecondaryIndexes"] = [gsi("badgsi", key_schema)]
    return lambda: table_factory("makbad", schema=schema, wait=False)


@pytest.mark.parametrize("key_schema", [r[1] for r in KS_REJECTED], ids=[r[0] for r in KS_REJECTED])
def test_invalid_gsi_key_schema_code(ddb, table_factory, key_schema):
    expect_error(_create_with_gsi_keys(ddb, table_factory, key_schema), "ValidationException")


@pytest.mark.parametrize("key_schema,message", [r[1:] for r in KS_REJECTED if r[2]],
                         ids=[r[0] for r in KS_REJECTED if r[2]])
@differs("other texts ('Key Schema too big...', 'Too many hash keys specified...', "
         "'Invalid key order...')", SRC_LAB + " (DDB-TABLE-123, DDB-TABLE-124 for the "
         "first-element rule)")
def test_invalid_gsi_key_schema_message(ddb, table_factory, key_schema, message):
    expect_error(_create_with_gsi_keys(ddb, table_factory, key_schema), "ValidationException",
                 message)


@differs("missing definition", SRC_SCYLLA + " test_gsi_composite_missing_attribute_definition "
         "(ValidationException naming AttributeDefinitions; exact AWS text UNVERIFIED)")
def test_key_attribute_without_definition(ddb, table_factory):
    schema = hash_schema()
    schema["AttributeDefinitions"] = defs(("pk", "S"), ("x", "S"))
    schema["GlobalSecondaryIndexes"] = [gsi("gsixy", ks(["x", "y"]))]
    resp = expect_error(lambda: table_factory("makdef", schema=schema, wait=False),
                        "ValidationException")
    assert "AttributeDefinitions" in resp["Error"]["Message"], resp


def test_table_key_schema_stays_at_two(ddb, table_factory):
    schema = dict(KeySchema=ks(["pk"], ["r1", "r2"]),
                  AttributeDefinitions=defs(("pk", "S"), ("r1", "S"), ("r2", "S")))
    # AWS: the Coral length constraint on 'keySchema' ('Member must have length less than or equal
    # to 2'); its full text is pinned by test_create_table.py::test_too_many_key_schema_elements.
    expect_error(lambda: table_factory("maktbl", schema=schema, wait=False), "ValidationException")


@differs("'Key Schema too big...'", SRC_LAB + " DDB-TABLE-123 ('Member must have length less than "
         "or equal to 2'; full Coral text derived from the table-key case)")
def test_lsi_key_schema_stays_at_two(ddb, table_factory):
    schema = dict(KeySchema=ks(["pk"], ["sk"]),
                  AttributeDefinitions=defs(("pk", "S"), ("sk", "S"), ("l1", "S"), ("l2", "S")),
                  LocalSecondaryIndexes=[gsi("lsi12", ks(["pk"], ["l1", "l2"]))])
    expect_error(lambda: table_factory("maklsi", schema=schema, wait=False),
                 "ValidationException",
                 "1 validation error detected: Value '[KeySchemaElement(attributeName=pk, "
                 "keyType=HASH), KeySchemaElement(attributeName=l1, keyType=RANGE), "
                 "KeySchemaElement(attributeName=l2, keyType=RANGE)]' at "
                 "'localSecondaryIndexes.1.member.keySchema' failed to satisfy constraint: "
                 "Member must have length less than or equal to 2")


def test_lsi_key_schema_stays_at_two_code(ddb, table_factory):
    schema = dict(KeySchema=ks(["pk"], ["sk"]),
                  AttributeDefinitions=defs(("pk", "S"), ("sk", "S"), ("l1", "S"), ("l2", "S")),
                  LocalSecondaryIndexes=[gsi("lsi12", ks(["pk"], ["l1", "l2"]))])
    resp = expect_error(lambda: table_factory("maklsi", schema=schema, wait=False),
                        "ValidationException")
    assert resp["Error"]["Message"]


# ---------------------------------------------------------------------------
# UpdateTable Create with a multi-attribute key
# ---------------------------------------------------------------------------

def _wait_gsi_active(ddb, table, index):
    def check():
        t = ddb.describe_table(TableName=table)["Table"]
        g = [x for x in t.get("GlobalSecondaryIndexes", []) if x["IndexName"] == index]
        return t["TableStatus"] == "ACTIVE" and g and g[0]["IndexStatus"] == "ACTIVE"
    deadline = time.monotonic() + INDEX_TIMEOUT
    while not check():
        assert time.monotonic() < deadline, "index %s not ACTIVE" % index
        time.sleep(1)


@differs("UpdateTable Create with 2 HASH + 1 RANGE, backfilled",
         SRC_LAB + " DDB-TABLE-417", SRC_SCYLLA + " test_gsi_composite_updatetable_backfill")
def test_update_table_creates_and_backfills(ddb, table):
    full = [put(ddb, table, x=S("X"), y=N(1), z=S("z%d" % i)) for i in range(3)]
    put(ddb, table, x=S("X"), y=N(1))                     # no z: not indexed
    put(ddb, table, x=S("X"), z=S("z9"))                  # no y: not indexed
    ddb.update_table(TableName=table, AttributeDefinitions=defs(("x", "S"), ("y", "N"), ("z", "S")),
                     GlobalSecondaryIndexUpdates=[{"Create": gsi("gsixyz", ks(["x", "y"], ["z"]))}])
    _wait_gsi_active(ddb, table, "gsixyz")
    g = [x for x in ddb.describe_table(TableName=table)["Table"]["GlobalSecondaryIndexes"]
         if x["IndexName"] == "gsixyz"][0]
    assert g["KeySchema"] == ks(["x", "y"], ["z"])
    eventually(lambda: pks(query_all(ddb, table, "gsixyz",
                                     KeyConditionExpression="x = :x AND y = :y",
                                     ExpressionAttributeValues={":x": S("X"), ":y": N(1)})),
               pks(full), "backfilled items in z order")


@differs("UpdateTable Create with 5 HASH", SRC_LAB + " (catalogue: CreateTable and UpdateTable)")
def test_update_table_create_five_hash(ddb, table):
    names = ["u%d" % i for i in range(5)]
    expect_error(lambda: ddb.update_table(
        TableName=table, AttributeDefinitions=defs(*[(n, "S") for n in names]),
        GlobalSecondaryIndexUpdates=[{"Create": gsi("gsi5h", ks(names))}]),
        "ValidationException",
        "One or more parameter values were invalid: The KeySchema exceeds the maximum allowed number "
        "of HASH key attributes")


# ---------------------------------------------------------------------------
# Writes: sparse index, per-attribute types
# ---------------------------------------------------------------------------

@differs("items missing any key attribute are not indexed", SRC_DOC,
         SRC_MOTO + " test_items_missing_range_key_excluded", SRC_SCYLLA)
def test_item_missing_any_key_attribute_not_indexed(ddb, mak_table):
    h1 = rand_key()
    complete = put(ddb, mak_table, h1=S(h1), h2=N(1), r1=S("a"), r2=N(1))
    put(ddb, mak_table, h1=S(h1), h2=N(1), r1=S("b"))             # no r2
    put(ddb, mak_table, h1=S(h1), h2=N(1), r2=N(2))               # no r1
    put(ddb, mak_table, h1=S(h1), r1=S("c"), r2=N(3))             # no h2
    eventually(q2(ddb, mak_table, "h1 = :a AND h2 = :b", {":a": S(h1), ":b": N(1)}),
               [complete], "only the complete item")


@differs("an update adding/removing a key attribute moves the item in/out of the index",
         SRC_DOC, SRC_SCYLLA + " test_gsi_composite_sparse_update_attr")
def test_update_item_moves_item_in_and_out(ddb, mak_table):
    h1 = rand_key()
    item = put(ddb, mak_table, h1=S(h1), h2=N(5), r1=S("a"))
    fetch = q2(ddb, mak_table, "h1 = :a AND h2 = :b", {":a": S(h1), ":b": N(5)})
    ddb.update_item(TableName=mak_table, Key={"pk": item["pk"]}, UpdateExpression="SET r2 = :v",
                    ExpressionAttributeValues={":v": N(9)})
    eventually(lambda: pks(fetch()), [item["pk"]["S"]], "item indexed after SET r2")
    ddb.update_item(TableName=mak_table, Key={"pk": item["pk"]}, UpdateExpression="REMOVE h2")
    eventually(lambda: pks(fetch()), [], "item gone after REMOVE h2")


@differs("wrong type for one key attribute", SRC_SCYLLA + " test_gsi_composite_wrong_type_key_attr "
         "('mismatch'; exact AWS text UNVERIFIED)")
@pytest.mark.parametrize("attrs", [
    {"h1": S("x"), "h2": S("not-a-number"), "r1": S("a"), "r2": N(1)},
    {"h1": S("x"), "h2": N(1), "r1": N(3), "r2": N(1)},
], ids=["hash-attr", "range-attr"])
def test_wrong_type_for_key_attribute(ddb, mak_table, attrs):
    item = dict(attrs, pk=S(rand_key()))
    resp = expect_error(lambda: ddb.put_item(TableName=mak_table, Item=item),
                        "ValidationException")
    assert "mismatch" in resp["Error"]["Message"], resp


@differs("empty string for one key attribute", SRC_SCYLLA + " test_gsi_composite_empty_string_key_"
         "attr ('empty'; exact AWS text UNVERIFIED)")
def test_empty_string_key_attribute(ddb, mak_table):
    item = {"pk": S(rand_key()), "h1": S(""), "h2": N(1), "r1": S("a"), "r2": N(1)}
    resp = expect_error(lambda: ddb.put_item(TableName=mak_table, Item=item),
                        "ValidationException")
    assert "empty" in resp["Error"]["Message"], resp


# ---------------------------------------------------------------------------
# Query: partition-key attributes
# ---------------------------------------------------------------------------

@differs("equality on every HASH attribute selects one index partition", SRC_DOC, SRC_SCYLLA)
def test_query_all_hash_attributes(ddb, mak_table):
    h1 = rand_key()
    mine = [put(ddb, mak_table, h1=S(h1), h2=N(1), r1=S("r%d" % i), r2=N(i)) for i in range(3)]
    put(ddb, mak_table, h1=S(h1), h2=N(2), r1=S("r0"), r2=N(0))    # other h2
    eventually(lambda: pks(q2(ddb, mak_table, "h1 = :a AND h2 = :b",
                              {":a": S(h1), ":b": N(1)})()),
               pks(mine), "the h2 = 1 partition")


@differs("all four HASH attributes and all four RANGE attributes with equality",
         SRC_DOC, SRC_SCYLLA + " test_gsi_composite_query_sk_all_eq")
def test_query_four_by_four_equality(ddb, mak_table):
    a = rand_key()
    item = put(ddb, mak_table, a1=S(a), a2=S("b"), a3=S("c"), a4=N(4),
               b1=N(10), b2=S("hello"), b3={"B": b"\x01\x02"}, b4=S("world"))
    put(ddb, mak_table, a1=S(a), a2=S("b"), a3=S("c"), a4=N(4),
        b1=N(10), b2=S("hello"), b3={"B": b"\x01\x03"}, b4=S("world"))
    values = {":a1": S(a), ":a2": S("b"), ":a3": S("c"), ":a4": N(4),
              ":b1": N(10), ":b2": S("hello"), ":b3": {"B": b"\x01\x02"}, ":b4": S("world")}
    cond = ("a1 = :a1 AND a2 = :a2 AND a3 = :a3 AND a4 = :a4 AND b1 = :b1 AND b2 = :b2 "
            "AND b3 = :b3 AND b4 = :b4")
    eventually(lambda: pks(query_all(ddb, mak_table, IDX4, KeyConditionExpression=cond,
                                     ExpressionAttributeValues=values)),
               [item["pk"]["S"]], "the one fully matching item")


@differs("query without every HASH attribute", SRC_DOC, SRC_SCYLLA
         + " test_gsi_composite_query_missing_one_pk (code; exact AWS text UNVERIFIED)")
@pytest.mark.parametrize("cond,values", [
    ("h1 = :a", {":a": S("x")}),
    ("h2 = :b", {":b": N(1)}),
    ("h1 = :a AND r1 = :c", {":a": S("x"), ":c": S("r")}),
], ids=["only-first", "only-second", "first-and-range"])
def test_query_missing_hash_attribute(ddb, mak_table, cond, values):
    expect_error(q2(ddb, mak_table, cond, values), "ValidationException")


@differs("non-equality on a HASH attribute", SRC_DOC, SRC_SCYLLA
         + " test_gsi_composite_query_pk_inequality/between/begins_with (code; exact AWS text "
         "UNVERIFIED)")
@pytest.mark.parametrize("cond,values", [
    ("h1 = :a AND h2 > :b", {":a": S("x"), ":b": N(1)}),
    ("h1 = :a AND h2 BETWEEN :b AND :c", {":a": S("x"), ":b": N(1), ":c": N(2)}),
    ("begins_with(h1, :a) AND h2 = :b", {":a": S("x"), ":b": N(1)}),
], ids=["gt", "between", "begins_with"])
def test_query_hash_attribute_needs_equality(ddb, mak_table, cond, values):
    expect_error(q2(ddb, mak_table, cond, values), "ValidationException")


# ---------------------------------------------------------------------------
# Query: sort-key attributes, left to right
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ranged(ddb, mak_table):
    """Items of one (h1, h2) partition: r1 in {A, B}, r2 numbers. Returns (h1, {(r1, r2): pk})."""
    h1 = rand_key()
    rows = [("A", 100), ("A", 20), ("A", 3), ("B", 15), ("AB", 1)]
    out = {}
    for r1, r2 in rows:
        out[(r1, r2)] = put(ddb, mak_table, h1=S(h1), h2=N(7), r1=S(r1), r2=N(r2))["pk"]["S"]
    return h1, out


def _rq(ddb, mak_table, h1, extra_cond="", values=None, **kw):
    vals = {":a": S(h1), ":b": N(7)}
    vals.update(values or {})
    return q2(ddb, mak_table, "h1 = :a AND h2 = :b" + extra_cond, vals, **kw)


@differs("results ordered by r1 then r2 (numeric), reversed with ScanIndexForward=false",
         SRC_MOTO + " test_sorting_by_composite_key / test_sorting_by_second_range_key_not_pk",
         SRC_SCYLLA + " test_gsi_composite_sort_order_*")
def test_sort_order_is_by_range_attributes_in_order(ddb, mak_table, ranged):
    h1, rows = ranged
    order = [rows[k] for k in [("A", 3), ("A", 20), ("A", 100), ("AB", 1), ("B", 15)]]
    eventually(lambda: pks(_rq(ddb, mak_table, h1)()), order, "ascending (r1, r2) order")
    eventually(lambda: pks(_rq(ddb, mak_table, h1, ScanIndexForward=False)()), order[::-1],
               "descending order")


@differs("equality on a RANGE prefix", SRC_DOC, SRC_MOTO + " test_query_partial_range_equality")
def test_query_first_range_equality(ddb, mak_table, ranged):
    h1, rows = ranged
    eventually(lambda: pks(_rq(ddb, mak_table, h1, " AND r1 = :r", {":r": S("A")})()),
               [rows[("A", 3)], rows[("A", 20)], rows[("A", 100)]], "r1 = A")


@differs("equality on r1 and r2", SRC_DOC, SRC_MOTO + " test_query_full_range_equality")
def test_query_all_range_equality(ddb, mak_table, ranged):
    h1, rows = ranged
    eventually(lambda: pks(_rq(ddb, mak_table, h1, " AND r1 = :r AND r2 = :n",
                               {":r": S("A"), ":n": N(20)})()),
               [rows[("A", 20)]], "r1 = A and r2 = 20")


@differs("an inequality on the last constrained RANGE attribute", SRC_DOC,
         SRC_MOTO + " test_query_partial_range_comparison / test_query_full_range_comparison / "
         "test_query_between_last_key", SRC_SCYLLA)
@pytest.mark.parametrize("cond,values,expected", [
    (" AND r1 > :r", {":r": S("A")}, [("AB", 1), ("B", 15)]),
    (" AND begins_with(r1, :r)", {":r": S("A")}, [("A", 3), ("A", 20), ("A", 100), ("AB", 1)]),
    (" AND r1 = :r AND r2 > :n", {":r": S("A"), ":n": N(3)}, [("A", 20), ("A", 100)]),
    (" AND r1 = :r AND r2 <= :n", {":r": S("A"), ":n": N(20)}, [("A", 3), ("A", 20)]),
    (" AND r1 = :r AND r2 BETWEEN :lo AND :hi", {":r": S("A"), ":lo": N(4), ":hi": N(100)},
     [("A", 20), ("A", 100)]),
], ids=["r1-gt", "r1-begins_with", "r2-gt", "r2-le", "r2-between"])
def test_query_inequality_on_last_range_attribute(ddb, mak_table, ranged, cond, values, expected):
    h1, rows = ranged
    eventually(lambda: pks(_rq(ddb, mak_table, h1, cond, values)()),
               [rows[k] for k in expected], cond)


@differs("skipping the first RANGE attribute", SRC_MOTO + " test_query_error_skip_range_key "
         "(code and the skipped attribute named in the message; exact AWS text UNVERIFIED)",
         SRC_SCYLLA + " test_gsi_composite_query_sk_skip_first_rejected")
def test_query_skipping_range_attribute(ddb, mak_table):
    resp = expect_error(q2(ddb, mak_table, "h1 = :a AND h2 = :b AND r2 > :n",
                           {":a": S("x"), ":b": N(1), ":n": N(1)}), "ValidationException")
    assert "r1" in resp["Error"]["Message"], resp


@differs("a gap among the RANGE attributes", SRC_SCYLLA + " test_gsi_composite_query_sk_gap_"
         "rejected (code; exact AWS text UNVERIFIED)")
def test_query_gap_in_range_attributes(ddb, mak_table):
    cond = "a1 = :a1 AND a2 = :a2 AND a3 = :a3 AND a4 = :a4 AND b1 = :b1 AND b3 = :b3"
    values = {":a1": S("v"), ":a2": S("v"), ":a3": S("v"), ":a4": N(1), ":b1": N(1),
              ":b3": {"B": b"\x00"}}
    expect_error(lambda: ddb.query(TableName=mak_table, IndexName=IDX4,
                                   KeyConditionExpression=cond,
                                   ExpressionAttributeValues=values),
                 "ValidationException")


@differs("a non-equality before the last constrained RANGE attribute",
         SRC_MOTO + " test_query_error_range_on_non_last_in_query (code; exact AWS text "
         "UNVERIFIED)", SRC_SCYLLA)
@pytest.mark.parametrize("cond,values", [
    (" AND r1 > :r AND r2 = :n", {":r": S("A"), ":n": N(1)}),
    (" AND begins_with(r1, :r) AND r2 = :n", {":r": S("A"), ":n": N(1)}),
    (" AND r1 BETWEEN :r AND :s AND r2 > :n", {":r": S("A"), ":s": S("B"), ":n": N(1)}),
], ids=["gt-then-eq", "begins_with-then-eq", "between-then-gt"])
def test_query_inequality_not_last(ddb, mak_table, cond, values):
    vals = {":a": S("x"), ":b": N(1)}
    vals.update(values)
    expect_error(q2(ddb, mak_table, "h1 = :a AND h2 = :b" + cond, vals), "ValidationException")


@differs("begins_with on a Number RANGE attribute", SRC_SCYLLA + " test_gsi_composite_query_sk_"
         "begins_with_number_rejected ('begins_with' in the message; exact AWS text UNVERIFIED)")
def test_query_begins_with_on_number_range_attribute(ddb, mak_table):
    resp = expect_error(q2(ddb, mak_table, "h1 = :a AND h2 = :b AND r1 = :r AND begins_with(r2, :n)",
                           {":a": S("x"), ":b": N(1), ":r": S("A"), ":n": S("1")}),
                        "ValidationException")
    assert "begins_with" in resp["Error"]["Message"], resp


# ---------------------------------------------------------------------------
# FilterExpression, ConsistentRead, legacy KeyConditions, pagination
# ---------------------------------------------------------------------------

@differs("FilterExpression on any key attribute of the index", SRC_DOC, SRC_SCYLLA
         + " test_gsi_composite_filter_on_*_attr_rejected (message mentions filter and key; exact "
         "AWS text UNVERIFIED)")
@pytest.mark.parametrize("attr,value", [("h2", N(1)), ("r1", S("A")), ("r2", N(3))],
                         ids=["hash-attr", "first-range-attr", "last-range-attr"])
def test_filter_on_index_key_attribute(ddb, mak_table, attr, value):
    resp = expect_error(lambda: ddb.query(
        TableName=mak_table, IndexName=IDX2, KeyConditionExpression="h1 = :a AND h2 = :b",
        FilterExpression="#f = :f", ExpressionAttributeNames={"#f": attr},
        ExpressionAttributeValues={":a": S("x"), ":b": N(1), ":f": value}),
        "ValidationException")
    msg = resp["Error"]["Message"].lower()
    assert "filter" in msg and "key" in msg, resp


@differs("FilterExpression on a non-key attribute or the base-table key", SRC_SCYLLA
         + " test_gsi_composite_filter_on_nonkey_attr_allowed / _on_base_table_key_allowed")
def test_filter_on_other_attributes_allowed(ddb, mak_table):
    h1 = rand_key()
    red = put(ddb, mak_table, h1=S(h1), h2=N(1), r1=S("a"), r2=N(1), color=S("red"))
    blue = put(ddb, mak_table, h1=S(h1), h2=N(1), r1=S("b"), r2=N(1), color=S("blue"))
    eventually(lambda: pks(q2(ddb, mak_table, "h1 = :a AND h2 = :b",
                              {":a": S(h1), ":b": N(1), ":c": S("red")},
                              FilterExpression="color = :c")()),
               [red["pk"]["S"]], "filter on color")
    eventually(lambda: pks(q2(ddb, mak_table, "h1 = :a AND h2 = :b",
                              {":a": S(h1), ":b": N(1), ":p": blue["pk"]},
                              FilterExpression="pk = :p")()),
               [blue["pk"]["S"]], "filter on the base-table key")


@differs("ConsistentRead on the GSI", SRC_SCYLLA + " test_gsi_composite_consistent_read_rejected; "
         "text as for every GSI (nubo-db tier3 query, docs/query-scan-messages.md)")
def test_consistent_read_rejected(ddb, mak_table):
    expect_error(q2(ddb, mak_table, "h1 = :a AND h2 = :b", {":a": S("x"), ":b": N(1)},
                    ConsistentRead=True),
                 "ValidationException",
                 "Consistent reads are not supported on global secondary indexes")


@differs("LastEvaluatedKey carries every index key attribute and the table key; paging is complete",
         SRC_MOTO + " test_pagination_with_composite_key", SRC_SCYLLA
         + " test_gsi_composite_query_pagination")
def test_pagination(ddb, mak_table, ranged):
    h1, rows = ranged
    order = [rows[k] for k in [("A", 3), ("A", 20), ("A", 100), ("AB", 1), ("B", 15)]]
    eventually(lambda: pks(_rq(ddb, mak_table, h1)()), order, "all five items")
    got, extra = [], {}
    while True:
        resp = ddb.query(TableName=mak_table, IndexName=IDX2,
                         KeyConditionExpression="h1 = :a AND h2 = :b",
                         ExpressionAttributeValues={":a": S(h1), ":b": N(7)}, Limit=2, **extra)
        got.extend(pks(resp["Items"]))
        if "LastEvaluatedKey" not in resp:
            break
        assert set(resp["LastEvaluatedKey"]) == {"pk", "h1", "h2", "r1", "r2"}, resp
        extra["ExclusiveStartKey"] = resp["LastEvaluatedKey"]
    assert got == order


@differs("ExclusiveStartKey without one index key attribute", SRC_SCYLLA
         + " test_gsi_composite_exclusivestartkey_incomplete_rejected (code; exact AWS text "
         "UNVERIFIED)")
def test_exclusive_start_key_missing_attribute(ddb, mak_table):
    expect_error(q2(ddb, mak_table, "h1 = :a AND h2 = :b", {":a": S("x"), ":b": N(1)},
                    ExclusiveStartKey={"pk": S("x"), "h1": S("x"), "r1": S("x"), "r2": N(1)}),
                 "ValidationException")


@differs("legacy KeyConditions on a multi-attribute GSI", SRC_MOTO
         + " test_key_conditions_with_range_keys; scylladb issue #31393 (DynamoDB accepts "
         "KeyConditions on composite GSIs)")
def test_legacy_key_conditions(ddb, mak_table, ranged):
    h1, rows = ranged

    def fetch():
        return pks(ddb.query(TableName=mak_table, IndexName=IDX2, KeyConditions={
            "h1": {"ComparisonOperator": "EQ", "AttributeValueList": [S(h1)]},
            "h2": {"ComparisonOperator": "EQ", "AttributeValueList": [N(7)]},
            "r1": {"ComparisonOperator": "EQ", "AttributeValueList": [S("A")]},
            "r2": {"ComparisonOperator": "GT", "AttributeValueList": [N(3)]},
        })["Items"])
    eventually(fetch, [rows[("A", 20)], rows[("A", 100)]], "KeyConditions r1 = A, r2 > 3")


@differs("legacy KeyConditions skipping a RANGE attribute", SRC_MOTO
         + " test_key_conditions_error_skip_range_key (code and attribute name; exact AWS text "
         "UNVERIFIED)")
def test_legacy_key_conditions_skipping_range_attribute(ddb, mak_table):
    resp = expect_error(lambda: ddb.query(TableName=mak_table, IndexName=IDX2, KeyConditions={
        "h1": {"ComparisonOperator": "EQ", "AttributeValueList": [S("x")]},
        "h2": {"ComparisonOperator": "EQ", "AttributeValueList": [N(1)]},
        "r2": {"ComparisonOperator": "GT", "AttributeValueList": [N(1)]},
    }), "ValidationException")
    assert "r1" in resp["Error"]["Message"], resp


@differs("Scan of the index returns only complete items", SRC_DOC, SRC_SCYLLA
         + " test_gsi_composite_scan_returns_all")
def test_scan_index(ddb, mak_table):
    a = rand_key()
    item = put(ddb, mak_table, a1=S(a), a2=S("x"), a3=S("y"), a4=N(1),
               b1=N(1), b2=S("s"), b3={"B": b"\x00"}, b4=S("t"))
    put(ddb, mak_table, a1=S(a), a2=S("x"), a3=S("y"), a4=N(1), b1=N(1))    # incomplete

    def fetch():
        out, extra = [], {}
        while True:
            resp = ddb.scan(TableName=mak_table, IndexName=IDX4, **extra)
            out.extend(it["pk"]["S"] for it in resp["Items"] if it.get("a1") == S(a))
            if "LastEvaluatedKey" not in resp:
                return out
            extra["ExclusiveStartKey"] = resp["LastEvaluatedKey"]
    eventually(fetch, [item["pk"]["S"]], "scan of the 4x4 index")
