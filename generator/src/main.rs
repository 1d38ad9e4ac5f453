//! `lambda-codegen --spec SPEC --out DIR [--check]`.

use clap::Parser;
use lambda_codegen::emit::files::CrateOptions;
use std::path::PathBuf;
use std::process::ExitCode;

/// Generates the Lambda Rust crate from an OpenAPI spec.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// The OpenAPI 3.1 spec (JSON) to read.
    #[arg(long)]
    spec: PathBuf,
    /// The crate directory to write (only changed files are touched).
    #[arg(long)]
    out: PathBuf,
    /// Write nothing; fail with a diff if DIR differs from what the spec generates.
    #[arg(long)]
    check: bool,
    /// Package name of the generated crate.
    #[arg(long, default_value = "lambda-api")]
    crate_name: String,
    /// Path from the generated crate to the runtime crate.
    #[arg(long, default_value = "../../runtime")]
    runtime_path: String,
    /// Package version of the generated crate.
    #[arg(long, default_value = "0.1.0")]
    crate_version: String,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let opts = CrateOptions {
        crate_name: args.crate_name,
        runtime_path: args.runtime_path,
        crate_version: args.crate_version,
    };
    let result = lambda_codegen::generate_from_path(&args.spec, &opts)
        .and_then(|files| lambda_codegen::workspace::sync(&args.out, &files, args.check).map(|r| (files.len(), r)));
    match result {
        Ok((_, r)) if args.check && (!r.changed.is_empty() || !r.removed.is_empty()) => {
            for d in &r.diffs {
                print!("{d}");
            }
            for f in &r.removed {
                println!("no longer generated: {f}");
            }
            eprintln!("{} is stale: {} file(s) differ", args.out.display(), r.changed.len() + r.removed.len());
            ExitCode::FAILURE
        }
        Ok((n, r)) => {
            println!(
                "{}: {} file(s) changed, {} removed, {} total",
                args.out.display(),
                r.changed.len(),
                r.removed.len(),
                n
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
