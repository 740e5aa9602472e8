"""DynamoDB Local's command line, and ddbemu's own namespace options.

A drop-in replacement for DynamoDB Local is started by scripts written for Local's jar, with its
single-dash flags. Each test here starts its own server with a given command line, on a free port
and with the working directory in a temporary directory: with --target emulator build/ddbemu (or
$DDBEMU_BIN), with --target local the DynamoDB Local jar (or $DDB_LOCAL_JAR) with the SAME flags, so
the expectations are checked against Local itself. With --target aws or a URL there is nothing to
start and the tests are skipped. Every Local-style command line carries -disableTelemetry (on both
targets), so the jar never phones home.

What is checked (DynamoDB Local 1.25.1, observed by running the jar with these command lines):
  * -help prints the usage with every flag and exits with status 0 without serving;
  * the start-up block on stdout: "Initializing DynamoDB Local with the following configuration:"
    then Port, InMemory, Version, DbPath, SharedDb, shouldDelayTransientStatuses and CorsParams,
    each "Key:<TAB>value", in that order (the Version value is not compared);
  * without -sharedDb one database per access key id and signing region; with -sharedDb one for
    everybody;
  * with -dbPath D the stores are named <key>_<region>.db (shared-local-instance.db with
    -sharedDb), created by the first request in a namespace; without -inMemory or -dbPath they go
    to the working directory; data survives a restart with the same flags (ddbemu's stores are
    directories, Local's are sqlite files, so only the names are compared);
  * -delayTransientStatuses: a GSI added by UpdateTable is CREATING on the first DescribeTable and
    later ACTIVE, a deleted one DELETING and then gone.

ddbemu only (its own options; Local has none, so these are skipped with --target local, except
where Local's flags give the same behaviour, which is then checked against Local):
  * the default namespaces are AWS's: one account (000000000000) for every access key, tables per
    account and signing region, the ARN naming both;
  * --namespaces key-region / shared behave as Local's default / -sharedDb (checked on Local with
    -inMemory / -inMemory -sharedDb);
  * --accounts FILE maps access keys to accounts ("KEY ACCOUNT" lines, "* ACCOUNT" the default);
    keys of one account share its tables and the ARN names the account.
"""

import os
import re
import shutil
import subprocess
import tempfile
import time

import boto3
import pytest
from botocore.config import Config

from conftest import DEFAULT_EMULATOR_BIN, DEFAULT_LOCAL_JAR
from helpers import eventually, expect_error, hash_schema, unique_name, wait_exists

import local_servers  # noqa: E402,I100  (on sys.path through conftest: tools/local_servers.py)

HEADER = "Initializing DynamoDB Local with the following configuration:"
BLOCK_KEYS = ["Port", "InMemory", "Version", "DbPath", "SharedDb", "shouldDelayTransientStatuses",
              "CorsParams"]
HELP_FLAGS = ["-port", "-inMemory", "-dbPath", "-sharedDb", "-cors", "-delayTransientStatuses"]
SECRET = "dropinsecret"

SRC_ARN = ("Local's ARNs always read arn:aws:dynamodb:ddblocal:000000000000:... whatever the key, "
           "region and mode (observed with DynamoDB Local 1.25.1 -inMemory); AWS names the "
           "request's region and the account (docs/dynamodb-local-oracle.md, row 'TableArn region')")


# ---------------------------------------------------------------------------
# Starting servers
# ---------------------------------------------------------------------------

class CommandLineServer(local_servers.ServerProcess):
    """A ServerProcess whose stdout and stderr are kept apart (the start-up block must be on
    stdout). `argv` gets `<port_flag> <port>` appended, as ServerProcess does."""

    def __init__(self, name, argv, port_flag, cwd, timeout):
        self.name = name
        self.port = local_servers.free_port()
        self.endpoint = "http://127.0.0.1:%d" % self.port
        prefix = name.replace(" ", "-") + "-"
        self.log = tempfile.NamedTemporaryFile(prefix=prefix, suffix=".out", delete=False)
        self.err = tempfile.NamedTemporaryFile(prefix=prefix, suffix=".err", delete=False)
        self.argv = argv + [port_flag, str(self.port)]
        self.proc = subprocess.Popen(self.argv, cwd=cwd, stdout=self.log, stderr=self.err,
                                     stdin=subprocess.DEVNULL)
        self._wait_ready(timeout)

    @staticmethod
    def _read(path):
        try:
            with open(path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def stdout(self):
        return self._read(self.log.name)

    def stderr(self):
        return self._read(self.err.name)

    def log_tail(self, n=4000):
        return "argv %r\n--- stdout:\n%s\n--- stderr:\n%s" % (
            self.argv, self.stdout()[-n:], self.stderr()[-n:])

    def stop(self, keep_log=False):
        super().stop(keep_log=keep_log)
        self.err.close()
        if not keep_log and not os.environ.get("DDBCONF_KEEP_LOGS"):
            try:
                os.unlink(self.err.name)
            except OSError:
                pass


def _ddbemu_bin():
    return os.path.abspath(os.environ.get("DDBEMU_BIN", DEFAULT_EMULATOR_BIN))


def _local_argv():
    jar = os.path.abspath(os.environ.get("DDB_LOCAL_JAR", DEFAULT_LOCAL_JAR))
    java = shutil.which("java")
    if not os.path.isfile(jar) or java is None:
        pytest.fail("DynamoDB Local needs %s and java on PATH" % jar)
    return [java, "-Djava.library.path=" + os.path.join(os.path.dirname(jar), "DynamoDBLocal_lib"),
            "-jar", jar]


def _program(target):
    """argv[0..] of the server under test, before any flag."""
    if target == "emulator":
        if not os.path.isfile(_ddbemu_bin()):
            pytest.fail("ddbemu binary not found at %s (build it first)" % _ddbemu_bin())
        return [_ddbemu_bin()]
    return _local_argv()


@pytest.fixture
def kind(target):
    if target not in ("emulator", "local"):
        pytest.skip("starts its own server (ddbemu or the DynamoDB Local jar); nothing to start "
                    "for --target %s" % target)
    return target


@pytest.fixture
def emulator_only(kind):
    if kind != "emulator":
        pytest.skip("ddbemu's own command-line options; DynamoDB Local has none")
    return kind


@pytest.fixture
def workdir(tmp_path):
    path = tmp_path / "cwd"
    path.mkdir()
    return str(path)


@pytest.fixture
def start_server(kind, workdir):
    """start_server(flags, own=False) starts the server under test with `flags`, on a free port,
    in `workdir`, and returns the CommandLineServer (stopped at teardown). Local spellings get
    -disableTelemetry and -port P; own=True (ddbemu's own options) gets --port P instead."""
    started = []

    def start(flags, own=False):
        if own:
            assert kind == "emulator", "ddbemu's own options only exist on ddbemu"
            argv, port_flag = _program(kind) + list(flags), "--port"
        else:
            argv, port_flag = _program(kind) + list(flags) + ["-disableTelemetry"], "-port"
        try:
            server = CommandLineServer("ddbemu" if kind == "emulator" else "DynamoDB Local", argv,
                                       port_flag, cwd=workdir, timeout=15 if kind == "emulator" else 60)
        except RuntimeError as e:
            pytest.fail(str(e))
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def _client(server, key, region):
    config = Config(retries={"max_attempts": 1, "total_max_attempts": 1},
                    connect_timeout=10, read_timeout=60)
    return boto3.client("dynamodb", endpoint_url=server.endpoint, region_name=region,
                        aws_access_key_id=key, aws_secret_access_key=SECRET, config=config)


def _create(client, name):
    resp = client.create_table(TableName=name, BillingMode="PAY_PER_REQUEST", **hash_schema())
    wait_exists(client, name)
    return resp["TableDescription"]


def _names(client):
    names = []
    for page in client.get_paginator("list_tables").paginate():
        names.extend(page["TableNames"])
    return names


def _item(tag):
    return {"pk": {"S": "k"}, "who": {"S": tag}}


def _get(client, name):
    return client.get_item(TableName=name, Key={"pk": {"S": "k"}}, ConsistentRead=True).get("Item")


def _startup_block(server, timeout=10):
    """The 7 lines after the header on the server's stdout (waits for them to be written)."""
    deadline = time.monotonic() + timeout
    while True:
        lines = server.stdout().splitlines()
        if HEADER in lines:
            i = lines.index(HEADER)
            block = lines[i + 1:i + 1 + len(BLOCK_KEYS)]
            if len(block) == len(BLOCK_KEYS) or time.monotonic() > deadline:
                return block
        elif time.monotonic() > deadline:
            raise AssertionError("no start-up block on stdout:\n%s" % server.log_tail())
        time.sleep(0.1)


# ---------------------------------------------------------------------------
# -help
# ---------------------------------------------------------------------------

def test_help_prints_usage_and_exits(kind, workdir):
    proc = subprocess.run(_program(kind) + ["-help"], cwd=workdir, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, (proc.returncode, proc.stdout, proc.stderr)
    for flag in HELP_FLAGS:
        # the single-dash spelling itself, not a substring of --port and the like
        assert re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(flag), proc.stdout), (flag, proc.stdout)
    assert HEADER not in proc.stdout, proc.stdout  # it did not start a server


# ---------------------------------------------------------------------------
# The start-up block
# ---------------------------------------------------------------------------

def _check_block(server, expected):
    block = _startup_block(server)
    assert [line.split("\t", 1)[0] for line in block] == [k + ":" for k in BLOCK_KEYS], block
    got = dict(line.split(":\t", 1) for line in block)
    version = got.pop("Version")
    assert version.strip(), block
    assert got == expected, block
    assert HEADER not in server.stderr(), server.stderr()


def test_startup_block_in_memory(start_server):
    server = start_server(["-inMemory"])
    _check_block(server, {"Port": str(server.port), "InMemory": "true", "DbPath": "null",
                          "SharedDb": "false", "shouldDelayTransientStatuses": "false",
                          "CorsParams": "null"})


def test_startup_block_shared_db_path_delay_cors(start_server, tmp_path):
    db = tmp_path / "db"
    db.mkdir()
    server = start_server(["-sharedDb", "-dbPath", str(db), "-delayTransientStatuses",
                           "-cors", "http://a.example"])
    _check_block(server, {"Port": str(server.port), "InMemory": "false", "DbPath": str(db),
                          "SharedDb": "true", "shouldDelayTransientStatuses": "true",
                          "CorsParams": "http://a.example"})


# ---------------------------------------------------------------------------
# Namespaces: per access key and region, or shared
# ---------------------------------------------------------------------------

def _check_per_key_and_region(server):
    a_east = _client(server, "AKIDA", "us-east-1")
    b_east = _client(server, "AKIDB", "us-east-1")
    a_west = _client(server, "AKIDA", "us-west-2")
    name = unique_name("ns")
    _create(a_east, name)
    a_east.put_item(TableName=name, Item=_item("a-east"))

    for other in (b_east, a_west):
        assert name not in _names(other)
        expect_error(lambda: other.describe_table(TableName=name), "ResourceNotFoundException")
        expect_error(lambda: other.get_item(TableName=name, Key={"pk": {"S": "k"}}),
                     "ResourceNotFoundException")

    # each namespace has its own table of that name, with its own items
    _create(b_east, name)
    _create(a_west, name)
    b_east.put_item(TableName=name, Item=_item("b-east"))
    a_west.put_item(TableName=name, Item=_item("a-west"))
    assert _get(a_east, name) == _item("a-east")
    assert _get(b_east, name) == _item("b-east")
    assert _get(a_west, name) == _item("a-west")
    for client in (a_east, b_east, a_west):
        assert _names(client).count(name) == 1


def _check_shared(server):
    a_east = _client(server, "AKIDA", "us-east-1")
    name = unique_name("shared")
    _create(a_east, name)
    a_east.put_item(TableName=name, Item=_item("a-east"))
    for key, region in (("AKIDB", "us-east-1"), ("AKIDA", "us-west-2"), ("AKIDB", "localhost")):
        other = _client(server, key, region)
        assert name in _names(other), (key, region)
        assert other.describe_table(TableName=name)["Table"]["TableName"] == name
        assert _get(other, name) == _item("a-east"), (key, region)
    elsewhere = _client(server, "AKIDB", "us-west-2")
    expect_error(lambda: elsewhere.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                                                **hash_schema()),
                 "ResourceInUseException")


def test_tables_are_per_access_key_and_region(start_server):
    _check_per_key_and_region(start_server(["-inMemory"]))


def test_shared_db_shares_every_key_and_region(start_server):
    _check_shared(start_server(["-inMemory", "-sharedDb"]))


@pytest.mark.local_differs(SRC_ARN)
def test_local_flags_table_arn_names_signing_region(start_server):
    server = start_server(["-inMemory"])
    for key, region in (("AKIDA", "us-west-2"), ("AKIDB", "eu-central-1")):
        client = _client(server, key, region)
        name = unique_name("arn")
        arn = _create(client, name)["TableArn"]
        assert re.fullmatch(r"arn:aws:dynamodb:%s:\d{12}:table/%s" % (region, re.escape(name)), arn), arn
        assert client.describe_table(TableName=name)["Table"]["TableArn"] == arn


# ---------------------------------------------------------------------------
# Where the data goes: -dbPath, the working directory; restarts
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("shared", [False, True], ids=["per-key", "sharedDb"])
@pytest.mark.parametrize("storage", ["dbPath", "cwd"])
def test_store_names_and_restart(start_server, workdir, tmp_path, storage, shared):
    if storage == "dbPath":
        store = str(tmp_path / "db")
        os.mkdir(store)
        flags = ["-dbPath", store]
    else:  # neither -inMemory nor -dbPath: the working directory
        store = workdir
        flags = []
    if shared:
        flags.append("-sharedDb")

    server = start_server(flags)
    a_east = _client(server, "AKIDA", "us-east-1")
    a_localhost = _client(server, "AKIDA", "localhost")
    name = unique_name("store")
    _create(a_east, name)
    a_east.put_item(TableName=name, Item=_item("a-east"))
    localhost_names = _names(a_localhost)  # a namespace's store appears with its first request

    entries = set(os.listdir(store))
    if shared:
        assert name in localhost_names
        assert "shared-local-instance.db" in entries, entries
        assert not [e for e in entries if e.startswith("AKIDA_")], entries
    else:
        assert name not in localhost_names
        assert {"AKIDA_us-east-1.db", "AKIDA_localhost.db"} <= entries, entries
        assert "shared-local-instance.db" not in entries, entries
    server.stop()

    again = start_server(flags)
    a_east = _client(again, "AKIDA", "us-east-1")
    a_localhost = _client(again, "AKIDA", "localhost")
    assert name in _names(a_east)
    assert _get(a_east, name) == _item("a-east")
    if shared:
        assert _get(a_localhost, name) == _item("a-east")
    else:
        assert name not in _names(a_localhost)


# ---------------------------------------------------------------------------
# -delayTransientStatuses
# ---------------------------------------------------------------------------

def _gsi(client, table, index):
    for g in client.describe_table(TableName=table)["Table"].get("GlobalSecondaryIndexes", []):
        if g["IndexName"] == index:
            return g
    return None


def test_delay_transient_statuses_holds_gsi_creating_and_deleting(start_server):
    server = start_server(["-inMemory", "-delayTransientStatuses"])
    client = _client(server, "AKIDA", "us-east-1")
    name = unique_name("delay")
    _create(client, name)
    for i in range(20):
        client.put_item(TableName=name, Item={"pk": {"S": "k%d" % i}, "g": {"S": "g%d" % (i % 4)}})

    resp = client.update_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[{"Create": {
            "IndexName": "gsi", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "ALL"}}}])
    answered = [g for g in resp["TableDescription"].get("GlobalSecondaryIndexes", [])
                if g["IndexName"] == "gsi"]
    assert [g["IndexStatus"] for g in answered] == ["CREATING"], resp["TableDescription"]
    first = _gsi(client, name, "gsi")
    assert first is not None and first["IndexStatus"] == "CREATING", first
    last = eventually(lambda: _gsi(client, name, "gsi"), lambda g: g and g["IndexStatus"] == "ACTIVE",
                      timeout=90.0, interval=1.0)
    assert last is not None and last["IndexStatus"] == "ACTIVE", last
    got = client.query(TableName=name, IndexName="gsi", KeyConditionExpression="g = :g",
                       ExpressionAttributeValues={":g": {"S": "g1"}})
    assert got["Count"] == 5, got

    client.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "gsi"}}])
    first = _gsi(client, name, "gsi")
    assert first is not None and first["IndexStatus"] == "DELETING", first
    last = eventually(lambda: _gsi(client, name, "gsi"), lambda g: g is None, timeout=90.0, interval=1.0)
    assert last is None, last
    assert client.describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE"


# ---------------------------------------------------------------------------
# ddbemu's own namespace options
# ---------------------------------------------------------------------------

def test_ddbemu_default_is_one_account_per_region(emulator_only, start_server, workdir):
    server = start_server([], own=True)
    a_east = _client(server, "AKIDA", "us-east-1")
    b_east = _client(server, "AKIDB", "us-east-1")
    a_west = _client(server, "AKIDA", "us-west-2")
    name = unique_name("acct")
    arn = _create(a_east, name)["TableArn"]
    assert arn == "arn:aws:dynamodb:us-east-1:000000000000:table/" + name, arn
    a_east.put_item(TableName=name, Item=_item("a-east"))

    # another access key of the same (default) account, same region: the same table
    assert name in _names(b_east)
    assert b_east.describe_table(TableName=name)["Table"]["TableArn"] == arn
    assert _get(b_east, name) == _item("a-east")
    expect_error(lambda: b_east.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                                             **hash_schema()),
                 "ResourceInUseException")

    # another region: not there, and the name is free
    assert name not in _names(a_west)
    expect_error(lambda: a_west.describe_table(TableName=name), "ResourceNotFoundException")
    west_arn = _create(a_west, name)["TableArn"]
    assert west_arn == "arn:aws:dynamodb:us-west-2:000000000000:table/" + name, west_arn
    assert _get(a_west, name) is None
    # ddbemu's own default keeps everything in memory: nothing in the working directory
    assert os.listdir(workdir) == [], os.listdir(workdir)


@pytest.mark.parametrize("mode", ["key-region", "shared"])
def test_namespaces_option_matches_local_flags(kind, start_server, mode):
    """ddbemu --namespaces key-region / shared against Local's default / -sharedDb."""
    if kind == "emulator":
        server = start_server(["--namespaces", mode], own=True)
    else:
        server = start_server(["-inMemory"] + (["-sharedDb"] if mode == "shared" else []))
    if mode == "key-region":
        _check_per_key_and_region(server)
    else:
        _check_shared(server)


def test_accounts_file_maps_keys_to_accounts(emulator_only, start_server, tmp_path):
    accounts = tmp_path / "accounts.txt"
    accounts.write_text("AKIDA 111111111111\nAKIDB 111111111111\nAKIDC 222222222222\n"
                        "* 333333333333\n")
    server = start_server(["--accounts", str(accounts)], own=True)
    a = _client(server, "AKIDA", "us-east-1")
    b = _client(server, "AKIDB", "us-east-1")
    c = _client(server, "AKIDC", "us-east-1")
    z = _client(server, "AKIDZ", "us-east-1")  # not listed: the "*" account
    a_west = _client(server, "AKIDA", "us-west-2")
    name = unique_name("acctfile")

    arn = _create(a, name)["TableArn"]
    assert arn == "arn:aws:dynamodb:us-east-1:111111111111:table/" + name, arn
    a.put_item(TableName=name, Item=_item("111"))
    # AKIDB is the same account: it shares the table
    assert name in _names(b)
    assert b.describe_table(TableName=name)["Table"]["TableArn"] == arn
    assert _get(b, name) == _item("111")
    # other accounts, and the same account in another region, do not see it
    for other in (c, z, a_west):
        assert name not in _names(other)
        expect_error(lambda: other.describe_table(TableName=name), "ResourceNotFoundException")

    arn_c = _create(c, name)["TableArn"]
    assert arn_c == "arn:aws:dynamodb:us-east-1:222222222222:table/" + name, arn_c
    arn_z = _create(z, name)["TableArn"]
    assert arn_z == "arn:aws:dynamodb:us-east-1:333333333333:table/" + name, arn_z
    assert _get(c, name) is None and _get(z, name) is None
    assert _get(a, name) == _item("111")
