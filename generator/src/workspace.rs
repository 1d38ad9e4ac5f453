//! Writing generated files to disk, and checking that committed files are current.

use crate::emit::Files;
use crate::error::Error;
use std::path::Path;

/// What writing (or checking) a crate directory found.
#[derive(Debug, Default)]
pub struct Report {
    /// Files written or that would be written, relative to the crate root.
    pub changed: Vec<String>,
    /// Stale files that are not generated any more.
    pub removed: Vec<String>,
    /// Unified diffs of the changed files (check mode).
    pub diffs: Vec<String>,
}

/// Writes `files` under `dir`, touching only files whose bytes change and removing generated
/// `.rs` files under `src/` that are no longer produced. With `check`, writes nothing and
/// reports what would change.
pub fn sync(dir: &Path, files: &Files, check: bool) -> Result<Report, Error> {
    let mut report = Report::default();
    for (rel, content) in files {
        let path = dir.join(rel);
        let old = std::fs::read_to_string(&path).ok();
        if old.as_deref() == Some(content.as_str()) {
            continue;
        }
        report.changed.push(rel.clone());
        if check {
            let diff = similar::TextDiff::from_lines(old.as_deref().unwrap_or(""), content.as_str());
            report.diffs.push(
                diff.unified_diff()
                    .context_radius(2)
                    .header(&format!("committed/{rel}"), &format!("generated/{rel}"))
                    .to_string(),
            );
        } else {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(Error::io("create", parent))?;
            }
            std::fs::write(&path, content).map_err(Error::io("write", &path))?;
        }
    }
    for rel in existing_rust_files(&dir.join("src"), "src")? {
        if !files.contains_key(&rel) {
            report.removed.push(rel.clone());
            if !check {
                std::fs::remove_file(dir.join(&rel)).map_err(Error::io("remove", &rel))?;
            }
        }
    }
    Ok(report)
}

fn existing_rust_files(dir: &Path, rel: &str) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(out);
    };
    for e in entries {
        let e = e.map_err(Error::io("list", dir))?;
        let name = e.file_name().to_string_lossy().to_string();
        let child = format!("{rel}/{name}");
        if e.path().is_dir() {
            out.extend(existing_rust_files(&e.path(), &child)?);
        } else if name.ends_with(".rs") {
            out.push(child);
        }
    }
    out.sort();
    Ok(out)
}

/// The copy of the spec a generated crate keeps, to know what its next version changes.
pub const SPEC_COPY: &str = "openapi.json";

/// The crate's version as its `Cargo.toml` states it.
fn crate_version(cargo_toml: &str) -> Option<crate::changelog::Version> {
    let line = cargo_toml.lines().find(|l| l.trim_start().starts_with("version = "))?;
    crate::changelog::Version::parse(line.split('"').nth(1)?).ok()
}

/// `cargo xtask regenerate` (and, with `check`, the staleness check) for this workspace.
///
/// Besides the code, the crate gets its version and changelog entry from what changed since
/// the spec it was last generated from (its copy in `openapi.json`; before the first import,
/// the reference-era spec).
pub fn regenerate(root: &Path, check: bool) -> Result<(), Error> {
    let spec = root.join("spec/lambda-2015-03-31.openapi.json");
    let spec_text = std::fs::read_to_string(&spec).map_err(Error::io("read", &spec))?;
    let dir = root.join("generated/lambda");
    let read = |p: &Path| std::fs::read_to_string(p).ok();
    let previous_spec = read(&dir.join(SPEC_COPY))
        .or_else(|| read(&root.join("spec/reference-era.openapi.json")))
        .unwrap_or_else(|| spec_text.clone());
    let previous_version =
        read(&dir.join("Cargo.toml")).and_then(|t| crate_version(&t)).unwrap_or(crate::changelog::Version(0, 1, 0));
    let changelog = read(&dir.join("CHANGELOG.md")).unwrap_or_default();
    let release = crate::changelog::release(&previous_spec, previous_version, &changelog, &spec_text)?;
    let opts = crate::emit::files::CrateOptions {
        crate_version: release.version.to_string(),
        ..crate::emit::files::CrateOptions::default()
    };
    let name = format!("spec/{}", spec.file_name().map(|n| n.to_string_lossy()).unwrap_or_default());
    // Formatting is most of a run; files whose code did not change come from the cache.
    crate::emit::format_cache::enable(root.join("target/regenerate-format-cache"));
    let mut files = crate::generate(&spec_text, &name, &opts)?;
    crate::emit::format_cache::prune();
    files.insert("CHANGELOG.md".into(), release.changelog);
    files.insert(SPEC_COPY.into(), spec_text);
    let report = sync(&dir, &files, check)?;
    if check {
        if report.changed.is_empty() && report.removed.is_empty() {
            println!("generated/lambda is up to date with the spec");
            return Ok(());
        }
        let mut diff = String::new();
        for d in &report.diffs {
            diff.push_str(d);
        }
        for r in &report.removed {
            diff.push_str(&format!("no longer generated: {r}\n"));
        }
        return Err(Error::Stale { diff });
    }
    println!(
        "regenerated generated/lambda: {} file(s) written, {} removed, {} unchanged",
        report.changed.len(),
        report.removed.len(),
        files.len() - report.changed.len()
    );
    Ok(())
}
