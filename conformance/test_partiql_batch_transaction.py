"""BatchExecuteStatement and ExecuteTransaction.

BatchExecuteStatement: 1..25 statements, all reads or all writes, one item at most once,
per-statement results (TableName, Item, Error.Code/Message) and partial success,
ReturnConsumedCapacity, per-statement ReturnValuesOnConditionCheckFailure.
ExecuteTransaction: 1..100 statements, all reads or all writes (EXISTS condition checks beside
writes), one item at most once, TransactionCanceledException with CancellationReasons in request
order ("None" for statements that did not fail), nothing applied on cancellation, RETURNING
refused, reads answering Responses [{Item}], ClientRequestToken idempotency, ReturnConsumedCapacity.

Sources:
  LS_SNAP  localstack tests/aws/services/dynamodb/test_dynamodb.snapshot.json (recorded on AWS
           2025-10-08): a write transaction answers Responses == []; a write batch answers
           [{TableName}, ...]
  DX       nubo-db/dynoxide src/actions/batch_execute_statement.rs, execute_transaction.rs and
           CHANGELOG.md; the texts marked "Captured against eu-west-2" there are AWS's
  DX_CC    nubo-db/dynoxide tests/partiql_index_consumed_capacity.rs (AWS eu-west-2 2026-08-13)
  DOC_*    AWS API reference BatchStatementError (codes incl. DuplicateItem), ExecuteTransaction
           (1..100 statements), developer guide ql-functions.exists ("full primary key and one
           other condition"), ql-reference.multiplestatements.transactions
  DERIVED  the request-validation text follows the Coral format the other list limits use
           (docs/validation-messages.md section 4; test_transactions.py TOO_MANY_RE)

boto3 1.26's model has no ReturnValuesOnConditionCheckFailure on a statement; those requests and
those needing no ClientRequestToken (boto3 fills one in) go through `raw`.
"""

import re
import uuid

import pytest

from helpers import expect_error, get_consistent, rand_key

SRC_LS_SNAP = "localstack tests/aws/services/dynamodb/test_dynamodb.snapshot.json (recorded on AWS)"
SRC_DX = "nubo-db/dynoxide src/actions/batch_execute_statement.rs (captured eu-west-2 2026-08-15)"
SRC_DX_CC = "nubo-db/dynoxide tests/partiql_index_consumed_capacity.rs (AWS eu-west-2 2026-08-13)"
DERIVED = ("DERIVED from the Coral list-length format (docs/validation-messages.md section 4) and "
           "the botocore model (PartiQLBatchRequest max 25, ParameterizedStatements max 100)")

COND_FAILED = "The conditional request failed"
DUPLICATE = "Duplicate primary key exists in table"
BATCH_MIXED = "Read and write requests together in the same batch is not supported."
BATCH_DUP_KEYS = "Provided list of item keys contains duplicates"
BATCH_UNKEYED_SELECT = ("Select statements within BatchExecuteStatement must specify the primary key "
                        "in the where clause.")
TX_MIXED = ("ExecuteTransaction API does not support both read and write operations in the same "
            "request.")
TX_MULTIPLE = "Transaction request cannot include multiple operations on one item"
TX_RETURNING = ("Validation failed in TransactStatements[%d]: RETURNING clause is not supported in "
                "ExecuteTransaction.")
CANCELLED = "Transaction cancelled, please refer cancellation reasons for specific reasons [%s]"
IDEMPOTENT_MISMATCH = ("Specified idempotent token was used with different request parameters "
                       "within the idempotency window")
BATCH_TOO_MANY_RE = (r"^1 validation error detected: Value '\[.+\]' at 'statements' failed to satisfy "
                     r"constraint: Member must have length less than or equal to 25$")
TX_TOO_MANY_RE = (r"^1 validation error detected: Value '\[.+\]' at 'transactStatements' failed to "
                  r"satisfy constraint: Member must have length less than or equal to 100$")


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

def _q(value):
    return "'" + value.replace("'", "''") + "'"


def _pk():
    return rand_key("pqb")


def _stmts(statements):
    return [s if isinstance(s, dict) else {"Statement": s} for s in statements]


def _batch(ddb, statements, **kw):
    resp = ddb.batch_execute_statement(Statements=_stmts(statements), **kw)
    resp.pop("ResponseMetadata", None)
    return resp


def _tx(ddb, statements, **kw):
    resp = ddb.execute_transaction(TransactStatements=_stmts(statements), **kw)
    resp.pop("ResponseMetadata", None)
    return resp


def _ins(table, pk, extra=""):
    return 'INSERT INTO "%s" VALUE {\'pk\': %s%s}' % (table, _q(pk), extra)


def _sel(table, pk, what="*"):
    return 'SELECT %s FROM "%s" WHERE pk = %s' % (what, table, _q(pk))


def _seed(ddb, table, pk, **attrs):
    item = {"pk": {"S": pk}}
    item.update(attrs)
    ddb.put_item(TableName=table, Item=item)
    return item


def _cancelled(fn, codes):
    """fn() must raise TransactionCanceledException with exactly these reason codes in request
    order, and the message built from them; returns the reasons."""
    resp = expect_error(fn, "TransactionCanceledException", CANCELLED % ", ".join(codes))
    reasons = resp["CancellationReasons"]
    assert [r["Code"] for r in reasons] == list(codes), resp
    return reasons


# ===========================================================================
# BatchExecuteStatement
# ===========================================================================

def test_batch_writes_answer_table_names(ddb, hash_table):
    a, b, c = _pk(), _pk(), _pk()
    _seed(ddb, hash_table, b, n={"N": "1"})
    _seed(ddb, hash_table, c)
    resp = _batch(ddb, [_ins(hash_table, a, ", 'v': 'new'"),
                        'UPDATE "%s" SET n = n + 1 WHERE pk = %s' % (hash_table, _q(b)),
                        'DELETE FROM "%s" WHERE pk = %s' % (hash_table, _q(c))])
    assert resp == {"Responses": [{"TableName": hash_table}] * 3}  # LS_SNAP
    assert get_consistent(ddb, hash_table, {"pk": {"S": a}}) == {"pk": {"S": a}, "v": {"S": "new"}}
    assert get_consistent(ddb, hash_table, {"pk": {"S": b}}) == {"pk": {"S": b}, "n": {"N": "2"}}
    assert get_consistent(ddb, hash_table, {"pk": {"S": c}}) is None


def test_batch_reads_answer_items_in_order(ddb, hash_table, range_table):
    a, b, missing = _pk(), _pk(), _pk()
    ia = _seed(ddb, hash_table, a, v={"L": [{"S": "x"}]})
    _seed(ddb, hash_table, b, n={"N": "3"}, o={"S": "skip"})
    ddb.put_item(TableName=range_table, Item={"pk": {"S": a}, "sk": {"S": "s"}, "w": {"BOOL": True}})
    resp = _batch(ddb, [_sel(hash_table, a), _sel(hash_table, missing), _sel(hash_table, b, "n"),
                        {"Statement": 'SELECT * FROM "%s" WHERE pk = ? AND sk = ?' % range_table,
                         "Parameters": [{"S": a}, {"S": "s"}]}])
    assert resp == {"Responses": [
        {"TableName": hash_table, "Item": ia},
        {"TableName": hash_table},
        {"TableName": hash_table, "Item": {"n": {"N": "3"}}},
        {"TableName": range_table, "Item": {"pk": {"S": a}, "sk": {"S": "s"}, "w": {"BOOL": True}}},
    ]}


def test_batch_of_25_statements(ddb, hash_table):
    pks = [_pk() for _ in range(25)]
    resp = _batch(ddb, [_ins(hash_table, pk) for pk in pks])
    assert resp["Responses"] == [{"TableName": hash_table}] * 25
    resp = _batch(ddb, [_sel(hash_table, pk) for pk in pks])
    assert [r["Item"] for r in resp["Responses"]] == [{"pk": {"S": pk}} for pk in pks]


@pytest.mark.parametrize("kind", ["reads", "writes"])
def test_batch_of_26_statements_code(ddb, hash_table, kind):
    pks = [_pk() for _ in range(26)]
    make = _sel if kind == "reads" else _ins
    expect_error(lambda: _batch(ddb, [make(hash_table, pk) for pk in pks]), "ValidationException")
    assert get_consistent(ddb, hash_table, {"pk": {"S": pks[0]}}) is None


@pytest.mark.local_differs("Local: 'BatchGetItem cannot fetch more than 25 items' / 'BatchWriteItem "
                           "cannot write more than 25 items' -- " + DERIVED)
@pytest.mark.parametrize("kind", ["reads", "writes"])
def test_batch_of_26_statements_message(ddb, hash_table, kind):
    make = _sel if kind == "reads" else _ins
    resp = expect_error(lambda: _batch(ddb, [make(hash_table, _pk()) for _ in range(26)]),
                        "ValidationException")
    assert re.match(BATCH_TOO_MANY_RE, resp["Error"]["Message"], re.S), resp


def test_batch_empty_rejected(ddb):
    """Only the code (Local: 'The statement was empty.'; AWS presumably the Coral 'Member must
    have length greater than or equal to 1' text, unconfirmed)."""
    expect_error(lambda: _batch(ddb, []), "ValidationException")


def test_batch_mixing_reads_and_writes_rejected(ddb, hash_table):
    """Rejected as a whole before any statement runs -- dynoxide CHANGELOG (captured eu-west-2)."""
    a, b = _pk(), _pk()
    _seed(ddb, hash_table, a)
    expect_error(lambda: _batch(ddb, [_sel(hash_table, a), _ins(hash_table, b)]),
                 "ValidationException", BATCH_MIXED)
    assert get_consistent(ddb, hash_table, {"pk": {"S": b}}) is None


LOCAL_DUP_APPLIES = ("Local may run the write statements before rejecting the batch (and sometimes "
                     "accepts it) -- dynoxide CHANGELOG ('rejected up front ... before any statement "
                     "runs. Captured against eu-west-2')")


@pytest.mark.parametrize("kind", [
    pytest.param("writes-same-attribute", marks=pytest.mark.local_differs(LOCAL_DUP_APPLIES)),
    pytest.param("writes-other-attributes", marks=pytest.mark.local_differs(LOCAL_DUP_APPLIES)),
    "reads",
])
def test_batch_same_item_twice_rejected(ddb, hash_table, kind):
    """Reads included -- dynoxide CHANGELOG (captured eu-west-2)."""
    a = _pk()
    _seed(ddb, hash_table, a, n={"N": "1"})
    if kind == "writes-same-attribute":
        stmts = ['UPDATE "%s" SET n = 5 WHERE pk = %s' % (hash_table, _q(a)),
                 'UPDATE "%s" SET n = 6 WHERE pk = %s' % (hash_table, _q(a))]
    elif kind == "writes-other-attributes":
        stmts = ['UPDATE "%s" SET n = 5 WHERE pk = %s' % (hash_table, _q(a)),
                 'UPDATE "%s" SET m = 6 WHERE pk = %s' % (hash_table, _q(a))]
    else:
        stmts = [_sel(hash_table, a), _sel(hash_table, a, "n")]
    expect_error(lambda: _batch(ddb, stmts), "ValidationException", BATCH_DUP_KEYS)
    assert get_consistent(ddb, hash_table, {"pk": {"S": a}}) == {"pk": {"S": a}, "n": {"N": "1"}}


def test_batch_per_statement_errors_and_partial_success(ddb, hash_table):
    """Each failing statement reports its own Error while the others are applied. A statement
    that ran and failed echoes its table; one rejected before running does not (dynoxide, captured
    eu-west-2). DuplicateItem is a documented BatchStatementError code."""
    dup, cond, ok, missing = _pk(), _pk(), _pk(), _pk()
    _seed(ddb, hash_table, dup, v={"S": "old"})
    _seed(ddb, hash_table, cond, n={"N": "1"})
    resp = _batch(ddb, [
        _ins(hash_table, dup, ", 'v': 'new'"),
        'UPDATE "%s" SET n = 5 WHERE pk = %s AND n = 99' % (hash_table, _q(cond)),
        _ins(hash_table, ok),
        'UPDATE "%s" SET n = 7 WHERE pk = %s' % (hash_table, _q(missing)),
    ])
    assert resp == {"Responses": [
        {"TableName": hash_table, "Error": {"Code": "DuplicateItem", "Message": DUPLICATE}},
        {"TableName": hash_table, "Error": {"Code": "ConditionalCheckFailed", "Message": COND_FAILED}},
        {"TableName": hash_table},
        {"TableName": hash_table, "Error": {"Code": "ConditionalCheckFailed", "Message": COND_FAILED}},
    ]}
    assert get_consistent(ddb, hash_table, {"pk": {"S": dup}})["v"] == {"S": "old"}
    assert get_consistent(ddb, hash_table, {"pk": {"S": cond}})["n"] == {"N": "1"}
    assert get_consistent(ddb, hash_table, {"pk": {"S": ok}}) == {"pk": {"S": ok}}
    assert get_consistent(ddb, hash_table, {"pk": {"S": missing}}) is None


def test_batch_write_without_full_key_is_a_per_statement_error(ddb, hash_table):
    """Only the code: whether AWS sends ExecuteStatement's 'Where clause does not contain a
    mandatory equality on all key attributes' here (Local does) or the key-schema text it sends
    inside a transaction is not known."""
    ok, other = _pk(), _pk()
    _seed(ddb, hash_table, other, n={"N": "1"})
    resp = _batch(ddb, [_ins(hash_table, ok), 'UPDATE "%s" SET n = 5 WHERE n = 1' % hash_table])
    assert resp["Responses"][0] == {"TableName": hash_table}
    assert resp["Responses"][1]["Error"]["Code"] == "ValidationError", resp
    assert get_consistent(ddb, hash_table, {"pk": {"S": other}})["n"] == {"N": "1"}
    assert get_consistent(ddb, hash_table, {"pk": {"S": ok}}) == {"pk": {"S": ok}}


def test_batch_malformed_statement_is_a_per_statement_error(ddb, hash_table):
    """A statement that does not parse fails alone with ValidationError (dynoxide CHANGELOG: the
    short-form code and the "Statement wasn't well formed" wording match DynamoDB)."""
    ok = _pk()
    resp = _batch(ddb, [_ins(hash_table, ok), "INSERT INTO WHERE nonsense"])
    first, second = resp["Responses"]
    assert first == {"TableName": hash_table}
    assert second["Error"]["Code"] == "ValidationError", resp
    assert second["Error"]["Message"].startswith("Statement wasn't well formed, can't be processed"), resp
    assert "TableName" not in second
    assert get_consistent(ddb, hash_table, {"pk": {"S": ok}}) == {"pk": {"S": ok}}


def test_batch_missing_table_is_a_per_statement_error(ddb, hash_table):
    """Only the code: the message differs (Local: 'Cannot do operations on a non-existent table';
    moto: 'Requested resource not found')."""
    ok = _pk()
    resp = _batch(ddb, [_ins(hash_table, ok), _ins("ddbconf_no_such_" + uuid.uuid4().hex[:8], ok)])
    assert resp["Responses"][0] == {"TableName": hash_table}
    assert resp["Responses"][1]["Error"]["Code"] == "ResourceNotFound", resp
    assert get_consistent(ddb, hash_table, {"pk": {"S": ok}}) == {"pk": {"S": ok}}


@pytest.mark.local_differs("Local: 'Only single item select is supported' -- " + SRC_DX
                           + "; getmoto/moto test_dynamodb_statements.py "
                           "test_without_primary_key_in_where_clause")
def test_batch_select_without_key_is_a_per_statement_error(ddb, hash_table):
    a = _pk()
    ia = _seed(ddb, hash_table, a, n={"N": "1"})
    resp = _batch(ddb, [_sel(hash_table, a), 'SELECT * FROM "%s" WHERE n = 1' % hash_table])
    assert resp["Responses"][0] == {"TableName": hash_table, "Item": ia}
    err = resp["Responses"][1]["Error"]
    assert err == {"Code": "ValidationError", "Message": BATCH_UNKEYED_SELECT}, resp


@pytest.mark.parametrize("statement", ['SELECT * FROM "{t}" WHERE pk = ?',
                                       'UPDATE "{t}" SET n = 1 WHERE pk = ?',
                                       'INSERT INTO "{t}" VALUE {{\'pk\': ?}}'])
def test_batch_statement_missing_its_parameter(ddb, hash_table, statement):
    """A statement whose `?` has no parameter fails on its own (the count text is DynamoDB Local's
    and moto's); its neighbour still runs."""
    a = _pk()
    resp = _batch(ddb, [statement.format(t=hash_table), _sel(hash_table, a) if statement.startswith("SELECT")
                        else _ins(hash_table, a)])
    assert resp["Responses"][0]["Error"]["Code"] == "ValidationError", resp
    assert resp["Responses"][0]["Error"]["Message"] == "Number of parameters in request and statement don't match."
    assert "Error" not in resp["Responses"][1], resp


def test_batch_returning_gives_item(ddb, hash_table):
    a, b = _pk(), _pk()
    _seed(ddb, hash_table, a, n={"N": "1"})
    ib = _seed(ddb, hash_table, b, s={"S": "x"})
    resp = _batch(ddb, ['UPDATE "%s" SET n = n + 1 WHERE pk = %s RETURNING ALL NEW *' % (hash_table, _q(a)),
                        'DELETE FROM "%s" WHERE pk = %s RETURNING ALL OLD *' % (hash_table, _q(b))])
    assert resp == {"Responses": [
        {"TableName": hash_table, "Item": {"pk": {"S": a}, "n": {"N": "2"}}},
        {"TableName": hash_table, "Item": ib}]}


def test_batch_return_values_on_condition_check_failure_accepted(raw, ddb, hash_table):
    """Per statement. The API reference says Error.Item is set for ALL_OLD, but AWS sends none in a
    batch (dynoxide tests/batch_statement_member_fields.rs B7-B9, measured on AWS); Local agrees."""
    a = _pk()
    _seed(ddb, hash_table, a, n={"N": "1"})
    resp = raw("BatchExecuteStatement", {"Statements": [
        {"Statement": 'UPDATE "%s" SET n = 5 WHERE pk = %s AND n = 99' % (hash_table, _q(a)),
         "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}]})
    assert resp.status == 200, resp
    (only,) = resp.json()["Responses"]
    assert only["Error"]["Code"] == "ConditionalCheckFailed", resp
    assert only["TableName"] == hash_table, resp
    assert "Item" not in only and "Item" not in only["Error"], resp
    assert get_consistent(ddb, hash_table, {"pk": {"S": a}})["n"] == {"N": "1"}


@pytest.mark.local_differs("Local returns no ConsumedCapacity from BatchExecuteStatement; AWS "
                           "charges each statement as its single-item equivalent, per table -- "
                           + SRC_DX_CC + "; dynoxide CHANGELOG")
def test_batch_consumed_capacity(ddb, hash_table):
    a, b = _pk(), _pk()
    resp = _batch(ddb, [_ins(hash_table, a), _ins(hash_table, b)], ReturnConsumedCapacity="TOTAL")
    (cc,) = resp["ConsumedCapacity"]
    assert cc["TableName"] == hash_table and cc["CapacityUnits"] == 2.0, resp


def test_batch_without_return_consumed_capacity_has_none(ddb, hash_table):
    resp = _batch(ddb, [_ins(hash_table, _pk())], ReturnConsumedCapacity="NONE")
    assert "ConsumedCapacity" not in resp


# ===========================================================================
# ExecuteTransaction
# ===========================================================================

def test_transaction_writes_commit(ddb, hash_table, range_table):
    a, b, c = _pk(), _pk(), _pk()
    _seed(ddb, hash_table, b, n={"N": "1"}, l={"L": []})
    ddb.put_item(TableName=range_table, Item={"pk": {"S": c}, "sk": {"S": "s"}})
    resp = _tx(ddb, [_ins(hash_table, a, ", 'm': {'k': <<1, 2>>}"),
                     'UPDATE "%s" SET n = n + 1 SET l = list_append(l, [\'x\']) WHERE pk = %s AND n = 1'
                     % (hash_table, _q(b)),
                     {"Statement": 'DELETE FROM "%s" WHERE pk = ? AND sk = ?' % range_table,
                      "Parameters": [{"S": c}, {"S": "s"}]}])
    assert resp == {"Responses": []}  # LS_SNAP
    item = get_consistent(ddb, hash_table, {"pk": {"S": a}})
    assert sorted(item["m"]["M"]["k"]["NS"]) == ["1", "2"]
    assert get_consistent(ddb, hash_table, {"pk": {"S": b}}) == {
        "pk": {"S": b}, "n": {"N": "2"}, "l": {"L": [{"S": "x"}]}}
    assert get_consistent(ddb, range_table, {"pk": {"S": c}, "sk": {"S": "s"}}) is None


def test_transaction_reads(ddb, hash_table):
    a, b, missing = _pk(), _pk(), _pk()
    ia = _seed(ddb, hash_table, a, v={"M": {"x": {"N": "1"}}})
    _seed(ddb, hash_table, b, n={"N": "3"}, o={"S": "skip"})
    resp = _tx(ddb, [_sel(hash_table, a), _sel(hash_table, missing), _sel(hash_table, b, "n")])
    assert resp == {"Responses": [{"Item": ia}, {}, {"Item": {"n": {"N": "3"}}}]}


def test_transaction_of_100_statements(ddb, hash_table):
    pks = [_pk() for _ in range(100)]
    assert _tx(ddb, [_ins(hash_table, pk) for pk in pks]) == {"Responses": []}
    assert get_consistent(ddb, hash_table, {"pk": {"S": pks[-1]}}) == {"pk": {"S": pks[-1]}}


def test_transaction_of_101_statements_code(ddb, hash_table):
    pks = [_pk() for _ in range(101)]
    resp = expect_error(lambda: _tx(ddb, [_ins(hash_table, pk) for pk in pks]), "ValidationException")
    assert resp["Error"]["Message"].endswith("Member must have length less than or equal to 100"), resp
    assert get_consistent(ddb, hash_table, {"pk": {"S": pks[0]}}) is None


@pytest.mark.local_differs("Local: bare 'Member must have length less than or equal to 100' -- "
                           + DERIVED)
def test_transaction_of_101_statements_message(ddb, hash_table):
    resp = expect_error(lambda: _tx(ddb, [_ins(hash_table, _pk()) for _ in range(101)]),
                        "ValidationException")
    assert re.match(TX_TOO_MANY_RE, resp["Error"]["Message"], re.S), resp


def test_transaction_empty_rejected(ddb):
    """Only the code (Local: 'ExecutePartiQLTransaction can not have empty statement.')."""
    expect_error(lambda: _tx(ddb, []), "ValidationException")


def test_transaction_mixing_reads_and_writes_rejected(ddb, hash_table):
    """dynoxide execute_transaction.rs / tests (captured against real DynamoDB)."""
    a, b = _pk(), _pk()
    _seed(ddb, hash_table, a)
    expect_error(lambda: _tx(ddb, [_sel(hash_table, a), _ins(hash_table, b)]),
                 "ValidationException", TX_MIXED)
    assert get_consistent(ddb, hash_table, {"pk": {"S": b}}) is None


@pytest.mark.parametrize("kind", ["writes", "reads"])
def test_transaction_same_item_twice_rejected(ddb, hash_table, kind):
    """TransactWriteItems' text (test_transactions.py MULTIPLE_OPS), for reads as well."""
    a = _pk()
    _seed(ddb, hash_table, a, n={"N": "1"})
    if kind == "writes":
        stmts = ['UPDATE "%s" SET n = 5 WHERE pk = %s' % (hash_table, _q(a)),
                 'DELETE FROM "%s" WHERE pk = %s' % (hash_table, _q(a))]
    else:
        stmts = [_sel(hash_table, a), _sel(hash_table, a, "n")]
    expect_error(lambda: _tx(ddb, stmts), "ValidationException", TX_MULTIPLE)
    assert get_consistent(ddb, hash_table, {"pk": {"S": a}}) == {"pk": {"S": a}, "n": {"N": "1"}}


def test_transaction_returning_rejected(ddb, hash_table):
    """A request-level ValidationException naming the statement (hectorvent/floci
    DynamoDbPartiQLEdgeCaseIntegrationTest, captured from AWS eu-west-2; dynoxide alike)."""
    a, b = _pk(), _pk()
    _seed(ddb, hash_table, b, n={"N": "1"})
    expect_error(lambda: _tx(ddb, [_ins(hash_table, a),
                                   'UPDATE "%s" SET n = 2 WHERE pk = %s RETURNING ALL NEW *'
                                   % (hash_table, _q(b))]),
                 "ValidationException", TX_RETURNING % 1)
    assert get_consistent(ddb, hash_table, {"pk": {"S": a}}) is None


def test_transaction_cancellation_reasons(ddb, hash_table):
    """Reasons in request order, "None" (no Message) for statements that did not fail, nothing
    applied: as TransactWriteItems (test_transactions.py). A missing UPDATE target fails its
    implicit existence condition."""
    new, cond, gone, dele = _pk(), _pk(), _pk(), _pk()
    _seed(ddb, hash_table, cond, n={"N": "1"})
    _seed(ddb, hash_table, dele)
    reasons = _cancelled(lambda: _tx(ddb, [
        _ins(hash_table, new),
        'UPDATE "%s" SET n = 5 WHERE pk = %s AND n = 99' % (hash_table, _q(cond)),
        'UPDATE "%s" SET n = 5 WHERE pk = %s' % (hash_table, _q(gone)),
        'DELETE FROM "%s" WHERE pk = %s' % (hash_table, _q(dele)),
    ]), ["None", "ConditionalCheckFailed", "ConditionalCheckFailed", "None"])
    assert reasons == [{"Code": "None"},
                       {"Code": "ConditionalCheckFailed", "Message": COND_FAILED},
                       {"Code": "ConditionalCheckFailed", "Message": COND_FAILED},
                       {"Code": "None"}]
    assert get_consistent(ddb, hash_table, {"pk": {"S": new}}) is None
    assert get_consistent(ddb, hash_table, {"pk": {"S": cond}})["n"] == {"N": "1"}
    assert get_consistent(ddb, hash_table, {"pk": {"S": gone}}) is None
    assert get_consistent(ddb, hash_table, {"pk": {"S": dele}}) is not None


SRC_FLOCI = ("hectorvent/floci DynamoDbPartiQLEdgeCaseIntegrationTest Order(25)-Order(27) "
             "('every expectation captured from real DynamoDB', eu-west-2 2026-09-17)")


@pytest.mark.parametrize("case", [
    pytest.param("write-without-full-key", marks=pytest.mark.local_differs(
        "Local: TransactionCanceledException 'ValidationError Where clause does not contain a "
        "mandatory equality on all key attributes' without CancellationReasons -- " + SRC_FLOCI)),
    pytest.param("insert-missing-sort-key", marks=pytest.mark.local_differs(
        "Local: reason message 'Key attribute should be present in the item: Key sk' -- " + SRC_FLOCI)),
    pytest.param("missing-table", marks=pytest.mark.local_differs(
        "Local: a request-level ResourceNotFoundException -- " + SRC_FLOCI)),
])
def test_transaction_per_statement_problems_are_cancellation_reasons(ddb, hash_table, range_table, case):
    new, pk = _pk(), _pk()
    ddb.put_item(TableName=range_table, Item={"pk": {"S": pk}, "sk": {"S": "s"}, "n": {"N": "1"}})
    second, code, message = {
        "write-without-full-key": ('UPDATE "%s" SET n = 2 WHERE pk = %s' % (range_table, _q(pk)),
                                   "ValidationError", "The provided key element does not match the schema"),
        "insert-missing-sort-key": (_ins(range_table, _pk()), "ValidationError",
                                    "One or more parameter values were invalid: Missing the key sk in the item"),
        "missing-table": (_ins("ddbconf_no_such_" + uuid.uuid4().hex[:8], _pk()), "ResourceNotFound",
                          "Requested resource not found"),
    }[case]
    reasons = _cancelled(lambda: _tx(ddb, [_ins(hash_table, new), second]), ["None", code])
    assert reasons == [{"Code": "None"}, {"Code": code, "Message": message}]
    assert get_consistent(ddb, hash_table, {"pk": {"S": new}}) is None
    assert get_consistent(ddb, range_table, {"pk": {"S": pk}, "sk": {"S": "s"}})["n"] == {"N": "1"}


@pytest.mark.parametrize("case", [
    pytest.param("missing-table", marks=pytest.mark.local_differs(
        "Local: a request-level ResourceNotFoundException -- hectorvent/floci "
        "DynamoDbPartiQLEdgeCaseIntegrationTest Order(25) (captured from AWS eu-west-2)")),
    pytest.param("key-of-another-type", marks=pytest.mark.local_differs(
        "Local: a request-level ValidationException -- hectorvent/floci "
        "DynamoDbPartiQLEdgeCaseIntegrationTest Order(9) (captured from AWS eu-west-2: [None, None, "
        "ValidationError])")),
])
def test_read_transaction_per_statement_problems_are_cancellation_reasons(ddb, hash_table, case):
    a = _pk()
    _seed(ddb, hash_table, a)
    second, code, message = {
        "missing-table": ('SELECT * FROM "ddbconf_no_such_%s" WHERE pk = \'x\'' % uuid.uuid4().hex[:8],
                          "ResourceNotFound", "Requested resource not found"),
        "key-of-another-type": ('SELECT * FROM "%s" WHERE pk = 5' % hash_table, "ValidationError",
                                "The provided key element does not match the schema"),
    }[case]
    reasons = _cancelled(lambda: _tx(ddb, [_sel(hash_table, a), second]), ["None", code])
    assert reasons == [{"Code": "None"}, {"Code": code, "Message": message}]


def test_batch_where_nothing_ran_reports_no_capacity(ddb, hash_table):
    """-- nubo-db/dynoxide CHANGELOG and src/actions/batch_execute_statement.rs (measured on AWS)"""
    resp = _batch(ddb, ['UPDATE "%s" SET n = 1 WHERE n = 2' % hash_table], ReturnConsumedCapacity="TOTAL")
    assert resp["Responses"][0]["Error"]["Code"] == "ValidationError", resp
    assert "ConsumedCapacity" not in resp, resp


def test_transaction_duplicate_insert_cancels(ddb, hash_table):
    """The duplicate's reason code is not asserted: Local says ValidationError (with the duplicate
    text), dynoxide DuplicateItem; no AWS capture was found."""
    new, dup = _pk(), _pk()
    _seed(ddb, hash_table, dup, v={"S": "old"})
    resp = expect_error(lambda: _tx(ddb, [_ins(hash_table, new), _ins(hash_table, dup)]),
                        "TransactionCanceledException")
    reasons = resp["CancellationReasons"]
    assert len(reasons) == 2 and reasons[0] == {"Code": "None"}, resp
    assert reasons[1]["Code"] != "None", resp
    assert resp["Error"]["Message"] == CANCELLED % ("None, " + reasons[1]["Code"]), resp
    assert get_consistent(ddb, hash_table, {"pk": {"S": new}}) is None
    assert get_consistent(ddb, hash_table, {"pk": {"S": dup}})["v"] == {"S": "old"}


def test_transaction_exists_condition_check(ddb, hash_table):
    """EXISTS(SELECT ...) is the PartiQL ConditionCheck (developer guide ql-functions.exists):
    true lets the writes apply, false cancels with ConditionalCheckFailed at its position. The
    reason's message is not asserted (Local: 'The conditional request failed.' with a stop)."""
    chk, a, b = _pk(), _pk(), _pk()
    _seed(ddb, hash_table, chk, state={"S": "open"})
    assert _tx(ddb, ['EXISTS(SELECT * FROM "%s" WHERE pk = %s AND state = \'open\')'
                     % (hash_table, _q(chk)), _ins(hash_table, a)]) == {"Responses": []}
    assert get_consistent(ddb, hash_table, {"pk": {"S": a}}) == {"pk": {"S": a}}
    reasons = _cancelled(lambda: _tx(ddb, [
        _ins(hash_table, b),
        'EXISTS(SELECT * FROM "%s" WHERE pk = %s AND state = \'closed\')' % (hash_table, _q(chk))]),
        ["None", "ConditionalCheckFailed"])
    assert reasons[0] == {"Code": "None"}
    assert get_consistent(ddb, hash_table, {"pk": {"S": b}}) is None


def test_transaction_exists_needs_a_condition_beyond_the_key(ddb, hash_table):
    """'The SELECT statement must specify a full primary key and one other condition' (developer
    guide ql-functions.exists); text per hectorvent/floci DynamoDbPartiQLDocumentedSyntax-
    IntegrationTest (captured from AWS eu-west-2), Local alike."""
    chk, a = _pk(), _pk()
    _seed(ddb, hash_table, chk)
    expect_error(lambda: _tx(ddb, ['EXISTS(SELECT * FROM "%s" WHERE pk = %s)' % (hash_table, _q(chk)),
                                   _ins(hash_table, a)]), "ValidationException",
                 "Validation failed in TransactStatements[0]: EXISTS() must contain a single item read "
                 "with additional condition")
    assert get_consistent(ddb, hash_table, {"pk": {"S": a}}) is None


@pytest.mark.local_differs("Local parses first (a syntax error); AWS reads the parameters first -- "
                           "hectorvent/floci DynamoDbPartiQLEdgeCaseIntegrationTest Order(8) (captured from AWS)")
def test_transaction_parameters_are_read_before_the_statements(ddb, hash_table):
    """A bad parameter value is refused before any statement is parsed, without the
    'Validation failed in TransactStatements[i]: ' prefix -- hectorvent/floci
    DynamoDbPartiQLEdgeCaseIntegrationTest Order(8) (captured from AWS eu-west-2)."""
    resp = expect_error(lambda: ddb.execute_transaction(TransactStatements=[
        {"Statement": 'UPDATE "%s" SET WHERE' % hash_table, "Parameters": [{"SS": ["a", "a"]}]}]),
        "ValidationException")
    assert not resp["Error"]["Message"].startswith("Validation failed in TransactStatements"), resp
    assert "contains duplicates" in resp["Error"]["Message"], resp


def test_transaction_client_request_token_idempotent(ddb, hash_table):
    """The same token with the same statements answers the same without applying them again; other
    statements under that token: IdempotentParameterMismatchException (TransactWriteItems' text,
    test_transactions.py; Local sends it too)."""
    a = _pk()
    _seed(ddb, hash_table, a, n={"N": "1"})
    token = "pq-" + uuid.uuid4().hex
    stmts = ['UPDATE "%s" SET n = n + 1 WHERE pk = %s' % (hash_table, _q(a))]
    first = _tx(ddb, stmts, ClientRequestToken=token)
    again = _tx(ddb, stmts, ClientRequestToken=token)
    assert first == again == {"Responses": []}
    assert get_consistent(ddb, hash_table, {"pk": {"S": a}})["n"] == {"N": "2"}
    expect_error(lambda: _tx(ddb, ['UPDATE "%s" SET n = n + 5 WHERE pk = %s' % (hash_table, _q(a))],
                             ClientRequestToken=token),
                 "IdempotentParameterMismatchException", IDEMPOTENT_MISMATCH)
    assert get_consistent(ddb, hash_table, {"pk": {"S": a}})["n"] == {"N": "2"}


def test_transaction_insert_replayed_with_token_is_not_a_duplicate(ddb, hash_table):
    """A replayed INSERT under its token answers success; without the token the same INSERT is
    cancelled as a duplicate."""
    a = _pk()
    token = "pq-" + uuid.uuid4().hex
    assert _tx(ddb, [_ins(hash_table, a)], ClientRequestToken=token) == {"Responses": []}
    assert _tx(ddb, [_ins(hash_table, a)], ClientRequestToken=token) == {"Responses": []}
    expect_error(lambda: _tx(ddb, [_ins(hash_table, a)]), "TransactionCanceledException")


@pytest.mark.local_differs("Local returns no ConsumedCapacity from ExecuteTransaction; AWS charges "
                           "2 units per statement on a small item, like TransactWriteItems -- "
                           + SRC_DX_CC + "; dynoxide CHANGELOG ('at 2 units per statement')")
@pytest.mark.parametrize("kind", ["writes", "reads"])
def test_transaction_consumed_capacity(ddb, hash_table, kind):
    a, b = _pk(), _pk()
    if kind == "writes":
        stmts = [_ins(hash_table, a), _ins(hash_table, b)]
    else:
        _seed(ddb, hash_table, a)
        _seed(ddb, hash_table, b)
        stmts = [_sel(hash_table, a), _sel(hash_table, b)]
    resp = _tx(ddb, stmts, ReturnConsumedCapacity="TOTAL")
    (cc,) = resp["ConsumedCapacity"]
    assert cc["TableName"] == hash_table and cc["CapacityUnits"] == 4.0, resp


def test_transaction_cancelled_has_no_consumed_capacity(ddb, hash_table):
    a = _pk()
    _seed(ddb, hash_table, a, n={"N": "1"})
    resp = expect_error(lambda: _tx(ddb, ['UPDATE "%s" SET n = 2 WHERE pk = %s AND n = 9'
                                          % (hash_table, _q(a))], ReturnConsumedCapacity="TOTAL"),
                        "TransactionCanceledException")
    assert "ConsumedCapacity" not in resp


def test_transaction_without_token_through_raw(raw, ddb, hash_table):
    """A request carrying no ClientRequestToken at all (boto3 always adds one) is accepted."""
    a = _pk()
    resp = raw("ExecuteTransaction", {"TransactStatements": [{"Statement": _ins(hash_table, a)}]})
    assert resp.status == 200, resp
    assert resp.json() == {"Responses": []}
    assert get_consistent(ddb, hash_table, {"pk": {"S": a}}) == {"pk": {"S": a}}
