//! Project tasks: `cargo xtask regenerate`, `cargo xtask check`, `cargo xtask audit-spec`.

mod audit;
mod endpoints;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(about = "Project tasks for the Lambda code generator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Rewrite generated/ from the spec (only files whose bytes change are touched).
    Regenerate,
    /// Fail, with a diff, when the committed generated/ differs from what the spec produces.
    Check,
    /// Print every operation, member, error and constraint of the reference that the spec
    /// lacks or states differently, other than the repairs listed in spec/ERRATA.md.
    AuditSpec {
        /// The reference text.
        #[arg(long, default_value = "../shared/reference/lambda-api-reference-2015-03-31.zh.txt")]
        reference: PathBuf,
        /// The spec.
        #[arg(long, default_value = "spec/lambda-2015-03-31.openapi.json")]
        spec: PathBuf,
        /// The list of repairs.
        #[arg(long, default_value = "spec/ERRATA.md")]
        errata: PathBuf,
    },
    /// Rewrite the client's endpoint table from botocore's partitions.json, endpoints.json
    /// and Lambda's endpoint-rule-set-1.json.
    ImportEndpoints {
        /// A directory holding the three botocore files.
        #[arg(long)]
        botocore: PathBuf,
        /// Where the table goes.
        #[arg(long, default_value = "runtime/data/lambda-endpoints.json")]
        out: PathBuf,
    },
}

fn root() -> PathBuf {
    // xtask lives one level below the workspace root.
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().map(PathBuf::from).unwrap_or_default()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = root();
    let result = match cli.command {
        Command::Regenerate => lambda_codegen::workspace::regenerate(&root, false),
        Command::Check => lambda_codegen::workspace::regenerate(&root, true),
        Command::AuditSpec { reference, spec, errata } => {
            let abs = |p: PathBuf| if p.is_absolute() { p } else { root.join(p) };
            match audit::run(&abs(reference), &abs(spec), &abs(errata)) {
                Ok(findings) if findings.is_empty() => {
                    println!(
                        "audit-spec: the spec states everything the reference says (repairs listed in ERRATA.md aside)"
                    );
                    Ok(())
                }
                Ok(findings) => {
                    for f in &findings {
                        println!("{f}");
                    }
                    Err(format!("audit-spec: {} difference(s) between the reference and the spec", findings.len()))
                }
                Err(e) => Err(e),
            }
        }
        Command::ImportEndpoints { botocore, out } => {
            let abs = |p: PathBuf| if p.is_absolute() { p } else { root.join(p) };
            endpoints::refresh(&abs(botocore), &abs(out)).map(|summary| println!("import-endpoints: {summary}"))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
