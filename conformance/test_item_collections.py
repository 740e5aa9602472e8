"""LSI item collections: ReturnItemCollectionMetrics=SIZE on PutItem, UpdateItem, DeleteItem and
BatchWriteItem.

For a table with at least one LSI, AWS answers with
    ItemCollectionMetrics: {ItemCollectionKey: {<partition key>: <value>}, SizeEstimateRangeGB: [lo, hi]}
(BatchWriteItem: ItemCollectionMetrics: {<table>: [<that shape>, ...]}). ItemCollectionKey holds the
partition key only. SizeEstimateRangeGB is a two-element [lower, upper] estimate in GB; for a small
collection AWS answers [0.0, 1.0] (developer guide LSI.ItemCollections example; jacquev6/LowVoltage
integration test run against AWS). Tables without an LSI never get ItemCollectionMetrics, and neither
does any table when the parameter is NONE or absent. DynamoDB Local 1.25.1 never returns the
metrics (docs/dynamodb-local-oracle.md).

ItemCollectionSizeLimitExceededException (10 GB per partition-key value) is documented in
docs/index-messages.md §10; a test would need 10 GB of data.
"""

import pytest

from helpers import (delete_quietly, expect_error, hash_range_schema, rand_key, unique_name,
                     wait_active, wait_exists)

SRC_ORACLE = "docs/dynamodb-local-oracle.md row 'ItemCollectionMetrics' (Local: never)"
SRC_AWS = ("AWS API reference ItemCollectionMetrics / PutItem ReturnItemCollectionMetrics; developer "
           "guide LSI.html#LSI.ItemCollections (example [0.0, 1.0]); jacquev6/LowVoltage "
           "DeleteItemConnectedIntegTests (run against AWS: ItemCollectionKey = partition key, "
           "[0.0, 1.0]); nubo-db/dynamodb-conformance tier1 putItem/itemCollectionMetrics.test.ts")
LOCAL_NEVER = pytest.mark.local_differs("AWS returns ItemCollectionMetrics for LSI tables when asked; "
                                        + SRC_ORACLE + " -- " + SRC_AWS)


def lsi_schema():
    schema = hash_range_schema("pk", "S", "sk", "S")
    schema["AttributeDefinitions"].append({"AttributeName": "lsk", "AttributeType": "S"})
    schema["LocalSecondaryIndexes"] = [{
        "IndexName": "lsi1",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                      {"AttributeName": "lsk", "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "ALL"}}]
    return schema


@pytest.fixture(scope="module")
def lsi_table(ddb):
    name = unique_name("icm_lsi")
    try:
        ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST", **lsi_schema())
        wait_exists(ddb, name)
        yield name
    finally:
        delete_quietly(ddb, name)


@pytest.fixture(scope="module")
def gsi_only_table(ddb):
    name = unique_name("icm_gsi")
    schema = hash_range_schema("pk", "S", "sk", "S")
    schema["AttributeDefinitions"].append({"AttributeName": "g", "AttributeType": "S"})
    schema["GlobalSecondaryIndexes"] = [{
        "IndexName": "gsi1", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "ALL"}}]
    try:
        ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST", **schema)
        wait_active(ddb, name, timeout=1800)
        yield name
    finally:
        delete_quietly(ddb, name)


def new_item(pk=None, **extra):
    item = {"pk": {"S": pk or rand_key()}, "sk": {"S": "s1"}, "lsk": {"S": "l1"},
            "data": {"S": "x" * 100}}
    item.update(extra)
    return item


def key_of(item):
    return {"pk": item["pk"], "sk": item["sk"]}


def assert_metrics(metrics, pk_value):
    """The documented shape; a small collection is estimated as [0.0, 1.0]."""
    assert set(metrics) == {"ItemCollectionKey", "SizeEstimateRangeGB"}, metrics
    assert metrics["ItemCollectionKey"] == {"pk": pk_value}, metrics
    lo, hi = metrics["SizeEstimateRangeGB"]
    assert isinstance(lo, float) and isinstance(hi, float), metrics
    assert 0.0 <= lo <= hi, metrics
    assert [lo, hi] == [0.0, 1.0], metrics


# ---------------------------------------------------------------------------
# LSI table: metrics returned
# ---------------------------------------------------------------------------

@LOCAL_NEVER
def test_put_item_returns_metrics(ddb, lsi_table):
    item = new_item()
    resp = ddb.put_item(TableName=lsi_table, Item=item, ReturnItemCollectionMetrics="SIZE")
    assert_metrics(resp["ItemCollectionMetrics"], item["pk"])


@LOCAL_NEVER
def test_put_item_replacing_returns_metrics(ddb, lsi_table):
    item = new_item()
    ddb.put_item(TableName=lsi_table, Item=item)
    resp = ddb.put_item(TableName=lsi_table, Item=dict(item, data={"S": "y"}),
                        ReturnItemCollectionMetrics="SIZE", ReturnValues="ALL_OLD")
    assert resp["Attributes"] == item
    assert_metrics(resp["ItemCollectionMetrics"], item["pk"])


@LOCAL_NEVER
def test_update_item_returns_metrics(ddb, lsi_table):
    item = new_item()
    ddb.put_item(TableName=lsi_table, Item=item)
    resp = ddb.update_item(TableName=lsi_table, Key=key_of(item), UpdateExpression="SET v = :v",
                           ExpressionAttributeValues={":v": {"N": "1"}},
                           ReturnItemCollectionMetrics="SIZE", ReturnValues="UPDATED_NEW")
    assert resp["Attributes"] == {"v": {"N": "1"}}
    assert_metrics(resp["ItemCollectionMetrics"], item["pk"])


@LOCAL_NEVER
def test_update_item_upsert_returns_metrics(ddb, lsi_table):
    pk = {"S": rand_key()}
    resp = ddb.update_item(TableName=lsi_table, Key={"pk": pk, "sk": {"S": "new"}},
                           UpdateExpression="SET lsk = :l",
                           ExpressionAttributeValues={":l": {"S": "x"}},
                           ReturnItemCollectionMetrics="SIZE")
    assert_metrics(resp["ItemCollectionMetrics"], pk)


@LOCAL_NEVER
def test_delete_item_returns_metrics(ddb, lsi_table):
    item = new_item()
    ddb.put_item(TableName=lsi_table, Item=item)
    resp = ddb.delete_item(TableName=lsi_table, Key=key_of(item),
                           ReturnItemCollectionMetrics="SIZE")
    assert_metrics(resp["ItemCollectionMetrics"], item["pk"])


@LOCAL_NEVER
def test_item_collection_key_is_partition_key_only(ddb, lsi_table):
    """The item collection is identified by the partition key; the sort key is not included."""
    item = new_item()
    item["sk"] = {"S": rand_key()}
    resp = ddb.put_item(TableName=lsi_table, Item=item, ReturnItemCollectionMetrics="SIZE")
    assert resp["ItemCollectionMetrics"]["ItemCollectionKey"] == {"pk": item["pk"]}


@LOCAL_NEVER
def test_batch_write_returns_metrics_per_table(ddb, lsi_table):
    items = [new_item() for _ in range(3)]
    old = new_item()
    ddb.put_item(TableName=lsi_table, Item=old)
    requests = [{"PutRequest": {"Item": it}} for it in items]
    requests.append({"DeleteRequest": {"Key": key_of(old)}})
    resp = ddb.batch_write_item(RequestItems={lsi_table: requests},
                                ReturnItemCollectionMetrics="SIZE")
    assert resp["UnprocessedItems"] == {}
    per_table = resp["ItemCollectionMetrics"]
    assert list(per_table) == [lsi_table], resp
    metrics = per_table[lsi_table]
    assert isinstance(metrics, list)
    for m in metrics:
        assert set(m) == {"ItemCollectionKey", "SizeEstimateRangeGB"}, m
        assert len(m["SizeEstimateRangeGB"]) == 2, m
    # one entry per affected item collection (the four requests use four partition keys)
    assert sorted(m["ItemCollectionKey"]["pk"]["S"] for m in metrics) == \
        sorted(it["pk"]["S"] for it in items + [old])


@LOCAL_NEVER
def test_transact_write_returns_metrics_per_table(ddb, lsi_table):
    """-- API reference TransactWriteItems, response ItemCollectionMetrics ('for each table,
    information about any item collections that were affected by individual UpdateItem, PutItem,
    or DeleteItem operations'). A ConditionCheck changes no collection."""
    put, updated, deleted, checked = new_item(), new_item(), new_item(), new_item()
    for it in (updated, deleted, checked):
        ddb.put_item(TableName=lsi_table, Item=it)
    resp = ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": lsi_table, "Item": put}},
        {"Update": {"TableName": lsi_table, "Key": key_of(updated), "UpdateExpression": "SET x = :x",
                    "ExpressionAttributeValues": {":x": {"S": "x"}}}},
        {"Delete": {"TableName": lsi_table, "Key": key_of(deleted)}},
        {"ConditionCheck": {"TableName": lsi_table, "Key": key_of(checked),
                            "ConditionExpression": "attribute_exists(pk)"}},
    ], ReturnItemCollectionMetrics="SIZE")
    metrics = resp["ItemCollectionMetrics"][lsi_table]
    for m in metrics:
        assert set(m) == {"ItemCollectionKey", "SizeEstimateRangeGB"}, m
        assert m["SizeEstimateRangeGB"] == [0.0, 1.0], m
    assert sorted(m["ItemCollectionKey"]["pk"]["S"] for m in metrics) == \
        sorted(it["pk"]["S"] for it in (put, updated, deleted))


# ---------------------------------------------------------------------------
# No metrics: NONE / absent / no LSI
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["NONE", None], ids=["NONE", "absent"])
def test_lsi_table_without_size_has_no_metrics(ddb, lsi_table, value):
    kw = {"ReturnItemCollectionMetrics": value} if value else {}
    item = new_item()
    assert "ItemCollectionMetrics" not in ddb.put_item(TableName=lsi_table, Item=item, **kw)
    assert "ItemCollectionMetrics" not in ddb.update_item(
        TableName=lsi_table, Key=key_of(item), UpdateExpression="SET v = :v",
        ExpressionAttributeValues={":v": {"N": "2"}}, **kw)
    assert "ItemCollectionMetrics" not in ddb.delete_item(TableName=lsi_table, Key=key_of(item),
                                                          **kw)
    resp = ddb.batch_write_item(RequestItems={lsi_table: [{"PutRequest": {"Item": new_item()}}]},
                                **kw)
    assert lsi_table not in resp.get("ItemCollectionMetrics", {})


@pytest.mark.parametrize("fixture", ["range_table", "gsi_only_table"])
def test_table_without_lsi_has_no_metrics(ddb, request, fixture):
    table = request.getfixturevalue(fixture)
    item = {"pk": {"S": rand_key()}, "sk": {"S": "s"}, "g": {"S": "g"}}
    assert "ItemCollectionMetrics" not in ddb.put_item(TableName=table, Item=item,
                                                       ReturnItemCollectionMetrics="SIZE")
    assert "ItemCollectionMetrics" not in ddb.update_item(
        TableName=table, Key={"pk": item["pk"], "sk": item["sk"]}, UpdateExpression="SET v = :v",
        ExpressionAttributeValues={":v": {"N": "2"}}, ReturnItemCollectionMetrics="SIZE")
    assert "ItemCollectionMetrics" not in ddb.delete_item(
        TableName=table, Key={"pk": item["pk"], "sk": item["sk"]},
        ReturnItemCollectionMetrics="SIZE")
    resp = ddb.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": item}}]},
                                ReturnItemCollectionMetrics="SIZE")
    assert table not in resp.get("ItemCollectionMetrics", {})


def test_failed_condition_has_no_metrics(ddb, lsi_table):
    item = new_item()
    ddb.put_item(TableName=lsi_table, Item=item)
    resp = expect_error(lambda: ddb.put_item(TableName=lsi_table, Item=item,
                                             ConditionExpression="attribute_not_exists(pk)",
                                             ReturnItemCollectionMetrics="SIZE"),
                        "ConditionalCheckFailedException")
    assert "ItemCollectionMetrics" not in resp


@pytest.mark.local_differs("Local accepts any ReturnItemCollectionMetrics value -- Coral enum "
                           "message per mhart/dynalite test/putItem.js and nubo-db tier3 captures "
                           "(docs/validation-messages.md §4 enum lists, P2)")
def test_invalid_value_message(ddb, lsi_table):
    expect_error(lambda: ddb.put_item(TableName=lsi_table, Item=new_item(),
                                      ReturnItemCollectionMetrics="BOGUS"),
                 "ValidationException",
                 "1 validation error detected: Value 'BOGUS' at 'returnItemCollectionMetrics' "
                 "failed to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]")
