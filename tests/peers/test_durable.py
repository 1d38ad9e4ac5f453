"""Durable executions through boto3 against lambda-local: functions created with DurableConfig,
executions started by invoking them, driven through their states (checkpoints, callbacks,
pause, resume, stop, delete) and read back (execution, history, state, lists).

lambda-local runs no code: a durable function's code is taken to be "return the event", so an
execution succeeds with its input unless an operation it checkpointed is pending, it is paused
or it is stopped. The test plays the part of the durable execution SDK where the code would:
the first checkpoint token of an execution is the Base64 of "<execution id>:1" (the function
would receive it in its event). lambda-local/README.md describes the state machine.
"""

import base64
import datetime
import json
import re

import pytest
from botocore.exceptions import ClientError

from conftest import ROLE, make_zip, unique

DURABLE_ARN = re.compile(
    r"^arn:aws:lambda:us-east-1:123456789012:function:(?P<fn>[A-Za-z0-9_-]+):(?P<version>\$LATEST|\d+)"
    r"/durable-execution/(?P<name>[A-Za-z0-9_-]+)/(?P<id>[A-Za-z0-9_-]+)$"
)


def error_of(excinfo):
    """(code, HTTP status, message) of a boto3 ClientError."""
    err = excinfo.value.response
    return err["Error"]["Code"], err["ResponseMetadata"]["HTTPStatusCode"], err["Error"].get("Message", "")


def fails(call, code, status, **kwargs):
    """Runs `call(**kwargs)`, which must fail with `code` and HTTP `status`; returns the message."""
    with pytest.raises(ClientError) as e:
        call(**kwargs)
    got = error_of(e)
    assert got[:2] == (code, status), got
    return got[2]


def first_token(arn):
    """The checkpoint token the first invocation of an execution starts with."""
    execution_id = DURABLE_ARN.match(arn).group("id")
    return base64.b64encode(f"{execution_id}:1".encode()).decode()


def create_durable(lam, name, **durable):
    config = {"ExecutionTimeout": 900, **durable}
    return lam.create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=ROLE,
        Handler="index.handler",
        Code={"ZipFile": make_zip({"index.py": "def handler(event, context):\n    return event\n"})},
        DurableConfig=config,
    )


@pytest.fixture
def durable_fn(lam):
    name = unique("durable")
    create_durable(lam, name)
    yield name
    try:
        lam.delete_function(FunctionName=name)
    except lam.exceptions.ResourceNotFoundException:
        pass


def start_async(lam, name, payload, execution_name=None):
    """An Event invocation: the execution runs, its first invocation in progress."""
    kwargs = {"DurableExecutionName": execution_name} if execution_name else {}
    out = lam.invoke(
        FunctionName=name, Qualifier="$LATEST", InvocationType="Event", Payload=json.dumps(payload), **kwargs
    )
    assert out["StatusCode"] == 202
    arn = out["DurableExecutionArn"]
    assert DURABLE_ARN.match(arn), arn
    return arn


def events_of(lam, arn, **kwargs):
    return lam.get_durable_execution_history(DurableExecutionArn=arn, **kwargs)["Events"]


def test_durable_config_is_set_at_creation_and_updated(lam, durable_fn):
    conf = lam.get_function_configuration(FunctionName=durable_fn)
    assert conf["DurableConfig"] == {"ExecutionTimeout": 900, "RetentionPeriodInDays": 14}
    updated = lam.update_function_configuration(FunctionName=durable_fn, DurableConfig={"RetentionPeriodInDays": 30})
    assert updated["DurableConfig"] == {"ExecutionTimeout": 900, "RetentionPeriodInDays": 30}
    assert lam.get_function(FunctionName=durable_fn)["Configuration"]["DurableConfig"]["RetentionPeriodInDays"] == 30
    # ExecutionTimeout is required at creation; a function created without durability
    # cannot be given it later.
    message = fails(
        lam.create_function,
        "InvalidParameterValueException",
        400,
        FunctionName=unique("no-timeout"),
        Runtime="python3.12",
        Role=ROLE,
        Handler="index.handler",
        Code={"ZipFile": make_zip({"index.py": "x = 1\n"})},
        DurableConfig={"RetentionPeriodInDays": 3},
    )
    assert "ExecutionTimeout" in message
    plain = unique("plain")
    lam.create_function(
        FunctionName=plain,
        Runtime="python3.12",
        Role=ROLE,
        Handler="index.handler",
        Code={"ZipFile": make_zip({"index.py": "x = 1\n"})},
    )
    try:
        assert "DurableConfig" not in lam.get_function_configuration(FunctionName=plain)
        fails(
            lam.update_function_configuration,
            "InvalidParameterValueException",
            400,
            FunctionName=plain,
            DurableConfig={"ExecutionTimeout": 60},
        )
        # Invoking it starts no execution.
        out = lam.invoke(FunctionName=plain, Payload=b"{}")
        assert "DurableExecutionArn" not in out
    finally:
        lam.delete_function(FunctionName=plain)


def test_invoke_starts_an_execution_that_succeeds_with_the_echo(lam, durable_fn):
    payload = json.dumps({"order": 1042})
    message = fails(lam.invoke, "InvalidParameterValueException", 400, FunctionName=durable_fn, Payload=payload)
    assert "unqualified" in message
    # A dry run checks and starts nothing.
    dry = lam.invoke(FunctionName=durable_fn, Qualifier="$LATEST", InvocationType="DryRun", Payload=payload)
    assert dry["StatusCode"] == 204 and "DurableExecutionArn" not in dry

    out = lam.invoke(FunctionName=durable_fn, Qualifier="$LATEST", DurableExecutionName="order-1042", Payload=payload)
    assert out["StatusCode"] == 200
    assert out["Payload"].read().decode() == payload, "Invoke still echoes"
    arn = out["DurableExecutionArn"]
    m = DURABLE_ARN.match(arn)
    assert m and (m.group("fn"), m.group("version"), m.group("name")) == (durable_fn, "$LATEST", "order-1042"), arn

    got = lam.get_durable_execution(DurableExecutionArn=arn)
    assert got["Status"] == "SUCCEEDED"
    assert got["DurableExecutionArn"] == arn
    assert got["DurableExecutionName"] == "order-1042"
    assert got["FunctionArn"] == f"arn:aws:lambda:us-east-1:123456789012:function:{durable_fn}:$LATEST"
    assert got["InputPayload"] == payload
    assert got["Result"] == payload
    assert got["Version"] == "$LATEST"
    assert got["ExecutionDataIncluded"] is True
    assert got["DurableConfig"] == {"ExecutionTimeout": 900, "RetentionPeriodInDays": 14}
    assert isinstance(got["StartTimestamp"], datetime.datetime)
    assert got["EndTimestamp"] >= got["StartTimestamp"]
    assert "ExpectedExecutionTimeoutTimestamp" not in got
    bare = lam.get_durable_execution(DurableExecutionArn=arn, IncludeExecutionData=False)
    assert "InputPayload" not in bare and "Result" not in bare
    assert bare["ExecutionDataIncluded"] is False

    # The same name and payload give the same execution; another payload is refused.
    again = lam.invoke(FunctionName=durable_fn, Qualifier="$LATEST", DurableExecutionName="order-1042", Payload=payload)
    assert again["DurableExecutionArn"] == arn
    with pytest.raises(lam.exceptions.DurableExecutionAlreadyStartedException) as e:
        lam.invoke(FunctionName=durable_fn, Qualifier="$LATEST", DurableExecutionName="order-1042", Payload=b"{}")
    assert error_of(e)[1] == 409

    events = events_of(lam, arn)
    assert [ev["EventType"] for ev in events] == ["ExecutionStarted", "InvocationCompleted", "ExecutionSucceeded"]
    assert [ev["EventId"] for ev in events] == [1, 2, 3]
    assert events[0]["ExecutionStartedDetails"] == {"Input": {"Payload": payload}, "ExecutionTimeout": 900}
    assert events[2]["ExecutionSucceededDetails"]["Result"]["Payload"] == payload
    newest_first = events_of(lam, arn, ReverseOrder=True)
    assert [ev["EventId"] for ev in newest_first] == [3, 2, 1]
    truncated = events_of(lam, arn, IncludeExecutionData=False)
    assert truncated[0]["ExecutionStartedDetails"]["Input"] == {"Truncated": True}
    # Pages of one event, through boto3's paginator.
    pages = list(
        lam.get_paginator("get_durable_execution_history").paginate(
            DurableExecutionArn=arn, PaginationConfig={"PageSize": 1}
        )
    )
    assert [ev["EventId"] for page in pages for ev in page["Events"]] == [1, 2, 3]
    assert len(pages) == 3

    deleted = lam.delete_durable_execution(DurableExecutionArn=arn)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert isinstance(deleted["DeletionRequestTimestamp"], datetime.datetime)
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_durable_execution(DurableExecutionArn=arn)
    listed = lam.list_durable_executions_by_function(FunctionName=durable_fn)["DurableExecutions"]
    assert arn not in [x["DurableExecutionArn"] for x in listed]
    # Its name is free again.
    fresh = lam.invoke(FunctionName=durable_fn, Qualifier="$LATEST", DurableExecutionName="order-1042", Payload=b"{}")
    assert fresh["DurableExecutionArn"] != arn


def test_a_callback_created_by_a_checkpoint_completes_the_execution(lam, durable_fn):
    payload = {"claim": "c-7"}
    arn = start_async(lam, durable_fn, payload, execution_name="claim-7")
    token = first_token(arn)

    # The SDK's side: the state the invocation replays, then a callback.
    state = lam.get_durable_execution_state(DurableExecutionArn=arn, CheckpointToken=token)
    assert [(op["Type"], op["Status"]) for op in state["Operations"]] == [("EXECUTION", "STARTED")]
    assert state["Operations"][0]["ExecutionDetails"]["InputPayload"] == json.dumps(payload)
    out = lam.checkpoint_durable_execution(
        DurableExecutionArn=arn,
        CheckpointToken=token,
        Updates=[
            {
                "Id": "approval",
                "Name": "manager approval",
                "Type": "CALLBACK",
                "Action": "START",
                "CallbackOptions": {"TimeoutSeconds": 3600, "HeartbeatTimeoutSeconds": 600},
            }
        ],
    )
    next_token = out["CheckpointToken"]
    assert next_token != token
    [callback] = out["NewExecutionState"]["Operations"]
    assert (callback["Id"], callback["Name"], callback["Type"], callback["Status"]) == (
        "approval",
        "manager approval",
        "CALLBACK",
        "STARTED",
    )
    callback_id = callback["CallbackDetails"]["CallbackId"]
    # The consumed token is refused.
    fails(
        lam.checkpoint_durable_execution,
        "InvalidParameterValueException",
        400,
        DurableExecutionArn=arn,
        CheckpointToken=token,
        Updates=[],
    )
    lam.send_durable_execution_callback_heartbeat(CallbackId=callback_id)

    # Looked at from outside, the invocation has ended: the execution waits for its callback.
    got = lam.get_durable_execution(DurableExecutionArn=arn)
    assert got["Status"] == "RUNNING"
    assert "Result" not in got and "EndTimestamp" not in got
    assert got["ExpectedExecutionTimeoutTimestamp"] > got["StartTimestamp"]
    running = lam.list_durable_executions_by_function(FunctionName=durable_fn, Statuses=["RUNNING"])
    assert [x["DurableExecutionArn"] for x in running["DurableExecutions"]] == [arn]
    fails(lam.delete_durable_execution, "ResourceConflictException", 409, DurableExecutionArn=arn)

    # The external system answers; the function runs again and echoes its input.
    lam.send_durable_execution_callback_success(CallbackId=callback_id, Result=b'{"approved": true}')
    got = lam.get_durable_execution(DurableExecutionArn=arn)
    assert got["Status"] == "SUCCEEDED"
    assert json.loads(got["Result"]) == payload
    with pytest.raises(lam.exceptions.CallbackTimeoutException) as e:
        lam.send_durable_execution_callback_success(CallbackId=callback_id, Result=b"{}")
    assert error_of(e)[1] == 400
    fails(lam.send_durable_execution_callback_heartbeat, "CallbackTimeoutException", 400, CallbackId=callback_id)
    fails(lam.send_durable_execution_callback_success, "ResourceNotFoundException", 404, CallbackId="bm9zdWNoY2FsbGJhY2s=")

    events = events_of(lam, arn)
    assert [ev["EventType"] for ev in events] == [
        "ExecutionStarted",
        "CallbackStarted",
        "InvocationCompleted",
        "CallbackSucceeded",
        "InvocationCompleted",
        "ExecutionSucceeded",
    ]
    started = events[1]
    assert (started["Id"], started["Name"]) == ("approval", "manager approval")
    assert started["CallbackStartedDetails"] == {"CallbackId": callback_id, "HeartbeatTimeout": 600, "Timeout": 3600}
    assert events[3]["CallbackSucceededDetails"]["Result"]["Payload"] == '{"approved": true}'
    # The state of the operation shows the result too (the old token no longer reads it).
    fails(
        lam.get_durable_execution_state,
        "InvalidParameterValueException",
        400,
        DurableExecutionArn=arn,
        CheckpointToken=next_token,
    )


def test_steps_contexts_and_a_failed_callback_then_the_code_fails_the_execution(lam, durable_fn):
    arn = start_async(lam, durable_fn, {"n": 1})
    token = first_token(arn)

    def checkpoint(updates):
        nonlocal token
        out = lam.checkpoint_durable_execution(DurableExecutionArn=arn, CheckpointToken=token, Updates=updates)
        token = out.get("CheckpointToken")
        return out["NewExecutionState"]["Operations"]

    ops = checkpoint(
        [
            {"Id": "ctx", "Type": "CONTEXT", "Action": "START", "Name": "billing", "ContextOptions": {"ReplayChildren": True}},
            {"Id": "charge", "ParentId": "ctx", "Type": "STEP", "Action": "START", "Name": "charge card"},
        ]
    )
    assert [(op["Id"], op["Status"]) for op in ops] == [("ctx", "STARTED"), ("charge", "STARTED")]
    ops = checkpoint(
        [
            {
                "Id": "charge",
                "ParentId": "ctx",
                "Type": "STEP",
                "Action": "RETRY",
                "Error": {"ErrorType": "CardDeclined", "ErrorMessage": "try again"},
                "StepOptions": {"NextAttemptDelaySeconds": 30},
            }
        ]
    )
    assert ops[0]["Status"] == "PENDING"
    assert ops[0]["StepDetails"]["Attempt"] == 1
    assert ops[0]["StepDetails"]["Error"] == {"ErrorType": "CardDeclined", "ErrorMessage": "try again"}
    assert "NextAttemptTimestamp" in ops[0]["StepDetails"]
    # Not yet due: the step cannot start again.
    fails(
        lam.checkpoint_durable_execution,
        "InvalidParameterValueException",
        400,
        DurableExecutionArn=arn,
        CheckpointToken=token,
        Updates=[{"Id": "charge", "Type": "STEP", "Action": "START"}],
    )
    ops = checkpoint(
        [
            {"Id": "receipt", "ParentId": "ctx", "Type": "STEP", "Action": "SUCCEED", "Payload": '"r-1"'},
            {"Id": "ctx", "Type": "CONTEXT", "Action": "SUCCEED", "Payload": '{"paid": false}'},
            {"Id": "ask", "Type": "CALLBACK", "Action": "START"},
        ]
    )
    assert [(op["Id"], op["Status"]) for op in ops] == [("ctx", "SUCCEEDED"), ("receipt", "SUCCEEDED"), ("ask", "STARTED")]
    assert ops[0]["ContextDetails"] == {"ReplayChildren": True, "Result": '{"paid": false}'}
    callback_id = ops[2]["CallbackDetails"]["CallbackId"]

    lam.send_durable_execution_callback_failure(
        CallbackId=callback_id, Error={"ErrorType": "Rejected", "ErrorMessage": "no budget", "ErrorData": '{"code": 7}'}
    )
    # The invocation is still in progress: its next checkpoint sees the failed callback.
    ops = checkpoint([])
    assert [(op["Id"], op["Status"]) for op in ops] == [("ask", "FAILED")]
    assert ops[0]["CallbackDetails"]["Error"]["ErrorType"] == "Rejected"
    state = lam.get_durable_execution_state(DurableExecutionArn=arn, CheckpointToken=token, MaxItems=2)
    assert [op["Id"] for op in state["Operations"]] == [arn.rsplit("/", 1)[1], "ctx"]
    rest = lam.get_durable_execution_state(
        DurableExecutionArn=arn, CheckpointToken=token, Marker=state["NextMarker"]
    )["Operations"]
    assert [op["Id"] for op in rest] == ["charge", "receipt", "ask"]

    # The code gives up: the execution fails with its error.
    execution_op = arn.rsplit("/", 1)[1]
    checkpoint([{"Id": execution_op, "Type": "EXECUTION", "Action": "FAIL", "Error": {"ErrorType": "Gave up"}}])
    assert token is None, "the last checkpoint of the invocation returns no token"
    got = lam.get_durable_execution(DurableExecutionArn=arn)
    assert got["Status"] == "FAILED"
    assert got["Error"] == {"ErrorType": "Gave up"}
    history = events_of(lam, arn)
    kinds = [ev["EventType"] for ev in history]
    assert kinds[:3] == ["ExecutionStarted", "ContextStarted", "StepStarted"]
    assert "StepFailed" in kinds and "CallbackFailed" in kinds and kinds[-1] == "InvocationCompleted"
    assert "ExecutionFailed" in kinds
    failed_step = next(ev for ev in history if ev["EventType"] == "StepFailed")
    assert failed_step["StepFailedDetails"]["RetryDetails"] == {"CurrentAttempt": 1, "NextAttemptDelaySeconds": 30}
    assert failed_step["ParentId"] == "ctx"
    lam.delete_durable_execution(DurableExecutionArn=arn)


def test_pause_resume_and_stop(lam, durable_fn):
    payload = {"batch": 3}
    arn = start_async(lam, durable_fn, payload)
    lam.pause_durable_execution(DurableExecutionArn=arn, Reason="maintenance window")
    fails(lam.pause_durable_execution, "ResourceConflictException", 409, DurableExecutionArn=arn)
    got = lam.get_durable_execution(DurableExecutionArn=arn)
    assert got["Status"] == "PAUSED", "the pause came before the echo could finish"
    assert got["PauseDetails"]["Reason"] == "maintenance window"
    assert got["PauseDetails"]["ExecutionTimeoutPaused"] is True
    assert "Result" not in got
    paused = lam.list_durable_executions_by_function(FunctionName=durable_fn, Statuses=["PAUSED"])
    assert [x["DurableExecutionArn"] for x in paused["DurableExecutions"]] == [arn]
    fails(lam.delete_durable_execution, "ResourceConflictException", 409, DurableExecutionArn=arn)

    resumed = lam.resume_durable_execution(DurableExecutionArn=arn, Reason="window over")
    assert resumed["ResponseMetadata"]["HTTPStatusCode"] == 202
    got = lam.get_durable_execution(DurableExecutionArn=arn)
    assert got["Status"] == "SUCCEEDED"
    assert json.loads(got["Result"]) == payload
    fails(lam.resume_durable_execution, "ResourceConflictException", 409, DurableExecutionArn=arn)
    fails(lam.pause_durable_execution, "ResourceConflictException", 409, DurableExecutionArn=arn)
    kinds = [ev["EventType"] for ev in events_of(lam, arn)]
    assert kinds == [
        "ExecutionStarted",
        "InvocationCompleted",
        "ExecutionPaused",
        "ExecutionResumed",
        "InvocationCompleted",
        "ExecutionSucceeded",
    ]
    paused_event = events_of(lam, arn)[2]["ExecutionPausedDetails"]
    assert paused_event["Reason"] == {"Payload": "maintenance window"}
    assert events_of(lam, arn, IncludeExecutionData=False)[2]["ExecutionPausedDetails"]["Reason"] == {"Truncated": True}

    other = start_async(lam, durable_fn, {"batch": 4})
    stopped = lam.stop_durable_execution(
        DurableExecutionArn=other, Error={"ErrorType": "Cancelled", "ErrorMessage": "by operator"}
    )
    assert isinstance(stopped["StopTimestamp"], datetime.datetime)
    got = lam.get_durable_execution(DurableExecutionArn=other)
    assert got["Status"] == "STOPPED"
    assert got["Error"] == {"ErrorType": "Cancelled", "ErrorMessage": "by operator"}
    assert got["EndTimestamp"] == stopped["StopTimestamp"]
    fails(lam.stop_durable_execution, "InvalidParameterValueException", 400, DurableExecutionArn=other)
    assert [ev["EventType"] for ev in events_of(lam, other)][-1] == "ExecutionStopped"
    lam.delete_durable_execution(DurableExecutionArn=other)
    lam.delete_durable_execution(DurableExecutionArn=arn)
    assert lam.list_durable_executions_by_function(FunctionName=durable_fn)["DurableExecutions"] == []


def test_lists_filter_by_version_name_status_and_time_and_page(lam, durable_fn):
    lam.publish_version(FunctionName=durable_fn)
    lam.create_alias(FunctionName=durable_fn, Name="live", FunctionVersion="1")
    before = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=1)
    arns = {}
    for name, qualifier in [("a", "$LATEST"), ("b", "1"), ("c", "live"), ("d", "$LATEST")]:
        out = lam.invoke(FunctionName=durable_fn, Qualifier=qualifier, DurableExecutionName=name, Payload=b"{}")
        arns[name] = out["DurableExecutionArn"]
    assert DURABLE_ARN.match(arns["c"]).group("version") == "1", "an alias runs its version"

    def names(**kwargs):
        out = lam.list_durable_executions_by_function(FunctionName=durable_fn, **kwargs)
        return [x["DurableExecutionName"] for x in out["DurableExecutions"]]

    assert names() == ["d", "c", "b", "a"], "newest first"
    assert names(ReverseOrder=True) == ["a", "b", "c", "d"]
    assert names(Qualifier="1") == ["c", "b"]
    assert names(Qualifier="live") == ["c", "b"]
    assert names(Qualifier="$LATEST") == ["d", "a"]
    assert names(DurableExecutionName="b") == ["b"]
    assert names(Statuses=["SUCCEEDED"]) == ["d", "c", "b", "a"]
    assert names(Statuses=["RUNNING", "FAILED"]) == []
    assert names(StartedAfter=before) == ["d", "c", "b", "a"]
    assert names(StartedBefore=before) == []
    # By ARN too, and one execution a page through boto3's paginator.
    arn = f"arn:aws:lambda:us-east-1:123456789012:function:{durable_fn}"
    pages = list(
        lam.get_paginator("list_durable_executions_by_function").paginate(
            FunctionName=arn, PaginationConfig={"PageSize": 1}
        )
    )
    assert [x["DurableExecutionName"] for p in pages for x in p["DurableExecutions"]] == ["d", "c", "b", "a"]
    assert len(pages) == 4
    listed = lam.list_durable_executions_by_function(FunctionName=durable_fn, DurableExecutionName="a")
    [summary] = listed["DurableExecutions"]
    assert summary["DurableExecutionArn"] == arns["a"]
    assert summary["FunctionArn"] == f"{arn}:$LATEST"
    assert summary["Status"] == "SUCCEEDED"
    assert summary["EndTimestamp"] >= summary["StartTimestamp"]
    fails(lam.list_durable_executions_by_function, "ResourceNotFoundException", 404, FunctionName=unique("absent"))
    fails(
        lam.list_durable_executions_by_function,
        "ResourceNotFoundException",
        404,
        FunctionName=durable_fn,
        Qualifier="7",
    )


def test_invoke_async_and_the_streamed_invoke_start_executions_too(lam, durable_fn):
    fails(lam.invoke_async, "InvalidParameterValueException", 400, FunctionName=durable_fn, InvokeArgs=b"{}")
    out = lam.invoke_async(FunctionName=f"{durable_fn}:$LATEST", InvokeArgs=b'{"via": "async"}')
    assert out["Status"] == 202
    stream = lam.invoke_with_response_stream(FunctionName=durable_fn, Qualifier="$LATEST", Payload=b'{"via": "stream"}')
    body = b"".join(ev["PayloadChunk"]["Payload"] for ev in stream["EventStream"] if "PayloadChunk" in ev)
    assert body == b'{"via": "stream"}'
    executions = lam.list_durable_executions_by_function(FunctionName=durable_fn, ReverseOrder=True)["DurableExecutions"]
    assert len(executions) == 2
    results = [json.loads(lam.get_durable_execution(DurableExecutionArn=x["DurableExecutionArn"])["Result"]) for x in executions]
    assert results == [{"via": "async"}, {"via": "stream"}]
