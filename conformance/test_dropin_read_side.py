"""Drop-in check: the read-only calls that consoles, admin tools and infrastructure tools make on
a table besides DescribeTable, and what AWS answers for a table where none of those features was
ever configured.

  * DescribeKinesisStreamingDestination: an empty KinesisDataStreamDestinations list and the
    TableName; a missing table is ResourceNotFoundException.
  * DescribeContributorInsights: exactly {ContributorInsightsStatus: DISABLED, TableName} (plus
    IndexName for a GSI); an LSI or an unknown index is ResourceNotFoundException naming the index
    and the table; a missing table names the table.
  * ListContributorInsights: no summaries for such a table; a TableName naming no table is
    ResourceNotFoundException.
  * GetResourcePolicy (not in boto3 1.26, so sent raw): PolicyNotFoundException for a table
    without a policy; ResourceNotFoundException for a missing table; AWS's ARN validation texts.
  * DescribeTimeToLive and DescribeContinuousBackups on a fresh table.

DynamoDB Local 1.25.1 answers every one of these operations except DescribeTimeToLive with
UnknownOperationException "An unknown operation was requested." (observed by running this file
with --target local), so those tests are marked local_differs.

The module's table (hash + range key, one GSI, one LSI) is created once and never changed."""

import pytest

from helpers import (delete_quietly, expect_error, expect_raw_error, hash_range_schema,
                     unique_name, wait_exists)

SRC_LOCAL_UNKNOWN = ("DynamoDB Local 1.25.1 answers UnknownOperationException 'An unknown operation "
                     "was requested.' for this operation (observed with --target local)")
SRC_KINESIS = ("ack-api-quirks DynamoDB lab DDB-TABLE-234 (empty list on an ACTIVE table, the "
               "missing-table text); LocalStack AWS snapshot test_kinesis_streaming_destination_crud "
               "(answer shape with TableName)")
SRC_CI = ("LocalStack AWS snapshot test_dynamodb_describe_contributor_insights (recorded 2025-10-08) "
          "and ack-api-quirks DDB-TABLE-089 (never-configured table: TableName and "
          "ContributorInsightsStatus only); ack-api-quirks DDB-TABLE-094 (missing table, LSI or unknown "
          "index, ListContributorInsights with a missing TableName)")
SRC_POLICY = ("moto tests/test_dynamodb/test_dynamodb_resource_policy.py, aws_verified "
              "test_get_resource_policy_from_resource_without and "
              "test_get_resource_policy_from_unknown_resource; ack-api-quirks DDB-TABLE-212 "
              "(ResourceArn validation texts)")
SRC_PITR = ("API reference, DescribeContinuousBackups / ContinuousBackupsDescription: "
            "ContinuousBackupsStatus is ENABLED for every table, PointInTimeRecoveryStatus DISABLED "
            "until UpdateContinuousBackups turns it on")

GSI = "by_g"
LSI = "by_l"


@pytest.fixture(scope="module")
def read_table(ddb):
    """(name, arn) of a table with a GSI and an LSI; created once, never modified."""
    name = unique_name("readside")
    schema = hash_range_schema("pk", "S", "sk", "S")
    schema["AttributeDefinitions"] = schema["AttributeDefinitions"] + [
        {"AttributeName": "g", "AttributeType": "S"}]
    try:
        ddb.create_table(
            TableName=name, BillingMode="PAY_PER_REQUEST", **schema,
            GlobalSecondaryIndexes=[{"IndexName": GSI,
                                     "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                     "Projection": {"ProjectionType": "ALL"}}],
            LocalSecondaryIndexes=[{"IndexName": LSI,
                                    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                  {"AttributeName": "g", "KeyType": "RANGE"}],
                                    "Projection": {"ProjectionType": "KEYS_ONLY"}}])
        wait_exists(ddb, name)
        arn = ddb.describe_table(TableName=name)["Table"]["TableArn"]
        yield name, arn
    finally:
        delete_quietly(ddb, name)


def _body(resp):
    """A boto3 answer without its ResponseMetadata."""
    return {k: v for k, v in resp.items() if k != "ResponseMetadata"}


def _with_region(arn, region):
    parts = arn.split(":", 5)
    parts[3] = region
    return ":".join(parts)


# ---------------------------------------------------------------------------
# DescribeKinesisStreamingDestination
# ---------------------------------------------------------------------------

@pytest.mark.local_differs(SRC_LOCAL_UNKNOWN + "; AWS: " + SRC_KINESIS)
def test_kinesis_destinations_of_a_table_are_empty(ddb, read_table):
    name, _ = read_table
    resp = ddb.describe_kinesis_streaming_destination(TableName=name)
    assert _body(resp) == {"KinesisDataStreamDestinations": [], "TableName": name}


@pytest.mark.local_differs(SRC_LOCAL_UNKNOWN + "; AWS: " + SRC_KINESIS)
def test_kinesis_destinations_missing_table(ddb):
    missing = unique_name("missing")
    expect_error(lambda: ddb.describe_kinesis_streaming_destination(TableName=missing),
                 "ResourceNotFoundException",
                 "Requested resource not found: Table: %s not found" % missing)


# ---------------------------------------------------------------------------
# DescribeContributorInsights / ListContributorInsights
# ---------------------------------------------------------------------------

@pytest.mark.local_differs(SRC_LOCAL_UNKNOWN + "; AWS: " + SRC_CI)
def test_contributor_insights_of_a_table(ddb, raw, read_table):
    name, _ = read_table
    resp = ddb.describe_contributor_insights(TableName=name)
    assert set(resp) == {"ContributorInsightsStatus", "TableName", "ResponseMetadata"}, resp
    assert _body(resp) == {"ContributorInsightsStatus": "DISABLED", "TableName": name}
    # boto3 1.26 would drop members it does not know (ContributorInsightsMode, ...): the raw
    # body must hold exactly these two as well.
    r = raw("DescribeContributorInsights", {"TableName": name})
    assert r.status == 200, r
    assert r.json() == {"ContributorInsightsStatus": "DISABLED", "TableName": name}


@pytest.mark.local_differs(SRC_LOCAL_UNKNOWN + "; AWS: " + SRC_CI)
def test_contributor_insights_of_a_gsi(ddb, raw, read_table):
    name, _ = read_table
    resp = ddb.describe_contributor_insights(TableName=name, IndexName=GSI)
    assert _body(resp) == {"ContributorInsightsStatus": "DISABLED", "IndexName": GSI, "TableName": name}
    r = raw("DescribeContributorInsights", {"TableName": name, "IndexName": GSI})
    assert r.status == 200, r
    assert r.json() == {"ContributorInsightsStatus": "DISABLED", "IndexName": GSI, "TableName": name}


@pytest.mark.local_differs(SRC_LOCAL_UNKNOWN + "; AWS: " + SRC_CI)
@pytest.mark.parametrize("index", [LSI, "no_such_index"], ids=["lsi", "unknown"])
def test_contributor_insights_of_an_lsi_or_unknown_index(ddb, read_table, index):
    # Contributor Insights covers a table and its GSIs; an LSI is "not found" like an unknown name.
    name, _ = read_table
    expect_error(lambda: ddb.describe_contributor_insights(TableName=name, IndexName=index),
                 "ResourceNotFoundException",
                 "Requested resource not found: Index: %s not found for table: %s" % (index, name))


@pytest.mark.local_differs(SRC_LOCAL_UNKNOWN + "; AWS: " + SRC_CI)
def test_contributor_insights_missing_table(ddb):
    missing = unique_name("missing")
    expect_error(lambda: ddb.describe_contributor_insights(TableName=missing),
                 "ResourceNotFoundException",
                 "Requested resource not found: Table: %s not found" % missing)


@pytest.mark.local_differs(SRC_LOCAL_UNKNOWN + "; AWS: " + SRC_CI)
def test_list_contributor_insights_of_a_table_is_empty(ddb, raw, read_table):
    name, _ = read_table
    resp = ddb.list_contributor_insights(TableName=name)
    assert _body(resp) == {"ContributorInsightsSummaries": []}
    r = raw("ListContributorInsights", {"TableName": name})
    assert r.status == 200, r
    assert r.json() == {"ContributorInsightsSummaries": []}


@pytest.mark.local_differs(SRC_LOCAL_UNKNOWN + "; AWS: " + SRC_CI)
def test_list_contributor_insights_of_the_account(ddb, read_table):
    # Without a TableName the whole account is listed; on AWS other tables may have Contributor
    # Insights on, so only this table's absence is asserted (DISABLED entries are omitted).
    name, _ = read_table
    resp = ddb.list_contributor_insights()
    summaries = resp["ContributorInsightsSummaries"]
    assert isinstance(summaries, list), resp
    assert [s for s in summaries if s.get("TableName") == name] == []


@pytest.mark.local_differs(SRC_LOCAL_UNKNOWN + "; AWS: " + SRC_CI)
def test_list_contributor_insights_missing_table(ddb):
    missing = unique_name("missing")
    expect_error(lambda: ddb.list_contributor_insights(TableName=missing),
                 "ResourceNotFoundException",
                 "Requested resource not found: Table: %s not found" % missing)


# ---------------------------------------------------------------------------
# GetResourcePolicy (raw: boto3 1.26 has no such operation)
# ---------------------------------------------------------------------------

@pytest.mark.local_differs(SRC_LOCAL_UNKNOWN + "; AWS: " + SRC_POLICY)
def test_resource_policy_of_a_table_without_one(raw, read_table):
    _, arn = read_table
    expect_raw_error(raw("GetResourcePolicy", {"ResourceArn": arn}), "PolicyNotFoundException",
                     "Resource-based policy not found for the provided ResourceArn: " + arn)


@pytest.mark.local_differs(SRC_LOCAL_UNKNOWN + "; AWS: " + SRC_POLICY)
def test_resource_policy_missing_table(raw, read_table):
    _, arn = read_table
    missing = unique_name("missing")
    missing_arn = arn[:arn.rindex(":table/")] + ":table/" + missing
    expect_raw_error(raw("GetResourcePolicy", {"ResourceArn": missing_arn}), "ResourceNotFoundException",
                     "Requested resource not found: Table: %s not found" % missing)


@pytest.mark.local_differs(SRC_LOCAL_UNKNOWN + "; AWS: " + SRC_POLICY)
def test_resource_policy_bare_table_name(raw, read_table):
    name, _ = read_table
    expect_raw_error(raw("GetResourcePolicy", {"ResourceArn": name}), "ValidationException",
                     "One or more parameter values were invalid: ARNs must start with 'arn:': " + name)


@pytest.mark.local_differs(SRC_LOCAL_UNKNOWN + "; AWS: " + SRC_POLICY)
def test_resource_policy_index_arn(raw, read_table):
    _, arn = read_table
    index_arn = arn + "/index/" + GSI
    expect_raw_error(raw("GetResourcePolicy", {"ResourceArn": index_arn}), "ValidationException",
                     "One or more parameter values were invalid: Invalid resource arn provided, only "
                     "table or stream is accepted. Provided resource arn: " + index_arn)


@pytest.mark.local_differs(SRC_LOCAL_UNKNOWN + "; AWS: " + SRC_POLICY)
def test_resource_policy_arn_of_another_region(raw, region, read_table):
    _, arn = read_table
    other = "eu-west-1" if region != "eu-west-1" else "us-west-2"
    other_arn = _with_region(arn, other)
    assert other_arn != arn
    expect_raw_error(raw("GetResourcePolicy", {"ResourceArn": other_arn}), "ValidationException",
                     "One or more parameter values were invalid: Invalid resource Arn: " + other_arn)


# ---------------------------------------------------------------------------
# DescribeTimeToLive / DescribeContinuousBackups on a fresh table
# ---------------------------------------------------------------------------

def test_time_to_live_of_a_fresh_table(ddb, read_table):
    name, _ = read_table
    resp = ddb.describe_time_to_live(TableName=name)
    assert _body(resp) == {"TimeToLiveDescription": {"TimeToLiveStatus": "DISABLED"}}


@pytest.mark.local_differs(SRC_LOCAL_UNKNOWN + "; AWS: " + SRC_PITR)
def test_continuous_backups_of_a_fresh_table(ddb, read_table):
    name, _ = read_table
    desc = ddb.describe_continuous_backups(TableName=name)["ContinuousBackupsDescription"]
    assert desc["ContinuousBackupsStatus"] == "ENABLED", desc
    assert desc["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "DISABLED", desc
    # The restorable window is reported only while PITR is on.
    pitr = desc["PointInTimeRecoveryDescription"]
    assert "EarliestRestorableDateTime" not in pitr and "LatestRestorableDateTime" not in pitr, desc
