"""Runs the workshop scripts from ../shared/workshop unchanged against the server under test.

users_crud.py creates a table literally named "Users", runs put/get/update/conditional put/delete
on it and deletes it, printing "users CRUD scenario OK". It reads its endpoint from
AWS_ENDPOINT_URL, which only boto3 >= 1.28 honours, so it runs under a separate interpreter
(Debian's boto3 1.26 would silently talk to AWS)."""

import contextlib
import fcntl
import os
import shutil
import subprocess

import pytest
from botocore.exceptions import ClientError

from helpers import DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, LOCAL_REGION, delete_quietly

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKSHOP = os.path.join(os.path.dirname(REPO_ROOT), "shared", "workshop")
USERS_CRUD = os.path.join(WORKSHOP, "users_crud.py")
CANDIDATE_PYTHONS = ["/root/.pyenv/versions/3.11.7/bin/python3", shutil.which("python3"),
                     shutil.which("python3.11"), shutil.which("python3.12"), "/usr/bin/python3"]
LOCK_PATH = "/tmp/ddbconf-workshop-users-table.lock"


def _boto3_version(python):
    try:
        out = subprocess.run([python, "-c", "import boto3; print(boto3.__version__)"],
                             capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    try:
        return tuple(int(p) for p in out.stdout.strip().split(".")[:2])
    except ValueError:
        return None


@pytest.fixture(scope="module")
def modern_python():
    seen = set()
    for python in CANDIDATE_PYTHONS:
        if not python or python in seen or not os.path.isfile(python):
            continue
        seen.add(python)
        version = _boto3_version(python)
        if version is not None and version >= (1, 28):
            return python
    pytest.skip("no python3 with boto3 >= 1.28 (needed for AWS_ENDPOINT_URL) among %s"
                % [p for p in CANDIDATE_PYTHONS if p])


@contextlib.contextmanager
def _exclusive(path):
    """The script uses the fixed table name "Users": never run two copies at once."""
    with open(path, "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _table_exists(ddb, name):
    try:
        ddb.describe_table(TableName=name)
        return True
    except ClientError as e:
        if e.response["Error"]["Code"] == "ResourceNotFoundException":
            return False
        raise


def _script_env(target, endpoint_url):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AWS_ENDPOINT_URL") and k != "PYTHONPATH"}
    if target != "aws":
        env.update(AWS_ENDPOINT_URL=endpoint_url, AWS_ACCESS_KEY_ID=DUMMY_ACCESS_KEY,
                   AWS_SECRET_ACCESS_KEY=DUMMY_SECRET_KEY, AWS_DEFAULT_REGION=LOCAL_REGION,
                   AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull)
        env.pop("AWS_PROFILE", None)
        env.pop("AWS_SESSION_TOKEN", None)
    return env


def test_users_crud_script(ddb, target, endpoint_url, modern_python):
    if not os.path.isfile(USERS_CRUD):
        pytest.skip("workshop script not found: %s" % USERS_CRUD)
    owns_server = target in ("emulator", "local")
    with _exclusive(LOCK_PATH):
        if _table_exists(ddb, "Users"):
            if not owns_server:
                pytest.skip('a table named "Users" already exists on %s; not touching it' % target)
            delete_quietly(ddb, "Users")       # leftover of an earlier failed run on our server
        try:
            proc = subprocess.run([modern_python, USERS_CRUD], cwd=WORKSHOP,
                                  env=_script_env(target, endpoint_url), capture_output=True,
                                  text=True, timeout=300)
        finally:
            if owns_server:
                delete_quietly(ddb, "Users")
    detail = "exit %d\nstdout:\n%s\nstderr:\n%s" % (proc.returncode, proc.stdout, proc.stderr)
    assert proc.returncode == 0, detail
    assert "users CRUD scenario OK" in proc.stdout.splitlines(), detail
