//! The generated crate's version and changelog follow its API.
//!
//! The crate keeps a copy of the spec it was generated from. When the spec changes, the next
//! regeneration compares the two ([`crate::diff`]), sets the version by Cargo's semver rules
//! (a change that breaks Rust code bumps the major version — the minor one while below 1.0 —
//! anything else the minor — the patch while below 1.0), and prepends an entry to
//! `CHANGELOG.md`. The same spec always gives the same files.

use crate::diff::{self, Change, Compat, Kind};
use std::collections::BTreeMap;

/// Title and explanation at the top of the changelog.
pub const PREAMBLE: &str = "# Changelog\n\n\
Written by `cargo xtask regenerate` whenever the spec changes; the version follows Cargo's \
semver rules for the generated Rust API. Each entry says what changed for Rust code using this \
crate and for callers of the service (`cargo xtask api-diff` gives the full list).\n";

/// A `major.minor.patch` version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(pub u64, pub u64, pub u64);

/// Text that is not a `major.minor.patch` version.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a major.minor.patch version")]
pub struct NotAVersion(pub String);

impl Version {
    /// Parses `1.2.3`.
    pub fn parse(text: &str) -> Result<Version, NotAVersion> {
        let not_a_version = || NotAVersion(text.to_string());
        let parts: Vec<u64> =
            text.trim().split('.').map(|p| p.parse::<u64>().map_err(|_| not_a_version())).collect::<Result<_, _>>()?;
        match parts.as_slice() {
            [a, b, c] => Ok(Version(*a, *b, *c)),
            _ => Err(not_a_version()),
        }
    }

    /// The next version for a change of this kind. Below 1.0 Cargo treats the minor number
    /// as the major one.
    pub fn next(self, breaking: bool, api_changed: bool) -> Version {
        let Version(major, minor, patch) = self;
        match (major, breaking, api_changed) {
            (0, true, _) => Version(0, minor + 1, 0),
            (0, false, _) => Version(0, minor, patch + 1),
            (_, true, _) => Version(major + 1, 0, 0),
            (_, false, true) => Version(major, minor + 1, 0),
            (_, false, false) => Version(major, minor, patch + 1),
        }
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

/// The crate's version and changelog after a regeneration.
#[derive(Debug)]
pub struct Release {
    /// Version to write in `Cargo.toml`.
    pub version: Version,
    /// Whole `CHANGELOG.md`.
    pub changelog: String,
}

/// The release for `new_spec`, given the spec, version and changelog of the crate as it is.
/// An unchanged spec keeps version and changelog as they are.
pub fn release(
    previous_spec: &str,
    previous: Version,
    changelog: &str,
    new_spec: &str,
) -> Result<Release, crate::error::Error> {
    let changelog = if changelog.trim().is_empty() { PREAMBLE.to_string() } else { changelog.to_string() };
    if previous_spec == new_spec {
        return Ok(Release { version: previous, changelog });
    }
    let old = crate::load_facts(previous_spec, "previous spec")?;
    let new = crate::load_facts(new_spec, "spec")?;
    let changes = diff::diff(&old, &new)?;
    let breaking = diff::verdict(&changes, |c| c.rust) == Compat::Breaking;
    let version = previous.next(breaking, !changes.is_empty());
    let entry = entry(version, new.model_version.as_deref(), &changes);
    // The entry goes after the preamble, above older entries.
    let (head, rest) = match changelog.find("\n## ") {
        Some(i) => changelog.split_at(i + 1),
        None => (changelog.as_str(), ""),
    };
    let changelog = format!("{}\n{entry}{}{rest}", head.trim_end(), if rest.is_empty() { "" } else { "\n" });
    Ok(Release { version, changelog })
}

/// One changelog entry.
pub fn entry(version: Version, model: Option<&str>, changes: &[Change]) -> String {
    let source = model.map(|m| format!(" — from {m}")).unwrap_or_default();
    let mut out = format!("\n## {version}{source}\n\n");
    if changes.is_empty() {
        out.push_str("Descriptions only; the API is unchanged.\n");
        return out;
    }
    let rust = diff::verdict(changes, |c| c.rust);
    let service = diff::verdict(changes, |c| c.service);
    out.push_str(&format!(
        "{} change(s): {} for Rust code using this crate, {} for callers of the service.\n",
        changes.len(),
        rust.word(),
        service.word()
    ));
    let additions: Vec<&Change> = changes.iter().filter(|c| c.kind.is_addition()).collect();
    if !additions.is_empty() {
        out.push_str("\n### Added\n\n");
        for (kind, names) in grouped(&additions) {
            for (place, items) in names {
                let place = if place.is_empty() { String::new() } else { format!("{place}: ") };
                out.push_str(&format!("- {}: {place}{}\n", plural(kind), items.join(", ")));
            }
        }
    }
    let rest: Vec<&Change> = changes.iter().filter(|c| !c.kind.is_addition()).collect();
    let sections = [
        ("Breaking for Rust code", rest.iter().filter(|c| c.rust == Compat::Breaking).copied().collect::<Vec<_>>()),
        (
            "Breaking for callers of the service only",
            rest.iter().filter(|c| c.rust == Compat::Compatible && c.service == Compat::Breaking).copied().collect(),
        ),
        (
            "Other changes",
            rest.iter().filter(|c| c.rust == Compat::Compatible && c.service == Compat::Compatible).copied().collect(),
        ),
    ];
    for (title, list) in sections {
        if list.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {title}\n\n"));
        for c in list {
            let values = match (&c.old, &c.new) {
                (Some(o), Some(n)) => format!(": `{o}` → `{n}`"),
                (None, Some(n)) => format!(": `{n}`"),
                (Some(o), None) => format!(": was `{o}`"),
                (None, None) => String::new(),
            };
            out.push_str(&format!("- {}, {}{values}\n", c.kind.label(), c.location));
        }
    }
    out
}

fn plural(kind: Kind) -> &'static str {
    match kind {
        Kind::OperationAdded => "operations",
        Kind::DataTypeAdded => "data types",
        Kind::MemberAdded => "members",
        Kind::EnumValueAdded => "enum values",
        Kind::ErrorAdded => "errors",
        _ => "items",
    }
}

/// Additions by kind, then by where they were added (`CreateFunction input`, `Runtime`).
fn grouped(changes: &[&Change]) -> BTreeMap<Kind, BTreeMap<String, Vec<String>>> {
    let mut out: BTreeMap<Kind, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for c in changes {
        let (place, item) = match c.location.rsplit_once(", ") {
            Some((p, i)) if c.kind != Kind::OperationAdded && c.kind != Kind::DataTypeAdded => (p.to_string(), i),
            _ => (String::new(), c.location.as_str()),
        };
        out.entry(c.kind).or_default().entry(place).or_default().push(format!("`{item}`"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_follow_cargo_semver() {
        let v = Version::parse("0.1.0").unwrap();
        assert_eq!(v.next(true, true), Version(0, 2, 0));
        assert_eq!(v.next(false, true), Version(0, 1, 1));
        assert_eq!(v.next(false, false), Version(0, 1, 1));
        let v = Version(1, 4, 2);
        assert_eq!(v.next(true, true), Version(2, 0, 0));
        assert_eq!(v.next(false, true), Version(1, 5, 0));
        assert_eq!(v.next(false, false), Version(1, 4, 3));
        assert!(Version::parse("1.2").is_err());
        assert_eq!(Version::parse("x.y.z").unwrap_err().to_string(), "\"x.y.z\" is not a major.minor.patch version");
        assert_eq!(Version(0, 2, 0).to_string(), "0.2.0");
    }
}
