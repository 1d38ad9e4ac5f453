//! The generated client (`lambda_api::client::Client`) against lambda-local, in process: every
//! operation of the spec, typed errors, pagination, the streamed Invoke, server-side
//! validation, and signatures made with a wrong secret or an unknown key being refused.
//!
//! The same scenario runs through boto3 and the AWS CLI (tests/peers/) and through the
//! official Rust SDK (tests/sdk-peer/), so our client and our server are each checked against
//! clients and servers no one here wrote, and against each other here.

use futures_util::StreamExt;
use lambda_api::client::{Client, Paginated, Paginator, SdkError};
use lambda_api::enums::{CodeSigningPolicy, FunctionUrlAuthType, InvocationType, InvokeMode, LogType, Runtime};
use lambda_api::enums::{ProvisionedConcurrencyStatusEnum, UpdateRuntimeOn};
use lambda_api::operations::*;
use lambda_api::types::{
    AliasRoutingConfiguration, AllowedPublishers, CodeSigningPolicies, Cors, DestinationConfig, Environment,
    FunctionCode, InvokeWithResponseStreamResponseEvent, LayerVersionContentInput, OnFailure,
};
use lambda_api::Blob;
use lambda_rt::server::axum;
use lambda_rt::ServiceErrorKind;
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

mod client_durable;
mod client_model_additions;
#[path = "../coverage.rs"]
mod coverage;
mod local_common;

use local_common::{client_with, zip_with};

const ACCESS_KEY: &str = "AKIDCLIENTVSLOCAL";
const SECRET_KEY: &str = "client-vs-local-secret/with+chars";
const ROLE: &str = "arn:aws:iam::123456789012:role/lambda-role";

/// Operation names of the requests lambda-local answered 2xx, read on the server side.
type Seen = Arc<Mutex<BTreeSet<&'static str>>>;

async fn record(
    axum::extract::State(seen): axum::extract::State<Seen>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let resp = next.run(req).await;
    if let Some(op) = lambda_local::log::operation_name(&resp) {
        if resp.status().is_success() {
            seen.lock().unwrap().insert(op);
        } else if let Some(code) = resp.headers().get("x-amzn-errortype").and_then(|v| v.to_str().ok()) {
            let code = code.split(':').next().unwrap_or_default();
            if !declared_errors(op).contains(code) {
                UNDECLARED.lock().unwrap().insert(format!("{op}: {code} ({})", resp.status().as_u16()));
            }
        }
    }
    resp
}

/// Error answers whose code the spec does not declare for the operation, from any test here.
static UNDECLARED: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// The error codes the spec declares for an operation (its non-2xx responses' schemas).
fn declared_errors(op: &str) -> BTreeSet<String> {
    static SPEC: std::sync::LazyLock<serde_json::Value> = std::sync::LazyLock::new(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/lambda-2015-03-31.openapi.json");
        serde_json::from_str(&std::fs::read_to_string(path).expect("spec")).expect("spec JSON")
    });
    let operations = SPEC["paths"].as_object().into_iter().flat_map(|p| p.values()).flat_map(|m| m.as_object());
    let Some(found) = operations.flat_map(|m| m.values()).find(|o| o["operationId"] == op) else {
        return BTreeSet::new();
    };
    let mut codes = BTreeSet::new();
    for (status, response) in found["responses"].as_object().into_iter().flatten() {
        if status.starts_with('2') {
            continue;
        }
        let schema = &response["content"]["application/json"]["schema"];
        for alt in ["anyOf", "oneOf"].iter().flat_map(|k| schema[*k].as_array().into_iter().flatten()) {
            if let Some(name) = alt["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
                codes.insert(name.to_string());
            }
        }
    }
    codes
}

/// lambda-local on a free 127.0.0.1 port, for as long as the returned task runs.
async fn start() -> (String, Seen, tokio::task::JoinHandle<()>) {
    let settings = local_common::signed_by(vec![lambda_rt::server::Credential::new(ACCESS_KEY, SECRET_KEY)]);
    let seen = Seen::default();
    let app = lambda_local::service::app(&settings).layer(axum::middleware::from_fn_with_state(seen.clone(), record));
    let (endpoint, task) = local_common::serve(app).await;
    (endpoint, seen, task)
}

fn unique(prefix: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    format!("{prefix}-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed))
}

fn sha256_b64(bytes: &[u8]) -> String {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(bytes))
}

fn function_zip() -> Vec<u8> {
    zip_with("index.py", b"def handler(event, context):\n    return event\n")
}

/// Code, HTTP status and message of a service error.
fn failure<T: std::fmt::Debug, E: ServiceErrorKind + std::fmt::Debug>(
    result: Result<T, SdkError<E>>,
) -> (String, u16, String) {
    let err = result.expect_err("the call should have failed");
    let status = err.http_status().unwrap_or(0);
    match err.service_error() {
        Some(e) => (e.code().to_string(), status, e.message().unwrap_or("").to_string()),
        None => panic!("not a service error: {err:?}"),
    }
}

/// Every page of a list, one item a page (the input sets `MaxItems` 1); bounded.
async fn pages<O: Paginated>(p: Paginator<O>) -> Vec<O::Output>
where
    O::Error: std::fmt::Debug,
{
    let mut stream = p.page_limit(100).pages();
    let mut out = Vec::new();
    while let Some(page) = stream.next().await {
        out.push(page.expect("page"));
    }
    out
}

/// CreateFunction with the members every function of these tests has: a Python function
/// whose code is `archive`.
fn function_input(name: &str, archive: &[u8]) -> create_function::CreateFunctionInputBuilder {
    create_function::CreateFunctionInput::builder()
        .function_name(name)
        .runtime(Runtime::Python312)
        .role(ROLE)
        .handler("index.handler")
        .code(FunctionCode::builder().zip_file(Blob::new(archive)).build())
}

async fn create(lam: &Client, name: &str, archive: &[u8]) -> create_function::CreateFunctionOutput {
    lam.create_function(
        function_input(name, archive)
            .description("made by the client test")
            .timeout(10)
            .memory_size(256)
            .environment(Environment::builder().variables(HashMap::from([("STAGE".into(), "test".into())])).build())
            .tags(HashMap::from([("suite".into(), "client".into())]))
            .build()
            .unwrap(),
    )
    .await
    .expect("CreateFunction")
}

/// Publishes the function's `$LATEST` as a version.
async fn publish_version_of(lam: &Client, name: &str) {
    lam.publish_version(publish_version::PublishVersionInput::builder().function_name(name).build().unwrap())
        .await
        .expect("PublishVersion");
}

/// Creates the alias `alias` of the function, pointing at `version`.
async fn create_alias_to(lam: &Client, function: &str, alias: &str, version: &str) {
    let input = create_alias::CreateAliasInput::builder()
        .function_name(function)
        .name(alias)
        .function_version(version)
        .build()
        .unwrap();
    lam.create_alias(input).await.expect("CreateAlias");
}

async fn delete(lam: &Client, name: &str) {
    lam.delete_function(delete_function::DeleteFunctionInput::builder().function_name(name).build().unwrap())
        .await
        .expect("DeleteFunction");
}

#[tokio::test]
async fn every_operation_through_the_generated_client() {
    let (endpoint, seen, _task) = start().await;
    let lam = client_with(&endpoint, ACCESS_KEY, SECRET_KEY, true);

    functions(&lam).await;
    versions_and_aliases(&lam).await;
    policies(&lam).await;
    layers(&lam).await;
    tags_and_concurrency(&lam).await;
    event_invoke_configs(&lam).await;
    function_urls(&lam).await;
    event_source_mappings(&lam).await;
    code_signing(&lam).await;
    runtime_and_account(&lam).await;
    invocation(&lam).await;
    client_durable::durable_executions(&lam).await;
    client_model_additions::capacity_providers(&lam).await;
    client_model_additions::function_versions_on_a_provider(&lam).await;
    client_model_additions::recursion(&lam).await;
    client_model_additions::resource_policies(&lam).await;
    validation(&endpoint).await;

    let answered: BTreeSet<String> = seen.lock().unwrap().iter().map(|s| s.to_string()).collect();
    coverage::assert_covered(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")), &answered, &[]);
    let undeclared = UNDECLARED.lock().unwrap().clone();
    assert!(undeclared.is_empty(), "error codes the spec does not declare for the operation: {undeclared:#?}");
}

async fn functions(lam: &Client) {
    let name = unique("cl-fn");
    let archive = function_zip();
    let created = create(lam, &name, &archive).await;
    let arn = created.function_arn.clone().unwrap();
    assert!(arn.starts_with("arn:aws:lambda:us-east-1:123456789012:function:"), "{arn}");
    assert!(arn.ends_with(&format!(":function:{name}")), "{arn}");
    assert_eq!(created.code_size, Some(archive.len() as i64));
    assert_eq!(created.code_sha256.as_deref(), Some(sha256_b64(&archive).as_str()));
    assert_eq!(created.runtime, Some(Runtime::Python312));
    assert_eq!(created.version.as_deref(), Some("$LATEST"));
    assert_eq!(created.environment.as_ref().and_then(|e| e.variables.as_ref()).unwrap()["STAGE"], "test");
    let rev0 = created.revision_id.clone().unwrap();

    let dup = lam.create_function(function_input(&name, &archive).build().unwrap()).await.expect_err("duplicate");
    assert!(
        matches!(dup.service_error(), Some(create_function::CreateFunctionError::ResourceConflictException(_))),
        "{dup:?}"
    );
    assert_eq!(dup.http_status(), Some(409));

    let got =
        lam.get_function(get_function::GetFunctionInput::builder().function_name(name.clone()).build().unwrap()).await;
    let got = got.unwrap();
    assert_eq!(got.configuration.as_ref().unwrap().function_name.as_deref(), Some(name.as_str()));
    assert_eq!(got.tags.as_ref().unwrap()["suite"], "client");
    let conf = lam
        .get_function_configuration(
            get_function_configuration::GetFunctionConfigurationInput::builder()
                .function_name(arn.clone())
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(conf.function_name.as_deref(), Some(name.as_str()));

    let missing = unique("absent");
    let err = lam
        .get_function(get_function::GetFunctionInput::builder().function_name(missing.clone()).build().unwrap())
        .await
        .expect_err("absent");
    match err.service_error() {
        Some(get_function::GetFunctionError::ResourceNotFoundException(e)) => {
            assert!(e.message.as_deref().unwrap_or("").contains(&missing), "{e:?}")
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
    assert_eq!(err.http_status(), Some(404));
    assert!(err.request_id().is_some_and(|r| !r.is_empty()));

    let up = lam
        .update_function_configuration(
            update_function_configuration::UpdateFunctionConfigurationInput::builder()
                .function_name(name.clone())
                .description("second")
                .memory_size(512)
                .revision_id(rev0.clone())
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(up.memory_size, Some(512));
    assert_ne!(up.revision_id.as_deref(), Some(rev0.as_str()));
    let stale = lam
        .update_function_configuration(
            update_function_configuration::UpdateFunctionConfigurationInput::builder()
                .function_name(name.clone())
                .description("third")
                .revision_id(rev0.clone())
                .build()
                .unwrap(),
        )
        .await
        .expect_err("stale revision");
    assert!(
        matches!(
            stale.service_error(),
            Some(update_function_configuration::UpdateFunctionConfigurationError::PreconditionFailedException(_))
        ),
        "{stale:?}"
    );
    assert_eq!(stale.http_status(), Some(412));

    let new_zip = zip_with("index.py", b"def handler(e, c):\n    return 2\n");
    let upc = lam
        .update_function_code(
            update_function_code::UpdateFunctionCodeInput::builder()
                .function_name(name.clone())
                .zip_file(Blob::new(new_zip.clone()))
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(upc.code_sha256.as_deref(), Some(sha256_b64(&new_zip).as_str()));
    assert_eq!(upc.description.as_deref(), Some("second"));

    let others = [unique("cl-list"), unique("cl-list")];
    for o in &others {
        create(lam, o, &archive).await;
    }
    let all = pages(
        lam.list_functions_paginator(list_functions::ListFunctionsInput::builder().max_items(1).build().unwrap()),
    )
    .await;
    assert!(all.len() >= 3, "{} pages", all.len());
    let listed: Vec<String> =
        all.iter().flat_map(|p| p.functions.iter().flatten()).filter_map(|f| f.function_name.clone()).collect();
    for n in others.iter().chain([&name]) {
        assert_eq!(listed.iter().filter(|l| *l == n).count(), 1, "{n} in {listed:?}");
    }
    for o in &others {
        delete(lam, o).await;
    }
    delete(lam, &name).await;
    let (code, status, _) = failure(
        lam.delete_function(
            delete_function::DeleteFunctionInput::builder().function_name(name.clone()).build().unwrap(),
        )
        .await,
    );
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
}

async fn versions_and_aliases(lam: &Client) {
    let name = unique("cl-ver");
    create(lam, &name, &function_zip()).await;
    let publish = |rev: Option<&str>| {
        publish_version::PublishVersionInput::builder()
            .function_name(name.clone())
            .set_revision_id(rev.map(str::to_string))
            .build()
            .unwrap()
    };
    let v1 = lam.publish_version(publish(None)).await.unwrap();
    assert_eq!(v1.version.as_deref(), Some("1"));
    let (code, status, _) = failure(lam.publish_version(publish(Some("00000000-0000-0000-0000-000000000000"))).await);
    assert_eq!((code.as_str(), status), ("PreconditionFailedException", 412));
    // Nothing changed since version 1: publishing again returns it.
    assert_eq!(lam.publish_version(publish(None)).await.unwrap().version.as_deref(), Some("1"));
    lam.update_function_configuration(
        update_function_configuration::UpdateFunctionConfigurationInput::builder()
            .function_name(name.clone())
            .memory_size(1024)
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    let v2 = lam.publish_version(publish(None)).await.unwrap();
    assert_eq!(v2.version.as_deref(), Some("2"));
    assert_eq!(v2.memory_size, Some(1024));

    let all = pages(
        lam.list_versions_by_function_paginator(
            list_versions_by_function::ListVersionsByFunctionInput::builder()
                .function_name(name.clone())
                .max_items(1)
                .build()
                .unwrap(),
        ),
    )
    .await;
    let versions: Vec<_> =
        all.iter().flat_map(|p| p.versions.iter().flatten()).filter_map(|v| v.version.clone()).collect();
    assert_eq!(versions, ["$LATEST", "1", "2"]);
    assert!(all.len() >= 3);

    let alias = lam
        .create_alias(
            create_alias::CreateAliasInput::builder()
                .function_name(name.clone())
                .name("live")
                .function_version("1")
                .routing_config(
                    AliasRoutingConfiguration::builder()
                        .additional_version_weights(HashMap::from([("2".into(), 0.25)]))
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(alias.alias_arn.as_deref().unwrap().ends_with(&format!(":function:{name}:live")));
    assert_eq!(alias.routing_config.as_ref().unwrap().additional_version_weights.as_ref().unwrap()["2"], 0.25);
    let got = lam
        .get_alias(get_alias::GetAliasInput::builder().function_name(name.clone()).name("live").build().unwrap())
        .await;
    assert_eq!(got.unwrap().revision_id, alias.revision_id);
    let (code, status, _) = failure(
        lam.update_alias(
            update_alias::UpdateAliasInput::builder()
                .function_name(name.clone())
                .name("live")
                .function_version("2")
                .revision_id("stale")
                .build()
                .unwrap(),
        )
        .await,
    );
    assert_eq!((code.as_str(), status), ("PreconditionFailedException", 412));
    let upd = lam
        .update_alias(
            update_alias::UpdateAliasInput::builder()
                .function_name(name.clone())
                .name("live")
                .function_version("2")
                .set_revision_id(alias.revision_id.clone())
                .routing_config(AliasRoutingConfiguration::builder().additional_version_weights(HashMap::new()).build())
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(upd.function_version.as_deref(), Some("2"));
    create_alias_to(lam, &name, "beta", "$LATEST").await;
    let all = pages(lam.list_aliases_paginator(
        list_aliases::ListAliasesInput::builder().function_name(name.clone()).max_items(1).build().unwrap(),
    ))
    .await;
    let mut names: Vec<_> =
        all.iter().flat_map(|p| p.aliases.iter().flatten()).filter_map(|a| a.name.clone()).collect();
    names.sort();
    assert_eq!(names, ["beta", "live"]);
    assert!(all.len() >= 2);
    lam.delete_alias(
        delete_alias::DeleteAliasInput::builder().function_name(name.clone()).name("beta").build().unwrap(),
    )
    .await
    .unwrap();
    let err = lam
        .get_alias(get_alias::GetAliasInput::builder().function_name(name.clone()).name("beta").build().unwrap())
        .await
        .expect_err("deleted");
    assert!(matches!(err.service_error(), Some(get_alias::GetAliasError::ResourceNotFoundException(_))), "{err:?}");

    lam.delete_function(
        delete_function::DeleteFunctionInput::builder().function_name(name.clone()).qualifier("1").build().unwrap(),
    )
    .await
    .unwrap();
    let left = lam
        .list_versions_by_function(
            list_versions_by_function::ListVersionsByFunctionInput::builder()
                .function_name(name.clone())
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    let left: Vec<_> = left.versions.unwrap_or_default().into_iter().filter_map(|v| v.version).collect();
    assert_eq!(left, ["$LATEST", "2"]);
    delete(lam, &name).await;
}

async fn policies(lam: &Client) {
    let name = unique("cl-pol");
    let created = create(lam, &name, &function_zip()).await;
    let get_policy = || get_policy::GetPolicyInput::builder().function_name(name.clone()).build().unwrap();
    let (code, status, _) = failure(lam.get_policy(get_policy()).await);
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
    let permission = |sid: &str, action: &str, principal: &str| {
        add_permission::AddPermissionInput::builder()
            .function_name(name.clone())
            .statement_id(sid)
            .action(action)
            .principal(principal)
            .build()
            .unwrap()
    };
    let added = lam
        .add_permission({
            let mut input: add_permission::AddPermissionInput =
                permission("s3-invoke", "lambda:InvokeFunction", "s3.amazonaws.com");
            input.source_arn = Some("arn:aws:s3:::my-bucket".into());
            input
        })
        .await
        .unwrap();
    let statement: serde_json::Value = serde_json::from_str(added.statement.as_deref().unwrap()).unwrap();
    assert_eq!(statement["Sid"], "s3-invoke");
    assert!(statement["Resource"].to_string().contains(created.function_arn.as_deref().unwrap()));
    let err = lam
        .add_permission(permission("s3-invoke", "lambda:InvokeFunction", "s3.amazonaws.com"))
        .await
        .expect_err("duplicate statement");
    assert!(
        matches!(err.service_error(), Some(add_permission::AddPermissionError::ResourceConflictException(_))),
        "{err:?}"
    );
    lam.add_permission(permission("acct", "lambda:GetFunction", "210987654321")).await.unwrap();
    let policy = lam.get_policy(get_policy()).await.unwrap();
    let doc: serde_json::Value = serde_json::from_str(policy.policy.as_deref().unwrap()).unwrap();
    let mut sids: Vec<_> = doc["Statement"].as_array().unwrap().iter().map(|s| s["Sid"].as_str().unwrap()).collect();
    sids.sort();
    assert_eq!(sids, ["acct", "s3-invoke"]);
    let remove = || {
        remove_permission::RemovePermissionInput::builder()
            .function_name(name.clone())
            .statement_id("acct")
            .build()
            .unwrap()
    };
    lam.remove_permission(remove()).await.unwrap();
    let (code, status, _) = failure(lam.remove_permission(remove()).await);
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
    delete(lam, &name).await;
}

async fn layers(lam: &Client) {
    let layer = unique("cl-layer");
    let content = zip_with("python/util.py", b"X = 1\n");
    let publish = |name: &str, runtime: Runtime| {
        publish_layer_version::PublishLayerVersionInput::builder()
            .layer_name(name)
            .content(LayerVersionContentInput::builder().zip_file(Blob::new(content.clone())).build())
            .compatible_runtimes(vec![runtime])
            .build()
            .unwrap()
    };
    let v1 = lam
        .publish_layer_version({
            let mut input: publish_layer_version::PublishLayerVersionInput = publish(&layer, Runtime::Python312);
            input.description = Some("one".into());
            input.license_info = Some("MIT".into());
            input
        })
        .await
        .unwrap();
    assert_eq!(v1.version, Some(1));
    assert!(v1.layer_version_arn.as_deref().unwrap().ends_with(&format!(":layer:{layer}:1")));
    assert_eq!(v1.content.as_ref().unwrap().code_size, Some(content.len() as i64));
    assert_eq!(v1.content.as_ref().unwrap().code_sha256.as_deref(), Some(sha256_b64(&content).as_str()));
    let v2 = lam.publish_layer_version(publish(&layer, Runtime::Python311)).await.unwrap();
    assert_eq!(v2.version, Some(2));

    let got = lam
        .get_layer_version(
            get_layer_version::GetLayerVersionInput::builder()
                .layer_name(layer.clone())
                .version_number(1)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(got.license_info.as_deref(), Some("MIT"));
    let by_arn = lam
        .get_layer_version_by_arn(
            get_layer_version_by_arn::GetLayerVersionByArnInput::builder()
                .arn(v2.layer_version_arn.clone().unwrap())
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(by_arn.version, Some(2));

    let all = pages(lam.list_layer_versions_paginator(
        list_layer_versions::ListLayerVersionsInput::builder().layer_name(layer.clone()).max_items(1).build().unwrap(),
    ))
    .await;
    let mut numbers: Vec<_> =
        all.iter().flat_map(|p| p.layer_versions.iter().flatten()).filter_map(|v| v.version).collect();
    numbers.sort();
    assert_eq!(numbers, [1, 2]);
    assert!(all.len() >= 2);

    let other = unique("cl-layer");
    lam.publish_layer_version(publish(&other, Runtime::Python312)).await.unwrap();
    let all =
        pages(lam.list_layers_paginator(list_layers::ListLayersInput::builder().max_items(1).build().unwrap())).await;
    let names: Vec<_> =
        all.iter().flat_map(|p| p.layers.iter().flatten()).filter_map(|l| l.layer_name.clone()).collect();
    assert!(names.contains(&layer) && names.contains(&other), "{names:?}");
    assert!(all.len() >= 2);

    let perm = lam
        .add_layer_version_permission(
            add_layer_version_permission::AddLayerVersionPermissionInput::builder()
                .layer_name(layer.clone())
                .version_number(1)
                .statement_id("everyone")
                .action("lambda:GetLayerVersion")
                .principal("*")
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    let statement: serde_json::Value = serde_json::from_str(perm.statement.as_deref().unwrap()).unwrap();
    assert_eq!(statement["Sid"], "everyone");
    let policy = lam
        .get_layer_version_policy(
            get_layer_version_policy::GetLayerVersionPolicyInput::builder()
                .layer_name(layer.clone())
                .version_number(1)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    let doc: serde_json::Value = serde_json::from_str(policy.policy.as_deref().unwrap()).unwrap();
    assert_eq!(doc["Statement"][0]["Sid"], "everyone");
    lam.remove_layer_version_permission(
        remove_layer_version_permission::RemoveLayerVersionPermissionInput::builder()
            .layer_name(layer.clone())
            .version_number(1)
            .statement_id("everyone")
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    lam.delete_layer_version(
        delete_layer_version::DeleteLayerVersionInput::builder()
            .layer_name(layer.clone())
            .version_number(1)
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    let (code, status, _) = failure(
        lam.get_layer_version(
            get_layer_version::GetLayerVersionInput::builder()
                .layer_name(layer.clone())
                .version_number(1)
                .build()
                .unwrap(),
        )
        .await,
    );
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
}

async fn tags_and_concurrency(lam: &Client) {
    let name = unique("cl-tags");
    let created = create(lam, &name, &function_zip()).await;
    let arn = created.function_arn.clone().unwrap();
    lam.tag_resource(
        tag_resource::TagResourceInput::builder()
            .resource(arn.clone())
            .tags(HashMap::from([("team".into(), "lambda".into()), ("cost".into(), "42".into())]))
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    let tags = lam
        .list_tags(list_tags::ListTagsInput::builder().resource(arn.clone()).build().unwrap())
        .await
        .unwrap()
        .tags
        .unwrap();
    assert_eq!(tags.len(), 3, "{tags:?}");
    assert_eq!(tags["team"], "lambda");
    lam.untag_resource(
        untag_resource::UntagResourceInput::builder()
            .resource(arn.clone())
            .tag_keys(vec!["suite".into(), "cost".into()])
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    let tags = lam
        .list_tags(list_tags::ListTagsInput::builder().resource(arn.clone()).build().unwrap())
        .await
        .unwrap()
        .tags
        .unwrap();
    assert_eq!(tags.keys().collect::<Vec<_>>(), ["team"]);

    let get_concurrency = || {
        get_function_concurrency::GetFunctionConcurrencyInput::builder().function_name(name.clone()).build().unwrap()
    };
    assert_eq!(lam.get_function_concurrency(get_concurrency()).await.unwrap().reserved_concurrent_executions, None);
    let put = lam
        .put_function_concurrency(
            put_function_concurrency::PutFunctionConcurrencyInput::builder()
                .function_name(name.clone())
                .reserved_concurrent_executions(7)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(put.reserved_concurrent_executions, Some(7));
    assert_eq!(lam.get_function_concurrency(get_concurrency()).await.unwrap().reserved_concurrent_executions, Some(7));
    lam.delete_function_concurrency(
        delete_function_concurrency::DeleteFunctionConcurrencyInput::builder()
            .function_name(name.clone())
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(lam.get_function_concurrency(get_concurrency()).await.unwrap().reserved_concurrent_executions, None);

    publish_version_of(lam, &name).await;
    create_alias_to(lam, &name, "prod", "1").await;
    let get_pc = || {
        get_provisioned_concurrency_config::GetProvisionedConcurrencyConfigInput::builder()
            .function_name(name.clone())
            .qualifier("1")
            .build()
            .unwrap()
    };
    let err = lam.get_provisioned_concurrency_config(get_pc()).await.expect_err("none yet");
    assert!(
        matches!(
            err.service_error(),
            Some(
                get_provisioned_concurrency_config::GetProvisionedConcurrencyConfigError::ProvisionedConcurrencyConfigNotFoundException(_)
            )
        ),
        "{err:?}"
    );
    let put_pc = |qualifier: &str, n: i32| {
        put_provisioned_concurrency_config::PutProvisionedConcurrencyConfigInput::builder()
            .function_name(name.clone())
            .qualifier(qualifier)
            .provisioned_concurrent_executions(n)
            .build()
            .unwrap()
    };
    let put = lam.put_provisioned_concurrency_config(put_pc("1", 3)).await.unwrap();
    assert_eq!(put.requested_provisioned_concurrent_executions, Some(3));
    assert!(matches!(
        put.status,
        Some(ProvisionedConcurrencyStatusEnum::InProgress | ProvisionedConcurrencyStatusEnum::Ready)
    ));
    // An alias of a version with its own provisioned concurrency cannot have any.
    let (code, status, _) = failure(lam.put_provisioned_concurrency_config(put_pc("prod", 1)).await);
    assert_eq!((code.as_str(), status), ("ResourceConflictException", 409));
    lam.update_function_configuration(
        update_function_configuration::UpdateFunctionConfigurationInput::builder()
            .function_name(name.clone())
            .memory_size(512)
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    publish_version_of(lam, &name).await;
    lam.update_alias(
        update_alias::UpdateAliasInput::builder()
            .function_name(name.clone())
            .name("prod")
            .function_version("2")
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    lam.put_provisioned_concurrency_config(put_pc("prod", 2)).await.unwrap();
    let got = lam.get_provisioned_concurrency_config(get_pc()).await.unwrap();
    assert_eq!(got.requested_provisioned_concurrent_executions, Some(3));
    let all = pages(
        lam.list_provisioned_concurrency_configs_paginator(
            list_provisioned_concurrency_configs::ListProvisionedConcurrencyConfigsInput::builder()
                .function_name(name.clone())
                .max_items(1)
                .build()
                .unwrap(),
        ),
    )
    .await;
    let mut quals: Vec<_> = all
        .iter()
        .flat_map(|p| p.provisioned_concurrency_configs.iter().flatten())
        .filter_map(|c| c.function_arn.as_deref().and_then(|a| a.rsplit(':').next()))
        .collect();
    quals.sort();
    assert_eq!(quals, ["1", "prod"]);
    assert!(all.len() >= 2);
    lam.delete_provisioned_concurrency_config(
        delete_provisioned_concurrency_config::DeleteProvisionedConcurrencyConfigInput::builder()
            .function_name(name.clone())
            .qualifier("1")
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    let (code, status, _) = failure(lam.get_provisioned_concurrency_config(get_pc()).await);
    assert_eq!((code.as_str(), status), ("ProvisionedConcurrencyConfigNotFoundException", 404));
    delete(lam, &name).await;
}

async fn event_invoke_configs(lam: &Client) {
    let name = unique("cl-eic");
    create(lam, &name, &function_zip()).await;
    publish_version_of(lam, &name).await;
    let dlq = "arn:aws:sqs:us-east-1:123456789012:dlq";
    let put = lam
        .put_function_event_invoke_config(
            put_function_event_invoke_config::PutFunctionEventInvokeConfigInput::builder()
                .function_name(name.clone())
                .maximum_retry_attempts(1)
                .maximum_event_age_in_seconds(600)
                .destination_config(
                    DestinationConfig::builder().on_failure(OnFailure::builder().destination(dlq).build()).build(),
                )
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(put.maximum_retry_attempts, Some(1));
    assert_eq!(put.destination_config.unwrap().on_failure.unwrap().destination.as_deref(), Some(dlq));
    let upd = lam
        .update_function_event_invoke_config(
            update_function_event_invoke_config::UpdateFunctionEventInvokeConfigInput::builder()
                .function_name(name.clone())
                .maximum_retry_attempts(2)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(upd.maximum_retry_attempts, Some(2));
    assert_eq!(upd.maximum_event_age_in_seconds, Some(600));
    lam.put_function_event_invoke_config(
        put_function_event_invoke_config::PutFunctionEventInvokeConfigInput::builder()
            .function_name(name.clone())
            .qualifier("1")
            .maximum_retry_attempts(0)
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    let get = || {
        get_function_event_invoke_config::GetFunctionEventInvokeConfigInput::builder()
            .function_name(name.clone())
            .qualifier("1")
            .build()
            .unwrap()
    };
    assert_eq!(lam.get_function_event_invoke_config(get()).await.unwrap().maximum_retry_attempts, Some(0));
    let all = pages(
        lam.list_function_event_invoke_configs_paginator(
            list_function_event_invoke_configs::ListFunctionEventInvokeConfigsInput::builder()
                .function_name(name.clone())
                .max_items(1)
                .build()
                .unwrap(),
        ),
    )
    .await;
    assert_eq!(all.iter().map(|p| p.function_event_invoke_configs.as_ref().map_or(0, Vec::len)).sum::<usize>(), 2);
    assert!(all.len() >= 2);
    lam.delete_function_event_invoke_config(
        delete_function_event_invoke_config::DeleteFunctionEventInvokeConfigInput::builder()
            .function_name(name.clone())
            .qualifier("1")
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    let (code, status, _) = failure(lam.get_function_event_invoke_config(get()).await);
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
    delete(lam, &name).await;
}

async fn function_urls(lam: &Client) {
    let name = unique("cl-url");
    let created = create(lam, &name, &function_zip()).await;
    publish_version_of(lam, &name).await;
    create_alias_to(lam, &name, "web", "1").await;
    let url = lam
        .create_function_url_config(
            create_function_url_config::CreateFunctionUrlConfigInput::builder()
                .function_name(name.clone())
                .auth_type(FunctionUrlAuthType::None)
                .cors(Cors::builder().allow_origins(vec!["https://example.com".into()]).max_age(60).build())
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    let function_url = url.function_url.clone();
    assert!(function_url.starts_with("https://"), "{function_url}");
    assert_eq!(Some(&url.function_arn), created.function_arn.as_ref());
    assert_eq!(url.cors.as_ref().unwrap().allow_origins.as_deref(), Some(&["https://example.com".to_string()][..]));
    let err = lam
        .create_function_url_config(
            create_function_url_config::CreateFunctionUrlConfigInput::builder()
                .function_name(name.clone())
                .auth_type(FunctionUrlAuthType::None)
                .build()
                .unwrap(),
        )
        .await
        .expect_err("second URL");
    assert!(
        matches!(
            err.service_error(),
            Some(create_function_url_config::CreateFunctionUrlConfigError::ResourceConflictException(_))
        ),
        "{err:?}"
    );
    lam.create_function_url_config(
        create_function_url_config::CreateFunctionUrlConfigInput::builder()
            .function_name(name.clone())
            .qualifier("web")
            .auth_type(FunctionUrlAuthType::AwsIam)
            .invoke_mode(InvokeMode::ResponseStream)
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    let got = lam
        .get_function_url_config(
            get_function_url_config::GetFunctionUrlConfigInput::builder()
                .function_name(name.clone())
                .qualifier("web")
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(got.auth_type, FunctionUrlAuthType::AwsIam);
    assert_eq!(got.invoke_mode, Some(InvokeMode::ResponseStream));
    let upd = lam
        .update_function_url_config(
            update_function_url_config::UpdateFunctionUrlConfigInput::builder()
                .function_name(name.clone())
                .auth_type(FunctionUrlAuthType::AwsIam)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(upd.function_url, function_url);
    assert_eq!(upd.auth_type, FunctionUrlAuthType::AwsIam);
    let all = pages(
        lam.list_function_url_configs_paginator(
            list_function_url_configs::ListFunctionUrlConfigsInput::builder()
                .function_name(name.clone())
                .max_items(1)
                .build()
                .unwrap(),
        ),
    )
    .await;
    assert_eq!(all.iter().map(|p| p.function_url_configs.len()).sum::<usize>(), 2);
    assert!(all.len() >= 2);
    lam.delete_function_url_config(
        delete_function_url_config::DeleteFunctionUrlConfigInput::builder()
            .function_name(name.clone())
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    let (code, status, _) = failure(
        lam.get_function_url_config(
            get_function_url_config::GetFunctionUrlConfigInput::builder().function_name(name.clone()).build().unwrap(),
        )
        .await,
    );
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
    delete(lam, &name).await;
}

async fn event_source_mappings(lam: &Client) {
    let name = unique("cl-esm");
    let created = create(lam, &name, &function_zip()).await;
    let queue = format!("arn:aws:sqs:us-east-1:123456789012:{}", unique("queue"));
    let esm = lam
        .create_event_source_mapping(
            create_event_source_mapping::CreateEventSourceMappingInput::builder()
                .event_source_arn(queue.clone())
                .function_name(name.clone())
                .batch_size(5)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    let uuid = esm.uuid.clone().unwrap();
    assert_eq!(uuid.len(), 36, "{uuid}");
    assert_eq!(esm.function_arn, created.function_arn);
    assert_eq!(esm.batch_size, Some(5));
    let got = lam
        .get_event_source_mapping(
            get_event_source_mapping::GetEventSourceMappingInput::builder().uuid(uuid.clone()).build().unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(got.event_source_arn.as_deref(), Some(queue.as_str()));
    let upd = lam
        .update_event_source_mapping(
            update_event_source_mapping::UpdateEventSourceMappingInput::builder()
                .uuid(uuid.clone())
                .batch_size(7)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(upd.batch_size, Some(7));
    let queue2 = format!("arn:aws:sqs:us-east-1:123456789012:{}", unique("queue"));
    let esm2 = lam
        .create_event_source_mapping(
            create_event_source_mapping::CreateEventSourceMappingInput::builder()
                .event_source_arn(queue2)
                .function_name(name.clone())
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    let all = pages(
        lam.list_event_source_mappings_paginator(
            list_event_source_mappings::ListEventSourceMappingsInput::builder()
                .function_name(name.clone())
                .max_items(1)
                .build()
                .unwrap(),
        ),
    )
    .await;
    let mut uuids: Vec<_> =
        all.iter().flat_map(|p| p.event_source_mappings.iter().flatten()).filter_map(|m| m.uuid.clone()).collect();
    uuids.sort();
    let mut want = vec![uuid.clone(), esm2.uuid.clone().unwrap()];
    want.sort();
    assert_eq!(uuids, want);
    assert!(all.len() >= 2);
    let deleted = lam
        .delete_event_source_mapping(
            delete_event_source_mapping::DeleteEventSourceMappingInput::builder().uuid(uuid.clone()).build().unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(deleted.uuid.as_deref(), Some(uuid.as_str()));
    lam.delete_event_source_mapping(
        delete_event_source_mapping::DeleteEventSourceMappingInput::builder().uuid(esm2.uuid.unwrap()).build().unwrap(),
    )
    .await
    .unwrap();
    let (code, status, _) = failure(
        lam.get_event_source_mapping(
            get_event_source_mapping::GetEventSourceMappingInput::builder().uuid(uuid.clone()).build().unwrap(),
        )
        .await,
    );
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
    delete(lam, &name).await;
}

async fn code_signing(lam: &Client) {
    let name = unique("cl-csc");
    let created = create(lam, &name, &function_zip()).await;
    let profile = "arn:aws:signer:us-east-1:123456789012:/signing-profiles/peer/abcdef0123";
    let publishers =
        || AllowedPublishers::builder().signing_profile_version_arns(vec![profile.into()]).build().unwrap();
    let csc = lam
        .create_code_signing_config(
            create_code_signing_config::CreateCodeSigningConfigInput::builder()
                .description("client csc")
                .allowed_publishers(publishers())
                .code_signing_policies(
                    CodeSigningPolicies::builder().untrusted_artifact_on_deployment(CodeSigningPolicy::Warn).build(),
                )
                .build()
                .unwrap(),
        )
        .await
        .unwrap()
        .code_signing_config;
    let arn = csc.code_signing_config_arn.clone();
    assert!(arn.starts_with("arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-"), "{arn}");
    let got = lam
        .get_code_signing_config(
            get_code_signing_config::GetCodeSigningConfigInput::builder()
                .code_signing_config_arn(arn.clone())
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(got.code_signing_config.description.as_deref(), Some("client csc"));
    let upd = lam
        .update_code_signing_config(
            update_code_signing_config::UpdateCodeSigningConfigInput::builder()
                .code_signing_config_arn(arn.clone())
                .code_signing_policies(
                    CodeSigningPolicies::builder().untrusted_artifact_on_deployment(CodeSigningPolicy::Enforce).build(),
                )
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        upd.code_signing_config.code_signing_policies.untrusted_artifact_on_deployment,
        Some(CodeSigningPolicy::Enforce)
    );
    let other_arn = lam
        .create_code_signing_config(
            create_code_signing_config::CreateCodeSigningConfigInput::builder()
                .allowed_publishers(publishers())
                .build()
                .unwrap(),
        )
        .await
        .unwrap()
        .code_signing_config
        .code_signing_config_arn;
    let all = pages(lam.list_code_signing_configs_paginator(
        list_code_signing_configs::ListCodeSigningConfigsInput::builder().max_items(1).build().unwrap(),
    ))
    .await;
    let arns: Vec<_> =
        all.iter().flat_map(|p| p.code_signing_configs.iter().flatten()).map(|c| &c.code_signing_config_arn).collect();
    assert!(arns.contains(&&arn) && arns.contains(&&other_arn), "{arns:?}");
    assert!(all.len() >= 2);

    let put = lam
        .put_function_code_signing_config(
            put_function_code_signing_config::PutFunctionCodeSigningConfigInput::builder()
                .function_name(name.clone())
                .code_signing_config_arn(arn.clone())
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(put.code_signing_config_arn, arn);
    let got = lam
        .get_function_code_signing_config(
            get_function_code_signing_config::GetFunctionCodeSigningConfigInput::builder()
                .function_name(name.clone())
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(got.code_signing_config_arn, arn);
    let second = unique("cl-signed");
    let second_arn = lam
        .create_function(function_input(&second, &function_zip()).code_signing_config_arn(arn.clone()).build().unwrap())
        .await
        .unwrap()
        .function_arn
        .unwrap();
    let all = pages(
        lam.list_functions_by_code_signing_config_paginator(
            list_functions_by_code_signing_config::ListFunctionsByCodeSigningConfigInput::builder()
                .code_signing_config_arn(arn.clone())
                .max_items(1)
                .build()
                .unwrap(),
        ),
    )
    .await;
    let mut fns: Vec<_> = all.iter().flat_map(|p| p.function_arns.iter().flatten()).cloned().collect();
    fns.sort();
    let mut want = vec![created.function_arn.clone().unwrap(), second_arn];
    want.sort();
    assert_eq!(fns, want);
    assert!(all.len() >= 2);
    delete(lam, &second).await;
    lam.delete_function_code_signing_config(
        delete_function_code_signing_config::DeleteFunctionCodeSigningConfigInput::builder()
            .function_name(name.clone())
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    for a in [&arn, &other_arn] {
        lam.delete_code_signing_config(
            delete_code_signing_config::DeleteCodeSigningConfigInput::builder()
                .code_signing_config_arn(a.clone())
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    }
    let err = lam
        .get_code_signing_config(
            get_code_signing_config::GetCodeSigningConfigInput::builder()
                .code_signing_config_arn(arn.clone())
                .build()
                .unwrap(),
        )
        .await
        .expect_err("deleted");
    assert!(
        matches!(
            err.service_error(),
            Some(get_code_signing_config::GetCodeSigningConfigError::ResourceNotFoundException(_))
        ),
        "{err:?}"
    );
    assert_eq!(err.http_status(), Some(404));
    let err = lam
        .put_function_code_signing_config(
            put_function_code_signing_config::PutFunctionCodeSigningConfigInput::builder()
                .function_name(name.clone())
                .code_signing_config_arn(arn.clone())
                .build()
                .unwrap(),
        )
        .await
        .expect_err("deleted");
    assert!(
        matches!(
            err.service_error(),
            Some(
                put_function_code_signing_config::PutFunctionCodeSigningConfigError::CodeSigningConfigNotFoundException(
                    _
                )
            )
        ),
        "{err:?}"
    );
    delete(lam, &name).await;
}

async fn runtime_and_account(lam: &Client) {
    let name = unique("cl-rt");
    let created = create(lam, &name, &function_zip()).await;
    let get = || {
        get_runtime_management_config::GetRuntimeManagementConfigInput::builder()
            .function_name(name.clone())
            .build()
            .unwrap()
    };
    assert_eq!(lam.get_runtime_management_config(get()).await.unwrap().update_runtime_on, Some(UpdateRuntimeOn::Auto));
    let runtime_arn =
        "arn:aws:lambda:us-east-1::runtime:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    let put = lam
        .put_runtime_management_config(
            put_runtime_management_config::PutRuntimeManagementConfigInput::builder()
                .function_name(name.clone())
                .update_runtime_on(UpdateRuntimeOn::Manual)
                .runtime_version_arn(runtime_arn)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(put.update_runtime_on, UpdateRuntimeOn::Manual);
    assert_eq!(put.runtime_version_arn.as_deref(), Some(runtime_arn));
    let got = lam.get_runtime_management_config(get()).await.unwrap();
    assert_eq!(got.update_runtime_on, Some(UpdateRuntimeOn::Manual));

    let settings = lam
        .get_account_settings(get_account_settings::GetAccountSettingsInput::builder().build().unwrap())
        .await
        .unwrap();
    assert!(settings.account_limit.unwrap().concurrent_executions.unwrap() > 0);
    let usage = settings.account_usage.unwrap();
    assert!(usage.function_count.unwrap() >= 1);
    assert!(usage.total_code_size.unwrap() >= created.code_size.unwrap());
    delete(lam, &name).await;
}

async fn invocation(lam: &Client) {
    use base64::Engine;
    let name = unique("cl-inv");
    create(lam, &name, &function_zip()).await;
    let payload = br#"{"hello":"client","n":3}"#;
    let invoke = |t: Option<InvocationType>, body: Option<&[u8]>| {
        invoke::InvokeInput::builder()
            .function_name(name.clone())
            .set_invocation_type(t)
            .set_payload(body.map(Blob::new))
            .build()
            .unwrap()
    };
    let sync = lam
        .invoke({
            let mut input: invoke::InvokeInput = invoke(None, Some(payload));
            input.log_type = Some(LogType::Tail);
            input
        })
        .await
        .unwrap();
    assert_eq!(sync.status_code, Some(200));
    assert_eq!(sync.executed_version.as_deref(), Some("$LATEST"));
    assert_eq!(sync.function_error, None);
    assert_eq!(sync.payload.as_ref().unwrap().as_bytes(), payload);
    let log = base64::engine::general_purpose::STANDARD.decode(sync.log_result.as_deref().unwrap()).unwrap();
    assert!(String::from_utf8(log).unwrap().contains("START RequestId:"));

    let event = lam.invoke(invoke(Some(InvocationType::Event), Some(payload))).await.unwrap();
    assert_eq!(event.status_code, Some(202));
    let dry = lam.invoke(invoke(Some(InvocationType::DryRun), None)).await.unwrap();
    assert_eq!(dry.status_code, Some(204));

    #[allow(deprecated)]
    let queued = lam
        .invoke_async(
            invoke_async::InvokeAsyncInput::builder()
                .function_name(name.clone())
                .invoke_args(Blob::new(&b"{\"queued\":true}"[..]))
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(queued.status, Some(202));

    let big = format!("{{\"stream\":[{}]}}", (0..200).map(|i| i.to_string()).collect::<Vec<_>>().join(","));
    let out = lam
        .invoke_with_response_stream(
            invoke_with_response_stream::InvokeWithResponseStreamInput::builder()
                .function_name(name.clone())
                .payload(Blob::new(big.as_bytes()))
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(out.status_code, Some(200));
    assert_eq!(out.executed_version.as_deref(), Some("$LATEST"));
    let mut events = out.event_stream.expect("an event stream");
    let mut chunks = Vec::new();
    let mut completes = 0;
    for _ in 0..10_000 {
        match events.recv().await {
            Some(Ok(InvokeWithResponseStreamResponseEvent::PayloadChunk(chunk))) => {
                assert_eq!(completes, 0, "a chunk after InvokeComplete");
                chunks.extend_from_slice(chunk.payload.as_ref().unwrap().as_bytes());
            }
            Some(Ok(InvokeWithResponseStreamResponseEvent::InvokeComplete(done))) => {
                assert_eq!(done.error_code, None);
                completes += 1;
            }
            Some(Ok(other)) => panic!("an event type the spec does not list: {other:?}"),
            Some(Err(e)) => panic!("event stream error: {e}"),
            None => break,
        }
    }
    assert_eq!(completes, 1);
    assert_eq!(chunks, big.as_bytes());

    let err = lam
        .invoke_with_response_stream(
            invoke_with_response_stream::InvokeWithResponseStreamInput::builder()
                .function_name(unique("absent"))
                .payload(Blob::new(&b"{}"[..]))
                .build()
                .unwrap(),
        )
        .await
        .expect_err("absent");
    assert!(
        matches!(
            err.service_error(),
            Some(invoke_with_response_stream::InvokeWithResponseStreamError::ResourceNotFoundException(_))
        ),
        "{err:?}"
    );
    delete(lam, &name).await;
}

/// With its own validation off, the client sends what the server must refuse; the server's
/// message is the one the client gives when its validation is on.
async fn validation(endpoint: &str) {
    let raw = client_with(endpoint, ACCESS_KEY, SECRET_KEY, false);
    let checked = client_with(endpoint, ACCESS_KEY, SECRET_KEY, true);
    // Built without the builder, which would refuse them. The model allows 256 characters.
    let too_long = || {
        let mut i = get_function::GetFunctionInput::default();
        i.function_name = "f".repeat(257);
        i
    };
    let (code, status, message) = failure(raw.get_function(too_long()).await);
    assert_eq!((code.as_str(), status), ("ValidationException", 400), "{message}");
    assert!(message.contains("failed to satisfy constraint"), "{message}");
    match checked.get_function(too_long()).await {
        Err(SdkError::Validation(e)) => assert_eq!(e.to_string(), message),
        other => panic!("the client should have refused this input: {other:?}"),
    }

    let bad = || {
        let mut i = create_function::CreateFunctionInput::default();
        i.function_name = unique("bad");
        i.runtime = Some(Runtime::Python312);
        i.role = ROLE.into();
        i.handler = Some("index.handler".into());
        i.code = FunctionCode::builder().zip_file(Blob::new(function_zip())).build();
        i.memory_size = Some(64);
        i.timeout = Some(0);
        i
    };
    let (code, status, message) = failure(raw.create_function(bad()).await);
    assert_eq!((code.as_str(), status), ("ValidationException", 400), "{message}");
    assert!(message.starts_with("2 validation errors detected: "), "{message}");
    assert!(message.contains("Member must have value greater than or equal to 128"), "{message}");
    match checked.create_function(bad()).await {
        Err(SdkError::Validation(e)) => assert_eq!(e.to_string(), message),
        other => panic!("the client should have refused this input: {other:?}"),
    }
}

#[tokio::test]
async fn wrong_secret_and_unknown_key_are_refused() {
    let (endpoint, _seen, _task) = start().await;
    let wrong = client_with(&endpoint, ACCESS_KEY, "not-the-secret", true);
    let (code, status, _) = failure(wrong.list_functions(list_functions::ListFunctionsInput::default()).await);
    assert_eq!((code.as_str(), status), ("InvalidSignatureException", 403));
    let unknown = client_with(&endpoint, "AKIDUNKNOWN0000000", "whatever", true);
    let (code, status, _) = failure(
        unknown.get_account_settings(get_account_settings::GetAccountSettingsInput::builder().build().unwrap()).await,
    );
    assert_eq!((code.as_str(), status), ("UnrecognizedClientException", 403));
    let right = client_with(&endpoint, ACCESS_KEY, SECRET_KEY, true);
    let settings = right
        .get_account_settings(get_account_settings::GetAccountSettingsInput::builder().build().unwrap())
        .await
        .unwrap();
    assert!(settings.account_limit.is_some());
}
