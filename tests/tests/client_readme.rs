//! The README's examples: building an input, and the client example compiled and run against
//! an in-process server (the only change: the endpoint is the test server's, and the program
//! returns what it printed).

mod client_common;

use client_common::{Reply, Server};
use lambda_api::client::{Client, Config, Credentials, SdkError, StreamExt};
use lambda_api::operations::create_function::CreateFunctionInput;
use lambda_api::operations::get_function::{GetFunctionError, GetFunctionInput};
use lambda_api::operations::list_functions::ListFunctionsInput;
use lambda_api::types::FunctionCode;
use serde_json::json;

#[test]
fn the_readme_input_example_builds() -> Result<(), Box<dyn std::error::Error>> {
    let zip_bytes = b"PK\x03\x04 archive".to_vec();
    let input = CreateFunctionInput::builder()
        .function_name("my-function")
        .role("arn:aws:iam::123456789012:role/lambda-role")
        .code(FunctionCode::builder().zip_file(zip_bytes).build())
        .build()?; // every violated constraint at once, in the service's message format
    assert_eq!(input.code.zip_file.as_ref().map(|b| b.as_bytes()), Some(&b"PK\x03\x04 archive"[..]));
    Ok(())
}

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

    let input = GetFunctionInput::builder().function_name("no-such-function").build()?;
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
