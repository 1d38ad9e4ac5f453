//! Generates Rust from the Lambda OpenAPI spec.
//!
//! The flow is `model` (typed OpenAPI document) → `ir` (names, bindings and constraints
//! resolved, problems reported with JSON pointers) → `emit` (one emitter per concern, each
//! reading only the IR) → files, formatted with prettyplease. Every failure is an
//! [`Error`]; a spec's problems come all together, each with its JSON pointer.

#![deny(missing_docs)]

pub mod changelog;
pub mod diff;
pub mod emit;
pub mod error;
pub mod ir;
pub mod model;
pub mod naming;
pub mod waiters;
pub mod workspace;

pub use error::Error;
use std::path::Path;

/// Parses and lowers a spec, returning the IR or every problem found.
pub fn load(spec_text: &str, spec_name: &str) -> Result<ir::Api, Error> {
    let doc = model::parse(spec_text)?;
    let mut api = ir::lower(&doc, spec_text.as_bytes(), spec_name)?;
    api.waiters = waiters::lower(&doc, &api, true)?;
    Ok(api)
}

/// Parses and lowers a spec for comparison: descriptions may be missing. Problems name the
/// spec, since two are compared.
pub fn load_facts(spec_text: &str, spec_name: &str) -> Result<ir::Api, Error> {
    let named = |errors| Error::SpecNamed { spec_name: spec_name.to_string(), errors };
    let doc = model::parse(spec_text)?;
    let mut api = ir::lower_with(&doc, spec_text.as_bytes(), spec_name, false).map_err(named)?;
    api.waiters = waiters::lower(&doc, &api, false).map_err(named)?;
    Ok(api)
}

/// Generates the crate's files for a spec.
pub fn generate(spec_text: &str, spec_name: &str, opts: &emit::files::CrateOptions) -> Result<emit::Files, Error> {
    let api = load(spec_text, spec_name)?;
    emit::crate_files(&api, opts)
}

/// Reads a spec file and generates the crate's files.
pub fn generate_from_path(spec: &Path, opts: &emit::files::CrateOptions) -> Result<emit::Files, Error> {
    let text = std::fs::read_to_string(spec).map_err(Error::io("read", spec))?;
    let name = spec.file_name().map(|n| format!("spec/{}", n.to_string_lossy())).unwrap_or_default();
    generate(&text, &name, opts)
}
