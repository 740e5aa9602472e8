#!/usr/bin/python3
"""Seeded randomized differential tester: the same random DynamoDB operations against ddbemu
and DynamoDB Local, reporting where their answers differ (docs/difftest.md).

    /usr/bin/python3 tools/difftest.py --seed 1 --ops 1500 --report /tmp/difftest.json

Starts both servers on free ports (or uses --ddbemu-endpoint / --local-endpoint), creates the
tables, runs, compares the final contents of every table and index, prints a summary, writes
the JSON report, stops the servers. Exit status 0 iff every difference bucket is in the
allowlist (tools/difftest_known.json), 1 if not, 2 if the run could not be made or was aborted
(a server exited)."""

import argparse
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import local_servers  # noqa: E402
from difftest import report  # noqa: E402
from difftest.allowlist import Allowlist  # noqa: E402
from difftest.buckets import Buckets  # noqa: E402
from difftest.clients import WireClient  # noqa: E402
from difftest.runner import OperationStats, SeedRun  # noqa: E402

DEFAULT_KNOWN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "difftest_known.json")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seed", type=int, action="append",
                   help="random seed; repeat for several seeds (default 1)")
    p.add_argument("--ops", type=int, default=1500, help="operations per seed (default 1500)")
    p.add_argument("--invalid-rate", type=float, default=0.12,
                   help="share of requests made invalid on purpose (default 0.12)")
    p.add_argument("--ddbemu-bin", default=local_servers.DEFAULT_DDBEMU_BIN,
                   help="ddbemu binary to start (default build/ddbemu)")
    p.add_argument("--ddbemu-endpoint", help="use a running ddbemu at this URL instead")
    p.add_argument("--local-jar", default=local_servers.DEFAULT_LOCAL_JAR,
                   help="DynamoDBLocal.jar to start (default the one under .deps/)")
    p.add_argument("--local-endpoint", help="use a running DynamoDB Local at this URL instead")
    p.add_argument("--known", default=DEFAULT_KNOWN,
                   help="allowlist of known differences (default tools/difftest_known.json); "
                        "'none' for an empty one")
    p.add_argument("--report", help="write the JSON report here")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    seeds = args.seed or [1]
    allowlist = Allowlist.load(None if args.known == "none" else args.known)
    wall_start = time.monotonic()
    started = []
    # Stop the servers on SIGTERM too (the finally below runs on SystemExit).
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        try:
            if args.ddbemu_endpoint:
                ddbemu_url = args.ddbemu_endpoint.rstrip("/")
            else:
                # DynamoDB Local speaks AWS's older validation layer: so does the ddbemu it is
                # compared with (docs/validation-messages.md).
                s = local_servers.start_ddbemu(args.ddbemu_bin, flags=["--validation-layer", "older"])
                started.append(s)
                ddbemu_url = s.endpoint
            if args.local_endpoint:
                local_url = args.local_endpoint.rstrip("/")
            else:
                s = local_servers.start_dynamodb_local(args.local_jar)
                started.append(s)
                local_url = s.endpoint
        except RuntimeError as e:
            print("difftest: %s" % e, file=sys.stderr)
            return 2
        startup = time.monotonic() - wall_start
        if not args.quiet:
            print("difftest: ddbemu %s, DynamoDB Local %s (up in %.1f s)" % (
                ddbemu_url, local_url, startup), file=sys.stderr, flush=True)
        ddbemu, local = WireClient(ddbemu_url), WireClient(local_url)
        buckets, stats = Buckets(), OperationStats()
        resyncs, aborted, per_seed = 0, None, []
        for seed in seeds:
            run = SeedRun(seed, args.ops, ddbemu, local, args.invalid_rate, buckets=buckets,
                          progress=not args.quiet, servers=started).run()
            stats.merge(run.stats)
            resyncs += run.resyncs
            per_seed.append({"seed": seed, "seconds": round(run.elapsed, 1),
                             "resyncs": run.resyncs})
            if run.aborted:
                aborted = run.aborted
                break
    finally:
        for s in started:
            s.stop(keep_log=False)
    unused = allowlist.classify(buckets)
    ordered = buckets.sorted()
    new = [b for b in ordered if not b.allowed_by]
    result = {
        "seeds": seeds, "ops_per_seed": args.ops, "invalid_rate": args.invalid_rate,
        "wall_seconds": round(time.monotonic() - wall_start, 1),
        "startup_seconds": round(startup, 1), "per_seed": per_seed,
        "operations": stats.by_op, "agreed_errors": stats.errors, "resyncs": resyncs, "aborted": aborted,
        "buckets": [b.to_json() for b in ordered],
        "unused_allowlist_entries": [e.id for e in unused],
        "passed": not new and not aborted,
    }
    report.print_summary(result, sys.stdout)
    if args.report:
        report.write_json(result, args.report)
    if aborted:
        return 2
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
