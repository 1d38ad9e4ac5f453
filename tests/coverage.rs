//! The coverage check the Rust peer suites share (tests/sdk-peer and the generated client's
//! suite in tests/tests include this file with `#[path]`; tests/peers/conftest.py does the same
//! in Python): every operation of the spec must have been answered 2xx at least once.

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

/// What the check refuses: operations never answered 2xx, and operations said to be missing
/// from the client under test (`cannot_call`) that are not in the spec or were answered after
/// all (so the list cannot outlive its reason).
pub fn problems(spec: &BTreeSet<String>, answered: &BTreeSet<String>, cannot_call: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let missing: Vec<_> =
        spec.iter().filter(|op| !answered.contains(*op) && !cannot_call.contains(&op.as_str())).cloned().collect();
    if !missing.is_empty() {
        out.push(format!("operations never answered 2xx: {}", missing.join(", ")));
    }
    let unknown: Vec<_> = cannot_call.iter().filter(|op| !spec.contains(**op)).copied().collect();
    if !unknown.is_empty() {
        out.push(format!("said to be missing from the client but not operations of the spec: {}", unknown.join(", ")));
    }
    let stale: Vec<_> = cannot_call.iter().filter(|op| answered.contains(**op)).copied().collect();
    if !stale.is_empty() {
        out.push(format!("said to be missing from the client but answered 2xx: {}", stale.join(", ")));
    }
    out
}

/// Panics with the list of problems unless every operation of the spec, less those the client
/// under test does not have (`cannot_call`), was answered 2xx.
pub fn assert_covered(root: &Path, answered: &BTreeSet<String>, cannot_call: &[&str]) {
    let spec = spec_operations(root);
    let found = problems(&spec, answered, cannot_call);
    assert!(found.is_empty(), "coverage of the spec's {} operations:\n{}", spec.len(), found.join("\n"));
}

#[test]
fn the_coverage_check_names_what_is_missing_unknown_or_stale() {
    let set = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    let spec = set(&["A", "B", "C", "D"]);
    assert!(problems(&spec, &set(&["A", "B", "C", "D"]), &[]).is_empty());
    assert!(problems(&spec, &set(&["A", "B"]), &["C", "D"]).is_empty());
    assert_eq!(
        problems(&spec, &set(&["A", "C"]), &["C", "Z"]),
        [
            "operations never answered 2xx: B, D",
            "said to be missing from the client but not operations of the spec: Z",
            "said to be missing from the client but answered 2xx: C",
        ]
    );
}
