//! `lambda-local`: serves the Lambda API from memory.

use clap::Parser;
use lambda_local::service::{served, Settings};
use lambda_rt::server::{serve, Credential, ServeOptions, DEFAULT_BODY_BUDGET};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

/// An in-memory AWS Lambda control plane (API 2015-03-31) for local development and tests.
///
/// Point an SDK or the AWS CLI at it with `--endpoint-url http://127.0.0.1:9001`. All state is
/// kept in memory and lost when the process stops. Invoke answers with the payload it was sent.
#[derive(Debug, Parser)]
#[command(name = "lambda-local", version)]
struct Cli {
    /// Address and port to listen on.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:9001")]
    listen: SocketAddr,

    /// A key allowed to call the server, as ACCESS_KEY:SECRET, or ACCESS_KEY:SECRET:TOKEN for
    /// a temporary key whose requests must carry that X-Amz-Security-Token. Repeat the flag
    /// for more keys. With at least one, every request must carry a valid AWS Signature
    /// Version 4 made with one of them (for the configured region and service "lambda");
    /// without any, signatures are not checked.
    #[arg(long, value_name = "ACCESS_KEY:SECRET[:TOKEN]", value_parser = clap::value_parser!(Credential))]
    credentials: Vec<Credential>,

    /// Account id used in every ARN the server returns (12 digits).
    #[arg(long, value_name = "ID", default_value = "123456789012", value_parser = parse_account)]
    account_id: String,

    /// Region used in every ARN, and the region signatures must be scoped to.
    #[arg(long, value_name = "REGION", default_value = "us-east-1")]
    region: String,

    /// Seconds a request's headers may take, from its first byte (a new connection's first
    /// request: from the moment it is accepted). Slower connections are closed.
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = parse_seconds)]
    header_read_timeout: Duration,

    /// Seconds a connection may stay idle between requests before it is closed.
    #[arg(long, value_name = "SECS", default_value = "60", value_parser = parse_seconds)]
    keep_alive_timeout: Duration,

    /// Grace period of a request body, in seconds: the body may take this long plus one second
    /// per --min-body-rate bytes; a slower body is answered 408 RequestTimeoutException.
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = parse_seconds)]
    body_read_timeout: Duration,

    /// Minimum average rate of a request body, in bytes per second, after the grace period.
    #[arg(long, value_name = "BYTES_PER_SEC", default_value = "65536", value_parser = clap::value_parser!(u64).range(1..))]
    min_body_rate: u64,

    /// Most connections open at once (lowered to the file-descriptor limit less 64). At the
    /// cap, a new connection closes the one idle the longest; if none is idle, it waits.
    #[arg(long, value_name = "N", default_value = "512", value_parser = clap::value_parser!(u64).range(1..))]
    max_connections: u64,

    /// Bytes of request bodies held at once across all connections (default 256 MiB); a
    /// request that cannot get its share within --body-budget-wait is answered 503
    /// ServiceUnavailable.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_BODY_BUDGET)]
    body_budget: usize,

    /// Seconds a request waits for its share of --body-budget.
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = parse_seconds)]
    body_budget_wait: Duration,

    /// Do not log requests (by default one line per request goes to standard output:
    /// time, method, path, operation, status, duration).
    #[arg(long, short)]
    quiet: bool,
}

fn parse_seconds(s: &str) -> Result<Duration, String> {
    s.trim()
        .parse::<f64>()
        .ok()
        .and_then(|secs| Duration::try_from_secs_f64(secs).ok())
        .ok_or_else(|| format!("expected a number of seconds (such as 10 or 0.5), got '{s}'"))
}

fn parse_account(s: &str) -> Result<String, String> {
    if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(s.to_string())
    } else {
        Err(format!("an account id is 12 digits, got '{s}'"))
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let options = ServeOptions {
        header_read_timeout: cli.header_read_timeout,
        keep_alive_timeout: cli.keep_alive_timeout,
        body_read_timeout: cli.body_read_timeout,
        min_body_rate: cli.min_body_rate,
        max_connections: usize::try_from(cli.max_connections).unwrap_or(usize::MAX),
    };
    let settings = Settings {
        account_id: cli.account_id,
        region: cli.region,
        credentials: cli.credentials,
        body_budget: cli.body_budget,
        body_budget_wait: cli.body_budget_wait,
        log: !cli.quiet,
    };
    let listener = match tokio::net::TcpListener::bind(cli.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("lambda-local: cannot listen on {}: {e}", cli.listen);
            return ExitCode::FAILURE;
        }
    };
    let addr = listener.local_addr().unwrap_or(cli.listen);
    eprintln!(
        "lambda-local: serving account {} in {} on http://{addr} (signatures {}, at most {} connections)",
        settings.account_id,
        settings.region,
        if settings.credentials.is_empty() { "not checked" } else { "required" },
        options.effective_max_connections()
    );
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match serve(listener, served(&settings), options).with_graceful_shutdown(shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lambda-local: server error: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn flags_parse() {
        Cli::command().debug_assert();
        let cli = Cli::try_parse_from([
            "lambda-local",
            "--listen",
            "127.0.0.1:0",
            "--credentials",
            "AKID:secret",
            "--credentials",
            "AKID2:other:session-token",
            "--region",
            "eu-west-1",
            "--header-read-timeout",
            "0.5",
            "--max-connections",
            "8",
            "--quiet",
        ])
        .unwrap();
        assert_eq!(cli.credentials.len(), 2);
        assert_eq!(cli.credentials[1], Credential::new("AKID2", "other").with_session_token("session-token"));
        assert_eq!(cli.header_read_timeout, Duration::from_millis(500));
        assert_eq!(cli.keep_alive_timeout, Duration::from_secs(60));
        assert_eq!(cli.max_connections, 8);
        assert!(cli.quiet);
        assert!(Cli::try_parse_from(["lambda-local", "--credentials", "nosecret"]).is_err());
        assert!(Cli::try_parse_from(["lambda-local", "--credentials", "key:secret:"]).is_err());
        assert!(Cli::try_parse_from(["lambda-local", "--keep-alive-timeout", "-1"]).is_err());
        assert!(Cli::try_parse_from(["lambda-local", "--max-connections", "0"]).is_err());
        assert!(Cli::try_parse_from(["lambda-local", "--account-id", "12"]).is_err());
    }
}
