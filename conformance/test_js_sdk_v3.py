"""DynamoDB Streams through the JavaScript SDK v3: runs conformance/js/streams_v3.mjs with node
against the server under test. The script creates a NEW_AND_OLD_IMAGES table, puts, updates and
deletes an item, reads the stream with DynamoDBStreamsClient (ListStreams, DescribeStream,
GetShardIterator TRIM_HORIZON on every shard, GetRecords) and checks INSERT/MODIFY/REMOVE with
their images; it exits non-zero on a mismatch.

Needs node (>= 20, the SDK's engines) and @aws-sdk/client-dynamodb + @aws-sdk/client-dynamodb-streams
in .deps/aws-sdk-v3 (tools/install-deps.sh --oracle); skipped otherwise, like the SDK v2 test in
test_workshop.py."""


import pytest

from js_sdk_v3 import node_with_packages, run_script

PACKAGES = ("@aws-sdk/client-dynamodb", "@aws-sdk/client-dynamodb-streams")


@pytest.fixture(scope="module")
def node():
    return node_with_packages(PACKAGES)


def test_streams_with_js_sdk_v3(ddb, target, endpoint_url, node):
    proc, _, detail = run_script(node, "streams_v3.mjs", ddb, target, endpoint_url, "jsv3")
    assert proc.returncode == 0, detail
    lines = proc.stdout.splitlines()
    assert lines[-1:] == ["streams v3 scenario OK"], detail
    assert '"events":["INSERT","MODIFY","REMOVE"]' in lines[0], detail
