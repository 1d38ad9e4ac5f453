//! The generated client (`lambda_api::client::Client`) against lambda-local, in process: every
//! operation of the spec, typed errors, pagination, the streamed Invoke, server-side
//! validation, and signatures made with a wrong secret or an unknown key being refused.
//!
//! The same scenario runs through boto3 and the AWS CLI (tests/peers/) and through the
//! official Rust SDK (tests/sdk-peer/), so our client and our server are each checked against
//! clients and servers no one here wrote, and against each other here.

use futures_util::StreamExt;
use lambda_api::client::{Client, Config, Credentials, Paginated, Paginator, RetryConfig, SdkError};
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
use std::time::Duration;

const ACCESS_KEY: &str = "AKIDCLIENTVSLOCAL";
const SECRET_KEY: &str = "client-vs-local-secret/with+chars";
const ROLE: &str = "arn:aws:iam::123456789012:role/lambda-role";

/// Operation names of the requests lambda-local routed, read on the server side.
type Seen = Arc<Mutex<BTreeSet<&'static str>>>;

async fn record(
    axum::extract::State(seen): axum::extract::State<Seen>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if let Some(op) = lambda_local::log::operation_name(req.method().as_str(), req.uri().path(), req.uri().query()) {
        seen.lock().unwrap().insert(op);
    }
    next.run(req).await
}

/// lambda-local on a free 127.0.0.1 port, for as long as the returned task runs.
async fn start() -> (String, Seen, tokio::task::JoinHandle<()>) {
    let settings = lambda_local::Settings {
        credentials: vec![lambda_rt::server::Credential::new(ACCESS_KEY, SECRET_KEY)],
        ..lambda_local::Settings::default()
    };
    let seen = Seen::default();
    let app = lambda_local::service::app(&settings).layer(axum::middleware::from_fn_with_state(seen.clone(), record));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.expect("serve");
    });
    (format!("http://{addr}"), seen, task)
}

fn client_with(endpoint: &str, access_key: &str, secret: &str, validate: bool) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .endpoint(endpoint)
        .credentials(Credentials::new(access_key, secret, None))
        .retry(RetryConfig::disabled())
        .total_timeout(Duration::from_secs(30))
        .validate_input(validate)
        .build()
        .expect("client configuration");
    Client::new(config)
}

fn spec_operations() -> BTreeSet<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/lambda-2015-03-31.openapi.json");
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut ops = BTreeSet::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            if let Some(id) = op.get("operationId").and_then(|v| v.as_str()) {
                ops.insert(id.to_string());
            }
        }
    }
    ops
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

/// A zip archive with one file, made in memory.
fn zip_with(name: &str, content: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    out.start_file(name, options).unwrap();
    out.write_all(content).unwrap();
    out.finish().unwrap().into_inner()
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

async fn create(lam: &Client, name: &str, archive: &[u8]) -> create_function::CreateFunctionOutput {
    lam.create_function(create_function::CreateFunctionInput {
        function_name: name.to_string(),
        runtime: Some(Runtime::Python312),
        role: ROLE.to_string(),
        handler: Some("index.handler".into()),
        code: FunctionCode { zip_file: Some(Blob::new(archive)), ..Default::default() },
        description: Some("made by the client test".into()),
        timeout: Some(10),
        memory_size: Some(256),
        environment: Some(Environment { variables: Some(HashMap::from([("STAGE".into(), "test".into())])) }),
        tags: Some(HashMap::from([("suite".into(), "client".into())])),
        ..Default::default()
    })
    .await
    .expect("CreateFunction")
}

async fn delete(lam: &Client, name: &str) {
    lam.delete_function(delete_function::DeleteFunctionInput { function_name: name.into(), qualifier: None })
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
    validation(&endpoint).await;

    let seen: BTreeSet<String> = seen.lock().unwrap().iter().map(|s| s.to_string()).collect();
    let missing: Vec<_> = spec_operations().difference(&seen).cloned().collect();
    assert!(missing.is_empty(), "operations the server never received: {missing:?}");
    assert_eq!(spec_operations().len(), 66);
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

    let dup = lam
        .create_function(create_function::CreateFunctionInput {
            function_name: name.clone(),
            runtime: Some(Runtime::Python312),
            role: ROLE.into(),
            handler: Some("index.handler".into()),
            code: FunctionCode { zip_file: Some(Blob::new(archive.clone())), ..Default::default() },
            ..Default::default()
        })
        .await
        .expect_err("duplicate");
    assert!(
        matches!(dup.service_error(), Some(create_function::CreateFunctionError::ResourceConflictException(_))),
        "{dup:?}"
    );
    assert_eq!(dup.http_status(), Some(409));

    let got = lam.get_function(get_function::GetFunctionInput { function_name: name.clone(), qualifier: None }).await;
    let got = got.unwrap();
    assert_eq!(got.configuration.as_ref().unwrap().function_name.as_deref(), Some(name.as_str()));
    assert_eq!(got.tags.as_ref().unwrap()["suite"], "client");
    let conf = lam
        .get_function_configuration(get_function_configuration::GetFunctionConfigurationInput {
            function_name: arn.clone(),
            qualifier: None,
        })
        .await
        .unwrap();
    assert_eq!(conf.function_name.as_deref(), Some(name.as_str()));

    let missing = unique("absent");
    let err = lam
        .get_function(get_function::GetFunctionInput { function_name: missing.clone(), qualifier: None })
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
        .update_function_configuration(update_function_configuration::UpdateFunctionConfigurationInput {
            function_name: name.clone(),
            description: Some("second".into()),
            memory_size: Some(512),
            revision_id: Some(rev0.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(up.memory_size, Some(512));
    assert_ne!(up.revision_id.as_deref(), Some(rev0.as_str()));
    let stale = lam
        .update_function_configuration(update_function_configuration::UpdateFunctionConfigurationInput {
            function_name: name.clone(),
            description: Some("third".into()),
            revision_id: Some(rev0.clone()),
            ..Default::default()
        })
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
        .update_function_code(update_function_code::UpdateFunctionCodeInput {
            function_name: name.clone(),
            zip_file: Some(Blob::new(new_zip.clone())),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(upc.code_sha256.as_deref(), Some(sha256_b64(&new_zip).as_str()));
    assert_eq!(upc.description.as_deref(), Some("second"));

    let others = [unique("cl-list"), unique("cl-list")];
    for o in &others {
        create(lam, o, &archive).await;
    }
    let all = pages(
        lam.list_functions_paginator(list_functions::ListFunctionsInput { max_items: Some(1), ..Default::default() }),
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
        lam.delete_function(delete_function::DeleteFunctionInput { function_name: name.clone(), qualifier: None })
            .await,
    );
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
}

async fn versions_and_aliases(lam: &Client) {
    let name = unique("cl-ver");
    create(lam, &name, &function_zip()).await;
    let publish = |rev: Option<&str>| publish_version::PublishVersionInput {
        function_name: name.clone(),
        revision_id: rev.map(str::to_string),
        ..Default::default()
    };
    let v1 = lam.publish_version(publish(None)).await.unwrap();
    assert_eq!(v1.version.as_deref(), Some("1"));
    let (code, status, _) = failure(lam.publish_version(publish(Some("00000000-0000-0000-0000-000000000000"))).await);
    assert_eq!((code.as_str(), status), ("PreconditionFailedException", 412));
    // Nothing changed since version 1: publishing again returns it.
    assert_eq!(lam.publish_version(publish(None)).await.unwrap().version.as_deref(), Some("1"));
    lam.update_function_configuration(update_function_configuration::UpdateFunctionConfigurationInput {
        function_name: name.clone(),
        memory_size: Some(1024),
        ..Default::default()
    })
    .await
    .unwrap();
    let v2 = lam.publish_version(publish(None)).await.unwrap();
    assert_eq!(v2.version.as_deref(), Some("2"));
    assert_eq!(v2.memory_size, Some(1024));

    let all = pages(lam.list_versions_by_function_paginator(list_versions_by_function::ListVersionsByFunctionInput {
        function_name: name.clone(),
        max_items: Some(1),
        ..Default::default()
    }))
    .await;
    let versions: Vec<_> =
        all.iter().flat_map(|p| p.versions.iter().flatten()).filter_map(|v| v.version.clone()).collect();
    assert_eq!(versions, ["$LATEST", "1", "2"]);
    assert!(all.len() >= 3);

    let alias = lam
        .create_alias(create_alias::CreateAliasInput {
            function_name: name.clone(),
            name: "live".into(),
            function_version: "1".into(),
            description: None,
            routing_config: Some(AliasRoutingConfiguration {
                additional_version_weights: Some(HashMap::from([("2".into(), 0.25)])),
            }),
        })
        .await
        .unwrap();
    assert!(alias.alias_arn.as_deref().unwrap().ends_with(&format!(":function:{name}:live")));
    assert_eq!(alias.routing_config.as_ref().unwrap().additional_version_weights.as_ref().unwrap()["2"], 0.25);
    let got = lam.get_alias(get_alias::GetAliasInput { function_name: name.clone(), name: "live".into() }).await;
    assert_eq!(got.unwrap().revision_id, alias.revision_id);
    let (code, status, _) = failure(
        lam.update_alias(update_alias::UpdateAliasInput {
            function_name: name.clone(),
            name: "live".into(),
            function_version: Some("2".into()),
            revision_id: Some("stale".into()),
            ..Default::default()
        })
        .await,
    );
    assert_eq!((code.as_str(), status), ("PreconditionFailedException", 412));
    let upd = lam
        .update_alias(update_alias::UpdateAliasInput {
            function_name: name.clone(),
            name: "live".into(),
            function_version: Some("2".into()),
            revision_id: alias.revision_id.clone(),
            routing_config: Some(AliasRoutingConfiguration { additional_version_weights: Some(HashMap::new()) }),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(upd.function_version.as_deref(), Some("2"));
    lam.create_alias(create_alias::CreateAliasInput {
        function_name: name.clone(),
        name: "beta".into(),
        function_version: "$LATEST".into(),
        ..Default::default()
    })
    .await
    .unwrap();
    let all = pages(lam.list_aliases_paginator(list_aliases::ListAliasesInput {
        function_name: name.clone(),
        max_items: Some(1),
        ..Default::default()
    }))
    .await;
    let mut names: Vec<_> =
        all.iter().flat_map(|p| p.aliases.iter().flatten()).filter_map(|a| a.name.clone()).collect();
    names.sort();
    assert_eq!(names, ["beta", "live"]);
    assert!(all.len() >= 2);
    lam.delete_alias(delete_alias::DeleteAliasInput { function_name: name.clone(), name: "beta".into() })
        .await
        .unwrap();
    let err = lam
        .get_alias(get_alias::GetAliasInput { function_name: name.clone(), name: "beta".into() })
        .await
        .expect_err("deleted");
    assert!(matches!(err.service_error(), Some(get_alias::GetAliasError::ResourceNotFoundException(_))), "{err:?}");

    lam.delete_function(delete_function::DeleteFunctionInput {
        function_name: name.clone(),
        qualifier: Some("1".into()),
    })
    .await
    .unwrap();
    let left = lam
        .list_versions_by_function(list_versions_by_function::ListVersionsByFunctionInput {
            function_name: name.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    let left: Vec<_> = left.versions.unwrap_or_default().into_iter().filter_map(|v| v.version).collect();
    assert_eq!(left, ["$LATEST", "2"]);
    delete(lam, &name).await;
}

async fn policies(lam: &Client) {
    let name = unique("cl-pol");
    let created = create(lam, &name, &function_zip()).await;
    let get_policy = || get_policy::GetPolicyInput { function_name: name.clone(), qualifier: None };
    let (code, status, _) = failure(lam.get_policy(get_policy()).await);
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
    let permission = |sid: &str, action: &str, principal: &str| add_permission::AddPermissionInput {
        function_name: name.clone(),
        statement_id: sid.into(),
        action: action.into(),
        principal: principal.into(),
        ..Default::default()
    };
    let added = lam
        .add_permission(add_permission::AddPermissionInput {
            source_arn: Some("arn:aws:s3:::my-bucket".into()),
            ..permission("s3-invoke", "lambda:InvokeFunction", "s3.amazonaws.com")
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
    let remove = || remove_permission::RemovePermissionInput {
        function_name: name.clone(),
        statement_id: "acct".into(),
        ..Default::default()
    };
    lam.remove_permission(remove()).await.unwrap();
    let (code, status, _) = failure(lam.remove_permission(remove()).await);
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
    delete(lam, &name).await;
}

async fn layers(lam: &Client) {
    let layer = unique("cl-layer");
    let content = zip_with("python/util.py", b"X = 1\n");
    let publish = |name: &str, runtime: Runtime| publish_layer_version::PublishLayerVersionInput {
        layer_name: name.into(),
        content: LayerVersionContentInput { zip_file: Some(Blob::new(content.clone())), ..Default::default() },
        compatible_runtimes: Some(vec![runtime]),
        ..Default::default()
    };
    let v1 = lam
        .publish_layer_version(publish_layer_version::PublishLayerVersionInput {
            description: Some("one".into()),
            license_info: Some("MIT".into()),
            ..publish(&layer, Runtime::Python312)
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
        .get_layer_version(get_layer_version::GetLayerVersionInput { layer_name: layer.clone(), version_number: 1 })
        .await
        .unwrap();
    assert_eq!(got.license_info.as_deref(), Some("MIT"));
    let by_arn = lam
        .get_layer_version_by_arn(get_layer_version_by_arn::GetLayerVersionByArnInput {
            arn: v2.layer_version_arn.clone().unwrap(),
        })
        .await
        .unwrap();
    assert_eq!(by_arn.version, Some(2));

    let all = pages(lam.list_layer_versions_paginator(list_layer_versions::ListLayerVersionsInput {
        layer_name: layer.clone(),
        max_items: Some(1),
        ..Default::default()
    }))
    .await;
    let mut numbers: Vec<_> =
        all.iter().flat_map(|p| p.layer_versions.iter().flatten()).filter_map(|v| v.version).collect();
    numbers.sort();
    assert_eq!(numbers, [1, 2]);
    assert!(all.len() >= 2);

    let other = unique("cl-layer");
    lam.publish_layer_version(publish(&other, Runtime::Python312)).await.unwrap();
    let all =
        pages(lam.list_layers_paginator(list_layers::ListLayersInput { max_items: Some(1), ..Default::default() }))
            .await;
    let names: Vec<_> =
        all.iter().flat_map(|p| p.layers.iter().flatten()).filter_map(|l| l.layer_name.clone()).collect();
    assert!(names.contains(&layer) && names.contains(&other), "{names:?}");
    assert!(all.len() >= 2);

    let perm = lam
        .add_layer_version_permission(add_layer_version_permission::AddLayerVersionPermissionInput {
            layer_name: layer.clone(),
            version_number: 1,
            statement_id: "everyone".into(),
            action: "lambda:GetLayerVersion".into(),
            principal: "*".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let statement: serde_json::Value = serde_json::from_str(perm.statement.as_deref().unwrap()).unwrap();
    assert_eq!(statement["Sid"], "everyone");
    let policy = lam
        .get_layer_version_policy(get_layer_version_policy::GetLayerVersionPolicyInput {
            layer_name: layer.clone(),
            version_number: 1,
        })
        .await
        .unwrap();
    let doc: serde_json::Value = serde_json::from_str(policy.policy.as_deref().unwrap()).unwrap();
    assert_eq!(doc["Statement"][0]["Sid"], "everyone");
    lam.remove_layer_version_permission(remove_layer_version_permission::RemoveLayerVersionPermissionInput {
        layer_name: layer.clone(),
        version_number: 1,
        statement_id: "everyone".into(),
        revision_id: None,
    })
    .await
    .unwrap();
    lam.delete_layer_version(delete_layer_version::DeleteLayerVersionInput {
        layer_name: layer.clone(),
        version_number: 1,
    })
    .await
    .unwrap();
    let (code, status, _) = failure(
        lam.get_layer_version(get_layer_version::GetLayerVersionInput { layer_name: layer.clone(), version_number: 1 })
            .await,
    );
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
}

async fn tags_and_concurrency(lam: &Client) {
    let name = unique("cl-tags");
    let created = create(lam, &name, &function_zip()).await;
    let arn = created.function_arn.clone().unwrap();
    lam.tag_resource(tag_resource::TagResourceInput {
        arn: arn.clone(),
        tags: HashMap::from([("team".into(), "lambda".into()), ("cost".into(), "42".into())]),
    })
    .await
    .unwrap();
    let tags = lam.list_tags(list_tags::ListTagsInput { arn: arn.clone() }).await.unwrap().tags.unwrap();
    assert_eq!(tags.len(), 3, "{tags:?}");
    assert_eq!(tags["team"], "lambda");
    lam.untag_resource(untag_resource::UntagResourceInput {
        arn: arn.clone(),
        tag_keys: vec!["suite".into(), "cost".into()],
    })
    .await
    .unwrap();
    let tags = lam.list_tags(list_tags::ListTagsInput { arn: arn.clone() }).await.unwrap().tags.unwrap();
    assert_eq!(tags.keys().collect::<Vec<_>>(), ["team"]);

    let get_concurrency = || get_function_concurrency::GetFunctionConcurrencyInput { function_name: name.clone() };
    assert_eq!(lam.get_function_concurrency(get_concurrency()).await.unwrap().reserved_concurrent_executions, None);
    let put = lam
        .put_function_concurrency(put_function_concurrency::PutFunctionConcurrencyInput {
            function_name: name.clone(),
            reserved_concurrent_executions: 7,
        })
        .await
        .unwrap();
    assert_eq!(put.reserved_concurrent_executions, Some(7));
    assert_eq!(lam.get_function_concurrency(get_concurrency()).await.unwrap().reserved_concurrent_executions, Some(7));
    lam.delete_function_concurrency(delete_function_concurrency::DeleteFunctionConcurrencyInput {
        function_name: name.clone(),
    })
    .await
    .unwrap();
    assert_eq!(lam.get_function_concurrency(get_concurrency()).await.unwrap().reserved_concurrent_executions, None);

    lam.publish_version(publish_version::PublishVersionInput { function_name: name.clone(), ..Default::default() })
        .await
        .unwrap();
    lam.create_alias(create_alias::CreateAliasInput {
        function_name: name.clone(),
        name: "prod".into(),
        function_version: "1".into(),
        ..Default::default()
    })
    .await
    .unwrap();
    let get_pc = || get_provisioned_concurrency_config::GetProvisionedConcurrencyConfigInput {
        function_name: name.clone(),
        qualifier: "1".into(),
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
    let put_pc = |qualifier: &str, n: i32| put_provisioned_concurrency_config::PutProvisionedConcurrencyConfigInput {
        function_name: name.clone(),
        qualifier: qualifier.into(),
        provisioned_concurrent_executions: n,
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
    lam.update_function_configuration(update_function_configuration::UpdateFunctionConfigurationInput {
        function_name: name.clone(),
        memory_size: Some(512),
        ..Default::default()
    })
    .await
    .unwrap();
    lam.publish_version(publish_version::PublishVersionInput { function_name: name.clone(), ..Default::default() })
        .await
        .unwrap();
    lam.update_alias(update_alias::UpdateAliasInput {
        function_name: name.clone(),
        name: "prod".into(),
        function_version: Some("2".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    lam.put_provisioned_concurrency_config(put_pc("prod", 2)).await.unwrap();
    let got = lam.get_provisioned_concurrency_config(get_pc()).await.unwrap();
    assert_eq!(got.requested_provisioned_concurrent_executions, Some(3));
    let all = pages(lam.list_provisioned_concurrency_configs_paginator(
        list_provisioned_concurrency_configs::ListProvisionedConcurrencyConfigsInput {
            function_name: name.clone(),
            max_items: Some(1),
            ..Default::default()
        },
    ))
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
        delete_provisioned_concurrency_config::DeleteProvisionedConcurrencyConfigInput {
            function_name: name.clone(),
            qualifier: "1".into(),
        },
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
    lam.publish_version(publish_version::PublishVersionInput { function_name: name.clone(), ..Default::default() })
        .await
        .unwrap();
    let dlq = "arn:aws:sqs:us-east-1:123456789012:dlq";
    let put = lam
        .put_function_event_invoke_config(put_function_event_invoke_config::PutFunctionEventInvokeConfigInput {
            function_name: name.clone(),
            qualifier: None,
            maximum_retry_attempts: Some(1),
            maximum_event_age_in_seconds: Some(600),
            destination_config: Some(DestinationConfig {
                on_failure: Some(OnFailure { destination: Some(dlq.into()) }),
                on_success: None,
            }),
        })
        .await
        .unwrap();
    assert_eq!(put.maximum_retry_attempts, Some(1));
    assert_eq!(put.destination_config.unwrap().on_failure.unwrap().destination.as_deref(), Some(dlq));
    let upd = lam
        .update_function_event_invoke_config(
            update_function_event_invoke_config::UpdateFunctionEventInvokeConfigInput {
                function_name: name.clone(),
                maximum_retry_attempts: Some(2),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(upd.maximum_retry_attempts, Some(2));
    assert_eq!(upd.maximum_event_age_in_seconds, Some(600));
    lam.put_function_event_invoke_config(put_function_event_invoke_config::PutFunctionEventInvokeConfigInput {
        function_name: name.clone(),
        qualifier: Some("1".into()),
        maximum_retry_attempts: Some(0),
        ..Default::default()
    })
    .await
    .unwrap();
    let get = || get_function_event_invoke_config::GetFunctionEventInvokeConfigInput {
        function_name: name.clone(),
        qualifier: Some("1".into()),
    };
    assert_eq!(lam.get_function_event_invoke_config(get()).await.unwrap().maximum_retry_attempts, Some(0));
    let all = pages(lam.list_function_event_invoke_configs_paginator(
        list_function_event_invoke_configs::ListFunctionEventInvokeConfigsInput {
            function_name: name.clone(),
            max_items: Some(1),
            ..Default::default()
        },
    ))
    .await;
    assert_eq!(all.iter().map(|p| p.function_event_invoke_configs.as_ref().map_or(0, Vec::len)).sum::<usize>(), 2);
    assert!(all.len() >= 2);
    lam.delete_function_event_invoke_config(
        delete_function_event_invoke_config::DeleteFunctionEventInvokeConfigInput {
            function_name: name.clone(),
            qualifier: Some("1".into()),
        },
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
    lam.publish_version(publish_version::PublishVersionInput { function_name: name.clone(), ..Default::default() })
        .await
        .unwrap();
    lam.create_alias(create_alias::CreateAliasInput {
        function_name: name.clone(),
        name: "web".into(),
        function_version: "1".into(),
        ..Default::default()
    })
    .await
    .unwrap();
    let url = lam
        .create_function_url_config(create_function_url_config::CreateFunctionUrlConfigInput {
            function_name: name.clone(),
            qualifier: None,
            auth_type: FunctionUrlAuthType::None,
            cors: Some(Cors {
                allow_origins: Some(vec!["https://example.com".into()]),
                max_age: Some(60),
                ..Default::default()
            }),
            invoke_mode: None,
        })
        .await
        .unwrap();
    let function_url = url.function_url.clone().unwrap();
    assert!(function_url.starts_with("https://"), "{function_url}");
    assert_eq!(url.function_arn, created.function_arn);
    assert_eq!(url.cors.as_ref().unwrap().allow_origins.as_deref(), Some(&["https://example.com".to_string()][..]));
    let err = lam
        .create_function_url_config(create_function_url_config::CreateFunctionUrlConfigInput {
            function_name: name.clone(),
            qualifier: None,
            auth_type: FunctionUrlAuthType::None,
            cors: None,
            invoke_mode: None,
        })
        .await
        .expect_err("second URL");
    assert!(
        matches!(
            err.service_error(),
            Some(create_function_url_config::CreateFunctionUrlConfigError::ResourceConflictException(_))
        ),
        "{err:?}"
    );
    lam.create_function_url_config(create_function_url_config::CreateFunctionUrlConfigInput {
        function_name: name.clone(),
        qualifier: Some("web".into()),
        auth_type: FunctionUrlAuthType::AwsIam,
        cors: None,
        invoke_mode: Some(InvokeMode::ResponseStream),
    })
    .await
    .unwrap();
    let got = lam
        .get_function_url_config(get_function_url_config::GetFunctionUrlConfigInput {
            function_name: name.clone(),
            qualifier: Some("web".into()),
        })
        .await
        .unwrap();
    assert_eq!(got.auth_type, Some(FunctionUrlAuthType::AwsIam));
    assert_eq!(got.invoke_mode, Some(InvokeMode::ResponseStream));
    let upd = lam
        .update_function_url_config(update_function_url_config::UpdateFunctionUrlConfigInput {
            function_name: name.clone(),
            auth_type: Some(FunctionUrlAuthType::AwsIam),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(upd.function_url.as_deref(), Some(function_url.as_str()));
    assert_eq!(upd.auth_type, Some(FunctionUrlAuthType::AwsIam));
    let all = pages(lam.list_function_url_configs_paginator(list_function_url_configs::ListFunctionUrlConfigsInput {
        function_name: name.clone(),
        max_items: Some(1),
        ..Default::default()
    }))
    .await;
    assert_eq!(all.iter().map(|p| p.function_url_configs.as_ref().map_or(0, Vec::len)).sum::<usize>(), 2);
    assert!(all.len() >= 2);
    lam.delete_function_url_config(delete_function_url_config::DeleteFunctionUrlConfigInput {
        function_name: name.clone(),
        qualifier: None,
    })
    .await
    .unwrap();
    let (code, status, _) = failure(
        lam.get_function_url_config(get_function_url_config::GetFunctionUrlConfigInput {
            function_name: name.clone(),
            qualifier: None,
        })
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
        .create_event_source_mapping(create_event_source_mapping::CreateEventSourceMappingInput {
            event_source_arn: Some(queue.clone()),
            function_name: name.clone(),
            batch_size: Some(5),
            ..Default::default()
        })
        .await
        .unwrap();
    let uuid = esm.uuid.clone().unwrap();
    assert_eq!(uuid.len(), 36, "{uuid}");
    assert_eq!(esm.function_arn, created.function_arn);
    assert_eq!(esm.batch_size, Some(5));
    let got = lam
        .get_event_source_mapping(get_event_source_mapping::GetEventSourceMappingInput { uuid: uuid.clone() })
        .await
        .unwrap();
    assert_eq!(got.event_source_arn.as_deref(), Some(queue.as_str()));
    let upd = lam
        .update_event_source_mapping(update_event_source_mapping::UpdateEventSourceMappingInput {
            uuid: uuid.clone(),
            batch_size: Some(7),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(upd.batch_size, Some(7));
    let queue2 = format!("arn:aws:sqs:us-east-1:123456789012:{}", unique("queue"));
    let esm2 = lam
        .create_event_source_mapping(create_event_source_mapping::CreateEventSourceMappingInput {
            event_source_arn: Some(queue2),
            function_name: name.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    let all =
        pages(lam.list_event_source_mappings_paginator(list_event_source_mappings::ListEventSourceMappingsInput {
            function_name: Some(name.clone()),
            max_items: Some(1),
            ..Default::default()
        }))
        .await;
    let mut uuids: Vec<_> =
        all.iter().flat_map(|p| p.event_source_mappings.iter().flatten()).filter_map(|m| m.uuid.clone()).collect();
    uuids.sort();
    let mut want = vec![uuid.clone(), esm2.uuid.clone().unwrap()];
    want.sort();
    assert_eq!(uuids, want);
    assert!(all.len() >= 2);
    let deleted = lam
        .delete_event_source_mapping(delete_event_source_mapping::DeleteEventSourceMappingInput { uuid: uuid.clone() })
        .await
        .unwrap();
    assert_eq!(deleted.uuid.as_deref(), Some(uuid.as_str()));
    lam.delete_event_source_mapping(delete_event_source_mapping::DeleteEventSourceMappingInput {
        uuid: esm2.uuid.unwrap(),
    })
    .await
    .unwrap();
    let (code, status, _) = failure(
        lam.get_event_source_mapping(get_event_source_mapping::GetEventSourceMappingInput { uuid: uuid.clone() }).await,
    );
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
    delete(lam, &name).await;
}

async fn code_signing(lam: &Client) {
    let name = unique("cl-csc");
    let created = create(lam, &name, &function_zip()).await;
    let profile = "arn:aws:signer:us-east-1:123456789012:/signing-profiles/peer/abcdef0123";
    let publishers = || AllowedPublishers { signing_profile_version_arns: vec![profile.into()] };
    let csc = lam
        .create_code_signing_config(create_code_signing_config::CreateCodeSigningConfigInput {
            description: Some("client csc".into()),
            allowed_publishers: publishers(),
            code_signing_policies: Some(CodeSigningPolicies {
                untrusted_artifact_on_deployment: Some(CodeSigningPolicy::Warn),
            }),
        })
        .await
        .unwrap()
        .code_signing_config
        .unwrap();
    let arn = csc.code_signing_config_arn.clone();
    assert!(arn.starts_with("arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-"), "{arn}");
    let got = lam
        .get_code_signing_config(get_code_signing_config::GetCodeSigningConfigInput {
            code_signing_config_arn: arn.clone(),
        })
        .await
        .unwrap();
    assert_eq!(got.code_signing_config.unwrap().description.as_deref(), Some("client csc"));
    let upd = lam
        .update_code_signing_config(update_code_signing_config::UpdateCodeSigningConfigInput {
            code_signing_config_arn: arn.clone(),
            code_signing_policies: Some(CodeSigningPolicies {
                untrusted_artifact_on_deployment: Some(CodeSigningPolicy::Enforce),
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        upd.code_signing_config.unwrap().code_signing_policies.untrusted_artifact_on_deployment,
        Some(CodeSigningPolicy::Enforce)
    );
    let other_arn = lam
        .create_code_signing_config(create_code_signing_config::CreateCodeSigningConfigInput {
            allowed_publishers: publishers(),
            ..Default::default()
        })
        .await
        .unwrap()
        .code_signing_config
        .unwrap()
        .code_signing_config_arn;
    let all = pages(lam.list_code_signing_configs_paginator(list_code_signing_configs::ListCodeSigningConfigsInput {
        max_items: Some(1),
        ..Default::default()
    }))
    .await;
    let arns: Vec<_> =
        all.iter().flat_map(|p| p.code_signing_configs.iter().flatten()).map(|c| &c.code_signing_config_arn).collect();
    assert!(arns.contains(&&arn) && arns.contains(&&other_arn), "{arns:?}");
    assert!(all.len() >= 2);

    let put = lam
        .put_function_code_signing_config(put_function_code_signing_config::PutFunctionCodeSigningConfigInput {
            function_name: name.clone(),
            code_signing_config_arn: arn.clone(),
        })
        .await
        .unwrap();
    assert_eq!(put.code_signing_config_arn.as_deref(), Some(arn.as_str()));
    let got = lam
        .get_function_code_signing_config(get_function_code_signing_config::GetFunctionCodeSigningConfigInput {
            function_name: name.clone(),
        })
        .await
        .unwrap();
    assert_eq!(got.code_signing_config_arn.as_deref(), Some(arn.as_str()));
    let second = unique("cl-signed");
    let second_arn = lam
        .create_function(create_function::CreateFunctionInput {
            function_name: second.clone(),
            runtime: Some(Runtime::Python312),
            role: ROLE.into(),
            handler: Some("index.handler".into()),
            code: FunctionCode { zip_file: Some(Blob::new(function_zip())), ..Default::default() },
            code_signing_config_arn: Some(arn.clone()),
            ..Default::default()
        })
        .await
        .unwrap()
        .function_arn
        .unwrap();
    let all = pages(lam.list_functions_by_code_signing_config_paginator(
        list_functions_by_code_signing_config::ListFunctionsByCodeSigningConfigInput {
            code_signing_config_arn: arn.clone(),
            max_items: Some(1),
            ..Default::default()
        },
    ))
    .await;
    let mut fns: Vec<_> = all.iter().flat_map(|p| p.function_arns.iter().flatten()).cloned().collect();
    fns.sort();
    let mut want = vec![created.function_arn.clone().unwrap(), second_arn];
    want.sort();
    assert_eq!(fns, want);
    assert!(all.len() >= 2);
    delete(lam, &second).await;
    lam.delete_function_code_signing_config(
        delete_function_code_signing_config::DeleteFunctionCodeSigningConfigInput { function_name: name.clone() },
    )
    .await
    .unwrap();
    for a in [&arn, &other_arn] {
        lam.delete_code_signing_config(delete_code_signing_config::DeleteCodeSigningConfigInput {
            code_signing_config_arn: a.clone(),
        })
        .await
        .unwrap();
    }
    let err = lam
        .get_code_signing_config(get_code_signing_config::GetCodeSigningConfigInput {
            code_signing_config_arn: arn.clone(),
        })
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
        .put_function_code_signing_config(put_function_code_signing_config::PutFunctionCodeSigningConfigInput {
            function_name: name.clone(),
            code_signing_config_arn: arn.clone(),
        })
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
    let get = || get_runtime_management_config::GetRuntimeManagementConfigInput {
        function_name: name.clone(),
        qualifier: None,
    };
    assert_eq!(lam.get_runtime_management_config(get()).await.unwrap().update_runtime_on, Some(UpdateRuntimeOn::Auto));
    let runtime_arn =
        "arn:aws:lambda:us-east-1::runtime:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    let put = lam
        .put_runtime_management_config(put_runtime_management_config::PutRuntimeManagementConfigInput {
            function_name: name.clone(),
            qualifier: None,
            update_runtime_on: UpdateRuntimeOn::Manual,
            runtime_version_arn: Some(runtime_arn.into()),
        })
        .await
        .unwrap();
    assert_eq!(put.update_runtime_on, Some(UpdateRuntimeOn::Manual));
    assert_eq!(put.runtime_version_arn.as_deref(), Some(runtime_arn));
    let got = lam.get_runtime_management_config(get()).await.unwrap();
    assert_eq!(got.update_runtime_on, Some(UpdateRuntimeOn::Manual));

    let settings = lam.get_account_settings(get_account_settings::GetAccountSettingsInput {}).await.unwrap();
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
    let invoke = |t: Option<InvocationType>, body: Option<&[u8]>| invoke::InvokeInput {
        function_name: name.clone(),
        invocation_type: t,
        payload: body.map(Blob::new),
        ..Default::default()
    };
    let sync =
        lam.invoke(invoke::InvokeInput { log_type: Some(LogType::Tail), ..invoke(None, Some(payload)) }).await.unwrap();
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
        .invoke_async(invoke_async::InvokeAsyncInput {
            function_name: name.clone(),
            invoke_args: Blob::new(&b"{\"queued\":true}"[..]),
        })
        .await
        .unwrap();
    assert_eq!(queued.status, Some(202));

    let big = format!("{{\"stream\":[{}]}}", (0..200).map(|i| i.to_string()).collect::<Vec<_>>().join(","));
    let out = lam
        .invoke_with_response_stream(invoke_with_response_stream::InvokeWithResponseStreamInput {
            function_name: name.clone(),
            payload: Some(Blob::new(big.as_bytes())),
            ..Default::default()
        })
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
            Some(Err(e)) => panic!("event stream error: {e}"),
            None => break,
        }
    }
    assert_eq!(completes, 1);
    assert_eq!(chunks, big.as_bytes());

    let err = lam
        .invoke_with_response_stream(invoke_with_response_stream::InvokeWithResponseStreamInput {
            function_name: unique("absent"),
            payload: Some(Blob::new(&b"{}"[..])),
            ..Default::default()
        })
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
    let too_long = || get_function::GetFunctionInput { function_name: "f".repeat(200), qualifier: None };
    let (code, status, message) = failure(raw.get_function(too_long()).await);
    assert_eq!((code.as_str(), status), ("ValidationException", 400), "{message}");
    assert!(message.contains("failed to satisfy constraint"), "{message}");
    match checked.get_function(too_long()).await {
        Err(SdkError::Validation(e)) => assert_eq!(e.to_string(), message),
        other => panic!("the client should have refused this input: {other:?}"),
    }

    let bad = || create_function::CreateFunctionInput {
        function_name: unique("bad"),
        runtime: Some(Runtime::Python312),
        role: ROLE.into(),
        handler: Some("index.handler".into()),
        code: FunctionCode { zip_file: Some(Blob::new(function_zip())), ..Default::default() },
        memory_size: Some(64),
        timeout: Some(0),
        ..Default::default()
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
    let (code, status, _) =
        failure(unknown.get_account_settings(get_account_settings::GetAccountSettingsInput {}).await);
    assert_eq!((code.as_str(), status), ("UnrecognizedClientException", 403));
    let right = client_with(&endpoint, ACCESS_KEY, SECRET_KEY, true);
    let settings = right.get_account_settings(get_account_settings::GetAccountSettingsInput {}).await.unwrap();
    assert!(settings.account_limit.is_some());
}
