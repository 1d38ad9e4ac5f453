//! The generator's errors: what is wrong with a spec (each problem located by the JSON pointer
//! of its node), and what can go wrong reading, formatting and writing files.

use std::fmt;
use std::path::PathBuf;

/// Anything that stops the generator.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec is not JSON of the shape of an OpenAPI document.
    #[error("spec is not a valid OpenAPI document for this generator: {0}")]
    Parse(#[from] serde_json::Error),
    /// The spec parses but has problems.
    #[error("{0}")]
    Spec(#[from] SpecErrors),
    /// The named spec (one of two being compared) has problems.
    #[error("{spec_name}: {errors}")]
    SpecNamed {
        /// Which spec.
        spec_name: String,
        /// Its problems.
        errors: SpecErrors,
    },
    /// A file or directory could not be read, written, created, listed or removed.
    #[error("cannot {action} {}: {source}", .path.display())]
    Io {
        /// `read`, `write`, `create`, `list` or `remove`.
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A template of `templates/` did not render.
    #[error("template {name}: {source}")]
    Template {
        /// The template's file name.
        name: &'static str,
        /// Why.
        source: askama::Error,
    },
    /// An emitter wrote tokens that are not a Rust file (a generator bug).
    #[error("internal error: emitted Rust does not parse ({what}): {source}")]
    Unparsable {
        /// The file's doc line.
        what: String,
        /// Where it fails.
        source: syn::Error,
    },
    /// rustfmt could not be run or refused the generated code.
    #[error("{0}")]
    Rustfmt(String),
    /// An emitter looked up a name the IR does not have. Lowering checks every reference, so
    /// this is a generator bug, reported rather than a panic.
    #[error("internal error: the IR has no {what} named {name:?}")]
    Unresolved {
        /// `structure`, `enum`, `error`, `operation` or `member`.
        what: &'static str,
        /// The name looked up.
        name: String,
    },
    /// An emitter met IR that lowering should have refused (a generator bug).
    #[error("internal error: {0}")]
    Internal(String),
    /// Checking found committed files that differ from what the spec generates.
    #[error("generated/lambda is stale; run `cargo xtask regenerate` and commit the result.\n{diff}")]
    Stale {
        /// Unified diffs and removed files.
        diff: String,
    },
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(action: &'static str, path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io { action, path, source }
    }
}

/// Everything wrong with a spec, each with the JSON pointer of its node.
#[derive(Debug, PartialEq, Eq)]
pub struct SpecErrors(pub Vec<(String, String)>);

impl fmt::Display for SpecErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the spec has {} problem{}:", self.0.len(), if self.0.len() == 1 { "" } else { "s" })?;
        for (ptr, msg) in &self.0 {
            writeln!(f, "  at {ptr}: {msg}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SpecErrors {}

/// Problems found so far by a lowering pass, each with the JSON pointer of its node.
#[derive(Debug, Default)]
pub struct Problems(Vec<(String, String)>);

impl Problems {
    /// Records a problem at `ptr`.
    pub fn push(&mut self, ptr: impl Into<String>, msg: impl Into<String>) {
        self.0.push((ptr.into(), msg.into()));
    }

    /// `value` if nothing was found, else every problem.
    pub fn into_result<T>(self, value: T) -> Result<T, SpecErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(SpecErrors(self.0))
        }
    }
}

/// Pointer prefix of named schemas (and of the `$ref`s to them).
pub const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Escapes a key for a JSON pointer.
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
