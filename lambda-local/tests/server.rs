//! End-to-end: the router on a local port, driven with raw HTTP as an SDK would send it.

use base64::Engine;
use lambda_local::service::{app, Settings};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

const ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function";

struct Api {
    base: String,
    http: Client,
}

struct Answer {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    fn error_type(&self) -> Option<&str> {
        self.header("x-amzn-errortype")
    }
}

impl Api {
    /// A server with `settings` on a free 127.0.0.1 port, and a client of it.
    async fn start(settings: Settings) -> Api {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let router = app(&settings);
        tokio::spawn(async move {
            lambda_rt::server::axum::serve(listener, router).await.unwrap();
        });
        Api { base: format!("http://{addr}"), http: Client::new() }
    }

    async fn call(&self, method: Method, path: &str, body: Option<Value>, headers: &[(&str, &str)]) -> Answer {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(b) = body {
            req = req.header("content-type", "application/json").body(b.to_string());
        }
        // Generous: a 70 MB upload in a debug build on a busy machine takes seconds.
        let resp = tokio::time::timeout(Duration::from_secs(60), req.send()).await.unwrap().unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let body = resp.bytes().await.unwrap().to_vec();
        Answer { status, headers, body }
    }
    async fn get(&self, path: &str) -> Answer {
        self.call(Method::GET, path, None, &[]).await
    }
    async fn post(&self, path: &str, body: Value) -> Answer {
        self.call(Method::POST, path, Some(body), &[]).await
    }
    async fn put(&self, path: &str, body: Value) -> Answer {
        self.call(Method::PUT, path, Some(body), &[]).await
    }
    async fn delete(&self, path: &str) -> Answer {
        self.call(Method::DELETE, path, None, &[]).await
    }
}

/// A zip archive holding one file with `text`.
fn zip(text: &str) -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    out.start_file("index.py", zip::write::SimpleFileOptions::default()).unwrap();
    out.write_all(text.as_bytes()).unwrap();
    out.finish().unwrap().into_inner()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn create_body(name: &str, code: &[u8]) -> Value {
    json!({
        "FunctionName": name,
        "Role": "arn:aws:iam::123456789012:role/lambda-role",
        "Runtime": "python3.12",
        "Handler": "app.handler",
        "Code": { "ZipFile": b64(code) },
        "Tags": { "team": "core" }
    })
}

/// One decoded `application/vnd.amazon.eventstream` frame.
#[derive(Debug)]
struct Frame {
    headers: Vec<(String, String)>,
    payload: Vec<u8>,
}

fn be32(b: &[u8]) -> usize {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize
}

/// Decodes frames, checking both CRCs of each.
fn decode_frames(mut bytes: &[u8]) -> Vec<Frame> {
    let mut frames = Vec::new();
    while !bytes.is_empty() {
        assert!(bytes.len() >= 16, "truncated frame");
        let total = be32(bytes);
        let headers_len = be32(&bytes[4..]);
        assert_eq!(be32(&bytes[8..]) as u32, crc32fast::hash(&bytes[..8]), "prelude crc");
        let frame = &bytes[..total];
        assert_eq!(be32(&frame[total - 4..]) as u32, crc32fast::hash(&frame[..total - 4]), "message crc");
        let mut h = &frame[12..12 + headers_len];
        let mut headers = Vec::new();
        while !h.is_empty() {
            let name_len = h[0] as usize;
            let name = String::from_utf8(h[1..1 + name_len].to_vec()).unwrap();
            let kind = h[1 + name_len];
            assert_eq!(kind, 7, "string header");
            let vlen = u16::from_be_bytes([h[2 + name_len], h[3 + name_len]]) as usize;
            let value = String::from_utf8(h[4 + name_len..4 + name_len + vlen].to_vec()).unwrap();
            headers.push((name, value));
            h = &h[4 + name_len + vlen..];
        }
        let payload = frame[12 + headers_len..total - 4].to_vec();
        frames.push(Frame { headers, payload });
        bytes = &bytes[total..];
    }
    frames
}

fn event_type(f: &Frame) -> &str {
    f.headers.iter().find(|(k, _)| k == ":event-type").map(|(_, v)| v.as_str()).unwrap_or("")
}

#[tokio::test]
async fn scenario_over_http() {
    let api = Api::start(Settings::default()).await;
    let code = &zip("def handler(event, context):\n    return event\n")[..];

    // Functions: create, duplicate, read in several name forms.
    let r = api.post("/2015-03-31/functions", create_body("echo", code)).await;
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let created = r.json();
    assert_eq!(created["State"], "Active");
    assert_eq!(created["LastUpdateStatus"], "Successful");
    assert_eq!(created["CodeSize"], code.len());
    assert_eq!(created["FunctionArn"], format!("{ARN}:echo"));
    let revision = created["RevisionId"].as_str().unwrap().to_string();
    let r = api.post("/2015-03-31/functions", create_body("echo", code)).await;
    assert_eq!((r.status.as_u16(), r.error_type()), (409, Some("ResourceConflictException")));
    api.post("/2015-03-31/functions", create_body("other", &zip("x = 1"))).await;

    let r = api.get("/2015-03-31/functions/123456789012%3Afunction%3Aecho").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["Configuration"]["FunctionName"], "echo");
    assert_eq!(r.json()["Tags"]["team"], "core");
    let r = api.get("/2015-03-31/functions/missing/configuration").await;
    assert_eq!((r.status.as_u16(), r.error_type()), (404, Some("ResourceNotFoundException")));

    // Pagination.
    let r = api.get("/2015-03-31/functions/?MaxItems=1").await;
    let page = r.json();
    assert_eq!(page["Functions"].as_array().unwrap().len(), 1);
    let marker = page["NextMarker"].as_str().unwrap().to_string();
    let r = api.get(&format!("/2015-03-31/functions/?MaxItems=1&Marker={marker}")).await;
    assert_eq!(r.json()["Functions"][0]["FunctionName"], "other");
    assert!(r.json().get("NextMarker").is_none());

    // Revision ids.
    let r =
        api.put("/2015-03-31/functions/echo/code", json!({ "ZipFile": b64(&zip("v2")), "RevisionId": "stale" })).await;
    assert_eq!((r.status.as_u16(), r.error_type()), (412, Some("PreconditionFailedException")));
    let r =
        api.put("/2015-03-31/functions/echo/code", json!({ "ZipFile": b64(&zip("v2")), "RevisionId": revision })).await;
    assert_eq!(r.status, 200);

    // Versions and a weighted alias.
    let r = api.post("/2015-03-31/functions/echo/versions", json!({})).await;
    assert_eq!((r.status.as_u16(), r.json()["Version"].clone()), (201, json!("1")));
    api.put("/2015-03-31/functions/echo/configuration", json!({ "MemorySize": 256 })).await;
    let r = api.post("/2015-03-31/functions/echo/versions", json!({ "Description": "second" })).await;
    assert_eq!(r.json()["Version"], "2");
    let r = api
        .post(
            "/2015-03-31/functions/echo/aliases",
            json!({ "Name": "live", "FunctionVersion": "1", "RoutingConfig": { "AdditionalVersionWeights": { "2": 0.5 } } }),
        )
        .await;
    assert_eq!(r.status, 201);
    assert_eq!(r.json()["AliasArn"], format!("{ARN}:echo:live"));
    let r = api.get("/2015-03-31/functions/echo/versions").await;
    assert_eq!(r.json()["Versions"].as_array().unwrap().len(), 3);

    // Invoke: echo, invocation types, log tail.
    let r = api
        .call(
            Method::POST,
            "/2015-03-31/functions/echo/invocations",
            Some(json!({ "hello": "world" })),
            &[("x-amz-log-type", "Tail")],
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), json!({ "hello": "world" }));
    assert_eq!(r.header("x-amz-executed-version"), Some("$LATEST"));
    let log = base64::engine::general_purpose::STANDARD.decode(r.header("x-amz-log-result").unwrap()).unwrap();
    assert!(String::from_utf8(log).unwrap().contains("START RequestId:"));
    let r = api
        .call(
            Method::POST,
            "/2015-03-31/functions/echo/invocations?Qualifier=live",
            Some(json!({})),
            &[("x-amz-invocation-type", "Event")],
        )
        .await;
    assert_eq!(r.status, 202);
    assert!(matches!(r.header("x-amz-executed-version"), Some("1" | "2")));
    let r = api
        .call(
            Method::POST,
            "/2015-03-31/functions/echo:1/invocations",
            Some(json!({})),
            &[("x-amz-invocation-type", "DryRun")],
        )
        .await;
    assert_eq!(r.status, 204);

    // Response streaming: several chunks, then InvokeComplete.
    let payload = json!({ "stream": "a fairly long payload to split into chunks" });
    let r = api
        .call(
            Method::POST,
            "/2021-11-15/functions/echo/response-streaming-invocations",
            Some(payload.clone()),
            &[("x-amz-log-type", "Tail")],
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/vnd.amazon.eventstream"));
    let frames = decode_frames(&r.body);
    let chunks: Vec<_> = frames.iter().filter(|f| event_type(f) == "PayloadChunk").collect();
    assert!(chunks.len() > 1, "{} chunks", chunks.len());
    let joined: Vec<u8> = chunks.iter().flat_map(|f| f.payload.clone()).collect();
    assert_eq!(serde_json::from_slice::<Value>(&joined).unwrap(), payload);
    let last = frames.last().unwrap();
    assert_eq!(event_type(last), "InvokeComplete");
    let complete: Value = serde_json::from_slice(&last.payload).unwrap();
    assert!(complete["LogResult"].is_string());

    // Policies and tags.
    let r = api
        .post(
            "/2015-03-31/functions/echo/policy",
            json!({ "StatementId": "s3", "Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com" }),
        )
        .await;
    assert_eq!(r.status, 201);
    let r = api.get("/2015-03-31/functions/echo/policy").await;
    let policy: Value = serde_json::from_str(r.json()["Policy"].as_str().unwrap()).unwrap();
    assert_eq!(policy["Statement"][0]["Sid"], "s3");
    let tag_path = format!("/2017-03-31/tags/{}", format!("{ARN}:echo").replace(':', "%3A"));
    let r = api.post(&tag_path, json!({ "Tags": { "env": "test" } })).await;
    assert_eq!(r.status, 204);
    let r = api.get(&tag_path).await;
    assert_eq!(r.json()["Tags"], json!({ "team": "core", "env": "test" }));

    // Concurrency and account settings.
    let r = api.put("/2017-10-31/functions/other/concurrency", json!({ "ReservedConcurrentExecutions": 0 })).await;
    assert_eq!(r.status, 200);
    let r = api.post("/2015-03-31/functions/other/invocations", json!({})).await;
    assert_eq!((r.status.as_u16(), r.error_type()), (429, Some("TooManyRequestsException")));
    let r = api.get("/2016-08-19/account-settings/").await;
    assert_eq!(r.json()["AccountUsage"]["FunctionCount"], 2);

    // Deleting a version an alias uses is refused; deleting the function removes everything.
    let r = api.delete("/2015-03-31/functions/echo?Qualifier=1").await;
    assert_eq!((r.status.as_u16(), r.error_type()), (409, Some("ResourceConflictException")));
    let r = api.delete("/2015-03-31/functions/echo").await;
    assert_eq!(r.status, 204);
    let r = api.get("/2015-03-31/functions/echo/aliases/live").await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn signatures_are_required_when_credentials_are_set() {
    let credentials = vec![lambda_rt::server::Credential::new("AKIDLOCAL", "secret")];
    let settings = Settings { credentials, ..Settings::default() };
    let api = Api::start(settings).await;
    let r = api.get("/2015-03-31/functions/").await;
    assert_eq!(r.status, 403, "{}", String::from_utf8_lossy(&r.body));
    let open = Api::start(Settings::default()).await;
    assert_eq!(open.get("/2015-03-31/functions/").await.status, 200);
}

/// The operations AWS's model added for capacity providers, scaling, recursion and resource
/// policies, over HTTP: their status codes, ARNs in path labels (percent-encoded, with a `/`
/// in a runtime ARN), the `$LATEST.PUBLISHED` qualifier and the tenant header.
#[tokio::test]
async fn operations_added_by_the_model_answer_over_http() {
    let api = Api::start(Settings::default()).await;
    let vpc = json!({ "SubnetIds": ["subnet-0123"], "SecurityGroupIds": ["sg-0123"] });
    let permissions = json!({ "CapacityProviderOperatorRoleArn": "arn:aws:iam::123456789012:role/operator" });
    let r = api
        .post(
            "/2025-11-30/capacity-providers",
            json!({ "CapacityProviderName": "cp", "VpcConfig": vpc, "PermissionsConfig": permissions }),
        )
        .await;
    assert_eq!(r.status, 202, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["CapacityProvider"]["State"], "Pending");
    let r = api.get("/2025-11-30/capacity-providers").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["CapacityProviders"][0]["State"], "Active");

    let mut body = create_body("lmi", &zip("lmi"));
    body["CapacityProviderConfig"] = json!({ "LambdaManagedInstancesCapacityProviderConfig": {
        "CapacityProviderArn": "arn:aws:lambda:us-east-1:123456789012:capacity-provider:cp" } });
    body["PublishTo"] = json!("LATEST_PUBLISHED");
    let r = api.post("/2015-03-31/functions", body).await;
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["Version"], "$LATEST.PUBLISHED");
    let r = api
        .put(
            "/2025-11-30/functions/lmi/function-scaling-config?Qualifier=%24LATEST.PUBLISHED",
            json!({ "FunctionScalingConfig": { "MinExecutionEnvironments": 1, "MaxExecutionEnvironments": 4 } }),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.json()["FunctionState"].clone()), (202, json!("Active")));
    let r = api.get("/2025-11-30/functions/lmi/function-scaling-config?Qualifier=%24LATEST.PUBLISHED").await;
    assert_eq!(r.json()["AppliedFunctionScalingConfig"]["MaxExecutionEnvironments"], 4);
    let r = api.get("/2025-11-30/capacity-providers/cp/function-versions").await;
    assert_eq!(r.json()["FunctionVersions"].as_array().map(Vec::len), Some(2));
    let r = api.delete("/2025-11-30/capacity-providers/cp").await;
    assert_eq!((r.status.as_u16(), r.error_type()), (409, Some("ResourceConflictException")));

    let r = api.post("/2015-03-31/functions", create_body("echo", &zip("echo"))).await;
    assert_eq!(r.status, 201);
    let r = api.put("/2024-08-31/functions/echo/recursion-config", json!({ "RecursiveLoop": "Allow" })).await;
    assert_eq!((r.status.as_u16(), r.json()), (200, json!({ "RecursiveLoop": "Allow" })));
    let r = api.get("/2024-08-31/functions/echo/recursion-config").await;
    assert_eq!(r.json(), json!({ "RecursiveLoop": "Allow" }));
    let invoke = |tenant: Option<&'static str>| {
        let headers: Vec<(&str, &str)> = tenant.map(|t| ("x-amz-tenant-id", t)).into_iter().collect();
        let api = &api;
        async move { api.call(Method::POST, "/2015-03-31/functions/echo/invocations", Some(json!({})), &headers).await }
    };
    assert_eq!(invoke(None).await.status, 200);
    assert_eq!(invoke(Some("blue")).await.error_type(), Some("InvalidParameterValueException"));

    let runtime = "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Aruntime%2Fmy-runtime";
    let policy = json!({ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": "*", "Action": "lambda:GetRuntimeVersion" }] });
    let r = api.put(&format!("/2026-07-09/resource-policy/{runtime}"), json!({ "Policy": policy.to_string() })).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let revision = r.json()["RevisionId"].as_str().unwrap().to_string();
    let r = api.get(&format!("/2026-07-09/resource-policy/{runtime}")).await;
    assert_eq!(serde_json::from_str::<Value>(r.json()["Policy"].as_str().unwrap()).unwrap(), policy);
    let stale = api
        .delete(&format!("/2026-07-09/resource-policy/{runtime}?RevisionId=00000000-0000-0000-0000-000000000000"))
        .await;
    assert_eq!((stale.status.as_u16(), stale.error_type()), (412, Some("PreconditionFailedException")));
    let r = api.delete(&format!("/2026-07-09/resource-policy/{runtime}?RevisionId={revision}")).await;
    assert_eq!(r.status, 204);
    let r = api.get(&format!("/2026-07-09/resource-policy/{runtime}")).await;
    assert_eq!((r.status.as_u16(), r.error_type()), (404, Some("ResourceNotFoundException")));
}

#[test]
fn help_explains_every_flag() {
    let out = Command::new(env!("CARGO_BIN_EXE_lambda-local")).arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for flag in ["--listen", "--credentials", "--account-id", "--region", "--quiet", "--help"] {
        assert!(text.contains(flag), "{flag} missing from --help:\n{text}");
    }
}

#[test]
fn binary_serves_and_logs_one_line_per_request() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lambda-local"))
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut banner = String::new();
    stderr.read_line(&mut banner).unwrap();
    let addr = banner.split("http://").nth(1).and_then(|r| r.split_whitespace().next()).map(str::to_string);
    let result = std::panic::catch_unwind(|| {
        let addr = addr.expect("address in banner");
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let status = rt.block_on(async {
            Client::new().get(format!("http://{addr}/2016-08-19/account-settings/")).send().await.unwrap().status()
        });
        assert_eq!(status, 200);
    });
    let _ = child.kill();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let _ = child.wait();
    result.unwrap();
    assert!(line.contains("GET /2016-08-19/account-settings/ GetAccountSettings 200"), "{line}");
}

/// A stored zip archive of exactly `size` bytes (one entry of bytes that do not compress).
fn zip_of_size(size: usize) -> Vec<u8> {
    use std::io::Write;
    let name = "code.bin";
    let overhead = 30 + 46 + 22 + 2 * name.len();
    let mut x: u32 = 0x2545_f491;
    let content: Vec<u8> = (0..size - overhead)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(size)));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    out.start_file(name, options).unwrap();
    out.write_all(&content).unwrap();
    let zip = out.finish().unwrap().into_inner();
    assert_eq!(zip.len(), size);
    zip
}

#[tokio::test]
async fn deployment_packages_are_checked_as_the_service_does() {
    let api = Api::start(Settings::default()).await;
    // One byte over the 52,428,800 the account limits report (the request itself, 69.9 MB,
    // is within CreateFunction's 70,167,211).
    let r = api.post("/2015-03-31/functions", create_body("too-big", &zip_of_size(52_428_801))).await;
    assert_eq!((r.status.as_u16(), r.error_type()), (413, Some("RequestEntityTooLargeException")));
    assert_eq!(r.json()["Message"], "Zipped size must be smaller than 52428800 bytes");
    let limits = api.get("/2016-08-19/account-settings/").await.json();
    assert_eq!(limits["AccountLimit"]["CodeSizeZipped"], 52_428_800);

    // Not a zip archive.
    for (path, body) in [
        ("/2015-03-31/functions", create_body("not-zip", b"PK\x03\x04 pretend zip")),
        ("/2018-10-31/layers/l/versions", json!({ "Content": { "ZipFile": b64(b"plain text") } })),
    ] {
        let r = api.post(path, body).await;
        assert_eq!((r.status.as_u16(), r.error_type()), (400, Some("InvalidParameterValueException")), "{path}");
        assert_eq!(
            r.json()["Message"],
            "Could not unzip uploaded file. Please check your file, then try to upload again."
        );
    }

    // An archive that declares more than 262,144,000 bytes unzipped (its sizes rewritten).
    let mut bomb = zip("def handler(event, context):\n    return event\n");
    let declared = 262_144_001u32.to_le_bytes();
    bomb[22..26].copy_from_slice(&declared);
    let central = bomb.windows(4).position(|w| w == b"PK\x01\x02").unwrap() + 24;
    bomb[central..central + 4].copy_from_slice(&declared);
    let r = api.post("/2015-03-31/functions", create_body("bomb", &bomb)).await;
    assert_eq!((r.status.as_u16(), r.error_type()), (400, Some("InvalidParameterValueException")));
    assert_eq!(r.json()["Message"], "Unzipped size must be smaller than 262144000 bytes");

    // Nothing was created; a real archive still is.
    assert_eq!(api.get("/2015-03-31/functions/").await.json()["Functions"], json!([]));
    let r = api.post("/2015-03-31/functions", create_body("fine", &zip("x = 1"))).await;
    assert_eq!(r.status, 201);
}
