"""The JSON-over-HTTP envelope: routing, serialization errors, auth, headers, error bodies."""

import zlib

import pytest

from helpers import expect_raw_error, rand_key

SRC_ORACLE = "docs/dynamodb-local-oracle.md, table row"
SRC_DYNALITE_INDEX = "mhart/dynalite index.js (sendError bodies, modelled on AWS responses)"
SRC_SCYLLA_CRC = ("scylladb/scylladb test/alternator/test_crc.py::test_crc32_header_on_error "
                  "('DynamoDB always returns this header', run against AWS)")

JSON_CONTENT_TYPE = "application/x-amz-json-1.0"


def test_unknown_operation(raw):
    resp = raw("NoSuchOperation", {})
    expect_raw_error(resp, "UnknownOperationException")


@pytest.mark.local_differs("Local answers InvalidAction for an unknown API version prefix; AWS "
                           "answers UnknownOperationException for any target outside "
                           "DynamoDB_20111205/DynamoDB_20120810 per " + SRC_DYNALITE_INDEX
                           + " (validApis check)")
def test_unknown_operation_wrong_service_prefix(raw):
    resp = raw("ListTables", {}, target_header="DynamoDB_19990101.ListTables")
    expect_raw_error(resp, "UnknownOperationException")


def test_list_tables_succeeds_with_fake_signature(raw):
    # Baseline for the raw helper: a well-formed request is answered normally.
    resp = raw("ListTables", {})
    assert resp.status == 200, resp
    assert isinstance(resp.json()["TableNames"], list)


@pytest.mark.local_differs(SRC_ORACLE + " 'malformed JSON body' (Local answers 500 "
                           "InternalFailure); AWS: SerializationException per " + SRC_DYNALITE_INDEX
                           + " and scylladb test_manual_requests.py::test_incorrect_json")
@pytest.mark.parametrize("body", [
    '{"TableName": "abc", ',
    '{bad json',
    '}{',
    'not json at all',
    '{"TableName": "abc"',
], ids=["truncated", "bad-token", "reversed-braces", "text", "unterminated"])
def test_malformed_json_is_serialization_exception(raw, body):
    resp = raw("PutItem", body)
    expect_raw_error(resp, "SerializationException")


@pytest.mark.local_differs(SRC_ORACLE + " 'malformed JSON body' (Local: 500 InternalFailure "
                           "for an empty body); AWS: SerializationException per "
                           + SRC_DYNALITE_INDEX + " ('if (!body) ... SerializationException')")
def test_empty_body_is_serialization_exception(raw):
    resp = raw("ListTables", "")
    expect_raw_error(resp, "SerializationException")


@pytest.mark.local_differs(
    "Local answers 'MissingAuthenticationToken' / 'Request must contain either a valid "
    "(registered) AWS access key ID or X.509 certificate.'; AWS: "
    "MissingAuthenticationTokenException 'Request is missing Authentication Token' per "
    + SRC_DYNALITE_INDEX + " and scylladb test/alternator/test_authorization.py"
    "::test_no_authorization_header")
def test_missing_authorization_header(raw):
    resp = raw("ListTables", {}, auth=False, headers={"X-Amz-Date": "20260101T000000Z"})
    expect_raw_error(resp, "MissingAuthenticationTokenException",
                     "Request is missing Authentication Token")


def test_request_id_on_success(raw):
    resp = raw("ListTables", {})
    assert resp.status == 200
    assert resp.headers.get("x-amzn-RequestId"), dict(resp.headers)


def test_request_id_on_error(raw):
    resp = raw("DescribeTable", {"TableName": "ddbconf_missing_" + rand_key()})
    assert resp.status == 400
    assert resp.headers.get("x-amzn-RequestId"), dict(resp.headers)


def test_request_ids_are_unique(raw):
    ids = {raw("ListTables", {}).headers.get("x-amzn-RequestId") for _ in range(5)}
    assert len(ids) == 5


def test_crc32_header_on_success(raw, hash_table, ddb):
    key = rand_key()
    ddb.put_item(TableName=hash_table, Item={"pk": {"S": key}, "x": {"S": "hello \u00e9"}})
    resp = raw("GetItem", {"TableName": hash_table, "Key": {"pk": {"S": key}},
                           "ConsistentRead": True})
    assert resp.status == 200
    assert resp.headers.get("x-amz-crc32") is not None, dict(resp.headers)
    assert int(resp.headers["x-amz-crc32"]) == zlib.crc32(resp.body)


@pytest.mark.local_differs("Local sends x-amz-crc32 only on 200 responses; AWS on every "
                           "response per " + SRC_SCYLLA_CRC)
def test_crc32_header_on_error(raw):
    resp = raw("GetItem", {"TableName": "ddbconf_missing_" + rand_key(),
                           "Key": {"pk": {"S": "x"}}})
    assert resp.status == 400
    assert resp.headers.get("x-amz-crc32") is not None, dict(resp.headers)
    assert int(resp.headers["x-amz-crc32"]) == zlib.crc32(resp.body)


def test_success_content_type(raw):
    resp = raw("ListTables", {})
    assert resp.headers.get("Content-Type") == JSON_CONTENT_TYPE


def test_error_content_type(raw):
    resp = raw("DescribeTable", {"TableName": "ddbconf_missing_" + rand_key()})
    assert resp.status == 400
    assert resp.headers.get("Content-Type") == JSON_CONTENT_TYPE


def _error_bodies(raw, ddb, hash_table):
    key = rand_key()
    ddb.put_item(TableName=hash_table, Item={"pk": {"S": key}})
    return {
        "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException":
            raw("GetItem", {"TableName": "ddbconf_missing_" + rand_key(),
                            "Key": {"pk": {"S": "x"}}}),
        "com.amazon.coral.validate#ValidationException":
            raw("PutItem", {"TableName": hash_table, "Item": {"pk": {"S": key}, "v": {}}}),
        "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException":
            raw("PutItem", {"TableName": hash_table, "Item": {"pk": {"S": key}},
                            "ConditionExpression": "attribute_not_exists(pk)"}),
    }


def test_error_body_type_namespaces(raw, ddb, hash_table):
    for expected_type, resp in _error_bodies(raw, ddb, hash_table).items():
        assert resp.status == 400, resp
        doc = resp.json()
        assert doc["__type"] == expected_type, doc
        assert isinstance(resp.error_message, str) and resp.error_message, doc
        assert set(doc) <= {"__type", "message", "Message"}, doc


@pytest.mark.local_differs(
    "Local spells the key 'Message'; AWS uses lower-case 'message' for these errors per "
    "mhart/dynalite validations/index.js validationError() and test/helpers.js "
    "assertNotFound/assertConditional (run against AWS)")
def test_error_body_message_key_is_lowercase(raw, ddb, hash_table):
    for expected_type, resp in _error_bodies(raw, ddb, hash_table).items():
        doc = resp.json()
        assert "message" in doc and "Message" not in doc, doc


@pytest.mark.parametrize("body", [
    pytest.param('{"TableName":"t","Item":{"pk":{"S":"p"},"x":' + '{"L":[' * 100000 + ']}' * 100000 + '}}',
                 marks=pytest.mark.local_differs(
                     "Local answers 500 with a java.lang.StackOverflowError page; AWS answers deeply nested "
                     "JSON with a 4xx client error -- scylladb/scylladb test/alternator/"
                     "test_manual_requests.py (gen_json nesting tests, run against AWS)")),
    '{"a":' * 100000 + '1' + '}' * 100000,
], ids=["nested-lists", "nested-objects"])
def test_deeply_nested_json_is_rejected_and_the_server_keeps_serving(raw, ddb, body):
    # Bad input never crashes the server (DESIGN.md, "Errors and bad input"). AWS rejects such
    # bodies with a client error; which one depends on the validation layer, so only the class
    # of the answer is pinned here.
    resp = raw("PutItem", body)
    assert 400 <= resp.status < 500, resp
    assert "TableNames" in ddb.list_tables()
