"""The AWS CLI (v1, from the image's pyenv python) works against the target."""

import os
import shutil
import subprocess

import pytest

from helpers import DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, LOCAL_REGION, delete_quietly, unique_name


@pytest.fixture
def aws_cli(target, endpoint_url):
    exe = shutil.which("aws")
    if exe is None:
        pytest.skip("aws CLI not found on PATH")
    env = dict(os.environ)
    if target != "aws":
        env.update(AWS_ACCESS_KEY_ID=DUMMY_ACCESS_KEY, AWS_SECRET_ACCESS_KEY=DUMMY_SECRET_KEY,
                   AWS_DEFAULT_REGION=LOCAL_REGION, AWS_REGION=LOCAL_REGION)
        env.pop("AWS_SESSION_TOKEN", None)
        env.pop("AWS_PROFILE", None)
    extra = ["--endpoint-url", endpoint_url] if endpoint_url else []

    def run(*args, timeout=300):
        return subprocess.run([exe, *args, *extra], env=env, capture_output=True, text=True,
                              timeout=timeout)
    return run


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
