//! Client configuration: region, endpoint, credentials, timeouts, retries, user agent.

use super::credentials::{Credentials, CredentialsSource};
use super::credentials_cache::{CredentialsCache, RefreshSettings};
use super::error::ConfigError;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use std::time::Duration;

/// Everything a client needs to reach and sign for the service. Build one with
/// [`Config::builder`].
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) region: String,
    pub(crate) endpoint: Option<Endpoint>,
    pub(crate) credentials: CredentialsSource,
    pub(crate) timeouts: Timeouts,
    pub(crate) retry: RetryConfig,
    pub(crate) user_agent: Option<String>,
    pub(crate) validate: bool,
}

impl Config {
    /// Starts a builder with the defaults: no endpoint override, [`Timeouts::default`],
    /// [`RetryConfig::standard`], input validation on.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The region requests are signed for.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The endpoint override, if any (`http://127.0.0.1:5000`).
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_ref().map(|e| e.text.as_str())
    }

    /// The static credentials requests are signed with, if the configuration has static
    /// ones (`None` when a credentials provider was given).
    pub fn credentials(&self) -> Option<&Credentials> {
        match &self.credentials {
            CredentialsSource::Static { given, .. } => Some(given),
            CredentialsSource::Provider(_) => None,
        }
    }

    /// The timeouts.
    pub fn timeouts(&self) -> Timeouts {
        self.timeouts
    }

    /// The retry policy.
    pub fn retry(&self) -> RetryConfig {
        self.retry
    }

    /// The text added to the `User-Agent` header, if any.
    pub fn user_agent(&self) -> Option<&str> {
        self.user_agent.as_deref()
    }

    /// Whether inputs are validated before they are sent.
    pub fn validates_input(&self) -> bool {
        self.validate
    }
}

/// A parsed endpoint: scheme, host and port, and an optional path prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Endpoint {
    /// As given, for display.
    pub(crate) text: String,
    /// `http` or `https`.
    pub(crate) scheme: String,
    /// `host[:port]`.
    pub(crate) authority: String,
    /// Path prefix without a trailing slash (often empty).
    pub(crate) prefix: String,
}

impl Endpoint {
    pub(crate) fn parse(text: &str) -> Result<Self, ConfigError> {
        let bad =
            |reason: &str| ConfigError::InvalidEndpoint { endpoint: text.to_string(), reason: reason.to_string() };
        let uri: http::Uri = text.parse().map_err(|e: http::uri::InvalidUri| bad(&e.to_string()))?;
        let scheme = match uri.scheme_str() {
            Some(s @ ("http" | "https")) => s.to_string(),
            Some(_) => return Err(bad("the scheme must be http or https")),
            None => return Err(bad("the endpoint needs a scheme (http:// or https://)")),
        };
        let authority = uri.authority().ok_or_else(|| bad("the endpoint needs a host"))?;
        if authority.as_str().contains('@') {
            return Err(bad("user information is not allowed in the endpoint"));
        }
        if uri.query().is_some() {
            return Err(bad("the endpoint must not have a query"));
        }
        Ok(Endpoint {
            text: text.to_string(),
            scheme,
            authority: authority.as_str().to_string(),
            prefix: uri.path().trim_end_matches('/').to_string(),
        })
    }

    /// The service's public endpoint in a region.
    pub(crate) fn for_region(prefix: &str, region: &str) -> Self {
        let domain = if region.starts_with("cn-") { "amazonaws.com.cn" } else { "amazonaws.com" };
        let authority = format!("{prefix}.{region}.{domain}");
        Endpoint { text: format!("https://{authority}"), scheme: "https".into(), authority, prefix: String::new() }
    }
}

/// The credentials a builder was given.
#[derive(Clone, Debug)]
enum CredentialsChoice {
    Static(Credentials),
    Provider(SharedCredentialsProvider),
}

fn static_credentials(c: Credentials) -> Result<CredentialsSource, ConfigError> {
    if c.access_key_id().is_empty() || c.secret_access_key().is_empty() {
        return Err(ConfigError::MissingCredentials("the access key id and secret must not be empty"));
    }
    Ok(CredentialsSource::fixed(c))
}

/// Time limits. A limit that is hit on one attempt counts as a retryable failure; the total
/// limit ends the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// Establishing a connection (TCP and TLS). Default 3.1 s.
    pub connect: Duration,
    /// One attempt: sending the request and reading the whole response (for a streamed
    /// response, until its headers arrive). Default none: a synchronous Invoke may run for
    /// up to 15 minutes.
    pub attempt: Option<Duration>,
    /// The whole call, retries and waits between them included (for a streamed response,
    /// until its headers arrive). Default none.
    pub total: Option<Duration>,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts { connect: Duration::from_millis(3100), attempt: None, total: None }
    }
}

/// How failed attempts are retried: exponential backoff with full jitter, the wait before
/// attempt `n + 1` drawn from `[0, min(initial_backoff * 2^(n-1), max_backoff)]`, and never
/// shorter than a `Retry-After` the service asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    /// Attempts in all, the first included (1 disables retries).
    pub max_attempts: u32,
    /// The backoff scale. Default 1 s.
    pub initial_backoff: Duration,
    /// The longest wait between attempts. A `Retry-After` longer than this is not waited
    /// for: the throttling error is returned instead. Default 20 s.
    pub max_backoff: Duration,
}

impl RetryConfig {
    /// The standard policy: 3 attempts, 1 s initial backoff, at most 20 s between attempts.
    pub fn standard() -> Self {
        RetryConfig { max_attempts: 3, initial_backoff: Duration::from_secs(1), max_backoff: Duration::from_secs(20) }
    }

    /// One attempt only.
    pub fn disabled() -> Self {
        RetryConfig { max_attempts: 1, ..Self::standard() }
    }

    /// Sets the number of attempts (the first included).
    pub fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n;
        self
    }

    /// Sets the backoff scale.
    pub fn with_initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }

    /// Sets the longest wait between attempts.
    pub fn with_max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

/// Builds a [`Config`]. Region and credentials fall back to the environment when not set.
#[derive(Clone, Debug, Default)]
pub struct ConfigBuilder {
    region: Option<String>,
    endpoint: Option<String>,
    credentials: Option<CredentialsChoice>,
    refresh: RefreshSettings,
    timeouts: Timeouts,
    retry: RetryConfig,
    user_agent: Option<String>,
    no_validation: bool,
}

impl ConfigBuilder {
    /// A builder that also takes the endpoint from `AWS_ENDPOINT_URL_LAMBDA` or
    /// `AWS_ENDPOINT_URL`, when set.
    pub fn from_env() -> Self {
        let endpoint = ["AWS_ENDPOINT_URL_LAMBDA", "AWS_ENDPOINT_URL"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()));
        ConfigBuilder { endpoint, ..Default::default() }
    }

    /// The region (`us-east-1`). Without one, `AWS_REGION` or `AWS_DEFAULT_REGION` is used.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sends every request to this endpoint (`http://127.0.0.1:5000`) instead of the
    /// region's public one.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Static credentials. Without them (or a provider), `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` are read.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(CredentialsChoice::Static(credentials));
        self
    }

    /// Signs with whatever `provider` returns (any `aws-credential-types` provider: an
    /// `aws-config` chain, an assume-role provider, your own). What it returns is cached and
    /// loaded again before it expires (see [`ConfigBuilder::credentials_expiry_buffer`] and
    /// [`ConfigBuilder::credentials_refresh_ahead`]); concurrent calls share one load. A
    /// provider error fails the call with [`SdkError::Credentials`](super::SdkError::Credentials).
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(CredentialsChoice::Provider(SharedCredentialsProvider::new(provider)));
        self
    }

    /// Provider credentials with less than this left before they expire are not used: a call
    /// waits for fresh ones instead. Default 10 s.
    pub fn credentials_expiry_buffer(mut self, d: Duration) -> Self {
        self.refresh.expiry_buffer = d;
        self
    }

    /// How long before the expiry buffer a background load of new provider credentials
    /// starts (capped at half the credentials' usable life); calls keep signing with the
    /// current ones meanwhile. Default 5 minutes.
    pub fn credentials_refresh_ahead(mut self, d: Duration) -> Self {
        self.refresh.refresh_ahead = d;
        self
    }

    /// How long one load of provider credentials may take before the calls waiting for it
    /// fail with a timeout. Default 5 s.
    pub fn credentials_load_timeout(mut self, d: Duration) -> Self {
        self.refresh.load_timeout = d;
        self
    }

    /// All timeouts at once.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// The connect timeout.
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.timeouts.connect = d;
        self
    }

    /// The per-attempt timeout.
    pub fn attempt_timeout(mut self, d: Duration) -> Self {
        self.timeouts.attempt = Some(d);
        self
    }

    /// The timeout of a whole call, retries included.
    pub fn total_timeout(mut self, d: Duration) -> Self {
        self.timeouts.total = Some(d);
        self
    }

    /// The retry policy.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Text appended to the `User-Agent` header (`my-app/1.2`).
    pub fn user_agent(mut self, text: impl Into<String>) -> Self {
        self.user_agent = Some(text.into());
        self
    }

    /// Whether inputs are validated before sending (default true). When off, the service
    /// judges them.
    pub fn validate_input(mut self, on: bool) -> Self {
        self.no_validation = !on;
        self
    }

    /// Checks the settings, filling region and credentials from the environment if unset.
    pub fn build(self) -> Result<Config, ConfigError> {
        self.build_with(|name| std::env::var(name).ok())
    }

    pub(crate) fn build_with(self, var: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let region = match self.region {
            Some(r) => r,
            None => ["AWS_REGION", "AWS_DEFAULT_REGION"]
                .iter()
                .find_map(|k| var(k).filter(|v| !v.trim().is_empty()))
                .ok_or(ConfigError::MissingRegion)?,
        };
        let region = region.trim().to_string();
        if region.is_empty() || !region.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            return Err(ConfigError::InvalidRegion(region));
        }
        let credentials = match self.credentials {
            Some(CredentialsChoice::Static(c)) => static_credentials(c)?,
            Some(CredentialsChoice::Provider(p)) => CredentialsSource::Provider(CredentialsCache::new(p, self.refresh)),
            None => static_credentials(Credentials::from_lookup(&var)?)?,
        };
        if self.refresh.load_timeout.is_zero() {
            return Err(ConfigError::InvalidCredentialsRefresh("the load timeout must be longer than zero".into()));
        }
        let endpoint = self.endpoint.as_deref().map(Endpoint::parse).transpose()?;
        if self.retry.max_attempts == 0 {
            return Err(ConfigError::InvalidRetry("max_attempts must be at least 1".into()));
        }
        if let Some(ua) = &self.user_agent {
            if http::HeaderValue::from_str(ua).is_err() {
                return Err(ConfigError::InvalidUserAgent(ua.clone()));
            }
        }
        Ok(Config {
            region,
            endpoint,
            credentials,
            timeouts: self.timeouts,
            retry: self.retry,
            user_agent: self.user_agent,
            validate: !self.no_validation,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn endpoints_are_parsed_and_checked() {
        let e = Endpoint::parse("http://127.0.0.1:5000").unwrap();
        assert_eq!((e.scheme.as_str(), e.authority.as_str(), e.prefix.as_str()), ("http", "127.0.0.1:5000", ""));
        let e = Endpoint::parse("https://proxy.example/lambda/").unwrap();
        assert_eq!((e.authority.as_str(), e.prefix.as_str()), ("proxy.example", "/lambda"));
        for bad in ["127.0.0.1:5000", "ftp://x", "http://x/?a=b", "http://u:p@x", "not a uri"] {
            assert!(matches!(Endpoint::parse(bad), Err(ConfigError::InvalidEndpoint { .. })), "{bad}");
        }
        assert_eq!(Endpoint::for_region("lambda", "eu-west-1").text, "https://lambda.eu-west-1.amazonaws.com");
        assert_eq!(Endpoint::for_region("lambda", "cn-north-1").authority, "lambda.cn-north-1.amazonaws.com.cn");
    }

    #[test]
    fn region_and_credentials_come_from_the_builder_or_the_environment() {
        let creds = Credentials::new("AKID", "SECRET", None);
        let c = Config::builder().region("us-west-2").credentials(creds.clone()).build_with(no_env).unwrap();
        assert_eq!(c.region(), "us-west-2");
        assert!(c.validates_input());
        assert_eq!(c.retry(), RetryConfig::standard());
        let env = |k: &str| match k {
            "AWS_DEFAULT_REGION" => Some("eu-central-1".to_string()),
            "AWS_ACCESS_KEY_ID" => Some("ENVKEY".to_string()),
            "AWS_SECRET_ACCESS_KEY" => Some("ENVSECRET".to_string()),
            _ => None,
        };
        let c = Config::builder().build_with(env).unwrap();
        assert_eq!(c.region(), "eu-central-1");
        assert_eq!(c.credentials().map(Credentials::access_key_id), Some("ENVKEY"));
        assert_eq!(
            Config::builder().credentials(creds.clone()).build_with(no_env).unwrap_err(),
            ConfigError::MissingRegion
        );
        assert!(matches!(
            Config::builder().region("us-east-1").build_with(no_env),
            Err(ConfigError::MissingCredentials(_))
        ));
        assert!(matches!(
            Config::builder().region("US East").credentials(creds.clone()).build_with(no_env),
            Err(ConfigError::InvalidRegion(_))
        ));
        assert!(matches!(
            Config::builder()
                .region("us-east-1")
                .credentials(creds.clone())
                .retry(RetryConfig::standard().with_max_attempts(0))
                .build_with(no_env),
            Err(ConfigError::InvalidRetry(_))
        ));
        assert!(matches!(
            Config::builder().region("us-east-1").credentials(creds).user_agent("bad\nagent").build_with(no_env),
            Err(ConfigError::InvalidUserAgent(_))
        ));
    }
}
