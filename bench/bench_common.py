"""Helpers shared by the benchmark scripts."""
import os
import socket

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR_DIR = os.path.join(ROOT, ".deps/dynamodb-local/node_modules/amplify-dynamodb-simulator/emulator")
# The servers compared, each as port -> (command, working directory), in-memory.
SERVERS = {
    "ddbemu": lambda port: ([os.path.join(ROOT, "build", "ddbemu"), "--port", str(port)], ROOT),
    "DynamoDB Local": lambda port: (["java", "-Djava.library.path=./DynamoDBLocal_lib", "-jar",
                                     "DynamoDBLocal.jar", "-inMemory", "-sharedDb", "-disableTelemetry",
                                     "-port", str(port)], JAR_DIR),
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    """Resident memory of a process, in KiB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def local_client(port, **config):
    """A boto3 client for a server on this machine, once it answers (up to 2 s)."""
    import time
    import boto3
    from botocore.config import Config
    ddb = boto3.client("dynamodb", endpoint_url="http://127.0.0.1:%d" % port, region_name="us-east-1",
                       aws_access_key_id="bench", aws_secret_access_key="bench", config=Config(**config))
    for _ in range(200):
        try:
            ddb.list_tables()
            break
        except Exception:
            time.sleep(0.01)
    return ddb


def write_result(name, lines):
    """Prints a results table and keeps it as bench/results/<name>."""
    import os
    results = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")
    os.makedirs(results, exist_ok=True)
    with open(os.path.join(results, name), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
