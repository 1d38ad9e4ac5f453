//! Credentials from a provider: cached, refreshed once before they expire however many calls
//! run at once, and a provider's failure returned as `SdkError::Credentials`.

mod client_common;
mod local_common;

use aws_credential_types::credential_fn::provide_credentials_fn;
use aws_credential_types::provider::error::CredentialsError as ProviderError;
use aws_credential_types::Credentials as ProvidedCredentials;
use client_common::{verify_sigv4_with, Recorded, Reply, Server, REGION};
use futures_util::future::join_all;
use lambda_api::client::{Client, Config, RetryConfig, SdkError};
use lambda_api::operations::get_account_settings::GetAccountSettingsInput;
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};
use tokio::sync::Semaphore;

const CONCURRENT_CALLS: usize = 32;

/// The access key id a request was signed with.
fn access_key(r: &Recorded) -> String {
    let auth = r.header("authorization").unwrap_or_default();
    auth.split("Credential=").nth(1).and_then(|c| c.split('/').next()).unwrap_or_default().to_string()
}

/// A server that checks every signature against the key pair and session token the provider
/// below hands out as load `n`: `AKID{n}`, `SECRET{n}`, `TOKEN{n}`.
async fn verifying_server() -> Server {
    Server::start(|r| {
        let key = access_key(r);
        let n = key.trim_start_matches("AKID");
        match verify_sigv4_with(r, &key, &format!("SECRET{n}"), Some(&format!("TOKEN{n}"))) {
            Ok(()) => Reply::json(200, &json!({"AccountLimit": {}, "AccountUsage": {}})),
            Err(e) => Reply::error(403, "InvalidSignatureException", &e),
        }
    })
    .await
}

/// A provider whose load `n` takes 100 ms (so concurrent calls overlap it) and returns
/// temporary credentials valid for `lifetime`, and whose load number `gated` also waits for a
/// permit of `gate`. Counts its loads and records when each one returned.
struct Rotating {
    loads: Arc<AtomicUsize>,
    returned_at: Arc<Mutex<Vec<Instant>>>,
    gate: Arc<Semaphore>,
}

impl Rotating {
    fn new() -> Self {
        Rotating {
            loads: Arc::new(AtomicUsize::new(0)),
            returned_at: Arc::new(Mutex::new(Vec::new())),
            gate: Arc::new(Semaphore::new(0)),
        }
    }

    fn provider(&self, lifetime: Duration, gated: usize) -> impl aws_credential_types::provider::ProvideCredentials {
        let (loads, returned_at, gate) = (self.loads.clone(), self.returned_at.clone(), self.gate.clone());
        provide_credentials_fn(move || {
            let n = loads.fetch_add(1, Ordering::SeqCst) + 1;
            let (returned_at, gate) = (returned_at.clone(), gate.clone());
            async move {
                tokio::time::sleep(Duration::from_millis(100)).await;
                if n == gated {
                    gate.acquire().await.expect("gate open").forget();
                }
                returned_at.lock().unwrap().push(Instant::now());
                Ok(ProvidedCredentials::new(
                    format!("AKID{n}"),
                    format!("SECRET{n}"),
                    Some(format!("TOKEN{n}")),
                    Some(SystemTime::now() + lifetime),
                    "rotating test provider",
                ))
            }
        })
    }

    fn loads(&self) -> usize {
        self.loads.load(Ordering::SeqCst)
    }

    fn returned_at(&self, n: usize) -> Instant {
        self.returned_at.lock().unwrap()[n - 1]
    }
}

/// `CONCURRENT_CALLS` calls at once; the access key each was signed with.
async fn concurrent_calls(client: &Client, server: &Server) -> Vec<String> {
    server.take_requests();
    let calls = (0..CONCURRENT_CALLS).map(|_| client.get_account_settings(GetAccountSettingsInput::default()));
    for result in join_all(calls).await {
        result.expect("the call succeeds with a verified signature");
    }
    server.take_requests().iter().map(access_key).collect()
}

fn all_signed_with(keys: &[String], key: &str) -> bool {
    keys.len() == CONCURRENT_CALLS && keys.iter().all(|k| k == key)
}

#[tokio::test]
async fn expiring_credentials_are_loaded_once_and_refreshed_once_under_concurrent_calls() {
    let server = verifying_server().await;
    let rotating = Rotating::new();
    // Valid for 6 s, unused in the last 1 s (so usable for 5 s), refreshed in the background
    // from 3 s on (2 s ahead: less than half the usable life).
    let lifetime = Duration::from_secs(6);
    let config = Config::builder()
        .region(REGION)
        .endpoint(server.endpoint())
        .credentials_provider(rotating.provider(lifetime, 2))
        .credentials_expiry_buffer(Duration::from_secs(1))
        .credentials_refresh_ahead(Duration::from_secs(2))
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let client = Client::new(config);

    // 32 calls with nothing cached: one load.
    let keys = concurrent_calls(&client, &server).await;
    assert_eq!(rotating.loads(), 1);
    assert!(all_signed_with(&keys, "AKID1"), "{keys:?}");

    // Inside the refresh window (3 s to 5 s after the load): one background load starts; it
    // is held at the gate, and the 32 calls go ahead with the credentials they have.
    tokio::time::sleep_until((rotating.returned_at(1) + Duration::from_millis(3400)).into()).await;
    let keys = tokio::time::timeout(Duration::from_secs(1), concurrent_calls(&client, &server))
        .await
        .expect("calls holding valid credentials are not blocked by the refresh in flight");
    assert!(all_signed_with(&keys, "AKID1"), "{keys:?}");
    assert_eq!(rotating.loads(), 2, "one refresh for 32 calls");

    // Let the refresh finish: the next calls sign with the new credentials, before the old
    // ones run out.
    rotating.gate.add_permits(1);
    let deadline = Instant::now() + Duration::from_secs(1);
    while rotating.returned_at.lock().unwrap().len() < 2 {
        assert!(Instant::now() < deadline, "the background refresh did not finish");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let keys = concurrent_calls(&client, &server).await;
    assert!(all_signed_with(&keys, "AKID2"), "{keys:?}");
    assert!(rotating.returned_at(1).elapsed() < Duration::from_secs(5), "refreshed in time");
    assert_eq!(rotating.loads(), 2);

    // Past the new credentials' usable time with no call in their refresh window: the calls
    // must wait, and they share one load.
    tokio::time::sleep_until((rotating.returned_at(2) + Duration::from_millis(5300)).into()).await;
    let keys = concurrent_calls(&client, &server).await;
    assert!(all_signed_with(&keys, "AKID3"), "{keys:?}");
    assert_eq!(rotating.loads(), 3, "one load for 32 waiting calls");
}

#[tokio::test]
async fn a_failing_provider_fails_the_call_with_its_error_and_sends_nothing() {
    let server = verifying_server().await;
    let loads = Arc::new(AtomicUsize::new(0));
    let counter = loads.clone();
    let provider = provide_credentials_fn(move || {
        counter.fetch_add(1, Ordering::SeqCst);
        async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            Err(ProviderError::provider_error("the instance profile has no role attached"))
        }
    });
    let config =
        Config::builder().region(REGION).endpoint(server.endpoint()).credentials_provider(provider).build().unwrap();
    let client = Client::new(config);

    let calls = (0..CONCURRENT_CALLS).map(|_| client.get_account_settings(GetAccountSettingsInput::default()));
    for result in join_all(calls).await {
        let err = result.expect_err("no credentials, no call");
        let SdkError::Credentials(e) = &err else { panic!("expected SdkError::Credentials, got {err:?}") };
        assert!(matches!(e.provider_error(), ProviderError::ProviderError(_)), "{e:?}");
        assert_eq!(
            err.to_string(),
            "could not load credentials: an error occurred while loading credentials: \
             the instance profile has no role attached"
        );
        assert!(std::error::Error::source(&err).is_some());
    }
    assert_eq!(loads.load(Ordering::SeqCst), 1, "the calls waiting together share the failed load");
    assert!(server.requests().is_empty(), "nothing is sent unsigned");

    // The next call tries the provider again.
    assert!(client.get_account_settings(GetAccountSettingsInput::default()).await.is_err());
    assert_eq!(loads.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_provider_that_hangs_times_out_as_a_credentials_error() {
    let server = verifying_server().await;
    let provider = provide_credentials_fn(|| async {
        tokio::time::sleep(Duration::from_secs(600)).await;
        Err(ProviderError::not_loaded("never"))
    });
    let config = Config::builder()
        .region(REGION)
        .endpoint(server.endpoint())
        .credentials_provider(provider)
        .credentials_load_timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let err = Client::new(config).get_account_settings(GetAccountSettingsInput::default()).await.unwrap_err();
    let SdkError::Credentials(e) = &err else { panic!("{err:?}") };
    assert!(matches!(e.provider_error(), ProviderError::ProviderTimedOut(_)), "{e:?}");
    assert!(server.requests().is_empty());
}

/// The region lambda-local serves unless told otherwise.
const LOCAL_REGION: &str = "us-east-1";

/// lambda-local on a free 127.0.0.1 port that accepts the key pairs and session tokens of the
/// rotating provider's first two loads, and nothing else.
async fn lambda_local_with_session_credentials() -> String {
    let settings = local_common::signed_by(
        (1..=2)
            .map(|n| {
                lambda_rt::server::Credential::new(format!("AKID{n}"), format!("SECRET{n}"))
                    .with_session_token(format!("TOKEN{n}"))
            })
            .collect(),
    );
    // The server runs until the test's runtime ends.
    local_common::serve_local(&settings).await.0
}

#[tokio::test]
async fn refreshed_session_credentials_verify_against_lambda_local() {
    let endpoint = lambda_local_with_session_credentials().await;
    let rotating = Rotating::new();
    // Usable for 1 s, then the next call loads the second set (the gate is never closed).
    let config = Config::builder()
        .region(LOCAL_REGION)
        .endpoint(&endpoint)
        .credentials_provider(rotating.provider(Duration::from_secs(2), 0))
        .credentials_expiry_buffer(Duration::from_secs(1))
        .credentials_refresh_ahead(Duration::from_millis(500))
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let client = Client::new(config);
    let calls = (0..CONCURRENT_CALLS).map(|_| client.get_account_settings(GetAccountSettingsInput::default()));
    for result in join_all(calls).await {
        result.expect("lambda-local verifies the first session credentials");
    }
    assert_eq!(rotating.loads(), 1);

    tokio::time::sleep_until((rotating.returned_at(1) + Duration::from_millis(1200)).into()).await;
    let calls = (0..CONCURRENT_CALLS).map(|_| client.get_account_settings(GetAccountSettingsInput::default()));
    for result in join_all(calls).await {
        result.expect("lambda-local verifies the refreshed session credentials");
    }
    assert_eq!(rotating.loads(), 2, "one refresh for the calls after expiry");

    // The third load's credentials are unknown to lambda-local: refused, so the checks above
    // could fail.
    tokio::time::sleep_until((rotating.returned_at(2) + Duration::from_millis(1200)).into()).await;
    let err = client.get_account_settings(GetAccountSettingsInput::default()).await.unwrap_err();
    assert_eq!(rotating.loads(), 3);
    assert_eq!(service_code(&err).as_deref(), Some("UnrecognizedClientException"), "{err:?}");
}

#[tokio::test]
async fn a_session_token_other_than_the_one_issued_is_refused_by_lambda_local() {
    let endpoint = lambda_local_with_session_credentials().await;
    let config = Config::builder()
        .region(LOCAL_REGION)
        .endpoint(&endpoint)
        .credentials(lambda_api::client::Credentials::new("AKID1", "SECRET1", Some("TOKEN2".to_string())))
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let err = Client::new(config).get_account_settings(GetAccountSettingsInput::default()).await.unwrap_err();
    assert_eq!(service_code(&err).as_deref(), Some("UnrecognizedClientException"), "{err:?}");
}

fn service_code<E: lambda_rt::ServiceErrorKind>(err: &SdkError<E>) -> Option<String> {
    err.service_error().map(|e| e.code().to_string())
}
