"""A table's stream agrees with its writes across a crash: the server is killed with SIGKILL while
client threads write, and after a restart on the same data directory every shard of the
NEW_AND_OLD_IMAGES stream, read from TRIM_HORIZON, holds exactly the changes that were applied.

THREADS threads each own ITEMS items and send PutItem, UpdateItem (SET, creating the item when it
is missing), DeleteItem and TransactWriteItems (Put/Update/Delete on three of the thread's items,
sometimes with a ConditionCheck that fails so that the transaction is cancelled; some Puts carry a
condition that fails). Every write carries a value never used before (`op`), so each INSERT or
MODIFY record names the write it came from, and each thread sends its writes one at a time, so
the order of the changes to each item is known. A thread stops after a write whose outcome it
cannot know (connection closed or reset at the kill). There are ROUNDS rounds of: start the
server, check, send, SIGKILL while the threads are sending; then a last restart and check.

Each check reads every shard (DescribeStream paged, parents before children, each shard from
TRIM_HORIZON to its end or, if open, to its first empty answer) and walks each item's records
against the writes sent to it, in order: a write's record is either the next record (the write
was applied: the record is INSERT/MODIFY/REMOVE with exactly the OldImage and NewImage the write
implies) or absent (not applied). The check finds that

  * every record is explained by exactly one write, once, in order per item (no duplicate, no
    record of a write never sent, none out of order); sequence numbers increase within a shard;
  * no write answered with an error (ConditionalCheckFailed, TransactionCanceled) or refused
    (no connection) has a record: the walk skips them, and no record carries their values;
  * the item in the table (consistent Scan) is exactly the state the applied writes leave, so the
    last record of each item matches the table, and the table holds nothing else;
  * a transaction's changes are all in the stream or none of them;
  * whether a write was applied, once seen after a restart, is the same after every later restart;
  * and (a separate test) every acknowledged write is applied. A write in flight at the kill may
    or may not be.

One run serves both tests (module fixture); its counts are printed (pytest -s). Like
test_transaction_crash.py this needs a server the suite starts with a data directory (ddbemu
--db-path or DynamoDB Local -dbPath); against a URL or AWS it is skipped. DDB_CRASH_ROUNDS sets
the rounds (default 2).
"""
import collections
import json
import os
import random

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from crash_harness import crash_clients, traffic_then_kill
from helpers import wait_active
from test_durability import _free_port, _start

TABLE = "streamcrash"
THREADS = 4
ITEMS = 6              # items owned by each thread
ROUNDS = int(os.environ.get("DDB_CRASH_ROUNDS", "2"))  # kill/restart rounds
MIN_ACKED = 40         # acknowledged writes per round before the kill may come
# Answers of a live server that do not say whether the write was applied.
INDEFINITE_ERRORS = {"InternalServerError", "InternalFailure", "ServiceUnavailable",
                     "ThrottlingException", "RequestLimitExceeded",
                     "TransactionInProgressException"}
NOT_APPLIED = ("condfailed", "cancelled", "refused")

SRC_DURABLE = ("AWS Developer Guide, HowItWorks.ReadConsistency: a write answered with HTTP 200 "
               "has occurred and is durable; Streams.html: each stream record appears exactly "
               "once for every modification of an item")


def _pk(wid, j):
    return "w%d#%d" % (wid, j)


class Write:
    """One request: its effects [(pk, new item or None)] and its outcome as the client saw it."""

    def __init__(self, op, round_no, kind, effects):
        self.op = op
        self.round = round_no
        self.kind = kind
        self.effects = effects
        self.outcome = "sending"
        self.detail = None


def _item(pk, op, v, kind):
    return {"pk": {"S": pk}, "op": {"S": op}, "v": {"N": str(v)}, "kind": {"S": kind}}


def _make_write(rng, wid, round_no, n):
    """A random write on thread `wid`'s items; returns (Write, the request as (method, kwargs))."""
    op = "r%dw%dn%d" % (round_no, wid, n)
    r = rng.random()
    if r < 0.75:
        pk = _pk(wid, rng.randrange(ITEMS))
        key = {"pk": {"S": pk}}
        if r < 0.3:
            item = _item(pk, op, n, "put")
            kw = dict(TableName=TABLE, Item=item)
            if rng.random() < 0.15:     # fails whenever the item exists
                kw["ConditionExpression"] = "attribute_not_exists(pk)"
            return Write(op, round_no, "put", [(pk, item)]), ("put_item", kw)
        if r < 0.6:
            item = _item(pk, op, n, "update")
            return Write(op, round_no, "update", [(pk, item)]), ("update_item", dict(
                TableName=TABLE, Key=key, UpdateExpression="SET op = :o, v = :v, kind = :k",
                ExpressionAttributeValues={":o": item["op"], ":v": item["v"],
                                           ":k": item["kind"]}))
        return Write(op, round_no, "delete", [(pk, None)]), ("delete_item", dict(
            TableName=TABLE, Key=key))
    js = rng.sample(range(ITEMS), 4)
    actions, effects = [], []
    for idx, j in enumerate(js[:3]):
        pk = _pk(wid, j)
        sub = "%s.%d" % (op, idx)
        a = rng.choice(["Put", "Update", "Delete"])
        if a == "Put":
            item = _item(pk, sub, n, "tput")
            actions.append({"Put": {"TableName": TABLE, "Item": item}})
        elif a == "Update":
            item = _item(pk, sub, n, "tupdate")
            actions.append({"Update": {
                "TableName": TABLE, "Key": {"pk": {"S": pk}},
                "UpdateExpression": "SET op = :o, v = :v, kind = :k",
                "ExpressionAttributeValues": {":o": item["op"], ":v": item["v"],
                                              ":k": item["kind"]}}})
        else:
            item = None
            actions.append({"Delete": {"TableName": TABLE, "Key": {"pk": {"S": pk}}}})
        effects.append((pk, item))
    if rng.random() < 0.15:             # never true: the whole transaction is cancelled
        actions.append({"ConditionCheck": {"TableName": TABLE, "Key": {"pk": {"S": _pk(wid, js[3])}},
                                           "ConditionExpression": "attribute_exists(nope)"}})
    return Write(op, round_no, "transact", effects), ("transact_write_items",
                                                       dict(TransactItems=actions))


def _worker(client, round_no, wid, seed, writes, stop, failures):
    """Sends writes one at a time until `stop`, or until one's outcome cannot be known."""
    rng = random.Random(seed)
    n = 0
    try:
        while not stop.is_set():
            w, (method, kw) = _make_write(rng, wid, round_no, n)
            n += 1
            writes.append(w)
            try:
                getattr(client, method)(**kw)
                w.outcome = "acked"
            except ClientError as e:
                code = e.response["Error"]["Code"]
                w.detail = code
                if code == "ConditionalCheckFailedException":
                    w.outcome = "condfailed"
                elif code == "TransactionCanceledException":
                    w.outcome = "cancelled"
                else:  # an indefinite answer leaves the outcome unknown; others fail the test
                    w.outcome = "unknown" if code in INDEFINITE_ERRORS else "error"
            except EndpointConnectionError:
                w.outcome = "refused"           # no connection: the server never saw it
            except Exception as e:              # connection closed/reset, read timeout, ...
                w.outcome = "unknown"
                w.detail = type(e).__name__
            if w.outcome in ("unknown", "error"):
                return                          # what this thread's items hold is unknown now
    except BaseException as e:                  # a bug in the test: report it, don't hang
        failures.append(repr(e))


def _read_stream(streams, arn, problems, check_no):
    """Every record of every shard, parents before children, each shard from TRIM_HORIZON."""
    shards, kw = [], {}
    while True:
        desc = streams.describe_stream(StreamArn=arn, **kw)["StreamDescription"]
        shards += desc["Shards"]
        if not desc.get("LastEvaluatedShardId"):
            break
        kw["ExclusiveStartShardId"] = desc["LastEvaluatedShardId"]
    ids = {s["ShardId"] for s in shards}
    done, order = set(), []
    while len(order) < len(shards):
        ready = [s for s in shards if s["ShardId"] not in done and (
            not s.get("ParentShardId") or s["ParentShardId"] not in ids
            or s["ParentShardId"] in done)]
        assert ready, "shard lineage has a cycle: %r" % shards
        for s in ready:
            done.add(s["ShardId"])
            order.append(s)
    records = []
    for s in order:
        closed = "EndingSequenceNumber" in s["SequenceNumberRange"]
        it = streams.get_shard_iterator(StreamArn=arn, ShardId=s["ShardId"],
                                        ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        last = None
        for _ in range(100000):
            resp = streams.get_records(ShardIterator=it)
            for r in resp["Records"]:
                seq = int(r["dynamodb"]["SequenceNumber"])
                if last is not None and seq <= last:
                    problems["consistency"].append("check %d: shard %s: sequence number %d after "
                                                   "%d" % (check_no, s["ShardId"], seq, last))
                last = seq
            records += resp["Records"]
            it = resp.get("NextShardIterator")
            if not it or (not closed and not resp["Records"]):
                break
    return len(shards), records


def _scan_all(ddb):
    items, kw = [], {}
    while True:
        resp = ddb.scan(TableName=TABLE, ConsistentRead=True, **kw)
        items += resp["Items"]
        if "LastEvaluatedKey" not in resp:
            return items
        kw["ExclusiveStartKey"] = resp["LastEvaluatedKey"]


def _expected_record(old, new):
    if old is None and new is None:
        return None                                  # a delete of a missing item: no record
    name = "INSERT" if old is None else "REMOVE" if new is None else "MODIFY"
    return name, old, new


def _check(ddb, streams, arn, writes, resolved, problems, check_no):
    """Everything checked after a restart; violations go to problems["consistency"] and, for an
    acknowledged write without its record, problems["durable"]. `resolved` maps each write seen by
    an earlier check to whether it was applied. Returns (shard count, record count, applied ops)."""
    def bad(msg):
        problems["consistency"].append("check %d: %s" % (check_no, msg))

    shard_count, records = _read_stream(streams, arn, problems, check_no)
    ids = [r["eventID"] for r in records]
    if len(set(ids)) != len(ids):
        bad("duplicate eventIDs: %r" % [i for i, c in collections.Counter(ids).items() if c > 1])
    by_item = collections.defaultdict(list)
    for r in records:
        d = r["dynamodb"]
        if d.get("StreamViewType") != "NEW_AND_OLD_IMAGES" or set(d["Keys"]) != {"pk"}:
            bad("record shape %r" % r)
            continue
        by_item[d["Keys"]["pk"]["S"]].append((r["eventName"], d.get("OldImage"), d.get("NewImage")))

    # each item's writes in the order its thread sent them
    item_writes = collections.defaultdict(list)
    for w in writes:
        for pk, new in w.effects:
            item_writes[pk].append((w, new))
    for pk in sorted(set(by_item) - set(item_writes)):
        bad("records of an item never written: %s %r" % (pk, by_item[pk][:3]))

    # A write answered with an error, or refused, changed nothing: no record carries its values
    # (a REMOVE carries none; one of such a Delete is left unexplained by the walk below).
    # A write found absent by an earlier check stays absent.
    not_applied = {w.op: w for w in writes
                   if w.outcome in NOT_APPLIED or resolved.get(w.op) is False}
    for r in records:
        op = r["dynamodb"].get("NewImage", {}).get("op", {}).get("S", "")
        w = not_applied.get(op.split(".")[0])
        if w is not None:
            bad("%s write %s (%s)%s has a record: %r" % (
                w.outcome, w.op, w.detail, ", found absent before," if w.op in resolved else "",
                r["dynamodb"]))

    applied = collections.defaultdict(dict)   # op -> {pk: applied?} (effects that change something)
    table = {it["pk"]["S"]: it for it in _scan_all(ddb)}
    for pk, seq in item_writes.items():
        recs = by_item.get(pk, [])
        state, j = None, 0
        for w, new in seq:
            if w.outcome in NOT_APPLIED or resolved.get(w.op) is False:
                # known not applied (answered so, or found absent by an earlier check: a REMOVE
                # names no write, so the REMOVE of a later Delete could pass for its own)
                continue
            exp = _expected_record(state, new)
            if exp is None:
                continue                      # no change, no record, whether applied or not
            hit = j < len(recs) and recs[j] == exp
            applied[w.op][pk] = hit
            if hit:
                j += 1
                state = new
            elif w.outcome == "acked":
                problems["durable"].append("check %d: acknowledged %s %s has no record on %s" % (
                    check_no, w.kind, w.op, pk))
        if j < len(recs):
            bad("item %s: record %d of %d is explained by no write (duplicate, out of order or "
                "never sent): %r; state then %r" % (pk, j + 1, len(recs), recs[j], state))
        if table.get(pk) != state:
            bad("item %s: table %r, but its records leave %r" % (pk, table.get(pk), state))
    for pk in sorted(set(table) - set(item_writes)):
        bad("table item never written: %r" % table[pk])

    done = set()
    for w in writes:
        marks = applied.get(w.op, {})
        if len(set(marks.values())) > 1:
            bad("transaction %s (%s) partly in the stream: %r" % (w.op, w.outcome, marks))
        now = any(marks.values())
        if now:
            done.add(w.op)
        if marks and w.op in resolved and resolved[w.op] != now:
            bad("write %s was %s, now %s" % (w.op, "applied" if resolved[w.op] else "absent",
                                             "applied" if now else "absent"))
        if marks:
            resolved[w.op] = now
    return shard_count, len(records), done


@pytest.fixture(scope="module")
def crash_run(request, tmp_path_factory):
    target = request.config.getoption("--target")
    if target not in ("emulator", "local"):
        pytest.skip("needs a server this suite starts with a data directory")
    data_dir = str(tmp_path_factory.mktemp("streamcrash") / "data")
    os.makedirs(data_dir)
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    writes, resolved, summary = [], {}, []
    problems = {"consistency": [], "durable": []}

    port = _free_port()
    proc, ddb = _start(target, data_dir, port)
    try:
        resp = ddb.create_table(
            TableName=TABLE, BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        wait_active(ddb, TABLE, timeout=60)
        arn = resp["TableDescription"].get("LatestStreamArn") or \
            ddb.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]

        for round_no in range(1, ROUNDS + 2):
            if round_no > 1:  # restart on the same data directory and check all rounds so far
                port = _free_port()
                proc, ddb = _start(target, data_dir, port)
                assert ddb.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"] == arn
                streams = crash_clients(port, 1, service="dynamodbstreams")[0]
                shards, nrec, done = _check(ddb, streams, arn, writes, resolved, problems,
                                            round_no - 1)
                last = summary[-1]
                mine = [w for w in writes if w.round == round_no - 1]
                last.update(shards=shards, records_total=nrec,
                            applied=sum(1 for w in mine if w.op in done),
                            in_flight_applied=sum(1 for w in mine
                                                  if w.outcome == "unknown" and w.op in done),
                            acked_missing=sum(1 for w in mine if w.outcome == "acked"
                                              and resolved.get(w.op) is False))
            if round_no > ROUNDS:
                break
            mine = traffic_then_kill(proc, port, round_no, rng, _worker, THREADS, MIN_ACKED,
                                       lambda w: w.outcome, lambda w: (w.op, w.detail))
            writes.extend(mine)
            outcomes = collections.Counter(w.outcome for w in mine)
            summary.append(dict(
                round=round_no, attempted=len(mine), acked=outcomes["acked"],
                condfailed=outcomes["condfailed"], cancelled=outcomes["cancelled"],
                refused=outcomes["refused"], in_flight=outcomes["unknown"],
                kinds=dict(collections.Counter(w.kind for w in mine if w.outcome == "acked"))))
    finally:
        if proc.poll() is None:
            proc.terminate()
        proc.wait()

    totals = {k: sum(s.get(k, 0) for s in summary) for k in
              ("attempted", "acked", "condfailed", "cancelled", "refused", "in_flight",
               "applied", "in_flight_applied")}
    totals["records"] = summary[-1].get("records_total") if summary else 0
    print("\nstream crash test (%s, seed %d):" % (target, seed))
    for s in summary:
        print("  round %s" % json.dumps(s, sort_keys=True))
    print("  total %s" % json.dumps(totals, sort_keys=True))
    for kind, msgs in problems.items():
        for m in msgs[:20]:
            print("  %s: %s" % (kind, m))
    return dict(seed=seed, rounds=summary, totals=totals, problems=problems)


def test_stream_matches_writes_after_kill_9(crash_run, record_property):
    record_property("crash_counts", json.dumps({k: crash_run[k] for k in
                                                ("seed", "rounds", "totals")}))
    assert crash_run["totals"]["acked"] > 0
    assert crash_run["totals"]["records"] > 0
    assert crash_run["problems"]["consistency"] == []


@pytest.mark.local_differs(
    "Local can acknowledge a write that a kill -9 then loses, from the table and its stream "
    "alike; AWS: " + SRC_DURABLE)
def test_acknowledged_writes_have_records_after_kill_9(crash_run):
    assert crash_run["totals"]["acked"] > 0
    assert crash_run["problems"]["durable"] == []
