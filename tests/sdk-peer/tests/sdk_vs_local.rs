//! The official AWS SDK for Rust (`aws-sdk-lambda`) against `lambda-local`: every operation of
//! the spec the SDK has, each answered 2xx at least once (checked at the end of the ordered
//! test), the typed errors the SDK parses, the streamed Invoke, and signatures made with a
//! wrong secret or an unknown key being refused.
//!
//! The SDK signs with its own SigV4 code, serializes and parses with its own rest-json code and
//! reads the event stream with its own decoder, none of it written here.

mod common;
#[path = "../../coverage.rs"]
mod coverage;

use aws_sdk_lambda::config::{BehaviorVersion, ConfigBag, Credentials, Intercept, Region};
use aws_sdk_lambda::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{
    AliasRoutingConfiguration, AllowedPublishers, CapacityProviderPermissionsConfig, CapacityProviderVpcConfig,
    CodeSigningPolicies, CodeSigningPolicy, Cors, DestinationConfig, Environment, FunctionCode, FunctionUrlAuthType,
    InvocationType, InvokeMode, InvokeWithResponseStreamResponseEvent, LayerVersionContentInput, LogType, OnFailure,
    RecursiveLoop, Runtime, UpdateRuntimeOn,
};
use aws_sdk_lambda::Client;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeDeserializationInterceptorContextRef;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use common::{
    sha256_b64, workspace_root, zip_with, Server, ACCESS_KEY, ROLE, SECRET_KEY, SESSION_TOKEN, TEMP_ACCESS_KEY,
    TEMP_SECRET_KEY,
};
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

/// Operations of the spec that aws-sdk-lambda 1.156 (the newest release) does not have yet.
const SDK_LACKS: [&str; 3] = ["DeleteDurableExecution", "PauseDurableExecution", "ResumeDurableExecution"];

/// Records the name of every operation the SDK received a 2xx answer for.
#[derive(Clone, Debug, Default)]
struct Sent(Arc<Mutex<BTreeSet<String>>>);

impl Intercept for Sent {
    fn name(&self) -> &'static str {
        "Answered2xx"
    }

    fn read_before_deserialization(
        &self,
        ctx: &BeforeDeserializationInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(meta) = cfg.load::<Metadata>() {
            if ctx.response().status().is_success() {
                self.0.lock().unwrap().insert(meta.name().to_string());
            }
        }
        Ok(())
    }
}

fn client(endpoint: &str, access_key: &str, secret: &str, sent: &Sent) -> Client {
    Client::from_conf(config(endpoint, Credentials::new(access_key, secret, None, None, "peer-test"), sent).build())
}

fn config(endpoint: &str, credentials: Credentials, sent: &Sent) -> aws_sdk_lambda::config::Builder {
    aws_sdk_lambda::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(credentials)
        // Plain HTTP (`build_http` is public but hidden from the docs; the SDK's own tests use it).
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .retry_config(aws_sdk_lambda::config::retry::RetryConfig::disabled())
        .interceptor(sent.clone())
}

/// The error code and HTTP status of a failed call.
fn failure<T: std::fmt::Debug, E: ProvideErrorMetadata + std::fmt::Debug>(
    result: Result<T, SdkError<E, aws_smithy_runtime_api::http::Response>>,
) -> (String, u16, String) {
    let err = result.expect_err("the call should have failed");
    let status = err.raw_response().map(|r| r.status().as_u16()).unwrap_or(0);
    (err.code().unwrap_or("<no code>").to_string(), status, err.message().unwrap_or("").to_string())
}

/// Every page of a paginated list, at most 500 (a server that never ends a list fails the test).
macro_rules! all_pages {
    ($stream:expr) => {{
        let mut stream = $stream;
        let mut pages = Vec::new();
        while let Some(page) = stream.next().await {
            pages.push(page.expect("page"));
            assert!(pages.len() <= 500, "more than 500 pages");
        }
        pages
    }};
}

// Declared after `all_pages!`, which it uses.
mod sdk_durable;

fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    format!("{prefix}-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed))
}

fn function_zip() -> Vec<u8> {
    zip_with("index.py", b"def handler(event, context):\n    return event\n")
}

async fn create(
    lam: &Client,
    name: &str,
    archive: &[u8],
) -> aws_sdk_lambda::operation::create_function::CreateFunctionOutput {
    lam.create_function()
        .function_name(name)
        .runtime(Runtime::Python312)
        .role(ROLE)
        .handler("index.handler")
        .code(FunctionCode::builder().zip_file(Blob::new(archive)).build())
        .description("made by the SDK peer test")
        .timeout(10)
        .memory_size(256)
        .environment(Environment::builder().variables("STAGE", "test").build())
        .tags("suite", "sdk")
        .send()
        .await
        .expect("CreateFunction")
}

#[tokio::test]
async fn every_operation_through_the_sdk() {
    let server = Server::start().await;
    let sent = Sent::default();
    let lam = client(&server.endpoint, ACCESS_KEY, SECRET_KEY, &sent);

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
    sdk_durable::durable_executions(&lam).await;
    model_additions::capacity_providers(&lam).await;
    model_additions::function_versions_on_a_provider(&lam).await;
    model_additions::recursion(&lam).await;
    model_additions::resource_policies(&lam).await;
    model_additions::new_members(&lam).await;
    validation(&server.endpoint).await;

    let answered = sent.0.lock().unwrap().clone();
    coverage::assert_covered(&workspace_root(), &answered, &SDK_LACKS);
    // The server's side agrees: it routed a request to each operation the SDK has.
    let spec = coverage::spec_operations(&workspace_root());
    let routed: BTreeSet<String> = server.routed.lock().unwrap().iter().map(|s| s.to_string()).collect();
    let unrouted: Vec<_> = spec.difference(&routed).cloned().collect();
    assert_eq!(unrouted, SDK_LACKS, "operations lambda-local never routed a request to");
}

mod model_additions;

async fn functions(lam: &Client) {
    let name = unique("sdk-fn");
    let archive = function_zip();
    let created = create(lam, &name, &archive).await;
    let arn = created.function_arn().unwrap().to_string();
    assert!(arn.starts_with("arn:aws:lambda:us-east-1:"), "{arn}");
    assert!(arn.ends_with(&format!(":function:{name}")), "{arn}");
    assert_eq!(created.code_size(), archive.len() as i64);
    assert_eq!(created.code_sha256(), Some(sha256_b64(&archive).as_str()));
    assert_eq!(created.runtime(), Some(&Runtime::Python312));
    assert_eq!(created.version(), Some("$LATEST"));
    assert_eq!(created.memory_size(), Some(256));
    assert_eq!(
        created.environment().and_then(|e| e.variables()).and_then(|v| v.get("STAGE")).map(String::as_str),
        Some("test")
    );
    let rev0 = created.revision_id().unwrap().to_string();

    // A second create is a typed conflict.
    let err = lam
        .create_function()
        .function_name(&name)
        .runtime(Runtime::Python312)
        .role(ROLE)
        .handler("index.handler")
        .code(FunctionCode::builder().zip_file(Blob::new(archive.clone())).build())
        .send()
        .await
        .expect_err("duplicate");
    assert!(err.as_service_error().is_some_and(|e| e.is_resource_conflict_exception()), "{err:?}");
    assert_eq!(err.raw_response().unwrap().status().as_u16(), 409);

    let got = lam.get_function().function_name(&name).send().await.unwrap();
    assert_eq!(got.configuration().unwrap().function_name(), Some(name.as_str()));
    assert_eq!(got.tags().unwrap().get("suite").map(String::as_str), Some("sdk"));
    let conf = lam.get_function_configuration().function_name(&arn).send().await.unwrap();
    assert_eq!(conf.function_name(), Some(name.as_str()));
    assert_eq!(conf.description(), Some("made by the SDK peer test"));

    let missing = unique("absent");
    let err = lam.get_function().function_name(&missing).send().await.expect_err("absent");
    assert!(err.as_service_error().is_some_and(|e| e.is_resource_not_found_exception()), "{err:?}");
    assert!(err.message().unwrap_or("").contains(&missing));

    let up = lam
        .update_function_configuration()
        .function_name(&name)
        .description("second")
        .memory_size(512)
        .revision_id(&rev0)
        .send()
        .await
        .unwrap();
    assert_eq!(up.memory_size(), Some(512));
    assert_ne!(up.revision_id(), Some(rev0.as_str()));
    let err = lam
        .update_function_configuration()
        .function_name(&name)
        .description("third")
        .revision_id(&rev0)
        .send()
        .await
        .expect_err("stale revision");
    assert!(err.as_service_error().is_some_and(|e| e.is_precondition_failed_exception()), "{err:?}");
    assert_eq!(err.raw_response().unwrap().status().as_u16(), 412);

    let new_zip = zip_with("index.py", b"def handler(e, c):\n    return 2\n");
    let upc =
        lam.update_function_code().function_name(&name).zip_file(Blob::new(new_zip.clone())).send().await.unwrap();
    assert_eq!(upc.code_sha256(), Some(sha256_b64(&new_zip).as_str()));
    assert_eq!(upc.description(), Some("second"));

    // ListFunctions, one function a page.
    let others = [unique("sdk-list"), unique("sdk-list")];
    for o in &others {
        create(lam, o, &archive).await;
    }
    let pages = all_pages!(lam.list_functions().max_items(1).into_paginator().send());
    let listed: Vec<String> =
        pages.iter().flat_map(|p| p.functions()).filter_map(|f| f.function_name().map(str::to_string)).collect();
    assert!(pages.len() >= 3, "{} pages", pages.len());
    for n in others.iter().chain([&name]) {
        assert_eq!(listed.iter().filter(|l| *l == n).count(), 1, "{n} in {listed:?}");
    }
    for o in &others {
        lam.delete_function().function_name(o).send().await.unwrap();
    }
    lam.delete_function().function_name(&name).send().await.unwrap();
    let (code, status, _) = failure(lam.delete_function().function_name(&name).send().await);
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
}

async fn versions_and_aliases(lam: &Client) {
    let name = unique("sdk-ver");
    create(lam, &name, &function_zip()).await;
    let v1 = lam.publish_version().function_name(&name).description("first").send().await.unwrap();
    assert_eq!(v1.version(), Some("1"));
    let (code, status, _) = failure(
        lam.publish_version().function_name(&name).revision_id("00000000-0000-0000-0000-000000000000").send().await,
    );
    assert_eq!((code.as_str(), status), ("PreconditionFailedException", 412));
    // Nothing changed since version 1: publishing again returns it.
    assert_eq!(lam.publish_version().function_name(&name).send().await.unwrap().version(), Some("1"));
    lam.update_function_configuration().function_name(&name).memory_size(1024).send().await.unwrap();
    let v2 = lam.publish_version().function_name(&name).send().await.unwrap();
    assert_eq!(v2.version(), Some("2"));
    assert_eq!(v2.memory_size(), Some(1024));

    let pages = all_pages!(lam.list_versions_by_function().function_name(&name).max_items(1).into_paginator().send());
    let versions: Vec<_> = pages.iter().flat_map(|p| p.versions()).filter_map(|v| v.version()).collect();
    assert_eq!(versions, ["$LATEST", "1", "2"]);
    assert!(pages.len() >= 3);

    let alias = lam
        .create_alias()
        .function_name(&name)
        .name("live")
        .function_version("1")
        .routing_config(AliasRoutingConfiguration::builder().additional_version_weights("2", 0.25).build())
        .send()
        .await
        .unwrap();
    assert!(alias.alias_arn().unwrap().ends_with(&format!(":function:{name}:live")));
    assert_eq!(
        alias.routing_config().and_then(|r| r.additional_version_weights()).and_then(|w| w.get("2")),
        Some(&0.25)
    );
    let got = lam.get_alias().function_name(&name).name("live").send().await.unwrap();
    assert_eq!(got.revision_id(), alias.revision_id());
    let (code, status, _) = failure(
        lam.update_alias().function_name(&name).name("live").function_version("2").revision_id("stale").send().await,
    );
    assert_eq!((code.as_str(), status), ("PreconditionFailedException", 412));
    let upd = lam
        .update_alias()
        .function_name(&name)
        .name("live")
        .function_version("2")
        .routing_config(
            AliasRoutingConfiguration::builder().set_additional_version_weights(Some(Default::default())).build(),
        )
        .revision_id(alias.revision_id().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(upd.function_version(), Some("2"));
    lam.create_alias().function_name(&name).name("beta").function_version("$LATEST").send().await.unwrap();
    let pages = all_pages!(lam.list_aliases().function_name(&name).max_items(1).into_paginator().send());
    let mut names: Vec<_> = pages.iter().flat_map(|p| p.aliases()).filter_map(|a| a.name()).collect();
    names.sort();
    assert_eq!(names, ["beta", "live"]);
    assert!(pages.len() >= 2);
    lam.delete_alias().function_name(&name).name("beta").send().await.unwrap();
    let err = lam.get_alias().function_name(&name).name("beta").send().await.expect_err("deleted");
    assert!(err.as_service_error().is_some_and(|e| e.is_resource_not_found_exception()), "{err:?}");

    lam.delete_function().function_name(&name).qualifier("1").send().await.unwrap();
    let left = lam.list_versions_by_function().function_name(&name).send().await.unwrap();
    let left: Vec<_> = left.versions().iter().filter_map(|v| v.version()).collect();
    assert_eq!(left, ["$LATEST", "2"]);
    lam.delete_function().function_name(&name).send().await.unwrap();
}

async fn policies(lam: &Client) {
    let name = unique("sdk-pol");
    let created = create(lam, &name, &function_zip()).await;
    let (code, status, _) = failure(lam.get_policy().function_name(&name).send().await);
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
    let added = lam
        .add_permission()
        .function_name(&name)
        .statement_id("s3-invoke")
        .action("lambda:InvokeFunction")
        .principal("s3.amazonaws.com")
        .source_arn("arn:aws:s3:::my-bucket")
        .send()
        .await
        .unwrap();
    let statement: serde_json::Value = serde_json::from_str(added.statement().unwrap()).unwrap();
    assert_eq!(statement["Sid"], "s3-invoke");
    assert!(statement["Resource"].to_string().contains(created.function_arn().unwrap()));
    let err = lam
        .add_permission()
        .function_name(&name)
        .statement_id("s3-invoke")
        .action("lambda:InvokeFunction")
        .principal("s3.amazonaws.com")
        .send()
        .await
        .expect_err("duplicate statement");
    assert!(err.as_service_error().is_some_and(|e| e.is_resource_conflict_exception()), "{err:?}");
    lam.add_permission()
        .function_name(&name)
        .statement_id("acct")
        .action("lambda:GetFunction")
        .principal("210987654321")
        .send()
        .await
        .unwrap();
    let policy = lam.get_policy().function_name(&name).send().await.unwrap();
    let doc: serde_json::Value = serde_json::from_str(policy.policy().unwrap()).unwrap();
    let mut sids: Vec<_> = doc["Statement"].as_array().unwrap().iter().map(|s| s["Sid"].as_str().unwrap()).collect();
    sids.sort();
    assert_eq!(sids, ["acct", "s3-invoke"]);
    lam.remove_permission().function_name(&name).statement_id("acct").send().await.unwrap();
    let (code, status, _) = failure(lam.remove_permission().function_name(&name).statement_id("acct").send().await);
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
    lam.delete_function().function_name(&name).send().await.unwrap();
}

async fn layers(lam: &Client) {
    let layer = unique("sdk-layer");
    let content = zip_with("python/util.py", b"X = 1\n");
    let v1 = lam
        .publish_layer_version()
        .layer_name(&layer)
        .description("one")
        .content(LayerVersionContentInput::builder().zip_file(Blob::new(content.clone())).build())
        .compatible_runtimes(Runtime::Python312)
        .license_info("MIT")
        .send()
        .await
        .unwrap();
    assert_eq!(v1.version(), 1);
    assert!(v1.layer_version_arn().unwrap().ends_with(&format!(":layer:{layer}:1")));
    assert_eq!(v1.content().unwrap().code_size(), content.len() as i64);
    assert_eq!(v1.content().unwrap().code_sha256(), Some(sha256_b64(&content).as_str()));
    let v2 = lam
        .publish_layer_version()
        .layer_name(&layer)
        .content(LayerVersionContentInput::builder().zip_file(Blob::new(content.clone())).build())
        .compatible_runtimes(Runtime::Python311)
        .send()
        .await
        .unwrap();
    assert_eq!(v2.version(), 2);

    let got = lam.get_layer_version().layer_name(&layer).version_number(1).send().await.unwrap();
    assert_eq!(got.license_info(), Some("MIT"));
    let by_arn = lam.get_layer_version_by_arn().arn(v2.layer_version_arn().unwrap()).send().await.unwrap();
    assert_eq!(by_arn.version(), 2);

    let pages = all_pages!(lam.list_layer_versions().layer_name(&layer).max_items(1).into_paginator().send());
    let mut numbers: Vec<_> = pages.iter().flat_map(|p| p.layer_versions()).map(|v| v.version()).collect();
    numbers.sort();
    assert_eq!(numbers, [1, 2]);
    assert!(pages.len() >= 2);

    let other = unique("sdk-layer");
    lam.publish_layer_version()
        .layer_name(&other)
        .content(LayerVersionContentInput::builder().zip_file(Blob::new(content.clone())).build())
        .send()
        .await
        .unwrap();
    let pages = all_pages!(lam.list_layers().max_items(1).into_paginator().send());
    let names: Vec<_> = pages.iter().flat_map(|p| p.layers()).filter_map(|l| l.layer_name()).collect();
    assert!(names.contains(&layer.as_str()) && names.contains(&other.as_str()), "{names:?}");
    assert!(pages.len() >= 2);

    let perm = lam
        .add_layer_version_permission()
        .layer_name(&layer)
        .version_number(1)
        .statement_id("everyone")
        .action("lambda:GetLayerVersion")
        .principal("*")
        .send()
        .await
        .unwrap();
    let statement: serde_json::Value = serde_json::from_str(perm.statement().unwrap()).unwrap();
    assert_eq!(statement["Sid"], "everyone");
    let policy = lam.get_layer_version_policy().layer_name(&layer).version_number(1).send().await.unwrap();
    let doc: serde_json::Value = serde_json::from_str(policy.policy().unwrap()).unwrap();
    assert_eq!(doc["Statement"][0]["Sid"], "everyone");
    lam.remove_layer_version_permission()
        .layer_name(&layer)
        .version_number(1)
        .statement_id("everyone")
        .send()
        .await
        .unwrap();
    lam.delete_layer_version().layer_name(&layer).version_number(1).send().await.unwrap();
    let (code, status, _) = failure(lam.get_layer_version().layer_name(&layer).version_number(1).send().await);
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
}

async fn tags_and_concurrency(lam: &Client) {
    let name = unique("sdk-tags");
    let created = create(lam, &name, &function_zip()).await;
    let arn = created.function_arn().unwrap();
    lam.tag_resource().resource(arn).tags("team", "lambda").tags("cost", "42").send().await.unwrap();
    let tags = lam.list_tags().resource(arn).send().await.unwrap();
    let tags = tags.tags().unwrap();
    assert_eq!(tags.len(), 3, "{tags:?}");
    assert_eq!(tags.get("team").map(String::as_str), Some("lambda"));
    lam.untag_resource().resource(arn).tag_keys("suite").tag_keys("cost").send().await.unwrap();
    let tags = lam.list_tags().resource(arn).send().await.unwrap();
    assert_eq!(tags.tags().unwrap().keys().collect::<Vec<_>>(), ["team"]);

    let none = lam.get_function_concurrency().function_name(&name).send().await.unwrap();
    assert_eq!(none.reserved_concurrent_executions(), None);
    let put =
        lam.put_function_concurrency().function_name(&name).reserved_concurrent_executions(7).send().await.unwrap();
    assert_eq!(put.reserved_concurrent_executions(), Some(7));
    let got = lam.get_function_concurrency().function_name(&name).send().await.unwrap();
    assert_eq!(got.reserved_concurrent_executions(), Some(7));
    lam.delete_function_concurrency().function_name(&name).send().await.unwrap();
    let got = lam.get_function_concurrency().function_name(&name).send().await.unwrap();
    assert_eq!(got.reserved_concurrent_executions(), None);

    lam.publish_version().function_name(&name).send().await.unwrap();
    lam.create_alias().function_name(&name).name("prod").function_version("1").send().await.unwrap();
    let err = lam
        .get_provisioned_concurrency_config()
        .function_name(&name)
        .qualifier("1")
        .send()
        .await
        .expect_err("none yet");
    assert!(
        err.as_service_error().is_some_and(|e| e.is_provisioned_concurrency_config_not_found_exception()),
        "{err:?}"
    );
    let put = lam
        .put_provisioned_concurrency_config()
        .function_name(&name)
        .qualifier("1")
        .provisioned_concurrent_executions(3)
        .send()
        .await
        .unwrap();
    assert_eq!(put.requested_provisioned_concurrent_executions(), Some(3));
    // An alias of a version with its own provisioned concurrency cannot have any.
    let err = lam
        .put_provisioned_concurrency_config()
        .function_name(&name)
        .qualifier("prod")
        .provisioned_concurrent_executions(1)
        .send()
        .await
        .expect_err("alias of a provisioned version");
    assert!(err.as_service_error().is_some_and(|e| e.is_resource_conflict_exception()), "{err:?}");
    lam.update_function_configuration().function_name(&name).memory_size(512).send().await.unwrap();
    lam.publish_version().function_name(&name).send().await.unwrap();
    lam.update_alias().function_name(&name).name("prod").function_version("2").send().await.unwrap();
    lam.put_provisioned_concurrency_config()
        .function_name(&name)
        .qualifier("prod")
        .provisioned_concurrent_executions(2)
        .send()
        .await
        .unwrap();
    let got = lam.get_provisioned_concurrency_config().function_name(&name).qualifier("1").send().await.unwrap();
    assert_eq!(got.requested_provisioned_concurrent_executions(), Some(3));
    let pages = all_pages!(lam
        .list_provisioned_concurrency_configs()
        .function_name(&name)
        .max_items(1)
        .into_paginator()
        .send());
    let mut quals: Vec<_> = pages
        .iter()
        .flat_map(|p| p.provisioned_concurrency_configs())
        .filter_map(|c| c.function_arn().and_then(|a| a.rsplit(':').next()))
        .collect();
    quals.sort();
    assert_eq!(quals, ["1", "prod"]);
    assert!(pages.len() >= 2);
    lam.delete_provisioned_concurrency_config().function_name(&name).qualifier("1").send().await.unwrap();
    let (code, status, _) =
        failure(lam.get_provisioned_concurrency_config().function_name(&name).qualifier("1").send().await);
    assert_eq!((code.as_str(), status), ("ProvisionedConcurrencyConfigNotFoundException", 404));
    lam.delete_function().function_name(&name).send().await.unwrap();
}

async fn event_invoke_configs(lam: &Client) {
    let name = unique("sdk-eic");
    create(lam, &name, &function_zip()).await;
    lam.publish_version().function_name(&name).send().await.unwrap();
    let dlq = "arn:aws:sqs:us-east-1:123456789012:dlq";
    let put = lam
        .put_function_event_invoke_config()
        .function_name(&name)
        .maximum_retry_attempts(1)
        .maximum_event_age_in_seconds(600)
        .destination_config(
            DestinationConfig::builder().on_failure(OnFailure::builder().destination(dlq).build()).build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(put.maximum_retry_attempts(), Some(1));
    assert_eq!(put.destination_config().and_then(|d| d.on_failure()).and_then(|f| f.destination()), Some(dlq));
    let upd =
        lam.update_function_event_invoke_config().function_name(&name).maximum_retry_attempts(2).send().await.unwrap();
    assert_eq!(upd.maximum_retry_attempts(), Some(2));
    assert_eq!(upd.maximum_event_age_in_seconds(), Some(600));
    lam.put_function_event_invoke_config()
        .function_name(&name)
        .qualifier("1")
        .maximum_retry_attempts(0)
        .send()
        .await
        .unwrap();
    let got = lam.get_function_event_invoke_config().function_name(&name).qualifier("1").send().await.unwrap();
    assert_eq!(got.maximum_retry_attempts(), Some(0));
    let pages =
        all_pages!(lam.list_function_event_invoke_configs().function_name(&name).max_items(1).into_paginator().send());
    assert_eq!(pages.iter().map(|p| p.function_event_invoke_configs().len()).sum::<usize>(), 2);
    assert!(pages.len() >= 2);
    lam.delete_function_event_invoke_config().function_name(&name).qualifier("1").send().await.unwrap();
    let (code, status, _) =
        failure(lam.get_function_event_invoke_config().function_name(&name).qualifier("1").send().await);
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
    lam.delete_function().function_name(&name).send().await.unwrap();
}

async fn function_urls(lam: &Client) {
    let name = unique("sdk-url");
    let created = create(lam, &name, &function_zip()).await;
    lam.publish_version().function_name(&name).send().await.unwrap();
    lam.create_alias().function_name(&name).name("web").function_version("1").send().await.unwrap();
    let url = lam
        .create_function_url_config()
        .function_name(&name)
        .auth_type(FunctionUrlAuthType::None)
        .cors(Cors::builder().allow_origins("https://example.com").max_age(60).build())
        .send()
        .await
        .unwrap();
    assert!(url.function_url().starts_with("https://"), "{}", url.function_url());
    assert_eq!(url.function_arn(), created.function_arn().unwrap());
    assert_eq!(url.cors().unwrap().allow_origins(), ["https://example.com"]);
    let err = lam
        .create_function_url_config()
        .function_name(&name)
        .auth_type(FunctionUrlAuthType::None)
        .send()
        .await
        .expect_err("second URL");
    assert!(err.as_service_error().is_some_and(|e| e.is_resource_conflict_exception()), "{err:?}");
    lam.create_function_url_config()
        .function_name(&name)
        .qualifier("web")
        .auth_type(FunctionUrlAuthType::AwsIam)
        .invoke_mode(InvokeMode::ResponseStream)
        .send()
        .await
        .unwrap();
    let got = lam.get_function_url_config().function_name(&name).qualifier("web").send().await.unwrap();
    assert_eq!(got.auth_type(), &FunctionUrlAuthType::AwsIam);
    assert_eq!(got.invoke_mode(), Some(&InvokeMode::ResponseStream));
    let upd = lam
        .update_function_url_config()
        .function_name(&name)
        .auth_type(FunctionUrlAuthType::AwsIam)
        .send()
        .await
        .unwrap();
    assert_eq!(upd.function_url(), url.function_url());
    assert_eq!(upd.auth_type(), &FunctionUrlAuthType::AwsIam);
    let pages = all_pages!(lam.list_function_url_configs().function_name(&name).max_items(1).into_paginator().send());
    assert_eq!(pages.iter().map(|p| p.function_url_configs().len()).sum::<usize>(), 2);
    assert!(pages.len() >= 2);
    lam.delete_function_url_config().function_name(&name).send().await.unwrap();
    let (code, status, _) = failure(lam.get_function_url_config().function_name(&name).send().await);
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
    lam.delete_function().function_name(&name).send().await.unwrap();
}

async fn event_source_mappings(lam: &Client) {
    let name = unique("sdk-esm");
    let created = create(lam, &name, &function_zip()).await;
    let queue = format!("arn:aws:sqs:us-east-1:123456789012:{}", unique("queue"));
    let esm = lam
        .create_event_source_mapping()
        .event_source_arn(&queue)
        .function_name(&name)
        .batch_size(5)
        .send()
        .await
        .unwrap();
    let uuid = esm.uuid().unwrap().to_string();
    assert_eq!(uuid.len(), 36, "{uuid}");
    assert_eq!(esm.function_arn(), created.function_arn());
    assert_eq!(esm.batch_size(), Some(5));
    let got = lam.get_event_source_mapping().uuid(&uuid).send().await.unwrap();
    assert_eq!(got.event_source_arn(), Some(queue.as_str()));
    let upd = lam.update_event_source_mapping().uuid(&uuid).batch_size(7).send().await.unwrap();
    assert_eq!(upd.batch_size(), Some(7));
    let queue2 = format!("arn:aws:sqs:us-east-1:123456789012:{}", unique("queue"));
    let esm2 = lam.create_event_source_mapping().event_source_arn(&queue2).function_name(&name).send().await.unwrap();
    let pages = all_pages!(lam.list_event_source_mappings().function_name(&name).max_items(1).into_paginator().send());
    let mut uuids: Vec<_> = pages.iter().flat_map(|p| p.event_source_mappings()).filter_map(|m| m.uuid()).collect();
    uuids.sort();
    let mut want = vec![uuid.as_str(), esm2.uuid().unwrap()];
    want.sort();
    assert_eq!(uuids, want);
    assert!(pages.len() >= 2);
    let deleted = lam.delete_event_source_mapping().uuid(&uuid).send().await.unwrap();
    assert_eq!(deleted.uuid(), Some(uuid.as_str()));
    lam.delete_event_source_mapping().uuid(esm2.uuid().unwrap()).send().await.unwrap();
    let (code, status, _) = failure(lam.get_event_source_mapping().uuid(&uuid).send().await);
    assert_eq!((code.as_str(), status), ("ResourceNotFoundException", 404));
    lam.delete_function().function_name(&name).send().await.unwrap();
}

async fn code_signing(lam: &Client) {
    let name = unique("sdk-csc");
    let created = create(lam, &name, &function_zip()).await;
    let profile = "arn:aws:signer:us-east-1:123456789012:/signing-profiles/peer/abcdef0123";
    let csc = lam
        .create_code_signing_config()
        .description("sdk csc")
        .allowed_publishers(AllowedPublishers::builder().signing_profile_version_arns(profile).build().unwrap())
        .code_signing_policies(
            CodeSigningPolicies::builder().untrusted_artifact_on_deployment(CodeSigningPolicy::Warn).build(),
        )
        .send()
        .await
        .unwrap();
    let csc = csc.code_signing_config().unwrap();
    let arn = csc.code_signing_config_arn().to_string();
    assert!(arn.contains(":code-signing-config:csc-"), "{arn}");
    let got = lam.get_code_signing_config().code_signing_config_arn(&arn).send().await.unwrap();
    assert_eq!(got.code_signing_config().unwrap().description(), Some("sdk csc"));
    let upd = lam
        .update_code_signing_config()
        .code_signing_config_arn(&arn)
        .code_signing_policies(
            CodeSigningPolicies::builder().untrusted_artifact_on_deployment(CodeSigningPolicy::Enforce).build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        upd.code_signing_config().unwrap().code_signing_policies().unwrap().untrusted_artifact_on_deployment(),
        Some(&CodeSigningPolicy::Enforce)
    );
    let other = lam
        .create_code_signing_config()
        .allowed_publishers(AllowedPublishers::builder().signing_profile_version_arns(profile).build().unwrap())
        .send()
        .await
        .unwrap();
    let other_arn = other.code_signing_config().unwrap().code_signing_config_arn().to_string();
    let pages = all_pages!(lam.list_code_signing_configs().max_items(1).into_paginator().send());
    let arns: Vec<_> =
        pages.iter().flat_map(|p| p.code_signing_configs()).map(|c| c.code_signing_config_arn()).collect();
    assert!(arns.contains(&arn.as_str()) && arns.contains(&other_arn.as_str()), "{arns:?}");
    assert!(pages.len() >= 2);

    let put =
        lam.put_function_code_signing_config().code_signing_config_arn(&arn).function_name(&name).send().await.unwrap();
    assert_eq!(put.code_signing_config_arn(), arn);
    let got = lam.get_function_code_signing_config().function_name(&name).send().await.unwrap();
    assert_eq!(got.code_signing_config_arn(), arn);
    let second = unique("sdk-signed");
    let second_arn = lam
        .create_function()
        .function_name(&second)
        .runtime(Runtime::Python312)
        .role(ROLE)
        .handler("index.handler")
        .code(FunctionCode::builder().zip_file(Blob::new(function_zip())).build())
        .code_signing_config_arn(&arn)
        .send()
        .await
        .unwrap()
        .function_arn()
        .unwrap()
        .to_string();
    let pages = all_pages!(lam
        .list_functions_by_code_signing_config()
        .code_signing_config_arn(&arn)
        .max_items(1)
        .into_paginator()
        .send());
    let mut fns: Vec<_> = pages.iter().flat_map(|p| p.function_arns()).map(String::as_str).collect();
    fns.sort();
    let mut want = vec![created.function_arn().unwrap(), second_arn.as_str()];
    want.sort();
    assert_eq!(fns, want);
    assert!(pages.len() >= 2);
    lam.delete_function().function_name(&second).send().await.unwrap();
    lam.delete_function_code_signing_config().function_name(&name).send().await.unwrap();
    lam.delete_code_signing_config().code_signing_config_arn(&arn).send().await.unwrap();
    lam.delete_code_signing_config().code_signing_config_arn(&other_arn).send().await.unwrap();
    let err = lam.get_code_signing_config().code_signing_config_arn(&arn).send().await.expect_err("deleted");
    assert!(err.as_service_error().is_some_and(|e| e.is_resource_not_found_exception()), "{err:?}");
    assert_eq!(err.raw_response().unwrap().status().as_u16(), 404);
    let err = lam
        .put_function_code_signing_config()
        .code_signing_config_arn(&arn)
        .function_name(&name)
        .send()
        .await
        .expect_err("deleted");
    assert!(err.as_service_error().is_some_and(|e| e.is_code_signing_config_not_found_exception()), "{err:?}");
    lam.delete_function().function_name(&name).send().await.unwrap();
}

async fn runtime_and_account(lam: &Client) {
    let name = unique("sdk-rt");
    let created = create(lam, &name, &function_zip()).await;
    let default = lam.get_runtime_management_config().function_name(&name).send().await.unwrap();
    assert_eq!(default.update_runtime_on(), Some(&UpdateRuntimeOn::Auto));
    let runtime_arn =
        "arn:aws:lambda:us-east-1::runtime:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    let put = lam
        .put_runtime_management_config()
        .function_name(&name)
        .update_runtime_on(UpdateRuntimeOn::Manual)
        .runtime_version_arn(runtime_arn)
        .send()
        .await
        .unwrap();
    assert_eq!(put.update_runtime_on(), &UpdateRuntimeOn::Manual);
    assert_eq!(put.runtime_version_arn(), Some(runtime_arn));
    let got = lam.get_runtime_management_config().function_name(&name).send().await.unwrap();
    assert_eq!(got.update_runtime_on(), Some(&UpdateRuntimeOn::Manual));

    let settings = lam.get_account_settings().send().await.unwrap();
    assert!(settings.account_limit().unwrap().concurrent_executions() > 0);
    let usage = settings.account_usage().unwrap();
    assert!(usage.function_count() >= 1);
    assert!(usage.total_code_size() >= created.code_size());
    lam.delete_function().function_name(&name).send().await.unwrap();
}

async fn invocation(lam: &Client) {
    let name = unique("sdk-inv");
    create(lam, &name, &function_zip()).await;
    let payload = br#"{"hello":"sdk","n":3}"#;
    let sync = lam
        .invoke()
        .function_name(&name)
        .payload(Blob::new(&payload[..]))
        .log_type(LogType::Tail)
        .send()
        .await
        .unwrap();
    assert_eq!(sync.status_code(), 200);
    assert_eq!(sync.executed_version(), Some("$LATEST"));
    assert_eq!(sync.function_error(), None);
    use base64::Engine;
    let log = base64::engine::general_purpose::STANDARD.decode(sync.log_result().expect("LogResult")).unwrap();
    assert!(String::from_utf8(log).unwrap().contains("START RequestId:"));
    let body: serde_json::Value = serde_json::from_slice(sync.payload().unwrap().as_ref()).unwrap();
    assert_eq!(body, serde_json::from_slice::<serde_json::Value>(payload).unwrap());

    let event = lam
        .invoke()
        .function_name(&name)
        .invocation_type(InvocationType::Event)
        .payload(Blob::new(&payload[..]))
        .send()
        .await
        .unwrap();
    assert_eq!(event.status_code(), 202);
    let dry = lam.invoke().function_name(&name).invocation_type(InvocationType::DryRun).send().await.unwrap();
    assert_eq!(dry.status_code(), 204);

    #[allow(deprecated)]
    let queued = lam
        .invoke_async()
        .function_name(&name)
        .invoke_args(aws_sdk_lambda::primitives::ByteStream::from_static(b"{\"queued\":true}"))
        .send()
        .await
        .unwrap();
    assert_eq!(queued.status(), 202);

    // The streamed invoke: PayloadChunk events, then one InvokeComplete.
    let big: String = format!("{{\"stream\":[{}]}}", (0..200).map(|i| i.to_string()).collect::<Vec<_>>().join(","));
    let mut out =
        lam.invoke_with_response_stream().function_name(&name).payload(Blob::new(big.as_bytes())).send().await.unwrap();
    assert_eq!(out.status_code(), 200);
    assert_eq!(out.executed_version(), Some("$LATEST"));
    let mut chunks = Vec::new();
    let mut completes = 0;
    for _ in 0..10_000 {
        match out.event_stream.recv().await.expect("event stream") {
            Some(InvokeWithResponseStreamResponseEvent::PayloadChunk(chunk)) => {
                assert_eq!(completes, 0, "a chunk after InvokeComplete");
                chunks.extend_from_slice(chunk.payload().unwrap().as_ref());
            }
            Some(InvokeWithResponseStreamResponseEvent::InvokeComplete(done)) => {
                assert_eq!(done.error_code(), None);
                completes += 1;
            }
            Some(other) => panic!("unexpected event {other:?}"),
            None => break,
        }
    }
    assert_eq!(completes, 1);
    assert_eq!(chunks, big.as_bytes());

    let err = lam
        .invoke_with_response_stream()
        .function_name(unique("absent"))
        .payload(Blob::new(&b"{}"[..]))
        .send()
        .await
        .expect_err("absent");
    assert!(err.as_service_error().is_some_and(|e| e.is_resource_not_found_exception()), "{err:?}");
    lam.delete_function().function_name(&name).send().await.unwrap();
}

/// The SDK validates only required members, so range and length limits are the server's.
async fn validation(endpoint: &str) {
    let lam = client(endpoint, ACCESS_KEY, SECRET_KEY, &Sent::default());
    // The model allows 256 characters.
    let (code, status, message) = failure(lam.get_function().function_name("f".repeat(257)).send().await);
    assert_eq!((code.as_str(), status), ("ValidationException", 400), "{message}");
    assert!(message.contains("failed to satisfy constraint"), "{message}");
    let (code, status, message) = failure(
        lam.create_function()
            .function_name(unique("bad"))
            .runtime(Runtime::Python312)
            .role(ROLE)
            .handler("index.handler")
            .code(FunctionCode::builder().zip_file(Blob::new(function_zip())).build())
            .memory_size(64)
            .timeout(0)
            .send()
            .await,
    );
    assert_eq!((code.as_str(), status), ("ValidationException", 400), "{message}");
    assert!(message.starts_with("2 validation errors detected: "), "{message}");
    assert!(message.contains("Member must have value greater than or equal to 128"), "{message}");
}

#[tokio::test]
async fn wrong_secret_and_unknown_key_are_refused() {
    let server = Server::start().await;
    let sent = Sent::default();
    let wrong = client(&server.endpoint, ACCESS_KEY, "not-the-secret", &sent);
    let (code, status, _) = failure(wrong.list_functions().send().await);
    assert_eq!((code.as_str(), status), ("InvalidSignatureException", 403));
    let unknown = client(&server.endpoint, "AKIDUNKNOWN0000000", "whatever", &sent);
    let (code, status, _) = failure(unknown.get_account_settings().send().await);
    assert_eq!((code.as_str(), status), ("UnrecognizedClientException", 403));
    // The right pair still works on the same server.
    let right = client(&server.endpoint, ACCESS_KEY, SECRET_KEY, &sent);
    assert!(right.get_account_settings().send().await.unwrap().account_limit().is_some());
}

#[tokio::test]
async fn session_tokens_must_match_the_key() {
    let server = Server::start().await;
    let sent = Sent::default();
    let with_token = |key: &str, secret: &str, token: Option<&str>| {
        let creds = Credentials::new(key, secret, token.map(str::to_string), None, "peer-test");
        Client::from_conf(config(&server.endpoint, creds, &sent).build())
    };
    let temp = with_token(TEMP_ACCESS_KEY, TEMP_SECRET_KEY, Some(SESSION_TOKEN));
    assert!(temp.get_account_settings().send().await.unwrap().account_limit().is_some());
    for refused in [
        with_token(TEMP_ACCESS_KEY, TEMP_SECRET_KEY, None),
        with_token(TEMP_ACCESS_KEY, TEMP_SECRET_KEY, Some("garbage")),
        with_token(ACCESS_KEY, SECRET_KEY, Some(SESSION_TOKEN)),
    ] {
        let (code, status, message) = failure(refused.list_functions().send().await);
        assert_eq!((code.as_str(), status), ("UnrecognizedClientException", 403), "{message}");
    }
}

#[tokio::test]
async fn a_clock_more_than_five_minutes_off_is_refused() {
    use aws_smithy_async::time::StaticTimeSource;
    use std::time::{Duration, SystemTime};
    let server = Server::start().await;
    let sent = Sent::default();
    let at = |time: SystemTime| {
        let creds = Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "peer-test");
        Client::from_conf(config(&server.endpoint, creds, &sent).time_source(StaticTimeSource::new(time)).build())
    };
    let minutes = |m: u64| Duration::from_secs(m * 60);
    assert!(at(SystemTime::now() - minutes(4)).list_functions().send().await.is_ok());
    assert!(at(SystemTime::now() + minutes(4)).list_functions().send().await.is_ok());
    let (code, status, message) = failure(at(SystemTime::now() - minutes(6)).list_functions().send().await);
    assert_eq!((code.as_str(), status), ("InvalidSignatureException", 403));
    assert!(message.starts_with("Signature expired: "), "{message}");
    let (code, status, message) = failure(at(SystemTime::now() + minutes(6)).list_functions().send().await);
    assert_eq!((code.as_str(), status), ("InvalidSignatureException", 403));
    assert!(message.starts_with("Signature not yet current: "), "{message}");
}
