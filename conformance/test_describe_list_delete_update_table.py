"""DescribeTable, ListTables, DeleteTable, UpdateTable, DescribeLimits, DescribeEndpoints."""

import datetime

import pytest

from helpers import (expect_error, hash_range_schema, rand_key, unique_name, wait_active,
                     wait_exists)

SRC_ORACLE = "docs/dynamodb-local-oracle.md, table row"
SRC_DYNOXIDE_NF = ("nubo-db/dynoxide src/actions/describe_table.rs and delete_table.rs "
                   "(messages captured from AWS); same text in real-AWS error captures quoted "
                   "by async-aws (aws-sdk-php) tests")
LOCAL_NF = "Local: 'Cannot do operations on a non-existent table'"


# ---------------------------------------------------------------------------
# DescribeTable
# ---------------------------------------------------------------------------

def test_describe_table_full_description(ddb, table_factory, raw):
    schema = hash_range_schema("pk", "S", "sk", "N")
    name, _ = table_factory("desc", schema=schema,
                            ProvisionedThroughput={"ReadCapacityUnits": 5,
                                                   "WriteCapacityUnits": 7})
    t = ddb.describe_table(TableName=name)["Table"]
    assert t["TableName"] == name
    assert t["TableStatus"] == "ACTIVE"
    assert t["KeySchema"] == schema["KeySchema"]
    assert sorted(t["AttributeDefinitions"], key=lambda a: a["AttributeName"]) == \
        sorted(schema["AttributeDefinitions"], key=lambda a: a["AttributeName"])
    assert t["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert t["ProvisionedThroughput"]["WriteCapacityUnits"] == 7
    assert t["ProvisionedThroughput"]["NumberOfDecreasesToday"] == 0
    assert t["ItemCount"] == 0
    assert t["TableSizeBytes"] == 0
    assert t["TableArn"].startswith("arn:aws:dynamodb:")
    assert t["TableArn"].endswith(":table/" + name)
    created = t["CreationDateTime"]
    assert isinstance(created, datetime.datetime)
    assert created.year >= 2024
    assert "LocalSecondaryIndexes" not in t and "GlobalSecondaryIndexes" not in t
    assert "StreamSpecification" not in t or t["StreamSpecification"]["StreamEnabled"] is False
    # Fields newer than boto3 1.26's model: read the raw JSON.
    doc = raw("DescribeTable", {"TableName": name}).json()["Table"]
    assert doc["DeletionProtectionEnabled"] is False
    assert isinstance(doc["CreationDateTime"], (int, float))


def test_describe_pay_per_request_table(ddb, table_factory):
    name, _ = table_factory("descppr")
    t = ddb.describe_table(TableName=name)["Table"]
    assert t["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert t["ProvisionedThroughput"]["ReadCapacityUnits"] == 0
    assert t["ProvisionedThroughput"]["WriteCapacityUnits"] == 0
    assert t["ProvisionedThroughput"]["NumberOfDecreasesToday"] == 0


def test_describe_missing_table_code(ddb):
    expect_error(lambda: ddb.describe_table(TableName=unique_name("missing")),
                 "ResourceNotFoundException")


@pytest.mark.local_differs(SRC_ORACLE + " 'missing table' (" + LOCAL_NF + "); AWS's "
                           "DescribeTable text per " + SRC_DYNOXIDE_NF)
def test_describe_missing_table_message(ddb):
    name = unique_name("missing")
    expect_error(lambda: ddb.describe_table(TableName=name), "ResourceNotFoundException",
                 "Requested resource not found: Table: %s not found" % name)


@pytest.mark.local_differs(SRC_ORACLE + " 'DescribeTable TableId' (AWS: present; Local: absent)")
def test_describe_table_has_table_id(ddb, table):
    t = ddb.describe_table(TableName=table)["Table"]
    assert len(t["TableId"]) == 36


# ---------------------------------------------------------------------------
# ListTables
# ---------------------------------------------------------------------------

@pytest.fixture
def three_tables(ddb, table_factory):
    """Three adjacent table names (a random prefix keeps others out) plus a fourth after
    them, so a page that ends on one of the three always has more to come."""
    prefix = unique_name("lt")
    names = [prefix + "_a", prefix + "_b", prefix + "_c"]
    for n in names + [prefix + "_d"]:
        table_factory(TableName=n, wait=False)
    for n in names + [prefix + "_d"]:
        wait_exists(ddb, n)
    return prefix, names


def test_list_tables_contains_created_tables(ddb, three_tables):
    _, names = three_tables
    seen, start = [], None
    while True:
        kwargs = {"ExclusiveStartTableName": start} if start else {}
        page = ddb.list_tables(**kwargs)
        seen.extend(page["TableNames"])
        start = page.get("LastEvaluatedTableName")
        if not start:
            break
    assert set(names) <= set(seen)
    assert seen == sorted(seen), "ListTables must return names in ascending order"
    assert len(seen) == len(set(seen))


def test_list_tables_pagination_with_limit(ddb, three_tables):
    prefix, names = three_tables
    # prefix + "_" sorts just before our three tables, which are adjacent in name order
    # (no other table can share the random prefix).
    page1 = ddb.list_tables(ExclusiveStartTableName=prefix + "_", Limit=2)
    assert page1["TableNames"] == names[:2]
    assert page1["LastEvaluatedTableName"] == names[1]
    page2 = ddb.list_tables(ExclusiveStartTableName=page1["LastEvaluatedTableName"], Limit=1)
    assert page2["TableNames"] == names[2:]
    assert page2["LastEvaluatedTableName"] == names[2]


def test_list_tables_exclusive_start_is_exclusive(ddb, three_tables):
    _, names = three_tables
    page = ddb.list_tables(ExclusiveStartTableName=names[0], Limit=2)
    assert page["TableNames"] == names[1:]
    assert all(n > names[0] for n in page["TableNames"])


def test_list_tables_limit_one_walks_every_table(ddb, three_tables):
    prefix, names = three_tables
    got, start = [], prefix + "_"
    for _ in range(3):
        page = ddb.list_tables(ExclusiveStartTableName=start, Limit=1)
        assert len(page["TableNames"]) == 1
        got.append(page["TableNames"][0])
        start = page["LastEvaluatedTableName"]
        assert start == page["TableNames"][0]
    assert got == names


def test_list_tables_start_after_everything(ddb):
    page = ddb.list_tables(ExclusiveStartTableName="z" * 255)
    assert page["TableNames"] == []
    assert "LastEvaluatedTableName" not in page


@pytest.mark.local_differs("Local: 'Limit in ListTables must be <= 100'; AWS text per "
                           "mhart/dynalite index.js (quoted AWS response for limit 2147483647) and "
                           "scylladb test_table.py::test_list_tables_wrong_limit (code)")
def test_list_tables_limit_above_100(ddb):
    expect_error(lambda: ddb.list_tables(Limit=101), "ValidationException",
                 "1 validation error detected: Value '101' at 'limit' failed to satisfy "
                 "constraint: Member must have value less than or equal to 100")


@pytest.mark.parametrize("limit", [0, 101])
def test_list_tables_limit_out_of_range_is_validation_exception(ddb, limit):
    expect_error(lambda: ddb.list_tables(Limit=limit), "ValidationException")


# ---------------------------------------------------------------------------
# DeleteTable
# ---------------------------------------------------------------------------

def test_delete_table(ddb, table_factory):
    name, _ = table_factory("del")
    desc = ddb.delete_table(TableName=name)["TableDescription"]
    assert desc["TableName"] == name
    assert desc["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}]
    ddb.get_waiter("table_not_exists").wait(TableName=name,
                                            WaiterConfig={"Delay": 1, "MaxAttempts": 300})
    expect_error(lambda: ddb.describe_table(TableName=name), "ResourceNotFoundException")
    assert name not in ddb.list_tables(ExclusiveStartTableName=name[:-1], Limit=5)["TableNames"]


@pytest.mark.local_differs(SRC_ORACLE + " 'DeleteTable response' (AWS: DELETING; Local: ACTIVE)")
def test_delete_table_reports_deleting(ddb, table_factory):
    name, _ = table_factory("deleting")
    assert ddb.delete_table(TableName=name)["TableDescription"]["TableStatus"] == "DELETING"


def test_delete_missing_table_code(ddb):
    expect_error(lambda: ddb.delete_table(TableName=unique_name("missing")),
                 "ResourceNotFoundException")


@pytest.mark.local_differs(SRC_ORACLE + " 'missing table' (" + LOCAL_NF + "); AWS's "
                           "DeleteTable text per " + SRC_DYNOXIDE_NF)
def test_delete_missing_table_message(ddb):
    name = unique_name("missing")
    expect_error(lambda: ddb.delete_table(TableName=name), "ResourceNotFoundException",
                 "Requested resource not found: Table: %s not found" % name)


def test_items_gone_after_delete_and_recreate(ddb, table_factory):
    name, _ = table_factory("recreate")
    ddb.put_item(TableName=name, Item={"pk": {"S": "x"}, "v": {"N": "1"}})
    ddb.delete_table(TableName=name)
    ddb.get_waiter("table_not_exists").wait(TableName=name,
                                            WaiterConfig={"Delay": 1, "MaxAttempts": 300})
    table_factory(TableName=name)
    assert "Item" not in ddb.get_item(TableName=name, Key={"pk": {"S": "x"}},
                                      ConsistentRead=True)


# ---------------------------------------------------------------------------
# UpdateTable
# ---------------------------------------------------------------------------

def test_update_billing_mode_to_pay_per_request(ddb, table_factory):
    name, _ = table_factory("upd_ppr", ProvisionedThroughput={"ReadCapacityUnits": 1,
                                                              "WriteCapacityUnits": 1})
    desc = ddb.update_table(TableName=name, BillingMode="PAY_PER_REQUEST")["TableDescription"]
    assert desc["TableName"] == name
    assert desc["TableStatus"] in ("UPDATING", "ACTIVE")
    t = wait_active(ddb, name)
    assert t["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert t["ProvisionedThroughput"]["ReadCapacityUnits"] == 0
    assert t["ProvisionedThroughput"]["WriteCapacityUnits"] == 0


def test_update_billing_mode_to_provisioned(ddb, table_factory):
    name, _ = table_factory("upd_prov")
    ddb.update_table(TableName=name, BillingMode="PROVISIONED",
                     ProvisionedThroughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 4})
    t = wait_active(ddb, name)
    assert t["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert t["ProvisionedThroughput"]["ReadCapacityUnits"] == 3
    assert t["ProvisionedThroughput"]["WriteCapacityUnits"] == 4


def test_update_provisioned_throughput(ddb, table_factory):
    name, _ = table_factory("upd_pt", ProvisionedThroughput={"ReadCapacityUnits": 1,
                                                             "WriteCapacityUnits": 1})
    desc = ddb.update_table(TableName=name, ProvisionedThroughput={
        "ReadCapacityUnits": 2, "WriteCapacityUnits": 3})["TableDescription"]
    assert desc["TableName"] == name
    assert desc["TableStatus"] in ("UPDATING", "ACTIVE")
    t = wait_active(ddb, name)
    assert t["ProvisionedThroughput"]["ReadCapacityUnits"] == 2
    assert t["ProvisionedThroughput"]["WriteCapacityUnits"] == 3
    assert t["ProvisionedThroughput"]["NumberOfDecreasesToday"] == 0


def test_update_keeps_items(ddb, table_factory):
    name, _ = table_factory("upd_items", ProvisionedThroughput={"ReadCapacityUnits": 1,
                                                                "WriteCapacityUnits": 1})
    item = {"pk": {"S": rand_key()}, "v": {"N": "42"}}
    ddb.put_item(TableName=name, Item=item)
    ddb.update_table(TableName=name, BillingMode="PAY_PER_REQUEST")
    wait_active(ddb, name)
    assert ddb.get_item(TableName=name, Key={"pk": item["pk"]}, ConsistentRead=True)["Item"] == item


def test_update_missing_table(ddb):
    expect_error(lambda: ddb.update_table(TableName=unique_name("missing"),
                                          BillingMode="PAY_PER_REQUEST"),
                 "ResourceNotFoundException")


def test_update_throughput_below_one(ddb, table_factory):
    name, _ = table_factory("upd_zero", ProvisionedThroughput={"ReadCapacityUnits": 1,
                                                               "WriteCapacityUnits": 1})
    expect_error(lambda: ddb.update_table(TableName=name, ProvisionedThroughput={
        "ReadCapacityUnits": 0, "WriteCapacityUnits": 1}), "ValidationException")


# ---------------------------------------------------------------------------
# DescribeLimits, DescribeEndpoints
# ---------------------------------------------------------------------------

def test_describe_limits(ddb):
    limits = ddb.describe_limits()
    keys = ["AccountMaxReadCapacityUnits", "AccountMaxWriteCapacityUnits",
            "TableMaxReadCapacityUnits", "TableMaxWriteCapacityUnits"]
    for k in keys:
        assert isinstance(limits[k], int) and limits[k] >= 1, limits
    assert limits["TableMaxReadCapacityUnits"] <= limits["AccountMaxReadCapacityUnits"]
    assert limits["TableMaxWriteCapacityUnits"] <= limits["AccountMaxWriteCapacityUnits"]


@pytest.mark.local_differs(SRC_ORACLE + " 'DescribeEndpoints' (Local: UnknownOperationException)")
def test_describe_endpoints(ddb):
    endpoints = ddb.describe_endpoints()["Endpoints"]
    assert endpoints
    for e in endpoints:
        assert isinstance(e["Address"], str) and e["Address"]
        assert e["CachePeriodInMinutes"] == 1440


@pytest.mark.local_differs("DynamoDB Local 1.25.1 reports no WarmThroughput "
                           "(docs/validation-messages.md §12); AWS: DescribeTable includes it, 12,000 read "
                           "and 4,000 write units for a new on-demand table per the developer guide "
                           "(on-demand capacity mode, 'pre-warming') and API_TableWarmThroughputDescription")
def test_describe_reports_warm_throughput(raw, table_factory):
    name, _ = table_factory("warm")
    resp = raw("DescribeTable", {"TableName": name})
    assert resp.status == 200
    warm = resp.json()["Table"]["WarmThroughput"]
    assert warm == {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"}
