"""On-demand backups: CreateBackup, DescribeBackup, ListBackups, DeleteBackup and
RestoreTableFromBackup (answer shapes, error texts, list filters and paging, what a restored table
carries, the SYSTEM backup a table deleted with PITR leaves, a backup taken under concurrent
transactions).

The facts, their sources and confidence are in docs/backup-messages.md (section numbers below refer
to it). Texts are asserted exactly where the catalogue gives them whole; where it gives only a prefix
or only the exception, only that is asserted.

Backups answer CREATING and become AVAILABLE shortly after; restored tables answer CREATING and
become ACTIVE once loaded (then RestoreSummary is gone). Both are polled with a deadline; no timing is
asserted. Backup creation times are exchanged with sub-second precision, which botocore 1.29 drops
from request timestamps (it sends whole seconds), so requests that carry a time (ListBackups' time
bounds) are sent raw.

DynamoDB Local 1.25 has none of these operations: each answers UnknownOperationException
'An unknown operation was requested.', so every test here is local_differs.
"""

import json
import re
import threading
import time

import pytest

from helpers import (canonical_item, canonical_value, expect_error, expect_raw_error, hash_range_schema, hash_schema, unique_name, wait_active,
                     wait_exists)


SRC = "docs/backup-messages.md"
pytestmark = pytest.mark.local_differs(
    "DynamoDB Local has no backups (UnknownOperationException 'An unknown operation was requested.') -- "
    "AWS API reference API_CreateBackup/API_RestoreTableFromBackup; " + SRC)

BACKUP_WAIT = 60    # seconds for a backup to become AVAILABLE
RESTORE_WAIT = 300  # seconds for a restored table to become ACTIVE (AWS: minutes)
SYSTEM_WAIT = 120   # seconds for the SYSTEM backup of a table deleted with PITR (AWS: 8-10 s)
ARN_ID_RE = re.compile(r"^(?P<table>arn:aws:dynamodb:[a-z0-9-]+:\d{12}:table/[a-zA-Z0-9_.-]+)"
                       r"/backup/(?P<ms>\d{14})-(?P<hex>[0-9a-f]{8})$")
BACKUP_DETAIL_KEYS = {"BackupArn", "BackupName", "BackupSizeBytes", "BackupStatus", "BackupType",
                      "BackupCreationDateTime"}
SUMMARY_KEYS = {"TableName", "TableId", "TableArn", "BackupArn", "BackupName", "BackupCreationDateTime",
                "BackupStatus", "BackupType", "BackupSizeBytes"}


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

def body(resp):
    return {k: v for k, v in resp.items() if k != "ResponseMetadata"}


def raw_ok(raw, op, req):
    resp = raw(op, req)
    assert resp.status == 200, resp
    return resp.json()


def create_backup(ddb, table, name="bk"):
    return ddb.create_backup(TableName=table, BackupName=name)["BackupDetails"]


def wait_available(ddb, arn):
    deadline = time.monotonic() + BACKUP_WAIT
    while True:
        desc = ddb.describe_backup(BackupArn=arn)["BackupDescription"]
        if desc["BackupDetails"]["BackupStatus"] == "AVAILABLE":
            return desc
        assert desc["BackupDetails"]["BackupStatus"] == "CREATING", desc
        if time.monotonic() > deadline:
            raise AssertionError("backup %s not AVAILABLE after %ss: %r" % (arn, BACKUP_WAIT, desc))
        time.sleep(0.1)


def backup_now(ddb, table, name="bk"):
    """CreateBackup, then wait until AVAILABLE; returns the BackupDescription."""
    return wait_available(ddb, create_backup(ddb, table, name)["BackupArn"])


def wait_restored(ddb, name):
    """Polls DescribeTable until the restored table is ACTIVE; returns that description."""
    deadline = time.monotonic() + RESTORE_WAIT
    while True:
        t = ddb.describe_table(TableName=name)["Table"]
        if t["TableStatus"] == "ACTIVE":
            return t
        assert t["TableStatus"] == "CREATING", t
        if time.monotonic() > deadline:
            raise AssertionError("table %s not ACTIVE after %ss: %r" % (name, RESTORE_WAIT, t))
        time.sleep(0.1)


def restore(ddb, table_factory, arn, target=None, **kwargs):
    """RestoreTableFromBackup into a fresh (tracked) name; returns (name, response TableDescription)."""
    target = target or unique_name("rst")
    table_factory.track(target)
    resp = ddb.restore_table_from_backup(TargetTableName=target, BackupArn=arn, **kwargs)
    return target, resp["TableDescription"]


def restore_and_wait(ddb, table_factory, arn, **kwargs):
    name, _ = restore(ddb, table_factory, arn, **kwargs)
    return name, wait_restored(ddb, name)




def key_of(item, keys):
    return tuple(json.dumps(item[k], sort_keys=True, default=repr) for k in keys)


def scan_all(ddb, name, keys=("pk",), **kwargs):
    """Every item (consistent scan, all pages) as {key tuple: normalised item}."""
    out, start = {}, None
    while True:
        kw = dict(kwargs, ExclusiveStartKey=start) if start else dict(kwargs)
        resp = ddb.scan(TableName=name, **kw)
        for it in resp["Items"]:
            out[key_of(it, keys)] = canonical_item(it)
        start = resp.get("LastEvaluatedKey")
        if not start:
            return out


def canon(item):
    """A normalised item as a sortable string."""
    return json.dumps(canonical_item(item), sort_keys=True, default=repr)


def as_map(items, keys=("pk",)):
    return {key_of(it, keys): canonical_item(it) for it in items}


def list_all(ddb, **kwargs):
    """Every BackupSummary ListBackups returns, following LastEvaluatedBackupArn."""
    out, start = [], None
    for _ in range(1000):
        kw = dict(kwargs, ExclusiveStartBackupArn=start) if start else dict(kwargs)
        resp = ddb.list_backups(**kw)
        out += resp["BackupSummaries"]
        start = resp.get("LastEvaluatedBackupArn")
        if not start:
            return out
    raise AssertionError("ListBackups did not end")


def arns(summaries):
    return [s["BackupArn"] for s in summaries]


def query_all(ddb, name, **kwargs):
    items, start = [], None
    while True:
        kw = dict(kwargs, ExclusiveStartKey=start) if start else dict(kwargs)
        resp = ddb.query(TableName=name, **kw)
        items += resp["Items"]
        start = resp.get("LastEvaluatedKey")
        if not start:
            return items


def put_all(ddb, name, items):
    for it in items:
        ddb.put_item(TableName=name, Item=it)


def index_table(table_factory, tag="src", **kwargs):
    """pk/sk (S) with the GSI by_g (g S, sk S; ALL) and the LSI by_l (pk, l N; KEYS_ONLY)."""
    schema = hash_range_schema("pk", "S", "sk", "S")
    schema["AttributeDefinitions"] += [{"AttributeName": "g", "AttributeType": "S"},
                                       {"AttributeName": "l", "AttributeType": "N"}]
    name, _ = table_factory(
        tag, schema=schema,
        GlobalSecondaryIndexes=[{"IndexName": "by_g",
                                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"},
                                               {"AttributeName": "sk", "KeyType": "RANGE"}],
                                 "Projection": {"ProjectionType": "ALL"}}],
        LocalSecondaryIndexes=[{"IndexName": "by_l",
                                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                              {"AttributeName": "l", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "KEYS_ONLY"}}],
        **kwargs)
    return name


def typed_items():
    """Items of index_table's schema holding every attribute type."""
    return [
        {"pk": {"S": "p1"}, "sk": {"S": "a"}, "g": {"S": "x"}, "l": {"N": "3"},
         "s": {"S": "text"}, "n": {"N": "-12500.5"}, "b": {"B": b"\x00\x01\xff"}, "t": {"BOOL": True},
         "f": {"BOOL": False}, "z": {"NULL": True}, "ss": {"SS": ["b", "a", "c"]},
         "ns": {"NS": ["1", "2.5", "-3"]}, "bs": {"BS": [b"x", b"y"]},
         "m": {"M": {"in": {"L": [{"S": "q"}, {"N": "7"}, {"M": {"d": {"NULL": True}}}]}}},
         "li": {"L": [{"SS": ["u"]}, {"BOOL": False}, {"B": b"\x10"}]}},
        {"pk": {"S": "p1"}, "sk": {"S": "b"}, "g": {"S": "y"}, "l": {"N": "1"}, "s": {"S": ""}},
        {"pk": {"S": "p1"}, "sk": {"S": "c"}, "g": {"S": "x"}, "m": {"M": {}}, "li": {"L": []}},
        {"pk": {"S": "p2"}, "sk": {"S": "a"}, "l": {"N": "2"}, "n": {"N": "99999999999999999999999999999999999999"}},
        {"pk": {"S": "p2"}, "sk": {"S": "b"}, "g": {"S": "y"}, "l": {"N": "0.001"}},
    ]


def index_defs(table):
    """(GSIs, LSIs) of a DescribeTable answer reduced to name, key schema and projection."""
    def reduce(ix):
        return sorted(({"IndexName": i["IndexName"], "KeySchema": i["KeySchema"],
                        "Projection": i["Projection"]} for i in ix), key=lambda i: i["IndexName"])
    return reduce(table.get("GlobalSecondaryIndexes", [])), reduce(table.get("LocalSecondaryIndexes", []))


def sorted_defs(defs):
    return sorted(defs, key=lambda d: d["AttributeName"])


# ---------------------------------------------------------------------------
# CreateBackup (section 2)
# ---------------------------------------------------------------------------

def test_create_backup_answer_shape(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}})
    arn_table = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    resp = body(ddb.create_backup(TableName=table, BackupName="first.Backup_1-x"))
    assert list(resp) == ["BackupDetails"], resp
    d = resp["BackupDetails"]
    assert set(d) == BACKUP_DETAIL_KEYS, d          # no BackupExpiryDateTime for USER
    assert d["BackupName"] == "first.Backup_1-x"
    assert d["BackupStatus"] == "CREATING"
    assert d["BackupType"] == "USER"
    assert isinstance(d["BackupSizeBytes"], int) and d["BackupSizeBytes"] >= 0
    m = ARN_ID_RE.match(d["BackupArn"])
    assert m, d["BackupArn"]
    assert m.group("table") == arn_table
    # The id is the creation time in epoch milliseconds, zero-padded to 14 digits (CLI example).
    assert int(m.group("ms")) == int(d["BackupCreationDateTime"].timestamp() * 1000), d


def test_backup_creation_time_has_millisecond_precision(ddb, raw, table):
    """AWS reports BackupCreationDateTime at ms precision, the same instant as the ARN's id
    (section 2, AQ B-006; CLI 01576616366715 <-> 1576616366.715), in Create, Describe and List."""
    d = raw_ok(raw, "CreateBackup", {"TableName": table, "BackupName": "msprec"})["BackupDetails"]
    ms = int(ARN_ID_RE.match(d["BackupArn"]).group("ms"))
    assert d["BackupCreationDateTime"] == ms / 1000, d
    wait_available(ddb, d["BackupArn"])
    desc = raw_ok(raw, "DescribeBackup", {"BackupArn": d["BackupArn"]})["BackupDescription"]
    assert desc["BackupDetails"]["BackupCreationDateTime"] == ms / 1000, desc
    listed = raw_ok(raw, "ListBackups", {"TableName": table})["BackupSummaries"]
    assert [s["BackupCreationDateTime"] for s in listed] == [ms / 1000], listed


def test_create_backup_by_table_arn_and_same_name_twice(ddb, table):
    arn_table = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    a = create_backup(ddb, arn_table, "same")
    b = create_backup(ddb, table, "same")
    assert a["BackupArn"] != b["BackupArn"]
    assert a["BackupArn"].startswith(arn_table + "/backup/")
    wait_available(ddb, a["BackupArn"])
    wait_available(ddb, b["BackupArn"])
    listed = list_all(ddb, TableName=table)
    assert sorted(arns(listed)) == sorted([a["BackupArn"], b["BackupArn"]])
    assert {s["BackupName"] for s in listed} == {"same"}


def test_create_backup_missing_table(ddb):
    name = unique_name("missing")
    expect_error(lambda: ddb.create_backup(TableName=name, BackupName="bk1"),
                 "TableNotFoundException", "Table not found: " + name)


@pytest.mark.parametrize("name, text", [
    ("ab", "1 validation error detected: Value 'ab' at 'backupName' failed to satisfy constraint: "
           "Member must have length greater than or equal to 3"),
    ("bad name!", "1 validation error detected: Value 'bad name!' at 'backupName' failed to satisfy constraint: "
                  "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
    ("x" * 256, "1 validation error detected: Value '%s' at 'backupName' failed to satisfy constraint: "
                "Member must have length less than or equal to 255" % ("x" * 256)),
], ids=["too_short", "bad_characters", "too_long"])
def test_create_backup_bad_name(ddb, table, name, text):
    expect_error(lambda: ddb.create_backup(TableName=table, BackupName=name), "ValidationException", text)


def test_create_backup_missing_name(ddb, raw, table):
    expect_raw_error(raw("CreateBackup", {"TableName": table}), "ValidationException",
                     "1 validation error detected: Value null at 'backupName' failed to satisfy constraint: "
                     "Member must not be null")


def test_create_backup_bad_name_checked_before_table(ddb):
    """Request-shape errors come before the existence check (section 1, AQ T-442)."""
    expect_error(lambda: ddb.create_backup(TableName=unique_name("missing"), BackupName="ab"),
                 "ValidationException", message_startswith="1 validation error detected: Value 'ab' at 'backupName'")


# ---------------------------------------------------------------------------
# DescribeBackup (section 3)
# ---------------------------------------------------------------------------

def test_describe_backup_plain_table(ddb, table):
    put_all(ddb, table, [{"pk": {"S": "k%d" % i}, "v": {"N": str(i)}} for i in range(3)])
    t = ddb.describe_table(TableName=table)["Table"]
    d = create_backup(ddb, table, "plain")
    desc = wait_available(ddb, d["BackupArn"])
    assert set(desc) == {"BackupDetails", "SourceTableDetails", "SourceTableFeatureDetails"}, desc
    details = desc["BackupDetails"]
    assert details == dict(d, BackupStatus="AVAILABLE", BackupSizeBytes=details["BackupSizeBytes"]), desc
    src = desc["SourceTableDetails"]
    assert src["TableName"] == table
    assert src["TableArn"] == t["TableArn"]
    assert src["TableId"] == t["TableId"]
    assert src["TableCreationDateTime"] == t["CreationDateTime"]
    assert src["KeySchema"] == t["KeySchema"]
    assert src["BillingMode"] == "PAY_PER_REQUEST"
    assert src["ProvisionedThroughput"] == {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0}
    # The table's statistics as DescribeTable reported them when the backup was taken.
    assert src["ItemCount"] == t["ItemCount"]
    assert src["TableSizeBytes"] == t["TableSizeBytes"]
    assert desc["SourceTableFeatureDetails"] == {}


def test_describe_backup_feature_details(ddb, provisioned_index_table):
    name = provisioned_index_table
    ddb.update_table(TableName=name, StreamSpecification={"StreamEnabled": True,
                                                          "StreamViewType": "NEW_AND_OLD_IMAGES"})
    wait_active(ddb, name)
    ddb.update_time_to_live(TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"})
    put_all(ddb, name, typed_items())
    t = ddb.describe_table(TableName=name)["Table"]
    desc = backup_now(ddb, name, "features")
    src = desc["SourceTableDetails"]
    assert src["BillingMode"] == "PROVISIONED"
    assert src["ProvisionedThroughput"] == {"ReadCapacityUnits": 4, "WriteCapacityUnits": 3}
    assert src["KeySchema"] == t["KeySchema"]
    assert src["ItemCount"] == t["ItemCount"]
    f = desc["SourceTableFeatureDetails"]
    assert f["LocalSecondaryIndexes"] == [{
        "IndexName": "by_l",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "KEYS_ONLY"}}], f
    assert f["GlobalSecondaryIndexes"] == [{
        "IndexName": "by_g",
        "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "ALL"},
        "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 1}}], f
    assert f["StreamDescription"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}, f
    assert f["TimeToLiveDescription"] == {"TimeToLiveStatus": "ENABLED", "AttributeName": "exp"}, f


@pytest.fixture
def provisioned_index_table(table_factory):
    """index_table in PROVISIONED mode (4/3), its GSI 2/1."""
    schema = hash_range_schema("pk", "S", "sk", "S")
    schema["AttributeDefinitions"] += [{"AttributeName": "g", "AttributeType": "S"},
                                       {"AttributeName": "l", "AttributeType": "N"}]
    name, _ = table_factory(
        "prov", schema=schema, ProvisionedThroughput={"ReadCapacityUnits": 4, "WriteCapacityUnits": 3},
        GlobalSecondaryIndexes=[{"IndexName": "by_g",
                                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"},
                                               {"AttributeName": "sk", "KeyType": "RANGE"}],
                                 "Projection": {"ProjectionType": "ALL"},
                                 "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 1}}],
        LocalSecondaryIndexes=[{"IndexName": "by_l",
                                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                              {"AttributeName": "l", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "KEYS_ONLY"}}])
    return name


def test_describe_backup_missing(ddb, table):
    arn_table = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    arn = arn_table + "/backup/01576616366715-b4e58d3a"
    expect_error(lambda: ddb.describe_backup(BackupArn=arn), "BackupNotFoundException", "Backup not found: " + arn)


def test_describe_backup_missing_of_missing_table(ddb, table):
    """Identity is (account, table name, id): a well-formed ARN naming no table is simply not found."""
    arn_table = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    arn = arn_table.rsplit("/", 1)[0] + "/" + unique_name("gone") + "/backup/01576616366715-b4e58d3a"
    expect_error(lambda: ddb.describe_backup(BackupArn=arn), "BackupNotFoundException", "Backup not found: " + arn)


def test_describe_backup_table_arn_is_invalid(ddb, table):
    arn_table = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    expect_error(lambda: ddb.describe_backup(BackupArn=arn_table), "ValidationException", "Invalid Backup ARN")


def test_describe_backup_non_arn_is_invalid(ddb):
    expect_error(lambda: ddb.describe_backup(BackupArn="x" * 48), "ValidationException", "Invalid Backup ARN")


# ---------------------------------------------------------------------------
# ListBackups (section 4)
# ---------------------------------------------------------------------------

def test_list_backups_summary_shape_and_order(ddb, table):
    made = []
    for i in range(3):
        made.append(create_backup(ddb, table, "order%d" % i))
        time.sleep(0.01)  # distinct creation milliseconds
    for d in made:
        wait_available(ddb, d["BackupArn"])
    t = ddb.describe_table(TableName=table)["Table"]
    listed = list_all(ddb, TableName=table)
    assert arns(listed) == [d["BackupArn"] for d in made]
    for s, d in zip(listed, made):
        assert set(s) == SUMMARY_KEYS, s
        assert s["TableName"] == table and s["TableArn"] == t["TableArn"] and s["TableId"] == t["TableId"]
        assert s["BackupName"] == d["BackupName"]
        assert s["BackupCreationDateTime"] == d["BackupCreationDateTime"]
        assert s["BackupStatus"] == "AVAILABLE" and s["BackupType"] == "USER"


def test_list_backups_table_name_filter(ddb, table_factory):
    a, _ = table_factory("la")
    b, _ = table_factory("lb")
    ba = [create_backup(ddb, a, "bka%d" % i)["BackupArn"] for i in range(2)]
    bb = [create_backup(ddb, b, "bkb0")["BackupArn"]]
    assert sorted(arns(list_all(ddb, TableName=a))) == sorted(ba)
    assert arns(list_all(ddb, TableName=b)) == bb
    # Without a filter both tables' backups are listed.
    everything = set(arns(list_all(ddb)))
    assert set(ba + bb) <= everything
    # A name that never had a table: an empty list, no error.
    assert list_all(ddb, TableName=unique_name("never")) == []


def test_list_backups_backup_type(ddb, table):
    arn = create_backup(ddb, table, "typed")["BackupArn"]
    assert arns(list_all(ddb, TableName=table)) == [arn]
    assert arns(list_all(ddb, TableName=table, BackupType="USER")) == [arn]
    assert arns(list_all(ddb, TableName=table, BackupType="ALL")) == [arn]
    assert list_all(ddb, TableName=table, BackupType="SYSTEM") == []


def test_list_backups_time_bounds(ddb, raw, table):
    """Lower bound inclusive, upper bound exclusive, at the creation time's own precision (raw: botocore
    1.29 would cut the bounds to whole seconds)."""
    made = []
    for i in range(3):
        made.append(raw_ok(raw, "CreateBackup", {"TableName": table, "BackupName": "tb%d" % i})["BackupDetails"])
        time.sleep(0.01)
    a, b, c = [(d["BackupArn"], d["BackupCreationDateTime"]) for d in made]

    def listed(**bounds):
        req = dict(TableName=table, **bounds)
        return [s["BackupArn"] for s in raw_ok(raw, "ListBackups", req)["BackupSummaries"]]
    assert listed(TimeRangeLowerBound=b[1], TimeRangeUpperBound=c[1]) == [b[0]]
    assert listed(TimeRangeLowerBound=a[1], TimeRangeUpperBound=c[1]) == [a[0], b[0]]
    assert listed(TimeRangeLowerBound=a[1]) == [a[0], b[0], c[0]]
    assert listed(TimeRangeUpperBound=b[1]) == [a[0]]
    assert listed(TimeRangeLowerBound=a[1], TimeRangeUpperBound=a[1]) == []
    assert listed(TimeRangeLowerBound=c[1] + 0.001) == []
    assert listed(TimeRangeLowerBound=0, TimeRangeUpperBound=4102444800) == [a[0], b[0], c[0]]


def test_list_backups_lower_above_upper(ddb, table):
    expect_error(lambda: ddb.list_backups(TableName=table, TimeRangeLowerBound=2000000000,
                                          TimeRangeUpperBound=1000000000),
                 "ValidationException", "One or more parameter values were invalid: Time range lower bound must "
                                        "be less than or equal to upper bound")


def test_list_backups_paging(ddb, table):
    made = []
    for i in range(5):
        made.append(create_backup(ddb, table, "page%d" % i)["BackupArn"])
        time.sleep(0.01)
    pages, start = [], None
    for _ in range(10):
        kw = {"ExclusiveStartBackupArn": start} if start else {}
        resp = ddb.list_backups(TableName=table, Limit=2, **kw)
        pages.append(arns(resp["BackupSummaries"]))
        start = resp.get("LastEvaluatedBackupArn")
        if start:
            assert start == pages[-1][-1]
        else:
            break
    assert pages == [made[0:2], made[2:4], made[4:5]]
    # Limit equal to the number of matches: one page, no LastEvaluatedBackupArn.
    resp = ddb.list_backups(TableName=table, Limit=5)
    assert arns(resp["BackupSummaries"]) == made
    assert "LastEvaluatedBackupArn" not in resp, body(resp)


def test_list_backups_cursor_of_deleted_backup(ddb, table):
    """ExclusiveStartBackupArn is a pure cursor: a deleted backup's ARN resumes after its position."""
    made = []
    for i in range(4):
        made.append(create_backup(ddb, table, "cur%d" % i)["BackupArn"])
        time.sleep(0.01)
    wait_available(ddb, made[1])
    ddb.delete_backup(BackupArn=made[1])
    assert arns(list_all(ddb, TableName=table, ExclusiveStartBackupArn=made[1])) == made[2:]
    assert arns(list_all(ddb, TableName=table)) == [made[0]] + made[2:]


@pytest.mark.parametrize("params, member", [
    ({"Limit": 0}, "limit"), ({"Limit": 101}, "limit"),
    ({"BackupType": "BOGUS"}, "backupType"), ({"BackupType": "user"}, "backupType"),
], ids=["limit_0", "limit_101", "type_bogus", "type_lowercase"])
def test_list_backups_request_validation(ddb, params, member):
    resp = expect_error(lambda: ddb.list_backups(**params), "ValidationException")
    assert ("at '%s' failed to satisfy constraint" % member) in resp["Error"]["Message"], resp


# ---------------------------------------------------------------------------
# DeleteBackup (section 5)
# ---------------------------------------------------------------------------

def test_delete_backup(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}})
    d = create_backup(ddb, table, "todelete")
    arn = d["BackupArn"]
    desc = wait_available(ddb, arn)
    resp = body(ddb.delete_backup(BackupArn=arn))
    assert list(resp) == ["BackupDescription"], resp
    got = resp["BackupDescription"]
    assert got["BackupDetails"] == dict(desc["BackupDetails"], BackupStatus="DELETED"), got
    assert got["SourceTableDetails"]["TableName"] == table
    assert "SourceTableFeatureDetails" in got
    text = "Backup not found: " + arn
    expect_error(lambda: ddb.describe_backup(BackupArn=arn), "BackupNotFoundException", text)
    expect_error(lambda: ddb.delete_backup(BackupArn=arn), "BackupNotFoundException", text)
    assert arn not in arns(list_all(ddb, TableName=table, BackupType="ALL"))
    expect_error(lambda: ddb.restore_table_from_backup(TargetTableName=unique_name("never"), BackupArn=arn),
                 "BackupNotFoundException", text)


def test_delete_backup_table_arn_is_invalid(ddb, table):
    arn_table = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    expect_error(lambda: ddb.delete_backup(BackupArn=arn_table), "ValidationException", "Invalid Backup ARN")


# ---------------------------------------------------------------------------
# RestoreTableFromBackup (sections 6 and 9)
# ---------------------------------------------------------------------------

def test_restore_items_and_indexes(ddb, table_factory):
    src = index_table(table_factory)
    items = typed_items()
    put_all(ddb, src, items)
    t_src = ddb.describe_table(TableName=src)["Table"]
    desc = backup_now(ddb, src, "full")
    arn = desc["BackupDetails"]["BackupArn"]
    # Changes after the backup is AVAILABLE are not in it.
    ddb.put_item(TableName=src, Item={"pk": {"S": "p9"}, "sk": {"S": "late"}, "g": {"S": "x"}})
    ddb.delete_item(TableName=src, Key={"pk": {"S": "p1"}, "sk": {"S": "a"}})
    ddb.update_item(TableName=src, Key={"pk": {"S": "p2"}, "sk": {"S": "b"}},
                    UpdateExpression="SET g = :v", ExpressionAttributeValues={":v": {"S": "x"}})

    name, resp = restore(ddb, table_factory, arn)
    assert resp["TableName"] == name
    assert resp["TableStatus"] == "CREATING"
    assert resp["ItemCount"] == 0 and resp["TableSizeBytes"] == 0
    assert resp["TableId"] != t_src["TableId"]
    assert resp["RestoreSummary"] == {
        "SourceBackupArn": arn, "SourceTableArn": t_src["TableArn"],
        "RestoreDateTime": desc["BackupDetails"]["BackupCreationDateTime"], "RestoreInProgress": True}, resp

    t = wait_restored(ddb, name)
    assert "RestoreSummary" not in t, t
    assert t["KeySchema"] == t_src["KeySchema"]
    assert sorted_defs(t["AttributeDefinitions"]) == sorted_defs(t_src["AttributeDefinitions"])
    assert index_defs(t) == index_defs(t_src)
    assert t["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"

    keys = ("pk", "sk")
    expected = as_map(items, keys)
    assert scan_all(ddb, name, keys, ConsistentRead=True) == expected
    for it in items:
        got = ddb.get_item(TableName=name, Key={"pk": it["pk"], "sk": it["sk"]}, ConsistentRead=True)["Item"]
        assert canonical_item(got) == canonical_item(it)
    # GSI by_g (ALL): items with g, by g then sk.
    for g in ("x", "y"):
        want = sorted((it for it in items if it.get("g") == {"S": g}), key=lambda it: it["sk"]["S"])
        got = query_all(ddb, name, IndexName="by_g", KeyConditionExpression="g = :g",
                        ExpressionAttributeValues={":g": {"S": g}})
        # Sorted by sk; items with equal g and sk may come in either order.
        assert [i["sk"] for i in got] == [i["sk"] for i in want], g
        assert sorted(map(canon, got)) == sorted(map(canon, want)), g
    # LSI by_l (KEYS_ONLY): items with l, by l.
    for pk in ("p1", "p2"):
        want = sorted((it for it in items if it["pk"]["S"] == pk and "l" in it), key=lambda it: float(it["l"]["N"]))
        got = query_all(ddb, name, IndexName="by_l", KeyConditionExpression="pk = :p",
                        ExpressionAttributeValues={":p": {"S": pk}}, ConsistentRead=True)
        assert [canonical_item(i) for i in got] == [{k: canonical_value(it[k]) for k in ("pk", "sk", "l")} for it in want], pk
    # The restored table is an ordinary table: it takes writes.
    ddb.put_item(TableName=name, Item={"pk": {"S": "new"}, "sk": {"S": "n"}})
    assert ddb.get_item(TableName=name, Key={"pk": {"S": "new"}, "sk": {"S": "n"}},
                        ConsistentRead=True)["Item"]["pk"] == {"S": "new"}


def test_restore_target_exists(ddb, table_factory, table):
    other, _ = table_factory("other")
    arn = backup_now(ddb, table, "tae")["BackupDetails"]["BackupArn"]
    expect_error(lambda: ddb.restore_table_from_backup(TargetTableName=other, BackupArn=arn),
                 "TableAlreadyExistsException", "Table already exists: " + other)
    expect_error(lambda: ddb.restore_table_from_backup(TargetTableName=table, BackupArn=arn),
                 "TableAlreadyExistsException", "Table already exists: " + table)


def test_restore_missing_backup(ddb, table):
    arn = ddb.describe_table(TableName=table)["Table"]["TableArn"] + "/backup/01576616366715-b4e58d3a"
    target = unique_name("never")
    expect_error(lambda: ddb.restore_table_from_backup(TargetTableName=target, BackupArn=arn),
                 "BackupNotFoundException", "Backup not found: " + arn)
    expect_error(lambda: ddb.describe_table(TableName=target), "ResourceNotFoundException")


def test_restore_table_arn_is_invalid(ddb, table):
    arn_table = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    expect_error(lambda: ddb.restore_table_from_backup(TargetTableName=unique_name("never"), BackupArn=arn_table),
                 "ValidationException", "Invalid Backup ARN")


def test_restore_bad_target_name(ddb, table):
    arn = create_backup(ddb, table, "badtarget")["BackupArn"]
    expect_error(lambda: ddb.restore_table_from_backup(TargetTableName="bad name!", BackupArn=arn),
                 "ValidationException",
                 "1 validation error detected: Value 'bad name!' at 'targetTableName' failed to satisfy constraint: "
                 "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")


def test_restore_bad_billing_mode_override(ddb, table):
    arn = create_backup(ddb, table, "badbilling")["BackupArn"]
    resp = expect_error(lambda: ddb.restore_table_from_backup(TargetTableName=unique_name("never"), BackupArn=arn,
                                                              BillingModeOverride="BOGUS"),
                        "ValidationException")
    assert "Value 'BOGUS' at 'billingModeOverride' failed to satisfy constraint: Member must satisfy enum value set" \
        in resp["Error"]["Message"], resp


def test_restore_billing_mode_override_to_provisioned(ddb, table_factory, table):
    put_all(ddb, table, [{"pk": {"S": "k%d" % i}} for i in range(4)])
    arn = backup_now(ddb, table, "toprov")["BackupDetails"]["BackupArn"]
    name, t = restore_and_wait(ddb, table_factory, arn, BillingModeOverride="PROVISIONED",
                               ProvisionedThroughputOverride={"ReadCapacityUnits": 5, "WriteCapacityUnits": 6})
    assert t.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED") == "PROVISIONED", t
    assert (t["ProvisionedThroughput"]["ReadCapacityUnits"], t["ProvisionedThroughput"]["WriteCapacityUnits"]) == (5, 6)
    assert len(scan_all(ddb, name, ConsistentRead=True)) == 4


def test_restore_billing_mode_override_to_on_demand(ddb, table_factory, provisioned_index_table):
    src = provisioned_index_table
    put_all(ddb, src, typed_items())
    arn = backup_now(ddb, src, "toppr")["BackupDetails"]["BackupArn"]
    name, t = restore_and_wait(ddb, table_factory, arn, BillingModeOverride="PAY_PER_REQUEST")
    assert t["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert (t["ProvisionedThroughput"]["ReadCapacityUnits"], t["ProvisionedThroughput"]["WriteCapacityUnits"]) == (0, 0)
    gsi, = t["GlobalSecondaryIndexes"]
    assert (gsi["ProvisionedThroughput"]["ReadCapacityUnits"], gsi["ProvisionedThroughput"]["WriteCapacityUnits"]) \
        == (0, 0), gsi
    assert scan_all(ddb, name, ("pk", "sk"), ConsistentRead=True) == as_map(typed_items(), ("pk", "sk"))


def test_restore_keeps_provisioned_settings(ddb, table_factory, provisioned_index_table):
    src = provisioned_index_table
    arn = backup_now(ddb, src, "keepprov")["BackupDetails"]["BackupArn"]
    # Changed after the backup: the restore uses what the backup recorded.
    ddb.update_table(TableName=src, ProvisionedThroughput={"ReadCapacityUnits": 7, "WriteCapacityUnits": 8})
    name, t = restore_and_wait(ddb, table_factory, arn)
    assert t.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED") == "PROVISIONED", t
    assert (t["ProvisionedThroughput"]["ReadCapacityUnits"], t["ProvisionedThroughput"]["WriteCapacityUnits"]) == (4, 3)
    gsi, = t["GlobalSecondaryIndexes"]
    assert (gsi["ProvisionedThroughput"]["ReadCapacityUnits"], gsi["ProvisionedThroughput"]["WriteCapacityUnits"]) \
        == (2, 1), gsi


def test_restore_throughput_override_provisioned_table(ddb, table_factory, provisioned_index_table):
    src = provisioned_index_table
    arn = backup_now(ddb, src, "ptover")["BackupDetails"]["BackupArn"]
    name, t = restore_and_wait(ddb, table_factory, arn,
                               ProvisionedThroughputOverride={"ReadCapacityUnits": 9, "WriteCapacityUnits": 10})
    assert (t["ProvisionedThroughput"]["ReadCapacityUnits"], t["ProvisionedThroughput"]["WriteCapacityUnits"]) == (9, 10)
    gsi, = t["GlobalSecondaryIndexes"]   # the override applies to the base table only
    assert (gsi["ProvisionedThroughput"]["ReadCapacityUnits"], gsi["ProvisionedThroughput"]["WriteCapacityUnits"]) \
        == (2, 1), gsi


@pytest.mark.parametrize("kwargs, text", [
    (dict(ProvisionedThroughputOverride={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}),
     "Invalid Request: Cannot override ProvisionedThroughput unless BillingMode is PROVISIONED"),
    (dict(BillingModeOverride="PAY_PER_REQUEST",
          ProvisionedThroughputOverride={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}),
     "Invalid Request: Cannot override ProvisionedThroughput if BillingMode is overridden to PAY_PER_REQUEST"),
    (dict(BillingModeOverride="PROVISIONED"),
     "Invalid Request: Must override ProvisionedThroughput if BillingMode is overridden to PROVISIONED"),
], ids=["throughput_on_demand_source", "throughput_with_on_demand_override", "provisioned_without_throughput"])
def test_restore_throughput_override_rules(ddb, table, kwargs, text):
    arn = backup_now(ddb, table, "ptrules")["BackupDetails"]["BackupArn"]
    target = unique_name("never")
    expect_error(lambda: ddb.restore_table_from_backup(TargetTableName=target, BackupArn=arn, **kwargs),
                 "ValidationException", text)
    expect_error(lambda: ddb.describe_table(TableName=target), "ResourceNotFoundException")


def test_restore_index_overrides_drop_indexes(ddb, table_factory):
    src = index_table(table_factory)
    items = typed_items()
    put_all(ddb, src, items)
    arn = backup_now(ddb, src, "dropidx")["BackupDetails"]["BackupArn"]
    t_src = ddb.describe_table(TableName=src)["Table"]
    gsis, lsis = index_defs(t_src)

    name, t = restore_and_wait(ddb, table_factory, arn, GlobalSecondaryIndexOverride=[])
    assert index_defs(t) == ([], lsis)
    assert scan_all(ddb, name, ("pk", "sk"), ConsistentRead=True) == as_map(items, ("pk", "sk"))
    expect_error(lambda: ddb.query(TableName=name, IndexName="by_g", KeyConditionExpression="g = :g",
                                   ExpressionAttributeValues={":g": {"S": "x"}}), "ValidationException")

    name, t = restore_and_wait(ddb, table_factory, arn, LocalSecondaryIndexOverride=[])
    assert index_defs(t) == (gsis, [])

    name, t = restore_and_wait(ddb, table_factory, arn, GlobalSecondaryIndexOverride=gsis,
                               LocalSecondaryIndexOverride=lsis)
    assert index_defs(t) == (gsis, lsis)


def test_restore_unknown_index_override(ddb, table_factory):
    src = index_table(table_factory)
    arn = backup_now(ddb, src, "unkidx")["BackupDetails"]["BackupArn"]
    target = unique_name("never")
    override = [{"IndexName": "nosuch", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                 "Projection": {"ProjectionType": "ALL"}}]
    expect_error(lambda: ddb.restore_table_from_backup(TargetTableName=target, BackupArn=arn,
                                                       GlobalSecondaryIndexOverride=override),
                 "ValidationException",
                 "Invalid Request: Index nosuch does not match a secondary index that existed in the source table "
                 "and cannot be created during the restore operation")
    expect_error(lambda: ddb.describe_table(TableName=target), "ResourceNotFoundException")


def test_restore_does_not_carry_settings(ddb, raw, table_factory):
    """Stream, TTL, PITR, tags and deletion protection are not restored (section 9, AQ T-215)."""
    name = unique_name("carry")
    table_factory.track(name)
    req = dict(TableName=name, BillingMode="PAY_PER_REQUEST", DeletionProtectionEnabled=True,
               StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"},
               Tags=[{"Key": "team", "Value": "data"}], **hash_schema())
    raw_ok(raw, "CreateTable", req)
    try:
        wait_exists(ddb, name)
        ddb.update_time_to_live(TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"})
        ddb.update_continuous_backups(TableName=name,
                                      PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
        ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "exp": {"N": "4102444800"}})
        arn = backup_now(ddb, name, "carry")["BackupDetails"]["BackupArn"]
        target, t = restore_and_wait(ddb, table_factory, arn)
        assert "StreamSpecification" not in t and "LatestStreamArn" not in t, t
        assert "TableClassSummary" not in t or t["TableClassSummary"]["TableClass"] == "STANDARD", t
        raw_t = raw_ok(raw, "DescribeTable", {"TableName": target})["Table"]
        assert raw_t.get("DeletionProtectionEnabled", False) is False, raw_t
        assert ddb.describe_time_to_live(TableName=target)["TimeToLiveDescription"] == {
            "TimeToLiveStatus": "DISABLED"}
        pitr = ddb.describe_continuous_backups(TableName=target)["ContinuousBackupsDescription"]
        assert pitr["PointInTimeRecoveryDescription"] == {"PointInTimeRecoveryStatus": "DISABLED"}, pitr
        assert ddb.list_tags_of_resource(ResourceArn=t["TableArn"])["Tags"] == []
        assert scan_all(ddb, target, ConsistentRead=True) == as_map([{"pk": {"S": "a"}, "exp": {"N": "4102444800"}}])
        # Not protected: it can be deleted.
        ddb.delete_table(TableName=target)
    finally:
        raw("UpdateTable", {"TableName": name, "DeletionProtectionEnabled": False})


def test_backup_outlives_delete_table(ddb, table_factory):
    name, _ = table_factory("outlive")
    items = [{"pk": {"S": "k%d" % i}, "v": {"N": str(i)}} for i in range(5)]
    put_all(ddb, name, items)
    desc = backup_now(ddb, name, "survivor")
    arn = desc["BackupDetails"]["BackupArn"]
    ddb.delete_table(TableName=name)
    ddb.get_waiter("table_not_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
    after = ddb.describe_backup(BackupArn=arn)["BackupDescription"]
    assert after == desc
    assert arns(list_all(ddb, TableName=name)) == [arn]
    # Restore under the deleted table's own name.
    restored, resp = restore(ddb, table_factory, arn, target=name)
    assert resp["RestoreSummary"]["SourceBackupArn"] == arn
    wait_restored(ddb, restored)
    assert scan_all(ddb, restored, ConsistentRead=True) == as_map(items)


def wait_system_backup(ddb, name):
    deadline = time.monotonic() + SYSTEM_WAIT
    while True:
        got = list_all(ddb, TableName=name, BackupType="SYSTEM")
        if got or time.monotonic() > deadline:
            return got
        time.sleep(0.2)


def test_system_backup_of_table_deleted_with_pitr(ddb, table_factory):
    name, _ = table_factory("sysbk")
    plain, _ = table_factory("nosys")
    items = [{"pk": {"S": "k%d" % i}, "n": {"N": str(i)}, "ss": {"SS": ["a", "b%d" % i]}} for i in range(6)]
    put_all(ddb, name, items)
    put_all(ddb, plain, items)
    ddb.update_continuous_backups(TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    user_arn = create_backup(ddb, name, "userbk")["BackupArn"]
    ddb.delete_table(TableName=name)
    ddb.delete_table(TableName=plain)

    system = wait_system_backup(ddb, name)
    assert len(system) == 1, system
    s = system[0]
    assert s["BackupName"] == name + "$DeletedTableBackup"
    assert s["BackupType"] == "SYSTEM"
    assert s["BackupArn"].endswith("-00000000"), s
    assert ARN_ID_RE.match(s["BackupArn"]), s
    assert s["TableName"] == name
    expiry = s["BackupExpiryDateTime"]
    assert abs((expiry - s["BackupCreationDateTime"]).total_seconds() - 35 * 86400) < 1, s
    sys_arn = s["BackupArn"]

    # Listed only with BackupType SYSTEM or ALL.
    assert arns(list_all(ddb, TableName=name)) == [user_arn]
    assert arns(list_all(ddb, TableName=name, BackupType="USER")) == [user_arn]
    assert sorted(arns(list_all(ddb, TableName=name, BackupType="ALL"))) == sorted([user_arn, sys_arn])
    # No SYSTEM backup for the table deleted with PITR off.
    assert list_all(ddb, TableName=plain, BackupType="ALL") == []

    desc = wait_available(ddb, sys_arn)
    assert desc["BackupDetails"]["BackupType"] == "SYSTEM"
    assert desc["BackupDetails"]["BackupName"] == name + "$DeletedTableBackup"
    assert desc["SourceTableFeatureDetails"] == {}
    expect_error(lambda: ddb.delete_backup(BackupArn=sys_arn), "ValidationException",
                 message_startswith="Invalid Request: User is not allowed to delete the system backup with arn "
                                    + sys_arn)
    assert sys_arn in arns(list_all(ddb, TableName=name, BackupType="SYSTEM"))

    # It restores the table as it was when deleted.
    restored, t = restore_and_wait(ddb, table_factory, sys_arn)
    assert scan_all(ddb, restored, ConsistentRead=True) == as_map(items)


def test_backup_under_concurrent_transactions(ddb, table):
    """Each TransactWriteItems (a pair of puts and a counter) is in the backup whole or not at all,
    and, the writer being sequential, the backup holds a prefix of the transactions."""
    stop = threading.Event()
    done = [0]
    errors = []

    def writer():
        try:
            i = 0
            while not stop.is_set() and i < 100000:
                ddb.transact_write_items(TransactItems=[
                    {"Put": {"TableName": table, "Item": {"pk": {"S": "tx%06da" % i}, "i": {"N": str(i)}}}},
                    {"Put": {"TableName": table, "Item": {"pk": {"S": "tx%06db" % i}, "i": {"N": str(i)}}}},
                    {"Update": {"TableName": table, "Key": {"pk": {"S": "counter"}},
                                "UpdateExpression": "SET n = :n",
                                "ExpressionAttributeValues": {":n": {"N": str(i + 1)}}}},
                ])
                i += 1
                done[0] = i
        except Exception as e:  # reported by the main thread
            errors.append(e)

    th = threading.Thread(target=writer, daemon=True)
    th.start()
    try:
        deadline = time.monotonic() + 60
        while done[0] < 20 and th.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
        before = done[0]
        arn = create_backup(ddb, table, "concurrent")["BackupArn"]
        after = done[0] + 1  # a transaction may be committed but not yet counted
        deadline = time.monotonic() + 60
        while done[0] < after + 20 and th.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        stop.set()
        th.join(60)
    assert not errors, errors
    wait_available(ddb, arn)
    name = unique_name("conc")
    try:
        ddb.restore_table_from_backup(TargetTableName=name, BackupArn=arn)
        wait_restored(ddb, name)
        got = scan_all(ddb, name, ConsistentRead=True)
    finally:
        ddb.delete_table(TableName=name)
    pairs = {}
    counter = None
    for item in got.values():
        pk = item["pk"]["S"]
        if pk == "counter":
            counter = int(item["n"]["N"])
            continue
        pairs.setdefault(int(item["i"]["N"]), set()).add(pk[-1])
    k = len(pairs)
    assert sum(len(v) for v in pairs.values()) % 2 == 0
    assert all(v == {"a", "b"} for v in pairs.values()), pairs
    assert sorted(pairs) == list(range(k)), sorted(pairs)
    assert (counter or 0) == k, (counter, k)
    assert before <= k <= after, (before, k, after)
