"""Secondary-index maintenance on every write path: PutItem (new item, overwrite), UpdateItem
(SET/REMOVE/ADD, legacy AttributeUpdates, upsert, failed condition), DeleteItem and BatchWriteItem.
An item enters an index when it has all of the index's key attributes, moves when an index key
changes (the old entry disappears), leaves when a key attribute is removed (sparse indexes), and its
projected attributes follow every change. KEYS_ONLY and INCLUDE entries carry exactly the index
keys, the table keys and the included attributes. Writes that would put an invalid index key are
rejected whole and leave every index unchanged.

Each test keeps a model of the items it wrote and compares every index it touches with the model's
projection. GSIs are eventually consistent on AWS (Local applies them synchronously), so each
comparison polls the index briefly until it matches and then asserts; nothing about timing is
asserted. LSI reads use ConsistentRead. Sources: scylladb test/alternator/test_gsi.py (run against
AWS), mhart/dynalite test/putItem.js, updateItem.js, batchWriteItem.js, nubo-db/dynoxide
tests/index_key_validation.rs (messages captured from AWS). See docs/index-messages.md §5."""

import concurrent.futures

import pytest

from helpers import (delete_quietly, eventually, expect_error, get_consistent, rand_key, unique_name,
                     wait_active)

SRC_SC = "scylladb test/alternator/test_gsi.py"
SRC_DX = "nubo-db/dynoxide tests/index_key_validation.rs (messages captured from AWS)"
SRC_DT = "mhart/dynalite test/putItem.js, updateItem.js, batchWriteItem.js (run against AWS)"

# index -> (hash attribute, attributes the item needs to be in the index, projected attributes
#           or None for ALL)
INDEXES = {
    "m_all": ("g", ("g", "gs"), None),
    "m_keys": ("g", ("g",), ("pk", "sk", "g")),
    "m_inc": ("g", ("g", "gs"), ("pk", "sk", "g", "gs", "a", "b")),
    "m_solo": ("solo", ("solo",), ("pk", "sk", "solo")),
    "l_all": ("pk", ("ls",), None),
    "l_inc": ("pk", ("ls",), ("pk", "sk", "ls", "a")),
}
GSIS = ("m_all", "m_keys", "m_inc", "m_solo")
LSIS = ("l_all", "l_inc")


def _key_schema(h, r=None):
    ks = [{"AttributeName": h, "KeyType": "HASH"}]
    if r:
        ks.append({"AttributeName": r, "KeyType": "RANGE"})
    return ks


def _index(name, h, r=None, ptype="ALL", include=None):
    proj = {"ProjectionType": ptype}
    if include:
        proj["NonKeyAttributes"] = include
    return {"IndexName": name, "KeySchema": _key_schema(h, r), "Projection": proj}


@pytest.fixture(scope="module")
def mtab(ddb):
    name = unique_name("idxm")
    ddb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST", KeySchema=_key_schema("pk", "sk"),
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": t} for a, t in
                              [("pk", "S"), ("sk", "S"), ("g", "S"), ("gs", "N"), ("solo", "S"),
                               ("ls", "S")]],
        GlobalSecondaryIndexes=[_index("m_all", "g", "gs"),
                                _index("m_keys", "g", None, "KEYS_ONLY"),
                                _index("m_inc", "g", "gs", "INCLUDE", ["a", "b"]),
                                _index("m_solo", "solo", None, "KEYS_ONLY")],
        LocalSecondaryIndexes=[_index("l_all", "pk", "ls"),
                               _index("l_inc", "pk", "ls", "INCLUDE", ["a"])])
    try:
        wait_active(ddb, name)
        yield name
    finally:
        delete_quietly(ddb, name)


def _ident(item):
    return (item["pk"]["S"], item["sk"]["S"])


def _read_index(ddb, table, index, value):
    hash_attr = INDEXES[index][0]
    kw = dict(TableName=table, IndexName=index, KeyConditionExpression="#h = :h",
              ExpressionAttributeNames={"#h": hash_attr}, ExpressionAttributeValues={":h": value})
    if index in LSIS:
        kw["ConsistentRead"] = True
    items, start = [], None
    while True:
        if start:
            kw["ExclusiveStartKey"] = start
        resp = ddb.query(**kw)
        items += resp["Items"]
        start = resp.get("LastEvaluatedKey")
        if not start:
            return sorted(items, key=_ident)


def _expected(model, index, value):
    hash_attr, needs, projected = INDEXES[index]
    out = []
    for item in model.values():
        if all(k in item for k in needs) and item[hash_attr] == value:
            out.append(item if projected is None else
                       {k: v for k, v in item.items() if k in projected})
    return sorted(out, key=_ident)


class Model:
    """The items a test expects in the table, and checks of the indexes against them."""

    def __init__(self, ddb, table):
        self.ddb, self.table, self.items = ddb, table, {}

    def put(self, item):
        self.items[_ident(item)] = item

    def delete(self, item_or_key):
        self.items.pop(_ident(item_or_key), None)

    def check(self, index, value):
        want = _expected(self.items, index, value)
        got = eventually(lambda: _read_index(self.ddb, self.table, index, value),
                         lambda got: got == want)
        assert got == want, (index, value)

    def check_all(self, gs=(), pks=(), solos=()):
        """Every GSI under each g value, m_solo under each solo value, every LSI under each pk."""
        for value in gs:
            for index in ("m_all", "m_keys", "m_inc"):
                self.check(index, {"S": value})
        for value in solos:
            self.check("m_solo", {"S": value})
        for value in pks:
            for index in LSIS:
                self.check(index, {"S": value})
        for ident, item in self.items.items():
            assert get_consistent(self.ddb, self.table,
                                  {"pk": item["pk"], "sk": item["sk"]}) == item


@pytest.fixture
def model(ddb, mtab):
    return Model(ddb, mtab)


def _item(pk, sk, **attrs):
    item = {"pk": {"S": pk}, "sk": {"S": sk}}
    for k, v in attrs.items():
        item[k] = v if isinstance(v, dict) else ({"N": str(v)} if isinstance(v, (int, float))
                                                 else {"S": v})
    return item


def _key(item):
    return {"pk": item["pk"], "sk": item["sk"]}


def _names():
    return rand_key("p"), rand_key("G"), rand_key("H")


# ---------------------------------------------------------------------------
# PutItem
# ---------------------------------------------------------------------------

def test_put_adds_an_entry_to_every_index_it_has_keys_for(ddb, mtab, model):
    p, g, _ = _names()
    full = _item(p, "s1", g=g, gs=5, a="A", b="B", c="C", ls="L", solo=p + "solo")
    ddb.put_item(TableName=mtab, Item=full)
    model.put(full)
    model.check_all(gs=[g], pks=[p], solos=[p + "solo"])
    # the exact projections
    assert _read_index(ddb, mtab, "m_keys", {"S": g}) == [_item(p, "s1", g=g)]
    assert _read_index(ddb, mtab, "m_inc", {"S": g}) == [_item(p, "s1", g=g, gs=5, a="A", b="B")]
    assert _read_index(ddb, mtab, "m_solo", {"S": p + "solo"}) == [_item(p, "s1", solo=p + "solo")]
    assert _read_index(ddb, mtab, "l_inc", {"S": p}) == [_item(p, "s1", ls="L", a="A")]
    assert _read_index(ddb, mtab, "l_all", {"S": p}) == [full]


def test_include_projection_carries_only_the_included_attributes_present(ddb, mtab, model):
    p, g, _ = _names()
    items = [_item(p, "s1", g=g, gs=1, b="B", c="C", ls="L"),     # no a
             _item(p, "s2", g=g, gs=2, c="C", ls="M")]             # neither a nor b
    for it in items:
        ddb.put_item(TableName=mtab, Item=it)
        model.put(it)
    model.check_all(gs=[g], pks=[p])
    assert _read_index(ddb, mtab, "m_inc", {"S": g}) == [_item(p, "s1", g=g, gs=1, b="B"),
                                                         _item(p, "s2", g=g, gs=2)]
    assert _read_index(ddb, mtab, "l_inc", {"S": p}) == [_item(p, "s1", ls="L"),
                                                         _item(p, "s2", ls="M")]


def test_items_without_the_index_keys_are_not_indexed(ddb, mtab, model):
    """Sparse indexes. -- scylla test_gsi.py test_gsi_missing_attribute, test_gsi_missing_attribute_3"""
    p, g, _ = _names()
    items = [_item(p, "hash_only", g=g, a="A"),          # g but no gs: only m_keys
             _item(p, "range_only", gs=3, a="A"),        # gs without g: in no GSI
             _item(p, "none", a="A"),                    # no index attribute at all
             _item(p, "lsi_only", ls="L", a="A"),        # only the LSIs
             _item(p, "both", g=g, gs=1, ls="M")]
    for it in items:
        ddb.put_item(TableName=mtab, Item=it)
        model.put(it)
    model.check_all(gs=[g], pks=[p])
    assert [i[1] for i in map(_ident, _read_index(ddb, mtab, "m_all", {"S": g}))] == ["both"]
    assert sorted(i[1] for i in map(_ident, _read_index(ddb, mtab, "m_keys", {"S": g}))) == [
        "both", "hash_only"]
    assert [_ident(it)[1] for it in _ordered(ddb, mtab, "l_all", p)] == [
        "lsi_only", "both"]          # ordered by ls: L < M


def test_put_overwrite_moves_and_removes_entries(ddb, mtab, model):
    p, g1, g2 = _names()
    first = _item(p, "s", g=g1, gs=1, a="A1", b="B1", ls="L1", solo=p + "x")
    ddb.put_item(TableName=mtab, Item=first)
    model.put(first)
    model.check_all(gs=[g1, g2], pks=[p], solos=[p + "x", p + "y"])
    # replace: new GSI hash key, new LSI key, other projected values, solo changed
    second = _item(p, "s", g=g2, gs=2, a="A2", ls="L2", solo=p + "y")
    ddb.put_item(TableName=mtab, Item=second)
    model.put(second)
    model.check_all(gs=[g1, g2], pks=[p], solos=[p + "x", p + "y"])
    assert _read_index(ddb, mtab, "m_all", {"S": g1}) == []
    assert _read_index(ddb, mtab, "m_inc", {"S": g2}) == [_item(p, "s", g=g2, gs=2, a="A2")]
    # replace with an item that has no index attribute: gone from every index
    third = _item(p, "s", a="A3")
    ddb.put_item(TableName=mtab, Item=third)
    model.put(third)
    model.check_all(gs=[g1, g2], pks=[p], solos=[p + "x", p + "y"])
    assert _read_index(ddb, mtab, "l_all", {"S": p}) == []


def test_put_overwrite_changing_only_the_index_sort_key(ddb, mtab, model):
    p, g, _ = _names()
    items = [_item(p, "s%d" % i, g=g, gs=i, ls="L%d" % i) for i in range(4)]
    for it in items:
        ddb.put_item(TableName=mtab, Item=it)
        model.put(it)
    moved = _item(p, "s0", g=g, gs=10, ls="L9")
    ddb.put_item(TableName=mtab, Item=moved)
    model.put(moved)
    model.check_all(gs=[g], pks=[p])
    # check_all has settled both indexes: the moved entry is now last in each
    assert [_ident(it)[1] for it in _ordered(ddb, mtab, "m_all", g)] == ["s1", "s2", "s3", "s0"]
    assert [_ident(it)[1] for it in _ordered(ddb, mtab, "l_all", p)] == ["s1", "s2", "s3", "s0"]


def _ordered(ddb, table, index, value):
    """Index entries in index order (a single page)."""
    kw = dict(TableName=table, IndexName=index, KeyConditionExpression="#h = :h",
              ExpressionAttributeNames={"#h": INDEXES[index][0]},
              ExpressionAttributeValues={":h": {"S": value}})
    if index in LSIS:
        kw["ConsistentRead"] = True
    return ddb.query(**kw)["Items"]


# ---------------------------------------------------------------------------
# UpdateItem
# ---------------------------------------------------------------------------

def _update(ddb, table, item, expr, values=None, names=None, **kw):
    args = dict(TableName=table, Key=_key(item), UpdateExpression=expr, ReturnValues="ALL_NEW")
    if values:
        args["ExpressionAttributeValues"] = values
    if names:
        args["ExpressionAttributeNames"] = names
    args.update(kw)
    return ddb.update_item(**args).get("Attributes")


def test_update_set_adds_move_and_remove_entries(ddb, mtab, model):
    p, g1, g2 = _names()
    base = _item(p, "s", a="A", c="C")
    ddb.put_item(TableName=mtab, Item=base)
    model.put(base)
    model.check_all(gs=[g1], pks=[p])
    # SET the index keys: the item enters m_all, m_keys, m_inc and the LSIs
    new = _update(ddb, mtab, base, "SET g = :g, gs = :n, ls = :l",
                  {":g": {"S": g1}, ":n": {"N": "7"}, ":l": {"S": "L"}})
    model.put(new)
    model.check_all(gs=[g1, g2], pks=[p])
    assert _read_index(ddb, mtab, "m_keys", {"S": g1}) == [_item(p, "s", g=g1)]
    # change the GSI hash key: the entry moves, the old one is gone
    new = _update(ddb, mtab, base, "SET g = :g", {":g": {"S": g2}})
    model.put(new)
    model.check_all(gs=[g1, g2], pks=[p])
    assert _read_index(ddb, mtab, "m_keys", {"S": g1}) == []
    # REMOVE the GSI range key: out of m_all and m_inc, still in the hash-only m_keys
    new = _update(ddb, mtab, base, "REMOVE gs")
    model.put(new)
    model.check_all(gs=[g2], pks=[p])
    assert _read_index(ddb, mtab, "m_all", {"S": g2}) == []
    assert _read_index(ddb, mtab, "m_keys", {"S": g2}) == [_item(p, "s", g=g2)]
    # REMOVE the hash key and the LSI key: out of every index
    new = _update(ddb, mtab, base, "REMOVE g, ls")
    model.put(new)
    model.check_all(gs=[g2], pks=[p])
    assert new == base
    # REMOVE of an absent index key changes nothing
    _update(ddb, mtab, base, "REMOVE g, gs, ls")
    model.check_all(gs=[g2], pks=[p])


def test_update_add_moves_a_numeric_index_sort_key(ddb, mtab, model):
    p, g, _ = _names()
    items = [_item(p, "s%d" % i, g=g, gs=i * 10) for i in range(3)]
    for it in items:
        ddb.put_item(TableName=mtab, Item=it)
        model.put(it)
    new = _update(ddb, mtab, items[0], "ADD gs :n", {":n": {"N": "25"}})
    assert new["gs"] == {"N": "25"}
    model.put(new)
    model.check_all(gs=[g])
    got = eventually(lambda: _ordered(ddb, mtab, "m_all", g),
                     lambda r: [it["gs"]["N"] for it in r] == ["10", "20", "25"])
    assert [(_ident(it)[1], it["gs"]["N"]) for it in got] == [("s1", "10"), ("s2", "20"),
                                                               ("s0", "25")]
    # ADD on a missing numeric index key creates it: the item enters the index
    bare = _item(p, "t", g=g)
    ddb.put_item(TableName=mtab, Item=bare)
    new = _update(ddb, mtab, bare, "ADD gs :n", {":n": {"N": "-1"}})
    model.put(new)
    model.check_all(gs=[g])


def test_update_of_non_key_attributes_follows_each_projection(ddb, mtab, model):
    p, g, _ = _names()
    item = _item(p, "s", g=g, gs=1, a="A", b="B", c="C", ls="L")
    ddb.put_item(TableName=mtab, Item=item)
    model.put(item)
    model.check_all(gs=[g], pks=[p])
    for expr, values in [("SET a = :v", {":v": {"S": "A2"}}),            # in m_all, m_inc, l_inc
                         ("SET c = :v", {":v": {"S": "C2"}}),            # only in the ALL indexes
                         ("REMOVE b", None),                             # leaves m_inc's entry
                         ("SET d = :v", {":v": {"M": {"x": {"N": "1"}}}}),
                         ("SET d.x = d.x + :v", {":v": {"N": "1"}}),
                         ("REMOVE a, c, d", None)]:
        new = _update(ddb, mtab, item, expr, values)
        model.put(new)
        model.check_all(gs=[g], pks=[p])
    assert _read_index(ddb, mtab, "m_inc", {"S": g}) == [_item(p, "s", g=g, gs=1)]


def test_update_that_sets_an_index_key_to_its_current_value(ddb, mtab, model):
    """The entry must stay (and other changes in the same update must show).
    -- scylla test_gsi.py test_11801, test_11801_variant1"""
    p, g, _ = _names()
    item = _item(p, "s", g=g, gs=3, a="A", ls="L")
    ddb.put_item(TableName=mtab, Item=item)
    model.put(item)
    for expr, values in [("SET gs = :n", {":n": {"N": "3"}}),
                         ("SET g = :g", {":g": {"S": g}}),
                         ("SET ls = :l, a = :a", {":l": {"S": "L"}, ":a": {"S": "A2"}}),
                         ("SET gs = :n, a = :a", {":n": {"N": "3.0"}, ":a": {"S": "A3"}})]:
        new = _update(ddb, mtab, item, expr, values)
        model.put(new)
        model.check_all(gs=[g], pks=[p])
    assert model.items[_ident(item)]["a"] == {"S": "A3"}


def test_update_upsert_creates_index_entries(ddb, mtab, model):
    p, g, _ = _names()
    key = _item(p, "new")
    new = _update(ddb, mtab, key, "SET g = :g, gs = :n, ls = :l, a = :a",
                  {":g": {"S": g}, ":n": {"N": "1"}, ":l": {"S": "L"}, ":a": {"S": "A"}})
    model.put(new)
    model.check_all(gs=[g], pks=[p])
    assert len(_read_index(ddb, mtab, "m_all", {"S": g})) == 1


def test_update_with_legacy_attribute_updates(ddb, mtab, model):
    p, g1, g2 = _names()
    item = _item(p, "s", g=g1, gs=1, ls="L")
    ddb.put_item(TableName=mtab, Item=item)
    model.put(item)
    new = ddb.update_item(TableName=mtab, Key=_key(item), ReturnValues="ALL_NEW",
                          AttributeUpdates={"g": {"Action": "PUT", "Value": {"S": g2}},
                                            "gs": {"Action": "ADD", "Value": {"N": "4"}},
                                            "a": {"Action": "PUT", "Value": {"S": "A"}}})["Attributes"]
    model.put(new)
    model.check_all(gs=[g1, g2], pks=[p])
    new = ddb.update_item(TableName=mtab, Key=_key(item), ReturnValues="ALL_NEW",
                          AttributeUpdates={"gs": {"Action": "DELETE"},
                                            "ls": {"Action": "DELETE"}})["Attributes"]
    model.put(new)
    model.check_all(gs=[g1, g2], pks=[p])
    assert _read_index(ddb, mtab, "m_keys", {"S": g2}) == [_item(p, "s", g=g2)]


def test_failed_conditional_writes_leave_the_indexes_unchanged(ddb, mtab, model):
    p, g1, g2 = _names()
    item = _item(p, "s", g=g1, gs=1, a="A", ls="L")
    ddb.put_item(TableName=mtab, Item=item)
    model.put(item)
    expect_error(lambda: ddb.update_item(TableName=mtab, Key=_key(item),
                                         UpdateExpression="SET g = :g, ls = :l",
                                         ConditionExpression="a = :no",
                                         ExpressionAttributeValues={":g": {"S": g2},
                                                                    ":l": {"S": "M"},
                                                                    ":no": {"S": "no"}}),
                 "ConditionalCheckFailedException")
    expect_error(lambda: ddb.put_item(TableName=mtab, Item=_item(p, "s", g=g2, gs=2),
                                      ConditionExpression="attribute_not_exists(pk)"),
                 "ConditionalCheckFailedException")
    expect_error(lambda: ddb.delete_item(TableName=mtab, Key=_key(item),
                                         ConditionExpression="attribute_not_exists(a)"),
                 "ConditionalCheckFailedException")
    model.check_all(gs=[g1, g2], pks=[p])


# ---------------------------------------------------------------------------
# DeleteItem and BatchWriteItem
# ---------------------------------------------------------------------------

def test_delete_removes_the_item_from_every_index(ddb, mtab, model):
    p, g, _ = _names()
    items = [_item(p, "s%d" % i, g=g, gs=i % 2, a="A%d" % i, ls="L%d" % (i % 3),
                   solo=p + "solo%d" % i) for i in range(6)]
    for it in items:
        ddb.put_item(TableName=mtab, Item=it)
        model.put(it)
    solos = [p + "solo%d" % i for i in range(6)]
    model.check_all(gs=[g], pks=[p], solos=solos)
    old = ddb.delete_item(TableName=mtab, Key=_key(items[2]), ReturnValues="ALL_OLD")["Attributes"]
    assert old == items[2]
    model.delete(items[2])
    ddb.delete_item(TableName=mtab, Key=_key(items[5]))
    model.delete(items[5])
    ddb.delete_item(TableName=mtab, Key=_key(_item(p, "missing")))     # no item: no effect
    model.check_all(gs=[g], pks=[p], solos=solos)
    assert len(_read_index(ddb, mtab, "m_all", {"S": g})) == 4


def test_batch_write_maintains_the_indexes(ddb, mtab, model):
    p, g1, g2 = _names()
    items = [_item(p, "s%02d" % i, g=g1, gs=i % 3, a="A%d" % i, ls="L%d" % (i % 4))
             for i in range(12)]
    ddb.batch_write_item(RequestItems={mtab: [{"PutRequest": {"Item": it}} for it in items]})
    for it in items:
        model.put(it)
    model.check_all(gs=[g1, g2], pks=[p])
    # one batch: delete some, replace some (moving them to g2 or out of the indexes)
    moved = [_item(p, "s%02d" % i, g=g2, gs=9, a="M%d" % i, ls="Z") for i in (1, 4)]
    stripped = _item(p, "s07", a="bare")
    requests = ([{"DeleteRequest": {"Key": _key(items[i])}} for i in (0, 5, 11)] +
                [{"PutRequest": {"Item": it}} for it in moved + [stripped]])
    ddb.batch_write_item(RequestItems={mtab: requests})
    for i in (0, 5, 11):
        model.delete(items[i])
    for it in moved + [stripped]:
        model.put(it)
    model.check_all(gs=[g1, g2], pks=[p])
    assert len(_read_index(ddb, mtab, "m_all", {"S": g1})) == 6


def test_many_writes_under_one_index_key(ddb, mtab, model):
    """30 items share the GSI hash and sort key; concurrent puts, then deletes of every third."""
    p, g, _ = _names()
    items = [_item(p + str(i % 4), "s%02d" % i, g=g, gs=1, a="A%d" % i) for i in range(30)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda it: ddb.put_item(TableName=mtab, Item=it), items))
    for it in items:
        model.put(it)
    model.check_all(gs=[g])
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda it: ddb.delete_item(TableName=mtab, Key=_key(it)), items[::3]))
    for it in items[::3]:
        model.delete(it)
    model.check_all(gs=[g])
    assert len(_read_index(ddb, mtab, "m_keys", {"S": g})) == 20


# ---------------------------------------------------------------------------
# rejected writes leave every index unchanged
# ---------------------------------------------------------------------------

def test_put_with_wrong_typed_index_key_is_rejected_whole(ddb, mtab, model):
    """-- scylla test_gsi.py test_gsi_wrong_type_attribute_put"""
    p, g, _ = _names()
    item = _item(p, "s", g=g, gs=1, solo=p + "solo", ls="L")
    ddb.put_item(TableName=mtab, Item=item)
    model.put(item)
    for bad in (dict(solo={"N": "1"}), dict(gs={"S": "1"}), dict(ls={"N": "1"}),
                dict(g={"SS": ["a"]})):
        expect_error(lambda: ddb.put_item(TableName=mtab, Item=dict(item, a={"S": "new"}, **bad)),
                     "ValidationException")
        expect_error(lambda: ddb.put_item(TableName=mtab, Item=_item(p, "other", **bad)),
                     "ValidationException")
    assert get_consistent(ddb, mtab, _key(_item(p, "other"))) is None
    model.check_all(gs=[g], pks=[p], solos=[p + "solo"])


@pytest.mark.local_differs("Local: 'One or more parameter values were invalid: Type mismatch for "
                           "Index Key' (no details) -- " + SRC_DX + "; " + SRC_DT)
@pytest.mark.parametrize("bad,message", [
    (dict(solo={"N": "1"}), "Type mismatch for Index Key solo Expected: S Actual: N IndexName: m_solo"),
    (dict(ls={"N": "1"}), "Type mismatch for Index Key ls Expected: S Actual: N IndexName: l_all"),
    (dict(g={"BOOL": True}), "Type mismatch for Index Key g Expected: S Actual: BOOL IndexName: m_all"),
], ids=["gsi", "lsi", "shared_attribute_names_first_index"])
def test_put_with_wrong_typed_index_key_message(ddb, mtab, bad, message):
    expect_error(lambda: ddb.put_item(TableName=mtab, Item=_item(rand_key(), "s", **bad)),
                 "ValidationException", "One or more parameter values were invalid: " + message)


@pytest.mark.parametrize("attr,index", [("solo", "m_solo"), ("ls", "l_all")])
def test_put_with_empty_string_index_key_message(ddb, mtab, attr, index):
    """-- dynoxide tests/index_key_validation.rs put_rejects_empty_string_gsi_key (captured)."""
    p = rand_key()
    expect_error(lambda: ddb.put_item(TableName=mtab, Item=_item(p, "s", **{attr: ""})),
                 "ValidationException",
                 "One or more parameter values are not valid. A value specified for a secondary "
                 "index key is not supported. The AttributeValue for a key attribute cannot "
                 "contain an empty string value. IndexName: %s, IndexKey: %s" % (index, attr))
    assert get_consistent(ddb, mtab, _key(_item(p, "s"))) is None


@pytest.mark.local_differs("Local accepts an UpdateItem that SETs a GSI key to another type (and "
                           "indexes the wrong-typed value); AWS rejects it and keeps the item -- "
                           + SRC_SC + " test_gsi_wrong_type_attribute_update; " + SRC_DX
                           + " update_set_invalid_index_key_rejected; dynalite test/updateItem.js")
def test_update_setting_wrong_typed_gsi_key_is_rejected(ddb, mtab, model):
    p, g, _ = _names()
    item = _item(p, "s", g=g, gs=1)
    ddb.put_item(TableName=mtab, Item=item)
    model.put(item)
    try:
        for expr, values in [("SET g = :v", {":v": {"N": "1"}}), ("SET gs = :v", {":v": {"S": "x"}})]:
            resp = expect_error(lambda: ddb.update_item(TableName=mtab, Key=_key(item),
                                                        UpdateExpression=expr,
                                                        ExpressionAttributeValues=values),
                                "ValidationException")
            assert "Type mismatch for Index Key" in resp["Error"]["Message"]
        model.check_all(gs=[g])
    finally:
        ddb.put_item(TableName=mtab, Item=item)     # Local stored the bad value: restore


def test_update_with_invalid_index_key_values_is_rejected(ddb, mtab, model):
    p, g, _ = _names()
    item = _item(p, "s", g=g, gs=1, ls="L")
    ddb.put_item(TableName=mtab, Item=item)
    model.put(item)
    expect_error(lambda: ddb.update_item(TableName=mtab, Key=_key(item), UpdateExpression="SET g = :v",
                                         ExpressionAttributeValues={":v": {"S": ""}}),
                 "ValidationException")
    expect_error(lambda: ddb.update_item(TableName=mtab, Key=_key(item), UpdateExpression="SET ls = :v",
                                         ExpressionAttributeValues={":v": {"S": ""}}),
                 "ValidationException")
    # a document path into an index key -- scylla test_gsi_wrong_type_attribute_update_nested
    expect_error(lambda: ddb.update_item(TableName=mtab, Key=_key(item),
                                         UpdateExpression="SET g.x = :v",
                                         ExpressionAttributeValues={":v": {"S": "a"}}),
                 "ValidationException",
                 "Key attributes must be scalars; list random access '[]' and map lookup '.' are "
                 "not allowed: IndexKey: g")
    model.check_all(gs=[g], pks=[p])


def test_batch_write_with_one_invalid_index_key_writes_nothing(ddb, mtab, model):
    """-- scylla test_gsi.py test_gsi_wrong_type_attribute_batch"""
    p, g, _ = _names()
    good = [_item(p, "s%d" % i, g=g, gs=i) for i in range(3)]
    bad = _item(p, "bad", g=g, gs={"S": "x"})
    expect_error(lambda: ddb.batch_write_item(RequestItems={mtab: [
        {"PutRequest": {"Item": it}} for it in good[:2] + [bad] + good[2:]]}),
        "ValidationException")
    for it in good + [bad]:
        assert get_consistent(ddb, mtab, _key(it)) is None
    model.check_all(gs=[g], pks=[p])
