//! Configuration from `aws-config` (feature `aws-config`): the AWS SDKs' default provider
//! chain, region and endpoint settings, read into a [`ConfigBuilder`].

use super::config::{ConfigBuilder, RetryConfig, Timeouts};
use aws_config::BehaviorVersion;
use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider};
use aws_types::service_config::ServiceConfigKey;
use aws_types::SdkConfig;

/// The service's id in profile `services` sections and in `AWS_ENDPOINT_URL_<ID>`.
const SERVICE_ID: &str = "Lambda";

impl ConfigBuilder {
    /// A builder with the settings of an `aws-config` [`SdkConfig`]: its region, its
    /// credentials provider (cached and refreshed by this client), the endpoint URL for
    /// Lambda (`AWS_ENDPOINT_URL_LAMBDA`, a profile's `services` section, then the global
    /// `AWS_ENDPOINT_URL` / `endpoint_url`), FIPS and dual-stack, the number of attempts and
    /// backoff, and the timeouts it sets. Share one `SdkConfig` among the clients of
    /// several services the way the AWS SDKs do.
    pub fn from_sdk_config(sdk: &SdkConfig) -> Self {
        let mut builder = ConfigBuilder::default();
        if let Some(region) = sdk.region() {
            builder = builder.region(region.as_ref());
        }
        if let Some(provider) = sdk.credentials_provider() {
            builder = builder.credentials_provider(provider);
        }
        let key = ServiceConfigKey::builder().service_id(SERVICE_ID).env("AWS_ENDPOINT_URL").profile("endpoint_url");
        let service_endpoint = key.build().ok().and_then(|key| sdk.service_config()?.load_config(key));
        if let Some(url) = service_endpoint.or_else(|| sdk.endpoint_url().map(str::to_string)) {
            builder = builder.endpoint(url);
        }
        builder.set_environment_variant(sdk.use_fips(), sdk.use_dual_stack());
        if let Some(retry) = sdk.retry_config() {
            builder = builder.retry(
                RetryConfig::standard()
                    .with_max_attempts(retry.max_attempts())
                    .with_initial_backoff(retry.initial_backoff())
                    .with_max_backoff(retry.max_backoff()),
            );
        }
        if let Some(t) = sdk.timeout_config() {
            let defaults = Timeouts::default();
            builder = builder.timeouts(Timeouts {
                connect: t.connect_timeout().unwrap_or(defaults.connect),
                attempt: t.operation_attempt_timeout(),
                total: t.operation_timeout(),
            });
        }
        builder
    }

    /// Loads `aws-config`'s defaults (environment, shared config and credentials files with
    /// `AWS_PROFILE`, SSO, web identity, ECS/EKS container credentials, EC2 instance
    /// metadata) and reads them with [`ConfigBuilder::from_sdk_config`].
    pub async fn load_from_env() -> Self {
        let https =
            aws_smithy_http_client::Builder::new().tls_provider(Provider::Rustls(CryptoMode::Ring)).build_https();
        let sdk = aws_config::defaults(BehaviorVersion::latest()).http_client(https).load().await;
        Self::from_sdk_config(&sdk)
    }

    /// [`ConfigBuilder::load_from_env`] for synchronous callers: the loading runs on a thread
    /// of its own with its own runtime, so this works inside and outside an async runtime,
    /// but blocks the calling thread meanwhile (on EC2, a region lookup in the instance
    /// metadata may take a moment). In async code prefer `load_from_env().await`.
    pub(crate) fn load_from_env_blocking() -> Self {
        let load = || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            Ok::<_, std::io::Error>(runtime.block_on(Self::load_from_env()))
        };
        match std::thread::scope(|s| s.spawn(load).join()) {
            Ok(Ok(builder)) => builder,
            Ok(Err(e)) => {
                // Without a runtime nothing can be loaded; the environment variables still can.
                tracing::warn!(error = %e, "could not start a runtime to load the AWS configuration");
                Self::from_env_variables()
            }
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}
