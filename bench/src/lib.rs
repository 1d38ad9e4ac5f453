//! What the throughput benchmarks (`src/bin/`) share: a bare hyper server as the baseline, a
//! work counter that bounds a run by count and by time, and the figures printed per run.

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::{Body, Incoming};
use hyper::service::Service;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Concurrent workers (keep-alive connections or concurrent callers) in every run.
pub const CONCURRENCY: usize = 32;

/// Requests sent before each measured run (connections opened, caches warm), not counted.
pub const WARM_UP: usize = 2_000;

/// A run that takes longer than this is abandoned and the benchmark fails.
pub const TIME_LIMIT: Duration = Duration::from_secs(30);

/// The path of GetFunction for the one function every benchmark uses.
pub const GET_FUNCTION_PATH: &str = "/2015-03-31/functions/my-function";

/// A GetFunction response body as the service sends it (configuration, code location, tags).
pub const GET_FUNCTION_BODY: &str = r#"{"Code":{"Location":"https://awslambda-us-east-1-tasks.s3.us-east-1.amazonaws.com/snapshots/123456789012/my-function-4b0e2f3a","RepositoryType":"S3"},"Configuration":{"Architectures":["x86_64"],"CodeSha256":"YFgDgEKG3ugvF1+pX64gV6tu9qNuIYNUdgJm8nCxsm4=","CodeSize":294,"Description":"Processes orders","EphemeralStorage":{"Size":512},"FunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:my-function","FunctionName":"my-function","Handler":"app.handler","LastModified":"2024-05-01T12:00:00.000+0000","LastUpdateStatus":"Successful","LoggingConfig":{"LogFormat":"Text","LogGroup":"/aws/lambda/my-function"},"MemorySize":128,"PackageType":"Zip","RevisionId":"1e9b5c6d-2f3a-4b5c-8d7e-9f0a1b2c3d4e","Role":"arn:aws:iam::123456789012:role/lambda-role","Runtime":"python3.12","RuntimeVersionConfig":{"RuntimeVersionArn":"arn:aws:lambda:us-east-1::runtime:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},"SnapStart":{"ApplyOn":"None","OptimizationStatus":"Off"},"State":"Active","Timeout":3,"TracingConfig":{"Mode":"PassThrough"},"Version":"$LATEST"},"Tags":{"team":"orders"}}"#;

/// Requests to run, from the first command-line argument or `default`.
pub fn requests_from_args(default: usize) -> Result<usize, String> {
    match std::env::args().nth(1) {
        None => Ok(default),
        Some(arg) => match arg.parse::<usize>() {
            Ok(n) if (1..=10_000_000).contains(&n) => Ok(n),
            _ => Err(format!("the request count must be a number from 1 to 10000000, got '{arg}'")),
        },
    }
}

/// Serves `service` (one clone per connection) over HTTP/1.1 on a free 127.0.0.1 port until
/// the process ends; returns the address.
pub async fn serve<S, B>(service: S) -> Result<SocketAddr, String>
where
    S: Service<Request<Incoming>, Response = Response<B>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| format!("bind 127.0.0.1: {e}"))?;
    let addr = listener.local_addr().map_err(|e| format!("local address: {e}"))?;
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { continue };
            let _ = stream.set_nodelay(true);
            let service = service.clone();
            tokio::spawn(async move {
                let _ =
                    hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
            });
        }
    });
    Ok(addr)
}

/// The baseline server: a bare hyper service that answers every `GET path` with `body`
/// (200, `application/json`, a request id) and anything else with 404.
pub async fn serve_canned(path: &'static str, body: Bytes) -> Result<SocketAddr, String> {
    serve_answer(path, move || body.clone()).await
}

/// A bare hyper service that answers every `GET path` with the body `answer` makes for it
/// (200, `application/json`, a request id) and anything else with 404: what a hand-written
/// server with one fixed route costs, beside whatever `answer` costs.
pub async fn serve_answer<F>(path: &'static str, answer: F) -> Result<SocketAddr, String>
where
    F: Fn() -> Bytes + Clone + Send + Sync + 'static,
{
    let service = hyper::service::service_fn(move |req: Request<Incoming>| {
        let hit = req.method() == hyper::Method::GET && req.uri().path() == path;
        let body = if hit { answer() } else { Bytes::new() };
        async move {
            let response = if hit {
                Response::builder()
                    .header("content-type", "application/json")
                    .header("x-amzn-requestid", "c6af9ac6-7b61-11e6-9a41-93e812345678")
                    .body(Full::new(body))
            } else {
                Response::builder().status(404).body(Full::new(body))
            };
            response.map_err(|e| e.to_string())
        }
    });
    serve(service).await
}

/// Hands out request numbers to the workers of one run until `total` have been taken.
#[derive(Debug)]
pub struct Work {
    next: AtomicUsize,
    total: usize,
}

impl Work {
    /// Work for `total` requests.
    pub fn new(total: usize) -> Arc<Work> {
        Arc::new(Work { next: AtomicUsize::new(0), total })
    }

    /// Whether the caller may send one more request.
    pub fn take(&self) -> bool {
        self.next.fetch_add(1, Ordering::Relaxed) < self.total
    }
}

/// What one run measured.
#[derive(Debug)]
pub struct Stats {
    /// Requests completed.
    pub requests: usize,
    /// Wall time of the whole run.
    pub elapsed: Duration,
    /// Latency of every request, sorted.
    pub latencies: Vec<Duration>,
}

impl Stats {
    /// Requests per second.
    pub fn rate(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    /// The latency below which `q` (0..=1) of the requests fall.
    pub fn quantile(&self, q: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let i = ((self.latencies.len() - 1) as f64 * q).round() as usize;
        self.latencies[i.min(self.latencies.len() - 1)]
    }

    /// One line: name, rate, p50 and p99.
    pub fn print(&self, name: &str) {
        println!(
            "{name:<44} {:>9.0} req/s   p50 {:>7.1} µs   p99 {:>7.1} µs   ({} requests in {:.2} s)",
            self.rate(),
            self.quantile(0.50).as_secs_f64() * 1e6,
            self.quantile(0.99).as_secs_f64() * 1e6,
            self.requests,
            self.elapsed.as_secs_f64()
        );
    }
}

/// Runs `workers` (each spawned on the runtime, each taking requests from the shared [`Work`]
/// and returning the latencies it saw) to completion, failing if any fails or the run takes
/// longer than [`TIME_LIMIT`].
pub async fn run<F>(total: usize, workers: impl IntoIterator<Item = F>) -> Result<Stats, String>
where
    F: std::future::Future<Output = Result<Vec<Duration>, String>> + Send + 'static,
{
    let start = Instant::now();
    let handles: Vec<_> = workers.into_iter().map(tokio::spawn).collect();
    let joined = tokio::time::timeout(TIME_LIMIT, async {
        let mut latencies = Vec::with_capacity(total);
        for handle in handles {
            latencies.extend(handle.await.map_err(|e| format!("a worker panicked: {e}"))??);
        }
        Ok::<_, String>(latencies)
    })
    .await;
    let elapsed = start.elapsed();
    let mut latencies = joined.map_err(|_| format!("the run did not finish within {} s", TIME_LIMIT.as_secs()))??;
    if latencies.len() != total {
        return Err(format!("{} of {total} requests completed", latencies.len()));
    }
    latencies.sort_unstable();
    Ok(Stats { requests: total, elapsed, latencies })
}

/// Median, semi-interquartile range and largest distance from the median (both spreads in
/// percent of the median).
pub fn median_spread(values: &[f64]) -> (f64, f64, f64) {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    // Quantiles by linear interpolation between the nearest ranks.
    let quantile = |q: f64| {
        let at = q * (sorted.len() - 1) as f64;
        let (low, high) = (at.floor() as usize, at.ceil() as usize);
        sorted[low] + (sorted[high] - sorted[low]) * (at - low as f64)
    };
    let median = quantile(0.5);
    let semi_iqr = (quantile(0.75) - quantile(0.25)) / 2.0 / median * 100.0;
    let largest = sorted.iter().map(|v| (v - median).abs() / median * 100.0).fold(0.0, f64::max);
    (median, semi_iqr, largest)
}
