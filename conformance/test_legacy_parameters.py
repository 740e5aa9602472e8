"""Legacy (pre-expression) parameters: Expected + ConditionalOperator, AttributeUpdates,
AttributesToGet, and the errors for mixing them with expression parameters.

Texts: DynamoDB Local 1.25.1, checked against mhart/dynalite test/updateItem.js, putItem.js,
getItem.js (run against AWS); see docs/expression-messages.md section 6."""

import pytest

from helpers import expect_error, item_write_text, rand_key, new_key, get_consistent

SRC_DT_UPD = "mhart/dynalite test/updateItem.js (validations, run against AWS)"
SRC_DT_GET = ("mhart/dynalite test/getItem.js, batchGetItem.js, query.js, scan.js 'duplicate "
              "values in AttributesToGet' (run against AWS)")
SRC_SC_NONEXIST = ("scylladb test/alternator/test_item.py test_update_item_non_existent and "
                   "test_update_item_delete (pass on AWS)")
COND_FAILED = "The conditional request failed"
INVALID = "One or more parameter values were invalid: "
MIXING = ("Can not use both expression and non-expression parameters in the same request: "
          "Non-expression parameters: {%s} Expression parameters: {%s}")


ITEM = {
    "n": {"N": "5"},
    "s": {"S": "hello"},
    "b": {"B": b"\x01\x02"},
    "ss": {"SS": ["a", "b"]},
    "ns": {"NS": ["1", "2"]},
    "l": {"L": [{"S": "a"}, {"N": "1"}]},
    "m": {"M": {"x": {"N": "1"}}},
    "t": {"BOOL": True},
    "nul": {"NULL": True},
}


@pytest.fixture(scope="module")
def legacy_item(ddb, hash_table):
    key = {"pk": {"S": rand_key("legacy")}}
    ddb.put_item(TableName=hash_table, Item=dict(key, **ITEM))
    return key


def _expect(ddb, table, key, expected, **kw):
    """UpdateItem with only Expected: no change when it holds."""
    return ddb.update_item(TableName=table, Key=key, Expected=expected, **kw)


def _holds(ddb, table, key, expected, **kw):
    try:
        _expect(ddb, table, key, expected, **kw)
        return True
    except ddb.exceptions.ConditionalCheckFailedException as e:
        assert e.response["Error"]["Message"] == COND_FAILED
        return False


# ---------------------------------------------------------------------------
# Expected: semantics
# ---------------------------------------------------------------------------

def cmp(attr, op, *values):
    entry = {"ComparisonOperator": op}
    if values:
        entry["AttributeValueList"] = list(values)
    return {attr: entry}


N = lambda v: {"N": v}    # noqa: E731
S = lambda v: {"S": v}    # noqa: E731
B = lambda v: {"B": v}    # noqa: E731

EXPECTED = [
    ({"n": {"Exists": True, "Value": N("5")}}, True),
    ({"n": {"Exists": True, "Value": N("5.0")}}, True),
    ({"n": {"Exists": True, "Value": N("6")}}, False),
    ({"n": {"Exists": True, "Value": S("5")}}, False),
    ({"n": {"Value": N("5")}}, True),
    ({"nope": {"Value": N("5")}}, False),
    ({"n": {"Exists": False}}, False),
    ({"nope": {"Exists": False}}, True),
    ({"ss": {"Value": {"SS": ["b", "a"]}}}, True),
    ({"m": {"Value": {"M": {"x": N("1")}}}}, True),
    ({"l": {"Value": {"L": [S("a"), N("1")]}}}, True),
    ({"t": {"Value": {"BOOL": True}}}, True),
    ({"nul": {"Value": {"NULL": True}}}, True),
    (cmp("n", "EQ", N("5")), True),
    (cmp("n", "EQ", N("4")), False),
    (cmp("n", "EQ", S("5")), False),
    (cmp("nope", "EQ", N("5")), False),
    (cmp("m", "EQ", {"M": {"x": N("1")}}), True),
    (cmp("ss", "EQ", {"SS": ["a"]}), False),
    (cmp("n", "NE", N("4")), True),
    (cmp("n", "NE", N("5")), False),
    (cmp("n", "NE", S("5")), True),
    (cmp("nope", "NE", N("5")), True),
    (cmp("l", "NE", {"L": []}), True),
    (cmp("n", "LT", N("6")), True),
    (cmp("n", "LT", N("5")), False),
    (cmp("n", "LE", N("5")), True),
    (cmp("n", "GT", N("4.99")), True),
    (cmp("n", "GT", N("5")), False),
    (cmp("n", "GE", N("5")), True),
    (cmp("n", "GE", N("10")), False),
    (cmp("s", "GT", S("he")), True),
    (cmp("s", "LT", S("hellp")), True),
    (cmp("b", "GT", B(b"\x01")), True),
    (cmp("b", "LT", B(b"\x01\x03")), True),
    (cmp("n", "LT", S("9")), False),
    (cmp("s", "GE", N("1")), False),
    (cmp("nope", "LT", N("9")), False),
    (cmp("n", "NOT_NULL"), True),
    (cmp("nul", "NOT_NULL"), True),
    (cmp("nope", "NOT_NULL"), False),
    (cmp("n", "NULL"), False),
    (cmp("nope", "NULL"), True),
    (cmp("s", "CONTAINS", S("ell")), True),
    (cmp("s", "CONTAINS", S("x")), False),
    (cmp("b", "CONTAINS", B(b"\x02")), True),
    (cmp("ss", "CONTAINS", S("a")), True),
    (cmp("ss", "CONTAINS", S("z")), False),
    (cmp("ns", "CONTAINS", N("2")), True),
    (cmp("ns", "CONTAINS", S("2")), False),
    (cmp("l", "CONTAINS", S("a")), True),
    (cmp("l", "CONTAINS", N("1")), True),
    (cmp("l", "CONTAINS", N("2")), False),
    (cmp("n", "CONTAINS", N("5")), False),
    (cmp("nope", "CONTAINS", S("a")), False),
    (cmp("s", "NOT_CONTAINS", S("x")), True),
    (cmp("s", "NOT_CONTAINS", S("ell")), False),
    (cmp("ss", "NOT_CONTAINS", S("z")), True),
    (cmp("ss", "NOT_CONTAINS", S("a")), False),
    (cmp("l", "NOT_CONTAINS", S("z")), True),
    (cmp("nope", "NOT_CONTAINS", S("a")), False),
    (cmp("s", "BEGINS_WITH", S("he")), True),
    (cmp("s", "BEGINS_WITH", S("el")), False),
    (cmp("b", "BEGINS_WITH", B(b"\x01")), True),
    (cmp("n", "BEGINS_WITH", S("5")), False),
    (cmp("nope", "BEGINS_WITH", S("a")), False),
    (cmp("n", "IN", N("1"), N("5")), True),
    (cmp("n", "IN", N("1"), N("2")), False),
    (cmp("s", "IN", S("x"), S("hello")), True),
    (cmp("nope", "IN", S("x")), False),
    (cmp("n", "BETWEEN", N("1"), N("9")), True),
    (cmp("n", "BETWEEN", N("5"), N("5")), True),
    (cmp("n", "BETWEEN", N("6"), N("9")), False),
    (cmp("s", "BETWEEN", S("a"), S("z")), True),
    (cmp("n", "BETWEEN", S("a"), S("z")), False),
    (cmp("nope", "BETWEEN", N("1"), N("9")), False),
    (dict(cmp("n", "EQ", N("5")), **cmp("s", "EQ", S("hello"))), True),
    (dict(cmp("n", "EQ", N("5")), **cmp("s", "EQ", S("x"))), False),
    (dict(cmp("n", "EQ", N("5")), **{"nope": {"Exists": False}}), True),
]


@pytest.mark.parametrize("expected,holds", EXPECTED,
                         ids=["%d:%s" % (i, list(e[0].items())[0][0] + ":" +
                                         str(list(e[0].values())[0].get("ComparisonOperator",
                                                                        "Value")))
                              for i, e in enumerate(EXPECTED)])
def test_expected(ddb, hash_table, legacy_item, expected, holds):
    assert _holds(ddb, hash_table, legacy_item, expected) is holds


@pytest.mark.parametrize("operator,holds", [("AND", False), ("OR", True)])
def test_conditional_operator(ddb, hash_table, legacy_item, operator, holds):
    expected = dict(cmp("n", "EQ", N("5")), **cmp("s", "EQ", S("x")))
    assert _holds(ddb, hash_table, legacy_item, expected, ConditionalOperator=operator) is holds


def test_conditional_operator_or_all_false(ddb, hash_table, legacy_item):
    expected = dict(cmp("n", "EQ", N("4")), **cmp("s", "EQ", S("x")))
    assert not _holds(ddb, hash_table, legacy_item, expected, ConditionalOperator="OR")


def test_expected_on_put_and_delete(ddb, hash_table):
    key = new_key()
    ddb.put_item(TableName=hash_table, Item=dict(key, v=N("1")), Expected={"pk": {"Exists": False}})
    expect_error(lambda: ddb.put_item(TableName=hash_table, Item=dict(key, v=N("2")),
                                      Expected={"pk": {"Exists": False}}),
                 "ConditionalCheckFailedException", COND_FAILED)
    expect_error(lambda: ddb.delete_item(TableName=hash_table, Key=key,
                                         Expected={"v": {"Value": N("2")}}),
                 "ConditionalCheckFailedException", COND_FAILED)
    ddb.delete_item(TableName=hash_table, Key=key, Expected={"v": {"Value": N("1")}})
    assert get_consistent(ddb, hash_table, key) is None


def test_expected_on_missing_item(ddb, hash_table):
    key = new_key()
    assert not _holds(ddb, hash_table, key, {"pk": {"Exists": True, "Value": key["pk"]}})
    assert get_consistent(ddb, hash_table, key) is None
    assert _holds(ddb, hash_table, key, {"a": {"Exists": False}})
    assert get_consistent(ddb, hash_table, key) == key


def test_expected_with_attribute_updates(ddb, hash_table):
    key = new_key()
    ddb.put_item(TableName=hash_table, Item=dict(key, v=N("1")))
    resp = ddb.update_item(TableName=hash_table, Key=key, Expected={"v": {"Value": N("1")}},
                           AttributeUpdates={"v": {"Action": "ADD", "Value": N("1")}},
                           ReturnValues="UPDATED_NEW")
    assert resp["Attributes"] == {"v": N("2")}
    expect_error(lambda: ddb.update_item(TableName=hash_table, Key=key,
                                         Expected={"v": {"Value": N("1")}},
                                         AttributeUpdates={"v": {"Action": "ADD", "Value": N("1")}}),
                 "ConditionalCheckFailedException", COND_FAILED)
    assert get_consistent(ddb, hash_table, key) == dict(key, v=N("2"))


# ---------------------------------------------------------------------------
# Expected: validation
# ---------------------------------------------------------------------------

EXPECTED_ERRORS = [
    ({"n": {}}, INVALID + "Value must be provided when Exists is null for Attribute: n"),
    ({"n": {"Exists": True}}, INVALID + "Value must be provided when Exists is true for Attribute: n"),
    ({"nope": {"Exists": True}},
     INVALID + "Value must be provided when Exists is true for Attribute: nope"),
    ({"n": {"Exists": False, "Value": N("5")}},
     INVALID + "Value cannot be used when Exists is false for Attribute: n"),
    ({"n": {"ComparisonOperator": "EQ"}},
     INVALID + "Value or AttributeValueList must be used with ComparisonOperator: EQ for "
               "Attribute: n"),
    ({"n": {"ComparisonOperator": "EQ", "AttributeValueList": [N("5")], "Exists": True}},
     INVALID + "Exists and ComparisonOperator cannot be used together for Attribute: n"),
    ({"n": {"ComparisonOperator": "EQ", "AttributeValueList": [N("5")], "Value": N("5")}},
     INVALID + "Value and AttributeValueList cannot be used together for Attribute: n"),
    (cmp("n", "EQ"), None),
    (cmp("n", "BETWEEN", N("6"), N("1")),
     "The BETWEEN condition was provided a range where the lower bound is greater than the upper "
     "bound"),
    (cmp("n", "IN", N("1"), S("5")),
     INVALID + "AttributeValues inside AttributeValueList must be of same type"),
    (cmp("n", "BETWEEN", N("1"), S("6")),
     INVALID + "AttributeValues inside AttributeValueList must be of same type"),
    (cmp("n", "EQ", {}),
     "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
    ({"n": {"Value": {}}},
     "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
    ({"n": {"Value": {"SS": []}}}, INVALID + "An string set  may not be empty"),
]


@pytest.mark.parametrize("expected,message", [e for e in EXPECTED_ERRORS if e[1]],
                         ids=["%d" % i for i, e in enumerate(EXPECTED_ERRORS) if e[1]])
def test_expected_errors(ddb, hash_table, legacy_item, expected, message, validation_layer):
    expect_error(lambda: _expect(ddb, hash_table, legacy_item, expected), "ValidationException",
                 message if message is None else item_write_text(validation_layer, message))


ARG_COUNTS = [("EQ", 0), ("EQ", 2), ("NE", 0), ("LT", 2), ("LE", 0), ("GT", 2), ("GE", 2),
              ("NOT_NULL", 1), ("NULL", 1), ("CONTAINS", 0), ("CONTAINS", 2),
              ("NOT_CONTAINS", 2), ("BEGINS_WITH", 0), ("BEGINS_WITH", 2), ("IN", 0),
              ("BETWEEN", 1), ("BETWEEN", 3)]


@pytest.mark.parametrize("op,count", ARG_COUNTS)
def test_expected_argument_count(ddb, hash_table, legacy_item, op, count):
    values = [S("a") if op in ("CONTAINS", "NOT_CONTAINS", "BEGINS_WITH") else N(str(i))
              for i in range(count)]
    expected = {"n": {"ComparisonOperator": op, "AttributeValueList": values}}
    expect_error(lambda: _expect(ddb, hash_table, legacy_item, expected), "ValidationException",
                 INVALID + "Invalid number of argument(s) for the %s ComparisonOperator" % op)


@pytest.mark.parametrize("op,value", [
    ("LT", {"SS": ["a"]}), ("LE", {"BOOL": True}), ("GT", {"L": []}), ("GE", {"M": {}}),
    ("LT", {"NULL": True}), ("CONTAINS", {"SS": ["t"]}), ("CONTAINS", {"L": []}),
    ("NOT_CONTAINS", {"NS": ["1"]}), ("BEGINS_WITH", {"N": "1"}), ("BEGINS_WITH", {"SS": ["a"]}),
    ("IN", {"SS": ["a"]}), ("BETWEEN", {"BS": [b"a"]})])
def test_expected_operand_type(ddb, hash_table, legacy_item, op, value):
    values = [value, value] if op == "BETWEEN" else [value]
    expected = {"n": {"ComparisonOperator": op, "AttributeValueList": values}}
    expect_error(lambda: _expect(ddb, hash_table, legacy_item, expected), "ValidationException",
                 INVALID + "ComparisonOperator %s is not valid for %s AttributeValue type"
                 % (op, list(value)[0]))


def test_expected_unknown_operator_is_validation_exception(ddb, hash_table, legacy_item):
    expect_error(lambda: _expect(ddb, hash_table, legacy_item, cmp("n", "BOGUS", N("1"))),
                 "ValidationException")


def test_conditional_operator_without_expected(ddb, hash_table):
    for op in ("AND", "OR"):
        expect_error(lambda: ddb.put_item(TableName=hash_table, Item=new_key(), ConditionalOperator=op),
                     "ValidationException",
                     "ConditionalOperator cannot be used without Filter or Expected")


def test_conditional_operator_with_one_expected_entry(ddb, hash_table):
    expect_error(lambda: ddb.put_item(TableName=hash_table, Item=new_key(),
                                      Expected={"a": {"Exists": False}}, ConditionalOperator="OR"),
                 "ValidationException",
                 "ConditionalOperator can only be used when Filter or Expected has two or more "
                 "elements")


# ---------------------------------------------------------------------------
# AttributeUpdates
# ---------------------------------------------------------------------------

BASE = {"n": N("5"), "s": S("str"), "ss": {"SS": ["a", "b"]}, "l": {"L": [N("1")]},
        "m": {"M": {"x": N("1")}}}


@pytest.fixture
def item(ddb, hash_table):
    key = new_key()
    it = dict(key, **BASE)
    ddb.put_item(TableName=hash_table, Item=it)
    return key, it


def _au(ddb, table, key, updates, **kw):
    return ddb.update_item(TableName=table, Key=key, AttributeUpdates=updates, **kw)


def _sorted_sets(item):
    return {k: ({t: sorted(v[t])} if t in ("SS", "NS", "BS") else v)
            for k, v in item.items() for t in [list(v)[0]]}


@pytest.mark.parametrize("updates,changes,removed", [
    ({"a": {"Action": "PUT", "Value": N("1")}}, {"a": N("1")}, []),
    ({"a": {"Value": N("1")}}, {"a": N("1")}, []),                 # no Action = PUT
    ({"n": {"Action": "PUT", "Value": S("x")}}, {"n": S("x")}, []),
    ({"a.b": {"Action": "PUT", "Value": N("1")}}, {"a.b": N("1")}, []),   # literal name
    ({"s": {"Action": "DELETE"}}, {}, ["s"]),
    ({"nope": {"Action": "DELETE"}}, {}, []),
    ({"n": {"Action": "ADD", "Value": N("2")}}, {"n": N("7")}, []),
    ({"n": {"Action": "ADD", "Value": N("-5.5")}}, {"n": N("-0.5")}, []),
    ({"a": {"Action": "ADD", "Value": N("2")}}, {"a": N("2")}, []),
    ({"a": {"Action": "ADD", "Value": {"SS": ["x"]}}}, {"a": {"SS": ["x"]}}, []),
    ({"a": {"Action": "ADD", "Value": {"L": [S("x")]}}}, {"a": {"L": [S("x")]}}, []),
    ({"l": {"Action": "ADD", "Value": {"L": [S("z"), N("1")]}}},
     {"l": {"L": [N("1"), S("z"), N("1")]}}, []),
    ({"ss": {"Action": "ADD", "Value": {"SS": ["c", "a"]}}}, {"ss": {"SS": ["a", "b", "c"]}}, []),
    ({"ss": {"Action": "DELETE", "Value": {"SS": ["a", "z"]}}}, {"ss": {"SS": ["b"]}}, []),
    ({"ss": {"Action": "DELETE", "Value": {"SS": ["a", "b"]}}}, {}, ["ss"]),
    ({"nope": {"Action": "DELETE", "Value": {"SS": ["a"]}}}, {}, []),
    ({"n": {"Action": "PUT", "Value": N("1")}, "s": {"Action": "DELETE"},
      "c": {"Action": "ADD", "Value": N("3")}}, {"n": N("1"), "c": N("3")}, ["s"]),
    ({}, {}, []),
])
def test_attribute_updates(ddb, hash_table, item, updates, changes, removed):
    key, it = item
    _au(ddb, hash_table, key, updates)
    expected = {k: v for k, v in dict(it, **changes).items() if k not in removed}
    assert _sorted_sets(get_consistent(ddb, hash_table, key)) == _sorted_sets(expected)


def test_attribute_updates_return_values(ddb, hash_table, item):
    key, it = item
    updates = {"n": {"Action": "ADD", "Value": N("1")}, "a": {"Value": S("new")},
               "s": {"Action": "DELETE"}}
    resp = _au(ddb, hash_table, key, updates, ReturnValues="UPDATED_OLD")
    assert resp["Attributes"] == {"n": N("5"), "s": S("str")}
    resp = _au(ddb, hash_table, key, {"n": {"Action": "ADD", "Value": N("1")}},
               ReturnValues="UPDATED_NEW")
    assert resp["Attributes"] == {"n": N("7")}
    resp = _au(ddb, hash_table, key, {"a": {"Action": "DELETE"}}, ReturnValues="ALL_NEW")
    expected = dict(it, n=N("7"))
    del expected["s"]
    assert resp["Attributes"] == expected


def test_attribute_updates_create_missing_item(ddb, hash_table):
    key = new_key()
    _au(ddb, hash_table, key, {"a": {"Action": "ADD", "Value": N("1")},
                               "b": {"Value": S("x")}, "c": {"Action": "DELETE"}})
    assert get_consistent(ddb, hash_table, key) == dict(key, a=N("1"), b=S("x"))
    key2 = new_key()
    _au(ddb, hash_table, key2, {})
    assert get_consistent(ddb, hash_table, key2) == key2


@pytest.mark.local_differs("Local creates {pk}; AWS does not create an item for a delete-only "
                           "update -- " + SRC_SC_NONEXIST)
@pytest.mark.parametrize("updates", [{"a": {"Action": "DELETE"}},
                                     {"a": {"Action": "DELETE", "Value": {"SS": ["x"]}}}])
def test_attribute_updates_delete_only_does_not_create_item(ddb, hash_table, updates):
    key = new_key()
    _au(ddb, hash_table, key, updates)
    assert get_consistent(ddb, hash_table, key) is None


@pytest.mark.parametrize("updates,message", [
    ({"a": {"Action": "PUT"}},
     INVALID + "Only DELETE action is allowed when no attribute value is specified"),
    ({"a": {"Action": "ADD"}},
     INVALID + "Only DELETE action is allowed when no attribute value is specified"),
    ({"a": {}}, INVALID + "Only DELETE action is allowed when no attribute value is specified"),
    ({"s": {"Action": "ADD", "Value": N("1")}}, "Type mismatch for attribute to update"),
    ({"ss": {"Action": "ADD", "Value": {"NS": ["1"]}}}, "Type mismatch for attribute to update"),
    ({"ss": {"Action": "DELETE", "Value": {"NS": ["1"]}}}, "Type mismatch for attribute to update"),
    ({"s": {"Action": "DELETE", "Value": {"SS": ["str"]}}},
     "Type mismatch for attribute to update"),
    ({"n": {"Action": "ADD", "Value": {"NS": ["1"]}}}, "Type mismatch for attribute to update"),
    ({"pk": {"Action": "PUT", "Value": S("x")}},
     INVALID + "Cannot update attribute pk. This attribute is part of the key"),
    ({"pk": {"Action": "DELETE"}},
     INVALID + "Cannot update attribute pk. This attribute is part of the key"),
    ({"a": {"Action": "PUT", "Value": {}}},
     "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
    ({"a": {"Action": "PUT", "Value": {"SS": []}}}, INVALID + "An string set  may not be empty"),
    ({"a": {"Action": "PUT", "Value": N("1E+126")}},
     "Number overflow. Attempting to store a number with magnitude larger than supported range"),
])
def test_attribute_updates_errors(ddb, hash_table, item, updates, message, validation_layer):
    key, it = item
    expect_error(lambda: _au(ddb, hash_table, key, updates), "ValidationException",
                 item_write_text(validation_layer, message))
    assert get_consistent(ddb, hash_table, key) == it


@pytest.mark.parametrize("action,value", [
    ("ADD", S("1")), ("ADD", B(b"a")), ("ADD", {"BOOL": True}), ("ADD", {"NULL": True}),
    ("ADD", {"M": {}}), ("DELETE", S("1")), ("DELETE", N("1")), ("DELETE", {"L": []}),
    ("DELETE", {"M": {}}), ("DELETE", {"BOOL": False})])
def test_attribute_updates_wrong_value_type_is_validation_exception(ddb, hash_table, item, action,
                                                                    value):
    key, _ = item
    resp = expect_error(lambda: _au(ddb, hash_table, key, {"a": {"Action": action,
                                                                 "Value": value}}),
                        "ValidationException")
    assert resp["Error"]["Message"].startswith(
        INVALID + ("ADD action is not supported for the type " if action == "ADD" else
                   "DELETE action with value is not supported for the type ")), resp


def _wrong_type_message(action, value):
    return INVALID + ("ADD action is not supported for the type %s" if action == "ADD" else
                      "DELETE action with value is not supported for the type %s") % list(value)[0]


@pytest.mark.parametrize("action", ["ADD", "DELETE"])
def test_attribute_updates_null_value_message(ddb, hash_table, action):
    # NULL is spelled the same by Local and AWS.
    value = {"NULL": True}
    expect_error(lambda: _au(ddb, hash_table, new_key(), {"a": {"Action": action, "Value": value}}),
                 "ValidationException", _wrong_type_message(action, value))


@pytest.mark.local_differs("Local names the type STRING/BINARY/BOOLEAN/MAP/NUMBER/LIST; AWS "
                           "uses the type code -- " + SRC_DT_UPD
                           + " 'trying to add/delete incorrect types'")
@pytest.mark.parametrize("action,value", [
    ("ADD", S("1")), ("ADD", B(b"a")), ("ADD", {"BOOL": True}),
    ("ADD", {"M": {}}), ("DELETE", S("1")), ("DELETE", N("1")), ("DELETE", {"L": []}),
    ("DELETE", {"M": {}}), ("DELETE", {"BOOL": False})])
def test_attribute_updates_wrong_value_type_message(ddb, hash_table, action, value):
    expect_error(lambda: _au(ddb, hash_table, new_key(), {"a": {"Action": action, "Value": value}}),
                 "ValidationException", _wrong_type_message(action, value))


def test_attribute_updates_unknown_action_is_validation_exception(ddb, hash_table):
    expect_error(lambda: _au(ddb, hash_table, new_key(), {"a": {"Action": "BOGUS", "Value": N("1")}}),
                 "ValidationException")


def test_attribute_updates_item_too_big(ddb, hash_table):
    key = new_key()
    expect_error(lambda: _au(ddb, hash_table, key, {"b": {"Value": S("a" * 409600)}}),
                 "ValidationException", "Item size to update has exceeded the maximum allowed size")
    assert get_consistent(ddb, hash_table, key) is None


# ---------------------------------------------------------------------------
# AttributesToGet
# ---------------------------------------------------------------------------

def test_attributes_to_get(ddb, hash_table, legacy_item):
    got = ddb.get_item(TableName=hash_table, Key=legacy_item, ConsistentRead=True,
                       AttributesToGet=["n", "nope", "m"])["Item"]
    assert got == {"n": ITEM["n"], "m": ITEM["m"]}


def test_attributes_to_get_names_are_literal(raw, ddb, hash_table):
    key = new_key()
    ddb.put_item(TableName=hash_table, Item=dict(key, m={"M": {"x": N("1")}}, **{"m.x": N("2")}))
    got = ddb.get_item(TableName=hash_table, Key=key, ConsistentRead=True,
                       AttributesToGet=["m.x"])["Item"]
    assert got == {"m.x": N("2")}


def test_attributes_to_get_does_not_add_key(ddb, hash_table, legacy_item):
    got = ddb.get_item(TableName=hash_table, Key=legacy_item, ConsistentRead=True,
                       AttributesToGet=["s"])["Item"]
    assert got == {"s": ITEM["s"]}


def test_attributes_to_get_nothing_matches(raw, hash_table, legacy_item):
    resp = raw("GetItem", {"TableName": hash_table, "Key": legacy_item, "ConsistentRead": True,
                           "AttributesToGet": ["nope"]})
    assert resp.status == 200
    assert resp.json() == {"Item": {}}


def test_attributes_to_get_duplicates_is_validation_exception(ddb, hash_table, legacy_item):
    expect_error(lambda: ddb.get_item(TableName=hash_table, Key=legacy_item,
                                      AttributesToGet=["n", "n"]), "ValidationException")


@pytest.mark.local_differs("Local: 'Cannot have two attributes with the same name' -- " + SRC_DT_GET)
def test_attributes_to_get_duplicates_message(ddb, hash_table, legacy_item):
    expect_error(lambda: ddb.get_item(TableName=hash_table, Key=legacy_item,
                                      AttributesToGet=["n", "s", "n"]),
                 "ValidationException",
                 INVALID + "Duplicate value in attribute name: n")


# ---------------------------------------------------------------------------
# Mixing legacy and expression parameters
# ---------------------------------------------------------------------------

V = {":v": N("1")}
EXP = {"n": {"Exists": False}}
AU = {"a": {"Action": "PUT", "Value": N("1")}}


@pytest.mark.parametrize("op,kw,message", [
    ("update", dict(AttributeUpdates=AU, UpdateExpression="SET a = :v",
                    ExpressionAttributeValues=V),
     MIXING % ("AttributeUpdates", "UpdateExpression")),
    ("update", dict(AttributeUpdates=AU, ConditionExpression="attribute_exists(n)"),
     MIXING % ("AttributeUpdates", "ConditionExpression")),
    ("update", dict(Expected=EXP, UpdateExpression="SET a = :v", ExpressionAttributeValues=V),
     MIXING % ("Expected", "UpdateExpression")),
    ("update", dict(Expected=EXP, ConditionExpression="attribute_exists(a)"),
     MIXING % ("Expected", "ConditionExpression")),
    ("update", dict(AttributeUpdates=AU, Expected=EXP, UpdateExpression="SET a = :v",
                    ConditionExpression="attribute_exists(n)", ExpressionAttributeValues=V),
     MIXING % ("AttributeUpdates, Expected", "UpdateExpression, ConditionExpression")),
    ("update", dict(AttributeUpdates=AU, Expected=dict(EXP, o={"Exists": False}),
                    ConditionalOperator="OR", UpdateExpression="SET a = :v",
                    ConditionExpression="attribute_exists(n)", ExpressionAttributeValues=V),
     MIXING % ("AttributeUpdates, Expected, ConditionalOperator",
               "UpdateExpression, ConditionExpression")),
    ("update", dict(AttributeUpdates=AU, UpdateExpression="SET a = :v",
                    ConditionExpression="attribute_exists(n)", ExpressionAttributeValues=V),
     MIXING % ("AttributeUpdates", "UpdateExpression, ConditionExpression")),
    ("update", dict(UpdateExpression="SET a = :v", ExpressionAttributeValues=V,
                    ConditionalOperator="OR"),
     MIXING % ("ConditionalOperator", "UpdateExpression")),
    ("update", dict(AttributeUpdates=AU, ExpressionAttributeValues=V),
     "ExpressionAttributeValues can only be specified when using expressions: UpdateExpression "
     "and ConditionExpression are null"),
    ("update", dict(AttributeUpdates=AU, ExpressionAttributeNames={"#a": "a"}),
     "ExpressionAttributeNames can only be specified when using expressions"),
    ("put", dict(Expected=EXP, ConditionExpression="attribute_exists(n)"),
     MIXING % ("Expected", "ConditionExpression")),
    ("put", dict(Expected=dict(EXP, o={"Exists": False}), ConditionalOperator="OR",
                 ConditionExpression="attribute_exists(n)"),
     MIXING % ("Expected, ConditionalOperator", "ConditionExpression")),
    ("put", dict(ConditionExpression="attribute_exists(n)", ConditionalOperator="OR"),
     MIXING % ("ConditionalOperator", "ConditionExpression")),
    ("put", dict(Expected=EXP, ExpressionAttributeValues=V),
     "ExpressionAttributeValues can only be specified when using expressions: "
     "ConditionExpression is null"),
    ("delete", dict(Expected=EXP, ConditionExpression="attribute_exists(n)"),
     MIXING % ("Expected", "ConditionExpression")),
    ("get", dict(AttributesToGet=["n"], ProjectionExpression="n"),
     MIXING % ("AttributesToGet", "ProjectionExpression")),
    ("get", dict(AttributesToGet=["n"], ExpressionAttributeNames={"#n": "n"}),
     "ExpressionAttributeNames can only be specified when using expressions"),
], ids=["au+ue", "au+ce", "exp+ue", "exp+ce", "au+exp+ue+ce", "all-five", "au+ue+ce", "co+ue",
        "au+values", "au+names", "put-exp+ce", "put-exp+co+ce", "put-co+ce", "put-exp+values",
        "delete-exp+ce", "get-atg+pe", "get-atg+names"])
def test_mixing_errors(ddb, hash_table, op, kw, message, validation_layer):
    key = new_key()
    calls = {"update": lambda: ddb.update_item(TableName=hash_table, Key=key, **kw),
             "put": lambda: ddb.put_item(TableName=hash_table, Item=key, **kw),
             "delete": lambda: ddb.delete_item(TableName=hash_table, Key=key, **kw),
             "get": lambda: ddb.get_item(TableName=hash_table, Key=key, **kw)}
    expect_error(calls[op], "ValidationException",
                 message if op == "get" else item_write_text(validation_layer, message))
