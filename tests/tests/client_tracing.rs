//! Tracing: a span per call with the operation, attempt count and status, a span per
//! attempt, and no secrets (keys, session token, signature, payloads) in anything logged.

mod client_common;

use client_common::*;
use lambda_api::operations::invoke::InvokeInput;
use lambda_api::Blob;
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn calls_are_traced_without_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let payload_secret = "payload-secret-4f9c";
    let server = Server::scripted(vec![
        Reply::error(503, "ServiceException", "busy"),
        Reply::Respond {
            status: 200,
            headers: vec![],
            body: format!("{{\"result\":\"{payload_secret}\"}}").into_bytes(),
        },
    ])
    .await;
    let out = client(&server)
        .invoke(
            InvokeInput::builder()
                .function_name("my-function")
                .payload(Blob::new(format!("{{\"password\":\"{payload_secret}\"}}").into_bytes()))
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(out.status_code, Some(200));

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("lambda_call"), "{log}");
    assert!(log.contains("operation=\"Invoke\""), "{log}");
    assert!(log.contains("attempt=1"), "{log}");
    assert!(log.contains("attempt=2"), "{log}");
    assert!(log.contains("status=503"), "{log}");
    assert!(log.contains("status=200"), "{log}");
    assert!(log.contains("retrying"), "{log}");
    let signature =
        server.requests()[0].header("authorization").unwrap().rsplit("Signature=").next().unwrap().to_string();
    for secret in [SECRET_KEY, SESSION_TOKEN, payload_secret, signature.as_str()] {
        assert!(!log.contains(secret), "{secret} was logged:\n{log}");
    }
}
