#!/usr/bin/env python3
"""Hot-partition lab: one partition key written faster than a partition can take, then the same
load spread over write shards: a random suffix out of four (#S0..#S3) appended to the partition
key, read back by querying every shard and merging the results.

Runs in real time against ddbemu (AWS_ENDPOINT_URL, default http://127.0.0.1:8000). The lab's
tables carry the tag ddbemu:throttling=enforce, so the server may run in its default mode.
Each phase writes 3 KB items (3 write units each) from 8 threads for 8 seconds, about
1,500-2,000 write units per second: above the 1,000 a partition serves, below the 4,000 a new
on-demand table serves. boto3 retries throttled writes itself (legacy mode: up to 10 attempts);
the lab counts the retries from each response's ResponseMetadata.RetryAttempts.
"""
import json
import os
import random
import threading
import time
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = os.environ.get("AWS_ENDPOINT_URL", "http://127.0.0.1:8000")
REGION = os.environ.get("AWS_REGION", "us-east-1")
THREADS, SECONDS, PAYLOAD = 8, 8, "x" * 3000
USER_ID = "hotuser"
SHARDS = ["S0", "S1", "S2", "S3"]  # four write shards, one suffix per write


def client():
    return boto3.client("dynamodb", endpoint_url=ENDPOINT, region_name=REGION,
                        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "lab"),
                        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "lab"),
                        config=Config(retries={"mode": "legacy", "max_attempts": 10},
                                      max_pool_connections=THREADS))


def create_table(ddb, name):
    try:
        ddb.delete_table(TableName=name)
        ddb.get_waiter("table_not_exists").wait(TableName=name, WaiterConfig={"Delay": 1})
    except ClientError:
        pass
    ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                     KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"},
                                {"AttributeName": "SK", "KeyType": "RANGE"}],
                     AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"},
                                           {"AttributeName": "SK", "AttributeType": "S"}],
                     Tags=[{"Key": "ddbemu:throttling", "Value": "enforce"}])
    ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1})


def run_phase(table, partition_key_for):
    stats = {"ok": 0, "units": 0.0, "retries": 0, "gave_up": 0}
    per_second = {}
    lock = threading.Lock()
    stop = time.monotonic() + SECONDS
    start = time.monotonic()

    def writer(worker):
        ddb = client()
        n = 0
        while time.monotonic() < stop:
            n += 1
            item = {"PK": {"S": partition_key_for()}, "SK": {"S": "EVENT#%02d#%08d" % (worker, n)},
                    "payload": {"S": PAYLOAD}}
            try:
                resp = ddb.put_item(TableName=table, Item=item, ReturnConsumedCapacity="TOTAL")
                retries, units, ok = resp["ResponseMetadata"]["RetryAttempts"], \
                    resp["ConsumedCapacity"]["CapacityUnits"], 1
            except ClientError as e:  # still throttled after 10 attempts
                retries, units, ok = e.response["ResponseMetadata"].get("RetryAttempts", 0), 0.0, 0
            second = int(time.monotonic() - start)
            with lock:
                stats["ok"] += ok
                stats["gave_up"] += 1 - ok
                stats["units"] += units
                stats["retries"] += retries
                s = per_second.setdefault(second, {"ok": 0, "units": 0.0, "retries": 0})
                s["ok"] += ok
                s["units"] += units
                s["retries"] += retries

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for second in sorted(per_second):
        if second >= SECONDS:
            continue
        s = per_second[second]
        print("  second %d: %4d writes, %6.0f write units, %4d boto3 retries"
              % (second, s["ok"], s["units"], s["retries"]))
    print("  total: %d writes (%.0f units/s), %d retries, %d writes given up after 10 attempts"
          % (stats["ok"], stats["units"] / SECONDS, stats["retries"], stats["gave_up"]))
    return stats


def partitions(table):
    with urllib.request.urlopen(ENDPOINT.rstrip("/") + "/_ddbemu/capacity", timeout=10) as resp:
        report = json.loads(resp.read())
    for r in report["resources"]:
        if r["table"] == table and "index" not in r:
            print("  table throttles by reason:", r["throttles"] or "none")
            for p in r["partitions"]:
                if p["consumedWriteUnits"]:
                    keys = ", ".join("%s (%.0f)" % (k["key"], k["units"]) for k in p["hotKeys"])
                    print("  partition %s..%s: %6.0f write units, throttles %s; hot keys: %s"
                          % (p["firstHash"][:4], p["lastHash"][:4], p["consumedWriteUnits"],
                             p["throttles"] or "none", keys))


def main():
    ddb = client()
    print("Phase 1: every write to one partition key, USER#%s" % USER_ID)
    create_table(ddb, "HotPartitionLab")
    hot = run_phase("HotPartitionLab", lambda: "USER#%s" % USER_ID)
    partitions("HotPartitionLab")

    print("\nPhase 2: the same writes spread over %d shards, USER#%s#S0..S3" % (len(SHARDS), USER_ID))
    create_table(ddb, "ShardedLab")
    sharded = run_phase("ShardedLab", lambda: "USER#%s#%s" % (USER_ID, random.choice(SHARDS)))
    partitions("ShardedLab")

    # Reading a sharded key back: fan out over the shards and merge.
    items = []
    for s in SHARDS:
        resp = ddb.query(TableName="ShardedLab", KeyConditionExpression="PK = :pk",
                         ExpressionAttributeValues={":pk": {"S": "USER#%s#%s" % (USER_ID, s)}},
                         ScanIndexForward=False, Limit=5, ProjectionExpression="PK, SK")
        items.extend(resp["Items"])
    print("\nFan-out read: %d items from %d shards" % (len(items), len(SHARDS)))
    print("\nHot key: %.0f units/s with %d retries; sharded: %.0f units/s with %d retries"
          % (hot["units"] / SECONDS, hot["retries"], sharded["units"] / SECONDS, sharded["retries"]))
    for name in ("HotPartitionLab", "ShardedLab"):
        ddb.delete_table(TableName=name)


if __name__ == "__main__":
    main()
