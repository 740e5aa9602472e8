"""CreateTable: accepted shapes, validation errors (exact messages), duplicates, options."""

import datetime
import random
import re

import pytest
from botocore.exceptions import ClientError

from helpers import (expect_error, hash_range_schema, hash_schema, unique_name, wait_exists)

SRC_ORACLE = "docs/dynamodb-local-oracle.md, table row"
SRC_NUBO_CAPTURE = ("nubo-db/dynamodb-conformance captures/2026-06-09-validation-rewording.json "
                    "(identical in us-east-1, eu-west-2, eu-central-1, ap-southeast-2)")
SRC_NUBO_T3 = "nubo-db/dynamodb-conformance tests/tier3/error-messages/createTable.test.ts (real AWS)"
SRC_DYNALITE = "mhart/dynalite test/createTable.js (run against AWS)"
SRC_DYNOXIDE = "nubo-db/dynoxide src/actions/create_table.rs (messages captured from AWS)"
# DynamoDB Local has its own CreateTable validator with its own wording:
LOCAL_NAME_MSG = ("Local: 'Invalid table/index name.  Table/index names must be between 3 and "
                  "255 characters long, and may contain only the characters a-z, A-Z, 0-9, "
                  "'_', '-', and '.''")

KS = [{"AttributeName": "pk", "KeyType": "HASH"}]
AD = [{"AttributeName": "pk", "AttributeType": "S"}]
PT = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}


def _create(ddb, table_factory, **params):
    """create_table that still cleans up if a server wrongly accepts the request."""
    name = params.setdefault("TableName", unique_name("ct"))
    table_factory.track(name)
    return ddb.create_table(**params)


# ---------------------------------------------------------------------------
# Accepted requests
# ---------------------------------------------------------------------------

def test_create_pay_per_request_hash_table(ddb, table_factory):
    name, resp = table_factory("ppr", wait=False)
    desc = resp["TableDescription"]
    assert desc["TableName"] == name
    assert desc["KeySchema"] == KS
    assert desc["AttributeDefinitions"] == AD
    assert desc["TableStatus"] in ("CREATING", "ACTIVE")
    assert desc["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert desc["ItemCount"] == 0
    assert desc["TableSizeBytes"] == 0
    assert isinstance(desc["CreationDateTime"], datetime.datetime)
    wait_exists(ddb, name)
    assert ddb.describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE"


def test_create_provisioned_composite_table(ddb, table_factory):
    schema = hash_range_schema("h", "N", "r", "B")
    name, resp = table_factory("prov", schema=schema, wait=False,
                               ProvisionedThroughput={"ReadCapacityUnits": 3,
                                                      "WriteCapacityUnits": 4})
    desc = resp["TableDescription"]
    assert desc["KeySchema"] == schema["KeySchema"]
    assert desc["AttributeDefinitions"] == schema["AttributeDefinitions"]
    assert desc["ProvisionedThroughput"]["ReadCapacityUnits"] == 3
    assert desc["ProvisionedThroughput"]["WriteCapacityUnits"] == 4
    assert desc["ProvisionedThroughput"]["NumberOfDecreasesToday"] == 0
    wait_exists(ddb, name)


@pytest.mark.local_differs(SRC_ORACLE + " 'CreateTable' (AWS: CREATING then ACTIVE; "
                           "Local: ACTIVE at once)")
def test_create_returns_creating(table_factory):
    _, resp = table_factory("creating", wait=False)
    assert resp["TableDescription"]["TableStatus"] == "CREATING"


@pytest.mark.local_differs(SRC_ORACLE + " 'DescribeTable TableId' (AWS: present; Local: absent)")
def test_create_returns_table_id(ddb, table_factory):
    name, resp = table_factory("tableid")
    table_id = resp["TableDescription"].get("TableId")
    assert table_id and re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", table_id), resp
    assert ddb.describe_table(TableName=name)["Table"]["TableId"] == table_id


@pytest.mark.local_differs(SRC_ORACLE + " 'TableArn region' (AWS: the request's region; "
                           "Local: 'ddblocal')")
def test_table_arn_names_region_and_account(table_factory, region):
    name, resp = table_factory("arn", wait=False)
    arn = resp["TableDescription"]["TableArn"]
    assert re.fullmatch(r"arn:aws:dynamodb:%s:\d{12}:table/%s" % (re.escape(region), name),
                        arn), arn


def _fresh_name(ddb, length, alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-"):
    """A random valid name of exactly `length` chars that names no existing table."""
    for _ in range(20):
        name = "".join(random.choice(alphabet) for _ in range(length))
        try:
            ddb.describe_table(TableName=name)
        except ClientError as e:
            if e.response["Error"]["Code"] == "ResourceNotFoundException":
                return name
            raise
    raise AssertionError("could not find an unused table name")


@pytest.mark.parametrize("length", [3, 255], ids=["min-length", "max-length"])
def test_table_name_length_limits_accepted(ddb, table_factory, length):
    name = _fresh_name(ddb, length)
    table_factory(TableName=name)
    assert ddb.describe_table(TableName=name)["Table"]["TableName"] == name


def test_table_name_all_character_classes_accepted(ddb, table_factory):
    name = unique_name("a.b-c_D9")
    table_factory(TableName=name)
    assert ddb.describe_table(TableName=name)["Table"]["TableName"] == name


def test_streams_reported_in_describe_table(ddb, table_factory):
    name, resp = table_factory(
        "stream", StreamSpecification={"StreamEnabled": True,
                                       "StreamViewType": "NEW_AND_OLD_IMAGES"})
    for desc in (resp["TableDescription"], ddb.describe_table(TableName=name)["Table"]):
        assert desc["StreamSpecification"] == {"StreamEnabled": True,
                                               "StreamViewType": "NEW_AND_OLD_IMAGES"}
        assert desc["LatestStreamLabel"]
        assert desc["LatestStreamArn"] == (desc["TableArn"] + "/stream/"
                                           + desc["LatestStreamLabel"])


def test_stream_disabled_is_accepted(ddb, table_factory):
    name, _ = table_factory("streamoff", StreamSpecification={"StreamEnabled": False})
    desc = ddb.describe_table(TableName=name)["Table"]
    assert "LatestStreamArn" not in desc
    assert desc.get("StreamSpecification", {"StreamEnabled": False}) == {"StreamEnabled": False}


def test_stream_disabled_with_view_type_rejected(ddb, table_factory):
    # Rejected by AWS per nubo-db/dynamodb-conformance tests/tier1/createTable/
    # specValidation.test.ts ('rejects a disabled stream carrying a StreamViewType').
    expect_error(lambda: _create(ddb, table_factory, KeySchema=KS, AttributeDefinitions=AD,
                                 BillingMode="PAY_PER_REQUEST",
                                 StreamSpecification={"StreamEnabled": False,
                                                      "StreamViewType": "NEW_IMAGE"}),
                 "ValidationException")


@pytest.mark.local_differs(
    "Local ignores SSESpecification; AWS reports SSEDescription with SSEType KMS when "
    "Enabled is true per https://docs.aws.amazon.com/goto/WebAPI/dynamodb-2012-08-10/"
    "SSESpecification ('If enabled (true), server-side encryption type is set to KMS')")
def test_sse_reported_in_describe_table(ddb, table_factory):
    name, _ = table_factory("sse", SSESpecification={"Enabled": True})
    sse = ddb.describe_table(TableName=name)["Table"].get("SSEDescription")
    assert sse is not None
    assert sse["SSEType"] == "KMS"
    assert sse["Status"] in ("ENABLING", "ENABLED")


def test_create_with_tags_is_accepted(ddb, table_factory):
    name, resp = table_factory("tags", Tags=[{"Key": "owner", "Value": "conformance"}])
    assert resp["TableDescription"]["TableName"] == name


@pytest.mark.local_differs(SRC_ORACLE + " 'Tag APIs' (Local: 'Tagging is not currently "
                           "supported in DynamoDB Local.')")
def test_tags_given_at_create_are_listed(ddb, table_factory):
    name, resp = table_factory("tags", Tags=[{"Key": "owner", "Value": "conformance"},
                                             {"Key": "env", "Value": "ci"}])
    arn = resp["TableDescription"]["TableArn"]
    tags = ddb.list_tags_of_resource(ResourceArn=arn)["Tags"]
    assert sorted(tags, key=lambda t: t["Key"]) == [{"Key": "env", "Value": "ci"},
                                                     {"Key": "owner", "Value": "conformance"}]


# ---------------------------------------------------------------------------
# Duplicate table
# ---------------------------------------------------------------------------

@pytest.mark.local_differs("Local: ResourceInUseException 'Cannot create preexisting table'; "
                           "AWS text per " + SRC_DYNOXIDE)
def test_duplicate_table_is_resource_in_use(ddb, table):
    expect_error(lambda: ddb.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                                          **hash_schema()),
                 "ResourceInUseException", "Table already exists: %s" % table)


def test_duplicate_table_code(ddb, table):
    expect_error(lambda: ddb.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                                          **hash_schema()),
                 "ResourceInUseException")


# ---------------------------------------------------------------------------
# Table name
# ---------------------------------------------------------------------------

@pytest.mark.local_differs(LOCAL_NAME_MSG + "; AWS text per " + SRC_NUBO_CAPTURE + " s_ct_table_short")
def test_table_name_too_short(ddb, table_factory):
    expect_error(lambda: _create(ddb, table_factory, TableName="ab", KeySchema=KS,
                                 AttributeDefinitions=AD, BillingMode="PAY_PER_REQUEST"),
                 "ValidationException",
                 "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy "
                 "constraint: Member must have length greater than or equal to 3")


@pytest.mark.local_differs(LOCAL_NAME_MSG + "; AWS text per " + SRC_NUBO_CAPTURE
                           + " s_put_table_long (same Coral constraint on tableName)")
def test_table_name_too_long(ddb, table_factory):
    name = "a" * 256
    expect_error(lambda: _create(ddb, table_factory, TableName=name, KeySchema=KS,
                                 AttributeDefinitions=AD, BillingMode="PAY_PER_REQUEST"),
                 "ValidationException",
                 "1 validation error detected: Value '%s' at 'tableName' failed to satisfy "
                 "constraint: Member must have length less than or equal to 255" % name)


@pytest.mark.local_differs(LOCAL_NAME_MSG + "; AWS text per " + SRC_NUBO_CAPTURE
                           + " s_put_table_badchars and " + SRC_DYNALITE)
@pytest.mark.parametrize("name", ["abc;", "with space", "caf\u00e9s"])
def test_table_name_bad_characters(ddb, table_factory, name):
    expect_error(lambda: _create(ddb, table_factory, TableName=name, KeySchema=KS,
                                 AttributeDefinitions=AD, BillingMode="PAY_PER_REQUEST"),
                 "ValidationException",
                 "1 validation error detected: Value '%s' at 'tableName' failed to satisfy "
                 "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
                 % name)


@pytest.mark.parametrize("name", ["ab", "a" * 256, "abc;", ""], ids=["short", "long", "char", "empty"])
def test_table_name_invalid_is_validation_exception(ddb, table_factory, name):
    expect_error(lambda: _create(ddb, table_factory, TableName=name, KeySchema=KS,
                                 AttributeDefinitions=AD, BillingMode="PAY_PER_REQUEST"),
                 "ValidationException")


# ---------------------------------------------------------------------------
# Key schema and attribute definitions
# ---------------------------------------------------------------------------

@pytest.mark.local_differs("Local: 'No defined key schema.  A key schema containing at least a "
                           "hash key must be defined for all tables'; AWS text per " + SRC_DYNALITE
                           + " ('empty AttributeDefinitions') and " + SRC_DYNOXIDE)
def test_missing_key_schema(ddb, table_factory):
    expect_error(lambda: _create(ddb, table_factory, AttributeDefinitions=AD,
                                 BillingMode="PAY_PER_REQUEST"),
                 "ValidationException",
                 "1 validation error detected: Value null at 'keySchema' failed to satisfy "
                 "constraint: Member must not be null")


@pytest.mark.local_differs("Local: 'No Attribute Schema Defined'; AWS text per " + SRC_DYNALITE
                           + " ('null attributes') and " + SRC_DYNOXIDE)
def test_missing_attribute_definitions(ddb, table_factory):
    expect_error(lambda: _create(ddb, table_factory, KeySchema=KS, BillingMode="PAY_PER_REQUEST"),
                 "ValidationException",
                 "1 validation error detected: Value null at 'attributeDefinitions' failed to "
                 "satisfy constraint: Member must not be null")


@pytest.mark.local_differs("Local: 'No Hash Key specified in schema.  All Dynamo DB tables must "
                           "have exactly one hash key'; AWS text per " + SRC_DYNALITE
                           + " ('low ProvisionedThroughput') and " + SRC_DYNOXIDE)
def test_empty_key_schema(ddb, table_factory):
    expect_error(lambda: _create(ddb, table_factory, KeySchema=[], AttributeDefinitions=AD,
                                 BillingMode="PAY_PER_REQUEST"),
                 "ValidationException",
                 "1 validation error detected: Value '[]' at 'keySchema' failed to satisfy "
                 "constraint: Member must have length greater than or equal to 1")


@pytest.mark.local_differs("Local: 'Hash Key not specified in Attribute Definitions.  Type "
                           "unknown.'; AWS text per " + SRC_DYNALITE)
def test_key_attribute_not_defined(ddb, table_factory):
    expect_error(lambda: _create(ddb, table_factory,
                                 KeySchema=[{"AttributeName": "a", "KeyType": "HASH"}],
                                 AttributeDefinitions=[{"AttributeName": "b",
                                                        "AttributeType": "S"}],
                                 BillingMode="PAY_PER_REQUEST"),
                 "ValidationException",
                 "One or more parameter values were invalid: Some index key attributes are not "
                 "defined in AttributeDefinitions. Keys: [a], AttributeDefinitions: [b]")


@pytest.mark.local_differs("Local: 'The number of attributes in key schema must match the "
                           "number of attributes defined in attribute definitions.'; AWS text per "
                           + SRC_DYNALITE)
def test_extra_attribute_definition(ddb, table_factory):
    expect_error(lambda: _create(ddb, table_factory, KeySchema=KS,
                                 AttributeDefinitions=AD + [{"AttributeName": "extra",
                                                             "AttributeType": "N"}],
                                 BillingMode="PAY_PER_REQUEST"),
                 "ValidationException",
                 "One or more parameter values were invalid: Number of attributes in KeySchema "
                 "does not exactly match number of attributes defined in AttributeDefinitions")


def test_extra_attribute_definition_is_validation_exception(ddb, table_factory):
    expect_error(lambda: _create(ddb, table_factory, KeySchema=KS,
                                 AttributeDefinitions=AD + [{"AttributeName": "extra",
                                                             "AttributeType": "N"}],
                                 BillingMode="PAY_PER_REQUEST"),
                 "ValidationException")


@pytest.mark.local_differs("Local: 'No Hash Key specified in schema...'; AWS text per "
                           + SRC_NUBO_T3 + " ('invalid KeyType')")
def test_invalid_key_type(ddb, table_factory):
    expect_error(lambda: _create(ddb, table_factory,
                                 KeySchema=[{"AttributeName": "pk", "KeyType": "INVALID"}],
                                 AttributeDefinitions=AD, ProvisionedThroughput={
                                     "ReadCapacityUnits": 5, "WriteCapacityUnits": 5}),
                 "ValidationException",
                 "1 validation error detected: Value 'INVALID' at 'keySchema.1.member.keyType' "
                 "failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]")


@pytest.mark.local_differs("Local: 'Member must satisfy enum value set: [B, N, S]' without the "
                           "Coral prefix; AWS text per " + SRC_NUBO_T3 + " ('invalid AttributeType')")
@pytest.mark.parametrize("attr_type", ["INVALID", "SS", "BOOL"])
def test_invalid_attribute_type(ddb, table_factory, attr_type):
    expect_error(lambda: _create(ddb, table_factory, KeySchema=KS,
                                 AttributeDefinitions=[{"AttributeName": "pk",
                                                        "AttributeType": attr_type}],
                                 ProvisionedThroughput={"ReadCapacityUnits": 5,
                                                        "WriteCapacityUnits": 5}),
                 "ValidationException",
                 "1 validation error detected: Value '%s' at "
                 "'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: "
                 "Member must satisfy enum value set: [B, N, S]" % attr_type)


@pytest.mark.local_differs("Local: 'Invalid key order. Hash Key must be specified first in key "
                           "schema, Range Key must be specifed second'; AWS text per " + SRC_DYNALITE)
def test_first_key_not_hash(ddb, table_factory):
    expect_error(lambda: _create(ddb, table_factory,
                                 KeySchema=[{"AttributeName": "a", "KeyType": "RANGE"},
                                            {"AttributeName": "b", "KeyType": "HASH"}],
                                 AttributeDefinitions=[{"AttributeName": "a", "AttributeType": "S"},
                                                       {"AttributeName": "b", "AttributeType": "S"}],
                                 BillingMode="PAY_PER_REQUEST"),
                 "ValidationException",
                 "Invalid KeySchema: The first KeySchemaElement is not a HASH key type")


@pytest.mark.local_differs("Local: 'Too many hash keys specified.  All Dynamo DB tables must "
                           "have exactly one hash key'; AWS text per " + SRC_DYNALITE)
def test_second_key_not_range(ddb, table_factory):
    expect_error(lambda: _create(ddb, table_factory,
                                 KeySchema=[{"AttributeName": "a", "KeyType": "HASH"},
                                            {"AttributeName": "b", "KeyType": "HASH"}],
                                 AttributeDefinitions=[{"AttributeName": "a", "AttributeType": "S"},
                                                       {"AttributeName": "b", "AttributeType": "S"}],
                                 BillingMode="PAY_PER_REQUEST"),
                 "ValidationException",
                 "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")


@pytest.mark.local_differs("Local: 'Two keys can not have the same name'; AWS text per "
                           + SRC_NUBO_T3 + " ('duplicate attribute in KeySchema')")
def test_hash_and_range_same_attribute(ddb, table_factory):
    expect_error(lambda: _create(ddb, table_factory,
                                 KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                            {"AttributeName": "pk", "KeyType": "RANGE"}],
                                 AttributeDefinitions=AD,
                                 ProvisionedThroughput={"ReadCapacityUnits": 5,
                                                        "WriteCapacityUnits": 5}),
                 "ValidationException",
                 "Invalid KeySchema: Some index key attribute have no definition")


@pytest.mark.local_differs("Local: 'Key Schema too big.  Key Schema must at most consist of the "
                           "hash and range key of a table'; AWS text per " + SRC_NUBO_T3
                           + " ('more than 2 KeySchema elements')")
def test_too_many_key_schema_elements(ddb, table_factory):
    expect_error(lambda: _create(ddb, table_factory,
                                 KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                            {"AttributeName": "sk", "KeyType": "RANGE"},
                                            {"AttributeName": "extra", "KeyType": "RANGE"}],
                                 AttributeDefinitions=[
                                     {"AttributeName": "pk", "AttributeType": "S"},
                                     {"AttributeName": "sk", "AttributeType": "S"},
                                     {"AttributeName": "extra", "AttributeType": "S"}],
                                 ProvisionedThroughput={"ReadCapacityUnits": 5,
                                                        "WriteCapacityUnits": 5}),
                 "ValidationException",
                 "1 validation error detected: Value '[KeySchemaElement(attributeName=pk, "
                 "keyType=HASH), KeySchemaElement(attributeName=sk, keyType=RANGE), "
                 "KeySchemaElement(attributeName=extra, keyType=RANGE)]' at 'keySchema' failed "
                 "to satisfy constraint: Member must have length less than or equal to 2")


@pytest.mark.parametrize("key_schema,attr_defs", [
    ([{"AttributeName": "a", "KeyType": "RANGE"}], [{"AttributeName": "a", "AttributeType": "S"}]),
    ([{"AttributeName": "a", "KeyType": "HASH"}, {"AttributeName": "b", "KeyType": "HASH"}],
     [{"AttributeName": "a", "AttributeType": "S"}, {"AttributeName": "b", "AttributeType": "S"}]),
    ([{"AttributeName": "a", "KeyType": "HASH"}], [{"AttributeName": "z", "AttributeType": "S"}]),
    ([{"AttributeName": "a", "KeyType": "HASH"}], [{"AttributeName": "a", "AttributeType": "Q"}]),
], ids=["range-only", "two-hash", "undefined-key", "bad-type"])
def test_invalid_schemas_are_validation_exception(ddb, table_factory, key_schema, attr_defs):
    # Source for the error code: scylladb test/alternator/test_table.py
    # ::test_create_table_invalid_schema (run against AWS).
    expect_error(lambda: _create(ddb, table_factory, KeySchema=key_schema,
                                 AttributeDefinitions=attr_defs, BillingMode="PAY_PER_REQUEST"),
                 "ValidationException")


# ---------------------------------------------------------------------------
# Billing mode and provisioned throughput
# ---------------------------------------------------------------------------

@pytest.mark.local_differs(
    "Local accepts ProvisionedThroughput with PAY_PER_REQUEST (and reports 0/0); AWS rejects it "
    "per scylladb test/alternator/test_table.py::test_create_table_billing_mode_errors, text per "
    + SRC_DYNOXIDE)
def test_pay_per_request_with_throughput(ddb, table_factory):
    expect_error(lambda: _create(ddb, table_factory, KeySchema=KS, AttributeDefinitions=AD,
                                 BillingMode="PAY_PER_REQUEST", ProvisionedThroughput=PT),
                 "ValidationException",
                 "One or more parameter values were invalid: Neither ReadCapacityUnits nor "
                 "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")


@pytest.mark.local_differs("Local: 'No provisioned throughput specified for the table'; AWS "
                           "text per " + SRC_NUBO_CAPTURE + " c_ct_3keys and " + SRC_DYNOXIDE)
def test_provisioned_without_throughput(ddb, table_factory):
    expect_error(lambda: _create(ddb, table_factory, KeySchema=KS, AttributeDefinitions=AD,
                                 BillingMode="PROVISIONED"),
                 "ValidationException",
                 "One or more parameter values were invalid: ReadCapacityUnits and "
                 "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")


def test_default_billing_mode_requires_throughput(ddb, table_factory):
    # BillingMode defaults to PROVISIONED, so ProvisionedThroughput is required
    # (scylladb test_table.py::test_create_table_billing_mode_errors, run against AWS).
    expect_error(lambda: _create(ddb, table_factory, KeySchema=KS, AttributeDefinitions=AD),
                 "ValidationException")


def test_default_billing_mode_is_provisioned(ddb, table_factory):
    name, resp = table_factory("defbill", ProvisionedThroughput=PT)
    desc = ddb.describe_table(TableName=name)["Table"]
    assert desc["ProvisionedThroughput"]["ReadCapacityUnits"] == 1
    assert desc["ProvisionedThroughput"]["WriteCapacityUnits"] == 1
    assert desc.get("BillingModeSummary", {"BillingMode": "PROVISIONED"})["BillingMode"] == \
        "PROVISIONED"


@pytest.mark.local_differs("Local answers 500 InternalFailure for an unknown BillingMode; AWS "
                           "answers ValidationException per scylladb test_table.py"
                           "::test_create_table_billing_mode_errors, text per " + SRC_DYNOXIDE)
@pytest.mark.parametrize("mode", ["unknown", "pay_per_request"])
def test_invalid_billing_mode(ddb, table_factory, mode):
    expect_error(lambda: _create(ddb, table_factory, KeySchema=KS, AttributeDefinitions=AD,
                                 BillingMode=mode),
                 "ValidationException",
                 "1 validation error detected: Value '%s' at 'billingMode' failed to satisfy "
                 "constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]"
                 % mode)


@pytest.mark.local_differs("Local: 'Table read and write throughput must be at least 1, and "
                           "cannot be null'; AWS text per " + SRC_DYNALITE
                           + " ('high ProvisionedThroughput.ReadCapacityUnits and neg')")
def test_throughput_below_one(ddb, table_factory):
    expect_error(lambda: _create(ddb, table_factory, KeySchema=KS, AttributeDefinitions=AD,
                                 ProvisionedThroughput={"ReadCapacityUnits": 1,
                                                        "WriteCapacityUnits": 0}),
                 "ValidationException",
                 "1 validation error detected: Value '0' at "
                 "'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: "
                 "Member must have value greater than or equal to 1")


def test_throughput_below_one_is_validation_exception(ddb, table_factory):
    expect_error(lambda: _create(ddb, table_factory, KeySchema=KS, AttributeDefinitions=AD,
                                 ProvisionedThroughput={"ReadCapacityUnits": 0,
                                                        "WriteCapacityUnits": 1}),
                 "ValidationException")
