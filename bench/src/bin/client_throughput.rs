//! `cargo run --release -p lambda-bench --bin client_throughput [REQUESTS]`: GetFunction calls
//! per second through the generated client (`lambda_api::client::Client`: input validation on,
//! SigV4 signing, typed output), as a ratio to the official AWS SDK for Rust (`aws-sdk-lambda`,
//! configured as tests/sdk-peer does: static key pair, plain HTTP, no aws-config). Both call
//! the same bare hyper server on 127.0.0.1 that answers with a canned GetFunction body, from
//! 32 concurrent callers sharing one client (and its connection pool), retries off in both.
//! The two clients are measured in turn for several rounds, the one going first alternating
//! between rounds; the ratio is taken within each round and printed as the median over rounds
//! with its spread (semi-interquartile range, and the largest distance from the median).

use aws_sdk_lambda::config::{BehaviorVersion, Credentials as SdkCredentials, Region};
use bytes::Bytes;
use lambda_api::client::{Client, Config, Credentials, RetryConfig};
use lambda_api::operations::get_function::GetFunctionInput;
use lambda_bench::{
    median_spread, run, serve_canned, spread_text, Stats, Work, CONCURRENCY, GET_FUNCTION_BODY, GET_FUNCTION_PATH,
    WARM_UP,
};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

const ROUNDS: usize = 9;
/// Calls per client and round, unless the first argument says otherwise.
const REQUESTS_PER_ROUND: usize = 30_000;
const FUNCTION: &str = "my-function";
const ACCESS_KEY: &str = "AKIDBENCHMARK";
const SECRET_KEY: &str = "bench-secret/with+chars";

fn sdk_client(endpoint: &str) -> aws_sdk_lambda::Client {
    let config = aws_sdk_lambda::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(SdkCredentials::new(ACCESS_KEY, SECRET_KEY, None, None, "bench"))
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .retry_config(aws_sdk_lambda::config::retry::RetryConfig::disabled())
        .build();
    aws_sdk_lambda::Client::from_conf(config)
}

fn our_client(endpoint: &str) -> Result<Client, String> {
    let config = Config::builder()
        .region("us-east-1")
        .endpoint(endpoint)
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
        .retry(RetryConfig::disabled())
        .validate_input(true)
        .build()
        .map_err(|e| format!("client configuration: {e}"))?;
    Ok(Client::new(config))
}

/// One GetFunction call with the SDK; the answer must name the function.
async fn sdk_call(client: &aws_sdk_lambda::Client) -> Result<(), String> {
    let out = client.get_function().function_name(FUNCTION).send().await.map_err(|e| format!("SDK call: {e:?}"))?;
    match out.configuration().and_then(|c| c.function_name()) {
        Some(FUNCTION) => Ok(()),
        other => Err(format!("SDK call: unexpected function name {other:?}")),
    }
}

/// One GetFunction call with our client; the answer must name the function.
async fn our_call(client: &Client) -> Result<(), String> {
    // Not through the builder: its validation would run twice per call (the client validates).
    let mut input = GetFunctionInput::default();
    input.function_name = FUNCTION.to_string();
    let out = client.get_function(input).await.map_err(|e| format!("generated client call: {e}"))?;
    match out.configuration.and_then(|c| c.function_name).as_deref() {
        Some(FUNCTION) => Ok(()),
        other => Err(format!("generated client call: unexpected function name {other:?}")),
    }
}

/// A worker: calls until the work runs out, timing each call.
macro_rules! worker {
    ($client:expr, $work:expr, $call:ident) => {{
        let client = $client.clone();
        let work = Arc::clone(&$work);
        async move {
            let mut latencies = Vec::new();
            while work.take() {
                let start = Instant::now();
                $call(&client).await?;
                latencies.push(start.elapsed());
            }
            Ok::<Vec<Duration>, String>(latencies)
        }
    }};
}

/// A warm-up run, then a measured run of `requests`, for either client.
macro_rules! measure {
    ($client:expr, $call:ident, $requests:expr) => {{
        let warm_up = Work::new(WARM_UP);
        run(WARM_UP, (0..CONCURRENCY).map(|_| worker!($client, warm_up, $call))).await?;
        let work = Work::new($requests);
        run($requests, (0..CONCURRENCY).map(|_| worker!($client, work, $call))).await?
    }};
}

async fn bench() -> Result<(), String> {
    let requests = lambda_bench::requests_from_args(REQUESTS_PER_ROUND)?;
    let addr = serve_canned(GET_FUNCTION_PATH, Bytes::from_static(GET_FUNCTION_BODY.as_bytes())).await?;
    let endpoint = format!("http://{addr}");
    let sdk = sdk_client(&endpoint);
    let ours = our_client(&endpoint)?;
    // Both must succeed once before anything is timed.
    sdk_call(&sdk).await?;
    our_call(&ours).await?;

    println!(
        "{requests} x GetFunction per client and round against a canned {} byte answer, {CONCURRENCY} concurrent \
         callers, {ROUNDS} rounds (the client going first alternates)",
        GET_FUNCTION_BODY.len()
    );
    let (mut sdk_runs, mut our_runs) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        if round % 2 == 0 {
            sdk_runs.push(measure!(sdk, sdk_call, requests));
            our_runs.push(measure!(ours, our_call, requests));
        } else {
            our_runs.push(measure!(ours, our_call, requests));
            sdk_runs.push(measure!(sdk, sdk_call, requests));
        }
    }
    println!("\nmedian of rounds ± semi-interquartile range (largest distance from the median), in % of the median");
    println!("{:<34} {:>27} {:>9} {:>9}", "client", "calls/s", "p50 µs", "p99 µs");
    for (name, runs) in [("baseline: aws-sdk-lambda", &sdk_runs), ("generated client (validation on)", &our_runs)] {
        let rates: Vec<f64> = runs.iter().map(Stats::rate).collect();
        let micros =
            |q: f64| median_spread(&runs.iter().map(|s| s.quantile(q).as_secs_f64() * 1e6).collect::<Vec<_>>()).0;
        println!("{name:<34} {} {:>9.0} {:>9.0}", spread_text(&rates, 0), micros(0.5), micros(0.99));
    }
    let ratios: Vec<f64> = our_runs.iter().zip(&sdk_runs).map(|(o, s)| o.rate() / s.rate()).collect();
    println!("\nratio ours / SDK (calls/s)         {}   goal >= 2", spread_text(&ratios, 2));
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    lambda_bench::exit_code("client_throughput", bench().await)
}
