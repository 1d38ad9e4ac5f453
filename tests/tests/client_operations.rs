//! Every one of the 91 operations through the generated client against an in-process server:
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
    Architecture, CapacityProviderState, ExecutionStatus, FunctionVersion, InvocationType, LogType,
    ResponseStreamingInvocationType, Runtime,
};
use lambda_api::operations::*;
use lambda_api::types::{ErrorObject, InvokeWithResponseStreamResponseEvent};
use lambda_api::{Blob, Timestamp};
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
const DURABLE: &str = "arn:aws:lambda:us-west-2:123456789012:function:my-function:$LATEST/durable-execution/order-1042/b1c2d3e4-f5a6-4789-8abc-def012345678";
const DURABLE_ENC: &str = "arn%3Aaws%3Alambda%3Aus-west-2%3A123456789012%3Afunction%3Amy-function%3A%24LATEST%2Fdurable-execution%2Forder-1042%2Fb1c2d3e4-f5a6-4789-8abc-def012345678";
/// A callback id is base64: `+`, `/` and `=` must be encoded in the path.
const CALLBACK: &str = "Y2Fs+bGJh/Y2stMDAwMQ==";
const CALLBACK_ENC: &str = "Y2Fs%2BbGJh%2FY2stMDAwMQ%3D%3D";
const TOKEN: &str = "Y2hlY2twb2ludC0wMDAx";
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

/// Every operation of the API, one group of calls after another. Each group is its own boxed
/// future: one async fn holding all 91 calls grows, unoptimized, past a test thread's stack.
#[tokio::test]
async fn every_operation_sends_the_exact_signed_request_and_reads_its_output() {
    let h = Harness::new().await;
    Box::pin(layers(&h)).await;
    Box::pin(permissions_and_tags(&h)).await;
    Box::pin(aliases_and_versions(&h)).await;
    Box::pin(code_signing(&h)).await;
    Box::pin(event_source_mappings(&h)).await;
    Box::pin(functions(&h)).await;
    Box::pin(concurrency(&h)).await;
    Box::pin(async_invoke_config(&h)).await;
    Box::pin(function_urls(&h)).await;
    Box::pin(runtime_management(&h)).await;
    Box::pin(durable_executions(&h)).await;
    Box::pin(capacity_providers(&h)).await;
    Box::pin(policies_recursion_scaling(&h)).await;
    Box::pin(invocation(&h)).await;

    // Every operation was exercised, and they share one connection.
    let done = h.done.borrow();
    let missing: Vec<_> = OPERATION_NAMES.iter().filter(|n| !done.contains(**n)).collect();
    assert!(missing.is_empty(), "operations not exercised: {missing:?}");
    assert_eq!(done.len(), 91);
    assert_eq!(OPERATION_NAMES.len(), 91);
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

async fn layers(h: &Harness) {
    let c = &h.client;
    // Layers.
    h.json_op(
        "AddLayerVersionPermission",
        expect("POST", format!("/2018-10-31/layers/{LAYER_ENC}/versions/3/policy"), &[&format!("RevisionId={REV}")]),
        201,
        c.add_layer_version_permission({
            let mut input: add_layer_version_permission::AddLayerVersionPermissionInput =
                req("AddLayerVersionPermission");
            input.layer_name = LAYER.into();
            input.version_number = 3;
            input.revision_id = Some(REV.into());
            input
        }),
    )
    .await;
    h.json_op(
        "GetLayerVersionPolicy",
        expect("GET", format!("/2018-10-31/layers/{LAYER_ENC}/versions/3/policy"), &[]),
        200,
        c.get_layer_version_policy(
            get_layer_version_policy::GetLayerVersionPolicyInput::builder()
                .layer_name(LAYER)
                .version_number(3)
                .build()
                .unwrap(),
        ),
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
        c.remove_layer_version_permission(
            remove_layer_version_permission::RemoveLayerVersionPermissionInput::builder()
                .layer_name(LAYER)
                .version_number(3)
                .statement_id("xaccount")
                .revision_id(REV)
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "PublishLayerVersion",
        expect("POST", format!("/2018-10-31/layers/{LAYER_ENC}/versions"), &[]),
        201,
        c.publish_layer_version({
            let mut input: publish_layer_version::PublishLayerVersionInput = req("PublishLayerVersion");
            input.layer_name = LAYER.into();
            input
        }),
    )
    .await;
    h.json_op(
        "GetLayerVersion",
        expect("GET", format!("/2018-10-31/layers/{LAYER_ENC}/versions/3"), &[]),
        200,
        c.get_layer_version(
            get_layer_version::GetLayerVersionInput::builder().layer_name(LAYER).version_number(3).build().unwrap(),
        ),
    )
    .await;
    h.json_op(
        "GetLayerVersionByArn",
        expect("GET", "/2018-10-31/layers", &["find=LayerVersion", &format!("Arn={LAYER_ENC}%3A3")]),
        200,
        c.get_layer_version_by_arn(
            get_layer_version_by_arn::GetLayerVersionByArnInput::builder().arn(format!("{LAYER}:3")).build().unwrap(),
        ),
    )
    .await;
    h.json_op(
        "DeleteLayerVersion",
        expect("DELETE", format!("/2018-10-31/layers/{LAYER_ENC}/versions/3"), &[]),
        204,
        c.delete_layer_version(
            delete_layer_version::DeleteLayerVersionInput::builder()
                .layer_name(LAYER)
                .version_number(3)
                .build()
                .unwrap(),
        ),
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
        c.list_layer_versions(
            list_layer_versions::ListLayerVersionsInput::builder()
                .compatible_architecture(Architecture::from("arm64"))
                .compatible_runtime(Runtime::from("python3.12"))
                .layer_name(LAYER)
                .marker(MARKER)
                .max_items(10)
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "ListLayers",
        expect("GET", "/2018-10-31/layers", &["CompatibleRuntime=nodejs20.x", "MaxItems=50"]),
        200,
        c.list_layers(
            list_layers::ListLayersInput::builder()
                .compatible_runtime(Runtime::from("nodejs20.x"))
                .max_items(50)
                .build()
                .unwrap(),
        ),
    )
    .await;
}

async fn permissions_and_tags(h: &Harness) {
    let c = &h.client;
    // Permissions and tags.
    h.json_op(
        "AddPermission",
        expect("POST", format!("/2015-03-31/functions/{FN_ENC}/policy"), &["Qualifier=live"]),
        201,
        c.add_permission({
            let mut input: add_permission::AddPermissionInput = req("AddPermission");
            input.function_name = f();
            input.qualifier = live();
            input
        }),
    )
    .await;
    h.json_op(
        "GetPolicy",
        expect("GET", format!("/2015-03-31/functions/{FN_ENC}/policy"), &["Qualifier=%24LATEST"]),
        200,
        c.get_policy(get_policy::GetPolicyInput::builder().function_name(f()).qualifier("$LATEST").build().unwrap()),
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
        c.remove_permission(
            remove_permission::RemovePermissionInput::builder()
                .function_name(f())
                .statement_id("s3-invoke")
                .set_qualifier(live())
                .revision_id(REV)
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "ListTags",
        expect("GET", format!("/2017-03-31/tags/{FN_ENC}"), &[]),
        200,
        c.list_tags(list_tags::ListTagsInput::builder().resource(f()).build().unwrap()),
    )
    .await;
    h.json_op(
        "TagResource",
        expect("POST", format!("/2017-03-31/tags/{FN_ENC}"), &[]),
        204,
        c.tag_resource({
            let mut input: tag_resource::TagResourceInput = req("TagResource");
            input.resource = f();
            input
        }),
    )
    .await;
    h.json_op(
        "UntagResource",
        expect("DELETE", format!("/2017-03-31/tags/{FN_ENC}"), &["tagKeys=Department", "tagKeys=cost%20center"]),
        204,
        c.untag_resource(
            untag_resource::UntagResourceInput::builder()
                .resource(f())
                .tag_keys(vec!["Department".into(), "cost center".into()])
                .build()
                .unwrap(),
        ),
    )
    .await;
}

async fn aliases_and_versions(h: &Harness) {
    let c = &h.client;
    // Aliases and versions.
    h.json_op(
        "CreateAlias",
        expect("POST", format!("/2015-03-31/functions/{FN_ENC}/aliases"), &[]),
        201,
        c.create_alias({
            let mut input: create_alias::CreateAliasInput = req("CreateAlias");
            input.function_name = f();
            input
        }),
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
        c.list_aliases(
            list_aliases::ListAliasesInput::builder()
                .function_name(f())
                .function_version("1")
                .marker(MARKER)
                .max_items(10)
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "DeleteAlias",
        expect("DELETE", format!("/2015-03-31/functions/{FN_ENC}/aliases/live"), &[]),
        204,
        c.delete_alias(delete_alias::DeleteAliasInput::builder().function_name(f()).name("live").build().unwrap()),
    )
    .await;
    h.json_op(
        "GetAlias",
        expect("GET", format!("/2015-03-31/functions/{FN_ENC}/aliases/live"), &[]),
        200,
        c.get_alias(get_alias::GetAliasInput::builder().function_name(f()).name("live").build().unwrap()),
    )
    .await;
    h.json_op(
        "UpdateAlias",
        expect("PUT", format!("/2015-03-31/functions/{FN_ENC}/aliases/live"), &[]),
        200,
        c.update_alias({
            let mut input: update_alias::UpdateAliasInput = req("UpdateAlias");
            input.function_name = f();
            input.name = "live".into();
            input
        }),
    )
    .await;
    h.json_op(
        "ListVersionsByFunction",
        expect("GET", format!("/2015-03-31/functions/{FN_ENC}/versions"), &["MaxItems=2"]),
        200,
        c.list_versions_by_function(
            list_versions_by_function::ListVersionsByFunctionInput::builder()
                .function_name(f())
                .max_items(2)
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "PublishVersion",
        expect("POST", format!("/2015-03-31/functions/{FN_ENC}/versions"), &[]),
        201,
        c.publish_version({
            let mut input: publish_version::PublishVersionInput = req("PublishVersion");
            input.function_name = f();
            input
        }),
    )
    .await;
}

async fn code_signing(h: &Harness) {
    let c = &h.client;
    // Code signing.
    h.json_op(
        "CreateCodeSigningConfig",
        expect("POST", "/2020-04-22/code-signing-configs", &[]),
        201,
        c.create_code_signing_config(req::<create_code_signing_config::CreateCodeSigningConfigInput>(
            "CreateCodeSigningConfig",
        )),
    )
    .await;
    h.json_op(
        "ListCodeSigningConfigs",
        expect("GET", "/2020-04-22/code-signing-configs", &["MaxItems=5"]),
        200,
        c.list_code_signing_configs(
            list_code_signing_configs::ListCodeSigningConfigsInput::builder().max_items(5).build().unwrap(),
        ),
    )
    .await;
    h.json_op(
        "DeleteCodeSigningConfig",
        expect("DELETE", format!("/2020-04-22/code-signing-configs/{CSC_ENC}"), &[]),
        204,
        c.delete_code_signing_config(
            delete_code_signing_config::DeleteCodeSigningConfigInput::builder()
                .code_signing_config_arn(CSC)
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "GetCodeSigningConfig",
        expect("GET", format!("/2020-04-22/code-signing-configs/{CSC_ENC}"), &[]),
        200,
        c.get_code_signing_config(
            get_code_signing_config::GetCodeSigningConfigInput::builder().code_signing_config_arn(CSC).build().unwrap(),
        ),
    )
    .await;
    h.json_op(
        "UpdateCodeSigningConfig",
        expect("PUT", format!("/2020-04-22/code-signing-configs/{CSC_ENC}"), &[]),
        200,
        c.update_code_signing_config({
            let mut input: update_code_signing_config::UpdateCodeSigningConfigInput = req("UpdateCodeSigningConfig");
            input.code_signing_config_arn = CSC.into();
            input
        }),
    )
    .await;
    h.json_op(
        "ListFunctionsByCodeSigningConfig",
        expect("GET", format!("/2020-04-22/code-signing-configs/{CSC_ENC}/functions"), &["MaxItems=1"]),
        200,
        c.list_functions_by_code_signing_config(
            list_functions_by_code_signing_config::ListFunctionsByCodeSigningConfigInput::builder()
                .code_signing_config_arn(CSC)
                .max_items(1)
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "DeleteFunctionCodeSigningConfig",
        expect("DELETE", format!("/2020-06-30/functions/{FN_ENC}/code-signing-config"), &[]),
        204,
        c.delete_function_code_signing_config(
            delete_function_code_signing_config::DeleteFunctionCodeSigningConfigInput::builder()
                .function_name(f())
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "GetFunctionCodeSigningConfig",
        expect("GET", format!("/2020-06-30/functions/{FN_ENC}/code-signing-config"), &[]),
        200,
        c.get_function_code_signing_config(
            get_function_code_signing_config::GetFunctionCodeSigningConfigInput::builder()
                .function_name(f())
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "PutFunctionCodeSigningConfig",
        expect("PUT", format!("/2020-06-30/functions/{FN_ENC}/code-signing-config"), &[]),
        200,
        c.put_function_code_signing_config({
            let mut input: put_function_code_signing_config::PutFunctionCodeSigningConfigInput =
                req("PutFunctionCodeSigningConfig");
            input.function_name = f();
            input
        }),
    )
    .await;
}

async fn event_source_mappings(h: &Harness) {
    let c = &h.client;
    // Event source mappings.
    h.json_op(
        "CreateEventSourceMapping",
        expect("POST", "/2015-03-31/event-source-mappings", &[]),
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
            "/2015-03-31/event-source-mappings",
            &["EventSourceArn=arn%3Aaws%3Asqs%3Aus-west-2%3A123456789012%3Amy-queue", "FunctionName=my-function"],
        ),
        200,
        c.list_event_source_mappings(
            list_event_source_mappings::ListEventSourceMappingsInput::builder()
                .event_source_arn("arn:aws:sqs:us-west-2:123456789012:my-queue")
                .function_name("my-function")
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "DeleteEventSourceMapping",
        expect("DELETE", format!("/2015-03-31/event-source-mappings/{UUID}"), &[]),
        202,
        c.delete_event_source_mapping(
            delete_event_source_mapping::DeleteEventSourceMappingInput::builder().uuid(UUID).build().unwrap(),
        ),
    )
    .await;
    h.json_op(
        "GetEventSourceMapping",
        expect("GET", format!("/2015-03-31/event-source-mappings/{UUID}"), &[]),
        200,
        c.get_event_source_mapping(
            get_event_source_mapping::GetEventSourceMappingInput::builder().uuid(UUID).build().unwrap(),
        ),
    )
    .await;
    h.json_op(
        "UpdateEventSourceMapping",
        expect("PUT", format!("/2015-03-31/event-source-mappings/{UUID}"), &[]),
        202,
        c.update_event_source_mapping({
            let mut input: update_event_source_mapping::UpdateEventSourceMappingInput = req("UpdateEventSourceMapping");
            input.uuid = UUID.into();
            input
        }),
    )
    .await;
}

async fn functions(h: &Harness) {
    let c = &h.client;
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
        c.delete_function(
            delete_function::DeleteFunctionInput::builder().function_name(f()).qualifier("1").build().unwrap(),
        ),
    )
    .await;
    h.json_op(
        "GetFunction",
        expect("GET", format!("/2015-03-31/functions/{FN_ENC}"), &["Qualifier=live"]),
        200,
        c.get_function(
            get_function::GetFunctionInput::builder().function_name(f()).set_qualifier(live()).build().unwrap(),
        ),
    )
    .await;
    h.json_op(
        "GetFunctionConfiguration",
        expect("GET", format!("/2015-03-31/functions/{FN_ENC}/configuration"), &["Qualifier=live"]),
        200,
        c.get_function_configuration(
            get_function_configuration::GetFunctionConfigurationInput::builder()
                .function_name(f())
                .set_qualifier(live())
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "UpdateFunctionConfiguration",
        expect("PUT", format!("/2015-03-31/functions/{FN_ENC}/configuration"), &[]),
        200,
        c.update_function_configuration({
            let mut input: update_function_configuration::UpdateFunctionConfigurationInput =
                req("UpdateFunctionConfiguration");
            input.function_name = f();
            input
        }),
    )
    .await;
    h.json_op(
        "UpdateFunctionCode",
        expect("PUT", format!("/2015-03-31/functions/{FN_ENC}/code"), &[]),
        200,
        c.update_function_code({
            let mut input: update_function_code::UpdateFunctionCodeInput = req("UpdateFunctionCode");
            input.function_name = f();
            input
        }),
    )
    .await;
    h.json_op(
        "ListFunctions",
        expect(
            "GET",
            "/2015-03-31/functions",
            &["FunctionVersion=ALL", &format!("Marker={MARKER_ENC}"), "MasterRegion=us-east-1", "MaxItems=50"],
        ),
        200,
        c.list_functions(
            list_functions::ListFunctionsInput::builder()
                .function_version(FunctionVersion::from("ALL"))
                .marker(MARKER)
                .master_region("us-east-1")
                .max_items(50)
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "GetAccountSettings",
        expect("GET", "/2016-08-19/account-settings", &[]),
        200,
        c.get_account_settings(get_account_settings::GetAccountSettingsInput::builder().build().unwrap()),
    )
    .await;
}

async fn concurrency(h: &Harness) {
    let c = &h.client;
    // Concurrency.
    h.json_op(
        "DeleteFunctionConcurrency",
        expect("DELETE", format!("/2017-10-31/functions/{FN_ENC}/concurrency"), &[]),
        204,
        c.delete_function_concurrency(
            delete_function_concurrency::DeleteFunctionConcurrencyInput::builder().function_name(f()).build().unwrap(),
        ),
    )
    .await;
    h.json_op(
        "PutFunctionConcurrency",
        expect("PUT", format!("/2017-10-31/functions/{FN_ENC}/concurrency"), &[]),
        200,
        c.put_function_concurrency({
            let mut input: put_function_concurrency::PutFunctionConcurrencyInput = req("PutFunctionConcurrency");
            input.function_name = f();
            input
        }),
    )
    .await;
    h.json_op(
        "GetFunctionConcurrency",
        expect("GET", format!("/2019-09-30/functions/{FN_ENC}/concurrency"), &[]),
        200,
        c.get_function_concurrency(
            get_function_concurrency::GetFunctionConcurrencyInput::builder().function_name(f()).build().unwrap(),
        ),
    )
    .await;
    h.json_op(
        "DeleteProvisionedConcurrencyConfig",
        expect("DELETE", format!("/2019-09-30/functions/{FN_ENC}/provisioned-concurrency"), &["Qualifier=live"]),
        204,
        c.delete_provisioned_concurrency_config(
            delete_provisioned_concurrency_config::DeleteProvisionedConcurrencyConfigInput::builder()
                .function_name(f())
                .qualifier("live")
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "GetProvisionedConcurrencyConfig",
        expect("GET", format!("/2019-09-30/functions/{FN_ENC}/provisioned-concurrency"), &["Qualifier=live"]),
        200,
        c.get_provisioned_concurrency_config(
            get_provisioned_concurrency_config::GetProvisionedConcurrencyConfigInput::builder()
                .function_name(f())
                .qualifier("live")
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "PutProvisionedConcurrencyConfig",
        expect("PUT", format!("/2019-09-30/functions/{FN_ENC}/provisioned-concurrency"), &["Qualifier=live"]),
        202,
        c.put_provisioned_concurrency_config({
            let mut input: put_provisioned_concurrency_config::PutProvisionedConcurrencyConfigInput =
                req("PutProvisionedConcurrencyConfig");
            input.function_name = f();
            input.qualifier = "live".into();
            input
        }),
    )
    .await;
    h.json_op(
        "ListProvisionedConcurrencyConfigs",
        expect("GET", format!("/2019-09-30/functions/{FN_ENC}/provisioned-concurrency"), &["List=ALL", "MaxItems=3"]),
        200,
        c.list_provisioned_concurrency_configs(
            list_provisioned_concurrency_configs::ListProvisionedConcurrencyConfigsInput::builder()
                .function_name(f())
                .max_items(3)
                .build()
                .unwrap(),
        ),
    )
    .await;
}

async fn async_invoke_config(h: &Harness) {
    let c = &h.client;
    // Asynchronous invocation configuration.
    h.json_op(
        "DeleteFunctionEventInvokeConfig",
        expect("DELETE", format!("/2019-09-25/functions/{FN_ENC}/event-invoke-config"), &["Qualifier=live"]),
        204,
        c.delete_function_event_invoke_config(
            delete_function_event_invoke_config::DeleteFunctionEventInvokeConfigInput::builder()
                .function_name(f())
                .set_qualifier(live())
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "GetFunctionEventInvokeConfig",
        expect("GET", format!("/2019-09-25/functions/{FN_ENC}/event-invoke-config"), &["Qualifier=live"]),
        200,
        c.get_function_event_invoke_config(
            get_function_event_invoke_config::GetFunctionEventInvokeConfigInput::builder()
                .function_name(f())
                .set_qualifier(live())
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "PutFunctionEventInvokeConfig",
        expect("PUT", format!("/2019-09-25/functions/{FN_ENC}/event-invoke-config"), &["Qualifier=live"]),
        200,
        c.put_function_event_invoke_config({
            let mut input: put_function_event_invoke_config::PutFunctionEventInvokeConfigInput =
                req("PutFunctionEventInvokeConfig");
            input.function_name = f();
            input.qualifier = live();
            input
        }),
    )
    .await;
    h.json_op(
        "UpdateFunctionEventInvokeConfig",
        expect("POST", format!("/2019-09-25/functions/{FN_ENC}/event-invoke-config"), &["Qualifier=live"]),
        200,
        c.update_function_event_invoke_config({
            let mut input: update_function_event_invoke_config::UpdateFunctionEventInvokeConfigInput =
                req("UpdateFunctionEventInvokeConfig");
            input.function_name = f();
            input.qualifier = live();
            input
        }),
    )
    .await;
    h.json_op(
        "ListFunctionEventInvokeConfigs",
        expect("GET", format!("/2019-09-25/functions/{FN_ENC}/event-invoke-config/list"), &["MaxItems=20"]),
        200,
        c.list_function_event_invoke_configs(
            list_function_event_invoke_configs::ListFunctionEventInvokeConfigsInput::builder()
                .function_name(f())
                .max_items(20)
                .build()
                .unwrap(),
        ),
    )
    .await;
}

async fn function_urls(h: &Harness) {
    let c = &h.client;
    // Function URLs.
    h.json_op(
        "CreateFunctionUrlConfig",
        expect("POST", format!("/2021-10-31/functions/{FN_ENC}/url"), &["Qualifier=live"]),
        201,
        c.create_function_url_config({
            let mut input: create_function_url_config::CreateFunctionUrlConfigInput = req("CreateFunctionUrlConfig");
            input.function_name = f();
            input.qualifier = live();
            input
        }),
    )
    .await;
    h.json_op(
        "DeleteFunctionUrlConfig",
        expect("DELETE", format!("/2021-10-31/functions/{FN_ENC}/url"), &["Qualifier=live"]),
        204,
        c.delete_function_url_config(
            delete_function_url_config::DeleteFunctionUrlConfigInput::builder()
                .function_name(f())
                .set_qualifier(live())
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "GetFunctionUrlConfig",
        expect("GET", format!("/2021-10-31/functions/{FN_ENC}/url"), &["Qualifier=live"]),
        200,
        c.get_function_url_config(
            get_function_url_config::GetFunctionUrlConfigInput::builder()
                .function_name(f())
                .set_qualifier(live())
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "UpdateFunctionUrlConfig",
        expect("PUT", format!("/2021-10-31/functions/{FN_ENC}/url"), &["Qualifier=live"]),
        200,
        c.update_function_url_config({
            let mut input: update_function_url_config::UpdateFunctionUrlConfigInput = req("UpdateFunctionUrlConfig");
            input.function_name = f();
            input.qualifier = live();
            input
        }),
    )
    .await;
    h.json_op(
        "ListFunctionUrlConfigs",
        expect("GET", format!("/2021-10-31/functions/{FN_ENC}/urls"), &[&format!("Marker={MARKER_ENC}")]),
        200,
        c.list_function_url_configs(
            list_function_url_configs::ListFunctionUrlConfigsInput::builder()
                .function_name(f())
                .marker(MARKER)
                .build()
                .unwrap(),
        ),
    )
    .await;
}

async fn runtime_management(h: &Harness) {
    let c = &h.client;
    // Runtime management.
    h.json_op(
        "GetRuntimeManagementConfig",
        expect("GET", format!("/2021-07-20/functions/{FN_ENC}/runtime-management-config"), &["Qualifier=live"]),
        200,
        c.get_runtime_management_config(
            get_runtime_management_config::GetRuntimeManagementConfigInput::builder()
                .function_name(f())
                .set_qualifier(live())
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "PutRuntimeManagementConfig",
        expect("PUT", format!("/2021-07-20/functions/{FN_ENC}/runtime-management-config"), &["Qualifier=live"]),
        200,
        c.put_runtime_management_config({
            let mut input: put_runtime_management_config::PutRuntimeManagementConfigInput =
                req("PutRuntimeManagementConfig");
            input.function_name = f();
            input.qualifier = live();
            input
        }),
    )
    .await;
}

async fn durable_executions(h: &Harness) {
    let c = &h.client;
    // Durable executions.
    let durable = || DURABLE.to_string();
    let de = format!("/2025-12-01/durable-executions/{DURABLE_ENC}");
    h.json_op(
        "CheckpointDurableExecution",
        expect("POST", format!("{de}/checkpoint"), &[]),
        200,
        c.checkpoint_durable_execution({
            let mut input: checkpoint_durable_execution::CheckpointDurableExecutionInput =
                req("CheckpointDurableExecution");
            input.durable_execution_arn = durable();
            input
        }),
    )
    .await;
    h.json_op(
        "GetDurableExecution",
        expect("GET", de.clone(), &["IncludeExecutionData=true"]),
        200,
        c.get_durable_execution(
            get_durable_execution::GetDurableExecutionInput::builder()
                .durable_execution_arn(durable())
                .include_execution_data(true)
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "GetDurableExecutionHistory",
        expect(
            "GET",
            format!("{de}/history"),
            &["IncludeExecutionData=false", &format!("Marker={MARKER_ENC}"), "MaxItems=100", "ReverseOrder=true"],
        ),
        200,
        c.get_durable_execution_history(
            get_durable_execution_history::GetDurableExecutionHistoryInput::builder()
                .durable_execution_arn(durable())
                .include_execution_data(false)
                .marker(MARKER)
                .max_items(100)
                .reverse_order(true)
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "GetDurableExecutionState",
        expect("GET", format!("{de}/state"), &[&format!("CheckpointToken={TOKEN}"), "MaxItems=10"]),
        200,
        c.get_durable_execution_state(
            get_durable_execution_state::GetDurableExecutionStateInput::builder()
                .durable_execution_arn(durable())
                .checkpoint_token(TOKEN)
                .max_items(10)
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "ListDurableExecutionsByFunction",
        expect(
            "GET",
            format!("/2025-12-01/functions/{FN_ENC}/durable-executions"),
            &[
                "Qualifier=live",
                "DurableExecutionName=order-1042",
                "Statuses=RUNNING",
                "Statuses=TIMED_OUT",
                "StartedAfter=2024-05-01T12%3A30%3A00Z",
                "StartedBefore=2024-05-02T12%3A30%3A00.500Z",
                "ReverseOrder=false",
                &format!("Marker={MARKER_ENC}"),
                "MaxItems=25",
            ],
        ),
        200,
        c.list_durable_executions_by_function(
            list_durable_executions_by_function::ListDurableExecutionsByFunctionInput::builder()
                .function_name(f())
                .set_qualifier(live())
                .durable_execution_name("order-1042")
                .statuses(vec![ExecutionStatus::Running, ExecutionStatus::TimedOut])
                .started_after(Timestamp::from_epoch_seconds(1_714_566_600.0))
                .started_before(Timestamp::from_epoch_seconds(1_714_653_000.5))
                .reverse_order(false)
                .marker(MARKER)
                .max_items(25)
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "PauseDurableExecution",
        expect("POST", format!("{de}/pause"), &[]),
        202,
        c.pause_durable_execution({
            let mut input: pause_durable_execution::PauseDurableExecutionInput = req("PauseDurableExecution");
            input.durable_execution_arn = durable();
            input
        }),
    )
    .await;
    h.json_op(
        "ResumeDurableExecution",
        expect("POST", format!("{de}/resume"), &[]),
        202,
        c.resume_durable_execution({
            let mut input: resume_durable_execution::ResumeDurableExecutionInput = req("ResumeDurableExecution");
            input.durable_execution_arn = durable();
            input
        }),
    )
    .await;
    // The body of StopDurableExecution and SendDurableExecutionCallbackFailure is one member,
    // the error object.
    h.json_op(
        "StopDurableExecution",
        expect("POST", format!("{de}/stop"), &[]),
        200,
        c.stop_durable_execution(
            stop_durable_execution::StopDurableExecutionInput::builder()
                .durable_execution_arn(durable())
                .error(req::<ErrorObject>("StopDurableExecution"))
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "DeleteDurableExecution",
        expect("DELETE", de.clone(), &[]),
        202,
        c.delete_durable_execution(
            delete_durable_execution::DeleteDurableExecutionInput::builder()
                .durable_execution_arn(durable())
                .build()
                .unwrap(),
        ),
    )
    .await;
    let callbacks = format!("/2025-12-01/durable-execution-callbacks/{CALLBACK_ENC}");
    h.json_op(
        "SendDurableExecutionCallbackFailure",
        expect("POST", format!("{callbacks}/fail"), &[]),
        200,
        c.send_durable_execution_callback_failure(
            send_durable_execution_callback_failure::SendDurableExecutionCallbackFailureInput::builder()
                .callback_id(CALLBACK)
                .error(req::<ErrorObject>("SendDurableExecutionCallbackFailure"))
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "SendDurableExecutionCallbackHeartbeat",
        expect("POST", format!("{callbacks}/heartbeat"), &[]),
        200,
        c.send_durable_execution_callback_heartbeat(
            send_durable_execution_callback_heartbeat::SendDurableExecutionCallbackHeartbeatInput::builder()
                .callback_id(CALLBACK)
                .build()
                .unwrap(),
        ),
    )
    .await;
    // The callback result is a raw payload.
    let result = br#"{"approved": true}"#.to_vec();
    let (_, r) = h
        .call(
            "SendDurableExecutionCallbackSuccess",
            expect("POST", format!("{callbacks}/succeed"), &[]),
            h.reply_for("SendDurableExecutionCallbackSuccess", 200),
            c.send_durable_execution_callback_success(
                send_durable_execution_callback_success::SendDurableExecutionCallbackSuccessInput::builder()
                    .callback_id(CALLBACK)
                    .result(Blob::new(result.clone()))
                    .build()
                    .unwrap(),
            ),
        )
        .await;
    assert_eq!(r.body, result, "the result is sent as is");
    assert_eq!(r.header("content-type"), Some("application/octet-stream"));
}

async fn capacity_providers(h: &Harness) {
    let c = &h.client;
    // Capacity providers.
    let cp = "/2025-11-30/capacity-providers";
    h.json_op(
        "CreateCapacityProvider",
        expect("POST", cp, &[]),
        202,
        c.create_capacity_provider(req::<create_capacity_provider::CreateCapacityProviderInput>(
            "CreateCapacityProvider",
        )),
    )
    .await;
    h.json_op(
        "GetCapacityProvider",
        expect("GET", format!("{cp}/batch-capacity"), &[]),
        200,
        c.get_capacity_provider(
            get_capacity_provider::GetCapacityProviderInput::builder()
                .capacity_provider_name("batch-capacity")
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "UpdateCapacityProvider",
        expect("PUT", format!("{cp}/batch-capacity"), &[]),
        202,
        c.update_capacity_provider({
            let mut input: update_capacity_provider::UpdateCapacityProviderInput = req("UpdateCapacityProvider");
            input.capacity_provider_name = "batch-capacity".into();
            input
        }),
    )
    .await;
    h.json_op(
        "ListCapacityProviders",
        expect("GET", cp, &["State=Active", &format!("Marker={MARKER_ENC}"), "MaxItems=50"]),
        200,
        c.list_capacity_providers(
            list_capacity_providers::ListCapacityProvidersInput::builder()
                .state(CapacityProviderState::Active)
                .marker(MARKER)
                .max_items(50)
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "ListFunctionVersionsByCapacityProvider",
        expect("GET", format!("{cp}/batch-capacity/function-versions"), &["MaxItems=5"]),
        200,
        c.list_function_versions_by_capacity_provider(
            list_function_versions_by_capacity_provider::ListFunctionVersionsByCapacityProviderInput::builder()
                .capacity_provider_name("batch-capacity")
                .max_items(5)
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "DeleteCapacityProvider",
        expect("DELETE", format!("{cp}/batch-capacity"), &[]),
        202,
        c.delete_capacity_provider(
            delete_capacity_provider::DeleteCapacityProviderInput::builder()
                .capacity_provider_name("batch-capacity")
                .build()
                .unwrap(),
        ),
    )
    .await;
}

async fn policies_recursion_scaling(h: &Harness) {
    let c = &h.client;
    // Resource policies, recursion and scaling settings.
    let policy = format!("/2026-07-09/resource-policy/{FN_ENC}");
    h.json_op(
        "PutResourcePolicy",
        expect("PUT", policy.clone(), &[]),
        200,
        c.put_resource_policy({
            let mut input: put_resource_policy::PutResourcePolicyInput = req("PutResourcePolicy");
            input.resource_arn = f();
            input
        }),
    )
    .await;
    h.json_op(
        "GetResourcePolicy",
        expect("GET", policy.clone(), &[]),
        200,
        c.get_resource_policy(
            get_resource_policy::GetResourcePolicyInput::builder().resource_arn(f()).build().unwrap(),
        ),
    )
    .await;
    h.json_op(
        "DeleteResourcePolicy",
        expect("DELETE", policy.clone(), &[&format!("RevisionId={REV}")]),
        204,
        c.delete_resource_policy(
            delete_resource_policy::DeleteResourcePolicyInput::builder()
                .resource_arn(f())
                .revision_id(REV)
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "PutFunctionRecursionConfig",
        expect("PUT", format!("/2024-08-31/functions/{FN_ENC}/recursion-config"), &[]),
        200,
        c.put_function_recursion_config({
            let mut input: put_function_recursion_config::PutFunctionRecursionConfigInput =
                req("PutFunctionRecursionConfig");
            input.function_name = f();
            input
        }),
    )
    .await;
    h.json_op(
        "GetFunctionRecursionConfig",
        expect("GET", format!("/2024-08-31/functions/{FN_ENC}/recursion-config"), &[]),
        200,
        c.get_function_recursion_config(
            get_function_recursion_config::GetFunctionRecursionConfigInput::builder()
                .function_name(f())
                .build()
                .unwrap(),
        ),
    )
    .await;
    h.json_op(
        "PutFunctionScalingConfig",
        expect(
            "PUT",
            format!("/2025-11-30/functions/{FN_ENC}/function-scaling-config"),
            &["Qualifier=%24LATEST.PUBLISHED"],
        ),
        202,
        c.put_function_scaling_config({
            let mut input: put_function_scaling_config::PutFunctionScalingConfigInput = req("PutFunctionScalingConfig");
            input.function_name = f();
            input.qualifier = "$LATEST.PUBLISHED".into();
            input
        }),
    )
    .await;
    h.json_op(
        "GetFunctionScalingConfig",
        expect("GET", format!("/2025-11-30/functions/{FN_ENC}/function-scaling-config"), &["Qualifier=3"]),
        200,
        c.get_function_scaling_config(
            get_function_scaling_config::GetFunctionScalingConfigInput::builder()
                .function_name(f())
                .qualifier("3")
                .build()
                .unwrap(),
        ),
    )
    .await;
}

async fn invocation(h: &Harness) {
    let c = &h.client;
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
            c.invoke(
                invoke::InvokeInput::builder()
                    .function_name("my-function:$LATEST")
                    .invocation_type(InvocationType::RequestResponse)
                    .log_type(LogType::Tail)
                    .client_context("eyJjdXN0b20iOnsiYSI6MX19")
                    .payload(Blob::new(payload.clone()))
                    .build()
                    .unwrap(),
            ),
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
            expect("POST", format!("/2014-11-13/functions/{FN_ENC}/invoke-async"), &[]),
            Reply::json(202, &json!({"Status": 202})),
            c.invoke_async(
                invoke_async::InvokeAsyncInput::builder()
                    .function_name(f())
                    .invoke_args(Blob::new(args.clone()))
                    .build()
                    .unwrap(),
            ),
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
            c.invoke_with_response_stream(
                invoke_with_response_stream::InvokeWithResponseStreamInput::builder()
                    .function_name(f())
                    .set_qualifier(live())
                    .invocation_type(ResponseStreamingInvocationType::RequestResponse)
                    .log_type(LogType::Tail)
                    .payload(Blob::new(b"{}".to_vec()))
                    .build()
                    .unwrap(),
            ),
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
}

/// The function name most calls address.
fn f() -> String {
    FN.to_string()
}

/// A revision id the calls send back.
fn live() -> Option<String> {
    Some("live".to_string())
}
