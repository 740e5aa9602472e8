"""Conditional writes on one item are linearizable.

8 threads race optimistic-concurrency increments of one item. Every iteration
reads the item (ConsistentRead), then writes version v+1 on condition that the
version is still v (or that the item is still absent). On a linearizable store
each version is won by exactly one writer, so the winners' versions are exactly
0..n-1 and the stored version is n.

DDB_FULL=1 runs 500 iterations per thread; the default is 100 to keep CI fast.
"""

import os
import threading

from botocore.exceptions import ClientError

from helpers import rand_key

THREADS = 8
ITERATIONS = 500 if os.environ.get("DDB_FULL") == "1" else 100


def test_conditional_increments_are_linearizable(ddb, hash_table):
    key = {"pk": {"S": rand_key("race")}}
    won = [[] for _ in range(THREADS)]
    lost = [0] * THREADS
    errors = []
    start = threading.Barrier(THREADS)

    def worker(i):
        try:
            start.wait()
            for _ in range(ITERATIONS):
                item = ddb.get_item(TableName=hash_table, Key=key,
                                    ConsistentRead=True).get("Item")
                if item is None:
                    v = 0
                    cond = dict(ConditionExpression="attribute_not_exists(pk)")
                else:
                    v = int(item["v"]["N"])
                    cond = dict(ConditionExpression="#v = :v",
                                ExpressionAttributeNames={"#v": "v"},
                                ExpressionAttributeValues={":v": {"N": str(v)}})
                try:
                    ddb.put_item(TableName=hash_table,
                                 Item=dict(key, v={"N": str(v + 1)}, w={"N": str(i)}), **cond)
                    won[i].append(v)
                except ClientError as e:
                    if e.response["Error"]["Code"] != "ConditionalCheckFailedException":
                        raise
                    lost[i] += 1
        except BaseException as e:  # reported from the main thread
            errors.append(e)
            start.abort()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]

    versions = sorted(v for per_thread in won for v in per_thread)
    assert len(versions) == len(set(versions)), "a version was won twice"
    assert versions == list(range(len(versions)))
    assert len(versions) + sum(lost) == THREADS * ITERATIONS
    final = ddb.get_item(TableName=hash_table, Key=key, ConsistentRead=True)["Item"]
    assert int(final["v"]["N"]) == len(versions)
    # Each thread's own wins are increasing: its reads never go back in time.
    for per_thread in won:
        assert per_thread == sorted(per_thread)
    # The last winner's write is the one stored.
    last = versions[-1]
    (winner,) = [i for i in range(THREADS) if last in won[i]]
    assert final["w"] == {"N": str(winner)}
