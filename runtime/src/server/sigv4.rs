//! Verifying AWS Signature Version 4 on received requests.
//!
//! The canonical request is rebuilt from the request as received (method, path as sent,
//! query, the headers the client says it signed, payload hash); the key derivation and
//! signature come from the `aws-sigv4` crate, and the comparison takes constant time. Both
//! the `Authorization` header form and the presigned query form are accepted.

use super::response::{new_request_id, RequestId};
use super::routes::read_body;
use crate::http::percent_encode;
use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use http::request::Parts;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const ALGORITHM: &str = "AWS4-HMAC-SHA256";
/// How far a request's date may be from the server's clock.
pub const MAX_SKEW: Duration = Duration::from_secs(15 * 60);
/// The longest validity of a presigned request (a week).
const MAX_EXPIRES: u64 = 604_800;
const MISMATCH: &str = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

/// The access key id of a request whose signature was verified, kept in its extensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedAccessKey(pub String);

/// Why a signature was rejected: the service's code, status and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthError {
    /// HTTP status.
    pub status: u16,
    /// Error code: `MissingAuthenticationTokenException`, `IncompleteSignature`,
    /// `UnrecognizedClientException`, `InvalidSignatureException` or `RequestExpired`.
    pub code: &'static str,
    /// Message text.
    pub message: String,
}

impl AuthError {
    fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        AuthError { status, code, message: message.into() }
    }
    fn missing() -> Self {
        Self::new(403, "MissingAuthenticationTokenException", "Missing Authentication Token")
    }
    fn incomplete(message: impl Into<String>) -> Self {
        Self::new(403, "IncompleteSignature", message)
    }
    fn unknown_key() -> Self {
        Self::new(403, "UnrecognizedClientException", "The security token included in the request is invalid.")
    }
    fn invalid(message: impl Into<String>) -> Self {
        Self::new(403, "InvalidSignatureException", message)
    }
    fn expired(message: impl Into<String>) -> Self {
        Self::new(400, "RequestExpired", message)
    }

    /// The error response.
    pub fn into_response(self, request_id: &str) -> Response {
        super::error_response(self.status, self.code, Some(&self.message), request_id)
    }
}

impl std::fmt::Display for AuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (HTTP {}): {}", self.code, self.status, self.message)
    }
}

impl std::error::Error for AuthError {}

/// Checks signatures against a set of key pairs for one region and service.
#[derive(Clone)]
pub struct SigV4Verifier {
    credentials: Arc<HashMap<String, String>>,
    region: String,
    service: String,
}

impl std::fmt::Debug for SigV4Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigV4Verifier")
            .field("access_keys", &self.credentials.len())
            .field("region", &self.region)
            .field("service", &self.service)
            .finish()
    }
}

/// The parts of a signature, from either form.
struct Signed {
    access_key: String,
    scope_date: String,
    scope_region: String,
    scope_service: String,
    signed_headers: Vec<String>,
    signature: String,
    amz_date: String,
    /// Presigned: the validity in seconds.
    expires: Option<u64>,
}

impl SigV4Verifier {
    /// A verifier for these key pairs (access key id → secret), region and signing name.
    pub fn new(credentials: HashMap<String, String>, region: &str, service: &str) -> Self {
        SigV4Verifier { credentials: Arc::new(credentials), region: region.to_string(), service: service.to_string() }
    }

    /// Verifies a request's signature at time `now`, returning the access key id. `body` is
    /// the whole body; the path is taken from axum's `OriginalUri` when the router is nested.
    pub fn verify(&self, parts: &Parts, body: &[u8], now: SystemTime) -> Result<String, AuthError> {
        let uri = parts.extensions.get::<axum::extract::OriginalUri>().map(|o| &o.0).unwrap_or(&parts.uri);
        let raw_query = uri.query().unwrap_or("");
        let query = raw_pairs(raw_query);
        let auth_header = parts.headers.get(http::header::AUTHORIZATION);
        let presigned = query.iter().any(|(k, _)| k == "X-Amz-Algorithm");
        let signed = match (auth_header, presigned) {
            (Some(_), true) => {
                return Err(AuthError::incomplete(
                    "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified",
                ))
            }
            (Some(h), false) => {
                let h = h.to_str().map_err(|_| AuthError::incomplete("The Authorization header is not valid text"))?;
                let amz_date = header_text(parts, "x-amz-date").ok_or_else(|| {
                    AuthError::incomplete("Authorization header requires existence of a 'X-Amz-Date' header.")
                })?;
                parse_authorization(h, amz_date)?
            }
            (None, true) => parse_presigned(&query)?,
            (None, false) => return Err(AuthError::missing()),
        };

        // Scope.
        if !signed.amz_date.starts_with(&signed.scope_date) || signed.scope_date.len() != 8 {
            return Err(AuthError::invalid(format!(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{}' != '{}', from '{}'.",
                signed.scope_date,
                signed.amz_date.get(..8).unwrap_or(&signed.amz_date),
                signed.amz_date
            )));
        }
        if signed.scope_region != self.region {
            return Err(AuthError::invalid(format!(
                "Credential should be scoped to a valid region, not '{}'.",
                signed.scope_region
            )));
        }
        if signed.scope_service != self.service {
            return Err(AuthError::invalid(format!(
                "Credential should be scoped to correct service: '{}'.",
                self.service
            )));
        }
        if !signed.signed_headers.iter().any(|h| h == "host") {
            return Err(AuthError::incomplete("'Host' must be a 'SignedHeader' in the AWS Authorization."));
        }

        // Time.
        let date = parse_amz_date(&signed.amz_date).ok_or_else(|| {
            AuthError::incomplete(format!(
                "Date must be in ISO-8601 'basic format'. Got '{}'. See http://en.wikipedia.org/wiki/ISO_8601",
                signed.amz_date
            ))
        })?;
        if date > now + MAX_SKEW {
            return Err(AuthError::expired(format!(
                "Signature not yet current: {} is still later than {} ({} + 15 min.)",
                signed.amz_date,
                format_amz_date(now + MAX_SKEW),
                format_amz_date(now)
            )));
        }
        match signed.expires {
            None if date + MAX_SKEW < now => {
                return Err(AuthError::expired(format!(
                    "Signature expired: {} is now earlier than {} ({} - 15 min.)",
                    signed.amz_date,
                    format_amz_date(now - MAX_SKEW),
                    format_amz_date(now)
                )))
            }
            Some(secs) if date + Duration::from_secs(secs) < now => {
                return Err(AuthError::expired(format!(
                    "Request has expired: signed at {} for {secs} seconds, now {}",
                    signed.amz_date,
                    format_amz_date(now)
                )))
            }
            _ => {}
        }

        // Key.
        let Some(secret) = self.credentials.get(&signed.access_key) else {
            return Err(AuthError::unknown_key());
        };

        // Payload hash: the client's x-amz-content-sha256 (checked against the body unless it
        // declares an unsigned payload); else UNSIGNED-PAYLOAD for presigned requests and the
        // body's hash for header-signed ones.
        let actual = hex(&Sha256::digest(body));
        let payload_hash = match header_text(parts, "x-amz-content-sha256") {
            Some(h) if h == "UNSIGNED-PAYLOAD" || h.starts_with("STREAMING-") => h.to_string(),
            Some(h) => {
                if !h.eq_ignore_ascii_case(&actual) {
                    return Err(AuthError::invalid(
                        "The provided 'x-amz-content-sha256' header does not match what was computed.",
                    ));
                }
                h.to_string()
            }
            None if signed.expires.is_some() => "UNSIGNED-PAYLOAD".to_string(),
            None => actual,
        };

        // Canonical request.
        let mut headers = String::new();
        for name in &signed.signed_headers {
            let values: Vec<String> = if name == "host" && parts.headers.get(http::header::HOST).is_none() {
                uri.authority().map(|a| a.as_str().to_string()).into_iter().collect()
            } else {
                parts
                    .headers
                    .get_all(name.as_str())
                    .iter()
                    .map(|v| trim_value(&String::from_utf8_lossy(v.as_bytes())))
                    .collect()
            };
            headers.push_str(name);
            headers.push(':');
            headers.push_str(&values.join(","));
            headers.push('\n');
        }
        let mut canon_query: Vec<(String, String)> = query
            .iter()
            .filter(|(k, _)| !(signed.expires.is_some() && k == "X-Amz-Signature"))
            .map(|(k, v)| (percent_encode(k, false), percent_encode(v, false)))
            .collect();
        canon_query.sort();
        let canon_query: Vec<String> = canon_query.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
        let path = if uri.path().is_empty() { "/" } else { uri.path() };
        let canonical = format!(
            "{}\n{}\n{}\n{}\n{}\n{}",
            parts.method.as_str(),
            percent_encode(path, true),
            canon_query.join("&"),
            headers,
            signed.signed_headers.join(";"),
            payload_hash
        );
        let scope = format!("{}/{}/{}/aws4_request", signed.scope_date, signed.scope_region, signed.scope_service);
        let string_to_sign =
            format!("{ALGORITHM}\n{}\n{scope}\n{}", signed.amz_date, hex(&Sha256::digest(canonical.as_bytes())));
        let key = aws_sigv4::sign::v4::generate_signing_key(secret, date, &signed.scope_region, &signed.scope_service);
        let expected = aws_sigv4::sign::v4::calculate_signature(key, string_to_sign.as_bytes());
        if !constant_time_eq(expected.as_bytes(), signed.signature.to_ascii_lowercase().as_bytes()) {
            return Err(AuthError::invalid(MISMATCH));
        }
        Ok(signed.access_key)
    }
}

fn header_text<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts.headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim)
}

/// The access key id a request claims, without checking it.
pub(crate) fn claimed_access_key(parts: &Parts) -> Option<String> {
    let credential = match parts.headers.get(http::header::AUTHORIZATION).and_then(|v| v.to_str().ok()) {
        Some(h) => h.split_once(' ').map(|(_, rest)| rest).and_then(|rest| {
            rest.split(',').filter_map(|p| p.trim().strip_prefix("Credential=")).next().map(str::to_string)
        }),
        None => raw_pairs(parts.uri.query().unwrap_or(""))
            .into_iter()
            .find(|(k, _)| k == "X-Amz-Credential")
            .map(|(_, v)| v),
    }?;
    let key = credential.split('/').next()?.trim();
    (!key.is_empty()).then(|| key.to_string())
}

fn parse_authorization(header: &str, amz_date: &str) -> Result<Signed, AuthError> {
    let (algorithm, rest) = header.trim().split_once(' ').unwrap_or((header.trim(), ""));
    if algorithm != ALGORITHM {
        return Err(AuthError::incomplete(format!(
            "Unsupported authorization type '{algorithm}': only {ALGORITHM} is accepted. Authorization={header}"
        )));
    }
    let mut credential = None;
    let mut signed_headers = None;
    let mut signature = None;
    for part in rest.split(',') {
        let part = part.trim();
        if let Some(v) = part.strip_prefix("Credential=") {
            credential = Some(v);
        } else if let Some(v) = part.strip_prefix("SignedHeaders=") {
            signed_headers = Some(v);
        } else if let Some(v) = part.strip_prefix("Signature=") {
            signature = Some(v);
        }
    }
    let mut problems = Vec::new();
    for (name, v) in [("Credential", credential), ("Signature", signature), ("SignedHeaders", signed_headers)] {
        if v.is_none_or(str::is_empty) {
            problems.push(format!("Authorization header requires '{name}' parameter."));
        }
    }
    if !problems.is_empty() {
        return Err(AuthError::incomplete(format!("{} Authorization={header}", problems.join(" "))));
    }
    signed(
        credential.unwrap_or_default(),
        signed_headers.unwrap_or_default(),
        signature.unwrap_or_default(),
        amz_date,
        None,
    )
}

fn parse_presigned(query: &[(String, String)]) -> Result<Signed, AuthError> {
    let get = |k: &str| query.iter().find(|(qk, _)| qk == k).map(|(_, v)| v.as_str());
    let algorithm = get("X-Amz-Algorithm").unwrap_or_default();
    if algorithm != ALGORITHM {
        return Err(AuthError::incomplete(format!("X-Amz-Algorithm only supports \"{ALGORITHM}\", not '{algorithm}'")));
    }
    let mut missing = Vec::new();
    for name in ["X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date", "X-Amz-Expires"] {
        if get(name).is_none_or(str::is_empty) {
            missing.push(name);
        }
    }
    if !missing.is_empty() {
        return Err(AuthError::incomplete(format!(
            "AWS query-string parameters must include {}. Re-examine the query-string parameters.",
            missing.iter().map(|m| format!("'{m}'")).collect::<Vec<_>>().join(", ")
        )));
    }
    let expires_text = get("X-Amz-Expires").unwrap_or_default();
    let expires = expires_text.parse::<u64>().ok().filter(|e| (1..=MAX_EXPIRES).contains(e)).ok_or_else(|| {
        AuthError::incomplete(format!(
            "X-Amz-Expires must be a number of seconds from 1 to {MAX_EXPIRES} (a week), not '{expires_text}'"
        ))
    })?;
    signed(
        get("X-Amz-Credential").unwrap_or_default(),
        get("X-Amz-SignedHeaders").unwrap_or_default(),
        get("X-Amz-Signature").unwrap_or_default(),
        get("X-Amz-Date").unwrap_or_default(),
        Some(expires),
    )
}

fn signed(
    credential: &str,
    signed_headers: &str,
    signature: &str,
    amz_date: &str,
    expires: Option<u64>,
) -> Result<Signed, AuthError> {
    let parts: Vec<&str> = credential.split('/').collect();
    let [access_key, date, region, service, terminator] = parts.as_slice() else {
        return Err(AuthError::incomplete(format!(
            "Credential must have the form ACCESS_KEY/YYYYMMDD/REGION/SERVICE/aws4_request, not '{credential}'"
        )));
    };
    if *terminator != "aws4_request" {
        return Err(AuthError::invalid(format!(
            "Credential should be scoped with a valid terminator: 'aws4_request', not '{terminator}'."
        )));
    }
    if access_key.is_empty() {
        return Err(AuthError::incomplete("Credential has an empty access key id"));
    }
    if signature.len() != 64 || !signature.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AuthError::incomplete(format!("Signature must be 64 hexadecimal digits, not '{signature}'")));
    }
    let signed_headers: Vec<String> = signed_headers.split(';').map(|h| h.trim().to_ascii_lowercase()).collect();
    if signed_headers.iter().any(String::is_empty) {
        return Err(AuthError::incomplete(format!(
            "SignedHeaders has an empty header name: '{}'",
            signed_headers.join(";")
        )));
    }
    Ok(Signed {
        access_key: access_key.to_string(),
        scope_date: date.to_string(),
        scope_region: region.to_string(),
        scope_service: service.to_string(),
        signed_headers,
        signature: signature.to_string(),
        amz_date: amz_date.to_string(),
        expires,
    })
}

/// Query pairs percent-decoded (a broken escape keeps its raw text).
fn raw_pairs(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let d = |s: &str| crate::http::decode_component(s).unwrap_or_else(|| s.to_string());
            (d(k), d(v))
        })
        .collect()
}

fn trim_value(v: &str) -> String {
    v.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Parses `YYYYMMDDTHHMMSSZ`.
fn parse_amz_date(s: &str) -> Option<SystemTime> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        t.bytes().all(|c| c.is_ascii_digit()).then(|| t.parse().ok())?
    };
    let (y, mo, d, h, mi, se) = (num(0..4)?, num(4..6)?, num(6..8)?, num(9..11)?, num(11..13)?, num(13..15)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 || y < 1970 {
        return None;
    }
    let secs = crate::wire::days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se;
    Some(UNIX_EPOCH + Duration::from_secs(u64::try_from(secs).ok()?))
}

fn format_amz_date(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    let (y, m, d) = crate::wire::civil_from_days(secs.div_euclid(86_400));
    let r = secs.rem_euclid(86_400);
    format!("{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z", r / 3600, r % 3600 / 60, r % 60)
}

/// A tower layer that verifies every request's signature before passing it on, answering
/// failures with the service's errors. It reads the body (up to the limit, 413 beyond) to
/// hash it, then hands the request on with the same bytes and a [`VerifiedAccessKey`].
#[derive(Clone, Debug)]
pub struct SigV4Layer {
    verifier: SigV4Verifier,
    body_limit: usize,
}

impl SigV4Layer {
    /// A layer checking signatures with this verifier.
    pub fn new(verifier: SigV4Verifier) -> Self {
        SigV4Layer { verifier, body_limit: super::DEFAULT_BODY_LIMIT }
    }

    /// Sets the body size limit in bytes.
    pub fn with_body_limit(mut self, limit: usize) -> Self {
        self.body_limit = limit;
        self
    }
}

impl<S> tower::Layer<S> for SigV4Layer {
    type Service = SigV4Service<S>;
    fn layer(&self, inner: S) -> SigV4Service<S> {
        SigV4Service { inner, layer: self.clone() }
    }
}

/// The service [`SigV4Layer`] wraps around another.
#[derive(Clone, Debug)]
pub struct SigV4Service<S> {
    inner: S,
    layer: SigV4Layer,
}

impl<S> tower::Service<Request> for SigV4Service<S>
where
    S: tower::Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        // The clone that was driven to readiness serves this call.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let layer = self.layer.clone();
        Box::pin(async move {
            let (mut parts, body) = req.into_parts();
            let request_id = match parts.extensions.get::<RequestId>() {
                Some(id) => id.0.clone(),
                None => new_request_id(),
            };
            let bytes = match read_body(&parts.headers, body, layer.body_limit).await {
                Ok(b) => b,
                Err(e) => return Ok(e.into_response(&request_id)),
            };
            match layer.verifier.verify(&parts, &bytes, SystemTime::now()) {
                Ok(key) => {
                    parts.extensions.insert(VerifiedAccessKey(key));
                    inner.call(Request::from_parts(parts, Body::from(bytes))).await
                }
                Err(e) => Ok(e.into_response(&request_id)),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        let t = parse_amz_date("20150830T123600Z").unwrap();
        assert_eq!(t.duration_since(UNIX_EPOCH).unwrap().as_secs(), 1_440_938_160);
        assert_eq!(format_amz_date(t), "20150830T123600Z");
        assert_eq!(format_amz_date(parse_amz_date("20240229T235959Z").unwrap()), "20240229T235959Z");
        for bad in ["2015-08-30T12:36:00Z", "20151330T123600Z", "20150830T123600", "2015083OT123600Z"] {
            assert!(parse_amz_date(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn authorization_header_problems_are_named() {
        let e = parse_authorization(
            "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/lambda/aws4_request",
            "20150830T123600Z",
        )
        .err()
        .unwrap();
        assert_eq!(e.code, "IncompleteSignature");
        assert!(e.message.contains("requires 'Signature' parameter"), "{}", e.message);
        assert!(e.message.contains("requires 'SignedHeaders' parameter"), "{}", e.message);
        assert!(!e.message.contains("requires 'Credential'"), "{}", e.message);
        let e = parse_authorization("Basic abc", "x").err().unwrap();
        assert_eq!(e.code, "IncompleteSignature");
        let e = parse_authorization(
            &format!(
                "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/lambda, SignedHeaders=host, Signature={}",
                "a".repeat(64)
            ),
            "20150830T123600Z",
        )
        .err()
        .unwrap();
        assert!(e.message.contains("Credential must have the form"), "{}", e.message);
    }

    #[test]
    fn encoding_follows_sigv4() {
        assert_eq!(percent_encode("/2015-03-31/functions/my%3Afn", true), "/2015-03-31/functions/my%253Afn");
        assert_eq!(percent_encode("a b+c/~", false), "a%20b%2Bc%2F~");
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
