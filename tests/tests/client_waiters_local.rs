//! Waiters against lambda-local, in process: create a function and wait for it to be active,
//! update it and wait for the update, publish a version and wait for it, wait for a function
//! to exist. lambda-local sets `State` to `Active` and `LastUpdateStatus` to `Successful` as
//! soon as it answers, so these waiters succeed on their first poll; the state changes are
//! exercised in client_waiters.rs.

use lambda_api::client::{Client, SdkError};
use lambda_api::enums::{LastUpdateStatus, Runtime, State};
use lambda_api::operations::create_function::CreateFunctionInput;
use lambda_api::operations::delete_function::DeleteFunctionInput;
use lambda_api::operations::get_function::{GetFunctionError, GetFunctionInput};
use lambda_api::operations::get_function_configuration::{
    GetFunctionConfigurationError, GetFunctionConfigurationInput,
};
use lambda_api::operations::publish_version::PublishVersionInput;
use lambda_api::operations::update_function_code::UpdateFunctionCodeInput;
use lambda_api::types::FunctionCode;
use lambda_api::waiters::{Poll, TimeoutReason, Waiter, WaiterError};
use lambda_api::Blob;
use lambda_rt::binding::Operation;
use std::time::Duration;

mod local_common;

const ACCESS_KEY: &str = "AKIDWAITERLOCAL";
const SECRET_KEY: &str = "waiter-local-secret";

/// lambda-local on a free 127.0.0.1 port (signatures required), and a client for it.
async fn start() -> (Client, tokio::task::JoinHandle<()>) {
    let settings = local_common::signed_by(vec![lambda_rt::server::Credential::new(ACCESS_KEY, SECRET_KEY)]);
    let (endpoint, task) = local_common::serve_local(&settings).await;
    (local_common::client_with(&endpoint, ACCESS_KEY, SECRET_KEY, true), task)
}

fn fast<O: Operation>(w: Waiter<O>) -> Waiter<O> {
    w.min_delay(Duration::from_millis(1)).max_delay(Duration::from_millis(4)).max_wait(Duration::from_secs(30))
}

/// A zip archive holding `index.py` with `content`.
fn zip(content: &[u8]) -> Vec<u8> {
    local_common::zip_with("index.py", content)
}

async fn create(client: &Client, name: &str) {
    let input = CreateFunctionInput::builder()
        .function_name(name)
        .runtime(Runtime::Python312)
        .role("arn:aws:iam::123456789012:role/lambda-role")
        .handler("index.handler")
        .code(FunctionCode::builder().zip_file(Blob::new(zip(b"def handler(e, c):\n    return 1\n"))).build())
        .build()
        .unwrap();
    client.create_function(input).await.unwrap();
}

fn get_function(name: &str) -> GetFunctionInput {
    GetFunctionInput::builder().function_name(name).build().unwrap()
}

fn get_configuration(name: &str, qualifier: Option<&str>) -> GetFunctionConfigurationInput {
    GetFunctionConfigurationInput::builder()
        .function_name(name)
        .set_qualifier(qualifier.map(str::to_string))
        .build()
        .unwrap()
}

#[tokio::test]
async fn create_then_wait_until_active_update_then_wait_until_updated() {
    let (client, task) = start().await;
    create(&client, "waited").await;

    let out = fast(client.wait_until_function_active_v2(get_function("waited"))).wait().await.unwrap();
    let config = out.configuration.unwrap();
    assert_eq!((config.function_name.as_deref(), config.state), (Some("waited"), Some(State::Active)));
    let out = fast(client.wait_until_function_active(get_configuration("waited", None))).wait().await.unwrap();
    assert_eq!(out.state, Some(State::Active));

    let update = UpdateFunctionCodeInput::builder()
        .function_name("waited")
        .zip_file(Blob::new(zip(b"def handler(e, c):\n    return 2\n")))
        .build()
        .unwrap();
    let updated = client.update_function_code(update).await.unwrap();
    let out = fast(client.wait_until_function_updated(get_configuration("waited", None))).wait().await.unwrap();
    assert_eq!(out.last_update_status, Some(LastUpdateStatus::Successful));
    assert_eq!(out.code_sha256, updated.code_sha256);
    let out = fast(client.wait_until_function_updated_v2(get_function("waited"))).wait().await.unwrap();
    assert_eq!(out.configuration.and_then(|c| c.last_update_status), Some(LastUpdateStatus::Successful));

    let version = client
        .publish_version(PublishVersionInput::builder().function_name("waited").build().unwrap())
        .await
        .unwrap()
        .version
        .unwrap();
    let out = fast(client.wait_until_published_version_active(get_configuration("waited", Some(&version))))
        .wait()
        .await
        .unwrap();
    assert_eq!((out.version.as_deref(), out.state), (Some(version.as_str()), Some(State::Active)));
    task.abort();
}

#[tokio::test]
async fn function_exists_waits_through_not_found_and_other_waiters_stop_on_it() {
    let (client, task) = start().await;

    // Not there: lambda-local's 404 is the retry acceptor's error, so the waiter keeps polling.
    let err = fast(client.wait_until_function_exists(get_function("later"))).max_attempts(2).wait().await.unwrap_err();
    let t = err.as_timeout().unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!((t.reason(), t.polls()), (TimeoutReason::MaxAttempts, 2));
    let Poll::Error(e) = t.last_poll() else { panic!("{t:?}") };
    assert!(matches!(e.service_error(), Some(GetFunctionError::ResourceNotFoundException(_))), "{e:?}");

    // Created while the waiter polls: it ends with the function.
    let waiting = tokio::spawn(fast(client.wait_until_function_exists(get_function("later"))).wait());
    create(&client, "later").await;
    let out = waiting.await.unwrap().unwrap();
    assert_eq!(out.configuration.and_then(|c| c.function_name).as_deref(), Some("later"));

    // FunctionActive expects no error: a deleted function ends the wait at once.
    client.delete_function(DeleteFunctionInput::builder().function_name("later").build().unwrap()).await.unwrap();
    let err = fast(client.wait_until_function_active(get_configuration("later", None))).wait().await.unwrap_err();
    let WaiterError::Operation(SdkError::Service(e)) = &err else { panic!("{err:?}") };
    assert!(matches!(e.err(), GetFunctionConfigurationError::ResourceNotFoundException(_)), "{e:?}");
    task.abort();
}
