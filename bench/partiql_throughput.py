#!/usr/bin/env python3
"""What PartiQL costs over the item API (issue 23): requests/s of GetItem beside ExecuteStatement
`SELECT * FROM "bench" WHERE pk = '...'` on the same keys, and of UpdateItem `SET v = v + :one` beside
ExecuteStatement `UPDATE "bench" SET v = v + 1 WHERE pk = '...'`, on ddbemu and on DynamoDB Local,
driven by bench/load.cc (32 connections). The issue's target: on ddbemu, PartiQL reaches at least
0.80 of the item API.

One table with a hash key `pk`, 10,000 items loaded first (`k0` ... `k9999`, a counter `v` and a
60-byte string). The item-API round and the PartiQL round of each pair run one after the other,
round after round (GetItem, SELECT, UpdateItem, UPDATE, GetItem, ...), so the machine's noise falls
on both alike; the report gives the median requests/s of the rounds, PartiQL / item API per
server (the median of the paired rounds' ratios) and ddbemu / DynamoDB Local per operation, into bench/results/partiql_throughput.md.

Every answer must be 200, or the run stops. Before the load, one SELECT must return exactly the
item GetItem returns; after it, the counters must add up to the number of updates answered, so
neither SELECT nor UPDATE can be fast by doing nothing.

    /usr/bin/python3 bench/partiql_throughput.py [--seconds 3] [--rounds 5] [--only ddbemu]
        [--ddbemu-bin build/ddbemu] [--load build/ddbemu-load]

The binaries default to build/ddbemu and build/ddbemu-load ($DDBEMU_BIN and $DDBEMU_LOAD, or the
flags, point elsewhere, e.g. at copies that a rebuild will not replace during the run).
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
KEYS = 10_000
TABLE = "bench"
PAD = "x" * 60


def statement(text):
    return json.dumps({"Statement": text})


# pair -> [(label, target, body template)], the item API first; {n} is a key number 0..KEYS-1.
PAIRS = {
    "read by key": [
        ("GetItem", "GetItem", '{"TableName":"%s","Key":{"pk":{"S":"k{n}"}}}' % TABLE),
        ("SELECT", "ExecuteStatement", statement("SELECT * FROM \"%s\" WHERE pk = 'k{n}'" % TABLE)),
    ],
    "update by key": [
        ("UpdateItem", "UpdateItem", '{"TableName":"%s","Key":{"pk":{"S":"k{n}"}},"UpdateExpression":'
         '"SET v = v + :one","ExpressionAttributeValues":{":one":{"N":"1"}}}' % TABLE),
        ("UPDATE", "ExecuteStatement", statement("UPDATE \"%s\" SET v = v + 1 WHERE pk = 'k{n}'" % TABLE)),
    ],
}
OPERATIONS = [op for ops in PAIRS.values() for op in ops]
UPDATES = {label for label, _, _ in PAIRS["update by key"]}


def start(server, ddbemu_bin):
    port = free_port()
    argv, cwd = SERVERS[server](port)
    if server == "ddbemu":
        argv = [ddbemu_bin] + argv[1:]
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ddb = local_client(port)
    for _ in range(300):
        try:
            ddb.list_tables()
            break
        except Exception:
            if proc.poll() is not None:
                sys.exit("%s exited with %d before answering" % (server, proc.returncode))
            time.sleep(0.1)
    ddb.create_table(TableName=TABLE, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")
    ddb.get_waiter("table_exists").wait(TableName=TABLE, WaiterConfig={"Delay": 1})
    for i in range(0, KEYS, 25):
        ddb.batch_write_item(RequestItems={TABLE: [
            {"PutRequest": {"Item": {"pk": {"S": "k%d" % k}, "v": {"N": "0"}, "pad": {"S": PAD}}}}
            for k in range(i, min(i + 25, KEYS))]})
    return proc, port, ddb


def check_select(server, ddb):
    """The SELECT by key returns exactly the item GetItem returns."""
    for key in ("k0", "k%d" % (KEYS // 2), "k%d" % (KEYS - 1)):
        item = ddb.get_item(TableName=TABLE, Key={"pk": {"S": key}})["Item"]
        items = ddb.execute_statement(Statement="SELECT * FROM \"%s\" WHERE pk = '%s'" % (TABLE, key))["Items"]
        if items != [item]:
            sys.exit("%s: SELECT of %s answered %r, GetItem %r" % (server, key, items, item))


def check_counters(server, ddb, updates):
    """The counters add up to the updates answered: every UpdateItem and UPDATE added 1."""
    total, count = 0, 0
    for page in ddb.get_paginator("scan").paginate(TableName=TABLE, ConsistentRead=True):
        for item in page["Items"]:
            total += int(item["v"]["N"])
            count += 1
    if count != KEYS or total != updates:
        sys.exit("%s: %d items whose counters add up to %d, after %d updates answered" % (
            server, count, total, updates))


def load(load_bin, server, port, label, target, body, seconds):
    proc = subprocess.run([load_bin, "--port", str(port), "--target", target, "--body", body,
                           "--keys", str(KEYS), "--connections", "32", "--seconds", str(seconds)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit("%s: the load of %s failed (%d): %s" % (server, label, proc.returncode, proc.stderr.strip()))
    result = json.loads(proc.stdout)
    if result["errors"] or not result["requests"]:
        sys.exit("%s: %s answered %d non-200 of %d requests" % (server, label, result["errors"], result["requests"]))
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warm-up", type=float, default=2, help="seconds of each operation before the rounds")
    parser.add_argument("--only", choices=list(SERVERS))
    parser.add_argument("--ddbemu-bin", default=os.environ.get("DDBEMU_BIN", os.path.join(ROOT, "build", "ddbemu")))
    parser.add_argument("--load", default=os.environ.get("DDBEMU_LOAD", os.path.join(ROOT, "build", "ddbemu-load")))
    args = parser.parse_args()
    for binary in [args.load] + ([args.ddbemu_bin] if args.only != "DynamoDB Local" else []):
        if not os.access(binary, os.X_OK):
            sys.exit("%s is missing: build it first (tools/build.sh checks)" % binary)
    servers = [args.only] if args.only else list(SERVERS)
    figures = {}
    for server in servers:
        proc, port, ddb = start(server, os.path.abspath(args.ddbemu_bin))
        try:
            check_select(server, ddb)
            updates = 0
            runs = [(args.warm_up, False)] + [(args.seconds, True)] * args.rounds
            for seconds, kept in runs:
                for label, target, body in OPERATIONS:
                    result = load(args.load, server, port, label, target, body, seconds)
                    if label in UPDATES:
                        updates += result["requests"]
                    if kept:
                        figures.setdefault((server, label), []).append(result["per_second"])
                print("%s: %s" % (server, ", ".join("%s %.0f" % (label, figures[(server, label)][-1])
                                                     for label, _, _ in OPERATIONS) if kept else "warmed up"),
                      file=sys.stderr)
            check_counters(server, ddb, updates)
        finally:
            proc.kill()
            proc.wait()
    median = {key: statistics.median(values) for key, values in figures.items()}
    lines = ["# PartiQL beside the item API", "",
             "`/usr/bin/python3 bench/partiql_throughput.py --seconds %g --rounds %d`, %s, %s, %d cores; "
             "server and client (bench/load.cc) on the same machine; 32 connections; a hash-key table of "
             "%d items, every request on one of them; median requests/s of the rounds, after %g s of each "
             "operation; the item-API and PartiQL rounds alternate. Every answer was 200, SELECT returned "
             "GetItem's item and the counters added up to the updates answered." % (
                 args.seconds, args.rounds, datetime.date.today().isoformat(), platform.platform(),
                 os.cpu_count(), KEYS, args.warm_up), "",
             "- read by key: `GetItem` beside `ExecuteStatement` `SELECT * FROM \"bench\" WHERE pk = 'k{n}'`",
             "- update by key: `UpdateItem` `SET v = v + :one` beside `ExecuteStatement` "
             "`UPDATE \"bench\" SET v = v + 1 WHERE pk = 'k{n}'`", "",
             "PartiQL / item API is the median of the rounds' ratios: each PartiQL round beside the item-API "
             "round just before it, so a noisy minute on this 2-core machine weighs on both figures of a pair.",
             "", "| server | operation | item API | PartiQL | PartiQL / item API | target (ddbemu) |",
             "| --- | --- | --- | --- | --- | --- |"]
    for server in servers:
        for pair, ((item_label, _, _), (partiql_label, _, _)) in PAIRS.items():
            item, partiql = median[(server, item_label)], median[(server, partiql_label)]
            ratio = statistics.median(p / i for i, p in zip(figures[(server, item_label)],
                                                              figures[(server, partiql_label)]))
            target = ("met (>= 0.80)" if ratio >= 0.80 else "missed (< 0.80)") if server == "ddbemu" else ""
            lines.append("| %s | %s (%s / %s) | %.0f | %.0f | %.3f | %s |" % (
                server, pair, item_label, partiql_label, item, partiql, ratio, target))
    if len(servers) == 2:
        lines += ["", "| operation | ddbemu | DynamoDB Local | ddbemu / DynamoDB Local |", "| --- | --- | --- | --- |"]
        for label, _, _ in OPERATIONS:
            ours, theirs = median[("ddbemu", label)], median[("DynamoDB Local", label)]
            lines.append("| %s | %.0f | %.0f | %.2f |" % (label, ours, theirs, ours / theirs))
    lines += ["", "Every round: " + json.dumps({" ".join(k): v for k, v in figures.items()})]
    write_result("partiql_throughput%s.md" % ("-" + args.only.replace(" ", "-") if args.only else ""), lines)


if __name__ == "__main__":
    main()
