//! Durable executions through the generated client: a function created with `DurableConfig`,
//! executions started by Invoke and driven through every state (a callback created by a
//! checkpoint and answered, pause and resume, stop, delete), read back as execution, history,
//! state and lists, with the typed errors of invalid transitions.
//!
//! No code runs in lambda-local: a durable function's code is taken to be "return the event".
//! The test plays the durable execution SDK's part; an execution's first checkpoint token is
//! the Base64 of `<execution id>:1` (lambda-local/README.md).

use super::{failure, function_input, function_zip, pages, unique};
use lambda_api::client::Client;
use lambda_api::enums::{EventType, ExecutionStatus, InvocationType, OperationAction, OperationType};
use lambda_api::operations::*;
use lambda_api::types::{CallbackOptions, DurableConfig, ErrorObject, OperationUpdate};
use lambda_api::Blob;

fn first_token(arn: &str) -> String {
    use base64::Engine;
    let id = arn.rsplit('/').next().unwrap();
    base64::engine::general_purpose::STANDARD.encode(format!("{id}:1"))
}

fn invoke_input(name: &str, payload: &str, t: InvocationType, execution_name: Option<&str>) -> invoke::InvokeInput {
    invoke::InvokeInput::builder()
        .function_name(name)
        .qualifier("$LATEST")
        .invocation_type(t)
        .set_durable_execution_name(execution_name.map(str::to_string))
        .payload(Blob::new(payload.as_bytes().to_vec()))
        .build()
        .unwrap()
}

async fn start_async(lam: &Client, name: &str, payload: &str) -> String {
    let out = lam.invoke(invoke_input(name, payload, InvocationType::Event, None)).await.expect("Invoke (Event)");
    assert_eq!(out.status_code, Some(202));
    out.durable_execution_arn.expect("an execution ARN")
}

async fn get(lam: &Client, arn: &str) -> get_durable_execution::GetDurableExecutionOutput {
    let input = get_durable_execution::GetDurableExecutionInput::builder().durable_execution_arn(arn).build().unwrap();
    lam.get_durable_execution(input).await.expect("GetDurableExecution")
}

async fn events(lam: &Client, arn: &str) -> Vec<EventType> {
    let input = get_durable_execution_history::GetDurableExecutionHistoryInput::builder()
        .durable_execution_arn(arn)
        .max_items(1)
        .build()
        .unwrap();
    let pages = pages(lam.get_durable_execution_history_paginator(input)).await;
    pages.into_iter().flat_map(|p| p.events).filter_map(|e| e.event_type).collect()
}

async fn pause(lam: &Client, arn: &str, reason: &str) -> Result<(), (String, u16, String)> {
    let input = pause_durable_execution::PauseDurableExecutionInput::builder()
        .durable_execution_arn(arn)
        .reason(reason)
        .build()
        .unwrap();
    match lam.pause_durable_execution(input).await {
        Ok(_) => Ok(()),
        Err(e) => Err(failure::<(), _>(Err(e))),
    }
}

async fn resume(lam: &Client, arn: &str) -> Result<(), (String, u16, String)> {
    let input =
        resume_durable_execution::ResumeDurableExecutionInput::builder().durable_execution_arn(arn).build().unwrap();
    match lam.resume_durable_execution(input).await {
        Ok(_) => Ok(()),
        Err(e) => Err(failure::<(), _>(Err(e))),
    }
}

async fn delete(lam: &Client, arn: &str) -> Result<(), (String, u16, String)> {
    let input =
        delete_durable_execution::DeleteDurableExecutionInput::builder().durable_execution_arn(arn).build().unwrap();
    match lam.delete_durable_execution(input).await {
        Ok(out) => {
            assert!(out.deletion_request_timestamp.epoch_seconds() > 0.0);
            Ok(())
        }
        Err(e) => Err(failure::<(), _>(Err(e))),
    }
}

/// Checkpoints the start of callback `id` with the execution's `token`, as the durable execution
/// SDK does, and returns the callback's id.
async fn open_callback(lam: &Client, arn: &str, token: &str, id: &str) -> String {
    let callback = OperationUpdate::builder()
        .id(id)
        .r#type(OperationType::Callback)
        .action(OperationAction::Start)
        .callback_options(CallbackOptions::builder().heartbeat_timeout_seconds(600).build())
        .build()
        .unwrap();
    let input = checkpoint_durable_execution::CheckpointDurableExecutionInput::builder()
        .durable_execution_arn(arn)
        .checkpoint_token(token)
        .updates(vec![callback])
        .build()
        .unwrap();
    let cp = lam.checkpoint_durable_execution(input).await.expect("CheckpointDurableExecution");
    assert!(cp.checkpoint_token.as_deref().is_some_and(|t| t != token));
    let ops = cp.new_execution_state.operations.unwrap();
    assert_eq!(ops[0].id, id);
    ops[0].callback_details.as_ref().and_then(|c| c.callback_id.clone()).expect("a callback id")
}

fn conflict<T>(r: Result<T, (String, u16, String)>) {
    let Err((code, status, _)) = r else { panic!("the call should have failed") };
    assert_eq!((code.as_str(), status), ("ResourceConflictException", 409));
}

pub(super) async fn durable_executions(lam: &Client) {
    let name = unique("cl-durable");
    let created = lam
        .create_function(
            function_input(&name, &function_zip())
                .durable_config(DurableConfig::builder().execution_timeout(900).build())
                .build()
                .unwrap(),
        )
        .await
        .expect("CreateFunction with DurableConfig");
    let config = created.durable_config.clone().expect("DurableConfig");
    assert_eq!((config.execution_timeout, config.retention_period_in_days), (Some(900), Some(14)));

    // Unqualified, a durable function cannot be invoked.
    let unqualified = invoke::InvokeInput::builder().function_name(name.clone()).build().unwrap();
    let err = lam.invoke(unqualified).await.expect_err("unqualified");
    assert!(matches!(err.service_error(), Some(invoke::InvokeError::InvalidParameterValueException(_))), "{err:?}");

    // Synchronously, the execution succeeds with the echo.
    let payload = r#"{"order":1042}"#;
    let sync =
        lam.invoke(invoke_input(&name, payload, InvocationType::RequestResponse, Some("order-1042"))).await.unwrap();
    assert_eq!(sync.payload.as_ref().unwrap().as_bytes(), payload.as_bytes());
    let arn = sync.durable_execution_arn.clone().expect("an execution ARN");
    assert!(arn.contains(&format!(":function:{name}:$LATEST/durable-execution/order-1042/")), "{arn}");
    let got = get(lam, &arn).await;
    assert_eq!(got.status, ExecutionStatus::Succeeded);
    assert_eq!((got.input_payload.as_deref(), got.result.as_deref()), (Some(payload), Some(payload)));
    assert_eq!(got.durable_config, Some(config.clone()));
    let err = lam
        .invoke(invoke_input(&name, "{}", InvocationType::RequestResponse, Some("order-1042")))
        .await
        .expect_err("the name is taken with another payload");
    assert!(
        matches!(err.service_error(), Some(invoke::InvokeError::DurableExecutionAlreadyStartedException(_))),
        "{err:?}"
    );
    assert_eq!(
        events(lam, &arn).await,
        [EventType::ExecutionStarted, EventType::InvocationCompleted, EventType::ExecutionSucceeded]
    );

    // Asynchronously, driven through a callback as the durable execution SDK would.
    let waiting = start_async(lam, &name, r#"{"claim":7}"#).await;
    let token = first_token(&waiting);
    let state = lam
        .get_durable_execution_state(
            get_durable_execution_state::GetDurableExecutionStateInput::builder()
                .durable_execution_arn(waiting.clone())
                .checkpoint_token(token.clone())
                .build()
                .unwrap(),
        )
        .await
        .expect("GetDurableExecutionState");
    assert_eq!(state.operations.len(), 1);
    assert_eq!(state.operations[0].r#type, OperationType::Execution);
    let callback_id = open_callback(lam, &waiting, &token, "approval").await;
    let checkpoint = checkpoint_durable_execution::CheckpointDurableExecutionInput::builder()
        .durable_execution_arn(waiting.clone())
        .checkpoint_token(token.clone())
        .build()
        .unwrap();
    let (code, status, _) = failure(lam.checkpoint_durable_execution(checkpoint).await);
    assert_eq!((code.as_str(), status), ("InvalidParameterValueException", 400), "a consumed token");
    lam.send_durable_execution_callback_heartbeat(
        send_durable_execution_callback_heartbeat::SendDurableExecutionCallbackHeartbeatInput::builder()
            .callback_id(callback_id.clone())
            .build()
            .unwrap(),
    )
    .await
    .expect("heartbeat");
    assert_eq!(get(lam, &waiting).await.status, ExecutionStatus::Running, "waiting for its callback");
    conflict(delete(lam, &waiting).await);
    let running = list_durable_executions_by_function::ListDurableExecutionsByFunctionInput::builder()
        .function_name(name.clone())
        .statuses(vec![ExecutionStatus::Running])
        .max_items(1)
        .build()
        .unwrap();
    let listed: Vec<String> = pages(lam.list_durable_executions_by_function_paginator(running))
        .await
        .into_iter()
        .flat_map(|p| p.durable_executions.unwrap_or_default())
        .map(|e| e.durable_execution_arn)
        .collect();
    assert_eq!(listed, std::slice::from_ref(&waiting));
    lam.send_durable_execution_callback_success(
        send_durable_execution_callback_success::SendDurableExecutionCallbackSuccessInput::builder()
            .callback_id(callback_id.clone())
            .result(Blob::new(br#"{"approved":true}"#.to_vec()))
            .build()
            .unwrap(),
    )
    .await
    .expect("SendDurableExecutionCallbackSuccess");
    let got = get(lam, &waiting).await;
    assert_eq!((got.status, got.result.as_deref()), (ExecutionStatus::Succeeded, Some(r#"{"claim":7}"#)));
    let err = lam
        .send_durable_execution_callback_failure(
            send_durable_execution_callback_failure::SendDurableExecutionCallbackFailureInput::builder()
                .callback_id(callback_id)
                .error(ErrorObject::builder().error_type("Late").build())
                .build()
                .unwrap(),
        )
        .await
        .expect_err("the callback is closed");
    assert!(
        matches!(
            err.service_error(),
            Some(send_durable_execution_callback_failure::SendDurableExecutionCallbackFailureError::CallbackTimeoutException(_))
        ),
        "{err:?}"
    );
    assert_eq!(
        events(lam, &waiting).await,
        [
            EventType::ExecutionStarted,
            EventType::CallbackStarted,
            EventType::InvocationCompleted,
            EventType::CallbackSucceeded,
            EventType::InvocationCompleted,
            EventType::ExecutionSucceeded
        ]
    );

    // A callback answered with a failure while the invocation that created it still runs: the
    // code ("return the event") ignores it, so the execution still succeeds, and its history
    // records the failure before the invocation ends.
    let rejected = start_async(lam, &name, r#"{"claim":8}"#).await;
    let callback_id = open_callback(lam, &rejected, &first_token(&rejected), "review").await;
    lam.send_durable_execution_callback_failure(
        send_durable_execution_callback_failure::SendDurableExecutionCallbackFailureInput::builder()
            .callback_id(callback_id)
            .error(ErrorObject::builder().error_type("Rejected").error_message("no budget").build())
            .build()
            .unwrap(),
    )
    .await
    .expect("SendDurableExecutionCallbackFailure");
    assert_eq!(get(lam, &rejected).await.status, ExecutionStatus::Succeeded);
    assert_eq!(
        events(lam, &rejected).await,
        [
            EventType::ExecutionStarted,
            EventType::CallbackStarted,
            EventType::CallbackFailed,
            EventType::InvocationCompleted,
            EventType::ExecutionSucceeded
        ]
    );

    // Paused before the echo could finish, then resumed.
    let paused = start_async(lam, &name, r#"{"batch":3}"#).await;
    pause(lam, &paused, "maintenance").await.expect("PauseDurableExecution");
    conflict(pause(lam, &paused, "again").await);
    let got = get(lam, &paused).await;
    assert_eq!(got.status, ExecutionStatus::Paused);
    let details = got.pause_details.expect("pause details");
    assert_eq!((details.reason.as_deref(), details.execution_timeout_paused), (Some("maintenance"), true));
    conflict(delete(lam, &paused).await);
    resume(lam, &paused).await.expect("ResumeDurableExecution");
    let got = get(lam, &paused).await;
    assert_eq!((got.status, got.result.as_deref()), (ExecutionStatus::Succeeded, Some(r#"{"batch":3}"#)));
    conflict(resume(lam, &paused).await);
    assert_eq!(
        events(lam, &paused).await,
        [
            EventType::ExecutionStarted,
            EventType::InvocationCompleted,
            EventType::ExecutionPaused,
            EventType::ExecutionResumed,
            EventType::InvocationCompleted,
            EventType::ExecutionSucceeded
        ]
    );

    // Stopped.
    let stopped = start_async(lam, &name, "{}").await;
    let stop = |arn: &str| {
        stop_durable_execution::StopDurableExecutionInput::builder()
            .durable_execution_arn(arn)
            .error(ErrorObject::builder().error_type("Cancelled").build())
            .build()
            .unwrap()
    };
    let out = lam.stop_durable_execution(stop(&stopped)).await.expect("StopDurableExecution");
    let got = get(lam, &stopped).await;
    assert_eq!((got.status, got.end_timestamp), (ExecutionStatus::Stopped, Some(out.stop_timestamp)));
    let (code, status, _) = failure(lam.stop_durable_execution(stop(&stopped)).await);
    assert_eq!((code.as_str(), status), ("InvalidParameterValueException", 400), "already stopped");

    // Deleted, closed executions are gone.
    for arn in [&arn, &waiting, &rejected, &paused, &stopped] {
        delete(lam, arn).await.expect("DeleteDurableExecution");
    }
    let (code, status, _) = failure(
        lam.get_durable_execution(
            get_durable_execution::GetDurableExecutionInput::builder().durable_execution_arn(stopped).build().unwrap(),
        )
        .await,
    );
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
    let all = list_durable_executions_by_function::ListDurableExecutionsByFunctionInput::builder()
        .function_name(name.clone())
        .build()
        .unwrap();
    let left = lam.list_durable_executions_by_function(all).await.unwrap();
    assert_eq!(left.durable_executions, Some(vec![]));
    super::delete(lam, &name).await;
}
