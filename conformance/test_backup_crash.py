"""Backups, imports and restores across a crash: ddbemu is killed with SIGKILL while a background
job copies or loads a large table, restarted on the same data directory, and the job's result is
one of the outcomes ddbemu promises -- never half of one.

  * CreateBackup (engine/backups.h): the answer is CREATING and a job copies the table from one
    snapshot. After a kill at a random moment and a restart the backup is either AVAILABLE, and a
    restore of it holds exactly the table's items (every attribute, every item, and the GSI), with
    DescribeBackup's SourceTableDetails.ItemCount the table's; or it is gone: DescribeBackup
    answers BackupNotFoundException and ListBackups does not list it. It is never CREATING after a
    restart (nothing would finish it), and a backup seen AVAILABLE before the kill is AVAILABLE
    after it. Each outcome, once seen, is the same after every later restart.
  * ImportTable (engine/transfers.h, engine/ops/import_table.cc): the table is created CREATING
    and loaded in the background from DYNAMODB_JSON .json.gz objects under the bucket directory
    (<db-path>/s3/<bucket>/..., ddbemu's default --s3-dir). After a kill and a restart
    DescribeImport says either FAILED with FailureCode InternalError, and the table does not exist
    (DescribeTable: ResourceNotFoundException; not in ListTables); or COMPLETED with every count
    exact, and the table is ACTIVE with exactly the input's items. Never IN_PROGRESS.
  * RestoreTableFromBackup (engine/ops/restore_table.cc): a restore a kill interrupts starts over
    when the store opens again; the target becomes ACTIVE (DescribeTable polled with a deadline)
    with exactly the backup's items, each once, and its GSI with all of them.
  * A backup taken while two threads send TransactWriteItems of item pairs, the server killed
    after the backup is AVAILABLE while they still send: after the restart the backup is
    AVAILABLE and restores every pair whole (both items as written, or neither); every pair
    acknowledged before CreateBackup was sent is in it and none sent after CreateBackup answered
    (ddbemu's promise: one snapshot taken when CreateBackup is handled. AWS promises less: data
    committed a minute before the request is in, a minute after is out -- API_CreateBackup); every
    pair in the backup is in the table after the restart; the table holds every pair whole, every
    acknowledged pair, and no refused one.

Kill moments: each test first runs its job once uninterrupted (which also checks it) and times it;
the kill rounds then sleep spread over 0..1.3 times that after the request (stratified, in random
order), so some kills land mid-job and some after it on most machines. Which outcome each round
found is printed (pytest -s) and recorded as the `crash_outcomes` property; no timing is asserted
and either legal outcome passes.

The table is N_ITEMS items (DDB_BACKUP_CRASH_ITEMS, default 40000) with a GSI, loaded once per
module with raw BatchWriteItem requests and copied for each test. DDB_CRASH_ROUNDS sets the kill
rounds per test (default 3; the pair test runs half as many, at least 1).

This needs ddbemu started by the suite with --db-path: DynamoDB Local has none of CreateBackup,
RestoreTableFromBackup and ImportTable (UnknownOperationException), and against a URL or AWS there
is nothing to kill, so anything but --target emulator is skipped.
"""
import collections
import gzip
import http.client
import json
import os
import random
import shutil
import signal
import threading
import time

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from crash_harness import crash_clients
from helpers import DUMMY_ACCESS_KEY, LOCAL_REGION
from test_durability import _free_port, _start

N_ITEMS = int(os.environ.get("DDB_BACKUP_CRASH_ITEMS", "40000"))
ROUNDS = int(os.environ.get("DDB_CRASH_ROUNDS", "3"))
PAIR_ROUNDS = max(1, ROUNDS // 2)
SOURCE = "bkcrash"
INDEX = "by_g"
GROUPS = 97
BUCKET = "bkcrash-bucket"
IMPORT_FILES = 8
KILL_SPAN = 1.3          # kill delays spread over 0..KILL_SPAN x the uninterrupted job's time
JOB_WAIT = 120           # seconds for a job to finish (AVAILABLE, ACTIVE, COMPLETED)
PAIR_THREADS = 2
MIN_PAIRS = 20           # acknowledged pairs before CreateBackup, and again before the kill

FAKE_AUTH = {
    "Authorization": "AWS4-HMAC-SHA256 Credential=%s/20260101/%s/dynamodb/aws4_request, "
                     "SignedHeaders=host;x-amz-date, Signature=abc" % (DUMMY_ACCESS_KEY, LOCAL_REGION),
    "X-Amz-Date": "20260101T000000Z",
    "Content-Type": "application/x-amz-json-1.0",
}


# ---------------------------------------------------------------------------
# Items, raw requests, server lifecycle
# ---------------------------------------------------------------------------

def _big_item(i):
    return {"pk": {"S": "k%06d" % i}, "n": {"N": str(i)}, "g": {"S": "g%02d" % (i % GROUPS)},
            "pad": {"S": ("%06d-" % i) * 16}}


def _key_schema():
    return dict(KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                      {"AttributeName": "g", "AttributeType": "S"}],
                GlobalSecondaryIndexes=[{"IndexName": INDEX,
                                         "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                         "Projection": {"ProjectionType": "ALL"}}])


class Raw:
    """Plain HTTP requests on one keep-alive connection: boto3 is too slow to move 100k items."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, op, body):
        self.conn.request("POST", "/", json.dumps(body),
                          dict(FAKE_AUTH, **{"X-Amz-Target": "DynamoDB_20120810." + op}))
        resp = self.conn.getresponse()
        data = json.loads(resp.read() or b"{}")
        assert resp.status == 200, (op, resp.status, data)
        return data

    def close(self):
        self.conn.close()


def _load(port, lo, hi):
    raw = Raw(port)
    try:
        for s in range(lo, hi, 25):
            puts = [{"PutRequest": {"Item": _big_item(i)}} for i in range(s, min(hi, s + 25))]
            resp = raw.call("BatchWriteItem", {"RequestItems": {SOURCE: puts}})
            while resp.get("UnprocessedItems"):
                resp = raw.call("BatchWriteItem", {"RequestItems": resp["UnprocessedItems"]})
    finally:
        raw.close()


def _scan(port, table, **kw):
    """Every item of `table` (or of its index) through raw Scan pages."""
    raw, items, body = Raw(port), [], dict(kw, TableName=table)
    try:
        while True:
            resp = raw.call("Scan", body)
            items.extend(resp["Items"])
            if "LastEvaluatedKey" not in resp:
                return items
            body["ExclusiveStartKey"] = resp["LastEvaluatedKey"]
    finally:
        raw.close()


def _count(port, table, **kw):
    raw, total, body = Raw(port), 0, dict(kw, TableName=table, Select="COUNT")
    try:
        while True:
            resp = raw.call("Scan", body)
            total += resp["Count"]
            if "LastEvaluatedKey" not in resp:
                return total
            body["ExclusiveStartKey"] = resp["LastEvaluatedKey"]
    finally:
        raw.close()


def _big_items_problems(items, what):
    """What is wrong with `items` as the N_ITEMS big items (at most a few examples)."""
    problems, seen = [], set()
    for it in items:
        pk = it.get("pk", {}).get("S", "")
        i = int(pk[1:]) if pk[:1] == "k" and pk[1:].isdigit() else -1
        if not 0 <= i < N_ITEMS:
            problems.append("%s: item never written %r" % (what, it))
        elif i in seen:
            problems.append("%s: item %s twice" % (what, pk))
        elif it != _big_item(i):
            problems.append("%s: item %s is %r, not as written" % (what, pk, it))
        seen.add(i)
    if len(seen) != N_ITEMS:
        missing = sorted(set(range(N_ITEMS)) - seen)
        problems.append("%s: %d of %d items, missing %d (e.g. %r)" % (
            what, len(seen), N_ITEMS, len(missing), ["k%06d" % i for i in missing[:5]]))
    return problems[:10]


def _check_table_is_big(port, table, what):
    problems = _big_items_problems(_scan(port, table, ConsistentRead=True), what)
    n_index = _count(port, table, IndexName=INDEX)
    if n_index != N_ITEMS:
        problems.append("%s: the GSI has %d items, not %d" % (what, n_index, N_ITEMS))
    return problems


class Server:
    """ddbemu on a data directory: start, SIGKILL, restart."""

    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.proc = None
        self.start()

    def start(self):
        self.port = _free_port()
        self.proc, self.ddb = _start("emulator", self.data_dir, self.port)

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except Exception:
                self.proc.kill()
                self.proc.wait()


def _code(e):
    return e.response["Error"]["Code"]


def _kill_delays(rng, rounds, job_seconds):
    """`rounds` delays spread over 0..KILL_SPAN x job_seconds, one per stratum, in random order."""
    span = KILL_SPAN * job_seconds
    delays = [span * (k + rng.random()) / rounds for k in range(rounds)]
    rng.shuffle(delays)
    return delays


def _poll(fetch, done, what, timeout=JOB_WAIT):
    deadline = time.monotonic() + timeout
    while True:
        got = fetch()
        if done(got):
            return got
        if time.monotonic() > deadline:
            raise AssertionError("%s: not done after %ss: %r" % (what, timeout, got))
        time.sleep(0.02)


def _backup_status(ddb, arn):
    """DescribeBackup's BackupDescription, or None for BackupNotFoundException."""
    try:
        return ddb.describe_backup(BackupArn=arn)["BackupDescription"]
    except ClientError as e:
        if _code(e) == "BackupNotFoundException":
            return None
        raise


def _wait_backup(ddb, arn):
    return _poll(lambda: ddb.describe_backup(BackupArn=arn)["BackupDescription"],
                 lambda d: d["BackupDetails"]["BackupStatus"] != "CREATING", "backup " + arn)


def _table_status(ddb, name):
    """DescribeTable's Table, or None for ResourceNotFoundException."""
    try:
        return ddb.describe_table(TableName=name)["Table"]
    except ClientError as e:
        if _code(e) == "ResourceNotFoundException":
            return None
        raise


def _wait_table_active(ddb, name):
    """Polls until `name` is ACTIVE; a table that vanishes meanwhile is an error."""
    def fetch():
        t = _table_status(ddb, name)
        assert t is not None, "table %s does not exist" % name
        assert t["TableStatus"] in ("CREATING", "ACTIVE"), t
        return t
    return _poll(fetch, lambda t: t["TableStatus"] == "ACTIVE", "table " + name)


def _list_backup_arns(ddb):
    arns, kw = set(), {}
    while True:
        resp = ddb.list_backups(TableName=SOURCE, **kw)
        arns.update(s["BackupArn"] for s in resp["BackupSummaries"])
        if "LastEvaluatedBackupArn" not in resp:
            return arns
        kw = {"ExclusiveStartBackupArn": resp["LastEvaluatedBackupArn"]}


def _list_table_names(ddb):
    names, kw = set(), {}
    while True:
        resp = ddb.list_tables(**kw)
        names.update(resp["TableNames"])
        if "LastEvaluatedTableName" not in resp:
            return names
        kw = {"ExclusiveStartTableName": resp["LastEvaluatedTableName"]}


def _list_import_statuses(ddb):
    statuses, kw = {}, {}
    while True:
        resp = ddb.list_imports(**kw)
        statuses.update((s["ImportArn"], s["ImportStatus"]) for s in resp["ImportSummaryList"])
        if not resp.get("NextToken"):
            return statuses
        kw = {"NextToken": resp["NextToken"]}


def _report(record_property, name, seed, job_seconds, rounds):
    counts = dict(collections.Counter(r["outcome"] for r in rounds))
    print("\n%s (seed %d, uninterrupted job %.3fs): %s" % (name, seed, job_seconds,
                                                          json.dumps(counts, sort_keys=True)))
    for r in rounds:
        print("  round %s" % json.dumps(r, sort_keys=True))
    record_property("crash_outcomes", json.dumps(dict(seed=seed, job_seconds=job_seconds,
                                                      counts=counts, rounds=rounds)))


# ---------------------------------------------------------------------------
# The loaded table, shared by the tests (each works on a copy)
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_dir(request, tmp_path_factory):
    """A stopped ddbemu data directory holding SOURCE with N_ITEMS items, and how long one
    uninterrupted backup of it took; the backup ("seedbackup", AVAILABLE) is in it too."""
    if request.config.getoption("--target") != "emulator":
        pytest.skip("needs ddbemu started with --db-path: DynamoDB Local has no backups, restores "
                    "or imports, and a URL or AWS cannot be killed")
    data_dir = str(tmp_path_factory.mktemp("bkcrash_seed") / "data")
    os.makedirs(data_dir)
    server = Server(data_dir)
    try:
        server.ddb.create_table(TableName=SOURCE, BillingMode="PAY_PER_REQUEST", **_key_schema())
        _poll(lambda: _table_status(server.ddb, SOURCE)["TableStatus"], lambda s: s == "ACTIVE",
              "table " + SOURCE)
        loaders = [threading.Thread(target=_load, args=(server.port, k * N_ITEMS // 4,
                                                        (k + 1) * N_ITEMS // 4)) for k in range(4)]
        for th in loaders:
            th.start()
        for th in loaders:
            th.join()
        assert _count(server.port, SOURCE, ConsistentRead=True) == N_ITEMS
        started = time.monotonic()
        arn = server.ddb.create_backup(TableName=SOURCE, BackupName="seedbackup")[
            "BackupDetails"]["BackupArn"]
        desc = _wait_backup(server.ddb, arn)
        backup_seconds = time.monotonic() - started
        assert desc["BackupDetails"]["BackupStatus"] == "AVAILABLE", desc
    finally:
        server.stop()
    return dict(path=data_dir, backup_arn=arn, backup_seconds=backup_seconds)


def _copy(seed_dir, tmp_path):
    data_dir = str(tmp_path / "data")
    shutil.copytree(seed_dir["path"], data_dir)
    return data_dir


# ---------------------------------------------------------------------------
# 1. CreateBackup
# ---------------------------------------------------------------------------

def _check_backups(server, backups, problems, check_no):
    """After a restart: each backup is AVAILABLE or not found, as it was at earlier checks, and
    ListBackups lists exactly the AVAILABLE ones. Returns the rounds newly resolved."""
    listed = _list_backup_arns(server.ddb)
    fresh = []
    for b in backups:
        desc = _backup_status(server.ddb, b["arn"])
        status = desc["BackupDetails"]["BackupStatus"] if desc else "absent"
        if status not in ("AVAILABLE", "absent"):
            problems.append("check %d: backup %s is %s after a restart: %r" % (
                check_no, b["arn"], status, desc))
            continue
        if (b["arn"] in listed) != (status == "AVAILABLE"):
            problems.append("check %d: backup %s is %s but %s by ListBackups" % (
                check_no, b["arn"], status, "listed" if b["arn"] in listed else "not listed"))
        if b["seen_before_kill"] == "AVAILABLE" and status != "AVAILABLE":
            problems.append("check %d: backup %s was AVAILABLE before the kill, now %s" % (
                check_no, b["arn"], status))
        if b["outcome"] is None:
            b["outcome"] = status
            b["description"] = desc
            fresh.append(b)
        elif b["outcome"] != status:
            problems.append("check %d: backup %s was %s at an earlier check, now %s" % (
                check_no, b["arn"], b["outcome"], status))
    return fresh


def test_backup_interrupted_by_kill_9_is_whole_or_absent(seed_dir, tmp_path, record_property):
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    server = Server(_copy(seed_dir, tmp_path))
    backups, problems = [], []
    try:
        for round_no, delay in enumerate(_kill_delays(rng, ROUNDS, seed_dir["backup_seconds"]), 1):
            table = server.ddb.describe_table(TableName=SOURCE)["Table"]
            details = server.ddb.create_backup(TableName=SOURCE, BackupName="crash%d" % round_no)[
                "BackupDetails"]
            assert details["BackupStatus"] == "CREATING", details
            time.sleep(delay)
            seen = server.ddb.describe_backup(BackupArn=details["BackupArn"])[
                "BackupDescription"]["BackupDetails"]["BackupStatus"]
            server.kill()
            backups.append(dict(round=round_no, arn=details["BackupArn"], delay=round(delay, 3),
                                seen_before_kill=seen, outcome=None,
                                table_item_count=table["ItemCount"]))
            server.start()
            for b in _check_backups(server, backups, problems, round_no):
                if b["outcome"] != "AVAILABLE":
                    continue
                src = b.pop("description")["SourceTableDetails"]
                if src["ItemCount"] != b["table_item_count"]:
                    problems.append("backup %s: SourceTableDetails.ItemCount %d, the table's %d" % (
                        b["arn"], src["ItemCount"], b["table_item_count"]))
                target = "bkcrash_rst%d" % round_no
                server.ddb.restore_table_from_backup(TargetTableName=target, BackupArn=b["arn"])
                _wait_table_active(server.ddb, target)
                problems += _check_table_is_big(server.port, target,
                                                "restore of backup %s" % b["arn"])
                server.ddb.delete_table(TableName=target)
            for b in backups:
                b.pop("description", None)
    finally:
        server.stop()
    _report(record_property, "backup crash test", seed, seed_dir["backup_seconds"],
            [{k: b[k] for k in ("round", "delay", "seen_before_kill", "outcome")} for b in backups])
    assert problems == []


# ---------------------------------------------------------------------------
# 2. ImportTable
# ---------------------------------------------------------------------------

def _write_import_input(data_dir, prefix):
    """N_ITEMS DYNAMODB_JSON lines in IMPORT_FILES .json.gz objects under s3://BUCKET/prefix."""
    folder = os.path.join(data_dir, "s3", BUCKET, prefix)
    os.makedirs(folder)
    for f in range(IMPORT_FILES):
        lines = [json.dumps({"Item": _big_item(i)}) for i in range(f, N_ITEMS, IMPORT_FILES)]
        with gzip.open(os.path.join(folder, "part-%02d.json.gz" % f), "wt", compresslevel=1) as fh:
            fh.write("\n".join(lines) + "\n")


def _start_import(ddb, table, prefix):
    params = dict(TableName=table, BillingMode="PAY_PER_REQUEST", **_key_schema())
    job = ddb.import_table(S3BucketSource={"S3Bucket": BUCKET, "S3KeyPrefix": prefix},
                           InputFormat="DYNAMODB_JSON", InputCompressionType="GZIP",
                           TableCreationParameters=params)["ImportTableDescription"]
    assert job["ImportStatus"] == "IN_PROGRESS", job
    return job["ImportArn"]


def _completed_import_problems(server, job, table, what):
    problems = []
    counts = {k: job.get(k) for k in ("ProcessedItemCount", "ImportedItemCount", "ErrorCount")}
    if counts != {"ProcessedItemCount": N_ITEMS, "ImportedItemCount": N_ITEMS, "ErrorCount": 0}:
        problems.append("%s: COMPLETED with counts %r" % (what, counts))
    t = _table_status(server.ddb, table)
    if t is None or t["TableStatus"] != "ACTIVE":
        problems.append("%s: COMPLETED but its table is %r" % (what, t and t["TableStatus"]))
        return problems
    return problems + _check_table_is_big(server.port, table, what)


def test_import_interrupted_by_kill_9_is_failed_or_complete(tmp_path, request, record_property):
    if request.config.getoption("--target") != "emulator":
        pytest.skip("needs ddbemu started with --db-path: DynamoDB Local has no ImportTable, and a "
                    "URL or AWS cannot be killed")
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    data_dir = str(tmp_path / "data")
    os.makedirs(data_dir)
    _write_import_input(data_dir, "input/")
    server = Server(data_dir)
    jobs, problems = [], []
    try:
        started = time.monotonic()
        arn = _start_import(server.ddb, "bkcrash_imp0", "input/")
        job = _poll(lambda: server.ddb.describe_import(ImportArn=arn)["ImportTableDescription"],
                    lambda j: j["ImportStatus"] != "IN_PROGRESS", "import " + arn)
        import_seconds = time.monotonic() - started
        assert job["ImportStatus"] == "COMPLETED", job
        problems += _completed_import_problems(server, job, "bkcrash_imp0", "uninterrupted import")
        server.ddb.delete_table(TableName="bkcrash_imp0")

        for round_no, delay in enumerate(_kill_delays(rng, ROUNDS, import_seconds), 1):
            table = "bkcrash_imp%d" % round_no
            arn = _start_import(server.ddb, table, "input/")
            time.sleep(delay)
            seen = server.ddb.describe_import(ImportArn=arn)["ImportTableDescription"][
                "ImportStatus"]
            server.kill()
            jobs.append(dict(round=round_no, arn=arn, table=table, delay=round(delay, 3),
                             seen_before_kill=seen, outcome=None))
            server.start()
            tables = _list_table_names(server.ddb)
            listed = _list_import_statuses(server.ddb)
            for j in jobs:
                what = "check %d: import %s" % (round_no, j["arn"])
                job = server.ddb.describe_import(ImportArn=j["arn"])["ImportTableDescription"]
                status = job["ImportStatus"]
                if listed.get(j["arn"]) != status:
                    problems.append("%s is %s, but ListImports says %r" % (
                        what, status, listed.get(j["arn"])))
                if j["outcome"] is not None and status != j["outcome"]:
                    problems.append("%s was %s at an earlier check, now %s" % (
                        what, j["outcome"], status))
                if j["seen_before_kill"] == "COMPLETED" and status != "COMPLETED":
                    problems.append("%s was COMPLETED before the kill, now %r" % (what, job))
                if status == "FAILED":
                    if job.get("FailureCode") != "InternalError":
                        problems.append("%s FAILED with %r" % (what, job))
                    t = _table_status(server.ddb, j["table"])
                    if t is not None or j["table"] in tables:
                        problems.append("%s FAILED but its table exists: %r" % (what, t))
                elif status == "COMPLETED":
                    if j["outcome"] is None:  # its items are checked once
                        problems += _completed_import_problems(server, job, j["table"], what)
                else:
                    problems.append("%s is %s after a restart: %r" % (what, status, job))
                j["outcome"] = status
    finally:
        server.stop()
    _report(record_property, "import crash test", seed, import_seconds,
            [{k: j[k] for k in ("round", "delay", "seen_before_kill", "outcome")} for j in jobs])
    assert problems == []


# ---------------------------------------------------------------------------
# 3. RestoreTableFromBackup
# ---------------------------------------------------------------------------

def test_restore_interrupted_by_kill_9_starts_over(seed_dir, tmp_path, record_property):
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    server = Server(_copy(seed_dir, tmp_path))
    arn = seed_dir["backup_arn"]
    rounds, problems = [], []
    try:
        started = time.monotonic()
        server.ddb.restore_table_from_backup(TargetTableName="bkcrash_rst0", BackupArn=arn)
        _wait_table_active(server.ddb, "bkcrash_rst0")
        restore_seconds = time.monotonic() - started
        problems += _check_table_is_big(server.port, "bkcrash_rst0", "uninterrupted restore")
        server.ddb.delete_table(TableName="bkcrash_rst0")

        for round_no, delay in enumerate(_kill_delays(rng, ROUNDS, restore_seconds), 1):
            target = "bkcrash_rst%d" % round_no
            t = server.ddb.restore_table_from_backup(TargetTableName=target, BackupArn=arn)[
                "TableDescription"]
            assert t["TableStatus"] == "CREATING", t
            time.sleep(delay)
            seen = server.ddb.describe_table(TableName=target)["Table"]["TableStatus"]
            server.kill()
            rounds.append(dict(round=round_no, delay=round(delay, 3), seen_before_kill=seen))
            server.start()
            t = _table_status(server.ddb, target)
            rounds[-1]["outcome"] = "gone" if t is None else t["TableStatus"] + " at restart"
            if t is not None and t["TableStatus"] == "CREATING" and round_no % 2 == 0:
                # kill the restore that started over, too
                time.sleep(rng.uniform(0, restore_seconds))
                rounds[-1]["seen_before_second_kill"] = server.ddb.describe_table(
                    TableName=target)["Table"]["TableStatus"]
                server.kill()
                server.start()
                t = _table_status(server.ddb, target)
                rounds[-1]["outcome"] += ", " + ("gone" if t is None else t["TableStatus"]) + \
                    " at the second restart"
            if t is None:
                problems.append("round %d: restored table %s does not exist after the restart" % (
                    round_no, target))
                continue
            t = _wait_table_active(server.ddb, target)
            rounds[-1]["described_item_count"] = t["ItemCount"]  # recorded; AWS's is approximate
            problems += _check_table_is_big(server.port, target, "round %d: restore %s" % (
                round_no, target))
            server.ddb.delete_table(TableName=target)
    finally:
        server.stop()
    _report(record_property, "restore crash test", seed, restore_seconds, rounds)
    assert problems == []


# ---------------------------------------------------------------------------
# 4. A backup racing transactions
# ---------------------------------------------------------------------------

def _pair_items(rec):
    return {"pair#%s#%s" % (rec["p"], half): {
        "pk": {"S": "pair#%s#%s" % (rec["p"], half)}, "p": {"S": rec["p"]}, "half": {"S": half},
        "n": {"N": str(rec["n"])}} for half in ("a", "b")}


def _pair_writer(client, round_no, wid, records, stop, failures):
    n = 0
    try:
        while not stop.is_set():
            rec = dict(p="r%dw%dn%d" % (round_no, wid, n), n=n, round=round_no,
                       sent=time.monotonic(), done=None, outcome="sending", detail=None)
            n += 1
            records.append(rec)
            try:
                client.transact_write_items(TransactItems=[
                    {"Put": {"TableName": SOURCE, "Item": item}}
                    for item in _pair_items(rec).values()])
                rec["outcome"] = "acked"
            except ClientError as e:
                rec["outcome"] = "error"
                rec["detail"] = _code(e)
            except EndpointConnectionError:
                rec["outcome"] = "refused"      # no connection: the server never saw it
            except Exception as e:              # connection closed/reset at the kill
                rec["outcome"] = "unknown"
                rec["detail"] = type(e).__name__
            rec["done"] = time.monotonic()
    except BaseException as e:                  # a bug in the test: report it, don't hang
        failures.append(repr(e))


def _pairs_found(items, records, what, problems):
    """The pairs `items` (a scan) holds whole; partial or foreign pair items are problems.
    Also checks that everything else is exactly the big items."""
    recs = {r["p"]: r for r in records}
    halves, others = collections.defaultdict(dict), []
    for it in items:
        pk = it["pk"]["S"]
        if pk.startswith("pair#"):
            halves[pk.split("#")[1]][pk] = it
        else:
            others.append(it)
    problems += _big_items_problems(others, what)
    whole = set()
    for p, found in sorted(halves.items()):
        if p not in recs:
            problems.append("%s: items of a pair never sent %r" % (what, sorted(found)))
        elif found == _pair_items(recs[p]):
            whole.add(p)
        else:
            problems.append("%s: pair %s (%s) partly or wrongly present: %r" % (
                what, p, recs[p]["outcome"], found))
    return whole


def test_backup_racing_transactions_survives_kill_9(seed_dir, tmp_path, record_property):
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    server = Server(_copy(seed_dir, tmp_path))
    records, rounds, problems = [], [], []
    earlier_table = set()  # the pairs whole in the table at the previous restart
    try:
        for round_no in range(1, PAIR_ROUNDS + 1):
            mine, stop, failures = [], threading.Event(), []
            writers = [threading.Thread(target=_pair_writer, args=(c, round_no, w, mine, stop,
                                                                   failures))
                       for w, c in enumerate(crash_clients(server.port, PAIR_THREADS))]
            for th in writers:
                th.start()
            try:
                def acked():
                    return sum(1 for r in mine if r["outcome"] == "acked")
                _poll(acked, lambda n: n >= MIN_PAIRS or failures, "writers", 60)
                before = time.monotonic()
                arn = server.ddb.create_backup(TableName=SOURCE, BackupName="pairs%d" % round_no)[
                    "BackupDetails"]["BackupArn"]
                after = time.monotonic()
                desc = _wait_backup(server.ddb, arn)
                assert desc["BackupDetails"]["BackupStatus"] == "AVAILABLE", desc
                base = acked()
                _poll(acked, lambda n: n >= base + MIN_PAIRS or failures, "writers", 60)
                time.sleep(rng.uniform(0, 0.3))
                server.kill()
            finally:
                stop.set()
                for th in writers:
                    th.join(timeout=30)
            assert not any(th.is_alive() for th in writers), "a client thread hung"
            assert not failures, failures
            errors = [(r["p"], r["detail"]) for r in mine if r["outcome"] == "error"]
            assert not errors, "unexpected error answers: %r" % errors[:10]
            records.extend(mine)
            counts = collections.Counter(r["outcome"] for r in mine)
            racing = [r for r in mine if r["done"] >= before and r["sent"] <= after]

            server.start()
            what = "round %d: table after the restart" % round_no
            in_table = _pairs_found(_scan(server.port, SOURCE, ConsistentRead=True), records, what,
                                    problems)
            for r in records:
                if r["outcome"] == "acked" and r["p"] not in in_table:
                    problems.append("%s: acknowledged pair %s missing" % (what, r["p"]))
                if r["outcome"] == "refused" and r["p"] in in_table:
                    problems.append("%s: refused pair %s present" % (what, r["p"]))
            earlier_table, in_earlier_table = in_table, earlier_table

            desc = _backup_status(server.ddb, arn)
            if desc is None or desc["BackupDetails"]["BackupStatus"] != "AVAILABLE":
                problems.append("round %d: backup %s AVAILABLE before the kill, after it %r" % (
                    round_no, arn, desc))
                continue
            target = "bkcrash_pairs%d" % round_no
            server.ddb.restore_table_from_backup(TargetTableName=target, BackupArn=arn)
            _wait_table_active(server.ddb, target)
            what = "round %d: restore of backup %s" % (round_no, arn)
            in_backup = _pairs_found(_scan(server.port, target, ConsistentRead=True), records,
                                     what, problems)
            for r in records:
                p = r["p"]
                if r["round"] < round_no and (p in in_backup) != (p in in_earlier_table):
                    problems.append("%s: pair %s of round %d: in it %s, in the table before %s" % (
                        what, p, r["round"], p in in_backup, p in in_earlier_table))
                if r["round"] == round_no and r["outcome"] == "acked" and r["done"] < before \
                        and p not in in_backup:
                    problems.append("%s: pair %s acknowledged before CreateBackup is missing" % (
                        what, p))
                if r["round"] == round_no and r["sent"] > after and p in in_backup:
                    problems.append("%s: pair %s sent after CreateBackup answered is in it" % (
                        what, p))
                if p in in_backup and p not in in_table:
                    problems.append("%s: pair %s is in the backup, not in the table" % (what, p))
            server.ddb.delete_table(TableName=target)
            rounds.append(dict(round=round_no, outcome="AVAILABLE", pairs=dict(counts),
                               racing_backup=len(racing),
                               racing_in_backup=sum(1 for r in racing if r["p"] in in_backup),
                               in_backup=len(in_backup), in_table=len(in_table)))
    finally:
        server.stop()
    _report(record_property, "backup under transactions crash test", seed,
            seed_dir["backup_seconds"], rounds)
    assert problems == []
