"""dynamodb-admin, the local web GUI for DynamoDB (npm dynamodb-admin), as a drop-in client: the
test seeds a pk (S) + sk (N) table with boto3, starts dynamodb-admin against the server under test
and runs conformance/js/dynamodb_admin.mjs, which drives its pages in headless Chromium with
playwright-core (table list, item grid, create item in the JSON editor, Get by key, edit an item,
Meta and TTL tabs). Afterwards boto3 must find the item created and the item edited in the GUI
exactly as typed, and the other items untouched.

The DynamoDB operations dynamodb-admin sends on these pages: ListTables (paged with
ExclusiveStartTableName), DescribeTable, Scan (Limit 10, paged with ExclusiveStartKey), GetItem,
PutItem and DescribeTimeToLive; signed with SigV4 for AWS_REGION and carrying
X-Amz-Security-Token ("token" unless AWS_SESSION_TOKEN is set).

Needs node, Debian's chromium and the npm packages dynamodb-admin + playwright-core in
.deps/dynamodb-admin (tools/install-deps.sh --oracle); skipped otherwise, and for --target aws
(dynamodb-admin is a local development tool). With DDBEMU_SCREENSHOT_DIR set, the screenshot of
the table page is kept there as dynamodb-admin-table.png (docs/images for the docs)."""

import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest

import local_servers
from helpers import DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, LOCAL_REGION, delete_quietly, unique_name, wait_exists

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(REPO_ROOT, "conformance", "js", "dynamodb_admin.mjs")
ADMIN_DIR = os.path.join(REPO_ROOT, ".deps", "dynamodb-admin")
ADMIN_BIN = os.path.join(ADMIN_DIR, "node_modules", "dynamodb-admin", "dist", "dynamodb-admin.js")
PACKAGES = ("dynamodb-admin", "playwright-core")
INSTALL_HINT = "run tools/install-deps.sh --oracle (or: npm install --prefix %s %s)" % (
    ADMIN_DIR, " ".join(PACKAGES))
SCREENSHOT_NAME = "dynamodb-admin-table.png"


def S(v):
    return {"S": v}


def N(v):
    return {"N": v}


# The items of dynamodb_admin.mjs (SEED, CREATED, EDITED there) in DynamoDB JSON.
SEED = [
    {"pk": S("alpha"), "sk": N("1"), "name": S("Alpha"), "count": N("10"), "active": {"BOOL": True}},
    {"pk": S("bravo"), "sk": N("2"), "name": S("Bravo"), "count": N("20"),
     "tags": {"L": [S("x"), S("y")]}, "profile": {"M": {"city": S("Oslo")}}},
    {"pk": S("charlie"), "sk": N("3"), "name": S("Charlie"), "count": N("30")},
]
CREATED = {"pk": S("delta"), "sk": N("4"), "name": S("Delta from the GUI"), "count": N("40"),
           "nested": {"M": {"list": {"L": [N("1"), S("two"), {"BOOL": False}]},
                            "nothing": {"NULL": True}}},
           "price": N("12.5")}
EDITED = {"pk": S("bravo"), "sk": N("2"), "name": S("Bravo edited in the GUI"), "count": N("21"),
          "tags": {"L": [S("x"), S("y"), S("z")]}, "editedBy": S("dynamodb-admin")}


@pytest.fixture(scope="module")
def tools(target):
    if target == "aws":
        pytest.skip("dynamodb-admin is a local development tool; not run against AWS")
    node = shutil.which("node")
    if node is None:
        pytest.skip("node not found on PATH")
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium not found on PATH; run: apt-get install -y chromium "
                    "(or tools/install-deps.sh --oracle)")
    for package in PACKAGES:
        if not os.path.isdir(os.path.join(ADMIN_DIR, "node_modules", package)):
            pytest.skip("npm package %s not installed; %s" % (package, INSTALL_HINT))
    return node, chromium


def _admin_env(endpoint_url, port):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AWS_") and k not in ("DYNAMO_ENDPOINT", "HOST", "PORT", "BASE_PATH")}
    env.update(DYNAMO_ENDPOINT=endpoint_url, AWS_REGION=LOCAL_REGION,
               AWS_ACCESS_KEY_ID=DUMMY_ACCESS_KEY, AWS_SECRET_ACCESS_KEY=DUMMY_SECRET_KEY,
               HOST="127.0.0.1", PORT=str(port))
    env.pop("NODE_ENV", None)           # dynamodb-admin refuses to run with NODE_ENV=production
    return env


def _wait_answers(proc, url, log_path, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    with open(log_path, "rb") as f:
        log = f.read()[-4000:].decode("utf-8", "replace")
    raise AssertionError("dynamodb-admin did not answer %s within %ss (exit code %s); log:\n%s"
                         % (url, timeout, proc.poll(), log))


def _stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _scan_all(ddb, table):
    items, kwargs = [], {}
    while True:
        page = ddb.scan(TableName=table, ConsistentRead=True, **kwargs)
        items.extend(page["Items"])
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def test_dynamodb_admin_gui(ddb, endpoint_url, tools, tmp_path):
    node, chromium = tools
    table = unique_name("admin")
    keep_dir = os.environ.get("DDBEMU_SCREENSHOT_DIR")
    screenshot = os.path.join(os.path.abspath(keep_dir) if keep_dir else str(tmp_path), SCREENSHOT_NAME)
    if keep_dir:
        os.makedirs(os.path.dirname(screenshot), exist_ok=True)
    admin = None
    log_path = str(tmp_path / "dynamodb-admin.log")
    try:
        ddb.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                    {"AttributeName": "sk", "KeyType": "RANGE"}],
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                               {"AttributeName": "sk", "AttributeType": "N"}])
        wait_exists(ddb, table)
        for item in SEED:
            ddb.put_item(TableName=table, Item=item)

        port = local_servers.free_port()
        admin_url = "http://127.0.0.1:%d" % port
        with open(log_path, "wb") as log:
            admin = subprocess.Popen([node, ADMIN_BIN], cwd=ADMIN_DIR, env=_admin_env(endpoint_url, port),
                                     stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        # a static asset: answers without calling DynamoDB
        _wait_answers(admin, admin_url + "/assets/css/bootstrap.min.css", log_path)

        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(ADMIN_URL=admin_url, TABLE=table, CHROMIUM=chromium, SCREENSHOT=screenshot,
                   DYNAMODB_ADMIN_DIR=ADMIN_DIR)
        proc = subprocess.run([node, "--no-warnings", SCRIPT], cwd=REPO_ROOT, env=env,
                              capture_output=True, text=True, timeout=600)
        with open(log_path, "rb") as f:
            admin_log = f.read()[-6000:].decode("utf-8", "replace")
        detail = "exit %d\nstdout:\n%s\nstderr:\n%s\ndynamodb-admin log:\n%s" % (
            proc.returncode, proc.stdout, proc.stderr, admin_log)
        assert proc.returncode == 0, detail
        assert proc.stdout.splitlines()[-1:] == ["dynamodb-admin scenario OK"], detail

        with open(screenshot, "rb") as f:
            png = f.read()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10000, "screenshot %s is no PNG" % screenshot

        # What the GUI wrote, read back with boto3.
        key = lambda item: {"pk": item["pk"], "sk": item["sk"]}  # noqa: E731
        created = ddb.get_item(TableName=table, Key=key(CREATED), ConsistentRead=True).get("Item")
        assert created == CREATED
        edited = ddb.get_item(TableName=table, Key=key(EDITED), ConsistentRead=True).get("Item")
        assert edited == EDITED            # PutItem replaced it: "profile" is gone
        order = lambda item: item["pk"]["S"]  # noqa: E731
        assert sorted(_scan_all(ddb, table), key=order) == sorted([SEED[0], EDITED, SEED[2], CREATED],
                                                                   key=order)
    finally:
        if admin is not None:
            _stop(admin)
        delete_quietly(ddb, table)
