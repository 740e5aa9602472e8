"""PartiQL through the JavaScript SDK v3: runs conformance/js/partiql_v3.mjs with node against the
server under test (ExecuteStatement with typed and plain parameters, Limit/NextToken pages,
UPDATE ... RETURNING, a batch with a duplicate INSERT, a cancelled transaction). The script exits
non-zero on a mismatch.

Needs node (>= 20) and @aws-sdk/client-dynamodb + @aws-sdk/lib-dynamodb in .deps/aws-sdk-v3
(tools/install-deps.sh --oracle); skipped otherwise."""


import pytest

from js_sdk_v3 import node_with_packages, run_script

PACKAGES = ("@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb")


@pytest.fixture(scope="module")
def node():
    return node_with_packages(PACKAGES)


def test_partiql_with_js_sdk_v3(ddb, target, endpoint_url, node):
    proc, _, detail = run_script(node, "partiql_v3.mjs", ddb, target, endpoint_url, "jspq")
    assert proc.returncode == 0, detail
    assert proc.stdout.splitlines()[-1:] == ["partiql v3 scenario OK"], detail
