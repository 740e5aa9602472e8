"""Writes acknowledged before the server is killed with SIGKILL are there after a restart.

This needs a server the suite starts itself with a data directory: ddbemu with --db-path,
or DynamoDB Local with -dbPath. Against a URL or AWS it is skipped (nothing to kill).
"""
import os
import signal
import socket
import subprocess
import time

import boto3
import pytest
from botocore.config import Config

from conftest import DEFAULT_EMULATOR_BIN, DEFAULT_LOCAL_JAR
from helpers import DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, LOCAL_REGION

ITEMS = 200


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(target, data_dir, port):
    if target == "emulator":
        argv = [os.environ.get("DDBEMU_BIN", DEFAULT_EMULATOR_BIN), "--port", str(port), "--db-path", data_dir]
        cwd = None
    else:
        jar = os.environ.get("DDB_LOCAL_JAR", DEFAULT_LOCAL_JAR)
        cwd = os.path.dirname(jar)
        argv = ["java", "-Djava.library.path=" + os.path.join(cwd, "DynamoDBLocal_lib"), "-jar", jar,
                "-sharedDb", "-dbPath", data_dir, "-disableTelemetry", "-port", str(port)]
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = boto3.client("dynamodb", endpoint_url="http://127.0.0.1:%d" % port, region_name=LOCAL_REGION,
                          aws_access_key_id=DUMMY_ACCESS_KEY, aws_secret_access_key=DUMMY_SECRET_KEY,
                          config=Config(retries={"max_attempts": 1}, connect_timeout=1, read_timeout=10))
    deadline = time.monotonic() + 60
    while True:
        try:
            client.list_tables()
            return proc, client
        except Exception:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("server did not start: %r" % argv)
            time.sleep(0.05)


def test_acknowledged_writes_survive_kill_9(request, tmp_path):
    target = request.config.getoption("--target")
    if target not in ("emulator", "local"):
        pytest.skip("needs a server this suite starts with a data directory")
    data_dir = str(tmp_path / "data")
    os.makedirs(data_dir)

    proc, ddb = _start(target, data_dir, _free_port())
    try:
        ddb.create_table(TableName="durable", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                         BillingMode="PAY_PER_REQUEST")
        ddb.get_waiter("table_exists").wait(TableName="durable", WaiterConfig={"Delay": 1})
        for i in range(ITEMS):
            ddb.put_item(TableName="durable", Item={"pk": {"S": "k%d" % i}, "n": {"N": str(i)}})
        ddb.delete_item(TableName="durable", Key={"pk": {"S": "k0"}})
    finally:
        proc.send_signal(signal.SIGKILL)  # no chance to flush anything
        proc.wait()

    proc, ddb = _start(target, data_dir, _free_port())
    try:
        for i in range(1, ITEMS):
            item = ddb.get_item(TableName="durable", Key={"pk": {"S": "k%d" % i}}, ConsistentRead=True)
            assert item.get("Item") == {"pk": {"S": "k%d" % i}, "n": {"N": str(i)}}
        assert "Item" not in ddb.get_item(TableName="durable", Key={"pk": {"S": "k0"}}, ConsistentRead=True)
    finally:
        proc.terminate()
        proc.wait()
