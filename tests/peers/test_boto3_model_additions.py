"""What AWS's model added to the reference-era API, driven through boto3 against lambda-local:
capacity providers and the function versions on them, their scaling, recursion settings,
resource policies given whole, and the members the existing operations gained.

Each test checks semantics, not only status codes: what was put is what is got, lists see what
was created, deletes are gone, and preconditions and missing resources give the model's error
codes.
"""

import json
import re

import pytest

from conftest import ROLE, make_zip, unique

ACCOUNT = "123456789012"
CP_ARN = re.compile(r"^arn:aws:lambda:us-east-1:\d{12}:capacity-provider:[A-Za-z0-9_-]+$")
VPC = {"SubnetIds": ["subnet-0123"], "SecurityGroupIds": ["sg-0123"]}
OPERATOR = {"CapacityProviderOperatorRoleArn": f"arn:aws:iam::{ACCOUNT}:role/operator"}


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"]


def all_items(lam, op, key, **kwargs):
    """Every item of a list, read one item a page through boto3's paginator."""
    pages = lam.get_paginator(op).paginate(PaginationConfig={"PageSize": 1, "MaxItems": 500}, **kwargs)
    return [item for page in pages for item in page[key]]


def new_function(lam, **extra):
    name = unique("peer-new")
    args = dict(
        FunctionName=name,
        Runtime="python3.12",
        Role=ROLE,
        Handler="index.handler",
        Code={"ZipFile": make_zip({"index.py": f"# {name}\n"})},
    )
    args.update(extra)
    return lam.create_function(**args)


@pytest.fixture
def provider(lam):
    """A capacity provider, deleted after the test if it still exists and is free."""
    name = unique("peer-cp")
    created = lam.create_capacity_provider(
        CapacityProviderName=name, VpcConfig=VPC, PermissionsConfig=OPERATOR, Tags={"suite": "peers"}
    )
    yield created["CapacityProvider"]
    try:
        lam.delete_capacity_provider(CapacityProviderName=name)
    except (lam.exceptions.ResourceNotFoundException, lam.exceptions.ResourceConflictException):
        pass


def on(provider_arn):
    return {"LambdaManagedInstancesCapacityProviderConfig": {"CapacityProviderArn": provider_arn}}


# --- capacity providers --------------------------------------------------------------------------


def test_capacity_provider_life_cycle(lam):
    name = unique("peer-cp")
    created = lam.create_capacity_provider(
        CapacityProviderName=name,
        VpcConfig=VPC,
        PermissionsConfig=OPERATOR,
        InstanceRequirements={"Architectures": ["arm64"]},
        Tags={"team": "blue"},
    )
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 202
    cp = created["CapacityProvider"]
    arn = cp["CapacityProviderArn"]
    assert CP_ARN.match(arn) and arn.endswith(f":{name}"), arn
    assert cp["State"] == "Pending"

    got = lam.get_capacity_provider(CapacityProviderName=name)["CapacityProvider"]
    assert got["State"] == "Active"
    assert got["VpcConfig"] == VPC
    assert got["PermissionsConfig"] == OPERATOR
    assert got["InstanceRequirements"]["Architectures"] == ["arm64"]
    assert got["TelemetryConfig"]["LoggingConfig"]["LogGroup"] == f"/aws/lambda/capacity-provider/{name}"
    assert lam.get_capacity_provider(CapacityProviderName=arn)["CapacityProvider"]["CapacityProviderArn"] == arn

    listed = all_items(lam, "list_capacity_providers", "CapacityProviders")
    assert arn in [p["CapacityProviderArn"] for p in listed]
    pending = lam.list_capacity_providers(State="Pending")["CapacityProviders"]
    assert arn not in [p["CapacityProviderArn"] for p in pending]
    active = all_items(lam, "list_capacity_providers", "CapacityProviders", State="Active")
    assert arn in [p["CapacityProviderArn"] for p in active]

    with pytest.raises(lam.exceptions.ResourceConflictException):
        lam.create_capacity_provider(CapacityProviderName=name, VpcConfig=VPC, PermissionsConfig=OPERATOR)

    updated = lam.update_capacity_provider(
        CapacityProviderName=name,
        CapacityProviderScalingConfig={
            "ScalingMode": "Manual",
            "MaxVCpuCount": 64,
            "ScalingPolicies": [
                {"PredefinedMetricType": "LambdaCapacityProviderAverageCPUUtilization", "TargetValue": 55.0}
            ],
        },
    )
    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 202
    scaling = lam.get_capacity_provider(CapacityProviderName=name)["CapacityProvider"]["CapacityProviderScalingConfig"]
    assert scaling["ScalingMode"] == "Manual"
    assert scaling["MaxVCpuCount"] == 64
    assert scaling["ScalingPolicies"][0]["TargetValue"] == 55.0
    with pytest.raises(lam.exceptions.InvalidParameterValueException):
        lam.update_capacity_provider(CapacityProviderName=name, CapacityProviderScalingConfig={"ScalingMode": "Manual"})

    # Tags: given at creation, then through the tag operations on the provider's ARN.
    assert lam.list_tags(Resource=arn)["Tags"] == {"team": "blue"}
    lam.tag_resource(Resource=arn, Tags={"stage": "test"})
    lam.untag_resource(Resource=arn, TagKeys=["team"])
    assert lam.list_tags(Resource=arn)["Tags"] == {"stage": "test"}

    deleted = lam.delete_capacity_provider(CapacityProviderName=name)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert deleted["CapacityProvider"]["State"] == "Deleting"
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_capacity_provider(CapacityProviderName=name)
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.delete_capacity_provider(CapacityProviderName=name)
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.update_capacity_provider(CapacityProviderName=name)
    assert arn not in [p["CapacityProviderArn"] for p in all_items(lam, "list_capacity_providers", "CapacityProviders")]


def test_function_versions_on_a_capacity_provider(lam, provider):
    cp_arn = provider["CapacityProviderArn"]
    name = new_function(lam, CapacityProviderConfig=on(cp_arn))["FunctionName"]
    try:
        latest = lam.get_function_configuration(FunctionName=name)
        assert latest["State"] == "ActiveNonInvocable"
        assert latest["CapacityProviderConfig"] == on(cp_arn)
        # Unqualified invocations run $LATEST.PUBLISHED, and there is none yet.
        with pytest.raises(lam.exceptions.NoPublishedVersionException) as e:
            lam.invoke(FunctionName=name, Payload=b"{}")
        assert error_code(e) == ("NoPublishedVersionException", 400)

        published = lam.publish_version(FunctionName=name, PublishTo="LATEST_PUBLISHED")
        assert published["Version"] == "$LATEST.PUBLISHED"
        assert published["FunctionArn"].endswith(f":{name}:$LATEST.PUBLISHED")
        assert published["State"] == "Active"
        out = lam.invoke(FunctionName=name, Payload=b'{"on": "provider"}')
        assert out["ExecutedVersion"] == "$LATEST.PUBLISHED"
        assert json.loads(out["Payload"].read()) == {"on": "provider"}
        with pytest.raises(lam.exceptions.ResourceConflictException):
            lam.invoke(FunctionName=name, Qualifier="$LATEST", Payload=b"{}")

        # Republished in place with new code.
        republished = lam.update_function_code(
            FunctionName=name, ZipFile=make_zip({"index.py": "# v2\n"}), PublishTo="LATEST_PUBLISHED"
        )
        assert republished["Version"] == "$LATEST.PUBLISHED"
        assert republished["CodeSha256"] != published["CodeSha256"]
        v1 = lam.publish_version(FunctionName=name)
        assert v1["Version"] == "1"
        versions = [v["Version"] for v in all_items(lam, "list_versions_by_function", "Versions", FunctionName=name)]
        assert versions == ["$LATEST", "$LATEST.PUBLISHED", "1"]

        on_provider = all_items(
            lam, "list_function_versions_by_capacity_provider", "FunctionVersions", CapacityProviderName=cp_arn
        )
        states = {v["FunctionArn"].rsplit(":", 1)[1]: v["State"] for v in on_provider}
        assert states == {"$LATEST": "ActiveNonInvocable", "$LATEST.PUBLISHED": "Active", "1": "Active"}
        page = lam.list_function_versions_by_capacity_provider(CapacityProviderName=cp_arn, MaxItems=1)
        assert page["CapacityProviderArn"] == cp_arn
        assert len(page["FunctionVersions"]) == 1 and "NextMarker" in page

        # In use: the provider cannot go.
        with pytest.raises(lam.exceptions.ResourceConflictException):
            lam.delete_capacity_provider(CapacityProviderName=cp_arn)

        # Scaling of a published version.
        default = lam.get_function_scaling_config(FunctionName=name, Qualifier="1")
        assert default["AppliedFunctionScalingConfig"] == {"MinExecutionEnvironments": 3, "MaxExecutionEnvironments": 3}
        assert "RequestedFunctionScalingConfig" not in default
        put = lam.put_function_scaling_config(
            FunctionName=name,
            Qualifier="1",
            FunctionScalingConfig={"MinExecutionEnvironments": 1, "MaxExecutionEnvironments": 8},
        )
        assert put["ResponseMetadata"]["HTTPStatusCode"] == 202
        assert put["FunctionState"] == "Active"
        got = lam.get_function_scaling_config(FunctionName=name, Qualifier="1")
        assert got["RequestedFunctionScalingConfig"] == {"MinExecutionEnvironments": 1, "MaxExecutionEnvironments": 8}
        assert got["AppliedFunctionScalingConfig"] == got["RequestedFunctionScalingConfig"]
        assert got["FunctionArn"].endswith(f":{name}:1")
        with pytest.raises(lam.exceptions.InvalidParameterValueException):
            lam.put_function_scaling_config(
                FunctionName=name,
                Qualifier="1",
                FunctionScalingConfig={"MinExecutionEnvironments": 9, "MaxExecutionEnvironments": 2},
            )
        off = lam.put_function_scaling_config(
            FunctionName=name,
            Qualifier="$LATEST.PUBLISHED",
            FunctionScalingConfig={"MinExecutionEnvironments": 0, "MaxExecutionEnvironments": 0},
        )
        assert off["FunctionState"] == "Deactivating"
        assert lam.get_function_configuration(FunctionName=name, Qualifier="$LATEST.PUBLISHED")["State"] == "Deactivated"
        with pytest.raises(lam.exceptions.ResourceConflictException):
            lam.invoke(FunctionName=name, Payload=b"{}")
        with pytest.raises(lam.exceptions.ResourceNotFoundException):
            lam.get_function_scaling_config(FunctionName=name, Qualifier="7")
    finally:
        lam.delete_function(FunctionName=name)
    assert all_items(lam, "list_function_versions_by_capacity_provider", "FunctionVersions", CapacityProviderName=cp_arn) == []
    lam.delete_capacity_provider(CapacityProviderName=cp_arn)


def test_scaling_needs_a_version_on_a_capacity_provider(lam, function):
    name = function["FunctionName"]
    lam.publish_version(FunctionName=name)
    with pytest.raises(lam.exceptions.InvalidParameterValueException):
        lam.get_function_scaling_config(FunctionName=name, Qualifier="1")
    with pytest.raises(lam.exceptions.InvalidParameterValueException):
        lam.put_function_scaling_config(FunctionName=name, Qualifier="1", FunctionScalingConfig={})
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_function_scaling_config(FunctionName=unique("absent"), Qualifier="1")


def test_publish_to_is_for_functions_on_a_capacity_provider(lam, function):
    with pytest.raises(lam.exceptions.InvalidParameterValueException):
        lam.publish_version(FunctionName=function["FunctionName"], PublishTo="LATEST_PUBLISHED")
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        new_function(lam, CapacityProviderConfig=on(f"arn:aws:lambda:us-east-1:{ACCOUNT}:capacity-provider:absent"))


# --- recursion ----------------------------------------------------------------------------------


def test_recursion_config(lam, function):
    name = function["FunctionName"]
    assert lam.get_function_recursion_config(FunctionName=name)["RecursiveLoop"] == "Terminate"
    assert lam.put_function_recursion_config(FunctionName=name, RecursiveLoop="Allow")["RecursiveLoop"] == "Allow"
    assert lam.get_function_recursion_config(FunctionName=function["FunctionArn"])["RecursiveLoop"] == "Allow"
    lam.put_function_recursion_config(FunctionName=name, RecursiveLoop="Terminate")
    assert lam.get_function_recursion_config(FunctionName=name)["RecursiveLoop"] == "Terminate"
    absent = unique("absent")
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_function_recursion_config(FunctionName=absent)
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.put_function_recursion_config(FunctionName=absent, RecursiveLoop="Allow")


# --- resource policies --------------------------------------------------------------------------


def policy_doc(sid, resource):
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": sid,
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
                "Action": "lambda:InvokeFunction",
                "Resource": resource,
            }
        ],
    }


def test_resource_policies_of_functions(lam, function):
    name, arn = function["FunctionName"], function["FunctionArn"]
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_resource_policy(ResourceArn=arn)
    stale = "00000000-0000-0000-0000-000000000000"
    with pytest.raises(lam.exceptions.PreconditionFailedException) as e:
        lam.put_resource_policy(ResourceArn=arn, Policy=json.dumps(policy_doc("a", arn)), RevisionId=stale)
    assert error_code(e) == ("PreconditionFailedException", 412)

    revision = lam.get_function(FunctionName=name)["Configuration"]["RevisionId"]
    put = lam.put_resource_policy(ResourceArn=arn, Policy=json.dumps(policy_doc("a", arn)), RevisionId=revision)
    assert json.loads(put["Policy"]) == policy_doc("a", arn)
    got = lam.get_resource_policy(ResourceArn=arn)
    assert json.loads(got["Policy"]) == policy_doc("a", arn)
    assert got["RevisionId"] == put["RevisionId"] != revision
    # The same policy that GetPolicy and AddPermission work on.
    assert lam.get_policy(FunctionName=name)["RevisionId"] == got["RevisionId"]
    lam.add_permission(
        FunctionName=name, StatementId="b", Action="lambda:InvokeFunction", Principal="s3.amazonaws.com"
    )
    sids = [s["Sid"] for s in json.loads(lam.get_resource_policy(ResourceArn=arn)["Policy"])["Statement"]]
    assert sids == ["a", "b"]

    # Put replaces the whole policy.
    replaced = lam.put_resource_policy(ResourceArn=arn, Policy=json.dumps(policy_doc("c", arn)))
    assert [s["Sid"] for s in json.loads(lam.get_policy(FunctionName=name)["Policy"])["Statement"]] == ["c"]
    with pytest.raises(lam.exceptions.PreconditionFailedException):
        lam.delete_resource_policy(ResourceArn=arn, RevisionId=got["RevisionId"])
    lam.delete_resource_policy(ResourceArn=arn, RevisionId=replaced["RevisionId"])
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_resource_policy(ResourceArn=arn)
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.delete_resource_policy(ResourceArn=arn)

    # A version has its own policy; a missing one has none.
    lam.publish_version(FunctionName=name)
    lam.put_resource_policy(ResourceArn=f"{arn}:1", Policy=json.dumps(policy_doc("v1", f"{arn}:1")))
    assert json.loads(lam.get_policy(FunctionName=name, Qualifier="1")["Policy"])["Statement"][0]["Sid"] == "v1"
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.put_resource_policy(ResourceArn=f"{arn}:9", Policy=json.dumps(policy_doc("x", arn)))
    with pytest.raises(lam.exceptions.InvalidParameterValueException):
        lam.put_resource_policy(ResourceArn=arn, Policy="{not json")


def test_resource_policies_are_limited_to_20480_bytes(lam, function):
    arn = function["FunctionArn"]
    doc = policy_doc("big", arn)
    # Within the model's 20,480 characters, over 20,480 bytes: "é" is two bytes.
    doc["Statement"][0]["Condition"] = {"StringEquals": {"aws:PrincipalTag/team": "é" * 10_300}}
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    assert len(text) <= 20_480 < len(text.encode())
    with pytest.raises(lam.exceptions.PolicyLengthExceededException) as e:
        lam.put_resource_policy(ResourceArn=arn, Policy=text)
    assert error_code(e) == ("PolicyLengthExceededException", 400)
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_resource_policy(ResourceArn=arn)


def test_resource_policies_of_runtimes(lam):
    arn = f"arn:aws:lambda:us-east-1:{ACCOUNT}:runtime/{unique('rt')}"
    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "lambda:GetRuntimeVersion"}]}
    first = lam.put_resource_policy(ResourceArn=arn, Policy=json.dumps(doc))
    second = lam.put_resource_policy(ResourceArn=arn, Policy=json.dumps(doc), RevisionId=first["RevisionId"])
    assert second["RevisionId"] != first["RevisionId"]
    with pytest.raises(lam.exceptions.PreconditionFailedException):
        lam.put_resource_policy(ResourceArn=arn, Policy=json.dumps(doc), RevisionId=first["RevisionId"])
    got = lam.get_resource_policy(ResourceArn=arn)
    assert (json.loads(got["Policy"]), got["RevisionId"]) == (doc, second["RevisionId"])
    lam.delete_resource_policy(ResourceArn=arn, RevisionId=second["RevisionId"])
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_resource_policy(ResourceArn=arn)
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.put_resource_policy(ResourceArn=arn.replace(ACCOUNT, "999999999999"), Policy=json.dumps(doc))


# --- members the existing operations gained --------------------------------------------------------


def test_config_sha256_runtime_and_accelerator_settings(lam, function):
    name = function["FunctionName"]
    sha = function["ConfigSha256"]
    assert re.fullmatch(r"[0-9a-f]{64}", sha), sha
    changed = lam.update_function_configuration(
        FunctionName=name, AcceleratorConfig={"AcceleratorMemorySize": 24}, MemorySize=512
    )
    assert changed["ConfigSha256"] != sha
    assert changed["AcceleratorConfig"] == {"AcceleratorMemorySize": 24}
    assert lam.publish_version(FunctionName=name)["ConfigSha256"] == changed["ConfigSha256"]

    runtime = {"RuntimeArn": f"arn:aws:lambda:us-east-1:{ACCOUNT}:runtime/my-runtime", "RuntimeAlias": "live"}
    custom = lam.create_function(
        FunctionName=unique("peer-rt"),
        Role=ROLE,
        Handler="index.handler",
        Code={"ZipFile": make_zip({"index.py": "x = 1\n"})},
        RuntimeConfig=runtime,
    )
    try:
        assert "Runtime" not in custom
        assert lam.get_function_configuration(FunctionName=custom["FunctionName"])["RuntimeConfig"] == runtime
    finally:
        lam.delete_function(FunctionName=custom["FunctionName"])


def test_tenant_ids(lam):
    isolated = new_function(lam, TenancyConfig={"TenantIsolationMode": "PER_TENANT"})
    shared = new_function(lam)
    try:
        assert isolated["TenancyConfig"] == {"TenantIsolationMode": "PER_TENANT"}
        out = lam.invoke(FunctionName=isolated["FunctionName"], TenantId="blue", Payload=b'{"t": 1}')
        assert (out["StatusCode"], json.loads(out["Payload"].read())) == (200, {"t": 1})
        with pytest.raises(lam.exceptions.InvalidParameterValueException):
            lam.invoke(FunctionName=isolated["FunctionName"], Payload=b"{}")
        streamed = lam.invoke_with_response_stream(FunctionName=isolated["FunctionName"], TenantId="blue", Payload=b"{}")
        assert streamed["StatusCode"] == 200
        list(streamed["EventStream"])
        with pytest.raises(lam.exceptions.InvalidParameterValueException):
            lam.invoke_with_response_stream(FunctionName=isolated["FunctionName"], Payload=b"{}")
        with pytest.raises(lam.exceptions.InvalidParameterValueException):
            lam.invoke(FunctionName=shared["FunctionName"], TenantId="blue", Payload=b"{}")
    finally:
        lam.delete_function(FunctionName=isolated["FunctionName"])
        lam.delete_function(FunctionName=shared["FunctionName"])


def test_code_kept_in_s3_and_its_key(lam):
    key = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/0123"
    created = new_function(
        lam,
        Code={
            "S3Bucket": "peer-bucket",
            "S3Key": "code.zip",
            "S3ObjectVersion": "3",
            "S3ObjectStorageMode": "REFERENCE",
            "SourceKMSKeyArn": key,
        },
    )
    try:
        code = lam.get_function(FunctionName=created["FunctionName"])["Code"]
        assert code["ResolvedS3Object"] == {"S3Bucket": "peer-bucket", "S3Key": "code.zip", "S3ObjectVersion": "3"}
        assert code["SourceKMSKeyArn"] == key
    finally:
        lam.delete_function(FunctionName=created["FunctionName"])
    with pytest.raises(lam.exceptions.InvalidParameterValueException):
        new_function(lam, Code={"ZipFile": make_zip({"a.py": ""}), "S3ObjectStorageMode": "REFERENCE"})


def test_permissions_for_function_urls(lam, function):
    out = lam.add_permission(
        FunctionName=function["FunctionName"],
        StatementId="url",
        Action="lambda:InvokeFunction",
        Principal="*",
        FunctionUrlAuthType="NONE",
        InvokedViaFunctionUrl=True,
    )
    statement = json.loads(out["Statement"])
    assert statement["Condition"]["Bool"] == {"lambda:InvokedViaFunctionUrl": "true"}
    policy = json.loads(lam.get_policy(FunctionName=function["FunctionName"])["Policy"])
    assert policy["Statement"][0]["Condition"]["Bool"] == {"lambda:InvokedViaFunctionUrl": "true"}
    with pytest.raises(lam.exceptions.InvalidParameterValueException):
        lam.add_permission(
            FunctionName=function["FunctionName"],
            StatementId="url2",
            Action="lambda:GetFunction",
            Principal="*",
            InvokedViaFunctionUrl=True,
        )


def test_event_source_mapping_members_and_tags(lam, function):
    queue = f"arn:aws:sqs:us-east-1:{ACCOUNT}:{unique('queue')}"
    key = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/abcd"
    esm = lam.create_event_source_mapping(
        EventSourceArn=queue,
        FunctionName=function["FunctionName"],
        KMSKeyArn=key,
        MetricsConfig={"Metrics": ["EventCount"]},
        ProvisionedPollerConfig={"MaximumPollers": 40},
        Tags={"team": "blue"},
    )
    arn = f"arn:aws:lambda:us-east-1:{ACCOUNT}:event-source-mapping:{esm['UUID']}"
    assert esm["EventSourceMappingArn"] == arn
    got = lam.get_event_source_mapping(UUID=esm["UUID"])
    assert got["KMSKeyArn"] == key
    assert got["MetricsConfig"] == {"Metrics": ["EventCount"]}
    assert got["ProvisionedPollerConfig"] == {"MinimumPollers": 2, "MaximumPollers": 40}
    assert lam.list_tags(Resource=arn)["Tags"] == {"team": "blue"}
    lam.tag_resource(Resource=arn, Tags={"stage": "test"})
    lam.untag_resource(Resource=arn, TagKeys=["team"])
    assert lam.list_tags(Resource=arn)["Tags"] == {"stage": "test"}
    updated = lam.update_event_source_mapping(UUID=esm["UUID"], ProvisionedPollerConfig={"MinimumPollers": 5})
    assert updated["ProvisionedPollerConfig"] == {"MinimumPollers": 5, "MaximumPollers": 200}
    with pytest.raises(lam.exceptions.InvalidParameterValueException):
        lam.update_event_source_mapping(UUID=esm["UUID"], LoggingConfig={"SystemLogLevel": "WARN"})
    lam.delete_event_source_mapping(UUID=esm["UUID"])
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.list_tags(Resource=arn)


def test_code_signing_config_tags(lam):
    profile = f"arn:aws:signer:us-east-1:{ACCOUNT}:/signing-profiles/peer/abcdef0123"
    csc = lam.create_code_signing_config(
        AllowedPublishers={"SigningProfileVersionArns": [profile]}, Tags={"team": "blue"}
    )["CodeSigningConfig"]
    arn = csc["CodeSigningConfigArn"]
    assert lam.list_tags(Resource=arn)["Tags"] == {"team": "blue"}
    lam.untag_resource(Resource=arn, TagKeys=["team"])
    assert lam.list_tags(Resource=arn)["Tags"] == {}
    lam.delete_code_signing_config(CodeSigningConfigArn=arn)
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.list_tags(Resource=arn)


def test_layer_content_kept_in_s3(lam):
    layer = unique("peer-layer")
    out = lam.publish_layer_version(
        LayerName=layer, Content={"S3Bucket": "peer-bucket", "S3Key": "layer.zip", "S3ObjectStorageMode": "REFERENCE"}
    )
    assert out["Content"]["ResolvedS3Object"] == {"S3Bucket": "peer-bucket", "S3Key": "layer.zip"}
    got = lam.get_layer_version(LayerName=layer, VersionNumber=out["Version"])
    assert got["Content"]["ResolvedS3Object"] == out["Content"]["ResolvedS3Object"]
    lam.delete_layer_version(LayerName=layer, VersionNumber=out["Version"])
