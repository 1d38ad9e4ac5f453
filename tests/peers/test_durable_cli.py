"""Durable executions through the AWS CLI v1 (`aws lambda ...`) against lambda-local: a
durable function invoked, its executions read, listed, driven through a callback and stopped.
The newest CLI v1 has no pause, resume or delete command yet; test_durable.py drives every
operation through boto3, in more detail.
"""

import base64
import json

from conftest import aws, cli_create_function, unique


def execution_id(arn):
    return arn.rsplit("/", 1)[1]


def first_token(arn):
    """The checkpoint token the first invocation of an execution starts with."""
    return base64.b64encode(f"{execution_id(arn)}:1".encode()).decode()


def test_cli_durable_executions(server, tmp_path):
    name = unique("cli-durable")
    created = cli_create_function(
        server, tmp_path, name, "--durable-config", "ExecutionTimeout=600,RetentionPeriodInDays=7"
    )
    assert created["DurableConfig"] == {"ExecutionTimeout": 600, "RetentionPeriodInDays": 7}

    def run(*args, expect_ok=True):
        return aws(server, tmp_path, *args, expect_ok=expect_ok)

    def invoke(*args):
        out_file = tmp_path / "out.json"
        _, res, _ = run("invoke", "--function-name", name, "--qualifier", "$LATEST", *args, str(out_file))
        return res, out_file.read_text()

    def get(arn):
        return run("get-durable-execution", "--durable-execution-arn", arn)[1]

    try:
        code, _, err = run("invoke", "--function-name", name, "--payload", "{}", str(tmp_path / "x"), expect_ok=False)
        assert code != 0 and "InvalidParameterValueException" in err, err

        # Synchronous: the execution succeeds with the echoed payload.
        res, body = invoke("--durable-execution-name", "cli-1", "--payload", '{"a": 1}')
        assert res["StatusCode"] == 200 and body == '{"a": 1}'
        arn = res["DurableExecutionArn"]
        assert f":function:{name}:$LATEST/durable-execution/cli-1/" in arn
        got = get(arn)
        assert (got["Status"], got["Result"], got["DurableExecutionName"]) == ("SUCCEEDED", '{"a": 1}', "cli-1")
        code, _, err = run(
            "invoke", "--function-name", name, "--qualifier", "$LATEST", "--durable-execution-name", "cli-1",
            "--payload", '{"a": 2}', str(tmp_path / "x"), expect_ok=False,
        )
        assert code != 0 and "DurableExecutionAlreadyStartedException" in err, err
        _, history, _ = run("get-durable-execution-history", "--durable-execution-arn", arn)
        kinds = [ev["EventType"] for ev in history["Events"]]
        assert kinds == ["ExecutionStarted", "InvocationCompleted", "ExecutionSucceeded"]

        # Asynchronous, driven as the durable execution SDK would: a callback answered by CLI.
        res, _ = invoke("--invocation-type", "Event", "--payload", '{"b": 2}')
        waiting = res["DurableExecutionArn"]
        token = first_token(waiting)
        _, state, _ = run(
            "get-durable-execution-state", "--durable-execution-arn", waiting, "--checkpoint-token", token
        )
        assert [op["Type"] for op in state["Operations"]] == ["EXECUTION"]
        _, cp, _ = run(
            "checkpoint-durable-execution",
            "--durable-execution-arn", waiting,
            "--checkpoint-token", token,
            "--updates", json.dumps([{"Id": "cb", "Type": "CALLBACK", "Action": "START"}]),
        )
        callback_id = cp["NewExecutionState"]["Operations"][0]["CallbackDetails"]["CallbackId"]
        assert cp["CheckpointToken"] != token
        run("send-durable-execution-callback-heartbeat", "--callback-id", callback_id)
        assert get(waiting)["Status"] == "RUNNING"
        run("send-durable-execution-callback-success", "--callback-id", callback_id, "--result", '{"ok": true}')
        got = get(waiting)
        assert (got["Status"], got["Result"]) == ("SUCCEEDED", '{"b": 2}')
        code, _, err = run(
            "send-durable-execution-callback-failure", "--callback-id", callback_id,
            "--error", "ErrorType=Late,ErrorMessage=too late", expect_ok=False,
        )
        assert code != 0 and "CallbackTimeoutException" in err, err

        # Stopped.
        res, _ = invoke("--invocation-type", "Event", "--payload", '{"d": 4}')
        stopped = res["DurableExecutionArn"]
        _, out, _ = run(
            "stop-durable-execution", "--durable-execution-arn", stopped, "--error", "ErrorType=Cancelled"
        )
        assert "StopTimestamp" in out
        got = get(stopped)
        assert (got["Status"], got["Error"]) == ("STOPPED", {"ErrorType": "Cancelled"})

        code, _, err = run("stop-durable-execution", "--durable-execution-arn", stopped, expect_ok=False)
        assert code != 0 and "InvalidParameterValueException" in err, err

        _, listed, _ = run("list-durable-executions-by-function", "--function-name", name, "--reverse-order")
        assert [x["DurableExecutionArn"] for x in listed["DurableExecutions"]] == [arn, waiting, stopped]
        _, only, _ = run("list-durable-executions-by-function", "--function-name", name, "--statuses", "STOPPED")
        assert [x["DurableExecutionArn"] for x in only["DurableExecutions"]] == [stopped]
        code, _, err = run(
            "get-durable-execution", "--durable-execution-arn", f"{stopped}-gone", expect_ok=False
        )
        assert code != 0 and "ResourceNotFoundException" in err, err

        # The newest CLI v1 does not have these yet (test_durable.py drives them through boto3).
        for command in ("pause-durable-execution", "resume-durable-execution", "delete-durable-execution"):
            code, _, err = run(command, "--durable-execution-arn", stopped, expect_ok=False)
            assert code == 2 and "Invalid choice" in err, (command, err)
    finally:
        run("delete-function", "--function-name", name)
