//! Verifying AWS Signature Version 4 on received requests, as the service checks it.
//!
//! The canonical request is rebuilt from the request as received (method, path as sent,
//! query, the headers the client says it signed) and the SHA-256 of the body actually
//! received; the key derivation and signature are the client's (`crate::sigv4`), and
//! comparisons take constant time. Both the `Authorization` header form and the presigned
//! query form are accepted.
//!
//! Verification is split in two so nothing is read from an unauthenticated client:
//! [`SigV4Verifier::check_before_body`] checks everything the headers and query hold (the
//! form, the credential scope, the date window, `host` being signed, the access key, the
//! session token, and the signature itself when `x-amz-content-sha256` states the body's
//! hash); [`PendingSignature::finish`] then checks the signature against the hash of the body
//! as read.
//!
//! The rules:
//!
//! * the payload hash signed is always the SHA-256 of the body received. An
//!   `x-amz-content-sha256` header, when sent, must be that hash in hex: `UNSIGNED-PAYLOAD`
//!   and `STREAMING-…` are refused (403 `InvalidSignatureException`), since this service signs
//!   bodies;
//! * a presigned request may have been signed over the hash of its (empty) body, as botocore
//!   and the AWS CLI sign, or over `UNSIGNED-PAYLOAD`, as `aws-sigv4` presigns by default; the
//!   latter only when the body is empty, so no body bytes go unsigned;
//! * the request's date must be within 5 minutes of the server's clock, either way; a
//!   presigned request must also be used within its `X-Amz-Expires`. Either failure is 403
//!   `InvalidSignatureException` with "Signature expired: …" or "Signature not yet current: …";
//! * a key configured with a session token requires `X-Amz-Security-Token` (header, or query
//!   parameter when presigned) with exactly that token; a key configured without one refuses
//!   any token. Both are 403 `UnrecognizedClientException`, as is an unknown access key.

use super::response::error_response;
use crate::http::percent_encode;
use crate::sigv4::{
    canonical_query, format_amz_date, hex, parse_amz_date, sha256, string_to_sign, ALGORITHM, EMPTY_SHA256,
};
use axum::response::Response;
use http::request::Parts;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// How far a request's date may be from the server's clock, either way.
pub const MAX_SKEW: Duration = Duration::from_secs(5 * 60);
/// The longest validity of a presigned request (a week).
const MAX_EXPIRES: u64 = 604_800;
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
const MISMATCH: &str = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

/// A key pair allowed to call the server, with the session token its requests must carry
/// when it is a temporary credential.
#[derive(Clone, PartialEq, Eq)]
pub struct Credential {
    /// Access key id.
    pub access_key_id: String,
    /// Secret access key.
    pub secret_access_key: String,
    /// Session token (`X-Amz-Security-Token`) every request made with this key must carry;
    /// `None` for a long-term key, whose requests must carry none.
    pub session_token: Option<String>,
}

impl Credential {
    /// A long-term key pair (no session token).
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<String>) -> Self {
        Credential {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token: None,
        }
    }

    /// The same key pair as a temporary credential with this session token.
    pub fn with_session_token(mut self, token: impl Into<String>) -> Self {
        self.session_token = Some(token.into());
        self
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field("session_token", &self.session_token.as_ref().map(|_| "** redacted **"))
            .finish()
    }
}

/// Parses `ACCESS_KEY:SECRET` or `ACCESS_KEY:SECRET:SESSION_TOKEN` (each part non-empty).
impl std::str::FromStr for Credential {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let mut parts = s.splitn(3, ':');
        let (key, secret, token) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next());
        if key.is_empty() || secret.is_empty() || token == Some("") {
            return Err(format!(
                "expected ACCESS_KEY:SECRET or ACCESS_KEY:SECRET:SESSION_TOKEN with every part non-empty, got '{s}'"
            ));
        }
        let credential = Credential::new(key, secret);
        Ok(match token {
            Some(t) => credential.with_session_token(t),
            None => credential,
        })
    }
}

/// Why a signature was rejected: the service's code, status and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthError {
    /// HTTP status (403).
    pub status: u16,
    /// Error code: `MissingAuthenticationTokenException`, `IncompleteSignature`,
    /// `UnrecognizedClientException` or `InvalidSignatureException`.
    pub code: &'static str,
    /// Message text.
    pub message: String,
}

impl AuthError {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        AuthError { status: 403, code, message: message.into() }
    }
    fn missing() -> Self {
        Self::new("MissingAuthenticationTokenException", "Missing Authentication Token")
    }
    fn incomplete(message: impl Into<String>) -> Self {
        Self::new("IncompleteSignature", message)
    }
    fn unrecognized() -> Self {
        Self::new("UnrecognizedClientException", "The security token included in the request is invalid.")
    }
    fn invalid(message: impl Into<String>) -> Self {
        Self::new("InvalidSignatureException", message)
    }

    /// The error response.
    pub fn into_response(self, request_id: &str) -> Response {
        error_response(self.status, self.code, Some(&self.message), request_id)
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {}): {}", self.code, self.status, self.message)
    }
}

impl std::error::Error for AuthError {}

/// Checks signatures against a set of key pairs for one region and service.
#[derive(Clone)]
pub struct SigV4Verifier {
    credentials: Arc<HashMap<String, Credential>>,
    region: String,
    service: String,
}

impl fmt::Debug for SigV4Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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

/// A request whose headers and query passed every check; what is left is the signature over
/// the body's hash ([`PendingSignature::finish`]).
pub struct PendingSignature {
    access_key: String,
    signing_key: [u8; 32],
    /// The canonical request up to the payload hash line.
    canonical_head: String,
    amz_date: String,
    /// `<date>/<region>/<service>/aws4_request`.
    scope: String,
    signature: String,
    presigned: bool,
    /// The body hash `x-amz-content-sha256` stated (lower-case hex), already checked against
    /// the signature.
    stated_hash: Option<String>,
}

impl fmt::Debug for PendingSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingSignature")
            .field("access_key", &self.access_key)
            .field("presigned", &self.presigned)
            .finish_non_exhaustive()
    }
}

impl PendingSignature {
    /// The access key id the request is signed with (known, but not proven until
    /// [`finish`](Self::finish) succeeds).
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    fn matches(&self, payload_hash: &str) -> bool {
        let canonical = format!("{}{payload_hash}", self.canonical_head);
        let string_to_sign = string_to_sign(&self.amz_date, &self.scope, &canonical);
        let expected = crate::sigv4::signature(&self.signing_key, &string_to_sign);
        constant_time_eq(expected.as_bytes(), self.signature.as_bytes())
    }

    /// Checks the signature against the SHA-256 of the body as received, returning the access
    /// key id.
    pub fn finish(self, body_sha256: &[u8; 32]) -> Result<String, AuthError> {
        let actual = hex(body_sha256);
        if let Some(stated) = &self.stated_hash {
            // The signature was checked against the stated hash before the body was read.
            return if constant_time_eq(stated.as_bytes(), actual.as_bytes()) {
                Ok(self.access_key)
            } else {
                Err(AuthError::invalid("The provided 'x-amz-content-sha256' header does not match what was computed."))
            };
        }
        let empty = body_sha256 == &EMPTY_SHA256;
        if self.matches(&actual) || (self.presigned && empty && self.matches(UNSIGNED_PAYLOAD)) {
            Ok(self.access_key)
        } else {
            Err(AuthError::invalid(MISMATCH))
        }
    }
}

impl SigV4Verifier {
    /// A verifier for these key pairs, region and signing name. A key listed twice keeps its
    /// last entry.
    pub fn new(credentials: impl IntoIterator<Item = Credential>, region: &str, service: &str) -> Self {
        let credentials = credentials.into_iter().map(|c| (c.access_key_id.clone(), c)).collect();
        SigV4Verifier { credentials: Arc::new(credentials), region: region.to_string(), service: service.to_string() }
    }

    /// Verifies a request whose whole body is at hand, at time `now`, returning the access key
    /// id.
    pub fn verify(&self, parts: &Parts, body: &[u8], now: SystemTime) -> Result<String, AuthError> {
        self.check_before_body(parts, now)?.finish(&sha256(body))
    }

    /// Every check that does not need the body (see the module documentation), at time `now`.
    /// The path is taken from axum's `OriginalUri` when the router is nested.
    pub fn check_before_body(&self, parts: &Parts, now: SystemTime) -> Result<PendingSignature, AuthError> {
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
        check_time(&signed, date, now)?;

        // Key and session token.
        let credential = self.credentials.get(&signed.access_key).ok_or_else(AuthError::unrecognized)?;
        let token = request_token(parts, &query)?;
        let token_ok = match (&credential.session_token, token) {
            (Some(expected), Some(got)) => constant_time_eq(expected.as_bytes(), got.as_bytes()),
            (None, None) => true,
            _ => false,
        };
        if !token_ok {
            return Err(AuthError::unrecognized());
        }

        // The body hash the client states, if any, must be a hash.
        let stated_hash = match header_text(parts, "x-amz-content-sha256") {
            None => None,
            Some(h) if h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()) => Some(h.to_ascii_lowercase()),
            Some(other) => {
                return Err(AuthError::invalid(format!(
                    "x-amz-content-sha256 must be the SHA-256 of the body in hex: this service signs request bodies and does not accept '{other}'."
                )))
            }
        };

        let pending = PendingSignature {
            canonical_head: canonical_head(parts, uri, &query, &signed),
            scope: format!("{}/{}/{}/aws4_request", signed.scope_date, signed.scope_region, signed.scope_service),
            signing_key: crate::sigv4::signing_key(
                &credential.secret_access_key,
                &signed.scope_date,
                &signed.scope_region,
                &signed.scope_service,
            ),
            signature: signed.signature.to_ascii_lowercase(),
            presigned: signed.expires.is_some(),
            amz_date: signed.amz_date,
            access_key: signed.access_key,
            stated_hash,
        };
        // With the body's hash stated, a wrong signature is refused before the body is read.
        if let Some(stated) = &pending.stated_hash {
            if !pending.matches(stated) {
                return Err(AuthError::invalid(MISMATCH));
            }
        }
        Ok(pending)
    }
}

/// The date window: at most [`MAX_SKEW`] ahead of `now`; at most [`MAX_SKEW`] behind it for a
/// signed header, within `X-Amz-Expires` for a presigned request.
fn check_time(signed: &Signed, date: SystemTime, now: SystemTime) -> Result<(), AuthError> {
    let minutes = MAX_SKEW.as_secs() / 60;
    if date > now + MAX_SKEW {
        return Err(AuthError::invalid(format!(
            "Signature not yet current: {} is still later than {} ({} + {minutes} min.)",
            signed.amz_date,
            format_amz_date(now + MAX_SKEW),
            format_amz_date(now)
        )));
    }
    let (valid_for, how) = match signed.expires {
        Some(secs) => (Duration::from_secs(secs), format!("{secs} sec.")),
        None => (MAX_SKEW, format!("{minutes} min.")),
    };
    if date + valid_for < now {
        return Err(AuthError::invalid(format!(
            "Signature expired: {} is now earlier than {} ({} - {how})",
            signed.amz_date,
            format_amz_date(now - valid_for),
            format_amz_date(now)
        )));
    }
    Ok(())
}

/// The canonical request without its last line (the payload hash).
fn canonical_head(parts: &Parts, uri: &http::Uri, query: &[(String, String)], signed: &Signed) -> String {
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
    let canon_query = canonical_query(
        query
            .iter()
            .filter(|(k, _)| !(signed.expires.is_some() && k == "X-Amz-Signature"))
            .map(|(k, v)| (k.as_str(), v.as_str())),
    );
    let path = if uri.path().is_empty() { "/" } else { uri.path() };
    format!(
        "{}\n{}\n{}\n{}\n{}\n",
        parts.method.as_str(),
        percent_encode(path, true),
        canon_query,
        headers,
        signed.signed_headers.join(";"),
    )
}

/// The session token a request carries, from the `X-Amz-Security-Token` header or query
/// parameter; the two must agree when both are sent.
fn request_token<'a>(parts: &'a Parts, query: &'a [(String, String)]) -> Result<Option<&'a str>, AuthError> {
    let header = parts.headers.get("x-amz-security-token").map(|v| v.to_str().map_err(|_| AuthError::unrecognized()));
    let header = header.transpose()?;
    let param = query.iter().find(|(k, _)| k == "X-Amz-Security-Token").map(|(_, v)| v.as_str());
    match (header, param) {
        (Some(h), Some(p)) if h != p => Err(AuthError::unrecognized()),
        (h, p) => Ok(h.or(p)),
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

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

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
