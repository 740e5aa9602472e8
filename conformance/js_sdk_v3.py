"""What the tests that run the JavaScript SDK v3 with node share: finding node (>= 20, the SDK's
engines) and the SDK's packages in .deps/aws-sdk-v3 (tools/install-deps.sh --oracle), skipping
when they are missing, and the environment that points a script at the server under test."""

import os
import re
import shutil
import subprocess

import pytest

from helpers import DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, LOCAL_REGION, delete_quietly, unique_name

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AWS_SDK_V3_DIR = os.path.join(REPO_ROOT, ".deps", "aws-sdk-v3")


def node_with_packages(packages):
    """The node executable, or a skip naming what to install."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node not found on PATH")
    version = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=60)
    m = re.match(r"v(\d+)\.", version.stdout.strip())
    if not m or int(m.group(1)) < 20:
        pytest.skip("the JavaScript SDK v3 needs node >= 20, found %r" % version.stdout.strip())
    for package in packages:
        if not os.path.isdir(os.path.join(AWS_SDK_V3_DIR, "node_modules", package)):
            pytest.skip("JavaScript SDK v3 not installed; run: npm install --prefix %s %s"
                        % (AWS_SDK_V3_DIR, " ".join(p + "@3" for p in packages)))
    return node


def script_env(target, endpoint_url, region, table):
    """The environment of a script: DDB_ENDPOINT and dummy credentials for a local target (no
    AWS_ENDPOINT_URL, profile or session token leaking in), the region for AWS; TABLE and
    AWS_SDK_V3_DIR for the script."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ENDPOINT_URL")}
    env.pop("DDB_ENDPOINT", None)
    if target != "aws":
        env.update(DDB_ENDPOINT=endpoint_url, AWS_ACCESS_KEY_ID=DUMMY_ACCESS_KEY,
                   AWS_SECRET_ACCESS_KEY=DUMMY_SECRET_KEY, AWS_REGION=LOCAL_REGION,
                   AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull)
        env.pop("AWS_PROFILE", None)
        env.pop("AWS_SESSION_TOKEN", None)
    else:
        env["AWS_REGION"] = region
    env.update(TABLE=table, AWS_SDK_V3_DIR=AWS_SDK_V3_DIR)
    return env


def run_script(node, script, ddb, target, endpoint_url, tag):
    """Runs conformance/js/<script> against the server under test on a fresh table named after
    `tag` (the script creates and deletes it; a crash is covered here). Returns the finished
    process, the table's name, and a description of the run for assertion messages."""
    table = unique_name(tag)
    try:
        proc = subprocess.run([node, "--no-warnings", os.path.join(REPO_ROOT, "conformance", "js", script)],
                              cwd=REPO_ROOT, env=script_env(target, endpoint_url, ddb.meta.region_name, table),
                              capture_output=True, text=True, timeout=600)
    finally:
        delete_quietly(ddb, table)
    detail = "exit %d\nstdout:\n%s\nstderr:\n%s" % (proc.returncode, proc.stdout, proc.stderr)
    return proc, table, detail
