#!/usr/bin/env python3
"""How long backups, restores, exports and imports of a large table take, and what they cost on
disk: one table of --items items (about 200 bytes each by DynamoDB's item size), loaded with
BatchWriteItem, then CreateBackup, RestoreTableFromBackup, RestoreTableToPointInTime,
ExportTableToPointInTime and ImportTable of that export, each timed from the request until the
operation's status says it is done. DynamoDB Local has no backups, PITR, exports or imports, so
there is nothing to set beside these figures: each step is given as items/s and as its time over
the time the load took.

The table: hash key `pk` (S, ten items per partition), range key `sk` (N), attributes `grp` (S,
1,000 values), `ts` (N), `name`, `email` (S), `n` (N) and a padding string `pad` sized so that the
table's own TableSizeBytes / ItemCount comes to about 200; one GSI `by_grp` (hash `grp`, range
`ts`, KEYS_ONLY; `--no-gsi` leaves it out). PITR is enabled before the load, so the load pays for
the change history that RestoreTableToPointInTime reads.

The load: --clients bench/load.cc processes in --script mode (one keep-alive connection each),
every one sending its own share of the BatchWriteItem requests (25 new items each) once, all at
the same time; every answer must be 200 and ItemCount must come to --items afterwards, or the run
stops (load.cc reads no answer body, so the count is what shows that no item was left
unprocessed).

The steps, each polled every --poll seconds (DescribeBackup, DescribeTable, DescribeExport,
DescribeImport):
- CreateBackup until AVAILABLE;
- RestoreTableFromBackup until the new table is ACTIVE, and its ItemCount;
- POST /_ddbemu/clock {"advance": 400} (the latest restorable time trails the clock by 300 s, so
  it then lies after the load), then RestoreTableToPointInTime UseLatestRestorableTime until ACTIVE;
- ExportTableToPointInTime (DYNAMODB_JSON) to --s3-dir until COMPLETED, and the export's size on
  disk;
- ImportTable of the export's data files (GZIP, DYNAMODB_JSON, the same key schema and GSI) until
  COMPLETED.
Each restored or imported table must hold --items items and the same sampled items as the source.

Runs: `disk` (--db-path in a temporary directory: du of it, and the bytes of its .sst and .log
files, after the load, the backup, the restores, the export and the import; the S3 directory is
kept outside it) and `memory` (in memory; RSS only).
du counts what RocksDB has on disk at that moment; it compacts and deletes obsolete files in the
background, so a figure taken just after a step can still hold data that later goes away.

    /usr/bin/python3 bench/backup_restore.py [--items 1000000] [--clients 4] [--runs disk,memory]
        [--no-gsi] [--ddbemu-bin build/ddbemu] [--load build/ddbemu-load]

Writes bench/results/backup_restore.md. $DDBEMU_BIN and $DDBEMU_LOAD, or the flags, point at
other binaries (e.g. copies that a rebuild will not replace during the run).
"""
import argparse
import datetime
import hashlib
import http.client
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

from bench_common import free_port, local_client, rss_kib, write_result

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE = "bench"
BUCKET = "bench"
PREFIX = "exports"
PER_PARTITION = 10
GROUPS = 1000
PAD = 118  # characters of `pad`: brings TableSizeBytes / ItemCount to about 200
GSI = {"IndexName": "by_grp", "KeySchema": [{"AttributeName": "grp", "KeyType": "HASH"},
                                             {"AttributeName": "ts", "KeyType": "RANGE"}],
       "Projection": {"ProjectionType": "KEYS_ONLY"}}
KEYS = [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]


def pad(i):
    """Hexadecimal digits of a hash of the item's number: neither gzip nor RocksDB squeezes them to nothing."""
    digits = hashlib.sha512(b"%d" % i).hexdigest()
    return (digits * (PAD // len(digits) + 1))[:PAD]


def item_json(i):
    return ('{"pk":{"S":"user%07d"},"sk":{"N":"%d"},"grp":{"S":"g%03d"},"ts":{"N":"%d"},'
            '"name":{"S":"name-%07d"},"email":{"S":"user%07d@example.com"},"n":{"N":"%d"},"pad":{"S":"%s"}}'
            % (i // PER_PARTITION, i % PER_PARTITION, i % GROUPS, 1_700_000_000 + i, i, i, i * 7,
               pad(i)))


def key_of(i):
    return {"pk": {"S": "user%07d" % (i // PER_PARTITION)}, "sk": {"N": str(i % PER_PARTITION)}}


def write_scripts(directory, items, clients):
    """One load.cc script per client: BatchWriteItem requests of 25 items, dealt out in turn."""
    paths = [os.path.join(directory, "load-%d.txt" % c) for c in range(clients)]
    files = [open(p, "w") for p in paths]
    for n, first in enumerate(range(0, items, 25)):
        puts = ",".join('{"PutRequest":{"Item":%s}}' % item_json(i) for i in range(first, min(first + 25, items)))
        files[n % clients].write('BatchWriteItem\t{"RequestItems":{"%s":[%s]}}\n' % (TABLE, puts))
    for f in files:
        f.close()
    return paths


def du_bytes(path):
    return int(subprocess.run(["du", "-sb", path], capture_output=True, text=True, check=True).stdout.split()[0])


def files_bytes(path):
    """Bytes of RocksDB's table files (.sst) and write-ahead logs (.log) under path."""
    sizes = {"sst": 0, "log": 0}
    for directory, _, names in os.walk(path):
        for name in names:
            kind = name.rsplit(".", 1)[-1]
            if kind in sizes:
                sizes[kind] += os.path.getsize(os.path.join(directory, name))
    return sizes


def admin(port, path, body):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"})
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    if resp.status != 200:
        sys.exit("POST %s answered %d: %s" % (path, resp.status, data))
    return json.loads(data or b"{}")


def poll(describe, done, every, limit=3600):
    """Calls describe() every `every` seconds until done(answer) is true; returns that answer."""
    deadline = time.perf_counter() + limit
    while True:
        answer = describe()
        if done(answer):
            return answer
        if time.perf_counter() > deadline:
            sys.exit("gave up waiting: %r" % answer)
        time.sleep(every)


def wait_active(ddb, table, every):
    return poll(lambda: ddb.describe_table(TableName=table)["Table"],
                lambda t: t["TableStatus"] == "ACTIVE" and all(
                    g["IndexStatus"] == "ACTIVE" for g in t.get("GlobalSecondaryIndexes", [])), every)


def check_copy(ddb, source, copy, items, samples):
    """The copy holds as many items as the source and the same sampled items."""
    count = ddb.describe_table(TableName=copy)["Table"]["ItemCount"]
    if count != items:
        sys.exit("%s holds %d items, not %d" % (copy, count, items))
    for i in samples:
        theirs = ddb.get_item(TableName=copy, Key=key_of(i), ConsistentRead=True).get("Item")
        ours = ddb.get_item(TableName=source, Key=key_of(i), ConsistentRead=True).get("Item")
        if theirs != ours or ours is None:
            sys.exit("%s: item %d is %r, in %s %r" % (copy, i, theirs, source, ours))
    return count


def run(kind, args, scripts, work):
    """One server, one table; returns the figures of every step."""
    db_path = os.path.join(work, kind + "-db")
    s3_dir = os.path.join(work, kind + "-s3")
    os.makedirs(os.path.join(s3_dir, BUCKET))
    port = free_port()
    argv = [args.ddbemu_bin, "--port", str(port), "--s3-dir", s3_dir, "--ttl-interval", "0"]
    argv += ["--db-path", db_path] if kind == "disk" else ["--in-memory"]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    figures = {"argv": " ".join(a.replace(work, "$TMP") for a in argv[1:])}
    disk = {}

    def measure(label):
        disk[label] = {"rss_kib": rss_kib(proc.pid), "du": du_bytes(db_path) if kind == "disk" else None,
                       **(files_bytes(db_path) if kind == "disk" else {})}
        print("%s: %s: %r %r" % (kind, label, figures.get("load" if label == "loaded" else label), disk[label]),
              file=sys.stderr)

    try:
        ddb = local_client(port, retries={"max_attempts": 10, "mode": "standard"})
        ddb.list_tables()
        measure("started")
        definitions = [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}]
        if args.gsi:
            definitions += [{"AttributeName": "grp", "AttributeType": "S"}, {"AttributeName": "ts", "AttributeType": "N"}]
        indexes = {"GlobalSecondaryIndexes": [GSI]} if args.gsi else {}
        ddb.create_table(TableName=TABLE, KeySchema=KEYS, AttributeDefinitions=definitions,
                         BillingMode="PAY_PER_REQUEST", **indexes)
        arn = wait_active(ddb, TABLE, args.poll)["TableArn"]
        ddb.update_continuous_backups(TableName=TABLE,
                                      PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})

        started = time.perf_counter()
        clients = [subprocess.Popen([args.load, "--port", str(port), "--script", s], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True) for s in scripts]
        outputs = [c.communicate() for c in clients]
        elapsed = time.perf_counter() - started
        for c, (out, err) in zip(clients, outputs):
            result = json.loads(out) if c.returncode == 0 else None
            if result is None or result["errors"]:
                sys.exit("%s: a load client failed (%d): %s %s" % (kind, c.returncode, out.strip(), err.strip()))
        table = ddb.describe_table(TableName=TABLE)["Table"]
        if table["ItemCount"] != args.items:
            sys.exit("%s: %d items after the load, not %d" % (kind, table["ItemCount"], args.items))
        figures["load"] = {"seconds": elapsed, "requests": sum(json.loads(o)["requests"] for o, _ in outputs)}
        figures["item_bytes"] = table["TableSizeBytes"] / table["ItemCount"]
        measure("loaded")
        samples = [0, args.items // 3, args.items - 1]

        started = time.perf_counter()
        backup_arn = ddb.create_backup(TableName=TABLE, BackupName="bench")["BackupDetails"]["BackupArn"]
        details = poll(lambda: ddb.describe_backup(BackupArn=backup_arn)["BackupDescription"]["BackupDetails"],
                       lambda d: d["BackupStatus"] == "AVAILABLE", args.poll)
        figures["backup"] = {"seconds": time.perf_counter() - started, "items": args.items,
                             "backup_bytes": details.get("BackupSizeBytes")}
        measure("backup")

        started = time.perf_counter()
        ddb.restore_table_from_backup(TargetTableName="from_backup", BackupArn=backup_arn)
        wait_active(ddb, "from_backup", args.poll)
        seconds = time.perf_counter() - started
        figures["restore"] = {"seconds": seconds, "items": check_copy(ddb, TABLE, "from_backup", args.items, samples)}
        measure("restore")

        admin(port, "/_ddbemu/clock", {"advance": 400})
        window = ddb.describe_continuous_backups(TableName=TABLE)["ContinuousBackupsDescription"][
            "PointInTimeRecoveryDescription"]
        started = time.perf_counter()
        ddb.restore_table_to_point_in_time(SourceTableName=TABLE, TargetTableName="from_pitr",
                                           UseLatestRestorableTime=True)
        wait_active(ddb, "from_pitr", args.poll)
        seconds = time.perf_counter() - started
        figures["pitr"] = {"seconds": seconds, "items": check_copy(ddb, TABLE, "from_pitr", args.items, samples),
                           "latest": window["LatestRestorableDateTime"].isoformat()}
        measure("pitr")

        started = time.perf_counter()
        export = ddb.export_table_to_point_in_time(TableArn=arn, S3Bucket=BUCKET, S3Prefix=PREFIX,
                                                   ExportFormat="DYNAMODB_JSON")["ExportDescription"]
        export = poll(lambda: ddb.describe_export(ExportArn=export["ExportArn"])["ExportDescription"],
                      lambda e: e["ExportStatus"] != "IN_PROGRESS", args.poll)
        seconds = time.perf_counter() - started
        if export["ExportStatus"] != "COMPLETED" or export.get("ItemCount") != args.items:
            sys.exit("%s: export ended %s with %r items" % (kind, export["ExportStatus"], export.get("ItemCount")))
        export_id = export["ExportArn"].rsplit("/", 1)[1]
        data = os.path.join(s3_dir, BUCKET, PREFIX, "AWSDynamoDB", export_id, "data")
        figures["export"] = {"seconds": seconds, "items": export["ItemCount"],
                             "bytes": du_bytes(os.path.join(s3_dir, BUCKET)), "files": len(os.listdir(data))}
        measure("export")

        started = time.perf_counter()
        parameters = {"TableName": "imported", "KeySchema": KEYS, "AttributeDefinitions": definitions,
                      "BillingMode": "PAY_PER_REQUEST", **indexes}
        imported = ddb.import_table(S3BucketSource={"S3Bucket": BUCKET,
                                                    "S3KeyPrefix": "%s/AWSDynamoDB/%s/data/" % (PREFIX, export_id)},
                                    InputFormat="DYNAMODB_JSON", InputCompressionType="GZIP",
                                    TableCreationParameters=parameters)["ImportTableDescription"]
        imported = poll(lambda: ddb.describe_import(ImportArn=imported["ImportArn"])["ImportTableDescription"],
                        lambda d: d["ImportStatus"] != "IN_PROGRESS", args.poll)
        if imported["ImportStatus"] != "COMPLETED" or imported.get("ErrorCount"):
            sys.exit("%s: import ended %s with %r errors" % (kind, imported["ImportStatus"], imported.get("ErrorCount")))
        wait_active(ddb, "imported", args.poll)
        seconds = time.perf_counter() - started
        figures["import"] = {"seconds": seconds, "items": check_copy(ddb, TABLE, "imported", args.items, samples),
                             "imported": imported.get("ImportedItemCount")}
        measure("import")
        time.sleep(args.settle)
        measure("settled")
    finally:
        proc.kill()
        proc.wait()
    figures["disk"] = disk
    return figures


def mib(n):
    return "%.1f MiB" % (n / 1048576)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=4, help="load.cc processes loading at the same time")
    parser.add_argument("--runs", default="disk,memory")
    parser.add_argument("--no-gsi", dest="gsi", action="store_false")
    parser.add_argument("--poll", type=float, default=0.1, help="seconds between two Describe* calls")
    parser.add_argument("--settle", type=float, default=10, help="seconds to wait before the last du and RSS")
    parser.add_argument("--ddbemu-bin", default=os.environ.get("DDBEMU_BIN", os.path.join(ROOT, "build", "ddbemu")))
    parser.add_argument("--load", default=os.environ.get("DDBEMU_LOAD", os.path.join(ROOT, "build", "ddbemu-load")))
    args = parser.parse_args()
    args.ddbemu_bin, args.load = os.path.abspath(args.ddbemu_bin), os.path.abspath(args.load)
    for binary in (args.ddbemu_bin, args.load):
        if not os.access(binary, os.X_OK):
            sys.exit("%s is missing: build it first (tools/build.sh checks)" % binary)
    kinds = args.runs.split(",")
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    work = tempfile.mkdtemp(prefix="ddbemu-backup-bench-")
    try:
        scripts = write_scripts(work, args.items, args.clients)
        results = {kind: run(kind, args, scripts, work) for kind in kinds}
    finally:
        shutil.rmtree(work, ignore_errors=True)

    command = "/usr/bin/python3 bench/backup_restore.py --items %d --clients %d --runs %s%s" % (
        args.items, args.clients, args.runs, "" if args.gsi else " --no-gsi")
    first = results[kinds[0]]
    lines = ["# Backup, restore, export and import of a large table", "",
             "`%s`, commit %s, %s, %s, %d cores; server and clients on the same machine." % (
                 command, commit, datetime.date.today().isoformat(), platform.platform(), os.cpu_count()), "",
             "A table of %d items (hash key `pk` S with %d items per partition, range key `sk` N, six more "
             "attributes; %.0f bytes per item by the table's TableSizeBytes / ItemCount)%s, PITR enabled before "
             "the load. Load: %d bench/load.cc clients at once (one connection each), %d BatchWriteItem requests "
             "of 25 items, all answered 200, ItemCount %d afterwards. Every step is timed from its request "
             "until Describe* (polled every %g s) says it is done: CreateBackup until AVAILABLE, the restores "
             "until the new table (and its GSI) is ACTIVE, ExportTableToPointInTime until COMPLETED, ImportTable "
             "(GZIP DYNAMODB_JSON, the export's `data/` prefix) until COMPLETED and the table ACTIVE. "
             "RestoreTableToPointInTime uses UseLatestRestorableTime after POST /_ddbemu/clock "
             "{\"advance\": 400}. Every restored and imported table held %d items and the same sampled items "
             "as the source." % (
                 args.items, PER_PARTITION, first["item_bytes"],
                 "; one GSI `by_grp` (hash `grp` S with %d values, range `ts` N, KEYS_ONLY)" % GROUPS if args.gsi
                 else "; no GSI", args.clients, first["load"]["requests"], args.items, args.poll, args.items), "",
             "DynamoDB Local has no backups, point-in-time recovery, exports or imports, so there is no "
             "ddbemu / DynamoDB Local ratio here. Each step is given in items/s and as its time over the "
             "load's time (x load).", "",
             "| run | step | seconds | items/s | x load | notes |", "| --- | --- | --- | --- | --- | --- |"]
    steps = [("load", "load (BatchWriteItem)"), ("backup", "CreateBackup -> AVAILABLE"),
             ("restore", "RestoreTableFromBackup -> ACTIVE"), ("pitr", "RestoreTableToPointInTime -> ACTIVE"),
             ("export", "ExportTableToPointInTime -> COMPLETED"), ("import", "ImportTable -> COMPLETED")]
    for kind in kinds:
        f = results[kind]
        load_seconds = f["load"]["seconds"]
        for step, label in steps:
            s = f[step]
            if step == "load":
                notes = "%d clients" % args.clients
            elif step == "backup":
                notes = "BackupSizeBytes %s" % s["backup_bytes"]
            elif step == "restore":
                notes = "ItemCount %d" % s["items"]
            elif step == "pitr":
                notes = "ItemCount %d; LatestRestorableDateTime %s" % (s["items"], s["latest"])
            elif step == "export":
                notes = "%d items, %d data files, %s on disk (%d bytes)" % (s["items"], s["files"], mib(s["bytes"]),
                                                                           s["bytes"])
            else:
                notes = "ItemCount %d (ImportedItemCount %s)" % (s["items"], s["imported"])
            lines.append("| %s | %s | %.2f | %.0f | %.2f | %s |" % (
                kind, label, s["seconds"], args.items / s["seconds"], s["seconds"] / load_seconds, notes))
    lines += ["", "Disk (`du -sb` of the --db-path directory; the S3 directory is elsewhere) and the server's RSS "
              "after each step, with the part of du in RocksDB's table files (.sst) and write-ahead logs (.log); "
              "\"settled\" is %g s after the import, nothing running." % args.settle, "",
              "| run | after | du | .sst | .log | RSS | tables |", "| --- | --- | --- | --- | --- | --- | --- |"]
    tables = {"started": 0, "loaded": 1, "backup": 1, "restore": 2, "pitr": 3, "export": 3, "import": 4,
              "settled": 4}
    for kind in kinds:
        for label, d in results[kind]["disk"].items():
            on_disk = [mib(d[k]) if d["du"] is not None else "-" for k in ("du", "sst", "log")]
            lines.append("| %s | %s | %s | %s | %s | %s | %d%s |" % (
                kind, label, *on_disk, mib(d["rss_kib"] * 1024),
                tables[label], " + backup" if label not in ("started", "loaded") else ""))
    lines += ["", "Server command lines (`$TMP` a temporary directory, removed afterwards): " + "; ".join(
                  "`ddbemu %s`" % results[k]["argv"] for k in kinds), "",
              "Every figure: " + json.dumps(results)]
    write_result("backup_restore.md", lines)


if __name__ == "__main__":
    main()
