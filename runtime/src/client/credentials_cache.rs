//! Credentials from a provider, cached until shortly before they expire and refreshed by one
//! load at a time.
//!
//! A call finds one of three things: fresh credentials (used at once); credentials inside the
//! refresh window (used at once, while one background load fetches the next ones); or none
//! usable (the call waits for the one load in flight, starting it if nobody has). However many
//! calls arrive together, the provider is asked once.

use super::credentials::RefreshSettings;
use super::error::CredentialsError;
use aws_credential_types::provider::error::CredentialsError as ProviderError;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_credential_types::Credentials as ProvidedCredentials;
use futures_util::future::{BoxFuture, FutureExt, Shared};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::{Duration, SystemTime};

/// Credentials without an expiry are loaded again after this long, as the AWS SDKs do, so a
/// provider that rotates keys without saying when is still followed.
const UNDATED_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// After a background load fails, the next one waits this long (calls keep using the
/// credentials they have; a call that has none usable always loads).
const BACKGROUND_RETRY_DELAY: Duration = Duration::from_secs(5);

/// Shared by every clone of a configuration and every client built from it.
#[derive(Clone)]
pub(crate) struct CredentialsCache {
    inner: Arc<Inner>,
}

struct Inner {
    provider: SharedCredentialsProvider,
    settings: RefreshSettings,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    current: Option<Loaded>,
    load: Option<LoadFuture>,
    /// No background load before this time (set after one failed).
    quiet_until: Option<SystemTime>,
}

type LoadFuture = Shared<BoxFuture<'static, Result<ProvidedCredentials, CredentialsError>>>;

#[derive(Clone)]
struct Loaded {
    credentials: ProvidedCredentials,
    /// Not used from this time on.
    usable_until: SystemTime,
    /// A background load starts from this time on.
    refresh_from: SystemTime,
}

impl Loaded {
    fn new(credentials: ProvidedCredentials, loaded_at: SystemTime, settings: &RefreshSettings) -> Self {
        let expiry = credentials.expiry().unwrap_or(loaded_at + UNDATED_LIFETIME);
        let usable_until = expiry.checked_sub(settings.expiry_buffer).unwrap_or(expiry).max(loaded_at);
        let life = usable_until.duration_since(loaded_at).unwrap_or_default();
        let refresh_from = usable_until - settings.refresh_ahead.min(life / 2);
        Loaded { credentials, usable_until, refresh_from }
    }
}

impl CredentialsCache {
    pub(crate) fn new(provider: SharedCredentialsProvider, settings: RefreshSettings) -> Self {
        CredentialsCache { inner: Arc::new(Inner { provider, settings, state: Mutex::new(State::default()) }) }
    }

    /// Credentials to sign with now.
    pub(crate) async fn get(&self) -> Result<ProvidedCredentials, CredentialsError> {
        let now = SystemTime::now();
        let load = {
            let mut state = self.inner.lock();
            if let Some(current) = &state.current {
                if now < current.usable_until {
                    let credentials = current.credentials.clone();
                    let quiet = state.quiet_until.is_some_and(|t| now < t);
                    if now >= current.refresh_from && state.load.is_none() && !quiet {
                        tracing::debug!("credentials expire soon; refreshing in the background");
                        // Driven by the runtime; this call does not wait for it.
                        drop(self.start_load(&mut state));
                    }
                    return Ok(credentials);
                }
            }
            match &state.load {
                Some(load) => load.clone(),
                None => self.start_load(&mut state),
            }
        };
        load.await
    }

    /// Starts the one load and drives it on the runtime, so it finishes (and is stored) even
    /// if every call waiting for it gives up.
    fn start_load(&self, state: &mut State) -> LoadFuture {
        let provider = self.inner.provider.clone();
        let timeout = self.inner.settings.load_timeout;
        // Weak: the future is stored in the state it would otherwise keep alive.
        let cache: Weak<Inner> = Arc::downgrade(&self.inner);
        let load = async move {
            let result = match tokio::time::timeout(timeout, provider.provide_credentials()).await {
                Ok(Ok(credentials)) => check_not_expired(credentials, SystemTime::now()),
                Ok(Err(e)) => Err(CredentialsError::from_provider(e)),
                Err(_) => Err(CredentialsError::from_provider(ProviderError::provider_timed_out(timeout))),
            };
            if let Some(inner) = cache.upgrade() {
                inner.store(&result);
            }
            result
        }
        .boxed()
        .shared();
        state.load = Some(load.clone());
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(load.clone());
        }
        load
    }
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, State> {
        // The state is valid after any panic elsewhere (each update is one assignment).
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn store(&self, result: &Result<ProvidedCredentials, CredentialsError>) {
        let now = SystemTime::now();
        let mut state = self.lock();
        state.load = None;
        match result {
            Ok(credentials) => {
                state.current = Some(Loaded::new(credentials.clone(), now, &self.settings));
                state.quiet_until = None;
            }
            Err(e) => {
                tracing::debug!(error = %e, "loading credentials failed");
                state.quiet_until = Some(now + BACKGROUND_RETRY_DELAY);
            }
        }
    }
}

fn check_not_expired(
    credentials: ProvidedCredentials,
    now: SystemTime,
) -> Result<ProvidedCredentials, CredentialsError> {
    match credentials.expiry() {
        Some(expiry) if expiry <= now => {
            let ago = now.duration_since(expiry).unwrap_or_default();
            Err(CredentialsError::from_provider(ProviderError::not_loaded(format!(
                "the provider returned credentials that expired {ago:?} ago"
            ))))
        }
        _ => Ok(credentials),
    }
}

impl fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsCache")
            .field("provider", &self.inner.provider)
            .field("settings", &self.inner.settings)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_credential_types::credential_fn::provide_credentials_fn;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn creds(key: &str, expiry: Option<SystemTime>) -> ProvidedCredentials {
        ProvidedCredentials::new(key, "secret", None, expiry, "test")
    }

    #[test]
    fn the_refresh_window_is_capped_at_half_the_usable_life() {
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let s = RefreshSettings::default();
        let hour = Loaded::new(creds("a", Some(t0 + Duration::from_secs(3600))), t0, &s);
        assert_eq!(hour.usable_until, t0 + Duration::from_secs(3590));
        assert_eq!(hour.refresh_from, t0 + Duration::from_secs(3290));
        let short = Loaded::new(creds("a", Some(t0 + Duration::from_secs(70))), t0, &s);
        assert_eq!(short.usable_until, t0 + Duration::from_secs(60));
        assert_eq!(short.refresh_from, t0 + Duration::from_secs(30));
        let undated = Loaded::new(creds("a", None), t0, &s);
        assert_eq!(undated.usable_until, t0 + UNDATED_LIFETIME - s.expiry_buffer);
        // Inside the buffer already: usable by the calls that waited for it, not cached.
        let tiny = Loaded::new(creds("a", Some(t0 + Duration::from_secs(3))), t0, &s);
        assert_eq!((tiny.usable_until, tiny.refresh_from), (t0, t0));
    }

    #[tokio::test]
    async fn expired_and_slow_providers_are_errors() {
        let past = SystemTime::now() - Duration::from_secs(60);
        let cache =
            CredentialsCache::new(SharedCredentialsProvider::new(creds("old", Some(past))), RefreshSettings::default());
        let e = cache.get().await.unwrap_err();
        assert!(e.to_string().contains("expired"), "{e}");

        let slow = provide_credentials_fn(|| async {
            tokio::time::sleep(Duration::from_secs(60)).await;
            Ok(creds("never", None))
        });
        let settings = RefreshSettings { load_timeout: Duration::from_millis(50), ..Default::default() };
        let cache = CredentialsCache::new(SharedCredentialsProvider::new(slow), settings);
        let e = cache.get().await.unwrap_err();
        assert!(matches!(e.provider_error(), ProviderError::ProviderTimedOut(_)), "{e:?}");
    }

    #[tokio::test]
    async fn a_failed_load_is_tried_again_by_the_next_call() {
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = calls.clone();
        let provider = provide_credentials_fn(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            async move {
                if n == 0 {
                    Err(ProviderError::provider_error("metadata service unavailable"))
                } else {
                    Ok(creds("good", None))
                }
            }
        });
        let cache = CredentialsCache::new(SharedCredentialsProvider::new(provider), RefreshSettings::default());
        assert!(cache.get().await.is_err());
        assert_eq!(cache.get().await.unwrap().access_key_id(), "good");
        assert_eq!(cache.get().await.unwrap().access_key_id(), "good");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }
}
