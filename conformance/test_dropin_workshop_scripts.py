"""The workshop's AWS CLI scripts, run unchanged against the server under test.

create_table.sh (beside the repository, in ../shared/workshop) asks `aws sts get-caller-identity`
for the account, creates the PK/SK table ws-att-$ATTENDEE_ID, waits for it, and tags it through an
ARN it builds itself: arn:aws:dynamodb:$AWS_REGION:<account>:table/ws-att-$ATTENDEE_ID. Its
tag-resource ends with `|| true`, so the script succeeds even when that ARN names no table; the
test therefore reads the tag back with ListTagsOfResource on the table's own ARN, which only finds
it when the account reported by STS is the account that owns the table. delete_table.sh deletes
the table and waits until it is gone.

The CLI reaches the server through AWS_ENDPOINT_URL, which it uses for STS as well as for
DynamoDB, so the server must answer STS's GetCallerIdentity on its own port. DynamoDB Local has no
STS: it answers the CLI's GetCallerIdentity with HTTP 500, and the script stops there."""

import os
import shutil
import subprocess
import uuid

import pytest
from botocore.exceptions import ClientError

from helpers import DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, delete_quietly

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKSHOP = os.path.join(os.path.dirname(REPO_ROOT), "shared", "workshop")
CREATE_SCRIPT = os.path.join(WORKSHOP, "create_table.sh")
DELETE_SCRIPT = os.path.join(WORKSHOP, "delete_table.sh")
PYENV_AWS = "/root/.pyenv/versions/3.11.7/bin/aws"
SCRIPT_TIMEOUT = 900  # the CLI's waiters poll every 20 s (up to 25 times)

SRC_NO_STS = ("DynamoDB Local 1.25.1 has no STS: it answers the CLI's sts get-caller-identity "
              "(a form-encoded Query request signed for service 'sts') with HTTP 500, so "
              "create_table.sh stops at its first command (docs/drop-in.md, 'What is on the port "
              "besides DynamoDB'; observed with 1.25.1); AWS answers it: "
              "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html")


def _working_aws(candidate):
    try:
        out = subprocess.run([candidate, "--version"], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0


@pytest.fixture(scope="module")
def aws_exe():
    seen = set()
    for candidate in (shutil.which("aws"), PYENV_AWS):
        if not candidate or candidate in seen or not os.path.isfile(candidate):
            continue
        seen.add(candidate)
        if _working_aws(candidate):
            return candidate
    pytest.skip("AWS CLI not found (neither `aws` on PATH nor %s)" % PYENV_AWS)


def _cli_env(target, endpoint_url, region, aws_exe, attendee):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AWS_ENDPOINT_URL") and k != "PYTHONPATH"}
    # the scripts call plain `aws`: put the CLI found above first on PATH
    env["PATH"] = os.path.dirname(aws_exe) + os.pathsep + env.get("PATH", "")
    if target != "aws":
        env.update(AWS_ENDPOINT_URL=endpoint_url, AWS_ACCESS_KEY_ID=DUMMY_ACCESS_KEY,
                   AWS_SECRET_ACCESS_KEY=DUMMY_SECRET_KEY,
                   AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull)
        for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
            env.pop(name, None)
    env.update(AWS_REGION=region, AWS_DEFAULT_REGION=region, ATTENDEE_ID=attendee,
               AWS_PAGER="")
    return env


def _run(argv, env):
    proc = subprocess.run(argv, cwd=WORKSHOP, env=env, capture_output=True, text=True,
                          timeout=SCRIPT_TIMEOUT)
    detail = "%s: exit %d\nstdout:\n%s\nstderr:\n%s" % (
        " ".join(argv), proc.returncode, proc.stdout, proc.stderr)
    return proc, detail


def _describe_or_none(ddb, name):
    try:
        return ddb.describe_table(TableName=name)["Table"]
    except ClientError as e:
        if e.response["Error"]["Code"] == "ResourceNotFoundException":
            return None
        raise


@pytest.mark.local_differs(SRC_NO_STS)
def test_create_and_delete_table_scripts(ddb, target, endpoint_url, aws_exe):
    for path in (CREATE_SCRIPT, DELETE_SCRIPT):
        if not os.path.isfile(path):
            pytest.skip("workshop script not found: %s" % path)
    region = ddb.meta.region_name
    attendee = "c" + uuid.uuid4().hex[:10]
    table = "ws-att-" + attendee
    env = _cli_env(target, endpoint_url, region, aws_exe, attendee)
    try:
        created, detail = _run(["bash", CREATE_SCRIPT], env)
        assert created.returncode == 0, detail
        assert created.stdout.splitlines()[-1] == "Done. TABLE=%s" % table, detail

        desc = ddb.describe_table(TableName=table)["Table"]
        assert desc["TableStatus"] == "ACTIVE", desc
        assert desc["KeySchema"] == [{"AttributeName": "PK", "KeyType": "HASH"},
                                     {"AttributeName": "SK", "KeyType": "RANGE"}], desc
        assert desc["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST", desc

        # what the script's first command reported, asked the same way
        who, who_detail = _run([aws_exe, "sts", "get-caller-identity", "--query", "Account",
                                "--output", "text"], env)
        assert who.returncode == 0, who_detail
        account = who.stdout.strip()
        assert len(account) == 12 and account.isdigit(), who_detail

        arn = desc["TableArn"]
        assert arn == "arn:aws:dynamodb:%s:%s:table/%s" % (region, account, table), (arn, account)
        # the script's tag-resource may fail silently (`|| true`); the tag is only there if the
        # ARN it built from the STS account named this table
        tags = ddb.list_tags_of_resource(ResourceArn=arn)["Tags"]
        assert {"Key": "Owner", "Value": attendee} in tags, (tags, detail)

        deleted, detail = _run(["bash", DELETE_SCRIPT], env)
        assert deleted.returncode == 0, detail
        lines = deleted.stdout.splitlines()
        assert lines[0] == "Deleting %s..." % table and lines[-1] == "Deleted.", detail
        assert _describe_or_none(ddb, table) is None
        assert table not in ddb.list_tables()["TableNames"]
    finally:
        if _describe_or_none(ddb, table) is not None:
            delete_quietly(ddb, table)
