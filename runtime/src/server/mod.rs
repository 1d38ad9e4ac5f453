//! HTTP server support: routing glue, error responses, signature verification, event stream
//! encoding.
//!
//! A generated crate lists its operations in a [`Routes`] table and turns it into an
//! [`axum::Router`]; everything that is the same for every operation lives here:
//!
//! * matching method, path (labels percent-decoded) and constant query pairs, with 404
//!   `UnknownOperationException` for anything else;
//! * reading the body under a size limit (413 `RequestTooLargeException`);
//! * binding the request with the generated codec (400 `InvalidRequestContentException` for
//!   bodies that are not JSON or have wrong types) and validating it (400
//!   `ValidationException` with the service's message listing every violation);
//! * checking the content type of raw JSON payloads such as Invoke's (415
//!   `UnsupportedMediaTypeException`);
//! * answering errors as the service does: status, `X-Amzn-ErrorType`, a JSON body with
//!   `Type` and `Message`, and `x-amzn-RequestId` on every response;
//! * verifying AWS Signature Version 4 when credentials are configured ([`SigV4Layer`]);
//! * writing event stream outputs as `application/vnd.amazon.eventstream` frames, one frame
//!   per event as the implementation yields it.

mod event_stream;
mod response;
mod routes;
mod sigv4;

pub use axum;
pub use event_stream::{encode_event, encode_stream_error, EventFrames};
pub use response::{error_response, new_request_id, RequestId, ServerError};
pub use routes::{handle, not_implemented, RequestBody, Routes};
pub use sigv4::{AuthError, SigV4Layer, SigV4Service, SigV4Verifier, VerifiedAccessKey};

use std::collections::HashMap;
use std::fmt;

/// What an operation implementation learns about the request besides its input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestContext {
    /// The account the server answers for ([`ServerConfig::account_id`]).
    pub account_id: String,
    /// The region the server answers for ([`ServerConfig::region`]).
    pub region: String,
    /// The request id sent back in `x-amzn-RequestId`.
    pub request_id: String,
    /// The access key id of the request's signature. Verified when the server checks
    /// signatures ([`ServerConfig::credentials`] set); otherwise only what the request claims,
    /// or `None` when it is not signed.
    pub access_key: Option<String>,
}

/// Settings of a generated router.
#[derive(Clone)]
pub struct ServerConfig {
    /// Account id used in ARNs and passed to implementations.
    pub account_id: String,
    /// Region used in ARNs, passed to implementations and required in signature scopes.
    pub region: String,
    /// Access key id → secret access key. When set, every request must carry a valid AWS
    /// Signature Version 4 (header or presigned query form) made with one of these keys.
    pub credentials: Option<HashMap<String, String>>,
    /// The largest request body accepted, in bytes; larger ones get 413
    /// `RequestTooLargeException`.
    pub body_limit: usize,
}

/// Default body limit: enough for a 50 MB deployment package sent Base64-encoded in JSON
/// (CreateFunction's `ZipFile`). Smaller per-operation limits (Invoke's 6 MB payload) are the
/// implementation's to enforce.
pub const DEFAULT_BODY_LIMIT: usize = 70 * 1024 * 1024;

impl ServerConfig {
    /// A configuration for this account and region, without signature checks.
    pub fn new(account_id: impl Into<String>, region: impl Into<String>) -> Self {
        ServerConfig {
            account_id: account_id.into(),
            region: region.into(),
            credentials: None,
            body_limit: DEFAULT_BODY_LIMIT,
        }
    }

    /// Adds a key pair and turns signature verification on.
    pub fn with_credential(mut self, access_key: impl Into<String>, secret: impl Into<String>) -> Self {
        self.credentials.get_or_insert_with(HashMap::new).insert(access_key.into(), secret.into());
        self
    }

    /// Sets the body size limit in bytes.
    pub fn with_body_limit(mut self, limit: usize) -> Self {
        self.body_limit = limit;
        self
    }
}

impl Default for ServerConfig {
    /// Account `123456789012`, region `us-east-1`, no signature checks.
    fn default() -> Self {
        ServerConfig::new("123456789012", "us-east-1")
    }
}

impl fmt::Debug for ServerConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys: Option<Vec<&String>> = self.credentials.as_ref().map(|c| {
            let mut k: Vec<_> = c.keys().collect();
            k.sort();
            k
        });
        f.debug_struct("ServerConfig")
            .field("account_id", &self.account_id)
            .field("region", &self.region)
            .field("credentials (access keys)", &keys)
            .field("body_limit", &self.body_limit)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_secrets() {
        let c = ServerConfig::default().with_credential("AKID", "very-secret");
        let text = format!("{c:?}");
        assert!(text.contains("AKID"));
        assert!(!text.contains("very-secret"));
    }
}
