//! What the peer tests share: a running lambda-local, the key pair it accepts, a small zip
//! archive maker and the workspace root.

#![allow(dead_code)]

use base64::Engine;
use lambda_rt::server::axum;
use lambda_rt::server::axum::extract::{Request, State};
use lambda_rt::server::axum::middleware::{self, Next};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// The access key id lambda-local is started with.
pub const ACCESS_KEY: &str = "AKIDSDKPEERTEST";
/// Its secret.
pub const SECRET_KEY: &str = "sdk-peer-secret/with+chars";
/// A temporary key lambda-local also accepts: its requests must carry [`SESSION_TOKEN`].
pub const TEMP_ACCESS_KEY: &str = "ASIASDKPEERTEST";
/// Its secret.
pub const TEMP_SECRET_KEY: &str = "sdk-peer-temporary-secret";
/// Its session token.
pub const SESSION_TOKEN: &str = "IQoJb3JpZ2luX2VjEPT//////////sdk+session/token==";
/// The execution role every test function gets.
pub const ROLE: &str = "arn:aws:iam::123456789012:role/lambda-role";

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Base64 of the SHA-256 of `bytes`, as the service reports `CodeSha256`.
pub fn sha256_b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(bytes))
}

/// A zip archive holding one stored (uncompressed) file.
pub fn zip_with(name: &str, content: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    out.start_file(name, options).expect("start a zip entry");
    out.write_all(content).expect("write a zip entry");
    out.finish().expect("finish the zip archive").into_inner()
}

/// lambda-local's router serving in this process on a free 127.0.0.1 port until dropped.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
    /// The operations the server routed a request to, read on the server side.
    pub routed: Arc<Mutex<BTreeSet<&'static str>>>,
    task: tokio::task::JoinHandle<()>,
}

async fn record(
    State(routed): State<Arc<Mutex<BTreeSet<&'static str>>>>,
    req: Request,
    next: Next,
) -> axum::response::Response {
    let resp = next.run(req).await;
    if let Some(op) = lambda_local::log::operation_name(&resp) {
        routed.lock().unwrap().insert(op);
    }
    resp
}

impl Server {
    /// Serves a fresh in-memory Lambda that accepts only the test keys.
    pub async fn start() -> Server {
        let settings = lambda_local::Settings {
            credentials: vec![
                lambda_rt::server::Credential::new(ACCESS_KEY, SECRET_KEY),
                lambda_rt::server::Credential::new(TEMP_ACCESS_KEY, TEMP_SECRET_KEY).with_session_token(SESSION_TOKEN),
            ],
            ..lambda_local::Settings::default()
        };
        let routed = Arc::default();
        let app =
            lambda_local::service::app(&settings).layer(middleware::from_fn_with_state(Arc::clone(&routed), record));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("serve");
        });
        Server { endpoint: format!("http://{addr}"), routed, task }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}
