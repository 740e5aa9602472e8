#!/usr/bin/env python3
"""Start-up time and idle memory: ddbemu beside DynamoDB Local, same client.

For each server, N times: start it on a free port, time until the first ListTables
answers 200 (a raw HTTP client polling every 2 ms), read its resident memory (VmRSS)
after the answer, stop it. Prints medians and the ratio Local / ddbemu.

Usage: bench/startup_memory.py [--runs N]   (run from the repository root, after a build)
"""
import argparse, http.client, os, statistics, subprocess, sys, time

from bench_common import free_port, rss_kib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR_DIR = os.path.join(ROOT, ".deps/dynamodb-local/node_modules/amplify-dynamodb-simulator/emulator")
HEADERS = {
    "Content-Type": "application/x-amz-json-1.0",
    "X-Amz-Target": "DynamoDB_20120810.ListTables",
    "Authorization": "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, "
                     "SignedHeaders=host, Signature=0",
}


def answers(port):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        c.request("POST", "/", body="{}", headers=HEADERS)
        ok = c.getresponse().status == 200
        c.close()
        return ok
    except OSError:
        return False


def measure(command, cwd, port, timeout=60):
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not answers(port):
            if proc.poll() is not None or time.perf_counter() - start > timeout:
                raise RuntimeError(f"{command[0]} did not start")
            time.sleep(0.002)
        elapsed = time.perf_counter() - start
        time.sleep(0.5)  # idle
        return elapsed, rss_kib(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    servers = {
        "ddbemu": lambda p: ([os.path.join(ROOT, "build/ddbemu"), "--port", str(p)], ROOT),
        "DynamoDB Local": lambda p: (["java", "-Djava.library.path=./DynamoDBLocal_lib", "-jar", "DynamoDBLocal.jar",
                                     "-inMemory", "-sharedDb", "-disableTelemetry", "-port", str(p)], JAR_DIR),
    }
    results = {}
    for name, make in servers.items():
        times, mems = [], []
        for _ in range(args.runs):
            port = free_port()
            cmd, cwd = make(port)
            t, m = measure(cmd, cwd, port)
            times.append(t)
            mems.append(m)
        results[name] = (statistics.median(times), statistics.median(mems))
        print(f"{name:15s} start-up median {results[name][0] * 1000:8.1f} ms   idle RSS median "
              f"{results[name][1] / 1024:7.1f} MiB   ({args.runs} runs)")
    e, l = results["ddbemu"], results["DynamoDB Local"]
    print(f"ratio Local/ddbemu: start-up {l[0] / e[0]:.0f}x   idle memory {l[1] / e[1]:.1f}x")


if __name__ == "__main__":
    sys.exit(main())
