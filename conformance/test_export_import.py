"""Export to S3 and import from S3: ExportTableToPointInTime (full and incremental, DYNAMODB_JSON and
ION), DescribeExport, ListExports, ImportTable (DYNAMODB_JSON, ION and CSV; GZIP, ZSTD and NONE),
DescribeImport and ListImports. The files an export writes are checked byte for byte against AWS's
layout (manifests, .md5 files, etags, data file names, gzip, one item per line); hand-written objects
in AWS's layout are imported; exports are imported back and compared item by item.

The facts, their sources and confidence are in docs/export-import-format.md (section numbers below
refer to it). Only what it marks CONFIRMED-AWS or DOCS is asserted.

S3 here is a directory: the module starts its own ddbemu with `--s3-dir <tmp>` (the suite's shared
server has none), where s3://bucket/key is <tmp>/bucket/key and a bucket exists iff its directory
does; the tests write and read the objects directly. Against a URL or AWS the module is skipped (it
would need an S3 client). Jobs run in the background: DescribeExport and DescribeImport are polled
with a deadline; no timing is asserted. The incremental export moves the server's clock with ddbemu's
admin clock (POST /_ddbemu/clock); times are exchanged raw, as epoch seconds.

DynamoDB Local 1.25 has none of these operations (UnknownOperationException 'An unknown operation was
requested.', nor UpdateContinuousBackups), so every test here is local_differs.
"""

import base64
import decimal
import gzip
import hashlib
import json
import os
import re
import subprocess
import time
import uuid

import boto3
import pytest

import local_servers
from conftest import DEFAULT_EMULATOR_BIN, RawClient, TableFactory, _client_kwargs
from helpers import Admin, expect_raw_error, unique_name


SRC = "docs/export-import-format.md"
pytestmark = pytest.mark.local_differs(
    "DynamoDB Local has no export or import (UnknownOperationException 'An unknown operation was "
    "requested.') -- AWS API reference API_ExportTableToPointInTime/API_ImportTable; " + SRC)

JOB_WAIT = 120          # seconds for an export or import to finish (AWS: minutes)
EXPORT_ID = r"\d{14}-[0-9a-f]{8}"
ARN_EXPORT_RE = re.compile(r"^(?P<table>arn:aws:dynamodb:[a-z0-9-]+:\d{12}:table/[a-zA-Z0-9_.-]+)"
                           r"/export/(?P<id>(?P<ms>\d{14})-[0-9a-f]{8})$")
ARN_IMPORT_RE = re.compile(r"^(?P<table>arn:aws:dynamodb:[a-z0-9-]+:\d{12}:table/[a-zA-Z0-9_.-]+)"
                           r"/import/(?P<id>\d{14}-[0-9a-f]{8})$")
ISO_MS_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
DATA_NAME = re.compile(r"^[a-z2-7]{26}\.(json|ion)\.gz$")
LOG_GROUP_RE = re.compile(r"^arn:aws:logs:[a-z0-9-]+:\d{12}:log-group:/aws-dynamodb/imports:\*$")
FULL_SUMMARY_KEYS = ["version", "exportArn", "startTime", "endTime", "tableArn", "tableId", "exportTime",
                     "s3Bucket", "s3Prefix", "s3SseAlgorithm", "s3SseKmsKeyId", "manifestFilesS3Key",
                     "billedSizeBytes", "itemCount", "outputFormat"]
INCR_SUMMARY_KEYS = ["version", "exportArn", "startTime", "endTime", "tableArn", "tableId", "exportFromTime",
                     "exportToTime", "s3Bucket", "s3Prefix", "s3SseAlgorithm", "s3SseKmsKeyId",
                     "manifestFilesS3Key", "billedSizeBytes", "itemCount", "outputFormat", "outputView",
                     "exportType"]
MANIFEST_FILE_KEYS = ["itemCount", "md5Checksum", "etag", "dataFileS3Key"]
IMPORT_SUMMARY_KEYS = {"ImportArn", "ImportStatus", "TableArn", "S3BucketSource", "InputFormat", "StartTime",
                       "EndTime", "CloudWatchLogGroupArn"}
EXT = {"DYNAMODB_JSON": "json", "ION": "ion"}


# ---------------------------------------------------------------------------
# The server (its own, with --s3-dir) and S3 as a directory
# ---------------------------------------------------------------------------

class Env:
    def __init__(self, endpoint, s3dir, admin):
        self.ddb = boto3.client("dynamodb", **_client_kwargs("emulator", endpoint))
        self.raw = RawClient(self.ddb, "emulator")
        self.s3dir = str(s3dir)
        self.admin = admin

    # S3 -------------------------------------------------------------------
    def bucket(self):
        """A fresh, existing bucket."""
        name = "bkt-" + uuid.uuid4().hex[:12]
        os.makedirs(os.path.join(self.s3dir, name))
        return name

    def path(self, bucket, key):
        return os.path.join(self.s3dir, bucket, *key.split("/"))

    def put(self, bucket, key, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        path = self.path(bucket, key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)

    def get(self, bucket, key):
        with open(self.path(bucket, key), "rb") as f:
            return f.read()

    def keys(self, bucket, prefix=""):
        root = os.path.join(self.s3dir, bucket)
        out = []
        for dirpath, _, files in os.walk(root):
            for f in files:
                key = os.path.relpath(os.path.join(dirpath, f), root).replace(os.sep, "/")
                if key.startswith(prefix):
                    out.append(key)
        return sorted(out)

    # API ------------------------------------------------------------------
    def call(self, op, req):
        resp = self.raw(op, req)
        assert resp.status == 200, (op, resp)
        return resp.json()

    def now(self):
        return self.admin.now() if self.admin else time.time()

    def advance(self, seconds):
        if self.admin is None:
            pytest.fail("no admin clock on this target")
        self.admin.advance(seconds)


@pytest.fixture(scope="module")
def env(target, endpoint_url, tmp_path_factory):
    s3dir = tmp_path_factory.mktemp("s3")
    if target == "local":
        yield Env(endpoint_url, s3dir, None)   # every test xfails at its first export/PITR call
        return
    if target != "emulator":
        pytest.skip("needs a server whose S3 buckets are local directories (ddbemu --s3-dir)")
    server = local_servers.start_ddbemu(os.environ.get("DDBEMU_BIN", DEFAULT_EMULATOR_BIN), timeout=15,
                                        flags=["--s3-dir", str(s3dir)])
    try:
        yield Env(server.endpoint, s3dir, Admin(server.endpoint))
    finally:
        server.stop()


@pytest.fixture
def tables(env):
    factory = TableFactory(env.ddb)
    yield factory
    factory.cleanup()


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

def b64md5(data):
    return base64.b64encode(hashlib.md5(data).digest()).decode("ascii")


def etag(data):
    return hashlib.md5(hashlib.md5(data).digest()).hexdigest() + "-1"


def zstd(data):
    try:
        import zstandard  # noqa: F401  (only if this interpreter has it)
        return zstandard.ZstdCompressor().compress(data)
    except ImportError:
        return subprocess.run(["zstd", "-q", "-c"], input=data, stdout=subprocess.PIPE, check=True).stdout


def compress(data, kind):
    if kind == "GZIP":
        return gzip.compress(data)
    if kind == "ZSTD":
        return zstd(data)
    return data


def table_arn(env, name):
    return env.ddb.describe_table(TableName=name)["Table"]["TableArn"]


def enable_pitr(env, name):
    env.call("UpdateContinuousBackups", {"TableName": name, "PointInTimeRecoverySpecification": {
        "PointInTimeRecoveryEnabled": True}})


def pitr_table(env, tables, tag="ex", schema=None, **kwargs):
    name, _ = tables(tag, schema=schema, **kwargs)
    enable_pitr(env, name)
    return name


def export(env, arn, bucket, **extra):
    """ExportTableToPointInTime (raw); returns the ExportDescription."""
    return env.call("ExportTableToPointInTime", dict(TableArn=arn, S3Bucket=bucket, **extra))["ExportDescription"]


def wait_export(env, arn):
    deadline = time.monotonic() + JOB_WAIT
    while True:
        desc = env.call("DescribeExport", {"ExportArn": arn})["ExportDescription"]
        if desc["ExportStatus"] != "IN_PROGRESS":
            return desc
        if time.monotonic() > deadline:
            raise AssertionError("export %s not finished after %ss: %r" % (arn, JOB_WAIT, desc))
        time.sleep(0.05)


def import_table(env, tables, bucket, prefix, fmt="DYNAMODB_JSON", compression="NONE", schema=None,
                 name=None, **extra):
    """ImportTable (raw) into a fresh tracked table; returns (table name, ImportTableDescription)."""
    name = name or unique_name("imp")
    tables.track(name)
    params = dict(TableName=name, BillingMode="PAY_PER_REQUEST",
                  **(schema or dict(KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                                    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])))
    req = dict(S3BucketSource={"S3Bucket": bucket, "S3KeyPrefix": prefix}, InputFormat=fmt,
               InputCompressionType=compression, TableCreationParameters=params,
               ClientToken=extra.pop("ClientToken", uuid.uuid4().hex))
    req.update(extra)
    return name, env.call("ImportTable", req)["ImportTableDescription"]


def wait_import(env, arn):
    deadline = time.monotonic() + JOB_WAIT
    while True:
        desc = env.call("DescribeImport", {"ImportArn": arn})["ImportTableDescription"]
        if desc["ImportStatus"] not in ("IN_PROGRESS", "CANCELLING"):
            return desc
        if time.monotonic() > deadline:
            raise AssertionError("import %s not finished after %ss: %r" % (arn, JOB_WAIT, desc))
        time.sleep(0.05)


def run_import(env, tables, *args, **kwargs):
    name, desc = import_table(env, tables, *args, **kwargs)
    return name, desc, wait_import(env, desc["ImportArn"])


def scan_all(env, name):
    items, kw = [], {}
    while True:
        resp = env.ddb.scan(TableName=name, ConsistentRead=True, **kw)
        items += resp["Items"]
        if "LastEvaluatedKey" not in resp:
            return items
        kw["ExclusiveStartKey"] = resp["LastEvaluatedKey"]


# Canonical forms: numbers by value, binaries as bytes (boto3 gives bytes, JSON gives base64), sets
# sorted. A wide context, so that 38 digits and exponents of +-130 survive.
CTX = decimal.Context(prec=80, Emax=999999, Emin=-999999)


def num(s):
    d = CTX.normalize(decimal.Decimal(str(s)))
    return "0" if d.is_zero() else str(d)


def raw_bytes(v):
    return bytes(v) if isinstance(v, (bytes, bytearray)) else base64.b64decode(v)


def canon(value):
    (t, v), = value.items()
    if t == "N":
        return {t: num(v)}
    if t == "B":
        return {t: raw_bytes(v)}
    if t == "SS":
        return {t: sorted(v)}
    if t == "NS":
        return {t: sorted(num(x) for x in v)}
    if t == "BS":
        return {t: sorted(raw_bytes(x) for x in v)}
    if t == "M":
        return {t: {k: canon(x) for k, x in v.items()}}
    if t == "L":
        return {t: [canon(x) for x in v]}
    return {t: v}


def canon_item(item):
    return {k: canon(v) for k, v in item.items()}


def by_pk(items):
    out = {}
    for it in items:
        c = canon_item(it)
        out[json.dumps(c["pk"], default=repr)] = c
    return out


def summary_pairs(text):
    """A manifest JSON line as (key, value) pairs in file order."""
    return json.loads(text, object_pairs_hook=lambda pairs: pairs)


# ---------------------------------------------------------------------------
# A small Ion text reader (the subset ION exports use, section 2.3), values as DynamoDB AttributeValues
# ---------------------------------------------------------------------------

class IonReader:
    IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
    NUMBER = re.compile(r"[-+]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|[0-9_]+(\.[0-9_]*)?([eEdD][-+]?[0-9]+)?)")

    def __init__(self, text):
        self.s = text
        self.i = 0

    def ws(self):
        while self.i < len(self.s):
            if self.s[self.i].isspace():
                self.i += 1
            elif self.s.startswith("//", self.i):
                j = self.s.find("\n", self.i)
                self.i = len(self.s) if j < 0 else j
            elif self.s.startswith("/*", self.i):
                self.i = self.s.index("*/", self.i) + 2
            else:
                return

    def at_end(self):
        self.ws()
        return self.i >= len(self.s)

    def expect(self, tok):
        self.ws()
        assert self.s.startswith(tok, self.i), "Ion: %r expected at %d in %r" % (tok, self.i, self.s)
        self.i += len(tok)

    def quoted(self, q):
        assert self.s[self.i] == q
        self.i += 1
        out = []
        while True:
            c = self.s[self.i]
            if c == q:
                self.i += 1
                return "".join(out)
            if c == "\\":
                e = self.s[self.i + 1]
                self.i += 2
                simple = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "a": "\a", "b": "\b", "f": "\f",
                          "v": "\v", "\\": "\\", "'": "'", '"': '"', "/": "/", "?": "?"}
                if e in simple:
                    out.append(simple[e])
                elif e in "xuU":
                    n = {"x": 2, "u": 4, "U": 8}[e]
                    cp = int(self.s[self.i:self.i + n], 16)
                    self.i += n
                    if 0xD800 <= cp < 0xDC00 and self.s.startswith("\\u", self.i):
                        low = int(self.s[self.i + 2:self.i + 6], 16)
                        self.i += 6
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00)
                    out.append(chr(cp))
                elif e == "\n":
                    pass
                else:
                    raise AssertionError("Ion: bad escape \\%s in %r" % (e, self.s))
            else:
                out.append(c)
                self.i += 1

    def symbol(self):
        """A field name or annotation: identifier, 'quoted' or "string"; None if there is none."""
        self.ws()
        if self.i >= len(self.s):
            return None
        c = self.s[self.i]
        if c in "'\"" and not self.s.startswith("'''", self.i):
            return self.quoted(c)
        m = self.IDENT.match(self.s, self.i)
        if m:
            self.i = m.end()
            return m.group()
        return None

    def value(self):
        """(annotations, AttributeValue)."""
        annotations = []
        while True:
            save = self.i
            sym = self.symbol()
            if sym is not None:
                self.ws()
                if self.s.startswith("::", self.i):
                    self.i += 2
                    annotations.append(sym)
                    continue
            self.i = save
            break
        return annotations, self.bare(annotations)

    def bare(self, annotations):
        self.ws()
        s, i = self.s, self.i
        if s.startswith("{{", i):
            j = s.index("}}", i)
            self.i = j + 2
            return {"B": base64.b64encode(base64.b64decode("".join(s[i + 2:j].split()))).decode()}
        if s[i] == "{":
            self.i += 1
            fields = {}
            while True:
                self.ws()
                if s[self.i] == "}":
                    self.i += 1
                    return {"M": fields}
                name = self.symbol()
                assert name is not None, "Ion: field name expected at %d in %r" % (self.i, s)
                self.expect(":")
                _, fields[name] = self.value()
                self.ws()
                if s[self.i] == ",":
                    self.i += 1
        if s[i] == "[":
            self.i += 1
            elems = []
            while True:
                self.ws()
                if s[self.i] == "]":
                    self.i += 1
                    break
                elems.append(self.value()[1])
                self.ws()
                if s[self.i] == ",":
                    self.i += 1
            for ann, t in (("$dynamodb_SS", "SS"), ("$dynamodb_NS", "NS"), ("$dynamodb_BS", "BS")):
                if ann in annotations:
                    inner = {"SS": "S", "NS": "N", "BS": "B"}[t]
                    return {t: [e[inner] for e in elems]}
            return {"L": elems}
        if s.startswith("'''", i):
            parts = []
            while s.startswith("'''", self.i):
                j = s.index("'''", self.i + 3)
                parts.append(IonReader("'" + s[self.i + 3:j].replace("'", "\\'") + "'").quoted("'"))
                self.i = j + 3
                self.ws()
            return {"S": "".join(parts)}
        if s[i] == '"':
            return {"S": self.quoted('"')}
        for word, av in (("true", {"BOOL": True}), ("false", {"BOOL": False})):
            if s.startswith(word, i) and not self.IDENT.match(s, i + len(word)):
                self.i += len(word)
                return av
        if s.startswith("null", i):
            m = self.IDENT.match(s, i)
            self.i = m.end()
            if s.startswith(".", self.i):
                self.i = self.IDENT.match(s, self.i + 1).end()
            return {"NULL": True}
        m = self.NUMBER.match(s, i)
        assert m and m.end() > i, "Ion: value expected at %d in %r" % (i, s)
        self.i = m.end()
        text = m.group().replace("_", "")
        body = text.lstrip("+-")
        if body[:2].lower() in ("0x", "0b"):
            return {"N": str(int(text, 0))}
        return {"N": str(decimal.Decimal(text.replace("d", "E").replace("D", "E")))}


def ion_line(line):
    """One ION data line: `$ion_1_0 {...}` -> the top-level struct as a dict of AttributeValues."""
    r = IonReader(line)
    r.ws()
    if r.s.startswith("$ion_1_0", r.i):
        r.i += len("$ion_1_0")
    _, top = r.value()
    assert r.at_end(), "Ion: trailing text in %r" % line
    # the record's members (Item; Metadata, Keys, OldImage, NewImage) as plain dicts, as in JSON
    return {k: v["M"] if list(v) == ["M"] else v for k, v in top["M"].items()}


def data_records(fmt, text):
    """The records of an export data file (uncompressed text): one per line, every line ends in \\n."""
    assert text == "" or text.endswith("\n"), text[-200:]
    lines = text.split("\n")[:-1]
    if fmt == "ION":
        return [ion_line(line) for line in lines]
    return [json.loads(line) for line in lines]


# ---------------------------------------------------------------------------
# A table with every type, and a GSI
# ---------------------------------------------------------------------------

GSI_SCHEMA = dict(
    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                          {"AttributeName": "g", "AttributeType": "S"},
                          {"AttributeName": "gn", "AttributeType": "N"}],
    GlobalSecondaryIndexes=[
        {"IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"},
                                            {"AttributeName": "gn", "KeyType": "RANGE"}],
         "Projection": {"ProjectionType": "ALL"}},
        {"IndexName": "by_gn", "KeySchema": [{"AttributeName": "gn", "KeyType": "HASH"}],
         "Projection": {"ProjectionType": "KEYS_ONLY"}}])

TRICKY_NUMBERS = ["0", "1E-130", "-1E-130", "9.9999999999999999999999999999999999999E+125",
                  "-9.9999999999999999999999999999999999999E+125", "12345678901234567890123456789012345678",
                  "0.000001", "-17.5", "600", "103", "1.50", "8.5", "-0.25", "1E+20"]


def every_type_items():
    items = [
        {"pk": {"S": "scalars"}, "g": {"S": "grp1"}, "gn": {"N": "1"},
         "s": {"S": "quote\" backslash\\ newline\n tab\t ctrl\x01 del\x7f zażółć 日本語 🦑"},
         "empty_s": {"S": ""}, "yes": {"BOOL": True}, "no": {"BOOL": False}, "nothing": {"NULL": True},
         "b": {"B": bytes(range(256))}, "empty_b": {"B": b""}},
        {"pk": {"S": "numbers"}, "g": {"S": "grp1"}, "gn": {"N": "2"},
         **{"n%d" % i: {"N": n} for i, n in enumerate(TRICKY_NUMBERS)}},
        {"pk": {"S": "sets"}, "g": {"S": "grp2"}, "gn": {"N": "-3.5"},
         "ss": {"SS": ["a", "b", "ünï", "with space"]},
         "ns": {"NS": ["1", "-2", "3.5", "1E+100", "1E-100", "12345678901234567890123456789012345678"]},
         "bs": {"BS": [b"\x00", b"\x01\xff", b"text"]}},
        {"pk": {"S": "documents"}, "g": {"S": "grp2"}, "gn": {"N": "4E+10"},
         "l": {"L": [{"S": "s"}, {"N": "1"}, {"BOOL": True}, {"NULL": True}, {"B": b"b"}, {"L": []}, {"M": {}},
                     {"SS": ["x"]}, {"NS": ["7"]}, {"BS": [b"y"]}]},
         "m": {"M": {"a": {"N": "1"}, "b": {"M": {"c": {"M": {"d": {"L": [{"M": {"e": {"S": "deep"}}}]}}}}},
                     "Item": {"S": "an attribute called Item"}}},
         "empty_l": {"L": []}, "empty_m": {"M": {}}},
        {"pk": {"S": "names"}, "a.b": {"S": "dotted"}, "with space": {"S": "spaced"}, "123": {"S": "digits"},
         "ünï": {"S": "non-ascii name"}, "x'y\"z": {"S": "quotes"}, "$dollar": {"S": "dollar"},
         "true": {"S": "keyword name"}, "null": {"S": "keyword name too"}, "Size": {"S": "reserved word"}},
        {"pk": {"S": "a number-looking key 42"}, "gn": {"N": "42"}},
    ]
    for i in range(20):
        items.append({"pk": {"S": "plain%02d" % i}, "g": {"S": "grp3"}, "gn": {"N": str(i)}, "v": {"N": str(i * 1.5)}})
    return items


def make_every_type_table(env, tables):
    name = pitr_table(env, tables, "every", schema=GSI_SCHEMA)
    for it in every_type_items():
        env.ddb.put_item(TableName=name, Item=it)
    return name


def full_export(env, tables, fmt, prefix="dira/dirb/dirc", **extra):
    """Exports a fresh every-type table; returns (table, bucket, creation description, final description)."""
    name = make_every_type_table(env, tables)
    bucket = env.bucket()
    req = dict(ExportFormat=fmt, **extra)
    if prefix is not None:
        req["S3Prefix"] = prefix
    created = export(env, table_arn(env, name), bucket, **req)
    return name, bucket, created, wait_export(env, created["ExportArn"])


# ---------------------------------------------------------------------------
# Full export: answers, layout, files (sections 1, 2.1, 2.3, 4.2)
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["DYNAMODB_JSON", "ION"])
def test_full_export_describe(env, tables, fmt):
    name, bucket, created, final = full_export(env, tables, fmt)
    tarn = table_arn(env, name)
    m = ARN_EXPORT_RE.match(created["ExportArn"])
    assert m and m.group("table") == tarn, created
    assert re.fullmatch(EXPORT_ID, m.group("id"))
    assert abs(int(m.group("ms")) - created["StartTime"] * 1000) < 1, created   # the id is StartTime in ms
    assert created["ExportStatus"] == "IN_PROGRESS", created
    assert created["ExportFormat"] == fmt
    assert created["S3SseAlgorithm"] == "AES256"
    assert created["ClientToken"], created      # generated when none was sent (section 4.1)
    assert "ExportType" not in created, created  # absent unless sent (section 4.2)
    assert final["ExportStatus"] == "COMPLETED", final
    assert final["ItemCount"] == len(every_type_items())
    assert final["ExportFormat"] == fmt
    assert "ExportType" not in final, final
    assert final["TableArn"] == tarn
    assert final["TableId"] == env.ddb.describe_table(TableName=name)["Table"]["TableId"]
    assert final["S3Bucket"] == bucket and final["S3Prefix"] == "dira/dirb/dirc"
    assert final["EndTime"] >= final["StartTime"]
    manifest_tail = "AWSDynamoDB/%s/manifest-summary.json" % m.group("id")
    assert final["ExportManifest"] in (manifest_tail, "dira/dirb/dirc/" + manifest_tail), final
    assert isinstance(final["BilledSizeBytes"], int)


@pytest.mark.parametrize("fmt", ["DYNAMODB_JSON", "ION"])
def test_full_export_layout(env, tables, fmt):
    name, bucket, created, final = full_export(env, tables, fmt)
    eid = ARN_EXPORT_RE.match(created["ExportArn"]).group("id")
    root = "dira/dirb/dirc/AWSDynamoDB/%s/" % eid
    keys = env.keys(bucket)
    assert all(k.startswith(root) for k in keys), keys
    rel = sorted(k[len(root):] for k in keys)
    data = [k for k in rel if k.startswith("data/")]
    assert sorted(set(rel) - set(data)) == ["_started", "manifest-files.json", "manifest-files.md5",
                                            "manifest-summary.json", "manifest-summary.md5"], rel
    assert data, rel
    for k in data:
        assert DATA_NAME.match(k[len("data/"):]), k
        assert k.endswith("." + EXT[fmt] + ".gz"), k
    assert env.get(bucket, root + "_started") == b""

    # manifest-summary.json: one compact line, no newline, keys in AWS's order (1.5)
    text = env.get(bucket, root + "manifest-summary.json")
    assert b"\n" not in text, text
    summary = json.loads(text)
    assert [k for k, _ in summary_pairs(text)] == FULL_SUMMARY_KEYS, text
    assert text.decode() == json.dumps(summary, separators=(",", ":")), text
    assert summary["version"] == "2020-06-30"
    assert summary["exportArn"] == created["ExportArn"]
    assert summary["tableArn"] == table_arn(env, name)
    assert summary["tableId"] == final["TableId"]
    for k in ("startTime", "endTime", "exportTime"):
        assert ISO_MS_Z.match(summary[k]), summary
    assert summary["exportTime"] == summary["startTime"], summary   # no ExportTime was sent
    assert summary["s3Bucket"] == bucket and summary["s3Prefix"] == "dira/dirb/dirc"
    assert summary["s3SseAlgorithm"] == "AES256" and summary["s3SseKmsKeyId"] is None
    assert summary["manifestFilesS3Key"] == root + "manifest-files.json"
    assert isinstance(summary["billedSizeBytes"], int)
    assert summary["itemCount"] == len(every_type_items())
    assert summary["outputFormat"] == fmt

    # the .md5 files: base64 MD5 of the sibling's bytes, 24 characters, no newline (1.7)
    mf = env.get(bucket, root + "manifest-files.json")
    assert env.get(bucket, root + "manifest-summary.md5") == b64md5(text).encode()
    assert env.get(bucket, root + "manifest-files.md5") == b64md5(mf).encode()

    # manifest-files.json: one line per data file, each ending in \n (1.6)
    assert mf.endswith(b"\n"), mf
    lines = mf.decode().split("\n")[:-1]
    listed, total = set(), 0
    records = []
    for line in lines:
        entry = json.loads(line)
        assert [k for k, _ in summary_pairs(line)] == MANIFEST_FILE_KEYS, line
        assert line == json.dumps(entry, separators=(",", ":")), line
        key = entry["dataFileS3Key"]
        assert key.startswith(root + "data/"), entry
        listed.add(key[len(root):])
        blob = env.get(bucket, key)
        assert entry["md5Checksum"] == b64md5(blob), entry
        assert entry["etag"] == etag(blob), entry
        assert blob[:10] == bytes.fromhex("1f8b08000000000000ff"), blob[:10]   # gzip header (1.4)
        recs = data_records(fmt, gzip.decompress(blob).decode("utf-8"))
        assert len(recs) == entry["itemCount"], entry
        total += entry["itemCount"]
        records += recs
    assert listed == set(data), (listed, data)
    assert total == len(every_type_items())

    # the data lines: {"Item": ...}, one per item, the items themselves (2.1, 2.3)
    for rec in records:
        assert list(rec) == ["Item"], rec
    assert by_pk(r["Item"] for r in records) == by_pk(scan_all(env, name))


def test_export_without_prefix_starts_at_bucket_root(env, tables):
    name, bucket, created, final = full_export(env, tables, "DYNAMODB_JSON", prefix=None)
    eid = ARN_EXPORT_RE.match(created["ExportArn"]).group("id")
    assert final["ExportStatus"] == "COMPLETED", final
    assert "AWSDynamoDB/%s/manifest-summary.json" % eid in env.keys(bucket)
    assert final["ExportManifest"] == "AWSDynamoDB/%s/manifest-summary.json" % eid
    summary = json.loads(env.get(bucket, "AWSDynamoDB/%s/manifest-summary.json" % eid))
    assert summary["s3Prefix"] is None
    assert summary["manifestFilesS3Key"] == "AWSDynamoDB/%s/manifest-files.json" % eid


def test_export_type_echoed_when_sent(env, tables):
    name, bucket, created, final = full_export(env, tables, "DYNAMODB_JSON", ExportType="FULL_EXPORT")
    assert created["ExportType"] == "FULL_EXPORT", created
    assert final["ExportType"] == "FULL_EXPORT", final


def test_export_at_export_time(env, tables):
    """An ExportTime inside the window exports the table as it was then (exportTime in the summary)."""
    name = pitr_table(env, tables)
    env.ddb.put_item(TableName=name, Item={"pk": {"S": "old"}})
    env.advance(60)
    at = int(env.now())
    env.advance(60)
    env.ddb.put_item(TableName=name, Item={"pk": {"S": "new"}})
    env.ddb.delete_item(TableName=name, Key={"pk": {"S": "old"}})
    env.advance(400)
    bucket = env.bucket()
    created = export(env, table_arn(env, name), bucket, ExportTime=at)
    assert created["ExportTime"] == at, created
    final = wait_export(env, created["ExportArn"])
    assert final["ExportStatus"] == "COMPLETED" and final["ItemCount"] == 1, final
    summary = json.loads(env.get(bucket, final["ExportManifest"]))
    assert summary["exportTime"] == time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(at)), summary
    recs = []
    for line in env.get(bucket, summary["manifestFilesS3Key"]).decode().splitlines():
        recs += data_records("DYNAMODB_JSON", gzip.decompress(
            env.get(bucket, json.loads(line)["dataFileS3Key"])).decode())
    assert recs == [{"Item": {"pk": {"S": "old"}}}]


# ---------------------------------------------------------------------------
# ListExports (section 4.3)
# ---------------------------------------------------------------------------

def test_list_exports_newest_first_and_paging(env, tables):
    name = pitr_table(env, tables)
    arn = table_arn(env, name)
    bucket = env.bucket()
    made = []
    for _ in range(3):
        made.append(export(env, arn, bucket)["ExportArn"])
        env.advance(1)
    for a in made:
        wait_export(env, a)
    whole = env.call("ListExports", {"TableArn": arn})
    assert [s["ExportArn"] for s in whole["ExportSummaries"]] == made[::-1], whole
    for s in whole["ExportSummaries"]:
        assert s == {"ExportArn": s["ExportArn"], "ExportStatus": "COMPLETED", "ExportType": "FULL_EXPORT"}, s
    paged, token, pages = [], None, 0
    while True:
        req = {"TableArn": arn, "MaxResults": 1}
        if token:
            req["NextToken"] = token
        resp = env.call("ListExports", req)
        pages += 1
        assert len(resp["ExportSummaries"]) <= 1, resp
        paged += [s["ExportArn"] for s in resp["ExportSummaries"]]
        token = resp.get("NextToken")
        if not token or pages > 10:
            break
    assert paged == made[::-1], paged


def test_list_exports_fresh_table_is_empty(env, tables):
    name = pitr_table(env, tables)
    resp = env.call("ListExports", {"TableArn": table_arn(env, name)})
    assert resp["ExportSummaries"] == [], resp


# ---------------------------------------------------------------------------
# Export, then import back (sections 2, 3)
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["DYNAMODB_JSON", "ION"])
def test_export_imported_back_is_equal(env, tables, fmt):
    name, bucket, created, final = full_export(env, tables, fmt)
    assert final["ExportStatus"] == "COMPLETED", final
    eid = ARN_EXPORT_RE.match(created["ExportArn"]).group("id")
    prefix = "dira/dirb/dirc/AWSDynamoDB/%s/data/" % eid
    target, desc, done = run_import(env, tables, bucket, prefix, fmt=fmt, compression="GZIP",
                                    schema=GSI_SCHEMA)
    assert done["ImportStatus"] == "COMPLETED", done
    n = len(every_type_items())
    assert (done["ProcessedItemCount"], done["ImportedItemCount"], done["ErrorCount"]) == (n, n, 0), done
    t = env.ddb.describe_table(TableName=target)["Table"]
    assert t["TableStatus"] == "ACTIVE"
    assert t["TableId"] == desc["TableId"]
    assert {g["IndexName"]: g["IndexStatus"] for g in t["GlobalSecondaryIndexes"]} == {
        "by_g": "ACTIVE", "by_gn": "ACTIVE"}
    source, copy = by_pk(scan_all(env, name)), by_pk(scan_all(env, target))
    assert set(copy) == set(source)
    for k in source:
        assert copy[k] == source[k], k
    got = env.ddb.query(TableName=target, IndexName="by_g", KeyConditionExpression="g = :g",
                        ExpressionAttributeValues={":g": {"S": "grp2"}})["Items"]
    assert [i["pk"]["S"] for i in got] == ["sets", "documents"], got   # gn -3.5 < 4E+10
    assert canon_item(got[0]) == source[json.dumps({"S": "sets"})]
    got = env.ddb.query(TableName=target, IndexName="by_gn", KeyConditionExpression="gn = :n",
                        ExpressionAttributeValues={":n": {"N": "42"}})["Items"]
    assert got == [{"pk": {"S": "a number-looking key 42"}, "gn": {"N": "42"}}], got


# ---------------------------------------------------------------------------
# Import of hand-written objects in AWS's layout (sections 2, 3.3, 3.4)
# ---------------------------------------------------------------------------

HAND_ITEMS = [
    {"pk": {"S": "h1"}, "n": {"N": "600"}, "s": {"S": "x"}},
    {"pk": {"S": "h2"}, "b": {"B": b64md5(b"")}, "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2.5"]},
     "bs": {"BS": ["AA==", "Af8="]}},
    {"pk": {"S": "h3"}, "l": {"L": [{"NULL": True}, {"BOOL": False}]}, "m": {"M": {"k": {"S": "v"}}}},
    {"pk": {"S": "h4"}, "big": {"N": "1E+125"}, "small": {"N": "-1E-130"}},
]


def json_lines(items):
    return "".join(json.dumps({"Item": it}, separators=(",", ":")) + "\n" for it in items).encode()


@pytest.mark.parametrize("compression", ["GZIP", "ZSTD", "NONE"])
def test_import_hand_written_dynamodb_json(env, tables, compression):
    bucket = env.bucket()
    eid = "01746515289123-5f0c9a1e"
    root = "nightly/AWSDynamoDB/%s/" % eid
    files = [json_lines(HAND_ITEMS[:3]), json_lines(HAND_ITEMS[3:]), b""]
    ext = {"GZIP": ".json.gz", "ZSTD": ".json.zst", "NONE": ".json"}[compression]
    for i, body in enumerate(files):
        env.put(bucket, root + "data/%s%s" % (("abcdefghijklmnopqrstuvwx%02d" % i)[:26], ext),
                compress(body, compression))
    name, desc, done = run_import(env, tables, bucket, root + "data/", compression=compression)
    assert done["ImportStatus"] == "COMPLETED", done
    n = len(HAND_ITEMS)
    assert (done["ProcessedItemCount"], done["ImportedItemCount"], done["ErrorCount"]) == (n, n, 0), done
    assert done["ProcessedSizeBytes"] == sum(len(b) for b in files), done   # uncompressed (3.3)
    assert done["InputCompressionType"] == compression
    assert by_pk(scan_all(env, name)) == by_pk(HAND_ITEMS)


def test_import_blank_lines_are_skipped(env, tables):
    bucket = env.bucket()
    body = b"\n" + json_lines(HAND_ITEMS[:1]) + b"   \n\n" + json_lines(HAND_ITEMS[1:2]) + b"\t\n"
    env.put(bucket, "in/one.json", body)
    name, desc, done = run_import(env, tables, bucket, "in/")
    assert done["ImportStatus"] == "COMPLETED", done
    assert (done["ProcessedItemCount"], done["ImportedItemCount"], done["ErrorCount"]) == (2, 2, 0), done
    assert by_pk(scan_all(env, name)) == by_pk(HAND_ITEMS[:2])


ION_LINES = [
    '$ion_1_0 {Item:{pk:"ion#1",n:6d2,i:103.,price:8.5,neg:-17.5,plain:42,tags:$dynamodb_SS::["a","b"],'
    'nums:$dynamodb_NS::[1.,2.5],bins:$dynamodb_BS::[{{AA==}},{{Af8=}}],raw:{{aGk=}},ok:true,no:false,'
    'gone:null,m:{k:[1.,"x",{inner:true}]},\'a.b\':"dotted",\'with space\':"q\\"uote\\n",empty:""}}',
    '$ion_1_0 {Item:{pk:"ion#2"}}',
]
ION_EXPECTED = [
    {"pk": {"S": "ion#1"}, "n": {"N": "600"}, "i": {"N": "103"}, "price": {"N": "8.5"}, "neg": {"N": "-17.5"},
     "plain": {"N": "42"}, "tags": {"SS": ["a", "b"]}, "nums": {"NS": ["1", "2.5"]},
     "bins": {"BS": [b"\x00", b"\x01\xff"]}, "raw": {"B": b"hi"}, "ok": {"BOOL": True}, "no": {"BOOL": False},
     "gone": {"NULL": True}, "m": {"M": {"k": {"L": [{"N": "1"}, {"S": "x"}, {"M": {"inner": {"BOOL": True}}}]}}},
     "a.b": {"S": "dotted"}, "with space": {"S": 'q"uote\n'}, "empty": {"S": ""}},
    {"pk": {"S": "ion#2"}},
]


@pytest.mark.parametrize("compression", ["NONE", "GZIP"])
def test_import_hand_written_ion(env, tables, compression):
    # first the test's own Ion reader, on the worked line of section 2.3
    line = ('$ion_1_0 {Item:{pk:"u#1",n:6d2,price:8.5,tags:$dynamodb_SS::["a","b"],raw:{{aGk=}},ok:true,'
            'gone:null,m:{k:[1.,"x"]},\'a.b\':"dotted"}}')
    assert canon_item(ion_line(line)["Item"]) == canon_item({
        "pk": {"S": "u#1"}, "n": {"N": "600"}, "price": {"N": "8.5"}, "tags": {"SS": ["a", "b"]},
        "raw": {"B": "aGk="}, "ok": {"BOOL": True}, "gone": {"NULL": True},
        "m": {"M": {"k": {"L": [{"N": "1"}, {"S": "x"}]}}}, "a.b": {"S": "dotted"}})
    bucket = env.bucket()
    body = ("\n".join(ION_LINES) + "\n").encode()
    env.put(bucket, "AWSDynamoDB/01746515289123-5f0c9a1e/data/q3zk7mfa2xbdn4wltyr5hcpeoi.ion.gz"
            if compression == "GZIP" else "AWSDynamoDB/01746515289123-5f0c9a1e/data/plain.ion",
            compress(body, compression))
    name, desc, done = run_import(env, tables, bucket, "AWSDynamoDB/01746515289123-5f0c9a1e/data/", fmt="ION",
                                  compression=compression)
    assert done["ImportStatus"] == "COMPLETED", done
    assert (done["ProcessedItemCount"], done["ImportedItemCount"], done["ErrorCount"]) == (2, 2, 0), done
    assert done["ProcessedSizeBytes"] == len(body), done
    assert by_pk(scan_all(env, name)) == by_pk(ION_EXPECTED)


CSV_SCHEMA = dict(
    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                          {"AttributeName": "sk", "AttributeType": "N"},
                          {"AttributeName": "gn", "AttributeType": "N"}],
    GlobalSecondaryIndexes=[{"IndexName": "by_gn", "KeySchema": [{"AttributeName": "gn", "KeyType": "HASH"}],
                             "Projection": {"ProjectionType": "ALL"}}])


def csv_expected(pk, sk, gn, other, numlike):
    return {"pk": {"S": pk}, "sk": {"N": sk}, "gn": {"N": gn}, "other": {"S": other}, "numlike": {"S": numlike}}


def test_import_csv_with_header_line(env, tables):
    bucket = env.bucket()
    env.put(bucket, "csv/a.csv", "pk,sk,gn,other,numlike\nalpha,1,10,hello,42\nbeta,2.5,-3,world,007\n")
    env.put(bucket, "csv/b.csv", "pk,sk,gn,other,numlike\ngamma,3,10,x y,1e3\n")
    name, desc, done = run_import(env, tables, bucket, "csv/", fmt="CSV", schema=CSV_SCHEMA)
    assert done["ImportStatus"] == "COMPLETED", done
    assert (done["ProcessedItemCount"], done["ImportedItemCount"], done["ErrorCount"]) == (3, 3, 0), done
    assert by_pk(scan_all(env, name)) == by_pk([
        csv_expected("alpha", "1", "10", "hello", "42"), csv_expected("beta", "2.5", "-3", "world", "007"),
        csv_expected("gamma", "3", "10", "x y", "1e3")])
    got = env.ddb.query(TableName=name, IndexName="by_gn", KeyConditionExpression="gn = :n",
                        ExpressionAttributeValues={":n": {"N": "10"}})["Items"]
    assert sorted(i["pk"]["S"] for i in got) == ["alpha", "gamma"], got


@pytest.mark.parametrize("delimiter", ["|", ";", "\t"])
def test_import_csv_header_list_and_delimiter(env, tables, delimiter):
    bucket = env.bucket()
    rows = [["alpha", "1", "10", "hello", "42"], ["beta", "2", "11", "world", "43"]]
    # With HeaderList the first line of every file is data.
    env.put(bucket, "csv2/a.csv", "".join(delimiter.join(r) + "\n" for r in rows))
    name, desc, done = run_import(
        env, tables, bucket, "csv2/", fmt="CSV", schema=CSV_SCHEMA,
        InputFormatOptions={"Csv": {"Delimiter": delimiter, "HeaderList": ["pk", "sk", "gn", "other", "numlike"]}})
    assert done["ImportStatus"] == "COMPLETED", done
    assert (done["ProcessedItemCount"], done["ImportedItemCount"], done["ErrorCount"]) == (2, 2, 0), done
    assert by_pk(scan_all(env, name)) == by_pk([csv_expected(*r) for r in rows])


# ---------------------------------------------------------------------------
# Import errors, counters, status (section 3.5)
# ---------------------------------------------------------------------------

def good(pk):
    return {"pk": {"S": pk}, "v": {"S": "kept"}}


def test_import_item_errors(env, tables):
    bucket = env.bucket()
    p = "errs/"
    good_files = {"00-good.json": json_lines([good("g1"), good("g2")]),
                  "01-good.json": b"\n" + json_lines([good("g3")]) + b"  \n"}
    bad_lines = {
        "no-item": '{"NotAnItem":{"pk":{"S":"x"}}}',
        "invalid-json": '{"Item": ',
        "missing-key": '{"Item":{"v":{"S":"no key"}}}',
        "wrong-key-type": '{"Item":{"pk":{"N":"1"}}}',
        "too-big": json.dumps({"Item": {"pk": {"S": "big"}, "blob": {"S": "y" * 410000}}}, separators=(",", ":")),
    }
    for name_, body in good_files.items():
        env.put(bucket, p + name_, body)
    for name_, line in bad_lines.items():
        # the first bad line abandons the rest of its object
        env.put(bucket, p + "10-" + name_ + ".json",
                line.encode() + b"\n" + json_lines([good("after-" + name_), good("after2-" + name_)]))
    name, desc, done = run_import(env, tables, bucket, p)
    assert done["ImportStatus"] == "FAILED", done
    assert done["FailureCode"] == "ItemValidationError", done
    assert done["FailureMessage"], done
    assert done["ErrorCount"] == len(bad_lines), done
    assert done["ImportedItemCount"] == 3, (done, sorted(i["pk"]["S"] for i in scan_all(env, name)))
    assert done["ProcessedItemCount"] == done["ImportedItemCount"] + done["ErrorCount"], done
    assert LOG_GROUP_RE.match(done["CloudWatchLogGroupArn"]), done
    assert ":%s:" % env.ddb.meta.region_name in done["CloudWatchLogGroupArn"], done
    t = env.ddb.describe_table(TableName=name)["Table"]
    assert t["TableStatus"] == "ACTIVE", t
    assert by_pk(scan_all(env, name)) == by_pk([good("g1"), good("g2"), good("g3")])


def test_import_description_fields(env, tables):
    bucket = env.bucket()
    env.put(bucket, "f/one.json", json_lines([good("a")]))
    name, desc, done = run_import(env, tables, bucket, "f/", ClientToken="tok-" + uuid.uuid4().hex)
    m = ARN_IMPORT_RE.match(desc["ImportArn"])
    assert m and m.group("table") == desc["TableArn"], desc
    assert desc["TableArn"].endswith(":table/" + name)
    for k in ("ImportArn", "ImportStatus", "TableArn", "TableId", "ClientToken", "S3BucketSource", "InputFormat",
              "InputCompressionType", "TableCreationParameters", "StartTime", "ProcessedItemCount",
              "ImportedItemCount", "ErrorCount"):
        assert k in desc, (k, desc)
    assert done["ImportStatus"] == "COMPLETED", done
    assert "FailureCode" not in done, done
    assert done["TableId"] == desc["TableId"] == env.ddb.describe_table(TableName=name)["Table"]["TableId"]
    assert done["ClientToken"] == desc["ClientToken"]
    assert done["EndTime"] >= done["StartTime"]
    assert LOG_GROUP_RE.match(done["CloudWatchLogGroupArn"]), done
    listed = env.call("ListImports", {"TableArn": desc["TableArn"]})["ImportSummaryList"]
    assert [s["ImportArn"] for s in listed] == [desc["ImportArn"]], listed
    assert set(listed[0]) == IMPORT_SUMMARY_KEYS, listed[0]


def test_import_empty_prefix_completes_with_empty_table(env, tables):
    bucket = env.bucket()
    name, desc, done = run_import(env, tables, bucket, "nothing-here/")
    assert done["ImportStatus"] == "COMPLETED", done
    assert (done["ProcessedItemCount"], done["ImportedItemCount"], done["ErrorCount"]) == (0, 0, 0), done
    assert env.ddb.describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE"
    assert scan_all(env, name) == []


# ---------------------------------------------------------------------------
# Missing bucket (sections 3.5, 4.1)
# ---------------------------------------------------------------------------

def test_export_to_missing_bucket_fails(env, tables):
    name = pitr_table(env, tables)
    arn = table_arn(env, name)
    created = export(env, arn, "no-such-bucket-" + uuid.uuid4().hex[:8])
    final = wait_export(env, created["ExportArn"])
    assert final["ExportStatus"] == "FAILED", final
    assert final["FailureCode"] == "S3NoSuchBucket", final
    assert "bucket does not exist" in final["FailureMessage"], final
    listed = env.call("ListExports", {"TableArn": arn})["ExportSummaries"]
    assert [(s["ExportArn"], s["ExportStatus"]) for s in listed] == [(created["ExportArn"], "FAILED")], listed


def test_import_from_missing_bucket_fails_without_table(env, tables):
    name, desc, done = run_import(env, tables, "no-such-bucket-" + uuid.uuid4().hex[:8], "x/")
    assert done["ImportStatus"] == "FAILED", done
    assert done["FailureCode"] == "S3NoSuchBucket", done
    assert done["FailureMessage"], done
    assert (done["ProcessedItemCount"], done["ImportedItemCount"], done["ErrorCount"]) == (0, 0, 0), done
    resp = env.raw("DescribeTable", {"TableName": name})
    expect_raw_error(resp, "ResourceNotFoundException")


# ---------------------------------------------------------------------------
# Export errors (section 4.1, 4.2)
# ---------------------------------------------------------------------------

def test_export_pitr_disabled(env, tables):
    name, _ = tables("nopitr")
    resp = env.raw("ExportTableToPointInTime", {"TableArn": table_arn(env, name), "S3Bucket": env.bucket()})
    expect_raw_error(resp, "PointInTimeRecoveryUnavailableException",
                     "Point in time recovery is not enabled for table '%s'" % name)


def test_export_missing_table(env, tables):
    name = pitr_table(env, tables)
    arn = table_arn(env, name).rsplit("/", 1)[0] + "/" + unique_name("gone")
    resp = env.raw("ExportTableToPointInTime", {"TableArn": arn, "S3Bucket": env.bucket()})
    expect_raw_error(resp, "TableNotFoundException")
    assert "not found" in resp.error_message, resp


@pytest.mark.parametrize("when", ["before_enable", "future"])
def test_export_time_outside_window(env, tables, when):
    name = pitr_table(env, tables)
    now = env.now()
    at = now - 3600 if when == "before_enable" else now + 3600
    resp = env.raw("ExportTableToPointInTime", {"TableArn": table_arn(env, name), "S3Bucket": env.bucket(),
                                                "ExportTime": at})
    expect_raw_error(resp, "InvalidExportTimeException", "Export Time is invalid")


def test_incremental_window_under_15_minutes(env, tables):
    name = pitr_table(env, tables)
    start = int(env.now()) + 1
    env.advance(3600)
    resp = env.raw("ExportTableToPointInTime", {
        "TableArn": table_arn(env, name), "S3Bucket": env.bucket(), "ExportType": "INCREMENTAL_EXPORT",
        "IncrementalExportSpecification": {"ExportFromTime": start, "ExportToTime": start + 14 * 60,
                                           "ExportViewType": "NEW_AND_OLD_IMAGES"}})
    expect_raw_error(resp, "InvalidExportTimeException")
    assert resp.error_message.startswith("Difference between export period"), resp


def test_export_client_token(env, tables):
    name = pitr_table(env, tables)
    arn = table_arn(env, name)
    bucket = env.bucket()
    token = "tok-" + uuid.uuid4().hex
    first = export(env, arn, bucket, ClientToken=token, S3Prefix="p1")
    again = export(env, arn, bucket, ClientToken=token, S3Prefix="p1")
    assert again["ExportArn"] == first["ExportArn"], (first, again)
    assert first["ClientToken"] == token
    resp = env.raw("ExportTableToPointInTime", {"TableArn": arn, "S3Bucket": bucket, "ClientToken": token,
                                                "S3Prefix": "p2"})
    expect_raw_error(resp, "ExportConflictException")
    assert resp.error_message.startswith("Duplicate request detected"), resp
    # without a token, two calls are two exports
    a = export(env, arn, bucket)["ExportArn"]
    b = export(env, arn, bucket)["ExportArn"]
    assert a != b
    for x in (first["ExportArn"], a, b):
        assert wait_export(env, x)["ExportStatus"] == "COMPLETED"


def test_describe_export_unknown_and_malformed_arn(env, tables):
    name = pitr_table(env, tables)
    arn = table_arn(env, name)
    resp = env.raw("DescribeExport", {"ExportArn": arn + "/export/%014d-0badf00d" % int(env.now() * 1000)})
    expect_raw_error(resp, "ExportNotFoundException")
    # (a string under 37 characters is refused by the length constraint first)
    for bad in (arn, "not-an-arn-but-long-enough-to-pass-the-length-check"):
        resp = env.raw("DescribeExport", {"ExportArn": bad})
        expect_raw_error(resp, "ValidationException")
        assert "Invalid Export ARN" in resp.error_message, resp


# ---------------------------------------------------------------------------
# Import request errors (sections 3.1, 3.2, 3.6)
# ---------------------------------------------------------------------------

def test_import_into_existing_table(env, tables):
    existing, _ = tables("exists")
    bucket = env.bucket()
    resp = env.raw("ImportTable", {
        "S3BucketSource": {"S3Bucket": bucket}, "InputFormat": "DYNAMODB_JSON", "ClientToken": uuid.uuid4().hex,
        "TableCreationParameters": dict(TableName=existing, BillingMode="PAY_PER_REQUEST",
                                        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                                        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])})
    expect_raw_error(resp, "ResourceInUseException", "Table already exists: %s" % existing)


def test_import_replay_after_completion_is_table_exists(env, tables):
    bucket = env.bucket()
    env.put(bucket, "r/one.json", json_lines([good("a")]))
    token = "tok-" + uuid.uuid4().hex
    name, desc, done = run_import(env, tables, bucket, "r/", ClientToken=token)
    assert done["ImportStatus"] == "COMPLETED", done
    resp = env.raw("ImportTable", {
        "S3BucketSource": {"S3Bucket": bucket, "S3KeyPrefix": "r/"}, "InputFormat": "DYNAMODB_JSON",
        "InputCompressionType": "NONE", "ClientToken": token,
        "TableCreationParameters": desc["TableCreationParameters"]})
    expect_raw_error(resp, "ResourceInUseException", "Table already exists: %s" % name)


def test_describe_import_unknown_and_malformed_arn(env, tables):
    name, _ = tables("imparn")
    arn = table_arn(env, name)
    resp = env.raw("DescribeImport", {"ImportArn": arn + "/import/%014d-0badf00d" % int(env.now() * 1000)})
    expect_raw_error(resp, "ImportNotFoundException")
    bad = arn.rsplit("/", 1)[0] + "/x/import/01658528578619-c4d4e311"
    resp = env.raw("DescribeImport", {"ImportArn": bad})
    expect_raw_error(resp, "ValidationException")
    assert "Invalid Import ARN" in resp.error_message, resp


# ---------------------------------------------------------------------------
# Incremental export (sections 1.1, 1.5, 2.2)
# ---------------------------------------------------------------------------

def incremental_setup(env, tables):
    """A table with a history: items before the window, changes inside it, a change after it.
    Returns (table, from, to, expected {pk: (old image or None, new image or None)})."""
    name = pitr_table(env, tables, "incr")
    before = {"upd": {"pk": {"S": "upd"}, "v": {"N": "1"}},
              "del": {"pk": {"S": "del"}, "v": {"N": "2"}},
              "twice": {"pk": {"S": "twice"}, "v": {"N": "3"}},
              "still": {"pk": {"S": "still"}, "v": {"N": "4"}},
              "later": {"pk": {"S": "later"}, "v": {"N": "5"}}}
    for it in before.values():
        env.ddb.put_item(TableName=name, Item=it)
    env.advance(60)
    start = int(env.now()) + 1
    env.advance(5)
    new = {"pk": {"S": "new"}, "v": {"S": "inserted"}, "ss": {"SS": ["a"]}}
    env.ddb.put_item(TableName=name, Item=new)
    env.ddb.update_item(TableName=name, Key={"pk": {"S": "upd"}}, UpdateExpression="SET v = :v, w = :w",
                        ExpressionAttributeValues={":v": {"N": "10"}, ":w": {"S": "added"}})
    env.ddb.delete_item(TableName=name, Key={"pk": {"S": "del"}})
    env.advance(5)
    env.ddb.update_item(TableName=name, Key={"pk": {"S": "twice"}}, UpdateExpression="SET v = :v",
                        ExpressionAttributeValues={":v": {"N": "30"}})
    env.advance(5)
    env.ddb.update_item(TableName=name, Key={"pk": {"S": "twice"}}, UpdateExpression="SET v = :v",
                        ExpressionAttributeValues={":v": {"N": "300"}})
    end = start + 20 * 60
    env.advance(end - env.now() + 60)      # past the window's end
    env.ddb.put_item(TableName=name, Item={"pk": {"S": "later"}, "v": {"N": "50"}})
    env.advance(20 * 60)                   # the window's end is now well inside the PITR window
    expected = {
        "new": (None, new),
        "upd": (before["upd"], {"pk": {"S": "upd"}, "v": {"N": "10"}, "w": {"S": "added"}}),
        "del": (before["del"], None),
        "twice": ("any", {"pk": {"S": "twice"}, "v": {"N": "300"}}),
    }
    return name, start, end, expected


@pytest.mark.parametrize("view", ["NEW_AND_OLD_IMAGES", "NEW_IMAGE"])
def test_incremental_export(env, tables, view):
    name, start, end, expected = incremental_setup(env, tables)
    tarn = table_arn(env, name)
    bucket = env.bucket()
    spec = {"ExportFromTime": start, "ExportToTime": end, "ExportViewType": view}
    created = export(env, tarn, bucket, S3Prefix="inc", ExportType="INCREMENTAL_EXPORT",
                     IncrementalExportSpecification=spec)
    assert created["ExportType"] == "INCREMENTAL_EXPORT", created
    final = wait_export(env, created["ExportArn"])
    assert final["ExportStatus"] == "COMPLETED", final
    assert final["ExportType"] == "INCREMENTAL_EXPORT"
    assert final["IncrementalExportSpecification"] == spec, final
    assert final["ItemCount"] == len(expected), final
    eid = ARN_EXPORT_RE.match(created["ExportArn"]).group("id")
    root = "inc/AWSDynamoDB/%s/" % eid

    text = env.get(bucket, root + "manifest-summary.json")
    assert b"\n" not in text
    assert [k for k, _ in summary_pairs(text)] == INCR_SUMMARY_KEYS, text
    summary = json.loads(text)
    assert summary["version"] == "2023-08-01"
    assert summary["exportType"] == "INCREMENTAL_EXPORT"
    assert summary["outputView"] == view
    assert summary["outputFormat"] == "DYNAMODB_JSON"
    assert summary["itemCount"] == len(expected)
    assert summary["exportFromTime"] == time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(start)), summary
    assert summary["exportToTime"] == time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(end)), summary
    assert summary["manifestFilesS3Key"] == root + "manifest-files.json"
    mf = env.get(bucket, root + "manifest-files.json")
    assert env.get(bucket, root + "manifest-files.md5") == b64md5(mf).encode()
    assert env.get(bucket, root + "manifest-summary.md5") == b64md5(text).encode()

    records = []
    for line in mf.decode().split("\n")[:-1]:
        entry = json.loads(line)
        key = entry["dataFileS3Key"]
        # data files go to the shared inc/AWSDynamoDB/data/, not to <ExportId>/data/
        assert key.startswith("inc/AWSDynamoDB/data/"), entry
        assert DATA_NAME.match(key.rsplit("/", 1)[1]), key
        blob = env.get(bucket, key)
        assert entry["md5Checksum"] == b64md5(blob) and entry["etag"] == etag(blob), entry
        recs = data_records("DYNAMODB_JSON", gzip.decompress(blob).decode())
        assert len(recs) == entry["itemCount"], entry
        records += recs
    assert not any(k.startswith(root + "data/") for k in env.keys(bucket)), env.keys(bucket)

    got = {}
    for rec in records:
        images = [k for k in ("OldImage", "NewImage") if k in rec]
        assert list(rec) == ["Metadata", "Keys"] + images, rec
        assert list(rec["Metadata"]) == ["WriteTimestampMicros"], rec
        ts = rec["Metadata"]["WriteTimestampMicros"]
        assert list(ts) == ["N"] and re.fullmatch(r"\d{16}", ts["N"]), rec
        assert start * 10**6 <= int(ts["N"]) < end * 10**6, rec
        pk = rec["Keys"]["pk"]["S"]
        assert rec["Keys"] == {"pk": {"S": pk}}, rec
        assert pk not in got, "two records for %s" % pk
        got[pk] = rec
    assert set(got) == set(expected), records
    for pk, (old, new) in expected.items():
        rec = got[pk]
        if new is None:
            assert "NewImage" not in rec, rec
        else:
            assert canon_item(rec["NewImage"]) == canon_item(new), rec
        if view == "NEW_IMAGE" or old is None:
            assert "OldImage" not in rec, rec
        elif old != "any":
            assert canon_item(rec["OldImage"]) == canon_item(old), rec
