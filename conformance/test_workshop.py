"""Runs the workshop scripts beside the repository unchanged against the server under test.

users_crud.py creates a table literally named "Users", runs put/get/update/conditional put/delete
on it and deletes it, printing "users CRUD scenario OK". section1_fundamentals.py,
section2_single_table_seed.py and section3_sharding.py write with boto3.resource's batch_writer
(BatchWriteItem) and read with Query and Scan on a PK/SK (both S) table named by $TABLE, which
the test creates fresh (and deletes). The scripts read their endpoint from AWS_ENDPOINT_URL, which
only boto3 >= 1.28 honours, so they run under a separate interpreter (Debian's boto3 1.26 would
silently talk to AWS)."""

import ast
import collections
import contextlib
import fcntl
import os
import re
import shutil
import subprocess

import pytest
from botocore.exceptions import ClientError

from helpers import (Admin, DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, LOCAL_REGION, delete_quietly,
                     hash_range_schema)

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKSHOP = os.path.join(os.path.dirname(REPO_ROOT), "shared", "workshop")
USERS_CRUD = os.path.join(WORKSHOP, "users_crud.py")
CANDIDATE_PYTHONS = ["/root/.pyenv/versions/3.11.7/bin/python3", shutil.which("python3"),
                     shutil.which("python3.11"), shutil.which("python3.12"), "/usr/bin/python3"]
LOCK_PATH = "/tmp/ddbconf-workshop-users-table.lock"
SECTIONS_LOCK_PATH = "/tmp/ddbconf-workshop-sections.lock"


def _boto3_version(python):
    try:
        out = subprocess.run([python, "-c", "import boto3; print(boto3.__version__)"],
                             capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    try:
        return tuple(int(p) for p in out.stdout.strip().split(".")[:2])
    except ValueError:
        return None


@pytest.fixture(scope="module")
def modern_python():
    seen = set()
    for python in CANDIDATE_PYTHONS:
        if not python or python in seen or not os.path.isfile(python):
            continue
        seen.add(python)
        version = _boto3_version(python)
        if version is not None and version >= (1, 28):
            return python
    pytest.skip("no python3 with boto3 >= 1.28 (needed for AWS_ENDPOINT_URL) among %s"
                % [p for p in CANDIDATE_PYTHONS if p])


@contextlib.contextmanager
def _exclusive(path):
    """The script uses the fixed table name "Users": never run two copies at once."""
    with open(path, "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _table_exists(ddb, name):
    try:
        ddb.describe_table(TableName=name)
        return True
    except ClientError as e:
        if e.response["Error"]["Code"] == "ResourceNotFoundException":
            return False
        raise


def _script_env(target, endpoint_url):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AWS_ENDPOINT_URL") and k != "PYTHONPATH"}
    if target != "aws":
        env.update(AWS_ENDPOINT_URL=endpoint_url, AWS_ACCESS_KEY_ID=DUMMY_ACCESS_KEY,
                   AWS_SECRET_ACCESS_KEY=DUMMY_SECRET_KEY, AWS_DEFAULT_REGION=LOCAL_REGION,
                   AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull)
        env.pop("AWS_PROFILE", None)
        env.pop("AWS_SESSION_TOKEN", None)
    return env


def test_users_crud_script(ddb, target, endpoint_url, modern_python):
    if not os.path.isfile(USERS_CRUD):
        pytest.skip("workshop script not found: %s" % USERS_CRUD)
    owns_server = target in ("emulator", "local")
    with _exclusive(LOCK_PATH):
        if _table_exists(ddb, "Users"):
            if not owns_server:
                pytest.skip('a table named "Users" already exists on %s; not touching it' % target)
            delete_quietly(ddb, "Users")       # leftover of an earlier failed run on our server
        try:
            proc = subprocess.run([modern_python, USERS_CRUD], cwd=WORKSHOP,
                                  env=_script_env(target, endpoint_url), capture_output=True,
                                  text=True, timeout=300)
        finally:
            if owns_server:
                delete_quietly(ddb, "Users")
    detail = "exit %d\nstdout:\n%s\nstderr:\n%s" % (proc.returncode, proc.stdout, proc.stderr)
    assert proc.returncode == 0, detail
    assert "users CRUD scenario OK" in proc.stdout.splitlines(), detail


# ---------------------------------------------------------------------------
# section1/2/3: batch_writer, Query and Scan on a fresh PK/SK table
# ---------------------------------------------------------------------------

def _run_section(script, table, ddb, target, endpoint_url, modern_python):
    path = os.path.join(WORKSHOP, script)
    if not os.path.isfile(path):
        pytest.skip("workshop script not found: %s" % path)
    env = _script_env(target, endpoint_url)
    env["TABLE"] = table
    env["AWS_REGION"] = ddb.meta.region_name      # us-east-1 except with --target aws
    # The table name is unique, but the scripts are serialised like users_crud.py so that two
    # suites never drive the same server with them at once.
    with _exclusive(SECTIONS_LOCK_PATH):
        proc = subprocess.run([modern_python, path], cwd=WORKSHOP, env=env, capture_output=True,
                              text=True, timeout=300)
    detail = "exit %d\nstdout:\n%s\nstderr:\n%s" % (proc.returncode, proc.stdout, proc.stderr)
    assert proc.returncode == 0, detail
    return proc.stdout, detail


def _line(stdout, prefix, detail):
    lines = [l for l in stdout.splitlines() if l.startswith(prefix)]
    assert len(lines) == 1, detail
    return lines[0][len(prefix):]


def _printed_items(text, detail):
    """The scripts print lists of boto3 resource items (dicts of str/Decimal); parse them."""
    text = text.strip()
    # Decimal('1') -> '1' so that ast.literal_eval accepts it
    text = re.sub(r"Decimal\('([^']*)'\)", r"'\1'", text)
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError) as e:
        raise AssertionError("cannot parse %r: %s\n%s" % (text[:300], e, detail))
    assert isinstance(value, list), detail
    return value


def _scan_all(ddb, table):
    items = []
    kw = {}
    while True:
        resp = ddb.scan(TableName=table, ConsistentRead=True, **kw)
        items.extend(resp["Items"])
        if "LastEvaluatedKey" not in resp:
            return items
        kw["ExclusiveStartKey"] = resp["LastEvaluatedKey"]


@pytest.fixture
def pk_sk_table(table_factory):
    name, _ = table_factory("ws", schema=hash_range_schema("PK", "S", "SK", "S"))
    return name


def test_section1_fundamentals(ddb, target, endpoint_url, modern_python, pk_sk_table):
    out, detail = _run_section("section1_fundamentals.py", pk_sk_table, ddb, target, endpoint_url,
                               modern_python)
    queried = _printed_items(_line(out, "Query (profile + orders): ", detail), detail)
    # sort-key byte order: "ORDER#..." < "PROFILE#..." ('O' 0x4F < 'P' 0x50)
    assert [(it["PK"], it["SK"]) for it in queried] == [
        ("USER#u123", "ORDER#20250927#o1"), ("USER#u123", "ORDER#20250928#o2"),
        ("USER#u123", "PROFILE#u123")], detail
    assert queried[0] == {"PK": "USER#u123", "SK": "ORDER#20250927#o1", "type": "ORDER",
                          "status": "PENDING"}, detail
    assert queried[2] == {"PK": "USER#u123", "SK": "PROFILE#u123", "type": "USER",
                          "name": "Ada"}, detail
    scanned = _printed_items(_line(out, "Scan sample: ", detail), detail)
    assert sorted(scanned, key=lambda it: it["SK"]) == queried, detail
    assert len(_scan_all(ddb, pk_sk_table)) == 3


def test_section2_single_table_seed(ddb, target, endpoint_url, modern_python, pk_sk_table):
    out, detail = _run_section("section2_single_table_seed.py", pk_sk_table, ddb, target,
                               endpoint_url, modern_python)
    assert out.splitlines() == ["Seeded single-table items for user u200 in %s" % pk_sk_table], \
        detail
    items = _scan_all(ddb, pk_sk_table)
    assert sorted(it["SK"]["S"] for it in items) == [
        "ORDER#20250925#o100", "ORDER#20250926#o101", "ORDER#20250928#o102", "PROFILE#u200"]
    assert all(it["PK"] == {"S": "USER#u200"} for it in items)


def test_section3_sharding(ddb, target, endpoint_url, modern_python, pk_sk_table):
    out, detail = _run_section("section3_sharding.py", pk_sk_table, ddb, target, endpoint_url,
                               modern_python)
    m = re.match(r"^Fetched (\d+) events across shards; first 5: (.*)$",
                 "Fetched " + _line(out, "Fetched ", detail))
    assert m, detail
    items = _scan_all(ddb, pk_sk_table)
    assert len(items) == 120, detail
    by_shard = collections.defaultdict(list)
    for it in items:
        by_shard[it["PK"]["S"]].append(it["SK"]["S"])
    assert set(by_shard) <= {"USER#hotuser#S%d" % i for i in range(4)}
    # each shard query is Limit=50, ScanIndexForward=False: the 50 largest sort keys per shard
    fetched = [sk for sks in by_shard.values() for sk in sorted(sks, reverse=True)[:50]]
    assert int(m.group(1)) == len(fetched), detail
    first5 = _printed_items(m.group(2), detail)
    assert [it["SK"] for it in first5] == sorted(fetched, reverse=True)[:5], detail
    for it in first5:
        n = int(it["SK"].split("#")[2])
        assert it["payload"] == {"n": str(n), "shard": it["PK"].rsplit("#", 1)[1]}, detail
        assert it["type"] == "EVENT", detail


# ---------------------------------------------------------------------------
# GSI scripts: section2_gsi_sparse.py (UpdateTable adds a GSI), session_store.py (fixed table
# "Sessions" with a GSI) and many_to_many.js (JavaScript SDK v2, fixed table "EducationTable",
# TransactWriteItems, GSI query). GSI reads are eventually consistent on AWS, so the checks made
# here after a script poll with a deadline; the scripts themselves are run unchanged.
# ---------------------------------------------------------------------------

import json
import time

GSI_SCRIPT_TIMEOUT = 2400           # an index build on AWS took up to ~17 minutes (empty table)
SESSIONS_LOCK_PATH = "/tmp/ddbconf-workshop-sessions-table.lock"
EDUCATION_LOCK_PATH = "/tmp/ddbconf-workshop-education-table.lock"
AWS_SDK_V2_NODE_PATH = os.path.join(REPO_ROOT, ".deps", "aws-sdk-v2", "node_modules")


def _eventually(fetch, expected, what, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        got = fetch()
        if got == expected:
            return
        if time.monotonic() > deadline:
            raise AssertionError("%s: got %r, expected %r" % (what, got, expected))
        time.sleep(0.5)


def _index_query(ddb, table, index, cond, values):
    items, kw = [], {}
    while True:
        resp = ddb.query(TableName=table, IndexName=index, KeyConditionExpression=cond,
                         ExpressionAttributeValues=values, **kw)
        items.extend(resp["Items"])
        if "LastEvaluatedKey" not in resp:
            return items
        kw["ExclusiveStartKey"] = resp["LastEvaluatedKey"]


@pytest.fixture
def provisioned_pk_sk_table(table_factory):
    # section2_gsi_sparse.py creates its index with ProvisionedThroughput 5/5, which AWS only
    # accepts on a PROVISIONED table.
    name, _ = table_factory("wsgsi", schema=hash_range_schema("PK", "S", "SK", "S"),
                            ProvisionedThroughput={"ReadCapacityUnits": 5,
                                                   "WriteCapacityUnits": 5})
    return name


def test_section2_gsi_sparse(ddb, target, endpoint_url, modern_python, provisioned_pk_sk_table):
    table = provisioned_pk_sk_table
    path = os.path.join(WORKSHOP, "section2_gsi_sparse.py")
    if not os.path.isfile(path):
        pytest.skip("workshop script not found: %s" % path)
    env = _script_env(target, endpoint_url)
    env["TABLE"] = table
    env["AWS_REGION"] = ddb.meta.region_name
    with _exclusive(SECTIONS_LOCK_PATH):
        proc = subprocess.run([modern_python, path], cwd=WORKSHOP, env=env, capture_output=True,
                              text=True, timeout=GSI_SCRIPT_TIMEOUT)
    detail = "exit %d\nstdout:\n%s\nstderr:\n%s" % (proc.returncode, proc.stdout, proc.stderr)
    assert proc.returncode == 0, detail
    lines = proc.stdout.splitlines()
    assert len(lines) == 2, detail
    assert lines[0] == "PENDING orders across all users in personal table:", detail
    pending = {"PK": "USER#u200", "SK": "ORDER#20250926#o101", "type": "ORDER",
               "status": "PENDING", "GSI1PK": "STATUS#PENDING", "GSI1SK": "20250926#o101"}
    printed = _printed_items(lines[1], detail)
    # The script queries the index right after its writes; on AWS that read may miss them.
    assert printed in ([pending], []), detail
    if target != "aws":
        assert printed == [pending], detail
    t = ddb.describe_table(TableName=table)["Table"]
    assert len(t["GlobalSecondaryIndexes"]) == 1, t
    g = t["GlobalSecondaryIndexes"][0]
    assert g["IndexName"] == "GSI1_Status"
    assert g["IndexStatus"] == "ACTIVE"
    assert g["KeySchema"] == [{"AttributeName": "GSI1PK", "KeyType": "HASH"},
                              {"AttributeName": "GSI1SK", "KeyType": "RANGE"}]
    assert g["Projection"] == {"ProjectionType": "ALL"}
    assert g["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert g["ProvisionedThroughput"]["WriteCapacityUnits"] == 5
    assert sorted(d["AttributeName"] for d in t["AttributeDefinitions"]) == \
        ["GSI1PK", "GSI1SK", "PK", "SK"]
    assert sorted(it["SK"]["S"] for it in _scan_all(ddb, table)) == \
        ["ORDER#20250926#o101", "ORDER#20250928#o102"]
    _eventually(lambda: [(it["PK"]["S"], it["SK"]["S"]) for it in _index_query(
        ddb, table, "GSI1_Status", "GSI1PK = :s", {":s": {"S": "STATUS#SHIPPED"}})],
        [("USER#u200", "ORDER#20250928#o102")], "SHIPPED orders through the GSI")
    _eventually(lambda: _index_query(ddb, table, "GSI1_Status", "GSI1PK = :s",
                                     {":s": {"S": "STATUS#PENDING"}}),
                [{k: {"S": v} for k, v in pending.items()}], "PENDING orders through the GSI")


def _run_fixed_table_script(ddb, target, argv, table_name, lock_path, env, timeout=600,
                            inspect=None):
    """Runs a script that creates the fixed-name table `table_name`; serialised, and the table is
    removed afterwards (it is skipped if someone else's table of that name exists on AWS or on a
    server given by URL). `inspect(proc, detail)` runs after a successful script, before the
    table is removed."""
    owns_server = target in ("emulator", "local")
    with _exclusive(lock_path):
        if _table_exists(ddb, table_name):
            if not owns_server:
                pytest.skip('a table named "%s" already exists on %s; not touching it'
                            % (table_name, target))
            delete_quietly(ddb, table_name)
            ddb.get_waiter("table_not_exists").wait(TableName=table_name,
                                                    WaiterConfig={"Delay": 1, "MaxAttempts": 300})
        try:
            proc = subprocess.run(argv, cwd=WORKSHOP, env=env, capture_output=True, text=True,
                                  timeout=timeout)
            detail = "exit %d\nstdout:\n%s\nstderr:\n%s" % (proc.returncode, proc.stdout,
                                                            proc.stderr)
            if inspect is not None and proc.returncode == 0:
                inspect(proc, detail)
        finally:
            if _table_exists(ddb, table_name):
                try:
                    ddb.delete_table(TableName=table_name)
                except ClientError as e:
                    if e.response["Error"]["Code"] not in ("ResourceNotFoundException",
                                                           "ResourceInUseException"):
                        raise
    return proc, detail


def test_session_store_script(ddb, target, endpoint_url, modern_python):
    path = os.path.join(WORKSHOP, "session_store.py")
    if not os.path.isfile(path):
        pytest.skip("workshop script not found: %s" % path)
    proc, detail = _run_fixed_table_script(ddb, target, [modern_python, path], "Sessions",
                                           SESSIONS_LOCK_PATH, _script_env(target, endpoint_url))
    assert proc.returncode == 0, detail
    assert proc.stdout.splitlines() == ["session store scenario OK"], detail


def test_many_to_many_js(ddb, target, endpoint_url):
    path = os.path.join(WORKSHOP, "many_to_many.js")
    if not os.path.isfile(path):
        pytest.skip("workshop script not found: %s" % path)
    node = shutil.which("node")
    if node is None:
        pytest.skip("node not found on PATH")
    if not os.path.isdir(os.path.join(AWS_SDK_V2_NODE_PATH, "aws-sdk")):
        pytest.skip("JavaScript SDK v2 not installed; run: npm install --prefix %s aws-sdk@2"
                    % os.path.dirname(AWS_SDK_V2_NODE_PATH))
    env = _script_env(target, endpoint_url)
    env.pop("DDB_ENDPOINT", None)
    if target != "aws":
        env["DDB_ENDPOINT"] = endpoint_url
    env["NODE_PATH"] = AWS_SDK_V2_NODE_PATH
    env["AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE"] = "1"

    def inspect(proc, detail):
        items = {(it["PK"]["S"], it["SK"]["S"]): it for it in _scan_all(ddb, "EducationTable")}
        assert sorted(items) == [
            ("COURSE#2001", "METADATA"), ("COURSE#2002", "METADATA"),
            ("STUDENT#1001", "ENROLLMENT#COURSE#2001"), ("STUDENT#1001", "ENROLLMENT#COURSE#2002"),
            ("STUDENT#1001", "PROFILE"), ("STUDENT#1002", "ENROLLMENT#COURSE#2001"),
            ("STUDENT#1002", "PROFILE")], detail
        enrollment = items[("STUDENT#1002", "ENROLLMENT#COURSE#2001")]
        assert enrollment["GSI1PK"] == {"S": "COURSE#2001"}, enrollment
        assert enrollment["GSI1SK"] == {"S": "ENROLLMENT#STUDENT#1002"}, enrollment
        assert enrollment["studentName"] == {"S": "Bob Jones"}, enrollment
        assert enrollment["courseName"] == {"S": "Introduction to DynamoDB"}, enrollment
        assert enrollment["status"] == {"S": "active"}, enrollment

    proc, detail = _run_fixed_table_script(ddb, target, [node, path], "EducationTable",
                                           EDUCATION_LOCK_PATH, env, inspect=inspect)
    assert proc.returncode == 0, detail
    lines = proc.stdout.splitlines()
    assert len(lines) == 2, detail
    # courses: base-table Query on STUDENT#1001; students: GSI1 Query on COURSE#2001, ordered by
    # GSI1SK (on AWS the GSI read right after the transaction is eventually consistent)
    assert json.loads(lines[0]) == {
        "courses": ["ENROLLMENT#COURSE#2001", "ENROLLMENT#COURSE#2002"],
        "students": ["STUDENT#1001", "STUDENT#1002"]}, detail
    assert lines[1] == "many-to-many scenario OK", detail


# ---------------------------------------------------------------------------
# infra_tables.sh (AWS CLI: TTL, continuous backups, tags, SSE, a GSI) and session expiry
# ---------------------------------------------------------------------------

INFRA_LOCK_PATH = "/tmp/ddbconf-workshop-infra-tables.lock"
INFRA_TABLES = ("user-sessions", "user-orders", "users")


@pytest.mark.local_differs("DynamoDB Local 1.25.1 answers UnknownOperationException to "
                           "UpdateContinuousBackups, which the script calls -- AWS API reference "
                           "API_UpdateContinuousBackups.html")
def test_infra_tables_script(ddb, target, endpoint_url):
    path = os.path.join(WORKSHOP, "infra_tables.sh")
    if not os.path.isfile(path):
        pytest.skip("workshop script not found: %s" % path)
    if shutil.which("aws") is None:
        pytest.skip("aws CLI not found on PATH")
    owns_server = target in ("emulator", "local")
    with _exclusive(INFRA_LOCK_PATH):
        for name in INFRA_TABLES:
            if _table_exists(ddb, name):
                if not owns_server:
                    pytest.skip('a table named "%s" already exists on %s; not touching it'
                                % (name, target))
                delete_quietly(ddb, name)
        try:
            proc = subprocess.run(["bash", path], cwd=WORKSHOP, env=_script_env(target, endpoint_url),
                                  capture_output=True, text=True, timeout=600)
        finally:
            if owns_server:
                for name in INFRA_TABLES:
                    delete_quietly(ddb, name)
    detail = "exit %d\nstdout:\n%s\nstderr:\n%s" % (proc.returncode, proc.stdout, proc.stderr)
    assert proc.returncode == 0, detail
    assert proc.stdout.splitlines()[-1] == "infrastructure tables scenario OK", detail


def test_session_store_sessions_expire_on_the_admin_clock(ddb, target, endpoint_url, table_factory):
    """The session-store model (PK session, SK customer, a GSI on SK) with TTL on `ttl`, as its
    data model keeps it: sessions expire once the engine's clock passes their `ttl`, leaving
    the base table and the GSI together; unexpired sessions stay."""
    if target != "emulator":
        pytest.skip("drives expiry with ddbemu's admin clock")
    name, _ = table_factory(
        "sess", schema=hash_range_schema("PK", "S", "SK", "S"),
        AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"},
                              {"AttributeName": "SK", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "GSI_SK",
                                 "KeySchema": [{"AttributeName": "SK", "KeyType": "HASH"},
                                               {"AttributeName": "PK", "KeyType": "RANGE"}],
                                 "Projection": {"ProjectionType": "ALL"}}])
    ddb.update_time_to_live(TableName=name, TimeToLiveSpecification={"Enabled": True,
                                                                       "AttributeName": "ttl"})
    admin = Admin(endpoint_url)
    now = int(admin.now())
    sessions = {"s1": now + 600, "s2": now + 7200, "s3": now + 1800}
    for session, ttl in sessions.items():
        ddb.put_item(TableName=name, Item={"PK": {"S": session}, "SK": {"S": "c42"},
                                           "ttl": {"N": str(ttl)}})

    def by_customer():
        resp = ddb.query(TableName=name, IndexName="GSI_SK", KeyConditionExpression="SK = :c",
                         ExpressionAttributeValues={":c": {"S": "c42"}})
        return sorted(it["PK"]["S"] for it in resp["Items"])

    assert by_customer() == ["s1", "s2", "s3"]
    admin.advance(3600)
    admin.sweep()  # the server's own sweeper may have run already
    assert by_customer() == ["s2"]
    remaining = ddb.scan(TableName=name, ConsistentRead=True)["Items"]
    assert [it["PK"]["S"] for it in remaining] == ["s2"]
