//! Project tasks: `cargo xtask regenerate`, `cargo xtask check`, `cargo xtask audit-spec`.

mod api_diff;
mod audit;
mod import;
mod semver;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(about = "Project tasks for the Lambda code generator")]
struct Cli {
    /// The workspace to work on (default: this one). Paths below are relative to it.
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Rewrite generated/ from the spec (only files whose bytes change are touched).
    Regenerate,
    /// Fail, with a diff, when the committed generated/ differs from what the spec produces.
    Check,
    /// Download a botocore release from PyPI (with pip) into target/botocore/VERSION and
    /// unpack the Lambda model files there.
    FetchModel {
        /// The botocore release; defaults to the one the spec was imported from.
        #[arg(long)]
        version: Option<String>,
    },
    /// Update the spec from AWS's model of the service (botocore's service-2.json and
    /// paginators-1.json) and print what changed.
    ImportModel {
        /// Directory with the model files (as unpacked by fetch-model).
        #[arg(long, value_name = "DIR")]
        model: PathBuf,
        /// The botocore release the files come from; defaults to DIR's VERSION file.
        #[arg(long)]
        model_version: Option<String>,
        /// The spec to update.
        #[arg(long, default_value = "spec/lambda-2015-03-31.openapi.json")]
        spec: PathBuf,
        /// Descriptions for new items: a JSON object from the keys the report prints to text
        /// (operations take {"summary": ..., "description": ...}).
        #[arg(long, value_name = "FILE")]
        descriptions: Option<PathBuf>,
        /// Write nothing; fail if the spec or ERRATA.md differs from what the model gives.
        #[arg(long)]
        check: bool,
    },
    /// List what changed between two versions of the spec (files or git revisions), each
    /// change marked compatible or breaking for callers of the service and for Rust code.
    ApiDiff {
        /// The older version: a spec file or a git revision.
        old: String,
        /// The newer version: a spec file or a git revision (default: the working tree's spec).
        #[arg(default_value = "spec/lambda-2015-03-31.openapi.json")]
        new: String,
    },
    /// Generate the crate from two specs and check that cargo-semver-checks, api-diff and a
    /// user program written against the older crate agree on whether the newer one breaks Rust
    /// code (needs `cargo install --locked cargo-semver-checks`).
    SemverCheck {
        /// The older spec.
        #[arg(long, default_value = "spec/reference-era.openapi.json")]
        old: PathBuf,
        /// The newer spec.
        #[arg(long, conflicts_with = "additive")]
        new: Option<PathBuf>,
        /// Compare the older spec with itself plus the additive changes a model update brings.
        #[arg(long)]
        additive: bool,
        /// Fail unless the verdict is this one.
        #[arg(long, value_parser = ["compatible", "breaking"])]
        expect: Option<String>,
    },
    /// Print every operation, member, error and constraint of the reference that the spec
    /// lacks or states differently (other than the repairs and model differences listed in
    /// spec/ERRATA.md), and every newer item without provenance.
    AuditSpec {
        /// The reference text (default: $LAMBDA_API_REFERENCE).
        #[arg(long, env = "LAMBDA_API_REFERENCE")]
        reference: PathBuf,
        /// The spec as transcribed from the reference, before any model import.
        #[arg(long, default_value = "spec/reference-era.openapi.json")]
        baseline: PathBuf,
        /// The spec.
        #[arg(long, default_value = "spec/lambda-2015-03-31.openapi.json")]
        spec: PathBuf,
        /// The list of repairs and model differences.
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

fn abs(root: &std::path::Path, p: PathBuf) -> PathBuf {
    if p.is_absolute() {
        p
    } else {
        root.join(p)
    }
}

fn fetch_model(root: &std::path::Path, version: Option<String>) -> Result<(), String> {
    let version = match version {
        Some(v) => v,
        None => {
            let spec = root.join("spec/lambda-2015-03-31.openapi.json");
            let text = std::fs::read_to_string(&spec).map_err(|e| format!("{}: {e}", spec.display()))?;
            import::spec_model_version(&text)
                .ok_or("the spec records no model version (info.x-aws-model.version); pass --version")?
        }
    };
    let dir = import::fetch(root, &version)?;
    println!("{}", dir.display());
    Ok(())
}

fn import_model(
    root: &std::path::Path,
    model: PathBuf,
    model_version: Option<String>,
    spec: PathBuf,
    descriptions: Option<PathBuf>,
    check: bool,
) -> Result<(), String> {
    let model_dir = abs(root, model);
    let model_version = match model_version {
        Some(v) => v,
        None => std::fs::read_to_string(model_dir.join("VERSION"))
            .map(|v| v.trim().to_string())
            .map_err(|_| format!("{} has no VERSION file; pass --model-version", model_dir.display()))?,
    };
    let opts = import::Options {
        model_dir,
        model_version,
        spec: abs(root, spec),
        descriptions: descriptions.map(|d| abs(root, d)),
        check,
        endpoints_root: Some(root.to_path_buf()),
    };
    print!("{}", import::run(&opts)?);
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.clone().unwrap_or_else(root);
    let result = match cli.command {
        Command::Regenerate => lambda_codegen::workspace::regenerate(&root, false).map_err(|e| e.to_string()),
        Command::Check => lambda_codegen::workspace::regenerate(&root, true).map_err(|e| e.to_string()),
        Command::FetchModel { version } => fetch_model(&root, version),
        Command::SemverCheck { old, new, additive, expect } => {
            let expect = expect.map(|e| {
                if e == "breaking" {
                    lambda_codegen::diff::Compat::Breaking
                } else {
                    lambda_codegen::diff::Compat::Compatible
                }
            });
            semver::run(&root, &semver::Options { old, new, additive, expect }).map(|r| print!("{r}"))
        }
        Command::ApiDiff { old, new } => (|| {
            let changes = api_diff::changes(
                &api_diff::read_version(&root, &old)?,
                &old,
                &api_diff::read_version(&root, &new)?,
                &new,
            )?;
            print!("{}", api_diff::report(&changes));
            Ok(())
        })(),
        Command::ImportModel { model, model_version, spec, descriptions, check } => {
            import_model(&root, model, model_version, spec, descriptions, check)
        }
        Command::AuditSpec { reference, baseline, spec, errata } => {
            let abs = |p: PathBuf| if p.is_absolute() { p } else { root.join(p) };
            match audit::run(&abs(reference), &abs(baseline), &abs(spec), &abs(errata)) {
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
            import::endpoints::refresh(&abs(botocore), &abs(out)).map(|summary| println!("import-endpoints: {summary}"))
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
