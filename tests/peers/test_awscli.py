"""A representative set of `aws lambda ...` commands (AWS CLI v1) against lambda-local.

Each command runs as a subprocess with the credentials in its environment and no config or
credentials file (conftest's `aws` helper), and its JSON output is parsed and checked.
"""

import base64
import hashlib
import json

from conftest import ROLE, aws, make_zip, unique


def test_cli_function_lifecycle(server, tmp_path):
    name = unique("cli-fn")
    archive = make_zip({"index.py": "def handler(event, context):\n    return event\n"})
    zip_path = tmp_path / "code.zip"
    zip_path.write_bytes(archive)

    _, created, _ = aws(
        server,
        tmp_path,
        "create-function",
        "--function-name", name,
        "--runtime", "python3.12",
        "--role", ROLE,
        "--handler", "index.handler",
        "--zip-file", f"fileb://{zip_path}",
        "--environment", "Variables={MODE=cli}",
        "--tags", "made-by=cli",
    )
    assert created["FunctionName"] == name
    assert created["CodeSize"] == len(archive)
    assert created["CodeSha256"] == base64.b64encode(hashlib.sha256(archive).digest()).decode()
    assert created["Environment"]["Variables"] == {"MODE": "cli"}

    try:
        _, got, _ = aws(server, tmp_path, "get-function", "--function-name", name)
        assert got["Configuration"]["FunctionArn"] == created["FunctionArn"]
        assert got["Tags"] == {"made-by": "cli"}

        _, conf, _ = aws(
            server, tmp_path, "update-function-configuration", "--function-name", name, "--timeout", "42"
        )
        assert conf["Timeout"] == 42

        # The CLI follows the markers itself; --page-size 1 makes it read one function a page.
        _, listed, _ = aws(server, tmp_path, "list-functions", "--page-size", "1")
        assert name in [f["FunctionName"] for f in listed["Functions"]]
        assert "NextMarker" not in listed

        _, version, _ = aws(server, tmp_path, "publish-version", "--function-name", name)
        assert version["Version"] == "1"
        _, alias, _ = aws(
            server, tmp_path, "create-alias", "--function-name", name, "--name", "live", "--function-version", "1"
        )
        assert alias["AliasArn"].endswith(f":{name}:live")

        payload = tmp_path / "payload.json"
        payload.write_text('{"from": "cli"}')
        result = tmp_path / "result.json"
        _, inv, _ = aws(
            server,
            tmp_path,
            "invoke",
            "--function-name", name,
            "--qualifier", "live",
            "--payload", f"fileb://{payload}",
            str(result),
        )
        assert inv["StatusCode"] == 200
        assert inv["ExecutedVersion"] == "1"
        assert json.loads(result.read_text()) == {"from": "cli"}

        _, versions, _ = aws(server, tmp_path, "list-versions-by-function", "--function-name", name)
        assert [v["Version"] for v in versions["Versions"]] == ["$LATEST", "1"]
        _, aliases, _ = aws(server, tmp_path, "list-aliases", "--function-name", name)
        assert [a["Name"] for a in aliases["Aliases"]] == ["live"]

        _, perm, _ = aws(
            server,
            tmp_path,
            "add-permission",
            "--function-name", name,
            "--statement-id", "from-s3",
            "--action", "lambda:InvokeFunction",
            "--principal", "s3.amazonaws.com",
        )
        assert json.loads(perm["Statement"])["Sid"] == "from-s3"
        _, policy, _ = aws(server, tmp_path, "get-policy", "--function-name", name)
        assert [st["Sid"] for st in json.loads(policy["Policy"])["Statement"]] == ["from-s3"]

        _, settings, _ = aws(server, tmp_path, "get-account-settings")
        assert settings["AccountUsage"]["FunctionCount"] >= 1
    finally:
        aws(server, tmp_path, "delete-function", "--function-name", name)

    code, out, err = aws(server, tmp_path, "get-function", "--function-name", name, expect_ok=False)
    assert code != 0
    assert out is None
    assert "ResourceNotFoundException" in err


def test_cli_layers(server, tmp_path):
    layer = unique("cli-layer")
    archive = tmp_path / "layer.zip"
    archive.write_bytes(make_zip({"python/util.py": "X = 1\n"}))
    _, published, _ = aws(
        server,
        tmp_path,
        "publish-layer-version",
        "--layer-name", layer,
        "--zip-file", f"fileb://{archive}",
        "--compatible-runtimes", "python3.12", "python3.11",
    )
    assert published["Version"] == 1
    assert published["CompatibleRuntimes"] == ["python3.12", "python3.11"]
    _, layers, _ = aws(server, tmp_path, "list-layers", "--compatible-runtime", "python3.11")
    assert layer in [entry["LayerName"] for entry in layers["Layers"]]
    aws(server, tmp_path, "delete-layer-version", "--layer-name", layer, "--version-number", "1")
    _, versions, _ = aws(server, tmp_path, "list-layer-versions", "--layer-name", layer)
    assert versions["LayerVersions"] == []


def test_cli_reports_service_errors(server, tmp_path):
    code, _, err = aws(
        server, tmp_path, "get-alias", "--function-name", unique("absent"), "--name", "x", expect_ok=False
    )
    assert code == 255, err  # the AWS CLI v1 exit status for any error
    assert "(ResourceNotFoundException)" in err


def test_cli_wrong_secret_is_refused(server, tmp_path):
    code, _, err = aws(server, tmp_path, "list-functions", secret="wrong-secret", expect_ok=False)
    assert code != 0
    assert "InvalidSignatureException" in err
