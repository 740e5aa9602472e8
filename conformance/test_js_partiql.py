"""PartiQL through the JavaScript SDK v3: runs conformance/js/partiql_v3.mjs with node against the
server under test (ExecuteStatement with typed and plain parameters, Limit/NextToken pages,
UPDATE ... RETURNING, a batch with a duplicate INSERT, a cancelled transaction). The script exits
non-zero on a mismatch.

Needs node (>= 20) and @aws-sdk/client-dynamodb + @aws-sdk/lib-dynamodb in .deps/aws-sdk-v3
(tools/install-deps.sh --oracle); skipped otherwise."""

import os
import subprocess

import pytest

from helpers import delete_quietly, unique_name
from js_sdk_v3 import REPO_ROOT, node_with_packages, script_env

SCRIPT = os.path.join(REPO_ROOT, "conformance", "js", "partiql_v3.mjs")
PACKAGES = ("@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb")


@pytest.fixture(scope="module")
def node():
    return node_with_packages(PACKAGES)


def test_partiql_with_js_sdk_v3(ddb, target, endpoint_url, node):
    table = unique_name("jspq")
    try:
        proc = subprocess.run([node, "--no-warnings", SCRIPT], cwd=REPO_ROOT,
                              env=script_env(target, endpoint_url, ddb.meta.region_name, table),
                              capture_output=True, text=True, timeout=600)
    finally:
        delete_quietly(ddb, table)          # the script deletes it; this covers a crash
    detail = "exit %d\nstdout:\n%s\nstderr:\n%s" % (proc.returncode, proc.stdout, proc.stderr)
    assert proc.returncode == 0, detail
    assert proc.stdout.splitlines()[-1:] == ["partiql v3 scenario OK"], detail
