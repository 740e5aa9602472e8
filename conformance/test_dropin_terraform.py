"""Drop-in check: the DynamoDB calls Terraform's `aws_dynamodb_table` resource makes, replayed with boto3.

Source read (hashicorp/terraform-provider-aws, AWS SDK for Go v2 era, 2026 copyright headers):

  * internal/service/dynamodb/table.go and find.go at commit dbd9bf66b6e5291970665038ef89b917fab5f906:
    resourceTableCreate, resourceTableRead / resourceTableFlatten, resourceTableDelete, updateTimeToLive,
    updatePITR, deleteTable, the CustomizeDiff validateTableAttributes, findTableByName and friends;
  * internal/service/dynamodb/wait.go and status.go at commit 03cb70c9d296be52f99ff6322b71c933e6d388eb
    (neither file is stored at dbd9bf66): the waiters, what each polls and its pending/target states;
  * internal/provider/sdkv2/tags_interceptor.go at commit 4640a66635ff36287cdb9ce0683daefda6c188c7 and the
    tags generator flags in internal/service/dynamodb/generate.go (-ListTags -ListTagsOp=ListTagsOfResource,
    no paging): the resource is `@Tags(identifierAttribute="arn")`, so tags are read after every Read.

The configuration replayed: hash + range key, billing_mode PAY_PER_REQUEST, one global_secondary_index
(hash + range, projection INCLUDE), ttl { attribute_name, enabled = true }, tags,
point_in_time_recovery { enabled = true }; nothing else set.

Apply (create):
  1. CreateTable {TableName, BillingMode PAY_PER_REQUEST, KeySchema [HASH, RANGE], AttributeDefinitions
     (the `attribute` set), GlobalSecondaryIndexes [{IndexName, KeySchema, Projection}] (no throughput
     under PAY_PER_REQUEST), TableClass STANDARD (the attribute's default is sent), Tags [{Key, Value}]}.
     Not sent: ProvisionedThroughput, StreamSpecification, SSESpecification, DeletionProtectionEnabled,
     OnDemandThroughput, WarmThroughput, LocalSecondaryIndexes. Retried only on throttling and
     LimitExceededException "... simultaneously". The answer is not read.
  2. waitTableActive: DescribeTable until TableStatus is ACTIVE on two polls in a row (pending CREATING,
     UPDATING; any other status fails).
  3. waitTableWarmThroughputActive: DescribeTable until Table.WarmThroughput.Status is ACTIVE (pending
     CREATING, UPDATING). An answer without WarmThroughput counts as "not found"; after 20 of those the
     apply fails with "couldn't find resource (21 retries)" (provider >= 6.13.0).
  4. waitGSIActive, once per configured GSI: DescribeTable until that index's IndexStatus is ACTIVE
     (pending CREATING, UPDATING; an absent index counts as not found).
  5. UpdateTimeToLive {TableName, TimeToLiveSpecification {AttributeName, Enabled: true}}, then
     waitTTLUpdated: DescribeTimeToLive until TimeToLiveStatus is ENABLED (pending DISABLED, ENABLING).
  6. UpdateContinuousBackups {TableName, PointInTimeRecoverySpecification {PointInTimeRecoveryEnabled: true}}
     (RecoveryPeriodInDays only when configured), retried while it fails with
     ContinuousBackupsUnavailableException "Backups are being enabled"; then waitPITRUpdated:
     DescribeContinuousBackups until PointInTimeRecoveryDescription.PointInTimeRecoveryStatus is ENABLED
     (pending ENABLING, DISABLED).
  7. The read below.

Read (after create, and on every plan / refresh):
  DescribeTable {TableName}; DescribeContinuousBackups {TableName} (an UnknownOperationException or
  TableNotFoundException answer is swallowed and PITR then reads as disabled, a permanent diff);
  DescribeTimeToLive {TableName}; then ListTagsOfResource {ResourceArn: Table.TableArn}, one call, no
  NextToken. With Table.Replicas empty there are no per-region calls. DescribeKinesisStreamingDestination,
  GetResourcePolicy and DescribeContributorInsights belong to other resources; this read makes none of them.
  A plan of an existing table also runs the CustomizeDiff validateTableAttributes: one more DescribeTable.

Destroy (after a refresh read):
  DeleteTable {TableName} (retried on ResourceInUseException and LimitExceededException "simultaneously";
  ResourceNotFoundException "Requested resource not found: Table: ..." counts as deleted), then
  waitTableDeleted: DescribeTable until ResourceNotFoundException (pending ACTIVE, DELETING).

The waits are bounded polling loops like the rest of the suite; nothing about timing is asserted.
Responses are read from the raw JSON body, because this boto3 (1.26) predates fields the provider reads
(WarmThroughput, RecoveryPeriodInDays, OnDemandThroughput).
"""

import json
import time
import uuid

import pytest
from botocore import xform_name
from botocore.exceptions import ClientError

from helpers import unique_name

# The configuration the replay stands for.
HASH_KEY, RANGE_KEY = "pk", "sk"
GSI_NAME, GSI_HASH, GSI_RANGE = "by_owner", "owner", "created_at"
GSI_NON_KEY = ["title"]
TTL_ATTRIBUTE = "expires_at"
TAGS = {"Environment": "conformance", "ManagedBy": "terraform"}
ATTRIBUTES = {HASH_KEY: "S", RANGE_KEY: "S", GSI_HASH: "S", GSI_RANGE: "N"}

# Steps DynamoDB Local 1.25.1 cannot answer (see the local_differs reason below); only
# test_terraform_lifecycle_steps_dynamodb_local_implements leaves them out.
LOCAL_GAPS = frozenset({"warm_throughput", "pitr", "tags"})

LOCAL_GAPS_REASON = (
    "DynamoDB Local 1.25.1: DescribeTable carries no WarmThroughput, so the provider's warm-throughput "
    "wait gives up ('couldn't find resource (21 retries)', hashicorp/terraform-provider-aws issues "
    "#44344 and #44793); UpdateContinuousBackups/DescribeContinuousBackups answer UnknownOperationException "
    "and ListTagsOfResource answers UnknownOperationException 'Tagging is not currently supported in "
    "DynamoDB Local.' -- observed against the jar; docs/compatibility.md")

NOT_FOUND_CHECKS = 20  # the provider's waiters give up after this many "not found" answers


class ProviderClient:
    """The DynamoDB client the provider drives, as far as this replay needs it: the suite's boto3 client,
    a log of (step, operation, outcome), every answer as its raw JSON body, and a test failure (not an
    exception to handle) whenever a call is answered UnknownOperationException."""

    def __init__(self, ddb):
        self.ddb = ddb
        self.calls = []
        self._body = None
        self._hook_id = "dropin-terraform-" + uuid.uuid4().hex

    def __enter__(self):
        self.ddb.meta.events.register("after-call.dynamodb", self._keep_body, unique_id=self._hook_id)
        return self

    def __exit__(self, *exc):
        self.ddb.meta.events.unregister("after-call.dynamodb", unique_id=self._hook_id)
        return False

    def _keep_body(self, http_response, **kwargs):
        try:
            self._body = json.loads(http_response.content or b"{}")
        except ValueError:
            self._body = None

    def call(self, step, operation, **params):
        """Sends `operation`; returns the answer's JSON body. ClientErrors other than
        UnknownOperationException propagate to the caller."""
        self._body = None
        try:
            getattr(self.ddb, xform_name(operation))(**params)
        except ClientError as e:
            error = e.response["Error"]
            self.calls.append((step, operation, error.get("Code")))
            if error.get("Code") == "UnknownOperationException":
                pytest.fail("%s: %s was answered UnknownOperationException (%r); the provider needs it"
                            % (step, operation, error.get("Message")))
            raise
        self.calls.append((step, operation, "OK"))
        assert isinstance(self._body, dict), "%s: %s answered no JSON object" % (step, operation)
        return self._body

    def call_or_none(self, step, operation, not_found=("ResourceNotFoundException",), **params):
        """Like call(), but an error code the provider treats as "not found" gives None."""
        try:
            return self.call(step, operation, **params)
        except ClientError as e:
            if e.response["Error"]["Code"] in not_found:
                return None
            raise


def wait_for_state(step, refresh, pending, target, interval, timeout, occurrences=1):
    """Polls refresh() -> (object or None, state) the way the provider's StateChangeConf does: an
    object in a target state `occurrences` times in a row ends the wait, a pending state keeps it
    going, any other state fails it; None means "not found", which ends a wait whose target is
    empty (deletion) and otherwise is tolerated NOT_FOUND_CHECKS times. Bounded by `timeout`."""
    deadline = time.monotonic() + timeout
    in_target = not_found = 0
    seen = []
    while True:
        obj, state = refresh()
        if obj is None:
            if not target:
                return None
            not_found += 1
            in_target = 0
            assert not_found <= NOT_FOUND_CHECKS, (
                "%s: the provider gives up here: couldn't find resource (%d retries); states seen %r"
                % (step, not_found, seen))
        else:
            seen.append(state)
            if state in target:
                in_target += 1
                if in_target >= occurrences:
                    return obj
            elif state in pending:
                in_target = 0
            else:
                pytest.fail("%s: unexpected state %r (pending %r, target %r); states seen %r"
                            % (step, state, sorted(pending), sorted(target), seen))
        assert time.monotonic() < deadline, "%s: no %r after %ss; states seen %r" % (
            step, sorted(target) or "deletion", timeout, seen)
        time.sleep(interval)


def _key_schema(hash_key, range_key):
    return [{"AttributeName": hash_key, "KeyType": "HASH"}, {"AttributeName": range_key, "KeyType": "RANGE"}]


def create_table_request(name):
    return dict(
        TableName=name,
        BillingMode="PAY_PER_REQUEST",
        KeySchema=_key_schema(HASH_KEY, RANGE_KEY),
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": t} for a, t in ATTRIBUTES.items()],
        GlobalSecondaryIndexes=[{
            "IndexName": GSI_NAME,
            "KeySchema": _key_schema(GSI_HASH, GSI_RANGE),
            "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": list(GSI_NON_KEY)},
        }],
        TableClass="STANDARD",
        Tags=[{"Key": k, "Value": v} for k, v in TAGS.items()],
    )


class Replay:
    """The provider's calls for one table, step by step. Steps named in `skip` (a subset of
    LOCAL_GAPS) are left out."""

    def __init__(self, client, name, target, skip=frozenset()):
        assert skip <= LOCAL_GAPS, skip
        self.c = client
        self.name = name
        self.skip = skip
        self.interval = 5 if target == "aws" else 0.2
        self.timeout = 1800 if target == "aws" else 60  # the provider's create timeout is 30 minutes

    def wait(self, step, refresh, pending, target, occurrences=1):
        return wait_for_state(step, refresh, pending, target, self.interval, self.timeout, occurrences)

    def describe_table(self, step):
        body = self.c.call_or_none(step, "DescribeTable", TableName=self.name)
        if body is None:
            return None
        assert isinstance(body.get("Table"), dict), "%s: DescribeTable without Table: %r" % (step, body)
        return body["Table"]

    # -- apply ------------------------------------------------------------------------------------

    def create(self):
        self.c.call("create: CreateTable", "CreateTable", **create_table_request(self.name))

        def table_status():
            t = self.describe_table("create: waitTableActive")
            return (t, t.get("TableStatus")) if t else (None, "")
        self.wait("create: waitTableActive", table_status, {"CREATING", "UPDATING"}, {"ACTIVE"},
                  occurrences=2)

        if "warm_throughput" not in self.skip:
            def warm_status():
                t = self.describe_table("create: waitTableWarmThroughputActive")
                if not t or not isinstance(t.get("WarmThroughput"), dict):
                    return None, ""
                return t, t["WarmThroughput"].get("Status")
            self.wait("create: waitTableWarmThroughputActive", warm_status, {"CREATING", "UPDATING"},
                      {"ACTIVE"})

        def gsi_status():
            t = self.describe_table("create: waitGSIActive")
            for g in (t or {}).get("GlobalSecondaryIndexes", []):
                if g.get("IndexName") == GSI_NAME:
                    return g, g.get("IndexStatus")
            return None, ""
        self.wait("create: waitGSIActive(%s)" % GSI_NAME, gsi_status, {"CREATING", "UPDATING"}, {"ACTIVE"})

        self.c.call("create: UpdateTimeToLive", "UpdateTimeToLive", TableName=self.name,
                    TimeToLiveSpecification={"AttributeName": TTL_ATTRIBUTE, "Enabled": True})

        def ttl_status():
            body = self.c.call_or_none("create: waitTTLUpdated", "DescribeTimeToLive", TableName=self.name)
            d = (body or {}).get("TimeToLiveDescription")
            return (d, d.get("TimeToLiveStatus")) if isinstance(d, dict) else (None, "")
        self.wait("create: waitTTLUpdated", ttl_status, {"DISABLED", "ENABLING"}, {"ENABLED"})

        if "pitr" not in self.skip:
            self._enable_pitr()

    def _enable_pitr(self):
        step = "create: UpdateContinuousBackups"
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                self.c.call(step, "UpdateContinuousBackups", TableName=self.name,
                            PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
                break
            except ClientError as e:
                error = e.response["Error"]
                retryable = (error.get("Code") == "ContinuousBackupsUnavailableException"
                             and "Backups are being enabled" in (error.get("Message") or ""))
                if not retryable or time.monotonic() > deadline:
                    raise
                time.sleep(self.interval)

        def pitr_status():
            body = self.c.call_or_none("create: waitPITRUpdated", "DescribeContinuousBackups",
                                       TableName=self.name)
            d = ((body or {}).get("ContinuousBackupsDescription") or {}).get("PointInTimeRecoveryDescription")
            return (d, d.get("PointInTimeRecoveryStatus")) if isinstance(d, dict) else (None, "")
        self.wait("create: waitPITRUpdated", pitr_status, {"ENABLING", "DISABLED"}, {"ENABLED"})

    # -- read -------------------------------------------------------------------------------------

    def read(self, phase):
        """resourceTableRead plus the tagging interceptor; asserts what the state needs to match the
        configuration (anything else would show as a diff, or change the calls made)."""
        t = self.describe_table(phase + ": DescribeTable")
        assert t is not None, "%s: the table is gone" % phase
        assert t.get("TableName") == self.name, t
        arn = t.get("TableArn")
        assert isinstance(arn, str) and arn.startswith("arn:"), ("TableArn is the tags identifier", t)
        assert (t.get("BillingModeSummary") or {}).get("BillingMode") == "PAY_PER_REQUEST", (
            "without BillingModeSummary the provider records PROVISIONED", t)
        assert t.get("KeySchema") == _key_schema(HASH_KEY, RANGE_KEY), t
        assert {a["AttributeName"]: a["AttributeType"] for a in t.get("AttributeDefinitions", [])} \
            == ATTRIBUTES, t
        gsis = {g.get("IndexName"): g for g in t.get("GlobalSecondaryIndexes", [])}
        assert set(gsis) == {GSI_NAME}, t
        g = gsis[GSI_NAME]
        assert g.get("KeySchema") == _key_schema(GSI_HASH, GSI_RANGE), g
        assert (g.get("Projection") or {}).get("ProjectionType") == "INCLUDE", g
        assert sorted((g.get("Projection") or {}).get("NonKeyAttributes", [])) == sorted(GSI_NON_KEY), g
        assert not t.get("LocalSecondaryIndexes"), t
        assert not (t.get("StreamSpecification") or {}).get("StreamEnabled"), t
        assert not t.get("Replicas"), ("replicas would add per-region calls", t)
        assert not t.get("GlobalTableWitnesses"), t
        assert not t.get("DeletionProtectionEnabled"), t
        assert (t.get("TableClassSummary") or {}).get("TableClass", "STANDARD") == "STANDARD", t

        if "pitr" not in self.skip:
            body = self.c.call(phase + ": DescribeContinuousBackups", "DescribeContinuousBackups",
                               TableName=self.name)
            pitr = (body.get("ContinuousBackupsDescription") or {}).get("PointInTimeRecoveryDescription") or {}
            assert pitr.get("PointInTimeRecoveryStatus") == "ENABLED", body

        body = self.c.call(phase + ": DescribeTimeToLive", "DescribeTimeToLive", TableName=self.name)
        ttl = body.get("TimeToLiveDescription") or {}
        assert ttl.get("TimeToLiveStatus") == "ENABLED", body
        assert ttl.get("AttributeName") == TTL_ATTRIBUTE, body

        if "tags" not in self.skip:
            body = self.c.call(phase + ": ListTagsOfResource", "ListTagsOfResource", ResourceArn=arn)
            assert {tag["Key"]: tag["Value"] for tag in body.get("Tags", [])} == TAGS, body
            assert "NextToken" not in body, ("the provider reads one page only", body)
        return t

    def plan(self):
        """terraform plan of the unchanged configuration: refresh, then validateTableAttributes."""
        self.read("plan: refresh")
        t = self.describe_table("plan: validateTableAttributes DescribeTable")
        assert t is not None
        names = {k["AttributeName"] for g in t.get("GlobalSecondaryIndexes", []) for k in g["KeySchema"]}
        assert names == {GSI_HASH, GSI_RANGE}, t

    # -- destroy ----------------------------------------------------------------------------------

    def destroy(self):
        self.read("destroy: refresh")
        self.c.call("destroy: DeleteTable", "DeleteTable", TableName=self.name)

        def table_status():
            t = self.describe_table("destroy: waitTableDeleted")
            return (t, t.get("TableStatus")) if t else (None, "")
        self.wait("destroy: waitTableDeleted", table_status, {"ACTIVE", "DELETING"}, set())

        with pytest.raises(ClientError) as excinfo:
            self.c.call("destroy: DescribeTable after the wait", "DescribeTable", TableName=self.name)
        assert excinfo.value.response["Error"]["Code"] == "ResourceNotFoundException", excinfo.value.response

    def run(self):
        self.create()
        self.read("apply: read after create")
        self.plan()
        self.destroy()
        unknown = [c for c in self.c.calls if c[2] == "UnknownOperationException"]
        assert not unknown, unknown


def _replay(ddb, table_factory, target, skip):
    name = unique_name("tf")
    table_factory.track(name)  # deleted at teardown if the replay stops half way
    with ProviderClient(ddb) as client:
        Replay(client, name, target, skip).run()
    return client.calls


@pytest.mark.local_differs(LOCAL_GAPS_REASON)
def test_terraform_lifecycle(ddb, table_factory, target):
    """apply, plan, destroy of the configuration above: every call the provider makes."""
    calls = _replay(ddb, table_factory, target, skip=frozenset())
    ops = {op for _, op, _ in calls}
    assert {"CreateTable", "DescribeTable", "UpdateTimeToLive", "DescribeTimeToLive",
            "UpdateContinuousBackups", "DescribeContinuousBackups", "ListTagsOfResource",
            "DeleteTable"} <= ops, calls


def test_terraform_lifecycle_steps_dynamodb_local_implements(ddb, table_factory, target):
    """The same replay without the LOCAL_GAPS steps (the warm-throughput wait, point-in-time recovery,
    tag listing): it runs on every target, so DynamoDB Local checks the replay itself, and on other
    targets it separates a gap in those steps from a failure elsewhere."""
    _replay(ddb, table_factory, target, skip=LOCAL_GAPS)
