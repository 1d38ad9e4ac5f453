//! The HTTP client every generated operation method delegates to: validation, request
//! encoding, SigV4 signing, transport with a shared connection pool, retries, timeouts,
//! response and error decoding, response event streams and paginators.
//!
//! [`Client::call`] does everything for any [`Operation`]; the generated client only adds one
//! typed method per operation.

mod config;
mod credentials;
#[cfg(feature = "credentials-provider")]
mod credentials_cache;
mod endpoint;
mod error;
#[cfg(feature = "event-stream")]
mod frames;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
mod paginator;
mod retry;
#[cfg(feature = "aws-config")]
mod sdk_config;
mod sign;
pub mod waiter;

pub use config::{Config, ConfigBuilder, RetryConfig, Timeouts};
pub use credentials::Credentials;
pub use error::{
    ConfigError, ConstructionError, CredentialsError, InvalidResponse, SdkError, ServiceError, TimeoutError,
    TimeoutKind, TransportError,
};
/// `next()` and the other adapters of [`PageStream`] and [`ItemStream`], so a program that
/// walks pages needs no `futures` crate of its own (and does not build its proc macros).
pub use futures_util::StreamExt;
pub use paginator::{ItemStream, ItemsMember, PageStream, Paginated, Paginator, TokenMember};

use crate::binding::{HttpInput, HttpOutput, Operation, OperationError};
use crate::error::{sanitize_error_code, ErrorBody};
use crate::http::{encode_label, header, HttpRequest, HttpResponse};
use crate::{ErrorMetadata, Validate};
use bytes::Bytes;
use endpoint::Endpoint;
use error::chain;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use retry::RetryReason;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};
use tracing::Instrument;

type Connector = hyper_rustls::HttpsConnector<HttpConnector>;
type HttpClient = hyper_util::client::legacy::Client<Connector, Full<Bytes>>;

/// A configured client. Cloning is cheap: clones share the configuration and the
/// connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    endpoint: Endpoint,
    signer: sign::Signer,
    user_agent: String,
    http: HttpClient,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.inner.endpoint.text)
            .field("signing_name", &self.inner.signer.service())
            .field("config", &self.inner.config)
            .finish()
    }
}

/// A request ready to be signed and sent (again, on a retry).
struct Prepared {
    method: http::Method,
    /// Parsed once; every attempt signs and sends it.
    uri: http::Uri,
    /// Lower-case names; `host` first.
    headers: Vec<(String, String)>,
    body: Bytes,
}

/// A response that passed as a success.
struct Received {
    status: u16,
    headers: http::HeaderMap,
    body: ReceivedBody,
}

enum ReceivedBody {
    Full(Bytes),
    #[cfg(feature = "event-stream")]
    Streaming(hyper::body::Incoming),
}

/// A failed attempt: the error to return, and whether another attempt may help.
struct Failure<E> {
    error: SdkError<E>,
    retry: Option<RetryReason>,
    retry_after: Option<Duration>,
}

impl<E> Failure<E> {
    fn fatal(error: SdkError<E>) -> Self {
        Failure { error, retry: None, retry_after: None }
    }
}

impl Client {
    /// A client for the service signed as `signing_name` (`lambda`), sending to the
    /// configuration's endpoint ([`Config::resolved_endpoint`]).
    pub fn new(config: Config, signing_name: &'static str) -> Self {
        let endpoint = config.endpoint.clone();
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(Some(config.timeouts.connect));
        let tls = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())
            // The ring provider supports rustls' default protocol versions; this cannot fail.
            .expect("ring supports TLS 1.2 and 1.3")
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let http = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .pool_timer(hyper_util::rt::TokioTimer::new())
            .build(tls);
        let mut user_agent = format!("lambda-rt/{} os/{} lang/rust", env!("CARGO_PKG_VERSION"), std::env::consts::OS);
        if let Some(extra) = &config.user_agent {
            user_agent.push(' ');
            user_agent.push_str(extra);
        }
        let signer = sign::Signer::new(config.signing_region.clone(), signing_name);
        Client { inner: Arc::new(Inner { config, endpoint, signer, user_agent, http }) }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint.text
    }

    /// Calls an operation: validates the input (unless switched off), encodes, signs and
    /// sends it, retries what may pass, and decodes the output or the operation's error.
    pub async fn call<O: Operation>(&self, mut input: O::Input) -> Result<O::Output, SdkError<O::Error>> {
        // Set once here, so that every retry of this call carries the same token.
        input.fill_idempotency_tokens();
        self.call_ref::<O>(&input, false).await
    }

    /// Like [`Client::call`] for an operation whose response body is an event stream: the
    /// output is returned once the response headers arrive, and its events are decoded as
    /// the body streams in (see [`HttpOutput::set_events`]).
    #[cfg(feature = "event-stream")]
    pub async fn call_event_stream<O: Operation>(&self, mut input: O::Input) -> Result<O::Output, SdkError<O::Error>> {
        input.fill_idempotency_tokens();
        self.call_ref::<O>(&input, true).await
    }

    /// Validates and encodes `input` at once (so the returned future does not borrow it),
    /// then sends it.
    pub(crate) fn call_ref<O: Operation>(
        &self,
        input: &O::Input,
        streaming: bool,
    ) -> impl std::future::Future<Output = Result<O::Output, SdkError<O::Error>>> + Send + '_ {
        let call = self.call_ref_with_status::<O>(input, streaming);
        async move { call.await.map(|(_, output)| output) }
    }

    /// [`Client::call_ref`], also returning the HTTP status of the success response (waiters
    /// can match on it).
    pub(crate) fn call_ref_with_status<O: Operation>(
        &self,
        input: &O::Input,
        streaming: bool,
    ) -> impl std::future::Future<Output = Result<(u16, O::Output), SdkError<O::Error>>> + Send + '_ {
        let span = tracing::info_span!(
            "lambda_call",
            operation = O::NAME,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        let prepared = {
            let _entered = span.enter();
            self.prepare_input::<O>(input)
        };
        async move {
            let result = match prepared {
                Ok(p) => self.call_prepared::<O>(p, streaming).await,
                Err(e) => Err(e),
            };
            match &result {
                Ok(_) => tracing::debug!("call succeeded"),
                Err(e) => tracing::debug!(error = %ErrorKindName(e), "call failed"),
            }
            result
        }
        .instrument(span)
    }

    fn prepare_input<O: Operation>(&self, input: &O::Input) -> Result<Prepared, SdkError<O::Error>> {
        if self.inner.config.validate {
            let checked = if self.inner.config.strict_enums { input.validate_strict() } else { input.validate() };
            checked.map_err(SdkError::Validation)?;
        }
        let request = input.to_http().map_err(|e| construction(e.to_string()))?;
        self.prepare(request)
    }

    async fn call_prepared<O: Operation>(
        &self,
        prepared: Prepared,
        streaming: bool,
    ) -> Result<(u16, O::Output), SdkError<O::Error>> {
        let received = self.send(&prepared, streaming).await.map_err(SdkError::decode)?;
        let request_id = header(&received.headers, "x-amzn-requestid").map(str::to_string);
        let mut response = HttpResponse { status: received.status, headers: received.headers, body: Bytes::new() };
        let events = match received.body {
            ReceivedBody::Full(bytes) => {
                response.body = bytes;
                None
            }
            #[cfg(feature = "event-stream")]
            ReceivedBody::Streaming(body) => Some(frames::decode_body(body)),
        };
        let mut output = O::Output::from_http(&response).map_err(|e| {
            SdkError::InvalidResponse(InvalidResponse {
                status: response.status,
                request_id,
                reason: format!("the response does not fit {}'s output: {e}", O::NAME),
            })
        })?;
        if let Some(events) = events {
            output.set_events(events);
        }
        Ok((response.status, output))
    }

    /// Builds the URI and headers once; they are signed afresh on every attempt.
    fn prepare<E>(&self, req: HttpRequest) -> Result<Prepared, SdkError<E>> {
        let ep = &self.inner.endpoint;
        let method = req.method;
        let mut uri = format!("{}://{}{}{}", ep.scheme, ep.authority, ep.prefix, req.path);
        for (i, (k, v)) in req.query.iter().enumerate() {
            uri.push(if i == 0 { '?' } else { '&' });
            uri.push_str(&encode_label(k));
            uri.push('=');
            uri.push_str(&encode_label(v));
        }
        let uri = uri.parse::<http::Uri>().map_err(|e| construction(format!("invalid request URI: {e}")))?;
        let mut headers = vec![("host".to_string(), ep.authority.clone())];
        for (name, value) in &req.headers {
            // Signing needs the values as text; the binding only writes visible ASCII.
            let Ok(value) = value.to_str() else {
                return Err(construction(format!("the value of header {name} is not visible ASCII")));
            };
            if !headers.iter().any(|(n, _)| n == name.as_str()) {
                headers.push((name.as_str().to_string(), value.to_string()));
            }
        }
        Ok(Prepared { method, uri, headers, body: req.body })
    }

    /// Signs the prepared request for one attempt.
    fn signed_request<E>(
        &self,
        p: &Prepared,
        credentials: &Credentials,
    ) -> Result<http::Request<Full<Bytes>>, SdkError<E>> {
        let added = self
            .inner
            .signer
            .signing_headers(
                &sign::ToSign { method: p.method.as_str(), uri: &p.uri, headers: &p.headers, body: &p.body },
                credentials,
                SystemTime::now(),
            )
            .map_err(|e| construction(format!("signing failed: {e}")))?;
        let mut builder = http::Request::builder().method(p.method.clone()).uri(p.uri.clone());
        for (k, v) in &p.headers {
            builder = builder.header(k.as_str(), v.as_str());
        }
        builder = builder.header(http::header::USER_AGENT, self.inner.user_agent.as_str());
        let mut request = builder.body(Full::new(p.body.clone())).map_err(|e| construction(e.to_string()))?;
        for (name, value, secret) in added {
            let mut value = http::HeaderValue::from_str(&value)
                .map_err(|e| construction(format!("signing produced a bad header: {e}")))?;
            value.set_sensitive(secret);
            request.headers_mut().insert(name, value);
        }
        Ok(request)
    }

    /// Sends with retries and time limits; error responses come back [`Undecoded`] for the
    /// caller to turn into the operation's error.
    ///
    /// Neither generic nor an `async fn`, so that the transport (hyper, rustls, the retry loop)
    /// is compiled once, in this crate. The future of an `async fn` is compiled again in every
    /// crate that polls it from generic code (each program calling an operation), which
    /// made a program's debug build compile hyper's client for itself.
    fn send<'a>(
        &'a self,
        p: &'a Prepared,
        streaming: bool,
    ) -> futures_util::future::BoxFuture<'a, Result<Received, SdkError<Undecoded>>> {
        Box::pin(self.send_with_retries(p, streaming))
    }

    async fn send_with_retries(&self, p: &Prepared, streaming: bool) -> Result<Received, SdkError<Undecoded>> {
        let cfg = &self.inner.config;
        let deadline = cfg.timeouts.total.map(|t| (Instant::now() + t, t));
        let call_span = tracing::Span::current();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            call_span.record("attempts", attempt);
            // The tighter of the attempt limit and what is left of the total.
            let limit = match (cfg.timeouts.attempt, deadline) {
                (a, Some((end, total))) => {
                    let left = end.saturating_duration_since(Instant::now());
                    match a {
                        Some(a) if a < left => Some((a, TimeoutKind::Attempt, a)),
                        _ => Some((left, TimeoutKind::Total, total)),
                    }
                }
                (Some(a), None) => Some((a, TimeoutKind::Attempt, a)),
                (None, None) => None,
            };
            let span = tracing::debug_span!("attempt", attempt, status = tracing::field::Empty);
            let fut = self.attempt(p, streaming).instrument(span);
            let result = match limit {
                None => fut.await,
                Some((wait, kind, configured)) => match tokio::time::timeout(wait, fut).await {
                    Ok(r) => r,
                    Err(_) => Err(Failure {
                        error: SdkError::Timeout(TimeoutError { kind, limit: configured }),
                        retry: (kind == TimeoutKind::Attempt).then_some(RetryReason::Timeout),
                        retry_after: None,
                    }),
                },
            };
            let failure = match result {
                Ok(received) => {
                    call_span.record("status", received.status);
                    return Ok(received);
                }
                Err(f) => f,
            };
            if let Some(status) = failure.error.http_status() {
                call_span.record("status", status);
            }
            let Some(reason) = failure.retry else {
                return Err(failure.error);
            };
            if attempt >= cfg.retry.max_attempts {
                tracing::debug!(attempt, reason = reason.as_str(), "no attempts left");
                return Err(failure.error);
            }
            let mut delay = retry::backoff(&cfg.retry, attempt, fastrand::f64());
            if let Some(asked) = failure.retry_after {
                if asked > cfg.retry.max_backoff {
                    tracing::debug!(
                        retry_after_ms = asked.as_millis() as u64,
                        "Retry-After is longer than the longest backoff; not retrying"
                    );
                    return Err(failure.error);
                }
                delay = delay.max(asked);
            }
            if let Some((end, _)) = deadline {
                if Instant::now() + delay >= end {
                    tracing::debug!("no time left for another attempt");
                    return Err(failure.error);
                }
            }
            tracing::debug!(attempt, reason = reason.as_str(), delay_ms = delay.as_millis() as u64, "retrying");
            tokio::time::sleep(delay).await;
        }
    }

    /// One attempt: sign, send, read. A credentials failure is not retried here: providers
    /// retry on their own, and the cache tries again on the next call.
    async fn attempt(&self, p: &Prepared, streaming: bool) -> Result<Received, Failure<Undecoded>> {
        let credentials =
            self.inner.config.credentials.get().await.map_err(|e| Failure::fatal(SdkError::Credentials(e)))?;
        let request = self.signed_request(p, &credentials).map_err(Failure::fatal)?;
        let response = self.inner.http.request(request).await.map_err(|e| self.transport_failure(e))?;
        let status = response.status().as_u16();
        tracing::Span::current().record("status", status);
        let (parts, body) = response.into_parts();
        let headers = parts.headers;
        let success = (200..300).contains(&status);
        #[cfg(feature = "event-stream")]
        if success && streaming {
            return Ok(Received { status, headers, body: ReceivedBody::Streaming(body) });
        }
        #[cfg(not(feature = "event-stream"))]
        let _ = streaming; // only an event-stream operation's response is read as it streams
        let bytes = body
            .collect()
            .await
            .map_err(|e| Failure {
                error: SdkError::Transport(TransportError::new(
                    format!("reading the response body failed: {}", chain(&e)),
                    Some(Box::new(e)),
                )),
                retry: Some(RetryReason::Transport),
                retry_after: None,
            })?
            .to_bytes();
        if success {
            Ok(Received { status, headers, body: ReceivedBody::Full(bytes) })
        } else {
            Err(error_response(status, &headers, &bytes))
        }
    }

    fn transport_failure<E>(&self, e: hyper_util::client::legacy::Error) -> Failure<E> {
        let tls = find_in_chain::<rustls::Error>(&e).is_some();
        let timed_out = find_in_chain::<std::io::Error>(&e).is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut);
        if e.is_connect() && timed_out {
            return Failure {
                error: SdkError::Timeout(TimeoutError {
                    kind: TimeoutKind::Connect,
                    limit: self.inner.config.timeouts.connect,
                }),
                retry: Some(RetryReason::Timeout),
                retry_after: None,
            };
        }
        let what = if e.is_connect() { "connecting failed" } else { "the request failed" };
        Failure {
            error: SdkError::Transport(TransportError::new(format!("{what}: {}", chain(&e)), Some(Box::new(e)))),
            // A TLS failure (bad certificate, no common protocol) does not pass by itself.
            retry: (!tls).then_some(RetryReason::Transport),
            retry_after: None,
        }
    }
}

/// An error response read before the operation's error type is known: what
/// [`OperationError::from_code`] is given, kept for [`SdkError::decode`].
#[derive(Debug)]
struct Undecoded {
    body: ErrorBody,
    meta: ErrorMetadata,
}

impl std::fmt::Display for Undecoded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.meta.fmt(f)
    }
}

impl std::error::Error for Undecoded {}

impl crate::ServiceErrorKind for Undecoded {
    fn code(&self) -> &str {
        &self.meta.code
    }
    fn http_status(&self) -> u16 {
        self.meta.status
    }
    fn message(&self) -> Option<&str> {
        self.meta.message.as_deref()
    }
}

impl OperationError for Undecoded {
    fn from_code(_code: &str, body: ErrorBody, meta: ErrorMetadata) -> Self {
        Undecoded { body, meta }
    }
}

impl SdkError<Undecoded> {
    /// The same error with an error response decoded into the operation's error.
    fn decode<E: OperationError>(self) -> SdkError<E> {
        match self {
            SdkError::Service(service) => {
                let ServiceError { err, meta, retry_after } = *service;
                let err = E::from_code(&meta.code, err.body, err.meta);
                SdkError::Service(Box::new(ServiceError { err, meta, retry_after }))
            }
            SdkError::Validation(e) => SdkError::Validation(e),
            SdkError::Construction(e) => SdkError::Construction(e),
            SdkError::Credentials(e) => SdkError::Credentials(e),
            SdkError::Timeout(e) => SdkError::Timeout(e),
            SdkError::Transport(e) => SdkError::Transport(e),
            SdkError::InvalidResponse(e) => SdkError::InvalidResponse(e),
        }
    }
}

/// Reads an error response into the operation's error: the code from `X-Amzn-ErrorType`
/// (anything after `:` dropped) or else the body's `__type` / `code`, the message from the
/// body, the request id from `x-amzn-RequestId`. Without any code the response is an
/// [`InvalidResponse`].
fn error_response<E: OperationError>(status: u16, headers: &http::HeaderMap, body: &[u8]) -> Failure<E> {
    let request_id = header(headers, "x-amzn-requestid").map(str::to_string);
    let parsed = ErrorBody::parse(body);
    let code = header(headers, "x-amzn-errortype")
        .map(sanitize_error_code)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .or_else(|| parsed.code.clone().filter(|c| !c.is_empty()));
    let retry_after = header(headers, "retry-after").and_then(retry::parse_retry_after);
    let retry = retry::classify_error_response(status, code.as_deref());
    let error = match code {
        Some(code) => {
            let meta = ErrorMetadata { code: code.clone(), message: parsed.message.clone(), status, request_id };
            let err = E::from_code(&code, parsed, meta.clone());
            SdkError::Service(Box::new(ServiceError { err, meta, retry_after }))
        }
        None => SdkError::InvalidResponse(InvalidResponse { status, request_id, reason: describe_codeless_body(body) }),
    };
    Failure { error, retry, retry_after }
}

fn describe_codeless_body(body: &[u8]) -> String {
    if body.iter().all(u8::is_ascii_whitespace) {
        return "error status with an empty body and no X-Amzn-ErrorType".into();
    }
    if serde_json::from_slice::<serde_json::Value>(body).is_ok() {
        return "error body has no __type or code, and there is no X-Amzn-ErrorType".into();
    }
    let text = String::from_utf8_lossy(body);
    let excerpt: String = text.chars().take(120).collect();
    let more = if text.chars().count() > 120 { "…" } else { "" };
    format!("error body is not JSON and there is no X-Amzn-ErrorType; it starts with {:?}{more}", excerpt.trim())
}

fn construction<E>(message: impl Into<String>) -> SdkError<E> {
    SdkError::Construction(ConstructionError { message: message.into() })
}

fn find_in_chain<'a, T: std::error::Error + 'static>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a T> {
    let mut cur = Some(e);
    while let Some(err) = cur {
        if let Some(found) = err.downcast_ref::<T>() {
            return Some(found);
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            if let Some(inner) = io.get_ref() {
                if let Some(found) = find_in_chain::<T>(inner) {
                    return Some(found);
                }
            }
        }
        cur = err.source();
    }
    None
}

/// The variant name of an error, for logs (no messages: they may quote inputs).
struct ErrorKindName<'a, E>(&'a SdkError<E>);

impl<E> std::fmt::Display for ErrorKindName<'_, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            SdkError::Validation(_) => f.write_str("validation"),
            SdkError::Construction(_) => f.write_str("construction"),
            SdkError::Credentials(_) => f.write_str("credentials"),
            SdkError::Service(e) => write!(f, "service {}", e.meta.code),
            SdkError::Timeout(e) => write!(f, "timeout {:?}", e.kind),
            SdkError::Transport(_) => f.write_str("transport"),
            SdkError::InvalidResponse(e) => write!(f, "invalid response {}", e.status),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ServiceErrorKind;

    /// A stand-in operation error: known codes map to `Known`, the rest to `Unhandled`.
    #[derive(Debug, PartialEq)]
    enum TestError {
        Known(Option<String>),
        Unhandled(ErrorMetadata),
    }

    impl std::fmt::Display for TestError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{self:?}")
        }
    }
    impl std::error::Error for TestError {}
    impl ServiceErrorKind for TestError {
        fn code(&self) -> &str {
            match self {
                TestError::Known(_) => "ResourceNotFoundException",
                TestError::Unhandled(m) => &m.code,
            }
        }
        fn http_status(&self) -> u16 {
            404
        }
        fn message(&self) -> Option<&str> {
            None
        }
    }
    impl OperationError for TestError {
        fn from_code(code: &str, body: ErrorBody, meta: ErrorMetadata) -> Self {
            match code {
                "ResourceNotFoundException" => TestError::Known(body.message),
                _ => TestError::Unhandled(meta),
            }
        }
    }

    fn parse(status: u16, headers: &[(&str, &str)], body: &str) -> Failure<TestError> {
        let headers: http::HeaderMap = headers
            .iter()
            .map(|(k, v)| {
                (http::HeaderName::from_bytes(k.as_bytes()).unwrap(), http::HeaderValue::from_str(v).unwrap())
            })
            .collect();
        error_response(status, &headers, body.as_bytes())
    }

    #[test]
    fn the_error_type_header_wins_and_loses_its_suffix() {
        let f = parse(
            404,
            &[
                (
                    "X-Amzn-ErrorType",
                    "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.lambda/",
                ),
                ("x-amzn-RequestId", "req-1"),
            ],
            r#"{"__type":"SomethingElse","Message":"Function not found: arn"}"#,
        );
        let SdkError::Service(e) = &f.error else { panic!("{:?}", f.error) };
        assert_eq!(e.err(), &TestError::Known(Some("Function not found: arn".into())));
        assert_eq!(e.meta().code, "ResourceNotFoundException");
        assert_eq!(e.meta().request_id.as_deref(), Some("req-1"));
        assert_eq!(f.error.request_id(), Some("req-1"));
        assert_eq!(f.retry, None);
        assert_eq!(
            f.error.to_string(),
            "service error: ResourceNotFoundException (HTTP 404): Function not found: arn [request id req-1]"
        );
    }

    #[test]
    fn the_body_type_or_code_is_the_fallback() {
        let f = parse(404, &[], r#"{"__type":"ns#ResourceNotFoundException","message":"m"}"#);
        assert!(matches!(
            f.error.service_error(),
            Some(TestError::Known(Some(m))) if m == "m"
        ));
        let f = parse(400, &[], r#"{"code":"NewException","Message":"later"}"#);
        let Some(TestError::Unhandled(meta)) = f.error.service_error() else { panic!("{:?}", f.error) };
        assert_eq!((meta.code.as_str(), meta.message.as_deref(), meta.status), ("NewException", Some("later"), 400));
    }

    #[test]
    fn throttling_keeps_retry_after_and_is_retryable() {
        let f = parse(
            429,
            &[("X-Amzn-ErrorType", "TooManyRequestsException"), ("Retry-After", "2")],
            r#"{"Reason":"CallerRateLimitExceeded","message":"Rate exceeded"}"#,
        );
        assert_eq!(f.retry, Some(RetryReason::Throttling));
        assert_eq!(f.retry_after, Some(Duration::from_secs(2)));
        let SdkError::Service(e) = &f.error else { panic!() };
        assert_eq!(e.retry_after(), Some(Duration::from_secs(2)));
        assert!(matches!(e.err(), TestError::Unhandled(_)));
    }

    #[test]
    fn codeless_bodies_are_invalid_responses_not_panics() {
        for (status, body, needle, retry) in [
            (502, "<html><body>Bad Gateway</body></html>", "not JSON", true),
            (500, "", "empty body", true),
            (400, "{\"nothing\": 1}", "no __type or code", false),
            (418, "\u{0}\u{1}binary", "not JSON", false),
        ] {
            let f = parse(status, &[("x-amzn-RequestId", "r")], body);
            let SdkError::InvalidResponse(e) = &f.error else { panic!("{:?}", f.error) };
            assert_eq!(e.status, status);
            assert_eq!(e.request_id.as_deref(), Some("r"));
            assert!(e.reason.contains(needle), "{}", e.reason);
            assert_eq!(f.retry.is_some(), retry, "{status}");
            assert!(f.error.to_string().starts_with(&format!("invalid response (HTTP {status})")));
        }
    }

    #[test]
    fn error_chains_include_hidden_io_causes() {
        let inner = std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            TimeoutError { kind: TimeoutKind::Connect, limit: Duration::from_secs(1) },
        );
        let text = chain(&inner);
        assert!(text.contains("timed out"), "{text}");
        assert!(find_in_chain::<TimeoutError>(&inner).is_some());
        assert!(find_in_chain::<rustls::Error>(&inner).is_none());
    }
}
