//! `cargo run --release -p lambda-bench --bin server_throughput [REQUESTS]`: what the generated
//! router costs per request, against a bare hyper server, in one run.
//!
//! Seven servers answer `GET /2015-03-31/functions/my-function` (GetFunction):
//! - `router`: the generated router (`router_service`, as `lambda_rt::server::serve` serves
//!   it) with a trivial handler returning a fixed
//!   `GetFunctionOutput` (cloned per request), so routing, binding, validation, serialization
//!   and the response are all counted; `hyper`: a bare hyper service sending the very bytes
//!   `router` sends, canned. Both with the service's full answer (about 1.1 KB).
//! - `router-small` and `hyper-small`: the same with a small answer (the function's name
//!   only), which shows the router's own cost apart from serializing a large output.
//! - `hyper-built`: a bare hyper service that builds the full answer per request as
//!   `router`'s handler and binding do (clones the fixed output and serializes it with
//!   serde_json), as a hand-written server answering with that output must; `router` against
//!   it is the router's own cost with the full answer.
//! - `local`: the generated router with lambda-local behind it, holding one function, as
//!   lambda-local serves it without its request log, against `hyper`; `local-axum`: the same
//!   inside an `axum::Router` (lambda-local's `app`, what the log layer wraps).
//!
//! Each server runs in a child process of its own on a single-threaded runtime pinned to CPU 0;
//! the load generator (32 keep-alive HTTP/1.1 connections) runs here, pinned to CPU 1, so the
//! two never share a core. Servers are measured one after the other, alternating, for several
//! rounds. Two figures per run: requests per second of wall time, and requests per second of
//! the server process's CPU time (from /proc), which is what the server could serve with its
//! core saturated and is much steadier on a shared machine. Ratios are taken
//! within each round (same machine conditions; the order of the servers is reversed every
//! other round, so a drift during a round does not favour one of them) and reported as the
//! median with two spreads: the semi-interquartile range (half the distance between the first
//! and third quartiles, which is how far a typical round lies from the median) and the
//! largest distance from it.

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper::{Request, StatusCode};
use hyper_util::service::TowerToHyperService;
use lambda_api::operations::get_function::{GetFunctionError, GetFunctionInput, GetFunctionOutput};
use lambda_api::server::Lambda;
use lambda_bench::{
    announce_and_serve, connect, cpu_time_of_threads, exit_code, median_spread, pin_to_cpu, run, run_pinned, send_once,
    serve, serve_answer, serve_canned, spread_text, ChildServer, Stats, Work, CONCURRENCY, GET_FUNCTION_BODY,
    GET_FUNCTION_PATH, WARM_UP,
};
use lambda_rt::binding::HttpOutput;
use lambda_rt::http::HttpResponse;
use lambda_rt::server::{RequestContext, ServerConfig};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Rounds per run. Many short rounds rather than a few long ones: this machine's speed drifts
/// within seconds, and a ratio taken between neighbours in time sees less of the drift.
const ROUNDS: usize = 15;
/// Requests per server and round, unless the first argument says otherwise.
const REQUESTS_PER_ROUND: usize = 30_000;
const SERVER_CPU: usize = 0;
const LOAD_CPU: usize = 1;

/// The function lambda-local holds during the benchmark.
const CREATE_BODY: &str = r#"{"FunctionName":"my-function","Role":"arn:aws:iam::123456789012:role/lambda-role","Runtime":"python3.12","Handler":"app.handler","Description":"Processes orders","Code":{"ZipFile":"UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="},"Tags":{"team":"orders"}}"#;

/// The trivial handler's small answer: the function's name only.
const SMALL_BODY: &str = r#"{"Configuration":{"FunctionName":"my-function"}}"#;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Hyper,
    Router,
    HyperSmall,
    RouterSmall,
    Local,
    LocalAxum,
    HyperBuilt,
}

impl Kind {
    const ALL: [Kind; 7] = [
        Kind::Hyper,
        Kind::Router,
        Kind::HyperSmall,
        Kind::RouterSmall,
        Kind::Local,
        Kind::LocalAxum,
        Kind::HyperBuilt,
    ];

    /// (measured, baseline, goal) for each ratio printed.
    const RATIOS: [(Kind, Kind, f64); 5] = [
        (Kind::Router, Kind::Hyper, 0.8),
        (Kind::Router, Kind::HyperBuilt, 0.8),
        (Kind::RouterSmall, Kind::HyperSmall, 0.8),
        (Kind::Local, Kind::Hyper, 0.6),
        (Kind::LocalAxum, Kind::Hyper, 0.6),
    ];

    fn arg(self) -> &'static str {
        match self {
            Kind::Hyper => "hyper",
            Kind::Router => "router",
            Kind::HyperSmall => "hyper-small",
            Kind::RouterSmall => "router-small",
            Kind::Local => "local",
            Kind::LocalAxum => "local-axum",
            Kind::HyperBuilt => "hyper-built",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Kind::Hyper => "bare hyper, canned full answer",
            Kind::Router => "router, trivial handler, full answer",
            Kind::HyperSmall => "bare hyper, canned small answer",
            Kind::RouterSmall => "router, trivial handler, small answer",
            Kind::Local => "router + lambda-local",
            Kind::LocalAxum => "router + lambda-local in axum::Router",
            Kind::HyperBuilt => "bare hyper, full answer built per request",
        }
    }

    /// The fixed output of a trivial handler (and the bytes its baseline sends).
    fn fixed_body(self) -> &'static str {
        match self {
            Kind::HyperSmall | Kind::RouterSmall => SMALL_BODY,
            _ => GET_FUNCTION_BODY,
        }
    }

    fn parse(arg: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.arg() == arg)
    }
}

/// A trivial handler's answer, which its baseline sends as canned bytes.
fn fixed_output(body: &'static str) -> Result<GetFunctionOutput, String> {
    let canned = HttpResponse { status: 200, body: body.as_bytes().into(), ..Default::default() };
    GetFunctionOutput::from_http(&canned).map_err(|e| format!("the canned GetFunction body does not decode: {e}"))
}

/// A server whose GetFunction returns one fixed output; every other operation is the
/// generated 501 default.
struct Fixed(GetFunctionOutput);

impl Lambda for Fixed {
    async fn get_function(
        &self,
        _ctx: RequestContext,
        _input: GetFunctionInput,
    ) -> Result<GetFunctionOutput, GetFunctionError> {
        Ok(self.0.clone())
    }
}

/// The child process: serves `kind` on 127.0.0.1, prints its address, and stops when its
/// standard input closes.
fn serve_child(kind: Kind) -> Result<(), String> {
    pin_to_cpu(0, SERVER_CPU);
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| format!("runtime: {e}"))?;
    runtime.block_on(async move {
        let addr = match kind {
            Kind::Hyper | Kind::HyperSmall => {
                let output = fixed_output(kind.fixed_body())?;
                let body = output.to_http(200).map_err(|e| format!("the fixed output does not encode: {e}"))?.body;
                serve_canned(GET_FUNCTION_PATH, body).await?
            }
            Kind::HyperBuilt => {
                let output = Arc::new(fixed_output(kind.fixed_body())?);
                // Sized for the answer up front, which favours this baseline: a real handler
                // would not know the size.
                let size = GET_FUNCTION_BODY.len();
                serve_answer(GET_FUNCTION_PATH, move || {
                    let mut body = Vec::with_capacity(size);
                    let output: GetFunctionOutput = (*output).clone();
                    match serde_json::to_writer(&mut body, &output) {
                        Ok(()) => Bytes::from(body),
                        Err(_) => Bytes::new(),
                    }
                })
                .await?
            }
            Kind::Router | Kind::RouterSmall => {
                let router = lambda_api::server::router_service(
                    Arc::new(Fixed(fixed_output(kind.fixed_body())?)),
                    ServerConfig::new("123456789012", "us-east-1"),
                );
                serve(TowerToHyperService::new(router)).await?
            }
            Kind::Local => {
                let settings = lambda_local::Settings::default();
                serve(TowerToHyperService::new(lambda_local::service::service(&settings))).await?
            }
            Kind::LocalAxum => {
                serve(TowerToHyperService::new(lambda_local::service::app(&lambda_local::Settings::default()))).await?
            }
        };
        announce_and_serve(addr).await
    })
}

/// A running server child and the length of its GetFunction answer.
struct Server {
    kind: Kind,
    process: ChildServer,
    body_len: usize,
}

async fn start(kind: Kind) -> Result<Server, String> {
    let process = ChildServer::start(&["--serve", kind.arg()], kind.arg())?;
    let addr = process.addr;
    if matches!(kind, Kind::Local | Kind::LocalAxum) {
        let json = [("content-type".to_string(), "application/json".to_string())];
        let created = Bytes::from_static(CREATE_BODY.as_bytes());
        let (status, body) = send_once(addr, "POST", "/2015-03-31/functions", &json, created).await?;
        if status != StatusCode::CREATED {
            return Err(format!("CreateFunction answered {status}: {}", String::from_utf8_lossy(&body)));
        }
    }
    let (status, body) = send_once(addr, "GET", GET_FUNCTION_PATH, &[], Bytes::new()).await?;
    if status != StatusCode::OK || !body.starts_with(b"{") {
        return Err(format!("{}: GetFunction answered {status}: {}", kind.arg(), String::from_utf8_lossy(&body)));
    }
    Ok(Server { kind, process, body_len: body.len() })
}

/// One keep-alive connection sending GetFunction until the work runs out; every answer must be
/// 200 with a body of `expected_len` bytes.
async fn connection(addr: SocketAddr, work: Arc<Work>, expected_len: usize) -> Result<Vec<Duration>, String> {
    let mut sender = connect::<Empty<Bytes>>(addr).await?;
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

/// One measured run: wall-clock stats and the server's CPU time during it.
struct Measured {
    stats: Stats,
    server_cpu: Duration,
}

impl Measured {
    /// Requests per second of the server's CPU time.
    fn cpu_rate(&self) -> f64 {
        self.stats.requests as f64 / self.server_cpu.as_secs_f64().max(1e-9)
    }
}

/// A warm-up run, then a measured run of `requests`.
async fn measure(server: &Server, requests: usize) -> Result<Measured, String> {
    let (addr, len) = (server.process.addr, server.body_len);
    let warm_up = Work::new(WARM_UP);
    run(WARM_UP, (0..CONCURRENCY).map(|_| connection(addr, Arc::clone(&warm_up), len))).await?;
    let before = cpu_time_of_threads(server.process.child.id())?;
    let work = Work::new(requests);
    let stats = run(requests, (0..CONCURRENCY).map(|_| connection(addr, Arc::clone(&work), len))).await?;
    let server_cpu = cpu_time_of_threads(server.process.child.id())? - before;
    Ok(Measured { stats, server_cpu })
}

async fn bench(requests: usize) -> Result<(), String> {
    let mut servers = Vec::new();
    for kind in Kind::ALL {
        servers.push(start(kind).await?);
    }
    let index = |kind: Kind| Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    for (measured, baseline, _) in Kind::RATIOS {
        let (m, b) = (&servers[index(measured)], &servers[index(baseline)]);
        if !matches!(measured, Kind::Local | Kind::LocalAxum) && m.body_len != b.body_len {
            return Err(format!("{} and {} do not send the same body", m.kind.arg(), b.kind.arg()));
        }
    }
    println!(
        "{requests} x GET {GET_FUNCTION_PATH} per server and round, {CONCURRENCY} keep-alive connections; servers \
         on CPU {SERVER_CPU} (one thread each), load on CPU {LOAD_CPU}; {ROUNDS} rounds, the servers' order \
         reversed every other round"
    );
    // runs[server][round]
    let mut runs: Vec<Vec<Measured>> = servers.iter().map(|_| Vec::new()).collect();
    for round in 0..ROUNDS {
        let mut order: Vec<usize> = (0..servers.len()).collect();
        if round % 2 == 1 {
            order.reverse();
        }
        for i in order {
            runs[i].push(measure(&servers[i], requests).await?);
        }
    }
    println!("\nmedian of rounds ± semi-interquartile range (largest distance from the median), in % of the median");
    println!("{:<40} {:>6} {:>27} {:>27} {:>9}", "server", "bytes", "req/s", "req per server CPU s", "p99 µs");
    for (server, measured) in servers.iter().zip(&runs) {
        let rate = spread_text(&measured.iter().map(|m| m.stats.rate()).collect::<Vec<_>>(), 0);
        let cpu = spread_text(&measured.iter().map(Measured::cpu_rate).collect::<Vec<_>>(), 0);
        let (p99, _, _) =
            median_spread(&measured.iter().map(|m| m.stats.quantile(0.99).as_secs_f64() * 1e6).collect::<Vec<_>>());
        println!("{:<40} {:>6} {rate} {cpu} {p99:>9.0}", server.kind.label(), server.body_len);
    }
    println!(
        "\n{:<40} {:>6} {:>27} {:>27}  goal",
        "ratio: server / its bare hyper baseline", "", "by wall time", "by server CPU time"
    );
    for (measured, baseline, goal) in Kind::RATIOS {
        let (i, b) = (index(measured), index(baseline));
        let wall: Vec<f64> = (0..ROUNDS).map(|r| runs[i][r].stats.rate() / runs[b][r].stats.rate()).collect();
        let cpu: Vec<f64> = (0..ROUNDS).map(|r| runs[i][r].cpu_rate() / runs[b][r].cpu_rate()).collect();
        println!(
            "{:<40} {:>6} {} {}  >= {goal}",
            format!("{} / {}", measured.arg(), baseline.arg()),
            "",
            spread_text(&wall, 2),
            spread_text(&cpu, 2)
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [flag, kind] if flag == "--serve" => match Kind::parse(kind) {
            Some(kind) => serve_child(kind),
            None => Err(format!("unknown server '{kind}'")),
        },
        _ => lambda_bench::requests_from_args(REQUESTS_PER_ROUND)
            .and_then(|requests| run_pinned(LOAD_CPU, bench(requests))),
    };
    exit_code("server_throughput", result)
}
