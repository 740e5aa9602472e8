"""tools/stream-tail (docs/stream-tail.md) against the server under test, and its shard scheduler
against a scripted fake Streams client.

Against the server: writes of every kind (PutItem, UpdateItem, DeleteItem, BatchWriteItem,
TransactWriteItems) on a NEW_AND_OLD_IMAGES table, then `stream-tail --once --from trim-horizon`
must print one JSON line per change, each exactly once and in order per item, with the images the
writes imply (binary values in base64, ApproximateCreationDateTime a number). `--from latest`
in follow mode prints only what is written after it started and exits quietly on Ctrl-C (SIGINT,
status 130). Each runs under this interpreter and under another python3 with a different boto3 if
there is one (the tool must work with Debian's boto3 1.26 and a current one). On ddbemu, shards
rolled over by the admin clock must be read parent first.

Against the fake (no server; DynamoDB Local has one shard per stream and never rolls over in a
test's time): the ParentShardId lineage rule with parents described after their children and
trimmed parents, DescribeStream paging, expired iterators renewed AFTER_SEQUENCE_NUMBER the last
record, closed shards ending without NextShardIterator, a shard closing and gaining a child during
--once, --from latest skipping history, and follow mode ending when the stream is DISABLED.
"""
import base64
import importlib.machinery
import importlib.util
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from helpers import DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, LOCAL_REGION, Admin

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOL = os.path.join(REPO_ROOT, "tools", "stream-tail")
OTHER_PYTHONS = ["/usr/bin/python3", "/root/.pyenv/versions/3.11.7/bin/python3",
                 shutil.which("python3"), shutil.which("python3.11"), shutil.which("python3.12")]
NEW_AND_OLD = {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
SHARD_ROLLOVER = 14400   # ddbemu's default --shard-rollover (seconds of engine clock)


def _load_tool():
    loader = importlib.machinery.SourceFileLoader("stream_tail", TOOL)
    spec = importlib.util.spec_from_loader("stream_tail", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


# --------------------------------------------------------------------------
# Running the tool
# --------------------------------------------------------------------------

def _boto3_version(python):
    try:
        out = subprocess.run([python, "-c", "import boto3; print(boto3.__version__)"],
                             capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


@pytest.fixture(scope="module", params=["this", "other"])
def python(request):
    """This interpreter, then another python3 whose boto3 differs (skipped if there is none)."""
    if request.param == "this":
        return sys.executable
    seen = {boto3.__version__}
    for candidate in OTHER_PYTHONS:
        if candidate and os.path.isfile(candidate) and os.path.realpath(candidate) != \
                os.path.realpath(sys.executable):
            version = _boto3_version(candidate)
            if version and version not in seen:
                return candidate
    pytest.skip("no other python3 with a different boto3 among %s" % [p for p in OTHER_PYTHONS if p])


def _tool_argv(python, target, endpoint_url, region, table, *args):
    where = ["--aws", "--region", region] if target == "aws" else ["--endpoint-url", endpoint_url]
    return [python, TOOL, table] + where + list(args)


def _tool_env(target):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if target != "aws":
        # no credentials at all: the tool must sign with its dummy ones
        for k in list(env):
            if k.startswith("AWS_"):
                del env[k]
        env.update(AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull)
    return env


def _run_once(python, target, endpoint_url, region, table, *args):
    proc = subprocess.run(_tool_argv(python, target, endpoint_url, region, table, "--once", *args),
                          env=_tool_env(target), capture_output=True, text=True, timeout=120)
    detail = "exit %d\nstdout:\n%s\nstderr:\n%s" % (proc.returncode, proc.stdout, proc.stderr)
    assert proc.returncode == 0, detail
    return [json.loads(line) for line in proc.stdout.splitlines()], detail


def _poll_once(python, target, endpoint_url, region, table, want, *args, timeout=30):
    """Runs --once until it prints `want` records or the deadline passes (records reach the stream
    asynchronously on AWS); returns the last run's records and output."""
    deadline = time.monotonic() + timeout
    while True:
        records, detail = _run_once(python, target, endpoint_url, region, table, *args)
        if len(records) >= want or time.monotonic() > deadline:
            return records, detail
        time.sleep(0.5)


@pytest.fixture(scope="module")
def streams(target, endpoint_url):
    config = Config(retries={"max_attempts": 1, "total_max_attempts": 1})
    if target == "aws":
        return boto3.client("dynamodbstreams", config=config)
    return boto3.client("dynamodbstreams", endpoint_url=endpoint_url, region_name=LOCAL_REGION,
                        aws_access_key_id=DUMMY_ACCESS_KEY, aws_secret_access_key=DUMMY_SECRET_KEY,
                        config=config)


def _describe_all(streams, arn):
    shards, kw = [], {}
    while True:
        desc = streams.describe_stream(StreamArn=arn, **kw)["StreamDescription"]
        shards += desc["Shards"]
        if not desc.get("LastEvaluatedShardId"):
            return desc, shards
        kw["ExclusiveStartShardId"] = desc["LastEvaluatedShardId"]


# --------------------------------------------------------------------------
# The writes and the records they imply
# --------------------------------------------------------------------------

def _wire(item):
    """An item as it appears in the tool's JSON: binary values in base64."""
    def value(v):
        (t, x), = v.items()
        if t == "B":
            return {"B": base64.b64encode(x).decode("ascii")}
        if t == "BS":
            return {"BS": [base64.b64encode(b).decode("ascii") for b in x]}
        if t == "L":
            return {"L": [value(e) for e in x]}
        if t == "M":
            return {"M": {k: value(e) for k, e in x.items()}}
        return {t: x}
    return None if item is None else {k: value(v) for k, v in item.items()}


class Expected:
    """The stream records a sequence of writes implies, per item: (eventName, OldImage, NewImage)."""

    def __init__(self):
        self.state = {}
        self.records = {}

    def change(self, pk, new):
        old = self.state.get(pk)
        if old is None and new is None:
            return
        name = "INSERT" if old is None else "REMOVE" if new is None else "MODIFY"
        self.records.setdefault(pk, []).append((name, _wire(old), _wire(new)))
        self.state[pk] = new

    def count(self):
        return sum(len(v) for v in self.records.values())


def _write_everything(ddb, table, prefix):
    """One item per kind of write sequence; returns the Expected model."""
    exp = Expected()
    k = ["%s#%d" % (prefix, i) for i in range(8)]

    def S(s):
        return {"S": s}

    def N(n):
        return {"N": str(n)}

    def key(pk):
        return {"pk": S(pk)}

    def put(pk, item):
        ddb.put_item(TableName=table, Item=item)
        exp.change(pk, item)

    # k0: Put (binary values), Update, Delete
    item = {"pk": S(k[0]), "v": N(1), "bin": {"B": b"\x00\xff"}, "bs": {"BS": [b"x", b"yz"]}}
    put(k[0], item)
    ddb.update_item(TableName=table, Key=key(k[0]), UpdateExpression="SET v = :v, w = :w",
                    ExpressionAttributeValues={":v": N(2), ":w": S("two")})
    exp.change(k[0], dict(item, v=N(2), w=S("two")))
    ddb.delete_item(TableName=table, Key=key(k[0]))
    exp.change(k[0], None)
    # k1: Put, Put over it, Update ADD
    put(k[1], {"pk": S(k[1]), "v": N(1)})
    put(k[1], {"pk": S(k[1]), "v": N(10), "m": {"M": {"a": {"L": [N(1), S("x")]}}}})
    ddb.update_item(TableName=table, Key=key(k[1]), UpdateExpression="ADD v :d",
                    ExpressionAttributeValues={":d": N(5)})
    exp.change(k[1], {"pk": S(k[1]), "v": N(15), "m": {"M": {"a": {"L": [N(1), S("x")]}}}})
    # k2: UpdateItem creating the item, Delete, Put again
    ddb.update_item(TableName=table, Key=key(k[2]), UpdateExpression="SET v = :v",
                    ExpressionAttributeValues={":v": N(1)})
    exp.change(k[2], {"pk": S(k[2]), "v": N(1)})
    ddb.delete_item(TableName=table, Key=key(k[2]))
    exp.change(k[2], None)
    put(k[2], {"pk": S(k[2]), "v": N(3)})
    # k3, k4: BatchWriteItem puts, then a batch delete of k3 and a batch put over k4
    ddb.batch_write_item(RequestItems={table: [
        {"PutRequest": {"Item": {"pk": S(k[3]), "v": N(1)}}},
        {"PutRequest": {"Item": {"pk": S(k[4]), "v": N(1)}}}]})
    exp.change(k[3], {"pk": S(k[3]), "v": N(1)})
    exp.change(k[4], {"pk": S(k[4]), "v": N(1)})
    ddb.batch_write_item(RequestItems={table: [
        {"DeleteRequest": {"Key": key(k[3])}},
        {"PutRequest": {"Item": {"pk": S(k[4]), "v": N(2)}}}]})
    exp.change(k[3], None)
    exp.change(k[4], {"pk": S(k[4]), "v": N(2)})
    # k5, k6, k7: TransactWriteItems (Put, Update creating, then Update, Delete, Put)
    ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": table, "Item": {"pk": S(k[5]), "v": N(1)}}},
        {"Update": {"TableName": table, "Key": key(k[6]), "UpdateExpression": "SET v = :v",
                    "ExpressionAttributeValues": {":v": N(1)}}}])
    exp.change(k[5], {"pk": S(k[5]), "v": N(1)})
    exp.change(k[6], {"pk": S(k[6]), "v": N(1)})
    ddb.transact_write_items(TransactItems=[
        {"Update": {"TableName": table, "Key": key(k[5]), "UpdateExpression": "SET v = v + :one",
                    "ExpressionAttributeValues": {":one": N(1)}}},
        {"Delete": {"TableName": table, "Key": key(k[6])}},
        {"Put": {"TableName": table, "Item": {"pk": S(k[7]), "v": N(7)}}}])
    exp.change(k[5], {"pk": S(k[5]), "v": N(2)})
    exp.change(k[6], None)
    exp.change(k[7], {"pk": S(k[7]), "v": N(7)})
    return exp


def _check_records(records, exp, view_type="NEW_AND_OLD_IMAGES", detail=""):
    """Every printed record has the GetRecords shape; per item they are exactly the expected
    changes, each once, in order."""
    ids = [r.get("eventID") for r in records]
    assert len(set(ids)) == len(ids), "duplicate eventIDs\n" + detail
    got = {}
    for r in records:
        d = r["dynamodb"]
        assert r["eventSource"] == "aws:dynamodb", r
        assert r["eventVersion"] == "1.1", r
        assert isinstance(d["ApproximateCreationDateTime"], (int, float)) and not isinstance(
            d["ApproximateCreationDateTime"], bool), r
        assert d["SequenceNumber"].isdigit(), r
        assert d["StreamViewType"] == view_type, r
        assert isinstance(d["SizeBytes"], int), r
        pk = d["Keys"]["pk"]["S"]
        assert d["Keys"] == {"pk": {"S": pk}}, r
        got.setdefault(pk, []).append((r["eventName"], d.get("OldImage"), d.get("NewImage")))
    assert got == exp.records, detail


# --------------------------------------------------------------------------
# Against the server under test
# --------------------------------------------------------------------------

def test_once_from_trim_horizon_prints_every_write_once_in_order(
        ddb, table_factory, target, endpoint_url, python):
    table, _ = table_factory("tail", StreamSpecification=NEW_AND_OLD)
    exp = _write_everything(ddb, table, "a")
    records, detail = _poll_once(python, target, endpoint_url, ddb.meta.region_name, table,
                                 exp.count(), "--from", "trim-horizon")
    _check_records(records, exp, detail=detail)
    # a second reader from TRIM_HORIZON sees the same records again, in the same order per shard
    again, detail = _run_once(python, target, endpoint_url, ddb.meta.region_name, table,
                              "--from", "trim-horizon")
    assert sorted(r["eventID"] for r in again) == sorted(r["eventID"] for r in records), detail


def test_once_from_latest_prints_nothing_old(ddb, table_factory, target, endpoint_url, python):
    table, _ = table_factory("tail", StreamSpecification=NEW_AND_OLD)
    ddb.put_item(TableName=table, Item={"pk": {"S": "old"}})
    records, detail = _run_once(python, target, endpoint_url, ddb.meta.region_name, table)
    assert records == [], detail


def test_stream_arn_argument_and_keys_only(ddb, table_factory, target, endpoint_url, python):
    table, resp = table_factory("tail", StreamSpecification={"StreamEnabled": True,
                                                              "StreamViewType": "KEYS_ONLY"})
    arn = resp["TableDescription"].get("LatestStreamArn") or \
        ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    exp = Expected()
    for i in range(3):
        ddb.put_item(TableName=table, Item={"pk": {"S": "k%d" % i}, "v": {"N": "1"}})
        exp.records["k%d" % i] = [("INSERT", None, None)]
    records, detail = _poll_once(python, target, endpoint_url, ddb.meta.region_name, arn, 3,
                                 "--from", "trim-horizon")
    _check_records(records, exp, view_type="KEYS_ONLY", detail=detail)


def test_missing_table_and_table_without_stream_exit_1(ddb, table, target, endpoint_url):
    for name, text in ((table, "has no stream"), (table + "_missing", "not found")):
        proc = subprocess.run(_tool_argv(sys.executable, target, endpoint_url,
                                         ddb.meta.region_name, name, "--once"),
                              env=_tool_env(target), capture_output=True, text=True, timeout=120)
        assert proc.returncode == 1, proc
        assert proc.stdout == "", proc
        assert proc.stderr.startswith("stream-tail: ") and text in proc.stderr, proc
        assert "Traceback" not in proc.stderr, proc


class _Lines:
    """Collects a pipe's lines on a thread."""

    def __init__(self, pipe):
        self.q = queue.Queue()
        self.lines = []
        threading.Thread(target=self._pump, args=(pipe,), daemon=True).start()

    def _pump(self, pipe):
        for line in pipe:
            self.q.put(line)

    def wait(self, done, timeout):
        deadline = time.monotonic() + timeout
        while not done(self.lines) and time.monotonic() < deadline:
            try:
                self.lines.append(self.q.get(timeout=0.1))
            except queue.Empty:
                pass
        while not self.q.empty():
            self.lines.append(self.q.get())
        return self.lines


def test_follow_from_latest_then_ctrl_c(ddb, streams, table_factory, target, endpoint_url,
                                         python):
    table, _ = table_factory("tail", StreamSpecification=NEW_AND_OLD)
    arn = ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    ddb.put_item(TableName=table, Item={"pk": {"S": "before"}})   # history: not printed
    _, shards = _describe_all(streams, arn)
    open_shards = sum(1 for s in shards if "EndingSequenceNumber" not in s["SequenceNumberRange"])
    proc = subprocess.Popen(
        _tool_argv(python, target, endpoint_url, ddb.meta.region_name, table, "-v",
                   "--interval", "0.2"),
        env=_tool_env(target), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = _Lines(proc.stdout), _Lines(proc.stderr)
        started = err.wait(lambda ls: sum("from LATEST" in l for l in ls) >= open_shards, 30)
        assert sum("from LATEST" in l for l in started) >= open_shards, started
        exp = Expected()
        for i in range(4):
            pk = "after%d" % i
            ddb.put_item(TableName=table, Item={"pk": {"S": pk}, "v": {"N": "1"}})
            exp.change(pk, {"pk": {"S": pk}, "v": {"N": "1"}})
        ddb.delete_item(TableName=table, Key={"pk": {"S": "after0"}})
        exp.change("after0", None)
        lines = out.wait(lambda ls: len(ls) >= exp.count(), 30)
        records = [json.loads(l) for l in lines]
        _check_records(records, exp, detail="".join(lines + err.lines))
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 130
        err.wait(lambda ls: False, 0.5)
        assert not any("Traceback" in l or "KeyboardInterrupt" in l for l in err.lines), err.lines
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_once_reads_parent_shards_before_children(ddb, streams, table_factory, target,
                                                  endpoint_url):
    """ddbemu closes every shard after --shard-rollover seconds of its clock and opens a child;
    an item written before and after the rollover has records in both, which the tool must
    print parent first."""
    if target != "emulator":
        pytest.skip("needs ddbemu's admin clock to roll shards over (DynamoDB Local rolls over "
                    "after 4 hours of real time; AWS's clock cannot be moved)")
    admin = Admin(endpoint_url)
    table, _ = table_factory("tail", StreamSpecification=NEW_AND_OLD)
    arn = ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    exp = Expected()
    for round_no in range(3):
        for i in range(12):
            pk = "k%d" % i
            item = {"pk": {"S": pk}, "round": {"N": str(round_no)}}
            ddb.put_item(TableName=table, Item=item)
            exp.change(pk, item)
        if round_no < 2:                # three generations: root, child, grandchild
            admin.call("clock", {"advance": SHARD_ROLLOVER + 1})
            admin.call("ttl/sweep", {})     # runs the stream housekeeping now as well
    _, shards = _describe_all(streams, arn)
    assert any(s.get("ParentShardId") for s in shards), shards
    records, detail = _run_once(sys.executable, target, endpoint_url, ddb.meta.region_name, table,
                                "--from", "trim-horizon")
    _check_records(records, exp, detail=detail)


# --------------------------------------------------------------------------
# The scheduler against a scripted fake Streams client
# --------------------------------------------------------------------------

def _err(code, op):
    return ClientError({"Error": {"Code": code, "Message": ""}}, op)


class FakeStreams:
    """A stream of scripted shards: {id: {"parent": id|None, "records": [...], "closed": bool}}.
    Records are {"eventID": x, "dynamodb": {"SequenceNumber": ...}}. DescribeStream lists shards
    in `order`, `page` per call. GetRecords returns up to `limit` records."""

    def __init__(self, shards, order, page=2, limit=2):
        self.shards = shards
        self.order = order
        self.page = page
        self.limit = limit
        self.status = "ENABLED"
        self.seq = 0
        self.iterators = {}
        self.expire = set()          # (shard, position) whose next GetRecords expires once
        self.calls = []
        self.on_empty = {}           # shard -> callback run on its first empty open answer
        for sid in order:
            recs = shards[sid]["records"]
            shards[sid]["records"] = []
            for name in recs:
                self.append(sid, name)

    def append(self, sid, name):
        self.seq += 1
        self.shards[sid]["records"].append(
            {"eventID": name, "dynamodb": {"SequenceNumber": "%021d" % self.seq}})

    def add_shard(self, sid, parent, names=(), closed=False):
        self.shards[sid] = {"parent": parent, "records": [], "closed": closed}
        self.order.append(sid)
        for name in names:
            self.append(sid, name)

    def describe_stream(self, StreamArn, ExclusiveStartShardId=None):
        self.calls.append(("DescribeStream", ExclusiveStartShardId))
        ids = list(self.order)
        if ExclusiveStartShardId is not None:
            ids = ids[ids.index(ExclusiveStartShardId) + 1:]
        out = []
        for sid in ids[:self.page]:
            s = self.shards[sid]
            rng = {"StartingSequenceNumber": "0"}
            if s["closed"]:
                rng["EndingSequenceNumber"] = "9" * 21
            d = {"ShardId": sid, "SequenceNumberRange": rng}
            if s["parent"]:
                d["ParentShardId"] = s["parent"]
            out.append(d)
        desc = {"StreamArn": StreamArn, "StreamStatus": self.status, "Shards": out}
        if len(ids) > self.page:
            desc["LastEvaluatedShardId"] = ids[self.page - 1]
        return {"StreamDescription": desc}

    def _iterator(self, sid, pos):
        it = "it-%d" % len(self.iterators)
        self.iterators[it] = (sid, pos)
        return it

    def get_shard_iterator(self, StreamArn, ShardId, ShardIteratorType, SequenceNumber=None):
        self.calls.append(("GetShardIterator", ShardId, ShardIteratorType, SequenceNumber))
        recs = self.shards[ShardId]["records"]
        if ShardIteratorType == "TRIM_HORIZON":
            pos = 0
        elif ShardIteratorType == "LATEST":
            pos = len(recs)
        else:
            seqs = [r["dynamodb"]["SequenceNumber"] for r in recs]
            pos = seqs.index(SequenceNumber) + (ShardIteratorType == "AFTER_SEQUENCE_NUMBER")
        return {"ShardIterator": self._iterator(ShardId, pos)}

    def get_records(self, ShardIterator):
        sid, pos = self.iterators[ShardIterator]
        self.calls.append(("GetRecords", sid, pos))
        if (sid, pos) in self.expire:
            self.expire.discard((sid, pos))
            raise _err("ExpiredIteratorException", "GetRecords")
        shard = self.shards[sid]
        recs = shard["records"][pos:pos + self.limit]
        resp = {"Records": recs}
        end = pos + len(recs)
        if not (shard["closed"] and end >= len(shard["records"])):
            resp["NextShardIterator"] = self._iterator(sid, end)
        if not recs and not shard["closed"] and sid in self.on_empty:
            self.on_empty.pop(sid)(self)
        return resp


def _run_fake(fake, **kw):
    tool = _load_tool()
    out = []
    tail = tool.StreamTail(fake, "arn:fake/stream/x", lambda r: out.append(r["eventID"]), **kw)
    tail.run()
    return out


def _before(out, first, then):
    """Every record named in `first` is printed before any named in `then`."""
    a = [i for i, n in enumerate(out) if n in first]
    b = [i for i, n in enumerate(out) if n in then]
    return not a or not b or max(a) < min(b)


def test_fake_lineage_paging_and_expired_iterators():
    shards = {
        "A": {"parent": None, "records": ["a1", "a2", "a3"], "closed": True},
        "B": {"parent": "A", "records": ["b1", "b2", "b3", "b4", "b5"], "closed": True},
        "C": {"parent": "B", "records": ["c1", "c2"], "closed": False},
        "D": {"parent": "trimmed", "records": ["d1"], "closed": True},   # parent gone
        "E": {"parent": "D", "records": ["e1", "e2", "e3"], "closed": False},
    }
    fake = FakeStreams(shards, order=["C", "E", "B", "D", "A"], page=2, limit=2)
    fake.expire.add(("B", 2))          # B's second page: the iterator expired
    fake.expire.add(("E", 0))          # E's first page, before any record of E was seen
    out = _run_fake(fake, start="trim-horizon", once=True)
    names = ["a1", "a2", "a3", "b1", "b2", "b3", "b4", "b5", "c1", "c2", "d1", "e1", "e2", "e3"]
    assert sorted(out) == sorted(names), out                         # each exactly once
    for sid, names_ in (("A", ["a1", "a2", "a3"]), ("B", ["b1", "b2", "b3", "b4", "b5"]),
                        ("C", ["c1", "c2"]), ("E", ["e1", "e2", "e3"])):   # order per shard
        assert [n for n in out if n in names_] == names_, (sid, out)
    assert _before(out, {"a1", "a2", "a3"}, {"b1", "b2", "b3", "b4", "b5"}), out
    assert _before(out, {"b1", "b2", "b3", "b4", "b5"}, {"c1", "c2"}), out
    assert _before(out, {"d1"}, {"e1", "e2", "e3"}), out
    # DescribeStream paged through all 5 shards with ExclusiveStartShardId
    assert [c[1] for c in fake.calls if c[0] == "DescribeStream"][:3] == [None, "E", "D"]
    # the expired iterators were renewed: B after its last record seen (b2), E from its start
    renewals = [c for c in fake.calls if c[0] == "GetShardIterator"]
    assert ("GetShardIterator", "B", "AFTER_SEQUENCE_NUMBER",
            shards["B"]["records"][1]["dynamodb"]["SequenceNumber"]) in renewals, renewals
    assert [c for c in renewals if c[1] == "E"] == [
        ("GetShardIterator", "E", "TRIM_HORIZON", None)] * 2, renewals


def test_fake_once_follows_a_shard_that_closes_and_gains_a_child():
    shards = {"A": {"parent": None, "records": ["a1"], "closed": False}}
    fake = FakeStreams(shards, order=["A"])

    def close_and_split(f):
        f.append("A", "a2")
        f.shards["A"]["closed"] = True
        f.add_shard("A1", "A", ["x1", "x2", "x3"])

    fake.on_empty["A"] = close_and_split
    out = _run_fake(fake, start="trim-horizon", once=True)
    assert out == ["a1", "a2", "x1", "x2", "x3"], out


def test_fake_latest_skips_history_and_reads_new_shards_from_trim_horizon():
    shards = {
        "old": {"parent": None, "records": ["o1"], "closed": True},
        "A": {"parent": "old", "records": ["a1", "a2"], "closed": False},
    }
    fake = FakeStreams(shards, order=["old", "A"])
    steps = []
    clock = [0.0]

    def sleep(seconds):
        clock[0] += seconds
        steps.append(seconds)
        if len(steps) == 1:       # written after the tool started
            fake.append("A", "a3")
        elif len(steps) == 2:     # A rolls over
            fake.append("A", "a4")
            fake.shards["A"]["closed"] = True
            fake.add_shard("A1", "A", ["n1", "n2"])
        elif len(steps) > 50:
            raise KeyboardInterrupt

    tool = _load_tool()
    out = []
    tail = tool.StreamTail(fake, "arn:fake/stream/x", lambda r: out.append(r["eventID"]),
                           start="latest", once=False, interval=0.5, describe_interval=2.0,
                           sleep=sleep, clock=lambda: clock[0])
    with pytest.raises(KeyboardInterrupt):
        tail.run()
    assert out == ["a3", "a4", "n1", "n2"], out
    assert ("GetShardIterator", "A1", "TRIM_HORIZON", None) in fake.calls


def test_fake_follow_ends_when_the_stream_is_disabled_and_read():
    shards = {"A": {"parent": None, "records": ["a1"], "closed": False}}
    fake = FakeStreams(shards, order=["A"])
    clock = [0.0]

    def sleep(seconds):
        clock[0] += seconds
        if clock[0] > 100:
            raise AssertionError("still running after the stream was disabled and read")
        if fake.status == "ENABLED":
            fake.append("A", "a2")
            fake.shards["A"]["closed"] = True
            fake.status = "DISABLED"

    tool = _load_tool()
    out = []
    tool.StreamTail(fake, "arn:fake/stream/x", lambda r: out.append(r["eventID"]),
                    start="trim-horizon", once=False, describe_interval=1.0, sleep=sleep,
                    clock=lambda: clock[0]).run()
    assert out == ["a1", "a2"], out


def test_record_line_prints_epoch_numbers_and_base64():
    import datetime
    tool = _load_tool()
    rec = {"eventName": "INSERT", "dynamodb": {
        "ApproximateCreationDateTime": datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc),
        "NewImage": {"b": {"B": b"\x00\xff"}, "bs": {"BS": [b"a"]}}}}
    assert json.loads(tool.record_line(rec)) == {"eventName": "INSERT", "dynamodb": {
        "ApproximateCreationDateTime": 1767225600,
        "NewImage": {"b": {"B": "AP8="}, "bs": {"BS": ["YQ=="]}}}}
    assert "\n" not in tool.record_line(rec)
