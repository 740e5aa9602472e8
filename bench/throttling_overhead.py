#!/usr/bin/env python3
"""What capacity accounting costs: GetItem and PutItem throughput of ddbemu with
--throttling off, observe and enforce, driven by bench/load.cc (32 connections).

The table is provisioned at 40,000 RCU / 40,000 WCU, so its 64 partitions (3,000 reads /
1,000 writes per second each) and its budget never bind at this machine's rates: the figures
measure the accounting, not throttling. Modes are interleaved and repeated; the median of the
rounds is reported, with ratios to `off`, into bench/results/throttling_overhead.md.

    /usr/bin/python3 bench/throttling_overhead.py [--seconds 5] [--rounds 3]
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys


from bench_common import free_port, local_client, write_result

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER = os.path.join(ROOT, "build", "ddbemu")
LOAD = os.path.join(ROOT, "build", "ddbemu-load")
MODES = ["off", "observe", "enforce"]
BODIES = {
    "PutItem": '{"TableName":"bench","Item":{"pk":{"S":"k{n}"},"v":{"S":"%s"}}}' % ("x" * 100),
    "GetItem": '{"TableName":"bench","Key":{"pk":{"S":"k{n}"}}}',
}


def start(mode):
    port = free_port()
    proc = subprocess.Popen([SERVER, "--port", str(port), "--throttling", mode],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ddb = local_client(port)
    ddb.create_table(TableName="bench", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     ProvisionedThroughput={"ReadCapacityUnits": 40000, "WriteCapacityUnits": 40000})
    return proc, port


def load(port, target, seconds):
    out = subprocess.run([LOAD, "--port", str(port), "--target", target, "--body", BODIES[target],
                          "--keys", "10000", "--connections", "32", "--seconds", str(seconds)],
                         check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    if result["errors"]:
        sys.exit("%s answered %d errors: the benchmark must not throttle" % (target, result["errors"]))
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    figures = {(m, t): [] for m in MODES for t in BODIES}
    for _ in range(args.rounds):
        for mode in MODES:
            proc, port = start(mode)
            try:
                for target in ("PutItem", "GetItem"):
                    figures[(mode, target)].append(load(port, target, args.seconds)["per_second"])
            finally:
                proc.terminate()
                proc.wait()
    lines = ["# Capacity accounting overhead", "",
             "`/usr/bin/python3 bench/throttling_overhead.py --seconds %g --rounds %d`, %s, %s, %d cores; "
             "server and client on the same machine; 32 connections; median requests/s of the rounds."
             % (args.seconds, args.rounds, datetime.date.today().isoformat(), platform.platform(),
                os.cpu_count()), "",
             "| operation | off | observe | enforce | observe / off | enforce / off |",
             "| --- | --- | --- | --- | --- | --- |"]
    for target in ("GetItem", "PutItem"):
        med = {m: statistics.median(figures[(m, target)]) for m in MODES}
        lines.append("| %s | %.0f | %.0f | %.0f | %.3f | %.3f |" % (
            target, med["off"], med["observe"], med["enforce"], med["observe"] / med["off"],
            med["enforce"] / med["off"]))
    lines += ["", "Every round: " + json.dumps({"%s %s" % k: v for k, v in figures.items()})]
    write_result("throttling_overhead.md", lines)


if __name__ == "__main__":
    main()
