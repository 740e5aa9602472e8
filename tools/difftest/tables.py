"""The fixed set of tables every run uses, and their setup on one server.

Key shapes: hash-only S, hash-only B, hash S + range S, hash S + range N, hash N + range B.
Index key attributes are `gs` (S), `gn` (N) and `gb` (B); LSIs and GSIs of every projection
type (ALL, KEYS_ONLY, INCLUDE) are spread over the tables. Items leave index attributes out
often, so the indexes are sparse."""

import time

from .clients import ServerError

TABLE_PREFIX = "difftest_"

# Attributes that are index keys somewhere, with their declared types.
INDEX_KEY_TYPES = {"gs": "S", "gn": "N", "gb": "B"}


class KeySchema:
    """hash = (name, type); range = (name, type) or None."""

    def __init__(self, hash_key, range_key=None):
        self.hash = hash_key
        self.range = range_key

    def names(self):
        return [self.hash[0]] + ([self.range[0]] if self.range else [])

    def types(self):
        return dict([self.hash] + ([self.range] if self.range else []))

    def to_wire(self):
        ks = [{"AttributeName": self.hash[0], "KeyType": "HASH"}]
        if self.range:
            ks.append({"AttributeName": self.range[0], "KeyType": "RANGE"})
        return ks


class IndexSpec:
    def __init__(self, name, kind, keys, projection, non_key=()):
        self.name = name
        self.kind = kind              # "LSI" or "GSI"
        self.keys = keys              # KeySchema
        self.projection = projection  # ALL, KEYS_ONLY, INCLUDE
        self.non_key = list(non_key)

    def to_wire(self):
        proj = {"ProjectionType": self.projection}
        if self.projection == "INCLUDE":
            proj["NonKeyAttributes"] = list(self.non_key)
        return {"IndexName": self.name, "KeySchema": self.keys.to_wire(), "Projection": proj}

    def projected(self, table_keys):
        """Attribute names the index holds, or None for all."""
        if self.projection == "ALL":
            return None
        names = set(table_keys.names()) | set(self.keys.names())
        if self.projection == "INCLUDE":
            names |= set(self.non_key)
        return names


class TableSpec:
    def __init__(self, short, keys, lsis=(), gsis=()):
        self.name = TABLE_PREFIX + short
        self.keys = keys
        self.lsis = list(lsis)
        self.gsis = list(gsis)

    @property
    def indexes(self):
        return self.lsis + self.gsis

    def index(self, name):
        for ix in self.indexes:
            if ix.name == name:
                return ix
        return None

    def create_params(self):
        defs = dict(self.keys.types())
        for ix in self.indexes:
            defs.update(ix.keys.types())
        params = dict(TableName=self.name, KeySchema=self.keys.to_wire(),
                      AttributeDefinitions=[{"AttributeName": n, "AttributeType": t}
                                            for n, t in sorted(defs.items())],
                      BillingMode="PAY_PER_REQUEST")
        if self.lsis:
            params["LocalSecondaryIndexes"] = [ix.to_wire() for ix in self.lsis]
        if self.gsis:
            params["GlobalSecondaryIndexes"] = [ix.to_wire() for ix in self.gsis]
        return params


def table_specs():
    S, N, B = "S", "N", "B"
    return [
        TableSpec("hs", KeySchema(("pk", S)), gsis=[
            IndexSpec("g_all", "GSI", KeySchema(("gs", S), ("gn", N)), "ALL"),
            IndexSpec("g_keys", "GSI", KeySchema(("gn", N)), "KEYS_ONLY"),
            IndexSpec("g_incl", "GSI", KeySchema(("gb", B), ("gs", S)), "INCLUDE", ["a", "m"]),
        ]),
        TableSpec("hb", KeySchema(("pk", B)), gsis=[
            IndexSpec("g_all", "GSI", KeySchema(("gs", S), ("gb", B)), "ALL"),
        ]),
        TableSpec("hrs", KeySchema(("pk", S), ("sk", S)), lsis=[
            IndexSpec("l_all", "LSI", KeySchema(("pk", S), ("gn", N)), "ALL"),
            IndexSpec("l_keys", "LSI", KeySchema(("pk", S), ("gs", S)), "KEYS_ONLY"),
            IndexSpec("l_incl", "LSI", KeySchema(("pk", S), ("gb", B)), "INCLUDE", ["a", "l"]),
        ], gsis=[
            IndexSpec("g_rev", "GSI", KeySchema(("sk", S), ("pk", S)), "ALL"),
            IndexSpec("g_incl", "GSI", KeySchema(("gs", S)), "INCLUDE", ["n", "ss"]),
        ]),
        TableSpec("hrn", KeySchema(("pk", S), ("sk", N)), lsis=[
            IndexSpec("l_all", "LSI", KeySchema(("pk", S), ("gs", S)), "ALL"),
            IndexSpec("l_keys", "LSI", KeySchema(("pk", S), ("gb", B)), "KEYS_ONLY"),
        ], gsis=[
            IndexSpec("g_incl", "GSI", KeySchema(("gn", N), ("sk", N)), "INCLUDE", ["s"]),
            IndexSpec("g_keys", "GSI", KeySchema(("gs", S)), "KEYS_ONLY"),
        ]),
        TableSpec("hrb", KeySchema(("pk", N), ("sk", B)), lsis=[
            IndexSpec("l_incl", "LSI", KeySchema(("pk", N), ("gs", S)), "INCLUDE", ["m", "n"]),
        ], gsis=[
            IndexSpec("g_keys", "GSI", KeySchema(("gb", B), ("gn", N)), "KEYS_ONLY"),
            IndexSpec("g_all", "GSI", KeySchema(("gs", S)), "ALL"),
        ]),
    ]


def _wait_active(client, name, timeout=120):
    deadline = time.monotonic() + timeout
    while True:
        t = client.must("DescribeTable", {"TableName": name})["Table"]
        if t["TableStatus"] == "ACTIVE" and all(
                g.get("IndexStatus") == "ACTIVE" for g in t.get("GlobalSecondaryIndexes", [])):
            return
        if time.monotonic() > deadline:
            raise RuntimeError("table %s not ACTIVE after %ss" % (name, timeout))
        time.sleep(0.05)


def _delete_if_exists(client, name):
    ok, body, _ = client.call("DeleteTable", {"TableName": name})
    if not ok:
        if body["code"] != "ResourceNotFoundException":
            raise ServerError("DeleteTable", None, body)
        return
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ok, body, _ = client.call("DescribeTable", {"TableName": name})
        if not ok:
            if body["code"] == "ResourceNotFoundException":
                return
            raise ServerError("DescribeTable", None, body)
        time.sleep(0.05)


def create_tables(client, specs):
    """(Re)creates every table on one server and waits until all are ACTIVE."""
    for spec in specs:
        _delete_if_exists(client, spec.name)
    for spec in specs:
        client.must("CreateTable", spec.create_params())
    for spec in specs:
        _wait_active(client, spec.name)


def delete_tables(client, specs):
    for spec in specs:
        client.call("DeleteTable", {"TableName": spec.name})
