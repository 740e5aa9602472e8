"""ConsumedCapacity of every data-plane operation: the figures (item sizes, reads in 4 KB units,
writes in 1 KB units of the larger image, secondary-index write units) and the response shapes
(TOTAL, INDEXES, NONE/absent). Rules: docs/dynamodb-model.md §4.

This file adds what the per-operation files do not check already: test_batches.py (BatchGetItem
and BatchWriteItem per-table lists, per-key 4 KB rounding, missing keys, GSI put arm),
test_transactions.py (2 units per action and KB, missing items, GSI arm not doubled, replay),
test_query.py / test_scan.py (small-page TOTAL/INDEXES shapes) and test_index_query_scan.py (the
Table-0 + index arm shape of index reads).

Every expected figure is derived here from item sizes built on purpose: `item_size` is
DynamoDB's documented size (UTF-8 bytes of each attribute name + the value's size), and each test
asserts the sizes it relies on before asserting the units. Numbers are only used with values both
candidate number-size models of docs/dynamodb-model.md §4.1 agree on (integers without trailing
zeros).

Scan is billed per partition on AWS (a fresh on-demand table with one tiny item reports 4.0/2.0,
scylladb test_returnconsumedcapacity.py test_scan_consumed_capacity), so the Scan figures here come
from a page that stays inside one partition: ExclusiveStartKey at the first item of a partition
key and Limit equal to the remaining items of that key."""

import math

import pytest

from helpers import delete_quietly, eventually, rand_key, unique_name, wait_exists

# ---------------------------------------------------------------------------
# Sources used in local_differs reasons (the docstrings name theirs)
# ---------------------------------------------------------------------------

SRC_RW = "AWS developer guide read-write-operations.html"
SRC_GSI = "AWS developer guide GSI.html#GSI.ThroughputConsiderations"
SRC_DX_IDX = ("nubo-db/dynoxide src/actions/index_capacity.rs and CHANGELOG #176 (captured against "
              "AWS eu-west-2)")
SRC_DX_TX = ("nubo-db/dynoxide CHANGELOG.md 'The transactional table arm is sized on the larger of "
             "the item's before and after images' (deleting a 3KB item: DynamoDB's 6; a "
             "ConditionCheck is charged on the image it read), tests/"
             "transactional_index_consumed_capacity.rs (AWS eu-west-2 captures)")

KB = 1024


# ---------------------------------------------------------------------------
# Sizes and units
# ---------------------------------------------------------------------------

def _number_size(text):
    """1 byte + 1 per two significant digits; only for integers without trailing zeros, where
    both number-size models of docs/dynamodb-model.md §4.1 agree."""
    digits = text.lstrip("-")
    assert digits.isdigit() and not digits.startswith("0") and not digits.endswith("0"), text
    return 1 + (len(digits) + 1) // 2 + (1 if text.startswith("-") else 0)


def value_size(value):
    (kind, v), = value.items()
    if kind == "S":
        return len(v.encode("utf-8"))
    if kind == "N":
        return _number_size(v)
    if kind == "B":
        return len(v)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "SS":
        return sum(len(s.encode("utf-8")) for s in v)
    if kind == "NS":
        return sum(_number_size(n) for n in v)
    if kind == "BS":
        return sum(len(b) for b in v)
    if kind == "L":
        return 3 + sum(1 + value_size(e) for e in v)
    if kind == "M":
        return 3 + sum(1 + len(k.encode("utf-8")) + value_size(e) for k, e in v.items())
    raise AssertionError(kind)


def item_size(item):
    """DynamoDB's item size: UTF-8 length of every attribute name + the size of its value."""
    return sum(len(name.encode("utf-8")) + value_size(v) for name, v in item.items())


def padded(item, total, attr="d"):
    """`item` plus a string attribute `attr` making the whole item exactly `total` bytes."""
    out = dict(item)
    room = total - item_size(out) - len(attr.encode("utf-8"))
    assert room >= 0, (total, item_size(out))
    out[attr] = {"S": "x" * room}
    assert item_size(out) == total
    return out


def read_units(size, consistent):
    """One 4 KB block per started 4 KB (at least one), halved when eventually consistent."""
    blocks = max(1, math.ceil(size / (4 * KB)))
    return float(blocks) if consistent else blocks / 2


def write_units(size):
    return float(max(1, math.ceil(size / KB)))


def _k(prefix="cc"):
    return {"pk": {"S": rand_key(prefix)}}


def _total(table, units):
    return {"TableName": table, "CapacityUnits": float(units)}


def _indexes(table, table_units, gsi=None, lsi=None):
    """The INDEXES shape: total = table arm + every index arm; index maps only when charged."""
    out = {"TableName": table, "Table": {"CapacityUnits": float(table_units)}}
    total = table_units
    for member, arms in (("GlobalSecondaryIndexes", gsi), ("LocalSecondaryIndexes", lsi)):
        if arms:
            out[member] = {name: {"CapacityUnits": float(u)} for name, u in arms.items()}
            total += sum(arms.values())
    out["CapacityUnits"] = float(total)
    return out


# ---------------------------------------------------------------------------
# The index table: pk/sk, three GSIs on g (ALL, KEYS_ONLY, INCLUDE [a]), two LSIs on ls
# (ALL, KEYS_ONLY)
# ---------------------------------------------------------------------------

GSIS = {"g_all": ("ALL", ()), "g_keys": ("KEYS_ONLY", ()), "g_inc": ("INCLUDE", ("a",))}
LSIS = {"l_all": ("ALL", ()), "l_keys": ("KEYS_ONLY", ())}


def entry_size(item, index):
    """Size of the index entry `item` makes in `index`, None when it is not in the index."""
    key = "g" if index in GSIS else "ls"
    if key not in item:
        return None
    projection, include = (GSIS.get(index) or LSIS[index])
    if projection == "ALL":
        return item_size(item)
    names = {"pk", "sk", key, *include}
    return item_size({n: v for n, v in item.items() if n in names})


@pytest.fixture(scope="module")
def itab(ddb):
    name = unique_name("cap_idx")
    projection = lambda p, inc: dict({"ProjectionType": p}, **({"NonKeyAttributes": list(inc)}
                                                                if inc else {}))
    ddb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                   {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"}
                              for a in ("pk", "sk", "g", "ls")],
        GlobalSecondaryIndexes=[{"IndexName": n, "Projection": projection(*p),
                                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}]}
                                for n, p in GSIS.items()],
        LocalSecondaryIndexes=[{"IndexName": n, "Projection": projection(*p),
                                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                              {"AttributeName": "ls", "KeyType": "RANGE"}]}
                               for n, p in LSIS.items()])
    try:
        wait_exists(ddb, name)
        yield name
    finally:
        delete_quietly(ddb, name)


def _ik(prefix="ix"):
    return {"pk": {"S": rand_key(prefix)}, "sk": {"S": "s"}}


def _put_idx(ddb, itab, item, rcc="INDEXES"):
    return ddb.put_item(TableName=itab, Item=item, ReturnConsumedCapacity=rcc)["ConsumedCapacity"]


def _update_idx(ddb, itab, key, expr, values=None):
    kw = {"ExpressionAttributeValues": values} if values else {}
    return ddb.update_item(TableName=itab, Key=key, UpdateExpression=expr,
                           ReturnConsumedCapacity="INDEXES", **kw)["ConsumedCapacity"]


# ===========================================================================
# GetItem
# ===========================================================================

@pytest.mark.parametrize("size", [4096, 4097, 8192, 8193, 12289])
@pytest.mark.parametrize("consistent", [True, False], ids=["strong", "eventual"])
def test_get_item_rounds_up_to_4kb(ddb, hash_table, size, consistent):
    """ceil(size / 4 KB) units, halved when eventually consistent -- AWS developer guide
    read-write-operations.html; scylladb test_returnconsumedcapacity.py test_long_get."""
    item = padded(_k(), size)
    ddb.put_item(TableName=hash_table, Item=item)
    resp = ddb.get_item(TableName=hash_table, Key={"pk": item["pk"]}, ConsistentRead=consistent,
                        ReturnConsumedCapacity="TOTAL")
    assert read_units(size, True) == {4096: 1, 4097: 2, 8192: 2, 8193: 3, 12289: 4}[size]
    assert resp["ConsumedCapacity"] == _total(hash_table, read_units(size, consistent))


def test_get_item_default_is_eventually_consistent(ddb, hash_table):
    item = padded(_k(), 4097)
    ddb.put_item(TableName=hash_table, Item=item)
    resp = ddb.get_item(TableName=hash_table, Key={"pk": item["pk"]},
                        ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"] == _total(hash_table, 1.0)


def test_get_item_size_counts_attribute_names(ddb, hash_table):
    """A 4,000-byte attribute name counts like a value: 4,097 bytes in all cost 2 -- scylladb
    test_returnconsumedcapacity.py test_long_get."""
    item = _k()
    name = "n" * 4000
    item[name] = {"S": ""}
    item[name]["S"] = "v" * (4097 - item_size(item))
    assert item_size(item) == 4097
    ddb.put_item(TableName=hash_table, Item=item)
    resp = ddb.get_item(TableName=hash_table, Key={"pk": item["pk"]}, ConsistentRead=True,
                        ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"] == _total(hash_table, 2.0)


@pytest.mark.parametrize("size", [4096, 4097])
def test_get_item_size_counts_utf8_bytes(ddb, hash_table, size):
    """A string of 3-byte characters ('\u20ac') counts its UTF-8 bytes, not its characters --
    AWS developer guide CapacityUnitCalculations.html."""
    item = _k()
    room = size - item_size(item) - len("d")
    text = "\u20ac" * (room // 3) + "x" * (room % 3)
    item["d"] = {"S": text}
    assert item_size(item) == size and len(text) < room
    ddb.put_item(TableName=hash_table, Item=item)
    resp = ddb.get_item(TableName=hash_table, Key={"pk": item["pk"]}, ConsistentRead=True,
                        ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"] == _total(hash_table, read_units(size, True))


@pytest.mark.parametrize("size", [4096, 4097])
def test_get_item_size_of_every_type(ddb, hash_table, size):
    """B counts raw bytes, BOOL and NULL 1 byte, L and M 3 bytes + 1 per element (+ the key of a
    map entry), sets the sum of their members, N 1 byte + 1 per two digits -- AWS developer guide
    CapacityUnitCalculations.html."""
    item = dict(_k(), b={"B": b"\x01" * 1000}, t={"BOOL": True}, z={"NULL": True},
                l={"L": [{"S": "abc"}, {"N": "7"}, {"L": []}]},
                m={"M": {"k": {"S": "v"}, "e": {"M": {}}}},
                ss={"SS": ["a", "bc"]}, ns={"NS": ["1", "22", "-333"]}, bs={"BS": [b"\x00\x01"]},
                n={"N": "12345678901234567891"})
    assert value_size(item["l"]) == 3 + (1 + 3) + (1 + 2) + (1 + 3)
    assert value_size(item["m"]) == 3 + (1 + 1 + 1) + (1 + 1 + 3)
    assert value_size(item["n"]) == 11 and value_size(item["ns"]) == 2 + 2 + 4
    item = padded(item, size)
    ddb.put_item(TableName=hash_table, Item=item)
    resp = ddb.get_item(TableName=hash_table, Key={"pk": item["pk"]}, ConsistentRead=True,
                        ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"] == _total(hash_table, read_units(size, True))


@pytest.mark.parametrize("consistent,units", [(True, 1.0), (False, 0.5)],
                         ids=["strong", "eventual"])
def test_get_missing_item_costs_the_minimum(ddb, hash_table, consistent, units):
    """-- mhart/dynalite test/getItem.js 'should return ConsumedCapacity if specified' (a missing
    key: 0.5); scylladb test_returnconsumedcapacity.py test_missing_get_item."""
    resp = ddb.get_item(TableName=hash_table, Key=_k(), ConsistentRead=consistent,
                        ReturnConsumedCapacity="TOTAL")
    assert "Item" not in resp
    assert resp["ConsumedCapacity"] == _total(hash_table, units)


@pytest.mark.parametrize("projection", [
    {"ProjectionExpression": "pk"},
    {"ProjectionExpression": "nope"},
    {"AttributesToGet": ["pk"]}], ids=["expression", "missing-attribute", "attributes-to-get"])
@pytest.mark.parametrize("consistent", [True, False], ids=["strong", "eventual"])
def test_get_item_projection_does_not_reduce_cost(ddb, hash_table, projection, consistent):
    """The whole item is read: a 4,097-byte item costs 2 (1) however little is returned -- AWS
    developer guide read-write-operations.html; scylladb test_long_get."""
    item = padded(_k(), 4097)
    ddb.put_item(TableName=hash_table, Item=item)
    resp = ddb.get_item(TableName=hash_table, Key={"pk": item["pk"]}, ConsistentRead=consistent,
                        ReturnConsumedCapacity="TOTAL", **projection)
    assert set(resp.get("Item", {})) <= {"pk"}
    assert resp["ConsumedCapacity"] == _total(hash_table, read_units(4097, consistent))


def test_get_item_indexes_adds_the_table_arm(ddb, hash_table):
    """TOTAL: TableName and CapacityUnits only (no Read/WriteCapacityUnits split); INDEXES adds
    Table.CapacityUnits -- mhart/dynalite test/getItem.js 'should return ConsumedCapacity if
    specified'; scylladb test_return_consumed_capacity_indexes_no_indexes."""
    item = padded(_k(), 4097)
    ddb.put_item(TableName=hash_table, Item=item)
    key = {"pk": item["pk"]}
    total = ddb.get_item(TableName=hash_table, Key=key, ConsistentRead=True,
                         ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]
    assert total == {"TableName": hash_table, "CapacityUnits": 2.0}
    indexes = ddb.get_item(TableName=hash_table, Key=key, ConsistentRead=True,
                           ReturnConsumedCapacity="INDEXES")["ConsumedCapacity"]
    assert indexes == {"TableName": hash_table, "CapacityUnits": 2.0,
                       "Table": {"CapacityUnits": 2.0}}


def test_get_item_on_an_indexed_table_charges_only_the_table(ddb, itab):
    """GetItem never reads an index: INDEXES has no index maps -- botocore ReturnConsumedCapacity
    documentation; scylladb test_return_consumed_capacity_indexes_with_indexes."""
    item = padded(dict(_ik(), g={"S": "G"}, ls={"S": "L"}), 4097)
    ddb.put_item(TableName=itab, Item=item)
    resp = ddb.get_item(TableName=itab, Key={"pk": item["pk"], "sk": item["sk"]},
                        ReturnConsumedCapacity="INDEXES")
    assert resp["ConsumedCapacity"] == _indexes(itab, 1.0)


@pytest.mark.parametrize("rcc", ["NONE", None], ids=["NONE", "absent"])
@pytest.mark.parametrize("op", ["GetItem", "PutItem", "UpdateItem", "DeleteItem"])
def test_single_item_operations_no_capacity_unless_asked(raw, hash_table, op, rcc):
    key = _k()
    raw("PutItem", {"TableName": hash_table, "Item": dict(key, a={"S": "1"})})
    body = {"TableName": hash_table}
    if op == "PutItem":
        body["Item"] = dict(key, a={"S": "2"})
    else:
        body["Key"] = key
    if op == "UpdateItem":
        body.update(UpdateExpression="SET a = :a", ExpressionAttributeValues={":a": {"S": "3"}})
    if rcc:
        body["ReturnConsumedCapacity"] = rcc
    resp = raw(op, body)
    assert resp.status == 200, resp
    doc = resp.json()
    assert "ConsumedCapacity" not in doc, doc
    assert set(doc) == ({"Item"} if op == "GetItem" else set()), doc


# ===========================================================================
# PutItem, UpdateItem, DeleteItem: the table arm
# ===========================================================================

@pytest.mark.parametrize("size,units", [(1, 1), (1024, 1), (1025, 2), (2048, 2), (2049, 3),
                                        (10 * KB + 1, 11)])
def test_put_item_rounds_up_to_1kb(ddb, hash_table, size, units):
    """-- AWS developer guide read-write-operations.html; scylladb test_long_put."""
    item = padded(_k(), size) if size > 1 else _k()
    assert write_units(item_size(item)) == units
    resp = ddb.put_item(TableName=hash_table, Item=item, ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"] == _total(hash_table, units)


@pytest.mark.parametrize("old,new", [(2049, 100), (100, 2049), (1025, 1024)],
                         ids=["shrinking", "growing", "just-below"])
def test_put_item_over_an_item_charges_the_larger_image(ddb, hash_table, old, new):
    """ceil(max(old, new) / 1 KB) -- AWS developer guide read-write-operations.html; scylladb
    test_short_after_long_put; nubo-db/dynoxide CHANGELOG ('size the table arm on the larger of
    the item's before and after images, matching DynamoDB', eu-west-2)."""
    key = _k()
    ddb.put_item(TableName=hash_table, Item=padded(key, old))
    resp = ddb.put_item(TableName=hash_table, Item=padded(key, new),
                        ReturnConsumedCapacity="TOTAL", ReturnValues="ALL_OLD")
    assert item_size(resp["Attributes"]) == old
    assert resp["ConsumedCapacity"] == _total(hash_table, write_units(max(old, new)))


@pytest.mark.parametrize("change", ["shrink", "grow", "touch"])
def test_update_item_charges_the_larger_image(ddb, hash_table, change):
    """ceil(max(before, after) / 1 KB) = 3 for a 2,049-byte image on either side, even when only
    one small attribute changes -- AWS developer guide read-write-operations.html; scylladb
    test_long_update, test_update_item_long_attr."""
    key = _k()
    big = padded(key, 2049)
    before = key if change == "grow" else big
    ddb.put_item(TableName=hash_table, Item=before)
    expr, values = {"shrink": ("REMOVE d", None),
                    "grow": ("SET d = :d", {":d": big["d"]}),
                    "touch": ("SET t = :t", {":t": {"S": "t"}})}[change]
    kw = {"ExpressionAttributeValues": values} if values else {}
    resp = ddb.update_item(TableName=hash_table, Key=key, UpdateExpression=expr,
                           ReturnConsumedCapacity="TOTAL", ReturnValues="ALL_NEW", **kw)
    larger = max(item_size(before), item_size(resp["Attributes"]))
    assert larger == (2049 + len("t") + 1 if change == "touch" else 2049)
    assert resp["ConsumedCapacity"] == _total(hash_table, write_units(larger))


@pytest.mark.parametrize("size", [100, 1024, 1025, 3000])
def test_update_item_creating_an_item_charges_its_size(ddb, hash_table, size):
    """An upsert is charged on the item it creates (at least 1) -- AWS developer guide
    read-write-operations.html; scylladb test_simple_update_missing_item."""
    key = _k()
    value = padded(key, size)["d"]
    resp = ddb.update_item(TableName=hash_table, Key=key, UpdateExpression="SET d = :d",
                           ExpressionAttributeValues={":d": value}, ReturnValues="ALL_NEW",
                           ReturnConsumedCapacity="TOTAL")
    assert item_size(resp["Attributes"]) == size
    assert resp["ConsumedCapacity"] == _total(hash_table, write_units(size))


def test_update_item_remove_on_a_missing_item_costs_one(ddb, hash_table):
    resp = ddb.update_item(TableName=hash_table, Key=_k(), UpdateExpression="REMOVE a",
                           ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"] == _total(hash_table, 1.0)


@pytest.mark.parametrize("size", [1024, 1025, 2049])
@pytest.mark.parametrize("return_values", ["NONE", "ALL_OLD"])
def test_delete_item_charges_the_deleted_item(ddb, hash_table, size, return_values):
    """ceil(old size / 1 KB), whether or not the old item is returned -- AWS developer guide
    read-write-operations.html; scylladb test_long_delete."""
    item = padded(_k(), size)
    ddb.put_item(TableName=hash_table, Item=item)
    resp = ddb.delete_item(TableName=hash_table, Key={"pk": item["pk"]},
                           ReturnValues=return_values, ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"] == _total(hash_table, write_units(size))


@pytest.mark.parametrize("rcc", ["TOTAL", "INDEXES"])
def test_delete_missing_item_costs_one(ddb, hash_table, rcc):
    """-- scylladb test_delete_missing_item; AWS BatchWriteItem API reference (a delete of a
    missing item consumes 1 write unit)."""
    resp = ddb.delete_item(TableName=hash_table, Key=_k(), ReturnConsumedCapacity=rcc)
    assert resp["ConsumedCapacity"] == (_total(hash_table, 1.0) if rcc == "TOTAL"
                                        else _indexes(hash_table, 1.0))


@pytest.mark.parametrize("op", ["PutItem", "UpdateItem", "DeleteItem"])
def test_writes_indexes_on_a_table_without_indexes(ddb, hash_table, op):
    """INDEXES on a table without indexes only adds the Table copy -- scylladb
    test_return_consumed_capacity_indexes_no_indexes."""
    key = _k()
    ddb.put_item(TableName=hash_table, Item=padded(key, 1500))
    if op == "PutItem":
        resp = ddb.put_item(TableName=hash_table, Item=key, ReturnConsumedCapacity="INDEXES")
    elif op == "UpdateItem":
        resp = ddb.update_item(TableName=hash_table, Key=key, UpdateExpression="REMOVE d",
                               ReturnConsumedCapacity="INDEXES")
    else:
        resp = ddb.delete_item(TableName=hash_table, Key=key, ReturnConsumedCapacity="INDEXES")
    assert resp["ConsumedCapacity"] == _indexes(hash_table, write_units(1500))


@pytest.mark.parametrize("rcc", ["TOTAL", "INDEXES"])
@pytest.mark.parametrize("op", ["PutItem", "UpdateItem", "DeleteItem", "PutItem-ALL_OLD"])
def test_failed_condition_returns_no_consumed_capacity(raw, ddb, hash_table, op, rcc):
    """A ConditionalCheckFailedException carries no ConsumedCapacity (the units it consumed show
    only in CloudWatch), also with ReturnValuesOnConditionCheckFailure -- AWS developer guide
    WorkingWithItems.html#WorkingWithItems.ConditionalWrites.ReturnConsumedCapacity."""
    key = _k()
    ddb.put_item(TableName=hash_table, Item=padded(key, 2049))
    body = {"TableName": hash_table, "ConditionExpression": "attribute_not_exists(pk)",
            "ReturnConsumedCapacity": rcc}
    if op.startswith("PutItem"):
        body["Item"] = key
    else:
        body["Key"] = key
    if op == "UpdateItem":
        body.update(UpdateExpression="SET a = :a", ExpressionAttributeValues={":a": {"S": "1"}})
    if op.endswith("ALL_OLD"):
        body["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
    resp = raw(op.split("-")[0], body)
    assert resp.status == 400 and resp.error_code == "ConditionalCheckFailedException", resp
    doc = resp.json()
    assert "ConsumedCapacity" not in doc, doc
    assert ("Item" in doc) == op.endswith("ALL_OLD"), doc


# ===========================================================================
# Secondary-index write units (ReturnConsumedCapacity=INDEXES)
#
# nubo-db/dynoxide src/actions/index_capacity.rs records the captures (AWS eu-west-2, issue #176)
# cited below as V1, V2, S1..S7, R3, L1: per index, sized on the projected entry, absent -> present
# ceil(new), present -> absent ceil(old), same key and same projected view nothing, same key and
# another view max(ceil(old), ceil(new)), another key ceil(old) + ceil(new).
# ===========================================================================

def test_index_put_new_item_charges_every_index_it_enters(ddb, itab):
    """1 per index entry added; CapacityUnits = table arm + every index arm -- AWS developer
    guide GSI.html#GSI.ThroughputConsiderations; dynoxide V1."""
    item = dict(_ik(), g={"S": "G"}, ls={"S": "L"}, a={"S": "a"}, b={"S": "b"})
    assert item_size(item) < KB
    assert _put_idx(ddb, itab, item) == _indexes(
        itab, 1, gsi={"g_all": 1, "g_keys": 1, "g_inc": 1}, lsi={"l_all": 1, "l_keys": 1})


def test_index_units_are_included_in_total(ddb, itab):
    """TOTAL reports the same sum without the breakdown -- dynoxide CHANGELOG #178 ('Index units
    fold into the total, so totals grow on an indexed table under TOTAL as well')."""
    item = dict(_ik(), g={"S": "G"}, ls={"S": "L"})
    assert _put_idx(ddb, itab, item, rcc="TOTAL") == _total(itab, 6)


def test_index_put_sizes_each_index_on_its_entry(ddb, itab):
    """A 2,900-byte item whose bulk only ALL projections store: table 3, g_all and l_all 3, the
    KEYS_ONLY and INCLUDE indexes 1 -- dynoxide S1 (3023 B item, 18 B entry: table 3, gsi 1)."""
    item = padded(dict(_ik(), g={"S": "G"}, ls={"S": "L"}, a={"S": "a"}), 2900, attr="x")
    for index in ("g_keys", "g_inc", "l_keys"):
        assert entry_size(item, index) < KB
    assert _put_idx(ddb, itab, item) == _indexes(
        itab, 3, gsi={"g_all": 3, "g_keys": 1, "g_inc": 1}, lsi={"l_all": 3, "l_keys": 1})


@pytest.mark.local_differs("Local sizes an LSI entry 100 bytes above the item (a 2,973-byte item "
                           "costs l_all 4 where g_all costs 3); AWS charges a 3,017-byte LSI "
                           "entry 3 -- " + SRC_DX_IDX + " (L1: LSI in-place grow to 3017 B: 3)")
def test_lsi_entry_is_sized_like_the_item(ddb, itab):
    """L1: a small LSI member growing to a 3,017-byte ALL entry: l_all 3 (max of 1 and 3);
    l_keys does not change."""
    key = _ik()
    _put_idx(ddb, itab, dict(key, ls={"S": "L"}))
    grown = padded(dict(key, ls={"S": "L"}), 3017)
    assert entry_size(grown, "l_all") == 3017
    assert _update_idx(ddb, itab, key, "SET d = :d", {":d": grown["d"]}) == _indexes(
        itab, 3, lsi={"l_all": 3})


def test_index_item_in_no_index_has_no_index_arms(ddb, itab):
    """Not in an index before or after: the index is absent, never zero -- dynoxide (DeleteItem of
    an item in no index: total 1, table 1, no arm)."""
    key = _ik()
    assert _put_idx(ddb, itab, dict(key, a={"S": "a"})) == _indexes(itab, 1)
    assert _update_idx(ddb, itab, key, "SET a = :a", {":a": {"S": "b"}}) == _indexes(itab, 1)
    resp = ddb.delete_item(TableName=itab, Key=key, ReturnConsumedCapacity="INDEXES")
    assert resp["ConsumedCapacity"] == _indexes(itab, 1)


def test_index_identical_overwrite_charges_no_index(ddb, itab):
    """-- dynoxide V2 (an identical overwrite: total 1, table 1, no arms)."""
    item = dict(_ik(), g={"S": "G"}, ls={"S": "L"}, a={"S": "a"})
    _put_idx(ddb, itab, item)
    assert _put_idx(ddb, itab, item) == _indexes(itab, 1)


def test_index_key_change_costs_old_and_new_entry(ddb, itab):
    """A new GSI key value: a delete and a put in each GSI (2); the LSIs do not hold the item --
    AWS developer guide GSI.html#GSI.ThroughputConsiderations; dynoxide #176 (SET of a new gsiPk:
    gsi 2)."""
    key = _ik()
    _put_idx(ddb, itab, dict(key, g={"S": "G"}, a={"S": "a"}))
    assert _update_idx(ddb, itab, key, "SET g = :g", {":g": {"S": "H"}}) == _indexes(
        itab, 1, gsi={"g_all": 2, "g_keys": 2, "g_inc": 2})


def test_index_key_change_rounds_each_entry_separately(ddb, itab):
    """1,536-byte ALL entries on both sides: 2 + 2 = 4 (rounding 3,072 bytes once would give 3)
    -- dynoxide S4 (a move with 1517 B on both sides: 4)."""
    key = _ik()
    item = padded(dict(key, g={"S": "G"}, a={"S": "a"}), 1536)
    _put_idx(ddb, itab, item)
    assert entry_size(dict(item, g={"S": "H"}), "g_all") == 1536
    assert _update_idx(ddb, itab, key, "SET g = :g", {":g": {"S": "H"}}) == _indexes(
        itab, 2, gsi={"g_all": 4, "g_keys": 2, "g_inc": 2})


def test_index_key_change_sizes_each_half_on_its_own_entry(ddb, itab):
    """A 3,000-byte entry moving to a small one: 3 + 1 in the ALL index -- dynoxide S5 (3017 B to
    18 B: 4)."""
    key = _ik()
    _put_idx(ddb, itab, padded(dict(key, g={"S": "G"}), 3000))
    assert _update_idx(ddb, itab, key, "SET g = :g REMOVE d", {":g": {"S": "H"}}) == _indexes(
        itab, 3, gsi={"g_all": 4, "g_keys": 2, "g_inc": 2})


def test_index_lsi_key_change_costs_old_and_new_entry(ddb, itab):
    """A new LSI sort key value: 2 per LSI; g_all (ALL projects ls) changes in place: 1; g_keys
    and g_inc do not store ls -- dynoxide L2 (LSIs follow the GSI rules)."""
    key = _ik()
    _put_idx(ddb, itab, dict(key, g={"S": "G"}, ls={"S": "L"}))
    assert _update_idx(ddb, itab, key, "SET ls = :l", {":l": {"S": "M"}}) == _indexes(
        itab, 1, gsi={"g_all": 1}, lsi={"l_all": 2, "l_keys": 2})


@pytest.mark.parametrize("size", [100, 3000])
def test_index_removing_the_key_costs_the_old_entry(ddb, itab, size):
    """REMOVE g: one delete per GSI, sized on the old entry (a 3,000-byte ALL entry: 3) -- AWS
    developer guide GSI.html#GSI.ThroughputConsiderations; dynoxide S7 (REMOVE of the GSI key,
    3017 B entry: 3)."""
    key = _ik()
    _put_idx(ddb, itab, padded(dict(key, g={"S": "G"}), size))
    units = write_units(size)
    assert _update_idx(ddb, itab, key, "REMOVE g") == _indexes(
        itab, units, gsi={"g_all": units, "g_keys": 1, "g_inc": 1})


def test_index_projected_attribute_change_costs_one(ddb, itab):
    """SET a (projected by g_all, g_inc and l_all): 1 each; the KEYS_ONLY indexes are untouched --
    AWS developer guide GSI.html#GSI.ThroughputConsiderations; dynoxide #176."""
    key = _ik()
    _put_idx(ddb, itab, dict(key, g={"S": "G"}, ls={"S": "L"}, a={"S": "a"}, b={"S": "b"}))
    assert _update_idx(ddb, itab, key, "SET a = :a", {":a": {"S": "a2"}}) == _indexes(
        itab, 1, gsi={"g_all": 1, "g_inc": 1}, lsi={"l_all": 1})


def test_index_non_projected_attribute_change_costs_nothing(ddb, itab):
    """SET b (only ALL projections store it): the KEYS_ONLY and INCLUDE [a] indexes are absent --
    dynoxide #176 (SET on a non-projected attribute: no GSI arm under INCLUDE or KEYS_ONLY; the
    ALL LSI is charged)."""
    key = _ik()
    _put_idx(ddb, itab, dict(key, g={"S": "G"}, ls={"S": "L"}, a={"S": "a"}, b={"S": "b"}))
    assert _update_idx(ddb, itab, key, "SET b = :b", {":b": {"S": "b2"}}) == _indexes(
        itab, 1, gsi={"g_all": 1}, lsi={"l_all": 1})


@pytest.mark.parametrize("change", ["shrink", "grow"])
@pytest.mark.parametrize("kind", ["gsi", "lsi"])
def test_index_in_place_change_charges_the_larger_entry(ddb, itab, kind, change):
    """Same index key, another projected view: max(ceil(old), ceil(new)), so a 2,800-byte
    projected attribute shrinking to 1 byte still costs 3, like growing to it -- dynoxide S2, S3
    (3017 B to 18 B and back: both 3), R3 (2017 B to 117 B: 2)."""
    key = dict(_ik(), **({"g": {"S": "G"}} if kind == "gsi" else {"ls": {"S": "L"}}))
    small, big = {"S": "a"}, {"S": "a" * 2800}
    _put_idx(ddb, itab, dict(key, a=big if change == "shrink" else small))
    charged = ("g_all", "g_inc") if kind == "gsi" else ("l_all",)
    for index in charged:
        assert 2 * KB < entry_size(dict(key, a=big), index) < 3 * KB - 100
    resp = _update_idx(ddb, itab, {"pk": key["pk"], "sk": key["sk"]}, "SET a = :a",
                       {":a": small if change == "shrink" else big})
    arms = {index: 3 for index in charged}
    assert resp == (_indexes(itab, 3, gsi=arms) if kind == "gsi" else _indexes(itab, 3, lsi=arms))


def test_index_delete_charges_each_entry_it_removes(ddb, itab):
    """The table arm on the old item, each index on its own entry -- dynoxide S6 (DeleteItem of a
    3017 B entry: gsi 3, not a flat 1)."""
    item = padded(dict(_ik(), g={"S": "G"}, ls={"S": "L"}, a={"S": "a"}), 2900, attr="x")
    _put_idx(ddb, itab, item)
    resp = ddb.delete_item(TableName=itab, Key={"pk": item["pk"], "sk": item["sk"]},
                           ReturnConsumedCapacity="INDEXES")
    assert resp["ConsumedCapacity"] == _indexes(
        itab, 3, gsi={"g_all": 3, "g_keys": 1, "g_inc": 1}, lsi={"l_all": 3, "l_keys": 1})


def test_index_delete_charges_only_indexes_holding_the_item(ddb, itab):
    """An item only in the LSIs: no GSI arm -- dynoxide #176 ('DeleteItem charges an index only
    when the deleted item was in it')."""
    item = dict(_ik(), ls={"S": "L"})
    _put_idx(ddb, itab, item)
    resp = ddb.delete_item(TableName=itab, Key={"pk": item["pk"], "sk": item["sk"]},
                           ReturnConsumedCapacity="INDEXES")
    assert resp["ConsumedCapacity"] == _indexes(itab, 1, lsi={"l_all": 1, "l_keys": 1})


def test_index_delete_of_missing_item_has_no_index_arms(ddb, itab):
    resp = ddb.delete_item(TableName=itab, Key=_ik(), ReturnConsumedCapacity="INDEXES")
    assert resp["ConsumedCapacity"] == _indexes(itab, 1)


# ===========================================================================
# BatchWriteItem / BatchGetItem (what test_batches.py does not check)
# ===========================================================================

def test_batch_write_delete_charges_the_deleted_item(ddb, hash_table):
    """-- AWS developer guide read-write-operations.html (BatchWriteItem: each Put and Delete as
    the single-item call); scylladb test_batch_write_item_with_true_values."""
    item = padded(_k(), 2049)
    ddb.put_item(TableName=hash_table, Item=item)
    resp = ddb.batch_write_item(RequestItems={hash_table: [
        {"DeleteRequest": {"Key": {"pk": item["pk"]}}}]}, ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"] == [_total(hash_table, 3.0)]


def test_batch_write_index_arms_per_table(ddb, itab):
    """Deleting an item held by every index (2,900 bytes only ALL projections store) and putting
    an item held by the LSIs only: the arms add up per index -- dynoxide CHANGELOG #176
    ('BatchWriteItem inherits all of it')."""
    old = padded(dict(_ik(), g={"S": "G"}, ls={"S": "L"}), 2900, attr="x")
    ddb.put_item(TableName=itab, Item=old)
    new = dict(_ik(), ls={"S": "L"})
    resp = ddb.batch_write_item(RequestItems={itab: [
        {"DeleteRequest": {"Key": {"pk": old["pk"], "sk": old["sk"]}}},
        {"PutRequest": {"Item": new}}]}, ReturnConsumedCapacity="INDEXES")
    assert resp["UnprocessedItems"] == {}
    assert resp["ConsumedCapacity"] == [_indexes(
        itab, 3 + 1, gsi={"g_all": 3, "g_keys": 1, "g_inc": 1},
        lsi={"l_all": 3 + 1, "l_keys": 1 + 1})]


@pytest.mark.parametrize("projection", [{"ProjectionExpression": "pk"},
                                        {"AttributesToGet": ["pk"]}],
                         ids=["expression", "attributes-to-get"])
def test_batch_get_projection_does_not_reduce_cost(ddb, hash_table, projection):
    """-- AWS developer guide read-write-operations.html (BatchGetItem: each item as a
    GetItem)."""
    item = padded(_k(), 4097)
    ddb.put_item(TableName=hash_table, Item=item)
    resp = ddb.batch_get_item(RequestItems={hash_table: dict(
        {"Keys": [{"pk": item["pk"]}], "ConsistentRead": True}, **projection)},
        ReturnConsumedCapacity="TOTAL")
    assert resp["Responses"][hash_table] == [{"pk": item["pk"]}]
    assert resp["ConsumedCapacity"] == [_total(hash_table, 2.0)]


# ===========================================================================
# TransactWriteItems / TransactGetItems (what test_transactions.py does not check)
# ===========================================================================

@pytest.mark.local_differs("Local charges 12 for an Update or a Delete of a 2,050-byte item and 4 "
                           "for a ConditionCheck of it; AWS 2 x ceil(2050 / 1 KB) = 6 -- "
                           + SRC_DX_TX)
@pytest.mark.parametrize("action", ["Update", "Delete", "ConditionCheck"])
def test_transact_write_sizes_on_the_larger_image(ddb, hash_table, action):
    """Table arm = 2 x ceil(max(before, after) / 1 KB), also for a Delete and a ConditionCheck
    (sized on the image it read)."""
    item = padded(_k(), 2050)
    ddb.put_item(TableName=hash_table, Item=item)
    body = {"TableName": hash_table, "Key": {"pk": item["pk"]}}
    if action == "Update":
        body["UpdateExpression"] = "REMOVE d"
    if action == "ConditionCheck":
        body["ConditionExpression"] = "attribute_exists(pk)"
    resp = ddb.transact_write_items(TransactItems=[{action: body}], ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"] == [
        {"TableName": hash_table, "CapacityUnits": 6.0, "WriteCapacityUnits": 6.0}]


def test_transact_write_cancelled_returns_no_consumed_capacity(raw, ddb, hash_table):
    """-- paritysuite/dynamodb-conformance PR #67 (AWS eu-west-2: a cancelled transaction reports
    no ConsumedCapacity)."""
    existing = _k()
    ddb.put_item(TableName=hash_table, Item=existing)
    resp = raw("TransactWriteItems", {"ReturnConsumedCapacity": "INDEXES", "TransactItems": [
        {"ConditionCheck": {"TableName": hash_table, "Key": existing,
                            "ConditionExpression": "attribute_not_exists(pk)"}},
        {"Put": {"TableName": hash_table, "Item": _k()}}]})
    assert resp.status == 400 and resp.error_code == "TransactionCanceledException", resp
    assert "ConsumedCapacity" not in resp.json(), resp


def _tx_indexes(table, table_units, gsi=None, lsi=None):
    """The transaction shape: WriteCapacityUnits mirrored at the top, in Table and in each arm."""
    out = _indexes(table, table_units, gsi, lsi)
    out["WriteCapacityUnits"] = out["CapacityUnits"]
    out["Table"]["WriteCapacityUnits"] = out["Table"]["CapacityUnits"]
    for member in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        for arm in out.get(member, {}).values():
            arm["WriteCapacityUnits"] = arm["CapacityUnits"]
    return out


@pytest.mark.local_differs("Local doubles every index arm too (the Put: table 4 and 4 per index, "
                           "16 in all); AWS doubles only the table arm -- nubo-db/dynoxide "
                           "CHANGELOG #178 ('The transactional 2x factor applies to the base table "
                           "arm alone') and tests/transactional_index_consumed_capacity.rs (AWS "
                           "eu-west-2 capture A1: total 3, table 2, gsi 1)")
def test_transact_write_lsi_and_gsi_arms_are_not_doubled(ddb, itab):
    """A Put into all five indexes: table 2 x 1, each index 1; then an Update moving the LSI key:
    table 2, each LSI 1 + 1, g_all (ALL projects ls) 1."""
    key = _ik()
    resp = ddb.transact_write_items(TransactItems=[{"Put": {
        "TableName": itab, "Item": dict(key, g={"S": "G"}, ls={"S": "L"})}}],
        ReturnConsumedCapacity="INDEXES")
    assert resp["ConsumedCapacity"] == [_tx_indexes(
        itab, 2, gsi={"g_all": 1, "g_keys": 1, "g_inc": 1}, lsi={"l_all": 1, "l_keys": 1})]
    resp = ddb.transact_write_items(TransactItems=[{"Update": {
        "TableName": itab, "Key": key, "UpdateExpression": "SET ls = :l",
        "ExpressionAttributeValues": {":l": {"S": "M"}}}}], ReturnConsumedCapacity="INDEXES")
    assert resp["ConsumedCapacity"] == [_tx_indexes(
        itab, 2, gsi={"g_all": 1}, lsi={"l_all": 2, "l_keys": 2})]


def test_transact_get_projection_does_not_reduce_cost(ddb, hash_table):
    """2 x ceil(4097 / 4 KB) = 4 however little is returned -- AWS developer guide
    read-write-operations.html (a transactional read of up to 4 KB: 2 units)."""
    item = padded(_k(), 4097)
    ddb.put_item(TableName=hash_table, Item=item)
    resp = ddb.transact_get_items(TransactItems=[{"Get": {
        "TableName": hash_table, "Key": {"pk": item["pk"]}, "ProjectionExpression": "pk"}}],
        ReturnConsumedCapacity="TOTAL")
    assert resp["Responses"] == [{"Item": {"pk": item["pk"]}}]
    assert resp["ConsumedCapacity"] == [
        {"TableName": hash_table, "CapacityUnits": 4.0, "ReadCapacityUnits": 4.0}]


# ===========================================================================
# Query and Scan on the table
# ===========================================================================

def _partition(ddb, table, sizes):
    """A fresh partition key: a tiny item 's0', then one item per size ('s1', 's2', ...)."""
    pk = {"S": rand_key("cq")}
    ddb.put_item(TableName=table, Item={"pk": pk, "sk": {"S": "s0"}})
    for i, size in enumerate(sizes, 1):
        ddb.put_item(TableName=table, Item=padded({"pk": pk, "sk": {"S": "s%d" % i}}, size))
    return pk


def _query_after_s0(ddb, table, pk, **kw):
    """The items after 's0' of one partition key."""
    return ddb.query(TableName=table, KeyConditionExpression="pk = :p AND sk > :s",
                     ExpressionAttributeValues={":p": pk, ":s": {"S": "s0"}}, **kw)


@pytest.mark.parametrize("consistent", [True, False], ids=["strong", "eventual"])
def test_query_sums_item_sizes_then_rounds_once(ddb, range_table, consistent):
    """3 items of 1,536 bytes = 4,608 bytes: 2 (strong) / 1.0 (eventual), not 3 / 1.5 -- AWS
    developer guide read-write-operations.html (Query: the items read are one read, their sizes
    summed and rounded up to 4 KB)."""
    pk = _partition(ddb, range_table, [1536] * 3)
    resp = _query_after_s0(ddb, range_table, pk, ConsistentRead=consistent,
                           ReturnConsumedCapacity="TOTAL")
    assert resp["Count"] == 3
    assert resp["ConsumedCapacity"] == _total(range_table, read_units(3 * 1536, consistent))


@pytest.mark.parametrize("sizes,units", [([2048, 2048], 1.0), ([2048, 2049], 2.0),
                                         ([4096, 0], 2.0)], ids=["4096", "4097", "4096+tiny"])
def test_query_exact_4kb_boundary_of_the_sum(ddb, range_table, sizes, units):
    """Size 0 stands for an item holding its key only."""
    pk = {"S": rand_key("cq")}
    items = [padded({"pk": pk, "sk": {"S": "s%d" % i}}, size) if size
             else {"pk": pk, "sk": {"S": "s%d" % i}} for i, size in enumerate(sizes, 1)]
    for item in items:
        ddb.put_item(TableName=range_table, Item=item)
    assert read_units(sum(item_size(it) for it in items), True) == units
    resp = ddb.query(TableName=range_table, KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": pk}, ConsistentRead=True,
                     ReturnConsumedCapacity="TOTAL")
    assert resp["Count"] == len(items)
    assert resp["ConsumedCapacity"] == _total(range_table, units)


@pytest.mark.parametrize("variant", ["filter-matches-none", "select-count", "projection"])
def test_query_cost_is_the_same_whatever_is_returned(ddb, range_table, variant):
    """Items the filter drops were still read; Select=COUNT and projections cost the same -- AWS
    developer guide read-write-operations.html and Query.Other.html; AWS Query API reference
    (FilterExpression: 'does not consume any additional read capacity units')."""
    pk = _partition(ddb, range_table, [1536] * 3)
    kw = {"filter-matches-none": dict(FilterExpression="attribute_exists(nope)"),
          "select-count": dict(Select="COUNT"),
          "projection": dict(ProjectionExpression="sk")}[variant]
    resp = _query_after_s0(ddb, range_table, pk, ConsistentRead=True,
                           ReturnConsumedCapacity="TOTAL", **kw)
    assert (resp["Count"], resp["ScannedCount"]) == ((0, 3) if variant == "filter-matches-none"
                                                     else (3, 3))
    assert resp["ConsumedCapacity"] == _total(range_table, 2.0)


@pytest.mark.parametrize("limit,units", [(1, 1.0), (2, 1.0), (3, 2.0)])
def test_query_limit_charges_only_the_items_read(ddb, range_table, limit, units):
    pk = _partition(ddb, range_table, [1536] * 3)
    resp = _query_after_s0(ddb, range_table, pk, ConsistentRead=True, Limit=limit,
                           ReturnConsumedCapacity="TOTAL")
    assert resp["ScannedCount"] == limit
    assert read_units(limit * 1536, True) == units
    assert resp["ConsumedCapacity"] == _total(range_table, units)


@pytest.mark.local_differs("Local reports 0.0 for a Query that reads nothing; AWS charges the "
                           "minimum, 1 (strong) / 0.5 (eventual) -- docs/dynamodb-model.md "
                           "§4.2 (" + SRC_RW + ": zero items cost the minimum)")
@pytest.mark.parametrize("consistent,units", [(True, 1.0), (False, 0.5)],
                         ids=["strong", "eventual"])
def test_query_empty_result_costs_the_minimum(ddb, range_table, consistent, units):
    resp = ddb.query(TableName=range_table, KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": {"S": rand_key("none")}},
                     ConsistentRead=consistent, ReturnConsumedCapacity="TOTAL")
    assert resp["Count"] == 0
    assert resp["ConsumedCapacity"] == _total(range_table, units)


@pytest.mark.parametrize("variant", ["plain", "filter-matches-none", "select-count"])
@pytest.mark.parametrize("consistent", [True, False], ids=["strong", "eventual"])
def test_scan_sums_item_sizes_then_rounds_once(ddb, range_table, variant, consistent):
    """A page of the 3 items of 1,536 bytes after 's0' of one partition key (ExclusiveStartKey +
    Limit=3 keep the page inside one partition): 2 / 1.0, also when the filter drops them all or
    Select=COUNT -- AWS developer guide read-write-operations.html (Scan: like Query, on the items
    evaluated, not returned)."""
    pk = _partition(ddb, range_table, [1536] * 3)
    kw = {"plain": {}, "filter-matches-none": dict(FilterExpression="attribute_exists(nope)"),
          "select-count": dict(Select="COUNT")}[variant]
    resp = ddb.scan(TableName=range_table, ExclusiveStartKey={"pk": pk, "sk": {"S": "s0"}},
                    Limit=3, ConsistentRead=consistent, ReturnConsumedCapacity="TOTAL", **kw)
    assert resp["ScannedCount"] == 3
    assert resp["LastEvaluatedKey"] == {"pk": pk, "sk": {"S": "s3"}}
    if variant == "plain":
        assert [it["sk"]["S"] for it in resp["Items"]] == ["s1", "s2", "s3"]
    assert resp["ConsumedCapacity"] == _total(range_table, read_units(3 * 1536, consistent))


# ===========================================================================
# Query through secondary indexes
# ===========================================================================

@pytest.fixture(scope="module")
def index_items(ddb, itab):
    """Under one pk and one g: 3 items of 1,536 bytes (in every index) whose KEYS_ONLY and
    INCLUDE entries are small."""
    pk, g = {"S": rand_key("qi")}, {"S": rand_key("g")}
    items = [padded({"pk": pk, "sk": {"S": "s%d" % i}, "g": g, "ls": {"S": "L%d" % i},
                     "a": {"S": "a"}}, 1536) for i in range(3)]
    for item in items:
        ddb.put_item(TableName=itab, Item=item)
    for index in GSIS:   # GSIs are eventually consistent on AWS: wait until they show all three
        eventually(lambda: _gsi_query(ddb, itab, index, g), lambda r: r["Count"] == 3)
    return {"pk": pk, "g": g, "items": items}


def _gsi_query(ddb, itab, index, g, **kw):
    return ddb.query(TableName=itab, IndexName=index, KeyConditionExpression="g = :g",
                     ExpressionAttributeValues={":g": g}, **kw)


@pytest.mark.parametrize("index", list(GSIS))
def test_gsi_query_is_sized_on_index_entries(ddb, itab, index_items, index):
    """The index entries' sizes summed and rounded to 4 KB, always eventually consistent, charged
    to the GSI alone (Table arm 0): g_all 3 x 1,536 bytes = 1.0, the small KEYS_ONLY and INCLUDE
    entries 0.5 -- AWS developer guide GSI.html#GSI.ThroughputConsiderations; mhart/dynalite
    test/query.js 'should query on basic hash global index' (Table: {CapacityUnits: 0})."""
    size = sum(entry_size(it, index) for it in index_items["items"])
    assert size == 3 * 1536 if index == "g_all" else size < 4 * KB
    units = read_units(size, False)
    resp = _gsi_query(ddb, itab, index, index_items["g"], ReturnConsumedCapacity="INDEXES")
    assert resp["Count"] == 3
    assert resp["ConsumedCapacity"] == {"TableName": itab, "CapacityUnits": units,
                                        "Table": {"CapacityUnits": 0.0},
                                        "GlobalSecondaryIndexes": {index: {"CapacityUnits": units}}}
    resp = _gsi_query(ddb, itab, index, index_items["g"], ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"] == _total(itab, units)


@pytest.mark.local_differs("Local reports 0.0 (and an index arm of 0.0) for an index Query that "
                           "reads nothing; AWS charges the minimum 0.5 -- docs/dynamodb-model.md "
                           "§4.2 (" + SRC_RW + "; " + SRC_GSI + ")")
def test_gsi_query_empty_result_costs_the_minimum(ddb, itab):
    resp = _gsi_query(ddb, itab, "g_all", {"S": rand_key("none")},
                      ReturnConsumedCapacity="INDEXES")
    assert resp["Count"] == 0
    assert resp["ConsumedCapacity"] == {"TableName": itab, "CapacityUnits": 0.5,
                                        "Table": {"CapacityUnits": 0.0},
                                        "GlobalSecondaryIndexes": {"g_all": {"CapacityUnits": 0.5}}}


@pytest.mark.parametrize("index", list(LSIS))
@pytest.mark.parametrize("consistent", [True, False], ids=["strong", "eventual"])
def test_lsi_query_is_sized_on_index_entries(ddb, itab, index_items, index, consistent):
    """l_all entries 3 x 1,536 bytes: 2 (1.0); the l_keys entries are small: 1 (0.5) -- AWS
    developer guide LSI.html#LSI.ThroughputConsiderations."""
    size = sum(entry_size(it, index) for it in index_items["items"])
    units = read_units(size, consistent)
    assert units == {("l_all", True): 2.0, ("l_all", False): 1.0, ("l_keys", True): 1.0,
                     ("l_keys", False): 0.5}[(index, consistent)]
    resp = ddb.query(TableName=itab, IndexName=index, KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": index_items["pk"]},
                     ConsistentRead=consistent, ReturnConsumedCapacity="INDEXES")
    assert resp["Count"] == 3
    assert resp["ConsumedCapacity"] == {"TableName": itab, "CapacityUnits": units,
                                        "Table": {"CapacityUnits": 0.0},
                                        "LocalSecondaryIndexes": {index: {"CapacityUnits": units}}}


@pytest.mark.parametrize("consistent", [True, False], ids=["strong", "eventual"])
def test_lsi_query_fetching_from_the_table_adds_each_item_rounded(ddb, itab, index_items,
                                                                   consistent):
    """A KEYS_ONLY LSI asked for a non-projected attribute: the summed index entries (1 block) plus
    every base item fetched, each rounded to 4 KB on its own (3 blocks): 4 strong, 2 eventual --
    AWS developer guide LSI.html#LSI.ThroughputConsiderations (4 KB + 16 KB example). Only TOTAL
    is checked: which arm carries the fetches is unverified (Local puts them on Table, ddbemu on
    the index)."""
    resp = ddb.query(TableName=itab, IndexName="l_keys", KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": index_items["pk"]}, ProjectionExpression="d",
                     ConsistentRead=consistent, ReturnConsumedCapacity="TOTAL")
    assert resp["Count"] == 3 and all("d" in it for it in resp["Items"])
    entries = sum(entry_size(it, "l_keys") for it in index_items["items"])
    blocks = math.ceil(entries / (4 * KB)) + sum(math.ceil(item_size(it) / (4 * KB))
                                                  for it in index_items["items"])
    assert blocks == 4
    assert resp["ConsumedCapacity"] == _total(itab, blocks if consistent else blocks / 2)
