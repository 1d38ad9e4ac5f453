//! `scripts/with-moto.sh cargo run --release -p lambda-bench --bin local_vs_moto [REQUESTS]`:
//! GetFunction requests per second served by lambda-local against moto (the Python emulator
//! of the AWS APIs, from PyPI), in one run.
//!
//! Both hold one function and answer the same signed `GET /2015-03-31/functions/NAME`. moto
//! closes its connection after each response, so both are measured the same way: a fresh
//! connection per request, from 32 concurrent workers; lambda-local is also measured on
//! keep-alive connections, as clients use it, for reference. Each server runs pinned to CPU 0
//! (lambda-local in a child process of this program, on a single-threaded runtime; moto as
//! `scripts/with-moto.sh` started it, its threads pinned here) and the load generator to CPU 1.
//! The servers are measured in turn for several rounds, the first alternating; rates are
//! counted by wall time and by the server process's CPU time (from /proc/PID/stat, which
//! includes the threads moto starts and ends per request), and the ratio is the median of the
//! rounds' ratios with its spread.

use aws_sigv4::http_request::SignableBody;
use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper::{Request, StatusCode};
use lambda_api::client::{Client, Config, Credentials};
use lambda_api::operations::create_function::CreateFunctionInput;
use lambda_api::types::FunctionCode;
use lambda_bench::{
    announce_and_serve, connect, cpu_time_with_ended_threads, exit_code, pin_to_cpu, run, run_pinned, send_once,
    sigv4_headers, spread_text, ChildServer, Stats, Work, CONCURRENCY,
};
use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

const ROUNDS: usize = 5;
/// Requests per server and round for moto, unless the first argument says otherwise;
/// lambda-local gets ten times as many, so that its rounds last about as long.
const MOTO_REQUESTS: usize = 1_500;
const LOCAL_FACTOR: usize = 10;
const SERVER_CPU: usize = 0;
const LOAD_CPU: usize = 1;
const FUNCTION: &str = "bench-function";
const REGION: &str = "us-east-1";
const ACCESS_KEY: &str = "AKIDBENCHMARK";
const SECRET_KEY: &str = "bench-secret";
/// moto's default account, which the role's ARN must name.
const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/bench-role";

/// Pins every thread of process `pid`; the threads it starts later inherit the pinning.
fn pin_process(pid: u32, cpu: usize) -> Result<(), String> {
    let tasks = format!("/proc/{pid}/task");
    for task in std::fs::read_dir(&tasks).map_err(|e| format!("{tasks}: {e}"))? {
        if let Ok(tid) = task.map_err(|e| e.to_string())?.file_name().to_string_lossy().parse::<libc::pid_t>() {
            pin_to_cpu(tid, cpu);
        }
    }
    Ok(())
}

/// The child process: lambda-local on 127.0.0.1, as its binary serves it without the log;
/// prints its address and stops when its standard input closes.
fn serve_local() -> Result<(), String> {
    pin_to_cpu(0, SERVER_CPU);
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| format!("runtime: {e}"))?;
    runtime.block_on(async {
        let settings = lambda_local::Settings { log: false, ..Default::default() };
        let addr = lambda_bench::serve(hyper_util::service::TowerToHyperService::new(lambda_local::service::service(
            &settings,
        )))
        .await?;
        announce_and_serve(addr).await
    })
}

/// Headers signed once for `method path` to `authority` as `service` (neither server checks
/// the signature's age; moto reads the service from its scope).
fn signed_headers(
    method: &str,
    authority: &str,
    path: &str,
    service: &str,
    body: &[u8],
) -> Result<Vec<(String, String)>, String> {
    let mut headers = vec![("host".to_string(), authority.to_string())];
    if !body.is_empty() {
        headers.push(("content-type".to_string(), "application/x-www-form-urlencoded; charset=utf-8".to_string()));
    }
    let url = format!("http://{authority}{path}");
    let signed = sigv4_headers(
        (method, &url, &headers),
        SignableBody::Bytes(body),
        (service, REGION),
        (ACCESS_KEY, SECRET_KEY),
    )?;
    headers.extend(signed);
    Ok(headers)
}

/// What moto needs before it accepts the function: no Docker, and the execution role.
async fn set_up_moto(addr: SocketAddr) -> Result<(), String> {
    let config = Bytes::from_static(br#"{"lambda": {"use_docker": false}}"#);
    let json = [("content-type".to_string(), "application/json".to_string())];
    let (status, body) = send_once(addr, "POST", "/moto-api/config", &json, config).await?;
    if !status.is_success() {
        return Err(format!("moto config: {status} {}", String::from_utf8_lossy(&body)));
    }
    let trust = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22\
                 Principal%22%3A%7B%22Service%22%3A%22lambda.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3A\
                 AssumeRole%22%7D%5D%7D";
    let form = format!("Action=CreateRole&Version=2010-05-08&RoleName=bench-role&AssumeRolePolicyDocument={trust}");
    let headers = signed_headers("POST", &addr.to_string(), "/", "iam", form.as_bytes())?;
    let (status, body) = send_once(addr, "POST", "/", &headers, Bytes::from(form)).await?;
    // A role left by an earlier run of this benchmark is as good.
    if !status.is_success() && !String::from_utf8_lossy(&body).contains("EntityAlreadyExists") {
        return Err(format!("IAM CreateRole: {status} {}", String::from_utf8_lossy(&body)));
    }
    Ok(())
}

/// Creates the benchmark's function through the generated client (an existing one is kept).
async fn create_function(addr: SocketAddr) -> Result<(), String> {
    let config = Config::builder()
        .region(REGION)
        .endpoint(format!("http://{addr}"))
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
        .build()
        .map_err(|e| format!("client configuration: {e}"))?;
    let client = Client::new(config);
    let mut input = CreateFunctionInput::default();
    input.function_name = FUNCTION.to_string();
    input.role = ROLE_ARN.to_string();
    input.runtime = Some(lambda_api::enums::Runtime::Python312);
    input.handler = Some("app.handler".to_string());
    input.code = FunctionCode::builder().zip_file(lambda_api::Blob::new(handler_zip()?)).build();
    match client.create_function(input).await {
        Ok(_) => Ok(()),
        Err(e) if e.service_error().is_some_and(|e| e.is_resource_conflict_exception()) => Ok(()),
        Err(e) => Err(format!("CreateFunction at {addr}: {e}")),
    }
}

/// A deployment package holding a one-line handler.
fn handler_zip() -> Result<Vec<u8>, String> {
    use zip::write::SimpleFileOptions;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("app.py", stored).map_err(|e| e.to_string())?;
    w.write_all(b"def handler(event, context):\n    return event\n").map_err(|e| e.to_string())?;
    Ok(w.finish().map_err(|e| e.to_string())?.into_inner())
}

/// A load worker: requests until the work runs out, on a fresh connection each or on one
/// kept alive, timing each; every answer must be 200 with the function in it.
async fn worker(
    addr: SocketAddr,
    headers: Arc<Vec<(String, String)>>,
    work: Arc<Work>,
    keep_alive: bool,
) -> Result<Vec<Duration>, String> {
    let path = format!("/2015-03-31/functions/{FUNCTION}");
    let mut latencies = Vec::new();
    let mut kept: Option<hyper::client::conn::http1::SendRequest<Empty<Bytes>>> = None;
    while work.take() {
        let start = Instant::now();
        let (status, body) = if keep_alive {
            let sender = match &mut kept {
                Some(sender) => sender,
                None => kept.insert(connect(addr).await?),
            };
            let mut request = Request::get(path.as_str());
            for (k, v) in headers.iter() {
                request = request.header(k.as_str(), v.as_str());
            }
            let request = request.body(Empty::new()).map_err(|e| e.to_string())?;
            sender.ready().await.map_err(|e| format!("connection closed: {e}"))?;
            let response = sender.send_request(request).await.map_err(|e| format!("request: {e}"))?;
            let status = response.status();
            (status, response.into_body().collect().await.map_err(|e| format!("body: {e}"))?.to_bytes())
        } else {
            send_once(addr, "GET", &path, &headers, Bytes::new()).await?
        };
        latencies.push(start.elapsed());
        if status != StatusCode::OK || !body.windows(FUNCTION.len()).any(|w| w == FUNCTION.as_bytes()) {
            return Err(format!("GetFunction at {addr} answered {status}: {}", String::from_utf8_lossy(&body)));
        }
    }
    Ok(latencies)
}

/// One measured run of `requests` (after a short warm-up): wall-clock stats and the server's
/// CPU time during it.
async fn measure(
    addr: SocketAddr,
    pid: u32,
    headers: &Arc<Vec<(String, String)>>,
    requests: usize,
    keep_alive: bool,
) -> Result<(Stats, Duration), String> {
    let warm_up = Work::new(requests / 10);
    run(requests / 10, (0..CONCURRENCY).map(|_| worker(addr, headers.clone(), warm_up.clone(), keep_alive))).await?;
    let before = cpu_time_with_ended_threads(pid)?;
    let work = Work::new(requests);
    let stats =
        run(requests, (0..CONCURRENCY).map(|_| worker(addr, headers.clone(), work.clone(), keep_alive))).await?;
    Ok((stats, cpu_time_with_ended_threads(pid)? - before))
}

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| {
        format!("{name} is not set: run this benchmark as `scripts/with-moto.sh cargo run --release -p lambda-bench --bin local_vs_moto`")
    })
}

async fn bench(moto_requests: usize) -> Result<(), String> {
    let moto_addr: SocketAddr = env("MOTO_ENDPOINT")?
        .strip_prefix("http://")
        .and_then(|a| a.parse().ok())
        .ok_or("MOTO_ENDPOINT must be http://127.0.0.1:PORT")?;
    let moto_pid: u32 = env("MOTO_PID")?.parse().map_err(|_| "MOTO_PID must be a process id")?;
    pin_process(moto_pid, SERVER_CPU)?;
    let local = ChildServer::start(&["--serve-local"], "lambda-local")?;

    set_up_moto(moto_addr).await?;
    create_function(moto_addr).await?;
    create_function(local.addr).await?;
    let path = format!("/2015-03-31/functions/{FUNCTION}");
    let moto_headers = Arc::new(signed_headers("GET", &moto_addr.to_string(), &path, "lambda", b"")?);
    let local_headers = Arc::new(signed_headers("GET", &local.addr.to_string(), &path, "lambda", b"")?);
    let local_requests = moto_requests * LOCAL_FACTOR;
    println!(
        "GET {path}, {CONCURRENCY} concurrent workers; per round {moto_requests} to moto and {local_requests} to \
         lambda-local on fresh connections, then {local_requests} on kept ones; servers on CPU {SERVER_CPU}, load on \
         CPU {LOAD_CPU}; {ROUNDS} rounds, the first server alternating"
    );

    let local_pid = local.child.id();
    let (mut moto, mut fresh, mut kept) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        if round % 2 == 0 {
            moto.push(measure(moto_addr, moto_pid, &moto_headers, moto_requests, false).await?);
            fresh.push(measure(local.addr, local_pid, &local_headers, local_requests, false).await?);
        } else {
            fresh.push(measure(local.addr, local_pid, &local_headers, local_requests, false).await?);
            moto.push(measure(moto_addr, moto_pid, &moto_headers, moto_requests, false).await?);
        }
        kept.push(measure(local.addr, local_pid, &local_headers, local_requests, true).await?);
    }

    let wall = |runs: &[(Stats, Duration)]| runs.iter().map(|(s, _)| s.rate()).collect::<Vec<_>>();
    let cpu = |runs: &[(Stats, Duration)]| {
        runs.iter().map(|(s, t)| s.requests as f64 / t.as_secs_f64().max(1e-9)).collect::<Vec<_>>()
    };
    println!("\nmedian of rounds ± semi-interquartile range (largest distance from the median), in % of the median");
    println!("{:<40} {:>27} {:>27}", "server", "req/s", "req per server CPU s");
    for (name, runs) in [
        ("moto, a connection per request", &moto),
        ("lambda-local, a connection per request", &fresh),
        ("lambda-local, kept-alive connections", &kept),
    ] {
        println!("{name:<40} {} {}", spread_text(&wall(runs), 0), spread_text(&cpu(runs), 0));
    }
    let ratio =
        |a: Vec<f64>, b: Vec<f64>| spread_text(&a.iter().zip(&b).map(|(x, y)| x / y.max(1e-9)).collect::<Vec<_>>(), 1);
    println!("\n{:<40} {:>27} {:>27}  goal", "ratio lambda-local / moto", "by wall time", "by server CPU time");
    println!(
        "{:<40} {} {}  >= 100",
        "a connection per request, both",
        ratio(wall(&fresh), wall(&moto)),
        ratio(cpu(&fresh), cpu(&moto))
    );
    println!(
        "{:<40} {} {}",
        "lambda-local kept alive / moto",
        ratio(wall(&kept), wall(&moto)),
        ratio(cpu(&kept), cpu(&moto))
    );
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [flag] if flag == "--serve-local" => serve_local(),
        _ => lambda_bench::requests_from_args(MOTO_REQUESTS).and_then(|requests| run_pinned(LOAD_CPU, bench(requests))),
    };
    exit_code("local_vs_moto", result)
}
