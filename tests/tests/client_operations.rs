//! Every one of the 66 operations through the generated client against an in-process server:
//! the exact request (method, raw path with percent-encoded labels, raw query, headers, JSON
//! or raw body) is checked against a hand-written table, its SigV4 signature is recomputed
//! independently, and the answer (built from the reference's response syntax in
//! `tests/data/bodies/`) must come back as the output.
//!
//! Every other call is answered the way moto does: status 200 where the reference documents
//! 201/202/204, and JSON sent as `text/html`. The client must not care.

mod client_common;

use client_common::*;
use lambda_api::client::{Client, SdkError};
use lambda_api::enums::{
    Architecture, FunctionVersion, InvocationType, LogType, ResponseStreamingInvocationType, Runtime,
};
use lambda_api::operations::*;
use lambda_api::types::InvokeWithResponseStreamResponseEvent;
use lambda_api::Blob;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::json;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, VecDeque};
use std::fmt::{Debug, Display};
use std::future::Future;
use std::sync::{Arc, Mutex};

const FN: &str = "arn:aws:lambda:us-west-2:123456789012:function:my-function";
const FN_ENC: &str = "arn%3Aaws%3Alambda%3Aus-west-2%3A123456789012%3Afunction%3Amy-function";
const LAYER: &str = "arn:aws:lambda:us-west-2:123456789012:layer:image-libs";
const LAYER_ENC: &str = "arn%3Aaws%3Alambda%3Aus-west-2%3A123456789012%3Alayer%3Aimage-libs";
const CSC: &str = "arn:aws:lambda:us-west-2:123456789012:code-signing-config:csc-0a1b2c3d4e5f6a7b8";
const CSC_ENC: &str = "arn%3Aaws%3Alambda%3Aus-west-2%3A123456789012%3Acode-signing-config%3Acsc-0a1b2c3d4e5f6a7b8";
const UUID: &str = "14e0db71-5d35-4eb5-b481-8945cf9d10c2";
const REV: &str = "4c3a2b1e-8f7d-4e6a-9b5c-0d1e2f3a4b5c";
/// A marker with characters that must be encoded in a query.
const MARKER: &str = "a+b/c=d e";
const MARKER_ENC: &str = "a%2Bb%2Fc%3Dd%20e";

/// The request body file of an operation, as its input type.
fn req<T: DeserializeOwned>(op: &str) -> T {
    let v = body_file(op, "request").unwrap_or_else(|| panic!("no {op}.request.json"));
    serde_json::from_value(v).unwrap_or_else(|e| panic!("{op}.request.json: {e}"))
}

struct Harness {
    server: Server,
    replies: Arc<Mutex<VecDeque<Reply>>>,
    client: Client,
    calls: Cell<usize>,
    done: RefCell<BTreeSet<String>>,
}

struct Expect {
    method: &'static str,
    path: String,
    query: Vec<String>,
}

fn expect(method: &'static str, path: impl Into<String>, query: &[&str]) -> Expect {
    Expect { method, path: path.into(), query: query.iter().map(|s| s.to_string()).collect() }
}

impl Harness {
    async fn new() -> Harness {
        let replies: Arc<Mutex<VecDeque<Reply>>> = Arc::default();
        let queue = replies.clone();
        let server =
            Server::start(move |_| queue.lock().unwrap().pop_front().expect("a reply was scripted for this request"))
                .await;
        let client = client(&server);
        Harness { server, replies, client, calls: Cell::new(0), done: RefCell::default() }
    }

    /// Sends one call with `reply` scripted, checks the request against `exp` and its
    /// signature, and returns the output and the request.
    async fn call<T, E: Display + Debug>(
        &self,
        op: &str,
        exp: Expect,
        reply: Reply,
        call: impl Future<Output = Result<T, SdkError<E>>>,
    ) -> (T, Recorded) {
        self.replies.lock().unwrap().push_back(reply);
        let out = call.await.unwrap_or_else(|e| panic!("{op}: {e}"));
        let mut reqs = self.server.take_requests();
        assert_eq!(reqs.len(), 1, "{op}: one request, no retry");
        let r = reqs.remove(0);
        assert_eq!(r.method, exp.method, "{op}: method");
        assert_eq!(r.path, exp.path, "{op}: path");
        let mut q = exp.query.clone();
        q.sort();
        assert_eq!(r.raw_query_pairs(), q, "{op}: query");
        verify_sigv4(&r, Some(SESSION_TOKEN)).unwrap_or_else(|e| panic!("{op}: {e}"));
        assert!(
            r.header("user-agent").is_some_and(|ua| ua.starts_with("lambda-rt/")),
            "{op}: user agent {:?}",
            r.header("user-agent")
        );
        assert_eq!(r.header("host"), Some(self.server.addr.to_string().as_str()));
        self.done.borrow_mut().insert(op.to_string());
        (out, r)
    }

    /// The documented success status, or moto's 200 and `text/html` on every other call.
    fn reply_for(&self, op: &str, status: u16) -> Reply {
        let n = self.calls.get();
        self.calls.set(n + 1);
        let quirky = n % 2 == 1;
        let status = if quirky { 200 } else { status };
        let reply = match body_file(op, "response") {
            Some(v) => Reply::json(status, &v),
            None => Reply::status(status),
        };
        if quirky {
            reply.with_header("Content-Type", "text/html; charset=utf-8")
        } else {
            reply
        }
    }

    /// A JSON operation: the request body must equal `{op}.request.json` (or be empty when
    /// there is none) and the output must serialize to `{op}.response.json` (or `{}`).
    async fn json_op<T: Serialize, E: Display + Debug>(
        &self,
        op: &str,
        exp: Expect,
        status: u16,
        call: impl Future<Output = Result<T, SdkError<E>>>,
    ) {
        let reply = self.reply_for(op, status);
        let (out, r) = self.call(op, exp, reply, call).await;
        match body_file(op, "request") {
            Some(body) => {
                assert_eq!(r.header("content-type"), Some("application/json"), "{op}");
                assert_eq!(r.json(), body, "{op}: request body");
            }
            None => {
                assert!(r.body.is_empty(), "{op}: body {:?}", String::from_utf8_lossy(&r.body));
                assert_eq!(r.header("content-type"), None, "{op}");
            }
        }
        let got = serde_json::to_value(&out).unwrap();
        let want = body_file(op, "response").unwrap_or_else(|| json!({}));
        assert_eq!(got, want, "{op}: output");
    }
}

#[tokio::test]
async fn every_operation_sends_the_exact_signed_request_and_reads_its_output() {
    let h = Harness::new().await;
    let c = &h.client;
    let f = || FN.to_string();
    let live = || Some("live".to_string());

    // Layers.
    h.json_op(
        "AddLayerVersionPermission",
        expect("POST", format!("/2018-10-31/layers/{LAYER_ENC}/versions/3/policy"), &[&format!("RevisionId={REV}")]),
        201,
        c.add_layer_version_permission(add_layer_version_permission::AddLayerVersionPermissionInput {
            layer_name: LAYER.into(),
            version_number: 3,
            revision_id: Some(REV.into()),
            ..req("AddLayerVersionPermission")
        }),
    )
    .await;
    h.json_op(
        "GetLayerVersionPolicy",
        expect("GET", format!("/2018-10-31/layers/{LAYER_ENC}/versions/3/policy"), &[]),
        200,
        c.get_layer_version_policy(get_layer_version_policy::GetLayerVersionPolicyInput {
            layer_name: LAYER.into(),
            version_number: 3,
        }),
    )
    .await;
    h.json_op(
        "RemoveLayerVersionPermission",
        expect(
            "DELETE",
            format!("/2018-10-31/layers/{LAYER_ENC}/versions/3/policy/xaccount"),
            &[&format!("RevisionId={REV}")],
        ),
        204,
        c.remove_layer_version_permission(remove_layer_version_permission::RemoveLayerVersionPermissionInput {
            layer_name: LAYER.into(),
            version_number: 3,
            statement_id: "xaccount".into(),
            revision_id: Some(REV.into()),
        }),
    )
    .await;
    h.json_op(
        "PublishLayerVersion",
        expect("POST", format!("/2018-10-31/layers/{LAYER_ENC}/versions"), &[]),
        201,
        c.publish_layer_version(publish_layer_version::PublishLayerVersionInput {
            layer_name: LAYER.into(),
            ..req("PublishLayerVersion")
        }),
    )
    .await;
    h.json_op(
        "GetLayerVersion",
        expect("GET", format!("/2018-10-31/layers/{LAYER_ENC}/versions/3"), &[]),
        200,
        c.get_layer_version(get_layer_version::GetLayerVersionInput { layer_name: LAYER.into(), version_number: 3 }),
    )
    .await;
    h.json_op(
        "GetLayerVersionByArn",
        expect("GET", "/2018-10-31/layers", &["find=LayerVersion", &format!("Arn={LAYER_ENC}%3A3")]),
        200,
        c.get_layer_version_by_arn(get_layer_version_by_arn::GetLayerVersionByArnInput { arn: format!("{LAYER}:3") }),
    )
    .await;
    h.json_op(
        "DeleteLayerVersion",
        expect("DELETE", format!("/2018-10-31/layers/{LAYER_ENC}/versions/3"), &[]),
        204,
        c.delete_layer_version(delete_layer_version::DeleteLayerVersionInput {
            layer_name: LAYER.into(),
            version_number: 3,
        }),
    )
    .await;
    h.json_op(
        "ListLayerVersions",
        expect(
            "GET",
            format!("/2018-10-31/layers/{LAYER_ENC}/versions"),
            &[
                "CompatibleArchitecture=arm64",
                "CompatibleRuntime=python3.12",
                &format!("Marker={MARKER_ENC}"),
                "MaxItems=10",
            ],
        ),
        200,
        c.list_layer_versions(list_layer_versions::ListLayerVersionsInput {
            compatible_architecture: Some(Architecture::from("arm64")),
            compatible_runtime: Some(Runtime::from("python3.12")),
            layer_name: LAYER.into(),
            marker: Some(MARKER.into()),
            max_items: Some(10),
        }),
    )
    .await;
    h.json_op(
        "ListLayers",
        expect("GET", "/2018-10-31/layers", &["CompatibleRuntime=nodejs20.x", "MaxItems=50"]),
        200,
        c.list_layers(list_layers::ListLayersInput {
            compatible_runtime: Some(Runtime::from("nodejs20.x")),
            max_items: Some(50),
            ..Default::default()
        }),
    )
    .await;

    // Permissions and tags.
    h.json_op(
        "AddPermission",
        expect("POST", format!("/2015-03-31/functions/{FN_ENC}/policy"), &["Qualifier=live"]),
        201,
        c.add_permission(add_permission::AddPermissionInput {
            function_name: f(),
            qualifier: live(),
            ..req("AddPermission")
        }),
    )
    .await;
    h.json_op(
        "GetPolicy",
        expect("GET", format!("/2015-03-31/functions/{FN_ENC}/policy"), &["Qualifier=%24LATEST"]),
        200,
        c.get_policy(get_policy::GetPolicyInput { function_name: f(), qualifier: Some("$LATEST".into()) }),
    )
    .await;
    h.json_op(
        "RemovePermission",
        expect(
            "DELETE",
            format!("/2015-03-31/functions/{FN_ENC}/policy/s3-invoke"),
            &["Qualifier=live", &format!("RevisionId={REV}")],
        ),
        204,
        c.remove_permission(remove_permission::RemovePermissionInput {
            function_name: f(),
            statement_id: "s3-invoke".into(),
            qualifier: live(),
            revision_id: Some(REV.into()),
        }),
    )
    .await;
    h.json_op(
        "ListTags",
        expect("GET", format!("/2017-03-31/tags/{FN_ENC}"), &[]),
        200,
        c.list_tags(list_tags::ListTagsInput { arn: f() }),
    )
    .await;
    h.json_op(
        "TagResource",
        expect("POST", format!("/2017-03-31/tags/{FN_ENC}"), &[]),
        204,
        c.tag_resource(tag_resource::TagResourceInput { arn: f(), ..req("TagResource") }),
    )
    .await;
    h.json_op(
        "UntagResource",
        expect("DELETE", format!("/2017-03-31/tags/{FN_ENC}"), &["tagKeys=Department", "tagKeys=cost%20center"]),
        204,
        c.untag_resource(untag_resource::UntagResourceInput {
            arn: f(),
            tag_keys: vec!["Department".into(), "cost center".into()],
        }),
    )
    .await;

    // Aliases and versions.
    h.json_op(
        "CreateAlias",
        expect("POST", format!("/2015-03-31/functions/{FN_ENC}/aliases"), &[]),
        201,
        c.create_alias(create_alias::CreateAliasInput { function_name: f(), ..req("CreateAlias") }),
    )
    .await;
    h.json_op(
        "ListAliases",
        expect(
            "GET",
            format!("/2015-03-31/functions/{FN_ENC}/aliases"),
            &["FunctionVersion=1", &format!("Marker={MARKER_ENC}"), "MaxItems=10"],
        ),
        200,
        c.list_aliases(list_aliases::ListAliasesInput {
            function_name: f(),
            function_version: Some("1".into()),
            marker: Some(MARKER.into()),
            max_items: Some(10),
        }),
    )
    .await;
    h.json_op(
        "DeleteAlias",
        expect("DELETE", format!("/2015-03-31/functions/{FN_ENC}/aliases/live"), &[]),
        204,
        c.delete_alias(delete_alias::DeleteAliasInput { function_name: f(), name: "live".into() }),
    )
    .await;
    h.json_op(
        "GetAlias",
        expect("GET", format!("/2015-03-31/functions/{FN_ENC}/aliases/live"), &[]),
        200,
        c.get_alias(get_alias::GetAliasInput { function_name: f(), name: "live".into() }),
    )
    .await;
    h.json_op(
        "UpdateAlias",
        expect("PUT", format!("/2015-03-31/functions/{FN_ENC}/aliases/live"), &[]),
        200,
        c.update_alias(update_alias::UpdateAliasInput {
            function_name: f(),
            name: "live".into(),
            ..req("UpdateAlias")
        }),
    )
    .await;
    h.json_op(
        "ListVersionsByFunction",
        expect("GET", format!("/2015-03-31/functions/{FN_ENC}/versions"), &["MaxItems=2"]),
        200,
        c.list_versions_by_function(list_versions_by_function::ListVersionsByFunctionInput {
            function_name: f(),
            max_items: Some(2),
            ..Default::default()
        }),
    )
    .await;
    h.json_op(
        "PublishVersion",
        expect("POST", format!("/2015-03-31/functions/{FN_ENC}/versions"), &[]),
        201,
        c.publish_version(publish_version::PublishVersionInput { function_name: f(), ..req("PublishVersion") }),
    )
    .await;

    // Code signing.
    h.json_op(
        "CreateCodeSigningConfig",
        expect("POST", "/2020-04-22/code-signing-configs/", &[]),
        201,
        c.create_code_signing_config(req::<create_code_signing_config::CreateCodeSigningConfigInput>(
            "CreateCodeSigningConfig",
        )),
    )
    .await;
    h.json_op(
        "ListCodeSigningConfigs",
        expect("GET", "/2020-04-22/code-signing-configs/", &["MaxItems=5"]),
        200,
        c.list_code_signing_configs(list_code_signing_configs::ListCodeSigningConfigsInput {
            marker: None,
            max_items: Some(5),
        }),
    )
    .await;
    h.json_op(
        "DeleteCodeSigningConfig",
        expect("DELETE", format!("/2020-04-22/code-signing-configs/{CSC_ENC}"), &[]),
        204,
        c.delete_code_signing_config(delete_code_signing_config::DeleteCodeSigningConfigInput {
            code_signing_config_arn: CSC.into(),
        }),
    )
    .await;
    h.json_op(
        "GetCodeSigningConfig",
        expect("GET", format!("/2020-04-22/code-signing-configs/{CSC_ENC}"), &[]),
        200,
        c.get_code_signing_config(get_code_signing_config::GetCodeSigningConfigInput {
            code_signing_config_arn: CSC.into(),
        }),
    )
    .await;
    h.json_op(
        "UpdateCodeSigningConfig",
        expect("PUT", format!("/2020-04-22/code-signing-configs/{CSC_ENC}"), &[]),
        200,
        c.update_code_signing_config(update_code_signing_config::UpdateCodeSigningConfigInput {
            code_signing_config_arn: CSC.into(),
            ..req("UpdateCodeSigningConfig")
        }),
    )
    .await;
    h.json_op(
        "ListFunctionsByCodeSigningConfig",
        expect("GET", format!("/2020-04-22/code-signing-configs/{CSC_ENC}/functions"), &["MaxItems=1"]),
        200,
        c.list_functions_by_code_signing_config(
            list_functions_by_code_signing_config::ListFunctionsByCodeSigningConfigInput {
                code_signing_config_arn: CSC.into(),
                marker: None,
                max_items: Some(1),
            },
        ),
    )
    .await;
    h.json_op(
        "DeleteFunctionCodeSigningConfig",
        expect("DELETE", format!("/2020-06-30/functions/{FN_ENC}/code-signing-config"), &[]),
        204,
        c.delete_function_code_signing_config(
            delete_function_code_signing_config::DeleteFunctionCodeSigningConfigInput { function_name: f() },
        ),
    )
    .await;
    h.json_op(
        "GetFunctionCodeSigningConfig",
        expect("GET", format!("/2020-06-30/functions/{FN_ENC}/code-signing-config"), &[]),
        200,
        c.get_function_code_signing_config(get_function_code_signing_config::GetFunctionCodeSigningConfigInput {
            function_name: f(),
        }),
    )
    .await;
    h.json_op(
        "PutFunctionCodeSigningConfig",
        expect("PUT", format!("/2020-06-30/functions/{FN_ENC}/code-signing-config"), &[]),
        200,
        c.put_function_code_signing_config(put_function_code_signing_config::PutFunctionCodeSigningConfigInput {
            function_name: f(),
            ..req("PutFunctionCodeSigningConfig")
        }),
    )
    .await;

    // Event source mappings.
    h.json_op(
        "CreateEventSourceMapping",
        expect("POST", "/2015-03-31/event-source-mappings/", &[]),
        202,
        c.create_event_source_mapping(req::<create_event_source_mapping::CreateEventSourceMappingInput>(
            "CreateEventSourceMapping",
        )),
    )
    .await;
    h.json_op(
        "ListEventSourceMappings",
        expect(
            "GET",
            "/2015-03-31/event-source-mappings/",
            &["EventSourceArn=arn%3Aaws%3Asqs%3Aus-west-2%3A123456789012%3Amy-queue", "FunctionName=my-function"],
        ),
        200,
        c.list_event_source_mappings(list_event_source_mappings::ListEventSourceMappingsInput {
            event_source_arn: Some("arn:aws:sqs:us-west-2:123456789012:my-queue".into()),
            function_name: Some("my-function".into()),
            ..Default::default()
        }),
    )
    .await;
    h.json_op(
        "DeleteEventSourceMapping",
        expect("DELETE", format!("/2015-03-31/event-source-mappings/{UUID}"), &[]),
        202,
        c.delete_event_source_mapping(delete_event_source_mapping::DeleteEventSourceMappingInput { uuid: UUID.into() }),
    )
    .await;
    h.json_op(
        "GetEventSourceMapping",
        expect("GET", format!("/2015-03-31/event-source-mappings/{UUID}"), &[]),
        200,
        c.get_event_source_mapping(get_event_source_mapping::GetEventSourceMappingInput { uuid: UUID.into() }),
    )
    .await;
    h.json_op(
        "UpdateEventSourceMapping",
        expect("PUT", format!("/2015-03-31/event-source-mappings/{UUID}"), &[]),
        202,
        c.update_event_source_mapping(update_event_source_mapping::UpdateEventSourceMappingInput {
            uuid: UUID.into(),
            ..req("UpdateEventSourceMapping")
        }),
    )
    .await;

    // Functions.
    h.json_op(
        "CreateFunction",
        expect("POST", "/2015-03-31/functions", &[]),
        201,
        c.create_function(req::<create_function::CreateFunctionInput>("CreateFunction")),
    )
    .await;
    h.json_op(
        "DeleteFunction",
        expect("DELETE", format!("/2015-03-31/functions/{FN_ENC}"), &["Qualifier=1"]),
        204,
        c.delete_function(delete_function::DeleteFunctionInput { function_name: f(), qualifier: Some("1".into()) }),
    )
    .await;
    h.json_op(
        "GetFunction",
        expect("GET", format!("/2015-03-31/functions/{FN_ENC}"), &["Qualifier=live"]),
        200,
        c.get_function(get_function::GetFunctionInput { function_name: f(), qualifier: live() }),
    )
    .await;
    h.json_op(
        "GetFunctionConfiguration",
        expect("GET", format!("/2015-03-31/functions/{FN_ENC}/configuration"), &["Qualifier=live"]),
        200,
        c.get_function_configuration(get_function_configuration::GetFunctionConfigurationInput {
            function_name: f(),
            qualifier: live(),
        }),
    )
    .await;
    h.json_op(
        "UpdateFunctionConfiguration",
        expect("PUT", format!("/2015-03-31/functions/{FN_ENC}/configuration"), &[]),
        200,
        c.update_function_configuration(update_function_configuration::UpdateFunctionConfigurationInput {
            function_name: f(),
            ..req("UpdateFunctionConfiguration")
        }),
    )
    .await;
    h.json_op(
        "UpdateFunctionCode",
        expect("PUT", format!("/2015-03-31/functions/{FN_ENC}/code"), &[]),
        200,
        c.update_function_code(update_function_code::UpdateFunctionCodeInput {
            function_name: f(),
            ..req("UpdateFunctionCode")
        }),
    )
    .await;
    h.json_op(
        "ListFunctions",
        expect(
            "GET",
            "/2015-03-31/functions/",
            &["FunctionVersion=ALL", &format!("Marker={MARKER_ENC}"), "MasterRegion=us-east-1", "MaxItems=50"],
        ),
        200,
        c.list_functions(list_functions::ListFunctionsInput {
            function_version: Some(FunctionVersion::from("ALL")),
            marker: Some(MARKER.into()),
            master_region: Some("us-east-1".into()),
            max_items: Some(50),
        }),
    )
    .await;
    h.json_op(
        "GetAccountSettings",
        expect("GET", "/2016-08-19/account-settings/", &[]),
        200,
        c.get_account_settings(get_account_settings::GetAccountSettingsInput {}),
    )
    .await;

    // Concurrency.
    h.json_op(
        "DeleteFunctionConcurrency",
        expect("DELETE", format!("/2017-10-31/functions/{FN_ENC}/concurrency"), &[]),
        204,
        c.delete_function_concurrency(delete_function_concurrency::DeleteFunctionConcurrencyInput {
            function_name: f(),
        }),
    )
    .await;
    h.json_op(
        "PutFunctionConcurrency",
        expect("PUT", format!("/2017-10-31/functions/{FN_ENC}/concurrency"), &[]),
        200,
        c.put_function_concurrency(put_function_concurrency::PutFunctionConcurrencyInput {
            function_name: f(),
            ..req("PutFunctionConcurrency")
        }),
    )
    .await;
    h.json_op(
        "GetFunctionConcurrency",
        expect("GET", format!("/2019-09-30/functions/{FN_ENC}/concurrency"), &[]),
        200,
        c.get_function_concurrency(get_function_concurrency::GetFunctionConcurrencyInput { function_name: f() }),
    )
    .await;
    h.json_op(
        "DeleteProvisionedConcurrencyConfig",
        expect("DELETE", format!("/2019-09-30/functions/{FN_ENC}/provisioned-concurrency"), &["Qualifier=live"]),
        204,
        c.delete_provisioned_concurrency_config(
            delete_provisioned_concurrency_config::DeleteProvisionedConcurrencyConfigInput {
                function_name: f(),
                qualifier: "live".into(),
            },
        ),
    )
    .await;
    h.json_op(
        "GetProvisionedConcurrencyConfig",
        expect("GET", format!("/2019-09-30/functions/{FN_ENC}/provisioned-concurrency"), &["Qualifier=live"]),
        200,
        c.get_provisioned_concurrency_config(
            get_provisioned_concurrency_config::GetProvisionedConcurrencyConfigInput {
                function_name: f(),
                qualifier: "live".into(),
            },
        ),
    )
    .await;
    h.json_op(
        "PutProvisionedConcurrencyConfig",
        expect("PUT", format!("/2019-09-30/functions/{FN_ENC}/provisioned-concurrency"), &["Qualifier=live"]),
        202,
        c.put_provisioned_concurrency_config(
            put_provisioned_concurrency_config::PutProvisionedConcurrencyConfigInput {
                function_name: f(),
                qualifier: "live".into(),
                ..req("PutProvisionedConcurrencyConfig")
            },
        ),
    )
    .await;
    h.json_op(
        "ListProvisionedConcurrencyConfigs",
        expect("GET", format!("/2019-09-30/functions/{FN_ENC}/provisioned-concurrency"), &["List=ALL", "MaxItems=3"]),
        200,
        c.list_provisioned_concurrency_configs(
            list_provisioned_concurrency_configs::ListProvisionedConcurrencyConfigsInput {
                function_name: f(),
                marker: None,
                max_items: Some(3),
            },
        ),
    )
    .await;

    // Asynchronous invocation configuration.
    h.json_op(
        "DeleteFunctionEventInvokeConfig",
        expect("DELETE", format!("/2019-09-25/functions/{FN_ENC}/event-invoke-config"), &["Qualifier=live"]),
        204,
        c.delete_function_event_invoke_config(
            delete_function_event_invoke_config::DeleteFunctionEventInvokeConfigInput {
                function_name: f(),
                qualifier: live(),
            },
        ),
    )
    .await;
    h.json_op(
        "GetFunctionEventInvokeConfig",
        expect("GET", format!("/2019-09-25/functions/{FN_ENC}/event-invoke-config"), &["Qualifier=live"]),
        200,
        c.get_function_event_invoke_config(get_function_event_invoke_config::GetFunctionEventInvokeConfigInput {
            function_name: f(),
            qualifier: live(),
        }),
    )
    .await;
    h.json_op(
        "PutFunctionEventInvokeConfig",
        expect("PUT", format!("/2019-09-25/functions/{FN_ENC}/event-invoke-config"), &["Qualifier=live"]),
        200,
        c.put_function_event_invoke_config(put_function_event_invoke_config::PutFunctionEventInvokeConfigInput {
            function_name: f(),
            qualifier: live(),
            ..req("PutFunctionEventInvokeConfig")
        }),
    )
    .await;
    h.json_op(
        "UpdateFunctionEventInvokeConfig",
        expect("POST", format!("/2019-09-25/functions/{FN_ENC}/event-invoke-config"), &["Qualifier=live"]),
        200,
        c.update_function_event_invoke_config(
            update_function_event_invoke_config::UpdateFunctionEventInvokeConfigInput {
                function_name: f(),
                qualifier: live(),
                ..req("UpdateFunctionEventInvokeConfig")
            },
        ),
    )
    .await;
    h.json_op(
        "ListFunctionEventInvokeConfigs",
        expect("GET", format!("/2019-09-25/functions/{FN_ENC}/event-invoke-config/list"), &["MaxItems=20"]),
        200,
        c.list_function_event_invoke_configs(list_function_event_invoke_configs::ListFunctionEventInvokeConfigsInput {
            function_name: f(),
            marker: None,
            max_items: Some(20),
        }),
    )
    .await;

    // Function URLs.
    h.json_op(
        "CreateFunctionUrlConfig",
        expect("POST", format!("/2021-10-31/functions/{FN_ENC}/url"), &["Qualifier=live"]),
        201,
        c.create_function_url_config(create_function_url_config::CreateFunctionUrlConfigInput {
            function_name: f(),
            qualifier: live(),
            ..req("CreateFunctionUrlConfig")
        }),
    )
    .await;
    h.json_op(
        "DeleteFunctionUrlConfig",
        expect("DELETE", format!("/2021-10-31/functions/{FN_ENC}/url"), &["Qualifier=live"]),
        204,
        c.delete_function_url_config(delete_function_url_config::DeleteFunctionUrlConfigInput {
            function_name: f(),
            qualifier: live(),
        }),
    )
    .await;
    h.json_op(
        "GetFunctionUrlConfig",
        expect("GET", format!("/2021-10-31/functions/{FN_ENC}/url"), &["Qualifier=live"]),
        200,
        c.get_function_url_config(get_function_url_config::GetFunctionUrlConfigInput {
            function_name: f(),
            qualifier: live(),
        }),
    )
    .await;
    h.json_op(
        "UpdateFunctionUrlConfig",
        expect("PUT", format!("/2021-10-31/functions/{FN_ENC}/url"), &["Qualifier=live"]),
        200,
        c.update_function_url_config(update_function_url_config::UpdateFunctionUrlConfigInput {
            function_name: f(),
            qualifier: live(),
            ..req("UpdateFunctionUrlConfig")
        }),
    )
    .await;
    h.json_op(
        "ListFunctionUrlConfigs",
        expect("GET", format!("/2021-10-31/functions/{FN_ENC}/urls"), &[&format!("Marker={MARKER_ENC}")]),
        200,
        c.list_function_url_configs(list_function_url_configs::ListFunctionUrlConfigsInput {
            function_name: f(),
            marker: Some(MARKER.into()),
            max_items: None,
        }),
    )
    .await;

    // Runtime management.
    h.json_op(
        "GetRuntimeManagementConfig",
        expect("GET", format!("/2021-07-20/functions/{FN_ENC}/runtime-management-config"), &["Qualifier=live"]),
        200,
        c.get_runtime_management_config(get_runtime_management_config::GetRuntimeManagementConfigInput {
            function_name: f(),
            qualifier: live(),
        }),
    )
    .await;
    h.json_op(
        "PutRuntimeManagementConfig",
        expect("PUT", format!("/2021-07-20/functions/{FN_ENC}/runtime-management-config"), &["Qualifier=live"]),
        200,
        c.put_runtime_management_config(put_runtime_management_config::PutRuntimeManagementConfigInput {
            function_name: f(),
            qualifier: live(),
            ..req("PutRuntimeManagementConfig")
        }),
    )
    .await;

    // Invocation: raw payloads, headers both ways, status members.
    let payload = br#"{"key": "value"}"#.to_vec();
    let (out, r) = h
        .call(
            "Invoke",
            expect("POST", "/2015-03-31/functions/my-function%3A%24LATEST/invocations", &[]),
            Reply::Respond {
                status: 200,
                headers: vec![
                    ("X-Amz-Function-Error".into(), "Unhandled".into()),
                    ("X-Amz-Log-Result".into(), "U1RBUlQgUmVxdWVzdElk".into()),
                    ("X-Amz-Executed-Version".into(), "$LATEST".into()),
                    ("Content-Type".into(), "application/json".into()),
                ],
                body: br#"{"errorMessage":"boom","errorType":"Error"}"#.to_vec(),
            },
            c.invoke(invoke::InvokeInput {
                function_name: "my-function:$LATEST".into(),
                qualifier: None,
                invocation_type: Some(InvocationType::RequestResponse),
                log_type: Some(LogType::Tail),
                client_context: Some("eyJjdXN0b20iOnsiYSI6MX19".into()),
                payload: Some(Blob::new(payload.clone())),
            }),
        )
        .await;
    assert_eq!(r.body, payload, "Invoke sends the payload as is");
    assert_eq!(r.header("content-type"), Some("application/octet-stream"));
    assert_eq!(r.header("x-amz-invocation-type"), Some("RequestResponse"));
    assert_eq!(r.header("x-amz-log-type"), Some("Tail"));
    assert_eq!(r.header("x-amz-client-context"), Some("eyJjdXN0b20iOnsiYSI6MX19"));
    assert_eq!(out.status_code, Some(200));
    assert_eq!(out.function_error.as_deref(), Some("Unhandled"));
    assert_eq!(out.log_result.as_deref(), Some("U1RBUlQgUmVxdWVzdElk"));
    assert_eq!(out.executed_version.as_deref(), Some("$LATEST"));
    assert_eq!(
        out.payload.as_ref().map(|b| b.as_bytes().to_vec()),
        Some(br#"{"errorMessage":"boom","errorType":"Error"}"#.to_vec())
    );

    let args = br#"{"async": true}"#.to_vec();
    #[allow(deprecated)]
    let (out, r) = h
        .call(
            "InvokeAsync",
            expect("POST", format!("/2014-11-13/functions/{FN_ENC}/invoke-async/"), &[]),
            Reply::json(202, &json!({"Status": 202})),
            c.invoke_async(invoke_async::InvokeAsyncInput { function_name: f(), invoke_args: Blob::new(args.clone()) }),
        )
        .await;
    assert_eq!(r.body, args);
    assert_eq!(out.status, Some(202));

    let (out, r) = h
        .call(
            "InvokeWithResponseStream",
            expect(
                "POST",
                format!("/2021-11-15/functions/{FN_ENC}/response-streaming-invocations"),
                &["Qualifier=live"],
            ),
            Reply::Respond {
                status: 200,
                headers: vec![
                    ("Content-Type".into(), "application/vnd.amazon.eventstream".into()),
                    ("X-Amz-Executed-Version".into(), "7".into()),
                ],
                body: [
                    event_frame("PayloadChunk", b"chunk-1"),
                    event_frame("InvokeComplete", br#"{"LogResult":"bG9n"}"#),
                ]
                .concat(),
            },
            c.invoke_with_response_stream(invoke_with_response_stream::InvokeWithResponseStreamInput {
                function_name: f(),
                qualifier: live(),
                invocation_type: Some(ResponseStreamingInvocationType::RequestResponse),
                log_type: Some(LogType::Tail),
                client_context: None,
                payload: Some(Blob::new(b"{}".to_vec())),
            }),
        )
        .await;
    assert_eq!(r.body, b"{}");
    assert_eq!(r.header("x-amz-invocation-type"), Some("RequestResponse"));
    assert_eq!(out.status_code, Some(200));
    assert_eq!(out.executed_version.as_deref(), Some("7"));
    let mut events = out.event_stream.expect("an event stream");
    match events.recv().await {
        Some(Ok(InvokeWithResponseStreamResponseEvent::PayloadChunk(c))) => {
            assert_eq!(c.payload.unwrap().as_bytes(), b"chunk-1")
        }
        other => panic!("{other:?}"),
    }
    match events.recv().await {
        Some(Ok(InvokeWithResponseStreamResponseEvent::InvokeComplete(c))) => {
            assert_eq!(c.log_result.as_deref(), Some("bG9n"))
        }
        other => panic!("{other:?}"),
    }
    assert!(events.recv().await.is_none());

    // Every operation was exercised, and they share one connection.
    let done = h.done.borrow();
    let missing: Vec<_> = OPERATION_NAMES.iter().filter(|n| !done.contains(**n)).collect();
    assert!(missing.is_empty(), "operations not exercised: {missing:?}");
    assert_eq!(done.len(), 66);
    assert_eq!(OPERATION_NAMES.len(), 66);
    assert_eq!(h.server.connections(), 1, "one pooled connection for every call");
}

/// An event frame as Lambda sends it, encoded with aws-smithy-eventstream.
fn event_frame(event_type: &str, payload: &[u8]) -> Vec<u8> {
    use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
    let m = Message::new(payload.to_vec())
        .add_header(Header::new(":message-type", HeaderValue::String("event".into())))
        .add_header(Header::new(":event-type", HeaderValue::String(event_type.to_string().into())))
        .add_header(Header::new(":content-type", HeaderValue::String("application/octet-stream".into())));
    let mut out = Vec::new();
    aws_smithy_eventstream::frame::write_message_to(&m, &mut out).unwrap();
    out
}
