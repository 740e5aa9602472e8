"""The JavaScript SDK v3 DocumentClient (@aws-sdk/lib-dynamodb) and its paginators: runs
conformance/js/document_client_v3.mjs with node against the server under test.

Through a DynamoDBDocumentClient with removeUndefinedValues, the script writes 60 items (nested
maps, lists, string and number sets, binary, BigInt, fractional and negative numbers, null) with
PutCommand, BatchWriteCommand and TransactWriteCommand (and a cancelled transaction); reads them
back with GetCommand; updates one with an UpdateCommand expression (ALL_NEW); sees a conditional
PutCommand fail with ConditionalCheckFailedException and another succeed (ALL_OLD); then walks the
table with paginateQuery (forward, backward with a projection, filtered) and paginateScan at small
page sizes, and requires the pages to join to exactly the items written (count, Query order,
contents, LastEvaluatedKey). It exits non-zero on a mismatch.

Needs node (>= 20, the SDK's engines) and @aws-sdk/client-dynamodb + @aws-sdk/lib-dynamodb in
.deps/aws-sdk-v3 (tools/install-deps.sh --oracle); skipped otherwise, like test_js_sdk_v3.py."""

import json

import pytest

from js_sdk_v3 import node_with_packages, run_script

PACKAGES = ("@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb")


@pytest.fixture(scope="module")
def node():
    return node_with_packages(PACKAGES)


def test_document_client_and_paginators(ddb, target, endpoint_url, node):
    proc, table, detail = run_script(node, "document_client_v3.mjs", ddb, target, endpoint_url, "jsdoc")
    assert proc.returncode == 0, detail
    lines = proc.stdout.splitlines()
    assert lines[-1:] == ["document client v3 scenario OK"], detail
    summary = json.loads(lines[0])
    assert summary["table"] == table and summary["items"] == 60, detail
    # several pages each, and pages that join to every item
    for walk, total in (("queryForward", 30), ("queryBackward", 24), ("queryFiltered", 7), ("scan", 60)):
        pages = summary["pages"][walk]
        assert len(pages) >= 3 and sum(pages) == total, (walk, pages, detail)
