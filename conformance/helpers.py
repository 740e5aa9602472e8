"""Helpers shared by the conformance tests (imported as `from helpers import ...`)."""

import base64
import json
import time
import urllib.request
import uuid

import pytest
from botocore.exceptions import ClientError

# Prefix of every table this suite creates, so leftovers are easy to find.
TABLE_PREFIX = "ddbconf_"

# Dummy credentials for non-AWS targets: DynamoDB Local wants letters and digits only.
DUMMY_ACCESS_KEY = "AKIDCONFORMANCE"
DUMMY_SECRET_KEY = "conformancesecret"
LOCAL_REGION = "us-east-1"


def unique_name(tag=""):
    return TABLE_PREFIX + (tag + "_" if tag else "") + uuid.uuid4().hex[:12]


def wait_exists(ddb, name):
    ddb.get_waiter("table_exists").wait(TableName=name,
                                        WaiterConfig={"Delay": 1, "MaxAttempts": 120})


def wait_active(ddb, name, timeout=300):
    """Waits until the table and all its indexes are ACTIVE (after UpdateTable)."""
    deadline = time.monotonic() + timeout
    while True:
        t = ddb.describe_table(TableName=name)["Table"]
        if t["TableStatus"] == "ACTIVE" and all(
                g.get("IndexStatus") == "ACTIVE" for g in t.get("GlobalSecondaryIndexes", [])):
            return t
        if time.monotonic() > deadline:
            raise AssertionError("table %s not ACTIVE after %ss: %r" % (name, timeout, t))
        time.sleep(1)


def delete_quietly(ddb, name):
    """Best-effort cleanup: the table may never have been created (or had an invalid name)."""
    try:
        ddb.delete_table(TableName=name)
    except ClientError as e:
        if e.response["Error"]["Code"] not in ("ResourceNotFoundException", "ValidationException"):
            raise


def hash_schema(name="pk", type_="S"):
    return dict(KeySchema=[{"AttributeName": name, "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": name, "AttributeType": type_}])


def hash_range_schema(h="pk", htype="S", r="sk", rtype="S"):
    return dict(KeySchema=[{"AttributeName": h, "KeyType": "HASH"},
                           {"AttributeName": r, "KeyType": "RANGE"}],
                AttributeDefinitions=[{"AttributeName": h, "AttributeType": htype},
                                      {"AttributeName": r, "AttributeType": rtype}])


# --------------------------------------------------------------------------
# Assertion helpers
# --------------------------------------------------------------------------

def expect_error(fn, code, message=None, status=400, message_startswith=None):
    """Calls fn(), which must raise a ClientError with this code (and exact message)."""
    with pytest.raises(ClientError) as excinfo:
        fn()
    resp = excinfo.value.response
    assert resp["Error"]["Code"] == code, resp
    if message is not None:
        assert resp["Error"]["Message"] == message, resp
    if message_startswith is not None:
        assert resp["Error"]["Message"].startswith(message_startswith), resp
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == status, resp
    return resp


def layer_text(validation_layer, older, current=None):
    """The message the target's validation layer (the `validation_layer` fixture) sends: `current`,
    or when that is not given, `older` behind the current layer's "1 validation error detected: "."""
    if validation_layer == "older":
        return older
    return current if current is not None else "1 validation error detected: " + older


# The request-level texts PutItem, UpdateItem and DeleteItem send behind the current layer's
# envelope, as they were (docs/validation-messages.md, "Two validation layers").
_ENVELOPED_EXACTLY = (
    "One or more parameter values were invalid: An string set  may not be empty",
    "One or more parameter values were invalid: An number set  may not be empty",
    "One or more parameter values were invalid: Binary sets should not be empty",
)
_ENVELOPED_FAMILIES = (
    "Can not use both expression and non-expression parameters in the same request: ",
    "Invalid ConditionExpression: ",
    "Invalid UpdateExpression: ",
    "Value provided in ExpressionAttributeNames unused in expressions: ",
    "Value provided in ExpressionAttributeValues unused in expressions: ",
    "The parameter cannot be converted to a numeric value: ",
)
_NESTING = ("Nesting Levels have exceeded supported limits: Attributes in the item have nested levels "
            "beyond supported limit")


def item_write_text(validation_layer, older):
    """What PutItem, UpdateItem or DeleteItem answer, in the target's validation layer, where the
    older layer answers `older` (a request-level ValidationException; duplicates in a set and shape
    errors are reworded beyond this: pass their texts to layer_text)."""
    if validation_layer == "older":
        return older
    env = "1 validation error detected: "
    if older in _ENVELOPED_EXACTLY or older.startswith(_ENVELOPED_FAMILIES):
        return env + older
    if older == "The parameter cannot be converted to a numeric value":
        return env + older + ": "
    without = "ExpressionAttributeValues can only be specified when using expressions"
    if older.startswith(without):
        return env + without
    wrapped = "ExpressionAttributeValues contains invalid value: " + _NESTING + " for key "
    if older.startswith(wrapped):
        return env + _NESTING
    return older


def expect_raw_error(resp, code, message=None, status=400):
    assert resp.status == status, resp
    assert resp.error_code == code, resp
    if message is not None:
        assert resp.error_message == message, resp
    return resp


def b64(data):
    return base64.b64encode(data).decode("ascii")


def rand_key(prefix="k"):
    return prefix + uuid.uuid4().hex


def new_key():
    """A fresh hash key for the shared `pk` (S) tables."""
    return {"pk": {"S": rand_key()}}


def get_consistent(ddb, table, key):
    """The item at `key` (strongly consistent read), or None."""
    return ddb.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")


def local_differs_params(differs):
    """Rows (id, request, AWS message, source) as pytest params marked local_differs."""
    return [pytest.param(d[1], d[2], id=d[0], marks=pytest.mark.local_differs(
        "Local: another text; AWS: %r -- %s" % (d[2], d[3]))) for d in differs]


def expected_pages(ordered, limit, matches=lambda it: True):
    """What DynamoDB returns for Limit-paginated reads of `ordered` items: each page evaluates up to
    `limit` items; LastEvaluatedKey is present whenever the page evaluated `limit` items (even if
    nothing is left), so an exact multiple ends with an empty page."""
    pages = []
    i = 0
    while True:
        window = ordered[i:i + limit]
        full = len(window) == limit
        pages.append(dict(items=[it for it in window if matches(it)], scanned=len(window),
                          lek=window[-1] if full else None))
        i += limit
        if not full:
            return pages


def eventually(fn, done, timeout=15.0, interval=0.2):
    """Calls fn() until done(result) or the deadline (GSIs are eventually consistent on AWS);
    returns the last result either way, so the caller's own assertion reports what was seen.
    No timing is asserted."""
    deadline = time.monotonic() + timeout
    while True:
        result = fn()
        if done(result) or time.monotonic() > deadline:
            return result
        time.sleep(interval)


def nested_maps(containers):
    """`containers` nested M values, each holding the next under "k", around a scalar S."""
    v = {"S": "leaf"}
    for _ in range(containers):
        v = {"M": {"k": v}}
    return v


class Admin:
    """ddbemu's admin endpoint (docs/throttling.md): its clock, and the TTL sweep. State changes
    are sent as JSON, the only form the endpoint takes them in."""

    def __init__(self, endpoint_url):
        self.base = endpoint_url.rstrip("/") + "/_ddbemu/"

    def call(self, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method="GET" if body is None else "POST",
                                     headers={} if body is None else {"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as resp:
            return json.loads(resp.read())

    def now(self):
        return self.call("clock")["now"]

    def advance(self, seconds):
        return self.call("clock", {"advance": seconds})

    def sweep(self):
        """Deletes every table's expired items now and trims the streams."""
        return self.call("ttl/sweep", {})


def read_stream(streams, arn):
    """Every record now in the stream: every shard, parents first, each from TRIM_HORIZON to its
    end (closed) or its first empty page (open)."""
    shards, start = [], None
    while True:
        kw = {"ExclusiveStartShardId": start} if start else {}
        desc = streams.describe_stream(StreamArn=arn, **kw)["StreamDescription"]
        shards += desc["Shards"]
        start = desc.get("LastEvaluatedShardId")
        if not start:
            break
    ids = {s["ShardId"] for s in shards}
    done, ordered = set(), []
    while len(ordered) < len(shards):
        ready = [s for s in shards if s["ShardId"] not in done and (
            s.get("ParentShardId") not in ids or s["ParentShardId"] in done)]
        assert ready, "shard lineage has a cycle: %r" % shards
        for s in ready:
            ordered.append(s)
            done.add(s["ShardId"])
    records = []
    for shard in ordered:
        it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                        ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        for _ in range(1000):
            resp = streams.get_records(ShardIterator=it)
            records += resp["Records"]
            it = resp.get("NextShardIterator")
            if it is None or not resp["Records"]:
                break
    return records


def canonical_value(value):
    """A wire attribute value with its sets' members sorted, at any depth, so that two equal
    values compare equal (set order carries no meaning)."""
    (t, v), = value.items()
    if t in ("SS", "NS", "BS"):
        return {t: sorted(v)}
    if t == "M":
        return {t: {k: canonical_value(x) for k, x in v.items()}}
    if t == "L":
        return {t: [canonical_value(x) for x in v]}
    return {t: v}


def canonical_item(item):
    return {k: canonical_value(v) for k, v in item.items()}
