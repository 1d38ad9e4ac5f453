"""Fixtures for the peer suites: a running `lambda-local` and clients that talk to it.

The server is the built binary (path from LAMBDA_LOCAL_BIN, default target/debug/lambda-local),
started once per session on a free 127.0.0.1 port with one configured key pair, and stopped at
the end. Clients are boto3's and the AWS CLI's (v1), neither written in this project.
"""

import io
import json
import os
import socket
import subprocess
import time
import uuid
import zipfile
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "lambda-2015-03-31.openapi.json"

ACCESS_KEY = "AKIDLOCALPEERTEST"
SECRET_KEY = "peer-test-secret/with+chars"
# A temporary key: its requests must carry this session token (X-Amz-Security-Token).
TEMP_ACCESS_KEY = "ASIALOCALPEERTEST"
TEMP_SECRET_KEY = "peer-temporary-secret"
SESSION_TOKEN = "IQoJb3JpZ2luX2VjEPT//////////peer+session/token=="
REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/lambda-role"

# Every operation a boto3 client sent during the session (filled by an event hook).
CALLED = set()
# Where the running server writes its request log (one line per request, the operation it
# routed the request to in the fourth field).
SERVER_LOG = {}


def spec_operations():
    """The operationIds of the spec: the set of operations the suite must drive."""
    doc = json.loads(SPEC.read_text())
    ops = set()
    for item in doc["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and "operationId" in op:
                ops.add(op["operationId"])
    return ops


def routed_operations():
    """The operations lambda-local's request log says it routed requests to."""
    ops = set()
    for line in SERVER_LOG["path"].read_text().splitlines():
        fields = line.split()
        if len(fields) >= 5 and fields[3] != "-":
            ops.add(fields[3])
    return ops


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
    SERVER_LOG["path"] = log
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


def _record(model, **_):
    CALLED.add(model.name)


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
    client.meta.events.register("before-call.lambda.*", _record)
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
