#!/usr/bin/env python3
"""Peak server memory while a Query pages through 100,000 items of one partition.

Starts build/ddbemu on a free port (in memory), loads N items (default 100,000, ~200 bytes
each) under one partition key with BatchWriteItem, then pages through them with Query
(1 MB pages) while a thread samples the server's resident memory every 5 ms. Reports
RSS after loading, the peak during paging, pages, items seen, and checks every item came
back exactly once and in sort-key order.

Usage: bench/query_memory.py [--items N]   (from the repository root, after a build)
"""
import argparse, os, subprocess, sys, threading, time


from bench_common import free_port, local_client, rss_kib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    args = parser.parse_args()
    port = free_port()
    proc = subprocess.Popen([os.path.join(ROOT, "build/ddbemu"), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ddb = local_client(port, retries={"max_attempts": 1})
        ddb.create_table(TableName="bench", BillingMode="PAY_PER_REQUEST",
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                    {"AttributeName": "sk", "KeyType": "RANGE"}],
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                               {"AttributeName": "sk", "AttributeType": "N"}])
        payload = "x" * 180
        start = time.perf_counter()
        for base in range(0, args.items, 25):
            ddb.batch_write_item(RequestItems={"bench": [
                {"PutRequest": {"Item": {"pk": {"S": "hot"}, "sk": {"N": str(i)}, "p": {"S": payload}}}}
                for i in range(base, min(base + 25, args.items))]})
        load_s = time.perf_counter() - start
        baseline = rss_kib(proc.pid)

        peak = [baseline]
        done = threading.Event()

        def sample():
            while not done.is_set():
                peak[0] = max(peak[0], rss_kib(proc.pid))
                time.sleep(0.005)

        sampler = threading.Thread(target=sample)
        sampler.start()
        seen, pages, last = 0, 0, -1
        kwargs = dict(TableName="bench", KeyConditionExpression="pk = :p",
                      ExpressionAttributeValues={":p": {"S": "hot"}})
        start = time.perf_counter()
        while True:
            page = ddb.query(**kwargs)
            pages += 1
            for item in page["Items"]:
                n = int(item["sk"]["N"])
                assert n == last + 1, (n, last)
                last = n
                seen += 1
            if "LastEvaluatedKey" not in page:
                break
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        query_s = time.perf_counter() - start
        done.set()
        sampler.join()
        assert seen == args.items, (seen, args.items)
        print(f"items {seen:,} in one partition, loaded in {load_s:.1f} s; query paged in {pages} pages, "
              f"{query_s:.1f} s")
        print(f"server RSS after load {baseline / 1024:.1f} MiB; peak while paging {peak[0] / 1024:.1f} MiB "
              f"(+{(peak[0] - baseline) / 1024:.1f} MiB)")
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    sys.exit(main())
