//! Request binding of every operation: method, path, query, headers and body bytes through the
//! generated router (routing, body limits, binding, strict validation). Nothing may panic and
//! no request may be answered 500: with nothing implemented, a well-formed request gets 501.
#![no_main]

use arbitrary::Arbitrary;
use lambda_fuzz::{fill_path, visit_operation, Unimplemented, Visit};
use lambda_rt::binding::Operation;
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};
use tower::ServiceExt;

#[derive(Arbitrary, Debug)]
struct Input {
    operation: u8,
    /// Send another method than the operation's.
    method: Option<String>,
    labels: Vec<String>,
    /// Labels as they are, not percent-encoded.
    raw_labels: bool,
    query: Vec<(String, String)>,
    /// Appended to the query as it is.
    raw_query: Option<String>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

struct Binding;
impl Visit for Binding {
    type Out = (&'static str, &'static str, &'static [(&'static str, &'static str)]);
    fn visit<O: Operation + 'static>(self) -> Self::Out {
        (O::BINDING.method, O::BINDING.path, O::BINDING.query_literals)
    }
}

fn router() -> &'static lambda_rt::server::axum::Router {
    static ROUTER: OnceLock<lambda_rt::server::axum::Router> = OnceLock::new();
    ROUTER.get_or_init(|| {
        lambda_api::server::router(Arc::new(Unimplemented), lambda_api::server::ServerConfig::default())
    })
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap())
}

fuzz_target!(|input: Input| {
    let (method, template, literals) = visit_operation(input.operation as usize, Binding);
    let mut uri = fill_path(template, &input.labels, input.raw_labels);
    let mut pairs: Vec<String> = literals.iter().map(|(k, v)| format!("{k}={v}")).collect();
    for (k, v) in &input.query {
        pairs.push(format!("{}={}", lambda_rt::http::encode_label(k), lambda_rt::http::encode_label(v)));
    }
    if let Some(raw) = &input.raw_query {
        pairs.push(raw.clone());
    }
    if !pairs.is_empty() {
        uri.push('?');
        uri.push_str(&pairs.join("&"));
    }
    let method = input.method.as_deref().unwrap_or(method);
    let mut builder = http::Request::builder().method(method).uri(uri.as_str());
    for (k, v) in &input.headers {
        // The body below is complete; its framing is the server's job, not the router's.
        if k.eq_ignore_ascii_case("content-length") || k.eq_ignore_ascii_case("transfer-encoding") {
            continue;
        }
        if let (Ok(k), Ok(v)) = (http::HeaderName::from_bytes(k.as_bytes()), http::HeaderValue::from_str(v)) {
            builder = builder.header(k, v);
        }
    }
    let Ok(request) = builder.body(lambda_rt::server::axum::body::Body::from(input.body)) else { return };
    let response = runtime().block_on(router().clone().oneshot(request)).expect("the router is infallible");
    let status = response.status().as_u16();
    assert_ne!(status, 500, "{method} {uri}: {response:?}");
    assert!(response.headers().contains_key("x-amzn-requestid"));
});
