//! Durable executions through aws-sdk-lambda: a function created with `DurableConfig`, its
//! executions started by Invoke and driven through their states (a callback created by a
//! checkpoint and answered, a stop), read back as execution, history, state and lists. The
//! SDK has no Delete/Pause/ResumeDurableExecution yet (see `SDK_LACKS`).
//!
//! No code runs in lambda-local: a durable function's code is taken to be "return the event".
//! The test plays the durable execution SDK's part; an execution's first checkpoint token is
//! the Base64 of `<execution id>:1` (lambda-local/README.md).

use super::{failure, function_zip, unique, ROLE};
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{
    CallbackOptions, DurableConfig, ErrorObject, EventType, ExecutionStatus, FunctionCode, InvocationType,
    OperationAction, OperationStatus, OperationType, OperationUpdate, Runtime,
};
use aws_sdk_lambda::Client;
use base64::Engine;

fn first_token(arn: &str) -> String {
    let id = arn.rsplit('/').next().unwrap();
    base64::engine::general_purpose::STANDARD.encode(format!("{id}:1"))
}

async fn start_async(lam: &Client, name: &str, payload: &str) -> String {
    let out = lam
        .invoke()
        .function_name(name)
        .qualifier("$LATEST")
        .invocation_type(InvocationType::Event)
        .payload(Blob::new(payload))
        .send()
        .await
        .expect("Invoke (Event)");
    assert_eq!(out.status_code(), 202);
    out.durable_execution_arn().expect("an execution ARN").to_string()
}

/// Checkpoints the start of callback `id` with the execution's `token`, as the durable execution
/// SDK does, and returns the callback's id.
async fn open_callback(lam: &Client, arn: &str, token: &str, id: &str) -> String {
    let start_callback = OperationUpdate::builder()
        .id(id)
        .r#type(OperationType::Callback)
        .action(OperationAction::Start)
        .callback_options(CallbackOptions::builder().timeout_seconds(3600).build())
        .build()
        .unwrap();
    let cp = lam
        .checkpoint_durable_execution()
        .durable_execution_arn(arn)
        .checkpoint_token(token)
        .updates(start_callback)
        .send()
        .await
        .expect("CheckpointDurableExecution");
    assert!(cp.checkpoint_token().is_some_and(|t| t != token));
    let ops = cp.new_execution_state().unwrap().operations();
    assert_eq!((ops[0].id(), ops[0].status()), (id, &OperationStatus::Started));
    ops[0].callback_details().and_then(|c| c.callback_id()).expect("a callback id").to_string()
}

async fn status(lam: &Client, arn: &str) -> ExecutionStatus {
    lam.get_durable_execution().durable_execution_arn(arn).send().await.expect("GetDurableExecution").status().clone()
}

pub(super) async fn durable_executions(lam: &Client) {
    let name = unique("sdk-durable");
    let created = lam
        .create_function()
        .function_name(&name)
        .runtime(Runtime::Python312)
        .role(ROLE)
        .handler("index.handler")
        .code(FunctionCode::builder().zip_file(Blob::new(function_zip())).build())
        .durable_config(DurableConfig::builder().execution_timeout(900).build())
        .send()
        .await
        .expect("CreateFunction with DurableConfig");
    let config = created.durable_config().expect("DurableConfig");
    assert_eq!((config.execution_timeout(), config.retention_period_in_days()), (Some(900), Some(14)));

    // Unqualified, a durable function cannot be invoked.
    let (code, status_code, message) = failure(lam.invoke().function_name(&name).send().await);
    assert_eq!((code.as_str(), status_code), ("InvalidParameterValueException", 400), "{message}");

    // Synchronously, the execution succeeds with the echo.
    let payload = r#"{"order":1042}"#;
    let sync = lam
        .invoke()
        .function_name(&name)
        .qualifier("$LATEST")
        .durable_execution_name("order-1042")
        .payload(Blob::new(payload))
        .send()
        .await
        .expect("Invoke");
    assert_eq!(sync.payload().unwrap().as_ref(), payload.as_bytes());
    let arn = sync.durable_execution_arn().expect("an execution ARN").to_string();
    assert!(arn.contains(&format!(":function:{name}:$LATEST/durable-execution/order-1042/")), "{arn}");
    let got = lam.get_durable_execution().durable_execution_arn(&arn).send().await.expect("GetDurableExecution");
    assert_eq!(got.status(), &ExecutionStatus::Succeeded);
    assert_eq!((got.input_payload(), got.result()), (Some(payload), Some(payload)));
    assert_eq!(got.durable_execution_name(), "order-1042");
    assert_eq!(got.version(), Some("$LATEST"));
    assert!(got.end_timestamp().unwrap().secs() >= got.start_timestamp().secs());
    let err = lam
        .invoke()
        .function_name(&name)
        .qualifier("$LATEST")
        .durable_execution_name("order-1042")
        .payload(Blob::new("{}"))
        .send()
        .await
        .expect_err("the name is taken with another payload");
    assert!(err.as_service_error().is_some_and(|e| e.is_durable_execution_already_started_exception()), "{err:?}");

    // Asynchronously, driven through a callback as the durable execution SDK would.
    let waiting = start_async(lam, &name, r#"{"claim":7}"#).await;
    let token = first_token(&waiting);
    let state = lam
        .get_durable_execution_state()
        .durable_execution_arn(&waiting)
        .checkpoint_token(&token)
        .send()
        .await
        .expect("GetDurableExecutionState");
    assert_eq!(state.operations().len(), 1);
    assert_eq!(state.operations()[0].r#type(), &OperationType::Execution);
    let callback_id = open_callback(lam, &waiting, &token, "approval").await;
    let (code, status_code, _) = failure(
        lam.checkpoint_durable_execution().durable_execution_arn(&waiting).checkpoint_token(&token).send().await,
    );
    assert_eq!((code.as_str(), status_code), ("InvalidParameterValueException", 400), "a consumed token");
    lam.send_durable_execution_callback_heartbeat().callback_id(&callback_id).send().await.expect("heartbeat");
    assert_eq!(status(lam, &waiting).await, ExecutionStatus::Running, "waiting for its callback");
    let running = lam
        .list_durable_executions_by_function()
        .function_name(&name)
        .statuses(ExecutionStatus::Running)
        .send()
        .await
        .expect("ListDurableExecutionsByFunction");
    let running: Vec<_> = running.durable_executions().iter().map(|e| e.durable_execution_arn()).collect();
    assert_eq!(running, [waiting.as_str()]);
    lam.send_durable_execution_callback_success()
        .callback_id(&callback_id)
        .result(Blob::new(r#"{"approved":true}"#))
        .send()
        .await
        .expect("SendDurableExecutionCallbackSuccess");
    let got = lam.get_durable_execution().durable_execution_arn(&waiting).send().await.unwrap();
    assert_eq!((got.status(), got.result()), (&ExecutionStatus::Succeeded, Some(r#"{"claim":7}"#)));
    let err = lam
        .send_durable_execution_callback_failure()
        .callback_id(&callback_id)
        .error(ErrorObject::builder().error_type("Late").build())
        .send()
        .await
        .expect_err("the callback is closed");
    assert!(err.as_service_error().is_some_and(|e| e.is_callback_timeout_exception()), "{err:?}");
    let pages = all_pages!(lam
        .get_durable_execution_history()
        .durable_execution_arn(&waiting)
        .max_items(1)
        .into_paginator()
        .send());
    let kinds: Vec<_> = pages.iter().flat_map(|p| p.events()).filter_map(|e| e.event_type().cloned()).collect();
    assert_eq!(
        kinds,
        [
            EventType::ExecutionStarted,
            EventType::CallbackStarted,
            EventType::InvocationCompleted,
            EventType::CallbackSucceeded,
            EventType::InvocationCompleted,
            EventType::ExecutionSucceeded
        ]
    );
    let callback_started = pages[1].events()[0].callback_started_details().unwrap();
    assert_eq!((callback_started.callback_id(), callback_started.timeout()), (callback_id.as_str(), Some(3600)));

    // A callback answered with a failure: the code ("return the event") ignores it, so the
    // execution still succeeds, and its history records the failure as sent.
    let rejected = start_async(lam, &name, r#"{"claim":8}"#).await;
    let callback_id = open_callback(lam, &rejected, &first_token(&rejected), "review").await;
    lam.send_durable_execution_callback_failure()
        .callback_id(&callback_id)
        .error(ErrorObject::builder().error_type("Rejected").error_message("no budget").build())
        .send()
        .await
        .expect("SendDurableExecutionCallbackFailure");
    assert_eq!(status(lam, &rejected).await, ExecutionStatus::Succeeded);
    let history = lam.get_durable_execution_history().durable_execution_arn(&rejected).send().await.expect("history");
    let failed = history
        .events()
        .iter()
        .find(|e| e.event_type() == Some(&EventType::CallbackFailed))
        .and_then(|e| e.callback_failed_details())
        .and_then(|d| d.error())
        .and_then(|e| e.payload())
        .expect("a CallbackFailed event with the error");
    assert_eq!((failed.error_type(), failed.error_message()), (Some("Rejected"), Some("no budget")));
    let (code, status_code, _) = failure(
        lam.send_durable_execution_callback_success().callback_id(&callback_id).result(Blob::new("{}")).send().await,
    );
    assert_eq!((code.as_str(), status_code), ("CallbackTimeoutException", 400), "the callback is closed");

    // Stopped before the echo could finish.
    let stopped = start_async(lam, &name, "{}").await;
    let out = lam
        .stop_durable_execution()
        .durable_execution_arn(&stopped)
        .error(ErrorObject::builder().error_type("Cancelled").error_message("by operator").build())
        .send()
        .await
        .expect("StopDurableExecution");
    let got = lam.get_durable_execution().durable_execution_arn(&stopped).send().await.unwrap();
    assert_eq!(got.status(), &ExecutionStatus::Stopped);
    assert_eq!(got.end_timestamp(), Some(out.stop_timestamp()));
    assert_eq!(got.error().and_then(|e| e.error_message()), Some("by operator"));
    let (code, status_code, _) = failure(lam.stop_durable_execution().durable_execution_arn(&stopped).send().await);
    assert_eq!((code.as_str(), status_code), ("InvalidParameterValueException", 400), "already stopped");

    // Every execution, newest first, one a page.
    let pages =
        all_pages!(lam.list_durable_executions_by_function().function_name(&name).max_items(1).into_paginator().send());
    let listed: Vec<_> =
        pages.iter().flat_map(|p| p.durable_executions()).map(|e| e.durable_execution_arn().to_string()).collect();
    assert_eq!(listed, [stopped.clone(), rejected.clone(), waiting.clone(), arn.clone()]);

    let gone = format!("{arn}-gone");
    let (code, status_code, _) = failure(lam.get_durable_execution().durable_execution_arn(&gone).send().await);
    assert_eq!((code.as_str(), status_code), ("ResourceNotFoundException", 404));
    let (code, status_code, _) =
        failure(lam.send_durable_execution_callback_heartbeat().callback_id("bm9uZQ==").send().await);
    assert_eq!((code.as_str(), status_code), ("ResourceNotFoundException", 404));
    lam.delete_function().function_name(&name).send().await.expect("DeleteFunction");
}
