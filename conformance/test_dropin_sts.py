"""STS on the DynamoDB endpoint: what the AWS CLI and the SDKs ask of it.

With AWS_ENDPOINT_URL (or an `sts` endpoint setting) naming a local DynamoDB, tools send STS's
calls there too: `aws sts get-caller-identity` to build ARNs, credential chains that assume a role
or fetch a session token. STS speaks the Query protocol: a form-encoded POST (Action=...&Version=
2011-06-15) signed for the service `sts`, answered in XML. Against --target aws these tests talk
to the regional STS endpoint with the suite's credentials.

The account STS reports must be the account that owns the caller's tables (the ARN in a
CreateTable answer); credentials from AssumeRole belong to the role's account. ddbemu maps every
access key to an account (--accounts FILE, else 000000000000) and keeps each account's tables
apart; the tests that need a role or a second account are ddbemu-only (AWS would need real roles
and keys) and are skipped for --target aws.

DynamoDB Local 1.25.1 has no STS: it answers every STS request with HTTP 500 and DynamoDB's JSON
InternalFailure, which SDKs cannot even parse as STS's XML; those tests are local_differs.

Sources for AWS's behaviour: the STS API reference (GetCallerIdentity, AssumeRole,
GetSessionToken, GetAccessKeyInfo pages), botocore's STS model (constraints of RoleArn,
RoleSessionName, DurationSeconds), and a public live-AWS STS probe program (a Rust "Query protocol
oracle" that asserts exact status, headers and bodies against sts.amazonaws.com), cited as [probe]:
the exact XML bodies, the ValidationError texts, InvalidAction in the AWSFault namespace and the
302 for a request without an Action."""

import datetime
import email.utils
import http.client
import os
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.credentials
import pytest
from botocore.config import Config
from botocore.parsers import ResponseParserError

from helpers import (DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, delete_quietly, expect_error,
                     hash_schema, unique_name, wait_exists)

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO_ROOT, "tools"))
import local_servers  # noqa: E402

STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/"
AWS_FAULT_NS = "http://webservices.amazon.com/AWSFault/2005-15-09"
FORM = "application/x-www-form-urlencoded; charset=utf-8"
ROLE_ACCOUNT = "111122223333"
ROLE_ARN = "arn:aws:iam::%s:role/demo" % ROLE_ACCOUNT
SESSION = "s1"

SRC_NO_STS = ("DynamoDB Local 1.25.1 has no STS: every STS request (Query protocol, signed for "
              "'sts') gets HTTP 500 with DynamoDB's JSON InternalFailure, which SDKs cannot parse "
              "as STS XML (docs/drop-in.md, 'What is on the port besides DynamoDB'; observed) -- "
              "AWS: STS API reference, API_GetCallerIdentity.html / API_AssumeRole.html / "
              "API_GetSessionToken.html; [probe] exact bodies")
SKIP_AWS_ROLE = ("needs ddbemu's STS, which lets any caller assume any role and maps its "
                 "credentials to the role's account; on AWS that needs a real role")


# --------------------------------------------------------------------------
# Clients
# --------------------------------------------------------------------------

def _config():
    return Config(retries={"max_attempts": 1, "total_max_attempts": 1},
                  parameter_validation=False,  # let invalid input reach the server
                  connect_timeout=10, read_timeout=60)


@pytest.fixture(scope="module")
def sts_endpoint(target, endpoint_url, region):
    if target == "aws":
        return "https://sts.%s.amazonaws.com" % region
    return endpoint_url


def _client(service, target, endpoint, region, key=None, secret=None, token=None):
    kwargs = dict(region_name=region, config=_config())
    if endpoint:
        kwargs["endpoint_url"] = endpoint
    if key is not None:
        kwargs.update(aws_access_key_id=key, aws_secret_access_key=secret,
                      aws_session_token=token)
    elif target != "aws":
        kwargs.update(aws_access_key_id=DUMMY_ACCESS_KEY, aws_secret_access_key=DUMMY_SECRET_KEY)
    return boto3.client(service, **kwargs)


@pytest.fixture(scope="module")
def sts(target, sts_endpoint, region):
    """STS client with the suite's credentials, aimed at the server under test."""
    return _client("sts", target, sts_endpoint, region)


def _call(fn, **kwargs):
    """fn(**kwargs); an answer that is not STS's XML at all (DynamoDB Local's JSON 500) fails the
    test instead of escaping as a parser error."""
    try:
        return fn(**kwargs)
    except ResponseParserError as e:
        pytest.fail("the answer is not STS's XML: %s" % e)


def _answer_date(resp):
    return email.utils.parsedate_to_datetime(resp["ResponseMetadata"]["HTTPHeaders"]["date"])


def _lifetime(expiration, date):
    """Seconds between an answer's Date header and the credentials' Expiration."""
    return (expiration - date).total_seconds()


def _all_table_names(ddb):
    names = []
    for page in ddb.get_paginator("list_tables").paginate():
        names.extend(page["TableNames"])
    return names


# --------------------------------------------------------------------------
# Raw Query-protocol requests, SigV4-signed for the service "sts"
# --------------------------------------------------------------------------

class RawAnswer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def xml(self):
        try:
            return ET.fromstring(self.body)
        except ET.ParseError as e:
            raise AssertionError("not XML (%s): %r" % (e, self))

    def __repr__(self):
        return "RawAnswer(%d, %r, %r)" % (self.status, dict(self.headers.items()), self.body[:600])


class RawSts:
    def __init__(self, endpoint, region, credentials):
        self.endpoint = endpoint.rstrip("/")
        self.url = urllib.parse.urlsplit(self.endpoint)
        self.region = region
        self.credentials = credentials

    def get(self, query):
        url = self.endpoint + "/?" + query
        req = botocore.awsrequest.AWSRequest(method="GET", url=url)
        botocore.auth.SigV4Auth(self.credentials, "sts", self.region).add_auth(req)
        conn_cls = (http.client.HTTPSConnection if self.url.scheme == "https"
                    else http.client.HTTPConnection)
        conn = conn_cls(self.url.hostname, self.url.port, timeout=60)
        try:
            conn.request("GET", "/?" + query, headers=dict(req.headers.items()))
            resp = conn.getresponse()
            return RawAnswer(resp.status, resp.headers, resp.read())
        finally:
            conn.close()

    def __call__(self, body, content_type=FORM):
        data = body.encode("utf-8")
        headers = {"Content-Type": content_type} if content_type else {}
        req = botocore.awsrequest.AWSRequest(method="POST", url=self.endpoint + "/", data=data,
                                             headers=headers)
        botocore.auth.SigV4Auth(self.credentials, "sts", self.region).add_auth(req)
        conn_cls = (http.client.HTTPSConnection if self.url.scheme == "https"
                    else http.client.HTTPConnection)
        conn = conn_cls(self.url.hostname, self.url.port, timeout=60)
        try:
            conn.request("POST", "/", body=data, headers=dict(req.headers.items()))
            resp = conn.getresponse()
            return RawAnswer(resp.status, resp.headers, resp.read())
        finally:
            conn.close()


@pytest.fixture(scope="module")
def raw_sts(target, sts_endpoint, region):
    if target == "aws":
        creds = boto3.Session().get_credentials().get_frozen_credentials()
    else:
        creds = botocore.credentials.Credentials(DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY)
    return RawSts(sts_endpoint, region, creds)


def _request_id(answer):
    rid = answer.headers.get("x-amzn-RequestId")
    assert rid, answer
    return rid


def _expect_xml_error(answer, code, message=None, namespace=STS_NS, status=400):
    """STS's error document [probe]: ErrorResponse/Error(Type, Code, Message), then RequestId."""
    assert answer.status == status, answer
    assert answer.headers.get("Content-Type") == "text/xml", answer
    root = answer.xml()
    assert root.tag == "{%s}ErrorResponse" % namespace, answer
    assert [child.tag for child in root] == ["{%s}Error" % namespace,
                                            "{%s}RequestId" % namespace], answer
    error = root.find("{%s}Error" % namespace)
    assert [child.tag for child in error] == ["{%s}%s" % (namespace, t)
                                             for t in ("Type", "Code", "Message")], answer
    fields = {child.tag.split("}")[1]: child.text or "" for child in error}
    assert fields["Type"] == "Sender", answer
    assert fields["Code"] == code, answer
    if message is not None:
        assert fields["Message"] == message, answer
    assert root.find("{%s}RequestId" % namespace).text == _request_id(answer), answer
    return fields


def _assume_role_body(**fields):
    params = [("Action", "AssumeRole"), ("Version", "2011-06-15")]
    params += [(k, v) for k, v in fields.items() if v is not None]
    return urllib.parse.urlencode(params)


# --------------------------------------------------------------------------
# GetCallerIdentity
# --------------------------------------------------------------------------

@pytest.mark.local_differs(SRC_NO_STS)
def test_get_caller_identity_names_the_account_of_the_callers_tables(sts, target, table_factory):
    who = _call(sts.get_caller_identity)
    account = who["Account"]
    assert re.fullmatch(r"\d{12}", account), who
    _, created = table_factory("sts", wait=False)
    arn = created["TableDescription"]["TableArn"]
    assert arn.split(":")[4] == account, (arn, who)
    if target == "aws":
        # whatever principal the suite runs as, in the same account
        assert re.fullmatch(r"arn:aws[a-z-]*:(iam|sts)::%s:\S+" % account, who["Arn"]), who
        assert who["UserId"], who
        if who["Arn"].endswith(":root"):
            assert who["UserId"] == account, who
    else:
        # a plain access key is its account's root user
        assert who["Arn"] == "arn:aws:iam::%s:root" % account, who
        assert who["UserId"] == account, who
    assert who["ResponseMetadata"]["HTTPStatusCode"] == 200


@pytest.mark.local_differs(SRC_NO_STS)
def test_get_caller_identity_xml(raw_sts):
    answer = raw_sts("Action=GetCallerIdentity&Version=2011-06-15")
    assert answer.status == 200, answer
    assert answer.headers.get("Content-Type") == "text/xml", answer
    rid = _request_id(answer)
    root = answer.xml()
    assert root.tag == "{%s}GetCallerIdentityResponse" % STS_NS, answer
    result = root.find("{%s}GetCallerIdentityResult" % STS_NS)
    assert result is not None, answer
    assert [child.tag for child in result] == ["{%s}%s" % (STS_NS, t)
                                              for t in ("Arn", "UserId", "Account")], answer
    values = {child.tag.split("}")[1]: child.text for child in result}
    assert root.find("{%s}ResponseMetadata/{%s}RequestId" % (STS_NS, STS_NS)).text == rid, answer
    # [probe]: the whole body, two-space indentation, ending in a newline
    expected = (
        '<GetCallerIdentityResponse xmlns="%s">\n'
        "  <GetCallerIdentityResult>\n"
        "    <Arn>%s</Arn>\n"
        "    <UserId>%s</UserId>\n"
        "    <Account>%s</Account>\n"
        "  </GetCallerIdentityResult>\n"
        "  <ResponseMetadata>\n"
        "    <RequestId>%s</RequestId>\n"
        "  </ResponseMetadata>\n"
        "</GetCallerIdentityResponse>\n" % (STS_NS, values["Arn"], values["UserId"],
                                           values["Account"], rid))
    assert answer.body.decode("utf-8") == expected, answer


@pytest.mark.local_differs(SRC_NO_STS)
@pytest.mark.parametrize("body,content_type", [
    ("Action=GetCallerIdentity&Version=2011-06-15", "application/x-www-form-urlencoded"),
    ("Action=GetCallerIdentity&Version=2011-06-15&Unknown=ignored", FORM),
    ("Action=GetCallerIdentity&Version=2011-06-15&Action=NoSuchAction", FORM),
], ids=["no-charset", "unknown-parameter-ignored", "first-action-wins"])
def test_get_caller_identity_form_variants(raw_sts, body, content_type):
    """[probe]: both Content-Types succeed, unknown parameters are ignored, and of a repeated
    Action the first counts."""
    answer = raw_sts(body, content_type=content_type)
    assert answer.status == 200, answer
    root = answer.xml()
    assert root.tag == "{%s}GetCallerIdentityResponse" % STS_NS, answer
    account = root.find("{%s}GetCallerIdentityResult/{%s}Account" % (STS_NS, STS_NS)).text
    assert re.fullmatch(r"\d{12}", account or ""), answer


# --------------------------------------------------------------------------
# Actions: unknown, missing
# --------------------------------------------------------------------------

@pytest.mark.local_differs(SRC_NO_STS)
@pytest.mark.parametrize("body,message", [
    ("Action=NoSuchAction&Version=2011-06-15",
     "Could not find operation NoSuchAction for version 2011-06-15"),
    ("Action=&Version=2011-06-15", "Could not find operation  for version 2011-06-15"),
], ids=["unknown", "empty"])
def test_unknown_action_is_invalid_action(raw_sts, body, message):
    """[probe]: 400 InvalidAction in the AWSFault namespace, not STS's."""
    answer = raw_sts(body)
    _expect_xml_error(answer, "InvalidAction", message, namespace=AWS_FAULT_NS)
    rid = _request_id(answer)
    expected = ('<ErrorResponse xmlns="%s">\n  <Error>\n    <Type>Sender</Type>\n'
                "    <Code>InvalidAction</Code>\n    <Message>%s</Message>\n  </Error>\n"
                "  <RequestId>%s</RequestId>\n</ErrorResponse>\n" % (AWS_FAULT_NS, message, rid))
    assert answer.body.decode("utf-8") == expected, answer


@pytest.mark.local_differs(SRC_NO_STS)
@pytest.mark.parametrize("body,message", [
    ("Action=GetCallerIdentity", "Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED"),
    ("Action=GetCallerIdentity&Version=", "Could not find operation GetCallerIdentity for version "),
    ("Action=GetCallerIdentity&Version=2000-01-01",
     "Could not find operation GetCallerIdentity for version 2000-01-01"),
], ids=["no-version", "empty-version", "other-version"])
def test_known_action_in_another_version_is_invalid_action(raw_sts, body, message):
    """[probe]: an operation exists only in its version, 2011-06-15."""
    _expect_xml_error(raw_sts(body), "InvalidAction", message, namespace=AWS_FAULT_NS)


@pytest.mark.local_differs(SRC_NO_STS)
def test_get_caller_identity_by_get(raw_sts):
    """[probe]: STS takes the Query protocol's parameters in a GET's query string too; a GET
    naming no action is redirected with its query string."""
    answer = raw_sts.get("Action=GetCallerIdentity&Version=2011-06-15")
    assert answer.status == 200, answer
    root = answer.xml()
    assert root.tag == "{%s}GetCallerIdentityResponse" % STS_NS, answer
    redirected = raw_sts.get("Version=2011-06-15")
    assert redirected.status == 302, redirected
    assert redirected.headers.get("Location") == "https://aws.amazon.com/iam?Version=2011-06-15", redirected


@pytest.mark.local_differs(SRC_NO_STS)
def test_answers_carry_both_request_ids(raw_sts):
    """[probe]: STS's answers carry x-amz-sts-extended-request-id beside x-amzn-RequestId."""
    answer = raw_sts("Action=GetCallerIdentity&Version=2011-06-15")
    assert answer.status == 200, answer
    assert answer.headers.get("x-amz-sts-extended-request-id"), answer
    _request_id(answer)


@pytest.mark.local_differs(SRC_NO_STS)
@pytest.mark.parametrize("body", ["Version=2011-06-15", ""], ids=["version-only", "empty-body"])
def test_no_action_redirects_to_iam(raw_sts, body):
    """[probe]: a request naming no action is redirected, with an empty body."""
    answer = raw_sts(body)
    assert answer.status == 302, answer
    assert answer.headers.get("Location") == "https://aws.amazon.com/iam", answer
    assert answer.body == b"", answer
    _request_id(answer)


# --------------------------------------------------------------------------
# AssumeRole: validation (AWS validates before it looks at the role)
# --------------------------------------------------------------------------

ASSUME_ROLE_INVALID = [
    ("no-session-name", dict(RoleArn=ROLE_ARN),
     "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: "
     "Member must not be null"),
    ("no-role-arn", dict(RoleSessionName=SESSION),
     "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: "
     "Member must not be null"),
    ("role-arn-short", dict(RoleArn="not-an-arn", RoleSessionName=SESSION),
     "1 validation error detected: Value 'not-an-arn' at 'roleArn' failed to satisfy constraint: "
     "Member must have length greater than or equal to 20"),
    ("role-arn-not-an-arn", dict(RoleArn="nothing-valid-in-here", RoleSessionName=SESSION),
     "nothing-valid-in-here is invalid"),
    ("session-name-short", dict(RoleArn=ROLE_ARN, RoleSessionName="a"),
     "1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: "
     "Member must have length greater than or equal to 2"),
    ("session-name-pattern", dict(RoleArn=ROLE_ARN, RoleSessionName="bad/name"),
     "1 validation error detected: Value 'bad/name' at 'roleSessionName' failed to satisfy "
     "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"),
    ("duration-899", dict(RoleArn=ROLE_ARN, RoleSessionName=SESSION, DurationSeconds="899"),
     "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy "
     "constraint: Member must have value greater than or equal to 900"),
    ("duration-43201", dict(RoleArn=ROLE_ARN, RoleSessionName=SESSION, DurationSeconds="43201"),
     "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy "
     "constraint: Member must have value less than or equal to 43200"),
]


@pytest.mark.local_differs(SRC_NO_STS)
@pytest.mark.parametrize("fields,message", [pytest.param(f, m, id=i)
                                            for i, f, m in ASSUME_ROLE_INVALID])
def test_assume_role_validation_error(raw_sts, fields, message):
    """[probe]: ValidationError, 400, STS namespace, the exact texts."""
    _expect_xml_error(raw_sts(_assume_role_body(**fields)), "ValidationError", message)


@pytest.mark.local_differs(SRC_NO_STS)
@pytest.mark.parametrize("duration,message", [
    ("abc", None), ("900.0", None), ("", "missing value for decimal type"),
], ids=["not-a-number", "fraction", "empty"])
def test_assume_role_malformed_duration(raw_sts, duration, message):
    """[probe]: a DurationSeconds that is no integer is MalformedInput, not ValidationError."""
    body = _assume_role_body(RoleArn=ROLE_ARN, RoleSessionName=SESSION, DurationSeconds=duration)
    _expect_xml_error(raw_sts(body), "MalformedInput", message)


@pytest.mark.local_differs(SRC_NO_STS)
def test_assume_role_missing_session_name_through_the_sdk(sts):
    expect_error(lambda: _call(sts.assume_role, RoleArn=ROLE_ARN), "ValidationError",
                 "1 validation error detected: Value null at 'roleSessionName' failed to satisfy "
                 "constraint: Member must not be null")


# --------------------------------------------------------------------------
# AssumeRole: credentials of the role's account
# --------------------------------------------------------------------------

@pytest.fixture
def assumed(sts, target):
    if target == "aws":
        pytest.skip(SKIP_AWS_ROLE)
    return _call(sts.assume_role, RoleArn=ROLE_ARN, RoleSessionName=SESSION)


@pytest.mark.local_differs(SRC_NO_STS)
def test_assume_role_answer(assumed):
    user = assumed["AssumedRoleUser"]
    assert user["Arn"] == "arn:aws:sts::%s:assumed-role/demo/%s" % (ROLE_ACCOUNT, SESSION), assumed
    role_id, _, session = user["AssumedRoleId"].partition(":")
    assert session == SESSION, assumed
    assert re.fullmatch(r"AROA[A-Z0-9]{17}", role_id), assumed
    creds = assumed["Credentials"]
    assert re.fullmatch(r"ASIA[A-Z0-9]{16}", creds["AccessKeyId"]), creds
    assert re.fullmatch(r"[A-Za-z0-9+/=]{40}", creds["SecretAccessKey"]), creds
    assert creds["SessionToken"], creds
    assert "PackedPolicySize" not in assumed, assumed  # no policy or tags were passed
    # default session: one hour from the answer's Date (both to the second)
    assert 3599 <= _lifetime(creds["Expiration"], _answer_date(assumed)) <= 3601, assumed


@pytest.mark.local_differs(SRC_NO_STS)
def test_assumed_role_credentials_reach_the_roles_account(assumed, ddb, target, endpoint_url,
                                                           region):
    creds = assumed["Credentials"]
    role_ddb = _client("dynamodb", target, endpoint_url, region, creds["AccessKeyId"],
                       creds["SecretAccessKey"], creds["SessionToken"])
    name = unique_name("role")
    try:
        created = role_ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                                        **hash_schema())
        arn = created["TableDescription"]["TableArn"]
        assert arn == "arn:aws:dynamodb:%s:%s:table/%s" % (region, ROLE_ACCOUNT, name), arn
        wait_exists(role_ddb, name)
        assert name in _all_table_names(role_ddb)
        # the suite's own credentials are another account: the table is not theirs
        assert name not in _all_table_names(ddb)
        expect_error(lambda: ddb.describe_table(TableName=name), "ResourceNotFoundException")
    finally:
        delete_quietly(role_ddb, name)


@pytest.mark.local_differs(SRC_NO_STS)
def test_assumed_role_caller_identity(assumed, target, sts_endpoint, region):
    creds = assumed["Credentials"]
    role_sts = _client("sts", target, sts_endpoint, region, creds["AccessKeyId"],
                       creds["SecretAccessKey"], creds["SessionToken"])
    who = _call(role_sts.get_caller_identity)
    assert who["Arn"] == "arn:aws:sts::%s:assumed-role/demo/%s" % (ROLE_ACCOUNT, SESSION), who
    assert who["Account"] == ROLE_ACCOUNT, who
    assert who["UserId"] == assumed["AssumedRoleUser"]["AssumedRoleId"], (who, assumed)


@pytest.mark.local_differs(SRC_NO_STS)
@pytest.mark.parametrize("duration", ["900", "+900", "0900"])
def test_assume_role_duration_spellings(raw_sts, target, duration):
    """[probe]: `+900` and `0900` are 900 seconds too."""
    if target == "aws":
        pytest.skip(SKIP_AWS_ROLE)
    answer = raw_sts(_assume_role_body(RoleArn=ROLE_ARN, RoleSessionName=SESSION,
                                       DurationSeconds=duration))
    assert answer.status == 200, answer
    root = answer.xml()
    assert root.tag == "{%s}AssumeRoleResponse" % STS_NS, answer
    result = root.find("{%s}AssumeRoleResult" % STS_NS)
    # [probe]: AssumedRoleUser first, then Credentials in this order
    assert [child.tag for child in result] == ["{%s}AssumedRoleUser" % STS_NS,
                                              "{%s}Credentials" % STS_NS], answer
    creds = result.find("{%s}Credentials" % STS_NS)
    assert [child.tag for child in creds] == ["{%s}%s" % (STS_NS, t) for t in (
        "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration")], answer
    expiration = datetime.datetime.fromisoformat(
        creds.find("{%s}Expiration" % STS_NS).text.replace("Z", "+00:00"))
    date = email.utils.parsedate_to_datetime(answer.headers["Date"])
    assert 899 <= _lifetime(expiration, date) <= 901, answer


# --------------------------------------------------------------------------
# GetSessionToken
# --------------------------------------------------------------------------

@pytest.mark.local_differs(SRC_NO_STS)
def test_get_session_token_credentials_act_as_the_caller(sts, ddb, target, sts_endpoint,
                                                         endpoint_url, region, table_factory):
    if target == "aws" and boto3.Session().get_credentials().token:
        pytest.skip("GetSessionToken cannot be called with temporary credentials")
    me = _call(sts.get_caller_identity)
    resp = _call(sts.get_session_token)
    creds = resp["Credentials"]
    assert re.fullmatch(r"ASIA[A-Z0-9]{16}", creds["AccessKeyId"]), creds
    assert re.fullmatch(r"[A-Za-z0-9+/=]{40}", creds["SecretAccessKey"]), creds
    assert creds["SessionToken"], creds
    lifetime = _lifetime(creds["Expiration"], _answer_date(resp))
    assert 900 - 1 <= lifetime <= 43200 + 1, resp  # BC model: default 43200 (root: 3600)
    if target != "aws":
        # ddbemu's callers are their account's root, whose sessions last an hour at most,
        # however long they ask for (BC model, GetSessionToken DurationSeconds)
        assert abs(lifetime - 3600) <= 1, resp
        longer = _call(sts.get_session_token, DurationSeconds=7200)
        assert abs(_lifetime(longer["Credentials"]["Expiration"], _answer_date(longer)) - 3600) <= 1, longer

    session_sts = _client("sts", target, sts_endpoint, region, creds["AccessKeyId"],
                          creds["SecretAccessKey"], creds["SessionToken"])
    who = _call(session_sts.get_caller_identity)
    assert (who["Account"], who["Arn"], who["UserId"]) == (me["Account"], me["Arn"],
                                                           me["UserId"]), (who, me)

    # the same account's tables
    name, created = table_factory("sess")
    session_ddb = _client("dynamodb", target, endpoint_url, region, creds["AccessKeyId"],
                          creds["SecretAccessKey"], creds["SessionToken"])
    seen = session_ddb.describe_table(TableName=name)["Table"]
    assert seen["TableArn"] == created["TableDescription"]["TableArn"], (seen, created)
    session_ddb.put_item(TableName=name, Item={"pk": {"S": "from-session"}})
    got = ddb.get_item(TableName=name, Key={"pk": {"S": "from-session"}}, ConsistentRead=True)
    assert got.get("Item") == {"pk": {"S": "from-session"}}, got


@pytest.mark.local_differs(SRC_NO_STS)
@pytest.mark.parametrize("duration", ["899", "129601"])
def test_get_session_token_duration_out_of_range(raw_sts, duration):
    """BC model: GetSessionToken's DurationSeconds is 900..129600."""
    body = "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=" + duration
    _expect_xml_error(raw_sts(body), "ValidationError")


# --------------------------------------------------------------------------
# ddbemu --accounts FILE
# --------------------------------------------------------------------------

@pytest.fixture
def accounts_server(target, tmp_path):
    """A ddbemu of its own, started with an accounts file."""
    if target != "emulator":
        pytest.skip("starts its own ddbemu with --accounts (ddbemu only)")
    accounts = tmp_path / "accounts"
    accounts.write_text("# access key -> account\n"
                        "AKIDONE 111111111111\n"
                        "*       222222222222   # every other key\n")
    binary = os.path.abspath(os.environ.get("DDBEMU_BIN", local_servers.DEFAULT_DDBEMU_BIN))
    if not os.path.isfile(binary):
        pytest.skip("ddbemu binary not found at %s" % binary)
    server = local_servers.ServerProcess("ddbemu", [binary, "--accounts", str(accounts)],
                                         "--port", cwd=REPO_ROOT, timeout=15)
    try:
        yield server
    finally:
        server.stop()


def test_accounts_file_maps_keys_to_accounts(accounts_server, region):
    endpoint = accounts_server.endpoint
    keys = {"AKIDONE": "111111111111", "AKIDTWO": "222222222222", "AKIDTHREE": "222222222222"}
    sts_of = {k: _client("sts", "emulator", endpoint, region, k, "secret" + k) for k in keys}
    ddb_of = {k: _client("dynamodb", "emulator", endpoint, region, k, "secret" + k) for k in keys}

    for key, account in keys.items():
        who = sts_of[key].get_caller_identity()
        assert (who["Account"], who["Arn"], who["UserId"]) == (
            account, "arn:aws:iam::%s:root" % account, account), (key, who)
    info = sts_of["AKIDTWO"].get_access_key_info(AccessKeyId="AKIDONE")
    assert info["Account"] == "111111111111", info

    one = unique_name("acct_one")
    two = unique_name("acct_two")
    created = ddb_of["AKIDONE"].create_table(TableName=one, BillingMode="PAY_PER_REQUEST",
                                             **hash_schema())
    assert created["TableDescription"]["TableArn"] == \
        "arn:aws:dynamodb:%s:111111111111:table/%s" % (region, one), created
    created = ddb_of["AKIDTWO"].create_table(TableName=two, BillingMode="PAY_PER_REQUEST",
                                             **hash_schema())
    assert created["TableDescription"]["TableArn"] == \
        "arn:aws:dynamodb:%s:222222222222:table/%s" % (region, two), created
    wait_exists(ddb_of["AKIDONE"], one)
    wait_exists(ddb_of["AKIDTWO"], two)

    # two keys of one account share its tables
    assert _all_table_names(ddb_of["AKIDTWO"]) == _all_table_names(ddb_of["AKIDTHREE"]) == [two]
    ddb_of["AKIDTWO"].put_item(TableName=two, Item={"pk": {"S": "k"}, "by": {"S": "two"}})
    got = ddb_of["AKIDTHREE"].get_item(TableName=two, Key={"pk": {"S": "k"}}, ConsistentRead=True)
    assert got["Item"] == {"pk": {"S": "k"}, "by": {"S": "two"}}, got
    assert ddb_of["AKIDTHREE"].describe_table(TableName=two)["Table"]["TableArn"].split(":")[4] \
        == "222222222222"

    # another account's are out of sight, and their names are free
    assert _all_table_names(ddb_of["AKIDONE"]) == [one]
    expect_error(lambda: ddb_of["AKIDONE"].describe_table(TableName=two),
                 "ResourceNotFoundException")
    expect_error(lambda: ddb_of["AKIDTHREE"].describe_table(TableName=one),
                 "ResourceNotFoundException")
    again = ddb_of["AKIDTHREE"].create_table(TableName=one, BillingMode="PAY_PER_REQUEST",
                                             **hash_schema("id", "N"))
    assert again["TableDescription"]["TableArn"] == \
        "arn:aws:dynamodb:%s:222222222222:table/%s" % (region, one), again
    assert ddb_of["AKIDONE"].describe_table(TableName=one)["Table"]["KeySchema"] == \
        [{"AttributeName": "pk", "KeyType": "HASH"}]
