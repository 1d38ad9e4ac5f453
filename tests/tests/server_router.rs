//! The generated router driven with raw HTTP requests through `tower::ServiceExt::oneshot`:
//! routing of every operation, binding, validation and the service's error responses.

mod server_common;

use lambda_api::server::ServerConfig;
use lambda_rt::server::axum::body::Body;
use server_common::*;
use std::collections::BTreeSet;

const FN_ARN: &str = "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-function";
const CSC: &str = "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Acode-signing-config%3Acsc-0123456789abcdef0";
const LAYER_ARN: &str = "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Alayer%3Amy-layer%3A1";
const ZIP: &str = "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==";
const DURABLE_EXECUTION: &str = "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-function%3A%24LATEST%2Fdurable-execution%2Forder-1042%2Fb1c2d3e4";

/// A minimal valid request for every operation: (operation, method, path and query, body).
fn every_operation() -> Vec<(&'static str, &'static str, String, String)> {
    let f = "/2015-03-31/functions/my-function";
    let layer = "/2018-10-31/layers/my-layer/versions/1";
    let pc = "/2019-09-30/functions/my-function/provisioned-concurrency";
    let eic = "/2019-09-25/functions/my-function/event-invoke-config";
    let url = "/2021-10-31/functions/my-function/url";
    let csc = format!("/2020-04-22/code-signing-configs/{CSC}");
    let esm = "/2015-03-31/event-source-mappings/14e0db71-5d35-4eb5-b481-8945cf9d10c2";
    let tags = format!("/2017-03-31/tags/{FN_ARN}");
    let de = format!("/2025-12-01/durable-executions/{DURABLE_EXECUTION}");
    let callbacks = "/2025-12-01/durable-execution-callbacks/Y2FsbGJhY2stMDAwMQ%3D%3D";
    let cp = "/2025-11-30/capacity-providers";
    let policy = format!("/2026-07-09/resource-policy/{FN_ARN}");
    let rows: Vec<(&str, &str, String, &str)> = vec![
        (
            "AddLayerVersionPermission",
            "POST",
            format!("{layer}/policy"),
            r#"{"Action":"lambda:GetLayerVersion","Principal":"*","StatementId":"s1"}"#,
        ),
        ("GetLayerVersionPolicy", "GET", format!("{layer}/policy"), ""),
        (
            "AddPermission",
            "POST",
            format!("{f}/policy"),
            r#"{"Action":"lambda:InvokeFunction","Principal":"s3.amazonaws.com","StatementId":"s1"}"#,
        ),
        ("GetPolicy", "GET", format!("{f}/policy"), ""),
        ("CreateAlias", "POST", format!("{f}/aliases"), r#"{"FunctionVersion":"1","Name":"live"}"#),
        ("ListAliases", "GET", format!("{f}/aliases"), ""),
        (
            "CreateCodeSigningConfig",
            "POST",
            "/2020-04-22/code-signing-configs/".into(),
            r#"{"AllowedPublishers":{"SigningProfileVersionArns":["arn:aws:signer:us-east-1:123456789012:/signing-profiles/p/abc"]}}"#,
        ),
        ("ListCodeSigningConfigs", "GET", "/2020-04-22/code-signing-configs/".into(), ""),
        (
            "CreateEventSourceMapping",
            "POST",
            "/2015-03-31/event-source-mappings/".into(),
            r#"{"FunctionName":"my-function"}"#,
        ),
        ("ListEventSourceMappings", "GET", "/2015-03-31/event-source-mappings/".into(), ""),
        ("CreateFunctionUrlConfig", "POST", url.into(), r#"{"AuthType":"NONE"}"#),
        ("DeleteFunctionUrlConfig", "DELETE", url.into(), ""),
        ("GetFunctionUrlConfig", "GET", url.into(), ""),
        ("UpdateFunctionUrlConfig", "PUT", url.into(), "{}"),
        ("DeleteAlias", "DELETE", format!("{f}/aliases/live"), ""),
        ("GetAlias", "GET", format!("{f}/aliases/live"), ""),
        ("UpdateAlias", "PUT", format!("{f}/aliases/live"), "{}"),
        ("DeleteCodeSigningConfig", "DELETE", csc.clone(), ""),
        ("GetCodeSigningConfig", "GET", csc.clone(), ""),
        ("UpdateCodeSigningConfig", "PUT", csc.clone(), "{}"),
        ("DeleteEventSourceMapping", "DELETE", esm.into(), ""),
        ("GetEventSourceMapping", "GET", esm.into(), ""),
        ("UpdateEventSourceMapping", "PUT", esm.into(), "{}"),
        ("DeleteFunction", "DELETE", f.into(), ""),
        ("GetFunction", "GET", format!("/2015-03-31/functions/{FN_ARN}"), ""),
        (
            "DeleteFunctionCodeSigningConfig",
            "DELETE",
            "/2020-06-30/functions/my-function/code-signing-config".into(),
            "",
        ),
        ("GetFunctionCodeSigningConfig", "GET", "/2020-06-30/functions/my-function/code-signing-config".into(), ""),
        (
            "PutFunctionCodeSigningConfig",
            "PUT",
            "/2020-06-30/functions/my-function/code-signing-config".into(),
            r#"{"CodeSigningConfigArn":"arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0"}"#,
        ),
        ("DeleteFunctionConcurrency", "DELETE", "/2017-10-31/functions/my-function/concurrency".into(), ""),
        (
            "PutFunctionConcurrency",
            "PUT",
            "/2017-10-31/functions/my-function/concurrency".into(),
            r#"{"ReservedConcurrentExecutions":10}"#,
        ),
        ("DeleteFunctionEventInvokeConfig", "DELETE", eic.into(), ""),
        ("GetFunctionEventInvokeConfig", "GET", eic.into(), ""),
        ("PutFunctionEventInvokeConfig", "PUT", eic.into(), "{}"),
        ("UpdateFunctionEventInvokeConfig", "POST", eic.into(), "{}"),
        ("DeleteLayerVersion", "DELETE", layer.into(), ""),
        ("GetLayerVersion", "GET", layer.into(), ""),
        ("DeleteProvisionedConcurrencyConfig", "DELETE", format!("{pc}?Qualifier=live"), ""),
        ("GetProvisionedConcurrencyConfig", "GET", format!("{pc}?Qualifier=live"), ""),
        (
            "PutProvisionedConcurrencyConfig",
            "PUT",
            format!("{pc}?Qualifier=live"),
            r#"{"ProvisionedConcurrentExecutions":5}"#,
        ),
        ("ListProvisionedConcurrencyConfigs", "GET", format!("{pc}?List=ALL"), ""),
        ("GetAccountSettings", "GET", "/2016-08-19/account-settings/".into(), ""),
        ("GetFunctionConcurrency", "GET", "/2019-09-30/functions/my-function/concurrency".into(), ""),
        ("GetFunctionConfiguration", "GET", format!("{f}/configuration"), ""),
        ("UpdateFunctionConfiguration", "PUT", format!("{f}/configuration"), "{}"),
        ("GetLayerVersionByArn", "GET", format!("/2018-10-31/layers?find=LayerVersion&Arn={LAYER_ARN}"), ""),
        ("ListLayers", "GET", "/2018-10-31/layers".into(), ""),
        ("GetRuntimeManagementConfig", "GET", "/2021-07-20/functions/my-function/runtime-management-config".into(), ""),
        (
            "PutRuntimeManagementConfig",
            "PUT",
            "/2021-07-20/functions/my-function/runtime-management-config".into(),
            r#"{"UpdateRuntimeOn":"Auto"}"#,
        ),
        ("Invoke", "POST", format!("{f}/invocations"), "{}"),
        ("InvokeAsync", "POST", "/2014-11-13/functions/my-function/invoke-async/".into(), "{}"),
        (
            "InvokeWithResponseStream",
            "POST",
            "/2021-11-15/functions/my-function/response-streaming-invocations".into(),
            "{}",
        ),
        ("ListFunctionEventInvokeConfigs", "GET", format!("{eic}/list"), ""),
        ("ListFunctionUrlConfigs", "GET", "/2021-10-31/functions/my-function/urls".into(), ""),
        ("ListFunctions", "GET", "/2015-03-31/functions/".into(), ""),
        (
            "CreateFunction",
            "POST",
            "/2015-03-31/functions".into(),
            r#"{"FunctionName":"my-function","Role":"arn:aws:iam::123456789012:role/lambda-role","Code":{"ZipFile":"ZIP"}}"#,
        ),
        ("ListFunctionsByCodeSigningConfig", "GET", format!("{csc}/functions"), ""),
        ("ListLayerVersions", "GET", "/2018-10-31/layers/my-layer/versions".into(), ""),
        (
            "PublishLayerVersion",
            "POST",
            "/2018-10-31/layers/my-layer/versions".into(),
            r#"{"Content":{"ZipFile":"ZIP"}}"#,
        ),
        ("ListTags", "GET", tags.clone(), ""),
        ("TagResource", "POST", tags.clone(), r#"{"Tags":{"team":"a"}}"#),
        ("UntagResource", "DELETE", format!("{tags}?tagKeys=team&tagKeys=b"), ""),
        ("ListVersionsByFunction", "GET", format!("{f}/versions"), ""),
        ("PublishVersion", "POST", format!("{f}/versions"), "{}"),
        ("RemoveLayerVersionPermission", "DELETE", format!("{layer}/policy/s1"), ""),
        ("RemovePermission", "DELETE", format!("{f}/policy/s1"), ""),
        ("UpdateFunctionCode", "PUT", format!("{f}/code"), "{}"),
        // Operations AWS's model added to the reference's 66.
        ("CheckpointDurableExecution", "POST", format!("{de}/checkpoint"), r#"{"CheckpointToken":"dG9rZW4="}"#),
        ("DeleteDurableExecution", "DELETE", de.clone(), ""),
        ("GetDurableExecution", "GET", de.clone(), ""),
        ("GetDurableExecutionHistory", "GET", format!("{de}/history"), ""),
        ("GetDurableExecutionState", "GET", format!("{de}/state?CheckpointToken=dG9rZW4%3D"), ""),
        ("PauseDurableExecution", "POST", format!("{de}/pause"), "{}"),
        ("ResumeDurableExecution", "POST", format!("{de}/resume"), "{}"),
        ("StopDurableExecution", "POST", format!("{de}/stop"), "{}"),
        ("SendDurableExecutionCallbackFailure", "POST", format!("{callbacks}/fail"), "{}"),
        ("SendDurableExecutionCallbackHeartbeat", "POST", format!("{callbacks}/heartbeat"), ""),
        ("SendDurableExecutionCallbackSuccess", "POST", format!("{callbacks}/succeed"), r#"{"approved":true}"#),
        ("ListDurableExecutionsByFunction", "GET", "/2025-12-01/functions/my-function/durable-executions".into(), ""),
        (
            "CreateCapacityProvider",
            "POST",
            cp.into(),
            r#"{"CapacityProviderName":"batch","VpcConfig":{"SubnetIds":["subnet-1"],"SecurityGroupIds":["sg-1"]},"PermissionsConfig":{"CapacityProviderOperatorRoleArn":"arn:aws:iam::123456789012:role/operator"}}"#,
        ),
        ("ListCapacityProviders", "GET", cp.into(), ""),
        ("DeleteCapacityProvider", "DELETE", format!("{cp}/batch"), ""),
        ("GetCapacityProvider", "GET", format!("{cp}/batch"), ""),
        ("UpdateCapacityProvider", "PUT", format!("{cp}/batch"), "{}"),
        ("ListFunctionVersionsByCapacityProvider", "GET", format!("{cp}/batch/function-versions"), ""),
        ("DeleteResourcePolicy", "DELETE", policy.clone(), ""),
        ("GetResourcePolicy", "GET", policy.clone(), ""),
        ("PutResourcePolicy", "PUT", policy.clone(), r#"{"Policy":"{}"}"#),
        ("GetFunctionRecursionConfig", "GET", "/2024-08-31/functions/my-function/recursion-config".into(), ""),
        (
            "PutFunctionRecursionConfig",
            "PUT",
            "/2024-08-31/functions/my-function/recursion-config".into(),
            r#"{"RecursiveLoop":"Terminate"}"#,
        ),
        (
            "GetFunctionScalingConfig",
            "GET",
            "/2025-11-30/functions/my-function/function-scaling-config?Qualifier=3".into(),
            "",
        ),
        (
            "PutFunctionScalingConfig",
            "PUT",
            "/2025-11-30/functions/my-function/function-scaling-config?Qualifier=3".into(),
            "{}",
        ),
    ];
    rows.into_iter().map(|(o, m, p, b)| (o, m, p, b.replace("ZIP", ZIP))).collect()
}

#[tokio::test]
async fn every_operation_reaches_its_own_trait_method() {
    let rows = every_operation();
    let listed: BTreeSet<&str> = rows.iter().map(|r| r.0).collect();
    let all: BTreeSet<&str> = lambda_api::operations::OPERATION_NAMES.iter().copied().collect();
    assert_eq!(listed, all, "the table must cover every operation exactly");
    assert_eq!(rows.len(), all.len());
    assert_eq!(all.len(), 91);

    let router = lambda_api::server::router(std::sync::Arc::new(Nothing), ServerConfig::default());
    for (op, method, uri, body) in &rows {
        let a = send(&router, request(method, uri, body.clone())).await;
        a.assert_error(501, "NotImplemented");
        assert_eq!(
            a.message(),
            format!("The {op} operation is not implemented by this server"),
            "{method} {uri} reached the wrong operation"
        );
        assert_eq!(a.json()["Type"], "Service");
    }
}

#[tokio::test]
async fn implemented_operations_answer_and_see_decoded_labels_and_context() {
    let config = ServerConfig::new("210987654321", "eu-west-1");
    let (rec, router) = recorder_router(config);
    let a = send(&router, request("GET", &format!("/2015-03-31/functions/{FN_ARN}"), Body::empty())).await;
    assert_eq!(a.status, 200, "{a:?}");
    assert_eq!(a.header("content-type"), Some("application/json"));
    assert_eq!(a.json()["Configuration"]["FunctionName"], "arn:aws:lambda:us-east-1:123456789012:function:my-function");
    let calls = rec.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].op, "GetFunction");
    assert_eq!(calls[0].detail, "arn:aws:lambda:us-east-1:123456789012:function:my-function");
    assert_eq!(calls[0].ctx.account_id, "210987654321");
    assert_eq!(calls[0].ctx.region, "eu-west-1");
    assert_eq!(calls[0].ctx.access_key, None);
    assert_eq!(Some(calls[0].ctx.request_id.as_str()), a.header("x-amzn-requestid"));

    // Query members and the trailing-slash path of ListFunctions.
    let a = send(&router, request("GET", "/2015-03-31/functions/?MaxItems=5&Marker=abc", Body::empty())).await;
    assert_eq!(a.status, 200, "{a:?}");
    assert_eq!(a.json(), serde_json::json!({"Functions": []}));
    assert_eq!(rec.calls().last().unwrap().detail, "Some(5) Some(\"abc\")");

    // CreateFunction is the same path without the slash, with POST; 201 as documented.
    let body =
        format!(r#"{{"FunctionName":"f1","Role":"arn:aws:iam::123456789012:role/r","Code":{{"ZipFile":"{ZIP}"}}}}"#);
    let a = send(&router, request("POST", "/2015-03-31/functions", body)).await;
    assert_eq!(a.status, 201, "{a:?}");
    assert_eq!(a.json()["FunctionName"], "f1");
    assert_eq!(rec.calls().last().unwrap().op, "CreateFunction");

    // The signer's claimed key is passed on (unverified) when signatures are not checked.
    let mut req = request("GET", "/2015-03-31/functions/f2", Body::empty());
    req.headers_mut().insert(
        "authorization",
        "AWS4-HMAC-SHA256 Credential=AKIDCLAIMED/20240101/eu-west-1/lambda/aws4_request, SignedHeaders=host, Signature=00"
            .parse()
            .unwrap(),
    );
    let a = send(&router, req).await;
    assert_eq!(a.status, 200);
    assert_eq!(rec.calls().last().unwrap().ctx.access_key.as_deref(), Some("AKIDCLAIMED"));
}

#[tokio::test]
async fn constant_query_pairs_pick_the_operation() {
    let (rec, router) = recorder_router(ServerConfig::default());
    let a = send(&router, request("GET", "/2018-10-31/layers?CompatibleRuntime=python3.12", Body::empty())).await;
    assert_eq!(a.status, 200, "{a:?}");
    assert_eq!(rec.calls().last().unwrap().op, "ListLayers");
    assert_eq!(rec.calls().last().unwrap().detail, "Some(Python312)");

    let a =
        send(&router, request("GET", &format!("/2018-10-31/layers?Arn={LAYER_ARN}&find=LayerVersion"), Body::empty()))
            .await;
    assert_eq!(a.status, 200, "{a:?}");
    let last = rec.calls().last().unwrap().clone();
    assert_eq!(
        (last.op, last.detail.as_str()),
        ("GetLayerVersionByArn", "arn:aws:lambda:us-east-1:123456789012:layer:my-layer:1")
    );
    assert_eq!(a.json()["LayerVersionArn"], "arn:aws:lambda:us-east-1:123456789012:layer:my-layer:1");

    // The same path with the literal but without the required Arn: GetLayerVersionByArn's
    // null violation, not ListLayers.
    let a = send(&router, request("GET", "/2018-10-31/layers?find=LayerVersion", Body::empty())).await;
    a.assert_error(400, "ValidationException");
    assert_eq!(
        a.message(),
        "1 validation error detected: Value null at 'arn' failed to satisfy constraint: Member must not be null"
    );

    let nothing = lambda_api::server::router(std::sync::Arc::new(Nothing), ServerConfig::default());
    let a =
        send(&nothing, request("GET", "/2019-09-30/functions/f/provisioned-concurrency?List=ALL", Body::empty())).await;
    assert!(a.message().contains("ListProvisionedConcurrencyConfigs"), "{a:?}");
    let a =
        send(&nothing, request("GET", "/2019-09-30/functions/f/provisioned-concurrency?Qualifier=1", Body::empty()))
            .await;
    assert!(a.message().contains("GetProvisionedConcurrencyConfig "), "{a:?}");
}

#[tokio::test]
async fn service_errors_go_on_the_wire_as_the_service_sends_them() {
    let (_, router) = recorder_router(ServerConfig::new("123456789012", "us-west-2"));
    let a = send(&router, request("GET", "/2015-03-31/functions/missing", Body::empty())).await;
    a.assert_error(404, "ResourceNotFoundException");
    assert_eq!(
        a.json(),
        serde_json::json!({
            "__type": "ResourceNotFoundException",
            "Type": "User",
            "Message": "Function not found: arn:aws:lambda:us-west-2:123456789012:function:missing"
        })
    );
    let a = send(&router, request("GET", "/2015-03-31/functions/broken", Body::empty())).await;
    a.assert_error(500, "ServiceException");
    assert_eq!(a.json()["Type"], "Service");
    assert_eq!(a.message(), "internal trouble");
    // A panicking implementation is a server fault, answered and not a dropped connection.
    let a = send(&router, request("GET", "/2015-03-31/functions/panic", Body::empty())).await;
    a.assert_error(500, "InternalFailure");
    assert!(a.message().contains("panicked"), "{a:?}");
}

#[tokio::test]
async fn validation_lists_every_violation_in_the_service_format() {
    let (rec, router) = recorder_router(ServerConfig::default());
    let a =
        send(&router, request("GET", "/2015-03-31/functions/?MaxItems=0&FunctionVersion=SOME", Body::empty())).await;
    a.assert_error(400, "ValidationException");
    assert_eq!(
        a.message(),
        "2 validation errors detected: Value 'SOME' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]; \
         Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1"
    );
    let body = format!(
        r#"{{"FunctionName":"f1","Role":"arn:aws:iam::123456789012:role/r","Code":{{"ZipFile":"{ZIP}"}},"MemorySize":1,"Timeout":0,"Description":"{}"}}"#,
        "d".repeat(300)
    );
    let a = send(&router, request("POST", "/2015-03-31/functions", body)).await;
    a.assert_error(400, "ValidationException");
    let m = a.message();
    assert!(m.starts_with("3 validation errors detected: "), "{m}");
    for part in [
        "at 'description' failed to satisfy constraint: Member must have length less than or equal to 256",
        "Value '1' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128",
        "Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ] {
        assert!(m.contains(part), "{part} missing from {m}");
    }
    // Absent required members: the null message.
    let a = send(&router, request("POST", "/2015-03-31/functions", r#"{"FunctionName":"f1","Code":{}}"#)).await;
    a.assert_error(400, "ValidationException");
    assert_eq!(
        a.message(),
        "1 validation error detected: Value null at 'role' failed to satisfy constraint: Member must not be null"
    );
    // A required member missing from a nested structure is named with its parent.
    let body = r#"{"FunctionName":"f1","Role":"arn:aws:iam::123456789012:role/r","Code":{},"EphemeralStorage":{}}"#;
    let a = send(&router, request("POST", "/2015-03-31/functions", body)).await;
    a.assert_error(400, "ValidationException");
    assert_eq!(
        a.message(),
        "1 validation error detected: Value null at 'ephemeralStorage.size' failed to satisfy constraint: Member must not be null"
    );
    // Absent members are listed together with every other violation, as the service does (in
    // the model's member order: FunctionName, Role, Code).
    let body = format!(r#"{{"FunctionName":"{}","MemorySize":1}}"#, "f".repeat(141));
    let a = send(&router, request("POST", "/2015-03-31/functions", body)).await;
    a.assert_error(400, "ValidationException");
    assert_eq!(
        a.message(),
        format!(
            "4 validation errors detected: Value null at 'role' failed to satisfy constraint: Member must not be null; \
             Value null at 'code' failed to satisfy constraint: Member must not be null; \
             Value '{}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 140; \
             Value '1' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128",
            "f".repeat(141)
        )
    );
    assert!(rec.calls().is_empty(), "invalid input must not reach the implementation");
}

#[tokio::test]
async fn bad_bodies_and_values_are_client_errors() {
    let (rec, router) = recorder_router(ServerConfig::default());
    for body in [
        "{not json",
        "[1, 2]",
        r#"{"FunctionName": 5, "Role": "r", "Code": {}}"#,
        r#"{"FunctionName":"f","Role":"arn:aws:iam::123456789012:role/r","Code":{},"MemorySize":"big"}"#,
    ] {
        let a = send(&router, request("POST", "/2015-03-31/functions", body)).await;
        a.assert_error(400, "InvalidRequestContentException");
        assert!(a.message().starts_with("Could not parse request body into json"), "{a:?}");
    }
    let a = send(&router, request("GET", "/2015-03-31/functions/?MaxItems=lots", Body::empty())).await;
    a.assert_error(400, "InvalidParameterValueException");
    assert!(a.message().contains("'lots'") && a.message().contains("MaxItems"), "{a:?}");
    let a = send(&router, request("GET", "/2015-03-31/functions/?Marker=%ZZ", Body::empty())).await;
    a.assert_error(400, "MalformedHttpRequestException");
    assert!(a.message().contains("Marker"), "{a:?}");
    assert!(rec.calls().is_empty());
}

#[tokio::test]
async fn invoke_checks_content_type_and_json_payload() {
    let (rec, router) = recorder_router(ServerConfig::default());
    let uri = "/2015-03-31/functions/my-function/invocations";
    let mut req = request("POST", uri, "a=b");
    req.headers_mut().insert("content-type", "application/x-www-form-urlencoded".parse().unwrap());
    send(&router, req).await.assert_error(415, "UnsupportedMediaTypeException");

    let a = send(&router, request("POST", uri, "not json")).await;
    a.assert_error(400, "InvalidRequestContentException");
    assert!(a.message().contains("Could not parse payload into json"), "{a:?}");
    assert!(rec.calls().is_empty());

    for ct in [None, Some("application/json"), Some("application/octet-stream"), Some("binary/octet-stream")] {
        let mut req = request("POST", uri, r#"{"k": [1, 2]}"#);
        req.headers_mut().insert("x-amz-invocation-type", "RequestResponse".parse().unwrap());
        if let Some(ct) = ct {
            req.headers_mut().insert("content-type", ct.parse().unwrap());
        }
        let a = send(&router, req).await;
        assert_eq!(a.status, 200, "{ct:?}: {a:?}");
        assert_eq!(&a.body[..], br#"{"k": [1, 2]}"#);
        assert_eq!(a.header("x-amz-executed-version"), Some("$LATEST"));
        assert!(a.header("x-amzn-requestid").is_some());
    }
    assert_eq!(rec.calls().last().unwrap().detail, "my-function Some(RequestResponse)");
}

#[tokio::test]
async fn oversized_bodies_get_413() {
    let (rec, router) = recorder_router(ServerConfig::default().with_body_limit(1024));
    let big = format!("{{\"k\": \"{}\"}}", "x".repeat(2000));
    let uri = "/2015-03-31/functions/my-function/invocations";
    // Declared length over the limit.
    let a = send(&router, request("POST", uri, big.clone())).await;
    a.assert_error(413, "RequestTooLargeException");
    assert!(a.message().contains("1024"), "{a:?}");
    // No declared length: a streamed body is cut off at the limit.
    let chunks: Vec<Result<bytes::Bytes, std::io::Error>> =
        big.as_bytes().chunks(100).map(|c| Ok(bytes::Bytes::copy_from_slice(c))).collect();
    let body = Body::from_stream(tokio_stream_iter(chunks));
    let a = send(&router, request("POST", uri, body)).await;
    a.assert_error(413, "RequestTooLargeException");
    // At the limit is fine.
    let ok = format!("{{\"k\": \"{}\"}}", "x".repeat(1000));
    assert_eq!(send(&router, request("POST", uri, ok)).await.status, 200);
    assert_eq!(rec.calls().len(), 1);
}

#[tokio::test]
async fn each_operation_has_its_request_limit_and_code() {
    let (rec, router) = recorder_router(ServerConfig::default());
    // TagResource: 1 MiB, with the generic code; CreateFunction would take it.
    let big = format!(r#"{{"Tags":{{"k":"{}"}}}}"#, "v".repeat(1_048_576));
    let a = send(
        &router,
        request("POST", "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Af", big),
    )
    .await;
    a.assert_error(413, "RequestEntityTooLargeException");
    assert_eq!(a.message(), "Request must be smaller than 1048576 bytes for the TagResource operation");
    let create = format!(
        r#"{{"FunctionName":"f1","Role":"arn:aws:iam::123456789012:role/r","Code":{{}},"Description":"{}"}}"#,
        "d".repeat(1_048_576)
    );
    let a = send(&router, request("POST", "/2015-03-31/functions", create)).await;
    a.assert_error(400, "ValidationException");
    // Invoke: 6 MB, with the model's code for Invoke payloads.
    let payload = format!("\"{}\"", "x".repeat(6_291_456));
    let a = send(&router, request("POST", "/2015-03-31/functions/f/invocations", payload)).await;
    a.assert_error(413, "RequestTooLargeException");
    assert_eq!(a.message(), "Request must be smaller than 6291456 bytes for the Invoke operation");
    assert!(rec.calls().is_empty());
}

#[tokio::test]
async fn the_body_budget_is_shared_by_all_requests() {
    use lambda_rt::server::axum::body::Body;
    let config = ServerConfig::default().with_body_budget(100, std::time::Duration::from_millis(50));
    let (rec, router) = recorder_router(config);
    let uri = "/2015-03-31/functions/my-function/invocations";
    let with_length = |n: usize, body: Body| {
        let mut req = request("POST", uri, body);
        req.headers_mut().insert("content-length", n.into());
        req
    };
    // A body of 80 bytes that is still arriving holds 80 of the 100 bytes.
    let stalled = Body::from_stream(futures_util::stream::pending::<Result<bytes::Bytes, std::io::Error>>());
    let held = tokio::spawn({
        let router = router.clone();
        async move { send(&router, with_length(80, stalled)).await }
    });
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let a = send(&router, with_length(50, Body::from(format!("\"{}\"", "x".repeat(48))))).await;
    a.assert_error(503, "ServiceUnavailable");
    assert_eq!(a.header("retry-after"), Some("1"));
    assert_eq!(a.header("connection"), Some("close"));
    // A body larger than the whole budget can never fit.
    let a = send(&router, with_length(101, Body::from(format!("\"{}\"", "x".repeat(99))))).await;
    a.assert_error(503, "ServiceUnavailable");
    // Once the stalled request is gone, its bytes are free again.
    held.abort();
    let _ = held.await;
    let a = send(&router, with_length(50, Body::from(format!("\"{}\"", "x".repeat(48))))).await;
    assert_eq!(a.status, 200, "{a:?}");
    assert_eq!(rec.calls().len(), 1);
}

fn tokio_stream_iter<T: Send + 'static>(items: Vec<T>) -> impl futures_core::Stream<Item = T> + Send + 'static {
    struct Iter<T>(std::vec::IntoIter<T>);
    impl<T> Unpin for Iter<T> {}
    impl<T> futures_core::Stream for Iter<T> {
        type Item = T;
        fn poll_next(mut self: std::pin::Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<Option<T>> {
            std::task::Poll::Ready(self.0.next())
        }
    }
    Iter(items.into_iter())
}

#[tokio::test]
async fn unknown_routes_get_404_unknown_operation() {
    let (rec, router) = recorder_router(ServerConfig::default());
    for (method, uri) in [
        ("GET", "/"),
        ("GET", "/2015-03-31/nothing"),
        ("GET", "/2015-03-31/functionz"),
        ("PATCH", "/2015-03-31/functions/f"),
        ("GET", "/2015-03-31/functions/f/extra/segments"),
        ("GET", "/2015-03-31/functions//configuration"),
        ("DELETE", "/2015-03-31/functions/"),
    ] {
        let a = send(&router, request(method, uri, Body::empty())).await;
        a.assert_error(404, "UnknownOperationException");
        assert!(a.message().contains(uri), "{a:?}");
    }
    assert!(rec.calls().is_empty());
    // One trailing slash is not significant: SDKs send ListFunctions without it.
    for (method, uri) in
        [("GET", "/2015-03-31/functions"), ("GET", "/2015-03-31/functions/"), ("GET", "/2015-03-31/functions/f/")]
    {
        let a = send(&router, request(method, uri, Body::empty())).await;
        assert_eq!(a.status, 200, "{method} {uri}: {a:?}");
    }
}

#[tokio::test]
async fn the_router_nests_and_takes_middleware() {
    use lambda_rt::server::axum;
    let (rec, lambda) = recorder_router(ServerConfig::default());
    let app = axum::Router::new()
        .route("/health", axum::routing::get(|| async { "ok" }))
        .nest("/lambda", lambda)
        .layer(tower::util::MapResponseLayer::new(|mut r: axum::response::Response| {
            r.headers_mut().insert("x-outer", "yes".parse().unwrap());
            r
        }));
    let a = send(&app, request("GET", "/lambda/2015-03-31/functions/my-function", Body::empty())).await;
    assert_eq!(a.status, 200, "{a:?}");
    assert_eq!(a.header("x-outer"), Some("yes"));
    assert!(a.header("x-amzn-requestid").is_some());
    assert_eq!(rec.calls().last().unwrap().detail, "my-function");
    let a = send(&app, request("GET", "/lambda/nope", Body::empty())).await;
    a.assert_error(404, "UnknownOperationException");
    let a = send(&app, request("GET", "/health", Body::empty())).await;
    assert_eq!(&a.body[..], b"ok");

    // As another router's fallback: its own routes first, then every Lambda path.
    let (rec, lambda) = recorder_router(ServerConfig::default());
    let app = axum::Router::new().route("/health", axum::routing::get(|| async { "ok" })).fallback_service(lambda);
    let a = send(&app, request("GET", "/2015-03-31/functions/as-fallback", Body::empty())).await;
    assert_eq!(a.status, 200, "{a:?}");
    assert_eq!(rec.calls().last().unwrap().detail, "as-fallback");
    assert_eq!(&send(&app, request("GET", "/health", Body::empty())).await.body[..], b"ok");
    send(&app, request("GET", "/elsewhere", Body::empty())).await.assert_error(404, "UnknownOperationException");
}

#[tokio::test]
async fn request_ids_differ_per_request() {
    let (_, router) = recorder_router(ServerConfig::default());
    let mut seen = BTreeSet::new();
    for _ in 0..20 {
        let a = send(&router, request("GET", "/2015-03-31/functions/f", Body::empty())).await;
        seen.insert(a.header("x-amzn-requestid").unwrap().to_string());
    }
    assert_eq!(seen.len(), 20);
}
