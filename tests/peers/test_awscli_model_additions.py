"""What AWS's model added, through `aws lambda ...` (AWS CLI v1) against lambda-local: capacity
providers and the function versions on them, their scaling, recursion settings and tenant ids.

The newest CLI v1 on PyPI has no resource policy commands yet (its bundled model predates
them); boto3 drives those (test_boto3_model_additions.py).
"""

import json

from conftest import ROLE, aws, make_zip, unique

VPC = "SubnetIds=subnet-0123,SecurityGroupIds=sg-0123"
OPERATOR = "CapacityProviderOperatorRoleArn=arn:aws:iam::123456789012:role/operator"


def test_cli_capacity_providers_and_their_function_versions(server, tmp_path):
    cp = unique("cli-cp")
    _, created, _ = aws(
        server, tmp_path, "create-capacity-provider",
        "--capacity-provider-name", cp, "--vpc-config", VPC, "--permissions-config", OPERATOR,
    )
    arn = created["CapacityProvider"]["CapacityProviderArn"]
    assert arn.endswith(f":capacity-provider:{cp}")
    assert created["CapacityProvider"]["State"] == "Pending"
    _, got, _ = aws(server, tmp_path, "get-capacity-provider", "--capacity-provider-name", cp)
    assert got["CapacityProvider"]["State"] == "Active"
    assert got["CapacityProvider"]["VpcConfig"]["SubnetIds"] == ["subnet-0123"]
    # The CLI follows the markers itself; --page-size 1 reads one provider a page.
    _, listed, _ = aws(server, tmp_path, "list-capacity-providers", "--page-size", "1")
    assert arn in [p["CapacityProviderArn"] for p in listed["CapacityProviders"]]
    _, updated, _ = aws(
        server, tmp_path, "update-capacity-provider", "--capacity-provider-name", cp,
        "--capacity-provider-scaling-config", "ScalingMode=Auto,MaxVCpuCount=32",
    )
    assert updated["CapacityProvider"]["CapacityProviderScalingConfig"]["MaxVCpuCount"] == 32

    name = unique("cli-lmi")
    zip_path = tmp_path / "code.zip"
    zip_path.write_bytes(make_zip({"index.py": "def handler(event, context):\n    return event\n"}))
    _, fn, _ = aws(
        server, tmp_path, "create-function",
        "--function-name", name, "--runtime", "python3.12", "--role", ROLE, "--handler", "index.handler",
        "--zip-file", f"fileb://{zip_path}",
        "--capacity-provider-config", json.dumps({"LambdaManagedInstancesCapacityProviderConfig": {"CapacityProviderArn": arn}}),
    )
    assert fn["State"] == "ActiveNonInvocable"
    try:
        _, published, _ = aws(server, tmp_path, "publish-version", "--function-name", name, "--publish-to", "LATEST_PUBLISHED")
        assert published["Version"] == "$LATEST.PUBLISHED"
        _, versions, _ = aws(
            server, tmp_path, "list-function-versions-by-capacity-provider", "--capacity-provider-name", cp, "--page-size", "1"
        )
        assert sorted(v["FunctionArn"].rsplit(":", 1)[1] for v in versions["FunctionVersions"]) == ["$LATEST", "$LATEST.PUBLISHED"]

        _, scaling, _ = aws(
            server, tmp_path, "put-function-scaling-config", "--function-name", name, "--qualifier", "$LATEST.PUBLISHED",
            "--function-scaling-config", "MinExecutionEnvironments=2,MaxExecutionEnvironments=6",
        )
        assert scaling["FunctionState"] == "Active"
        _, got, _ = aws(server, tmp_path, "get-function-scaling-config", "--function-name", name, "--qualifier", "$LATEST.PUBLISHED")
        assert got["RequestedFunctionScalingConfig"] == {"MinExecutionEnvironments": 2, "MaxExecutionEnvironments": 6}

        code, _, err = aws(server, tmp_path, "delete-capacity-provider", "--capacity-provider-name", cp, expect_ok=False)
        assert code == 255 and "(ResourceConflictException)" in err
    finally:
        aws(server, tmp_path, "delete-function", "--function-name", name)
    _, deleted, _ = aws(server, tmp_path, "delete-capacity-provider", "--capacity-provider-name", cp)
    assert deleted["CapacityProvider"]["State"] == "Deleting"
    code, _, err = aws(server, tmp_path, "get-capacity-provider", "--capacity-provider-name", cp, expect_ok=False)
    assert code == 255 and "(ResourceNotFoundException)" in err


def test_cli_recursion_config_and_tenant_ids(server, tmp_path):
    name = unique("cli-tenant")
    zip_path = tmp_path / "code.zip"
    zip_path.write_bytes(make_zip({"index.py": "x = 1\n"}))
    aws(
        server, tmp_path, "create-function",
        "--function-name", name, "--runtime", "python3.12", "--role", ROLE, "--handler", "index.handler",
        "--zip-file", f"fileb://{zip_path}", "--tenancy-config", "TenantIsolationMode=PER_TENANT",
    )
    try:
        _, got, _ = aws(server, tmp_path, "get-function-recursion-config", "--function-name", name)
        assert got["RecursiveLoop"] == "Terminate"
        _, put, _ = aws(server, tmp_path, "put-function-recursion-config", "--function-name", name, "--recursive-loop", "Allow")
        assert put["RecursiveLoop"] == "Allow"
        _, got, _ = aws(server, tmp_path, "get-function-recursion-config", "--function-name", name)
        assert got["RecursiveLoop"] == "Allow"

        payload = tmp_path / "payload.json"
        payload.write_text('{"tenant": "blue"}')
        result = tmp_path / "result.json"
        _, inv, _ = aws(
            server, tmp_path, "invoke", "--function-name", name, "--tenant-id", "blue",
            "--payload", f"fileb://{payload}", str(result),
        )
        assert inv["StatusCode"] == 200
        assert json.loads(result.read_text()) == {"tenant": "blue"}
        code, _, err = aws(server, tmp_path, "invoke", "--function-name", name, str(result), expect_ok=False)
        assert code == 255 and "(InvalidParameterValueException)" in err
    finally:
        aws(server, tmp_path, "delete-function", "--function-name", name)
    code, _, err = aws(server, tmp_path, "get-function-recursion-config", "--function-name", name, expect_ok=False)
    assert code == 255 and "(ResourceNotFoundException)" in err
