//! `lambda-local`: serves the Lambda API from memory.

use clap::Parser;
use lambda_local::service::{app, Settings};
use lambda_rt::server::axum;
use std::net::SocketAddr;
use std::process::ExitCode;

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

    /// An access key pair allowed to call the server, as ACCESS_KEY:SECRET. Repeat the flag for
    /// more pairs. With at least one, every request must carry a valid AWS Signature Version 4
    /// made with one of them (for the configured region and service "lambda"); without any,
    /// signatures are not checked.
    #[arg(long, value_name = "ACCESS_KEY:SECRET", value_parser = parse_credential)]
    credentials: Vec<(String, String)>,

    /// Account id used in every ARN the server returns (12 digits).
    #[arg(long, value_name = "ID", default_value = "123456789012", value_parser = parse_account)]
    account_id: String,

    /// Region used in every ARN, and the region signatures must be scoped to.
    #[arg(long, value_name = "REGION", default_value = "us-east-1")]
    region: String,

    /// Do not log requests (by default one line per request goes to standard output:
    /// time, method, path, operation, status, duration).
    #[arg(long, short)]
    quiet: bool,
}

fn parse_credential(s: &str) -> Result<(String, String), String> {
    match s.split_once(':') {
        Some((k, v)) if !k.is_empty() && !v.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("expected ACCESS_KEY:SECRET with both parts non-empty, got '{s}'")),
    }
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
    let settings =
        Settings { account_id: cli.account_id, region: cli.region, credentials: cli.credentials, log: !cli.quiet };
    let listener = match tokio::net::TcpListener::bind(cli.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("lambda-local: cannot listen on {}: {e}", cli.listen);
            return ExitCode::FAILURE;
        }
    };
    let addr = listener.local_addr().unwrap_or(cli.listen);
    eprintln!(
        "lambda-local: serving account {} in {} on http://{addr} (signatures {})",
        settings.account_id,
        settings.region,
        if settings.credentials.is_empty() { "not checked" } else { "required" }
    );
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match axum::serve(listener, app(&settings)).with_graceful_shutdown(shutdown).await {
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
            "AKID2:other",
            "--region",
            "eu-west-1",
            "--quiet",
        ])
        .unwrap();
        assert_eq!(cli.credentials.len(), 2);
        assert_eq!(cli.credentials[1], ("AKID2".into(), "other".into()));
        assert!(cli.quiet);
        assert!(Cli::try_parse_from(["lambda-local", "--credentials", "nosecret"]).is_err());
        assert!(Cli::try_parse_from(["lambda-local", "--account-id", "12"]).is_err());
    }
}
