"""UpdateItem: SET / REMOVE / ADD / DELETE semantics, upserts, key protection, ReturnValues,
ReturnValuesOnConditionCheckFailure, conditions, and the exact error texts (static and runtime).

Texts: captured from DynamoDB Local 1.25.1 (AWS's own expression code) and checked against
mhart/dynalite test/updateItem.js and nubo-db/dynamodb-conformance
tests/tier3/error-messages/updateItem.test.ts, both run against AWS. See
docs/expression-messages.md."""

import pytest

from helpers import item_write_text, layer_text, expect_error, expect_raw_error, rand_key, unique_name, new_key, get_consistent, nested_maps

SRC_DT = "mhart/dynalite test/updateItem.js (run against AWS)"
SRC_SC_RV = ("scylladb test/alternator/test_returnvalues.py test_update_item_returnvalues_nested "
             "(passes on AWS) and " + SRC_DT + " 'should update nested attributes'")
SRC_SC_NONEXIST = ("scylladb test/alternator/test_item.py test_update_item_non_existent "
                   "(passes on AWS)")
SRC_SC_NESTING = ("scylladb test/alternator/test_update_expression.py "
                  "test_update_expression_function_nesting (run against AWS)")
NESTED_LIST_APPEND = ("Invalid UpdateExpression: The function is not allowed to be used this way in "
                      "an expression; function: list_append")
COND_FAILED = "The conditional request failed"
KEY_MSG = ("One or more parameter values were invalid: Cannot update attribute %s. "
           "This attribute is part of the key")
MISSING_ATTR = "The provided expression refers to an attribute that does not exist in the item"
BAD_TYPE = "An operand in the update expression has an incorrect data type"
BAD_PATH = "The document path provided in the update expression is invalid for update"
TOO_BIG = "Item size to update has exceeded the maximum allowed size"
OVERLAP = ("Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
           "rewrite one of these paths; path one: %s, path two: %s")
CONFLICT = ("Invalid UpdateExpression: Two document paths conflict with each other; must remove "
            "or rewrite one of these paths; path one: %s, path two: %s")
INCORRECT_OPERAND = ("Invalid UpdateExpression: Incorrect operand type for operator or function; "
                     "operator or function: %s, operand type: %s")
NOT_IN_UPDATE = ("Invalid UpdateExpression: The function is not allowed in an update expression; "
                 "function: %s")


def _sorted_sets(value):
    if isinstance(value, dict):
        return {k: (sorted(v) if k in ("SS", "NS", "BS") else _sorted_sets(v))
                for k, v in value.items()}
    if isinstance(value, list):
        return [_sorted_sets(v) for v in value]
    return value


def _upd(ddb, table, key, expr=None, values=None, names=None, **kw):
    if expr is not None:
        kw["UpdateExpression"] = expr
    if values:
        kw["ExpressionAttributeValues"] = values
    if names:
        kw["ExpressionAttributeNames"] = names
    return ddb.update_item(TableName=table, Key=key, **kw)


BASE = {
    "n": {"N": "5"},
    "s": {"S": "str"},
    "l": {"L": [{"N": "1"}, {"S": "a"}]},
    "m": {"M": {"x": {"N": "1"}}},
    "ss": {"SS": ["a", "b"]},
    "ns": {"NS": ["1", "2"]},
    "bs": {"BS": [b"a"]},
    "b": {"B": b"zz"},
    "bool": {"BOOL": True},
    "nul": {"NULL": True},
}


@pytest.fixture
def item(ddb, hash_table):
    """A fresh item with one attribute of every type; returns (key, item)."""
    key = new_key()
    it = dict(key, **BASE)
    ddb.put_item(TableName=hash_table, Item=it)
    return key, it


def _after(ddb, table, key, expr, values=None, names=None):
    _upd(ddb, table, key, expr, values, names)
    return get_consistent(ddb, table, key)


# ---------------------------------------------------------------------------
# SET
# ---------------------------------------------------------------------------

V = {":v": {"N": "9"}}


@pytest.mark.parametrize("expr,values,changes", [
    ("SET a = :v", V, {"a": {"N": "9"}}),
    ("SET n = :v", V, {"n": {"N": "9"}}),
    ("set n = :v", V, {"n": {"N": "9"}}),
    ("SET n = :v, s = :w", {":v": {"N": "9"}, ":w": {"S": "w"}}, {"n": {"N": "9"}, "s": {"S": "w"}}),
    ("SET m.y = :v", V, {"m": {"M": {"x": {"N": "1"}, "y": {"N": "9"}}}}),
    ("SET m.x = :v", V, {"m": {"M": {"x": {"N": "9"}}}}),
    ("SET l[1] = :v", V, {"l": {"L": [{"N": "1"}, {"N": "9"}]}}),
    ("SET l[2] = :v", V, {"l": {"L": [{"N": "1"}, {"S": "a"}, {"N": "9"}]}}),
    ("SET l[9] = :v", V, {"l": {"L": [{"N": "1"}, {"S": "a"}, {"N": "9"}]}}),
    ("SET l[9] = :v, l[8] = :w", {":v": {"N": "9"}, ":w": {"N": "8"}},
     {"l": {"L": [{"N": "1"}, {"S": "a"}, {"N": "8"}, {"N": "9"}]}}),
    ("SET a = s", None, {"a": {"S": "str"}}),
    ("SET a = m.x", None, {"a": {"N": "1"}}),
    ("SET a = l[1]", None, {"a": {"S": "a"}}),
    ("SET a = m", None, {"a": {"M": {"x": {"N": "1"}}}}),
    ("SET n = n + :v, s = n", V, {"n": {"N": "14"}, "s": {"N": "5"}}),
    ("SET a = n, n = :v", V, {"a": {"N": "5"}, "n": {"N": "9"}}),
    ("SET a = n - :v", V, {"a": {"N": "-4"}}),
    ("SET a = :v - n", V, {"a": {"N": "4"}}),
    ("SET a = n + n", None, {"a": {"N": "10"}}),
    ("SET a = (n + n)", None, {"a": {"N": "10"}}),
    ("SET a = (:v)", V, {"a": {"N": "9"}}),
    ("SET m.x = m.x + :v", V, {"m": {"M": {"x": {"N": "10"}}}}),
    ("SET a = if_not_exists(nope, :v)", V, {"a": {"N": "9"}}),
    ("SET a = if_not_exists(n, :v)", V, {"a": {"N": "5"}}),
    ("SET n = if_not_exists(n, :v) + :v", V, {"n": {"N": "14"}}),
    ("SET a = if_not_exists(m.nope, s)", None, {"a": {"S": "str"}}),
    ("SET l = list_append(l, :v)", {":v": {"L": [{"S": "z"}]}},
     {"l": {"L": [{"N": "1"}, {"S": "a"}, {"S": "z"}]}}),
    ("SET l = list_append(:v, l)", {":v": {"L": [{"S": "z"}]}},
     {"l": {"L": [{"S": "z"}, {"N": "1"}, {"S": "a"}]}}),
    ("SET a = list_append(if_not_exists(nope, :e), :v)", {":e": {"L": []}, ":v": {"L": [{"N": "1"}]}},
     {"a": {"L": [{"N": "1"}]}}),
    ("SET a = list_append(l, l)", None,
     {"a": {"L": [{"N": "1"}, {"S": "a"}, {"N": "1"}, {"S": "a"}]}}),
    ("SET #n = :v", {":v": {"N": "9"}}, {"n": {"N": "9"}}),
    ("SET #a.#b = :v", {":v": {"N": "9"}}, {"m": {"M": {"x": {"N": "1"}, "a.b": {"N": "9"}}}}),
    ("SET e = :e, f = :f", {":e": {"L": []}, ":f": {"M": {}}}, {"e": {"L": []}, "f": {"M": {}}}),
    ("SET a = :s", {":s": {"S": ""}}, {"a": {"S": ""}}),
], ids=lambda v: v if isinstance(v, str) else None)
def test_set(ddb, hash_table, item, expr, values, changes):
    key, it = item
    names = None
    if "#n" in expr:
        names = {"#n": "n"}
    elif "#a" in expr:
        names = {"#a": "m", "#b": "a.b"}
    got = _after(ddb, hash_table, key, expr, values, names)
    assert got == dict(it, **changes)


# ---------------------------------------------------------------------------
# REMOVE
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("expr,changes,removed", [
    ("REMOVE s", {}, ["s"]),
    ("REMOVE s, n", {}, ["s", "n"]),
    ("REMOVE nope", {}, []),
    ("REMOVE m.x", {"m": {"M": {}}}, []),
    ("REMOVE m.nope", {}, []),
    ("REMOVE l[0]", {"l": {"L": [{"S": "a"}]}}, []),
    ("REMOVE l[0], l[1]", {"l": {"L": []}}, []),
    ("REMOVE l[1], l[0]", {"l": {"L": []}}, []),
    ("REMOVE l[5]", {}, []),
    ("REMOVE s SET a = s", {"a": {"S": "str"}}, ["s"]),
    ("SET l[0] = :v REMOVE l[1]", {"l": {"L": [{"N": "9"}]}}, []),
])
def test_remove(ddb, hash_table, item, expr, changes, removed):
    key, it = item
    got = _after(ddb, hash_table, key, expr, V if ":v" in expr else None)
    expected = {k: v for k, v in dict(it, **changes).items() if k not in removed}
    assert got == expected


# ---------------------------------------------------------------------------
# ADD / DELETE
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("expr,values,changes", [
    ("ADD n :v", {":v": {"N": "2"}}, {"n": {"N": "7"}}),
    ("ADD n :v", {":v": {"N": "-7.5"}}, {"n": {"N": "-2.5"}}),
    ("ADD a :v", {":v": {"N": "3"}}, {"a": {"N": "3"}}),
    ("ADD a :v", {":v": {"SS": ["x"]}}, {"a": {"SS": ["x"]}}),
    ("ADD a :v", {":v": {"BS": [b"x"]}}, {"a": {"BS": [b"x"]}}),
    ("ADD ss :v", {":v": {"SS": ["b", "c"]}}, {"ss": {"SS": ["a", "b", "c"]}}),
    ("ADD ns :v", {":v": {"NS": ["3", "1"]}}, {"ns": {"NS": ["1", "2", "3"]}}),
    ("ADD bs :v", {":v": {"BS": [b"b"]}}, {"bs": {"BS": [b"a", b"b"]}}),
    ("ADD m.x :v", {":v": {"N": "1"}}, {"m": {"M": {"x": {"N": "2"}}}}),
    ("ADD m.y :v", {":v": {"N": "1"}}, {"m": {"M": {"x": {"N": "1"}, "y": {"N": "1"}}}}),
    ("ADD l[0] :v", {":v": {"N": "1"}}, {"l": {"L": [{"N": "2"}, {"S": "a"}]}}),
    ("ADD n :v, a :w", {":v": {"N": "1"}, ":w": {"N": "1"}}, {"n": {"N": "6"}, "a": {"N": "1"}}),
    ("DELETE ss :v", {":v": {"SS": ["a"]}}, {"ss": {"SS": ["b"]}}),
    ("DELETE ss :v", {":v": {"SS": ["a", "zz"]}}, {"ss": {"SS": ["b"]}}),
    ("DELETE ss :v", {":v": {"SS": ["zz"]}}, {}),
    ("DELETE ns :v", {":v": {"NS": ["2"]}}, {"ns": {"NS": ["1"]}}),
    ("DELETE bs :v", {":v": {"BS": [b"q"]}}, {}),
    ("DELETE nope :v", {":v": {"SS": ["a"]}}, {}),
])
def test_add_delete(ddb, hash_table, item, expr, values, changes):
    key, it = item
    got = _after(ddb, hash_table, key, expr, values)
    assert _sorted_sets(got) == _sorted_sets(dict(it, **changes))


def test_delete_every_member_removes_the_attribute(ddb, hash_table, item):
    key, it = item
    got = _after(ddb, hash_table, key, "DELETE ss :v, ns :w",
                 {":v": {"SS": ["b", "a"]}, ":w": {"NS": ["1", "2", "3"]}})
    assert got == {k: v for k, v in it.items() if k not in ("ss", "ns")}


def test_add_number_set_members_compare_by_value(ddb, hash_table, item):
    key, _ = item
    got = _after(ddb, hash_table, key, "ADD ns :v", {":v": {"NS": ["2.0", "3"]}})
    assert sorted(got["ns"]["NS"]) == ["1", "2", "3"]


def test_add_and_set_in_one_expression(ddb, hash_table, item):
    key, it = item
    got = _after(ddb, hash_table, key, "ADD n :one REMOVE s SET m.x = :v, l[0] = :v DELETE ss :a",
                 {":one": {"N": "1"}, ":v": {"N": "9"}, ":a": {"SS": ["a"]}})
    expected = dict(it, n={"N": "6"}, m={"M": {"x": {"N": "9"}}},
                    l={"L": [{"N": "9"}, {"S": "a"}]}, ss={"SS": ["b"]})
    del expected["s"]
    assert got == expected


def test_update_without_values_reads_old_item_for_every_action(ddb, hash_table):
    key = new_key()
    ddb.put_item(TableName=hash_table, Item=dict(key, a={"N": "1"}, b={"N": "2"}))
    got = _after(ddb, hash_table, key, "SET a = b, b = a")
    assert got == dict(key, a={"N": "2"}, b={"N": "1"})


# ---------------------------------------------------------------------------
# Missing items (upsert)
# ---------------------------------------------------------------------------

def test_set_creates_missing_item(ddb, hash_table):
    key = new_key()
    _upd(ddb, hash_table, key, "SET a = :v, b = if_not_exists(b, :w)",
         {":v": {"S": "x"}, ":w": {"N": "0"}})
    assert get_consistent(ddb, hash_table, key) == dict(key, a={"S": "x"}, b={"N": "0"})


def test_add_creates_missing_item(ddb, hash_table):
    key = new_key()
    _upd(ddb, hash_table, key, "ADD c :one, s :set", {":one": {"N": "1"}, ":set": {"SS": ["a"]}})
    assert get_consistent(ddb, hash_table, key) == dict(key, c={"N": "1"}, s={"SS": ["a"]})


def test_update_without_expression_creates_key_only_item(raw, ddb, hash_table):
    key = new_key()
    resp = raw("UpdateItem", {"TableName": hash_table, "Key": key})
    assert resp.status == 200, resp
    assert "Attributes" not in resp.json()
    assert get_consistent(ddb, hash_table, key) == key


def test_update_without_expression_on_existing_item_changes_nothing(ddb, hash_table, item):
    key, it = item
    resp = ddb.update_item(TableName=hash_table, Key=key, ReturnValues="ALL_NEW")
    assert resp["Attributes"] == it


def test_composite_key_upsert(ddb, range_table):
    key = {"pk": {"S": rand_key()}, "sk": {"S": "s"}}
    _upd(ddb, range_table, key, "SET a = :v", V)
    assert get_consistent(ddb, range_table, key) == dict(key, a={"N": "9"})


@pytest.mark.local_differs("Local creates {pk}; AWS does not create an item for a delete-only "
                           "update -- " + SRC_SC_NONEXIST)
@pytest.mark.parametrize("expr,values", [("REMOVE a", None),
                                         ("DELETE a :s", {":s": {"SS": ["x"]}})])
def test_delete_only_update_does_not_create_item(ddb, hash_table, expr, values):
    key = new_key()
    _upd(ddb, hash_table, key, expr, values)
    assert get_consistent(ddb, hash_table, key) is None


def test_remove_only_update_on_missing_item_succeeds(ddb, hash_table):
    resp = _upd(ddb, hash_table, new_key(), "REMOVE a")
    assert "Attributes" not in resp


# ---------------------------------------------------------------------------
# ReturnValues
# ---------------------------------------------------------------------------

def _rv(ddb, table, key, expr, rv, values=None):
    return _upd(ddb, table, key, expr, values, ReturnValues=rv).get("Attributes")


def test_return_values_none(ddb, hash_table, item):
    key, _ = item
    assert _rv(ddb, hash_table, key, "SET n = :v", "NONE", V) is None
    assert "Attributes" not in _upd(ddb, hash_table, key, "SET n = :v", V)


def test_return_values_all_old(ddb, hash_table, item):
    key, it = item
    assert _rv(ddb, hash_table, key, "SET n = :v REMOVE s", "ALL_OLD", V) == it
    assert _rv(ddb, hash_table, new_key(), "SET n = :v", "ALL_OLD", V) is None


def test_return_values_all_new(ddb, hash_table, item):
    key, it = item
    expected = dict(it, n={"N": "9"})
    del expected["s"]
    assert _rv(ddb, hash_table, key, "SET n = :v REMOVE s", "ALL_NEW", V) == expected
    fresh = new_key()
    assert _rv(ddb, hash_table, fresh, "SET n = :v", "ALL_NEW", V) == dict(fresh, n={"N": "9"})


@pytest.mark.parametrize("expr,values,old,new", [
    ("SET n = :v", V, {"n": {"N": "5"}}, {"n": {"N": "9"}}),
    ("SET a = :v", V, None, {"a": {"N": "9"}}),
    ("SET n = :v, a = :v", V, {"n": {"N": "5"}}, {"n": {"N": "9"}, "a": {"N": "9"}}),
    ("SET n = n", None, {"n": {"N": "5"}}, {"n": {"N": "5"}}),
    ("REMOVE s", None, {"s": {"S": "str"}}, None),
    ("REMOVE nope", None, None, None),
    ("REMOVE s SET a = :v", V, {"s": {"S": "str"}}, {"a": {"N": "9"}}),
    ("ADD n :v", V, {"n": {"N": "5"}}, {"n": {"N": "14"}}),
    ("ADD ss :c", {":c": {"SS": ["c"]}}, {"ss": {"SS": ["a", "b"]}},
     {"ss": {"SS": ["a", "b", "c"]}}),
    ("DELETE ss :c", {":c": {"SS": ["a"]}}, {"ss": {"SS": ["a", "b"]}}, {"ss": {"SS": ["b"]}}),
    ("DELETE ss :c", {":c": {"SS": ["a", "b"]}}, {"ss": {"SS": ["a", "b"]}}, None),
])
def test_return_values_updated_old_and_new(ddb, hash_table, expr, values, old, new):
    for rv, expected in (("UPDATED_OLD", old), ("UPDATED_NEW", new)):
        key = new_key()
        ddb.put_item(TableName=hash_table, Item=dict(key, **BASE))
        got = _rv(ddb, hash_table, key, expr, rv, values)
        assert _sorted_sets(got) == _sorted_sets(expected), rv


def test_return_values_updated_new_excludes_key_of_created_item(ddb, hash_table):
    assert _rv(ddb, hash_table, new_key(), "SET a = :v", "UPDATED_NEW", V) == {"a": {"N": "9"}}


def test_return_values_nested_path_of_single_member_map(ddb, hash_table, item):
    # m has the single member x, so the projection of m.x (AWS) and the whole of m (Local) agree.
    key, _ = item
    assert _rv(ddb, hash_table, key, "SET m.x = :v", "UPDATED_OLD", V) == {"m": {"M": {"x": {"N": "1"}}}}
    assert _rv(ddb, hash_table, key, "SET m.x = :w", "UPDATED_NEW", {":w": {"N": "7"}}) == \
        {"m": {"M": {"x": {"N": "7"}}}}


@pytest.mark.local_differs("Local returns the whole top-level attribute; AWS projects the updated "
                           "nested paths -- " + SRC_SC_RV)
def test_return_values_nested_paths_are_projected(ddb, hash_table):
    key = new_key()
    ddb.put_item(TableName=hash_table, Item=dict(key, a={"M": {
        "b": {"S": "dog"}, "c": {"L": [{"N": "1"}, {"N": "2"}, {"N": "3"}]}}}, d={"S": "cat"}))
    assert _rv(ddb, hash_table, key, "SET a.b = :v", "UPDATED_OLD", {":v": {"S": "hi"}}) == \
        {"a": {"M": {"b": {"S": "dog"}}}}
    assert _rv(ddb, hash_table, key, "SET a.c[1] = :v", "UPDATED_NEW", {":v": {"N": "7"}}) == \
        {"a": {"M": {"c": {"L": [{"N": "7"}]}}}}
    assert _rv(ddb, hash_table, key, "SET a.x = :v", "UPDATED_OLD", {":v": {"N": "8"}}) is None
    assert _rv(ddb, hash_table, key, "SET a.y = :v", "UPDATED_NEW", {":v": {"N": "8"}}) == \
        {"a": {"M": {"y": {"N": "8"}}}}
    assert _rv(ddb, hash_table, key, "SET a.c[100] = :v", "UPDATED_NEW", {":v": {"N": "70"}}) is None
    assert _rv(ddb, hash_table, key, "REMOVE a.c[1]", "UPDATED_NEW") == \
        {"a": {"M": {"c": {"L": [{"N": "3"}]}}}}


def test_return_values_set_past_end_of_list_returns_nothing(ddb, hash_table, item):
    key, _ = item
    assert _rv(ddb, hash_table, key, "SET l[5] = :v", "UPDATED_NEW", V) is None


@pytest.mark.local_differs("Local: 'Return values set to invalid value'; AWS: Coral enum message -- "
                           + SRC_DT + " 'incorrect attributes'")
def test_return_values_invalid_message(ddb, hash_table, validation_layer):
    # The current layer's text: us-east-1, nubo-db/dynamodb-conformance
    # captures/2026-08-12-wording-drift.json (o_upd_two_bad_enums).
    expect_error(lambda: _upd(ddb, hash_table, new_key(), "SET a = :v", V, ReturnValues="none"),
                 "ValidationException", layer_text(
                     validation_layer,
                     "1 validation error detected: Value 'none' at 'returnValues' failed to satisfy "
                     "constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, "
                     "NONE, UPDATED_NEW]",
                     "1 validation error detected: Failed to satisfy constraint: Member must satisfy enum "
                     "value set: [ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATE_NEW, NONE]"))


@pytest.mark.parametrize("rv", ["none", "DOG", "ALL"])
def test_return_values_invalid_is_validation_exception(ddb, hash_table, rv):
    expect_error(lambda: _upd(ddb, hash_table, new_key(), "SET a = :v", V, ReturnValues=rv),
                 "ValidationException")


# ---------------------------------------------------------------------------
# Conditions and ReturnValuesOnConditionCheckFailure
# ---------------------------------------------------------------------------

def test_condition_passes_and_fails(ddb, hash_table, item):
    key, it = item
    _upd(ddb, hash_table, key, "SET n = :v", {":v": {"N": "9"}, ":five": {"N": "5"}},
         ConditionExpression="n = :five")
    assert get_consistent(ddb, hash_table, key)["n"] == {"N": "9"}
    expect_error(lambda: _upd(ddb, hash_table, key, "SET n = :v",
                              {":v": {"N": "1"}, ":five": {"N": "5"}},
                              ConditionExpression="n = :five"),
                 "ConditionalCheckFailedException", COND_FAILED)
    assert get_consistent(ddb, hash_table, key)["n"] == {"N": "9"}


def test_condition_on_missing_item(ddb, hash_table):
    key = new_key()
    expect_error(lambda: _upd(ddb, hash_table, key, "SET a = :v", V,
                              ConditionExpression="attribute_exists(pk)"),
                 "ConditionalCheckFailedException", COND_FAILED)
    assert get_consistent(ddb, hash_table, key) is None
    _upd(ddb, hash_table, key, "SET a = :v", V, ConditionExpression="attribute_not_exists(pk)")
    assert get_consistent(ddb, hash_table, key) == dict(key, a={"N": "9"})


def test_condition_only_update(ddb, hash_table, item):
    key, it = item
    ddb.update_item(TableName=hash_table, Key=key, ConditionExpression="attribute_exists(n)")
    assert get_consistent(ddb, hash_table, key) == it


def test_rvoccf_all_old_returns_item(raw, hash_table, item):
    key, it = item
    resp = raw("UpdateItem", {"TableName": hash_table, "Key": key, "UpdateExpression": "SET a = :v",
                              "ConditionExpression": "attribute_not_exists(pk)",
                              "ExpressionAttributeValues": {":v": {"N": "1"}},
                              "ReturnValuesOnConditionCheckFailure": "ALL_OLD"})
    expect_raw_error(resp, "ConditionalCheckFailedException", COND_FAILED)
    assert resp.json()["Item"] == {"pk": it["pk"], "n": {"N": "5"}, "s": {"S": "str"},
                                   "l": it["l"], "m": it["m"], "ss": {"SS": ["a", "b"]},
                                   "ns": {"NS": ["1", "2"]}, "bs": {"BS": ["YQ=="]},
                                   "b": {"B": "eno="}, "bool": {"BOOL": True},
                                   "nul": {"NULL": True}}


@pytest.mark.parametrize("rvoccf,key_exists", [("ALL_OLD", False), ("NONE", True)])
def test_rvoccf_without_item(raw, ddb, hash_table, rvoccf, key_exists):
    key = new_key()
    if key_exists:
        ddb.put_item(TableName=hash_table, Item=key)
    resp = raw("UpdateItem", {"TableName": hash_table, "Key": key, "UpdateExpression": "SET a = :v",
                              "ConditionExpression": "a = :v",
                              "ExpressionAttributeValues": {":v": {"N": "1"}},
                              "ReturnValuesOnConditionCheckFailure": rvoccf})
    expect_raw_error(resp, "ConditionalCheckFailedException", COND_FAILED)
    assert "Item" not in resp.json()


def test_rvoccf_success_returns_nothing(raw, hash_table, item):
    # boto3 1.26 does not know ReturnValuesOnConditionCheckFailure: raw requests.
    key, _ = item
    resp = raw("UpdateItem", {"TableName": hash_table, "Key": key, "UpdateExpression": "SET a = :v",
                              "ConditionExpression": "attribute_exists(pk)",
                              "ExpressionAttributeValues": V,
                              "ReturnValuesOnConditionCheckFailure": "ALL_OLD"})
    assert resp.status == 200, resp
    assert resp.json() == {}


@pytest.mark.parametrize("value", ["UPDATED_OLD", "ALL_NEW", "DUMMY"])
def test_rvoccf_invalid(raw, hash_table, value):
    resp = raw("UpdateItem", {"TableName": hash_table, "Key": new_key(), "UpdateExpression": "SET a = :v",
                              "ExpressionAttributeValues": V,
                              "ReturnValuesOnConditionCheckFailure": value})
    expect_raw_error(resp, "ValidationException",
                     "1 validation error detected: Value '%s' at "
                     "'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member "
                     "must satisfy enum value set: [ALL_OLD, NONE]" % value)


# ---------------------------------------------------------------------------
# Key attributes cannot be updated
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("expr,values", [
    ("SET pk = :s", {":s": {"S": "other"}}),
    ("SET pk = pk", None),
    ("REMOVE pk", None),
    ("ADD pk :ss", {":ss": {"SS": ["q"]}}),
    ("DELETE pk :ss", {":ss": {"SS": ["q"]}}),
    ("SET pk.x = :s", {":s": {"S": "q"}}),
    ("SET a = :s, pk = :s", {":s": {"S": "q"}}),
    ("SET pk = s + :n", {":n": {"N": "1"}}),
    ("SET a = nope, pk = :s", {":s": {"S": "q"}}),
    ("SET s.x = :s, pk = :s", {":s": {"S": "q"}}),
])
def test_key_attribute_update_rejected(ddb, hash_table, item, expr, values):
    key, it = item
    expect_error(lambda: _upd(ddb, hash_table, key, expr, values), "ValidationException",
                 KEY_MSG % "pk")
    assert get_consistent(ddb, hash_table, key) == it


def test_key_attribute_update_with_same_value_rejected(ddb, hash_table, item):
    key, _ = item
    expect_error(lambda: _upd(ddb, hash_table, key, "SET pk = :s", {":s": key["pk"]}),
                 "ValidationException", KEY_MSG % "pk")


def test_key_attribute_update_on_missing_item_rejected(ddb, hash_table):
    key = new_key()
    expect_error(lambda: _upd(ddb, hash_table, key, "SET pk = :s", {":s": key["pk"]}),
                 "ValidationException", KEY_MSG % "pk")
    assert get_consistent(ddb, hash_table, key) is None


def test_range_key_update_rejected(ddb, range_table):
    key = {"pk": {"S": rand_key()}, "sk": {"S": "a"}}
    expect_error(lambda: _upd(ddb, range_table, key, "SET sk = :v", {":v": {"S": "b"}}),
                 "ValidationException", KEY_MSG % "sk")


# ---------------------------------------------------------------------------
# Static (parse-time) errors
# ---------------------------------------------------------------------------

STATIC_ERRORS = [
    ("", None, "Invalid UpdateExpression: The expression can not be empty;"),
    (" ", None, 'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: " "'),
    ("SET", None, 'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "SET"'),
    ("SET a", None, 'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "a"'),
    ("SET a =", None, 'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "="'),
    ("SET a = :v,", V, 'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: ","'),
    ("FOO a", None, 'Invalid UpdateExpression: Syntax error; token: "FOO", near: "FOO a"'),
    ("INVALID SYNTAX HERE", None,
     'Invalid UpdateExpression: Syntax error; token: "INVALID", near: "INVALID SYNTAX"'),
    ("SET a = :v b = :v", V, 'Invalid UpdateExpression: Syntax error; token: "b", near: ":v b ="'),
    ("SET a = :v + :v + :v", V,
     'Invalid UpdateExpression: Syntax error; token: "+", near: ":v + :v"'),
    ("SET a = (n + n) + n", None,
     'Invalid UpdateExpression: Syntax error; token: "+", near: ") + n"'),
    ("REMOVE :v", V, 'Invalid UpdateExpression: Syntax error; token: ":v", near: "REMOVE :v"'),
    ("SET :v = a", V, 'Invalid UpdateExpression: Syntax error; token: ":v", near: "SET :v ="'),
    ("SET a = b[-1]", None, 'Invalid UpdateExpression: Syntax error; token: "-", near: "[-1"'),
    ("ADD n n", None, 'Invalid UpdateExpression: Syntax error; token: "n", near: "n n"'),
    ("ADD n :v + :v", V, 'Invalid UpdateExpression: Syntax error; token: "+", near: ":v + :v"'),
    ("SET a = :v SET b = :v", V,
     'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;'),
    ("SET a = :v REMOVE b SET c = :v", V,
     'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;'),
    ("REMOVE a REMOVE b", None,
     'Invalid UpdateExpression: The "REMOVE" section can only be used once in an update '
     'expression;'),
    ("ADD a :v ADD b :v", V,
     'Invalid UpdateExpression: The "ADD" section can only be used once in an update expression;'),
    ("DELETE a :s DELETE b :s", {":s": {"SS": ["a"]}},
     'Invalid UpdateExpression: The "DELETE" section can only be used once in an update '
     'expression;'),
    ("SET name = :v", V,
     "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name"),
    ("REMOVE Absolute", None,
     "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: Absolute"),
    ("SET a = foo(n)", None, "Invalid UpdateExpression: Invalid function name; function: foo"),
    ("SET a = IF_NOT_EXISTS(n, :v)", V,
     "Invalid UpdateExpression: Invalid function name; function: IF_NOT_EXISTS"),
    ("SET a = if_not_exists(n)", None,
     "Invalid UpdateExpression: Incorrect number of operands for operator or function; operator "
     "or function: if_not_exists, number of operands: 1"),
    ("SET a = if_not_exists(n, :v, :v)", V,
     "Invalid UpdateExpression: Incorrect number of operands for operator or function; operator "
     "or function: if_not_exists, number of operands: 3"),
    ("SET a = list_append(l)", None,
     "Invalid UpdateExpression: Incorrect number of operands for operator or function; operator "
     "or function: list_append, number of operands: 1"),
    ("SET a = list_append(l, l, l)", None,
     "Invalid UpdateExpression: Incorrect number of operands for operator or function; operator "
     "or function: list_append, number of operands: 3"),
    ("SET a = if_not_exists(:v, n)", V,
     "Invalid UpdateExpression: Operator or function requires a document path; operator or "
     "function: if_not_exists"),
    ("SET a = if_not_exists(n, n)", None,
     "Invalid UpdateExpression: The first operand must be distinct from the remaining operands "
     "for this operator or function; operator: if_not_exists, first operand: [n]"),
    ("SET a = size(s)", None, NOT_IN_UPDATE % "size"),
    ("SET a = attribute_exists(n)", None, NOT_IN_UPDATE % "attribute_exists"),
    ("SET a = attribute_not_exists(n)", None, NOT_IN_UPDATE % "attribute_not_exists"),
    ("SET a = begins_with(s, :s)", {":s": {"S": "s"}}, NOT_IN_UPDATE % "begins_with"),
    ("SET a = contains(s, :s)", {":s": {"S": "s"}}, NOT_IN_UPDATE % "contains"),
    ("SET a = attribute_type(s, :s)", {":s": {"S": "S"}}, NOT_IN_UPDATE % "attribute_type"),
    ("SET a = if_not_exists(size(n), :v)", V, NOT_IN_UPDATE % "size"),
    ("SET a = if_not_exists(list_append(l, l), :e)", {":e": {"L": []}}, NESTED_LIST_APPEND),
    # list_append is never an operand of another function or of + and - (nested list_append:
    # AWS, per SRC_SC_NESTING; the other forms: DynamoDB Local's parser, AWS's own code).
    ("SET a = list_append(list_append(l, l), l)", None, NESTED_LIST_APPEND),
    ("SET a = list_append(l, list_append(l, l))", None, NESTED_LIST_APPEND),
    ("SET a = if_not_exists(a, list_append(l, l))", None, NESTED_LIST_APPEND),
    ("SET a = :v + list_append(l, l)", V, NESTED_LIST_APPEND),
    ("SET a = list_append(l, l) - :v", V, NESTED_LIST_APPEND),
    ("SET a = n + :s", {":s": {"S": "x"}}, INCORRECT_OPERAND % ("+", "S")),
    ("SET a = n - :s", {":s": {"S": "x"}}, INCORRECT_OPERAND % ("-", "S")),
    ("SET a = :a + :b", {":a": {"S": "x"}, ":b": {"S": "y"}}, INCORRECT_OPERAND % ("+", "S")),
    ("SET a = n + :b", {":b": {"B": b"x"}}, INCORRECT_OPERAND % ("+", "B")),
    ("SET a = n + :b", {":b": {"BOOL": True}}, INCORRECT_OPERAND % ("+", "BOOL")),
    ("SET a = n + :b", {":b": {"NULL": True}}, INCORRECT_OPERAND % ("+", "NULL")),
    ("SET a = n + :b", {":b": {"SS": ["a"]}}, INCORRECT_OPERAND % ("+", "SS")),
    ("SET a = n + :b", {":b": {"NS": ["1"]}}, INCORRECT_OPERAND % ("+", "NS")),
    ("SET a = n + :b", {":b": {"M": {}}}, INCORRECT_OPERAND % ("+", "M")),
    ("SET a = n - :b", {":b": {"L": []}}, INCORRECT_OPERAND % ("-", "L")),
    ("SET a = list_append(l, :v)", V, INCORRECT_OPERAND % ("list_append", "N")),
    ("SET a = list_append(:v, l)", {":v": {"S": "x"}}, INCORRECT_OPERAND % ("list_append", "S")),
    ("SET a = list_append(:v, l)", {":v": {"M": {}}}, INCORRECT_OPERAND % ("list_append", "M")),
    ("SET a = list_append(:v, l)", {":v": {"SS": ["x"]}},
     INCORRECT_OPERAND % ("list_append", "SS")),
    ("SET a = :v, a = :v", V, OVERLAP % ("[a]", "[a]")),
    ("SET a = :v, a.b = :v", V, OVERLAP % ("[a]", "[a, b]")),
    ("SET m.x = :v, m = :v", V, OVERLAP % ("[m, x]", "[m]")),
    ("SET m.x = :v, m.x.y = :v", V, OVERLAP % ("[m, x]", "[m, x, y]")),
    ("SET l[0] = :v, l[0] = :v", V, OVERLAP % ("[l, [0]]", "[l, [0]]")),
    ("SET m = :v REMOVE m.x", V, OVERLAP % ("[m]", "[m, x]")),
    ("SET m.x = :v REMOVE m.x", V, OVERLAP % ("[m, x]", "[m, x]")),
    ("SET l[0] = :v REMOVE l[0]", V, OVERLAP % ("[l, [0]]", "[l, [0]]")),
    ("REMOVE a, a", None, OVERLAP % ("[a]", "[a]")),
    ("REMOVE m, m.x", None, OVERLAP % ("[m]", "[m, x]")),
    ("ADD n :v DELETE n :s", {":v": {"N": "1"}, ":s": {"NS": ["1"]}}, OVERLAP % ("[n]", "[n]")),
    ("ADD n :v REMOVE n", V, OVERLAP % ("[n]", "[n]")),
    ("ADD ss :s DELETE ss :s", {":s": {"SS": ["a"]}}, OVERLAP % ("[ss]", "[ss]")),
    ("DELETE s :s SET s.x = :v", {":s": {"SS": ["a"]}, ":v": {"N": "1"}},
     OVERLAP % ("[s]", "[s, x]")),
    ("SET s.x = :v REMOVE s[0]", V, CONFLICT % ("[s, x]", "[s, [0]]")),
    ("REMOVE s[0] SET s.x = :v", V, CONFLICT % ("[s, [0]]", "[s, x]")),
]


@pytest.mark.parametrize("expr,values,message", STATIC_ERRORS,
                         ids=["%d:%s" % (i, e[0]) for i, e in enumerate(STATIC_ERRORS)])
def test_static_errors(ddb, hash_table, item, expr, values, message, validation_layer):
    key, it = item
    expect_error(lambda: _upd(ddb, hash_table, key, expr, values), "ValidationException",
                 item_write_text(validation_layer, message))
    assert get_consistent(ddb, hash_table, key) == it


def test_nested_list_append_is_rejected_before_a_false_condition(ddb, hash_table, item, validation_layer):
    """The nesting rule is checked while parsing, so it wins over a condition that fails."""
    key, it = item
    expect_error(lambda: _upd(ddb, hash_table, key, "SET a = :v + list_append(l, l)", V,
                              ConditionExpression="attribute_not_exists(n)"),
                 "ValidationException", item_write_text(validation_layer, NESTED_LIST_APPEND))
    assert get_consistent(ddb, hash_table, key) == it


def test_if_not_exists_nests_where_list_append_may_not(ddb, hash_table):
    """if_not_exists may be list_append's operand, if_not_exists's second operand and an
    operand of + -- """ + SRC_SC_NESTING + """."""
    key = new_key()
    ddb.put_item(TableName=hash_table, Item=dict(key, n={"N": "1"}))
    _upd(ddb, hash_table, key,
         "SET l = list_append(if_not_exists(l, :e), :x), c = if_not_exists(b, if_not_exists(c, :z)), "
         "n = if_not_exists(n, :z) + :one",
         {":e": {"L": []}, ":x": {"L": [{"S": "x"}]}, ":z": {"N": "0"}, ":one": {"N": "1"}})
    assert get_consistent(ddb, hash_table, key) == dict(
        key, l={"L": [{"S": "x"}]}, c={"N": "0"}, n={"N": "2"})


def test_overlapping_paths_through_name_placeholders(ddb, hash_table, item, validation_layer):
    key, _ = item
    expect_error(lambda: _upd(ddb, hash_table, key, "SET #a = :v, #b = :v", V,
                              {"#a": "a", "#b": "a"}),
                 "ValidationException", item_write_text(validation_layer, OVERLAP % ("[a]", "[a]")))


@pytest.mark.parametrize("value,type_name", [
    ({"S": "a"}, "STRING"), ({"L": [{"N": "1"}]}, "LIST"), ({"M": {}}, "MAP"),
    ({"BOOL": True}, "BOOLEAN"), ({"NULL": True}, "NULL"), ({"B": b"a"}, "BINARY")])
def test_add_operand_type(ddb, hash_table, value, type_name, validation_layer):
    expect_error(lambda: _upd(ddb, hash_table, new_key(), "ADD a :v", {":v": value}),
                 "ValidationException", item_write_text(
                     validation_layer,
                     "Invalid UpdateExpression: Incorrect operand type for operator or function; "
                     "operator: ADD, operand type: %s, typeSet: ALLOWED_FOR_ADD_OPERAND" % type_name))


@pytest.mark.parametrize("value,type_name", [
    ({"S": "a"}, "STRING"), ({"N": "1"}, "NUMBER"), ({"L": []}, "LIST"), ({"M": {}}, "MAP"),
    ({"BOOL": False}, "BOOLEAN"), ({"NULL": True}, "NULL"), ({"B": b"a"}, "BINARY")])
def test_delete_operand_type(ddb, hash_table, value, type_name, validation_layer):
    expect_error(lambda: _upd(ddb, hash_table, new_key(), "DELETE a :v", {":v": value}),
                 "ValidationException", item_write_text(
                     validation_layer,
                     "Invalid UpdateExpression: Incorrect operand type for operator or function; "
                     "operator: DELETE, operand type: %s, typeSet: ALLOWED_FOR_DELETE_OPERAND"
                     % type_name))


@pytest.mark.parametrize("kw,message", [
    (dict(UpdateExpression="SET a = :v"),
     "Invalid UpdateExpression: An expression attribute value used in expression is not defined; "
     "attribute value: :v"),
    (dict(UpdateExpression="SET #a = :v", ExpressionAttributeValues=V),
     "Invalid UpdateExpression: An expression attribute name used in the document path is not "
     "defined; attribute name: #a"),
    (dict(UpdateExpression="SET a = :v", ExpressionAttributeValues=dict(V, **{":w": V[":v"]})),
     "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}"),
    (dict(UpdateExpression="SET a = :v", ExpressionAttributeValues=V,
          ExpressionAttributeNames={"#a": "a"}),
     "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}"),
    (dict(UpdateExpression="SET a = :v", ConditionExpression="#b = :w",
          ExpressionAttributeValues=dict(V, **{":w": V[":v"]}),
          ExpressionAttributeNames={"#b": "b", "#c": "c"}),
     "Value provided in ExpressionAttributeNames unused in expressions: keys: {#c}"),
    (dict(ConditionExpression="attribute_exists(a)", ExpressionAttributeValues=V),
     "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}"),
    (dict(ExpressionAttributeValues=V),
     "ExpressionAttributeValues can only be specified when using expressions: UpdateExpression "
     "and ConditionExpression are null"),
    (dict(ExpressionAttributeNames={"#v": "v"}),
     "ExpressionAttributeNames can only be specified when using expressions"),
    (dict(UpdateExpression="SET a = :v", ExpressionAttributeValues={}),
     "ExpressionAttributeValues must not be empty"),
    (dict(UpdateExpression="SET a = :v", ExpressionAttributeValues=V, ExpressionAttributeNames={}),
     "ExpressionAttributeNames must not be empty"),
    (dict(UpdateExpression="SET a = :v", ExpressionAttributeValues={"v": V[":v"]}),
     'ExpressionAttributeValues contains invalid key: Syntax error; key: "v"'),
    (dict(UpdateExpression="SET a = :v", ExpressionAttributeValues=V,
          ExpressionAttributeNames={"a": "a"}),
     'ExpressionAttributeNames contains invalid key: Syntax error; key: "a"'),
    (dict(UpdateExpression="SET a = :v", ExpressionAttributeValues={":v": {}}),
     "ExpressionAttributeValues contains invalid value: Supplied AttributeValue is empty, must "
     "contain exactly one of the supported datatypes for key :v"),
    (dict(UpdateExpression="SET a = :v", ExpressionAttributeValues={":v": {"SS": []}}),
     "ExpressionAttributeValues contains invalid value: One or more parameter values were "
     "invalid: An string set  may not be empty for key :v"),
    (dict(UpdateExpression="SET #n = :v", ExpressionAttributeValues=V,
          ExpressionAttributeNames={"#n": ""}),
     "ExpressionAttributeNames contains invalid value: Empty attribute name for key #n"),
    (dict(UpdateExpression="SET a = :v", ExpressionAttributeValues=V, ConditionExpression=""),
     "Invalid ConditionExpression: The expression can not be empty;"),
    (dict(UpdateExpression="SET a = = :v", ConditionExpression="a = = :v",
          ExpressionAttributeValues=V),
     'Invalid UpdateExpression: Syntax error; token: "=", near: "= = :v"'),
    (dict(UpdateExpression="SET a = foo(:v)", ConditionExpression="bar(a)",
          ExpressionAttributeValues=V),
     "Invalid UpdateExpression: Invalid function name; function: foo"),
    (dict(UpdateExpression="SET a = :v", ExpressionAttributeValues={":w": V[":v"]}),
     "Invalid UpdateExpression: An expression attribute value used in expression is not defined; "
     "attribute value: :v"),
], ids=["undefined-value", "undefined-name", "unused-value", "unused-name",
        "unused-name-with-condition", "unused-value-condition-only", "values-without-expressions",
        "names-without-expressions", "empty-values", "empty-names", "bad-value-key",
        "bad-name-key", "empty-attribute-value", "empty-set", "empty-name", "empty-condition",
        "update-syntax-before-condition-syntax", "update-function-before-condition-function",
        "undefined-before-unused"])
def test_request_errors(ddb, hash_table, kw, message, validation_layer):
    expect_error(lambda: ddb.update_item(TableName=hash_table, Key=new_key(), **kw),
                 "ValidationException", item_write_text(validation_layer, message))


def test_unused_names_lists_every_key(ddb, hash_table, validation_layer):
    resp = expect_error(lambda: _upd(ddb, hash_table, new_key(), "SET a = :v", V,
                                     {"#a": "a", "#b": "b"}), "ValidationException")
    assert resp["Error"]["Message"] in (
        item_write_text(validation_layer, "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}"),
        item_write_text(validation_layer, "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b, #a}"))


# ---------------------------------------------------------------------------
# Runtime errors (depend on the stored item)
# ---------------------------------------------------------------------------

RUNTIME_ERRORS = [
    ("SET a = nope", None, MISSING_ATTR),
    ("SET a = nope + :v", V, MISSING_ATTR),
    ("SET a = :v - nope", V, MISSING_ATTR),
    ("SET a = nope.x", None, MISSING_ATTR),
    ("SET a = l[7]", None, MISSING_ATTR),
    ("SET a = m.nope", None, MISSING_ATTR),
    ("SET a = s[0]", None, MISSING_ATTR),
    ("SET a = s.x", None, MISSING_ATTR),
    ("SET a = list_append(nope, l)", None, MISSING_ATTR),
    ("SET a = list_append(l, nope)", None, MISSING_ATTR),
    ("SET a = l, b = nope", None, MISSING_ATTR),
    ("SET a = :v, b = a", V, MISSING_ATTR),
    ("SET a = s + :v", V, BAD_TYPE),
    ("SET a = :v + s", V, BAD_TYPE),
    ("SET a = ss + :v", V, BAD_TYPE),
    ("SET a = l - :v", V, BAD_TYPE),
    ("SET a = m + :v", V, BAD_TYPE),
    ("SET a = list_append(s, l)", None, BAD_TYPE),
    ("SET a = list_append(l, m)", None, BAD_TYPE),
    ("SET a = list_append(if_not_exists(s, :e), :e)", {":e": {"L": []}}, BAD_TYPE),
    ("ADD s :v", V, BAD_TYPE),
    ("ADD ss :v", {":v": {"NS": ["1"]}}, BAD_TYPE),
    ("ADD ss :v", V, BAD_TYPE),
    ("ADD ns :v", {":v": {"SS": ["1"]}}, BAD_TYPE),
    ("ADD n :v", {":v": {"NS": ["1"]}}, BAD_TYPE),
    ("ADD bs :v", {":v": {"SS": ["a"]}}, BAD_TYPE),
    ("ADD l :v", {":v": {"SS": ["a"]}}, BAD_TYPE),
    ("ADD m :v", V, BAD_TYPE),
    ("ADD bool :v", V, BAD_TYPE),
    ("DELETE s :v", {":v": {"SS": ["a"]}}, BAD_TYPE),
    ("DELETE n :v", {":v": {"NS": ["5"]}}, BAD_TYPE),
    ("DELETE ss :v", {":v": {"NS": ["1"]}}, BAD_TYPE),
    ("DELETE ns :v", {":v": {"SS": ["1"]}}, BAD_TYPE),
    ("DELETE l :v", {":v": {"SS": ["a"]}}, BAD_TYPE),
    ("DELETE l[0] :v", {":v": {"SS": ["a"]}}, BAD_TYPE),
    ("DELETE m.x :v", {":v": {"NS": ["1"]}}, BAD_TYPE),
    ("SET nope.x = :v", V, BAD_PATH),
    ("SET nope[0] = :v", V, BAD_PATH),
    ("SET m.nope.x = :v", V, BAD_PATH),
    ("SET l[9].x = :v", V, BAD_PATH),
    ("SET m[0] = :v", V, BAD_PATH),
    ("SET l.x = :v", V, BAD_PATH),
    ("SET s.x = :v", V, BAD_PATH),
    ("SET n[0] = :v", V, BAD_PATH),
    ("REMOVE s[0]", None, BAD_PATH),
    ("REMOVE s.x", None, BAD_PATH),
    ("REMOVE nope.x", None, BAD_PATH),
    ("REMOVE nope[0]", None, BAD_PATH),
    ("REMOVE m.nope.x", None, BAD_PATH),
    ("REMOVE l[9].x", None, BAD_PATH),
    ("ADD nope.x :v", V, BAD_PATH),
    ("ADD m.x.y :v", V, BAD_PATH),
    ("ADD n[0] :v", V, BAD_PATH),
    ("DELETE nope.x :v", {":v": {"SS": ["a"]}}, BAD_PATH),
]


@pytest.mark.parametrize("expr,values,message", RUNTIME_ERRORS,
                         ids=["%d:%s" % (i, e[0]) for i, e in enumerate(RUNTIME_ERRORS)])
def test_runtime_errors(ddb, hash_table, item, expr, values, message):
    key, it = item
    expect_error(lambda: _upd(ddb, hash_table, key, expr, values), "ValidationException", message)
    assert get_consistent(ddb, hash_table, key) == it


@pytest.mark.parametrize("expr", ["SET b.a = :v", "SET b[1] = :v"])
def test_nested_path_on_missing_item(ddb, hash_table, expr):
    key = new_key()
    expect_error(lambda: _upd(ddb, hash_table, key, expr, V), "ValidationException", BAD_PATH)
    assert get_consistent(ddb, hash_table, key) is None


def test_missing_operand_on_missing_item(ddb, hash_table):
    key = new_key()
    expect_error(lambda: _upd(ddb, hash_table, key, "SET c = b"), "ValidationException",
                 MISSING_ATTR)
    assert get_consistent(ddb, hash_table, key) is None


@pytest.mark.parametrize("expr,values,message", [
    # Local: key > missing operand > wrong type > invalid target path > SET arithmetic number
    # errors. Only pairs where dynalite's AWS model (operands of every SET resolved in order
    # first, then each action applied in order) agrees are pinned here.
    ("SET t2 = nope, t1 = s + :one", {":one": {"N": "1"}}, MISSING_ATTR),
    ("SET s.x = :one, t2 = nope", {":one": {"N": "1"}}, MISSING_ATTR),
    ("SET s.x = :one, t1 = s + :one", {":one": {"N": "1"}}, BAD_TYPE),
    ("SET t1 = s + :one, s.x = :one", {":one": {"N": "1"}}, BAD_TYPE),
    ("REMOVE s[0] SET t1 = s + :one", {":one": {"N": "1"}}, BAD_TYPE),
    ("SET s.x = :one, t3 = :one + :tiny", {":one": {"N": "1"}, ":tiny": {"N": "1E-38"}}, BAD_PATH),
    ("SET t3 = :one + :tiny, s.x = :one", {":one": {"N": "1"}, ":tiny": {"N": "1E-38"}}, BAD_PATH),
    ("SET t4 = :big + :big, t1 = s + :one", {":one": {"N": "1"}, ":big": {"N": "9E+125"}},
     BAD_TYPE),
    ("SET t4 = :big + :big, t2 = nope", {":big": {"N": "9E+125"}}, MISSING_ATTR),
    ("SET t1 = s + :one DELETE n :ss", {":one": {"N": "1"}, ":ss": {"SS": ["a"]}}, BAD_TYPE),
], ids=lambda v: v if isinstance(v, str) else None)
def test_runtime_error_precedence(ddb, hash_table, item, expr, values, message):
    key, it = item
    expect_error(lambda: _upd(ddb, hash_table, key, expr, values), "ValidationException", message)
    assert get_consistent(ddb, hash_table, key) == it


@pytest.mark.parametrize("expr,values", [
    ("SET a = s + :v", V),
    ("SET a = nope", None),
    ("SET s.x = :v", V),
    ("ADD s :v", V),
    ("SET a = :x + :y", {":x": {"N": "1"}, ":y": {"N": "1E-38"}}),
])
def test_condition_failure_beats_runtime_errors(ddb, hash_table, item, expr, values):
    key, it = item
    expect_error(lambda: _upd(ddb, hash_table, key, expr, values,
                              ConditionExpression="attribute_not_exists(pk)"),
                 "ConditionalCheckFailedException", COND_FAILED)
    assert get_consistent(ddb, hash_table, key) == it


def test_runtime_error_when_condition_passes(ddb, hash_table, item):
    key, _ = item
    expect_error(lambda: _upd(ddb, hash_table, key, "SET a = s + :v", V,
                              ConditionExpression="attribute_exists(pk)"),
                 "ValidationException", BAD_TYPE)


# ---------------------------------------------------------------------------
# Item size
# ---------------------------------------------------------------------------

MAX_ITEM = 409600


def test_update_to_exactly_400kb_accepted(ddb, hash_table):
    pk = rand_key()
    key = {"pk": {"S": pk}}
    n = MAX_ITEM - len("pk") - len(pk) - len("e")
    _upd(ddb, hash_table, key, "SET e = :v", {":v": {"S": "y" * n}})
    assert len(get_consistent(ddb, hash_table, key)["e"]["S"]) == n


def test_update_one_byte_over_400kb_rejected(ddb, hash_table):
    pk = rand_key()
    key = {"pk": {"S": pk}}
    n = MAX_ITEM - len("pk") - len(pk) - len("e") + 1
    expect_error(lambda: _upd(ddb, hash_table, key, "SET e = :v", {":v": {"S": "y" * n}}),
                 "ValidationException", TOO_BIG)
    assert get_consistent(ddb, hash_table, key) is None


def test_update_growing_existing_item_over_400kb_rejected(ddb, hash_table):
    key = new_key()
    old = dict(key, d={"S": "x" * 409000})
    ddb.put_item(TableName=hash_table, Item=old)
    expect_error(lambda: _upd(ddb, hash_table, key, "SET e = :v", {":v": {"S": "y" * 1000}}),
                 "ValidationException", TOO_BIG)
    assert get_consistent(ddb, hash_table, key) == old
    # Replacing the big attribute keeps the item small enough.
    _upd(ddb, hash_table, key, "SET d = :v, e = :v", {":v": {"S": "y" * 1000}})


def test_list_append_over_400kb_rejected(ddb, hash_table):
    key = new_key()
    big = {"L": [{"S": "y" * 300000}]}
    expect_error(lambda: _upd(ddb, hash_table, key, "SET a = list_append(:b, :b)", {":b": big}),
                 "ValidationException", TOO_BIG)


# ---------------------------------------------------------------------------
# Table and key validation
# ---------------------------------------------------------------------------

def test_missing_table_code(ddb):
    expect_error(lambda: _upd(ddb, unique_name("missing"), new_key(), "SET a = :v", V),
                 "ResourceNotFoundException")


@pytest.mark.local_differs("Local: 'Cannot do operations on a non-existent table' -- "
                           + SRC_DT + " ('Requested resource not found')")
def test_missing_table_message(ddb):
    expect_error(lambda: _upd(ddb, unique_name("missing"), new_key(), "SET a = :v", V),
                 "ResourceNotFoundException", "Requested resource not found")


@pytest.mark.parametrize("key", [{}, {"other": {"S": "a"}}, {"pk": {"N": "1"}},
                                 {"pk": {"S": "a"}, "x": {"S": "b"}}],
                         ids=["empty", "wrong-name", "wrong-type", "extra"])
def test_bad_key_is_validation_exception(ddb, hash_table, key):
    expect_error(lambda: _upd(ddb, hash_table, key, "SET a = :v", V), "ValidationException")


@pytest.mark.local_differs("Local: 'The number of conditions on the keys is invalid' / 'Type "
                           "mismatch for key' -- " + SRC_DT + " 'Key does not match schema'")
@pytest.mark.parametrize("key", [{}, {"other": {"S": "a"}}, {"pk": {"N": "1"}},
                                 {"pk": {"S": "a"}, "x": {"S": "b"}}],
                         ids=["empty", "wrong-name", "wrong-type", "extra"])
def test_bad_key_message(ddb, hash_table, key):
    expect_error(lambda: _upd(ddb, hash_table, key, "SET a = :v", V), "ValidationException",
                 "The provided key element does not match the schema")


def test_empty_string_key(ddb, hash_table):
    expect_error(lambda: _upd(ddb, hash_table, {"pk": {"S": ""}}, "SET a = :v", V),
                 "ValidationException",
                 "One or more parameter values are not valid. The AttributeValue for a key "
                 "attribute cannot contain an empty string value. Key: pk")


# ---------------------------------------------------------------------------
# Nesting depth of the updated item
# ---------------------------------------------------------------------------

# An update can copy a subtree under itself ("SET a.k.x = a"), so the result
# may nest deeper than any value in the request. The item may hold at most 31
# nested containers, as a PutItem may (test_attribute_values.py). The text is
# DynamoDB Local's short one, the same that botocore's TransactionCanceledException
# documentation lists among an update's failures (docs/expression-messages.md 3.9).
@pytest.mark.parametrize("containers,path_depth,accepted", [(16, 14, True), (16, 15, False), (20, 19, False)],
                         ids=["31-containers", "32-containers", "40-containers"])
def test_update_nesting_the_item_too_deep_is_rejected(ddb, raw, hash_table, containers, path_depth, accepted):
    key = {"pk": {"S": rand_key()}}
    ddb.put_item(TableName=hash_table, Item={**key, "a": nested_maps(containers)})
    # a.k...k (path_depth k's) is the map at level path_depth + 1; x below it
    # takes a copy of all of a's containers.
    path = "a." + ".".join(["k"] * path_depth) + ".x"
    resp = raw("UpdateItem", {"TableName": hash_table, "Key": key, "UpdateExpression": "SET %s = a" % path})
    if accepted:
        assert resp.status == 200, resp
        stored = get_consistent(ddb, hash_table, key)["a"]
        for _ in range(path_depth):
            stored = stored["M"]["k"]
        assert stored["M"]["x"] == nested_maps(containers)
    else:
        expect_raw_error(resp, "ValidationException", "Nesting Levels have exceeded supported limits")
        assert get_consistent(ddb, hash_table, key)["a"] == nested_maps(containers)
