"""AWS's two request-validation layers (docs/validation-messages.md, "Two validation layers").

AWS is replacing the validator in front of DynamoDB region by region, and the newer layer words
some of PutItem's, UpdateItem's and DeleteItem's ValidationExceptions differently. Pairs from
nubo-db/dynamodb-conformance captures/2026-06-09-validation-rewording.json,
captures/2026-08-12-wording-drift.json (us-east-1 on the newer layer by 2026-08-12) and
captures/2026-08-12-batch-empty-and-nesting.json.

The target speaks the layer the `validation_layer` fixture names (DynamoDB Local: the older one).
ddbemu speaks the current one by default and the older one with `--validation-layer older`; the
tests at the end start a ddbemu of their own to check both.
"""

import boto3
import pytest

from conftest import DEFAULT_EMULATOR_BIN, RawClient, _client_kwargs
from helpers import expect_raw_error, layer_text
import local_servers

ENV = "1 validation error detected: "
INVALID = "One or more parameter values were invalid: "
NESTING = ("Nesting Levels have exceeded supported limits: Attributes in the item have nested levels "
           "beyond supported limit")


def _deep_map(depth):
    v = {"S": "leaf"}
    for _ in range(depth):
        v = {"M": {"n": v}}
    return v


# (id, operation, request without TableName, older text, current text or None for "older behind
# the envelope"). Every request is refused before its table is looked at.
PROBES = [
    ("empty-table-name", "PutItem", {"TableName": "", "Item": {"pk": {"S": "test"}}},
     ENV + "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or "
     "equal to 1",
     ENV + "Value at 'TableName' failed to satisfy constraint: Member must have length greater than or equal to 1"),
    ("empty-table-name-delete", "DeleteItem", {"TableName": "", "Key": {"pk": {"S": "test"}}},
     ENV + "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or "
     "equal to 1",
     ENV + "Value at 'TableName' failed to satisfy constraint: Member must have length greater than or equal to 1"),
    ("empty-ss", "PutItem", {"Item": {"pk": {"S": "test"}, "bad": {"SS": []}}},
     INVALID + "An string set  may not be empty", None),
    ("empty-bs", "PutItem", {"Item": {"pk": {"S": "test"}, "bad": {"BS": []}}},
     INVALID + "Binary sets should not be empty", None),
    ("duplicate-ss", "PutItem", {"Item": {"pk": {"S": "test"}, "bad": {"SS": ["a", "a"]}}},
     INVALID + "Input collection [a, a] contains duplicates.",
     ENV + INVALID + 'Input collection ["a", "a"] contains duplicates.'),
    ("duplicate-empty-bs", "PutItem", {"Item": {"pk": {"S": "test"}, "bad": {"BS": ["", ""]}}},
     INVALID + "Input collection [, ]of type BS contains duplicates.",
     ENV + INVALID + 'Input collection ["",""]of type BS contains duplicates.'),
    ("empty-number-in-set", "PutItem", {"Item": {"pk": {"S": "test"}, "bad": {"NS": [""]}}},
     "The parameter cannot be converted to a numeric value",
     ENV + "The parameter cannot be converted to a numeric value: "),
    ("values-without-expression", "PutItem",
     {"Item": {"pk": {"S": "test"}}, "ExpressionAttributeValues": {":v": {"S": "unused"}}},
     "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null",
     ENV + "ExpressionAttributeValues can only be specified when using expressions"),
    ("redundant-parentheses", "PutItem",
     {"Item": {"pk": {"S": "test"}}, "ConditionExpression": "((attribute_not_exists(pk)))"},
     "Invalid ConditionExpression: The expression has redundant parentheses;", None),
    ("update-syntax", "UpdateItem",
     {"Key": {"pk": {"S": "test"}}, "UpdateExpression": "INVALID SYNTAX HERE",
      "ExpressionAttributeValues": {":v": {"S": "val"}}},
     'Invalid UpdateExpression: Syntax error; token: "INVALID", near: "INVALID SYNTAX"', None),
    ("update-empty", "UpdateItem", {"Key": {"pk": {"S": "test"}}, "UpdateExpression": ""},
     "Invalid UpdateExpression: The expression can not be empty;", None),
    ("update-unused-value", "UpdateItem",
     {"Key": {"pk": {"S": "test"}}, "UpdateExpression": "SET attr1 = :v",
      "ExpressionAttributeValues": {":v": {"S": "val"}, ":unused": {"S": "extra"}}},
     "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}", None),
    ("update-two-bad-enums", "UpdateItem",
     {"Key": {"pk": {"S": "test"}}, "ReturnValues": "INVALID", "ReturnConsumedCapacity": "INVALID"},
     "2 validation errors detected: Value 'INVALID' at 'returnConsumedCapacity' failed to satisfy constraint: "
     "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; Value 'INVALID' at 'returnValues' failed to "
     "satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]",
     ENV + "Failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, UPDATED_OLD, ALL_NEW, "
     "UPDATE_NEW, NONE]"),
]


# Where DynamoDB Local's own texts differ from AWS's older layer (observed from Local 1.25.1; the
# AWS texts per the captures named above, us-east-1 and ap-southeast-2 on 2026-06-09).
LOCAL_DIFFERS = {
    "empty-table-name": "Local: 'Invalid table/index name.  Table/index names must be between 3 and 255 characters "
                        "long, ...'",
    "empty-table-name-delete": "Local: 'Invalid table/index name.  Table/index names must be between 3 and 255 "
                               "characters long, ...'",
    "duplicate-ss": "Local omits the final '.'",
    "duplicate-empty-bs": "Local: 'Input collection of type BS contains duplicates.' (no member list)",
    "empty-number-in-set": "Local: 'A value provided cannot be converted into a number'",
    "update-two-bad-enums": "Local: 'Return values set to invalid value'",
}


def _params(probes):
    return [pytest.param(p, id=p[0], marks=[pytest.mark.local_differs(
        LOCAL_DIFFERS[p[0]] + " -- nubo-db/dynamodb-conformance captures/2026-06-09-validation-rewording.json")]
        if p[0] in LOCAL_DIFFERS else []) for p in probes]


def _body(request, table):
    body = dict(request)
    body.setdefault("TableName", table)
    return body


@pytest.mark.parametrize("probe", _params(PROBES))
def test_the_target_answers_in_its_layer(raw, hash_table, validation_layer, probe):
    _, operation, request, older, current = probe
    resp = raw(operation, _body(request, hash_table))
    expect_raw_error(resp, "ValidationException", layer_text(validation_layer, older, current))


def test_a_value_nested_32_maps_deep_is_refused_by_the_current_layer(raw, hash_table, validation_layer):
    # The older layer let this value through to the condition (ap-southeast-2, af-south-1 and the
    # other regions still on it answered ConditionalCheckFailedException on 2026-08-12,
    # captures/2026-08-12-batch-empty-and-nesting.json); only the current layer's answer is pinned.
    if validation_layer == "older":
        pytest.skip("pins the current layer's answer")
    resp = raw("UpdateItem", {"TableName": hash_table, "Key": {"pk": {"S": "capdrift-nest-cond"}},
                              "UpdateExpression": "SET touched = :t", "ConditionExpression": "#d = :deep",
                              "ExpressionAttributeNames": {"#d": "data"},
                              "ExpressionAttributeValues": {":t": {"S": "y"}, ":deep": _deep_map(32)}})
    expect_raw_error(resp, "ValidationException", ENV + NESTING)


def test_the_key_attribute_update_error_stays_bare_in_both_layers(ddb, hash_table):
    # captures/2026-06-09-validation-rewording.json, u_upd_hashkey: the same text in every region.
    with pytest.raises(ddb.exceptions.ClientError) as e:
        ddb.update_item(TableName=hash_table, Key={"pk": {"S": "vl-key"}}, UpdateExpression="SET pk = :v",
                        ExpressionAttributeValues={":v": {"S": "new"}})
    assert e.value.response["Error"]["Message"] == (
        INVALID + "Cannot update attribute pk. This attribute is part of the key")


# -- ddbemu's flag --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ddbemu_servers(target):
    """Two ddbemu servers of this test's own: one at its default and one with --validation-layer older."""
    if target != "emulator":
        pytest.skip("starts ddbemu itself")
    binary = DEFAULT_EMULATOR_BIN
    servers = {}
    try:
        servers["default"] = local_servers.ServerProcess(
            "ddbemu-layer-default", [binary], "--port", cwd=local_servers.REPO_ROOT, timeout=10)
        servers["older"] = local_servers.ServerProcess(
            "ddbemu-layer-older", [binary, "--validation-layer", "older"], "--port",
            cwd=local_servers.REPO_ROOT, timeout=10)
        yield {name: RawClient(boto3.client("dynamodb", **_client_kwargs("emulator", s.endpoint)), "emulator")
               for name, s in servers.items()}
    finally:
        for s in servers.values():
            s.stop()


@pytest.mark.parametrize("probe", PROBES, ids=[p[0] for p in PROBES])
def test_ddbemu_speaks_the_current_layer_by_default_and_the_older_one_on_request(ddbemu_servers, probe):
    _, operation, request, older, current = probe
    body = _body(request, "vl-absent-table")  # refused before the table is looked up
    expect_raw_error(ddbemu_servers["older"](operation, body), "ValidationException",
                     layer_text("older", older, current))
    expect_raw_error(ddbemu_servers["default"](operation, body), "ValidationException",
                     layer_text("current", older, current))


def test_ddbemu_refuses_an_unknown_layer(target):
    if target != "emulator":
        pytest.skip("starts ddbemu itself")
    with pytest.raises(RuntimeError) as e:
        local_servers.ServerProcess("ddbemu-layer-bad", [DEFAULT_EMULATOR_BIN, "--validation-layer", "newest"],
                                    "--port", cwd=local_servers.REPO_ROOT, timeout=10)
    assert "--validation-layer needs current or older" in str(e.value)
