//! Signature Version 4 verification by the generated router: requests signed here with the
//! `aws-sigv4` crate (header and presigned query forms) are accepted; missing, malformed,
//! expired, wrongly signed and unknown-key requests get the service's errors.

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
        if s.presign.is_some() { SignableBody::UnsignedPayload } else { SignableBody::Bytes(body.as_bytes()) },
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

fn config() -> ServerConfig {
    ServerConfig::default().with_credential(AKID, SECRET).with_credential("AKIDOTHER", "other-secret")
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
        Sign { token: Some("session-token"), ..Sign::default() },
        Sign { key: "AKIDOTHER", secret: "other-secret", ..Sign::default() },
    ] {
        let key = s.key;
        let a = send(&router, signed("POST", "/2015-03-31/functions", body, &ct, s)).await;
        assert_eq!(a.status, 201, "{a:?}");
        assert_eq!(rec.calls().last().unwrap().ctx.access_key.as_deref(), Some(key));
    }

    // Invoke with a raw payload; a clock skew under 15 minutes is fine.
    let s = Sign { time: SystemTime::now() - Duration::from_secs(10 * 60), ..Sign::default() };
    let a = send(&router, signed("POST", "/2015-03-31/functions/f/invocations", r#"{"x":1}"#, &[], s)).await;
    assert_eq!(a.status, 200, "{a:?}");
    assert_eq!(&a.body[..], br#"{"x":1}"#);
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

    // Signed 10 minutes ago for 60 seconds.
    let s = Sign {
        presign: Some(Duration::from_secs(60)),
        time: SystemTime::now() - Duration::from_secs(600),
        ..Sign::default()
    };
    let a = send(&router, signed("GET", "/2015-03-31/functions/f", "", &[], s)).await;
    a.assert_error(400, "RequestExpired");

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
    assert_eq!(rec.calls().len(), 1);
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
    let s = Sign { time: SystemTime::now() - Duration::from_secs(20 * 60), ..Sign::default() };
    let a = send(&router, signed("GET", uri, "", &[], s)).await;
    a.assert_error(400, "RequestExpired");
    assert!(a.message().starts_with("Signature expired: "), "{a:?}");
    let s = Sign { time: SystemTime::now() + Duration::from_secs(20 * 60), ..Sign::default() };
    let a = send(&router, signed("GET", uri, "", &[], s)).await;
    a.assert_error(400, "RequestExpired");
    assert!(a.message().starts_with("Signature not yet current: "), "{a:?}");

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
async fn body_limit_applies_before_the_signature_check() {
    let (_, router) = recorder_router(config().with_body_limit(64));
    let body = format!("{{\"k\":\"{}\"}}", "x".repeat(100));
    let a = send(&router, signed("POST", "/2015-03-31/functions/f/invocations", &body, &[], Sign::default())).await;
    a.assert_error(413, "RequestTooLargeException");
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
