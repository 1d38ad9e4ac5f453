//! `cargo run --release -p lambda-bench --bin server_throughput [REQUESTS]`: requests per second
//! of the generated router with lambda-local behind it (no signature checking, one function),
//! as a ratio to a bare hyper server answering every request with the same GetFunction body.
//! Both are served by the same hyper accept loop on 127.0.0.1 and driven by the same in-process
//! load generator: 32 keep-alive HTTP/1.1 connections sending `GET
//! /2015-03-31/functions/my-function` until the request count is reached. Each server is
//! measured three times, alternating, and the best run of each is kept.

use bytes::Bytes;
use http_body_util::{BodyExt, Empty, Full};
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use lambda_bench::{run, serve, serve_canned, Stats, Work, CONCURRENCY, GET_FUNCTION_PATH, WARM_UP};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

const ROUNDS: usize = 3;

/// The function lambda-local holds during the benchmark.
const CREATE_BODY: &str = r#"{"FunctionName":"my-function","Role":"arn:aws:iam::123456789012:role/lambda-role","Runtime":"python3.12","Handler":"app.handler","Description":"Processes orders","Code":{"ZipFile":"UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="},"Tags":{"team":"orders"}}"#;

/// One request on a fresh connection (set-up only): status and body.
async fn send_once(
    addr: SocketAddr,
    method: Method,
    path: &str,
    body: &'static str,
) -> Result<(StatusCode, Bytes), String> {
    let stream = tokio::net::TcpStream::connect(addr).await.map_err(|e| format!("connect {addr}: {e}"))?;
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.map_err(|e| format!("handshake: {e}"))?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header("host", addr.to_string())
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from_static(body.as_bytes())))
        .map_err(|e| e.to_string())?;
    let response = sender.send_request(request).await.map_err(|e| format!("{path}: {e}"))?;
    let status = response.status();
    let body = response.into_body().collect().await.map_err(|e| format!("{path}: body: {e}"))?.to_bytes();
    Ok((status, body))
}

/// One keep-alive connection sending GetFunction until the work runs out; every answer must be
/// 200 with a body of `expected_len` bytes.
async fn connection(addr: SocketAddr, work: Arc<Work>, expected_len: usize) -> Result<Vec<Duration>, String> {
    let stream = tokio::net::TcpStream::connect(addr).await.map_err(|e| format!("connect {addr}: {e}"))?;
    stream.set_nodelay(true).map_err(|e| format!("nodelay: {e}"))?;
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.map_err(|e| format!("handshake: {e}"))?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    let host = addr.to_string();
    let mut latencies = Vec::new();
    while work.take() {
        let request = Request::get(GET_FUNCTION_PATH)
            .header("host", &host)
            .body(Empty::<Bytes>::new())
            .map_err(|e| e.to_string())?;
        let start = Instant::now();
        sender.ready().await.map_err(|e| format!("connection closed: {e}"))?;
        let response = sender.send_request(request).await.map_err(|e| format!("request: {e}"))?;
        let status = response.status();
        let body = response.into_body().collect().await.map_err(|e| format!("body: {e}"))?.to_bytes();
        latencies.push(start.elapsed());
        if status != StatusCode::OK || body.len() != expected_len {
            return Err(format!("unexpected answer: {status}, {} bytes (expected {expected_len})", body.len()));
        }
    }
    Ok(latencies)
}

/// A warm-up run, then a measured run of `requests`.
async fn measure(addr: SocketAddr, requests: usize, expected_len: usize) -> Result<Stats, String> {
    let warm_up = Work::new(WARM_UP);
    run(WARM_UP, (0..CONCURRENCY).map(|_| connection(addr, Arc::clone(&warm_up), expected_len))).await?;
    let work = Work::new(requests);
    run(requests, (0..CONCURRENCY).map(|_| connection(addr, Arc::clone(&work), expected_len))).await
}

async fn bench() -> Result<(), String> {
    let requests = lambda_bench::requests_from_args()?;

    let router = lambda_local::service::app(&lambda_local::Settings::default());
    let local = serve(TowerToHyperService::new(router)).await?;
    let (status, body) = send_once(local, Method::POST, "/2015-03-31/functions", CREATE_BODY).await?;
    if status != StatusCode::CREATED {
        return Err(format!("CreateFunction answered {status}: {}", String::from_utf8_lossy(&body)));
    }
    let (status, body) = send_once(local, Method::GET, GET_FUNCTION_PATH, "").await?;
    if status != StatusCode::OK || !body.starts_with(b"{") {
        return Err(format!("GetFunction answered {status}: {}", String::from_utf8_lossy(&body)));
    }
    // The baseline sends the very bytes the router sends.
    let baseline = serve_canned(GET_FUNCTION_PATH, body.clone()).await?;

    println!(
        "{requests} x GET {GET_FUNCTION_PATH} ({} byte answer), {CONCURRENCY} keep-alive connections, best of {ROUNDS}",
        body.len()
    );
    let mut best: [Option<Stats>; 2] = [None, None];
    for _ in 0..ROUNDS {
        for (slot, addr) in best.iter_mut().zip([baseline, local]) {
            let stats = measure(addr, requests, body.len()).await?;
            if slot.as_ref().is_none_or(|b| stats.rate() > b.rate()) {
                *slot = Some(stats);
            }
        }
    }
    let [Some(baseline), Some(router)] = best else { return Err("no round ran".into()) };
    baseline.print("baseline: bare hyper, canned GetFunction body");
    router.print("generated router + lambda-local");
    println!("ratio router / baseline (req/s): {:.2}", router.rate() / baseline.rate());
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    match bench().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("server_throughput: {e}");
            ExitCode::FAILURE
        }
    }
}
