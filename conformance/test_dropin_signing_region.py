"""Clients that sign with an unusual region, and what a region separates.

NoSQL Workbench, pointed at a local DynamoDB, signs its requests with the region `localhost`. A
drop-in server must serve such a client like any other: create a table, write and read items,
list the table (also from a new connection), and name the signing region in the table's ARN.
`localhost` is no AWS region, so these tests are skipped with --target aws.

Real DynamoDB keeps an account's tables per region: a table created through one region is not
visible through another, and the same name can be used again there. ddbemu's default namespaces
(account and signing region) do the same. The suite's DynamoDB Local runs with -sharedDb, one
database for every region and access key, so the isolation test is marked local_differs. Without
-sharedDb, DynamoDB Local 1.25.1 (also with -inMemory) keeps one database per access key id and
region; its ARNs always read arn:aws:dynamodb:ddblocal:000000000000:..., in either mode."""

import re

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from helpers import (DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, delete_quietly, expect_error, hash_schema,
                     unique_name, wait_exists)

WORKBENCH_REGION = "localhost"

SRC_ARN = ("docs/dynamodb-local-oracle.md, table row 'TableArn region' (AWS: the request's region; "
           "Local: 'ddblocal', account 000000000000)")
SRC_SHARED_DB = ("regions: AWS keeps an account's tables per region (a table ARN names one region; "
                 "API reference, ARN format); the suite starts DynamoDB Local with -sharedDb, which "
                 "keeps a single database for all credentials and regions (AWS developer guide, "
                 "'DynamoDB local usage notes', -sharedDb; observed with DynamoDB Local 1.25.1, "
                 "which without -sharedDb keeps one database per access key id and region)")


def _client(target, endpoint_url, region_name):
    config = Config(retries={"max_attempts": 1, "total_max_attempts": 1},
                    connect_timeout=10, read_timeout=60)
    if target == "aws":
        return boto3.client("dynamodb", region_name=region_name, config=config)
    return boto3.client("dynamodb", endpoint_url=endpoint_url, region_name=region_name,
                        aws_access_key_id=DUMMY_ACCESS_KEY, aws_secret_access_key=DUMMY_SECRET_KEY,
                        config=config)


def _all_table_names(client):
    names = []
    for page in client.get_paginator("list_tables").paginate(PaginationConfig={"PageSize": 100}):
        names.extend(page["TableNames"])
    return names


@pytest.fixture
def workbench(target, endpoint_url):
    """A client signing with region `localhost`, and a list of table names it deletes after."""
    if target == "aws":
        pytest.skip("'localhost' is not an AWS region")
    client = _client(target, endpoint_url, WORKBENCH_REGION)
    created = []
    yield client, created
    for name in created:
        delete_quietly(client, name)


def _create(client, created, tag, **extra):
    name = unique_name(tag)
    created.append(name)
    resp = client.create_table(TableName=name, BillingMode="PAY_PER_REQUEST", **hash_schema(), **extra)
    wait_exists(client, name)
    return name, resp


# ---------------------------------------------------------------------------
# Region `localhost`
# ---------------------------------------------------------------------------

def test_localhost_region_serves_tables_and_items(workbench, target, endpoint_url):
    client, created = workbench
    assert client.meta.region_name == WORKBENCH_REGION
    name, resp = _create(client, created, "wb")
    assert resp["TableDescription"]["TableName"] == name
    assert client.describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE"

    item = {"pk": {"S": "workbench#1"}, "n": {"N": "42"}, "m": {"M": {"l": {"L": [{"S": "x"}]}}},
            "ss": {"SS": ["a", "b"]}}
    client.put_item(TableName=name, Item=item)
    got = client.get_item(TableName=name, Key={"pk": item["pk"]}, ConsistentRead=True)
    assert got["Item"] == item, got
    client.update_item(TableName=name, Key={"pk": item["pk"]}, UpdateExpression="SET n = n + :one",
                       ExpressionAttributeValues={":one": {"N": "1"}})

    # a second client signing the same way (a new connection, as Workbench opens) sees it all
    again = _client(target, endpoint_url, WORKBENCH_REGION)
    assert name in _all_table_names(again)
    got = again.get_item(TableName=name, Key={"pk": item["pk"]}, ConsistentRead=True)
    assert got["Item"]["n"] == {"N": "43"}, got
    scanned = again.scan(TableName=name, ConsistentRead=True)
    assert scanned["Count"] == 1 and scanned["Items"][0]["pk"] == item["pk"], scanned
    queried = again.query(TableName=name, KeyConditionExpression="pk = :p",
                          ExpressionAttributeValues={":p": item["pk"]})
    assert queried["Count"] == 1, queried

    again.delete_item(TableName=name, Key={"pk": item["pk"]})
    assert "Item" not in client.get_item(TableName=name, Key={"pk": item["pk"]}, ConsistentRead=True)
    client.delete_table(TableName=name)
    again.get_waiter("table_not_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
    assert name not in _all_table_names(again)


def test_localhost_region_stream_arn_extends_table_arn(workbench):
    client, created = workbench
    name, resp = _create(client, created, "wbstream",
                         StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    table = client.describe_table(TableName=name)["Table"]
    assert table["TableArn"] == resp["TableDescription"]["TableArn"], (table, resp)
    assert table["TableArn"].endswith(":table/" + name), table
    assert table["LatestStreamArn"].startswith(table["TableArn"] + "/stream/"), table


@pytest.mark.local_differs(SRC_ARN)
def test_localhost_region_table_arn_names_localhost(workbench, ddb, table_factory):
    client, created = workbench
    name, resp = _create(client, created, "wbarn")
    arn = resp["TableDescription"]["TableArn"]
    m = re.fullmatch(r"arn:aws:dynamodb:localhost:(\d{12}):table/%s" % re.escape(name), arn)
    assert m, arn
    assert client.describe_table(TableName=name)["Table"]["TableArn"] == arn
    # the same credentials name the same account through every region
    _, other = table_factory("wbarn_home", wait=False)
    other_arn = other["TableDescription"]["TableArn"]
    assert other_arn.split(":")[3] == ddb.meta.region_name, other_arn
    assert other_arn.split(":")[4] == m.group(1), (arn, other_arn)


# ---------------------------------------------------------------------------
# Regions are separate
# ---------------------------------------------------------------------------

@pytest.fixture(params=["other-aws-region", WORKBENCH_REGION])
def other_region(request, target, ddb):
    """A region other than the suite's own: another real region, or `localhost` (not on AWS)."""
    if request.param == WORKBENCH_REGION:
        if target == "aws":
            pytest.skip("'localhost' is not an AWS region")
        return WORKBENCH_REGION
    return "us-west-2" if ddb.meta.region_name != "us-west-2" else "us-east-2"


@pytest.mark.local_differs(SRC_SHARED_DB)
def test_table_in_one_region_is_invisible_in_another(ddb, table_factory, target, endpoint_url,
                                                       other_region):
    name, _ = table_factory("home")
    home_key = {"pk": {"S": "home"}}
    ddb.put_item(TableName=name, Item=dict(home_key, where={"S": ddb.meta.region_name}))

    away = _client(target, endpoint_url, other_region)
    assert away.meta.region_name == other_region != ddb.meta.region_name
    assert name not in _all_table_names(away)
    expect_error(lambda: away.describe_table(TableName=name), "ResourceNotFoundException")
    expect_error(lambda: away.get_item(TableName=name, Key=home_key), "ResourceNotFoundException")
    expect_error(lambda: away.put_item(TableName=name, Item={"pk": {"S": "away"}}),
                 "ResourceNotFoundException")

    # the name is free there: a table of that name in the other region is a table of its own
    try:
        away.create_table(TableName=name, BillingMode="PAY_PER_REQUEST", **hash_schema("id", "N"))
        wait_exists(away, name)
        away_table = away.describe_table(TableName=name)["Table"]
        assert away_table["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}], away_table
        away.put_item(TableName=name, Item={"id": {"N": "1"}, "where": {"S": other_region}})
        assert away.scan(TableName=name, ConsistentRead=True)["Items"] == [
            {"id": {"N": "1"}, "where": {"S": other_region}}]
        home_items = ddb.scan(TableName=name, ConsistentRead=True)["Items"]
        assert home_items == [dict(home_key, where={"S": ddb.meta.region_name})], home_items
        home_table = ddb.describe_table(TableName=name)["Table"]
        assert home_table["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}], home_table
        assert home_table["TableArn"] != away_table["TableArn"], (home_table, away_table)
        away.delete_table(TableName=name)
    finally:
        try:
            delete_quietly(away, name)
        except ClientError:
            pass
    # deleting it there leaves the table here alone
    assert ddb.describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE"
    assert ddb.get_item(TableName=name, Key=home_key, ConsistentRead=True)["Item"]["where"] == {
        "S": ddb.meta.region_name}
