//! The server's Signature Version 4 checks: the Authorization header and presigned query forms,
//! dates, scopes, signed headers and session tokens. Nothing may panic; a forged request is
//! never accepted.
#![no_main]

use arbitrary::Arbitrary;
use lambda_rt::server::{Credential, SigV4Verifier};
use libfuzzer_sys::fuzz_target;
use sha2::Digest;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[derive(Arbitrary, Debug)]
struct Input {
    method: String,
    path: String,
    query: String,
    authorization: Option<String>,
    amz_date: Option<String>,
    content_sha256: Option<String>,
    security_token: Option<String>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn verifier() -> &'static SigV4Verifier {
    static V: OnceLock<SigV4Verifier> = OnceLock::new();
    V.get_or_init(|| {
        SigV4Verifier::new(
            [
                Credential::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                Credential::new("ASIATEMP", "temporary-secret").with_session_token("the-token"),
            ],
            "us-east-1",
            "lambda",
        )
    })
}

fuzz_target!(|input: Input| {
    let uri = if input.query.is_empty() { input.path.clone() } else { format!("{}?{}", input.path, input.query) };
    let mut builder = http::Request::builder().method(input.method.as_str()).uri(uri.as_str());
    let named = [
        ("authorization", &input.authorization),
        ("x-amz-date", &input.amz_date),
        ("x-amz-content-sha256", &input.content_sha256),
        ("x-amz-security-token", &input.security_token),
    ];
    for (name, value) in named {
        if let Some(v) = value.as_deref().and_then(|v| http::HeaderValue::from_str(v).ok()) {
            builder = builder.header(name, v);
        }
    }
    for (k, v) in &input.headers {
        if let (Ok(k), Ok(v)) = (http::HeaderName::from_bytes(k.as_bytes()), http::HeaderValue::from_str(v)) {
            builder = builder.header(k, v);
        }
    }
    let Ok(request) = builder.body(()) else { return };
    let (parts, ()) = request.into_parts();
    // 2015-08-30T12:36:00Z, the date of AWS's signature test suite.
    let now = UNIX_EPOCH + Duration::from_secs(1_440_938_160);
    let at: SystemTime = now;
    if let Ok(pending) = verifier().check_before_body(&parts, at) {
        let hash: [u8; 32] = sha2::Sha256::digest(&input.body).into();
        let accepted = pending.finish(&hash);
        assert!(accepted.is_err(), "a forged signature was accepted: {parts:?}");
    }
});
