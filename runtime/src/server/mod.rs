//! HTTP server support: routing glue, error responses, signature verification, event stream
//! encoding.
//!
//! A generated crate lists its operations in a [`Routes`] table and turns it into an
//! [`axum::Router`]; everything that is the same for every operation lives here:
//!
//! * matching method, path (labels percent-decoded) and constant query pairs, with 404
//!   `UnknownOperationException` for anything else;
//! * verifying AWS Signature Version 4 when credentials are configured, everything but the
//!   body's hash before the body is read ([`SigV4Verifier`]);
//! * reading the body under the operation's size limit (413 with the service's code, see
//!   [`limits`]) and a memory budget shared by all connections ([`BodyBudget`]; 503
//!   `ServiceUnavailable` when it is spent), hashing it as it arrives;
//! * binding the request with the generated codec (400 `InvalidRequestContentException` for
//!   bodies that are not JSON or have wrong types) and validating it (400
//!   `ValidationException` with the service's message listing every violation);
//! * checking the content type of raw JSON payloads such as Invoke's (415
//!   `UnsupportedMediaTypeException`);
//! * answering errors as the service does: status, `X-Amzn-ErrorType`, a JSON body with
//!   `Type` and `Message`, and `x-amzn-RequestId` on every response;
//! * writing event stream outputs as `application/vnd.amazon.eventstream` frames, one frame
//!   per event as the implementation yields it;
//! * serving a router over TCP with timeouts for slow and idle clients and a connection cap
//!   ([`serve`], [`ServeOptions`]).

pub mod answers;
mod body;
mod event_stream;
pub mod limits;
mod response;
mod routes;
mod serve;
mod sigv4;

pub use axum;
pub use body::{BodyBudget, BodyReadTimeout};
pub use event_stream::{encode_event, encode_stream_error, EventFrames};
pub use response::{error_response, new_request_id, RequestId, ServerError};
pub use routes::{handle, not_implemented, Answer, OperationName, RequestBody, RouterService, Routes};
pub use serve::{serve, Servable, Serve, ServeOptions, FD_RESERVE};
pub use sigv4::{AuthError, Credential, PendingSignature, SigV4Verifier, MAX_SKEW};

use std::fmt;
use std::time::Duration;

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
    /// The keys allowed to call. When set, every request must carry a valid AWS Signature
    /// Version 4 (header or presigned query form) made with one of them, and the session token
    /// its key requires (see [`SigV4Verifier`] for the rules).
    pub credentials: Option<Vec<Credential>>,
    /// The largest request body accepted by any operation, in bytes. Each operation also has
    /// the limit the service states ([`limits::request_limit`]); the smaller of the two
    /// applies, and a larger body is refused with 413 and the operation's code before it is
    /// read.
    pub body_limit: usize,
    /// How many bytes of request bodies are held at once across all connections.
    pub body_budget: usize,
    /// How long a request waits for its share of [`body_budget`](Self::body_budget) before it
    /// is answered 503 `ServiceUnavailable`.
    pub body_budget_wait: Duration,
}

/// Default body limit: the largest request any operation takes (a 50 MiB deployment package
/// in Base64 in CreateFunction's JSON).
pub const DEFAULT_BODY_LIMIT: usize = limits::DEPLOYMENT_REQUEST_LIMIT;
/// Default body budget: 256 MiB, room for three of the largest requests at once.
pub const DEFAULT_BODY_BUDGET: usize = 256 * 1024 * 1024;
/// Default wait for body budget: 10 seconds.
pub const DEFAULT_BODY_BUDGET_WAIT: Duration = Duration::from_secs(10);

impl ServerConfig {
    /// A configuration for this account and region, without signature checks.
    pub fn new(account_id: impl Into<String>, region: impl Into<String>) -> Self {
        ServerConfig {
            account_id: account_id.into(),
            region: region.into(),
            credentials: None,
            body_limit: DEFAULT_BODY_LIMIT,
            body_budget: DEFAULT_BODY_BUDGET,
            body_budget_wait: DEFAULT_BODY_BUDGET_WAIT,
        }
    }

    /// Adds a long-term key pair (no session token) and turns signature verification on.
    pub fn with_credential(self, access_key: impl Into<String>, secret: impl Into<String>) -> Self {
        self.with_credentials([Credential::new(access_key, secret)])
    }

    /// Adds a temporary key pair whose requests must carry `session_token`, and turns
    /// signature verification on.
    pub fn with_session_credential(
        self,
        access_key: impl Into<String>,
        secret: impl Into<String>,
        session_token: impl Into<String>,
    ) -> Self {
        self.with_credentials([Credential::new(access_key, secret).with_session_token(session_token)])
    }

    /// Adds key pairs (a key already present is replaced) and turns signature verification on.
    pub fn with_credentials(mut self, credentials: impl IntoIterator<Item = Credential>) -> Self {
        let list = self.credentials.get_or_insert_with(Vec::new);
        for c in credentials {
            list.retain(|old| old.access_key_id != c.access_key_id);
            list.push(c);
        }
        self
    }

    /// Sets the largest body any operation accepts, in bytes.
    pub fn with_body_limit(mut self, limit: usize) -> Self {
        self.body_limit = limit;
        self
    }

    /// Sets the bytes of request bodies held at once across all connections, and how long a
    /// request waits for its share.
    pub fn with_body_budget(mut self, bytes: usize, wait: Duration) -> Self {
        self.body_budget = bytes;
        self.body_budget_wait = wait;
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
        f.debug_struct("ServerConfig")
            .field("account_id", &self.account_id)
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("body_limit", &self.body_limit)
            .field("body_budget", &self.body_budget)
            .field("body_budget_wait", &self.body_budget_wait)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_secrets() {
        let c = ServerConfig::default().with_credential("AKID", "very-secret").with_session_credential(
            "AKIDTEMP",
            "other-secret",
            "the-token",
        );
        let text = format!("{c:?}");
        assert!(text.contains("AKID") && text.contains("AKIDTEMP"), "{text}");
        for secret in ["very-secret", "other-secret", "the-token"] {
            assert!(!text.contains(secret), "{text}");
        }
    }

    #[test]
    fn a_key_added_again_replaces_the_first() {
        let c = ServerConfig::default().with_credential("AKID", "one").with_session_credential("AKID", "two", "t");
        let list = c.credentials.unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].secret_access_key, "two");
        assert_eq!(list[0].session_token.as_deref(), Some("t"));
    }

    #[test]
    fn credentials_parse_from_text() {
        let c: Credential = "AKID:secret/with+chars:token==".parse().unwrap();
        assert_eq!(
            (c.access_key_id.as_str(), c.secret_access_key.as_str(), c.session_token.as_deref()),
            ("AKID", "secret/with+chars", Some("token=="))
        );
        assert_eq!("AKID:secret".parse::<Credential>().unwrap().session_token, None);
        for bad in ["AKID", "AKID:", ":secret", "AKID:secret:", ""] {
            assert!(bad.parse::<Credential>().is_err(), "{bad}");
        }
    }
}
