"""The resources of the reference-era API the other CLI files do not drive, through `aws lambda
...` (AWS CLI v1): aliases, concurrency, asynchronous invocation settings, function URLs,
event source mappings, code signing configurations, layer permissions, runtime management,
tags, InvokeAsync, and the durable callback failure. Each command's JSON output is checked
against what was put, lists against what was created, and deletes by reading back the
model's not-found error.
"""

import base64
import json

import pytest

from conftest import aws, cli_create_function, make_zip, unique

ACCOUNT = "123456789012"


@pytest.fixture
def cli(server, tmp_path):
    """Runs `aws lambda ARGS` and returns its parsed output (it must succeed)."""
    return lambda *args: aws(server, tmp_path, *args)[1]


@pytest.fixture
def cli_error(server, tmp_path):
    """Runs `aws lambda ARGS`, which must fail, and returns its stderr (with the error code)."""

    def run(*args):
        code, _, err = aws(server, tmp_path, *args, expect_ok=False)
        assert code != 0, f"{' '.join(args)} succeeded"
        return err

    return run


@pytest.fixture
def cli_function(server, tmp_path):
    """A fresh function made through the CLI, deleted afterwards if it still exists."""
    name = unique("cli-res")
    created = cli_create_function(server, tmp_path, name)
    yield created
    aws(server, tmp_path, "delete-function", "--function-name", name, expect_ok=False)


def test_cli_aliases_concurrency_and_async_settings(cli, cli_error, cli_function, tmp_path):
    name = cli_function["FunctionName"]
    assert cli("publish-version", "--function-name", name)["Version"] == "1"
    cli("create-alias", "--function-name", name, "--name", "live", "--function-version", "1")
    assert cli("get-alias", "--function-name", name, "--name", "live")["FunctionVersion"] == "1"
    updated = cli("update-alias", "--function-name", name, "--name", "live", "--description", "blue")
    assert updated["Description"] == "blue"
    assert cli("get-alias", "--function-name", name, "--name", "live")["Description"] == "blue"

    cli("put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", "7")
    assert cli("get-function-concurrency", "--function-name", name)["ReservedConcurrentExecutions"] == 7
    cli("delete-function-concurrency", "--function-name", name)
    assert "ReservedConcurrentExecutions" not in (cli("get-function-concurrency", "--function-name", name) or {})

    put = cli(
        "put-provisioned-concurrency-config",
        "--function-name", name,
        "--qualifier", "live",
        "--provisioned-concurrent-executions", "2",
    )
    assert put["RequestedProvisionedConcurrentExecutions"] == 2
    got = cli("get-provisioned-concurrency-config", "--function-name", name, "--qualifier", "live")
    assert got["RequestedProvisionedConcurrentExecutions"] == 2
    listed = cli("list-provisioned-concurrency-configs", "--function-name", name)["ProvisionedConcurrencyConfigs"]
    assert [c["FunctionArn"] for c in listed] == [f"{cli_function['FunctionArn']}:live"]
    cli("delete-provisioned-concurrency-config", "--function-name", name, "--qualifier", "live")
    err = cli_error("get-provisioned-concurrency-config", "--function-name", name, "--qualifier", "live")
    assert "ProvisionedConcurrencyConfigNotFoundException" in err

    cli("put-function-event-invoke-config", "--function-name", name, "--maximum-retry-attempts", "1")
    got = cli("get-function-event-invoke-config", "--function-name", name)
    assert got["MaximumRetryAttempts"] == 1
    updated = cli("update-function-event-invoke-config", "--function-name", name, "--maximum-event-age-in-seconds", "120")
    assert (updated["MaximumRetryAttempts"], updated["MaximumEventAgeInSeconds"]) == (1, 120)
    listed = cli("list-function-event-invoke-configs", "--function-name", name)["FunctionEventInvokeConfigs"]
    assert [c["MaximumEventAgeInSeconds"] for c in listed] == [120]
    cli("delete-function-event-invoke-config", "--function-name", name)
    assert "ResourceNotFoundException" in cli_error("get-function-event-invoke-config", "--function-name", name)

    cli("delete-alias", "--function-name", name, "--name", "live")
    assert "ResourceNotFoundException" in cli_error("get-alias", "--function-name", name, "--name", "live")


def test_cli_function_urls_tags_and_runtime_management(cli, cli_error, cli_function):
    name, arn = cli_function["FunctionName"], cli_function["FunctionArn"]
    url = cli("create-function-url-config", "--function-name", name, "--auth-type", "AWS_IAM")
    assert url["AuthType"] == "AWS_IAM" and url["FunctionUrl"].startswith("https://")
    assert cli("get-function-url-config", "--function-name", name)["FunctionUrl"] == url["FunctionUrl"]
    updated = cli("update-function-url-config", "--function-name", name, "--auth-type", "NONE")
    assert updated["AuthType"] == "NONE"
    listed = cli("list-function-url-configs", "--function-name", name)["FunctionUrlConfigs"]
    assert [(u["FunctionUrl"], u["AuthType"]) for u in listed] == [(url["FunctionUrl"], "NONE")]
    cli("delete-function-url-config", "--function-name", name)
    assert "ResourceNotFoundException" in cli_error("get-function-url-config", "--function-name", name)

    cli("tag-resource", "--resource", arn, "--tags", "team=blue,stage=test")
    assert cli("list-tags", "--resource", arn)["Tags"] == {"team": "blue", "stage": "test"}
    cli("untag-resource", "--resource", arn, "--tag-keys", "team")
    assert cli("list-tags", "--resource", arn)["Tags"] == {"stage": "test"}

    assert cli("get-runtime-management-config", "--function-name", name)["UpdateRuntimeOn"] == "Auto"
    put = cli("put-runtime-management-config", "--function-name", name, "--update-runtime-on", "FunctionUpdate")
    assert put["UpdateRuntimeOn"] == "FunctionUpdate"
    assert cli("get-runtime-management-config", "--function-name", name)["UpdateRuntimeOn"] == "FunctionUpdate"


def test_cli_event_source_mappings(cli, cli_error, cli_function):
    name = cli_function["FunctionName"]
    queue = f"arn:aws:sqs:us-east-1:{ACCOUNT}:{unique('queue')}"
    created = cli(
        "create-event-source-mapping", "--function-name", name, "--event-source-arn", queue, "--batch-size", "5"
    )
    uuid = created["UUID"]
    assert (created["EventSourceArn"], created["BatchSize"]) == (queue, 5)
    assert cli("get-event-source-mapping", "--uuid", uuid)["FunctionArn"] == cli_function["FunctionArn"]
    updated = cli("update-event-source-mapping", "--uuid", uuid, "--batch-size", "9")
    assert updated["BatchSize"] == 9
    listed = cli("list-event-source-mappings", "--function-name", name)["EventSourceMappings"]
    assert [(m["UUID"], m["BatchSize"]) for m in listed] == [(uuid, 9)]
    cli("delete-event-source-mapping", "--uuid", uuid)
    # Deleting is asynchronous in the service; lambda-local removes the mapping at once.
    assert "ResourceNotFoundException" in cli_error("get-event-source-mapping", "--uuid", uuid)


def test_cli_code_signing_configs(cli, cli_error, cli_function):
    name = cli_function["FunctionName"]
    profile = f"arn:aws:signer:us-east-1:{ACCOUNT}:/signing-profiles/cli/1"
    created = cli(
        "create-code-signing-config",
        "--allowed-publishers", f"SigningProfileVersionArns={profile}",
        "--description", "cli",
    )["CodeSigningConfig"]
    arn = created["CodeSigningConfigArn"]
    assert created["AllowedPublishers"]["SigningProfileVersionArns"] == [profile]
    assert cli("get-code-signing-config", "--code-signing-config-arn", arn)["CodeSigningConfig"]["Description"] == "cli"
    updated = cli(
        "update-code-signing-config",
        "--code-signing-config-arn", arn,
        "--code-signing-policies", "UntrustedArtifactOnDeployment=Enforce",
    )["CodeSigningConfig"]
    assert updated["CodeSigningPolicies"]["UntrustedArtifactOnDeployment"] == "Enforce"
    listed = cli("list-code-signing-configs")["CodeSigningConfigs"]
    assert arn in [c["CodeSigningConfigArn"] for c in listed]

    cli("put-function-code-signing-config", "--function-name", name, "--code-signing-config-arn", arn)
    assert cli("get-function-code-signing-config", "--function-name", name)["CodeSigningConfigArn"] == arn
    by_config = cli("list-functions-by-code-signing-config", "--code-signing-config-arn", arn)["FunctionArns"]
    assert by_config == [cli_function["FunctionArn"]]
    assert "ResourceConflictException" in cli_error("delete-code-signing-config", "--code-signing-config-arn", arn)
    cli("delete-function-code-signing-config", "--function-name", name)
    # The member is required in the output, so "none" is an empty ARN.
    assert cli("get-function-code-signing-config", "--function-name", name)["CodeSigningConfigArn"] == ""
    cli("delete-code-signing-config", "--code-signing-config-arn", arn)
    assert "ResourceNotFoundException" in cli_error("get-code-signing-config", "--code-signing-config-arn", arn)


def test_cli_layer_versions_and_their_permissions(cli, cli_error, tmp_path):
    layer = unique("cli-layer")
    zip_path = tmp_path / "layer.zip"
    zip_path.write_bytes(make_zip({"python/helper.py": "X = 1\n"}))
    published = cli("publish-layer-version", "--layer-name", layer, "--zip-file", f"fileb://{zip_path}")
    version_arn = published["LayerVersionArn"]
    got = cli("get-layer-version", "--layer-name", layer, "--version-number", "1")
    assert got["LayerVersionArn"] == version_arn
    assert cli("get-layer-version-by-arn", "--arn", version_arn)["Version"] == 1

    added = cli(
        "add-layer-version-permission",
        "--layer-name", layer,
        "--version-number", "1",
        "--statement-id", "everyone",
        "--action", "lambda:GetLayerVersion",
        "--principal", "*",
    )
    assert json.loads(added["Statement"])["Sid"] == "everyone"
    policy = json.loads(cli("get-layer-version-policy", "--layer-name", layer, "--version-number", "1")["Policy"])
    assert [s["Sid"] for s in policy["Statement"]] == ["everyone"]
    cli("remove-layer-version-permission", "--layer-name", layer, "--version-number", "1", "--statement-id", "everyone")
    err = cli_error("get-layer-version-policy", "--layer-name", layer, "--version-number", "1")
    assert "ResourceNotFoundException" in err
    cli("delete-layer-version", "--layer-name", layer, "--version-number", "1")
    assert "ResourceNotFoundException" in cli_error("get-layer-version", "--layer-name", layer, "--version-number", "1")


def test_cli_permissions_code_updates_and_invoke_async(cli, cli_error, cli_function, tmp_path):
    name = cli_function["FunctionName"]
    cli(
        "add-permission",
        "--function-name", name,
        "--statement-id", "s3",
        "--action", "lambda:InvokeFunction",
        "--principal", "s3.amazonaws.com",
    )
    cli("remove-permission", "--function-name", name, "--statement-id", "s3")
    assert "ResourceNotFoundException" in cli_error("get-policy", "--function-name", name)

    zip_path = tmp_path / "v2.zip"
    archive = make_zip({"index.py": "def handler(event, context):\n    return {'v': 2}\n"})
    zip_path.write_bytes(archive)
    updated = cli("update-function-code", "--function-name", name, "--zip-file", f"fileb://{zip_path}")
    assert updated["CodeSize"] == len(archive)
    assert cli("get-function-configuration", "--function-name", name)["CodeSha256"] == updated["CodeSha256"]

    args = tmp_path / "args.json"
    args.write_text('{"async": true}')
    assert cli("invoke-async", "--function-name", name, "--invoke-args", str(args))["Status"] == 202


def test_cli_durable_callback_failure(cli, cli_error, server, tmp_path):
    """A callback of a durable execution answered with a failure (the rest of the durable
    commands are in test_durable_cli.py)."""
    name = unique("cli-durable-fail")
    cli_create_function(server, tmp_path, name, "--durable-config", "ExecutionTimeout=900")
    payload = tmp_path / "payload.json"
    payload.write_text('{"claim": 9}')
    started = cli(
        "invoke",
        "--function-name", name,
        "--qualifier", "$LATEST",
        "--invocation-type", "Event",
        "--payload", f"fileb://{payload}",
        str(tmp_path / "out.json"),
    )
    arn = started["DurableExecutionArn"]
    token = base64.b64encode(f"{arn.rsplit('/', 1)[1]}:1".encode()).decode()
    updates = json.dumps([{"Id": "review", "Type": "CALLBACK", "Action": "START"}])
    state = cli(
        "checkpoint-durable-execution", "--durable-execution-arn", arn, "--checkpoint-token", token, "--updates", updates
    )["NewExecutionState"]["Operations"]
    callback_id = state[0]["CallbackDetails"]["CallbackId"]
    cli(
        "send-durable-execution-callback-failure",
        "--callback-id", callback_id,
        "--error", "ErrorType=Rejected,ErrorMessage=no budget",
    )
    events = cli("get-durable-execution-history", "--durable-execution-arn", arn)["Events"]
    failed = [e for e in events if e["EventType"] == "CallbackFailed"]
    assert failed[0]["CallbackFailedDetails"]["Error"]["Payload"]["ErrorType"] == "Rejected"
    err = cli_error("send-durable-execution-callback-failure", "--callback-id", callback_id)
    assert "CallbackTimeoutException" in err
    cli("delete-function", "--function-name", name)
