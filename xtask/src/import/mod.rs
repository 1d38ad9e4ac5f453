//! `cargo xtask import-model`: brings AWS's published model of the service into the spec.
//!
//! The model (botocore's `service-2.json` and `paginators-1.json`) gives the facts; the
//! previous spec gives our descriptions, examples and provenance; `--descriptions` supplies
//! descriptions for items the previous spec did not have. The spec is rewritten only when its
//! bytes change, and the same inputs always give the same bytes.

pub mod botocore;
pub mod build;
pub mod endpoints;
pub mod errata;
pub mod front_end;
pub mod openapi;
pub mod prose;

use std::io::Read;
use std::path::{Path, PathBuf};

/// What to import and where.
pub struct Options {
    /// Directory with `service-2.json` (or `.json.gz`) and `paginators-1.json`.
    pub model_dir: PathBuf,
    /// The botocore release the files come from.
    pub model_version: String,
    /// The spec to update.
    pub spec: PathBuf,
    /// Descriptions for new items (`key` → text).
    pub descriptions: Option<PathBuf>,
    /// Write nothing; fail if the spec or ERRATA.md is not what this model gives.
    pub check: bool,
    /// The workspace whose endpoint data (`tests/data/botocore`, `runtime/data`) follows the
    /// model release too, when the model directory has botocore's partition files.
    pub endpoints_root: Option<PathBuf>,
}

/// Refreshes (or checks) the endpoint table and its kept inputs from the release's files.
fn endpoints(root: &Path, model_dir: &Path, check: bool) -> Result<String, String> {
    let mut files: Vec<(PathBuf, String)> = endpoints::kept_inputs(model_dir)?
        .into_iter()
        .map(|(name, text)| (root.join("tests/data/botocore").join(name), text))
        .collect();
    let (table, summary) = endpoints::table_text(model_dir)?;
    files.push((root.join("runtime/data/lambda-endpoints.json"), table));
    let mut changed = Vec::new();
    for (path, text) in files {
        if std::fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
            continue;
        }
        changed.push(path.display().to_string());
        if !check {
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    if check && !changed.is_empty() {
        return Err(format!("the endpoint data is not what the model release gives: {}", changed.join(", ")));
    }
    Ok(format!(
        "\nEndpoints: {summary}; {}.\n",
        if changed.is_empty() { "unchanged".to_string() } else { format!("wrote {}", changed.join(", ")) }
    ))
}

/// What an import did.
pub struct Outcome {
    /// The previous spec text (empty if there was none).
    pub previous: String,
    /// The new spec text.
    pub text: String,
    /// Items that still need a description.
    pub missing: Vec<build::Missing>,
}

/// Reads a model file, gzipped or not.
pub fn read_model_file(dir: &Path, name: &str) -> Result<String, String> {
    let plain = dir.join(name);
    if plain.exists() {
        return std::fs::read_to_string(&plain).map_err(|e| format!("{}: {e}", plain.display()));
    }
    let gz = dir.join(format!("{name}.gz"));
    let file =
        std::fs::File::open(&gz).map_err(|e| format!("neither {} nor {}: {e}", plain.display(), gz.display()))?;
    let mut text = String::new();
    flate2::read::GzDecoder::new(file).read_to_string(&mut text).map_err(|e| format!("{}: {e}", gz.display()))?;
    Ok(text)
}

/// Builds the new spec text from the model and the previous spec; writes nothing.
pub fn import(opts: &Options) -> Result<Outcome, String> {
    let service = botocore::Service::parse(&read_model_file(&opts.model_dir, "service-2.json")?)?;
    let paginators = match read_model_file(&opts.model_dir, "paginators-1.json") {
        Ok(text) => botocore::Paginators::parse(&text)?,
        Err(_) => botocore::Paginators::default(),
    };
    let waiters = match read_model_file(&opts.model_dir, "waiters-2.json") {
        Ok(text) => botocore::Waiters::parse(&text)?,
        Err(_) => botocore::Waiters::default(),
    };
    let previous = std::fs::read_to_string(&opts.spec).unwrap_or_default();
    let prose = if previous.is_empty() {
        prose::Prose::default()
    } else {
        let doc = lambda_codegen::model::parse(&previous).map_err(|e| format!("{}: {e}", opts.spec.display()))?;
        prose::Prose::read(&doc, &service)?
    };
    let supplied = match &opts.descriptions {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
            serde_json::from_str(&text).map_err(|e| format!("{}: not a descriptions file: {e}", p.display()))?
        }
        None => prose::Supplied::default(),
    };
    let built =
        build::build(&service, &paginators, &waiters, &prose, &supplied, &opts.model_version).map_err(|problems| {
            let mut msg = format!("the model cannot be imported ({} problems):", problems.len());
            for p in problems {
                msg.push_str("\n  ");
                msg.push_str(&p);
            }
            msg
        })?;
    let text = openapi::to_text(&built.doc)?;
    Ok(Outcome { previous, text, missing: built.missing })
}

/// The reference-era spec next to the spec: what the reference states, before any import.
pub const BASELINE: &str = "reference-era.openapi.json";

/// Runs an import: writes the spec (and, when the reference-era spec is beside it, the model
/// section of ERRATA.md) if their bytes change, and returns the report to print.
pub fn run(opts: &Options) -> Result<String, String> {
    let outcome = import(opts)?;
    let mut report = String::new();
    let spec_name = opts.spec.display().to_string();
    if outcome.text == outcome.previous {
        report.push_str(&format!("import-model: {spec_name} is unchanged\n"));
    } else if opts.check {
        let diff = similar::TextDiff::from_lines(&outcome.previous, &outcome.text);
        return Err(format!(
            "{spec_name} is not what model {} gives; run cargo xtask import-model:\n{}",
            opts.model_version,
            diff.unified_diff().context_radius(2).header("spec", "imported")
        ));
    } else {
        std::fs::write(&opts.spec, &outcome.text).map_err(|e| format!("{spec_name}: {e}"))?;
        report.push_str(&format!("import-model: wrote {spec_name}\n"));
        if !outcome.previous.is_empty() {
            let changes = crate::api_diff::changes(&outcome.previous, "previous spec", &outcome.text, "imported spec")?;
            report.push_str("\nChanges to the spec (cargo xtask api-diff gives the same list):\n");
            report.push_str(&crate::api_diff::report(&changes));
        }
    }
    let dir = opts.spec.parent().unwrap_or(Path::new("."));
    let baseline = dir.join(BASELINE);
    if baseline.is_file() {
        let reference = std::fs::read_to_string(&baseline).map_err(|e| format!("{}: {e}", baseline.display()))?;
        let changes = crate::api_diff::changes(&reference, BASELINE, &outcome.text, "imported spec")?;
        let section = errata::section(&changes, &opts.model_version);
        let path = dir.join("ERRATA.md");
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        let new = errata::replace_section(&old, &section);
        if new != old && opts.check {
            return Err(format!(
                "{} does not list what model {} changes; run cargo xtask import-model",
                path.display(),
                opts.model_version
            ));
        }
        if new != old {
            std::fs::write(&path, &new).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        let rows = changes.iter().filter(|c| c.kind.is_difference()).count();
        report.push_str(&format!(
            "\nReference vs model: {rows} difference(s) of fact, listed in {} ({}).\n",
            path.display(),
            if new != old { "updated" } else { "unchanged" }
        ));
    }
    if let Some(root) = &opts.endpoints_root {
        if opts.model_dir.join("partitions.json").exists() {
            report.push_str(&endpoints(root, &opts.model_dir, opts.check)?);
        }
    }
    if !outcome.missing.is_empty() {
        report.push_str(&format!(
            "\n{} item(s) need a description (write them in the spec, or supply them with --descriptions FILE keyed as below):\n",
            outcome.missing.len()
        ));
        for m in &outcome.missing {
            report.push_str(&format!("  {}  at {}\n", m.key, m.pointer));
        }
    }
    Ok(report)
}

/// The botocore release the spec records in `info.x-aws-model.version`.
pub fn spec_model_version(spec_text: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(spec_text).ok()?;
    v.pointer("/info/x-aws-model/version")?.as_str().map(str::to_string)
}

/// Files of a botocore release this project reads, relative to `botocore/data/`.
const MODEL_FILES: &[&str] = &[
    "lambda/2015-03-31/service-2.json.gz",
    "lambda/2015-03-31/service-2.json",
    "lambda/2015-03-31/paginators-1.json",
    "lambda/2015-03-31/waiters-2.json",
    "lambda/2015-03-31/endpoint-rule-set-1.json.gz",
    "lambda/2015-03-31/endpoint-rule-set-1.json",
    "partitions.json",
    "endpoints.json",
];

/// Downloads botocore `version` from PyPI with pip (into a cache under `target/botocore/`) and
/// unpacks the model files next to it; returns the directory holding them.
pub fn fetch(root: &Path, version: &str) -> Result<PathBuf, String> {
    if version.is_empty() || !version.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') {
        return Err(format!("{version:?} is not a botocore release number"));
    }
    let dir = root.join("target/botocore").join(version);
    if dir.join("VERSION").exists() {
        return Ok(dir);
    }
    let wheels = dir.join("wheel");
    std::fs::create_dir_all(&wheels).map_err(|e| format!("{}: {e}", wheels.display()))?;
    let status = std::process::Command::new("python3")
        .args(["-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps", "--only-binary=:all:"])
        .arg(format!("botocore=={version}"))
        .arg("-d")
        .arg(&wheels)
        .status()
        .map_err(|e| format!("cannot run python3 -m pip (needed to fetch the model): {e}"))?;
    if !status.success() {
        return Err(format!("pip could not download botocore=={version} ({status})"));
    }
    // Python's zipfile unpacks the wheel, so the importer itself needs no zip support.
    let script = r#"
import sys, zipfile, glob, os
out, wanted = sys.argv[1], sys.argv[2:]
wheel = glob.glob(os.path.join(out, "wheel", "botocore-*.whl"))[0]
with zipfile.ZipFile(wheel) as z:
    names = set(z.namelist())
    for rel in wanted:
        name = "botocore/data/" + rel
        if name in names:
            with open(os.path.join(out, os.path.basename(rel)), "wb") as f:
                f.write(z.read(name))
"#;
    let status = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&dir)
        .args(MODEL_FILES)
        .status()
        .map_err(|e| format!("cannot run python3: {e}"))?;
    if !status.success() {
        return Err(format!("could not unpack the botocore {version} wheel ({status})"));
    }
    std::fs::write(dir.join("VERSION"), format!("{version}\n")).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir)
}
