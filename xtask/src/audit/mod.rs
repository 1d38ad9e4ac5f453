//! `cargo xtask audit-spec`: compares the spec with the reference text.
//!
//! - [`mod@reference`] parses the (damaged) Chinese reference text,
//! - [`spec`] reads the OpenAPI document,
//! - both produce a [`model::Document`], which [`compare`] walks side by side,
//! - [`errata`] drops the findings that a row of `spec/ERRATA.md` explains.
//!
//! The reference is compared with the reference-era spec (the spec as transcribed, before any
//! model import). The current spec is then held to that: each difference of fact from the
//! reference-era spec is a row of ERRATA.md's model section (which must be exactly what the
//! importer writes), and each item the reference-era spec lacks carries its provenance
//! ([`provenance`]).

pub mod compare;
pub mod errata;
pub mod model;
pub mod provenance;
pub mod reference;
pub mod spec;

use std::collections::HashSet;
use std::path::Path;

/// Reads the reference, the reference-era spec, the current spec and ERRATA.md, and returns
/// every difference not explained, one human-readable line each.
pub fn run(reference: &Path, baseline: &Path, spec: &Path, errata: &Path) -> Result<Vec<String>, String> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let (baseline, spec, errata) = (read(baseline)?, read(spec)?, read(errata)?);
    let repairs = crate::import::errata::repairs(&errata);
    let mut out: Vec<String> = audit(&read(reference)?, &baseline, repairs)?.iter().map(ToString::to_string).collect();
    out.extend(model_section(&baseline, &spec, &errata)?);
    out.extend(provenance::check(&baseline, &spec)?);
    Ok(out)
}

/// ERRATA.md's model section must be exactly what the importer writes for the current spec.
pub fn model_section(baseline: &str, spec: &str, errata: &str) -> Result<Vec<String>, String> {
    let version = crate::import::spec_model_version(spec).unwrap_or_default();
    let changes = crate::api_diff::changes(baseline, "reference-era spec", spec, "spec")?;
    let expected = crate::import::errata::section(&changes, &version);
    Ok(match crate::import::errata::current_section(errata) {
        Some(current) if current == expected => Vec::new(),
        Some(_) => vec!["ERRATA.md: the model section does not match the spec; run cargo xtask import-model".into()],
        None if changes.iter().any(|c| c.kind.is_difference()) => {
            vec!["ERRATA.md: the spec differs from the reference-era spec but there is no model section".into()]
        }
        None => Vec::new(),
    })
}

/// [`run`] on texts: the findings no errata row explains.
pub fn audit(reference: &str, spec: &str, errata: &str) -> Result<Vec<compare::Finding>, String> {
    let r = reference::parse(reference)?;
    let s = spec::read(spec)?;
    let findings = compare::compare(&r, &s);
    let operations: HashSet<String> = r.operations.keys().chain(s.operations.keys()).cloned().collect();
    let data_types: HashSet<String> = r.data_types.keys().cloned().collect();
    let rows = errata::parse(errata, &operations, &data_types);
    Ok(findings.into_iter().filter(|f| !rows.iter().any(|row| row.explains(f))).collect())
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    fn root() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    fn read(rel: &str) -> String {
        std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// The reference text, which is not part of the repository: its path comes from
    /// `LAMBDA_API_REFERENCE`, and the tests that need it are ignored unless asked for.
    fn reference() -> String {
        let path = std::env::var("LAMBDA_API_REFERENCE")
            .unwrap_or_else(|_| panic!("needs the reference text: set LAMBDA_API_REFERENCE to its path"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("LAMBDA_API_REFERENCE={path}: {e}"))
    }

    #[test]
    #[ignore = "needs the reference text: set LAMBDA_API_REFERENCE to its path"]
    fn real_reference_parses_completely() {
        let d = super::reference::parse(&reference()).unwrap();
        assert_eq!(d.operations.len(), 66);
        assert_eq!(d.data_types.len(), 53);
        assert_eq!(d.operation_index.len(), 66);
        assert_eq!(d.data_type_index.len(), 53);
        assert_eq!(d.common_errors.len(), 16);
        for op in d.operations.values() {
            assert!(op.method.is_some() && op.path.is_some(), "{}: no request line", op.name);
            assert!(op.success_code.is_some() || op.status_member.is_some(), "{}: no status", op.name);
            assert!(!op.errors.is_empty(), "{}: no errors", op.name);
            assert!(op.errors.iter().all(|e| e.status.is_some()), "{}: error without status", op.name);
        }
        // The Runtime list wraps over several lines (with blank lines) on ListLayerVersions.
        let runtimes = d.operations["ListLayerVersions"].request_members["CompatibleRuntime"].values.clone().unwrap();
        assert_eq!(runtimes.len(), 36, "{runtimes:?}");
        assert_eq!(runtimes.last().map(String::as_str), Some("java21"));
        let invoke = &d.operations["Invoke"];
        assert_eq!(invoke.status_member.as_deref(), Some("StatusCode"));
        assert_eq!(invoke.status_values, [200, 202, 204]);
        assert_eq!(invoke.headers.len(), 3);
    }

    /// Diagnostic, not a check: prints each finding with the ERRATA rows that explain it, and
    /// the rows that explain nothing. `cargo test -p xtask errata_usage -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn errata_usage() {
        let r = super::reference::parse(&reference()).unwrap();
        let s = super::spec::read(&read("spec/reference-era.openapi.json")).unwrap();
        let ops: HashSet<String> = r.operations.keys().cloned().collect();
        let dts: HashSet<String> = r.data_types.keys().cloned().collect();
        let rows = super::errata::parse(crate::import::errata::repairs(&read("spec/ERRATA.md")), &ops, &dts);
        let mut used = vec![false; rows.len()];
        for f in super::compare::compare(&r, &s) {
            let by: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].explains(&f)).collect();
            by.iter().for_each(|&i| used[i] = true);
            println!("{f} <= ERRATA lines {:?}", by.iter().map(|&i| rows[i].line).collect::<Vec<_>>());
        }
        for (row, _) in rows.iter().zip(&used).filter(|(_, u)| !**u) {
            println!("explains nothing: ERRATA line {}: {}", row.line, row.location);
        }
    }
}
