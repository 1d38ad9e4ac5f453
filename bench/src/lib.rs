//! What the throughput benchmarks (`src/bin/`) share: a bare hyper server as the baseline, a
//! work counter that bounds a run by count and by time, and the figures printed per run.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::{Body, Incoming};
use hyper::service::Service;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::process::{Child, ChildStdin, Command, Stdio};
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

/// `values` as printed in the benchmarks' tables: the median with `digits` decimals, ± the
/// semi-interquartile range, and the largest distance from the median in parentheses (both in
/// percent of the median), 27 characters wide.
pub fn spread_text(values: &[f64], digits: usize) -> String {
    let (median, semi_iqr, largest) = median_spread(values);
    format!("{median:>9.digits$} ± {semi_iqr:>4.1} ({largest:>4.1}) %")
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

/// Pins thread `tid` (0: the calling thread) to `cpu`, and so the threads it starts later;
/// when the machine refuses, says so on standard error and carries on unpinned.
pub fn pin_to_cpu(tid: libc::pid_t, cpu: usize) {
    // SAFETY: `set` is a plain bit set owned by this frame.
    let pinned = unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        libc::sched_setaffinity(tid, std::mem::size_of::<libc::cpu_set_t>(), &set) == 0
    };
    if !pinned {
        eprintln!("could not pin thread {tid} to CPU {cpu}; running unpinned");
    }
}

/// CPU time process `pid` has used so far, summed over its live threads from
/// /proc/PID/task/*/schedstat (nanoseconds; see [`cpu_time_with_ended_threads`] for a process
/// whose threads come and go).
pub fn cpu_time_of_threads(pid: u32) -> Result<Duration, String> {
    let tasks = format!("/proc/{pid}/task");
    let mut total = 0u64;
    for task in std::fs::read_dir(&tasks).map_err(|e| format!("{tasks}: {e}"))? {
        let path = task.map_err(|e| format!("{tasks}: {e}"))?.path().join("schedstat");
        // A thread that ended since the listing has nothing more to add.
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let on_cpu = text.split_whitespace().next().and_then(|n| n.parse::<u64>().ok());
        total += on_cpu.ok_or_else(|| format!("{}: unexpected format {text:?}", path.display()))?;
    }
    Ok(Duration::from_nanos(total))
}

/// CPU time process `pid` has used so far, its ended threads included (/proc/PID/stat's
/// user and system times, counted in clock ticks of usually 10 ms).
pub fn cpu_time_with_ended_threads(pid: u32) -> Result<Duration, String> {
    let path = format!("/proc/{pid}/stat");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> =
        text.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok());
    // utime and stime are the line's fields 14 and 15: 12th and 13th after the name.
    let (Some(user), Some(system)) = (ticks(11), ticks(12)) else {
        return Err(format!("{path}: unexpected format {text:?}"));
    };
    // SAFETY: sysconf only reads a constant of the system.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    Ok(Duration::from_nanos((user + system) * 1_000_000_000 / per_second))
}

/// A server in a child process: this same executable run with `args`, which prints the
/// address it serves on as its first line ([`announce_and_serve`]). Killed when dropped.
#[derive(Debug)]
pub struct ChildServer {
    /// The child process.
    pub child: Child,
    /// Where it serves.
    pub addr: SocketAddr,
    // Kept open: the child stops when it closes.
    _stdin: ChildStdin,
}

impl ChildServer {
    /// Starts the child and waits for its address; `what` names it in errors.
    pub fn start(args: &[&str], what: &str) -> Result<ChildServer, String> {
        let exe = std::env::current_exe().map_err(|e| format!("own executable: {e}"))?;
        let mut child = Command::new(exe)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("starting the {what} server: {e}"))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(format!("the {what} server's pipes are missing"));
        };
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map_err(|e| format!("{what} server: {e}"))?;
        let addr = line.trim().parse().map_err(|_| format!("the {what} server did not start: {line:?}"))?;
        Ok(ChildServer { child, addr, _stdin: stdin })
    }
}

impl Drop for ChildServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// In a [`ChildServer`]: prints the address (already being served) for the parent, then
/// serves until the parent closes this process's standard input or exits.
pub async fn announce_and_serve(addr: SocketAddr) -> Result<(), String> {
    println!("{addr}");
    std::io::stdout().flush().map_err(|e| e.to_string())?;
    let _ = tokio::task::spawn_blocking(|| std::io::stdin().read_to_end(&mut Vec::new())).await;
    Ok(())
}

/// Runs `bench` as the load generator, pinned to `cpu`, on a runtime built after pinning so
/// that it sizes itself to the one CPU it may use.
pub fn run_pinned<F: std::future::Future<Output = Result<(), String>>>(cpu: usize, bench: F) -> Result<(), String> {
    pin_to_cpu(0, cpu);
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| format!("runtime: {e}"))?;
    runtime.block_on(bench)
}

/// The exit code of benchmark `name`: failure, said on standard error, for an error.
pub fn exit_code(name: &str, result: Result<(), String>) -> std::process::ExitCode {
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{name}: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Opens an HTTP/1.1 connection to `addr` (without Nagle's delay) and spawns its driver.
pub async fn connect<B>(addr: SocketAddr) -> Result<hyper::client::conn::http1::SendRequest<B>, String>
where
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let stream = tokio::net::TcpStream::connect(addr).await.map_err(|e| format!("connect {addr}: {e}"))?;
    stream.set_nodelay(true).map_err(|e| format!("nodelay: {e}"))?;
    let (sender, conn) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.map_err(|e| format!("handshake: {e}"))?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(sender)
}

/// One request on a fresh connection: its status and body.
pub async fn send_once(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(String, String)],
    body: Bytes,
) -> Result<(hyper::StatusCode, Bytes), String> {
    let mut sender = connect::<Full<Bytes>>(addr).await?;
    let mut request = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        request = request.header(name.as_str(), value.as_str());
    }
    let request = request.body(Full::new(body)).map_err(|e| e.to_string())?;
    let response = sender.send_request(request).await.map_err(|e| format!("{method} {path}: {e}"))?;
    let status = response.status();
    let body = response.into_body().collect().await.map_err(|e| format!("{method} {path}: body: {e}"))?.to_bytes();
    Ok((status, body))
}

/// The headers SigV4 adds to a request (`authorization`, `x-amz-date`), signed now with a
/// static key pair by `aws-sigv4`, the AWS SDK for Rust's signer: the benchmarks' requests
/// are signed independently of the client under test.
pub fn sigv4_headers(
    request: (&str, &str, &[(String, String)]),
    body: aws_sigv4::http_request::SignableBody<'_>,
    (service, region): (&str, &str),
    (access_key, secret_key): (&str, &str),
) -> Result<Vec<(String, String)>, String> {
    use aws_sigv4::http_request::{sign, SignableRequest, SigningSettings};
    let (method, url, headers) = request;
    let identity = aws_credential_types::Credentials::new(access_key, secret_key, None, None, "bench").into();
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(std::time::SystemTime::now())
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| e.to_string())?
        .into();
    let signable = SignableRequest::new(method, url, headers.iter().map(|(k, v)| (k.as_str(), v.as_str())), body)
        .map_err(|e| e.to_string())?;
    let (instructions, _) = sign(signable, &params).map_err(|e| e.to_string())?.into_parts();
    Ok(instructions.headers().map(|(k, v)| (k.to_string(), v.to_string())).collect())
}
