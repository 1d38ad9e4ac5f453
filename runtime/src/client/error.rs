//! What a call can fail with.

use crate::ErrorMetadata;
#[cfg(feature = "credentials-provider")]
use aws_credential_types::provider::error::CredentialsError as ProviderError;
use std::fmt;
#[cfg(feature = "credentials-provider")]
use std::sync::Arc;
use std::time::Duration;

/// Why a call failed. `E` is the operation's error enum.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The input broke a constraint; nothing was sent.
    Validation(crate::ValidationError),
    /// The input could not be turned into a request; nothing was sent.
    Construction(ConstructionError),
    /// The credentials provider failed (or took too long); nothing was sent.
    Credentials(CredentialsError),
    /// The service answered with an error code (one the operation lists, or any other,
    /// kept as the enum's `Unhandled` variant).
    Service(Box<ServiceError<E>>),
    /// A time limit was hit.
    Timeout(TimeoutError),
    /// The connection failed: refused, reset, closed before the response was complete.
    Transport(TransportError),
    /// The response could not be read: an error status without an error code (an HTML
    /// page from a proxy), or a success body that does not fit the output.
    InvalidResponse(InvalidResponse),
}

impl<E> SdkError<E> {
    /// The operation's error, if the service sent one.
    pub fn service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service(e) => Some(&e.err),
            _ => None,
        }
    }

    /// Takes the operation's error, if the service sent one.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            SdkError::Service(e) => Some(e.err),
            _ => None,
        }
    }

    /// The request id of the response this error came from, if there was one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            SdkError::Service(e) => e.meta.request_id.as_deref(),
            SdkError::InvalidResponse(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status of the response this error came from, if there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            SdkError::Service(e) => Some(e.meta.status),
            SdkError::InvalidResponse(e) => Some(e.status),
            _ => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::Validation(e) => write!(f, "invalid input: {e}"),
            SdkError::Construction(e) => write!(f, "{e}"),
            SdkError::Credentials(e) => write!(f, "{e}"),
            SdkError::Service(e) => write!(f, "{e}"),
            SdkError::Timeout(e) => write!(f, "{e}"),
            SdkError::Transport(e) => write!(f, "{e}"),
            SdkError::InvalidResponse(e) => write!(f, "{e}"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SdkError::Validation(e) => Some(e),
            SdkError::Construction(e) => Some(e),
            SdkError::Credentials(e) => Some(e),
            SdkError::Service(e) => Some(&e.err),
            SdkError::Timeout(e) => Some(e),
            SdkError::Transport(e) => Some(e),
            SdkError::InvalidResponse(e) => Some(e),
        }
    }
}

/// An error response the service sent, read into the operation's error enum.
#[derive(Debug)]
pub struct ServiceError<E> {
    pub(crate) err: E,
    pub(crate) meta: ErrorMetadata,
    pub(crate) retry_after: Option<Duration>,
}

impl<E> ServiceError<E> {
    /// The operation's error.
    pub fn err(&self) -> &E {
        &self.err
    }

    /// Takes the operation's error.
    pub fn into_err(self) -> E {
        self.err
    }

    /// Code, message, status and request id.
    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }

    /// How long the service asked to wait (`Retry-After`), if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }
}

impl<E> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "service error: {}", self.meta)
    }
}

/// Which time limit was hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeoutKind {
    /// Establishing the connection.
    Connect,
    /// One attempt.
    Attempt,
    /// The whole call.
    Total,
}

/// A time limit was hit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeoutError {
    /// Which limit.
    pub kind: TimeoutKind,
    /// The limit.
    pub limit: Duration,
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TimeoutKind::Connect => "connecting",
            TimeoutKind::Attempt => "the attempt",
            TimeoutKind::Total => "the call",
        };
        write!(f, "timed out: {what} took longer than {:?}", self.limit)
    }
}

impl std::error::Error for TimeoutError {}

/// The connection failed.
#[derive(Debug)]
pub struct TransportError {
    pub(crate) message: String,
    pub(crate) source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl TransportError {
    pub(crate) fn new(message: impl Into<String>, source: Option<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        TransportError { message: message.into(), source }
    }

    /// What went wrong, with every cause.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "transport error: {}", self.message)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// The input could not be encoded as a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConstructionError {
    pub(crate) message: String,
}

impl ConstructionError {
    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ConstructionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not build the request: {}", self.message)
    }
}

impl std::error::Error for ConstructionError {}

/// The credentials provider could not give credentials to sign with.
///
/// Every call that waited for the same failed load gets a clone of this error.
#[derive(Clone, Debug)]
pub struct CredentialsError {
    #[cfg(feature = "credentials-provider")]
    source: Arc<ProviderError>,
    /// Only a provider can fail to give credentials: without that feature there is none.
    #[cfg(not(feature = "credentials-provider"))]
    never: std::convert::Infallible,
}

#[cfg(feature = "credentials-provider")]
impl CredentialsError {
    pub(crate) fn from_provider(source: ProviderError) -> Self {
        CredentialsError { source: Arc::new(source) }
    }

    /// The provider's error: not configured, timed out, invalid configuration, or failed.
    pub fn provider_error(&self) -> &ProviderError {
        &self.source
    }
}

#[cfg(feature = "credentials-provider")]
impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not load credentials: {}", chain(&*self.source))
    }
}

#[cfg(feature = "credentials-provider")]
impl std::error::Error for CredentialsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

#[cfg(not(feature = "credentials-provider"))]
impl fmt::Display for CredentialsError {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.never {}
    }
}

#[cfg(not(feature = "credentials-provider"))]
impl std::error::Error for CredentialsError {}

/// An error and its causes, `: `-separated. `io::Error` hides its inner error from
/// `source()`, so that one is looked into as well.
pub(crate) fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut next = e.source();
    while let Some(s) = next {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        next = s.source();
    }
    parts.join(": ")
}

/// A response this client could not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidResponse {
    /// HTTP status.
    pub status: u16,
    /// `x-amzn-RequestId`, if present.
    pub request_id: Option<String>,
    /// What is wrong with it.
    pub reason: String,
}

impl fmt::Display for InvalidResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid response (HTTP {}): {}", self.status, self.reason)?;
        if let Some(r) = &self.request_id {
            write!(f, " [request id {r}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for InvalidResponse {}

/// Why a configuration was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// No region was given and neither `AWS_REGION` nor `AWS_DEFAULT_REGION` is set.
    MissingRegion,
    /// The region is not a region name.
    InvalidRegion(String),
    /// No credentials were given and the environment has none; says what is missing.
    MissingCredentials(&'static str),
    /// The endpoint override cannot be used.
    InvalidEndpoint {
        /// The endpoint as given.
        endpoint: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The region has no published endpoint in the variant asked for (FIPS in a partition
    /// without FIPS endpoints, for one).
    NoEndpoint {
        /// The region.
        region: String,
        /// `standard`, `FIPS`, `dual-stack` or `FIPS dual-stack`.
        variant: &'static str,
        /// Why, in the words of AWS's endpoint rules.
        reason: String,
    },
    /// An environment variable has a value this client cannot use.
    InvalidEnvironment {
        /// The variable.
        variable: &'static str,
        /// Its value.
        value: String,
        /// What it may be.
        expected: &'static str,
    },
    /// The retry policy is unusable.
    InvalidRetry(String),
    /// The credentials refresh settings are unusable.
    InvalidCredentialsRefresh(String),
    /// The user agent cannot be sent as a header value.
    InvalidUserAgent(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::MissingRegion => {
                f.write_str("no region: set one on the config or in AWS_REGION / AWS_DEFAULT_REGION")
            }
            ConfigError::InvalidRegion(r) => write!(f, "invalid region '{r}'"),
            ConfigError::MissingCredentials(why) => write!(f, "no credentials: {why}"),
            ConfigError::InvalidEndpoint { endpoint, reason } => {
                write!(f, "invalid endpoint '{endpoint}': {reason}")
            }
            ConfigError::NoEndpoint { region, variant, reason } => {
                write!(f, "no {variant} endpoint for region '{region}': {reason}")
            }
            ConfigError::InvalidEnvironment { variable, value, expected } => {
                write!(f, "{variable}={value:?} is not valid: expected {expected}")
            }
            ConfigError::InvalidRetry(why) => write!(f, "invalid retry policy: {why}"),
            ConfigError::InvalidCredentialsRefresh(why) => write!(f, "invalid credentials refresh settings: {why}"),
            ConfigError::InvalidUserAgent(ua) => {
                write!(f, "user agent '{ua}' is not a valid header value")
            }
        }
    }
}

impl std::error::Error for ConfigError {}
