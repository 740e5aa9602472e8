"""DynamoDB Streams through the JavaScript SDK v3: runs conformance/js/streams_v3.mjs with node
against the server under test. The script creates a NEW_AND_OLD_IMAGES table, puts, updates and
deletes an item, reads the stream with DynamoDBStreamsClient (ListStreams, DescribeStream,
GetShardIterator TRIM_HORIZON on every shard, GetRecords) and checks INSERT/MODIFY/REMOVE with
their images; it exits non-zero on a mismatch.

Needs node (>= 20, the SDK's engines) and @aws-sdk/client-dynamodb + @aws-sdk/client-dynamodb-streams
in .deps/aws-sdk-v3 (tools/install-deps.sh --oracle); skipped otherwise, like the SDK v2 test in
test_workshop.py."""

import os
import re
import shutil
import subprocess

import pytest

from helpers import DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, LOCAL_REGION, delete_quietly, unique_name

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(REPO_ROOT, "conformance", "js", "streams_v3.mjs")
AWS_SDK_V3_DIR = os.path.join(REPO_ROOT, ".deps", "aws-sdk-v3")
PACKAGES = ("@aws-sdk/client-dynamodb", "@aws-sdk/client-dynamodb-streams")


@pytest.fixture(scope="module")
def node():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node not found on PATH")
    version = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=60)
    m = re.match(r"v(\d+)\.", version.stdout.strip())
    if not m or int(m.group(1)) < 20:
        pytest.skip("the JavaScript SDK v3 needs node >= 20, found %r" % version.stdout.strip())
    for package in PACKAGES:
        if not os.path.isdir(os.path.join(AWS_SDK_V3_DIR, "node_modules", package)):
            pytest.skip("JavaScript SDK v3 not installed; run: npm install --prefix %s %s"
                        % (AWS_SDK_V3_DIR, " ".join(PACKAGES)))
    return node


def _env(target, endpoint_url, region, table):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ENDPOINT_URL")}
    env.pop("DDB_ENDPOINT", None)
    if target != "aws":
        env.update(DDB_ENDPOINT=endpoint_url, AWS_ACCESS_KEY_ID=DUMMY_ACCESS_KEY,
                   AWS_SECRET_ACCESS_KEY=DUMMY_SECRET_KEY, AWS_REGION=LOCAL_REGION,
                   AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull)
        env.pop("AWS_PROFILE", None)
        env.pop("AWS_SESSION_TOKEN", None)
    else:
        env["AWS_REGION"] = region
    env.update(TABLE=table, AWS_SDK_V3_DIR=AWS_SDK_V3_DIR)
    return env


def test_streams_with_js_sdk_v3(ddb, target, endpoint_url, node):
    table = unique_name("jsv3")
    try:
        proc = subprocess.run([node, "--no-warnings", SCRIPT], cwd=REPO_ROOT,
                              env=_env(target, endpoint_url, ddb.meta.region_name, table),
                              capture_output=True, text=True, timeout=600)
    finally:
        delete_quietly(ddb, table)          # the script deletes it; this covers a crash
    detail = "exit %d\nstdout:\n%s\nstderr:\n%s" % (proc.returncode, proc.stdout, proc.stderr)
    assert proc.returncode == 0, detail
    lines = proc.stdout.splitlines()
    assert lines[-1:] == ["streams v3 scenario OK"], detail
    assert '"events":["INSERT","MODIFY","REMOVE"]' in lines[0], detail
