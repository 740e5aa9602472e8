"""Point-in-time recovery: UpdateContinuousBackups / DescribeContinuousBackups (the window, the
recovery period) and RestoreTableToPointInTime (restores checked item by item against a recorded
history, transactions whole or not at all, UseLatestRestorableTime, indexes on the restored table,
error texts and the order of the checks).

The facts, their sources and confidence are in docs/backup-messages.md (sections 7, 8 and 9).

The window: EarliestRestorableDateTime is the enable time, LatestRestorableDateTime
max(earliest, now - ~5 min). Tests move past the 5 minutes with the `clock` fixture: ddbemu's admin
clock (POST /_ddbemu/clock) on the emulator, real sleeping on AWS. Restore instants are chosen
strictly between writes: the clock moves 10 s between steps and a restore asks for step time + 5 s,
or (for the transaction test) the server time read between two requests.

Restore times, the window and RecoveryPeriodInDays are exchanged raw: botocore 1.29 sends whole
seconds for timestamps and does not know RecoveryPeriodInDays.

DynamoDB Local 1.25 has none of these operations (UnknownOperationException), so every test here is
local_differs.
"""

import json
import re
import time

import pytest

from helpers import canonical_item, Admin, expect_error, expect_raw_error, hash_range_schema, unique_name


SRC = "docs/backup-messages.md"
pytestmark = pytest.mark.local_differs(
    "DynamoDB Local has no point-in-time recovery: UpdateContinuousBackups, DescribeContinuousBackups and "
    "RestoreTableToPointInTime answer UnknownOperationException -- AWS API reference "
    "API_RestoreTableToPointInTime/API_UpdateContinuousBackups; " + SRC)

RESTORE_WAIT = 300
WINDOW_LAG = 300      # Latest = max(earliest, now - 5 min)
PAST_LAG = 400        # clock move that puts every recorded instant inside the window
STEP = 10             # clock move between history steps
ISO_Z = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"
IRT_RE = re.compile(r"^RestoreDateTime '%s' must be within EarliestRestorableDateTime '%s' and LatestRestor"
                    % (ISO_Z, ISO_Z))


# ---------------------------------------------------------------------------
# Fixtures and helpers
# ---------------------------------------------------------------------------

class Clock:
    """The server's clock: ddbemu's admin clock, or the wall clock (advancing sleeps)."""

    def __init__(self, admin):
        self.admin = admin

    def now(self):
        return self.admin.now() if self.admin else time.time()

    def advance(self, seconds):
        if self.admin:
            self.admin.advance(seconds)
        else:
            time.sleep(seconds)


@pytest.fixture
def clock(target, endpoint_url):
    return Clock(Admin(endpoint_url) if target == "emulator" else None)


def call(raw, op, req):
    resp = raw(op, req)
    assert resp.status == 200, resp
    return resp.json()


def enable(raw, table, **spec):
    return call(raw, "UpdateContinuousBackups", {"TableName": table, "PointInTimeRecoverySpecification": dict(
        PointInTimeRecoveryEnabled=True, **spec)})["ContinuousBackupsDescription"]


def disable(raw, table):
    return call(raw, "UpdateContinuousBackups", {"TableName": table, "PointInTimeRecoverySpecification": {
        "PointInTimeRecoveryEnabled": False}})["ContinuousBackupsDescription"]


def describe(raw, table):
    return call(raw, "DescribeContinuousBackups", {"TableName": table})["ContinuousBackupsDescription"]


def pitr(raw, table):
    return describe(raw, table)["PointInTimeRecoveryDescription"]


def restore_req(source, target, at=None, latest=False, **extra):
    req = dict(SourceTableName=source, TargetTableName=target, **extra)
    if at is not None:
        req["RestoreDateTime"] = at
    if latest:
        req["UseLatestRestorableTime"] = True
    return req


def wait_restored(ddb, name):
    deadline = time.monotonic() + RESTORE_WAIT
    while True:
        t = ddb.describe_table(TableName=name)["Table"]
        if t["TableStatus"] == "ACTIVE":
            return t
        assert t["TableStatus"] == "CREATING", t
        if time.monotonic() > deadline:
            raise AssertionError("table %s not ACTIVE after %ss: %r" % (name, RESTORE_WAIT, t))
        time.sleep(0.1)


def restore_at(ddb, raw, table_factory, source, at=None, latest=False, **extra):
    """RestoreTableToPointInTime into a fresh tracked table; waits until ACTIVE; returns
    (name, response TableDescription)."""
    name = unique_name("pitr")
    table_factory.track(name)
    resp = call(raw, "RestoreTableToPointInTime", restore_req(source, name, at, latest, **extra))
    wait_restored(ddb, name)
    return name, resp["TableDescription"]




def key_of(item):
    return (item["pk"]["S"], item["sk"]["S"])


def scan_all(ddb, name):
    out, start = {}, None
    while True:
        kw = {"ExclusiveStartKey": start} if start else {}
        resp = ddb.scan(TableName=name, ConsistentRead=True, **kw)
        for it in resp["Items"]:
            out[key_of(it)] = canonical_item(it)
        start = resp.get("LastEvaluatedKey")
        if not start:
            return out


def snapshot(state):
    return {k: canonical_item(v) for k, v in state.items()}


def query_all(ddb, name, **kwargs):
    items, start = [], None
    while True:
        kw = dict(kwargs, ExclusiveStartKey=start) if start else dict(kwargs)
        resp = ddb.query(TableName=name, **kw)
        items += resp["Items"]
        start = resp.get("LastEvaluatedKey")
        if not start:
            return items


def canon(item):
    return json.dumps(canonical_item(item), sort_keys=True, default=repr)


def item(pk, sk, **attrs):
    it = {"pk": {"S": pk}, "sk": {"S": sk}}
    it.update(attrs)
    return it


def k(pk, sk):
    return {"pk": {"S": pk}, "sk": {"S": sk}}


@pytest.fixture
def source(table_factory):
    name, _ = table_factory("src", schema=hash_range_schema("pk", "S", "sk", "S"))
    return name


# ---------------------------------------------------------------------------
# UpdateContinuousBackups / DescribeContinuousBackups (section 8)
# ---------------------------------------------------------------------------

def test_describe_disabled(raw, source):
    assert describe(raw, source) == {"ContinuousBackupsStatus": "ENABLED",
                                     "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}}


def test_enable_window(raw, source, clock):
    before = clock.now()
    answer = enable(raw, source)
    after = clock.now()
    assert answer == describe(raw, source)
    assert answer["ContinuousBackupsStatus"] == "ENABLED"
    d = answer["PointInTimeRecoveryDescription"]
    assert set(d) == {"PointInTimeRecoveryStatus", "EarliestRestorableDateTime", "LatestRestorableDateTime",
                      "RecoveryPeriodInDays"}, d
    assert d["PointInTimeRecoveryStatus"] == "ENABLED"
    assert d["RecoveryPeriodInDays"] == 35
    earliest = d["EarliestRestorableDateTime"]
    assert before - 1 <= earliest <= after + 1, (before, d, after)
    assert d["LatestRestorableDateTime"] == earliest
    # Re-sending enable keeps the window.
    again = enable(raw, source)["PointInTimeRecoveryDescription"]
    assert again["EarliestRestorableDateTime"] == earliest
    # Latest trails the server's now by 5 minutes once that is past the enable time.
    clock.advance(PAST_LAG)
    lo = clock.now() - WINDOW_LAG
    d = pitr(raw, source)
    hi = clock.now() - WINDOW_LAG
    assert d["EarliestRestorableDateTime"] == earliest
    assert lo - 1 <= d["LatestRestorableDateTime"] <= hi + 1, (lo, d, hi)
    assert d["LatestRestorableDateTime"] > earliest


def test_recovery_period(raw, source):
    assert enable(raw, source, RecoveryPeriodInDays=7)["PointInTimeRecoveryDescription"]["RecoveryPeriodInDays"] == 7
    assert pitr(raw, source)["RecoveryPeriodInDays"] == 7
    # Changed in place while enabled.
    assert enable(raw, source, RecoveryPeriodInDays=20)["PointInTimeRecoveryDescription"]["RecoveryPeriodInDays"] == 20
    # Forgotten on disable: re-enabling without a period gives 35.
    assert disable(raw, source) == {"ContinuousBackupsStatus": "ENABLED",
                                    "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}}
    assert describe(raw, source)["PointInTimeRecoveryDescription"] == {"PointInTimeRecoveryStatus": "DISABLED"}
    assert enable(raw, source)["PointInTimeRecoveryDescription"]["RecoveryPeriodInDays"] == 35


@pytest.mark.parametrize("days", [7, 35])
def test_recovery_period_when_disabling_is_refused(raw, source, days):
    enable(raw, source)
    resp = raw("UpdateContinuousBackups", {"TableName": source, "PointInTimeRecoverySpecification": {
        "PointInTimeRecoveryEnabled": False, "RecoveryPeriodInDays": days}})
    expect_raw_error(resp, "ValidationException",
                     "Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.")
    assert pitr(raw, source)["PointInTimeRecoveryStatus"] == "ENABLED"


@pytest.mark.parametrize("days, text", [
    (36, "Member must have value less than or equal to 35"),
    (0, "Member must have value greater than or equal to 1"),
])
def test_recovery_period_range(raw, source, days, text):
    resp = raw("UpdateContinuousBackups", {"TableName": source, "PointInTimeRecoverySpecification": {
        "PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": days}})
    expect_raw_error(resp, "ValidationException",
                     "1 validation error detected: Value '%d' at 'pointInTimeRecoverySpecification.recoveryPeriodInDays' "
                     "failed to satisfy constraint: %s" % (days, text))
    assert pitr(raw, source) == {"PointInTimeRecoveryStatus": "DISABLED"}


def test_continuous_backups_missing_table(ddb):
    name = unique_name("missing")
    expect_error(lambda: ddb.describe_continuous_backups(TableName=name), "TableNotFoundException",
                 "Table not found: " + name)
    expect_error(lambda: ddb.update_continuous_backups(
        TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}),
        "TableNotFoundException", "Table not found: " + name)


def test_disable_and_reenable_resets_window(ddb, raw, table_factory, source, clock):
    first = enable(raw, source)["PointInTimeRecoveryDescription"]["EarliestRestorableDateTime"]
    clock.advance(STEP)
    ddb.put_item(TableName=source, Item=item("a", "1"))
    clock.advance(PAST_LAG)
    disable(raw, source)
    clock.advance(STEP)
    before = clock.now()
    second = enable(raw, source)["PointInTimeRecoveryDescription"]
    assert second["EarliestRestorableDateTime"] >= before - 1 and second["EarliestRestorableDateTime"] > first + PAST_LAG
    assert second["LatestRestorableDateTime"] == second["EarliestRestorableDateTime"]
    assert pitr(raw, source)["EarliestRestorableDateTime"] == second["EarliestRestorableDateTime"]
    # The old window is gone.
    target = unique_name("never")
    resp = raw("RestoreTableToPointInTime", restore_req(source, target, first + 5))
    expect_raw_error(resp, "InvalidRestoreTimeException")
    assert IRT_RE.match(resp.error_message), resp
    # The new window's only instant restores the table as it is.
    name, _ = restore_at(ddb, raw, table_factory, source, latest=True)
    assert scan_all(ddb, name) == snapshot({("a", "1"): item("a", "1")})


# ---------------------------------------------------------------------------
# RestoreTableToPointInTime: history (sections 7 and 9)
# ---------------------------------------------------------------------------

def test_restore_history_item_by_item(ddb, raw, table_factory, source, clock):
    state = {}

    def put(it):
        ddb.put_item(TableName=source, Item=it)
        state[key_of(it)] = it

    # Before PITR is enabled: part of the state at the earliest instant.
    put(item("pre", "1", v={"S": "before"}))
    put(item("pre", "2", v={"N": "2"}))
    earliest = enable(raw, source)["PointInTimeRecoveryDescription"]["EarliestRestorableDateTime"]
    history = [(earliest, snapshot(state))]

    def step():
        assert scan_all(ddb, source) == snapshot(state)   # the live table agrees with the record
        history.append((clock.now() + STEP / 2, snapshot(state)))
        clock.advance(STEP)

    clock.advance(STEP)
    # 1: puts of every type.
    put(item("a", "1", n={"N": "1"}, ss={"SS": ["x", "y"]}, b={"B": b"\x01\x02"}))
    put(item("a", "2", m={"M": {"l": {"L": [{"S": "q"}, {"BOOL": True}, {"NULL": True}]}}}))
    put(item("a", "3", ns={"NS": ["1", "2"]}, bs={"BS": [b"z"]}))
    step()
    # 2: update, delete, overwrite.
    ddb.update_item(TableName=source, Key=k("a", "1"), UpdateExpression="SET n = n + :one, t = :t ADD ss :s",
                    ExpressionAttributeValues={":one": {"N": "1"}, ":t": {"S": "new"}, ":s": {"SS": ["z"]}})
    state[("a", "1")] = item("a", "1", n={"N": "2"}, ss={"SS": ["x", "y", "z"]}, b={"B": b"\x01\x02"}, t={"S": "new"})
    ddb.delete_item(TableName=source, Key=k("a", "2"))
    del state[("a", "2")]
    put(item("pre", "2", v={"N": "22"}))
    step()
    # 3: a transaction touching several items.
    ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": source, "Item": item("t", "1", v={"S": "tx"})}},
        {"Update": {"TableName": source, "Key": k("a", "3"), "UpdateExpression": "REMOVE bs SET w = :w",
                    "ExpressionAttributeValues": {":w": {"BOOL": False}}}},
        {"Delete": {"TableName": source, "Key": k("pre", "1")}},
        {"ConditionCheck": {"TableName": source, "Key": k("a", "1"), "ConditionExpression": "attribute_exists(n)"}},
    ])
    state[("t", "1")] = item("t", "1", v={"S": "tx"})
    state[("a", "3")] = item("a", "3", ns={"NS": ["1", "2"]}, w={"BOOL": False})
    del state[("pre", "1")]
    step()
    # 4: a batch of puts and a delete.
    batch = [item("b", str(i), i={"N": str(i)}) for i in range(6)]
    ddb.batch_write_item(RequestItems={source: [{"PutRequest": {"Item": it}} for it in batch]
                                       + [{"DeleteRequest": {"Key": k("pre", "2")}}]})
    for it in batch:
        state[key_of(it)] = it
    del state[("pre", "2")]
    step()
    # 5: overwrite a whole item, delete another, a conditional update that fails changes nothing.
    put(item("a", "1", only={"S": "this"}))
    ddb.delete_item(TableName=source, Key=k("b", "0"))
    del state[("b", "0")]
    expect_error(lambda: ddb.update_item(TableName=source, Key=k("a", "3"), UpdateExpression="SET w = :w",
                                         ConditionExpression="attribute_not_exists(pk)",
                                         ExpressionAttributeValues={":w": {"BOOL": True}}),
                 "ConditionalCheckFailedException")
    step()
    clock.advance(PAST_LAG)

    window = pitr(raw, source)
    assert window["EarliestRestorableDateTime"] == earliest
    assert window["LatestRestorableDateTime"] >= history[-1][0]
    for at, expected in history:
        name, resp = restore_at(ddb, raw, table_factory, source, at)
        assert scan_all(ddb, name) == expected, at
        for key, it in expected.items():
            got = ddb.get_item(TableName=name, Key=k(*key), ConsistentRead=True).get("Item")
            assert got is not None and canonical_item(got) == it, (at, key)
        t = ddb.describe_table(TableName=name)["Table"]
        assert t["ItemCount"] == len(expected) or t["ItemCount"] == 0  # statistics may lag (AWS: ~6 h)


def test_restore_between_transactions(ddb, raw, table_factory, source, clock):
    """The server time read between two TransactWriteItems restores exactly the transactions before it;
    each transaction is whole (its pair of items and the counter) or absent."""
    enable(raw, source)
    clock.advance(STEP)
    count = 30
    instants = [clock.now()]
    for i in range(count):
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": source, "Item": item("tx%03d" % i, "a", i={"N": str(i)})}},
            {"Put": {"TableName": source, "Item": item("tx%03d" % i, "b", i={"N": str(i)})}},
            {"Update": {"TableName": source, "Key": k("counter", "c"), "UpdateExpression": "SET n = :n",
                        "ExpressionAttributeValues": {":n": {"N": str(i + 1)}}}},
        ])
        instants.append(clock.now())
    clock.advance(PAST_LAG)
    for j in (0, 1, 7, 19, count):
        name, resp = restore_at(ddb, raw, table_factory, source, instants[j])
        got = scan_all(ddb, name)
        expected = {}
        for i in range(j):
            for side in "ab":
                expected[("tx%03d" % i, side)] = canonical_item(item("tx%03d" % i, side, i={"N": str(i)}))
        if j:
            expected[("counter", "c")] = canonical_item(item("counter", "c", n={"N": str(j)}))
        assert got == expected, (j, sorted(got))


def test_use_latest_restorable_time(ddb, raw, table_factory, source, clock):
    enable(raw, source)
    clock.advance(STEP)
    ddb.put_item(TableName=source, Item=item("old", "1"))
    clock.advance(PAST_LAG)
    # Written now: after LatestRestorableDateTime (now - 5 min).
    ddb.put_item(TableName=source, Item=item("new", "1"))
    ddb.delete_item(TableName=source, Key=k("old", "1"))
    latest_before = pitr(raw, source)["LatestRestorableDateTime"]
    target = unique_name("pitr")
    table_factory.track(target)
    resp = call(raw, "RestoreTableToPointInTime", restore_req(source, target, latest=True))
    latest_after = pitr(raw, source)["LatestRestorableDateTime"]
    desc = resp["TableDescription"]
    summary = desc["RestoreSummary"]
    assert latest_before <= summary["RestoreDateTime"] <= latest_after, (latest_before, summary, latest_after)
    wait_restored(ddb, target)
    assert scan_all(ddb, target) == snapshot({("old", "1"): item("old", "1")})


def test_restore_response_and_restored_table(ddb, raw, table_factory, source, clock):
    ddb.put_item(TableName=source, Item=item("a", "1", v={"S": "x"}))
    enable(raw, source)
    at = clock.now()
    clock.advance(STEP)
    src = ddb.describe_table(TableName=source)["Table"]
    target = unique_name("pitr")
    table_factory.track(target)
    resp = call(raw, "RestoreTableToPointInTime", restore_req(source, target, latest=True))["TableDescription"]
    assert resp["TableName"] == target
    assert resp["TableStatus"] == "CREATING"
    assert resp["ItemCount"] == 0 and resp["TableSizeBytes"] == 0
    assert resp["TableId"] != src["TableId"]
    assert resp["KeySchema"] == src["KeySchema"]
    summary = resp["RestoreSummary"]
    assert set(summary) == {"SourceTableArn", "RestoreDateTime", "RestoreInProgress"}, summary  # no SourceBackupArn
    assert summary["SourceTableArn"] == src["TableArn"]
    assert summary["RestoreInProgress"] is True
    assert summary["RestoreDateTime"] >= at - 1
    t = wait_restored(ddb, target)
    assert "RestoreSummary" not in t, t
    assert t["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert pitr(raw, target) == {"PointInTimeRecoveryStatus": "DISABLED"}
    assert scan_all(ddb, target) == snapshot({("a", "1"): item("a", "1", v={"S": "x"})})
    # By ARN, too.
    target2 = unique_name("pitr")
    table_factory.track(target2)
    call(raw, "RestoreTableToPointInTime", {"SourceTableArn": src["TableArn"], "TargetTableName": target2,
                                            "UseLatestRestorableTime": True})
    wait_restored(ddb, target2)
    assert scan_all(ddb, target2) == snapshot({("a", "1"): item("a", "1", v={"S": "x"})})


def test_restore_indexes(ddb, raw, table_factory, clock):
    schema = hash_range_schema("pk", "S", "sk", "S")
    schema["AttributeDefinitions"] += [{"AttributeName": "g", "AttributeType": "S"},
                                       {"AttributeName": "l", "AttributeType": "N"}]
    src, _ = table_factory(
        "idx", schema=schema,
        GlobalSecondaryIndexes=[{"IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["v"]}}],
        LocalSecondaryIndexes=[{"IndexName": "by_l",
                                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                              {"AttributeName": "l", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "ALL"}}])
    enable(raw, src)
    clock.advance(STEP)
    state = {}
    for i in range(12):
        it = item("p%d" % (i % 3), "s%02d" % i, v={"N": str(i)}, w={"S": "w%d" % i})
        if i % 4 != 3:
            it["g"] = {"S": "g%d" % (i % 2)}
        if i % 5 != 4:
            it["l"] = {"N": str(100 - i)}
        ddb.put_item(TableName=src, Item=it)
        state[key_of(it)] = it
    at = clock.now() + STEP / 2
    clock.advance(STEP)
    # Later changes move items between index keys; the restore must not see them.
    ddb.update_item(TableName=src, Key=k("p0", "s00"), UpdateExpression="SET g = :g, l = :l",
                    ExpressionAttributeValues={":g": {"S": "g1"}, ":l": {"N": "1"}})
    ddb.delete_item(TableName=src, Key=k("p1", "s01"))
    clock.advance(PAST_LAG)
    name, _ = restore_at(ddb, raw, table_factory, src, at)
    t = ddb.describe_table(TableName=name)["Table"]
    assert [g["IndexName"] for g in t["GlobalSecondaryIndexes"]] == ["by_g"]
    assert [ix["IndexName"] for ix in t["LocalSecondaryIndexes"]] == ["by_l"]
    assert scan_all(ddb, name) == snapshot(state)
    for g in ("g0", "g1"):
        want = [it for it in state.values() if it.get("g") == {"S": g}]
        want = [{a: it[a] for a in ("pk", "sk", "g", "v")} for it in want]
        got = query_all(ddb, name, IndexName="by_g", KeyConditionExpression="g = :g",
                        ExpressionAttributeValues={":g": {"S": g}})
        assert sorted(map(canon, got)) == sorted(map(canon, want)), g
    for p in ("p0", "p1", "p2"):
        want = sorted((it for it in state.values() if it["pk"]["S"] == p and "l" in it),
                      key=lambda it: float(it["l"]["N"]))
        got = query_all(ddb, name, IndexName="by_l", KeyConditionExpression="pk = :p",
                        ExpressionAttributeValues={":p": {"S": p}}, ConsistentRead=True)
        assert [canon(i) for i in got] == [canon(i) for i in want], p


# ---------------------------------------------------------------------------
# RestoreTableToPointInTime: errors and their order (section 7)
# ---------------------------------------------------------------------------

BOTH_TIMES = ("Invalid Request: Both RestoreDateTime and UseLatestRestorableTime cannot be set for point-in-time "
              "restore request.")
NEITHER_TIME = ("Invalid Request: Either one of RestoreDateTime or UseLatestRestorableTime must be specified, "
                "but not both")
BOTH_SOURCES = "Must provide exactly one of: sourceTableArn, sourceTableName"
NO_SOURCE = "The parameter 'TableName' is required but was not present in the request"


def assert_not_created(ddb, name):
    expect_error(lambda: ddb.describe_table(TableName=name), "ResourceNotFoundException")


def test_restore_both_times(ddb, raw, source, clock):
    enable(raw, source)
    target = unique_name("never")
    resp = raw("RestoreTableToPointInTime", restore_req(source, target, clock.now(), latest=True))
    expect_raw_error(resp, "ValidationException")
    assert resp.error_message.startswith(BOTH_TIMES), resp
    assert_not_created(ddb, target)


@pytest.mark.parametrize("extra", [{}, {"UseLatestRestorableTime": False}], ids=["absent", "latest_false"])
def test_restore_neither_time(ddb, raw, source, extra):
    enable(raw, source)
    target = unique_name("never")
    expect_raw_error(raw("RestoreTableToPointInTime", restore_req(source, target, **extra)),
                     "ValidationException", NEITHER_TIME)
    assert_not_created(ddb, target)


def test_restore_both_sources(ddb, raw, source):
    enable(raw, source)
    arn = ddb.describe_table(TableName=source)["Table"]["TableArn"]
    resp = raw("RestoreTableToPointInTime", restore_req(source, unique_name("never"), latest=True,
                                                        SourceTableArn=arn))
    expect_raw_error(resp, "ValidationException")
    assert resp.error_message in (BOTH_SOURCES, "Invalid Request: " + BOTH_SOURCES), resp


def test_restore_no_source(raw):
    expect_raw_error(raw("RestoreTableToPointInTime", {"TargetTableName": unique_name("never"),
                                                       "UseLatestRestorableTime": True}),
                     "ValidationException", NO_SOURCE)


def test_restore_missing_source(ddb, raw):
    name = unique_name("missing")
    expect_raw_error(raw("RestoreTableToPointInTime", restore_req(name, unique_name("never"), latest=True)),
                     "TableNotFoundException", "Table not found: " + name)


def test_restore_missing_source_by_arn(ddb, raw, source):
    arn = ddb.describe_table(TableName=source)["Table"]["TableArn"].rsplit("/", 1)[0] + "/" + unique_name("missing")
    expect_raw_error(raw("RestoreTableToPointInTime", {"SourceTableArn": arn, "TargetTableName": unique_name("never"),
                                                       "UseLatestRestorableTime": True}),
                     "TableNotFoundException")


def test_restore_pitr_disabled(ddb, raw, source, clock):
    text = "Point in time recovery is not enabled for table '%s'" % source
    target = unique_name("never")
    for req in (restore_req(source, target, latest=True), restore_req(source, target, clock.now())):
        expect_raw_error(raw("RestoreTableToPointInTime", req), "PointInTimeRecoveryUnavailableException", text)
    assert_not_created(ddb, target)


def test_restore_time_outside_window(ddb, raw, source, clock):
    earliest = enable(raw, source)["PointInTimeRecoveryDescription"]["EarliestRestorableDateTime"]
    target = unique_name("never")
    for at in (earliest - 60, clock.now() + 3600, 0):
        resp = raw("RestoreTableToPointInTime", restore_req(source, target, at))
        expect_raw_error(resp, "InvalidRestoreTimeException")
        assert resp.error_message.startswith("RestoreDateTime '"), resp
        assert IRT_RE.match(resp.error_message), resp
    assert_not_created(ddb, target)


def test_restore_target_exists(ddb, raw, table_factory, source):
    enable(raw, source)
    other, _ = table_factory("other")
    for target in (other, source):
        expect_raw_error(raw("RestoreTableToPointInTime", restore_req(source, target, latest=True)),
                         "TableAlreadyExistsException", "Table already exists: " + target)


def test_restore_bad_target_name(raw, source):
    expect_raw_error(raw("RestoreTableToPointInTime", restore_req(source, "bad name!", latest=True)),
                     "ValidationException",
                     "1 validation error detected: Value 'bad name!' at 'targetTableName' failed to satisfy constraint: "
                     "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")


def test_order_shape_before_missing_source(raw, clock):
    missing = unique_name("missing")
    resp = raw("RestoreTableToPointInTime", restore_req(missing, unique_name("never"), clock.now(), latest=True))
    expect_raw_error(resp, "ValidationException")
    assert resp.error_message.startswith(BOTH_TIMES), resp
    expect_raw_error(raw("RestoreTableToPointInTime", restore_req(missing, unique_name("never"))),
                     "ValidationException", NEITHER_TIME)


def test_order_pitr_disabled_beats_bad_time_and_existing_target(raw, table_factory, source):
    other, _ = table_factory("other")
    text = "Point in time recovery is not enabled for table '%s'" % source
    for target in (other, source, unique_name("never")):
        for at in (0, 4102444800):
            expect_raw_error(raw("RestoreTableToPointInTime", restore_req(source, target, at)),
                             "PointInTimeRecoveryUnavailableException", text)


def test_order_bad_time_beats_existing_target(raw, table_factory, source):
    enable(raw, source)
    other, _ = table_factory("other")
    for target in (other, source):
        resp = raw("RestoreTableToPointInTime", restore_req(source, target, 0))
        expect_raw_error(resp, "InvalidRestoreTimeException")
        assert IRT_RE.match(resp.error_message), resp
