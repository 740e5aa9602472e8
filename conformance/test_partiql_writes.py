"""PartiQL writes through ExecuteStatement: INSERT (every attribute type, nested values, sets,
`?` parameters, existing items, key validation), UPDATE (SET on top-level and nested paths and
list elements, + and -, list_append, set_add, set_delete, REMOVE, conditions in the WHERE clause,
the four RETURNING forms, missing items, key attributes), DELETE (conditions, RETURNING ALL OLD *,
missing items), a WHERE clause that does not name the whole key, ReturnConsumedCapacity, GSI
maintenance, stream records, and `aws dynamodb execute-statement`.

Sources:
  DOC_*    AWS developer guide, ql-reference.insert/update/delete.html
  DX       nubo-db/dynoxide src/partiql/executor.rs and CHANGELOG.md (texts and behaviour marked
           "captured eu-west-2" there were measured against AWS)
  DX_CC    nubo-db/dynoxide tests/partiql_index_consumed_capacity.rs (every figure measured on
           AWS eu-west-2, 2026-08-13: "ExecuteStatement ... charged exactly as the equivalent
           single-item write")
  MOTO     getmoto/moto tests/test_dynamodb/test_dynamodb_statements.py, tests marked
           aws_verified (test_insert_data: an INSERT answers Items == [])

DynamoDB Local runs the same PartiQL front end for these statements; where its text agrees with a
text an AWS capture shows elsewhere (UpdateItem's key-attribute text, dynoxide's captured
RETURNING and WHERE texts) the test asserts it. boto3 1.26's model has no
ReturnValuesOnConditionCheckFailure for ExecuteStatement, so those requests go through `raw`.
"""

import json

import pytest
from botocore.exceptions import ClientError

from helpers import eventually, expect_error, expect_raw_error, get_consistent, rand_key, read_stream

SRC_DOC_INSERT = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.insert.html"
SRC_DX = "nubo-db/dynoxide src/partiql/executor.rs (texts captured against AWS eu-west-2)"
SRC_DX_CC = "nubo-db/dynoxide tests/partiql_index_consumed_capacity.rs (AWS eu-west-2 capture 2026-08-13)"
SRC_ORACLE = "docs/dynamodb-local-oracle.md row 'PartiQL INSERT of an existing key'"

COND_FAILED = "The conditional request failed"
DUPLICATE = "Duplicate primary key exists in table"
NOT_FULL_KEY = "Where clause does not contain a mandatory equality on all key attributes"
KEY_UPDATE = ("One or more parameter values were invalid: Cannot update attribute %s. "
              "This attribute is part of the key")
DELETE_RETURNING = ("Invalid returning clause: RETURNING %s *. Only RETURNING ALL OLD * is allowed "
                    "in DELETE statements.")
PARAM_COUNT = "Number of parameters in request and statement don't match."

RECORD_WAIT = 30


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

def _es(ddb, statement, **kw):
    resp = ddb.execute_statement(Statement=statement, **kw)
    resp.pop("ResponseMetadata", None)
    return resp


def _q(value):
    """A PartiQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def _seed(ddb, table, item):
    ddb.put_item(TableName=table, Item=item)
    return item


def _pk():
    return rand_key("pq")


# ===========================================================================
# INSERT
# ===========================================================================

def test_insert_every_type_and_nesting(ddb, hash_table):
    pk = _pk()
    resp = _es(ddb, 'INSERT INTO "%s" VALUE {'
                    "'pk': %s, 's': 'text', 'n': 1.50, 'neg': -7, 't': true, 'f': false, "
                    "'nul': null, 'l': [1, 'two', [3, {'deep': 'x'}]], "
                    "'m': {'a': {'b': {'c': 2}}, 'e': []}, "
                    "'ss': <<'a', 'b'>>, 'ns': <<1, 2.5>>}" % (hash_table, _q(pk)))
    assert resp == {"Items": []}  # MOTO test_insert_data (aws_verified)
    item = get_consistent(ddb, hash_table, {"pk": {"S": pk}})
    ss = item.pop("ss")
    ns = item.pop("ns")
    assert sorted(ss["SS"]) == ["a", "b"]
    assert sorted(ns["NS"], key=float) == ["1", "2.5"]
    assert item == {
        "pk": {"S": pk}, "s": {"S": "text"}, "n": {"N": "1.5"}, "neg": {"N": "-7"},
        "t": {"BOOL": True}, "f": {"BOOL": False}, "nul": {"NULL": True},
        "l": {"L": [{"N": "1"}, {"S": "two"}, {"L": [{"N": "3"}, {"M": {"deep": {"S": "x"}}}]}]},
        "m": {"M": {"a": {"M": {"b": {"M": {"c": {"N": "2"}}}}}, "e": {"L": []}}},
    }


def test_insert_with_parameters_of_every_type(ddb, hash_table):
    pk = _pk()
    params = [
        {"S": pk}, {"S": "v"}, {"N": "42"}, {"B": b"\x00\x01"}, {"BOOL": True}, {"NULL": True},
        {"L": [{"S": "x"}, {"N": "1"}]}, {"M": {"k": {"SS": ["q"]}}},
        {"SS": ["a", "b"]}, {"NS": ["3"]}, {"BS": [b"\x02"]},
    ]
    names = ["pk", "s", "n", "b", "bool", "nul", "l", "m", "ss", "ns", "bs"]
    stmt = 'INSERT INTO "%s" VALUE {%s}' % (hash_table, ", ".join("'%s': ?" % n for n in names))
    assert _es(ddb, stmt, Parameters=params) == {"Items": []}
    item = get_consistent(ddb, hash_table, {"pk": {"S": pk}})
    item["ss"]["SS"].sort()
    assert item == dict(zip(names, params))


def test_insert_quoted_attribute_names(ddb, hash_table):
    pk = _pk()
    _es(ddb, 'INSERT INTO "%s" VALUE {\'pk\': %s, \'with space\': 1, \'Upper\': \'U\'}'
        % (hash_table, _q(pk)))
    assert get_consistent(ddb, hash_table, {"pk": {"S": pk}}) == {
        "pk": {"S": pk}, "with space": {"N": "1"}, "Upper": {"S": "U"}}


@pytest.mark.local_differs("Local answers code 'DuplicateItem'; AWS 'DuplicateItemException' -- "
                           + SRC_DOC_INSERT + "; " + SRC_ORACLE)
def test_insert_existing_item_code(ddb, hash_table):
    pk = _pk()
    old = _seed(ddb, hash_table, {"pk": {"S": pk}, "v": {"S": "old"}})
    expect_error(lambda: _es(ddb, 'INSERT INTO "%s" VALUE {\'pk\': %s, \'v\': \'new\'}'
                             % (hash_table, _q(pk))), "DuplicateItemException")
    assert get_consistent(ddb, hash_table, {"pk": {"S": pk}}) == old


def test_insert_existing_item_message_and_nothing_written(ddb, hash_table):
    """Local's text; dynoxide gives AWS's DuplicateItemException the same words (not marked as a
    capture there: the exact AWS text is not confirmed)."""
    pk = _pk()
    old = _seed(ddb, hash_table, {"pk": {"S": pk}, "v": {"S": "old"}})
    with pytest.raises(ClientError) as exc:
        _es(ddb, 'INSERT INTO "%s" VALUE {\'pk\': %s, \'v\': \'new\'}' % (hash_table, _q(pk)))
    err = exc.value.response
    assert err["Error"]["Message"] == DUPLICATE, err
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 400, err
    assert get_consistent(ddb, hash_table, {"pk": {"S": pk}}) == old


def test_insert_after_delete_succeeds(ddb, hash_table):
    pk = _pk()
    ins = 'INSERT INTO "%s" VALUE {\'pk\': %s, \'v\': ?}' % (hash_table, _q(pk))
    _es(ddb, ins, Parameters=[{"N": "1"}])
    _es(ddb, 'DELETE FROM "%s" WHERE pk = %s' % (hash_table, _q(pk)))
    _es(ddb, ins, Parameters=[{"N": "2"}])
    assert get_consistent(ddb, hash_table, {"pk": {"S": pk}}) == {"pk": {"S": pk}, "v": {"N": "2"}}


# The exact AWS texts of these key errors are not known (Local: "Key attribute should be present in
# the item: Key <k>" and "Key attribute's data type should match its data type in table's schema:
# Key <k>"); the code and that nothing is written are asserted.
@pytest.mark.parametrize("value", [
    pytest.param("{'other': 'x'}", id="hash-key-missing"),
    pytest.param("{'pk': 1, 'other': 'x'}", id="hash-key-wrong-type"),
])
def test_insert_bad_hash_key(ddb, hash_table, value):
    before = ddb.scan(TableName=hash_table, Select="COUNT")["Count"]
    expect_error(lambda: _es(ddb, 'INSERT INTO "%s" VALUE %s' % (hash_table, value)),
                 "ValidationException")
    assert ddb.scan(TableName=hash_table, Select="COUNT")["Count"] == before


@pytest.mark.parametrize("value", [
    pytest.param("{'pk': %s}", id="range-key-missing"),
    pytest.param("{'pk': %s, 'sk': '1'}", id="range-key-wrong-type"),
])
def test_insert_bad_range_key(ddb, num_range_table, value):
    pk = _pk()
    expect_error(lambda: _es(ddb, 'INSERT INTO "%s" VALUE %s' % (num_range_table, value % _q(pk))),
                 "ValidationException")
    assert ddb.query(TableName=num_range_table, KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": {"S": pk}})["Items"] == []


def test_insert_into_range_table(ddb, num_range_table):
    pk = _pk()
    _es(ddb, 'INSERT INTO "%s" VALUE {\'pk\': %s, \'sk\': 10, \'a\': \'x\'}'
        % (num_range_table, _q(pk)))
    _es(ddb, 'INSERT INTO "%s" VALUE {\'pk\': %s, \'sk\': 2}' % (num_range_table, _q(pk)))
    items = ddb.query(TableName=num_range_table, KeyConditionExpression="pk = :p",
                      ExpressionAttributeValues={":p": {"S": pk}}, ConsistentRead=True)["Items"]
    assert items == [{"pk": {"S": pk}, "sk": {"N": "2"}},
                     {"pk": {"S": pk}, "sk": {"N": "10"}, "a": {"S": "x"}}]


# ===========================================================================
# UPDATE
# ===========================================================================

def _rich(pk):
    return {"pk": {"S": pk}, "n": {"N": "5"}, "s": {"S": "x"},
            "l": {"L": [{"N": "1"}, {"N": "2"}]},
            "m": {"M": {"a": {"N": "1"}, "keep": {"S": "k"}}},
            "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2"]}, "gone": {"S": "bye"}}


def _norm(item):
    """Sorts set members so items compare independent of set order."""
    out = {}
    for k, v in item.items():
        if "SS" in v:
            v = {"SS": sorted(v["SS"])}
        elif "NS" in v:
            v = {"NS": sorted(v["NS"], key=float)}
        elif "BS" in v:
            v = {"BS": sorted(v["BS"])}
        out[k] = v
    return out


def test_update_every_operation(ddb, hash_table):
    pk = _pk()
    _seed(ddb, hash_table, _rich(pk))
    resp = _es(ddb, 'UPDATE "%s" SET n = n + 3 SET s = \'y\' SET m.a = 7 SET m.b = \'new\' '
                    'SET l[0] = \'z\' SET ss = set_add(ss, <<\'c\'>>) SET ns = set_delete(ns, <<1>>) '
                    'SET fresh = 10 - 4 REMOVE gone WHERE pk = %s' % (hash_table, _q(pk)))
    assert resp == {"Items": []}
    item = get_consistent(ddb, hash_table, {"pk": {"S": pk}})
    assert _norm(item) == {
        "pk": {"S": pk}, "n": {"N": "8"}, "s": {"S": "y"}, "fresh": {"N": "6"},
        "l": {"L": [{"S": "z"}, {"N": "2"}]},
        "m": {"M": {"a": {"N": "7"}, "keep": {"S": "k"}, "b": {"S": "new"}}},
        "ss": {"SS": ["a", "b", "c"]}, "ns": {"NS": ["2"]},
    }


def test_update_list_append_and_subtraction(ddb, hash_table):
    pk = _pk()
    _seed(ddb, hash_table, _rich(pk))
    _es(ddb, 'UPDATE "%s" SET l = list_append(l, [9, \'ten\']) SET n = n - 7 WHERE pk = %s'
        % (hash_table, _q(pk)))
    item = get_consistent(ddb, hash_table, {"pk": {"S": pk}})
    assert item["l"] == {"L": [{"N": "1"}, {"N": "2"}, {"N": "9"}, {"S": "ten"}]}
    assert item["n"] == {"N": "-2"}


def test_update_remove_nested_and_list_element(ddb, hash_table):
    pk = _pk()
    _seed(ddb, hash_table, {"pk": {"S": pk}, "l": {"L": [{"N": "1"}, {"N": "2"}, {"N": "3"}]},
                            "m": {"M": {"a": {"N": "1"}, "b": {"N": "2"}}}})
    _es(ddb, 'UPDATE "%s" REMOVE l[1] REMOVE m.a WHERE pk = %s' % (hash_table, _q(pk)))
    assert get_consistent(ddb, hash_table, {"pk": {"S": pk}}) == {
        "pk": {"S": pk}, "l": {"L": [{"N": "1"}, {"N": "3"}]}, "m": {"M": {"b": {"N": "2"}}}}


def test_update_comma_separated_set_with_parameters(ddb, hash_table):
    pk = _pk()
    _seed(ddb, hash_table, {"pk": {"S": pk}, "n": {"N": "1"}})
    resp = _es(ddb, 'UPDATE "%s" SET n = ?, m = ? WHERE pk = ? RETURNING ALL NEW *' % hash_table,
               Parameters=[{"N": "5"}, {"M": {"q": {"BOOL": False}}}, {"S": pk}])
    assert resp == {"Items": [{"pk": {"S": pk}, "n": {"N": "5"}, "m": {"M": {"q": {"BOOL": False}}}}]}


def test_update_parameter_count_mismatch(ddb, hash_table):
    """Local's text; moto answers the same words."""
    pk = _pk()
    _seed(ddb, hash_table, {"pk": {"S": pk}, "n": {"N": "1"}})
    expect_error(lambda: _es(ddb, 'UPDATE "%s" SET n = ? WHERE pk = ?' % hash_table,
                             Parameters=[{"N": "5"}]), "ValidationException", PARAM_COUNT)
    assert get_consistent(ddb, hash_table, {"pk": {"S": pk}})["n"] == {"N": "1"}


def test_update_where_condition_true_applies(ddb, hash_table):
    pk = _pk()
    _seed(ddb, hash_table, {"pk": {"S": pk}, "n": {"N": "5"}, "tag": {"S": "a"}})
    _es(ddb, 'UPDATE "%s" SET n = 6 WHERE pk = %s AND n = 5 AND tag IN [\'a\', \'b\']'
        % (hash_table, _q(pk)))
    assert get_consistent(ddb, hash_table, {"pk": {"S": pk}})["n"] == {"N": "6"}


def test_update_where_condition_false_fails(ddb, hash_table):
    pk = _pk()
    old = _seed(ddb, hash_table, {"pk": {"S": pk}, "n": {"N": "5"}})
    resp = expect_error(lambda: _es(ddb, 'UPDATE "%s" SET n = 6 WHERE pk = %s AND n = 99'
                                    % (hash_table, _q(pk))),
                        "ConditionalCheckFailedException", COND_FAILED)
    assert "Item" not in resp
    assert get_consistent(ddb, hash_table, {"pk": {"S": pk}}) == old


def test_update_false_condition_returns_old_item(raw, ddb, hash_table):
    pk = _pk()
    old = _seed(ddb, hash_table, {"pk": {"S": pk}, "n": {"N": "5"}, "s": {"S": "x"}})
    resp = raw("ExecuteStatement", {
        "Statement": 'UPDATE "%s" SET n = 6 WHERE pk = %s AND n = 99' % (hash_table, _q(pk)),
        "ReturnValuesOnConditionCheckFailure": "ALL_OLD"})
    expect_raw_error(resp, "ConditionalCheckFailedException", COND_FAILED)
    assert resp.json()["Item"] == old


def test_update_missing_item_fails_and_creates_nothing(raw, ddb, hash_table):
    """An UPDATE is not an upsert (dynoxide CHANGELOG: 'the target must already exist, matching
    DynamoDB'); with ALL_OLD there is no old item to return."""
    pk = _pk()
    expect_error(lambda: _es(ddb, 'UPDATE "%s" SET n = 1 WHERE pk = %s' % (hash_table, _q(pk))),
                 "ConditionalCheckFailedException", COND_FAILED)
    resp = raw("ExecuteStatement", {
        "Statement": 'UPDATE "%s" SET n = 1 WHERE pk = %s' % (hash_table, _q(pk)),
        "ReturnValuesOnConditionCheckFailure": "ALL_OLD"})
    expect_raw_error(resp, "ConditionalCheckFailedException", COND_FAILED)
    assert "Item" not in resp.json()
    assert get_consistent(ddb, hash_table, {"pk": {"S": pk}}) is None


@pytest.mark.parametrize("attr", ["pk", "sk"])
def test_update_key_attribute_rejected(ddb, range_table, attr):
    """UpdateItem's AWS text (test_update_item.py KEY_MSG), which Local's PartiQL also sends."""
    pk = _pk()
    old = _seed(ddb, range_table, {"pk": {"S": pk}, "sk": {"S": "s"}, "v": {"S": "x"}})
    expect_error(lambda: _es(ddb, 'UPDATE "%s" SET %s = \'other\' WHERE pk = %s AND sk = \'s\''
                             % (range_table, attr, _q(pk))),
                 "ValidationException", KEY_UPDATE % attr)
    assert get_consistent(ddb, range_table, {"pk": {"S": pk}, "sk": {"S": "s"}}) == old


def test_update_arithmetic_on_a_string_rejected(ddb, hash_table):
    """Only the code: the AWS text is not known (Local: 'Incorrect operand type for operator or
    function; operator or function: +, operand type: S')."""
    pk = _pk()
    old = _seed(ddb, hash_table, {"pk": {"S": pk}, "s": {"S": "x"}})
    expect_error(lambda: _es(ddb, 'UPDATE "%s" SET s = s + 1 WHERE pk = %s' % (hash_table, _q(pk))),
                 "ValidationException")
    assert get_consistent(ddb, hash_table, {"pk": {"S": pk}}) == old


# RETURNING: old item {pk, n: 5, s: 'x', keep: 'k'}; SET n = n + 1, s = 'y', added = 1.
RETURNING_CASES = [
    ("ALL OLD", lambda pk: {"pk": {"S": pk}, "n": {"N": "5"}, "s": {"S": "x"}, "keep": {"S": "k"}}),
    ("ALL NEW", lambda pk: {"pk": {"S": pk}, "n": {"N": "6"}, "s": {"S": "y"}, "keep": {"S": "k"},
                            "added": {"N": "1"}}),
    ("MODIFIED OLD", lambda pk: {"n": {"N": "5"}, "s": {"S": "x"}}),
    ("MODIFIED NEW", lambda pk: {"n": {"N": "6"}, "s": {"S": "y"}, "added": {"N": "1"}}),
]


@pytest.mark.parametrize("returning,expected", RETURNING_CASES, ids=[c[0] for c in RETURNING_CASES])
def test_update_returning(ddb, hash_table, returning, expected):
    pk = _pk()
    _seed(ddb, hash_table, {"pk": {"S": pk}, "n": {"N": "5"}, "s": {"S": "x"}, "keep": {"S": "k"}})
    resp = _es(ddb, 'UPDATE "%s" SET n = n + 1 SET s = \'y\' SET added = 1 WHERE pk = %s RETURNING %s *'
               % (hash_table, _q(pk), returning))
    assert resp == {"Items": [expected(pk)]}
    assert get_consistent(ddb, hash_table, {"pk": {"S": pk}})["n"] == {"N": "6"}


SRC_CONF2 = ("nubo-db/dynamodb-conformance tests/tier2/partiql/executeStatement.test.ts (characterised "
             "against AWS eu-west-2), as catalogued in the PartiQL facts (RETURNING section)")


@pytest.mark.local_differs("Local returns the whole top-level attribute; AWS only the changed leaf or "
                           "list elements, packed in index order -- " + SRC_CONF2)
@pytest.mark.parametrize("returning,expected", [
    ("MODIFIED OLD", {"m": {"M": {"a": {"N": "1"}}}, "l": {"L": [{"S": "a"}, {"S": "c"}]}}),
    ("MODIFIED NEW", {"m": {"M": {"a": {"N": "8"}}}, "l": {"L": [{"S": "x"}, {"S": "y"}]}}),
])
def test_update_returning_modified_nested_paths(ddb, hash_table, returning, expected):
    pk = _pk()
    _seed(ddb, hash_table, {"pk": {"S": pk}, "m": {"M": {"a": {"N": "1"}, "keep": {"S": "k"}}},
                            "l": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}]}})
    resp = _es(ddb, 'UPDATE "%s" SET m.a = 8 SET l[2] = \'y\' SET l[0] = \'x\' WHERE pk = %s '
                    'RETURNING %s *' % (hash_table, _q(pk), returning))
    assert resp == {"Items": [expected]}


def test_update_returning_modified_with_nothing_modified_is_empty(ddb, hash_table):
    """REMOVE of an absent attribute modifies nothing: no row, not an empty one (dynoxide
    CHANGELOG: 'an empty Items array when nothing was projected')."""
    pk = _pk()
    _seed(ddb, hash_table, {"pk": {"S": pk}, "n": {"N": "5"}})
    assert _es(ddb, 'UPDATE "%s" REMOVE absent WHERE pk = %s RETURNING MODIFIED OLD *'
               % (hash_table, _q(pk))) == {"Items": []}


# ===========================================================================
# DELETE
# ===========================================================================

def test_delete_existing_item(ddb, range_table):
    pk = _pk()
    _seed(ddb, range_table, {"pk": {"S": pk}, "sk": {"S": "a"}, "v": {"N": "1"}})
    _seed(ddb, range_table, {"pk": {"S": pk}, "sk": {"S": "b"}})
    assert _es(ddb, 'DELETE FROM "%s" WHERE pk = %s AND sk = \'a\'' % (range_table, _q(pk))) == {"Items": []}
    assert get_consistent(ddb, range_table, {"pk": {"S": pk}, "sk": {"S": "a"}}) is None
    assert get_consistent(ddb, range_table, {"pk": {"S": pk}, "sk": {"S": "b"}}) is not None


def test_delete_returning_all_old(ddb, hash_table):
    pk = _pk()
    old = _seed(ddb, hash_table, {"pk": {"S": pk}, "v": {"L": [{"S": "x"}]}})
    assert _es(ddb, 'DELETE FROM "%s" WHERE pk = %s RETURNING ALL OLD *'
               % (hash_table, _q(pk))) == {"Items": [old]}
    assert get_consistent(ddb, hash_table, {"pk": {"S": pk}}) is None


def test_delete_missing_item_is_not_an_error(ddb, hash_table):
    pk = _pk()
    assert _es(ddb, 'DELETE FROM "%s" WHERE pk = %s' % (hash_table, _q(pk))) == {"Items": []}
    assert _es(ddb, 'DELETE FROM "%s" WHERE pk = %s RETURNING ALL OLD *'
               % (hash_table, _q(pk))) == {"Items": []}


def test_delete_where_condition(ddb, raw, hash_table):
    pk = _pk()
    old = _seed(ddb, hash_table, {"pk": {"S": pk}, "n": {"N": "5"}})
    expect_error(lambda: _es(ddb, 'DELETE FROM "%s" WHERE pk = %s AND n = 6' % (hash_table, _q(pk))),
                 "ConditionalCheckFailedException", COND_FAILED)
    resp = raw("ExecuteStatement", {
        "Statement": 'DELETE FROM "%s" WHERE pk = %s AND n = 6' % (hash_table, _q(pk)),
        "ReturnValuesOnConditionCheckFailure": "ALL_OLD"})
    expect_raw_error(resp, "ConditionalCheckFailedException", COND_FAILED)
    assert resp.json()["Item"] == old
    assert get_consistent(ddb, hash_table, {"pk": {"S": pk}}) == old
    _es(ddb, 'DELETE FROM "%s" WHERE pk = %s AND n = 5' % (hash_table, _q(pk)))
    assert get_consistent(ddb, hash_table, {"pk": {"S": pk}}) is None


@pytest.mark.parametrize("returning", ["ALL NEW", "MODIFIED OLD", "MODIFIED NEW"])
def test_delete_other_returning_rejected(ddb, hash_table, returning):
    """Text per dynoxide (its tests pin DynamoDB's words) and Local alike."""
    pk = _pk()
    old = _seed(ddb, hash_table, {"pk": {"S": pk}})
    expect_error(lambda: _es(ddb, 'DELETE FROM "%s" WHERE pk = %s RETURNING %s *'
                             % (hash_table, _q(pk), returning)),
                 "ValidationException", DELETE_RETURNING % returning)
    assert get_consistent(ddb, hash_table, {"pk": {"S": pk}}) == old


# ===========================================================================
# A WHERE clause that does not name the whole key
# ===========================================================================

NOT_FULL_KEY_CASES = [
    pytest.param("hash", 'UPDATE "{t}" SET v = 1 WHERE v = 0', id="update-no-key"),
    pytest.param("hash", 'DELETE FROM "{t}" WHERE v = 0', id="delete-no-key"),
    pytest.param("range", 'UPDATE "{t}" SET v = 1 WHERE pk = {pk}', id="update-hash-only"),
    pytest.param("range", 'DELETE FROM "{t}" WHERE pk = {pk}', id="delete-hash-only"),
    pytest.param("range", 'DELETE FROM "{t}" WHERE pk = {pk} AND sk > \'a\'', id="delete-range-not-equal"),
]


@pytest.mark.parametrize("kind,stmt", NOT_FULL_KEY_CASES)
def test_write_where_without_full_key(ddb, hash_table, range_table, kind, stmt):
    """dynoxide executor.rs ('that is the message AWS gives for it'); dynamodb-conformance
    'rejects a write WHERE clause that omits the primary key' (AWS eu-west-2)."""
    pk = _pk()
    table = hash_table if kind == "hash" else range_table
    item = {"pk": {"S": pk}, "v": {"N": "0"}}
    if kind == "range":
        item["sk"] = {"S": "s"}
    _seed(ddb, table, item)
    expect_error(lambda: _es(ddb, stmt.format(t=table, pk=_q(pk))), "ValidationException",
                 NOT_FULL_KEY)
    assert get_consistent(ddb, table, {k: item[k] for k in item if k in ("pk", "sk")}) == item


# ===========================================================================
# ReturnConsumedCapacity
# ===========================================================================

@pytest.mark.local_differs("Local returns no ConsumedCapacity from ExecuteStatement; AWS charges "
                           "the equivalent single-item write -- " + SRC_DX_CC)
def test_write_consumed_capacity(ddb, hash_table):
    pk = _pk()
    stmts = ['INSERT INTO "%s" VALUE {\'pk\': %s, \'v\': 1}' % (hash_table, _q(pk)),
             'UPDATE "%s" SET v = 2 WHERE pk = %s' % (hash_table, _q(pk)),
             'DELETE FROM "%s" WHERE pk = %s' % (hash_table, _q(pk))]
    for stmt in stmts:
        cc = _es(ddb, stmt, ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]
        assert cc["TableName"] == hash_table and cc["CapacityUnits"] == 1.0, (stmt, cc)


def test_write_without_return_consumed_capacity_has_none(ddb, hash_table):
    pk = _pk()
    for mode in (None, "NONE"):
        kw = {"ReturnConsumedCapacity": mode} if mode else {}
        resp = _es(ddb, 'INSERT INTO "%s" VALUE {\'pk\': %s}' % (hash_table, _q(pk + str(mode))), **kw)
        assert "ConsumedCapacity" not in resp


# ===========================================================================
# Index maintenance
# ===========================================================================

def _by_g(ddb, table, g):
    return ddb.query(TableName=table, IndexName="by_g", KeyConditionExpression="g = :g",
                     ExpressionAttributeValues={":g": {"S": g}})["Items"]


def _index_shows(ddb, table, g, expected):
    got = eventually(lambda: _by_g(ddb, table, g), lambda items: items == expected)
    assert got == expected


def test_gsi_follows_partiql_writes(ddb, gsi_table):
    pk, g1, g2 = _pk(), rand_key("g"), rand_key("g")
    _es(ddb, 'INSERT INTO "%s" VALUE {\'pk\': %s, \'g\': %s, \'v\': 1}' % (gsi_table, _q(pk), _q(g1)))
    _index_shows(ddb, gsi_table, g1, [{"pk": {"S": pk}, "g": {"S": g1}, "v": {"N": "1"}}])
    _es(ddb, 'UPDATE "%s" SET v = 2 WHERE pk = %s' % (gsi_table, _q(pk)))
    _index_shows(ddb, gsi_table, g1, [{"pk": {"S": pk}, "g": {"S": g1}, "v": {"N": "2"}}])
    _es(ddb, 'UPDATE "%s" SET g = %s WHERE pk = %s' % (gsi_table, _q(g2), _q(pk)))
    _index_shows(ddb, gsi_table, g2, [{"pk": {"S": pk}, "g": {"S": g2}, "v": {"N": "2"}}])
    _index_shows(ddb, gsi_table, g1, [])
    _es(ddb, 'UPDATE "%s" REMOVE g WHERE pk = %s' % (gsi_table, _q(pk)))
    _index_shows(ddb, gsi_table, g2, [])
    _es(ddb, 'UPDATE "%s" SET g = %s WHERE pk = %s' % (gsi_table, _q(g1), _q(pk)))
    _index_shows(ddb, gsi_table, g1, [{"pk": {"S": pk}, "g": {"S": g1}, "v": {"N": "2"}}])
    _es(ddb, 'DELETE FROM "%s" WHERE pk = %s' % (gsi_table, _q(pk)))
    _index_shows(ddb, gsi_table, g1, [])


def test_gsi_unchanged_by_failed_partiql_writes(ddb, gsi_table):
    pk, g = _pk(), rand_key("g")
    _es(ddb, 'INSERT INTO "%s" VALUE {\'pk\': %s, \'g\': %s, \'v\': 1}' % (gsi_table, _q(pk), _q(g)))
    entry = [{"pk": {"S": pk}, "g": {"S": g}, "v": {"N": "1"}}]
    _index_shows(ddb, gsi_table, g, entry)
    with pytest.raises(ClientError):
        _es(ddb, 'UPDATE "%s" SET g = \'elsewhere\' WHERE pk = %s AND v = 99' % (gsi_table, _q(pk)))
    with pytest.raises(ClientError):
        _es(ddb, 'INSERT INTO "%s" VALUE {\'pk\': %s, \'g\': \'elsewhere\'}' % (gsi_table, _q(pk)))
    assert _by_g(ddb, gsi_table, g) == entry


# ===========================================================================
# Stream records
# ===========================================================================

def _simplified(records):
    out = {}
    for r in sorted(records, key=lambda r: int(r["dynamodb"]["SequenceNumber"])):
        d = r["dynamodb"]
        rec = {"eventName": r["eventName"], "Keys": d["Keys"]}
        for image in ("OldImage", "NewImage"):
            if image in d:
                rec[image] = d[image]
        out.setdefault(d["Keys"]["pk"]["S"], []).append(rec)
    return out


def test_stream_records_of_partiql_writes(ddb, streams, table_factory):
    name, resp = table_factory("pqst", StreamSpecification={"StreamEnabled": True,
                                                            "StreamViewType": "NEW_AND_OLD_IMAGES"})
    arn = resp["TableDescription"]["LatestStreamArn"]
    a, b = "a" + _pk(), "b" + _pk()
    _es(ddb, 'INSERT INTO "%s" VALUE {\'pk\': %s, \'v\': 1}' % (name, _q(a)))
    _es(ddb, 'UPDATE "%s" SET v = 2 SET w = \'x\' WHERE pk = %s' % (name, _q(a)))
    _es(ddb, 'UPDATE "%s" SET v = 2 WHERE pk = %s' % (name, _q(a)))          # changes nothing
    with pytest.raises(ClientError):
        _es(ddb, 'UPDATE "%s" SET v = 3 WHERE pk = %s AND v = 99' % (name, _q(a)))  # condition fails
    with pytest.raises(ClientError):
        _es(ddb, 'INSERT INTO "%s" VALUE {\'pk\': %s}' % (name, _q(a)))         # duplicate
    _es(ddb, 'DELETE FROM "%s" WHERE pk = %s' % (name, _q(a)))
    _es(ddb, 'DELETE FROM "%s" WHERE pk = %s' % (name, _q(a)))                 # already gone
    _es(ddb, 'INSERT INTO "%s" VALUE {\'pk\': %s, \'l\': [1]}' % (name, _q(b)))
    ka, kb = {"pk": {"S": a}}, {"pk": {"S": b}}
    expected = {
        a: [{"eventName": "INSERT", "Keys": ka, "NewImage": {"pk": {"S": a}, "v": {"N": "1"}}},
            {"eventName": "MODIFY", "Keys": ka, "OldImage": {"pk": {"S": a}, "v": {"N": "1"}},
             "NewImage": {"pk": {"S": a}, "v": {"N": "2"}, "w": {"S": "x"}}},
            {"eventName": "REMOVE", "Keys": ka,
             "OldImage": {"pk": {"S": a}, "v": {"N": "2"}, "w": {"S": "x"}}}],
        b: [{"eventName": "INSERT", "Keys": kb, "NewImage": {"pk": {"S": b}, "l": {"L": [{"N": "1"}]}}}],
    }
    records = eventually(lambda: read_stream(streams, arn), lambda r: len(r) >= 4,
                         timeout=RECORD_WAIT, interval=0.5)
    assert _simplified(records) == expected


# ===========================================================================
# The AWS CLI
# ===========================================================================

def test_cli_execute_statement_batch_and_transaction(aws_cli, ddb, table_factory):
    name, _ = table_factory("pqcli")
    ins = aws_cli("dynamodb", "execute-statement", "--statement",
                  "INSERT INTO \"%s\" VALUE {'pk': 'a', 'n': 1, 'ss': <<'x', 'y'>>}" % name)
    assert ins.returncode == 0, ins.stderr
    assert json.loads(ins.stdout) == {"Items": []}
    upd = aws_cli("dynamodb", "execute-statement", "--statement",
                  "UPDATE \"%s\" SET n = n + ? WHERE pk = ? RETURNING MODIFIED NEW *" % name,
                  "--parameters", json.dumps([{"N": "4"}, {"S": "a"}]))
    assert upd.returncode == 0, upd.stderr
    assert json.loads(upd.stdout) == {"Items": [{"n": {"N": "5"}}]}
    dup = aws_cli("dynamodb", "execute-statement", "--statement",
                  "INSERT INTO \"%s\" VALUE {'pk': 'a'}" % name)
    assert dup.returncode != 0
    assert "ExecuteStatement" in dup.stderr and "Duplicate primary key exists in table" in dup.stderr

    batch = aws_cli("dynamodb", "batch-execute-statement", "--cli-input-json", json.dumps({
        "Statements": [{"Statement": "INSERT INTO \"%s\" VALUE {'pk': 'b'}" % name},
                       {"Statement": "INSERT INTO \"%s\" VALUE {'pk': 'a'}" % name},
                       {"Statement": "DELETE FROM \"%s\" WHERE pk = ?" % name,
                        "Parameters": [{"S": "zz"}]}]}))
    assert batch.returncode == 0, batch.stderr
    assert json.loads(batch.stdout)["Responses"] == [
        {"TableName": name},
        {"TableName": name, "Error": {"Code": "DuplicateItem", "Message": "Duplicate primary key exists in table"}},
        {"TableName": name}]

    tx = aws_cli("dynamodb", "execute-transaction", "--transact-statements",
                 "Statement=\"UPDATE \\\"%s\\\" SET n = 7 WHERE pk = 'a'\"" % name,
                 "Statement=\"DELETE FROM \\\"%s\\\" WHERE pk = 'b'\"" % name)
    assert tx.returncode == 0, tx.stderr
    assert get_consistent(ddb, name, {"pk": {"S": "a"}})["n"] == {"N": "7"}
    assert get_consistent(ddb, name, {"pk": {"S": "b"}}) is None
    reads = aws_cli("dynamodb", "execute-transaction", "--cli-input-json", json.dumps({
        "TransactStatements": [{"Statement": "SELECT pk, n FROM \"%s\" WHERE pk = 'a'" % name},
                               {"Statement": "SELECT * FROM \"%s\" WHERE pk = 'b'" % name}]}))
    assert reads.returncode == 0, reads.stderr
    assert json.loads(reads.stdout)["Responses"] == [
        {"Item": {"pk": {"S": "a"}, "n": {"N": "7"}}}, {}]
    refused = aws_cli("dynamodb", "execute-transaction", "--cli-input-json", json.dumps({
        "TransactStatements": [{"Statement": "UPDATE \"%s\" SET n = 8 WHERE pk = 'a' AND n = 0" % name},
                               {"Statement": "INSERT INTO \"%s\" VALUE {'pk': 'c'}" % name}]}))
    assert refused.returncode != 0
    assert "TransactionCanceledException" in refused.stderr
    assert "[ConditionalCheckFailed, None]" in refused.stderr
    assert get_consistent(ddb, name, {"pk": {"S": "c"}}) is None


@pytest.mark.parametrize("value,message", [
    # DynamoDB Local 1.25.1's texts (no capture of AWS's answer; DynamoDB's PartiQL reference says
    # Ion literals are not supported)
    ("{'pk': 'k', 'a': `1`}", "Ion Literals are not supported: INT under key root at 1:%d:3"),
    ("{'pk': 'k', \"a\": 1}", "Tuple keys must be of type String. Actual type: VariableReference under root at 1:%d:3"),
])
def test_insert_value_literal_errors(ddb, hash_table, value, message):
    stmt = 'INSERT INTO "%s" VALUE %s' % (hash_table, value)
    column = stmt.index("`1`" if "`" in value else '"a"') + 1
    expect_error(lambda: ddb.execute_statement(Statement=stmt), "ValidationException", message % column)


def test_insert_keeps_backslashes(ddb, hash_table):
    """Single-quoted strings take '' for a quote and nothing else: a backslash is itself (DynamoDB
    Local 1.25.1 alike)."""
    pk = _pk()
    ddb.execute_statement(Statement="INSERT INTO \"%s\" VALUE {'pk': %s, 'a': 'tab\\there', 'b': 'it''s'}"
                          % (hash_table, _q(pk)))
    item = get_consistent(ddb, hash_table, {"pk": {"S": pk}})
    assert item["a"] == {"S": "tab\\there"}
    assert item["b"] == {"S": "it's"}
