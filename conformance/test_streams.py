"""DynamoDB Streams: StreamSpecification on CreateTable/UpdateTable, and the Streams API
(ListStreams, DescribeStream, GetShardIterator, GetRecords) on the stream's records.

The facts, their sources and DynamoDB Local's differences are in docs/ttl-streams-facts.md
(section numbers below refer to it). Messages are asserted exactly where AWS's text is known
(AUTH/DOC there); where only the error type is known (every Streams API error except a missing
stream) only the code is asserted.

Records may sit in any shard of a stream (ddbemu: one shard per partition; a new on-demand
table has four), so readers describe every shard, read parents before children
(ParentShardId) and sort each item's records by SequenceNumber. AWS delivers records within a
second or so; every wait is a poll with a deadline. ShardFilter is newer than Debian's
botocore 1.29 model, so those requests are sent raw.

Tests that need ddbemu's admin clock (iterator expiry, shard rollover) skip on other targets.
"""

import datetime
import json
import re
import time

import pytest

from helpers import (Admin, delete_quietly, eventually, expect_error, expect_raw_error, hash_schema, unique_name,
                     wait_active, wait_exists)


# ---------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------

SRC_ACK = "live AWS runs quoted in docs/ttl-streams-facts.md section 3 ([ACK] 442/050)"
SRC_SCY = "scylladb test/alternator/test_streams.py (run against AWS)"
SRC_LS = "localstack tests/aws/services/dynamodbstreams snapshots (recorded on AWS)"
SRC_REC = "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_Record.html"
SRC_FACTS = "docs/ttl-streams-facts.md"

VIEW_TYPES = ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"]
SEQ_RE = re.compile(r"^[0-9]{21,40}$")
LABEL_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$")
# A well-formed shard id that no stream has (the model allows 28-65 characters).
NO_SUCH_SHARD = "shardId-00000000000000000000-00000000"
STREAMS_TARGET = "DynamoDBStreams_20120810."
RECORD_WAIT = 30  # seconds to wait for records to show up in the stream


# ---------------------------------------------------------------------------
# Fixtures and helpers
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def raw_streams(raw, streams, target):
    """Hand-made Streams requests (ShardFilter is newer than boto3 1.26's model):
    raw_streams(operation, body) -> RawResponse, sent to the Streams endpoint."""
    client = type(raw)(streams, target)
    return lambda operation, body: client(operation, body,
                                          target_header=STREAMS_TARGET + operation)


@pytest.fixture
def admin(target, endpoint_url):
    if target != "emulator":
        pytest.skip("needs ddbemu's admin clock (no other target's clock can be moved)")
    return Admin(endpoint_url)


def stream_table(table_factory, view_type, tag="st", schema=None):
    """A fresh table with a stream of `view_type`; returns (name, stream ARN)."""
    name, resp = table_factory(tag, schema=schema,
                               StreamSpecification={"StreamEnabled": True, "StreamViewType": view_type})
    return name, resp["TableDescription"]["LatestStreamArn"]


def describe_all(streams, arn, **kwargs):
    """DescribeStream paged through LastEvaluatedShardId: (last StreamDescription, all shards)."""
    shards, start = [], None
    for _ in range(1000):
        params = dict(kwargs)
        if start:
            params["ExclusiveStartShardId"] = start
        desc = streams.describe_stream(StreamArn=arn, **params)["StreamDescription"]
        shards += desc["Shards"]
        start = desc.get("LastEvaluatedShardId")
        if not start:
            return desc, shards
    raise AssertionError("DescribeStream never stopped paging")


def lineage_order(shards):
    """The shards with every parent before its children (a parent no longer listed counts as
    read)."""
    ids = {s["ShardId"] for s in shards}
    done, ordered, pending = set(), [], list(shards)
    while pending:
        ready = [s for s in pending
                 if s.get("ParentShardId") is None or s["ParentShardId"] not in ids
                 or s["ParentShardId"] in done]
        assert ready, "shard lineage has a cycle: %r" % pending
        for s in ready:
            ordered.append(s)
            done.add(s["ShardId"])
            pending.remove(s)
    return ordered


def shard_iterator(streams, arn, shard_id, kind="TRIM_HORIZON", **kwargs):
    return streams.get_shard_iterator(StreamArn=arn, ShardId=shard_id, ShardIteratorType=kind,
                                      **kwargs)["ShardIterator"]


def read_from(streams, iterator, max_pages=1000):
    """GetRecords from `iterator` until a page comes back empty (an open shard's current end) or
    without NextShardIterator (a closed shard's end): (records, last response)."""
    records = []
    for _ in range(max_pages):
        resp = streams.get_records(ShardIterator=iterator)
        records += resp["Records"]
        iterator = resp.get("NextShardIterator")
        if iterator is None or not resp["Records"]:
            return records, resp
    raise AssertionError("the shard never ended")


def read_stream(streams, arn):
    """Every record now in the stream, shard by shard in lineage order."""
    _, shards = describe_all(streams, arn)
    records = []
    for shard in lineage_order(shards):
        records += read_from(streams, shard_iterator(streams, arn, shard["ShardId"]))[0]
    return records


def wait_records(streams, arn, count, timeout=RECORD_WAIT):
    """The stream's records once it holds at least `count` (or whatever it holds at the deadline)."""
    return eventually(lambda: read_stream(streams, arn), lambda r: len(r) >= count,
                      timeout=timeout, interval=0.5)


def item_id(keys):
    return json.dumps(keys, sort_keys=True)


def by_item(records):
    """{item id: [its records sorted by SequenceNumber]}."""
    out = {}
    for r in records:
        out.setdefault(item_id(r["dynamodb"]["Keys"]), []).append(r)
    for recs in out.values():
        recs.sort(key=lambda r: int(r["dynamodb"]["SequenceNumber"]))
    return out


def wait_stream_status(streams, arn, status, timeout=60):
    """The StreamDescription once StreamStatus is `status` (AWS passes through ENABLING/DISABLING)."""
    return eventually(lambda: describe_all(streams, arn)[0], lambda d: d["StreamStatus"] == status,
                      timeout=timeout, interval=0.5)


def s_size(image):
    """Item size of an image holding only S values: name bytes + value bytes."""
    return sum(len(k.encode()) + len(v["S"].encode()) for k, v in image.items())


def expected_record(view, event, keys, old=None, new=None):
    """The record's dynamodb part as the view type shows it (facts section 8), SizeBytes aside."""
    rec = {"eventName": event, "Keys": keys, "StreamViewType": view}
    if new is not None and view in ("NEW_IMAGE", "NEW_AND_OLD_IMAGES"):
        rec["NewImage"] = new
    if old is not None and view in ("OLD_IMAGE", "NEW_AND_OLD_IMAGES"):
        rec["OldImage"] = old
    return rec


def simplified(record):
    d = record["dynamodb"]
    out = {"eventName": record["eventName"], "Keys": d["Keys"], "StreamViewType": d["StreamViewType"]}
    for image in ("NewImage", "OldImage"):
        if image in d:
            out[image] = d[image]
    return out


def batch_write(ddb, request_items, timeout=60):
    """BatchWriteItem, resubmitting UnprocessedItems (AWS may throttle a fresh table)."""
    deadline = time.monotonic() + timeout
    while request_items:
        request_items = ddb.batch_write_item(RequestItems=request_items)["UnprocessedItems"]
        if request_items:
            assert time.monotonic() < deadline, "UnprocessedItems never drained"
            time.sleep(0.5)


def stream_arn_of_missing_table(ddb, table):
    """A well-formed stream ARN in this account and region whose table does not exist."""
    table_arn = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    return (table_arn.rsplit("/", 1)[0] + "/" + unique_name("gone")
            + "/stream/2020-01-01T00:00:00.000")


# ---------------------------------------------------------------------------
# StreamSpecification on CreateTable / UpdateTable (facts section 3)
# ---------------------------------------------------------------------------

PREFIX = "One or more parameter values were invalid: "


def _create_with(ddb, table_factory, spec):
    def create():
        name = unique_name("spec")
        table_factory.track(name)  # cleaned up if a server wrongly accepts it
        ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST", StreamSpecification=spec,
                         **hash_schema())
    return create


def _spec_case(ddb, table_factory, case):
    """(callable, AWS message) of one StreamSpecification error case."""
    if case.startswith("create_"):
        spec = {"create_enabled_without_view_type": {"StreamEnabled": True},
                "create_disabled_with_view_type": {"StreamEnabled": False, "StreamViewType": "NEW_IMAGE"},
                "create_bad_view_type": {"StreamEnabled": True, "StreamViewType": "BOGUS"}}[case]
        msg = {"create_enabled_without_view_type":
               PREFIX + "Table is being created with a stream enabled, UpdateViewType is required",
               "create_disabled_with_view_type":
               PREFIX + "Table is being created with a stream disabled, UpdateViewType should not be specified",
               "create_bad_view_type": None}[case]
        return _create_with(ddb, table_factory, spec), msg
    with_stream = case in ("update_disable_with_view_type", "update_enable_on_enabled_same_type",
                           "update_enable_on_enabled_other_type")
    if with_stream:
        name, _ = stream_table(table_factory, "NEW_IMAGE", "spec")
    else:
        name, _ = table_factory("spec")
    spec, msg = {
        "update_enable_without_view_type": (
            {"StreamEnabled": True}, PREFIX + "If stream is being enabled then UpdateViewType is required"),
        "update_disable_with_view_type": (
            {"StreamEnabled": False, "StreamViewType": "NEW_IMAGE"},
            PREFIX + "If stream is being disabled, then UpdateViewType must not be specified"),
        "update_enable_on_enabled_same_type": (
            {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
            "Table already has an enabled stream: TableName: " + name),
        "update_enable_on_enabled_other_type": (
            {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"},
            "Table already has an enabled stream: TableName: " + name),
        "update_disable_without_stream": (
            {"StreamEnabled": False}, "Table has no stream to disable: TableName: " + name),
        "update_bad_view_type": ({"StreamEnabled": True, "StreamViewType": "BOGUS"}, None),
    }[case]
    return (lambda: ddb.update_table(TableName=name, StreamSpecification=spec)), msg


SPEC_CASES = ["create_enabled_without_view_type", "create_disabled_with_view_type",
              "create_bad_view_type", "update_enable_without_view_type",
              "update_disable_with_view_type", "update_enable_on_enabled_same_type",
              "update_enable_on_enabled_other_type", "update_disable_without_stream",
              "update_bad_view_type"]

# Local's own texts (facts section 3, LOCAL).
SPEC_LOCAL = {
    "create_enabled_without_view_type": "Invalid StreamViewType: Stream ViewType must not be null or "
                                        "empty when enabling streams.",
    "create_disabled_with_view_type": "Invalid StreamViewType: Stream StreamEnabled was false but a "
                                      "StreamViewType was present.",
    "update_enable_without_view_type": "Invalid StreamViewType: Stream ViewType must not be null or "
                                       "empty when enabling streams.",
    "update_disable_with_view_type": "Invalid StreamViewType: Stream StreamEnabled was false but a "
                                     "StreamViewType was present.",
    "update_enable_on_enabled_same_type": "Table already has an enabled stream (no ': TableName: ...')",
    "update_enable_on_enabled_other_type": "Table already has an enabled stream (no ': TableName: ...')",
    "update_disable_without_stream": "Table has no stream to disable (no ': TableName: ...')",
}


@pytest.mark.parametrize("case", SPEC_CASES)
def test_stream_specification_error_code(ddb, table_factory, case):
    fn, _ = _spec_case(ddb, table_factory, case)
    expect_error(fn, "ValidationException")


@pytest.mark.parametrize("case", [
    pytest.param(c, marks=pytest.mark.local_differs(
        "Local: %r -- %s" % (SPEC_LOCAL[c], SRC_ACK + "; " + SRC_SCY)))
    for c in SPEC_CASES if c in SPEC_LOCAL])
def test_stream_specification_error_message(ddb, table_factory, case):
    fn, msg = _spec_case(ddb, table_factory, case)
    expect_error(fn, "ValidationException", msg)


def test_describe_table_reports_the_stream(ddb, table_factory):
    name, resp = table_factory("desc", StreamSpecification={"StreamEnabled": True,
                                                             "StreamViewType": "KEYS_ONLY"})
    for desc in (resp["TableDescription"], ddb.describe_table(TableName=name)["Table"]):
        assert desc["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}
        assert LABEL_RE.match(desc["LatestStreamLabel"]), desc
        assert desc["LatestStreamArn"] == desc["TableArn"] + "/stream/" + desc["LatestStreamLabel"]


def test_table_without_stream_has_no_stream_fields(ddb, table):
    desc = ddb.describe_table(TableName=table)["Table"]
    assert "StreamSpecification" not in desc
    assert "LatestStreamArn" not in desc
    assert "LatestStreamLabel" not in desc


@pytest.fixture(scope="module")
def lifecycle(ddb, streams):
    """One table taken through create(NEW_IMAGE) -> disable -> enable(KEYS_ONLY) -> disable ->
    enable(NEW_AND_OLD_IMAGES), with one write to item `k` under each stream."""
    name = unique_name("life")
    key = {"pk": {"S": "k"}}
    out = {"name": name, "arns": [], "labels": [], "after_disable": []}
    try:
        resp = ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                                StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
                                **hash_schema())
        wait_exists(ddb, name)
        out["table_arn"] = resp["TableDescription"]["TableArn"]
        views = ["NEW_IMAGE", "KEYS_ONLY", "NEW_AND_OLD_IMAGES"]
        for i, view in enumerate(views):
            if i:
                out["update_response"] = ddb.update_table(
                    TableName=name, StreamSpecification={"StreamEnabled": True, "StreamViewType": view}
                )["TableDescription"]
                wait_active(ddb, name, timeout=120)
            desc = ddb.describe_table(TableName=name)["Table"]
            out["arns"].append(desc["LatestStreamArn"])
            out["labels"].append(desc["LatestStreamLabel"])
            ddb.put_item(TableName=name, Item=dict(key, v={"S": "v%d" % i}))
            if i < len(views) - 1:
                ddb.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})
                wait_active(ddb, name, timeout=120)
                out["after_disable"].append(ddb.describe_table(TableName=name)["Table"])
        yield out
    finally:
        delete_quietly(ddb, name)


def test_disable_drops_stream_specification_keeps_latest_stream(lifecycle):
    """facts section 3: after disabling, StreamSpecification is absent and LatestStream* remain."""
    for i, desc in enumerate(lifecycle["after_disable"]):
        assert "StreamSpecification" not in desc, desc
        assert desc["LatestStreamArn"] == lifecycle["arns"][i]
        assert desc["LatestStreamLabel"] == lifecycle["labels"][i]


def test_reenable_mints_a_new_stream(ddb, streams, lifecycle):
    arns, labels = lifecycle["arns"], lifecycle["labels"]
    assert len(set(arns)) == 3 and len(set(labels)) == 3, arns
    for arn, label in zip(arns, labels):
        assert LABEL_RE.match(label), label
        assert arn == lifecycle["table_arn"] + "/stream/" + label
    assert lifecycle["update_response"]["StreamSpecification"] == {
        "StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert lifecycle["update_response"]["LatestStreamArn"] == arns[2]
    desc = ddb.describe_table(TableName=lifecycle["name"])["Table"]
    assert desc["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert desc["LatestStreamArn"] == arns[2]


def test_disabled_streams_are_disabled_with_every_shard_closed(streams, lifecycle):
    for arn, view in zip(lifecycle["arns"][:2], ["NEW_IMAGE", "KEYS_ONLY"]):
        desc = wait_stream_status(streams, arn, "DISABLED")
        assert desc["StreamStatus"] == "DISABLED"
        assert desc["StreamViewType"] == view
        _, shards = describe_all(streams, arn)
        assert shards
        for shard in shards:
            assert SEQ_RE.match(shard["SequenceNumberRange"]["EndingSequenceNumber"]), shard
    desc = streams.describe_stream(StreamArn=lifecycle["arns"][2])["StreamDescription"]
    assert desc["StreamStatus"] == "ENABLED"
    assert any("EndingSequenceNumber" not in s["SequenceNumberRange"] for s in desc["Shards"]), desc


def test_disabled_streams_stay_readable(streams, lifecycle):
    """Each stream holds the write made while it was enabled; a closed shard's end has no
    NextShardIterator (scylla test_streams_closed_read)."""
    key = {"pk": {"S": "k"}}
    first, second, third = lifecycle["arns"]
    wait_stream_status(streams, first, "DISABLED")
    wait_stream_status(streams, second, "DISABLED")
    got = [[simplified(r) for r in wait_records(streams, arn, 1)] for arn in (first, second, third)]
    assert got == [
        [expected_record("NEW_IMAGE", "INSERT", key, new=dict(key, v={"S": "v0"}))],
        [expected_record("KEYS_ONLY", "MODIFY", key)],
        [expected_record("NEW_AND_OLD_IMAGES", "MODIFY", key, old=dict(key, v={"S": "v1"}),
                         new=dict(key, v={"S": "v2"}))],
    ]
    deadline = time.monotonic() + RECORD_WAIT
    for arn in (first, second):
        for shard in describe_all(streams, arn)[1]:
            _, last = read_from(streams, shard_iterator(streams, arn, shard["ShardId"]), max_pages=100)
            while "NextShardIterator" in last and time.monotonic() < deadline:
                _, last = read_from(streams, last["NextShardIterator"], max_pages=100)
            assert "NextShardIterator" not in last, last


# ---------------------------------------------------------------------------
# ListStreams (facts section 5)
# ---------------------------------------------------------------------------

def test_list_streams_by_table_name(streams, lifecycle):
    resp = streams.list_streams(TableName=lifecycle["name"])
    assert "LastEvaluatedStreamArn" not in resp
    assert sorted(resp["Streams"], key=lambda s: s["StreamArn"]) == sorted(
        [{"StreamArn": arn, "TableName": lifecycle["name"], "StreamLabel": label}
         for arn, label in zip(lifecycle["arns"], lifecycle["labels"])], key=lambda s: s["StreamArn"])


def test_list_streams_limit_pages_with_exclusive_start_stream_arn(streams, lifecycle):
    seen, start = [], None
    for _ in range(10):
        kwargs = {"ExclusiveStartStreamArn": start} if start else {}
        resp = streams.list_streams(TableName=lifecycle["name"], Limit=1, **kwargs)
        assert len(resp["Streams"]) <= 1, resp
        seen += [s["StreamArn"] for s in resp["Streams"]]
        start = resp.get("LastEvaluatedStreamArn")
        if not start:
            break
        assert start == seen[-1], resp
    assert sorted(seen) == sorted(lifecycle["arns"])


def test_list_streams_of_table_without_stream_is_empty(streams, table):
    resp = streams.list_streams(TableName=table)
    assert resp["Streams"] == []
    assert "LastEvaluatedStreamArn" not in resp


def test_list_streams_without_table_name_includes_ours(streams, lifecycle):
    seen, start = set(), None
    for _ in range(1000):
        kwargs = {"ExclusiveStartStreamArn": start} if start else {}
        resp = streams.list_streams(Limit=100, **kwargs)
        seen |= {s["StreamArn"] for s in resp["Streams"]}
        start = resp.get("LastEvaluatedStreamArn")
        if not start:
            break
    assert set(lifecycle["arns"]) <= seen


@pytest.mark.parametrize("limit", [1, 100])
def test_list_streams_limit_accepted(streams, limit):
    assert len(streams.list_streams(Limit=limit)["Streams"]) <= limit


@pytest.mark.parametrize("limit", [0, 101, -1])
def test_list_streams_limit_out_of_range(streams, limit):
    """Limit is 1..100 (botocore model; 0 AUTH, 101 2ND: scylla test_list_streams_zero_limit,
    _too_high_limit). AWS text NONE."""
    expect_error(lambda: streams.list_streams(Limit=limit), "ValidationException")


@pytest.mark.local_differs("Local answers {'Streams': []} -- " + SRC_SCY +
                           " test_list_streams_with_nonexistent_last_stream")
def test_list_streams_exclusive_start_not_an_arn(streams):
    expect_error(lambda: streams.list_streams(ExclusiveStartStreamArn="not-an-arn"),
                 "ValidationException")


# ---------------------------------------------------------------------------
# DescribeStream (facts section 6)
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def one_stream(ddb, streams):
    """A hash-key table with a NEW_AND_OLD_IMAGES stream and a few items written."""
    name = unique_name("desc")
    try:
        resp = ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                                StreamSpecification={"StreamEnabled": True,
                                                     "StreamViewType": "NEW_AND_OLD_IMAGES"},
                                **hash_schema())
        wait_exists(ddb, name)
        for i in range(8):
            ddb.put_item(TableName=name, Item={"pk": {"S": "item%d" % i}})
        arn = resp["TableDescription"]["LatestStreamArn"]
        wait_records(streams, arn, 8)
        yield {"name": name, "arn": arn, "label": resp["TableDescription"]["LatestStreamLabel"]}
    finally:
        delete_quietly(ddb, name)


def test_describe_stream_shape(streams, one_stream):
    desc = streams.describe_stream(StreamArn=one_stream["arn"])["StreamDescription"]
    assert set(desc) <= {"StreamArn", "StreamLabel", "StreamStatus", "StreamViewType",
                         "CreationRequestDateTime", "TableName", "KeySchema", "Shards",
                         "LastEvaluatedShardId"}, desc
    assert desc["StreamArn"] == one_stream["arn"]
    assert desc["StreamLabel"] == one_stream["label"]
    assert desc["StreamStatus"] == "ENABLED"
    assert desc["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert desc["TableName"] == one_stream["name"]
    assert desc["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}]
    assert isinstance(desc["CreationRequestDateTime"], datetime.datetime)
    _, shards = describe_all(streams, one_stream["arn"])
    assert shards
    ids = [s["ShardId"] for s in shards]
    assert len(set(ids)) == len(ids)
    for shard in shards:
        assert set(shard) <= {"ShardId", "SequenceNumberRange", "ParentShardId"}, shard
        assert 28 <= len(shard["ShardId"]) <= 65, shard
        rng = shard["SequenceNumberRange"]
        assert set(rng) <= {"StartingSequenceNumber", "EndingSequenceNumber"}, shard
        for seq in rng.values():
            assert SEQ_RE.match(seq), shard
        if "EndingSequenceNumber" in rng:
            assert int(rng["StartingSequenceNumber"]) <= int(rng["EndingSequenceNumber"]), shard
    assert any("EndingSequenceNumber" not in s["SequenceNumberRange"] for s in shards)


def test_describe_stream_exclusive_start_shard_id(streams, one_stream):
    _, shards = describe_all(streams, one_stream["arn"])
    ids = [s["ShardId"] for s in shards]
    for i, shard_id in enumerate(ids):
        _, rest = describe_all(streams, one_stream["arn"], ExclusiveStartShardId=shard_id)
        assert [s["ShardId"] for s in rest] == ids[i + 1:]


def test_describe_stream_limit_one_pages_through_every_shard(streams, one_stream):
    _, shards = describe_all(streams, one_stream["arn"])
    seen, start = [], None
    for _ in range(200):
        kwargs = {"ExclusiveStartShardId": start} if start else {}
        desc = streams.describe_stream(StreamArn=one_stream["arn"], Limit=1, **kwargs)["StreamDescription"]
        assert len(desc["Shards"]) <= 1
        seen += [s["ShardId"] for s in desc["Shards"]]
        start = desc.get("LastEvaluatedShardId")
        if not start:
            break
        assert start == seen[-1], desc
    assert seen == [s["ShardId"] for s in shards]


@pytest.mark.parametrize("limit", [0, 101])
def test_describe_stream_limit_out_of_range(streams, one_stream, limit):
    """Limit is 1..100 (botocore model). AWS text NONE."""
    expect_error(lambda: streams.describe_stream(StreamArn=one_stream["arn"], Limit=limit),
                 "ValidationException")


def test_describe_stream_unknown_shard_id_is_empty(streams, one_stream):
    """scylla test_describe_stream_with_nonexistent_last_shard (AWS: no error, no shards; the id
    sorts after every real one)."""
    desc = streams.describe_stream(StreamArn=one_stream["arn"],
                                   ExclusiveStartShardId="zzzzzzzzzzzzzzzzzzzzzzzzsfasdgagadfadfgagkjsdfsfsdjfjks"
                                   )["StreamDescription"]
    assert desc["Shards"] == []


def test_describe_stream_of_missing_table(ddb, streams, one_stream):
    """localstack test_non_existent_stream (recorded on AWS 2024-11-20); Local says the same."""
    arn = stream_arn_of_missing_table(ddb, one_stream["name"])
    expect_error(lambda: streams.describe_stream(StreamArn=arn), "ResourceNotFoundException",
                 "Requested resource not found: Stream: %s not found" % arn)


def test_describe_stream_unknown_label(streams, one_stream):
    arn = one_stream["arn"].rsplit("/", 1)[0] + "/2000-01-01T00:00:00.000"
    expect_error(lambda: streams.describe_stream(StreamArn=arn), "ResourceNotFoundException",
                 "Requested resource not found: Stream: %s not found" % arn)


@pytest.mark.local_differs("Local: ResourceNotFoundException 'Requested resource not found: Stream: "
                           "<arn> not found' -- " + SRC_SCY + " test_describe_nonexistent_stream")
def test_describe_stream_arn_not_an_arn(streams):
    expect_error(lambda: streams.describe_stream(StreamArn="not-an-arn"), "ValidationException")


@pytest.mark.local_differs("Local ignores ShardFilter and returns every shard -- " + SRC_SCY +
                           " test_stream_shard_filtering_*")
def test_describe_stream_shard_filter_child_shards(streams, raw_streams, one_stream):
    """A single generation of shards has no children."""
    _, shards = describe_all(streams, one_stream["arn"])
    resp = raw_streams("DescribeStream", {"StreamArn": one_stream["arn"], "ShardFilter": {
        "Type": "CHILD_SHARDS", "ShardId": shards[0]["ShardId"]}})
    assert resp.status == 200, resp
    assert resp.json()["StreamDescription"]["Shards"] == []


@pytest.mark.parametrize("shard_filter", [
    pytest.param({"Type": "BOGUS", "ShardId": "FIRST"}, id="bad_type"),
    pytest.param({"ShardId": "FIRST"}, id="missing_type"),
    pytest.param({"Type": "CHILD_SHARDS"}, id="missing_shard_id"),
])
@pytest.mark.local_differs("Local ignores ShardFilter and answers 200 -- " + SRC_SCY +
                           " test_stream_shard_filtering_*")
def test_describe_stream_shard_filter_invalid(streams, raw_streams, one_stream, shard_filter):
    _, shards = describe_all(streams, one_stream["arn"])
    shard_filter = {k: (shards[0]["ShardId"] if v == "FIRST" else v) for k, v in shard_filter.items()}
    resp = raw_streams("DescribeStream", {"StreamArn": one_stream["arn"], "ShardFilter": shard_filter})
    expect_raw_error(resp, "ValidationException")


# ---------------------------------------------------------------------------
# GetShardIterator (facts section 7)
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def positioned(ddb, streams, one_stream):
    """The shard holding item `pos`'s three records (one item's records share a shard)."""
    name, arn = one_stream["name"], one_stream["arn"]
    key = {"pk": {"S": "pos"}}
    for i in range(3):
        ddb.put_item(TableName=name, Item=dict(key, v={"S": "v%d" % i}))

    def find():
        for shard in lineage_order(describe_all(streams, arn)[1]):
            recs = [r for r in read_from(streams, shard_iterator(streams, arn, shard["ShardId"]))[0]
                    if r["dynamodb"]["Keys"] == key]
            if recs:
                return shard["ShardId"], recs
        return None, []
    shard_id, recs = eventually(find, lambda found: len(found[1]) >= 3, timeout=RECORD_WAIT, interval=0.5)
    assert len(recs) == 3, recs
    return {"name": name, "arn": arn, "shard": shard_id, "key": key,
            "seqs": [r["dynamodb"]["SequenceNumber"] for r in recs]}


def _seqs_for(streams, pos, iterator):
    records, _ = read_from(streams, iterator)
    return [r["dynamodb"]["SequenceNumber"] for r in records if r["dynamodb"]["Keys"] == pos["key"]]


def test_iterator_trim_horizon(streams, positioned):
    it = shard_iterator(streams, positioned["arn"], positioned["shard"], "TRIM_HORIZON")
    assert it.startswith(positioned["arn"] + "|") and len(it) <= 2048, it
    assert _seqs_for(streams, positioned, it) == positioned["seqs"]


def test_iterator_at_sequence_number(streams, positioned):
    it = shard_iterator(streams, positioned["arn"], positioned["shard"], "AT_SEQUENCE_NUMBER",
                        SequenceNumber=positioned["seqs"][1])
    assert _seqs_for(streams, positioned, it) == positioned["seqs"][1:]


def test_iterator_after_sequence_number(streams, positioned):
    it = shard_iterator(streams, positioned["arn"], positioned["shard"], "AFTER_SEQUENCE_NUMBER",
                        SequenceNumber=positioned["seqs"][1])
    assert _seqs_for(streams, positioned, it) == positioned["seqs"][2:]


def test_iterator_latest_sees_only_later_writes(ddb, streams, positioned):
    """LATEST starts after the shard's last record. AWS may miss a write made right after the
    iterator was issued (scylla's fixture notes), so the write is repeated until one shows."""
    it = shard_iterator(streams, positioned["arn"], positioned["shard"], "LATEST")
    resp = streams.get_records(ShardIterator=it)
    assert resp["Records"] == []
    assert "NextShardIterator" in resp  # an open shard always hands one back
    got, it, n = [], resp["NextShardIterator"], 0
    deadline = time.monotonic() + RECORD_WAIT
    while not got and time.monotonic() < deadline:
        n += 1
        ddb.put_item(TableName=positioned["name"], Item=dict(positioned["key"], v={"S": "latest%d" % n}))
        for _ in range(5):
            resp = streams.get_records(ShardIterator=it)
            got, it = resp["Records"], resp["NextShardIterator"]
            if got:
                break
            time.sleep(0.2)
    assert got, "no record after LATEST"
    first = got[0]
    assert first["eventName"] == "MODIFY"
    assert first["dynamodb"]["Keys"] == positioned["key"]
    assert first["dynamodb"]["NewImage"]["v"]["S"].startswith("latest"), first
    assert int(first["dynamodb"]["SequenceNumber"]) > int(positioned["seqs"][-1])


@pytest.mark.parametrize("kind,with_seq", [
    ("AT_SEQUENCE_NUMBER", False), ("AFTER_SEQUENCE_NUMBER", False),
    ("TRIM_HORIZON", True), ("LATEST", True), ("BOGUS", False), ("AT_SEQUENCE_NUMBER", "garbage")])
def test_iterator_type_and_sequence_number_mismatch(streams, positioned, kind, with_seq):
    """scylla test_get_shard_iterator (AWS): a missing, superfluous or malformed SequenceNumber and a
    bad ShardIteratorType. AWS text NONE."""
    kwargs = {}
    if with_seq == "garbage":
        kwargs["SequenceNumber"] = "sdfsafglldfngjdafnasdflgnaldklkafdsgklnasdlv"
    elif with_seq:
        kwargs["SequenceNumber"] = positioned["seqs"][0]
    expect_error(lambda: streams.get_shard_iterator(StreamArn=positioned["arn"], ShardId=positioned["shard"],
                                                    ShardIteratorType=kind, **kwargs),
                 "ValidationException")


def test_iterator_for_unknown_shard(streams, one_stream):
    """scylla test_get_shard_iterator_for_nonexistent_shard (AWS). AWS text NONE."""
    expect_error(lambda: shard_iterator(streams, one_stream["arn"], NO_SUCH_SHARD),
                 "ResourceNotFoundException")


@pytest.mark.local_differs("Local: ResourceNotFoundException 'Stream does not exist' -- " + SRC_SCY +
                           " test_get_shard_iterator")
def test_iterator_stream_arn_not_an_arn(streams):
    expect_error(lambda: shard_iterator(streams, "not-an-arn", NO_SUCH_SHARD), "ValidationException")


# ---------------------------------------------------------------------------
# GetRecords (facts section 8)
# ---------------------------------------------------------------------------

def _item(pk, v=None):
    item = {"pk": {"S": pk}}
    if v is not None:
        item["v"] = {"S": v}
    return item


def _key(pk):
    return {"pk": {"S": pk}}


# Per item, the changes (event, old image, new image) the writes in `history` make, in order.
HISTORY = {
    "A": [("INSERT", None, _item("A", "one")), ("MODIFY", _item("A", "one"), _item("A", "two")),
          ("REMOVE", _item("A", "two"), None), ("INSERT", None, _item("A", "three"))],
    "M": [("INSERT", None, _item("M")), ("REMOVE", _item("M"), None)],
    "U": [("INSERT", None, _item("U", "new")), ("REMOVE", _item("U", "new"), None)],
    "B1": [("INSERT", None, _item("B1", "b1")), ("MODIFY", _item("B1", "b1"), _item("B1", "b1x"))],
    "B2": [("INSERT", None, _item("B2", "b2")), ("MODIFY", _item("B2", "b2"), _item("B2", "b2x")),
           ("MODIFY", _item("B2", "b2x"), _item("B2", "b2y"))],
    "T1": [("INSERT", None, _item("T1", "t1"))],
    "T2": [("INSERT", None, _item("T2", "t2"))],
}


@pytest.fixture(scope="module")
def history(ddb, streams):
    """One table per view type, all given the same writes; {view: {"arn", "records": [...]}}."""
    names = {view: unique_name("view_" + view.lower()) for view in VIEW_TYPES}
    try:
        for view, name in names.items():
            ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                             StreamSpecification={"StreamEnabled": True, "StreamViewType": view},
                             **hash_schema())
        for name in names.values():
            wait_exists(ddb, name)
        tables = list(names.values())
        for t in tables:
            ddb.put_item(TableName=t, Item=_item("A", "one"))                      # INSERT
            ddb.put_item(TableName=t, Item=_item("A", "one"))                      # unchanged: none
            ddb.update_item(TableName=t, Key=_key("A"), UpdateExpression="SET v = :v",
                            ExpressionAttributeValues={":v": {"S": "two"}})        # MODIFY
            ddb.update_item(TableName=t, Key=_key("A"), UpdateExpression="REMOVE nothere")  # none
            ddb.update_item(TableName=t, Key=_key("A"), UpdateExpression="SET v = :v",
                            ExpressionAttributeValues={":v": {"S": "two"}})        # same value: none
            ddb.delete_item(TableName=t, Key=_key("A"))                            # REMOVE
            try:                                                                   # failed: none
                ddb.put_item(TableName=t, Item=_item("A", "failed"),
                             ConditionExpression="attribute_exists(pk)")
                raise AssertionError("the condition should have failed")
            except ddb.exceptions.ConditionalCheckFailedException:
                pass
            ddb.delete_item(TableName=t, Key=_key("M"))                            # missing: none
            ddb.put_item(TableName=t, Item=_item("M"))                             # INSERT
            ddb.update_item(TableName=t, Key=_key("U"), UpdateExpression="SET v = :v",
                            ExpressionAttributeValues={":v": {"S": "new"}})        # creates: INSERT
        batch_write(ddb, {t: [{"PutRequest": {"Item": _item("B1", "b1")}},
                              {"PutRequest": {"Item": _item("B2", "b2")}},
                              {"DeleteRequest": {"Key": _key("U")}}] for t in tables})
        batch_write(ddb, {t: [{"PutRequest": {"Item": _item("B2", "b2x")}}] for t in tables})  # MODIFY
        actions = []
        for t in tables:
            actions += [{"Put": {"TableName": t, "Item": _item("T1", "t1")}},
                        {"Update": {"TableName": t, "Key": _key("B1"), "UpdateExpression": "SET v = :v",
                                    "ExpressionAttributeValues": {":v": {"S": "b1x"}}}},
                        {"Delete": {"TableName": t, "Key": _key("M")}},
                        {"ConditionCheck": {"TableName": t, "Key": _key("B2"),
                                            "ConditionExpression": "attribute_exists(pk)"}}]
        ddb.transact_write_items(TransactItems=actions)
        for t in tables:  # a cancelled transaction: no record
            try:
                ddb.transact_write_items(TransactItems=[
                    {"Put": {"TableName": t, "Item": _item("T2", "cancelled")}},
                    {"ConditionCheck": {"TableName": t, "Key": _key("B1"),
                                        "ConditionExpression": "attribute_not_exists(pk)"}}])
                raise AssertionError("the transaction should have been cancelled")
            except ddb.exceptions.TransactionCanceledException:
                pass
            ddb.put_item(TableName=t, Item=_item("A", "three"))                    # INSERT
            ddb.update_item(TableName=t, Key=_key("B2"), UpdateExpression="SET v = :v",
                            ExpressionAttributeValues={":v": {"S": "b2y"}})        # MODIFY
            ddb.put_item(TableName=t, Item=_item("T2", "t2"))                      # INSERT
        total = sum(len(v) for v in HISTORY.values())
        out = {}
        for view, name in names.items():
            arn = ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
            out[view] = {"arn": arn, "name": name, "records": wait_records(streams, arn, total)}
        yield out
    finally:
        for name in names.values():
            delete_quietly(ddb, name)


def _history_by_pk(records):
    return {json.loads(k)["pk"]["S"]: v for k, v in by_item(records).items()}


@pytest.mark.parametrize("view", VIEW_TYPES)
def test_records_per_view_type(history, view):
    """INSERT/MODIFY/REMOVE with the images the view type allows (facts section 8); no record for a
    write that leaves the item unchanged, a delete of a missing item, a failed condition or a
    cancelled transaction; one record per item for BatchWriteItem and TransactWriteItems."""
    got = {pk: [simplified(r) for r in recs] for pk, recs in _history_by_pk(history[view]["records"]).items()}
    want = {pk: [expected_record(view, ev, _key(pk), old, new) for ev, old, new in changes]
            for pk, changes in HISTORY.items()}
    assert got == want


@pytest.mark.parametrize("view", VIEW_TYPES)
def test_size_bytes_is_keys_plus_images(history, view):
    """SizeBytes = item size of Keys + of each image present (facts section 8, fits all of
    localstack's AWS snapshots)."""
    for pk, recs in _history_by_pk(history[view]["records"]).items():
        for r in recs:
            d = r["dynamodb"]
            want = s_size(d["Keys"]) + sum(s_size(d[i]) for i in ("NewImage", "OldImage") if i in d)
            assert d["SizeBytes"] == want, r


def test_unchanged_writes_leave_no_record(history):
    """An identical Put, an UpdateItem setting the same value or removing an absent attribute, and
    a failed conditional Put write nothing (scylla do_updates_1; localstack 'no event as it is the
    same value')."""
    names = [r["eventName"] for r in _history_by_pk(history["NEW_AND_OLD_IMAGES"]["records"])["A"]]
    assert names == ["INSERT", "MODIFY", "REMOVE", "INSERT"]


def test_delete_of_missing_item_leaves_no_record(history):
    names = [r["eventName"] for r in _history_by_pk(history["NEW_AND_OLD_IMAGES"]["records"])["M"]]
    assert names == ["INSERT", "REMOVE"]


def test_update_creating_an_item_is_insert(history):
    first = _history_by_pk(history["NEW_AND_OLD_IMAGES"]["records"])["U"][0]
    assert first["eventName"] == "INSERT"
    assert "OldImage" not in first["dynamodb"]
    assert first["dynamodb"]["NewImage"] == _item("U", "new")


def test_batch_write_one_record_per_item(history):
    recs = _history_by_pk(history["NEW_AND_OLD_IMAGES"]["records"])
    assert [r["eventName"] for r in recs["B1"]][:1] == ["INSERT"]
    assert [r["eventName"] for r in recs["B2"]][:2] == ["INSERT", "MODIFY"]  # put over an item
    assert [r["eventName"] for r in recs["U"]] == ["INSERT", "REMOVE"]


def test_transact_write_one_record_per_item(history):
    """Across four tables: Put, Update and Delete each write one record, ConditionCheck none, a
    cancelled transaction none (localstack test_transact_write_items_streaming)."""
    for view in VIEW_TYPES:
        recs = _history_by_pk(history[view]["records"])
        assert [r["eventName"] for r in recs["T1"]] == ["INSERT"]
        assert [r["eventName"] for r in recs["B1"]] == ["INSERT", "MODIFY"]
        assert [r["eventName"] for r in recs["M"]] == ["INSERT", "REMOVE"]
        assert [r["eventName"] for r in recs["B2"]] == ["INSERT", "MODIFY", "MODIFY"]
        assert [r["eventName"] for r in recs["T2"]] == ["INSERT"]


def test_record_envelope(history):
    """eventID unique, eventSource aws:dynamodb, eventVersion 1.1, no userIdentity (only TTL
    deletes carry one), digit-only SequenceNumbers increasing in read order, a datetime for
    ApproximateCreationDateTime (localstack snapshots; botocore model)."""
    ids = []
    for view in VIEW_TYPES:
        records = history[view]["records"]
        for r in records:
            assert set(r) == {"eventID", "eventName", "eventVersion", "eventSource", "awsRegion",
                              "dynamodb"}, r
            assert r["eventSource"] == "aws:dynamodb"
            assert r["eventVersion"] == "1.1"
            assert SEQ_RE.match(r["dynamodb"]["SequenceNumber"]), r
            assert isinstance(r["dynamodb"]["ApproximateCreationDateTime"], datetime.datetime), r
            assert r["dynamodb"]["StreamViewType"] == view
            ids.append(r["eventID"])
        # Records of one item share a shard, and read order within a shard is sequence order.
        per_item = {}
        for r in records:
            per_item.setdefault(item_id(r["dynamodb"]["Keys"]), []).append(
                int(r["dynamodb"]["SequenceNumber"]))
        for seqs in per_item.values():
            assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs), seqs
    assert len(set(ids)) == len(ids)


@pytest.mark.local_differs("Local's awsRegion is 'ddblocal' -- " + SRC_REC +
                           " (the region that received GetRecords)")
def test_record_aws_region_is_the_request_region(history, region):
    for r in history["KEYS_ONLY"]["records"]:
        assert r["awsRegion"] == region, r


def test_get_records_limit(streams, history):
    arn = history["KEYS_ONLY"]["arn"]
    for shard in describe_all(streams, arn)[1]:
        it = shard_iterator(streams, arn, shard["ShardId"])
        everything = streams.get_records(ShardIterator=it, Limit=1000)["Records"]
        if len(everything) >= 2:
            resp = streams.get_records(ShardIterator=shard_iterator(streams, arn, shard["ShardId"]),
                                       Limit=1)
            assert resp["Records"] == everything[:1]
            assert "NextShardIterator" in resp
            nxt = streams.get_records(ShardIterator=resp["NextShardIterator"], Limit=1)
            assert nxt["Records"] == everything[1:2]
            return
    pytest.fail("no shard held two records")


@pytest.mark.parametrize("limit", [0, -1, 1001])
def test_get_records_limit_out_of_range(streams, one_stream, limit):
    """scylla test_get_records_too_high_limit (AWS); botocore model 1..1000. AWS text NONE."""
    _, shards = describe_all(streams, one_stream["arn"])
    it = shard_iterator(streams, one_stream["arn"], shards[0]["ShardId"])
    expect_error(lambda: streams.get_records(ShardIterator=it, Limit=limit), "ValidationException")


def test_open_shard_always_returns_next_iterator(streams, one_stream):
    """Past the last record of an open shard: Records [] and still a NextShardIterator (scylla
    test_streams_no_records, test_streams_last_result)."""
    _, shards = describe_all(streams, one_stream["arn"])
    open_shards = [s for s in shards if "EndingSequenceNumber" not in s["SequenceNumberRange"]]
    assert open_shards, shards
    for shard in open_shards:
        records, last = read_from(streams, shard_iterator(streams, one_stream["arn"], shard["ShardId"]))
        assert last["Records"] == [] and "NextShardIterator" in last, last
        again = streams.get_records(ShardIterator=last["NextShardIterator"])
        assert again["Records"] == [] and "NextShardIterator" in again, again


def test_get_records_garbage_iterator(streams):
    """scylla test_get_records_nonexistent_iterator (AWS). AWS text NONE."""
    expect_error(lambda: streams.get_records(ShardIterator="garbage-iterator"), "ValidationException")


def _try_delete(ddb, name):
    try:
        ddb.delete_table(TableName=name)
        return True
    except ddb.exceptions.ResourceInUseException:
        return False


def test_stream_after_delete_table_is_disabled_and_readable(ddb, streams, table_factory):
    """API_DeleteTable: the stream goes DISABLED and is deleted after 24 hours (facts section 8)."""
    name, arn = stream_table(table_factory, "NEW_IMAGE", "deleted")
    ddb.put_item(TableName=name, Item=_item("gone", "x"))
    wait_records(streams, arn, 1)
    # AWS may refuse to delete a table whose new stream is still being set up (scylla fixture).
    eventually(lambda: _try_delete(ddb, name), lambda deleted: deleted, timeout=60, interval=2)
    desc = wait_stream_status(streams, arn, "DISABLED")
    assert desc["StreamStatus"] == "DISABLED"
    _, shards = describe_all(streams, arn)
    for shard in shards:
        assert "EndingSequenceNumber" in shard["SequenceNumberRange"], shard
    assert [simplified(r) for r in read_stream(streams, arn)] == [
        expected_record("NEW_IMAGE", "INSERT", _key("gone"), new=_item("gone", "x"))]


# ---------------------------------------------------------------------------
# ddbemu only: engine clock (iterator expiry, shard rollover)
# ---------------------------------------------------------------------------

def test_iterator_expires_after_15_minutes(ddb, streams, table_factory, admin):
    """botocore model: a shard iterator expires 15 minutes after it is issued. AWS text NONE."""
    name, arn = stream_table(table_factory, "KEYS_ONLY", "expire")
    ddb.put_item(TableName=name, Item=_item("x"))
    shard = describe_all(streams, arn)[1][0]["ShardId"]
    it = shard_iterator(streams, arn, shard)
    admin.advance(901)
    expect_error(lambda: streams.get_records(ShardIterator=it), "ExpiredIteratorException")


def test_shard_rollover_closes_shards_and_keeps_order(ddb, streams, table_factory, admin):
    """Shards close after the rollover period (4 h) and children take the writes; reading parents
    first keeps each item's records in order (facts section 9)."""
    name, arn = stream_table(table_factory, "NEW_IMAGE", "rollover")
    for i in range(3):
        ddb.put_item(TableName=name, Item=_item("r", "v%d" % i))
    admin.advance(4 * 3600 + 1)
    admin.sweep()
    for i in range(3, 6):
        ddb.put_item(TableName=name, Item=_item("r", "v%d" % i))
    _, shards = describe_all(streams, arn)
    ids = {s["ShardId"] for s in shards}
    children = [s for s in shards if s.get("ParentShardId") in ids]
    assert children, shards
    for child in children:
        parent = next(s for s in shards if s["ShardId"] == child["ParentShardId"])
        assert "EndingSequenceNumber" in parent["SequenceNumberRange"], parent
    records = wait_records(streams, arn, 6)
    assert [r["dynamodb"]["NewImage"]["v"]["S"] for r in records] == ["v%d" % i for i in range(6)]
