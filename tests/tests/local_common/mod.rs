//! lambda-local in process, for the client suites that run against it: served on a free
//! 127.0.0.1 port, a client of it, and the zip archives its functions are made of.

#![allow(dead_code)]

use lambda_api::client::{Client, Config, Credentials, RetryConfig};
use lambda_rt::server::{Credential, Servable};
use std::time::Duration;

/// lambda-local settings that require every request to be signed with one of `credentials`.
pub fn signed_by(credentials: Vec<Credential>) -> lambda_local::Settings {
    lambda_local::Settings { credentials, ..lambda_local::Settings::default() }
}

/// Serves `service` (an `axum::Router` or the generated router's service) through
/// `lambda_rt::server::serve` on a free 127.0.0.1 port for as long as the returned task runs;
/// its endpoint.
pub async fn serve(service: impl Servable) -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        lambda_rt::server::serve(listener, service, lambda_rt::server::ServeOptions::default()).await.expect("serve");
    });
    (endpoint, task)
}

/// Serves lambda-local as its binary does without the request log: the generated router's
/// service with no `axum::Router` around it.
pub async fn serve_local(settings: &lambda_local::Settings) -> (String, tokio::task::JoinHandle<()>) {
    serve(lambda_local::service::service(settings)).await
}

/// A client of `endpoint` signing with a static key pair, without retries, 30 s at most a
/// call; `validate` is whether it checks inputs before sending.
pub fn client_with(endpoint: &str, access_key: &str, secret: &str, validate: bool) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .endpoint(endpoint)
        .credentials(Credentials::new(access_key, secret, None))
        .retry(RetryConfig::disabled())
        .total_timeout(Duration::from_secs(30))
        .validate_input(validate)
        .build()
        .expect("client configuration");
    Client::new(config)
}

/// A zip archive with one stored file, made in memory.
pub fn zip_with(name: &str, content: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    out.start_file(name, options).unwrap();
    out.write_all(content).unwrap();
    out.finish().unwrap().into_inner()
}
