"""AttributeValue round trips, number canonical form and limits, and value validation."""

import pytest

from helpers import b64, expect_error, expect_raw_error, item_write_text, layer_text, rand_key

SRC_DYNALITE_DEL = "mhart/dynalite test/deleteItem.js (validations, run against AWS)"
SRC_DYNALITE_VAL = "mhart/dynalite validations/index.js validateAttributeValue/checkNum"
SRC_NUBO_CAPTURE_USE1 = ("nubo-db/dynamodb-conformance captures/2026-06-09-validation-rewording"
                         ".json, us-east-1 probes")
LOCAL_NUMBER_MSG = "Local: 'A value provided cannot be converted into a number'"


def _sorted_sets(value):
    """Sets are unordered on the wire: sort their members so values compare."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in ("SS", "NS", "BS"):
                out[k] = sorted(v)
            else:
                out[k] = _sorted_sets(v)
        return out
    if isinstance(value, list):
        return [_sorted_sets(v) for v in value]
    return value


def _put_get_raw(raw, table, item):
    put = raw("PutItem", {"TableName": table, "Item": item})
    assert put.status == 200, put
    got = raw("GetItem", {"TableName": table, "Key": {"pk": item["pk"]}, "ConsistentRead": True})
    assert got.status == 200, got
    return got.json()["Item"]


def _put_value(ddb, table, value, name="v"):
    return ddb.put_item(TableName=table, Item={"pk": {"S": rand_key()}, name: value})


def _stored_number(ddb, table, text):
    key = {"pk": {"S": rand_key()}}
    ddb.put_item(TableName=table, Item=dict(key, v={"N": text}))
    return ddb.get_item(TableName=table, Key=key, ConsistentRead=True)["Item"]["v"]["N"]


# ---------------------------------------------------------------------------
# Round trips
# ---------------------------------------------------------------------------

ALL_TYPES = {
    "s": {"S": "hello, w\u00f6rld \u2603 \U0001F600"},
    "n": {"N": "-56.789"},
    "b": {"B": b64(bytes(range(256)))},
    "bool_t": {"BOOL": True},
    "bool_f": {"BOOL": False},
    "null": {"NULL": True},
    "ss": {"SS": ["a", "b", "\u00e9", ""]},
    "ns": {"NS": ["1", "-2.5", "3E+2"]},
    "bs": {"BS": [b64(b"\x00"), b64(b"\xff\xfe"), b64(b"abc")]},
    "l": {"L": [{"S": "a"}, {"N": "1"}, {"B": b64(b"x")}, {"BOOL": True}, {"NULL": True},
                {"SS": ["a"]}, {"NS": ["1"]}, {"BS": [b64(b"y")]}, {"L": []}, {"M": {}}]},
    "m": {"M": {"s": {"S": "a"}, "n": {"N": "2"}, "b": {"B": b64(b"z")},
                "bool": {"BOOL": False}, "null": {"NULL": True}, "ss": {"SS": ["x", "y"]},
                "ns": {"NS": ["4", "5"]}, "bs": {"BS": [b64(b"1"), b64(b"2")]},
                "l": {"L": [{"M": {"deep": {"S": "yes"}}}]},
                "m": {"M": {"a": {"M": {}}, "b": {"L": []}}}}},
    "empty_s": {"S": ""},
    "empty_b": {"B": ""},
}


def test_all_types_round_trip(raw, hash_table):
    item = dict({"pk": {"S": rand_key()}}, **ALL_TYPES)
    got = _put_get_raw(raw, hash_table, item)
    expected = dict(item)
    expected["ns"] = {"NS": ["1", "-2.5", "300"]}      # numbers come back canonical
    assert _sorted_sets(got) == _sorted_sets(expected)


def test_every_read_returns_all_types_alike(raw, hash_table):
    """Query, Scan and BatchGetItem answer with the item exactly as GetItem does, escapes included
    (ddbemu writes all four answers from the stored bytes)."""
    item = dict({"pk": {"S": rand_key()}, "esc": {"S": "q\" b\\ t\t n\n c\u0001 \u007f"}}, **ALL_TYPES)
    got = _put_get_raw(raw, hash_table, item)
    expected = dict(item, ns={"NS": ["1", "-2.5", "300"]})
    assert _sorted_sets(got) == _sorted_sets(expected)
    values = {":k": item["pk"]}
    query = raw("Query", {"TableName": hash_table, "KeyConditionExpression": "pk = :k",
                          "ExpressionAttributeValues": values, "ConsistentRead": True})
    assert query.status == 200, query
    assert [_sorted_sets(i) for i in query.json()["Items"]] == [_sorted_sets(got)]
    scanned, start = [], None
    while True:
        request = {"TableName": hash_table, "FilterExpression": "pk = :k", "ExpressionAttributeValues": values,
                   "ConsistentRead": True}
        if start:
            request["ExclusiveStartKey"] = start
        page = raw("Scan", request)
        assert page.status == 200, page
        scanned += page.json()["Items"]
        start = page.json().get("LastEvaluatedKey")
        if not start:
            break
    assert [_sorted_sets(i) for i in scanned] == [_sorted_sets(got)]
    batch = raw("BatchGetItem", {"RequestItems": {hash_table: {"Keys": [{"pk": item["pk"]}], "ConsistentRead": True}}})
    assert batch.status == 200, batch
    assert [_sorted_sets(i) for i in batch.json()["Responses"][hash_table]] == [_sorted_sets(got)]


def test_all_types_round_trip_boto3(ddb, hash_table):
    key = {"pk": {"S": rand_key()}}
    item = {"s": {"S": "x"}, "n": {"N": "7"}, "b": {"B": b"\x00\x01\xff"}, "t": {"BOOL": True},
            "z": {"NULL": True}, "ss": {"SS": ["p", "q"]}, "ns": {"NS": ["1", "2"]},
            "bs": {"BS": [b"\x01", b"\x02"]}, "l": {"L": [{"N": "1"}, {"S": "two"}]},
            "m": {"M": {"k": {"B": b"\x00"}}}}
    ddb.put_item(TableName=hash_table, Item=dict(key, **item))
    got = ddb.get_item(TableName=hash_table, Key=key, ConsistentRead=True)["Item"]
    assert _sorted_sets(got) == _sorted_sets(dict(key, **item))


def test_attribute_names_are_arbitrary_utf8(raw, hash_table):
    item = {"pk": {"S": rand_key()}, "with space": {"S": "1"}, "\u00fcml\u00e4ut": {"S": "2"},
            "#:.[]": {"S": "3"}, "\U0001F600": {"S": "4"}}
    assert _put_get_raw(raw, hash_table, item) == item


def test_binary_key_round_trip(ddb, bin_hash_table):
    key = {"pk": {"B": bytes(range(255, -1, -1))}}
    ddb.put_item(TableName=bin_hash_table, Item=dict(key, v={"S": "bin"}))
    got = ddb.get_item(TableName=bin_hash_table, Key=key, ConsistentRead=True)["Item"]
    assert got == dict(key, v={"S": "bin"})


# ---------------------------------------------------------------------------
# Numbers: canonical form
# ---------------------------------------------------------------------------

# (input, canonical form DynamoDB returns). Sources: mhart/dynalite test/putItem.js
# 'should put really long numbers' and 'should return correct old values' (run against AWS),
# plus the normalisation rules in docs/dynamodb-model.md §7.
CANONICAL = [
    ("1.0", "1"),
    ("10E-1", "1"),
    ("-0", "0"),
    ("-0.0", "0"),
    ("0.0000", "0"),
    ("0001", "1"),
    ("1E+2", "100"),
    ("1e2", "100"),
    ("123.4500", "123.45"),
    ("-0015.789e6", "-15789000"),
    ("1.5E-3", "0.0015"),
    ("0000012345678901234567890123456789012345678", "12345678901234567890123456789012345678"),
    ("-00001.23456789012345678901234567890123456780000",
     "-1.2345678901234567890123456789012345678"),
    ("1E125", "1" + "0" * 125),
    ("0009.99999999999999999999999999999999999990000e125", "9" * 38 + "0" * 88),
    ("-0009.99999999999999999999999999999999999990000e125", "-" + "9" * 38 + "0" * 88),
    ("0001.000e-130", "0." + "0" * 129 + "1"),
    ("-0001.000e-130", "-0." + "0" * 129 + "1"),
    ("1234567890123456789012345678901234567800000", "1234567890123456789012345678901234567800000"),
]


@pytest.mark.parametrize("text,canonical", CANONICAL, ids=[c[0][:24] for c in CANONICAL])
def test_number_canonical_form(ddb, hash_table, text, canonical):
    assert _stored_number(ddb, hash_table, text) == canonical


def test_number_set_members_are_canonical(ddb, hash_table):
    key = {"pk": {"S": rand_key()}}
    ddb.put_item(TableName=hash_table, Item=dict(key, v={"NS": ["1.0", "2e1", "-0"]}))
    got = ddb.get_item(TableName=hash_table, Key=key, ConsistentRead=True)["Item"]["v"]["NS"]
    assert sorted(got) == ["0", "1", "20"]


def test_number_key_is_canonical(ddb, num_range_table):
    pk = rand_key()
    ddb.put_item(TableName=num_range_table, Item={"pk": {"S": pk}, "sk": {"N": "1.50"},
                                                   "v": {"S": "first"}})
    # 1.5, 15E-1 and 001.5 name the same item as 1.50
    got = ddb.get_item(TableName=num_range_table, Key={"pk": {"S": pk}, "sk": {"N": "15E-1"}},
                       ConsistentRead=True)["Item"]
    assert got == {"pk": {"S": pk}, "sk": {"N": "1.5"}, "v": {"S": "first"}}
    ddb.put_item(TableName=num_range_table, Item={"pk": {"S": pk}, "sk": {"N": "001.5"},
                                                   "v": {"S": "second"}})
    got = ddb.get_item(TableName=num_range_table, Key={"pk": {"S": pk}, "sk": {"N": "1.5"}},
                       ConsistentRead=True)["Item"]
    assert got["v"] == {"S": "second"}


# ---------------------------------------------------------------------------
# Numbers: limits and invalid input
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "12345678901234567890123456789012345678",           # 38 digits
    "-1.2345678901234567890123456789012345678",
    "9.9999999999999999999999999999999999999E+125",     # largest
    "-9.9999999999999999999999999999999999999E+125",
    "1E-130",                                           # smallest positive
    "-1E-130",
])
def test_number_limits_accepted(ddb, hash_table, text):
    _put_value(ddb, hash_table, {"N": text})


@pytest.mark.parametrize("text", ["1E126", "-1E126", "10E125", "9.9999999999999999999999999999999999999E+126"])
def test_number_overflow(ddb, hash_table, text):
    expect_error(lambda: _put_value(ddb, hash_table, {"N": text}), "ValidationException",
                 "Number overflow. Attempting to store a number with magnitude larger than "
                 "supported range")


@pytest.mark.parametrize("text", ["1E-131", "-1E-131", "0.1E-130"])
def test_number_underflow(ddb, hash_table, text):
    expect_error(lambda: _put_value(ddb, hash_table, {"N": text}), "ValidationException",
                 "Number underflow. Attempting to store a number with magnitude smaller than "
                 "supported range")


@pytest.mark.local_differs("Local: 'DynamoDB only supports precision up to 38 digits'; AWS text "
                           "per " + SRC_DYNALITE_DEL + " and scylladb test/alternator/test_number.py"
                           "::test_number_precision_not_allowed ('significant')")
@pytest.mark.parametrize("text", ["123456789012345678901234567890123456789",
                                  "-1.23456789012345678901234567890123456789",
                                  "3.14159265358979323846264338327950288419"])
def test_number_more_than_38_digits(ddb, hash_table, text):
    expect_error(lambda: _put_value(ddb, hash_table, {"N": text}), "ValidationException",
                 "Attempting to store more than 38 significant digits in a Number")


@pytest.mark.parametrize("text", ["123456789012345678901234567890123456789",
                                  "1.23456789012345678901234567890123456789"])
def test_number_more_than_38_digits_is_validation_exception(ddb, hash_table, text):
    expect_error(lambda: _put_value(ddb, hash_table, {"N": text}), "ValidationException")


@pytest.mark.local_differs(LOCAL_NUMBER_MSG + "; AWS text per " + SRC_DYNALITE_DEL
                           + " ('empty/invalid numbers')")
@pytest.mark.parametrize("text", ["abc", "1e", "0x10", "NaN", "Infinity", "1,000", "1 "])
def test_number_not_parsable(ddb, hash_table, text, validation_layer):
    expect_error(lambda: _put_value(ddb, hash_table, {"N": text}), "ValidationException",
                 item_write_text(validation_layer, "The parameter cannot be converted to a numeric value: %s" % text))


@pytest.mark.local_differs(LOCAL_NUMBER_MSG + "; AWS text per " + SRC_DYNALITE_DEL
                           + " ('{S: \"\", N: \"\"}' and '{NS: [\"1\", \"\"]}')")
def test_number_empty_string(ddb, hash_table, validation_layer):
    # The current layer adds ": " (nubo-db/dynamodb-conformance captures, esm_put_ns_empty).
    expected = item_write_text(validation_layer, "The parameter cannot be converted to a numeric value")
    expect_error(lambda: _put_value(ddb, hash_table, {"N": ""}), "ValidationException", expected)
    expect_error(lambda: _put_value(ddb, hash_table, {"NS": ["1", ""]}), "ValidationException", expected)


@pytest.mark.local_differs(LOCAL_NUMBER_MSG + "; AWS text per " + SRC_DYNALITE_DEL)
def test_number_set_member_not_parsable(ddb, hash_table, validation_layer):
    expect_error(lambda: _put_value(ddb, hash_table, {"NS": ["1", "b"]}), "ValidationException",
                 item_write_text(validation_layer, "The parameter cannot be converted to a numeric value: b"))


@pytest.mark.parametrize("value", [{"N": "abc"}, {"N": ""}, {"NS": ["1", "b"]}, {"N": "--1"}])
def test_number_not_parsable_is_validation_exception(ddb, hash_table, value):
    expect_error(lambda: _put_value(ddb, hash_table, value), "ValidationException")


# ---------------------------------------------------------------------------
# Sets
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("value,message", [
    ({"SS": []}, "One or more parameter values were invalid: An string set  may not be empty"),
    ({"NS": []}, "One or more parameter values were invalid: An number set  may not be empty"),
    ({"BS": []}, "One or more parameter values were invalid: Binary sets should not be empty"),
], ids=["SS", "NS", "BS"])
def test_empty_sets_rejected(ddb, hash_table, value, message, validation_layer):
    expect_error(lambda: _put_value(ddb, hash_table, value), "ValidationException",
                 item_write_text(validation_layer, message))


def test_empty_set_nested_in_map_rejected(ddb, hash_table, validation_layer):
    expect_error(lambda: _put_value(ddb, hash_table, {"M": {"x": {"SS": []}}}),
                 "ValidationException",
                 item_write_text(validation_layer,
                                 "One or more parameter values were invalid: An string set  may not be empty"))


@pytest.mark.local_differs("Local omits the final '.'; AWS text per " + SRC_NUBO_CAPTURE_USE1
                           + " b_put_dup_ss and " + SRC_DYNALITE_VAL)
def test_duplicate_string_set_members(ddb, hash_table, validation_layer):
    expect_error(lambda: _put_value(ddb, hash_table, {"SS": ["a", "a"]}), "ValidationException", layer_text(
        validation_layer, "One or more parameter values were invalid: Input collection [a, a] contains duplicates.",
        '1 validation error detected: One or more parameter values were invalid: Input collection ["a", "a"] '
        'contains duplicates.'))


@pytest.mark.local_differs("Local: 'One or more parameter values were invalid: Input collection "
                           "of type BS contains duplicates.' (no member list); AWS text per "
                           + SRC_DYNALITE_DEL)
def test_duplicate_binary_set_members(ddb, hash_table, validation_layer):
    expect_error(lambda: _put_value(ddb, hash_table, {"BS": [b"b", b"b"]}), "ValidationException", layer_text(
        validation_layer,
        "One or more parameter values were invalid: Input collection [Yg==, Yg==]of type BS contains duplicates.",
        '1 validation error detected: One or more parameter values were invalid: Input collection ["Yg==","Yg=="]'
        'of type BS contains duplicates.'))


@pytest.mark.parametrize("value", [{"SS": ["a", "a"]}, {"BS": [b"b", b"b"]}], ids=["SS", "BS"])
def test_duplicate_set_members_are_validation_exception(ddb, hash_table, value):
    resp = expect_error(lambda: _put_value(ddb, hash_table, value), "ValidationException")
    assert "contains duplicates" in resp["Error"]["Message"]


@pytest.mark.parametrize("members", [["1", "1"], ["1", "1.0"], ["1E2", "100"]],
                         ids=["same-text", "trailing-zero", "exponent"])
def test_duplicate_number_set_members(ddb, hash_table, members):
    # Duplicates are judged on the numeric value (source: SRC_DYNALITE_VAL normalises
    # numbers before its duplicate check).
    expect_error(lambda: _put_value(ddb, hash_table, {"NS": members}), "ValidationException",
                 "Input collection contains duplicates")


def test_sets_of_distinct_members_accepted(ddb, hash_table):
    _put_value(ddb, hash_table, {"SS": ["a", "A", "a "]})
    _put_value(ddb, hash_table, {"NS": ["1", "-1", "1.5"]})
    _put_value(ddb, hash_table, {"BS": [b"a", b"A", b""]})


# ---------------------------------------------------------------------------
# Malformed AttributeValues
# ---------------------------------------------------------------------------

EMPTY_MSG = ("Supplied AttributeValue is empty, must contain exactly one of the supported "
             "datatypes")


@pytest.mark.parametrize("value", [{}, {"M": {"a": {}}}, {"L": [{}]}, {"L": [{"M": {"x": {}}}]}],
                         ids=["top", "in-map", "in-list", "deep"])
def test_empty_attribute_value(raw, hash_table, value):
    resp = raw("PutItem", {"TableName": hash_table, "Item": {"pk": {"S": rand_key()}, "v": value}})
    expect_raw_error(resp, "ValidationException", EMPTY_MSG)


def test_unknown_type_key_is_empty_attribute_value(raw, hash_table):
    # An unknown member is dropped by the deserializer, leaving an empty value
    # (source: SRC_DYNALITE_DEL 'unsupported datatype', {a: ''}).
    resp = raw("PutItem", {"TableName": hash_table,
                           "Item": {"pk": {"S": rand_key()}, "v": {"X": "1"}}})
    expect_raw_error(resp, "ValidationException", EMPTY_MSG)


@pytest.mark.parametrize("value", [{"S": "a", "N": "1"}, {"S": "a", "BOOL": True},
                                   {"NULL": True, "L": []}, {"M": {}, "L": []}],
                         ids=["S+N", "S+BOOL", "NULL+L", "M+L"])
def test_more_than_one_type(raw, hash_table, value):
    resp = raw("PutItem", {"TableName": hash_table, "Item": {"pk": {"S": rand_key()}, "v": value}})
    expect_raw_error(resp, "ValidationException",
                     "Supplied AttributeValue has more than one datatypes set, must contain "
                     "exactly one of the supported datatypes")


def test_null_false_rejected(raw, hash_table):
    # Classic (us-east-1) behaviour. Note: in 2026-06 eu-west-2 and eu-central-1 started
    # accepting {"NULL": false} (stored as NULL true), see SRC_NUBO_CAPTURE_USE1 README.
    resp = raw("PutItem", {"TableName": hash_table,
                           "Item": {"pk": {"S": rand_key()}, "v": {"NULL": False}}})
    expect_raw_error(resp, "ValidationException",
                     "One or more parameter values were invalid: Null attribute value types must "
                     "have the value of true")


@pytest.mark.local_differs("Local answers 500 InternalFailure for undecodable base64; AWS answers "
                           "SerializationException with this text per mhart/dynalite test/helpers.js "
                           "assertType ('Blob' cases) and nubo-db/dynoxide (captured from AWS)")
@pytest.mark.parametrize("text,message", [
    ("23456", "'23456' can not be converted to a Blob: Base64 encoded length is expected a "
              "multiple of 4 bytes but found: 5"),
    ("=+/=", "'=+/=' can not be converted to a Blob: Invalid Base64 character: '='"),
], ids=["bad-length", "bad-char"])
def test_invalid_base64(raw, hash_table, text, message):
    resp = raw("PutItem", {"TableName": hash_table,
                           "Item": {"pk": {"S": rand_key()}, "v": {"B": text}}})
    expect_raw_error(resp, "SerializationException", message)


# ---------------------------------------------------------------------------
# Nesting depth
# ---------------------------------------------------------------------------

def _nested(containers, kind, innermost=None):
    """`containers` nested M (or L) values around `innermost` (default a scalar S)."""
    v = innermost or {"S": "x"}
    for _ in range(containers):
        v = {"M": {"a": v}} if kind == "M" else {"L": [v]}
    return v


# The item itself is nesting level 1 and every M or L adds one; scalars add
# nothing. So 31 nested containers (32 levels) are the most an item may hold
# (scylladb test/alternator/test_manual_requests.py::test_almost_exceed_nested_level,
# run against AWS: "30 added levels + top level + the item itself == 32 total").

@pytest.mark.parametrize("kind,innermost", [("M", None), ("L", None), ("M", {"M": {}}),
                                            ("L", {"L": []})],
                         ids=["M-scalar", "L-scalar", "M-empty", "L-empty"])
def test_nesting_32_levels_accepted(raw, hash_table, kind, innermost):
    containers = 31 if innermost is None else 30     # the empty innermost is the 31st
    item = {"pk": {"S": rand_key()}, "v": _nested(containers, kind, innermost)}
    assert _put_get_raw(raw, hash_table, item) == item


@pytest.mark.parametrize("kind,containers,innermost", [
    ("M", 32, None), ("L", 32, None), ("M", 31, {"M": {}}), ("M", 40, None)],
    ids=["M-32", "L-32", "M-32-empty", "M-40"])
def test_nesting_beyond_32_levels_rejected(raw, hash_table, kind, containers, innermost):
    resp = raw("PutItem", {"TableName": hash_table,
                           "Item": {"pk": {"S": rand_key()},
                                    "v": _nested(containers, kind, innermost)}})
    expect_raw_error(resp, "ValidationException",
                     "Nesting Levels have exceeded supported limits: Attributes in the item have "
                     "nested levels beyond supported limit")
