//! Signature Version 4 verification by the generated router: requests signed here with the
//! `aws-sigv4` crate (the AWS SDK for Rust's signer; header and presigned query forms) are
//! accepted; missing, malformed, expired, wrongly signed, unknown-key and wrong-token requests
//! get the service's errors, bodies are checked by their hash whatever the request claims, and
//! refusals that need no body come before the body is read.

mod server_common;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    sign, PayloadChecksumKind, SignableBody, SignableRequest, SignatureLocation, SigningSettings,
};
use aws_sigv4::sign::v4;
use http::Request;
use lambda_api::server::ServerConfig;
use lambda_rt::server::axum::body::Body;
use server_common::*;
use std::time::{Duration, SystemTime};

const AKID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const HOST: &str = "lambda.us-east-1.amazonaws.com";

struct Sign {
    key: &'static str,
    secret: &'static str,
    region: &'static str,
    service: &'static str,
    time: SystemTime,
    presign: Option<Duration>,
    token: Option<&'static str>,
    sha_header: bool,
    payload: Payload,
}

/// What the signer takes as the body's hash.
#[derive(Clone, Copy)]
enum Payload {
    /// The body's SHA-256 for the header form, `UNSIGNED-PAYLOAD` for presigning (the
    /// `aws-sigv4` defaults of the SDK).
    Default,
    /// The SHA-256 of the body (what botocore presigns over).
    Hashed,
    /// This literal in place of the hash (`UNSIGNED-PAYLOAD`, `STREAMING-…`).
    Literal(&'static str),
}

impl Default for Sign {
    fn default() -> Self {
        Sign {
            key: AKID,
            secret: SECRET,
            region: "us-east-1",
            service: "lambda",
            time: SystemTime::now(),
            presign: None,
            token: None,
            sha_header: false,
            payload: Payload::Default,
        }
    }
}

/// A request signed by the aws-sigv4 crate, as an SDK would send it.
fn signed(method: &str, uri: &str, body: &str, extra_headers: &[(&str, &str)], s: Sign) -> Request<Body> {
    let mut headers: Vec<(&str, &str)> = vec![("host", HOST)];
    headers.extend_from_slice(extra_headers);
    let identity = Credentials::new(s.key, s.secret, s.token.map(str::to_string), None, "test").into();
    let mut settings = SigningSettings::default();
    if let Some(expires) = s.presign {
        settings.signature_location = SignatureLocation::QueryParams;
        settings.expires_in = Some(expires);
    }
    if s.sha_header {
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    }
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(s.region)
        .name(s.service)
        .time(s.time)
        .settings(settings)
        .build()
        .unwrap()
        .into();
    let full = format!("https://{HOST}{uri}");
    let signable = SignableRequest::new(
        method,
        full.as_str(),
        headers.iter().copied(),
        match (s.payload, s.presign) {
            (Payload::Default, Some(_)) => SignableBody::UnsignedPayload,
            (Payload::Default | Payload::Hashed, _) => SignableBody::Bytes(body.as_bytes()),
            (Payload::Literal(text), _) => SignableBody::Precomputed(text.to_string()),
        },
    )
    .unwrap();
    let (instructions, _) = sign(signable, &params).unwrap().into_parts();
    let mut req = Request::builder().method(method).uri(full).body(()).unwrap();
    for (k, v) in &headers {
        req.headers_mut().insert(http::HeaderName::from_bytes(k.as_bytes()).unwrap(), v.parse().unwrap());
    }
    instructions.apply_to_request_http1x(&mut req);
    // The server sees an origin-form target, as over HTTP/1.1.
    let target = req.uri().path_and_query().unwrap().as_str().to_string();
    let (mut parts, ()) = req.into_parts();
    parts.uri = target.parse().unwrap();
    Request::from_parts(parts, Body::from(body.to_string()))
}

const TEMP_KEY: &str = "ASIATEMPORARY";
const TEMP_SECRET: &str = "temporary-secret";
const TOKEN: &str = "IQoJb3JpZ2luX2VjEPT//////////session+token/==";

fn config() -> ServerConfig {
    ServerConfig::default()
        .with_credential(AKID, SECRET)
        .with_credential("AKIDOTHER", "other-secret")
        .with_session_credential(TEMP_KEY, TEMP_SECRET, TOKEN)
}

#[tokio::test]
async fn correctly_signed_requests_are_accepted() {
    let (rec, router) = recorder_router(config());
    // Header form, GET with a label that carries percent-escapes (double-encoded in the
    // canonical request) and a query.
    let arn = "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-function";
    let a = send(&router, signed("GET", &format!("/2015-03-31/functions/{arn}"), "", &[], Sign::default())).await;
    assert_eq!(a.status, 200, "{a:?}");
    let a =
        send(&router, signed("GET", "/2015-03-31/functions/?Marker=a%2Fb%20c&MaxItems=5", "", &[], Sign::default()))
            .await;
    assert_eq!(a.status, 200, "{a:?}");
    assert_eq!(rec.calls().last().unwrap().detail, "Some(5) Some(\"a/b c\")");

    // POST with a JSON body, with and without x-amz-content-sha256, and a session token.
    let body = r#"{"FunctionName":"f1","Role":"arn:aws:iam::123456789012:role/r","Code":{"ZipFile":"UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="}}"#;
    let ct = [("content-type", "application/json")];
    for s in [
        Sign::default(),
        Sign { sha_header: true, ..Sign::default() },
        Sign { key: TEMP_KEY, secret: TEMP_SECRET, token: Some(TOKEN), ..Sign::default() },
        Sign { key: "AKIDOTHER", secret: "other-secret", ..Sign::default() },
    ] {
        let key = s.key;
        let a = send(&router, signed("POST", "/2015-03-31/functions", body, &ct, s)).await;
        assert_eq!(a.status, 201, "{a:?}");
        assert_eq!(rec.calls().last().unwrap().ctx.access_key.as_deref(), Some(key));
    }

    // Invoke with a raw payload; a clock skew under 5 minutes either way is fine.
    let four_minutes = Duration::from_secs(4 * 60);
    for time in [SystemTime::now() - four_minutes, SystemTime::now() + four_minutes] {
        let s = Sign { time, ..Sign::default() };
        let a = send(&router, signed("POST", "/2015-03-31/functions/f/invocations", r#"{"x":1}"#, &[], s)).await;
        assert_eq!(a.status, 200, "{a:?}");
        assert_eq!(&a.body[..], br#"{"x":1}"#);
    }
}

#[tokio::test]
async fn presigned_requests_are_accepted_until_they_expire() {
    let (rec, router) = recorder_router(config());
    let s = Sign { presign: Some(Duration::from_secs(300)), ..Sign::default() };
    let req = signed("GET", "/2015-03-31/functions/presigned-fn?Qualifier=1", "", &[], s);
    assert!(req.uri().query().unwrap().contains("X-Amz-Signature="), "{:?}", req.uri());
    assert!(req.headers().get("authorization").is_none());
    let a = send(&router, req).await;
    assert_eq!(a.status, 200, "{a:?}");
    assert_eq!(rec.calls().last().unwrap().detail, "presigned-fn");
    assert_eq!(rec.calls().last().unwrap().ctx.access_key.as_deref(), Some(AKID));

    // Signed 2 minutes ago for 60 seconds: expired, though within the clock window.
    let s = Sign {
        presign: Some(Duration::from_secs(60)),
        time: SystemTime::now() - Duration::from_secs(120),
        ..Sign::default()
    };
    let a = send(&router, signed("GET", "/2015-03-31/functions/f", "", &[], s)).await;
    a.assert_error(403, "InvalidSignatureException");
    assert!(a.message().starts_with("Signature expired: "), "{a:?}");
    assert!(a.message().ends_with(" - 60 sec.)"), "{a:?}");
    // Signed 30 minutes ago for an hour: still valid.
    let s = Sign {
        presign: Some(Duration::from_secs(3600)),
        time: SystemTime::now() - Duration::from_secs(1800),
        ..Sign::default()
    };
    assert_eq!(send(&router, signed("GET", "/2015-03-31/functions/f", "", &[], s)).await.status, 200);

    let s = Sign { presign: Some(Duration::from_secs(300)), secret: "wrong", ..Sign::default() };
    send(&router, signed("GET", "/2015-03-31/functions/f", "", &[], s))
        .await
        .assert_error(403, "InvalidSignatureException");

    // A presigned URL whose query was changed after signing.
    let s = Sign { presign: Some(Duration::from_secs(300)), ..Sign::default() };
    let req = signed("GET", "/2015-03-31/functions/f?Qualifier=1", "", &[], s);
    let tampered = req.uri().to_string().replace("Qualifier=1", "Qualifier=2");
    let (mut parts, body) = req.into_parts();
    parts.uri = tampered.parse().unwrap();
    send(&router, Request::from_parts(parts, body)).await.assert_error(403, "InvalidSignatureException");

    // Parts of the query form missing.
    let s = Sign { presign: Some(Duration::from_secs(300)), ..Sign::default() };
    let req = signed("GET", "/2015-03-31/functions/f", "", &[], s);
    let uri = req.uri().to_string();
    let stripped: Vec<&str> = uri.split('&').filter(|p| !p.starts_with("X-Amz-Signature=")).collect();
    let (mut parts, body) = req.into_parts();
    parts.uri = stripped.join("&").parse().unwrap();
    let a = send(&router, Request::from_parts(parts, body)).await;
    a.assert_error(403, "IncompleteSignature");
    assert!(a.message().contains("X-Amz-Signature"), "{a:?}");
    assert_eq!(rec.calls().len(), 2);
}

#[tokio::test]
async fn missing_and_malformed_signatures_are_rejected() {
    let (rec, router) = recorder_router(config());
    let a = send(&router, request("GET", "/2015-03-31/functions/f", Body::empty())).await;
    a.assert_error(403, "MissingAuthenticationTokenException");
    assert_eq!(a.message(), "Missing Authentication Token");

    let with_auth = |auth: &str, date: Option<&str>| {
        let mut req = request("GET", "/2015-03-31/functions/f", Body::empty());
        req.headers_mut().insert("authorization", auth.parse().unwrap());
        if let Some(d) = date {
            req.headers_mut().insert("x-amz-date", d.parse().unwrap());
        }
        req
    };
    let sig = "a".repeat(64);
    let cases = [
        (format!("AWS4-HMAC-SHA256 Credential={AKID}/20240101/us-east-1/lambda/aws4_request"), "requires 'Signature' parameter"),
        ("Bearer abc".to_string(), "Bearer"),
        (format!("AWS4-HMAC-SHA256 Credential={AKID}/20240101/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=xyz"), "Signature must be 64"),
        (format!("AWS4-HMAC-SHA256 Credential={AKID}/20240101, SignedHeaders=host;x-amz-date, Signature={sig}"), "Credential must have the form"),
        (format!("AWS4-HMAC-SHA256 Credential={AKID}/20240101/us-east-1/lambda/aws4_request, SignedHeaders=x-amz-date, Signature={sig}"), "'Host'"),
    ];
    for (auth, needle) in &cases {
        let a = send(&router, with_auth(auth, Some("20240101T000000Z"))).await;
        a.assert_error(403, "IncompleteSignature");
        assert!(a.message().contains(needle), "{needle} not in {a:?}");
    }
    // No date header.
    let auth = format!("AWS4-HMAC-SHA256 Credential={AKID}/20240101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature={sig}");
    let a = send(&router, with_auth(&auth, None)).await;
    a.assert_error(403, "IncompleteSignature");
    assert!(a.message().contains("X-Amz-Date"), "{a:?}");
    // A date that is not in the basic format.
    let a = send(&router, with_auth(&auth.replace("20240101/", "2024-01-01/"), Some("2024-01-01T00:00:00Z"))).await;
    assert_eq!(a.status, 403, "{a:?}");
    assert!(rec.calls().is_empty());
}

#[tokio::test]
async fn expired_wrong_and_unknown_signatures_are_rejected() {
    let (rec, router) = recorder_router(config());
    let uri = "/2015-03-31/functions/f";
    // Six minutes off either way is outside the service's 5-minute window.
    let s = Sign { time: SystemTime::now() - Duration::from_secs(6 * 60), ..Sign::default() };
    let a = send(&router, signed("GET", uri, "", &[], s)).await;
    a.assert_error(403, "InvalidSignatureException");
    assert!(a.message().starts_with("Signature expired: "), "{a:?}");
    assert!(a.message().ends_with(" - 5 min.)"), "{a:?}");
    let s = Sign { time: SystemTime::now() + Duration::from_secs(6 * 60), ..Sign::default() };
    let a = send(&router, signed("GET", uri, "", &[], s)).await;
    a.assert_error(403, "InvalidSignatureException");
    assert!(a.message().starts_with("Signature not yet current: "), "{a:?}");
    assert!(a.message().ends_with(" + 5 min.)"), "{a:?}");

    let a = send(&router, signed("GET", uri, "", &[], Sign { secret: "not-the-secret", ..Sign::default() })).await;
    a.assert_error(403, "InvalidSignatureException");
    assert!(a.message().starts_with("The request signature we calculated does not match"), "{a:?}");

    let a = send(&router, signed("GET", uri, "", &[], Sign { key: "AKIDUNKNOWN", ..Sign::default() })).await;
    a.assert_error(403, "UnrecognizedClientException");
    assert_eq!(a.message(), "The security token included in the request is invalid.");

    let a = send(&router, signed("GET", uri, "", &[], Sign { region: "eu-west-1", ..Sign::default() })).await;
    a.assert_error(403, "InvalidSignatureException");
    assert!(a.message().contains("region"), "{a:?}");
    let a = send(&router, signed("GET", uri, "", &[], Sign { service: "s3", ..Sign::default() })).await;
    a.assert_error(403, "InvalidSignatureException");
    assert!(a.message().contains("'lambda'"), "{a:?}");

    // Body, method, path and signed headers changed after signing.
    let body = r#"{"FunctionName":"f1","Role":"arn:aws:iam::123456789012:role/r","Code":{}}"#;
    let req = signed("POST", "/2015-03-31/functions", body, &[], Sign::default());
    let (parts, _) = req.into_parts();
    let tampered = Request::from_parts(parts, Body::from(body.replace("f1", "f2")));
    send(&router, tampered).await.assert_error(403, "InvalidSignatureException");

    let req = signed("POST", "/2015-03-31/functions", body, &[], Sign { sha_header: true, ..Sign::default() });
    let (parts, _) = req.into_parts();
    let a = send(&router, Request::from_parts(parts, Body::from(body.replace("f1", "f2")))).await;
    a.assert_error(403, "InvalidSignatureException");
    assert!(a.message().contains("x-amz-content-sha256"), "{a:?}");

    let req = signed("GET", "/2015-03-31/functions/f", "", &[], Sign::default());
    let (mut parts, body) = req.into_parts();
    parts.uri = "/2015-03-31/functions/g".parse().unwrap();
    send(&router, Request::from_parts(parts, body)).await.assert_error(403, "InvalidSignatureException");

    let req = signed("GET", "/2015-03-31/functions/f", "", &[("x-amz-log-type", "Tail")], Sign::default());
    let (mut parts, body) = req.into_parts();
    parts.headers.insert("x-amz-log-type", "None".parse().unwrap());
    send(&router, Request::from_parts(parts, body)).await.assert_error(403, "InvalidSignatureException");

    // Both forms at once.
    let req = signed(
        "GET",
        "/2015-03-31/functions/f",
        "",
        &[],
        Sign { presign: Some(Duration::from_secs(60)), ..Sign::default() },
    );
    let (mut parts, body) = req.into_parts();
    parts.headers.insert("authorization", "AWS4-HMAC-SHA256 Credential=x".parse().unwrap());
    send(&router, Request::from_parts(parts, body)).await.assert_error(403, "IncompleteSignature");
    assert!(rec.calls().is_empty());
}

#[tokio::test]
async fn signatures_cover_the_path_the_client_sent_when_nested() {
    use lambda_rt::server::axum;
    let (rec, lambda) = recorder_router(config());
    let app = axum::Router::new().nest("/prefix", lambda);
    let a = send(&app, signed("GET", "/prefix/2015-03-31/functions/nested-fn", "", &[], Sign::default())).await;
    assert_eq!(a.status, 200, "{a:?}");
    assert_eq!(rec.calls().last().unwrap().detail, "nested-fn");
    // Signed for the inner path only: the client did not send that path.
    let req = signed("GET", "/2015-03-31/functions/nested-fn", "", &[], Sign::default());
    let (mut parts, body) = req.into_parts();
    parts.uri = "/prefix/2015-03-31/functions/nested-fn".parse().unwrap();
    send(&app, Request::from_parts(parts, body)).await.assert_error(403, "InvalidSignatureException");
}

#[tokio::test]
async fn body_limit_applies_before_the_body_is_read() {
    let (_, router) = recorder_router(config().with_body_limit(64));
    let body = format!("{{\"k\":\"{}\"}}", "x".repeat(100));
    let a = send(&router, signed("POST", "/2015-03-31/functions/f/invocations", &body, &[], Sign::default())).await;
    a.assert_error(413, "RequestTooLargeException");
    let create = format!(r#"{{"FunctionName":"f1","Role":"{}","Code":{{}}}}"#, "r".repeat(100));
    let a = send(&router, signed("POST", "/2015-03-31/functions", &create, &[], Sign::default())).await;
    a.assert_error(413, "RequestEntityTooLargeException");
    assert_eq!(a.message(), "Request must be smaller than 64 bytes for the CreateFunction operation");
    assert_eq!(a.header("connection"), Some("close"));
}

/// A body that never ends: a router that tried to read it would never answer.
fn endless_body() -> Body {
    Body::from_stream(futures_util::stream::pending::<Result<bytes::Bytes, std::io::Error>>())
}

/// A request signed for `body`, sent with a body that never ends.
fn signed_then_endless(uri: &str, body: &str, s: Sign) -> Request<Body> {
    let (parts, _) = signed("POST", uri, body, &[], s).into_parts();
    Request::from_parts(parts, endless_body())
}

#[tokio::test]
async fn what_needs_no_body_is_refused_before_reading_it() {
    let (rec, router) = recorder_router(config());
    let uri = "/2015-03-31/functions/f/invocations";
    let answer = |req| async {
        tokio::time::timeout(Duration::from_secs(10), send(&router, req))
            .await
            .expect("answered without reading the body")
    };
    // Unsigned.
    let a = answer(Request::from_parts(request("POST", uri, "").into_parts().0, endless_body())).await;
    a.assert_error(403, "MissingAuthenticationTokenException");
    assert_eq!(a.header("connection"), Some("close"));
    // Unknown key, wrong scope, outside the clock window, missing token.
    let cases: [(Sign, &str); 4] = [
        (Sign { key: "AKIDUNKNOWN", ..Sign::default() }, "UnrecognizedClientException"),
        (Sign { region: "eu-west-1", ..Sign::default() }, "InvalidSignatureException"),
        (Sign { time: SystemTime::now() - Duration::from_secs(600), ..Sign::default() }, "InvalidSignatureException"),
        (Sign { key: TEMP_KEY, secret: TEMP_SECRET, ..Sign::default() }, "UnrecognizedClientException"),
    ];
    for (s, code) in cases {
        answer(signed_then_endless(uri, "{}", s)).await.assert_error(403, code);
    }
    // A wrong secret, when x-amz-content-sha256 states the body's hash.
    let s = Sign { secret: "not-the-secret", sha_header: true, ..Sign::default() };
    answer(signed_then_endless(uri, "{}", s)).await.assert_error(403, "InvalidSignatureException");
    // A claimed unsigned or streamed payload.
    for literal in ["UNSIGNED-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"] {
        let s = Sign { sha_header: true, payload: Payload::Literal(literal), ..Sign::default() };
        let a = answer(signed_then_endless(uri, "{}", s)).await;
        a.assert_error(403, "InvalidSignatureException");
        assert!(a.message().contains(literal), "{a:?}");
    }
    assert!(rec.calls().is_empty());
}

#[tokio::test]
async fn the_body_received_is_what_is_verified() {
    let (rec, router) = recorder_router(config());
    let body = r#"{"FunctionName":"f1","Role":"arn:aws:iam::123456789012:role/r","Code":{}}"#;
    let other = body.replace("f1", "f2");
    let with_body = |req: Request<Body>, b: &str| Request::from_parts(req.into_parts().0, Body::from(b.to_string()));
    // Signed over UNSIGNED-PAYLOAD or a streaming marker, with or without the header saying so:
    // refused whatever body comes, the signed one included.
    for literal in ["UNSIGNED-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"] {
        for sha_header in [true, false] {
            for sent in [body, other.as_str()] {
                let s = Sign { sha_header, payload: Payload::Literal(literal), ..Sign::default() };
                let req = with_body(signed("POST", "/2015-03-31/functions", body, &[], s), sent);
                send(&router, req).await.assert_error(403, "InvalidSignatureException");
            }
        }
    }
    // A presigned request over UNSIGNED-PAYLOAD may not carry a body.
    let s = Sign { presign: Some(Duration::from_secs(300)), ..Sign::default() };
    let req = with_body(signed("POST", "/2015-03-31/functions", body, &[], s), body);
    send(&router, req).await.assert_error(403, "InvalidSignatureException");
    // Presigned over the body's hash, the body as signed: accepted.
    let s = Sign { presign: Some(Duration::from_secs(300)), payload: Payload::Hashed, ..Sign::default() };
    let req = with_body(signed("POST", "/2015-03-31/functions", body, &[], s), body);
    assert_eq!(send(&router, req).await.status, 201);
    let s = Sign { presign: Some(Duration::from_secs(300)), payload: Payload::Hashed, ..Sign::default() };
    let req = with_body(signed("POST", "/2015-03-31/functions", body, &[], s), &other);
    send(&router, req).await.assert_error(403, "InvalidSignatureException");
    assert_eq!(rec.calls().len(), 1);
}

#[tokio::test]
async fn presigned_over_the_empty_body_hash_verifies() {
    // botocore's generate_presigned_url (and so the AWS CLI's) signs the empty body's hash;
    // aws-sigv4 presigns UNSIGNED-PAYLOAD. Both are accepted for a request without a body.
    let (rec, router) = recorder_router(config());
    for payload in [Payload::Hashed, Payload::Default] {
        let s = Sign { presign: Some(Duration::from_secs(900)), payload, ..Sign::default() };
        let a = send(&router, signed("GET", "/2015-03-31/functions/presigned-fn", "", &[], s)).await;
        assert_eq!(a.status, 200, "{a:?}");
    }
    assert_eq!(rec.calls().len(), 2);
}

#[tokio::test]
async fn session_tokens_must_match_the_key() {
    let (rec, router) = recorder_router(config());
    let uri = "/2015-03-31/functions/f";
    let temp = || Sign { key: TEMP_KEY, secret: TEMP_SECRET, token: Some(TOKEN), ..Sign::default() };
    // The right token, in the header or (presigned) in the query.
    assert_eq!(send(&router, signed("GET", uri, "", &[], temp())).await.status, 200);
    let s = Sign { presign: Some(Duration::from_secs(60)), ..temp() };
    let req = signed("GET", uri, "", &[], s);
    assert!(req.uri().query().unwrap().contains("X-Amz-Security-Token="), "{:?}", req.uri());
    assert_eq!(send(&router, req).await.status, 200);
    assert_eq!(rec.calls().len(), 2);

    let refused = [
        // No token for a temporary key.
        Sign { token: None, ..temp() },
        // Another token, signed.
        Sign { token: Some("garbage"), ..temp() },
        // A token for a long-term key.
        Sign { token: Some(TOKEN), ..Sign::default() },
        Sign { presign: Some(Duration::from_secs(60)), token: Some("garbage"), ..Sign::default() },
    ];
    for s in refused {
        let a = send(&router, signed("GET", uri, "", &[], s)).await;
        a.assert_error(403, "UnrecognizedClientException");
        assert_eq!(a.message(), "The security token included in the request is invalid.");
    }
    // An unsigned token added to a long-term key's request, or a second token that differs.
    let req = signed("GET", uri, "", &[], Sign::default());
    let (mut parts, body) = req.into_parts();
    parts.headers.insert("x-amz-security-token", "garbage".parse().unwrap());
    send(&router, Request::from_parts(parts, body)).await.assert_error(403, "UnrecognizedClientException");
    let req = signed("GET", uri, "", &[], temp());
    let (mut parts, body) = req.into_parts();
    parts.uri = format!("{uri}?X-Amz-Security-Token=other").parse().unwrap();
    send(&router, Request::from_parts(parts, body)).await.assert_error(403, "UnrecognizedClientException");
    assert_eq!(rec.calls().len(), 2);
}

/// A real server on 127.0.0.1 answering a signed and an unsigned request over HTTP/1.1.
#[tokio::test]
async fn over_tcp_signed_requests_pass_and_unsigned_fail() {
    let (rec, router) = recorder_router(config());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { lambda_rt::server::axum::serve(listener, router).await });

    let connect = || async {
        let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let (sender, conn) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await.unwrap();
        tokio::spawn(conn);
        sender
    };
    use http_body_util::BodyExt;
    let mut sender = connect().await;
    let req = signed("GET", "/2015-03-31/functions/over-tcp", "", &[], Sign::default());
    let resp = tokio::time::timeout(Duration::from_secs(10), sender.send_request(req)).await.unwrap().unwrap();
    assert_eq!(resp.status(), 200);
    assert!(resp.headers().contains_key("x-amzn-requestid"));
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&body).unwrap()["Configuration"]["FunctionName"],
        "over-tcp"
    );
    assert_eq!(rec.calls().last().unwrap().ctx.access_key.as_deref(), Some(AKID));

    let req = request("GET", "/2015-03-31/functions/over-tcp", Body::empty());
    let resp = tokio::time::timeout(Duration::from_secs(10), sender.send_request(req)).await.unwrap().unwrap();
    assert_eq!(resp.status(), 403);
    assert_eq!(resp.headers()["x-amzn-errortype"], "MissingAuthenticationTokenException");
    assert!(resp.headers().contains_key("x-amzn-requestid"));
    server.abort();
}
