//! The generated client against a server no one here wrote: moto (PyPI `moto[server]`), a
//! mock of the AWS APIs.
//!
//! Ignored (reported as skipped) in the default run, since they need a running moto server
//! named by `MOTO_ENDPOINT`; `.ci/run` starts one through `scripts/with-moto.sh` and runs
//! `cargo test -p lambda-tests --test moto -- --ignored --test-threads=1`.
//!
//! The set-up switches moto's Lambda to its no-Docker mode (`POST /moto-api/config` with
//! `{"lambda": {"use_docker": false}}`; there Invoke echoes the request payload), and
//! creates what moto checks before it accepts a call: the execution role (IAM `CreateRole`)
//! and an event source (SQS `CreateQueue`), through the query APIs, signed by `aws-sigv4`.
//!
//! moto 5.2 implements 48 of the 66 operations, and every one of them is driven here
//! (InvokeAsync only when no Docker daemon is around: moto runs it through Docker even in
//! no-Docker mode). moto answers many of them with another 2xx than the reference (201 for
//! GetAlias, UpdateAlias, DeleteAlias and GetFunctionUrlConfig, 200 for AddPermission,
//! AddLayerVersionPermission, TagResource and DeleteLayerVersion, 201 for
//! CreateEventSourceMapping) and sends JSON as `text/html`; the client takes any 2xx and
//! reads the body whatever its content type, as the SDKs do. Its other deviations are noted
//! where they matter (it also sends some `LastModified` timestamps as ISO 8601 strings, which
//! `lambda_rt::Timestamp` reads as botocore does).
//!
//! Not implemented by moto (404 or 500), so covered only by the in-process wire tests:
//! - CreateCodeSigningConfig, GetCodeSigningConfig, UpdateCodeSigningConfig,
//!   DeleteCodeSigningConfig, ListCodeSigningConfigs, ListFunctionsByCodeSigningConfig,
//!   PutFunctionCodeSigningConfig, DeleteFunctionCodeSigningConfig;
//! - PutProvisionedConcurrencyConfig, GetProvisionedConcurrencyConfig,
//!   DeleteProvisionedConcurrencyConfig, ListProvisionedConcurrencyConfigs;
//! - PutRuntimeManagementConfig, GetRuntimeManagementConfig;
//! - GetAccountSettings, ListFunctionUrlConfigs, GetLayerVersionByArn;
//! - InvokeWithResponseStream.

use aws_credential_types::Credentials as SigningCredentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use base64::Engine as _;
use lambda_api::client::{Client, Config, Credentials, RetryConfig};
use lambda_api::enums::{FunctionUrlAuthType, InvocationType, Runtime, State};
use lambda_api::operations::{
    add_layer_version_permission::AddLayerVersionPermissionInput,
    add_permission::AddPermissionInput,
    create_alias::CreateAliasInput,
    create_event_source_mapping::CreateEventSourceMappingInput,
    create_function::{CreateFunctionError, CreateFunctionInput, CreateFunctionOutput},
    create_function_url_config::CreateFunctionUrlConfigInput,
    delete_alias::DeleteAliasInput,
    delete_event_source_mapping::DeleteEventSourceMappingInput,
    delete_function::{DeleteFunctionError, DeleteFunctionInput},
    delete_function_concurrency::DeleteFunctionConcurrencyInput,
    delete_function_event_invoke_config::DeleteFunctionEventInvokeConfigInput,
    delete_function_url_config::DeleteFunctionUrlConfigInput,
    delete_layer_version::DeleteLayerVersionInput,
    get_alias::{GetAliasError, GetAliasInput},
    get_event_source_mapping::{GetEventSourceMappingError, GetEventSourceMappingInput},
    get_function::{GetFunctionError, GetFunctionInput},
    get_function_code_signing_config::GetFunctionCodeSigningConfigInput,
    get_function_concurrency::GetFunctionConcurrencyInput,
    get_function_configuration::GetFunctionConfigurationInput,
    get_function_event_invoke_config::{GetFunctionEventInvokeConfigError, GetFunctionEventInvokeConfigInput},
    get_function_url_config::{GetFunctionUrlConfigError, GetFunctionUrlConfigInput},
    get_layer_version::{GetLayerVersionError, GetLayerVersionInput},
    get_layer_version_policy::{GetLayerVersionPolicyError, GetLayerVersionPolicyInput},
    get_policy::{GetPolicyError, GetPolicyInput},
    invoke::InvokeInput,
    invoke_async::InvokeAsyncInput,
    list_aliases::ListAliasesInput,
    list_event_source_mappings::ListEventSourceMappingsInput,
    list_function_event_invoke_configs::ListFunctionEventInvokeConfigsInput,
    list_functions::ListFunctionsInput,
    list_layer_versions::ListLayerVersionsInput,
    list_layers::ListLayersInput,
    list_tags::ListTagsInput,
    list_versions_by_function::ListVersionsByFunctionInput,
    publish_layer_version::PublishLayerVersionInput,
    publish_version::PublishVersionInput,
    put_function_concurrency::PutFunctionConcurrencyInput,
    put_function_event_invoke_config::PutFunctionEventInvokeConfigInput,
    remove_layer_version_permission::RemoveLayerVersionPermissionInput,
    remove_permission::RemovePermissionInput,
    tag_resource::TagResourceInput,
    untag_resource::UntagResourceInput,
    update_alias::UpdateAliasInput,
    update_event_source_mapping::UpdateEventSourceMappingInput,
    update_function_code::UpdateFunctionCodeInput,
    update_function_configuration::UpdateFunctionConfigurationInput,
    update_function_event_invoke_config::UpdateFunctionEventInvokeConfigInput,
    update_function_url_config::UpdateFunctionUrlConfigInput,
};
use lambda_api::types::{
    AliasRoutingConfiguration, Cors, DestinationConfig, Environment, FunctionCode, LayerVersionContentInput, OnFailure,
};
use lambda_api::Blob;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

const REGION: &str = "us-east-1";
const ACCOUNT: &str = "123456789012";
const ROLE_NAME: &str = "moto-suite-lambda-role";
const QUEUE_NAME: &str = "moto-suite-queue";
const ACCESS_KEY: &str = "AKIAMOTOSUITE0000000";
const SECRET_KEY: &str = "moto-suite-secret-key";

fn role_arn() -> String {
    format!("arn:aws:iam::{ACCOUNT}:role/{ROLE_NAME}")
}

fn queue_arn() -> String {
    format!("arn:aws:sqs:{REGION}:{ACCOUNT}:{QUEUE_NAME}")
}

// ---------------------------------------------------------------------------------------
// Reaching moto
// ---------------------------------------------------------------------------------------

/// The moto endpoint. The tests are ignored (reported as skipped) in the default run; asked
/// for without a server, they fail and say how to start one.
fn endpoint(test: &str) -> Option<&'static str> {
    static ENDPOINT: OnceLock<Option<String>> = OnceLock::new();
    let ep = ENDPOINT.get_or_init(|| {
        let ep = std::env::var("MOTO_ENDPOINT").ok().filter(|v| !v.trim().is_empty())?;
        let ep = ep.trim().trim_end_matches('/').to_string();
        set_up_moto(&ep);
        Some(ep)
    });
    match ep.as_deref() {
        Some(ep) => Some(ep),
        None => panic!(
            "{test}: MOTO_ENDPOINT is not set; run scripts/with-moto.sh cargo test -p lambda-tests --test moto \
             -- --ignored (or .ci/run)"
        ),
    }
}

/// A client for moto: static test credentials, no retries (a failure shows at once), and a
/// time limit per call so a hung server fails the test instead of stalling it.
fn client(endpoint: &str) -> Client {
    let config = Config::builder()
        .region(REGION)
        .endpoint(endpoint)
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
        .retry(RetryConfig::disabled())
        .total_timeout(Duration::from_secs(30))
        .build()
        .expect("client configuration");
    Client::new(config)
}

/// A name no earlier run against the same server used.
fn unique(prefix: &str) -> String {
    static RUN: OnceLock<String> = OnceLock::new();
    let run = RUN.get_or_init(|| {
        let t = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap();
        format!("{}{}", std::process::id(), t.subsec_micros())
    });
    format!("{prefix}-{run}")
}

/// A response to a hand-built request: status and body.
struct RawResponse {
    status: u16,
    body: String,
}

/// One HTTP/1.1 exchange over a fresh connection (moto closes it after each response).
/// Only for the set-up calls that are not Lambda's; the suite's Lambda calls all go through
/// the generated client.
fn raw_http(endpoint: &str, method: &str, path: &str, headers: &[(String, String)], body: &[u8]) -> RawResponse {
    let authority = endpoint
        .strip_prefix("http://")
        .unwrap_or_else(|| panic!("MOTO_ENDPOINT must be http://HOST:PORT, not {endpoint}"));
    let mut stream =
        TcpStream::connect(authority).unwrap_or_else(|e| panic!("cannot connect to moto at {endpoint}: {e}"));
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap_or_else(|e| panic!("reading moto's answer to {method} {path}: {e}"));
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((text.as_str(), ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("moto's answer to {method} {path} has no status line: {head:?}"));
    RawResponse { status, body: body.to_string() }
}

/// POSTs a form-encoded query API call (`Action=...`) to `service`, signed with SigV4 for
/// that service, as the SDKs send IAM and SQS calls. moto picks the service from the
/// signature's credential scope.
fn query_call(endpoint: &str, service: &str, params: &[(&str, &str)]) -> RawResponse {
    let body =
        params.iter().map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v))).collect::<Vec<_>>().join("&");
    let authority = endpoint.trim_start_matches("http://");
    let mut headers = vec![
        ("host".to_string(), authority.to_string()),
        ("content-type".to_string(), "application/x-www-form-urlencoded; charset=utf-8".to_string()),
    ];
    let identity = SigningCredentials::new(ACCESS_KEY, SECRET_KEY, None, None, "moto-suite").into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(REGION)
        .name(service)
        .time(SystemTime::now())
        .settings(SigningSettings::default())
        .build()
        .unwrap()
        .into();
    let url = format!("{endpoint}/");
    let signable = SignableRequest::new(
        "POST",
        &url,
        headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        SignableBody::Bytes(body.as_bytes()),
    )
    .unwrap();
    let (instructions, _) = sign(signable, &params).unwrap().into_parts();
    let (signing_headers, _) = instructions.into_parts();
    for h in signing_headers {
        headers.push((h.name().to_string(), h.value().to_string()));
    }
    headers.retain(|(k, _)| k != "host"); // raw_http writes Host itself
    raw_http(endpoint, "POST", "/", &headers, body.as_bytes())
}

fn form_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Once per run: no-Docker Lambda, the execution role, the SQS queue.
fn set_up_moto(endpoint: &str) {
    // moto keeps the functions of its Docker and no-Docker modes apart, so the mode is set
    // before anything is created.
    let r = raw_http(
        endpoint,
        "POST",
        "/moto-api/config",
        &[("Content-Type".into(), "application/json".into())],
        br#"{"lambda": {"use_docker": false}}"#,
    );
    assert!(r.status / 100 == 2, "moto config: {} {}", r.status, r.body);
    let config: serde_json::Value = serde_json::from_str(&r.body).expect("moto config is JSON");
    assert_eq!(config["lambda"]["use_docker"], false, "moto kept Docker mode: {config}");

    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    let r = query_call(
        endpoint,
        "iam",
        &[
            ("Action", "CreateRole"),
            ("Version", "2010-05-08"),
            ("RoleName", ROLE_NAME),
            ("AssumeRolePolicyDocument", trust),
        ],
    );
    // A server left running from an earlier run has the role already.
    assert!(
        r.status == 200 || (r.status == 409 && r.body.contains("EntityAlreadyExists")),
        "IAM CreateRole: {} {}",
        r.status,
        r.body
    );
    if r.status == 200 {
        assert!(r.body.contains(&role_arn()), "CreateRole answer lacks the role's ARN: {}", r.body);
    }

    let r =
        query_call(endpoint, "sqs", &[("Action", "CreateQueue"), ("Version", "2012-11-05"), ("QueueName", QUEUE_NAME)]);
    assert_eq!(r.status, 200, "SQS CreateQueue: {}", r.body);
    assert!(r.body.contains(QUEUE_NAME), "CreateQueue answer lacks the queue: {}", r.body);
}

// ---------------------------------------------------------------------------------------
// Test data
// ---------------------------------------------------------------------------------------

/// A zip archive built in memory holding one file (stored, fixed timestamps: the same bytes
/// every run).
fn zip_of(name: &str, contents: &str) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file(name, SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored)).unwrap();
    w.write_all(contents.as_bytes()).unwrap();
    let bytes = w.finish().unwrap().into_inner();
    assert_eq!(&bytes[..4], b"PK\x03\x04", "not a zip archive");
    bytes
}

/// `CodeSha256` as Lambda reports it: base64 of the SHA-256 of the archive.
fn code_sha256(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(bytes))
}

fn handler_zip() -> Vec<u8> {
    zip_of("index.py", "def handler(event, context):\n    return event\n")
}

fn function_arn(name: &str) -> String {
    format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}")
}

/// Creates a Python function from an in-memory zip and checks what CreateFunction answers.
async fn create_function(client: &Client, name: &str, zip: &[u8]) -> CreateFunctionOutput {
    let input = CreateFunctionInput::builder()
        .function_name(name)
        .runtime(Runtime::Python312)
        .role(role_arn())
        .handler("index.handler")
        .code(FunctionCode::builder().zip_file(Blob::new(zip.to_vec())).build())
        .description("created by the moto suite")
        .timeout(7)
        .memory_size(256)
        .environment(
            Environment::builder().variables(HashMap::from([("STAGE".to_string(), "test".to_string())])).build(),
        )
        .tags(HashMap::from([("team".to_string(), "codegen".to_string())]))
        .build()
        .expect("valid CreateFunction input");
    let out = client.create_function(input).await.expect("CreateFunction");
    assert_eq!(out.function_name.as_deref(), Some(name));
    assert_eq!(out.function_arn.as_deref(), Some(function_arn(name).as_str()));
    assert_eq!(out.code_sha256.as_deref(), Some(code_sha256(zip).as_str()));
    assert_eq!(out.code_size, Some(zip.len() as i64));
    assert_eq!(out.runtime, Some(Runtime::Python312));
    assert_eq!(out.role.as_deref(), Some(role_arn().as_str()));
    assert_eq!(out.handler.as_deref(), Some("index.handler"));
    assert_eq!(out.timeout, Some(7));
    assert_eq!(out.memory_size, Some(256));
    assert_eq!(out.version.as_deref(), Some("$LATEST"));
    assert_eq!(out.state, Some(State::Active));
    let env = out.environment.as_ref().and_then(|e| e.variables.as_ref());
    assert_eq!(env.and_then(|v| v.get("STAGE")).map(String::as_str), Some("test"));
    out
}

async fn delete_function(client: &Client, name: &str) {
    let input = DeleteFunctionInput::builder().function_name(name).build().unwrap();
    client.delete_function(input).await.expect("DeleteFunction");
}

// ---------------------------------------------------------------------------------------
// The suite
// ---------------------------------------------------------------------------------------

#[tokio::test]
#[ignore = "needs a moto server: scripts/with-moto.sh cargo test -p lambda-tests --test moto -- --ignored"]
async fn function_lifecycle_code_configuration_and_versions() {
    let Some(ep) = endpoint("function_lifecycle_code_configuration_and_versions") else { return };
    let client = client(ep);
    let name = unique("lifecycle");
    let zip = handler_zip();
    create_function(&client, &name, &zip).await;

    // The same name again is a typed conflict.
    let again = CreateFunctionInput::builder()
        .function_name(&name)
        .runtime(Runtime::Python312)
        .role(role_arn())
        .handler("index.handler")
        .code(FunctionCode::builder().zip_file(Blob::new(zip.clone())).build())
        .build()
        .unwrap();
    let err = client.create_function(again).await.expect_err("a second CreateFunction");
    assert!(matches!(err.service_error(), Some(CreateFunctionError::ResourceConflictException(_))), "{err:?}");

    // GetFunction: configuration, code location and tags.
    let got = client
        .get_function(GetFunctionInput::builder().function_name(&name).build().unwrap())
        .await
        .expect("GetFunction");
    let conf = got.configuration.as_ref().expect("GetFunction configuration");
    assert_eq!(conf.code_sha256.as_deref(), Some(code_sha256(&zip).as_str()));
    assert_eq!(conf.code_size, Some(zip.len() as i64));
    assert_eq!(conf.description.as_deref(), Some("created by the moto suite"));
    let location = got.code.as_ref().and_then(|c| c.location.as_deref()).unwrap_or_default();
    assert!(location.starts_with("https://"), "code location {location:?}");
    assert_eq!(got.tags.as_ref().and_then(|t| t.get("team")).map(String::as_str), Some("codegen"));

    // GetFunctionConfiguration and ListFunctions see it.
    let conf = client
        .get_function_configuration(GetFunctionConfigurationInput::builder().function_name(&name).build().unwrap())
        .await
        .expect("GetFunctionConfiguration");
    assert_eq!(conf.function_name.as_deref(), Some(name.as_str()));
    assert_eq!(conf.memory_size, Some(256));
    let listed = client.list_functions(ListFunctionsInput::builder().build().unwrap()).await.expect("ListFunctions");
    let found: Vec<_> = listed
        .functions
        .unwrap_or_default()
        .into_iter()
        .filter(|f| f.function_name.as_deref() == Some(name.as_str()))
        .collect();
    assert_eq!(found.len(), 1, "ListFunctions lists the function once");
    assert_eq!(found[0].code_sha256.as_deref(), Some(code_sha256(&zip).as_str()));

    // UpdateFunctionConfiguration.
    let updated = client
        .update_function_configuration(
            UpdateFunctionConfigurationInput::builder()
                .function_name(&name)
                .memory_size(512)
                .timeout(20)
                .description("updated")
                .environment(
                    Environment::builder()
                        .variables(HashMap::from([("STAGE".to_string(), "prod".to_string())]))
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .await
        .expect("UpdateFunctionConfiguration");
    assert_eq!(updated.memory_size, Some(512));
    assert_eq!(updated.timeout, Some(20));
    assert_eq!(updated.description.as_deref(), Some("updated"));
    let env = updated.environment.as_ref().and_then(|e| e.variables.as_ref());
    assert_eq!(env.and_then(|v| v.get("STAGE")).map(String::as_str), Some("prod"));

    // Version 1 holds the first code.
    let v1 = client
        .publish_version(PublishVersionInput::builder().function_name(&name).description("first").build().unwrap())
        .await
        .expect("PublishVersion 1");
    assert_eq!(v1.version.as_deref(), Some("1"));
    assert_eq!(v1.function_arn, Some(format!("{}:1", function_arn(&name))));
    assert_eq!(v1.code_sha256.as_deref(), Some(code_sha256(&zip).as_str()));
    assert_eq!(v1.memory_size, Some(512));

    // UpdateFunctionCode with another archive.
    let zip2 = zip_of("index.py", "def handler(event, context):\n    return {'v': 2}\n");
    assert_ne!(code_sha256(&zip), code_sha256(&zip2));
    let code = client
        .update_function_code(
            UpdateFunctionCodeInput::builder().function_name(&name).zip_file(Blob::new(zip2.clone())).build().unwrap(),
        )
        .await
        .expect("UpdateFunctionCode");
    assert_eq!(code.code_sha256.as_deref(), Some(code_sha256(&zip2).as_str()));
    assert_eq!(code.code_size, Some(zip2.len() as i64));

    // Version 2 holds the second code; versions count up.
    let v2 = client
        .publish_version(PublishVersionInput::builder().function_name(&name).build().unwrap())
        .await
        .expect("PublishVersion 2");
    assert_eq!(v2.version.as_deref(), Some("2"));
    assert_eq!(v2.code_sha256.as_deref(), Some(code_sha256(&zip2).as_str()));
    // Nothing changed since: publishing again answers with version 2.
    let same = client
        .publish_version(PublishVersionInput::builder().function_name(&name).build().unwrap())
        .await
        .expect("PublishVersion without changes");
    assert_eq!(same.version.as_deref(), Some("2"));
    let versions = client
        .list_versions_by_function(ListVersionsByFunctionInput::builder().function_name(&name).build().unwrap())
        .await
        .expect("ListVersionsByFunction");
    let mut numbers: Vec<String> =
        versions.versions.unwrap_or_default().into_iter().filter_map(|v| v.version).collect();
    numbers.sort();
    assert_eq!(numbers, ["$LATEST", "1", "2"]);

    // A qualified read sees the published version, not $LATEST.
    let old = client
        .get_function_configuration(
            GetFunctionConfigurationInput::builder().function_name(&name).qualifier("1").build().unwrap(),
        )
        .await
        .expect("GetFunctionConfiguration of version 1");
    assert_eq!(old.version.as_deref(), Some("1"));
    assert_eq!(old.code_sha256.as_deref(), Some(code_sha256(&zip).as_str()));

    // GetFunctionCodeSigningConfig: the function has none.
    let csc = client
        .get_function_code_signing_config(
            GetFunctionCodeSigningConfigInput::builder().function_name(&name).build().unwrap(),
        )
        .await
        .expect("GetFunctionCodeSigningConfig");
    assert_eq!(csc.function_name, name);
    assert_eq!(csc.code_signing_config_arn, "");

    // Deleting version 1 leaves $LATEST and 2; deleting the function removes everything.
    client
        .delete_function(DeleteFunctionInput::builder().function_name(&name).qualifier("1").build().unwrap())
        .await
        .expect("DeleteFunction of version 1");
    let versions = client
        .list_versions_by_function(ListVersionsByFunctionInput::builder().function_name(&name).build().unwrap())
        .await
        .expect("ListVersionsByFunction after deleting version 1");
    let mut numbers: Vec<String> =
        versions.versions.unwrap_or_default().into_iter().filter_map(|v| v.version).collect();
    numbers.sort();
    assert_eq!(numbers, ["$LATEST", "2"]);
    delete_function(&client, &name).await;
    let err = client
        .get_function(GetFunctionInput::builder().function_name(&name).build().unwrap())
        .await
        .expect_err("GetFunction after DeleteFunction");
    match err.service_error() {
        Some(GetFunctionError::ResourceNotFoundException(e)) => {
            let message = e.message.as_deref().unwrap_or_default();
            assert!(message.contains(&name), "message names the function: {message:?}");
        }
        other => panic!("expected ResourceNotFoundException, got {other:?} ({err})"),
    }
    assert_eq!(err.http_status(), Some(404));
    let err = client
        .delete_function(DeleteFunctionInput::builder().function_name(&name).build().unwrap())
        .await
        .expect_err("DeleteFunction twice");
    assert!(matches!(err.service_error(), Some(DeleteFunctionError::ResourceNotFoundException(_))), "{err:?}");
}

#[tokio::test]
#[ignore = "needs a moto server: scripts/with-moto.sh cargo test -p lambda-tests --test moto -- --ignored"]
async fn aliases_with_routing_config() {
    let Some(ep) = endpoint("aliases_with_routing_config") else { return };
    let client = client(ep);
    let name = unique("aliases");
    create_function(&client, &name, &handler_zip()).await;
    // Two versions: a version is only published when code or configuration changed.
    for n in 1..=2 {
        client
            .update_function_configuration(
                UpdateFunctionConfigurationInput::builder()
                    .function_name(&name)
                    .description(format!("for version {n}"))
                    .build()
                    .unwrap(),
            )
            .await
            .expect("UpdateFunctionConfiguration");
        let v = client
            .publish_version(PublishVersionInput::builder().function_name(&name).build().unwrap())
            .await
            .expect("PublishVersion");
        assert_eq!(v.version, Some(n.to_string()));
    }

    let routing = AliasRoutingConfiguration::builder()
        .additional_version_weights(HashMap::from([("2".to_string(), 0.25)]))
        .build();
    let created = client
        .create_alias(
            CreateAliasInput::builder()
                .function_name(&name)
                .name("live")
                .function_version("1")
                .description("canary")
                .routing_config(routing.clone())
                .build()
                .unwrap(),
        )
        .await
        .expect("CreateAlias");
    assert_eq!(created.alias_arn, Some(format!("{}:live", function_arn(&name))));
    assert_eq!(created.function_version.as_deref(), Some("1"));
    assert_eq!(created.routing_config.as_ref(), Some(&routing));

    // moto answers GetAlias with 201.
    let got = client
        .get_alias(GetAliasInput::builder().function_name(&name).name("live").build().unwrap())
        .await
        .expect("GetAlias");
    assert_eq!(got.name.as_deref(), Some("live"));
    assert_eq!(got.routing_config.as_ref(), Some(&routing));
    assert_eq!(got.revision_id, created.revision_id);

    let routing2 = AliasRoutingConfiguration::builder()
        .additional_version_weights(HashMap::from([("1".to_string(), 0.5)]))
        .build();
    let updated = client
        .update_alias(
            UpdateAliasInput::builder()
                .function_name(&name)
                .name("live")
                .function_version("2")
                .routing_config(routing2.clone())
                .build()
                .unwrap(),
        )
        .await
        .expect("UpdateAlias");
    assert_eq!(updated.function_version.as_deref(), Some("2"));
    assert_eq!(updated.routing_config.as_ref(), Some(&routing2));

    let listed = client
        .list_aliases(ListAliasesInput::builder().function_name(&name).build().unwrap())
        .await
        .expect("ListAliases");
    let aliases = listed.aliases.unwrap_or_default();
    assert_eq!(aliases.len(), 1);
    assert_eq!(aliases[0].name.as_deref(), Some("live"));
    assert_eq!(aliases[0].function_version.as_deref(), Some("2"));
    assert_eq!(aliases[0].routing_config.as_ref(), Some(&routing2));

    // moto answers DeleteAlias with 201 and a `{}` body.
    client
        .delete_alias(DeleteAliasInput::builder().function_name(&name).name("live").build().unwrap())
        .await
        .expect("DeleteAlias");
    let err = client
        .get_alias(GetAliasInput::builder().function_name(&name).name("live").build().unwrap())
        .await
        .expect_err("GetAlias after DeleteAlias");
    assert!(matches!(err.service_error(), Some(GetAliasError::ResourceNotFoundException(_))), "{err:?}");
    delete_function(&client, &name).await;
}

#[tokio::test]
#[ignore = "needs a moto server: scripts/with-moto.sh cargo test -p lambda-tests --test moto -- --ignored"]
async fn permissions_and_policy() {
    let Some(ep) = endpoint("permissions_and_policy") else { return };
    let client = client(ep);
    let name = unique("policy");
    create_function(&client, &name, &handler_zip()).await;

    let added = client
        .add_permission(
            AddPermissionInput::builder()
                .function_name(&name)
                .statement_id("allow-s3")
                .action("lambda:InvokeFunction")
                .principal("s3.amazonaws.com")
                .source_arn("arn:aws:s3:::moto-suite-bucket")
                .build()
                .unwrap(),
        )
        .await
        .expect("AddPermission");
    let statement: serde_json::Value =
        serde_json::from_str(added.statement.as_deref().expect("AddPermission statement"))
            .expect("the statement is JSON");
    assert_eq!(statement["Sid"], "allow-s3");
    assert_eq!(statement["Action"], "lambda:InvokeFunction");
    assert_eq!(statement["Resource"], function_arn(&name));

    let policy =
        client.get_policy(GetPolicyInput::builder().function_name(&name).build().unwrap()).await.expect("GetPolicy");
    let doc: serde_json::Value =
        serde_json::from_str(policy.policy.as_deref().expect("GetPolicy policy")).expect("policy JSON");
    let statements = doc["Statement"].as_array().expect("policy statements");
    assert_eq!(statements.len(), 1, "{doc}");
    assert_eq!(statements[0]["Sid"], "allow-s3");
    assert_eq!(statements[0]["Principal"]["Service"], "s3.amazonaws.com");
    assert!(policy.revision_id.is_some());

    client
        .remove_permission(
            RemovePermissionInput::builder().function_name(&name).statement_id("allow-s3").build().unwrap(),
        )
        .await
        .expect("RemovePermission");
    let err = client
        .get_policy(GetPolicyInput::builder().function_name(&name).build().unwrap())
        .await
        .expect_err("GetPolicy without statements");
    assert!(matches!(err.service_error(), Some(GetPolicyError::ResourceNotFoundException(_))), "{err:?}");
    delete_function(&client, &name).await;
}

#[tokio::test]
#[ignore = "needs a moto server: scripts/with-moto.sh cargo test -p lambda-tests --test moto -- --ignored"]
async fn tags_round_trip() {
    let Some(ep) = endpoint("tags_round_trip") else { return };
    let client = client(ep);
    let name = unique("tags");
    create_function(&client, &name, &handler_zip()).await;
    let arn = function_arn(&name);
    let list = || async {
        let input = ListTagsInput::builder().resource(&arn).build().unwrap();
        client.list_tags(input).await.expect("ListTags").tags.unwrap_or_default()
    };

    assert_eq!(list().await, HashMap::from([("team".to_string(), "codegen".to_string())]));
    // moto answers TagResource with 200 and `{}` instead of 204.
    client
        .tag_resource(
            TagResourceInput::builder()
                .resource(&arn)
                .tags(HashMap::from([
                    ("env".to_string(), "test".to_string()),
                    ("owner".to_string(), "moto suite".to_string()),
                ]))
                .build()
                .unwrap(),
        )
        .await
        .expect("TagResource");
    assert_eq!(
        list().await,
        HashMap::from([
            ("team".to_string(), "codegen".to_string()),
            ("env".to_string(), "test".to_string()),
            ("owner".to_string(), "moto suite".to_string()),
        ])
    );
    // Two keys: the query list goes out as repeated `tagKeys`.
    client
        .untag_resource(
            UntagResourceInput::builder()
                .resource(&arn)
                .tag_keys(vec!["team".to_string(), "owner".to_string()])
                .build()
                .unwrap(),
        )
        .await
        .expect("UntagResource");
    assert_eq!(list().await, HashMap::from([("env".to_string(), "test".to_string())]));
    delete_function(&client, &name).await;
}

#[tokio::test]
#[ignore = "needs a moto server: scripts/with-moto.sh cargo test -p lambda-tests --test moto -- --ignored"]
async fn reserved_concurrency() {
    let Some(ep) = endpoint("reserved_concurrency") else { return };
    let client = client(ep);
    let name = unique("concurrency");
    create_function(&client, &name, &handler_zip()).await;
    let get = || {
        client.get_function_concurrency(GetFunctionConcurrencyInput::builder().function_name(&name).build().unwrap())
    };

    assert_eq!(get().await.expect("GetFunctionConcurrency").reserved_concurrent_executions, None);
    let put = client
        .put_function_concurrency(
            PutFunctionConcurrencyInput::builder()
                .function_name(&name)
                .reserved_concurrent_executions(17)
                .build()
                .unwrap(),
        )
        .await
        .expect("PutFunctionConcurrency");
    assert_eq!(put.reserved_concurrent_executions, Some(17));
    assert_eq!(get().await.expect("GetFunctionConcurrency").reserved_concurrent_executions, Some(17));
    client
        .delete_function_concurrency(DeleteFunctionConcurrencyInput::builder().function_name(&name).build().unwrap())
        .await
        .expect("DeleteFunctionConcurrency");
    assert_eq!(get().await.expect("GetFunctionConcurrency").reserved_concurrent_executions, None);
    delete_function(&client, &name).await;
}

#[tokio::test]
#[ignore = "needs a moto server: scripts/with-moto.sh cargo test -p lambda-tests --test moto -- --ignored"]
async fn event_invoke_configs() {
    let Some(ep) = endpoint("event_invoke_configs") else { return };
    let client = client(ep);
    let name = unique("eic");
    create_function(&client, &name, &handler_zip()).await;

    let destination =
        DestinationConfig::builder().on_failure(OnFailure::builder().destination(queue_arn()).build()).build();
    let put = client
        .put_function_event_invoke_config(
            PutFunctionEventInvokeConfigInput::builder()
                .function_name(&name)
                .maximum_retry_attempts(1)
                .maximum_event_age_in_seconds(300)
                .destination_config(destination.clone())
                .build()
                .unwrap(),
        )
        .await
        .expect("PutFunctionEventInvokeConfig");
    assert_eq!(put.function_arn.as_deref(), Some(function_arn(&name).as_str()));
    assert_eq!(put.maximum_retry_attempts, Some(1));
    assert_eq!(put.maximum_event_age_in_seconds, Some(300));
    assert_eq!(put.destination_config.as_ref(), Some(&destination));
    assert!(put.last_modified.is_some());

    let got = client
        .get_function_event_invoke_config(
            GetFunctionEventInvokeConfigInput::builder().function_name(&name).build().unwrap(),
        )
        .await
        .expect("GetFunctionEventInvokeConfig");
    assert_eq!(got.maximum_retry_attempts, Some(1));
    assert_eq!(got.destination_config.as_ref(), Some(&destination));

    // moto's update replaces the configuration instead of merging into it, and answers with
    // the new one alone.
    // moto sends LastModified here as an ISO 8601 string; the client reads it all the same.
    let updated = client
        .update_function_event_invoke_config(
            UpdateFunctionEventInvokeConfigInput::builder()
                .function_name(&name)
                .maximum_retry_attempts(2)
                .build()
                .unwrap(),
        )
        .await
        .expect("UpdateFunctionEventInvokeConfig");
    assert_eq!(updated.function_arn.as_deref(), Some(function_arn(&name).as_str()));
    assert_eq!(updated.maximum_retry_attempts, Some(2));
    assert!(updated.last_modified.is_some_and(|t| t.epoch_seconds() > 1.7e9));

    let listed = client
        .list_function_event_invoke_configs(
            ListFunctionEventInvokeConfigsInput::builder().function_name(&name).build().unwrap(),
        )
        .await
        .expect("ListFunctionEventInvokeConfigs");
    let configs = listed.function_event_invoke_configs.unwrap_or_default();
    assert_eq!(configs.len(), 1);
    assert_eq!(configs[0].function_arn.as_deref(), Some(function_arn(&name).as_str()));

    client
        .delete_function_event_invoke_config(
            DeleteFunctionEventInvokeConfigInput::builder().function_name(&name).build().unwrap(),
        )
        .await
        .expect("DeleteFunctionEventInvokeConfig");
    let err = client
        .get_function_event_invoke_config(
            GetFunctionEventInvokeConfigInput::builder().function_name(&name).build().unwrap(),
        )
        .await
        .expect_err("GetFunctionEventInvokeConfig after delete");
    assert!(
        matches!(err.service_error(), Some(GetFunctionEventInvokeConfigError::ResourceNotFoundException(_))),
        "{err:?}"
    );
    delete_function(&client, &name).await;
}

#[tokio::test]
#[ignore = "needs a moto server: scripts/with-moto.sh cargo test -p lambda-tests --test moto -- --ignored"]
async fn function_url_configs() {
    let Some(ep) = endpoint("function_url_configs") else { return };
    let client = client(ep);
    let name = unique("url");
    create_function(&client, &name, &handler_zip()).await;

    let cors = Cors::builder()
        .allow_origins(vec!["https://example.com".to_string()])
        .allow_methods(vec!["GET".to_string(), "POST".to_string()])
        .max_age(600)
        .build();
    let created = client
        .create_function_url_config(
            CreateFunctionUrlConfigInput::builder()
                .function_name(&name)
                .auth_type(FunctionUrlAuthType::None)
                .cors(cors.clone())
                .build()
                .unwrap(),
        )
        .await
        .expect("CreateFunctionUrlConfig");
    let url = created.function_url.clone();
    assert!(url.starts_with("https://") && url.contains(".lambda-url.us-east-1."), "{url}");
    assert_eq!(created.function_arn, function_arn(&name));
    assert_eq!(created.auth_type, FunctionUrlAuthType::None);
    assert_eq!(created.cors.as_ref(), Some(&cors));

    // moto answers GetFunctionUrlConfig with 201.
    let got = client
        .get_function_url_config(GetFunctionUrlConfigInput::builder().function_name(&name).build().unwrap())
        .await
        .expect("GetFunctionUrlConfig");
    assert_eq!(got.function_url, url);
    assert_eq!(got.cors.as_ref(), Some(&cors));

    let updated = client
        .update_function_url_config(
            UpdateFunctionUrlConfigInput::builder()
                .function_name(&name)
                .auth_type(FunctionUrlAuthType::AwsIam)
                .build()
                .unwrap(),
        )
        .await
        .expect("UpdateFunctionUrlConfig");
    assert_eq!(updated.auth_type, FunctionUrlAuthType::AwsIam);
    assert_eq!(updated.function_url, url);
    assert!(!updated.last_modified_time.is_empty());

    client
        .delete_function_url_config(DeleteFunctionUrlConfigInput::builder().function_name(&name).build().unwrap())
        .await
        .expect("DeleteFunctionUrlConfig");
    let err = client
        .get_function_url_config(GetFunctionUrlConfigInput::builder().function_name(&name).build().unwrap())
        .await
        .expect_err("GetFunctionUrlConfig after delete");
    assert!(matches!(err.service_error(), Some(GetFunctionUrlConfigError::ResourceNotFoundException(_))), "{err:?}");
    delete_function(&client, &name).await;
}

#[tokio::test]
#[ignore = "needs a moto server: scripts/with-moto.sh cargo test -p lambda-tests --test moto -- --ignored"]
async fn layers_and_layer_permissions() {
    let Some(ep) = endpoint("layers_and_layer_permissions") else { return };
    let client = client(ep);
    let layer = unique("layer");
    let zips = [zip_of("python/util.py", "X = 1\n"), zip_of("python/util.py", "X = 2\n")];

    for (i, zip) in zips.iter().enumerate() {
        let published = client
            .publish_layer_version(
                PublishLayerVersionInput::builder()
                    .layer_name(&layer)
                    .description(format!("version {}", i + 1))
                    .content(LayerVersionContentInput::builder().zip_file(Blob::new(zip.clone())).build())
                    .compatible_runtimes(vec![Runtime::Python312])
                    .license_info("MIT")
                    .build()
                    .unwrap(),
            )
            .await
            .expect("PublishLayerVersion");
        let n = i as i64 + 1;
        assert_eq!(published.version, Some(n));
        let layer_arn = format!("arn:aws:lambda:{REGION}:{ACCOUNT}:layer:{layer}");
        assert_eq!(published.layer_arn.as_deref(), Some(layer_arn.as_str()));
        assert_eq!(published.layer_version_arn, Some(format!("{layer_arn}:{n}")));
        let content = published.content.as_ref().expect("layer content");
        assert_eq!(content.code_sha256.as_deref(), Some(code_sha256(zip).as_str()));
        assert_eq!(content.code_size, Some(zip.len() as i64));
        assert_eq!(published.compatible_runtimes, Some(vec![Runtime::Python312]));
    }

    let layers = client.list_layers(ListLayersInput::builder().build().unwrap()).await.expect("ListLayers");
    let ours = layers
        .layers
        .unwrap_or_default()
        .into_iter()
        .find(|l| l.layer_name.as_deref() == Some(layer.as_str()))
        .expect("ListLayers lists the layer");
    assert_eq!(ours.latest_matching_version.and_then(|v| v.version), Some(2));

    let versions = client
        .list_layer_versions(ListLayerVersionsInput::builder().layer_name(&layer).build().unwrap())
        .await
        .expect("ListLayerVersions");
    let numbers: Vec<i64> = versions.layer_versions.unwrap_or_default().into_iter().filter_map(|v| v.version).collect();
    assert_eq!(numbers, [2, 1], "newest first");

    let got = client
        .get_layer_version(GetLayerVersionInput::builder().layer_name(&layer).version_number(1).build().unwrap())
        .await
        .expect("GetLayerVersion");
    assert_eq!(got.description.as_deref(), Some("version 1"));
    assert_eq!(got.license_info.as_deref(), Some("MIT"));
    assert_eq!(got.content.and_then(|c| c.code_sha256).as_deref(), Some(code_sha256(&zips[0]).as_str()));

    // A function that uses the layer.
    let name = unique("with-layer");
    create_function(&client, &name, &handler_zip()).await;
    let layer_version_arn = format!("arn:aws:lambda:{REGION}:{ACCOUNT}:layer:{layer}:2");
    let conf = client
        .update_function_configuration(
            UpdateFunctionConfigurationInput::builder()
                .function_name(&name)
                .layers(vec![layer_version_arn.clone()])
                .build()
                .unwrap(),
        )
        .await
        .expect("UpdateFunctionConfiguration with a layer");
    let layers = conf.layers.unwrap_or_default();
    assert_eq!(layers.len(), 1, "{layers:?}");
    assert_eq!(layers[0].arn.as_deref(), Some(layer_version_arn.as_str()));
    assert_eq!(layers[0].code_size, Some(zips[1].len() as i64));
    delete_function(&client, &name).await;

    // Layer version permissions.
    let added = client
        .add_layer_version_permission(
            AddLayerVersionPermissionInput::builder()
                .layer_name(&layer)
                .version_number(1)
                .statement_id("everyone")
                .action("lambda:GetLayerVersion")
                .principal("*")
                .build()
                .unwrap(),
        )
        .await
        .expect("AddLayerVersionPermission");
    let statement: serde_json::Value =
        serde_json::from_str(added.statement.as_deref().expect("statement")).expect("statement JSON");
    assert_eq!(statement["Sid"], "everyone");
    assert_eq!(statement["Action"], "lambda:GetLayerVersion");
    let policy = client
        .get_layer_version_policy(
            GetLayerVersionPolicyInput::builder().layer_name(&layer).version_number(1).build().unwrap(),
        )
        .await
        .expect("GetLayerVersionPolicy");
    let doc: serde_json::Value = serde_json::from_str(policy.policy.as_deref().expect("policy")).expect("policy JSON");
    assert_eq!(doc["Statement"][0]["Sid"], "everyone", "{doc}");
    assert_eq!(policy.revision_id, added.revision_id);
    client
        .remove_layer_version_permission(
            RemoveLayerVersionPermissionInput::builder()
                .layer_name(&layer)
                .version_number(1)
                .statement_id("everyone")
                .build()
                .unwrap(),
        )
        .await
        .expect("RemoveLayerVersionPermission");
    let err = client
        .get_layer_version_policy(
            GetLayerVersionPolicyInput::builder().layer_name(&layer).version_number(1).build().unwrap(),
        )
        .await
        .expect_err("GetLayerVersionPolicy without statements");
    assert!(matches!(err.service_error(), Some(GetLayerVersionPolicyError::ResourceNotFoundException(_))), "{err:?}");

    // moto answers DeleteLayerVersion with 200 and `{}` instead of 204.
    for n in [1, 2] {
        client
            .delete_layer_version(
                DeleteLayerVersionInput::builder().layer_name(&layer).version_number(n).build().unwrap(),
            )
            .await
            .expect("DeleteLayerVersion");
    }
    let err = client
        .get_layer_version(GetLayerVersionInput::builder().layer_name(&layer).version_number(1).build().unwrap())
        .await
        .expect_err("GetLayerVersion after delete");
    assert!(matches!(err.service_error(), Some(GetLayerVersionError::ResourceNotFoundException(_))), "{err:?}");
}

#[tokio::test]
#[ignore = "needs a moto server: scripts/with-moto.sh cargo test -p lambda-tests --test moto -- --ignored"]
async fn event_source_mappings() {
    let Some(ep) = endpoint("event_source_mappings") else { return };
    let client = client(ep);
    let name = unique("esm");
    create_function(&client, &name, &handler_zip()).await;

    // moto answers CreateEventSourceMapping with 201 instead of 202.
    let created = client
        .create_event_source_mapping(
            CreateEventSourceMappingInput::builder()
                .function_name(&name)
                .event_source_arn(queue_arn())
                .batch_size(5)
                .build()
                .unwrap(),
        )
        .await
        .expect("CreateEventSourceMapping");
    let uuid = created.uuid.clone().expect("UUID");
    assert_eq!(created.event_source_arn.as_deref(), Some(queue_arn().as_str()));
    assert_eq!(created.function_arn.as_deref(), Some(function_arn(&name).as_str()));
    assert_eq!(created.batch_size, Some(5));
    assert_eq!(created.state.as_deref(), Some("Enabled"));
    assert!(created.last_modified.is_some());

    let got = client
        .get_event_source_mapping(GetEventSourceMappingInput::builder().uuid(&uuid).build().unwrap())
        .await
        .expect("GetEventSourceMapping");
    assert_eq!(got.uuid.as_deref(), Some(uuid.as_str()));
    assert_eq!(got.batch_size, Some(5));

    let updated = client
        .update_event_source_mapping(
            UpdateEventSourceMappingInput::builder().uuid(&uuid).batch_size(7).enabled(false).build().unwrap(),
        )
        .await
        .expect("UpdateEventSourceMapping");
    assert_eq!(updated.batch_size, Some(7));
    assert_eq!(updated.state.as_deref(), Some("Disabled"));

    let listed = client
        .list_event_source_mappings(ListEventSourceMappingsInput::builder().function_name(&name).build().unwrap())
        .await
        .expect("ListEventSourceMappings");
    let mappings = listed.event_source_mappings.unwrap_or_default();
    assert_eq!(mappings.len(), 1);
    assert_eq!(mappings[0].uuid.as_deref(), Some(uuid.as_str()));
    assert_eq!(mappings[0].batch_size, Some(7));

    let deleted = client
        .delete_event_source_mapping(DeleteEventSourceMappingInput::builder().uuid(&uuid).build().unwrap())
        .await
        .expect("DeleteEventSourceMapping");
    assert_eq!(deleted.state.as_deref(), Some("Deleting"));
    // moto's not-found answer here names the code only in the `x-amzn-errortype` header
    // (the body is `{"Type": "User", "Message": ...}`).
    let err = client
        .get_event_source_mapping(GetEventSourceMappingInput::builder().uuid(&uuid).build().unwrap())
        .await
        .expect_err("GetEventSourceMapping after delete");
    match err.service_error() {
        Some(GetEventSourceMappingError::ResourceNotFoundException(e)) => {
            assert_eq!(e.message.as_deref(), Some("The resource you requested does not exist."));
        }
        other => panic!("expected ResourceNotFoundException, got {other:?} ({err})"),
    }
    delete_function(&client, &name).await;
}

#[tokio::test]
#[ignore = "needs a moto server: scripts/with-moto.sh cargo test -p lambda-tests --test moto -- --ignored"]
async fn invoke_in_no_docker_mode() {
    let Some(ep) = endpoint("invoke_in_no_docker_mode") else { return };
    let client = client(ep);
    let name = unique("invoke");
    create_function(&client, &name, &handler_zip()).await;
    let payload = br#"{"hello": "moto", "n": [1, 2, 3]}"#.to_vec();

    // RequestResponse: moto's no-Docker Lambda echoes the payload.
    let out = client
        .invoke(InvokeInput::builder().function_name(&name).payload(Blob::new(payload.clone())).build().unwrap())
        .await
        .expect("Invoke");
    assert_eq!(out.status_code, Some(200));
    assert_eq!(out.function_error, None);
    assert_eq!(out.payload.as_ref().map(Blob::as_bytes), Some(payload.as_slice()));

    // Event: 202, DryRun: 204.
    let out = client
        .invoke(
            InvokeInput::builder()
                .function_name(&name)
                .invocation_type(InvocationType::Event)
                .payload(Blob::new(payload.clone()))
                .build()
                .unwrap(),
        )
        .await
        .expect("Invoke (Event)");
    assert_eq!(out.status_code, Some(202));
    let out = client
        .invoke(InvokeInput::builder().function_name(&name).invocation_type(InvocationType::DryRun).build().unwrap())
        .await
        .expect("Invoke (DryRun)");
    assert_eq!(out.status_code, Some(204));

    // A qualified invoke of a published version.
    client
        .publish_version(PublishVersionInput::builder().function_name(&name).build().unwrap())
        .await
        .expect("PublishVersion");
    let out = client
        .invoke(
            InvokeInput::builder()
                .function_name(&name)
                .qualifier("1")
                .payload(Blob::new(b"[true]".to_vec()))
                .build()
                .unwrap(),
        )
        .await
        .expect("Invoke of version 1");
    assert_eq!(out.payload.as_ref().map(Blob::as_bytes), Some(&b"[true]"[..]));

    // InvokeAsync (deprecated). moto runs it through its Docker path even in no-Docker mode;
    // without Docker that fails at once and moto still answers 202. With a Docker daemon
    // around moto would start pulling images, so the call is left out then.
    let docker = std::env::var_os("DOCKER_HOST").is_some() || std::path::Path::new("/var/run/docker.sock").exists();
    if docker {
        eprintln!("InvokeAsync not driven: a Docker daemon may be reachable");
    } else {
        #[allow(deprecated)]
        let out = client
            .invoke_async(
                InvokeAsyncInput::builder()
                    .function_name(&name)
                    .invoke_args(Blob::new(payload.clone()))
                    .build()
                    .unwrap(),
            )
            .await
            .expect("InvokeAsync");
        assert_eq!(out.status, Some(202));
    }

    // (moto's no-Docker Invoke answers for any function name, deleted or never created, so
    // there is no not-found case to check here.)
    delete_function(&client, &name).await;
}
