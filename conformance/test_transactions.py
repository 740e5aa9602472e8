"""TransactWriteItems and TransactGetItems: all-or-nothing writes, CancellationReasons, the
validation texts and which of them are request-level ValidationExceptions and which are
per-action ValidationError cancellation reasons, the 100-action and 4 MB limits, index
maintenance, ClientRequestToken idempotency, ConsumedCapacity, and a small money-transfer
concurrency test.

Texts and check order are catalogued in docs/transaction-messages.md. Where DynamoDB Local 1.25.1
differs from AWS the test carries `local_differs` with its source; texts marked DERIVED in the
reasons follow the Coral rendering rules of docs/validation-messages.md section 4 and the
botocore model (member path, constraint) without a capture of the exact string.

boto3 fills in a random ClientRequestToken for every transact_write_items call (the model marks it
idempotencyToken), so tests that need no token, or a hand-made one, use the raw client.
"""

import concurrent.futures
import json
import os
import random
import re
import time
import uuid

import pytest
from botocore.exceptions import ClientError

from helpers import eventually, expect_error, expect_raw_error, get_consistent, nested_maps, rand_key, unique_name


# ---------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------

SRC_CF_TW = ("nubo-db/dynamodb-conformance tests/tier3/error-messages/transactWriteItems.test.ts "
             "(AWS captures, eu-west-2 and four regions 2026-06)")
SRC_CF_TG = "nubo-db/dynamodb-conformance tests/tier3/error-messages/transactGetItems.test.ts (AWS)"
SRC_CF_TG2 = "nubo-db/dynamodb-conformance tests/tier2/transactions/transactGet.test.ts (AWS)"
SRC_CF_SIZE = ("nubo-db/dynamodb-conformance tests/tier3/limits/itemSizeBySurface.test.ts "
               "(eu-west-2 capture 2026-08-18)")
SRC_SC = "scylladb test/alternator/test_transact.py (written to pass on AWS)"
SRC_MOTO = ("getmoto/moto tests/test_dynamodb/test_dynamodb_transact.py "
            "test_transact_write_items_failure__return_item (aws_verified)")
SRC_BOTO_DOC = ("botocore service-2.json TransactionCanceledException documentation "
                "(ValidationError messages of update-time failures)")
SRC_DX_CAP = ("nubo-db/dynoxide tests/transactional_index_consumed_capacity.rs (AWS eu-west-2 "
              "capture 2026-08-13)")
SRC_LS_SNAP = "localstack tests/aws/services/dynamodb/test_dynamodb.snapshot.json (recorded on AWS)"
DERIVED = ("DERIVED from the Coral format (docs/validation-messages.md section 4) and the botocore "
           "model")

LOCAL_RNF = "Local: 'Cannot do operations on a non-existent table'"

# ---------------------------------------------------------------------------
# Texts
# ---------------------------------------------------------------------------

CANCELLED = "Transaction cancelled, please refer cancellation reasons for specific reasons [%s]"
COND_FAILED = "The conditional request failed"
MULTIPLE_OPS = "Transaction request cannot include multiple operations on one item"
NOT_MATCH = "The provided key element does not match the schema"
ITEM_TOO_LARGE = "Item size has exceeded the maximum allowed size"
UPDATE_TOO_LARGE = "Item size to update has exceeded the maximum allowed size"
PAYLOAD_TOO_LARGE = "Transaction payload size cannot exceed 4MB. Payload Size: %d"
EMPTY_S_KEY = ("One or more parameter values are not valid. The AttributeValue for a key attribute "
               "cannot contain an empty string value. Key: pk")
EMPTY_B_KEY = ("One or more parameter values are not valid. The AttributeValue for a key attribute "
               "cannot contain an empty binary value. Key: pk")
EMPTY_LIST = ("1 validation error detected: Value '[]' at 'transactItems' failed to satisfy "
              "constraint: Member must have length greater than or equal to 1")
TOO_MANY_RE = (r"^1 validation error detected: Value '\[.+\]' at 'transactItems' failed to satisfy "
               r"constraint: Member must have length less than or equal to 100$")
TOO_MANY_FRAGMENT = "Member must have length less than or equal to 100"
RCC_ENUM = ("1 validation error detected: Value 'BOGUS' at 'returnConsumedCapacity' failed to "
            "satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]")
RICM_ENUM = ("1 validation error detected: Value 'BOGUS' at 'returnItemCollectionMetrics' failed "
             "to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]")

MAX_ITEM = 409600
MIB4 = 4 * 1024 * 1024


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

def _k(prefix="tx"):
    return {"pk": {"S": rand_key(prefix)}}


def _rk(sk="1"):
    return {"pk": {"S": rand_key("txr")}, "sk": {"N": sk}}


def _put(table, item, **kw):
    return {"Put": dict(TableName=table, Item=item, **kw)}


def _upd(table, key, expr, **kw):
    return {"Update": dict(TableName=table, Key=key, UpdateExpression=expr, **kw)}


def _del(table, key, **kw):
    return {"Delete": dict(TableName=table, Key=key, **kw)}


def _cc(table, key, cond, **kw):
    return {"ConditionCheck": dict(TableName=table, Key=key, ConditionExpression=cond, **kw)}


def _get(table, key, **kw):
    return {"Get": dict(TableName=table, Key=key, **kw)}


def _tw(ddb, items, **kw):
    return ddb.transact_write_items(TransactItems=items, **kw)


def _tg(ddb, items, **kw):
    return ddb.transact_get_items(TransactItems=items, **kw)


def _cancelled(fn, codes):
    """fn() must raise TransactionCanceledException with exactly these reason codes (in request
    order) and the message DynamoDB builds from them; returns the reasons."""
    resp = expect_error(fn, "TransactionCanceledException", CANCELLED % ", ".join(codes))
    reasons = resp["CancellationReasons"]
    assert [r["Code"] for r in reasons] == list(codes), resp
    return reasons


def _sized_item(pk, total):
    """An item of exactly `total` bytes: pk (S) + one S attribute `d`."""
    n = total - len("pk") - len(pk.encode()) - len("d")
    return {"pk": {"S": pk}, "d": {"S": "x" * n}}


def _item_size(item):
    """DynamoDB size of a flat item of S/N attributes (enough for these tests)."""
    total = 0
    for name, value in item.items():
        total += len(name.encode())
        if "S" in value:
            total += len(value["S"].encode())
        else:
            raise ValueError(value)
    return total


def _gsi_items(ddb, table, g):
    resp = ddb.query(TableName=table, IndexName="by_g", KeyConditionExpression="g = :g",
                     ExpressionAttributeValues={":g": {"S": g}})
    return sorted(resp["Items"], key=lambda it: it["pk"]["S"])


# ===========================================================================
# TransactWriteItems: success
# ===========================================================================

def test_all_four_actions_succeed(raw, ddb, hash_table):
    put_key, upd_key, del_key, cc_key = _k(), _k(), _k(), _k()
    ddb.put_item(TableName=hash_table, Item=dict(upd_key, n={"N": "1"}, s={"S": "old"}))
    ddb.put_item(TableName=hash_table, Item=dict(del_key, v={"S": "x"}))
    ddb.put_item(TableName=hash_table, Item=dict(cc_key, state={"S": "open"}))
    resp = raw("TransactWriteItems", {"TransactItems": [
        _put(hash_table, dict(put_key, a={"S": "new"}),
             ConditionExpression="attribute_not_exists(pk)"),
        _upd(hash_table, upd_key, "SET s = :s ADD n :one", ConditionExpression="n = :one",
             ExpressionAttributeValues={":s": {"S": "new"}, ":one": {"N": "1"}}),
        _del(hash_table, del_key, ConditionExpression="attribute_exists(v)"),
        _cc(hash_table, cc_key, "#s = :open", ExpressionAttributeNames={"#s": "state"},
            ExpressionAttributeValues={":open": {"S": "open"}}),
    ]})
    assert resp.status == 200, resp
    assert resp.json() == {}
    assert get_consistent(ddb, hash_table, put_key) == dict(put_key, a={"S": "new"})
    assert get_consistent(ddb, hash_table, upd_key) == dict(upd_key, n={"N": "2"}, s={"S": "new"})
    assert get_consistent(ddb, hash_table, del_key) is None
    assert get_consistent(ddb, hash_table, cc_key) == dict(cc_key, state={"S": "open"})


def test_put_replaces_whole_item(ddb, hash_table):
    key = _k()
    ddb.put_item(TableName=hash_table, Item=dict(key, a={"S": "1"}, b={"S": "2"}))
    _tw(ddb, [_put(hash_table, dict(key, c={"S": "3"}))])
    assert get_consistent(ddb, hash_table, key) == dict(key, c={"S": "3"})


def test_update_creates_missing_item(ddb, hash_table):
    key = _k()
    _tw(ddb, [_upd(hash_table, key, "SET a = :a", ExpressionAttributeValues={":a": {"N": "7"}})])
    assert get_consistent(ddb, hash_table, key) == dict(key, a={"N": "7"})


def test_condition_check_alone_writes_nothing(ddb, hash_table):
    key = _k()
    _tw(ddb, [_cc(hash_table, key, "attribute_not_exists(pk)")])
    assert get_consistent(ddb, hash_table, key) is None


def test_delete_of_missing_item_succeeds(ddb, hash_table):
    key = _k()
    _tw(ddb, [_del(hash_table, key)])
    assert get_consistent(ddb, hash_table, key) is None


def test_actions_on_several_tables(ddb, hash_table, num_range_table):
    hk, rk = _k(), _rk("5")
    _tw(ddb, [_put(hash_table, dict(hk, t={"S": "h"})),
              _put(num_range_table, dict(rk, t={"S": "r"}))])
    assert get_consistent(ddb, hash_table, hk) == dict(hk, t={"S": "h"})
    assert get_consistent(ddb, num_range_table, rk) == dict(rk, t={"S": "r"})


def test_same_key_in_two_tables_is_not_a_duplicate(ddb, hash_table, gsi_table):
    key = _k()
    _tw(ddb, [_put(hash_table, key), _put(gsi_table, key)])
    assert get_consistent(ddb, hash_table, key) == key
    assert get_consistent(ddb, gsi_table, key) == key


def test_100_actions_accepted(ddb, hash_table):
    """-- scylla 'test_transact_write_items_100' (limit raised from 25 to 100 in 2022)."""
    keys = [_k() for _ in range(100)]
    _tw(ddb, [_put(hash_table, dict(k, i={"N": str(i)})) for i, k in enumerate(keys)])
    for i in (0, 57, 99):
        assert get_consistent(ddb, hash_table, keys[i]) == dict(keys[i], i={"N": str(i)})


def test_item_of_exactly_400kb_accepted_by_put_and_update(ddb, hash_table):
    """-- nubo itemSizeBySurface: a transacted Put and an Update finishing at 409,600 bytes."""
    put_item = _sized_item(rand_key("txs"), MAX_ITEM)
    upd = _sized_item(rand_key("txs"), MAX_ITEM)
    _tw(ddb, [_put(hash_table, put_item),
              _upd(hash_table, {"pk": upd["pk"]}, "SET d = :d",
                   ExpressionAttributeValues={":d": upd["d"]})])
    assert get_consistent(ddb, hash_table, {"pk": put_item["pk"]}) == put_item
    assert get_consistent(ddb, hash_table, {"pk": upd["pk"]}) == upd


# ===========================================================================
# TransactWriteItems: cancellation
# ===========================================================================

def test_failed_condition_cancels_everything(ddb, hash_table):
    new_key, upd_key, del_key, cc_key = _k(), _k(), _k(), _k()
    upd_item = dict(upd_key, n={"N": "1"})
    del_item = dict(del_key, v={"S": "keep"})
    ddb.put_item(TableName=hash_table, Item=upd_item)
    ddb.put_item(TableName=hash_table, Item=del_item)
    _cancelled(lambda: _tw(ddb, [
        _put(hash_table, dict(new_key, a={"S": "x"})),
        _upd(hash_table, upd_key, "ADD n :one", ExpressionAttributeValues={":one": {"N": "1"}}),
        _del(hash_table, del_key),
        _cc(hash_table, cc_key, "attribute_exists(pk)"),
    ]), ["None", "None", "None", "ConditionalCheckFailed"])
    assert get_consistent(ddb, hash_table, new_key) is None
    assert get_consistent(ddb, hash_table, upd_key) == upd_item
    assert get_consistent(ddb, hash_table, del_key) == del_item


def test_cancellation_body_on_the_wire(raw, ddb, hash_table):
    """TransactionCanceledException: `Message` (capital M, the model's member name; nubo-db/dynoxide
    src/errors.rs) and CancellationReasons in request order; Code None carries no Message."""
    existing = _k()
    ddb.put_item(TableName=hash_table, Item=existing)
    resp = raw("TransactWriteItems", {"TransactItems": [
        _put(hash_table, _k()),
        _put(hash_table, existing, ConditionExpression="attribute_not_exists(pk)")]})
    expect_raw_error(resp, "TransactionCanceledException")
    body = resp.json()
    assert body["__type"] == "com.amazonaws.dynamodb.v20120810#TransactionCanceledException", body
    assert body["Message"] == CANCELLED % "None, ConditionalCheckFailed", body
    assert body["CancellationReasons"] == [
        {"Code": "None"}, {"Code": "ConditionalCheckFailed", "Message": COND_FAILED}], body


def test_boto3_exposes_cancellation_reasons(ddb, hash_table):
    """boto3 raises ddb.exceptions.TransactionCanceledException (a ClientError); the reasons are in
    response['CancellationReasons'] (top level, not under 'Error'), Item in wire form."""
    existing = dict(_k(), v={"N": "1"})
    ddb.put_item(TableName=hash_table, Item=existing)
    with pytest.raises(ddb.exceptions.TransactionCanceledException) as excinfo:
        _tw(ddb, [_put(hash_table, _k()),
                  _upd(hash_table, {"pk": existing["pk"]}, "SET v = :v",
                       ConditionExpression="v = :w",
                       ExpressionAttributeValues={":v": {"N": "2"}, ":w": {"N": "9"}},
                       ReturnValuesOnConditionCheckFailure="ALL_OLD")])
    assert isinstance(excinfo.value, ClientError)
    resp = excinfo.value.response
    assert resp["Error"] == {"Code": "TransactionCanceledException",
                             "Message": CANCELLED % "None, ConditionalCheckFailed"}
    assert resp["CancellationReasons"] == [
        {"Code": "None"},
        {"Code": "ConditionalCheckFailed", "Message": COND_FAILED, "Item": existing}]


def test_every_failed_condition_is_reported(ddb, hash_table):
    """-- scylla 'test_transact_write_cancellation_reasons_conditionalcheckfailed': no short
    circuit after the first failure."""
    a, b = _k(), _k()
    ddb.put_item(TableName=hash_table, Item=a)
    ddb.put_item(TableName=hash_table, Item=b)
    reasons = _cancelled(lambda: _tw(ddb, [
        _put(hash_table, _k(), ConditionExpression="attribute_not_exists(pk)"),
        _put(hash_table, a, ConditionExpression="attribute_not_exists(pk)"),
        _del(hash_table, _k()),
        _upd(hash_table, b, "SET x = :x", ConditionExpression="attribute_not_exists(pk)",
             ExpressionAttributeValues={":x": {"S": "x"}}),
    ]), ["None", "ConditionalCheckFailed", "None", "ConditionalCheckFailed"])
    assert reasons[1] == reasons[3] == {"Code": "ConditionalCheckFailed", "Message": COND_FAILED}


def test_condition_check_failure_code(ddb, hash_table):
    reasons = _cancelled(lambda: _tw(ddb, [_cc(hash_table, _k(), "attribute_exists(pk)")]),
                         ["ConditionalCheckFailed"])
    assert reasons[0]["Message"].startswith(COND_FAILED)


@pytest.mark.local_differs("Local ends the reason Message of a failed ConditionCheck with a period "
                           "('The conditional request failed.'); AWS does not -- " + SRC_MOTO
                           + " [ConditionCheck]")
def test_condition_check_failure_message(ddb, hash_table):
    reasons = _cancelled(lambda: _tw(ddb, [_cc(hash_table, _k(), "attribute_exists(pk)")]),
                         ["ConditionalCheckFailed"])
    assert reasons == [{"Code": "ConditionalCheckFailed", "Message": COND_FAILED}]


def _failing_action(op, table, item):
    key = {"pk": item["pk"]}
    kw = dict(ConditionExpression="v = :w", ExpressionAttributeValues={":w": {"N": "9"}},
              ReturnValuesOnConditionCheckFailure="ALL_OLD")
    if op == "Put":
        return _put(table, dict(key, v={"N": "5"}), **kw)
    if op == "Update":
        kw["ExpressionAttributeValues"][":v"] = {"N": "5"}
        return _upd(table, key, "SET v = :v", **kw)
    if op == "Delete":
        return _del(table, key, **kw)
    cond = kw.pop("ConditionExpression")
    return _cc(table, key, cond, **kw)


OPS = ["Put", "Update", "Delete", "ConditionCheck"]


@pytest.mark.parametrize("op", OPS)
def test_all_old_returns_the_item_in_the_reason(ddb, hash_table, op):
    """-- moto test_transact_write_items_failure__return_item (aws_verified), scylla
    'returnvaluesonconditioncheckfailure'."""
    item = dict(_k(), v={"N": "1"}, s={"SS": ["a", "b"]})
    ddb.put_item(TableName=hash_table, Item=item)
    reasons = _cancelled(lambda: _tw(ddb, [_put(hash_table, _k()),
                                            _failing_action(op, hash_table, item)]),
                         ["None", "ConditionalCheckFailed"])
    assert reasons[0] == {"Code": "None"}
    assert reasons[1]["Item"] == item
    assert set(reasons[1]) == {"Code", "Message", "Item"}
    assert get_consistent(ddb, hash_table, {"pk": item["pk"]}) == item


@pytest.mark.parametrize("op", [pytest.param(op, marks=pytest.mark.local_differs(
    "Local: 'The conditional request failed.' (with a period) for ConditionCheck -- " + SRC_MOTO))
    if op == "ConditionCheck" else op for op in OPS])
def test_all_old_reason_exact(ddb, hash_table, op):
    item = dict(_k(), v={"N": "1"})
    ddb.put_item(TableName=hash_table, Item=item)
    reasons = _cancelled(lambda: _tw(ddb, [_failing_action(op, hash_table, item)]),
                         ["ConditionalCheckFailed"])
    assert reasons == [{"Code": "ConditionalCheckFailed", "Message": COND_FAILED, "Item": item}]


def test_all_old_on_missing_item_has_no_item(ddb, hash_table):
    reasons = _cancelled(lambda: _tw(ddb, [
        _del(hash_table, _k(), ConditionExpression="attribute_exists(pk)",
             ReturnValuesOnConditionCheckFailure="ALL_OLD")]), ["ConditionalCheckFailed"])
    assert "Item" not in reasons[0]


def test_return_values_on_condition_check_failure_none(ddb, hash_table):
    """-- scylla: NONE returns no Item."""
    item = dict(_k(), v={"N": "1"})
    ddb.put_item(TableName=hash_table, Item=item)
    reasons = _cancelled(lambda: _tw(ddb, [
        _upd(hash_table, {"pk": item["pk"]}, "SET v = :v", ConditionExpression="v = :w",
             ExpressionAttributeValues={":v": {"N": "2"}, ":w": {"N": "9"}},
             ReturnValuesOnConditionCheckFailure="NONE")]), ["ConditionalCheckFailed"])
    assert reasons == [{"Code": "ConditionalCheckFailed", "Message": COND_FAILED}]


# ===========================================================================
# Per-action ValidationError (TransactionCanceledException) vs. request-level ValidationException
# ===========================================================================

def test_put_key_of_wrong_type_is_a_cancellation(ddb, hash_table):
    """-- scylla 'test_transact_write_cancellation_reasons_validationerror_one'."""
    reasons = _cancelled(lambda: _tw(ddb, [_put(hash_table, {"pk": {"N": "7"}})]),
                         ["ValidationError"])
    assert reasons[0]["Message"].startswith(
        "One or more parameter values were invalid: Type mismatch for key")


@pytest.mark.local_differs("Local: N -> reason 'One or more parameter values were invalid: Type "
                           "mismatch for key' (no details); L -> top-level ValidationException "
                           "'Invalid attribute value type' -- " + SRC_CF_TW)
@pytest.mark.parametrize("value,actual", [({"N": "5"}, "N"), ({"L": [{"S": "x"}]}, "L")],
                         ids=["N", "L"])
def test_put_key_of_wrong_type_reason_message(ddb, hash_table, value, actual):
    reasons = _cancelled(lambda: _tw(ddb, [_put(hash_table, {"pk": value})]), ["ValidationError"])
    assert reasons == [{"Code": "ValidationError", "Message": "One or more parameter values were "
                        "invalid: Type mismatch for key pk expected: S actual: %s" % actual}]


def _key_only_action(op, table, key):
    if op == "Update":
        return _upd(table, key, "SET a = :v", ExpressionAttributeValues={":v": {"S": "x"}})
    if op == "Delete":
        return _del(table, key)
    return _cc(table, key, "attribute_not_exists(pk)")


@pytest.mark.parametrize("op", ["Update", "Delete", "ConditionCheck"])
def test_key_of_wrong_type_is_a_cancellation(ddb, hash_table, op):
    _cancelled(lambda: _tw(ddb, [_key_only_action(op, hash_table, {"pk": {"N": "5"}})]),
               ["ValidationError"])


@pytest.mark.local_differs("Local: N -> reason 'One or more parameter values were invalid: Type "
                           "mismatch for key'; L -> top-level ValidationException 'Invalid "
                           "attribute value type'; AWS: the schema-mismatch reason -- " + SRC_CF_TW
                           + " (key-only path, four regions 2026-06-23)")
@pytest.mark.parametrize("value", [{"N": "5"}, {"L": [{"S": "x"}]}], ids=["N", "L"])
@pytest.mark.parametrize("op", ["Update", "Delete", "ConditionCheck"])
def test_key_of_wrong_type_reason_message(ddb, hash_table, op, value):
    reasons = _cancelled(lambda: _tw(ddb, [_key_only_action(op, hash_table, {"pk": value})]),
                         ["ValidationError"])
    assert reasons == [{"Code": "ValidationError", "Message": NOT_MATCH}]


@pytest.mark.local_differs("Local reports every action's validation error and still evaluates the "
                           "conditions of the others; AWS validates all actions first, reports "
                           "only the first ValidationError and None for every other action -- "
                           + SRC_SC
                           + " 'test_transact_write_cancellation_reasons_validationerror'")
def test_only_the_first_validation_error_is_reported(ddb, hash_table):
    key = _k()
    _cancelled(lambda: _tw(ddb, [
        _put(hash_table, {"pk": {"N": "7"}}),
        _put(hash_table, {"pk": {"N": "8"}}),
        _put(hash_table, key, ConditionExpression="attribute_exists(pk)"),
    ]), ["ValidationError", "None", "None"])
    assert get_consistent(ddb, hash_table, key) is None


@pytest.mark.local_differs("Local evaluates the condition of an earlier action and reports "
                           "[ConditionalCheckFailed, ValidationError]; AWS reports the validation "
                           "error alone -- " + SRC_SC
                           + " (validation happens before any action runs)")
def test_validation_error_beats_a_failed_condition(ddb, hash_table):
    existing = _k()
    ddb.put_item(TableName=hash_table, Item=existing)
    _cancelled(lambda: _tw(ddb, [
        _put(hash_table, existing, ConditionExpression="attribute_not_exists(pk)"),
        _put(hash_table, {"pk": {"N": "1"}}),
    ]), ["None", "ValidationError"])


@pytest.mark.local_differs("Local: top-level ValidationException; AWS: the Update's size is known "
                           "only while the transaction runs, so it is a cancellation -- "
                           + SRC_CF_SIZE)
def test_update_growing_past_400kb_is_a_cancellation(ddb, hash_table):
    key = _k()
    ddb.put_item(TableName=hash_table, Item=dict(key, small={"S": "x"}))
    reasons = _cancelled(lambda: _tw(ddb, [
        _upd(hash_table, key, "SET d = :d", ExpressionAttributeValues={":d": {"S": "x" * MAX_ITEM}})
    ]), ["ValidationError"])
    assert reasons == [{"Code": "ValidationError", "Message": UPDATE_TOO_LARGE}]
    assert get_consistent(ddb, hash_table, key) == dict(key, small={"S": "x"})


UPDATE_RUNTIME = [
    ("operand-type", {"a": {"S": "str"}}, "SET a = a + :one",
     "An operand in the update expression has an incorrect data type"),
    ("missing-attribute", {}, "SET a = b + :one",
     "The provided expression refers to an attribute that does not exist in the item"),
    ("bad-document-path", {"a": {"S": "str"}}, "SET a[1] = :one",
     "The document path provided in the update expression is invalid for update"),
    ("number-overflow", {"a": {"N": "9" + "0" * 125}}, "SET a = a + :big",
     "Number overflow. Attempting to store a number with magnitude larger than supported range"),
    # 16 nested maps copied under the 16th: 32 nested containers, one more than an item may hold
    # (test_update_item.py::test_update_nesting_the_item_too_deep_is_rejected).
    ("nesting-too-deep", {"a": nested_maps(16)}, "SET a." + ".".join(["k"] * 15) + ".x = a",
     "Nesting Levels have exceeded supported limits"),
]


@pytest.mark.local_differs("Local: top-level ValidationException with the same text; AWS: a "
                           "ValidationError cancellation reason -- " + SRC_BOTO_DOC)
@pytest.mark.parametrize("attrs,expr,message", [u[1:] for u in UPDATE_RUNTIME],
                         ids=[u[0] for u in UPDATE_RUNTIME])
def test_update_runtime_errors_are_cancellation_reasons(ddb, hash_table, attrs, expr, message):
    key = _k()
    item = dict(key, **attrs)
    ddb.put_item(TableName=hash_table, Item=item)
    values = {k: v for k, v in ((":one", {"N": "1"}), (":big", {"N": "9E+125"})) if k in expr}
    extra = {"ExpressionAttributeValues": values} if values else {}
    reasons = _cancelled(lambda: _tw(ddb, [_put(hash_table, _k()), _upd(hash_table, key, expr, **extra)]),
                         ["None", "ValidationError"])
    assert reasons[1] == {"Code": "ValidationError", "Message": message}
    assert get_consistent(ddb, hash_table, key) == item


def test_update_runtime_error_writes_nothing(ddb, hash_table):
    """Whatever the error's shape, no action of the transaction is applied."""
    key, other = _k(), _k()
    ddb.put_item(TableName=hash_table, Item=dict(key, a={"S": "str"}))
    with pytest.raises(ClientError) as excinfo:
        _tw(ddb, [_put(hash_table, other),
                  _upd(hash_table, key, "SET a = a + :one",
                       ExpressionAttributeValues={":one": {"N": "1"}})])
    assert excinfo.value.response["Error"]["Code"] in ("TransactionCanceledException",
                                                       "ValidationException")
    assert get_consistent(ddb, hash_table, other) is None
    assert get_consistent(ddb, hash_table, key) == dict(key, a={"S": "str"})


def test_gsi_key_of_wrong_type_in_put_is_a_cancellation(ddb, gsi_table):
    _cancelled(lambda: _tw(ddb, [_put(gsi_table, dict(_k(), g={"N": "5"}))]), ["ValidationError"])


@pytest.mark.local_differs("Local: Put -> 'One or more parameter values were invalid: Type "
                           "mismatch for Index Key' (no details); Update -> accepted and stored -- "
                           + SRC_CF_TW + " (index-key cases)")
@pytest.mark.parametrize("op", ["Put", "Update"])
def test_gsi_key_of_wrong_type_reason_message(ddb, gsi_table, op):
    key = _k()
    action = (_put(gsi_table, dict(key, g={"N": "5"})) if op == "Put" else
              _upd(gsi_table, key, "SET g = :v", ExpressionAttributeValues={":v": {"N": "5"}}))
    reasons = _cancelled(lambda: _tw(ddb, [action]), ["ValidationError"])
    assert reasons == [{"Code": "ValidationError", "Message": (
        "One or more parameter values were invalid: Type mismatch for Index Key g Expected: S "
        "Actual: N IndexName: by_g")}]
    assert get_consistent(ddb, gsi_table, key) is None


@pytest.mark.parametrize("op", ["Put", "Update"])
def test_empty_gsi_key_is_a_validation_exception(ddb, gsi_table, op):
    """-- nubo transactWriteItems.test.ts, moto test_transact_write_items_with_empty_gsi_key."""
    key = _k()
    if op == "Put":
        action = _put(gsi_table, dict(key, g={"S": ""}))
        message = ("One or more parameter values are not valid. A value specified for a secondary "
                   "index key is not supported. The AttributeValue for a key attribute cannot "
                   "contain an empty string value. IndexName: by_g, IndexKey: g")
    else:
        action = _upd(gsi_table, key, "SET g = :v", ExpressionAttributeValues={":v": {"S": ""}})
        message = ("One or more parameter values are not valid. The update expression attempted to "
                   "update a secondary index key to a value that is not supported. The "
                   "AttributeValue for a key attribute cannot contain an empty string value.")
    expect_error(lambda: _tw(ddb, [action]), "ValidationException", message)
    assert get_consistent(ddb, gsi_table, key) is None


@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("empty", ["S", "B"])
def test_empty_key_value_is_a_validation_exception(ddb, hash_table, bin_hash_table, op, empty):
    """-- nubo transactWriteItems.test.ts (four regions), moto test_transaction_with_empty_key."""
    table, value, message = ((hash_table, {"S": ""}, EMPTY_S_KEY) if empty == "S" else
                             (bin_hash_table, {"B": b""}, EMPTY_B_KEY))
    action = (_put(table, {"pk": value}) if op == "Put" else
              _key_only_action(op, table, {"pk": value}))
    expect_error(lambda: _tw(ddb, [_put(hash_table, _k()), action]), "ValidationException", message)


def test_item_over_400kb_is_a_validation_exception(ddb, hash_table):
    """-- nubo itemSizeBySurface: a transacted Put one byte over is rejected before the
    transaction starts (ValidationException, not a cancellation); nothing is written."""
    other = _k()
    big = _sized_item(rand_key("txs"), MAX_ITEM + 1)
    expect_error(lambda: _tw(ddb, [_put(hash_table, other), _put(hash_table, big)]),
                 "ValidationException", ITEM_TOO_LARGE)
    assert get_consistent(ddb, hash_table, other) is None
    assert get_consistent(ddb, hash_table, {"pk": big["pk"]}) is None


EXPRESSION_ERRORS = [
    ("syntax", dict(ConditionExpression="hello!"),
     'Invalid ConditionExpression: Syntax error; token: "!", near: "hello!"'),
    ("undefined-name", dict(ConditionExpression="attribute_exists(#xyz)"),
     "Invalid ConditionExpression: An expression attribute name used in the document path is not "
     "defined; attribute name: #xyz"),
    ("undefined-value", dict(ConditionExpression="pk = :xyz"),
     "Invalid ConditionExpression: An expression attribute value used in expression is not "
     "defined; attribute value: :xyz"),
    ("unused-name", dict(ConditionExpression="attribute_exists(pk)",
                         ExpressionAttributeNames={"#xyz": "x"}),
     "Value provided in ExpressionAttributeNames unused in expressions: keys: {#xyz}"),
    ("unused-value", dict(ConditionExpression="attribute_exists(pk)",
                          ExpressionAttributeValues={":xyz": {"N": "7"}}),
     "Value provided in ExpressionAttributeValues unused in expressions: keys: {:xyz}"),
    ("empty-values", dict(ConditionExpression="attribute_not_exists(#n0)",
                          ExpressionAttributeNames={"#n0": "pk"}, ExpressionAttributeValues={}),
     "ExpressionAttributeValues must not be empty"),
    ("values-without-expression", dict(ExpressionAttributeValues={":v": {"N": "1"}}),
     "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression "
     "is null"),
    ("names-without-expression", dict(ExpressionAttributeNames={"#v": "v"}),
     "ExpressionAttributeNames can only be specified when using expressions"),
    ("empty", dict(ConditionExpression=""),
     "Invalid ConditionExpression: The expression can not be empty;"),
    ("reserved", dict(ConditionExpression="attribute_exists(name)"),
     "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name"),
]


@pytest.mark.parametrize("kw,message", [e[1:] for e in EXPRESSION_ERRORS],
                         ids=[e[0] for e in EXPRESSION_ERRORS])
def test_expression_errors_are_request_level(ddb, hash_table, kw, message):
    """-- scylla test_transact_write_items_{missing,unused}_{name,value}, _syntax_error (a
    ValidationException for the whole request, not a cancellation reason), moto
    test_transact_write_items__empty_expr_attr_values (aws_verified); texts as PutItem."""
    ok = _k()
    expect_error(lambda: _tw(ddb, [_put(hash_table, ok), _put(hash_table, _k(), **kw)]),
                 "ValidationException", message)
    assert get_consistent(ddb, hash_table, ok) is None


UPDATE_EXPRESSION_ERRORS = [
    ("set-twice", "SET a = :v SET b = :v",
     'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;'),
    ("syntax", "SET = :v", 'Invalid UpdateExpression: Syntax error; token: "=", near: "SET = :v"'),
]


@pytest.mark.parametrize("expr,message", [e[1:] for e in UPDATE_EXPRESSION_ERRORS],
                         ids=[e[0] for e in UPDATE_EXPRESSION_ERRORS])
def test_update_expression_errors_are_request_level(ddb, hash_table, expr, message):
    """-- moto test_transact_write_items__update_with_multiple_set_clauses (aws_verified: 'In AWS,
    this is the full error message', no '1 validation error detected' prefix)."""
    expect_error(lambda: _tw(ddb, [_upd(hash_table, _k(), expr,
                                        ExpressionAttributeValues={":v": {"N": "1"}})]),
                 "ValidationException", message)


# ===========================================================================
# Request-level validation
# ===========================================================================

def test_empty_transact_items_code(ddb):
    expect_error(lambda: _tw(ddb, []), "ValidationException")


@pytest.mark.local_differs("Local: \"Value [] at 'transactItems' ...\" (no '1 validation error "
                           "detected: ', no quotes) -- " + SRC_CF_TW)
def test_empty_transact_items_message(ddb):
    expect_error(lambda: _tw(ddb, []), "ValidationException", EMPTY_LIST)


def test_missing_transact_items_code(raw):
    expect_raw_error(raw("TransactWriteItems", {}), "ValidationException")


@pytest.mark.local_differs("Local drops the '1 validation error detected: ' prefix -- " + DERIVED)
def test_missing_transact_items_message(raw):
    expect_raw_error(raw("TransactWriteItems", {}), "ValidationException",
                     "1 validation error detected: Value null at 'transactItems' failed to satisfy "
                     "constraint: Member must not be null")


def test_101_actions_code(ddb, hash_table):
    resp = expect_error(lambda: _tw(ddb, [_put(hash_table, _k()) for _ in range(101)]),
                        "ValidationException")
    assert resp["Error"]["Message"].endswith(TOO_MANY_FRAGMENT), resp


@pytest.mark.local_differs("Local: bare 'Member must have length less than or equal to 100' -- "
                           + SRC_CF_TW + " (anchored regex; the list echo is SDK-dependent)")
def test_101_actions_message(ddb, hash_table):
    resp = expect_error(lambda: _tw(ddb, [_put(hash_table, _k()) for _ in range(101)]),
                        "ValidationException")
    assert re.match(TOO_MANY_RE, resp["Error"]["Message"], re.S), resp


DUPLICATES = [
    pytest.param(lambda t, r, k, rk: [_put(t, k), _put(t, dict(k, a={"S": "a"}))], id="put-put"),
    pytest.param(lambda t, r, k, rk: [
        _upd(t, k, "SET a = :v", ExpressionAttributeValues={":v": {"N": "1"}}),
        _upd(t, k, "SET b = :v", ExpressionAttributeValues={":v": {"N": "2"}})],
        id="update-update"),
    pytest.param(lambda t, r, k, rk: [_cc(t, k, "attribute_not_exists(pk)"), _put(t, k)],
                 id="condition-check-put"),
    pytest.param(lambda t, r, k, rk: [
        _put(r, dict(rk, f={"S": "x"})), _del(r, {"sk": rk["sk"], "pk": rk["pk"]})],
        id="put-delete-key-order"),
    pytest.param(lambda t, r, k, rk: [
        _put(r, dict(rk)), _put(r, {"pk": rk["pk"], "sk": {"N": "1.0"}})], id="number-forms"),
    pytest.param(lambda t, r, k, rk: [
        _put(r, dict(rk)), _del(r, {"pk": rk["pk"], "sk": {"N": "1.0"}})], id="number-forms-delete",
        marks=pytest.mark.local_differs(
            "Local compares the Delete's key as text (1 vs 1.0) and runs the transaction; a number "
            "key is its value (1.0 is stored as 1), so both actions target one item -- API "
            "reference TransactWriteItems ('no two actions can target the same item'); "
            "docs/batch-messages.md G3d (AWS compares key numbers by value)")),
    pytest.param(lambda t, r, k, rk: [_put(t, k), _put(t, _k()), _del(t, k)], id="apart"),
    pytest.param(lambda t, r, k, rk: [_put(t, k), _cc(t, k, "attribute_not_exists(pk)")],
                 id="put-condition-check", marks=pytest.mark.local_differs(
                     "Local misses this pair and answers TransactionCanceledException [None, "
                     "ConditionalCheckFailed] (the check sees the Put) -- " + SRC_SC
                     + " 'test_transact_write_items_multi_action_conflict' (this exact pair)")),
]


@pytest.mark.parametrize("build", DUPLICATES)
def test_two_actions_on_one_item(ddb, hash_table, num_range_table, build):
    """-- nubo transactWriteItems.test.ts (exact), moto ..._put_and_delete_on_same_item and
    ..._with_different_key_order (aws_verified), scylla 'multi_action_conflict'; AWS
    re:Post knowledge-center/dynamodb-transactwriteitems. Numbers compare by value (1 = 1.0)."""
    key, rkey = _k(), _rk("1")
    items = build(hash_table, num_range_table, key, rkey)
    expect_error(lambda: _tw(ddb, items), "ValidationException", MULTIPLE_OPS)
    assert get_consistent(ddb, hash_table, key) is None
    assert get_consistent(ddb, num_range_table, rkey) is None


@pytest.mark.parametrize("build", [
    lambda t: {},
    lambda t: {"Put": {"TableName": t, "Item": _k()}, "Delete": {"TableName": t, "Key": _k()}},
], ids=["none", "two"])
def test_action_needs_exactly_one_operation(raw, hash_table, build):
    """Texts: Local 'Invalid Request: TransactWriteRequest should contain Delete or Put or Update
    request' / 'TransactItems can only contain one of Check, Put, Update or Delete' (the second also
    in moto); AWS text not captured."""
    expect_raw_error(raw("TransactWriteItems", {"TransactItems": [build(hash_table)]}),
                     "ValidationException")


MISSING_MEMBERS = [
    ("condition-check-condition", lambda t: {"ConditionCheck": {"TableName": t, "Key": _k()}},
     "transactItems.1.member.conditionCheck.conditionExpression"),
    ("put-table-name", lambda t: {"Put": {"Item": _k()}}, "transactItems.1.member.put.tableName"),
    ("put-item", lambda t: {"Put": {"TableName": t}}, "transactItems.1.member.put.item"),
    ("delete-key", lambda t: {"Delete": {"TableName": t}}, "transactItems.1.member.delete.key"),
]


@pytest.mark.parametrize("build,path", [m[1:] for m in MISSING_MEMBERS],
                         ids=[m[0] for m in MISSING_MEMBERS])
def test_missing_required_member_code(raw, hash_table, build, path):
    """-- scylla 'single_conditioncheck_unconditional' (ValidationException naming
    ConditionExpression); the member path is Coral's (the botocore model marks them required)."""
    resp = expect_raw_error(raw("TransactWriteItems", {"TransactItems": [build(hash_table)]}),
                            "ValidationException")
    assert ("at '%s'" % path) in resp.error_message, resp


@pytest.mark.local_differs("Local drops the '1 validation error detected: ' prefix -- " + DERIVED)
@pytest.mark.parametrize("build,path", [m[1:] for m in MISSING_MEMBERS],
                         ids=[m[0] for m in MISSING_MEMBERS])
def test_missing_required_member_message(raw, hash_table, build, path):
    expect_raw_error(raw("TransactWriteItems", {"TransactItems": [build(hash_table)]}),
                     "ValidationException",
                     "1 validation error detected: Value null at '%s' failed to satisfy "
                     "constraint: Member must not be null" % path)


@pytest.mark.local_differs("Local accepts an Update without UpdateExpression (and writes nothing) "
                           "-- " + DERIVED + " (Update.UpdateExpression is required)")
def test_update_without_update_expression(raw, ddb, hash_table):
    key = _k()
    resp = raw("TransactWriteItems", {"TransactItems": [{"Update": {"TableName": hash_table,
                                                                    "Key": key}}]})
    expect_raw_error(resp, "ValidationException",
                     "1 validation error detected: Value null at 'transactItems.1.member.update."
                     "updateExpression' failed to satisfy constraint: Member must not be null")


def test_missing_table_code(ddb, hash_table):
    key = _k()
    expect_error(lambda: _tw(ddb, [_put(hash_table, key),
                                   _put(unique_name("missing"), _k())]),
                 "ResourceNotFoundException")
    assert get_consistent(ddb, hash_table, key) is None


@pytest.mark.local_differs(LOCAL_RNF + " -- " + SRC_CF_TW + "; " + SRC_LS_SNAP
                           + " 'exc-not-found-transact-write-items'")
@pytest.mark.parametrize("op", OPS)
def test_missing_table_message(ddb, op):
    name = unique_name("missing")
    action = (_put(name, _k()) if op == "Put" else _key_only_action(op, name, _k()))
    expect_error(lambda: _tw(ddb, [action]), "ResourceNotFoundException",
                 "Requested resource not found")


@pytest.mark.local_differs("Local: 500 InternalFailure -- " + SRC_SC
                           + " 'returnvaluesonconditioncheckfailure' (ValidationException naming "
                           "the member for 'none' and 'dog'); "
                           + DERIVED)
@pytest.mark.parametrize("value", ["BOGUS", "none"])
def test_return_values_on_condition_check_failure_enum(ddb, hash_table, value):
    expect_error(lambda: _tw(ddb, [_put(hash_table, _k(),
                                        ConditionExpression="attribute_exists(pk)",
                                        ReturnValuesOnConditionCheckFailure=value)]),
                 "ValidationException",
                 "1 validation error detected: Value '%s' at 'transactItems.1.member.put."
                 "returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must "
                 "satisfy enum value set: [ALL_OLD, NONE]" % value)


@pytest.mark.local_differs("Local: 'Cannot have null key for GetItem, DeleteItem, or UpdateItem' "
                           "-- nubo-db/dynamodb-conformance batch captures (same Coral text for "
                           "every operation); docs/batch-messages.md")
def test_return_consumed_capacity_enum(ddb, hash_table):
    expect_error(lambda: _tw(ddb, [_put(hash_table, _k())], ReturnConsumedCapacity="BOGUS"),
                 "ValidationException", RCC_ENUM)


@pytest.mark.local_differs("Local accepts any ReturnItemCollectionMetrics -- " + DERIVED
                           + "; enum text as BatchWriteItem (docs/batch-messages.md)")
def test_return_item_collection_metrics_enum(ddb, hash_table):
    expect_error(lambda: _tw(ddb, [_put(hash_table, _k())], ReturnItemCollectionMetrics="BOGUS"),
                 "ValidationException", RICM_ENUM)


# ---------------------------------------------------------------------------
# ClientRequestToken length
# ---------------------------------------------------------------------------

def test_token_of_36_characters_accepted(raw, ddb, hash_table):
    key = _k()
    resp = raw("TransactWriteItems", {"TransactItems": [_put(hash_table, key)],
                                      "ClientRequestToken": uuid.uuid4().hex[:36].ljust(36, "t")})
    assert resp.status == 200, resp
    assert get_consistent(ddb, hash_table, key) == key


def test_token_of_37_characters_code(raw, hash_table):
    """-- scylla 'clientrequesttoken_length' (ValidationException naming ClientRequestToken)."""
    resp = expect_raw_error(raw("TransactWriteItems", {
        "TransactItems": [_put(hash_table, _k())], "ClientRequestToken": "t" * 37}),
        "ValidationException")
    assert "clientRequestToken" in resp.error_message, resp


@pytest.mark.local_differs("Local: \"Value ttt... at 'clientRequestToken' ...\" (no prefix, no "
                           "quotes) -- " + DERIVED)
def test_token_of_37_characters_message(raw, hash_table):
    token = "t" * 37
    expect_raw_error(raw("TransactWriteItems", {"TransactItems": [_put(hash_table, _k())],
                                                "ClientRequestToken": token}),
                     "ValidationException",
                     "1 validation error detected: Value '%s' at 'clientRequestToken' failed to "
                     "satisfy constraint: Member must have length less than or equal to 36" % token)


@pytest.mark.local_differs("Local accepts an empty ClientRequestToken -- " + DERIVED
                           + " (ClientRequestToken min length 1)")
def test_empty_token_rejected(raw, ddb, hash_table):
    key = _k()
    expect_raw_error(raw("TransactWriteItems", {"TransactItems": [_put(hash_table, key)],
                                                "ClientRequestToken": ""}),
                     "ValidationException",
                     "1 validation error detected: Value '' at 'clientRequestToken' failed to "
                     "satisfy constraint: Member must have length greater than or equal to 1")
    assert get_consistent(ddb, hash_table, key) is None


# ---------------------------------------------------------------------------
# The 4 MB aggregate limit
# ---------------------------------------------------------------------------

def _puts_of_total(table, total, n=11):
    per, rest = divmod(total, n)
    items = [_sized_item("%s-%02d" % (rand_key("txp"), i), per + (1 if i < rest else 0))
             for i in range(n)]
    assert sum(_item_size(it) for it in items) == total
    return items


def test_payload_over_4mb_code(ddb, hash_table):
    """-- nubo tier3 limits/transactionLimits (12 x 350 KB refused), scylla 'put_5MB'
    ('size cannot exceed', 'transaction payload')."""
    items = [dict(_k(), d={"S": "x" * 350000}) for _ in range(12)]
    resp = expect_error(lambda: _tw(ddb, [_put(hash_table, it) for it in items]),
                        "ValidationException")
    assert resp["Error"]["Message"].startswith("Transaction payload size cannot exceed 4MB"), resp
    assert get_consistent(ddb, hash_table, {"pk": items[0]["pk"]}) is None


def test_payload_of_exactly_4mb_accepted_one_more_byte_refused(ddb, hash_table):
    """Limit 4,194,304 bytes inclusive, counted as the sum of the Put items' sizes; the message
    names the size (text and boundary from Local; AWS sources agree on 3 MB accepted, 4.2 MB
    refused: nubo tier3 limits/transactionLimits, scylla 'put_3MB'/'put_5MB')."""
    items = _puts_of_total(hash_table, MIB4)
    _tw(ddb, [_put(hash_table, it) for it in items])
    assert get_consistent(ddb, hash_table, {"pk": items[-1]["pk"]}) == items[-1]
    over = _puts_of_total(hash_table, MIB4 + 1)
    expect_error(lambda: _tw(ddb, [_put(hash_table, it) for it in over]), "ValidationException",
                 PAYLOAD_TOO_LARGE % (MIB4 + 1))
    assert get_consistent(ddb, hash_table, {"pk": over[0]["pk"]}) is None


def test_deleting_more_than_4mb_of_items_is_allowed(ddb, hash_table):
    """-- scylla 'test_transact_write_items_delete_5MB': the limit is on the request payload, not
    on the size of the items the actions touch."""
    items = [dict(_k(), d={"S": "x" * 390000}) for _ in range(12)]
    for it in items:
        ddb.put_item(TableName=hash_table, Item=it)
    _tw(ddb, [_del(hash_table, {"pk": it["pk"]}) for it in items])
    assert get_consistent(ddb, hash_table, {"pk": items[5]["pk"]}) is None


# ---------------------------------------------------------------------------
# Check order (first failure wins). Observed on Local; no AWS capture contradicts it.
# ---------------------------------------------------------------------------

def test_order_expression_error_before_missing_table(ddb, hash_table):
    expect_error(lambda: _tw(ddb, [_put(unique_name("missing"), _k()),
                                   _put(hash_table, _k(), ConditionExpression="hello!")]),
                 "ValidationException",
                 'Invalid ConditionExpression: Syntax error; token: "!", near: "hello!"')


def test_order_expression_error_before_duplicate(ddb, hash_table):
    key = _k()
    expect_error(lambda: _tw(ddb, [_put(hash_table, key, ConditionExpression="hello!"),
                                   _put(hash_table, key)]),
                 "ValidationException",
                 'Invalid ConditionExpression: Syntax error; token: "!", near: "hello!"')


def test_order_expression_error_before_empty_key(ddb, hash_table):
    expect_error(lambda: _tw(ddb, [_put(hash_table, {"pk": {"S": ""}}),
                                   _put(hash_table, _k(), ConditionExpression="hello!")]),
                 "ValidationException",
                 'Invalid ConditionExpression: Syntax error; token: "!", near: "hello!"')


def test_order_item_size_before_duplicate_and_missing_table(ddb, hash_table):
    key = _k()
    big = _sized_item(rand_key("txs"), MAX_ITEM + 1)
    expect_error(lambda: _tw(ddb, [_put(unique_name("missing"), _k()), _put(hash_table, key),
                                   _put(hash_table, key), _put(hash_table, big)]),
                 "ValidationException", ITEM_TOO_LARGE)


def test_order_payload_size_before_duplicate(ddb, hash_table):
    key = _k()
    items = [_put(hash_table, key), _put(hash_table, key)] + [
        _put(hash_table, dict(_k(), d={"S": "x" * 350000})) for _ in range(12)]
    resp = expect_error(lambda: _tw(ddb, items), "ValidationException")
    assert resp["Error"]["Message"].startswith("Transaction payload size cannot exceed 4MB"), resp


def test_order_duplicate_before_empty_key(ddb, hash_table):
    key = _k()
    expect_error(lambda: _tw(ddb, [_put(hash_table, key), _put(hash_table, key),
                                   _put(hash_table, {"pk": {"S": ""}})]),
                 "ValidationException", MULTIPLE_OPS)


def test_order_duplicate_before_cancellation(ddb, hash_table):
    """Duplicates are a request error: they win over a key-type ValidationError reason and a
    failed condition anywhere in the request."""
    key = _k()
    expect_error(lambda: _tw(ddb, [_put(hash_table, {"pk": {"N": "1"}}), _put(hash_table, key),
                                   _cc(hash_table, _k(), "attribute_exists(pk)"),
                                   _del(hash_table, key)]),
                 "ValidationException", MULTIPLE_OPS)


def test_order_missing_table_before_duplicate(ddb):
    name = unique_name("missing")
    key = _k()
    expect_error(lambda: _tw(ddb, [_put(name, key), _put(name, key)]), "ResourceNotFoundException")


def test_order_missing_table_before_cancellation(ddb, hash_table):
    expect_error(lambda: _tw(ddb, [_put(hash_table, {"pk": {"N": "1"}}),
                                   _cc(hash_table, _k(), "attribute_exists(pk)"),
                                   _put(unique_name("missing"), _k())]),
                 "ResourceNotFoundException")


def test_order_too_many_actions_first(ddb):
    resp = expect_error(lambda: _tw(ddb, [_put(unique_name("missing"), {}) for _ in range(101)]),
                        "ValidationException")
    assert resp["Error"]["Message"].endswith(TOO_MANY_FRAGMENT), resp


# ===========================================================================
# Index maintenance
# ===========================================================================

def test_transaction_maintains_gsi(ddb, gsi_table):
    g = rand_key("g")
    a, b, c = _k("a"), _k("b"), _k("c")
    ddb.put_item(TableName=gsi_table, Item=dict(b, g={"S": g}, v={"N": "1"}))
    ddb.put_item(TableName=gsi_table, Item=dict(c, g={"S": g}))
    _tw(ddb, [_put(gsi_table, dict(a, g={"S": g}, v={"N": "0"})),
              _upd(gsi_table, b, "SET v = :v", ExpressionAttributeValues={":v": {"N": "2"}}),
              _del(gsi_table, c)])
    want = sorted([dict(a, g={"S": g}, v={"N": "0"}), dict(b, g={"S": g}, v={"N": "2"})],
                  key=lambda it: it["pk"]["S"])
    assert eventually(lambda: _gsi_items(ddb, gsi_table, g), lambda got: got == want) == want


def test_cancelled_transaction_leaves_gsi_unchanged(ddb, gsi_table):
    g, g2 = rand_key("g"), rand_key("g")
    kept = dict(_k("k"), g={"S": g})
    ddb.put_item(TableName=gsi_table, Item=kept)
    assert eventually(lambda: _gsi_items(ddb, gsi_table, g), lambda got: got == [kept]) == [kept]
    _cancelled(lambda: _tw(ddb, [
        _put(gsi_table, dict(_k("n"), g={"S": g})),
        _upd(gsi_table, {"pk": kept["pk"]}, "SET g = :g2",
             ExpressionAttributeValues={":g2": {"S": g2}}),
        _cc(gsi_table, _k(), "attribute_exists(pk)"),
    ]), ["None", "None", "ConditionalCheckFailed"])
    time.sleep(0.5)
    assert _gsi_items(ddb, gsi_table, g) == [kept]
    assert _gsi_items(ddb, gsi_table, g2) == []


# ===========================================================================
# Idempotency (ClientRequestToken)
# ===========================================================================

def _counter(ddb, table):
    key = _k("ctr")
    ddb.put_item(TableName=table, Item=dict(key, n={"N": "0"}))
    return key


def _add_one(table, key, amount="1"):
    return [_upd(table, key, "ADD n :a", ExpressionAttributeValues={":a": {"N": amount}})]


def test_same_token_same_request_applies_once(raw, ddb, hash_table):
    """-- scylla 'test_transact_write_items_clientrequesttoken', API reference
    ClientRequestToken."""
    key = _counter(ddb, hash_table)
    body = {"TransactItems": _add_one(hash_table, key), "ClientRequestToken": str(uuid.uuid4())}
    for _ in range(3):
        resp = raw("TransactWriteItems", body)
        assert resp.status == 200 and resp.json() == {}, resp
    assert get_consistent(ddb, hash_table, key)["n"] == {"N": "1"}


def test_without_token_every_request_applies(raw, ddb, hash_table):
    key = _counter(ddb, hash_table)
    body = {"TransactItems": _add_one(hash_table, key)}
    for _ in range(2):
        assert raw("TransactWriteItems", body).status == 200
    assert get_consistent(ddb, hash_table, key)["n"] == {"N": "2"}


def test_boto3_adds_a_fresh_token_to_each_call(ddb, hash_table):
    key = _counter(ddb, hash_table)
    for _ in range(2):
        _tw(ddb, _add_one(hash_table, key))
    assert get_consistent(ddb, hash_table, key)["n"] == {"N": "2"}


def test_same_token_in_another_key_order_is_the_same_request(raw, ddb, hash_table):
    """-- localstack issue #6529 / PR #6596 (verified against AWS): JSON key order does not make a
    request different."""
    key = _counter(ddb, hash_table)
    token = str(uuid.uuid4())
    first = ('{"ClientRequestToken": "%s", "TransactItems": [{"Update": {"TableName": "%s", '
             '"Key": {"pk": {"S": "%s"}}, "UpdateExpression": "ADD n :a", '
             '"ExpressionAttributeValues": {":a": {"N": "1"}}}}]}'
             % (token, hash_table, key["pk"]["S"]))
    second = ('{"TransactItems": [{"Update": {"ExpressionAttributeValues": {":a": {"N": "1"}}, '
              '"UpdateExpression": "ADD n :a", "Key": {"pk": {"S": "%s"}}, "TableName": "%s"}}], '
              '"ClientRequestToken": "%s"}' % (key["pk"]["S"], hash_table, token))
    assert json.loads(first) == json.loads(second)
    assert raw("TransactWriteItems", first).status == 200
    resp = raw("TransactWriteItems", second)
    assert resp.status == 200, resp
    assert get_consistent(ddb, hash_table, key)["n"] == {"N": "1"}


def test_same_token_different_request_is_mismatch(raw, ddb, hash_table):
    """-- API reference ClientRequestToken, scylla 'clientrequesttoken_mismatch', nubo tier2
    transactWrite.test.ts. AWS message not captured (Local sends an empty Message)."""
    key = _counter(ddb, hash_table)
    token = str(uuid.uuid4())
    ok = raw("TransactWriteItems", {"TransactItems": _add_one(hash_table, key),
                                    "ClientRequestToken": token})
    assert ok.status == 200, ok
    resp = raw("TransactWriteItems", {"TransactItems": _add_one(hash_table, key, "2"),
                                      "ClientRequestToken": token})
    expect_raw_error(resp, "IdempotentParameterMismatchException")
    assert resp.json()["__type"] == \
        "com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException", resp
    other_table = raw("TransactWriteItems", {"TransactItems": [_put(hash_table, _k())],
                                             "ClientRequestToken": token})
    expect_raw_error(other_table, "IdempotentParameterMismatchException")
    assert get_consistent(ddb, hash_table, key)["n"] == {"N": "1"}


def test_replay_reports_read_capacity(raw, ddb, hash_table):
    """-- API reference ClientRequestToken ('Subsequent TransactWriteItems calls with the same
    client token return the number of read capacity units consumed in reading the item'),
    nubo-db/dynoxide replay_response (2 RCU per item); the replay may ask for capacity even if the
    first call did not."""
    key = _counter(ddb, hash_table)
    token = str(uuid.uuid4())
    body = {"TransactItems": _add_one(hash_table, key), "ClientRequestToken": token}
    assert raw("TransactWriteItems", body).json() == {}
    resp = raw("TransactWriteItems", dict(body, ReturnConsumedCapacity="TOTAL"))
    assert resp.status == 200, resp
    assert resp.json() == {"ConsumedCapacity": [
        {"TableName": hash_table, "CapacityUnits": 2.0, "ReadCapacityUnits": 2.0}]}
    assert get_consistent(ddb, hash_table, key)["n"] == {"N": "1"}


# ===========================================================================
# ConsumedCapacity (TransactWriteItems)
# ===========================================================================

def _caps(resp):
    return {c["TableName"]: c for c in resp["ConsumedCapacity"]}


def test_write_consumed_capacity_total(ddb, hash_table, num_range_table):
    """One entry per table; deleting a missing item costs the minimum, 2 write units --
    nubo-db/dynoxide tests/transactional_index_consumed_capacity.rs (AWS capture, K1)."""
    resp = _tw(ddb, [_del(hash_table, _k()), _del(num_range_table, _rk())],
               ReturnConsumedCapacity="TOTAL")
    assert _caps(resp) == {
        hash_table: {"TableName": hash_table, "CapacityUnits": 2.0, "WriteCapacityUnits": 2.0},
        num_range_table: {"TableName": num_range_table, "CapacityUnits": 2.0,
                          "WriteCapacityUnits": 2.0}}


@pytest.mark.local_differs("Local charges 4 for a Put or a ConditionCheck of a small item (and "
                           "does not add them up per table); AWS 2 per action -- " + SRC_DX_CAP
                           + " (A2 Put: 2, A12 ConditionCheck: 2, A13 two Puts: 4)")
def test_write_consumed_capacity_two_units_per_action(ddb, hash_table, num_range_table):
    existing = _k()
    ddb.put_item(TableName=hash_table, Item=existing)
    resp = _tw(ddb, [_put(hash_table, _k()), _cc(hash_table, existing, "attribute_exists(pk)"),
                     _put(hash_table, _k()), _put(num_range_table, _rk())],
               ReturnConsumedCapacity="TOTAL")
    assert _caps(resp) == {
        hash_table: {"TableName": hash_table, "CapacityUnits": 6.0, "WriteCapacityUnits": 6.0},
        num_range_table: {"TableName": num_range_table, "CapacityUnits": 2.0,
                          "WriteCapacityUnits": 2.0}}


@pytest.mark.parametrize("rcc", ["NONE", None], ids=["NONE", "absent"])
def test_write_no_consumed_capacity_unless_asked(raw, hash_table, rcc):
    body = {"TransactItems": [_put(hash_table, _k())]}
    if rcc:
        body["ReturnConsumedCapacity"] = rcc
    resp = raw("TransactWriteItems", body)
    assert resp.status == 200 and resp.json() == {}, resp


@pytest.mark.local_differs("Local charges 8 for a 1.5 KB item; AWS 2 x ceil(1.5 KB / 1 KB) = 4 -- "
                           + SRC_DX_CAP + " (B7 table arm)")
def test_write_consumed_capacity_rounds_per_kb(ddb, hash_table):
    resp = _tw(ddb, [_put(hash_table, dict(_k(), d={"S": "x" * 1500}))],
               ReturnConsumedCapacity="TOTAL")
    assert resp["ConsumedCapacity"] == [
        {"TableName": hash_table, "CapacityUnits": 4.0, "WriteCapacityUnits": 4.0}]


@pytest.mark.local_differs("Local doubles the index arm too (table 4, by_g 4, total 8); AWS "
                           "doubles only the table arm -- " + SRC_DX_CAP
                           + " (A1: total 3, table 2, gsi 1)")
def test_write_consumed_capacity_indexes(ddb, gsi_table):
    resp = _tw(ddb, [_put(gsi_table, dict(_k(), g={"S": "x"}))], ReturnConsumedCapacity="INDEXES")
    assert resp["ConsumedCapacity"] == [{
        "TableName": gsi_table, "CapacityUnits": 3.0, "WriteCapacityUnits": 3.0,
        "Table": {"CapacityUnits": 2.0, "WriteCapacityUnits": 2.0},
        "GlobalSecondaryIndexes": {"by_g": {"CapacityUnits": 1.0, "WriteCapacityUnits": 1.0}}}]


# ===========================================================================
# TransactGetItems
# ===========================================================================

def test_get_items_in_request_order(raw, ddb, hash_table, num_range_table):
    """Missing items answer {} in their slot -- scylla 'transact_get_items_missing', moto."""
    a = dict(_k(), v={"N": "1"})
    r = dict(_rk("3"), v={"S": "r"})
    ddb.put_item(TableName=hash_table, Item=a)
    ddb.put_item(TableName=num_range_table, Item=r)
    resp = raw("TransactGetItems", {"TransactItems": [
        _get(num_range_table, {"pk": r["pk"], "sk": r["sk"]}), _get(hash_table, _k()),
        _get(hash_table, {"pk": a["pk"]})]})
    assert resp.status == 200, resp
    assert resp.json() == {"Responses": [{"Item": r}, {}, {"Item": a}]}


def test_get_projection(ddb, hash_table):
    key, other = _k(), _k()
    ddb.put_item(TableName=hash_table, Item=dict(key, a={"S": "x"}, b={"N": "1"},
                                                 m={"M": {"x": {"N": "1"}, "y": {"N": "2"}}}))
    ddb.put_item(TableName=hash_table, Item=dict(other, a={"S": "y"}, name={"S": "n"}))
    resp = _tg(ddb, [_get(hash_table, key, ProjectionExpression="a, m.y"),
                     _get(hash_table, _k(), ProjectionExpression="a"),
                     _get(hash_table, other, ProjectionExpression="#n, pk",
                          ExpressionAttributeNames={"#n": "name"})])
    assert resp["Responses"] == [{"Item": {"a": {"S": "x"}, "m": {"M": {"y": {"N": "2"}}}}}, {},
                                 {"Item": dict(other, name={"S": "n"})}]


def test_get_100_items(ddb, hash_table):
    """-- scylla 'transact_get_items_100', nubo tier3 limits/transactionLimits."""
    keys = [_k() for _ in range(100)]
    for i in range(0, 100, 10):
        ddb.put_item(TableName=hash_table, Item=dict(keys[i], i={"N": str(i)}))
    resp = _tg(ddb, [_get(hash_table, k) for k in keys])
    assert len(resp["Responses"]) == 100
    for i, got in enumerate(resp["Responses"]):
        assert got == ({"Item": dict(keys[i], i={"N": str(i)})} if i % 10 == 0 else {})


def test_get_101_items_code(ddb, hash_table):
    resp = expect_error(lambda: _tg(ddb, [_get(hash_table, _k()) for _ in range(101)]),
                        "ValidationException")
    assert resp["Error"]["Message"].endswith(TOO_MANY_FRAGMENT), resp


@pytest.mark.local_differs("Local: bare 'Member must have length less than or equal to 100' -- "
                           + SRC_CF_TG)
def test_get_101_items_message(ddb, hash_table):
    resp = expect_error(lambda: _tg(ddb, [_get(hash_table, _k()) for _ in range(101)]),
                        "ValidationException")
    assert re.match(TOO_MANY_RE, resp["Error"]["Message"], re.S), resp


def test_get_empty_code(ddb):
    expect_error(lambda: _tg(ddb, []), "ValidationException")


@pytest.mark.local_differs("Local: 'Value null at 'transactItems' failed to satisfy constraint: "
                           "Member must not be null' for [] -- " + SRC_CF_TG)
def test_get_empty_message(ddb):
    expect_error(lambda: _tg(ddb, []), "ValidationException", EMPTY_LIST)


def test_get_missing_table_code(ddb, hash_table):
    expect_error(lambda: _tg(ddb, [_get(hash_table, _k()), _get(unique_name("missing"), _k())]),
                 "ResourceNotFoundException")


@pytest.mark.local_differs(LOCAL_RNF + " -- " + SRC_CF_TG)
def test_get_missing_table_message(ddb, hash_table):
    expect_error(lambda: _tg(ddb, [_get(hash_table, _k()), _get(unique_name("missing"), _k())]),
                 "ResourceNotFoundException", "Requested resource not found")


def test_get_same_item_twice_rejected(ddb, hash_table):
    """Code -- nubo tier2 transactGet.test.ts 'rejects duplicate keys'; text from Local (the
    TransactWriteItems text)."""
    key = _k()
    expect_error(lambda: _tg(ddb, [_get(hash_table, key), _get(hash_table, dict(key))]),
                 "ValidationException", MULTIPLE_OPS)


GET_PROJECTION_ERRORS = [
    ("syntax", dict(ProjectionExpression="!!!"),
     'Invalid ProjectionExpression: Syntax error; token: "!", near: "!!"'),
    ("unused-name", dict(ProjectionExpression="#a",
                         ExpressionAttributeNames={"#a": "a", "#q": "q"}),
     "Value provided in ExpressionAttributeNames unused in expressions: keys: {#q}"),
    ("undefined-name", dict(ProjectionExpression="#a, #z", ExpressionAttributeNames={"#a": "a"}),
     "Invalid ProjectionExpression: An expression attribute name used in the document path is not "
     "defined; attribute name: #z"),
    ("reserved", dict(ProjectionExpression="name"),
     "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name"),
    ("names-without-projection", dict(ExpressionAttributeNames={"#a": "a"}),
     "ExpressionAttributeNames can only be specified when using expressions"),
]


@pytest.mark.parametrize("kw,message", [e[1:] for e in GET_PROJECTION_ERRORS],
                         ids=[e[0] for e in GET_PROJECTION_ERRORS])
def test_get_projection_errors_are_request_level(ddb, hash_table, kw, message):
    """-- nubo transactGetItems.test.ts (syntax, exact), scylla
    'transact_get_items_{unused,missing}_expressionattributenames'."""
    expect_error(lambda: _tg(ddb, [_get(hash_table, _k()), _get(hash_table, _k(), **kw)]),
                 "ValidationException", message)


@pytest.mark.parametrize("key", [{}, {"pk": {"N": "1"}}], ids=["empty", "wrong-type"])
def test_get_bad_key_is_a_cancellation_code(ddb, hash_table, key):
    expect_error(lambda: _tg(ddb, [_get(hash_table, _k()), _get(hash_table, key)]),
                 "TransactionCanceledException")


@pytest.mark.local_differs("Local: TransactionCanceledException whose Message is the validation "
                           "text and without CancellationReasons -- " + SRC_CF_TG
                           + " 'missing key attribute: action-level ValidationError'")
def test_get_bad_key_cancellation_reasons(ddb, hash_table):
    _cancelled(lambda: _tg(ddb, [_get(hash_table, {})]), ["ValidationError"])


@pytest.mark.parametrize("empty", ["S", "B"])
def test_get_empty_key_value_is_a_validation_exception(ddb, hash_table, bin_hash_table, empty):
    """As every write action (nubo transactWriteItems.test.ts); Local agrees."""
    table, value, message = ((hash_table, {"S": ""}, EMPTY_S_KEY) if empty == "S" else
                             (bin_hash_table, {"B": b""}, EMPTY_B_KEY))
    expect_error(lambda: _tg(ddb, [_get(table, {"pk": value})]), "ValidationException", message)


def test_get_consumed_capacity_total(ddb, hash_table, num_range_table):
    """2 read units per item and 4 KB, a missing item included -- nubo tier2 transactGet.test.ts
    ('charges 2 read capacity units per item, including a missing item')."""
    big = dict(_k(), d={"S": "x" * 5000})
    ddb.put_item(TableName=hash_table, Item=big)
    resp = _tg(ddb, [_get(hash_table, {"pk": big["pk"]}), _get(hash_table, _k()),
                     _get(num_range_table, _rk())], ReturnConsumedCapacity="TOTAL")
    assert _caps(resp) == {
        hash_table: {"TableName": hash_table, "CapacityUnits": 6.0, "ReadCapacityUnits": 6.0},
        num_range_table: {"TableName": num_range_table, "CapacityUnits": 2.0,
                          "ReadCapacityUnits": 2.0}}


@pytest.mark.local_differs("Local's Table arm carries only CapacityUnits -- " + SRC_CF_TG2
                           + " ('INDEXES breakdown includes the table read capacity units'); moto")
def test_get_consumed_capacity_indexes(ddb, gsi_table):
    key = _k()
    ddb.put_item(TableName=gsi_table, Item=dict(key, g={"S": "x"}))
    resp = _tg(ddb, [_get(gsi_table, key)], ReturnConsumedCapacity="INDEXES")
    assert resp["ConsumedCapacity"] == [{
        "TableName": gsi_table, "CapacityUnits": 2.0, "ReadCapacityUnits": 2.0,
        "Table": {"CapacityUnits": 2.0, "ReadCapacityUnits": 2.0}}]


@pytest.mark.parametrize("rcc", ["NONE", None], ids=["NONE", "absent"])
def test_get_no_consumed_capacity_unless_asked(ddb, hash_table, rcc):
    kw = {"ReturnConsumedCapacity": rcc} if rcc else {}
    assert "ConsumedCapacity" not in _tg(ddb, [_get(hash_table, _k())], **kw)


@pytest.mark.local_differs("Local: 'Cannot have null key for GetItem, DeleteItem, or UpdateItem' "
                           "-- docs/batch-messages.md (Coral enum text, nubo captures)")
def test_get_return_consumed_capacity_enum(ddb, hash_table):
    expect_error(lambda: _tg(ddb, [_get(hash_table, _k())], ReturnConsumedCapacity="BOGUS"),
                 "ValidationException", RCC_ENUM)


# ===========================================================================
# Concurrency: money transfers between accounts
# ===========================================================================

RETRY_CODES = {"TransactionConflictException", "TransactionInProgressException",
               "ThrottlingException", "ProvisionedThroughputExceededException",
               "RequestLimitExceeded", "InternalServerError"}


def test_concurrent_transfers_preserve_the_total(ddb, table_factory):
    """N threads move random amounts between M accounts with a conditional debit (balance >=
    amount) and a credit in one transaction. Conflicts (TransactionConflict reasons,
    TransactionConflictException) are retried; insufficient funds end the attempt. Afterwards the
    total is unchanged and no balance is negative. DDB_FULL=1: 8 threads x 250 transfers."""
    full = os.environ.get("DDB_FULL") == "1"
    threads, transfers, accounts, start = (8, 250, 10, 1000) if full else (4, 50, 5, 100)
    name, _ = table_factory("txc")
    keys = [{"pk": {"S": "acct%02d" % i}} for i in range(accounts)]
    for k in keys:
        ddb.put_item(TableName=name, Item=dict(k, bal={"N": str(start)}))

    def transfer(src, dst, amount):
        _tw(ddb, [
            _upd(name, keys[src], "SET bal = bal - :a", ConditionExpression="bal >= :a",
                 ExpressionAttributeValues={":a": {"N": str(amount)}}),
            _upd(name, keys[dst], "SET bal = bal + :a",
                 ExpressionAttributeValues={":a": {"N": str(amount)}})])

    def worker(seed):
        rnd = random.Random(seed)
        done = insufficient = retries = 0
        while done < transfers:
            src, dst = rnd.sample(range(accounts), 2)
            amount = rnd.randint(1, start // 2)
            while True:
                try:
                    transfer(src, dst, amount)
                    done += 1
                    break
                except ClientError as e:
                    code = e.response["Error"]["Code"]
                    reasons = [r["Code"] for r in e.response.get("CancellationReasons", [])]
                    if code == "TransactionCanceledException" and \
                            "ConditionalCheckFailed" in reasons:
                        assert reasons[0] == "ConditionalCheckFailed", e.response
                        insufficient += 1
                        done += 1
                        break
                    if code in RETRY_CODES or (code == "TransactionCanceledException" and reasons
                                               and set(reasons) <= {"None", "TransactionConflict",
                                                                    "ThrottlingError"}):
                        retries += 1
                        assert retries < 100 * transfers, e.response
                        time.sleep(rnd.uniform(0, 0.02))
                        continue
                    raise
        return done, insufficient

    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(worker, range(threads)))
    assert sum(r[0] for r in results) == threads * transfers
    assert sum(r[1] for r in results) < threads * transfers  # some transfers went through
    balances = [int(get_consistent(ddb, name, k)["bal"]["N"]) for k in keys]
    assert sum(balances) == accounts * start, balances
    assert min(balances) >= 0, balances


def test_single_item_writes_racing_transactions_lose_nothing(ddb, table_factory):
    """UpdateItem ADDs race transactions on the same counter. A single-item write that meets an
    in-flight transaction fails with TransactionConflictException ('Transaction is ongoing for the
    item' -- developer guide, 'Transaction conflict handling'; Local never conflicts) and changes
    nothing; every acknowledged write is counted exactly once."""
    name, _ = table_factory("txr")
    counter = {"pk": {"S": "counter"}}
    ddb.put_item(TableName=name, Item=dict(counter, n={"N": "0"}))
    rounds = 150

    def transactions(seed):
        applied = 0
        for i in range(rounds):
            try:
                _tw(ddb, [_upd(name, counter, "ADD n :one",
                               ExpressionAttributeValues={":one": {"N": "1"}}),
                          _put(name, {"pk": {"S": "log-%d-%d" % (seed, i)}})])
                applied += 1
            except ClientError as e:
                reasons = [r["Code"] for r in e.response.get("CancellationReasons", [])]
                assert e.response["Error"]["Code"] == "TransactionCanceledException" and \
                    "TransactionConflict" in reasons, e.response
        return applied, 0

    def single_writes(_):
        applied = conflicts = 0
        for _ in range(rounds):
            try:
                ddb.update_item(TableName=name, Key=counter, UpdateExpression="ADD n :k",
                                ExpressionAttributeValues={":k": {"N": "1000"}})
                applied += 1
            except ClientError as e:
                assert e.response["Error"]["Code"] == "TransactionConflictException", e.response
                assert e.response["Error"]["Message"] == "Transaction is ongoing for the item"
                conflicts += 1
        return applied, conflicts

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        tx = [pool.submit(transactions, s) for s in range(2)]
        single = [pool.submit(single_writes, s) for s in range(2)]
        tx_applied = sum(f.result()[0] for f in tx)
        single_applied = sum(f.result()[0] for f in single)
    print("conflicts seen: %d" % sum(f.result()[1] for f in single))
    total = int(get_consistent(ddb, name, counter)["n"]["N"])
    assert total == tx_applied + 1000 * single_applied, (total, tx_applied, single_applied)
    logs = ddb.scan(TableName=name, Select="COUNT", ConsistentRead=True)["Count"] - 1
    assert logs == tx_applied
