"""BatchGetItem and BatchWriteItem: results, response shapes, ConsumedCapacity, the 16 MB
BatchGetItem response limit, boto3's batch_writer, and every validation text with its precedence.

Message texts and their order are catalogued in docs/batch-messages.md. AWS is rolling a new
validation layer out region by region (nubo-db/dynamodb-conformance captures 2026-06..10): where a
batch check has both an older and a current wording, the tests accept exactly those two texts;
ddbemu sends the older one (docs/validation-messages.md, "ddbemu's choice").
"""

import json
import re
import time

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError

from conftest import _client_kwargs
from helpers import (delete_quietly, expect_error, expect_raw_error, hash_schema, rand_key,
                     unique_name, wait_exists)

# ---------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------

SRC_DT_BG = "mhart/dynalite test/batchGetItem.js (run against AWS)"
SRC_DT_BW = "mhart/dynalite test/batchWriteItem.js (run against AWS)"
SRC_DV_BG = "dynalite validations/batchGetItem.js + actions/batchGetItem.js (check order)"
SRC_DV_BW = "dynalite validations/batchWriteItem.js + actions/batchWriteItem.js (check order)"
SRC_CF_BG = ("nubo-db/dynamodb-conformance tests/tier3/error-messages/batchGetItem.test.ts "
             "(us-east-1 + eu-west-2 captures, 2026-10)")
SRC_CF_BW = ("nubo-db/dynamodb-conformance tests/tier3/error-messages/batchWriteItem.test.ts "
             "(four-region captures 2026-06..10)")
SRC_CF_ORDER = ("nubo-db/dynamodb-conformance tests/tier3/validation-ordering/"
                "batchOperations.test.ts (us-east-1 + eu-west-2, 2026-10-09)")
SRC_CF_EMPTY = ("nubo-db/dynamodb-conformance captures/2026-08-12-batch-empty-and-nesting.json and "
                "error-messages/batch*.test.ts (both wordings seen in us-east-1)")
SRC_DOC_BG = ("AWS API reference BatchGetItem ('Too many items requested for the BatchGetItem "
              "call', 16 MB / UnprocessedKeys)")
SRC_DOC_BW = ("AWS API reference BatchWriteItem (whole batch rejected; no conditions on "
              "individual put and delete requests)")
SRC_SCYLLA = "scylladb test/alternator/test_batch.py (passes on AWS)"
SRC_ORACLE_RNF = "docs/dynamodb-local-oracle.md row 'missing table'"

LOCAL_RNF = "Local: 'Cannot do operations on a non-existent table'"

DUPLICATES = "Provided list of item keys contains duplicates"
NOT_MATCH = "The provided key element does not match the schema"
TOO_MANY_GET = "Too many items requested for the BatchGetItem call"
EMPTY_ENTRY = ("Supplied AttributeValue has more than one datatypes set, must contain exactly one "
               "of the supported datatypes")
EMPTY_VALUE = ("Supplied AttributeValue is empty, must contain exactly one of the supported "
               "datatypes")
ITEM_TOO_LARGE = "Item size has exceeded the maximum allowed size"
HASH_TOO_LARGE = ("One or more parameter values were invalid: Size of hashkey has exceeded the "
                  "maximum size limit of2048 bytes")
RANGE_TOO_LARGE = ("One or more parameter values were invalid: Aggregated size of all range keys "
                   "has exceeded the size limit of 1024 bytes")
EMPTY_S_KEY = ("One or more parameter values are not valid. The AttributeValue for a key attribute "
               "cannot contain an empty string value. Key: pk")
EMPTY_B_KEY = ("One or more parameter values are not valid. The AttributeValue for a key attribute "
               "cannot contain an empty binary value. Key: pk")
RCC_ENUM = ("Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy constraint: Member must "
            "satisfy enum value set: [INDEXES, TOTAL, NONE]")
RICM_ENUM = ("Value 'BOGUS2' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member "
             "must satisfy enum value set: [SIZE, NONE]")
NAME_CONSTRAINTS = ("Map keys must satisfy constraint: [Member must have length less than or equal "
                    "to 255, Member must have length greater than or equal to 3, Member must "
                    "satisfy regular expression pattern: [a-zA-Z0-9_.-]+]")
# The map is echoed: Java Map.toString in the older layer, JSON in the current one.
BAD_NAME_RE = ("Value '\\{.+\\}' at 'requestItems' failed to satisfy constraint: "
               + re.escape(NAME_CONSTRAINTS))

MIB16 = 16 * 1024 * 1024


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

def _k(pk=None):
    return {"pk": {"S": pk or rand_key()}}


def _rk(pk=None, sk=None):
    return {"pk": {"S": pk or rand_key()}, "sk": {"S": sk or rand_key("s")}}


def _put(item):
    return {"PutRequest": {"Item": item}}


def _del(key):
    return {"DeleteRequest": {"Key": key}}


def _canon(items):
    return sorted(json.dumps(i, sort_keys=True) for i in items)


def _s_size(item):
    """DynamoDB size of an item whose values are all S (UTF-8 name + value bytes)."""
    return sum(len(n.encode()) + len(v["S"].encode()) for n, v in item.items())


def _get(ddb, table, key):
    return ddb.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")


def _error(fn):
    with pytest.raises(ClientError) as excinfo:
        fn()
    return excinfo.value.response


def expect_error_one_of(fn, code, messages):
    """Like expect_error, for a check whose text is one of the given exact alternatives."""
    resp = _error(fn)
    assert resp["Error"]["Code"] == code, resp
    assert resp["Error"]["Message"] in messages, resp
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 400, resp
    return resp


def expect_error_match(fn, code, *patterns):
    """The message fully matches one of the regular expressions."""
    resp = _error(fn)
    assert resp["Error"]["Code"] == code, resp
    msg = resp["Error"]["Message"]
    assert any(re.fullmatch(p, msg, re.S) for p in patterns), resp
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 400, resp
    return resp


def _write_all(ddb, request_items, deadline_s=120):
    """BatchWriteItem, resubmitting UnprocessedItems (AWS may throttle a fresh table)."""
    deadline = time.monotonic() + deadline_s
    while request_items:
        request_items = ddb.batch_write_item(RequestItems=request_items)["UnprocessedItems"]
        if request_items:
            assert time.monotonic() < deadline, "UnprocessedItems never drained"
            time.sleep(1)


def _eventually(fn, expected, timeout=15):
    """GSI reads are eventually consistent on AWS."""
    deadline = time.monotonic() + timeout
    while True:
        got = fn()
        if got == expected or time.monotonic() > deadline:
            assert got == expected
            return
        time.sleep(0.5)


@pytest.fixture(scope="module")
def gsi_table(ddb):
    """pk (S) hash key, GSI `by_g` on g (S), projection ALL."""
    name = unique_name("batch_gsi")
    schema = hash_schema("pk", "S")
    schema["AttributeDefinitions"].append({"AttributeName": "g", "AttributeType": "S"})
    schema["GlobalSecondaryIndexes"] = [{
        "IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "ALL"}}]
    try:
        ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST", **schema)
        wait_exists(ddb, name)
        yield name
    finally:
        delete_quietly(ddb, name)


# ===========================================================================
# BatchGetItem: results and shapes
# ===========================================================================

def test_get_from_several_tables(ddb, hash_table, range_table):
    h_items = [dict(_k(), v={"S": str(i)}) for i in range(3)]
    r_items = [dict(_rk(), v={"N": str(i)}) for i in range(3)]
    for it in h_items:
        ddb.put_item(TableName=hash_table, Item=it)
    for it in r_items:
        ddb.put_item(TableName=range_table, Item=it)
    resp = ddb.batch_get_item(RequestItems={
        hash_table: {"Keys": [{"pk": it["pk"]} for it in h_items], "ConsistentRead": True},
        range_table: {"Keys": [{"pk": it["pk"], "sk": it["sk"]} for it in r_items],
                      "ConsistentRead": True}})
    assert _canon(resp["Responses"][hash_table]) == _canon(h_items)
    assert _canon(resp["Responses"][range_table]) == _canon(r_items)
    assert resp["UnprocessedKeys"] == {}
    assert "ConsumedCapacity" not in resp


def test_get_missing_items_are_absent(ddb, hash_table, range_table):
    """-- scylla test_batch_get_item_missing / _completely_missing; dynalite 'only items that do
    exist': missing keys are simply left out, and a table whose keys all miss gets []."""
    item = dict(_k(), v={"S": "x"})
    ddb.put_item(TableName=hash_table, Item=item)
    resp = ddb.batch_get_item(RequestItems={
        hash_table: {"Keys": [_k(), {"pk": item["pk"]}, _k()], "ConsistentRead": True},
        range_table: {"Keys": [_rk(), _rk()], "ConsistentRead": True}})
    assert resp["Responses"] == {hash_table: [item], range_table: []}
    assert resp["UnprocessedKeys"] == {}


def test_get_response_is_exactly_responses_and_unprocessed_keys(raw, ddb, hash_table):
    item = dict(_k(), v={"S": "x"})
    ddb.put_item(TableName=hash_table, Item=item)
    resp = raw("BatchGetItem", {"RequestItems": {hash_table: {
        "Keys": [{"pk": item["pk"]}], "ConsistentRead": True}}})
    assert resp.status == 200
    assert resp.json() == {"Responses": {hash_table: [item]}, "UnprocessedKeys": {}}


def test_get_100_keys_across_tables(ddb, hash_table, range_table):
    h_items = [dict(_k(), n={"N": str(i)}) for i in range(60)]
    r_items = [dict(_rk(), n={"N": str(i)}) for i in range(40)]
    _write_all(ddb, {hash_table: [_put(i) for i in h_items[:25]]})
    _write_all(ddb, {hash_table: [_put(i) for i in h_items[25:50]]})
    _write_all(ddb, {hash_table: [_put(i) for i in h_items[50:]],
                     range_table: [_put(i) for i in r_items[:15]]})
    _write_all(ddb, {range_table: [_put(i) for i in r_items[15:]]})
    resp = ddb.batch_get_item(RequestItems={
        hash_table: {"Keys": [{"pk": i["pk"]} for i in h_items], "ConsistentRead": True},
        range_table: {"Keys": [{"pk": i["pk"], "sk": i["sk"]} for i in r_items],
                      "ConsistentRead": True}})
    assert resp["UnprocessedKeys"] == {}
    assert _canon(resp["Responses"][hash_table]) == _canon(h_items)
    assert _canon(resp["Responses"][range_table]) == _canon(r_items)


def test_get_same_key_in_two_tables_is_not_a_duplicate(ddb, hash_table, gsi_table):
    key = _k()
    ddb.put_item(TableName=hash_table, Item=dict(key, t={"S": "hash"}))
    ddb.put_item(TableName=gsi_table, Item=dict(key, t={"S": "gsi"}))
    resp = ddb.batch_get_item(RequestItems={hash_table: {"Keys": [key], "ConsistentRead": True},
                                            gsi_table: {"Keys": [key], "ConsistentRead": True}})
    assert resp["Responses"] == {hash_table: [dict(key, t={"S": "hash"})],
                                 gsi_table: [dict(key, t={"S": "gsi"})]}


def test_get_projection_per_table(ddb, hash_table, range_table):
    """Each table's KeysAndAttributes has its own ProjectionExpression / names / ConsistentRead."""
    h = dict(_k(), a={"S": "a"}, b={"S": "b"}, m={"M": {"x": {"N": "1"}, "y": {"N": "2"}}},
             name={"S": "reserved"})
    r = dict(_rk(), a={"S": "ra"}, b={"S": "rb"})
    ddb.put_item(TableName=hash_table, Item=h)
    ddb.put_item(TableName=range_table, Item=r)
    resp = ddb.batch_get_item(RequestItems={
        hash_table: {"Keys": [{"pk": h["pk"]}], "ProjectionExpression": "a, m.y, #n",
                     "ExpressionAttributeNames": {"#n": "name"}, "ConsistentRead": True},
        range_table: {"Keys": [{"pk": r["pk"], "sk": r["sk"]}], "ConsistentRead": False}})
    assert resp["Responses"][hash_table] == [
        {"a": h["a"], "m": {"M": {"y": {"N": "2"}}}, "name": h["name"]}]
    # an eventually consistent read may lag behind the put: accept the item or nothing
    assert resp["Responses"][range_table] in ([r], [])


def test_get_projection_drops_items_to_empty_maps(ddb, hash_table):
    """-- dynalite 'only requested attributes of items that do exist': an existing item without any
    projected attribute comes back as {}."""
    with_a = dict(_k(), a={"S": "1"})
    without_a = dict(_k(), z={"S": "2"})
    for it in (with_a, without_a):
        ddb.put_item(TableName=hash_table, Item=it)
    resp = ddb.batch_get_item(RequestItems={hash_table: {
        "Keys": [{"pk": with_a["pk"]}, {"pk": without_a["pk"]}, _k()],
        "ProjectionExpression": "a", "ConsistentRead": True}})
    assert _canon(resp["Responses"][hash_table]) == _canon([{"a": {"S": "1"}}, {}])


def test_get_attributes_to_get(ddb, hash_table):
    item = dict(_k(), a={"S": "1"}, b={"S": "2"}, c={"S": "3"})
    ddb.put_item(TableName=hash_table, Item=item)
    resp = ddb.batch_get_item(RequestItems={hash_table: {
        "Keys": [{"pk": item["pk"]}], "AttributesToGet": ["pk", "c", "nope"],
        "ConsistentRead": True}})
    assert resp["Responses"][hash_table] == [{"pk": item["pk"], "c": item["c"]}]


# ===========================================================================
# BatchGetItem: ConsumedCapacity
# ===========================================================================

@pytest.fixture
def capacity_items(ddb, hash_table, range_table):
    """hash_table: one item of 4105 bytes (2 read units of 4 KB) and one small item;
    range_table: one small item."""
    big = _k()
    big["b"] = {"S": "b" * (4105 - _s_size(big) - 1)}
    assert _s_size(big) == 4105
    small = _k()
    r = _rk()
    ddb.put_item(TableName=hash_table, Item=big)
    ddb.put_item(TableName=hash_table, Item=small)
    ddb.put_item(TableName=range_table, Item=r)
    return {hash_table: [{"pk": big["pk"]}, small], range_table: [r]}


def _by_table(capacities):
    assert isinstance(capacities, list), capacities
    out = {c["TableName"]: c for c in capacities}
    assert len(out) == len(capacities), capacities
    return out


@pytest.mark.parametrize("consistent,units", [(False, (1.5, 0.5)), (True, (3.0, 1.0))],
                         ids=["eventual", "consistent"])
def test_get_consumed_capacity_total(ddb, capacity_items, hash_table, range_table, consistent,
                                     units):
    """-- dynalite 'ConsumedCapacity from each specified table': one entry per table,
    0.5 per 4 KB (rounded up per item) for eventually consistent reads, 1 when consistent."""
    resp = ddb.batch_get_item(RequestItems={
        t: {"Keys": keys, "ConsistentRead": consistent} for t, keys in capacity_items.items()},
        ReturnConsumedCapacity="TOTAL")
    assert _by_table(resp["ConsumedCapacity"]) == {
        hash_table: {"TableName": hash_table, "CapacityUnits": units[0]},
        range_table: {"TableName": range_table, "CapacityUnits": units[1]}}


def test_get_consumed_capacity_indexes(ddb, capacity_items, hash_table, range_table):
    resp = ddb.batch_get_item(RequestItems={
        t: {"Keys": keys, "ConsistentRead": True} for t, keys in capacity_items.items()},
        ReturnConsumedCapacity="INDEXES")
    assert _by_table(resp["ConsumedCapacity"]) == {
        hash_table: {"TableName": hash_table, "CapacityUnits": 3.0,
                     "Table": {"CapacityUnits": 3.0}},
        range_table: {"TableName": range_table, "CapacityUnits": 1.0,
                      "Table": {"CapacityUnits": 1.0}}}


def test_get_consumed_capacity_indexes_on_gsi_table_counts_only_the_table(ddb, gsi_table):
    item = dict(_k(), g={"S": "x"})
    ddb.put_item(TableName=gsi_table, Item=item)
    resp = ddb.batch_get_item(RequestItems={gsi_table: {"Keys": [{"pk": item["pk"]}],
                                                        "ConsistentRead": True}},
                              ReturnConsumedCapacity="INDEXES")
    assert resp["ConsumedCapacity"] == [{"TableName": gsi_table, "CapacityUnits": 1.0,
                                         "Table": {"CapacityUnits": 1.0}}]


@pytest.mark.parametrize("rcc", ["NONE", None], ids=["NONE", "absent"])
def test_get_no_consumed_capacity_unless_asked(ddb, hash_table, rcc):
    kw = {"ReturnConsumedCapacity": rcc} if rcc else {}
    assert "ConsumedCapacity" not in ddb.batch_get_item(
        RequestItems={hash_table: {"Keys": [_k()]}}, **kw)


@pytest.mark.local_differs("Local charges 0 for keys that match no item; AWS charges the minimum "
                           "0.5 (eventual) / 1 (consistent) per key -- " + SRC_DT_BG +
                           " 'ConsumedCapacity ... no consistent read and small item' "
                           "(testHashNTable with one missing key: 0.5)")
@pytest.mark.parametrize("consistent,units", [(False, 1.0), (True, 2.0)],
                         ids=["eventual", "consistent"])
def test_get_consumed_capacity_counts_missing_keys(ddb, range_table, consistent, units):
    resp = ddb.batch_get_item(RequestItems={range_table: {"Keys": [_rk(), _rk()],
                                                          "ConsistentRead": consistent}},
                              ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"] == [{"TableName": range_table, "CapacityUnits": units}]


# ===========================================================================
# BatchGetItem: the 16 MB response limit
# ===========================================================================

def test_get_response_limit_16mb_returns_unprocessed_keys(ddb, table):
    """100 items of 390 KB (39 MB) cannot come back at once: the response holds at most 16 MB of
    items, the rest of the keys come back in UnprocessedKeys together with the table's
    ConsistentRead / ProjectionExpression / ExpressionAttributeNames, and re-sending
    UnprocessedKeys eventually returns every item exactly once. -- AWS API reference BatchGetItem
    ('up to 16 MB of data ... returns an appropriate UnprocessedKeys value');
    scylla test_batch_get_item_partial (UnprocessedKeys copies ConsistentRead)."""
    items = [{"pk": {"S": "big%03d" % i}, "d": {"S": ("%03d" % i) * 130000}} for i in range(100)]
    assert _s_size(items[0]) == 390009
    for i in range(0, 100, 25):
        _write_all(ddb, {table: [_put(it) for it in items[i:i + 25]]})
    wanted = {"ConsistentRead": True, "ProjectionExpression": "#k, d",
              "ExpressionAttributeNames": {"#k": "pk"}}
    keys = [{"pk": it["pk"]} for it in items]
    resp = ddb.batch_get_item(RequestItems={table: dict(wanted, Keys=keys)})
    got = resp["Responses"][table]
    unprocessed = resp["UnprocessedKeys"][table]
    assert {k: v for k, v in unprocessed.items() if k != "Keys"} == wanted
    got_pks = [it["pk"]["S"] for it in got]
    left_pks = [k["pk"]["S"] for k in unprocessed["Keys"]]
    assert all(set(k) == {"pk"} for k in unprocessed["Keys"])
    assert 1 <= len(got) and 1 <= len(left_pks)
    assert sorted(got_pks + left_pks) == sorted(k["pk"]["S"] for k in keys)
    assert sum(_s_size(it) for it in got) <= MIB16
    # drain
    collected = list(got)
    request = resp["UnprocessedKeys"]
    for _ in range(20):
        if not request:
            break
        resp = ddb.batch_get_item(RequestItems=request)
        collected += resp["Responses"].get(table, [])
        assert sum(_s_size(it) for it in resp["Responses"].get(table, [])) <= MIB16
        request = resp["UnprocessedKeys"]
    assert request == {}
    assert _canon(collected) == _canon(items)


# ===========================================================================
# BatchGetItem: validation
# ===========================================================================

BG_EMPTY_OLDER = "The requestItems parameter is required for BatchGetItem"
BG_EMPTY_CURRENT = ("1 validation error detected: Value at 'RequestItems' failed to satisfy "
                    "constraint: Member must have length greater than or equal to 1")


@pytest.mark.local_differs("Local: 'BatchGetItem must have some requests set' -- " + SRC_CF_EMPTY)
def test_get_empty_request_items_message(ddb):
    expect_error_one_of(lambda: ddb.batch_get_item(RequestItems={}), "ValidationException",
                        [BG_EMPTY_OLDER, BG_EMPTY_CURRENT])


@pytest.mark.parametrize("body", [{"RequestItems": {}}, {}], ids=["empty", "missing"])
def test_get_empty_or_missing_request_items_is_validation_exception(raw, body):
    expect_raw_error(raw("BatchGetItem", body), "ValidationException")


@pytest.mark.local_differs("Local: 'Cannot have null key for GetItem, DeleteItem, or UpdateItem' "
                           "-- " + SRC_CF_ORDER + "; " + SRC_DT_BG)
def test_get_return_consumed_capacity_enum_message(ddb, hash_table):
    expect_error(lambda: ddb.batch_get_item(RequestItems={hash_table: {"Keys": [_k()]}},
                                            ReturnConsumedCapacity="BOGUS"),
                 "ValidationException", "1 validation error detected: " + RCC_ENUM)


def test_get_return_consumed_capacity_enum_is_validation_exception(ddb, hash_table):
    expect_error(lambda: ddb.batch_get_item(RequestItems={hash_table: {"Keys": [_k()]}},
                                            ReturnConsumedCapacity="BOGUS"),
                 "ValidationException")


@pytest.mark.local_differs("Local looks the table up first (ResourceNotFoundException) -- "
                           + SRC_CF_ORDER + " 'BatchGetItem reports an unknown "
                           "ReturnConsumedCapacity ahead of a missing table'")
def test_get_return_consumed_capacity_enum_before_missing_table(ddb):
    expect_error(lambda: ddb.batch_get_item(RequestItems={unique_name("missing"): {"Keys": [_k()]}},
                                            ReturnConsumedCapacity="BOGUS"),
                 "ValidationException", "1 validation error detected: " + RCC_ENUM)


@pytest.mark.local_differs("Local: 'Invalid table/index name.  Table/index names must be between 3 "
                           "and 255 characters long, ...' -- " + SRC_CF_BG + " 'malformed table "
                           "name' (JSON echo); " + SRC_DT_BG + " (Java echo)")
@pytest.mark.parametrize("name", ["ab", "bad!name", "a" * 256], ids=["short", "pattern", "long"])
def test_get_bad_table_name_message(ddb, name):
    expect_error_match(lambda: ddb.batch_get_item(RequestItems={name: {"Keys": [_k("a")]}}),
                       "ValidationException", "1 validation error detected: " + BAD_NAME_RE)


@pytest.mark.parametrize("name", ["ab", "bad!name", "a" * 256], ids=["short", "pattern", "long"])
def test_get_bad_table_name_is_validation_exception(ddb, name):
    expect_error(lambda: ddb.batch_get_item(RequestItems={name: {"Keys": [_k("a")]}}),
                 "ValidationException")


@pytest.mark.local_differs("Local reports only its own table-name text -- " + SRC_CF_ORDER +
                           " 'BatchGetItem reports a malformed table name and an unknown "
                           "ReturnConsumedCapacity together' (violation order not stable: "
                           "docs/validation-messages.md section 4)")
def test_get_bad_table_name_and_enum_reported_together(ddb):
    resp = _error(lambda: ddb.batch_get_item(RequestItems={"bad!name": {"Keys": [_k("a")]}},
                                             ReturnConsumedCapacity="BOGUS"))
    assert resp["Error"]["Code"] == "ValidationException", resp
    msg = resp["Error"]["Message"]
    prefix = "2 validation errors detected: "
    assert msg.startswith(prefix), resp
    parts = msg[len(prefix):].split("; Value ")
    assert len(parts) == 2, resp
    parts[1] = "Value " + parts[1]
    assert RCC_ENUM in parts, resp
    other = [p for p in parts if p != RCC_ENUM][0]
    assert re.fullmatch(BAD_NAME_RE, other, re.S), resp


@pytest.mark.local_differs("Local: 'The list of keys in RequestItems for BatchGetItem is required: "
                           "<t> has empty list' -- " + SRC_DT_BG + " (older); " + SRC_CF_BG +
                           " 'empty Keys list' (current)")
def test_get_empty_keys_message(ddb, hash_table):
    expect_error_one_of(
        lambda: ddb.batch_get_item(RequestItems={hash_table: {"Keys": []}}), "ValidationException",
        ["1 validation error detected: Value '[]' at 'requestItems.%s.member.keys' failed to "
         "satisfy constraint: Member must have length greater than or equal to 1" % hash_table,
         "1 validation error detected: Value at 'RequestItems.%s.member.Keys' failed to satisfy "
         "constraint: Member must have length greater than or equal to 1" % hash_table])


@pytest.mark.local_differs("Local: 'The list of keys in RequestItems for BatchGetItem is required: "
                           "<t> has empty list' -- " + SRC_DT_BG + " 'short table name with no "
                           "keys' (requestItems.<t>.member.keys must not be null)")
def test_get_missing_keys_message(ddb, hash_table):
    expect_error_one_of(
        lambda: ddb.batch_get_item(RequestItems={hash_table: {"ConsistentRead": True}}),
        "ValidationException",
        ["1 validation error detected: Value null at 'requestItems.%s.member.keys' failed to "
         "satisfy constraint: Member must not be null" % hash_table,
         "1 validation error detected: Value at 'RequestItems.%s.member.Keys' failed to satisfy "
         "constraint: Member must not be null" % hash_table])


@pytest.mark.parametrize("entry", [{"Keys": []}, {"ConsistentRead": True}],
                         ids=["empty", "missing"])
@pytest.mark.parametrize("missing_table", [False, True], ids=["table", "missing-table"])
def test_get_empty_or_missing_keys_is_validation_exception(ddb, hash_table, entry, missing_table):
    name = unique_name("missing") if missing_table else hash_table
    expect_error(lambda: ddb.batch_get_item(RequestItems={name: entry}), "ValidationException")


@pytest.mark.local_differs("Local: 'Too many items requested for the BatchGetItem call' -- "
                           + SRC_DT_BG + " 'more than 100 keys' (older, Java echo of the list); "
                           + SRC_CF_BG + " '> 100 keys' (current)")
def test_get_more_than_100_keys_in_one_table_message(ddb, hash_table):
    keys = [_k("k%d" % i) for i in range(101)]
    expect_error_match(
        lambda: ddb.batch_get_item(RequestItems={hash_table: {"Keys": keys}}),
        "ValidationException",
        "1 validation error detected: Value '\\[.+\\]' at 'requestItems\\.%s\\.member\\.keys' "
        "failed to satisfy constraint: Member must have length less than or equal to 100"
        % re.escape(hash_table),
        "1 validation error detected: Value at 'RequestItems\\.%s\\.member\\.Keys' failed to "
        "satisfy constraint: Member must have length less than or equal to 100"
        % re.escape(hash_table))


@pytest.mark.parametrize("missing_table", [False, True], ids=["table", "missing-table"])
def test_get_more_than_100_keys_in_one_table_is_validation_exception(ddb, hash_table,
                                                                    missing_table):
    name = unique_name("missing") if missing_table else hash_table
    keys = [_k("k%d" % i) for i in range(101)]
    expect_error(lambda: ddb.batch_get_item(RequestItems={name: {"Keys": keys}}),
                 "ValidationException")


@pytest.mark.parametrize("missing_tables", [False, True], ids=["tables", "missing-tables"])
def test_get_more_than_100_keys_across_tables(ddb, hash_table, range_table, missing_tables):
    """-- dynalite 'more than 100 keys over multiple tables' (checked before any table lookup);
    AWS API reference BatchGetItem quotes the text."""
    t1, t2 = ((unique_name("missing"), unique_name("missing")) if missing_tables
              else (hash_table, range_table))
    expect_error(lambda: ddb.batch_get_item(RequestItems={
        t1: {"Keys": [_k("k%d" % i) for i in range(60)]},
        t2: {"Keys": [_rk("k%d" % i, "s") for i in range(41)]}}),
        "ValidationException", TOO_MANY_GET)


def test_get_exactly_100_keys_in_missing_table_is_resource_not_found(ddb):
    """-- dynalite 'exactly 100 keys and table does not exist'."""
    expect_error(lambda: ddb.batch_get_item(RequestItems={unique_name("missing"): {
        "Keys": [_k("k%d" % i) for i in range(100)]}}), "ResourceNotFoundException")


@pytest.mark.parametrize("keys", [
    [{"pk": {"S": "a"}}, {"pk": {"S": "a"}}],
    [{"pk": {"S": "a"}}, {"pk": {"S": "b"}}, {"pk": {"S": "a"}}],
], ids=["adjacent", "separated"])
def test_get_duplicate_keys(ddb, hash_table, keys):
    expect_error(lambda: ddb.batch_get_item(RequestItems={hash_table: {"Keys": keys}}),
                 "ValidationException", DUPLICATES)


def test_get_duplicate_composite_keys_in_any_attribute_order(ddb, range_table):
    """-- dynalite 'duplicated keys' ({a, b} and {b, a} are the same key)."""
    key = _rk()
    swapped = {"sk": key["sk"], "pk": key["pk"]}
    expect_error(lambda: ddb.batch_get_item(RequestItems={range_table: {"Keys": [key, swapped]}}),
                 "ValidationException", DUPLICATES)
    # same partition key, different sort keys: not duplicates (scylla test_batch_get_item_duplicate)
    ddb.batch_get_item(RequestItems={range_table: {"Keys": [key, dict(key, sk={"S": "other"})]}})


def test_get_duplicate_binary_keys(ddb, bin_hash_table):
    expect_error(lambda: ddb.batch_get_item(RequestItems={bin_hash_table: {
        "Keys": [{"pk": {"B": b"\x00\x01"}}, {"pk": {"B": b"\x00\x01"}}]}}),
        "ValidationException", DUPLICATES)


@pytest.mark.local_differs("Local compares number key values as text, accepts {N: 1} and {N: 1.0} "
                           "together and returns the item twice; AWS keys are the normalised "
                           "number -- dynalite validations/batchGetItem.js (duplicate check on the "
                           "normalised key, db.toRangeStr); Local's own BatchWriteItem rejects the "
                           "same pair as duplicates")
def test_get_duplicate_number_keys_after_normalisation(ddb, num_range_table):
    pk = {"S": rand_key()}
    ddb.put_item(TableName=num_range_table, Item={"pk": pk, "sk": {"N": "1"}})
    expect_error(lambda: ddb.batch_get_item(RequestItems={num_range_table: {
        "Keys": [{"pk": pk, "sk": {"N": "1"}}, {"pk": pk, "sk": {"N": "1.0"}}]}}),
        "ValidationException", DUPLICATES)


def test_get_missing_table_is_resource_not_found(ddb, hash_table):
    """A missing table fails the whole request, even next to an existing one."""
    expect_error(lambda: ddb.batch_get_item(RequestItems={
        hash_table: {"Keys": [_k()]}, unique_name("missing"): {"Keys": [_k()]}}),
        "ResourceNotFoundException")


@pytest.mark.local_differs(LOCAL_RNF + " -- " + SRC_ORACLE_RNF + "; " + SRC_CF_BG)
def test_get_missing_table_message(ddb):
    expect_error(lambda: ddb.batch_get_item(RequestItems={
        unique_name("missing"): {"Keys": [_k()]}}),
        "ResourceNotFoundException", "Requested resource not found")


BG_BAD_KEYS = [
    ("hash_table", {}),
    ("hash_table", {"other": {"S": "a"}}),
    ("hash_table", {"pk": {"S": "a"}, "x": {"S": "b"}}),
    ("hash_table", {"pk": {"N": "1"}}),
    ("hash_table", {"pk": {"SS": ["a"]}}),
    ("range_table", {"pk": {"S": "a"}}),
    ("range_table", {"pk": {"S": "a"}, "sk": {"N": "1"}}),
]
BG_BAD_KEY_IDS = ["empty", "wrong-name", "extra-attribute", "wrong-type", "set-type",
                  "missing-sort-key", "sort-key-wrong-type"]


@pytest.mark.local_differs("Local: 'One of the required keys was not given a value' / 'The number "
                           "of conditions on the keys is invalid' / 'One or more parameter values "
                           "were invalid: Type mismatch for key' -- " + SRC_DT_BG + " 'key does "
                           "not match schema', 'range key does not match schema'")
@pytest.mark.parametrize("fixture,key", BG_BAD_KEYS, ids=BG_BAD_KEY_IDS)
def test_get_key_not_matching_schema_message(ddb, request, fixture, key):
    table = request.getfixturevalue(fixture)
    expect_error(lambda: ddb.batch_get_item(RequestItems={table: {"Keys": [key]}}),
                 "ValidationException", NOT_MATCH)


@pytest.mark.parametrize("fixture,key", BG_BAD_KEYS, ids=BG_BAD_KEY_IDS)
def test_get_key_not_matching_schema_is_validation_exception(ddb, request, fixture, key):
    table = request.getfixturevalue(fixture)
    expect_error(lambda: ddb.batch_get_item(RequestItems={table: {"Keys": [key]}}),
                 "ValidationException")


def test_get_empty_key_in_missing_table_is_resource_not_found(ddb):
    """-- dynalite 'key is empty and table does not exist': the schema check needs the table."""
    expect_error(lambda: ddb.batch_get_item(RequestItems={unique_name("missing"): {"Keys": [{}]}}),
                 "ResourceNotFoundException")


def test_get_empty_string_and_binary_key(ddb, hash_table, bin_hash_table):
    """-- nubo tier3 batchGetItem 'empty-binary lookup key'."""
    expect_error(lambda: ddb.batch_get_item(RequestItems={hash_table: {
        "Keys": [{"pk": {"S": ""}}]}}), "ValidationException", EMPTY_S_KEY)
    expect_error(lambda: ddb.batch_get_item(RequestItems={bin_hash_table: {
        "Keys": [{"pk": {"B": b""}}]}}), "ValidationException", EMPTY_B_KEY)


@pytest.mark.local_differs("Local: 'Hash primary key values must be under 2048 bytes, and range "
                           "primary key values must be under 1024 bytes' -- " + SRC_DT_BG +
                           " 'hash key is too big', 'range key is too big'")
def test_get_key_too_large_message(ddb, hash_table, range_table):
    expect_error(lambda: ddb.batch_get_item(RequestItems={hash_table: {
        "Keys": [{"pk": {"S": "a" * 2049}}]}}), "ValidationException", HASH_TOO_LARGE)
    expect_error(lambda: ddb.batch_get_item(RequestItems={range_table: {
        "Keys": [{"pk": {"S": "a"}, "sk": {"S": "b" * 1025}}]}}), "ValidationException",
        RANGE_TOO_LARGE)


def test_get_attribute_value_error_before_table_lookup(ddb):
    """Key values are validated before any table is looked up (dynalite validations/batchGetItem.js
    custom step)."""
    name = unique_name("missing")
    expect_error(lambda: ddb.batch_get_item(RequestItems={name: {"Keys": [{"pk": {}}]}}),
                 "ValidationException", EMPTY_VALUE)


BG_EXPR_CASES = [
    ("atg-and-projection", {"AttributesToGet": ["a"], "ProjectionExpression": "a"},
     "Can not use both expression and non-expression parameters in the same request: "
     "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}"),
    ("names-without-projection", {"ExpressionAttributeNames": {"#a": "a"}},
     "ExpressionAttributeNames can only be specified when using expressions"),
    ("names-with-atg", {"AttributesToGet": ["a"], "ExpressionAttributeNames": {"#a": "a"}},
     "ExpressionAttributeNames can only be specified when using expressions"),
    ("empty-names", {"ExpressionAttributeNames": {}, "ProjectionExpression": "a"},
     "ExpressionAttributeNames must not be empty"),
    ("bad-name-key", {"ExpressionAttributeNames": {"a": "a"}, "ProjectionExpression": "a"},
     'ExpressionAttributeNames contains invalid key: Syntax error; key: "a"'),
    ("empty-projection", {"ProjectionExpression": ""},
     "Invalid ProjectionExpression: The expression can not be empty;"),
    ("syntax", {"ProjectionExpression": "a,,"},
     'Invalid ProjectionExpression: Syntax error; token: ",", near: ",,"'),
    ("reserved", {"ProjectionExpression": "name"},
     "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name"),
    ("undefined-name", {"ProjectionExpression": "#a"},
     "Invalid ProjectionExpression: An expression attribute name used in the document path is "
     "not defined; attribute name: #a"),
    ("overlap", {"ProjectionExpression": "a, a.b"},
     "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or "
     "rewrite one of these paths; path one: [a], path two: [a, b]"),
    ("same-path-via-names", {"ProjectionExpression": "#a, #b",
                             "ExpressionAttributeNames": {"#a": "a", "#b": "a"}},
     "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or "
     "rewrite one of these paths; path one: [a], path two: [a]"),
    ("unused-name", {"ProjectionExpression": "#a",
                     "ExpressionAttributeNames": {"#a": "a", "#b": "b"}},
     "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}"),
    ("atg-duplicate", {"AttributesToGet": ["a", "a"]},
     "One or more parameter values were invalid: Duplicate value in attribute name: a"),
]


@pytest.mark.parametrize("extra,message", [c[1:] for c in BG_EXPR_CASES],
                         ids=[c[0] for c in BG_EXPR_CASES])
def test_get_expression_parameter_errors(ddb, hash_table, extra, message):
    """-- dynalite test/batchGetItem.js; nubo tier3 batchGetItem (projection rejections)."""
    expect_error(lambda: ddb.batch_get_item(RequestItems={hash_table: dict(extra, Keys=[_k()])}),
                 "ValidationException", message)


def test_get_bad_projection_in_one_table_fails_the_batch(ddb, hash_table, range_table):
    """-- nubo tier3 batchGetItem 'a bad projection on one table entry rejects the whole batch'."""
    expect_error(lambda: ddb.batch_get_item(RequestItems={
        hash_table: {"Keys": [_k()], "ProjectionExpression": "a, a"},
        range_table: {"Keys": [_rk()], "ProjectionExpression": "a"}}),
        "ValidationException",
        "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or "
        "rewrite one of these paths; path one: [a], path two: [a]")


def test_get_projection_in_one_table_atg_in_another_is_rejected(ddb, hash_table, range_table):
    """-- nubo tier3 batchGetItem 'mixing ProjectionExpression on one table and AttributesToGet on
    another is rejected' (code only; Local's text is the single-table one)."""
    expect_error(lambda: ddb.batch_get_item(RequestItems={
        hash_table: {"Keys": [_k()], "ProjectionExpression": "pk"},
        range_table: {"Keys": [_rk()], "AttributesToGet": ["pk"]}}), "ValidationException")


def test_get_empty_attributes_to_get_is_validation_exception(ddb, hash_table):
    expect_error(lambda: ddb.batch_get_item(RequestItems={hash_table: {
        "Keys": [_k()], "AttributesToGet": []}}), "ValidationException")


# --- precedence -------------------------------------------------------------

def test_get_order_duplicates_before_missing_table(ddb):
    """-- dynalite validations/batchGetItem.js (duplicates are a request check)."""
    expect_error(lambda: ddb.batch_get_item(RequestItems={unique_name("missing"): {
        "Keys": [_k("a"), _k("a")]}}), "ValidationException", DUPLICATES)


def test_get_order_expression_mix_before_missing_table(ddb):
    expect_error(lambda: ddb.batch_get_item(RequestItems={unique_name("missing"): {
        "Keys": [_k()], "AttributesToGet": ["a"], "ProjectionExpression": "a"}}),
        "ValidationException", BG_EXPR_CASES[0][2])


@pytest.mark.local_differs("Local looks the table up before checking unused names -- "
                           + SRC_DV_BG + " (validateExpressions runs before the table lookup); "
                           "GetItem order G8 before G9 in docs/validation-messages.md")
def test_get_order_unused_names_before_missing_table(ddb):
    expect_error(lambda: ddb.batch_get_item(RequestItems={unique_name("missing"): {
        "Keys": [_k()], "ProjectionExpression": "#a",
        "ExpressionAttributeNames": {"#a": "a", "#b": "b"}}}),
        "ValidationException",
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}")


def test_get_order_duplicates_before_key_schema(ddb, hash_table):
    """-- dynalite: duplicates are found on the keys as sent, before the schema is consulted."""
    expect_error(lambda: ddb.batch_get_item(RequestItems={hash_table: {
        "Keys": [{"x": {"S": "a"}}, {"x": {"S": "a"}}]}}), "ValidationException", DUPLICATES)
    expect_error(lambda: ddb.batch_get_item(RequestItems={hash_table: {
        "Keys": [{"pk": {"S": ""}}, {"pk": {"S": ""}}]}}), "ValidationException", DUPLICATES)


def test_get_order_duplicates_before_projection(ddb, hash_table):
    expect_error(lambda: ddb.batch_get_item(RequestItems={hash_table: {
        "Keys": [_k("a"), _k("a")], "ProjectionExpression": "a, a"}}),
        "ValidationException", DUPLICATES)


@pytest.mark.local_differs("Local checks the key against the schema before the projection -- "
                           + SRC_DV_BG + " (projection validated before the table lookup, key "
                           "schema after it)")
def test_get_order_projection_before_key_schema(ddb, hash_table):
    expect_error(lambda: ddb.batch_get_item(RequestItems={hash_table: {
        "Keys": [{"x": {"S": "a"}}], "ProjectionExpression": "a, a"}}),
        "ValidationException",
        "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or "
        "rewrite one of these paths; path one: [a], path two: [a]")


# ===========================================================================
# BatchWriteItem: results and shapes
# ===========================================================================

def test_write_puts_to_several_tables(raw, ddb, hash_table, range_table):
    """-- dynalite 'write a single item to each table': the answer is exactly
    {UnprocessedItems: {}}."""
    h = dict(_k(), c={"S": "c"})
    r = dict(_rk(), c={"S": "c"})
    resp = raw("BatchWriteItem", {"RequestItems": {hash_table: [_put(h)], range_table: [_put(r)]}})
    assert resp.status == 200
    assert resp.json() == {"UnprocessedItems": {}}
    assert _get(ddb, hash_table, {"pk": h["pk"]}) == h
    assert _get(ddb, range_table, {"pk": r["pk"], "sk": r["sk"]}) == r


def test_write_deletes_from_several_tables(ddb, hash_table, range_table):
    h, r = _k(), _rk()
    ddb.put_item(TableName=hash_table, Item=h)
    ddb.put_item(TableName=range_table, Item=r)
    resp = ddb.batch_write_item(RequestItems={hash_table: [_del(h), _del(_k())],
                                              range_table: [_del(r)]})
    assert resp["UnprocessedItems"] == {}
    assert "ConsumedCapacity" not in resp and "ItemCollectionMetrics" not in resp
    assert _get(ddb, hash_table, h) is None
    assert _get(ddb, range_table, r) is None


def test_write_puts_and_deletes_together(ddb, hash_table):
    old, new = dict(_k(), c={"S": "old"}), dict(_k(), c={"S": "new"})
    ddb.put_item(TableName=hash_table, Item=old)
    ddb.batch_write_item(RequestItems={hash_table: [_del({"pk": old["pk"]}), _put(new)]})
    assert _get(ddb, hash_table, {"pk": old["pk"]}) is None
    assert _get(ddb, hash_table, {"pk": new["pk"]}) == new


def test_write_put_replaces_the_whole_item(ddb, hash_table):
    """-- scylla test_batch_put_item_replace."""
    key = _k()
    ddb.batch_write_item(RequestItems={hash_table: [_put(dict(key, a={"S": "hi"}))]})
    ddb.batch_write_item(RequestItems={hash_table: [_put(dict(key, b={"S": "hello"}))]})
    assert _get(ddb, hash_table, key) == dict(key, b={"S": "hello"})


def test_write_25_requests(ddb, hash_table):
    existing = [_k() for _ in range(12)]
    _write_all(ddb, {hash_table: [_put(k) for k in existing]})
    new = [dict(_k(), n={"N": str(i)}) for i in range(13)]
    resp = ddb.batch_write_item(RequestItems={hash_table: [_del(k) for k in existing] +
                                              [_put(i) for i in new]})
    assert resp["UnprocessedItems"] == {}
    assert all(_get(ddb, hash_table, k) is None for k in existing)
    assert all(_get(ddb, hash_table, {"pk": i["pk"]}) == i for i in new)


def test_write_same_key_in_two_tables_is_not_a_duplicate(ddb, hash_table, gsi_table):
    """-- scylla test_batch_write_nonduplicate_multiple_tables."""
    key = _k()
    ddb.batch_write_item(RequestItems={hash_table: [_put(dict(key, a={"S": "hi"}))],
                                       gsi_table: [_put(dict(key, b={"S": "hello"}))]})
    assert _get(ddb, hash_table, key) == dict(key, a={"S": "hi"})
    assert _get(ddb, gsi_table, key) == dict(key, b={"S": "hello"})


@pytest.mark.parametrize("bad", ["key", "second-table-missing", "too-large"])
def test_write_invalid_request_writes_nothing(ddb, hash_table, range_table, bad):
    """The whole batch is validated before anything is written. -- scylla
    test_batch_write_invalid_operation; AWS API reference BatchWriteItem."""
    good = [_k() for _ in range(3)]
    good_r = _rk()
    requests = {hash_table: [_put(k) for k in good], range_table: [_put(good_r)]}
    if bad == "key":
        requests[hash_table].insert(1, _put({"pk": {"N": "3"}}))
    elif bad == "second-table-missing":
        requests[unique_name("missing")] = [_put(_k())]
    else:
        requests[range_table].append(_put(dict(_rk(), d={"S": "x" * 409600})))
    with pytest.raises(ClientError):
        ddb.batch_write_item(RequestItems=requests)
    assert all(_get(ddb, hash_table, k) is None for k in good)
    assert _get(ddb, range_table, good_r) is None


def test_write_maintains_gsi(ddb, gsi_table):
    g1, g2 = rand_key("g"), rand_key("g")

    def by_g(g):
        items = ddb.query(TableName=gsi_table, IndexName="by_g", KeyConditionExpression="g = :g",
                          ExpressionAttributeValues={":g": {"S": g}})["Items"]
        return _canon(items)

    a = dict(_k(), g={"S": g1}, v={"S": "a"})
    b = dict(_k(), g={"S": g1}, v={"S": "b"})
    c = dict(_k(), v={"S": "no index key"})
    ddb.batch_write_item(RequestItems={gsi_table: [_put(a), _put(b), _put(c)]})
    _eventually(lambda: by_g(g1), _canon([a, b]))
    a2 = dict(a, g={"S": g2})              # moves a to g2
    ddb.batch_write_item(RequestItems={gsi_table: [_put(a2), _del({"pk": b["pk"]}),
                                                   _put(dict(c, g={"S": g2}))]})
    _eventually(lambda: by_g(g1), [])
    _eventually(lambda: by_g(g2), _canon([a2, dict(c, g={"S": g2})]))


def test_write_condition_expression_is_not_part_of_the_api(raw, ddb, hash_table):
    """BatchWriteItem has no conditions (AWS API reference BatchWriteItem; botocore model:
    PutRequest has only Item). A ConditionExpression in the request is an unknown member, which
    DynamoDB ignores (docs/validation-messages.md section 2): the put is unconditional."""
    key = _k()
    ddb.put_item(TableName=hash_table, Item=dict(key, v={"S": "old"}))
    new = dict(key, v={"S": "new"})
    resp = raw("BatchWriteItem", {
        "RequestItems": {hash_table: [{"PutRequest": {
            "Item": new, "ConditionExpression": "attribute_not_exists(pk)"}}]},
        "ConditionExpression": "attribute_not_exists(pk)"})
    assert resp.status == 200, resp
    assert _get(ddb, hash_table, key) == new


def test_write_condition_expression_rejected_by_the_sdk(target, endpoint_url, hash_table):
    kwargs = _client_kwargs(target, endpoint_url)
    kwargs["config"] = kwargs["config"].merge(Config(parameter_validation=True))
    client = boto3.client("dynamodb", **kwargs)
    with pytest.raises(ParamValidationError):
        client.batch_write_item(RequestItems={hash_table: [{"PutRequest": {
            "Item": _k(), "ConditionExpression": "attribute_not_exists(pk)"}}]})


# ---------------------------------------------------------------------------
# boto3 Table.batch_writer
# ---------------------------------------------------------------------------

@pytest.fixture
def resource(target, endpoint_url):
    return boto3.resource("dynamodb", **_client_kwargs(target, endpoint_url))


def test_batch_writer_overwrite_by_pkeys(ddb, resource, range_table):
    """boto3 flushes every 25 requests; overwrite_by_pkeys drops a buffered request for the same
    key, so repeated keys never reach DynamoDB in one call. 60 puts, 6 overwrites, 6 deletes."""
    pk = rand_key()
    expected = {}
    with resource.Table(range_table).batch_writer(overwrite_by_pkeys=["pk", "sk"]) as bw:
        for i in range(60):
            bw.put_item(Item={"pk": pk, "sk": "s%02d" % i, "v": i})
            expected["s%02d" % i] = str(i)
        for i in range(0, 60, 10):
            bw.put_item(Item={"pk": pk, "sk": "s%02d" % i, "v": -i})
            expected["s%02d" % i] = str(-i)
        for i in range(5, 60, 10):
            bw.delete_item(Key={"pk": pk, "sk": "s%02d" % i})
            del expected["s%02d" % i]
        # back-to-back requests for one key inside one buffer: only the last is sent
        bw.put_item(Item={"pk": pk, "sk": "dup", "v": 1})
        bw.put_item(Item={"pk": pk, "sk": "dup", "v": 2})
        expected["dup"] = "2"
    items = ddb.query(TableName=range_table, KeyConditionExpression="pk = :p",
                      ExpressionAttributeValues={":p": {"S": pk}}, ConsistentRead=True)["Items"]
    assert {it["sk"]["S"]: it["v"]["N"] for it in items} == expected


def test_batch_writer_without_overwrite_sends_duplicates(resource, range_table):
    """-- scylla test_batch_write_duplicate_write: two puts of one key in one flush are rejected."""
    pk = rand_key()
    with pytest.raises(ClientError) as excinfo:
        with resource.Table(range_table).batch_writer() as bw:
            bw.put_item(Item={"pk": pk, "sk": "a"})
            bw.put_item(Item={"pk": pk, "sk": "a"})
    assert excinfo.value.response["Error"]["Code"] == "ValidationException"
    assert excinfo.value.response["Error"]["Message"] == DUPLICATES


# ===========================================================================
# BatchWriteItem: ConsumedCapacity and ItemCollectionMetrics
# ===========================================================================

def _sized(total):
    item = _k()
    item["b"] = {"S": "b" * (total - _s_size(item) - 1)}
    assert _s_size(item) == total
    return item


def test_write_consumed_capacity_total(ddb, hash_table, range_table):
    """One entry per table; 1 write unit per KB (rounded up per item). -- dynalite 'ConsumedCapacity
    from each specified table when putting'."""
    resp = ddb.batch_write_item(RequestItems={
        hash_table: [_put(_sized(1024)), _put(_sized(1025)), _put(_k())],
        range_table: [_put(_rk())]}, ReturnConsumedCapacity="TOTAL")
    assert resp["UnprocessedItems"] == {}
    assert _by_table(resp["ConsumedCapacity"]) == {
        hash_table: {"TableName": hash_table, "CapacityUnits": 4.0},
        range_table: {"TableName": range_table, "CapacityUnits": 1.0}}


def test_write_consumed_capacity_indexes(ddb, hash_table, gsi_table):
    resp = ddb.batch_write_item(RequestItems={
        hash_table: [_put(_k()), _put(_k())],
        gsi_table: [_put(dict(_k(), g={"S": "x"})), _put(_k())]},
        ReturnConsumedCapacity="INDEXES")
    assert _by_table(resp["ConsumedCapacity"]) == {
        hash_table: {"TableName": hash_table, "CapacityUnits": 2.0,
                     "Table": {"CapacityUnits": 2.0}},
        gsi_table: {"TableName": gsi_table, "CapacityUnits": 3.0, "Table": {"CapacityUnits": 2.0},
                    "GlobalSecondaryIndexes": {"by_g": {"CapacityUnits": 1.0}}}}


def test_write_replacing_put_charges_the_larger_item(ddb, hash_table):
    item = _sized(3000)
    ddb.put_item(TableName=hash_table, Item=item)
    resp = ddb.batch_write_item(RequestItems={hash_table: [_put({"pk": item["pk"]})]},
                                ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"] == [{"TableName": hash_table, "CapacityUnits": 3.0}]


@pytest.mark.local_differs("Local charges 2 write units for deleting an item that does not exist; "
                           "AWS charges 1 -- " + SRC_DT_BW + " 'putting and deleting larger item' "
                           "(second INDEXES delete of already deleted items: 2 for two keys)")
def test_write_delete_of_missing_items_costs_one_unit_each(ddb, hash_table):
    resp = ddb.batch_write_item(RequestItems={hash_table: [_del(_k()), _del(_k())]},
                                ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"] == [{"TableName": hash_table, "CapacityUnits": 2.0}]


@pytest.mark.parametrize("rcc", ["NONE", None], ids=["NONE", "absent"])
def test_write_no_consumed_capacity_unless_asked(ddb, hash_table, rcc):
    kw = {"ReturnConsumedCapacity": rcc} if rcc else {}
    assert "ConsumedCapacity" not in ddb.batch_write_item(
        RequestItems={hash_table: [_put(_k())]}, **kw)


def test_write_item_collection_metrics_only_for_lsi_tables(ddb, hash_table, gsi_table):
    """Tables without an LSI never get ItemCollectionMetrics (LSI tables:
    test_item_collections.py)."""
    resp = ddb.batch_write_item(RequestItems={hash_table: [_put(_k())],
                                              gsi_table: [_put(dict(_k(), g={"S": "x"}))]},
                                ReturnItemCollectionMetrics="SIZE")
    assert resp["UnprocessedItems"] == {}
    assert not resp.get("ItemCollectionMetrics"), resp


# ===========================================================================
# BatchWriteItem: validation
# ===========================================================================

BW_EMPTY_OLDER = "The requestItems parameter is required for BatchWriteItem"
BW_EMPTY_CURRENT = ("1 validation error detected: Value at 'RequestItems' failed to satisfy "
                    "constraint: Member must have length greater than or equal to 1")


@pytest.mark.local_differs("Local: 'BatchWriteItem cannot have a null or no requests set' -- "
                           + SRC_CF_BW + " 'empty RequestItems' (both wordings accepted)")
def test_write_empty_request_items_message(ddb):
    expect_error_one_of(lambda: ddb.batch_write_item(RequestItems={}), "ValidationException",
                        [BW_EMPTY_OLDER, BW_EMPTY_CURRENT])


@pytest.mark.parametrize("body", [{"RequestItems": {}}, {}], ids=["empty", "missing"])
def test_write_empty_or_missing_request_items_is_validation_exception(raw, body):
    expect_raw_error(raw("BatchWriteItem", body), "ValidationException")


@pytest.mark.local_differs("Local: 'Cannot have null key for GetItem, DeleteItem, or UpdateItem' "
                           "(RCC) and accepts any ReturnItemCollectionMetrics -- " + SRC_CF_ORDER)
@pytest.mark.parametrize("kw,message", [
    ({"ReturnConsumedCapacity": "BOGUS"}, "1 validation error detected: " + RCC_ENUM),
    ({"ReturnItemCollectionMetrics": "BOGUS2"}, "1 validation error detected: " + RICM_ENUM),
    ({"ReturnConsumedCapacity": "BOGUS", "ReturnItemCollectionMetrics": "BOGUS2"},
     "2 validation errors detected: " + RCC_ENUM + "; " + RICM_ENUM),
], ids=["rcc", "ricm", "both"])
def test_write_enum_messages(ddb, hash_table, kw, message):
    key = _k()
    expect_error(lambda: ddb.batch_write_item(RequestItems={hash_table: [_put(key)]}, **kw),
                 "ValidationException", message)
    assert _get(ddb, hash_table, key) is None


def test_write_return_consumed_capacity_enum_is_validation_exception(ddb, hash_table):
    key = _k()
    expect_error(lambda: ddb.batch_write_item(RequestItems={hash_table: [_put(key)]},
                                              ReturnConsumedCapacity="BOGUS"),
                 "ValidationException")
    assert _get(ddb, hash_table, key) is None


@pytest.mark.local_differs("Local looks the table up first (ResourceNotFoundException) -- "
                           + SRC_CF_ORDER + " 'BatchWriteItem reports an unknown "
                           "ReturnConsumedCapacity ahead of a missing table'")
def test_write_enum_before_missing_table(ddb):
    expect_error(lambda: ddb.batch_write_item(RequestItems={unique_name("missing"): [_put(_k())]},
                                              ReturnConsumedCapacity="BOGUS"),
                 "ValidationException", "1 validation error detected: " + RCC_ENUM)


@pytest.mark.local_differs("Local: 'Invalid table/index name.  Table/index names must be between 3 "
                           "and 255 characters long, ...' -- " + SRC_DT_BW + " 'short table name'")
@pytest.mark.parametrize("name", ["ab", "bad!name", "a" * 256], ids=["short", "pattern", "long"])
def test_write_bad_table_name_message(ddb, name):
    expect_error_match(lambda: ddb.batch_write_item(RequestItems={name: [_put(_k("a"))]}),
                       "ValidationException", "1 validation error detected: " + BAD_NAME_RE)


@pytest.mark.parametrize("name", ["ab", "bad!name", "a" * 256], ids=["short", "pattern", "long"])
def test_write_bad_table_name_is_validation_exception(ddb, name):
    expect_error(lambda: ddb.batch_write_item(RequestItems={name: [_put(_k("a"))]}),
                 "ValidationException")


@pytest.mark.local_differs("Local: 'The batch write request list for a table cannot be null or "
                           "empty: <t>' -- " + SRC_DT_BW + " 'empty list in RequestItems' (Map "
                           "value constraint; echo {<t>=[]})")
def test_write_empty_request_list_message(ddb, hash_table):
    expect_error_one_of(
        lambda: ddb.batch_write_item(RequestItems={hash_table: []}), "ValidationException",
        ["1 validation error detected: Value '{%s=[]}' at 'requestItems' failed to satisfy "
         "constraint: Map value must satisfy constraint: [Member must have length less than or "
         "equal to 25, Member must have length greater than or equal to 1]" % hash_table,
         "1 validation error detected: Value at 'RequestItems.%s.member' failed to satisfy "
         "constraint: Member must have length greater than or equal to 1" % hash_table])


@pytest.mark.parametrize("missing_table", [False, True], ids=["table", "missing-table"])
def test_write_empty_request_list_is_validation_exception(ddb, hash_table, missing_table):
    name = unique_name("missing") if missing_table else hash_table
    expect_error(lambda: ddb.batch_write_item(RequestItems={name: []}), "ValidationException")


def _26(n=26):
    return [_put(_k("k%d" % i)) if i % 2 else _del(_k("k%d" % i)) for i in range(n)]


@pytest.mark.local_differs("Local: 'Too many items requested for the BatchWriteItem call' -- "
                           + SRC_CF_BW + " '> 25 requests' (older: Java echo of the map; current: "
                           "member path)")
def test_write_more_than_25_requests_message(ddb, hash_table):
    t = re.escape(hash_table)
    expect_error_match(
        lambda: ddb.batch_write_item(RequestItems={hash_table: _26()}), "ValidationException",
        "1 validation error detected: Value '\\{%s=\\[.+\\]\\}' at 'requestItems' failed to "
        "satisfy constraint: Map value must satisfy constraint: \\[Member must have length less "
        "than or equal to 25, Member must have length greater than or equal to 1\\]" % t,
        "1 validation error detected: Value at 'RequestItems\\.%s\\.member' failed to satisfy "
        "constraint: Member must have length less than or equal to 25" % t)


@pytest.mark.parametrize("missing_table", [False, True], ids=["table", "missing-table"])
def test_write_more_than_25_requests_is_validation_exception(ddb, hash_table, missing_table):
    name = unique_name("missing") if missing_table else hash_table
    expect_error(lambda: ddb.batch_write_item(RequestItems={name: _26()}), "ValidationException")


def test_write_more_than_25_requests_across_tables(ddb, hash_table, range_table):
    """13 + 13: each list is within its limit, the batch is not. -- AWS API reference BatchWriteItem
    ('There are more than 25 requests in the batch'); Local's text is in docs/batch-messages.md."""
    keys = [_k() for _ in range(13)]
    expect_error(lambda: ddb.batch_write_item(RequestItems={
        hash_table: [_put(k) for k in keys],
        range_table: [_put(_rk()) for _ in range(13)]}), "ValidationException")
    assert all(_get(ddb, hash_table, k) is None for k in keys)


def test_write_exactly_25_requests_in_missing_table_is_resource_not_found(ddb):
    """-- dynalite 'exactly 25 items and table does not exist'."""
    expect_error(lambda: ddb.batch_write_item(RequestItems={unique_name("missing"): _26(25)}),
                 "ResourceNotFoundException")


@pytest.mark.parametrize("entry", [{}, {"PutRequest": {"Item": {"pk": {"S": "a"}}},
                                        "DeleteRequest": {"Key": {"pk": {"S": "a"}}}}],
                         ids=["empty", "put-and-delete"])
def test_write_request_must_hold_exactly_one_of_put_or_delete(ddb, hash_table, entry):
    """Empty entry: dynalite 'empty item in RequestItems' (AWS); an entry with both members gets the
    same text from Local (the check is 'exactly one member set')."""
    expect_error(lambda: ddb.batch_write_item(RequestItems={hash_table: [entry]}),
                 "ValidationException", EMPTY_ENTRY)


@pytest.mark.local_differs("Local: 'The supplied Item contains a null AttributeValue' -- "
                           + SRC_DT_BW + " 'incorrect attributes' (Value null at "
                           "'requestItems.<t>.member.1.member.putRequest.item')")
@pytest.mark.parametrize("entry,path", [({"PutRequest": {}}, "putRequest.item"),
                                        ({"DeleteRequest": {}}, "deleteRequest.key")],
                         ids=["put-without-item", "delete-without-key"])
def test_write_request_without_item_or_key_message(ddb, hash_table, entry, path):
    expect_error(lambda: ddb.batch_write_item(RequestItems={hash_table: [_put(_k()), entry]}),
                 "ValidationException",
                 "1 validation error detected: Value null at 'requestItems.%s.member.2.member.%s' "
                 "failed to satisfy constraint: Member must not be null" % (hash_table, path))


@pytest.mark.parametrize("entry", [{"PutRequest": {}}, {"DeleteRequest": {}}],
                         ids=["put-without-item", "delete-without-key"])
def test_write_request_without_item_or_key_is_validation_exception(ddb, hash_table, entry):
    expect_error(lambda: ddb.batch_write_item(RequestItems={hash_table: [entry]}),
                 "ValidationException")


@pytest.mark.parametrize("first,second", [("put", "put"), ("put", "delete"), ("delete", "put"),
                                          ("delete", "delete")])
def test_write_duplicate_keys(ddb, hash_table, first, second):
    key = _k()
    reqs = {"put": _put(dict(key, c={"S": "c"})), "delete": _del(key)}
    other = _k()
    expect_error(lambda: ddb.batch_write_item(RequestItems={hash_table: [
        reqs[first], _put(other), reqs[second]]}), "ValidationException", DUPLICATES)
    assert _get(ddb, hash_table, other) is None


def test_write_duplicate_composite_and_number_keys(ddb, range_table, num_range_table):
    key = _rk()
    expect_error(lambda: ddb.batch_write_item(RequestItems={range_table: [
        _put(key), _del({"sk": key["sk"], "pk": key["pk"]})]}), "ValidationException", DUPLICATES)
    pk = {"S": rand_key()}
    expect_error(lambda: ddb.batch_write_item(RequestItems={num_range_table: [
        _put({"pk": pk, "sk": {"N": "1"}}), _del({"pk": pk, "sk": {"N": "1.00"}})]}),
        "ValidationException", DUPLICATES)
    # one key component shared, the other not: fine (scylla test_batch_write_duplicate_write)
    ddb.batch_write_item(RequestItems={range_table: [_put(key), _put(dict(key, sk={"S": "x"})),
                                                     _put(dict(key, pk={"S": rand_key()}))]})


def test_write_missing_table_is_resource_not_found(ddb, hash_table):
    expect_error(lambda: ddb.batch_write_item(RequestItems={unique_name("missing"): [_put(_k())]}),
                 "ResourceNotFoundException")


@pytest.mark.local_differs(LOCAL_RNF + " -- " + SRC_ORACLE_RNF + "; " + SRC_CF_BW)
def test_write_missing_table_message(ddb):
    expect_error(lambda: ddb.batch_write_item(RequestItems={unique_name("missing"): [_put(_k())]}),
                 "ResourceNotFoundException", "Requested resource not found")


BW_BAD_KEYS = [
    ("hash_table", "put", {}),
    ("hash_table", "put", {"other": {"S": "a"}}),
    ("hash_table", "put", {"pk": {"N": "5"}}),
    ("hash_table", "put", {"pk": {"L": [{"S": "x"}]}}),
    ("range_table", "put", {"pk": {"S": "a"}}),
    ("hash_table", "delete", {}),
    ("hash_table", "delete", {"other": {"S": "a"}}),
    ("hash_table", "delete", {"pk": {"S": "a"}, "x": {"S": "b"}}),
    ("hash_table", "delete", {"pk": {"N": "5"}}),
    ("range_table", "delete", {"pk": {"S": "a"}}),
]
BW_BAD_KEY_IDS = ["put-empty", "put-wrong-name", "put-wrong-type", "put-list",
                  "put-missing-sort-key", "delete-empty", "delete-wrong-name",
                  "delete-extra-attribute", "delete-wrong-type", "delete-missing-sort-key"]


def _req(kind, value):
    return _put(value) if kind == "put" else _del(value)


@pytest.mark.local_differs("Local: 'One of the required keys was not given a value' / 'One or more "
                           "parameter values were invalid: Type mismatch for key' / 'Invalid "
                           "attribute value type' / 'The number of conditions on the keys is "
                           "invalid' -- " + SRC_DT_BW + " 'key does not match schema'; " + SRC_CF_BW
                           + " 'wrong-typed' / 'non-scalar table key' (four regions)")
@pytest.mark.parametrize("fixture,kind,value", BW_BAD_KEYS, ids=BW_BAD_KEY_IDS)
def test_write_key_not_matching_schema_message(ddb, request, fixture, kind, value):
    table = request.getfixturevalue(fixture)
    expect_error(lambda: ddb.batch_write_item(RequestItems={table: [_req(kind, value)]}),
                 "ValidationException", NOT_MATCH)


@pytest.mark.parametrize("fixture,kind,value", BW_BAD_KEYS, ids=BW_BAD_KEY_IDS)
def test_write_key_not_matching_schema_is_validation_exception(ddb, request, fixture, kind, value):
    table = request.getfixturevalue(fixture)
    expect_error(lambda: ddb.batch_write_item(RequestItems={table: [_req(kind, value)]}),
                 "ValidationException")


@pytest.mark.parametrize("kind", ["put", "delete"])
def test_write_empty_string_and_binary_key(ddb, hash_table, bin_hash_table, kind):
    """-- nubo tier3 batchWriteItem 'empty-string table key', 'empty-binary put/delete-request
    key'."""
    expect_error(lambda: ddb.batch_write_item(RequestItems={hash_table: [
        _req(kind, {"pk": {"S": ""}})]}), "ValidationException", EMPTY_S_KEY)
    expect_error(lambda: ddb.batch_write_item(RequestItems={bin_hash_table: [
        _req(kind, {"pk": {"B": b""}})]}), "ValidationException", EMPTY_B_KEY)


@pytest.mark.local_differs("Local: 'Hash primary key values must be under 2048 bytes, and range "
                           "primary key values must be under 1024 bytes' -- " + SRC_DT_BW +
                           " 'hash key is too big', 'range key is too big'")
def test_write_key_too_large_message(ddb, hash_table, range_table):
    expect_error(lambda: ddb.batch_write_item(RequestItems={hash_table: [
        _put({"pk": {"S": "a" * 2049}})]}), "ValidationException", HASH_TOO_LARGE)
    expect_error(lambda: ddb.batch_write_item(RequestItems={range_table: [
        _put({"pk": {"S": "a"}, "sk": {"S": "b" * 1025}})]}), "ValidationException",
        RANGE_TOO_LARGE)


def test_write_item_too_large(ddb, hash_table):
    """409600 bytes is accepted, one more byte is not. -- dynalite 'item is too big'."""
    ok = _sized(409600)
    ddb.batch_write_item(RequestItems={hash_table: [_put(ok)]})
    assert _get(ddb, hash_table, {"pk": ok["pk"]}) == ok
    big = _sized(409601)
    expect_error(lambda: ddb.batch_write_item(RequestItems={hash_table: [_put(big)]}),
                 "ValidationException", ITEM_TOO_LARGE)


# --- precedence -------------------------------------------------------------

def test_write_order_item_size_before_missing_table(ddb):
    """-- dynalite 'item is too big' (table 'abc' does not exist) vs 'just small enough' (RNF)."""
    name = unique_name("missing")
    expect_error(lambda: ddb.batch_write_item(RequestItems={name: [_put(_sized(409601))]}),
                 "ValidationException", ITEM_TOO_LARGE)
    expect_error(lambda: ddb.batch_write_item(RequestItems={name: [_put(_sized(409600))]}),
                 "ResourceNotFoundException")


@pytest.mark.parametrize("kind", ["put", "delete"])
def test_write_order_attribute_values_before_missing_table(ddb, kind):
    name = unique_name("missing")
    value = {"pk": {"S": "a"}, "v": {}} if kind == "put" else {"pk": {}}
    expect_error(lambda: ddb.batch_write_item(RequestItems={name: [_req(kind, value)]}),
                 "ValidationException", EMPTY_VALUE)


def test_write_order_missing_table_before_duplicates_and_key_schema(ddb):
    """-- dynalite 'check table exists first before checking for duplicate keys', 'key is empty and
    table does not exist'."""
    name = unique_name("missing")
    key = _k()
    expect_error(lambda: ddb.batch_write_item(RequestItems={name: [_put(key), _del(key)]}),
                 "ResourceNotFoundException")
    expect_error(lambda: ddb.batch_write_item(RequestItems={name: [_put({})]}),
                 "ResourceNotFoundException")


def test_write_order_each_request_validated_before_its_duplicate_check(ddb, hash_table):
    """Requests are checked in order, each one's key before the duplicate check: a bad first key
    wins over a later duplicate, a duplicate wins over a later bad key (dynalite
    actions/batchWriteItem.js)."""
    empty = {"pk": {"S": ""}}
    expect_error(lambda: ddb.batch_write_item(RequestItems={hash_table: [
        _put(empty), _put(empty)]}), "ValidationException", EMPTY_S_KEY)
    key = _k()
    expect_error(lambda: ddb.batch_write_item(RequestItems={hash_table: [
        _put(key), _put(key), _put(empty)]}), "ValidationException", DUPLICATES)


def test_write_order_item_size_before_key_and_duplicates(ddb, hash_table):
    """Item size is a request check: it wins over key errors and duplicates of earlier requests."""
    big = _sized(409601)
    expect_error(lambda: ddb.batch_write_item(RequestItems={hash_table: [
        _put({"pk": {"S": ""}}), _put(big)]}), "ValidationException", ITEM_TOO_LARGE)
    expect_error(lambda: ddb.batch_write_item(RequestItems={hash_table: [
        _put({"pk": big["pk"]}), _put(big)]}), "ValidationException", ITEM_TOO_LARGE)


def test_write_order_empty_entry_before_missing_table(ddb):
    """-- dynalite validations/batchWriteItem.js (the empty-request check precedes the lookup)."""
    expect_error(lambda: ddb.batch_write_item(RequestItems={unique_name("missing"): [{}]}),
                 "ValidationException", EMPTY_ENTRY)
