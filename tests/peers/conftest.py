"""Fixtures for the peer suites: a running `lambda-local` and clients that talk to it, and the
suite's coverage check.

The server is the built binary (path from LAMBDA_LOCAL_BIN, default target/debug/lambda-local),
started once per session on a free 127.0.0.1 port with one configured key pair, and stopped at
the end. Clients are boto3's and the AWS CLI's (v1), neither written in this project.

Coverage: every answer a boto3 client parses (botocore's `after-call` event) and every request
the AWS CLI makes (read from its `--debug` log) is recorded with its HTTP status and client.
When the whole suite ran, the session fails unless boto3 got a 2xx answer for every operation
of the spec and the CLI for every operation it has a command for, and lists those that never
did.
"""

import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
import zipfile
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "lambda-2015-03-31.openapi.json"
PEERS = Path(__file__).resolve().parent
AWS = Path(sys.executable).with_name("aws")

ACCESS_KEY = "AKIDLOCALPEERTEST"
SECRET_KEY = "peer-test-secret/with+chars"
# A temporary key: its requests must carry this session token (X-Amz-Security-Token).
TEMP_ACCESS_KEY = "ASIALOCALPEERTEST"
TEMP_SECRET_KEY = "peer-temporary-secret"
SESSION_TOKEN = "IQoJb3JpZ2luX2VjEPT//////////peer+session/token=="
REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/lambda-role"

# Operation name -> the clients ("boto3", "AWS CLI") that got a 2xx answer for it.
ANSWERED_2XX = {}
# Operation name -> the HTTP statuses of its other answers, for the failure report.
OTHER_ANSWERS = {}
# Whether pytest deselected tests (-k, -m, --lf ...): the coverage check needs the whole suite.
SELECTION = {"partial": False}
# What the coverage check found, printed in the terminal summary.
COVERAGE_REPORT = []


def spec_operations():
    """The operationIds of the spec: the set of operations the suite must drive."""
    doc = json.loads(SPEC.read_text())
    ops = set()
    for item in doc["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and "operationId" in op:
                ops.add(op["operationId"])
    return ops


def record_answer(operation, status, client):
    """Notes one answer of `operation` with HTTP `status` received by `client`."""
    if 200 <= status < 300:
        ANSWERED_2XX.setdefault(operation, set()).add(client)
    else:
        OTHER_ANSWERS.setdefault(operation, set()).add(status)


# botocore's debug log: the operation of each request, then the status line of its answer.
_CLI_REQUEST = re.compile(r"Making request for OperationModel\(name=(\w+)\)")
_CLI_STATUS = re.compile(r'urllib3\.connectionpool - DEBUG - \S+ "[A-Z]+ \S+ HTTP/[\d.]+" (\d{3}) ')


def parse_cli_log(debug_log):
    """The (operation, HTTP status) of each answer an `aws --debug` run logged."""
    seen = []
    operation = None
    for line in debug_log.splitlines():
        m = _CLI_REQUEST.search(line)
        if m:
            operation = m.group(1)
            continue
        m = _CLI_STATUS.search(line)
        if m and operation is not None:
            seen.append((operation, int(m.group(1))))
            operation = None
    return seen


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(proc, port, log, deadline_s=30.0):
    """Wait until the server accepts TCP connections, or fail with its output."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if proc.poll() is not None:
            pytest.fail(f"lambda-local exited with {proc.returncode} before listening:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"lambda-local did not listen on 127.0.0.1:{port} within {deadline_s}s")


def make_zip(files):
    """An in-memory zip archive holding `files` (name -> text)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return buf.getvalue()


def unique(prefix):
    """A name no other test uses."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    binary = Path(os.environ.get("LAMBDA_LOCAL_BIN", ROOT / "target" / "debug" / "lambda-local"))
    if not binary.is_file():
        pytest.fail(f"lambda-local binary not found at {binary}: run `cargo build -p lambda-local`")
    port = free_port()
    # The request log goes to a file, so a full pipe never stalls the server.
    log = tmp_path_factory.mktemp("lambda-local") / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                str(binary),
                "--listen",
                f"127.0.0.1:{port}",
                "--credentials",
                f"{ACCESS_KEY}:{SECRET_KEY}",
                "--credentials",
                f"{TEMP_ACCESS_KEY}:{TEMP_SECRET_KEY}:{SESSION_TOKEN}",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        wait_listening(proc, port, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _record_boto3(http_response, model, **_):
    record_answer(model.name, http_response.status_code, "boto3")


def make_client(endpoint, access_key=ACCESS_KEY, secret_key=SECRET_KEY, session_token=None, **config):
    cfg = Config(
        retries={"max_attempts": 1, "mode": "standard"},
        connect_timeout=5,
        read_timeout=30,
        **config,
    )
    client = boto3.session.Session().client(
        "lambda",
        region_name=REGION,
        endpoint_url=endpoint,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        aws_session_token=session_token,
        config=cfg,
    )
    client.meta.events.register("after-call.lambda", _record_boto3)
    return client


@pytest.fixture(scope="session")
def lam(server):
    """A boto3 Lambda client with the configured key pair."""
    return make_client(server)


@pytest.fixture(scope="session")
def lam_raw(server):
    """A boto3 client without its own parameter validation, so the server's is tested."""
    return make_client(server, parameter_validation=False)


@pytest.fixture
def code_zip():
    return make_zip({"index.py": "def handler(event, context):\n    return event\n"})


@pytest.fixture
def function(lam, code_zip):
    """A fresh function, deleted after the test if it still exists."""
    name = unique("peer-fn")
    out = lam.create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=ROLE,
        Handler="index.handler",
        Code={"ZipFile": code_zip},
        Description="made by the peer suite",
        Timeout=10,
        MemorySize=256,
        Environment={"Variables": {"STAGE": "test"}},
        Tags={"suite": "peers"},
    )
    yield out
    try:
        lam.delete_function(FunctionName=name)
    except lam.exceptions.ResourceNotFoundException:
        pass


def cli_env(tmp_path, secret=SECRET_KEY):
    """The environment of an `aws` run: the suite's key, no config or credentials file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_ACCESS_KEY_ID=ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY=secret,
        AWS_DEFAULT_REGION=REGION,
        AWS_CONFIG_FILE=str(tmp_path / "no-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "no-credentials"),
        AWS_MAX_ATTEMPTS="1",
        AWS_EC2_METADATA_DISABLED="true",
    )
    return env


def aws(server, tmp_path, *args, secret=SECRET_KEY, expect_ok=True):
    """Runs `aws lambda ARGS` and returns (exit code, parsed stdout or None, stderr).

    It runs with `--debug`, so stderr holds botocore's log (the error message is still there,
    after it) and the answers it logs are recorded for the coverage check.
    """
    if not AWS.is_file():
        pytest.fail(f"the AWS CLI is not installed next to {sys.executable}")
    cmd = [str(AWS), "lambda", *args, "--endpoint-url", server, "--region", REGION, "--output", "json", "--debug"]
    proc = subprocess.run(
        cmd, env=cli_env(tmp_path, secret), capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )
    for operation, status in parse_cli_log(proc.stderr):
        record_answer(operation, status, "AWS CLI")
    if expect_ok:
        tail = "\n".join(proc.stderr.splitlines()[-15:])
        assert proc.returncode == 0, f"{' '.join(args)} failed ({proc.returncode}):\n{tail}"
    out = json.loads(proc.stdout) if proc.stdout.strip() else None
    return proc.returncode, out, proc.stderr


def cli_create_function(server, tmp_path, name, *extra):
    """Creates function `name` (Python, "return the event") with `aws lambda create-function`
    and any `extra` arguments, and returns its configuration."""
    zip_path = tmp_path / f"{name}.zip"
    zip_path.write_bytes(make_zip({"index.py": "def handler(event, context):\n    return event\n"}))
    _, created, _ = aws(
        server,
        tmp_path,
        "create-function",
        "--function-name", name,
        "--runtime", "python3.12",
        "--role", ROLE,
        "--handler", "index.handler",
        "--zip-file", f"fileb://{zip_path}",
        *extra,
    )
    return created


# --- the coverage check ---------------------------------------------------------------------


def pytest_deselected(items):
    if items:
        SELECTION["partial"] = True


def _whole_suite_ran(session):
    option = session.config.option
    if SELECTION["partial"] or getattr(option, "keyword", "") or getattr(option, "markexpr", ""):
        return False
    ran = {Path(str(item.fspath)).resolve() for item in session.items}
    return set(PEERS.glob("test_*.py")) <= ran


def missing_operations(required, answered):
    """The operations of `required` never answered 2xx, sorted."""
    return sorted(required - answered)


_CLI_OPERATIONS = """
import json
from awscli.clidriver import create_clidriver
commands = create_clidriver()._get_command_table()["lambda"]._get_command_table()
models = (getattr(c, "_operation_model", None) for c in commands.values())
print(json.dumps(sorted(m.name for m in models if m is not None)))
"""


def cli_operations():
    """The operations the installed AWS CLI v1 has a command for. It bundles its own, older copy
    of botocore and the Lambda model (and removes the streaming Invoke), so they are read in a
    fresh interpreter, where boto3's botocore is not loaded already."""
    proc = subprocess.run(
        [sys.executable, "-c", _CLI_OPERATIONS], capture_output=True, text=True, timeout=120, check=True
    )
    return set(json.loads(proc.stdout))


def answered_by(client):
    """The operations `client` got a 2xx answer for."""
    return {op for op, clients in ANSWERED_2XX.items() if client in clients}


def pytest_sessionfinish(session, exitstatus):
    if not _whole_suite_ran(session):
        COVERAGE_REPORT.append("coverage not checked: only part of the peer suite ran")
        return
    spec = spec_operations()
    # boto3 has every operation of the spec; the CLI must answer every one it has a command for.
    required = {"boto3": spec, "AWS CLI": cli_operations() & spec}
    failed = False
    for client, ops in required.items():
        answered = answered_by(client)
        missing = missing_operations(ops, answered)
        COVERAGE_REPORT.append(
            f"{client}: {len(ops & answered)} of the {len(ops)} operations of the spec it has answered 2xx"
            f" (the spec has {len(spec)})"
        )
        if missing:
            failed = True
            COVERAGE_REPORT.append(f"FAILED: operations never answered 2xx through {client}:")
            for op in missing:
                other = ", ".join(str(s) for s in sorted(OTHER_ANSWERS.get(op, ()))) or "never called"
                COVERAGE_REPORT.append(f"  {op} (other answers: {other})")
    if failed and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    if COVERAGE_REPORT:
        terminalreporter.section("operation coverage (2xx answers)")
        for line in COVERAGE_REPORT:
            terminalreporter.write_line(line, red=line.startswith("FAILED"))
