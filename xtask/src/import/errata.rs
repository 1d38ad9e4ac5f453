//! The section of `spec/ERRATA.md` that lists where the imported model differs from the
//! reference: every difference of fact between the reference-era spec and the current spec.
//! The importer writes it; `cargo xtask audit-spec` checks that it is current.

use lambda_codegen::diff::{Change, Kind};

/// First line of the section.
pub const BEGIN: &str = "<!-- model differences: written by `cargo xtask import-model`; do not edit by hand -->";
/// Last line of the section.
pub const END: &str = "<!-- end of model differences -->";

fn cell(v: &Option<String>) -> String {
    match v {
        None => "none".into(),
        Some(v) if v.is_empty() => "(empty)".into(),
        // Patterns and values go in code spans; `|` would end the table cell.
        Some(v) => format!("`{}`", v.replace('|', "\\|")),
    }
}

fn why(kind: Kind) -> &'static str {
    match kind {
        Kind::BindingChanged => "The model's HTTP binding: what AWS's SDKs send and the service routes.",
        Kind::MemberRemoved | Kind::OperationRemoved | Kind::DataTypeRemoved => {
            "The model does not have it (renamed or withdrawn)."
        }
        Kind::MemberRequired => "The model marks it required.",
        Kind::MemberOptional => "The model marks it optional.",
        Kind::TypeChanged => "The model's type.",
        Kind::ConstraintTightened | Kind::ConstraintRelaxed => "The model's limit, which the service enforces.",
        Kind::PatternChanged => "The model's pattern, which the service enforces.",
        Kind::EnumValueRemoved => "The model no longer lists the value.",
        Kind::ErrorRemoved => "The model no longer lists the error for the operation.",
        Kind::DeprecationChanged => "The model's deprecation.",
        _ => "The model's value.",
    }
}

/// The section for these changes (reference-era spec → imported spec).
pub fn section(changes: &[Change], model_version: &str) -> String {
    // Sorted by place, so that the table reads like an index and does not depend on the order
    // the spec happens to list members in.
    let mut rows: Vec<&Change> = changes.iter().filter(|c| c.kind.is_difference()).collect();
    rows.sort_by(|a, b| (&a.location, a.kind).cmp(&(&b.location, b.kind)));
    let mut out = format!(
        "{BEGIN}\n## Where the spec follows the model instead of the reference\n\n\
         The spec is imported from AWS's model of the service (botocore {model_version}). Where the \
         reference (as repaired above) and the model state the same item differently, the spec \
         follows the model, since that is what the service enforces. Each such difference is a \
         row here ({} in all). Items the reference does not have at all are not listed: they carry \
         `x-aws-since` in the spec.\n\n\
         | Where | Reference says | Model says | Why |\n|---|---|---|---|\n",
        rows.len()
    );
    for c in rows {
        let (old, new) = match c.kind {
            Kind::MemberRemoved | Kind::OperationRemoved | Kind::DataTypeRemoved => {
                (Some("present".to_string()), Some("absent".to_string()))
            }
            Kind::MemberRequired => (Some("optional".into()), Some("required".into())),
            Kind::MemberOptional => (Some("required".into()), Some("optional".into())),
            Kind::EnumValueRemoved | Kind::ErrorRemoved => (Some("listed".into()), Some("not listed".into())),
            _ => (c.old.clone(), c.new.clone()),
        };
        out.push_str(&format!(
            "| {} ({}) | {} | {} | {} |\n",
            c.location.replace('|', "\\|"),
            c.kind.label(),
            cell(&old),
            cell(&new),
            if c.location.starts_with("common errors") {
                "The endpoint answers errors under the codes its front end uses (xtask/src/import/front_end.rs)."
            } else {
                why(c.kind)
            }
        ));
    }
    out.push_str(END);
    out.push('\n');
    out
}

/// The repairs part of ERRATA.md: everything before the generated section.
pub fn repairs(errata: &str) -> &str {
    errata.split(BEGIN).next().unwrap_or(errata)
}

/// ERRATA.md with its generated section replaced (or appended).
pub fn replace_section(errata: &str, section: &str) -> String {
    let head = repairs(errata).trim_end();
    let tail = errata.split_once(END).map(|(_, t)| t.trim_start_matches('\n')).unwrap_or("");
    let mut out = format!("{head}\n\n{section}");
    if !tail.trim().is_empty() {
        out.push('\n');
        out.push_str(tail);
    }
    out
}

/// The generated section as it stands in ERRATA.md, if any.
pub fn current_section(errata: &str) -> Option<String> {
    let start = errata.find(BEGIN)?;
    let end = errata[start..].find(END)? + start + END.len();
    Some(format!("{}\n", &errata[start..end]))
}
