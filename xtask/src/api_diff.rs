//! `cargo xtask api-diff OLD NEW`: what changed between two versions of the spec.

use lambda_codegen::diff::{self, Change, Compat, Kind};
use std::path::Path;

/// The spec's path inside the repository, for git revisions.
pub const SPEC_PATH: &str = "spec/lambda-2015-03-31.openapi.json";

/// Reads a version of the spec: a file, or a git revision (`HEAD~3`, a tag, a commit) whose
/// spec file is read with `git show`.
pub fn read_version(root: &Path, arg: &str) -> Result<String, String> {
    let path = if Path::new(arg).is_absolute() { Path::new(arg).to_path_buf() } else { root.join(arg) };
    if path.is_file() {
        return std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()));
    }
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .arg("show")
        .arg(format!("{arg}:{SPEC_PATH}"))
        .output()
        .map_err(|e| format!("{arg} is not a file, and git cannot be run to read it as a revision: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{arg} is neither a spec file nor a git revision with {SPEC_PATH}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("{arg}:{SPEC_PATH} is not UTF-8: {e}"))
}

/// The changes between two spec texts.
pub fn changes(old: &str, old_name: &str, new: &str, new_name: &str) -> Result<Vec<Change>, String> {
    let old = lambda_codegen::load_facts(old, old_name).map_err(|e| e.to_string())?;
    let new = lambda_codegen::load_facts(new, new_name).map_err(|e| e.to_string())?;
    diff::diff(&old, &new).map_err(|e| e.to_string())
}

/// A report for people: counts, both verdicts, then every change grouped by kind.
pub fn report(changes: &[Change]) -> String {
    let mut out = String::new();
    let count = |k: Kind| changes.iter().filter(|c| c.kind == k).count();
    let service = diff::verdict(changes, |c| c.service);
    let rust = diff::verdict(changes, |c| c.rust);
    out.push_str(&format!(
        "{} change(s); for callers of the service: {}; for Rust code using the generated crate: {}\n",
        changes.len(),
        service.word(),
        rust.word()
    ));
    let mut kinds: Vec<Kind> = changes.iter().map(|c| c.kind).collect();
    kinds.sort();
    kinds.dedup();
    for k in &kinds {
        out.push_str(&format!("  {:>4}  {}\n", count(*k), k.label()));
    }
    for k in kinds {
        out.push_str(&format!("\n{}:\n", k.label()));
        for c in changes.iter().filter(|c| c.kind == k) {
            let mark = |x: Compat| if x == Compat::Breaking { "breaking" } else { "ok" };
            let values = match (&c.old, &c.new) {
                (Some(o), Some(n)) => format!(": {o} → {n}"),
                (None, Some(n)) => format!(": {n}"),
                (Some(o), None) => format!(": was {o}"),
                (None, None) => String::new(),
            };
            out.push_str(&format!("  {}{values}  [service {}, Rust {}]\n", c.location, mark(c.service), mark(c.rust)));
        }
    }
    out
}
