//! The coverage check the Rust peer suites share (tests/sdk-peer and
//! tests/tests/client_vs_local.rs include this file with `#[path]`; tests/peers/conftest.py does
//! the same in Python): every operation of the spec must have been answered 2xx at least once.
//!
//! The operations listed in `tests/coverage-pending-durable.txt` may go without a 2xx answer
//! for now, and must not be listed once they get one (the file is temporary: it goes when the
//! durable-execution work lands).

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::Path;

/// The operationIds of the spec.
pub fn spec_operations(root: &Path) -> BTreeSet<String> {
    let path = root.join("spec/lambda-2015-03-31.openapi.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let doc: serde_json::Value = serde_json::from_str(&text).expect("the spec is JSON");
    let mut ops = BTreeSet::new();
    for item in doc["paths"].as_object().expect("paths").values() {
        for op in item.as_object().expect("path item").values() {
            if let Some(id) = op.get("operationId").and_then(|v| v.as_str()) {
                ops.insert(id.to_string());
            }
        }
    }
    ops
}

/// The operations the temporary pending list lets pass (none once the file is gone).
pub fn pending_operations(root: &Path) -> BTreeSet<String> {
    let path = root.join("tests/coverage-pending-durable.txt");
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string).collect()
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeSet::new(),
        Err(e) => panic!("read {}: {e}", path.display()),
    }
}

/// What the check refuses: operations never answered 2xx, pending ones that were, and pending
/// names that are not operations of the spec. `cannot_call` lists operations the client under
/// test does not have at all.
pub fn problems(
    spec: &BTreeSet<String>,
    pending: &BTreeSet<String>,
    answered: &BTreeSet<String>,
    cannot_call: &[&str],
) -> Vec<String> {
    let mut out = Vec::new();
    let missing: Vec<_> = spec
        .iter()
        .filter(|op| !answered.contains(*op) && !pending.contains(*op) && !cannot_call.contains(&op.as_str()))
        .cloned()
        .collect();
    if !missing.is_empty() {
        out.push(format!("operations never answered 2xx: {}", missing.join(", ")));
    }
    let stale: Vec<_> = pending.intersection(answered).cloned().collect();
    if !stale.is_empty() {
        out.push(format!(
            "answered 2xx but still in tests/coverage-pending-durable.txt (remove them): {}",
            stale.join(", ")
        ));
    }
    let unknown: Vec<_> = pending.difference(spec).cloned().collect();
    if !unknown.is_empty() {
        out.push(format!("not operations of the spec, in tests/coverage-pending-durable.txt: {}", unknown.join(", ")));
    }
    out
}

/// Panics with the list of problems unless every operation of the spec (less `cannot_call`
/// and the pending list) was answered 2xx.
pub fn assert_covered(root: &Path, answered: &BTreeSet<String>, cannot_call: &[&str]) {
    let spec = spec_operations(root);
    let found = problems(&spec, &pending_operations(root), answered, cannot_call);
    assert!(found.is_empty(), "coverage of the spec's {} operations:\n{}", spec.len(), found.join("\n"));
}

#[test]
fn the_coverage_check_names_what_is_missing_stale_or_unknown() {
    let set = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    let spec = set(&["A", "B", "C", "D"]);
    assert!(problems(&spec, &set(&["D"]), &set(&["A", "B", "C"]), &[]).is_empty());
    assert!(problems(&spec, &set(&[]), &set(&["A", "B"]), &["C", "D"]).is_empty());
    let found = problems(&spec, &set(&["C", "Z"]), &set(&["A", "C"]), &[]);
    assert_eq!(
        found,
        [
            "operations never answered 2xx: B, D",
            "answered 2xx but still in tests/coverage-pending-durable.txt (remove them): C",
            "not operations of the spec, in tests/coverage-pending-durable.txt: Z",
        ]
    );
}
