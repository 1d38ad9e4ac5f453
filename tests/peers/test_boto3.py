"""The reference-era Lambda operations driven through boto3 against lambda-local (the
operations AWS's model added are in test_boto3_model_additions.py, durable executions in
test_durable.py).

boto3 signs with its own SigV4, serializes with its own rest-json code and parses errors into
its own exception classes, so a pass here means the server speaks the wire format a real client
expects. conftest.py checks at the end of the session that every operation of the spec was
answered 2xx.
"""

import base64
import hashlib
import json
import re

import pytest
from botocore.exceptions import ClientError

from conftest import ROLE, make_client, make_zip, unique

ARN_FN = re.compile(r"^arn:aws:lambda:us-east-1:\d{12}:function:[A-Za-z0-9_-]+(:[$A-Za-z0-9_-]+)?$")


def error_of(excinfo):
    """(code, HTTP status, message) of a boto3 ClientError."""
    err = excinfo.value.response
    return (
        err["Error"]["Code"],
        err["ResponseMetadata"]["HTTPStatusCode"],
        err["Error"].get("Message", ""),
    )


def paginate(lam, op, result_key, **kwargs):
    """All items of a list operation read one item per page (at most 500); returns (items, pages)."""
    config = {"PageSize": 1, "MaxItems": 500}
    pages = list(lam.get_paginator(op).paginate(PaginationConfig=config, **kwargs))
    items = [item for page in pages for item in page[result_key]]
    return items, len(pages)


# --- functions: create, read, update, list, delete ---------------------------------------------


def test_create_and_get_function(lam, function, code_zip):
    name = function["FunctionName"]
    assert ARN_FN.match(function["FunctionArn"]), function["FunctionArn"]
    assert function["FunctionArn"].endswith(f":function:{name}")
    assert function["Runtime"] == "python3.12"
    assert function["Handler"] == "index.handler"
    assert function["Role"] == ROLE
    assert function["MemorySize"] == 256
    assert function["Timeout"] == 10
    assert function["Version"] == "$LATEST"
    assert function["CodeSize"] == len(code_zip)
    assert function["CodeSha256"] == base64.b64encode(hashlib.sha256(code_zip).digest()).decode()
    assert function["Environment"]["Variables"] == {"STAGE": "test"}
    assert function["RevisionId"]
    assert function["ResponseMetadata"]["HTTPStatusCode"] == 201

    got = lam.get_function(FunctionName=name)
    assert got["Configuration"]["FunctionName"] == name
    assert got["Configuration"]["CodeSha256"] == function["CodeSha256"]
    assert got["Configuration"]["RevisionId"] == function["RevisionId"]
    assert got["Tags"] == {"suite": "peers"}

    conf = lam.get_function_configuration(FunctionName=name)
    assert conf["FunctionArn"] == function["FunctionArn"]
    assert conf["Description"] == "made by the peer suite"

    # The same function by its ARN.
    by_arn = lam.get_function_configuration(FunctionName=function["FunctionArn"])
    assert by_arn["FunctionName"] == name


def test_create_duplicate_function_conflicts(lam, function, code_zip):
    with pytest.raises(lam.exceptions.ResourceConflictException) as e:
        lam.create_function(
            FunctionName=function["FunctionName"],
            Runtime="python3.12",
            Role=ROLE,
            Handler="index.handler",
            Code={"ZipFile": code_zip},
        )
    code, status, message = error_of(e)
    assert (code, status) == ("ResourceConflictException", 409)
    assert function["FunctionName"] in message


def test_missing_function_is_not_found(lam):
    name = unique("absent")
    with pytest.raises(lam.exceptions.ResourceNotFoundException) as e:
        lam.get_function(FunctionName=name)
    code, status, message = error_of(e)
    assert (code, status) == ("ResourceNotFoundException", 404)
    assert name in message
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.delete_function(FunctionName=name)


def test_update_configuration_and_code_with_revision_ids(lam, function):
    name = function["FunctionName"]
    rev0 = function["RevisionId"]

    up = lam.update_function_configuration(
        FunctionName=name, Description="second", MemorySize=512, RevisionId=rev0
    )
    assert up["Description"] == "second"
    assert up["MemorySize"] == 512
    assert up["RevisionId"] != rev0

    # The revision we just replaced is stale now.
    with pytest.raises(lam.exceptions.PreconditionFailedException) as e:
        lam.update_function_configuration(FunctionName=name, Description="third", RevisionId=rev0)
    assert error_of(e)[:2] == ("PreconditionFailedException", 412)

    new_zip = make_zip({"index.py": "def handler(e, c):\n    return {'v': 2}\n"})
    code = lam.update_function_code(FunctionName=name, ZipFile=new_zip, RevisionId=up["RevisionId"])
    assert code["CodeSha256"] == base64.b64encode(hashlib.sha256(new_zip).digest()).decode()
    assert code["CodeSize"] == len(new_zip)
    assert code["Description"] == "second"
    assert code["RevisionId"] not in (rev0, up["RevisionId"])

    with pytest.raises(lam.exceptions.PreconditionFailedException):
        lam.update_function_code(FunctionName=name, ZipFile=new_zip, RevisionId=up["RevisionId"])

    assert lam.get_function_configuration(FunctionName=name)["MemorySize"] == 512


def test_list_functions_paginates(lam, code_zip):
    names = [unique("peer-list") for _ in range(3)]
    for n in names:
        lam.create_function(
            FunctionName=n, Runtime="python3.12", Role=ROLE, Handler="index.handler", Code={"ZipFile": code_zip}
        )
    try:
        items, pages = paginate(lam, "list_functions", "Functions")
        listed = [f["FunctionName"] for f in items]
        assert set(names) <= set(listed)
        assert len(listed) == len(set(listed)), "a function was listed twice"
        assert pages >= 3
        # One plain call with MaxItems also returns a marker.
        first = lam.list_functions(MaxItems=1)
        assert len(first["Functions"]) == 1
        assert first.get("NextMarker")
    finally:
        for n in names:
            lam.delete_function(FunctionName=n)
    after = {f["FunctionName"] for f in lam.list_functions()["Functions"]}
    assert not set(names) & after


# --- versions and aliases ----------------------------------------------------------------------


def test_versions_and_aliases(lam, function):
    name = function["FunctionName"]
    v1 = lam.publish_version(FunctionName=name, Description="first")
    assert v1["Version"] == "1"
    assert v1["FunctionArn"].endswith(f":{name}:1")
    assert v1["ResponseMetadata"]["HTTPStatusCode"] == 201

    with pytest.raises(lam.exceptions.PreconditionFailedException):
        lam.publish_version(FunctionName=name, RevisionId="00000000-0000-0000-0000-000000000000")

    # Nothing changed since version 1: publishing again returns it.
    assert lam.publish_version(FunctionName=name)["Version"] == "1"
    lam.update_function_configuration(FunctionName=name, MemorySize=1024)
    v2 = lam.publish_version(FunctionName=name)
    assert v2["Version"] == "2"
    assert v2["MemorySize"] == 1024

    versions, pages = paginate(lam, "list_versions_by_function", "Versions", FunctionName=name)
    assert [v["Version"] for v in versions] == ["$LATEST", "1", "2"]
    assert pages >= 3

    alias = lam.create_alias(
        FunctionName=name,
        Name="live",
        FunctionVersion="1",
        Description="the live one",
        RoutingConfig={"AdditionalVersionWeights": {"2": 0.25}},
    )
    assert alias["Name"] == "live"
    assert alias["FunctionVersion"] == "1"
    assert alias["AliasArn"].endswith(f":function:{name}:live")
    assert alias["RoutingConfig"]["AdditionalVersionWeights"] == {"2": 0.25}

    with pytest.raises(lam.exceptions.ResourceConflictException):
        lam.create_alias(FunctionName=name, Name="live", FunctionVersion="1")

    got = lam.get_alias(FunctionName=name, Name="live")
    assert got["RevisionId"] == alias["RevisionId"]
    assert got["Description"] == "the live one"

    with pytest.raises(lam.exceptions.PreconditionFailedException):
        lam.update_alias(FunctionName=name, Name="live", FunctionVersion="2", RevisionId="stale-revision")
    updated = lam.update_alias(
        FunctionName=name,
        Name="live",
        FunctionVersion="2",
        RoutingConfig={"AdditionalVersionWeights": {}},
        RevisionId=alias["RevisionId"],
    )
    assert updated["FunctionVersion"] == "2"
    assert not updated.get("RoutingConfig", {}).get("AdditionalVersionWeights")
    assert updated["RevisionId"] != alias["RevisionId"]

    lam.create_alias(FunctionName=name, Name="beta", FunctionVersion="$LATEST")
    aliases, pages = paginate(lam, "list_aliases", "Aliases", FunctionName=name)
    assert sorted(a["Name"] for a in aliases) == ["beta", "live"]
    assert pages >= 2
    only_v2 = lam.list_aliases(FunctionName=name, FunctionVersion="2")["Aliases"]
    assert [a["Name"] for a in only_v2] == ["live"]

    # The alias resolves in a qualified name.
    conf = lam.get_function_configuration(FunctionName=name, Qualifier="live")
    assert conf["Version"] == "2"

    lam.delete_alias(FunctionName=name, Name="beta")
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_alias(FunctionName=name, Name="beta")

    # Deleting one version leaves the others.
    lam.delete_function(FunctionName=name, Qualifier="1")
    versions = [v["Version"] for v in lam.list_versions_by_function(FunctionName=name)["Versions"]]
    assert versions == ["$LATEST", "2"]


# --- resource policies --------------------------------------------------------------------------


def test_permissions_and_policy(lam, function):
    name = function["FunctionName"]
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_policy(FunctionName=name)

    added = lam.add_permission(
        FunctionName=name,
        StatementId="s3-invoke",
        Action="lambda:InvokeFunction",
        Principal="s3.amazonaws.com",
        SourceArn="arn:aws:s3:::my-bucket",
    )
    assert added["ResponseMetadata"]["HTTPStatusCode"] == 201
    statement = json.loads(added["Statement"])
    assert statement["Sid"] == "s3-invoke"
    assert statement["Action"] == "lambda:InvokeFunction"
    assert function["FunctionArn"] in json.dumps(statement["Resource"])

    with pytest.raises(lam.exceptions.ResourceConflictException):
        lam.add_permission(
            FunctionName=name, StatementId="s3-invoke", Action="lambda:InvokeFunction", Principal="s3.amazonaws.com"
        )

    lam.add_permission(
        FunctionName=name, StatementId="acct", Action="lambda:GetFunction", Principal="210987654321"
    )
    policy = lam.get_policy(FunctionName=name)
    doc = json.loads(policy["Policy"])
    assert sorted(s["Sid"] for s in doc["Statement"]) == ["acct", "s3-invoke"]
    assert policy["RevisionId"]

    with pytest.raises(lam.exceptions.PreconditionFailedException):
        lam.remove_permission(FunctionName=name, StatementId="acct", RevisionId="stale-revision")
    lam.remove_permission(FunctionName=name, StatementId="acct")
    doc = json.loads(lam.get_policy(FunctionName=name)["Policy"])
    assert [s["Sid"] for s in doc["Statement"]] == ["s3-invoke"]
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.remove_permission(FunctionName=name, StatementId="acct")


# --- layers -------------------------------------------------------------------------------------


def test_layers(lam):
    layer = unique("peer-layer")
    content = make_zip({"python/util.py": "X = 1\n"})
    v1 = lam.publish_layer_version(
        LayerName=layer,
        Description="one",
        Content={"ZipFile": content},
        CompatibleRuntimes=["python3.12"],
        CompatibleArchitectures=["x86_64"],
        LicenseInfo="MIT",
    )
    assert v1["Version"] == 1
    assert v1["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert v1["LayerVersionArn"].endswith(f":layer:{layer}:1")
    assert v1["LayerArn"].endswith(f":layer:{layer}")
    assert v1["Content"]["CodeSize"] == len(content)
    assert v1["Content"]["CodeSha256"] == base64.b64encode(hashlib.sha256(content).digest()).decode()
    assert v1["CompatibleRuntimes"] == ["python3.12"]
    v2 = lam.publish_layer_version(LayerName=layer, Content={"ZipFile": content}, CompatibleRuntimes=["python3.11"])
    assert v2["Version"] == 2

    got = lam.get_layer_version(LayerName=layer, VersionNumber=1)
    assert got["LayerVersionArn"] == v1["LayerVersionArn"]
    assert got["Description"] == "one"
    assert got["LicenseInfo"] == "MIT"
    by_arn = lam.get_layer_version_by_arn(Arn=v2["LayerVersionArn"])
    assert by_arn["Version"] == 2

    versions, pages = paginate(lam, "list_layer_versions", "LayerVersions", LayerName=layer)
    assert sorted(v["Version"] for v in versions) == [1, 2]
    assert pages >= 2
    runtime_filtered = lam.list_layer_versions(LayerName=layer, CompatibleRuntime="python3.11")["LayerVersions"]
    assert [v["Version"] for v in runtime_filtered] == [2]

    other = unique("peer-layer")
    lam.publish_layer_version(LayerName=other, Content={"ZipFile": content})
    layers, pages = paginate(lam, "list_layers", "Layers")
    by_name = {lay["LayerName"]: lay for lay in layers}
    assert {layer, other} <= set(by_name)
    assert by_name[layer]["LatestMatchingVersion"]["Version"] == 2
    assert pages >= 2

    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_layer_version_policy(LayerName=layer, VersionNumber=1)
    perm = lam.add_layer_version_permission(
        LayerName=layer,
        VersionNumber=1,
        StatementId="everyone",
        Action="lambda:GetLayerVersion",
        Principal="*",
    )
    assert perm["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert json.loads(perm["Statement"])["Sid"] == "everyone"
    assert perm["RevisionId"]
    with pytest.raises(lam.exceptions.ResourceConflictException):
        lam.add_layer_version_permission(
            LayerName=layer, VersionNumber=1, StatementId="everyone", Action="lambda:GetLayerVersion", Principal="*"
        )
    policy = lam.get_layer_version_policy(LayerName=layer, VersionNumber=1)
    assert [s["Sid"] for s in json.loads(policy["Policy"])["Statement"]] == ["everyone"]
    lam.remove_layer_version_permission(LayerName=layer, VersionNumber=1, StatementId="everyone")
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.remove_layer_version_permission(LayerName=layer, VersionNumber=1, StatementId="everyone")

    lam.delete_layer_version(LayerName=layer, VersionNumber=1)
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_layer_version(LayerName=layer, VersionNumber=1)
    assert [v["Version"] for v in lam.list_layer_versions(LayerName=layer)["LayerVersions"]] == [2]


# --- tags ---------------------------------------------------------------------------------------


def test_tags(lam, function):
    arn = function["FunctionArn"]
    assert lam.list_tags(Resource=arn)["Tags"] == {"suite": "peers"}
    lam.tag_resource(Resource=arn, Tags={"team": "lambda", "cost": "42"})
    assert lam.list_tags(Resource=arn)["Tags"] == {"suite": "peers", "team": "lambda", "cost": "42"}
    lam.untag_resource(Resource=arn, TagKeys=["suite", "cost"])
    assert lam.list_tags(Resource=arn)["Tags"] == {"team": "lambda"}
    missing = arn.replace(function["FunctionName"], unique("absent"))
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.list_tags(Resource=missing)


# --- concurrency --------------------------------------------------------------------------------


def test_reserved_concurrency(lam, function):
    name = function["FunctionName"]
    assert "ReservedConcurrentExecutions" not in lam.get_function_concurrency(FunctionName=name)
    put = lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=7)
    assert put["ReservedConcurrentExecutions"] == 7
    assert lam.get_function_concurrency(FunctionName=name)["ReservedConcurrentExecutions"] == 7
    assert lam.get_function(FunctionName=name)["Concurrency"]["ReservedConcurrentExecutions"] == 7
    lam.delete_function_concurrency(FunctionName=name)
    assert "ReservedConcurrentExecutions" not in lam.get_function_concurrency(FunctionName=name)


def test_provisioned_concurrency(lam, function):
    name = function["FunctionName"]
    lam.publish_version(FunctionName=name)
    lam.update_function_configuration(FunctionName=name, MemorySize=512)
    lam.publish_version(FunctionName=name)
    lam.create_alias(FunctionName=name, Name="prod", FunctionVersion="1")

    with pytest.raises(lam.exceptions.ProvisionedConcurrencyConfigNotFoundException) as e:
        lam.get_provisioned_concurrency_config(FunctionName=name, Qualifier="1")
    assert error_of(e)[:2] == ("ProvisionedConcurrencyConfigNotFoundException", 404)

    put = lam.put_provisioned_concurrency_config(
        FunctionName=name, Qualifier="1", ProvisionedConcurrentExecutions=3
    )
    assert put["RequestedProvisionedConcurrentExecutions"] == 3
    assert put["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert put["Status"] in ("IN_PROGRESS", "READY")
    # An alias of a version that has its own provisioned concurrency cannot have any.
    with pytest.raises(lam.exceptions.ResourceConflictException):
        lam.put_provisioned_concurrency_config(FunctionName=name, Qualifier="prod", ProvisionedConcurrentExecutions=1)
    lam.update_alias(FunctionName=name, Name="prod", FunctionVersion="2")
    lam.put_provisioned_concurrency_config(FunctionName=name, Qualifier="prod", ProvisionedConcurrentExecutions=2)

    got = lam.get_provisioned_concurrency_config(FunctionName=name, Qualifier="1")
    assert got["RequestedProvisionedConcurrentExecutions"] == 3

    configs, pages = paginate(
        lam, "list_provisioned_concurrency_configs", "ProvisionedConcurrencyConfigs", FunctionName=name
    )
    assert sorted(c["FunctionArn"].rsplit(":", 1)[1] for c in configs) == ["1", "prod"]
    assert pages >= 2

    lam.delete_provisioned_concurrency_config(FunctionName=name, Qualifier="1")
    with pytest.raises(lam.exceptions.ProvisionedConcurrencyConfigNotFoundException):
        lam.get_provisioned_concurrency_config(FunctionName=name, Qualifier="1")


# --- asynchronous invocation configs ------------------------------------------------------------


def test_event_invoke_configs(lam, function):
    name = function["FunctionName"]
    lam.publish_version(FunctionName=name)
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_function_event_invoke_config(FunctionName=name)

    dest = {"OnFailure": {"Destination": "arn:aws:sqs:us-east-1:123456789012:dlq"}}
    put = lam.put_function_event_invoke_config(
        FunctionName=name, MaximumRetryAttempts=1, MaximumEventAgeInSeconds=600, DestinationConfig=dest
    )
    assert put["MaximumRetryAttempts"] == 1
    assert put["MaximumEventAgeInSeconds"] == 600
    assert put["DestinationConfig"]["OnFailure"]["Destination"] == dest["OnFailure"]["Destination"]
    assert put["FunctionArn"].startswith(function["FunctionArn"])

    upd = lam.update_function_event_invoke_config(FunctionName=name, MaximumRetryAttempts=2)
    assert upd["MaximumRetryAttempts"] == 2
    assert upd["MaximumEventAgeInSeconds"] == 600, "update keeps the members it was not given"

    # Put replaces the whole config.
    put2 = lam.put_function_event_invoke_config(FunctionName=name, MaximumRetryAttempts=0)
    assert put2["MaximumRetryAttempts"] == 0
    assert "MaximumEventAgeInSeconds" not in put2

    lam.put_function_event_invoke_config(FunctionName=name, Qualifier="1", MaximumRetryAttempts=1)
    got = lam.get_function_event_invoke_config(FunctionName=name, Qualifier="1")
    assert got["MaximumRetryAttempts"] == 1

    configs, pages = paginate(lam, "list_function_event_invoke_configs", "FunctionEventInvokeConfigs", FunctionName=name)
    assert len(configs) == 2
    assert pages >= 2

    lam.delete_function_event_invoke_config(FunctionName=name, Qualifier="1")
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_function_event_invoke_config(FunctionName=name, Qualifier="1")


# --- function URLs ------------------------------------------------------------------------------


def test_function_urls(lam, function):
    name = function["FunctionName"]
    lam.publish_version(FunctionName=name)
    lam.create_alias(FunctionName=name, Name="web", FunctionVersion="1")

    url = lam.create_function_url_config(
        FunctionName=name, AuthType="NONE", Cors={"AllowOrigins": ["https://example.com"], "MaxAge": 60}
    )
    assert url["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert url["AuthType"] == "NONE"
    assert url["FunctionUrl"].startswith("https://")
    assert url["Cors"]["AllowOrigins"] == ["https://example.com"]
    assert url["FunctionArn"] == function["FunctionArn"]

    with pytest.raises(lam.exceptions.ResourceConflictException):
        lam.create_function_url_config(FunctionName=name, AuthType="NONE")

    lam.create_function_url_config(FunctionName=name, Qualifier="web", AuthType="AWS_IAM", InvokeMode="RESPONSE_STREAM")
    got = lam.get_function_url_config(FunctionName=name, Qualifier="web")
    assert got["AuthType"] == "AWS_IAM"
    assert got["InvokeMode"] == "RESPONSE_STREAM"

    upd = lam.update_function_url_config(FunctionName=name, AuthType="AWS_IAM")
    assert upd["AuthType"] == "AWS_IAM"
    assert upd["FunctionUrl"] == url["FunctionUrl"]
    assert upd["Cors"]["AllowOrigins"] == ["https://example.com"]

    configs, pages = paginate(lam, "list_function_url_configs", "FunctionUrlConfigs", FunctionName=name)
    assert len(configs) == 2
    assert pages >= 2

    lam.delete_function_url_config(FunctionName=name)
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_function_url_config(FunctionName=name)


# --- event source mappings ----------------------------------------------------------------------


def test_event_source_mappings(lam, function):
    name = function["FunctionName"]
    queue = f"arn:aws:sqs:us-east-1:123456789012:{unique('queue')}"
    esm = lam.create_event_source_mapping(EventSourceArn=queue, FunctionName=name, BatchSize=5, Enabled=True)
    assert esm["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert re.fullmatch(r"[0-9a-f-]{36}", esm["UUID"]), esm["UUID"]
    assert esm["EventSourceArn"] == queue
    assert esm["FunctionArn"] == function["FunctionArn"]
    assert esm["BatchSize"] == 5

    got = lam.get_event_source_mapping(UUID=esm["UUID"])
    assert got["UUID"] == esm["UUID"]
    upd = lam.update_event_source_mapping(UUID=esm["UUID"], BatchSize=7)
    assert upd["BatchSize"] == 7
    assert upd["ResponseMetadata"]["HTTPStatusCode"] == 202

    queue2 = f"arn:aws:sqs:us-east-1:123456789012:{unique('queue')}"
    esm2 = lam.create_event_source_mapping(EventSourceArn=queue2, FunctionName=name)
    mappings, pages = paginate(lam, "list_event_source_mappings", "EventSourceMappings", FunctionName=name)
    assert sorted(m["UUID"] for m in mappings) == sorted([esm["UUID"], esm2["UUID"]])
    assert pages >= 2
    by_source = lam.list_event_source_mappings(EventSourceArn=queue2)["EventSourceMappings"]
    assert [m["UUID"] for m in by_source] == [esm2["UUID"]]

    deleted = lam.delete_event_source_mapping(UUID=esm["UUID"])
    assert deleted["UUID"] == esm["UUID"]
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 202
    lam.delete_event_source_mapping(UUID=esm2["UUID"])
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_event_source_mapping(UUID=esm["UUID"])


# --- code signing -------------------------------------------------------------------------------


def test_code_signing_configs(lam, function):
    name = function["FunctionName"]
    profile = "arn:aws:signer:us-east-1:123456789012:/signing-profiles/peer/abcdef0123"
    csc = lam.create_code_signing_config(
        Description="peer csc",
        AllowedPublishers={"SigningProfileVersionArns": [profile]},
        CodeSigningPolicies={"UntrustedArtifactOnDeployment": "Warn"},
    )["CodeSigningConfig"]
    arn = csc["CodeSigningConfigArn"]
    assert re.match(r"^arn:aws:lambda:us-east-1:\d{12}:code-signing-config:csc-[a-z0-9]{17}$", arn), arn
    assert csc["AllowedPublishers"]["SigningProfileVersionArns"] == [profile]
    assert csc["CodeSigningPolicies"]["UntrustedArtifactOnDeployment"] == "Warn"

    got = lam.get_code_signing_config(CodeSigningConfigArn=arn)["CodeSigningConfig"]
    assert got["Description"] == "peer csc"
    upd = lam.update_code_signing_config(
        CodeSigningConfigArn=arn, CodeSigningPolicies={"UntrustedArtifactOnDeployment": "Enforce"}
    )["CodeSigningConfig"]
    assert upd["CodeSigningPolicies"]["UntrustedArtifactOnDeployment"] == "Enforce"
    assert upd["Description"] == "peer csc"

    other = lam.create_code_signing_config(AllowedPublishers={"SigningProfileVersionArns": [profile]})
    other_arn = other["CodeSigningConfig"]["CodeSigningConfigArn"]
    configs, pages = paginate(lam, "list_code_signing_configs", "CodeSigningConfigs")
    assert {arn, other_arn} <= {c["CodeSigningConfigArn"] for c in configs}
    assert pages >= 2

    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_function_code_signing_config(FunctionName=unique("absent"))
    put = lam.put_function_code_signing_config(CodeSigningConfigArn=arn, FunctionName=name)
    assert put["CodeSigningConfigArn"] == arn
    assert put["FunctionName"] == name
    got = lam.get_function_code_signing_config(FunctionName=name)
    assert got["CodeSigningConfigArn"] == arn

    second = lam.create_function(
        FunctionName=unique("peer-signed"),
        Runtime="python3.12",
        Role=ROLE,
        Handler="index.handler",
        Code={"ZipFile": make_zip({"index.py": "x = 1\n"})},
        CodeSigningConfigArn=arn,
    )
    try:
        fns, pages = paginate(lam, "list_functions_by_code_signing_config", "FunctionArns", CodeSigningConfigArn=arn)
        assert sorted(fns) == sorted([function["FunctionArn"], second["FunctionArn"]])
        assert pages >= 2

        # A config in use cannot be deleted.
        with pytest.raises(lam.exceptions.ResourceConflictException):
            lam.delete_code_signing_config(CodeSigningConfigArn=arn)
    finally:
        lam.delete_function(FunctionName=second["FunctionName"])

    lam.delete_function_code_signing_config(FunctionName=name)
    assert not lam.get_function_code_signing_config(FunctionName=name).get("CodeSigningConfigArn")
    lam.delete_code_signing_config(CodeSigningConfigArn=arn)
    lam.delete_code_signing_config(CodeSigningConfigArn=other_arn)
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_code_signing_config(CodeSigningConfigArn=arn)
    with pytest.raises(lam.exceptions.CodeSigningConfigNotFoundException) as e:
        lam.put_function_code_signing_config(CodeSigningConfigArn=arn, FunctionName=name)
    assert error_of(e)[:2] == ("CodeSigningConfigNotFoundException", 404)


# --- runtime management and account -------------------------------------------------------------


def test_runtime_management_config(lam, function):
    name = function["FunctionName"]
    default = lam.get_runtime_management_config(FunctionName=name)
    assert default["UpdateRuntimeOn"] == "Auto"
    assert default["FunctionArn"] == function["FunctionArn"]
    runtime_arn = "arn:aws:lambda:us-east-1::runtime:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    put = lam.put_runtime_management_config(
        FunctionName=name, UpdateRuntimeOn="Manual", RuntimeVersionArn=runtime_arn
    )
    assert put["UpdateRuntimeOn"] == "Manual"
    assert put["RuntimeVersionArn"] == runtime_arn
    got = lam.get_runtime_management_config(FunctionName=name)
    assert got["UpdateRuntimeOn"] == "Manual"
    assert got["RuntimeVersionArn"] == runtime_arn


def test_account_settings(lam, function):
    settings = lam.get_account_settings()
    limit, usage = settings["AccountLimit"], settings["AccountUsage"]
    assert limit["ConcurrentExecutions"] > 0
    assert limit["CodeSizeZipped"] > 0
    assert usage["FunctionCount"] >= 1, "the fixture's function is counted"
    assert usage["TotalCodeSize"] >= function["CodeSize"]


# --- invocation ---------------------------------------------------------------------------------


def test_invoke_request_response_event_and_dry_run(lam, function):
    name = function["FunctionName"]
    payload = json.dumps({"hello": "peers", "n": 3}).encode()

    sync = lam.invoke(FunctionName=name, Payload=payload, LogType="Tail")
    assert sync["StatusCode"] == 200
    assert sync["ExecutedVersion"] == "$LATEST"
    body = sync["Payload"].read()
    assert json.loads(body) == json.loads(payload)
    assert "FunctionError" not in sync
    log = base64.b64decode(sync["LogResult"], validate=True).decode()
    assert f"START RequestId: {sync['ResponseMetadata']['RequestId']}" in log, log

    event = lam.invoke(FunctionName=name, Payload=payload, InvocationType="Event")
    assert event["StatusCode"] == 202
    assert event["Payload"].read() == b""

    dry = lam.invoke(FunctionName=name, InvocationType="DryRun")
    assert dry["StatusCode"] == 204

    lam.publish_version(FunctionName=name)
    qualified = lam.invoke(FunctionName=name, Qualifier="1", Payload=b"{}")
    assert qualified["ExecutedVersion"] == "1"

    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.invoke(FunctionName=unique("absent"), Payload=b"{}")


def test_invoke_async(lam, function):
    out = lam.invoke_async(FunctionName=function["FunctionName"], InvokeArgs=b'{"queued": true}')
    assert out["Status"] == 202
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 202


def test_invoke_with_response_stream(lam, function):
    name = function["FunctionName"]
    payload = json.dumps({"stream": list(range(50))}).encode()
    out = lam.invoke_with_response_stream(FunctionName=name, Payload=payload, LogType="Tail")
    assert out["StatusCode"] == 200
    assert out["ExecutedVersion"] == "$LATEST"
    chunks, complete = [], []
    for event in out["EventStream"]:
        if "PayloadChunk" in event:
            assert not complete, "a chunk came after InvokeComplete"
            chunks.append(event["PayloadChunk"]["Payload"])
        elif "InvokeComplete" in event:
            complete.append(event["InvokeComplete"])
        else:
            pytest.fail(f"unexpected event {event}")
    assert len(complete) == 1
    assert "ErrorCode" not in complete[0]
    assert chunks, "no PayloadChunk events"
    assert json.loads(b"".join(chunks)) == json.loads(payload)

    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.invoke_with_response_stream(FunctionName=unique("absent"), Payload=b"{}")


# --- validation and signatures ------------------------------------------------------------------


def test_server_side_validation(lam_raw):
    too_long = "f" * 257  # the model allows 256
    with pytest.raises(ClientError) as e:
        lam_raw.get_function(FunctionName=too_long)
    code, status, message = error_of(e)
    assert status == 400
    assert code == "ValidationException"
    assert "failed to satisfy constraint" in message
    assert "functionName" in message or "FunctionName" in message

    with pytest.raises(ClientError) as e:
        lam_raw.create_function(
            FunctionName=unique("bad"),
            Runtime="python3.12",
            Role=ROLE,
            Handler="index.handler",
            Code={"ZipFile": b"PK"},
            MemorySize=64,
            Timeout=0,
        )
    code, status, message = error_of(e)
    assert (code, status) == ("ValidationException", 400)
    assert message.startswith("2 validation errors detected: "), message
    assert re.search(r"at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128\b", message), message
    assert re.search(r"at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1\b", message), message

    # A required member left out is caught by the server too.
    with pytest.raises(ClientError) as e:
        lam_raw.create_alias(FunctionName=unique("bad"), Name="x")
    code, status, message = error_of(e)
    assert status == 400
    assert "functionVersion" in message or "FunctionVersion" in message


def test_boto3_checks_only_minimums_itself(lam):
    """botocore checks required members and minimums before sending, never maximums: a too-long
    name reaches the server (its ValidationException), a too-small memory size does not."""
    from botocore.exceptions import ParamValidationError

    with pytest.raises(ClientError) as e:
        lam.get_function_configuration(FunctionName="f" * 257)
    code, status, message = error_of(e)
    assert (code, status) == ("ValidationException", 400)
    assert message == (
        "1 validation error detected: Value '" + "f" * 257 + "' at 'functionName' failed to satisfy "
        "constraint: Member must have length less than or equal to 256"
    ), message

    with pytest.raises(ParamValidationError):
        lam.create_function(
            FunctionName=unique("small"),
            Runtime="python3.12",
            Role=ROLE,
            Handler="index.handler",
            Code={"ZipFile": b"PK"},
            MemorySize=64,
        )


def test_wrong_secret_is_refused(server):
    bad = make_client(server, secret_key="not-the-secret")
    with pytest.raises(ClientError) as e:
        bad.list_functions()
    code, status, _ = error_of(e)
    assert status == 403
    assert code == "InvalidSignatureException"


def test_unknown_access_key_is_refused(server):
    bad = make_client(server, access_key="AKIDUNKNOWN0000000", secret_key="whatever")
    with pytest.raises(ClientError) as e:
        bad.get_account_settings()
    code, status, _ = error_of(e)
    assert status == 403
    assert code == "UnrecognizedClientException"


# --- durable executions that do not exist ----------------------------------------------------

DURABLE_ARN = "arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST/durable-execution/run-1/abc"
CALLBACK_ID = "Y2FsbGJhY2s="


def test_durable_operations_answer_for_unknown_executions(lam):
    """The durable execution operations of an execution or callback that does not exist (the
    whole life cycle is in test_durable.py): the model's not-found codes; the SDK's own
    operations know only tokens, so an unknown execution is an invalid token."""
    calls = [
        ("checkpoint_durable_execution", {"DurableExecutionArn": DURABLE_ARN, "CheckpointToken": "dG9rZW4="}, 400),
        ("get_durable_execution", {"DurableExecutionArn": DURABLE_ARN}, 404),
        ("get_durable_execution_history", {"DurableExecutionArn": DURABLE_ARN}, 404),
        ("get_durable_execution_state", {"DurableExecutionArn": DURABLE_ARN, "CheckpointToken": "dG9rZW4="}, 400),
        ("list_durable_executions_by_function", {"FunctionName": unique("absent")}, 404),
        ("pause_durable_execution", {"DurableExecutionArn": DURABLE_ARN}, 404),
        ("resume_durable_execution", {"DurableExecutionArn": DURABLE_ARN}, 404),
        ("stop_durable_execution", {"DurableExecutionArn": DURABLE_ARN}, 404),
        ("delete_durable_execution", {"DurableExecutionArn": DURABLE_ARN}, 404),
        ("send_durable_execution_callback_failure", {"CallbackId": CALLBACK_ID}, 404),
        ("send_durable_execution_callback_heartbeat", {"CallbackId": CALLBACK_ID}, 404),
        ("send_durable_execution_callback_success", {"CallbackId": CALLBACK_ID, "Result": b"{}"}, 404),
    ]
    codes = {400: "InvalidParameterValueException", 404: "ResourceNotFoundException"}
    for method, kwargs, status in calls:
        with pytest.raises(ClientError) as e:
            getattr(lam, method)(**kwargs)
        assert error_of(e)[:2] == (codes[status], status), (method, error_of(e))

