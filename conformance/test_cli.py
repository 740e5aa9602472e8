"""The AWS CLI (v1, from the image's pyenv python) works against the target."""

import json

from helpers import delete_quietly, unique_name


def test_cli_create_table_and_wait(aws_cli, ddb):
    name = unique_name("cli")
    try:
        created = aws_cli("dynamodb", "create-table", "--table-name", name,
                          "--attribute-definitions", "AttributeName=PK,AttributeType=S",
                          "AttributeName=SK,AttributeType=S",
                          "--key-schema", "AttributeName=PK,KeyType=HASH",
                          "AttributeName=SK,KeyType=RANGE",
                          "--billing-mode", "PAY_PER_REQUEST")
        assert created.returncode == 0, created.stderr
        assert name in created.stdout
        waited = aws_cli("dynamodb", "wait", "table-exists", "--table-name", name)
        assert waited.returncode == 0, waited.stderr
        desc = ddb.describe_table(TableName=name)["Table"]
        assert desc["TableStatus"] == "ACTIVE"
        assert desc["KeySchema"] == [{"AttributeName": "PK", "KeyType": "HASH"},
                                     {"AttributeName": "SK", "KeyType": "RANGE"}]
    finally:
        delete_quietly(ddb, name)


def test_cli_batches_and_transactions(aws_cli, ddb, table_factory):
    """batch-write-item, batch-get-item, transact-write-items and transact-get-items through the
    CLI's JSON parameters."""
    name, _ = table_factory("clitx")
    put = lambda pk, n: {"PutRequest": {"Item": {"pk": {"S": pk}, "n": {"N": str(n)}}}}
    written = aws_cli("dynamodb", "batch-write-item", "--request-items",
                      json.dumps({name: [put("a", 1), put("b", 2)]}))
    assert written.returncode == 0, written.stderr
    assert json.loads(written.stdout)["UnprocessedItems"] == {}
    moved = aws_cli("dynamodb", "transact-write-items", "--transact-items", json.dumps([
        {"Update": {"TableName": name, "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET n = n - :x",
                    "ConditionExpression": "n >= :x", "ExpressionAttributeValues": {":x": {"N": "1"}}}},
        {"Update": {"TableName": name, "Key": {"pk": {"S": "b"}}, "UpdateExpression": "SET n = n + :x",
                    "ExpressionAttributeValues": {":x": {"N": "1"}}}}]))
    assert moved.returncode == 0, moved.stderr
    got = aws_cli("dynamodb", "transact-get-items", "--transact-items", json.dumps([
        {"Get": {"TableName": name, "Key": {"pk": {"S": "a"}}}},
        {"Get": {"TableName": name, "Key": {"pk": {"S": "missing"}}}},
        {"Get": {"TableName": name, "Key": {"pk": {"S": "b"}}}}]))
    assert got.returncode == 0, got.stderr
    assert json.loads(got.stdout)["Responses"] == [
        {"Item": {"pk": {"S": "a"}, "n": {"N": "0"}}}, {}, {"Item": {"pk": {"S": "b"}, "n": {"N": "3"}}}]
    fetched = aws_cli("dynamodb", "batch-get-item", "--request-items",
                      json.dumps({name: {"Keys": [{"pk": {"S": "a"}}, {"pk": {"S": "b"}}]}}))
    assert fetched.returncode == 0, fetched.stderr
    items = sorted(json.loads(fetched.stdout)["Responses"][name], key=lambda it: it["pk"]["S"])
    assert items == [{"pk": {"S": "a"}, "n": {"N": "0"}}, {"pk": {"S": "b"}, "n": {"N": "3"}}]
    refused = aws_cli("dynamodb", "transact-write-items", "--transact-items", json.dumps([
        {"ConditionCheck": {"TableName": name, "Key": {"pk": {"S": "a"}},
                            "ConditionExpression": "n > :z", "ExpressionAttributeValues": {":z": {"N": "0"}}}},
        {"Delete": {"TableName": name, "Key": {"pk": {"S": "b"}}}}]))
    assert refused.returncode != 0
    assert "TransactionCanceledException" in refused.stderr
    assert "[ConditionalCheckFailed, None]" in refused.stderr
