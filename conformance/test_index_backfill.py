"""A GSI added with UpdateTable to a loaded table while another client keeps writing: once the
index is ACTIVE (and, on AWS, has caught up) a full Scan of the index must hold exactly the
base items that have the index key -- none missing, none twice, each with its current value.

Size: 5,000 items by default; DDB_BACKFILL_ITEMS=100000 for the full-size run (about a minute on
the emulator). Writers touch keys inside and outside the loaded range: they add the key, change
it, remove it, and delete items, so every kind of index maintenance races the backfill.
"""
import os
import random
import threading
import time

from botocore.exceptions import ClientError

from helpers import hash_schema, wait_active

ITEMS = int(os.environ.get("DDB_BACKFILL_ITEMS", "5000"))
LOADERS = 4
INDEX_TIMEOUT = 1800   # AWS builds an index in minutes
CATCH_UP_TIMEOUT = 60  # GSI reads are eventually consistent on AWS


def _load(ddb, table, start, stop):
    batch = []
    for i in range(start, stop):
        item = {"pk": {"S": "item%07d" % i}, "v": {"N": str(i)}}
        if i % 4:
            item["g"] = {"S": "g%d" % (i % 13)}
        batch.append({"PutRequest": {"Item": item}})
        if len(batch) == 25 or i == stop - 1:
            pending = {table: batch}
            while pending:
                pending = ddb.batch_write_item(RequestItems=pending)["UnprocessedItems"]
            batch = []


def _writer(ddb, table, stop, counter, failures):
    rng = random.Random(7)
    while not stop.is_set():
        try:
            _write_one(ddb, table, rng)
            counter[0] += 1
        except ClientError as e:
            failures.append(e.response["Error"]["Code"])


def _write_one(ddb, table, rng):
    pk = {"S": "item%07d" % rng.randrange(ITEMS + ITEMS // 10)}
    choice = rng.randrange(4)
    if choice == 0:
        ddb.put_item(TableName=table, Item={"pk": pk, "g": {"S": "w%d" % rng.randrange(5)}})
    elif choice == 1:
        ddb.update_item(TableName=table, Key={"pk": pk}, UpdateExpression="SET g = :g",
                        ExpressionAttributeValues={":g": {"S": "u%d" % rng.randrange(5)}})
    elif choice == 2:
        ddb.update_item(TableName=table, Key={"pk": pk}, UpdateExpression="REMOVE g")
    else:
        ddb.delete_item(TableName=table, Key={"pk": pk})


def _scan_all(ddb, table, **kw):
    items, start = [], {}
    while True:
        resp = ddb.scan(TableName=table, **kw, **start)
        items.extend(resp["Items"])
        if "LastEvaluatedKey" not in resp:
            return items
        start = {"ExclusiveStartKey": resp["LastEvaluatedKey"]}


def test_backfill_under_concurrent_writes_indexes_every_item_once(ddb, table_factory, target):
    name, _ = table_factory("backfill", schema=hash_schema())
    step = (ITEMS + LOADERS - 1) // LOADERS
    loaders = [threading.Thread(target=_load, args=(ddb, name, i * step, min(ITEMS, (i + 1) * step)))
               for i in range(LOADERS)]
    for t in loaders:
        t.start()
    for t in loaders:
        t.join()

    stop, counter, failures = threading.Event(), [0], []
    writer = threading.Thread(target=_writer, args=(ddb, name, stop, counter, failures))
    writer.start()
    started = time.monotonic()
    try:
        ddb.update_table(
            TableName=name, AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
            GlobalSecondaryIndexUpdates=[{"Create": {
                "IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"}}}])
        deadline = time.monotonic() + INDEX_TIMEOUT
        while True:
            desc = ddb.describe_table(TableName=name)["Table"]
            (gsi,) = desc["GlobalSecondaryIndexes"]
            if gsi["IndexStatus"] == "ACTIVE":
                break
            assert time.monotonic() < deadline, gsi
            time.sleep(0.2)
    finally:
        stop.set()
        writer.join()
    assert counter[0] > 0
    # DynamoDB Local answers some writes during an index build with 500 InternalFailure (seen
    # with 1.25.1); AWS and ddbemu must take every write.
    assert not failures or (target == "local" and set(failures) == {"InternalFailure"}), failures
    print("backfill of %d items: ACTIVE after %.2f s, %d concurrent writes, %d failed"
          % (ITEMS, time.monotonic() - started, counter[0], len(failures)))

    base = {it["pk"]["S"]: it for it in _scan_all(ddb, name, ConsistentRead=True) if "g" in it}
    deadline = time.monotonic() + CATCH_UP_TIMEOUT
    while True:
        entries = _scan_all(ddb, name, IndexName="by_g")
        keys = [it["pk"]["S"] for it in entries]
        indexed = {it["pk"]["S"]: it for it in entries}
        if len(keys) == len(indexed) and indexed == base:
            break
        assert time.monotonic() < deadline, (
            "index differs from the base table: %d entries (%d distinct) vs %d base items; "
            "missing %s, extra %s" % (len(keys), len(indexed), len(base),
                                      sorted(set(base) - set(indexed))[:5],
                                      sorted(set(indexed) - set(base))[:5]))
        time.sleep(1)
    wait_active(ddb, name)
