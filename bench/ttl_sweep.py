#!/usr/bin/env python3
"""Whether a TTL sweep of a large table holds up other requests (issue 21).

Starts build/ddbemu with --ttl-interval 0 (no sweep of its own), loads N items whose TTL has
passed (bench/load.cc, PutItem), then times single GetItem requests on another table from one
connection: for a while with nothing else running, then while POST /_ddbemu/ttl/sweep deletes
every expired item. Reports the sweep's duration and rate and the probe's latencies (p50, p99,
max) both ways, into bench/results/ttl_sweep.md.

    /usr/bin/python3 bench/ttl_sweep.py [--items 1000000]
"""
import argparse
import datetime
import http.client
import json
import os
import platform
import subprocess
import threading
import time

from bench_common import free_port, local_client, write_result

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER = os.path.join(ROOT, "build", "ddbemu")
LOAD = os.path.join(ROOT, "build", "ddbemu-load")
AUTH = ("AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, "
        "SignedHeaders=host, Signature=x")


def post(port, path, body, headers):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
    conn.request("POST", path, body=body, headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, data


def probe(port, stop, latencies):
    """GetItem after GetItem on one keep-alive connection until `stop` is set."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/x-amz-json-1.0", "Authorization": AUTH,
               "X-Amz-Target": "DynamoDB_20120810.GetItem"}
    n = 0
    while not stop.is_set():
        body = '{"TableName":"probe","Key":{"pk":{"S":"p%d"}}}' % (n % 1000)
        started = time.perf_counter()
        conn.request("POST", "/", body=body, headers=headers)
        resp = conn.getresponse()
        resp.read()
        latencies.append(time.perf_counter() - started)
        assert resp.status == 200, resp.status
        n += 1
    conn.close()


def summary(latencies):
    ordered = sorted(latencies)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000
    return {"requests": len(ordered), "p50_ms": round(pick(0.5), 2), "p99_ms": round(pick(0.99), 2),
            "max_ms": round(ordered[-1] * 1000, 2)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1_000_000)
    args = parser.parse_args()
    port = free_port()
    proc = subprocess.Popen([SERVER, "--port", str(port), "--ttl-interval", "0"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ddb = local_client(port)
        for name in ("swept", "probe"):
            ddb.create_table(TableName=name, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                             AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                             BillingMode="PAY_PER_REQUEST")
        ddb.update_time_to_live(TableName="swept",
                                TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"})
        for i in range(1000):
            ddb.put_item(TableName="probe", Item={"pk": {"S": "p%d" % i}, "v": {"S": "x" * 100}})
        expired = int(time.time()) - 60
        loaded, run = 0, 0
        while loaded < args.items:
            # Each run writes keys of its own: the load client starts its key numbers afresh.
            body = ('{"TableName":"swept","Item":{"pk":{"S":"r%d-k{n}"},"exp":{"N":"%d"},"v":{"S":"%s"}}}'
                    % (run, expired, "x" * 60))
            subprocess.run([LOAD, "--port", str(port), "--target", "PutItem", "--body", body,
                            "--keys", "100000000", "--connections", "32", "--seconds", "5"],
                           check=True, capture_output=True)
            loaded = ddb.describe_table(TableName="swept")["Table"]["ItemCount"]
            run += 1
        figures = {}
        for phase in ("idle", "sweep"):
            stop, latencies = threading.Event(), []
            thread = threading.Thread(target=probe, args=(port, stop, latencies))
            thread.start()
            time.sleep(1)
            started = time.perf_counter()
            if phase == "sweep":
                status, data = post(port, "/_ddbemu/ttl/sweep", "{}", {"Content-Type": "application/json"})
                assert status == 200, data
                deleted = json.loads(data)["deleted"]
            else:
                time.sleep(5)
            elapsed = time.perf_counter() - started
            stop.set()
            thread.join()
            figures[phase] = summary(latencies)
        remaining = ddb.describe_table(TableName="swept")["Table"]["ItemCount"]
    finally:
        proc.kill()
        proc.wait()
    lines = ["# TTL sweep of a large table",
             "",
             "`/usr/bin/python3 bench/ttl_sweep.py --items %d`, %s, %s, %d cores; one probe connection "
             "sending GetItem after GetItem to another table." % (
                 args.items, datetime.date.today().isoformat(), platform.platform(), os.cpu_count()),
             "",
             "Sweep: %d expired items deleted in %.1f s (%.0f items/s); %d left." % (
                 deleted, elapsed, deleted / elapsed, remaining),
             "",
             "| probe GetItem | requests | p50 ms | p99 ms | max ms |",
             "| --- | --- | --- | --- | --- |"]
    for phase, label in (("idle", "nothing else running (5 s)"), ("sweep", "during the sweep")):
        f = figures[phase]
        lines.append("| %s | %d | %.2f | %.2f | %.2f |" % (label, f["requests"], f["p50_ms"], f["p99_ms"], f["max_ms"]))
    write_result("ttl_sweep.md", lines)


if __name__ == "__main__":
    main()
