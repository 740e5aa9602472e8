"""Shard lineage: a table whose partitions split while it is written, read by a consumer that
follows ParentShardId (a shard only after its parent), sees every change once, and each item's
changes in the order they were made.

The split comes from a throughput increase: a provisioned table of 5 RCU and 990 WCU has one partition
(ceil(RCU/3000 + WCU/1000)); raised to 4000 WCU it needs five, so its partition splits (AWS
splits partitions to serve a throughput increase: developer guide, "Partitions and data
distribution"). ddbemu closes the stream's shard and opens one child per new partition;
DynamoDB Local keeps one shard, so there the ordering half of the test still runs and the split
half is xfailed. Records are read in the order the consumer meets them, never sorted.
"""

import pytest

from conftest import TableFactory
from helpers import hash_schema
from test_streams import describe_all, lineage_order, read_from, shard_iterator

KEYS = 120
SRC_PARTITIONS = ("AWS developer guide HowItWorks.Partitions.html (throughput increases split "
                  "partitions) and Streams.html (shards follow partitions; ParentShardId)")


def _write_round(ddb, table, version):
    for k in range(KEYS):
        ddb.put_item(TableName=table, Item={"pk": {"S": "key%03d" % k}, "v": {"N": str(version)}})


def _follow(streams, arn):  # noqa: F811
    """Every record, shard by shard in lineage order, as a consumer would receive them."""
    _, shards = describe_all(streams, arn)
    records = []
    for shard in lineage_order(shards):
        records += read_from(streams, shard_iterator(streams, arn, shard["ShardId"]))[0]
    return shards, records


@pytest.fixture(scope="module")
def table_factory_module(ddb):
    factory = TableFactory(ddb)
    yield factory
    factory.cleanup()


@pytest.fixture(scope="module")
def split_table(ddb, streams, table_factory_module):  # noqa: F811
    name, resp = table_factory_module(
        "lineage", schema=hash_schema(), BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 990},
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    arn = resp["TableDescription"]["LatestStreamArn"]
    _, before = describe_all(streams, arn)
    _write_round(ddb, name, 0)
    _write_round(ddb, name, 1)
    ddb.update_table(TableName=name,
                     ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 4000})
    _write_round(ddb, name, 2)
    _write_round(ddb, name, 3)
    shards, records = _follow(streams, arn)
    return before, shards, records


def test_a_consumer_following_lineage_sees_each_change_once_in_order(split_table):
    _, _, records = split_table
    seen = {}
    for r in records:
        key = r["dynamodb"]["Keys"]["pk"]["S"]
        seen.setdefault(key, []).append(int(r["dynamodb"]["NewImage"]["v"]["N"]))
    assert len(seen) == KEYS
    for key, versions in seen.items():
        assert versions == [0, 1, 2, 3], (key, versions)


@pytest.mark.local_differs("DynamoDB Local keeps one open shard per stream and never splits it "
                           "-- docs/ttl-streams-facts.md section 9; " + SRC_PARTITIONS)
def test_the_shard_splits_with_its_partition(split_table):
    before, shards, _ = split_table
    assert len(before) == 1, before
    parent = before[0]["ShardId"]
    children = [s for s in shards if s.get("ParentShardId") == parent]
    assert len(children) >= 2, shards
    closed = [s for s in shards if s["ShardId"] == parent][0]
    assert "EndingSequenceNumber" in closed["SequenceNumberRange"], closed
    end = int(closed["SequenceNumberRange"]["EndingSequenceNumber"])
    for child in children:
        assert "EndingSequenceNumber" not in child["SequenceNumberRange"], child
        assert int(child["SequenceNumberRange"]["StartingSequenceNumber"]) > end, (closed, child)
