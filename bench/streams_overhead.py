#!/usr/bin/env python3
"""What a stream costs writes (issue 21): PutItem and UpdateItem throughput into a table without
a stream and into one with a NEW_AND_OLD_IMAGES stream, on ddbemu and on DynamoDB Local, driven
by bench/load.cc (32 connections).

Every request changes its item (PutItem writes new keys, UpdateItem increments a counter), so
each one writes a stream record: a write that changes nothing would write none. The two tables
live in one server and are loaded alternately, round after round; the report gives the median
requests/s of the rounds and the ratio with / without stream, into
bench/results/streams_overhead.md.

    /usr/bin/python3 bench/streams_overhead.py [--seconds 4] [--rounds 5] [--only ddbemu]
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time

from bench_common import SERVERS, free_port, local_client, write_result

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOAD = os.path.join(ROOT, "build", "ddbemu-load")
PAD = "x" * 60
TABLES = {"plain": None, "streamed": "NEW_AND_OLD_IMAGES"}
# name -> (target, body template, keys): PutItem keys never repeat within a run.
WRITES = {
    "PutItem": ("PutItem", '{"TableName":"%s","Item":{"pk":{"S":"k{n}"},"v":{"S":"' + PAD + '"}}}', 50_000_000),
    "UpdateItem": ("UpdateItem", '{"TableName":"%s","Key":{"pk":{"S":"u{n}"}},"UpdateExpression":'
                   '"SET c = if_not_exists(c, :z) + :one","ExpressionAttributeValues":'
                   '{":z":{"N":"0"},":one":{"N":"1"}}}', 10_000),
}


def start(server):
    port = free_port()
    argv, cwd = SERVERS[server](port)
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ddb = local_client(port)
    for _ in range(300):
        try:
            ddb.list_tables()
            break
        except Exception:
            time.sleep(0.1)
    for table, view in TABLES.items():
        extra = {"StreamSpecification": {"StreamEnabled": True, "StreamViewType": view}} if view else {}
        ddb.create_table(TableName=table, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                         BillingMode="PAY_PER_REQUEST", **extra)
    return proc, port


def load(port, write, table, seconds):
    target, body, keys = WRITES[write]
    out = subprocess.run([LOAD, "--port", str(port), "--target", target, "--body", body % table,
                          "--keys", str(keys), "--connections", "32", "--seconds", str(seconds)],
                         check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    if result["errors"]:
        sys.exit("%s on %s answered %d errors" % (write, table, result["errors"]))
    return result["per_second"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=4)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", choices=list(SERVERS))
    args = parser.parse_args()
    servers = [args.only] if args.only else list(SERVERS)
    figures = {}
    for server in servers:
        proc, port = start(server)
        try:
            for write in WRITES:
                load(port, write, "plain", 1)  # warm-up
                load(port, write, "streamed", 1)
            for _ in range(args.rounds):
                for write in WRITES:
                    for table in TABLES:
                        figures.setdefault((server, write, table), []).append(
                            load(port, write, table, args.seconds))
        finally:
            proc.kill()
            proc.wait()
    lines = ["# What a stream costs writes", "",
             "`/usr/bin/python3 bench/streams_overhead.py --seconds %g --rounds %d`, %s, %s, %d cores; "
             "server and client on the same machine; 32 connections; median requests/s of the rounds; "
             "every write changes its item (one stream record each)." % (
                 args.seconds, args.rounds, datetime.date.today().isoformat(), platform.platform(),
                 os.cpu_count()), "",
             "| server | operation | no stream | NEW_AND_OLD_IMAGES | with / without |",
             "| --- | --- | --- | --- | --- |"]
    for server in servers:
        for write in WRITES:
            plain = statistics.median(figures[(server, write, "plain")])
            streamed = statistics.median(figures[(server, write, "streamed")])
            lines.append("| %s | %s | %.0f | %.0f | %.3f |" % (server, write, plain, streamed, streamed / plain))
    lines += ["", "Every round: " + json.dumps({" ".join(k): v for k, v in figures.items()})]
    write_result("streams_overhead.md", lines)


if __name__ == "__main__":
    main()
