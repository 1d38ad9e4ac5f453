//! The README's client example, compiled and run against an in-process server (the only
//! change: the endpoint is the test server's, and the program returns what it printed).

mod client_common;

use client_common::{Reply, Server};
use futures_util::StreamExt;
use lambda_api::client::{Client, Config, Credentials, SdkError};
use lambda_api::operations::get_function::{GetFunctionError, GetFunctionInput};
use lambda_api::operations::list_functions::ListFunctionsInput;
use serde_json::json;

async fn readme_main(endpoint: &str) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut printed = Vec::new();
    let config = Config::builder()
        .region("us-east-1")
        .endpoint(endpoint)
        .credentials(Credentials::new("test", "test", None))
        .build()?;
    let client = Client::new(config); // cheap to clone; clones share the connection pool

    // Every function, following NextMarker across pages.
    let mut functions = client.list_functions_paginator(ListFunctionsInput::default()).items();
    while let Some(function) = functions.next().await {
        printed.push(function?.function_name.unwrap_or_default());
    }

    let input = GetFunctionInput { function_name: "no-such-function".into(), qualifier: None };
    match client.get_function(input).await {
        Ok(out) => printed.push(format!("found {:?}", out.configuration.and_then(|c| c.function_arn))),
        Err(SdkError::Service(e)) if matches!(e.err(), GetFunctionError::ResourceNotFoundException(_)) => {
            printed.push(format!("not found (request id {:?})", e.meta().request_id))
        }
        Err(other) => return Err(other.into()),
    }
    Ok(printed)
}

#[tokio::test]
async fn the_readme_example_runs() {
    let server = Server::scripted(vec![
        Reply::json(200, &json!({"Functions": [{"FunctionName": "a"}], "NextMarker": "2"})),
        Reply::json(200, &json!({"Functions": [{"FunctionName": "b"}]})),
        Reply::error(404, "ResourceNotFoundException", "Function not found"),
    ])
    .await;
    let printed = readme_main(&server.endpoint()).await.unwrap();
    assert_eq!(printed, ["a", "b", "not found (request id Some(\"req-ResourceNotFoundException\"))"]);
}
