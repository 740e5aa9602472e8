"""Time to live: UpdateTimeToLive / DescribeTimeToLive (echo, states, validation texts, the change
cooldown) and TTL deletion (which values expire, indexes, the REMOVE stream record).

The facts, their sources and DynamoDB Local's differences are in docs/ttl-streams-facts.md
(sections 1 and 2). Messages are asserted exactly where AWS's text is known (AUTH/DOC there);
where DynamoDB Local words them differently the message test is `local_differs` and a separate
unmarked test checks the code.

Expiry is checked on tables built once per module: every item is written, TTL enabled, and the
fixture polls (with a deadline) until every item that must expire is gone, calling ddbemu's
POST /_ddbemu/ttl/sweep between polls on the emulator. DynamoDB Local sweeps within a few seconds;
AWS within minutes to days, so `DDB_TTL_TIMEOUT` (seconds, default 60, 3600 for --target aws)
bounds the wait. What stayed is recorded when the fixture is built, so later clock moves do not
matter.

AWS refuses a second TTL change within about an hour; on the emulator the tests move its admin
clock past that, on Local (which has no cooldown) they go straight on, on AWS they skip.
"""

import os
import time

import pytest

from helpers import (Admin, delete_quietly, eventually, expect_error, get_consistent, hash_range_schema, hash_schema,
                     read_stream, unique_name, wait_exists)


# ---------------------------------------------------------------------------
# Sources and texts
# ---------------------------------------------------------------------------

SRC_ACK = "live AWS runs quoted in docs/ttl-streams-facts.md section 1.2 ([ACK] 442)"
SRC_TF = ("hashicorp/terraform-provider-aws#39195 (AWS error with a RequestID), "
          "docs/ttl-streams-facts.md section 1.2")
SRC_CORAL = ("the generic Coral validator text (docs/validation-messages.md section 4), length 1-255 "
             "from API_TimeToLiveSpecification; docs/ttl-streams-facts.md section 1.2 (INF)")
SRC_DYN = "mhart/dynalite test/describeTimeToLive.js (run against AWS); scylla test_ttl.py"

ALREADY_ENABLED = "TimeToLive is already enabled"
ALREADY_DISABLED = "TimeToLive is already disabled"
DIFFERENT = "TimeToLive is active on a different AttributeName: current AttributeName is %s"
COOLDOWN = "Time to live has been modified multiple times within a fixed interval"
LOCAL_NAME_LENGTH = ("Local: 'Names of key attributes and attributes projected into an index must be "
                     "between 1 and 255 characters, inclusive'")
LOCAL_NULL = "Local: 'AttributeName cannot be null when time to live is being enabled'"
USER_IDENTITY = {"PrincipalId": "dynamodb.amazonaws.com", "Type": "Service"}
VIEW_TYPES = ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"]
YEAR = 365 * 86400


# ---------------------------------------------------------------------------
# Fixtures and helpers
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def emu(target, endpoint_url):
    """The admin endpoint on the emulator, None elsewhere."""
    return Admin(endpoint_url) if target == "emulator" else None


@pytest.fixture
def admin(emu):
    if emu is None:
        pytest.skip("needs ddbemu's admin clock (no other target's clock can be moved)")
    return emu


@pytest.fixture
def cooldown_passes(target, emu):
    """Calling it lets the TTL change cooldown pass: the emulator's clock moves an hour, Local has
    no cooldown, AWS would need a real hour (skipped)."""
    if target not in ("emulator", "local"):
        pytest.skip("AWS refuses a second TTL change for up to an hour (API_UpdateTimeToLive)")
    return (lambda: emu.advance(3601)) if emu is not None else (lambda: None)


def server_now(emu):
    """Epoch seconds on the server's clock (the emulator's clock may have been moved ahead)."""
    return emu.now() if emu is not None else time.time()


def ttl_timeout(target):
    default = 3600 if target == "aws" else 60
    return float(os.environ.get("DDB_TTL_TIMEOUT", default))


def enable(ddb, table, attr="exp"):
    return ddb.update_time_to_live(TableName=table, TimeToLiveSpecification={
        "Enabled": True, "AttributeName": attr})


def disable(ddb, table, attr="exp"):
    return ddb.update_time_to_live(TableName=table, TimeToLiveSpecification={
        "Enabled": False, "AttributeName": attr})


def body(resp):
    return {k: v for k, v in resp.items() if k != "ResponseMetadata"}


def records_by_pk(records):
    out = {}
    for r in records:
        out.setdefault(r["dynamodb"]["Keys"]["pk"]["S"], []).append(r)
    for recs in out.values():
        recs.sort(key=lambda r: int(r["dynamodb"]["SequenceNumber"]))
    return out


# ---------------------------------------------------------------------------
# UpdateTimeToLive / DescribeTimeToLive (facts section 1)
# ---------------------------------------------------------------------------

def test_describe_ttl_never_enabled(ddb, table):
    assert body(ddb.describe_time_to_live(TableName=table)) == {
        "TimeToLiveDescription": {"TimeToLiveStatus": "DISABLED"}}


def test_enable_echoes_and_describes_enabled(ddb, table):
    """scylla test_ttl_enable (exact equality on AWS)."""
    assert body(enable(ddb, table, "expiration")) == {
        "TimeToLiveSpecification": {"Enabled": True, "AttributeName": "expiration"}}
    assert body(ddb.describe_time_to_live(TableName=table)) == {
        "TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED", "AttributeName": "expiration"}}


def test_enable_disable_round_trip(ddb, table, cooldown_passes):
    """scylla test_ttl_disable: after a disable, DISABLED with no AttributeName."""
    enable(ddb, table, "exp")
    cooldown_passes()
    assert body(disable(ddb, table, "exp")) == {
        "TimeToLiveSpecification": {"Enabled": False, "AttributeName": "exp"}}
    assert body(ddb.describe_time_to_live(TableName=table)) == {
        "TimeToLiveDescription": {"TimeToLiveStatus": "DISABLED"}}
    cooldown_passes()
    assert body(enable(ddb, table, "other")) == {
        "TimeToLiveSpecification": {"Enabled": True, "AttributeName": "other"}}
    assert body(ddb.describe_time_to_live(TableName=table)) == {
        "TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED", "AttributeName": "other"}}


def test_enable_when_already_enabled(ddb, table):
    """The state checks answer before the cooldown (scylla test_ttl_enable re-sends at once)."""
    enable(ddb, table, "exp")
    expect_error(lambda: enable(ddb, table, "exp"), "ValidationException", ALREADY_ENABLED)


def test_enable_other_attribute_code(ddb, table):
    enable(ddb, table, "exp")
    expect_error(lambda: enable(ddb, table, "other"), "ValidationException")


@pytest.mark.local_differs("Local: 'TimeToLive is active on a different AttributeName' (no ': current "
                           "AttributeName is <attr>') -- " + SRC_ACK)
def test_enable_other_attribute_message(ddb, table):
    enable(ddb, table, "exp")
    expect_error(lambda: enable(ddb, table, "other"), "ValidationException", DIFFERENT % "exp")


def test_disable_other_attribute(ddb, table):
    """scylla test_ttl_disable_errors: ValidationException naming a 'different' attribute (the exact
    AWS text is not captured)."""
    enable(ddb, table, "exp")
    resp = expect_error(lambda: disable(ddb, table, "other"), "ValidationException")
    assert "different" in resp["Error"]["Message"], resp


def test_disable_when_not_enabled(ddb, table):
    expect_error(lambda: disable(ddb, table, "exp"), "ValidationException", ALREADY_DISABLED)


@pytest.mark.local_differs("Local has no cooldown: enable then disable both succeed -- " + SRC_ACK +
                           "; scylla test_ttl.py ('multiple times'); aws/aws-cdk#13720")
def test_second_change_within_cooldown(ddb, table):
    enable(ddb, table, "exp")
    expect_error(lambda: disable(ddb, table, "exp"), "ValidationException", COOLDOWN)
    # The refused change changed nothing.
    assert body(ddb.describe_time_to_live(TableName=table)) == {
        "TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED", "AttributeName": "exp"}}


def test_change_after_cooldown_is_accepted(ddb, table, admin):
    """ddbemu only: the cooldown is one hour of the engine clock."""
    enable(ddb, table, "exp")
    expect_error(lambda: disable(ddb, table, "exp"), "ValidationException", COOLDOWN)
    admin.advance(3601)
    disable(ddb, table, "exp")
    expect_error(lambda: enable(ddb, table, "exp"), "ValidationException", COOLDOWN)
    # The state checks come before the cooldown.
    expect_error(lambda: disable(ddb, table, "exp"), "ValidationException", ALREADY_DISABLED)


def _bad_spec(case):
    return {
        "missing_attribute_name": {"Enabled": True},
        "empty_attribute_name": {"Enabled": True, "AttributeName": ""},
        "attribute_name_256": {"Enabled": True, "AttributeName": "a" * 256},
        "missing_enabled": {"AttributeName": "exp"},
    }[case]


@pytest.mark.parametrize("case", ["missing_attribute_name", "empty_attribute_name",
                                  "attribute_name_256", "missing_enabled", "missing_specification"])
def test_invalid_specification_code(ddb, table, case):
    if case == "missing_specification":
        fn = lambda: ddb.update_time_to_live(TableName=table)  # noqa: E731
    else:
        fn = lambda: ddb.update_time_to_live(TableName=table, TimeToLiveSpecification=_bad_spec(case))  # noqa: E731
    expect_error(fn, "ValidationException")


CORAL = "1 validation error detected: Value %s at 'timeToLiveSpecification.attributeName' failed to " \
        "satisfy constraint: Member must %s"


@pytest.mark.parametrize("case,message", [
    pytest.param("empty_attribute_name", CORAL % ("''", "have length greater than or equal to 1"),
                 id="empty_attribute_name", marks=pytest.mark.local_differs(
                     LOCAL_NAME_LENGTH + " -- " + SRC_TF)),
    pytest.param("attribute_name_256", CORAL % ("'%s'" % ("a" * 256), "have length less than or equal to 255"),
                 id="attribute_name_256", marks=pytest.mark.local_differs(
                     LOCAL_NAME_LENGTH + " -- " + SRC_CORAL)),
    pytest.param("missing_attribute_name", CORAL % ("null", "not be null"),
                 id="missing_attribute_name", marks=pytest.mark.local_differs(
                     LOCAL_NULL + " -- " + SRC_CORAL + "; scylla test_ttl.py (regex [aA]ttributeName)")),
])
def test_invalid_specification_message(ddb, table, case, message):
    expect_error(lambda: ddb.update_time_to_live(TableName=table, TimeToLiveSpecification=_bad_spec(case)),
                 "ValidationException", message)


def test_attribute_name_of_255_characters_accepted(ddb, table):
    name = "a" * 255
    assert body(enable(ddb, table, name)) == {
        "TimeToLiveSpecification": {"Enabled": True, "AttributeName": name}}


def test_missing_table_code(ddb):
    name = unique_name("nosuch")
    expect_error(lambda: enable(ddb, name), "ResourceNotFoundException")
    expect_error(lambda: ddb.describe_time_to_live(TableName=name), "ResourceNotFoundException")


@pytest.mark.local_differs("Local: 'Cannot do operations on a non-existent table' -- " + SRC_DYN)
def test_describe_ttl_missing_table_message(ddb):
    name = unique_name("nosuch")
    expect_error(lambda: ddb.describe_time_to_live(TableName=name), "ResourceNotFoundException",
                 "Requested resource not found: Table: %s not found" % name)


def test_ttl_on_key_attributes_accepted(ddb, table_factory):
    """scylla test_ttl_expiration_hash/_range: the hash or range key may be the TTL attribute."""
    name, _ = table_factory("keyttl", schema=hash_range_schema("p", "N", "c", "N"))
    assert body(enable(ddb, name, "p")) == {
        "TimeToLiveSpecification": {"Enabled": True, "AttributeName": "p"}}
    other, _ = table_factory("keyttl", schema=hash_range_schema("p", "S", "c", "N"))
    enable(ddb, other, "c")
    assert body(ddb.describe_time_to_live(TableName=other)) == {
        "TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED", "AttributeName": "c"}}


def test_reserved_word_ttl_as_attribute_name(ddb, table):
    """localstack test_dynamodb.py: 'ttl' is a reserved word in expressions but a valid TTL name."""
    assert body(enable(ddb, table, "ttl")) == {
        "TimeToLiveSpecification": {"Enabled": True, "AttributeName": "ttl"}}
    assert body(ddb.describe_time_to_live(TableName=table)) == {
        "TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED", "AttributeName": "ttl"}}


# ---------------------------------------------------------------------------
# Expiry (facts section 2)
# ---------------------------------------------------------------------------

def _rule_items(now):
    """{name: (TTL attribute value or None, expires?)} -- AWS developer guide 'before you start':
    only a top-level N of epoch seconds, at most five years in the past, expires."""
    past = int(now) - 3600
    return {
        "past": ({"N": str(past)}, True),
        "fraction": ({"N": "%d.25" % past}, True),            # scylla p9 (1700000000.25-style)
        "exponent": ({"N": "%de1" % (past // 10)}, True),     # scylla p8 (1234567e1-style)
        "future": ({"N": str(int(now) + 3600 * 24)}, False),
        "six_years_old": ({"N": str(int(now) - 6 * YEAR)}, False),  # scylla p3 (more than 5 years)
        "zero": ({"N": "0"}, False),
        "negative": ({"N": "-5"}, False),
        "string": ({"S": str(past)}, False),                 # scylla p7
        "number_set": ({"NS": [str(past)]}, False),
        "nested": ({"M": {"exp": {"N": str(past)}}}, False),
        "milliseconds": ({"N": str(past * 1000)}, False),
        "no_attribute": (None, False),
    }


@pytest.fixture(scope="module")
def expiry(ddb, streams, emu, target):
    """Builds the expiry tables, waits until what must expire is gone, and records what is left.

    * rules: one item per _rule_items() case (the first one written before TTL was enabled);
    * indexed: a GSI and an LSI, one item expiring and one staying;
    * key_n / key_s: the TTL attribute is the hash key (N: expires; S: never);
    * word: the TTL attribute is named `ttl`;
    * one table per stream view type, each with one item expiring and one staying.
    """
    now = server_now(emu)
    past, future = int(now) - 3600, int(now) + 24 * 3600
    names = {}
    tables = {
        "rules": hash_schema(),
        "indexed": dict(hash_range_schema(), LocalSecondaryIndexes=[{
            "IndexName": "lsi", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                              {"AttributeName": "lsk", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"}}], GlobalSecondaryIndexes=[{
                "IndexName": "gsi", "KeySchema": [{"AttributeName": "gk", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"}}]),
        "key_n": hash_schema("exp", "N"),
        "key_s": hash_schema("exp", "S"),
        "word": hash_schema(),
    }
    tables["indexed"]["AttributeDefinitions"] += [{"AttributeName": "lsk", "AttributeType": "S"},
                                                  {"AttributeName": "gk", "AttributeType": "S"}]
    for view in VIEW_TYPES:
        tables["stream_" + view] = dict(hash_schema(), StreamSpecification={
            "StreamEnabled": True, "StreamViewType": view})
    try:
        for key, params in tables.items():
            names[key] = unique_name("ttl_" + key.lower())
            ddb.create_table(TableName=names[key], BillingMode="PAY_PER_REQUEST", **params)
        for name in names.values():
            wait_exists(ddb, name)

        rules = _rule_items(now)
        first = True
        for item_name, (value, _) in rules.items():
            item = {"pk": {"S": item_name}}
            if value is not None:
                item["exp"] = value
            ddb.put_item(TableName=names["rules"], Item=item)
            if first:  # items written before TTL was enabled expire too (scylla p0)
                enable(ddb, names["rules"])
                first = False
        idx = names["indexed"]
        ddb.put_item(TableName=idx, Item={"pk": {"S": "p"}, "sk": {"S": "gone"}, "lsk": {"S": "l1"},
                                          "gk": {"S": "g"}, "exp": {"N": str(past)}})
        ddb.put_item(TableName=idx, Item={"pk": {"S": "p"}, "sk": {"S": "stays"}, "lsk": {"S": "l2"},
                                          "gk": {"S": "g"}, "exp": {"N": str(future)}})
        enable(ddb, idx)
        ddb.put_item(TableName=names["key_n"], Item={"exp": {"N": str(past)}})
        ddb.put_item(TableName=names["key_n"], Item={"exp": {"N": str(future)}})
        enable(ddb, names["key_n"])
        ddb.put_item(TableName=names["key_s"], Item={"exp": {"S": str(past)}})
        enable(ddb, names["key_s"])
        ddb.put_item(TableName=names["word"], Item={"pk": {"S": "gone"}, "ttl": {"N": str(past)}})
        ddb.put_item(TableName=names["word"], Item={"pk": {"S": "stays"}, "ttl": {"N": str(future)}})
        enable(ddb, names["word"], "ttl")
        for view in VIEW_TYPES:
            t = names["stream_" + view]
            ddb.put_item(TableName=t, Item={"pk": {"S": "gone"}, "v": {"S": "x"}, "exp": {"N": str(past)}})
            ddb.put_item(TableName=t, Item={"pk": {"S": "stays"}, "exp": {"N": str(future)}})
            enable(ddb, t)

        must_go = [(names["rules"], {"pk": {"S": n}}) for n, (_, gone) in rules.items() if gone]
        must_go += [(idx, {"pk": {"S": "p"}, "sk": {"S": "gone"}}),
                    (names["key_n"], {"exp": {"N": str(past)}}),
                    (names["word"], {"pk": {"S": "gone"}})]
        must_go += [(names["stream_" + v], {"pk": {"S": "gone"}}) for v in VIEW_TYPES]

        def left():
            if emu is not None:
                emu.sweep()
            return [(t, k) for t, k in must_go if get_consistent(ddb, t, k) is not None]
        eventually(left, lambda remaining: not remaining, timeout=ttl_timeout(target),
                   interval=30 if target == "aws" else 1)
        if emu is not None:
            emu.sweep()  # one more whole sweep before looking at what must stay

        state = {"rules": {n: get_consistent(ddb, names["rules"], {"pk": {"S": n}}) is not None
                           for n in rules},
                 "key_n": {when: get_consistent(ddb, names["key_n"], {"exp": {"N": str(v)}}) is not None
                           for when, v in (("past", past), ("future", future))},
                 "key_s": get_consistent(ddb, names["key_s"], {"exp": {"S": str(past)}}) is not None,
                 "word": {n: get_consistent(ddb, names["word"], {"pk": {"S": n}}) is not None
                          for n in ("gone", "stays")},
                 "indexed": {n: get_consistent(ddb, idx, {"pk": {"S": "p"}, "sk": {"S": n}}) is not None
                             for n in ("gone", "stays")},
                 "now": now, "past": past, "future": future}
        # Indexes follow "in the same eventually consistent way as a standard delete".
        state["gsi"] = eventually(
            lambda: ddb.query(TableName=idx, IndexName="gsi", KeyConditionExpression="gk = :g",
                              ExpressionAttributeValues={":g": {"S": "g"}})["Items"],
            lambda items: len(items) <= 1, timeout=30)
        state["lsi"] = ddb.query(TableName=idx, IndexName="lsi", KeyConditionExpression="pk = :p",
                                 ExpressionAttributeValues={":p": {"S": "p"}}, ConsistentRead=True)["Items"]
        state["streams"] = {}
        for view in VIEW_TYPES:
            arn = ddb.describe_table(TableName=names["stream_" + view])["Table"]["LatestStreamArn"]
            state["streams"][view] = records_by_pk(eventually(
                lambda: read_stream(streams, arn), lambda r: len(r) >= 3, timeout=30, interval=0.5))
        yield state
    finally:
        for name in names.values():
            delete_quietly(ddb, name)


@pytest.mark.parametrize("item", [n for n, (_, gone) in _rule_items(0).items() if gone])
def test_expires(expiry, item):
    assert expiry["rules"][item] is False, "%s was not deleted" % item


@pytest.mark.parametrize("item", [n for n, (_, gone) in _rule_items(0).items() if not gone])
def test_does_not_expire(expiry, item):
    assert expiry["rules"][item] is True, "%s was deleted" % item


def test_expired_item_leaves_gsi_and_lsi(expiry):
    assert expiry["indexed"] == {"gone": False, "stays": True}
    assert [it["sk"]["S"] for it in expiry["gsi"]] == ["stays"]
    assert [it["sk"]["S"] for it in expiry["lsi"]] == ["stays"]


def test_hash_key_as_ttl_attribute(expiry):
    """scylla test_ttl_expiration_hash and _hash_wrong_type: an N key expires, an S key never."""
    assert expiry["key_n"] == {"past": False, "future": True}
    assert expiry["key_s"] is True


def test_reserved_word_ttl_expires(expiry):
    assert expiry["word"] == {"gone": False, "stays": True}


@pytest.mark.parametrize("view", VIEW_TYPES)
def test_ttl_delete_stream_record(expiry, view):
    """The TTL deletion writes a REMOVE record with userIdentity {PrincipalId, Type} (scylla
    test_ttl_expiration_streams, on AWS) and OldImage as the view type allows; ordinary writes'
    records have no userIdentity (localstack snapshots)."""
    recs = expiry["streams"][view]
    gone_item = {"pk": {"S": "gone"}, "v": {"S": "x"}, "exp": {"N": str(expiry["past"])}}
    assert [r["eventName"] for r in recs["gone"]] == ["INSERT", "REMOVE"]
    assert [r["eventName"] for r in recs["stays"]] == ["INSERT"]
    for r in recs["gone"][:1] + recs["stays"]:
        assert "userIdentity" not in r, r
    remove = recs["gone"][1]
    assert remove["userIdentity"] == USER_IDENTITY
    d = remove["dynamodb"]
    assert d["Keys"] == {"pk": {"S": "gone"}}
    assert d["StreamViewType"] == view
    assert "NewImage" not in d
    if view in ("OLD_IMAGE", "NEW_AND_OLD_IMAGES"):
        assert d["OldImage"] == gone_item
    else:
        assert "OldImage" not in d


def test_expiry_follows_the_engine_clock(ddb, table, admin):
    """ddbemu only: an item expiring in an hour stays through a sweep, and is deleted by the first
    sweep after the clock has moved past it."""
    enable(ddb, table)
    key = {"pk": {"S": "hour"}}
    ddb.put_item(TableName=table, Item=dict(key, exp={"N": str(int(admin.now()) + 3600)}))
    admin.sweep()
    assert get_consistent(ddb, table, key) is not None
    admin.advance(3601)
    admin.sweep()
    assert get_consistent(ddb, table, key) is None
