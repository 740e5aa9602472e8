"""The JavaScript SDK v3 DocumentClient (@aws-sdk/lib-dynamodb) and its paginators: runs
conformance/js/document_client_v3.mjs with node against the server under test.

Through a DynamoDBDocumentClient with removeUndefinedValues, the script writes 60 items (nested
maps, lists, string and number sets, binary, BigInt, fractional and negative numbers, null) with
PutCommand, BatchWriteCommand and TransactWriteCommand (and a cancelled transaction); reads them
back with GetCommand; updates one with an UpdateCommand expression (ALL_NEW); sees a conditional
PutCommand fail with ConditionalCheckFailedException and another succeed (ALL_OLD); then walks the
table with paginateQuery (forward, backward with a projection, filtered) and paginateScan at small
page sizes, and requires the pages to join to exactly the items written (count, Query order,
contents, LastEvaluatedKey). It exits non-zero on a mismatch.

Needs node (>= 20, the SDK's engines) and @aws-sdk/client-dynamodb + @aws-sdk/lib-dynamodb in
.deps/aws-sdk-v3 (tools/install-deps.sh --oracle); skipped otherwise, like test_js_sdk_v3.py."""

import json
import os
import re
import shutil
import subprocess

import pytest

from helpers import DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, LOCAL_REGION, delete_quietly, unique_name

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(REPO_ROOT, "conformance", "js", "document_client_v3.mjs")
AWS_SDK_V3_DIR = os.path.join(REPO_ROOT, ".deps", "aws-sdk-v3")
PACKAGES = ("@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb")


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
            pytest.skip("JavaScript SDK v3 DocumentClient not installed; run: npm install --prefix %s %s"
                        % (AWS_SDK_V3_DIR, " ".join(p + "@3" for p in PACKAGES)))
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


def test_document_client_and_paginators(ddb, target, endpoint_url, node):
    table = unique_name("jsdoc")
    try:
        proc = subprocess.run([node, "--no-warnings", SCRIPT], cwd=REPO_ROOT,
                              env=_env(target, endpoint_url, ddb.meta.region_name, table),
                              capture_output=True, text=True, timeout=600)
    finally:
        delete_quietly(ddb, table)          # the script deletes it; this covers a crash
    detail = "exit %d\nstdout:\n%s\nstderr:\n%s" % (proc.returncode, proc.stdout, proc.stderr)
    assert proc.returncode == 0, detail
    lines = proc.stdout.splitlines()
    assert lines[-1:] == ["document client v3 scenario OK"], detail
    summary = json.loads(lines[0])
    assert summary["table"] == table and summary["items"] == 60, detail
    # several pages each, and pages that join to every item
    for walk, total in (("queryForward", 30), ("queryBackward", 24), ("queryFiltered", 7), ("scan", 60)):
        pages = summary["pages"][walk]
        assert len(pages) >= 3 and sum(pages) == total, (walk, pages, detail)
