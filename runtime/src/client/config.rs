//! Client configuration: region, endpoint, credentials, timeouts, retries, user agent.

use super::credentials::{Credentials, RefreshSettings};
#[cfg(feature = "credentials-provider")]
use super::credentials_cache::CredentialsCache;
use super::endpoint::{self, Endpoint, Variant};
use super::error::{ConfigError, CredentialsError};
#[cfg(feature = "credentials-provider")]
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use std::borrow::Cow;
use std::time::Duration;

/// Everything a client needs to reach and sign for the service. Build one with
/// [`Config::builder`].
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) region: String,
    pub(crate) signing_region: String,
    /// Where requests go: the override, or the region's published endpoint.
    pub(crate) endpoint: Endpoint,
    pub(crate) endpoint_overridden: bool,
    pub(crate) variant: Variant,
    pub(crate) credentials: CredentialsSource,
    pub(crate) timeouts: Timeouts,
    pub(crate) retry: RetryConfig,
    pub(crate) user_agent: Option<String>,
    pub(crate) validate: bool,
    pub(crate) strict_enums: bool,
}

impl Config {
    /// Starts a builder with the defaults: no endpoint override, [`Timeouts::default`],
    /// [`RetryConfig::standard`], input validation on.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The region, as configured.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The region requests are signed for: the configured one, except for a legacy
    /// pseudo-region such as `fips-us-east-1` (signed for `us-east-1`).
    pub fn signing_region(&self) -> &str {
        &self.signing_region
    }

    /// The endpoint override, if any (`http://127.0.0.1:5000`).
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint_overridden.then_some(self.endpoint.text.as_str())
    }

    /// Where requests go: the override, or the region's published endpoint for the chosen
    /// variant (`https://lambda-fips.us-gov-west-1.amazonaws.com`).
    pub fn resolved_endpoint(&self) -> &str {
        &self.endpoint.text
    }

    /// Whether the FIPS endpoint is used.
    pub fn use_fips(&self) -> bool {
        self.variant.fips
    }

    /// Whether the dual-stack (IPv4 and IPv6) endpoint is used.
    pub fn use_dual_stack(&self) -> bool {
        self.variant.dual_stack
    }

    /// The static credentials requests are signed with, if the configuration has static
    /// ones (`None` when a credentials provider was given).
    pub fn credentials(&self) -> Option<&Credentials> {
        match &self.credentials {
            CredentialsSource::Static(given) => Some(given),
            #[cfg(feature = "credentials-provider")]
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

    /// Whether validation rejects enum values this crate does not list.
    pub fn strict_enums(&self) -> bool {
        self.strict_enums
    }
}

/// Where a configuration's credentials come from.
#[derive(Clone, Debug)]
pub(crate) enum CredentialsSource {
    /// Never refreshed: no lock, no cache.
    Static(Credentials),
    #[cfg(feature = "credentials-provider")]
    Provider(CredentialsCache),
}

impl CredentialsSource {
    /// Credentials to sign a request with now.
    pub(crate) async fn get(&self) -> Result<Cow<'_, Credentials>, CredentialsError> {
        match self {
            CredentialsSource::Static(given) => Ok(Cow::Borrowed(given)),
            #[cfg(feature = "credentials-provider")]
            CredentialsSource::Provider(cache) => cache.get().await.map(|c| Cow::Owned(Credentials::from(&c))),
        }
    }
}

/// The credentials a builder was given.
#[derive(Clone, Debug)]
enum CredentialsChoice {
    Static(Credentials),
    #[cfg(feature = "credentials-provider")]
    Provider(SharedCredentialsProvider),
}

/// A boolean environment variable: unset or empty is false.
fn env_flag(var: impl Fn(&str) -> Option<String>, name: &'static str) -> Result<bool, ConfigError> {
    let Some(value) = var(name) else { return Ok(false) };
    match value.trim().to_ascii_lowercase().as_str() {
        "" | "false" => Ok(false),
        "true" => Ok(true),
        _ => Err(ConfigError::InvalidEnvironment { variable: name, value, expected: "true or false" }),
    }
}

fn static_credentials(c: Credentials) -> Result<CredentialsSource, ConfigError> {
    if c.access_key_id().is_empty() || c.secret_access_key().is_empty() {
        return Err(ConfigError::MissingCredentials("the access key id and secret must not be empty"));
    }
    Ok(CredentialsSource::Static(c))
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
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    /// FIPS and dual-stack as the environment or a profile set them (feature `aws-config`);
    /// an endpoint URL overrides these, unlike those set in code.
    environment_variant: (Option<bool>, Option<bool>),
    credentials: Option<CredentialsChoice>,
    refresh: RefreshSettings,
    timeouts: Timeouts,
    retry: RetryConfig,
    user_agent: Option<String>,
    no_validation: bool,
    strict_enums: bool,
}

impl ConfigBuilder {
    /// A builder configured from the environment.
    ///
    /// By default it reads the endpoint URL from `AWS_ENDPOINT_URL_LAMBDA` or
    /// `AWS_ENDPOINT_URL`, and [`ConfigBuilder::build`] then reads the region (`AWS_REGION`,
    /// `AWS_DEFAULT_REGION`), the credentials (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
    /// `AWS_SESSION_TOKEN`) and `AWS_USE_FIPS_ENDPOINT` / `AWS_USE_DUALSTACK_ENDPOINT`.
    ///
    /// With the feature `aws-config` it loads everything the AWS SDKs' default chain reads
    /// instead (see `ConfigBuilder::load_from_env`): profiles in the shared config and
    /// credentials files (`AWS_PROFILE`, `AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`),
    /// SSO, web identity tokens, container and instance metadata credentials (refreshed before
    /// they expire), the region from the environment, the profile or the instance metadata,
    /// endpoint URLs from the environment or the profile, FIPS, dual-stack, attempts and
    /// timeouts. The loading blocks this thread (on a thread of its own); in async code
    /// `ConfigBuilder::load_from_env().await` does the same without blocking.
    pub fn from_env() -> Self {
        #[cfg(feature = "aws-config")]
        return Self::load_from_env_blocking();
        #[cfg(not(feature = "aws-config"))]
        return Self::from_env_variables();
    }

    /// The endpoint URL from `AWS_ENDPOINT_URL_LAMBDA` or `AWS_ENDPOINT_URL`, when set.
    pub(crate) fn from_env_variables() -> Self {
        let endpoint = ["AWS_ENDPOINT_URL_LAMBDA", "AWS_ENDPOINT_URL"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()));
        ConfigBuilder { endpoint, ..Default::default() }
    }

    /// FIPS and dual-stack as loaded from the environment or a profile.
    #[cfg(feature = "aws-config")]
    pub(crate) fn set_environment_variant(&mut self, fips: Option<bool>, dual_stack: Option<bool>) {
        self.environment_variant = (fips, dual_stack);
    }

    /// The region (`us-east-1`). Without one, `AWS_REGION` or `AWS_DEFAULT_REGION` is used.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sends every request to this endpoint (`http://127.0.0.1:5000`) instead of the
    /// region's published one. FIPS and dual-stack settings from the environment are then
    /// ignored; set in code, they conflict with it (a [`ConfigError::InvalidEndpoint`]).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Use the region's FIPS endpoint. Without this, `AWS_USE_FIPS_ENDPOINT` (`true` or
    /// `false`) is read. A region whose partition has no FIPS endpoint is a
    /// [`ConfigError::NoEndpoint`].
    pub fn use_fips(mut self, on: bool) -> Self {
        self.use_fips = Some(on);
        self
    }

    /// Use the region's dual-stack (IPv4 and IPv6) endpoint. Without this,
    /// `AWS_USE_DUALSTACK_ENDPOINT` (`true` or `false`) is read.
    pub fn use_dual_stack(mut self, on: bool) -> Self {
        self.use_dual_stack = Some(on);
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
    ///
    /// Needs the `credentials-provider` feature (part of `client` and `aws-config`).
    #[cfg(feature = "credentials-provider")]
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

    /// Whether validation also rejects enum values this crate does not list (default false).
    /// By default such a value is sent as it is, since the service adds values (a new runtime)
    /// before a client is rebuilt, and the service judges it; `true` refuses it before sending.
    pub fn strict_enums(mut self, on: bool) -> Self {
        self.strict_enums = on;
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
            #[cfg(feature = "credentials-provider")]
            Some(CredentialsChoice::Provider(p)) => CredentialsSource::Provider(CredentialsCache::new(p, self.refresh)),
            None => static_credentials(Credentials::from_lookup(&var)?)?,
        };
        if self.refresh.load_timeout.is_zero() {
            return Err(ConfigError::InvalidCredentialsRefresh("the load timeout must be longer than zero".into()));
        }
        let in_code = Variant { fips: self.use_fips == Some(true), dual_stack: self.use_dual_stack == Some(true) };
        let (env_fips, env_dual_stack) = self.environment_variant;
        let variant = Variant {
            fips: self.use_fips.or(env_fips).map_or_else(|| env_flag(&var, "AWS_USE_FIPS_ENDPOINT"), Ok)?,
            dual_stack: self
                .use_dual_stack
                .or(env_dual_stack)
                .map_or_else(|| env_flag(&var, "AWS_USE_DUALSTACK_ENDPOINT"), Ok)?,
        };
        let (endpoint, signing_region, variant) = match self.endpoint.as_deref() {
            Some(text) => {
                let endpoint = Endpoint::parse(text)?;
                if let Some(reason) = endpoint::custom_endpoint_conflict(in_code) {
                    return Err(ConfigError::InvalidEndpoint { endpoint: text.to_string(), reason });
                }
                (endpoint, region.clone(), in_code)
            }
            None => {
                let resolved = endpoint::resolve(&region, variant)?;
                (resolved.endpoint, resolved.signing_region, variant)
            }
        };
        if self.retry.max_attempts == 0 {
            return Err(ConfigError::InvalidRetry("max_attempts must be at least 1".into()));
        }
        if let Some(ua) = &self.user_agent {
            if http::HeaderValue::from_str(ua).is_err() {
                return Err(ConfigError::InvalidUserAgent(ua.clone()));
            }
        }
        Ok(Config {
            endpoint_overridden: self.endpoint.is_some(),
            region,
            signing_region,
            endpoint,
            variant,
            credentials,
            timeouts: self.timeouts,
            retry: self.retry,
            user_agent: self.user_agent,
            validate: !self.no_validation,
            strict_enums: self.strict_enums,
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

    #[test]
    fn fips_and_dual_stack_come_from_the_builder_or_the_environment() {
        let creds = Credentials::new("AKID", "SECRET", None);
        let env = |fips: &'static str, ds: &'static str| {
            move |k: &str| match k {
                "AWS_USE_FIPS_ENDPOINT" => Some(fips.to_string()),
                "AWS_USE_DUALSTACK_ENDPOINT" => Some(ds.to_string()),
                _ => None,
            }
        };
        let base = || Config::builder().region("us-east-1").credentials(creds.clone());
        let c = base().build_with(env("true", " TRUE ")).unwrap();
        assert_eq!(c.resolved_endpoint(), "https://lambda-fips.us-east-1.api.aws");
        assert!(c.use_fips() && c.use_dual_stack());
        let c = base().use_fips(false).build_with(env("true", "")).unwrap();
        assert_eq!(c.resolved_endpoint(), "https://lambda.us-east-1.amazonaws.com", "code wins over the environment");
        let err = base().build_with(env("yes", "false")).unwrap_err();
        assert_eq!(err.to_string(), "AWS_USE_FIPS_ENDPOINT=\"yes\" is not valid: expected true or false");

        // An endpoint URL wins over variants from the environment, not over those set in code.
        let c = base().endpoint("http://127.0.0.1:9001").build_with(env("true", "true")).unwrap();
        assert_eq!(c.resolved_endpoint(), "http://127.0.0.1:9001");
        assert!(!c.use_fips() && !c.use_dual_stack());
        let err = base().endpoint("http://127.0.0.1:9001").use_dual_stack(true).build_with(no_env).unwrap_err();
        assert!(err.to_string().contains("Dualstack and custom endpoint are not supported"), "{err}");
    }

    #[test]
    fn debug_shows_no_secret_or_token() {
        let creds = Credentials::new("AKIDSHOWN", "secret-hidden", Some("token-hidden".into()));
        let c = Config::builder().region("us-east-1").credentials(creds).build_with(no_env).unwrap();
        let text = format!("{c:?}");
        assert!(text.contains("AKIDSHOWN"), "{text}");
        assert!(!text.contains("secret-hidden") && !text.contains("token-hidden"), "{text}");
    }
}
