//! Feature `aws-config`: `Client::from_env()` and `ConfigBuilder::load_from_env()` honour a
//! profile in a temporary home (shared config and credentials files, a `services` section
//! with the endpoint, FIPS and attempts settings). Instance metadata is switched off and
//! pointed at a closed local port, so nothing leaves the machine.
//!
//! One test function: it sets process-wide environment variables, in order.

mod client_common;

use client_common::{verify_sigv4_with, Reply, Server, REGION};
use lambda_api::client::{Client, ConfigBuilder};
use lambda_api::operations::get_account_settings::GetAccountSettingsInput;
use serde_json::json;
use std::path::{Path, PathBuf};

const KEY: &str = "AKIDPROFILE";
const SECRET: &str = "profile/secret/key";
const TOKEN: &str = "profile-session-token";

/// Variables that would otherwise take precedence over the profile or reach the network.
const CLEARED: &[&str] = &[
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_LAMBDA",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    "AWS_USE_FIPS_ENDPOINT",
    "AWS_USE_DUALSTACK_ENDPOINT",
    "AWS_MAX_ATTEMPTS",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
];

fn home() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lambda-client-profile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".aws")).unwrap();
    dir
}

fn write_profile(home: &Path, config: &str) {
    std::fs::write(home.join(".aws/config"), config).unwrap();
    std::fs::write(
        home.join(".aws/credentials"),
        format!(
            "[lambda-test]\naws_access_key_id = {KEY}\naws_secret_access_key = {SECRET}\naws_session_token = {TOKEN}\n"
        ),
    )
    .unwrap();
}

#[tokio::test]
async fn a_profile_in_a_temporary_home_is_honoured() {
    let server = Server::start(|r| match verify_sigv4_with(r, KEY, SECRET, Some(TOKEN)) {
        Ok(()) => Reply::json(200, &json!({"AccountLimit": {}, "AccountUsage": {}})),
        Err(e) => Reply::error(403, "InvalidSignatureException", &e),
    })
    .await;
    let home = home();
    for name in CLEARED {
        std::env::remove_var(name);
    }
    std::env::set_var("HOME", &home);
    std::env::set_var("AWS_CONFIG_FILE", home.join(".aws/config"));
    std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", home.join(".aws/credentials"));
    std::env::set_var("AWS_PROFILE", "lambda-test");
    std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
    std::env::set_var("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1");

    // Region, credentials and the endpoint (a services section) from the profile.
    write_profile(
        &home,
        &format!(
            "[profile lambda-test]\nregion = {REGION}\nservices = local\nmax_attempts = 5\n\n\
             [services local]\nlambda =\n  endpoint_url = {}\n",
            server.endpoint()
        ),
    );
    let client = Client::from_env().expect("configured from the profile");
    assert_eq!(client.config().region(), REGION);
    assert_eq!(client.config().resolved_endpoint(), server.endpoint());
    assert_eq!(client.config().retry().max_attempts, 5);
    assert!(client.config().credentials().is_none(), "credentials come from the provider chain");
    client.get_account_settings(GetAccountSettingsInput::default()).await.expect("signed with the profile's keys");
    let signed = server.take_requests();
    assert_eq!(signed.len(), 1);
    assert!(signed[0].header("authorization").unwrap().contains(&format!("Credential={KEY}/")));

    // The same through the async loader.
    let config = ConfigBuilder::load_from_env().await.build().unwrap();
    Client::new(config).get_account_settings(GetAccountSettingsInput::default()).await.unwrap();

    // FIPS from the profile, no endpoint URL: the region's published FIPS endpoint.
    write_profile(&home, "[profile lambda-test]\nregion = us-gov-west-1\nuse_fips_endpoint = true\n");
    let config = ConfigBuilder::load_from_env().await.build().unwrap();
    assert_eq!(config.resolved_endpoint(), "https://lambda-fips.us-gov-west-1.amazonaws.com");
    assert!(config.use_fips());

    // FIPS from the profile and an endpoint URL from the environment: the URL wins.
    std::env::set_var("AWS_ENDPOINT_URL_LAMBDA", server.endpoint());
    let config = ConfigBuilder::load_from_env().await.build().unwrap();
    assert_eq!(config.resolved_endpoint(), server.endpoint());
    std::env::remove_var("AWS_ENDPOINT_URL_LAMBDA");

    // No region anywhere: the error says so.
    write_profile(&home, "[profile lambda-test]\n");
    let err = Client::from_env().unwrap_err();
    assert!(err.to_string().contains("no region"), "{err}");

    let _ = std::fs::remove_dir_all(&home);
}
