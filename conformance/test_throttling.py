"""Throttling under `enforce`, on a frozen clock advanced by the test (ddbemu's admin endpoint,
docs/throttling.md). The rules are DynamoDB's (docs/dynamodb-model.md §2-§5):

* a provisioned table banks 300 s of unused capacity (burst) and then admits its provisioned rate;
* every partition serves at most 1,000 write units per second, so one partition key written at
  1,500 per second throttles (TableWriteKeyRangeThroughputExceeded) while the same load spread
  over shard suffixes in other partitions does not;
* a GSI out of write capacity throttles the base table's write, naming the index;
* BatchWriteItem returns throttled writes in UnprocessedItems.

These tests need ddbemu's admin clock: DynamoDB Local never throttles
(docs/dynamodb-local-oracle.md), and real DynamoDB's clock cannot be frozen, so they are skipped
on any other target. Each table opts in with the tag ddbemu:throttling=enforce; the rest of the suite
runs in the default mode (observe), which never rejects.
"""
import urllib.error
import urllib.request

import pytest
from botocore.exceptions import ClientError

from helpers import Admin, hash_schema, unique_name

TABLE_MESSAGE = ("The level of configured provisioned throughput for the table was exceeded. "
                 "Consider increasing your provisioning level with the UpdateTable API.")
INDEX_MESSAGE = ("The level of configured provisioned throughput for one or more global secondary "
                 "indexes of the table was exceeded. Consider increasing your provisioning level for "
                 "the under-provisioned global secondary indexes with the UpdateTable API.")
ON_DEMAND_MESSAGE = ("Throughput exceeds the current capacity of your table or index. DynamoDB is "
                     "automatically scaling your table or index so please try again shortly. If "
                     "exceptions persist, check if you have a hot key: "
                     "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
                     "bp-partition-key-design.html")
ENFORCE = [{"Key": "ddbemu:throttling", "Value": "enforce"}]


@pytest.fixture
def admin(target, endpoint_url):
    if target != "emulator":
        pytest.skip("needs ddbemu's admin clock (DynamoDB Local never throttles; AWS's clock cannot "
                    "be frozen)")
    a = Admin(endpoint_url)
    assert a.call("clock", {"freeze": True})["frozen"] is True
    yield a
    assert a.call("clock", {"freeze": False})["frozen"] is False


THROTTLING_CODES = ("ProvisionedThroughputExceededException", "ThrottlingException")


def _batch_put(ddb, table, items):
    """One BatchWriteItem; returns how many writes came back unprocessed. When none can be
    written the whole call fails with the throttling error (API reference, BatchWriteItem)."""
    try:
        resp = ddb.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": it}} for it in items]})
    except ClientError as e:
        assert e.response["Error"]["Code"] in THROTTLING_CODES, e.response
        return len(items)
    left = resp["UnprocessedItems"].get(table, [])
    for entry in left:  # they come back exactly as sent
        assert entry["PutRequest"]["Item"] in items
    return len(left)


def _throttled_put(raw, table, item):
    """A PutItem sent as raw HTTP (boto3 1.26's model predates ThrottlingReasons, so botocore
    would drop the member); returns the error body."""
    resp = raw("PutItem", {"TableName": table, "Item": item})
    assert resp.status == 400, resp
    return resp.json()


def _partitions(admin, table):
    for r in admin.call("capacity")["resources"]:
        if r["table"] == table and "index" not in r:
            return r
    raise AssertionError("no capacity figures for %s" % table)


def test_provisioned_table_spends_burst_credit_then_throttles_at_its_rate(ddb, raw, table_factory, admin):
    name, _ = table_factory("burst", ProvisionedThroughput={"ReadCapacityUnits": 10,
                                                          "WriteCapacityUnits": 10}, Tags=ENFORCE)
    # 500 small writes per second: the 3,000 units of burst credit (300 s x 10 WCU) drain by 490
    # per second; the partition's 1,000 per second is never reached.
    written = unprocessed = 0
    n = 0
    while unprocessed == 0:
        items = [{"pk": {"S": "k%d" % (n + i)}} for i in range(25)]
        n += 25
        left = _batch_put(ddb, name, items)
        written += 25 - left
        unprocessed += left
        if n % 50 == 0:
            admin.advance(0.1)
        assert n < 5000, "never throttled"
    assert 3000 < written <= 3000 / 0.98 + 25, written
    # From then on, ten writes per second.
    for second in range(3):
        admin.advance(1)
        left = _batch_put(ddb, name, [{"pk": {"S": "s%d-%d" % (second, i)}} for i in range(25)])
        assert 25 - left == 10, left
    body = _throttled_put(raw, name, {"pk": {"S": "one-more"}})
    assert body["__type"] == "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException"
    assert body["message"] == TABLE_MESSAGE
    assert body["ThrottlingReasons"] == [{"reason": "TableWriteProvisionedThroughputExceeded",
                                          "resource": ddb.describe_table(TableName=name)["Table"]["TableArn"]}]
    assert "Item" not in ddb.get_item(TableName=name, Key={"pk": {"S": "one-more"}})


def _write_at_1500_per_second(ddb, admin, name, key_of, seconds):
    """150 writes per 0.1 s for `seconds`; returns (unprocessed per step)."""
    per_step = []
    n = 0
    for _ in range(int(seconds * 10)):
        admin.advance(0.1)
        left = 0
        for _ in range(6):
            left += _batch_put(ddb, name, [{"pk": {"S": key_of(n + i)}, "sk": {"N": str(n + i)}}
                                           for i in range(25)])
            n += 25
        per_step.append(left)
    return per_step


def test_hot_partition_key_throttles_while_shards_do_not(ddb, raw, table_factory, admin):
    schema = {"KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                            {"AttributeName": "sk", "KeyType": "RANGE"}],
              "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                       {"AttributeName": "sk", "AttributeType": "N"}]}
    hot, _ = table_factory("hot", schema=schema, BillingMode="PAY_PER_REQUEST", Tags=ENFORCE)
    per_step = _write_at_1500_per_second(ddb, admin, hot, lambda n: "USER#hotuser", 4)
    # The partition starts with one second of ceiling (1,000 units), which 500 extra writes per
    # second use up in 18 steps of 0.1 s; then it admits 100 of every 150 writes per step.
    assert sum(per_step[:18]) == 0, per_step
    assert per_step[-10:] == [50] * 10, per_step
    body = _throttled_put(raw, hot, {"pk": {"S": "USER#hotuser"}, "sk": {"N": "-1"}})
    assert body["__type"] == "com.amazon.coral.availability#ThrottlingException"
    assert body["message"] == ON_DEMAND_MESSAGE
    arn = ddb.describe_table(TableName=hot)["Table"]["TableArn"]
    # ThrottlingException's member is modeled in lower camel case.
    assert body["throttlingReasons"] == [{"reason": "TableWriteKeyRangeThroughputExceeded", "resource": arn}]
    figures = _partitions(admin, hot)
    assert figures["throttles"]["TableWriteKeyRangeThroughputExceeded"] >= 200
    hottest = max(figures["partitions"], key=lambda p: p["consumedWriteUnits"])
    assert hottest["hotKeys"][0]["key"] == "USER#hotuser"

    # The same load over the workshop's four shard suffixes (section3_sharding.py).
    sharded, _ = table_factory("sharded", schema=schema, BillingMode="PAY_PER_REQUEST", Tags=ENFORCE)
    per_step = _write_at_1500_per_second(ddb, admin, sharded,
                                         lambda n: "USER#hotuser#S%d" % (n % 4), 4)
    assert sum(per_step) == 0, per_step
    assert "TableWriteKeyRangeThroughputExceeded" not in _partitions(admin, sharded)["throttles"]


def test_throttled_gsi_throttles_the_base_write(ddb, raw, table_factory, admin):
    schema = hash_schema()
    schema["AttributeDefinitions"].append({"AttributeName": "g", "AttributeType": "S"})
    name, _ = table_factory("gsithr", schema=schema, Tags=ENFORCE,
                            ProvisionedThroughput={"ReadCapacityUnits": 10, "WriteCapacityUnits": 1000},
                            GlobalSecondaryIndexes=[{
                                "IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                "Projection": {"ProjectionType": "KEYS_ONLY"},
                                "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}])
    # The GSI banks 300 units (300 s x 1 WCU); each indexed write costs it one.
    written = 0
    for i in range(12):
        written += 25 - _batch_put(ddb, name, [{"pk": {"S": "k%d-%d" % (i, j)}, "g": {"S": "x"}}
                                              for j in range(25)])
    assert written == 300
    body = _throttled_put(raw, name, {"pk": {"S": "late"}, "g": {"S": "x"}})
    assert body["__type"] == "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException"
    assert body["message"] == INDEX_MESSAGE
    arn = ddb.describe_table(TableName=name)["Table"]["TableArn"]
    assert body["ThrottlingReasons"] == [{"reason": "IndexWriteProvisionedThroughputExceeded",
                                          "resource": arn + "/index/by_g"}]
    assert "Item" not in ddb.get_item(TableName=name, Key={"pk": {"S": "late"}}, ConsistentRead=True)
    # A write the GSI does not see is not held back.
    ddb.put_item(TableName=name, Item={"pk": {"S": "unindexed"}})
    admin.advance(1)
    ddb.put_item(TableName=name, Item={"pk": {"S": "late"}, "g": {"S": "x"}})


def test_observe_mode_never_rejects_but_counts(ddb, table_factory, admin):
    name, _ = table_factory("observe", ProvisionedThroughput={"ReadCapacityUnits": 1,
                                                            "WriteCapacityUnits": 1},
                            Tags=[{"Key": "ddbemu:throttling", "Value": "observe"}])
    for i in range(16):
        assert _batch_put(ddb, name, [{"pk": {"S": "k%d-%d" % (i, j)}} for j in range(25)]) == 0
    figures = _partitions(admin, name)
    assert figures["mode"] == "observe"
    assert figures["consumedWriteUnits"] == 300
    assert figures["throttles"] == {"TableWriteProvisionedThroughputExceeded": 100}


def test_a_key_that_turns_hot_after_many_cold_ones_is_reported_hottest(ddb, table_factory, admin):
    # One partition (500 WCU). A partition follows a bounded number of keys a minute; 1,100
    # distinct cold keys fill any such bound before one key is written 40 times.
    name, _ = table_factory("late", ProvisionedThroughput={"ReadCapacityUnits": 1,
                                                         "WriteCapacityUnits": 500},
                            Tags=[{"Key": "ddbemu:throttling", "Value": "observe"}])
    for i in range(44):
        if i % 20 == 0:
            admin.advance(1)  # the partition's own ceiling is 1,000 units a second
        assert _batch_put(ddb, name, [{"pk": {"S": "cold%d-%d" % (i, j)}} for j in range(25)]) == 0
    admin.advance(1)
    for n in range(40):
        ddb.put_item(TableName=name, Item={"pk": {"S": "late"}, "n": {"N": str(n)}})
    figures = _partitions(admin, name)
    assert figures["throttles"] == {} and figures["consumedWriteUnits"] == 1140  # every write counted
    assert len(figures["partitions"]) == 1
    hot_keys = figures["partitions"][0]["hotKeys"]
    assert hot_keys[0] == {"key": "late", "units": 40}
    assert all(k["units"] <= 1 for k in hot_keys[1:])


def test_admin_clock_and_capacity_shapes(admin):
    before = admin.call("clock")
    assert before["frozen"] is True
    after = admin.advance(2.5)
    assert after["now"] == pytest.approx(before["now"] + 2.5, abs=1e-3)
    assert admin.call("clock")["now"] == after["now"]  # frozen: time does not move by itself
    figures = admin.call("capacity")
    assert figures["defaultMode"] in ("off", "observe", "enforce")
    assert isinstance(figures["resources"], list)


def _create_raw(raw, ddb, table_factory, body):
    """CreateTable by raw HTTP (boto3 1.26's model predates OnDemandThroughput and would drop it)."""
    resp = raw("CreateTable", body)
    assert resp.status == 200, resp
    table_factory.track(body["TableName"])
    ddb.get_waiter("table_exists").wait(TableName=body["TableName"], WaiterConfig={"Delay": 1})
    return resp.json()["TableDescription"]


def _on_demand_table_body(name, maximums, tags=None):
    body = {"TableName": name, "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "OnDemandThroughput": maximums}
    if tags:
        body["Tags"] = tags
    return body


@pytest.mark.local_differs("Local 1.25.1 ignores OnDemandThroughput and leaves it out of the table "
                           "description -- AWS API reference TableDescription.OnDemandThroughput")
def test_on_demand_maximums_are_described(raw, ddb, table_factory):
    """-- API reference CreateTable / TableDescription OnDemandThroughput (MaxReadRequestUnits,
    MaxWriteRequestUnits); the values come back as set."""
    name = unique_name("odmax")
    created = _create_raw(raw, ddb, table_factory, _on_demand_table_body(
        name, {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 10}))
    assert created["OnDemandThroughput"] == {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 10}
    described = raw("DescribeTable", {"TableName": name}).json()["Table"]
    assert described["OnDemandThroughput"] == {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 10}


def test_on_demand_maximum_throttles(raw, ddb, table_factory, admin):
    name = unique_name("odmax")
    _create_raw(raw, ddb, table_factory, _on_demand_table_body(
        name, {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 10}, ENFORCE))
    # At most 10 write units per second, whatever the partitions could take.
    for second in range(3):
        admin.advance(1)
        written = 25 - _batch_put(ddb, name, [{"pk": {"S": "k%d-%d" % (second, i)}} for i in range(25)])
        assert written == 10
    body = _throttled_put(raw, name, {"pk": {"S": "over"}})
    assert body["__type"] == "com.amazon.coral.availability#ThrottlingException"
    assert body["message"] == "Throughput exceeds the maximum OnDemandThroughput configured on table or index"
    arn = ddb.describe_table(TableName=name)["Table"]["TableArn"]
    assert body["throttlingReasons"] == [{"reason": "TableWriteMaxOnDemandThroughputExceeded", "resource": arn}]


@pytest.mark.local_differs("Local 1.25.1 ignores WarmThroughput in CreateTable -- AWS API reference "
                           "CreateTable.WarmThroughput / TableWarmThroughputDescription; developer guide "
                           "'warm throughput' (pre-warming a new table)")
def test_warm_throughput_asked_for_is_described(raw, ddb, table_factory):
    name = unique_name("warm")
    body = _on_demand_table_body(name, {"MaxReadRequestUnits": -1, "MaxWriteRequestUnits": -1})
    del body["OnDemandThroughput"]
    body["WarmThroughput"] = {"ReadUnitsPerSecond": 30000, "WriteUnitsPerSecond": 10000}
    _create_raw(raw, ddb, table_factory, body)
    described = raw("DescribeTable", {"TableName": name}).json()["Table"]
    assert described["WarmThroughput"] == {"ReadUnitsPerSecond": 30000, "WriteUnitsPerSecond": 10000,
                                           "Status": "ACTIVE"}


def test_warm_table_takes_more_at_once(raw, ddb, table_factory, admin):
    """A new on-demand table admits up to 4,000 write units per second; pre-warmed to 10,000 it
    admits 10,000 (ten partitions of 1,000, ready from the start)."""
    name = unique_name("warm")
    body = _on_demand_table_body(name, {"MaxReadRequestUnits": -1, "MaxWriteRequestUnits": -1}, ENFORCE)
    del body["OnDemandThroughput"]
    body["WarmThroughput"] = {"ReadUnitsPerSecond": 30000, "WriteUnitsPerSecond": 10000}
    _create_raw(raw, ddb, table_factory, body)
    assert len(_partitions(admin, name)["partitions"]) == 10
    assert _partitions(admin, name)["writeRate"] == 10000


def test_reads_throttle_and_batch_gets_return_unprocessed_keys(ddb, raw, table_factory, admin):
    """A 1 RCU table banks 300 read units; a strongly consistent read of a missing item costs 1.
    BatchGetItem returns the keys it could not read in UnprocessedKeys (with the table's
    parameters) and fails when it can read none (API reference, BatchGetItem)."""
    name, _ = table_factory("rthr", ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
                            Tags=ENFORCE)
    keys = [{"pk": {"S": "k%d" % i}} for i in range(100)]
    for _ in range(3):
        resp = ddb.batch_get_item(RequestItems={name: {"Keys": keys, "ConsistentRead": True}})
        assert resp["UnprocessedKeys"] == {}
    with pytest.raises(ClientError) as excinfo:
        ddb.batch_get_item(RequestItems={name: {"Keys": keys, "ConsistentRead": True}})
    assert excinfo.value.response["Error"]["Code"] == "ProvisionedThroughputExceededException"
    admin.advance(10)
    resp = ddb.batch_get_item(RequestItems={name: {"Keys": keys, "ConsistentRead": True}})
    left = resp["UnprocessedKeys"][name]
    assert len(left["Keys"]) == 90 and left["ConsistentRead"] is True
    assert all(k in keys for k in left["Keys"])
    body = raw("GetItem", {"TableName": name, "Key": keys[0], "ConsistentRead": True}).json()
    assert body["__type"] == "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException"
    arn = ddb.describe_table(TableName=name)["Table"]["TableArn"]
    assert body["ThrottlingReasons"] == [{"reason": "TableReadProvisionedThroughputExceeded", "resource": arn}]


def test_throttled_transaction_is_cancelled(ddb, table_factory, admin):
    """Any throttled action cancels the whole transaction (API reference,
    TransactionCanceledException: ProvisionedThroughputExceeded / ThrottlingError)."""
    name, _ = table_factory("txthr", ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
                            Tags=ENFORCE)
    for i in range(12):
        assert _batch_put(ddb, name, [{"pk": {"S": "k%d-%d" % (i, j)}} for j in range(25)]) == 0
    with pytest.raises(ClientError) as excinfo:
        ddb.transact_write_items(TransactItems=[{"Put": {"TableName": name, "Item": {"pk": {"S": "t"}}}}])
    resp = excinfo.value.response
    assert resp["Error"]["Code"] == "TransactionCanceledException"
    assert [r["Code"] for r in resp["CancellationReasons"]] == ["ProvisionedThroughputExceeded"]
    assert resp["CancellationReasons"][0]["Message"] == TABLE_MESSAGE
    assert "Item" not in ddb.get_item(TableName=name, Key={"pk": {"S": "t"}})


def test_admin_endpoint_refuses_bad_input_and_keeps_serving(ddb, admin):
    def post(path, data):
        req = urllib.request.Request(admin.base + path, data=data, method="POST",
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status
        except urllib.error.HTTPError as e:
            return e.code
    assert post("clock", b'{"advance": 1e308}') == 400
    assert post("clock", b'{"advance": -1}') == 400
    assert post("clock", b"[" * 60000) == 400  # deep nesting: refused, not a crash
    assert post("clock", b"{" * 70000) == 413
    assert post("throttling", b'{"mode": "sometimes"}') == 400
    assert admin.call("clock?verbose=1")["frozen"] is True
    ddb.list_tables()  # still serving


def _admin_status(admin, path, method="GET", body=None, headers=None):
    req = urllib.request.Request(admin.base + path, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as e:
        return e.code


@pytest.mark.parametrize("headers,status", [
    ({"Content-Type": "text/plain"}, 415),  # a "simple" cross-site request a page can send unchecked
    ({}, 415),  # a form post or fetch() without a type
    ({"Content-Type": "application/x-www-form-urlencoded"}, 415),
    ({"Content-Type": "application/json", "Origin": "http://attacker.example"}, 403),
    ({"Content-Type": "application/json", "Origin": "null"}, 403),
    ({"Content-Type": "application/json", "Host": "attacker.example:8000"}, 403),  # DNS rebinding
    ({"Content-Type": "application/json", "Host": "127.0.0.1.attacker.example"}, 403),
], ids=["text-plain", "no-type", "form", "foreign-origin", "null-origin", "foreign-host", "lookalike-host"])
def test_admin_state_changes_from_web_pages_are_refused(admin, headers, status):
    # Each would unfreeze the clock the fixture froze; the refusal leaves it frozen.
    assert _admin_status(admin, "clock", "POST", b'{"freeze": false}', headers) == status
    assert admin.call("clock")["frozen"] is True


@pytest.mark.parametrize("headers,status", [
    ({"Origin": "http://attacker.example"}, 403),
    ({"Host": "attacker.example"}, 403),
    ({"Origin": "http://localhost:3000"}, 200),  # a tool on this machine (dynamodb-admin, say)
    ({"Host": "[::1]:8000", "Origin": "http://127.0.0.1:8001"}, 200),
], ids=["foreign-origin", "foreign-host", "loopback-origin", "loopback-v6-host"])
def test_admin_reads_answer_only_this_machine(admin, headers, status):
    # The capacity page lists partition-key values: no other site may read it.
    assert _admin_status(admin, "capacity", headers=headers) == status


def test_admin_override_ends_with_the_table(ddb, table_factory, admin):
    name, _ = table_factory("ovr", ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    assert admin.call("throttling", {"table": name, "mode": "enforce"}) == {}
    assert _partitions(admin, name)["mode"] == "enforce"
    ddb.delete_table(TableName=name)
    ddb.get_waiter("table_not_exists").wait(TableName=name, WaiterConfig={"Delay": 1})
    table_factory(TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    assert _partitions(admin, name)["mode"] == admin.call("capacity")["defaultMode"]
