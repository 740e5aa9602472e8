#!/usr/bin/env python3
"""The side-by-side benchmark: ddbemu and DynamoDB Local, one after the other, on loopback,
loaded with the same data and driven by the same thin client (bench/load.cc).

The HTTP floor runs beside ddbemu when nginx is installed (`tools/install-deps.sh --bench`): the
same client against nginx returning a fixed small JSON answer from its two worker processes, which
is what the issue's targets are relative to (p50 within 1.5x, GetItem throughput at least half).
Each of ddbemu's GetItem and PutItem rounds is paired with a round against the floor. Each of its
PutItem, UpdateItem and Query rounds is paired with a round against the HTTP ceiling: nginx answering
the same requests with the bytes ddbemu answers them with, the most any server could do here.

For each target: cold start to the first accepted request, idle RSS; then per operation the p50
and p99 latency of one sequential client and the throughput of 32 connections; RSS after the
load; and the wall time of a mixed "CI suite" workload (start-up, create 5 tables, 3,000 mixed
operations, delete the tables), once with the thin client and once through boto3. Then the same
operations embedded (build/ddbemu-embedded). Writes bench/results/latest.md with the machine
description, the ratios ddbemu / DynamoDB Local and the issue's targets.

    /usr/bin/python3 bench/run.py [--seconds 2] [--rounds 3] [--only ddbemu]
"""
import argparse
import contextlib
import datetime
import http.client
import json
import os
import platform
import re
import shutil
import statistics
import tempfile
import subprocess
import sys
import time

from bench_common import SERVERS, free_port, local_client, rss_kib, write_result

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOAD = os.path.join(ROOT, "build", "ddbemu-load")
EMBEDDED = os.path.join(ROOT, "build", "ddbemu-embedded")
FIRST_ANSWER = os.path.join(ROOT, "build", "ddbemu-first-answer")
KEYS = 10000          # items in the main table
PARTITIONS = 1000     # query partitions of 10 items each
SCAN_ITEMS = 10000

PAD = "x" * 60
OPERATIONS = [
    # name, target, body template ({n}: 0..keys-1), keys
    ("GetItem", "GetItem", '{"TableName":"main","Key":{"pk":{"S":"k{n}"}}}', KEYS),
    ("PutItem", "PutItem", '{"TableName":"main","Item":{"pk":{"S":"k{n}"},"v":{"S":"%s"}}}' % PAD, KEYS),
    ("UpdateItem", "UpdateItem", '{"TableName":"main","Key":{"pk":{"S":"k{n}"}},"UpdateExpression":'
     '"SET c = if_not_exists(c, :z) + :one","ExpressionAttributeValues":{":z":{"N":"0"},":one":{"N":"1"}}}', KEYS),
    ("DeleteItem", "DeleteItem", '{"TableName":"main","Key":{"pk":{"S":"gone{n}"}}}', KEYS),
    ("Query 10 items", "Query", '{"TableName":"coll","KeyConditionExpression":"pk = :p",'
     '"ExpressionAttributeValues":{":p":{"S":"p{n}"}}}', PARTITIONS),
    ("Query through a GSI", "Query", '{"TableName":"coll","IndexName":"by_g","KeyConditionExpression":"g = :g",'
     '"ExpressionAttributeValues":{":g":{"S":"g{n}"}}}', PARTITIONS),
    ("Query paginated (Limit 3, from a start key)", "Query", '{"TableName":"coll","KeyConditionExpression":'
     '"pk = :p","ExpressionAttributeValues":{":p":{"S":"p{n}"}},"Limit":3,'
     '"ExclusiveStartKey":{"pk":{"S":"p{n}"},"sk":{"N":"3"}}}', PARTITIONS),
    ("Scan 10k items", "Scan", '{"TableName":"scan"}', 1),
    ("BatchWriteItem 25", "BatchWriteItem", '{"RequestItems":{"main":[%s]}}' % ",".join(
        '{"PutRequest":{"Item":{"pk":{"S":"b{n}-%d"},"v":{"S":"%s"}}}}' % (i, PAD) for i in range(25)), KEYS),
    ("BatchGetItem 100", "BatchGetItem", '{"RequestItems":{"main":{"Keys":[%s]}}}' % ",".join(
        '{"pk":{"S":"k%d{n}"}}' % i for i in range(100)), 100),
    ("TransactWriteItems 4", "TransactWriteItems", '{"TransactItems":[%s]}' % ",".join(
        '{"Put":{"TableName":"main","Item":{"pk":{"S":"t{n}-%d"},"v":{"S":"%s"}}}}' % (i, PAD) for i in range(4)),
     KEYS),
]


NGINX_CONF = """worker_processes %(workers)d;
pid %(dir)s/nginx.pid;
error_log %(dir)s/error.log;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000000;
  client_body_temp_path %(dir)s;
  %(maps)s
  server {
    listen 127.0.0.1:%(port)d;
    location / { default_type application/x-amz-json-1.0; return 200 %(answer)s; }
  }
}
"""


def nginx_quoted(text):
    """text as an nginx quoted string; a '$' would start a variable, so no answer may hold one."""
    if "$" in text:
        raise ValueError("an nginx answer cannot hold '$': %r" % text)
    return "'%s'" % text.replace("\\", "\\\\").replace("'", "\\'")


@contextlib.contextmanager
def nginx(answer, maps=""):
    """nginx on a free port, its two workers answering every request with `answer` (an nginx value:
    a quoted string or a variable that `maps` defines); yields the port, or None when nginx is not
    installed. An nginx that is installed but does not start ends the run with its error."""
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not binary:
        yield None
        return
    with tempfile.TemporaryDirectory() as d:
        port = free_port()
        with open(os.path.join(d, "nginx.conf"), "w") as f:
            f.write(NGINX_CONF % {"workers": os.cpu_count(), "dir": d, "port": port, "maps": maps,
                                  "answer": answer})
        with open(os.path.join(d, "stderr"), "w") as stderr:
            proc = subprocess.Popen([binary, "-c", os.path.join(d, "nginx.conf"), "-p", d],
                                    stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            while not answers(port):
                if proc.poll() is not None:
                    with open(os.path.join(d, "stderr")) as log:
                        sys.exit("nginx did not start: " + log.read()[-2000:])
                time.sleep(0.01)
            yield port
        finally:
            proc.terminate()
            proc.wait(timeout=30)


FLOOR_ANSWER = '{"Item":{"pk":{"S":"k1"},"v":{"S":"%s"}}}' % PAD


def http_floor():
    """nginx answering every request with a fixed GetItem-sized JSON body: the HTTP floor."""
    return nginx(nginx_quoted(FLOOR_ANSWER))


def http_ceiling(answers_by_target):
    """nginx answering each operation (by X-Amz-Target) with the bytes ddbemu answers it with: as many
    requests per second as any server could answer that request with that answer here, since nginx
    does no work but HTTP."""
    maps = "map $http_x_amz_target $answer {\n    default '{}';\n%s  }" % "".join(
        "    %s %s;\n" % (nginx_quoted("DynamoDB_20120810." + target), nginx_quoted(answer))
        for target, answer in answers_by_target.items())
    return nginx("$answer", maps)


def medians(runs):
    """p50 and p99 of the sequential runs, requests/s of the 32-connection runs: medians over the rounds."""
    return {"p50_us": statistics.median(s["p50_us"] for s, _ in runs),
            "p99_us": statistics.median(s["p99_us"] for s, _ in runs),
            "per_second": statistics.median(p["per_second"] for _, p in runs)}


def post(port, target, body):
    """One DynamoDB request; its status and answer."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
    try:
        c.request("POST", "/", body=body, headers={
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810." + target,
            "Authorization": "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, "
                             "SignedHeaders=host, Signature=0"})
        response = c.getresponse()
        return response.status, response.read().decode()
    finally:
        c.close()


def answers(port):
    try:
        return post(port, "ListTables", "{}")[0] == 200
    except OSError:
        return False


# Cold starts per target: ddbemu's take ~10 ms each, so more of them cost nothing and steady the
# median (one run's median of 5 was 12.4 ms, 20 spawns minutes later 7.0 ms); Local's take ~3 s.
STARTS = {"ddbemu": 21, "DynamoDB Local": 5}


def startup_seconds(name):
    """Median of several cold starts: spawn to the first answered ListTables (build/ddbemu-first-answer)."""
    times = []
    for _ in range(STARTS.get(name, 5)):
        port = free_port()
        command, cwd = SERVERS[name](port)
        out = subprocess.run([FIRST_ANSWER, "--port", str(port), "--cwd", cwd, "--"] + command,
                             check=True, capture_output=True, text=True).stdout
        times.append(float(out))
    return statistics.median(times)


def start(name, poll_seconds=0.002):
    port = free_port()
    command, cwd = SERVERS[name](port)
    began = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not answers(port):
        if proc.poll() is not None or time.perf_counter() - began > 60:
            proc.kill()
            sys.exit("%s did not start" % name)
        time.sleep(poll_seconds)
    return proc, port, time.perf_counter() - began


TABLES = [
    {"TableName": "main", "BillingMode": "PAY_PER_REQUEST",
     "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
     "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]},
    {"TableName": "coll", "BillingMode": "PAY_PER_REQUEST",
     "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
     "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"},
                              {"AttributeName": "g", "AttributeType": "S"}],
     "GlobalSecondaryIndexes": [{"IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"}}]},
    {"TableName": "scan", "BillingMode": "PAY_PER_REQUEST",
     "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
     "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]},
]


def batch_writes():
    """The data, as BatchWriteItem requests of 25 items."""
    data = {
        "main": [{"pk": {"S": "k%d" % i}, "v": {"S": PAD}} for i in range(KEYS)],
        "coll": [{"pk": {"S": "p%d" % p}, "sk": {"N": str(s)}, "g": {"S": "g%d" % p}, "v": {"S": PAD}}
                 for p in range(PARTITIONS) for s in range(10)],
        "scan": [{"pk": {"S": "s%d" % i}, "v": {"S": "x" * 20}} for i in range(SCAN_ITEMS)],
    }
    for table, items in data.items():
        for i in range(0, len(items), 25):
            yield {"RequestItems": {table: [{"PutRequest": {"Item": it}} for it in items[i:i + 25]]}}


def load_data(ddb):
    for table in TABLES:
        ddb.create_table(**table)
    for table in TABLES:
        ddb.get_waiter("table_exists").wait(TableName=table["TableName"], WaiterConfig={"Delay": 1})
    for request in batch_writes():
        ddb.batch_write_item(**request)


def embedded(seconds):
    """The same operations in-process (build/ddbemu-embedded): no HTTP, no sockets."""
    with tempfile.TemporaryDirectory() as d:
        setup, operations = os.path.join(d, "setup.tsv"), os.path.join(d, "operations.tsv")
        with open(setup, "w") as f:
            for table in TABLES:
                f.write("CreateTable\t%s\n" % json.dumps(table))
            for request in batch_writes():
                f.write("BatchWriteItem\t%s\n" % json.dumps(request))
        with open(operations, "w") as f:
            for label, target, body, keys in OPERATIONS:
                f.write("%s\t%s\t%d\t%s\n" % (label, target, keys, body))
        out = subprocess.run([EMBEDDED, "--setup", setup, "--operations", operations, "--seconds", str(seconds)],
                             check=True, capture_output=True, text=True).stdout
    results = {}
    for line in out.splitlines():
        r = json.loads(line)
        if r["errors"]:
            sys.exit("embedded: %s answered errors" % r["label"])
        results[r["label"]] = r
    return results


def drive(port, target, body, keys, connections, seconds):
    out = subprocess.run([LOAD, "--port", str(port), "--target", target, "--body", body, "--keys", str(keys),
                          "--connections", str(connections), "--seconds", str(seconds)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


CI_TABLES = ["ci%d" % i for i in range(5)]
CI_TABLE = {"BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                     {"AttributeName": "sk", "AttributeType": "S"}]}


def ci_operations():
    """The mixed "CI suite": create 5 tables, 600 x (put, get, update, query, delete), delete the tables."""
    for t in CI_TABLES:
        yield "CreateTable", dict(CI_TABLE, TableName=t)
    for t in CI_TABLES:
        yield "DescribeTable", {"TableName": t}
    for i in range(600):
        t = CI_TABLES[i % 5]
        key = {"pk": {"S": "u%d" % (i % 50)}, "sk": {"S": "s%d" % i}}
        yield "PutItem", {"TableName": t, "Item": dict(key, v={"N": str(i)})}
        yield "GetItem", {"TableName": t, "Key": key}
        yield "UpdateItem", {"TableName": t, "Key": key, "UpdateExpression": "ADD v :one",
                             "ExpressionAttributeValues": {":one": {"N": "1"}}}
        yield "Query", {"TableName": t, "KeyConditionExpression": "pk = :p",
                        "ExpressionAttributeValues": {":p": key["pk"]}}
        yield "DeleteItem", {"TableName": t, "Key": key}
    for t in CI_TABLES:
        yield "DeleteTable", {"TableName": t}


def ci_suite(name):
    """Wall time of the CI suite with the thin client, start-up (spawn to first answer) included."""
    with tempfile.TemporaryDirectory() as d:
        script = os.path.join(d, "ci.tsv")
        with open(script, "w") as f:
            for target, body in ci_operations():
                f.write("%s\t%s\n" % (target, json.dumps(body)))
        began = time.perf_counter()
        proc, port, _ = start(name, poll_seconds=0.0002)
        try:
            out = json.loads(subprocess.run([LOAD, "--port", str(port), "--script", script],
                                            check=True, capture_output=True, text=True).stdout)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        elapsed = time.perf_counter() - began
    if out["errors"]:
        sys.exit("%s: the CI suite answered %d errors" % (name, out["errors"]))
    return elapsed


def ci_suite_boto3(name):
    """The same CI suite through boto3 (a real SDK's own cost included), start-up included."""
    began = time.perf_counter()
    proc, port, _ = start(name)
    try:
        ddb = local_client(port)
        for target, body in ci_operations():
            getattr(ddb, re.sub(r"(?<!^)(?=[A-Z])", "_", target).lower())(**body)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return time.perf_counter() - began


def stored_mib(ddb):
    """What the tables hold by DescribeTable's TableSizeBytes, in MiB."""
    return sum(ddb.describe_table(TableName=t["TableName"])["Table"].get("TableSizeBytes", 0)
               for t in TABLES) / 2 ** 20


# The operations whose figures the issue compares with the HTTP floor's.
FLOOR_COMPARED = ("GetItem", "PutItem")
# The operations whose throughput the issue wants at 12x DynamoDB Local's: each round of them is
# paired with a round against nginx answering the same requests with the same bytes (http_ceiling).
CEILING_COMPARED = ("PutItem", "UpdateItem", "Query 10 items")


def bench(name, seconds, rounds, floor_port=None):
    """With floor_port (ddbemu's run, nginx installed), each round of the FLOOR_COMPARED operations is
    paired with a round against the HTTP floor, and each round of the CEILING_COMPARED ones with a
    round against http_ceiling, so that both sides of those ratios come from the same minutes: this
    VM's speed drifts by tens of percent over an hour."""
    result = {"start-up (s)": startup_seconds(name)}
    proc, port, _ = start(name)
    floor_runs = []
    ceiling_runs = {}
    try:
        time.sleep(0.5)
        result["idle RSS (MiB)"] = rss_kib(proc.pid) / 1024
        load_data(local_client(port))
        ceiling = contextlib.nullcontext()
        if floor_port:
            answers_by_target = {}
            for label, target, body, _ in OPERATIONS:
                if label in CEILING_COMPARED:
                    status, answers_by_target[target] = post(port, target, body.replace("{n}", "0"))
                    if status != 200:
                        sys.exit("%s: %s answered %d: %s" % (name, label, status, answers_by_target[target]))
            ceiling = http_ceiling(answers_by_target)
        with ceiling as ceiling_port:
            # A warm-up second per operation, so a JIT compiler has seen every path.
            for label, target, body, keys in OPERATIONS:
                drive(port, target, body, keys, 32, 1)
            for label, target, body, keys in OPERATIONS:
                runs = []
                for _ in range(rounds):
                    paired = floor_port and label in FLOOR_COMPARED
                    floor_seq = drive(floor_port, "GetItem", OPERATIONS[0][2], KEYS, 1, seconds) if paired else None
                    seq = drive(port, target, body, keys, 1, seconds)
                    floor_par = drive(floor_port, "GetItem", OPERATIONS[0][2], KEYS, 32, seconds) if paired else None
                    if ceiling_port and label in CEILING_COMPARED:
                        ceiling_runs.setdefault(label, []).append(
                            drive(ceiling_port, target, body, keys, 32, seconds)["per_second"])
                    par = drive(port, target, body, keys, 32, seconds)
                    if seq["errors"] or par["errors"]:
                        sys.exit("%s: %s answered errors: %r %r" % (name, label, seq, par))
                    runs.append((seq, par))
                    if paired:
                        floor_runs.append((floor_seq, floor_par))
                # Medians over the rounds: this machine's neighbours make single runs vary by +-20%.
                result[label] = medians(runs)
        result["RSS after the benchmark (MiB)"] = rss_kib(proc.pid) / 1024
        result["data stored after the benchmark (MiB, TableSizeBytes)"] = stored_mib(local_client(port))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    if floor_runs:
        result["HTTP floor"] = medians(floor_runs)
    if ceiling_runs:
        result["HTTP ceiling"] = {label: statistics.median(v) for label, v in ceiling_runs.items()}
    result["CI suite wall time (s)"] = statistics.median(ci_suite(name) for _ in range(rounds))
    result["CI suite through boto3, wall time (s)"] = statistics.median(ci_suite_boto3(name) for _ in range(rounds))
    return result


def targets(emu, local, floor):
    """The issue's targets, each with the measured figure and whether it is met."""
    rows = []

    def check(what, value, goal, met, fmt):
        if value is None:
            return
        rows.append("| %s | %s | %s | %s |" % (what, fmt % value, goal, "met" if met else "missed"))
    if "start-up (s)" in emu:
        check("start-up", emu["start-up (s)"] * 1000, "< 10 ms", emu["start-up (s)"] < 0.010, "%.1f ms")
        check("idle RSS", emu["idle RSS (MiB)"], "< 15 MiB", emu["idle RSS (MiB)"] < 15, "%.1f MiB")
        after = emu["RSS after the benchmark (MiB)"]
        check("RSS after the benchmark", after, "< 60 MiB", after < 60, "%.1f MiB")
    for label in ("GetItem", "PutItem"):
        if floor and label in emu:
            ratio = emu[label]["p50_us"] / floor["p50_us"]
            check(label + " p50 / HTTP floor p50", ratio, "<= 1.5", ratio <= 1.5, "%.2f")
    for label, _, _, _ in OPERATIONS[:7]:
        if label in emu:
            p99 = emu[label]["p99_us"]
            check(label + " p99", p99, "< 1000 us", p99 < 1000, "%.0f us")
    if floor and "GetItem" in emu:
        share = emu["GetItem"]["per_second"] / floor["per_second"]
        check("GetItem requests/s / HTTP floor's", share, ">= 0.5", share >= 0.5, "%.2f")
    for label in ("PutItem", "UpdateItem", "Query 10 items"):
        if label in emu and label in local:
            ratio = emu[label]["per_second"] / local[label]["per_second"]
            check(label + " requests/s / DynamoDB Local's", ratio, ">= 12", ratio >= 12, "%.1f")
    if "CI suite wall time (s)" in emu and "CI suite wall time (s)" in local:
        ratio = local["CI suite wall time (s)"] / emu["CI suite wall time (s)"]
        check("CI suite: DynamoDB Local's time / ddbemu's", ratio, ">= 5", ratio >= 5, "%.1f")
    boto3_key = "CI suite through boto3, wall time (s)"
    if boto3_key in emu and boto3_key in local:
        ratio = local[boto3_key] / emu[boto3_key]
        check("(for information) the CI suite through boto3: Local's time / ddbemu's", ratio, ">= 5",
              ratio >= 5, "%.1f")
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", choices=list(SERVERS))
    args = parser.parse_args()
    names = [args.only] if args.only else list(SERVERS)
    with (http_floor() if "ddbemu" in names else contextlib.nullcontext()) as floor_port:
        results = {name: bench(name, args.seconds, args.rounds, floor_port if name == "ddbemu" else None)
                   for name in names}
    inproc = embedded(args.seconds) if "ddbemu" in names else {}
    emu = results.get("ddbemu", {})
    floor = emu.pop("HTTP floor", None)
    ceiling = emu.pop("HTTP ceiling", None)
    local = results.get("DynamoDB Local", {})
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    lines = ["# ddbemu beside DynamoDB Local", "",
             "`/usr/bin/python3 bench/run.py --seconds %g --rounds %d`, %s. Machine: %s, %d cores, %s. Client: "
             "bench/load.cc (keep-alive HTTP/1.1, epoll; one connection for latency, 32 over two threads "
             "for throughput), the server on the same machine. Each latency and throughput figure is the median "
             "of the rounds, after a warm-up second per operation; start-up is the median of 21 spawns (DynamoDB Local: 5) to the "
             "first answered ListTables (bench/first_answer.cc); the CI suite (start-up included; thin client, "
             "then boto3) is the median of the rounds. Ratio: ddbemu's figure / DynamoDB Local's (latency and memory: lower is better; "
             "throughput: higher is better)." % (
                 args.seconds, args.rounds, datetime.date.today().isoformat(), cpu, os.cpu_count(), platform.platform())]
    if floor:
        lines += ["", "HTTP floor (nginx %s, %d workers, a fixed %d-byte JSON answer, same client, measured in "
                  "alternation with ddbemu's %s rounds): p50 %.0f us, p99 %.0f us, %.0f requests/s with 32 "
                  "connections." % (
                      nginx_version(), os.cpu_count(), len(FLOOR_ANSWER), " and ".join(FLOOR_COMPARED),
                      floor["p50_us"], floor["p99_us"],
                      floor["per_second"])]
    lines += ["", "| figure | ddbemu | DynamoDB Local | ratio |", "| --- | --- | --- | --- |"]

    def row(label, a, b, fmt):
        ratio = "%.3f" % (a / b) if a is not None and b else "-"
        lines.append("| %s | %s | %s | %s |" % (label, fmt % a if a is not None else "-",
                                              fmt % b if b is not None else "-", ratio))
    for key, fmt in (("start-up (s)", "%.3f"), ("idle RSS (MiB)", "%.1f"),
                     ("RSS after the benchmark (MiB)", "%.1f"),
                     ("data stored after the benchmark (MiB, TableSizeBytes)", "%.1f"),
                     ("CI suite wall time (s)", "%.3f"), ("CI suite through boto3, wall time (s)", "%.2f")):
        row(key, emu.get(key), local.get(key), fmt)
    for label, _, _, _ in OPERATIONS:
        e, l = emu.get(label, {}), local.get(label, {})
        row(label + ": p50 (us)", e.get("p50_us"), l.get("p50_us"), "%.0f")
        row(label + ": p99 (us)", e.get("p99_us"), l.get("p99_us"), "%.0f")
        row(label + ": requests/s, 32 connections", e.get("per_second"), l.get("per_second"), "%.0f")
    if ceiling:
        lines += ["", "## Throughput beside the HTTP ceiling", "",
                  "nginx answering each request with the bytes ddbemu answers it with (http_ceiling: same client, "
                  "same request bodies, 32 connections, in alternation with ddbemu's rounds): no server answers "
                  "these requests faster here, since nginx does nothing but HTTP.", "",
                  "| operation | ddbemu requests/s | nginx, same answer | ddbemu / nginx | 12x DynamoDB Local's "
                  "| 12x Local's / nginx |", "| --- | --- | --- | --- | --- | --- |"]
        for label in CEILING_COMPARED:
            ours, top = emu.get(label, {}).get("per_second"), ceiling.get(label)
            goal = 12 * local[label]["per_second"] if label in local else None
            if ours and top:
                lines.append("| %s | %.0f | %.0f | %.2f | %s | %s |" % (
                    label, ours, top, ours / top, "%.0f" % goal if goal else "-",
                    "%.2f" % (goal / top) if goal else "-"))
    if inproc:
        lines += ["", "## Embedded mode (no HTTP)", "",
                  "build/ddbemu-embedded: the same JSON requests handed to ddb::Dispatcher in-process, after the same "
                  "data load; latency of one thread calling in a loop, throughput of one thread and of %d (one per "
                  "core)." % os.cpu_count(), "",
                  "| operation | p50 (us) | p99 (us) | requests/s, 1 thread | requests/s, %d threads | "
                  "embedded / HTTP requests/s |" % os.cpu_count(), "| --- | --- | --- | --- | --- | --- |"]
        for label, _, _, _ in OPERATIONS:
            r = inproc.get(label)
            if not r:
                continue
            http = emu.get(label, {}).get("per_second")
            lines.append("| %s | %.1f | %.1f | %.0f | %.0f | %s |" % (
                label, r["p50_us"], r["p99_us"], r["per_second_1"], r["per_second_cores"],
                "%.1f" % (r["per_second_cores"] / http) if http else "-"))
    lines += ["", "## The issue's targets", "", "| target | measured | goal | |", "| --- | --- | --- | --- |"]
    lines += targets(emu, local, floor)
    write_result("latest.md" if not args.only else "latest-%s.md" % args.only.replace(" ", "-"), lines)


def nginx_version():
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    out = subprocess.run([nginx, "-v"], capture_output=True, text=True).stderr
    return out.strip().split("/")[-1] if "/" in out else "?"


if __name__ == "__main__":
    main()
