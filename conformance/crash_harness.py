"""What the kill -9 tests share (test_transaction_crash.py, test_stream_crash.py): clients that never
retry, and a round of traffic from several threads that ends with SIGKILL while they still send."""

import collections
import signal
import threading
import time

import boto3
from botocore.config import Config

from helpers import DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, LOCAL_REGION


def crash_clients(port, n, service="dynamodb", read_timeout=10):
    """n clients of `service` on their own sessions: one attempt per request, short timeouts."""
    cfg = Config(retries={"max_attempts": 1, "total_max_attempts": 1}, connect_timeout=1,
                 read_timeout=read_timeout, max_pool_connections=2)
    return [boto3.session.Session().client(
        service, endpoint_url="http://127.0.0.1:%d" % port, region_name=LOCAL_REGION,
        aws_access_key_id=DUMMY_ACCESS_KEY, aws_secret_access_key=DUMMY_SECRET_KEY, config=cfg)
        for _ in range(n)]


def traffic_then_kill(proc, port, round_no, rng, worker, threads, min_acked, outcome, label,
                      read_timeout=10):
    """`threads` threads run worker(client, round_no, thread, seed, entries, stop, failures), which
    appends what it sends to `entries`; once `min_acked` entries are acknowledged, after a random
    pause, the server gets SIGKILL while they still send. `outcome(entry)` is "sending", "acked",
    "unknown", "error", ...; `label(entry)` names it in messages. Returns this round's entries."""
    entries, stop, failures = [], threading.Event(), []
    workers = [threading.Thread(target=worker, args=(
        c, round_no, w, rng.randrange(1 << 30), entries, stop, failures))
        for w, c in enumerate(crash_clients(port, threads, read_timeout=read_timeout))]
    for th in workers:
        th.start()
    try:
        deadline = time.monotonic() + 60
        while sum(1 for e in entries if outcome(e) == "acked") < min_acked:
            if time.monotonic() > deadline or failures or proc.poll() is not None:
                raise AssertionError("round %d: server made no progress: %r, failures %r" % (
                    round_no, collections.Counter(outcome(e) for e in entries), failures))
            time.sleep(0.02)
        time.sleep(rng.uniform(0.2, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        stop.set()
        for th in workers:
            th.join(timeout=30)
    assert not any(th.is_alive() for th in workers), "a client thread hung"
    assert not failures, failures
    assert all(outcome(e) != "sending" for e in entries)
    errors = [label(e) for e in entries if outcome(e) == "error"]
    assert not errors, "unexpected error answers: %r" % errors[:10]
    return entries
