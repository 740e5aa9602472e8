#!/usr/bin/env python3
"""What hostile or careless clients cost a running ddbemu (issue 20): the numbers behind the limits.

Starts the given ddbemu binary on a free port with the in-memory store and runs:

  stalled   N clients each ask for a ~3.9 MB TransactGetItems answer (or a ~16 MB BatchGetItem
            page) and never read it; the server's RSS is sampled, and one well-behaved client
            times a GetItem every 100 ms meanwhile.
  deep      two clients send an UpdateItem whose value nests 1,000,000 levels (8 MB) at once,
            while a third times ListTables.
  cap       opens idle connections up to and past the connection cap, then checks that one
            more client is answered (503) at once rather than left waiting, and that it is
            served once the idle connections time out.

Usage: bench/hardening.py [--bin build/ddbemu] [--only stalled|deep|cap] [--cap-timeout S]
Prints one line per figure; bench/results/ keeps dated runs.
"""

import argparse
import http.client
import json
import os
import resource
import socket
import statistics
import subprocess
import threading
import time

AUTH = ("AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, "
        "SignedHeaders=host, Signature=x")
ITEM_BYTES = 390_000


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request_bytes(operation, body):
    body = body.encode() if isinstance(body, str) else body
    head = ("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.0\r\n"
            "X-Amz-Target: DynamoDB_20120810.%s\r\nAuthorization: %s\r\nContent-Length: %d\r\n\r\n"
            % (operation, AUTH, len(body)))
    return head.encode() + body


def call(port, operation, body, timeout=120):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", "/", body=body, headers={
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810." + operation,
            "Authorization": AUTH})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def rss_mb(pid, field="VmRSS"):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


class Server:
    def __init__(self, binary, extra=()):
        self.port = free_port()
        self.proc = subprocess.Popen([binary, "--port", str(self.port), *extra],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("ddbemu did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def create_big_table(port, name, items):
    status, body = call(port, "CreateTable", json.dumps({
        "TableName": name, "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]}))
    assert status == 200, body
    value = "x" * ITEM_BYTES
    for i in range(items):
        status, body = call(port, "PutItem", json.dumps(
            {"TableName": name, "Item": {"pk": {"S": "k%03d" % i}, "v": {"S": value}}}))
        assert status == 200, body


def stalled(binary, clients, kind):
    server = Server(binary)
    try:
        pid, port = server.proc.pid, server.port
        create_big_table(port, "big", 100)
        if kind == "transact":
            op, body = "TransactGetItems", json.dumps({"TransactItems": [
                {"Get": {"TableName": "big", "Key": {"pk": {"S": "k%03d" % i}}}} for i in range(10)]})
        else:
            op, body = "BatchGetItem", json.dumps({"RequestItems": {"big": {"Keys": [
                {"pk": {"S": "k%03d" % i}} for i in range(100)]}}})
        status, answer = call(port, op, body)
        assert status == 200, answer[:300]
        answer_mb = len(answer) / 1e6
        baseline = rss_mb(pid)
        payload = request_bytes(op, body)
        sockets = []
        for _ in range(clients):
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.connect(("127.0.0.1", port))
            s.sendall(payload * 4)  # four requests each; at most one answer is queued at a time
            sockets.append(s)
        latencies, peak, start = [], baseline, time.time()
        get = json.dumps({"TableName": "big", "Key": {"pk": {"S": "k000"}}, "ProjectionExpression": "pk"})
        closed_at = None
        while time.time() - start < 40:
            t = time.time()
            status, _ = call(port, "GetItem", get)
            latencies.append(time.time() - t)
            assert status == 200
            peak = max(peak, rss_mb(pid))
            if closed_at is None and _server_connections(port) <= 1:
                closed_at = time.time() - start
            time.sleep(0.1)
        for s in sockets:
            s.close()
        print("stalled %s: %d clients not reading %.1f MB answers: RSS %.0f MB before, peak %.0f MB (VmHWM %.0f MB); "
              "all stalled connections closed after %s; a GetItem meanwhile: median %.1f ms, max %.0f ms"
              % (kind, clients, answer_mb, baseline, peak, rss_mb(pid, "VmHWM"),
                 "%.1f s" % closed_at if closed_at is not None else "more than 40 s",
                 1000 * statistics.median(latencies), 1000 * max(latencies)))
    finally:
        server.stop()


def _server_connections(port):
    """Established connections on the server's side of `port` (ss(8)); reading the stalled
    sockets to see whether they were closed would un-stall them."""
    out = subprocess.run(["ss", "-Htn", "state", "established", "( sport = :%d )" % port],
                         capture_output=True, text=True, check=True).stdout
    return len(out.splitlines())


def deep(binary):
    server = Server(binary)
    try:
        port = server.port
        call(port, "CreateTable", json.dumps({
            "TableName": "t", "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]}))
        depth = 1_000_000
        body = ('{"TableName":"t","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET a = :v",'
                '"ExpressionAttributeValues":{":v":' + '{"L":[' * depth + '{"S":"x"}' + ']}' * depth + '}}').encode()
        results, listing, done = [], [], threading.Event()

        def attacker():
            t = time.time()
            status, answer = call(port, "UpdateItem", body)
            results.append((time.time() - t, status, json.loads(answer).get("__type", "").split("#")[-1]))

        def lister():
            while not done.is_set():
                t = time.time()
                call(port, "ListTables", "{}")
                listing.append(time.time() - t)
                time.sleep(0.01)

        watcher = threading.Thread(target=lister)
        watcher.start()
        time.sleep(0.2)
        attackers = [threading.Thread(target=attacker) for _ in range(2)]
        for a in attackers:
            a.start()
        for a in attackers:
            a.join()
        time.sleep(0.2)
        done.set()
        watcher.join()
        print("deep: two %.1f MB values nested %d levels at once: answered %s in %s; ListTables meanwhile: "
              "%d calls, max %.1f ms" % (len(body) / 1e6, depth, results[0][2],
                                          ", ".join("%.0f ms" % (1000 * r[0]) for r in results),
                                          len(listing), 1000 * max(listing)))
    finally:
        server.stop()


def cap(binary, extra_connections, timeout_s):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    server = Server(binary, ["--max-connections", str(min(hard - 512, 19000))])
    try:
        port, limit = server.port, min(hard - 512, 19000)
        sockets, refused = [], 0
        t = time.time()
        for _ in range(limit + extra_connections):
            s = socket.socket()
            s.connect(("127.0.0.1", port))
            sockets.append(s)
        # The ones past the cap were answered 503 and closed.
        time.sleep(1)
        for s in sockets[limit:]:
            s.settimeout(2)
            try:
                refused += s.recv(64).startswith(b"HTTP/1.1 503")
            except OSError:
                pass
        opened = time.time() - t
        t = time.time()
        try:
            status, _ = call(port, "ListTables", "{}", timeout=10)
        except (ConnectionError, http.client.HTTPException):
            status = "closed"
        first = time.time() - t
        t = time.time()
        served = None
        while time.time() - t < timeout_s + 15:
            try:
                status2, _ = call(port, "ListTables", "{}", timeout=10)
                if status2 == 200:
                    served = time.time() - t
                    break
            except (ConnectionError, http.client.HTTPException):
                pass
            time.sleep(0.5)
        for s in sockets:
            s.close()
        print("cap: %d idle connections opened in %.1f s (cap %d): %d of the %d past the cap got 503; one more client: "
              "%s in %.0f ms; served %s later, once idle connections timed out"
              % (len(sockets), opened, limit, refused, extra_connections, status, 1000 * first,
                 "%.1f s" % served if served is not None else "not within %d s" % (timeout_s + 15)))
    finally:
        server.stop()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "build", "ddbemu"))
    parser.add_argument("--only", choices=["stalled", "deep", "cap"])
    parser.add_argument("--cap-timeout", type=float, default=30, help="the server's request timeout, seconds")
    args = parser.parse_args()
    if args.only in (None, "stalled"):
        stalled(args.bin, 32, "transact")
        stalled(args.bin, 16, "batch")
    if args.only in (None, "deep"):
        deep(args.bin)
    if args.only in (None, "cap"):
        cap(args.bin, 200, args.cap_timeout)


if __name__ == "__main__":
    main()
