//! Every item of the spec that the reference-era spec does not have must say which model
//! version added it (`x-aws-since`, or `x-aws-enum-since` / `x-aws-errors-since` for enum
//! values and operation errors). The errors the server's front end answers for any operation
//! are marked `x-aws-common` instead (on the schema, and on each operation's `$ref`): they come
//! from what the server does, not from a model release.

use lambda_codegen::model::{self, Document};
use serde_json::Value;
use std::collections::BTreeSet;

fn has_since(extra: &indexmap::IndexMap<String, Value>) -> bool {
    extra.get("x-aws-since").and_then(Value::as_str).is_some_and(|v| !v.is_empty())
}

fn listed(extra: &indexmap::IndexMap<String, Value>, key: &str, item: &str) -> bool {
    extra.get(key).and_then(|m| m.get(item)).and_then(Value::as_str).is_some()
}

/// Items as `kind name`, for comparison between the two specs.
fn items(doc: &Document) -> Result<BTreeSet<String>, String> {
    let mut out = BTreeSet::new();
    for (name, s) in &doc.components.schemas {
        out.insert(format!("schema {name}"));
        for p in s.properties.keys() {
            out.insert(format!("member {name}.{p}"));
        }
        for v in s.enum_values.iter().flatten().filter_map(Value::as_str) {
            out.insert(format!("value {name}.{v}"));
        }
    }
    for op in operations(doc)? {
        let id = &op.operation_id;
        out.insert(format!("operation {id}"));
        for p in &op.parameters {
            out.insert(format!("parameter {id}.{}", p.member.as_deref().unwrap_or(&p.name)));
        }
        for (code, r) in &op.responses {
            for (_, h) in &r.headers {
                if let Some(m) = &h.member {
                    out.insert(format!("header {id}.{m}"));
                }
            }
            if !code.starts_with('2') {
                for (e, _) in error_refs(r) {
                    out.insert(format!("error {id}.{e}"));
                }
            }
        }
    }
    Ok(out)
}

fn operations(doc: &Document) -> Result<Vec<model::Operation>, String> {
    let mut ops = Vec::new();
    for item in doc.paths.values() {
        for v in item.methods.values() {
            ops.push(serde_json::from_value(v.clone()).map_err(|e| format!("not an operation object: {e}"))?);
        }
    }
    Ok(ops)
}

/// The error schemas a response refers to, each with whether its `$ref` is marked
/// `x-aws-common` (an error of the front end rather than of the operation).
fn error_refs(r: &model::Response) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for media in r.content.values() {
        if let Some(s) = &media.schema {
            for alt in s.one_of.iter().chain(&s.any_of) {
                if let Some(name) = alt.reference.as_deref().and_then(|r| r.rsplit('/').next()) {
                    out.push((name.to_string(), alt.common));
                }
            }
        }
    }
    out
}

/// Findings for items of `spec` that `baseline` lacks and that carry no provenance.
pub fn check(baseline: &str, spec: &str) -> Result<Vec<String>, String> {
    let base = model::parse(baseline).map_err(|e| format!("reference-era spec: {e}"))?;
    let doc = model::parse(spec).map_err(|e| e.to_string())?;
    let known = items(&base)?;
    let mut findings = Vec::new();
    let mut need = |item: String, ok: bool| {
        if !known.contains(&item) && !ok {
            findings.push(format!("provenance: {item} is not in the reference-era spec and has no x-aws-since"));
        }
    };
    for (name, s) in &doc.components.schemas {
        need(format!("schema {name}"), s.common || has_since(&s.extra));
        for (p, ps) in &s.properties {
            need(format!("member {name}.{p}"), s.common || has_since(&ps.extra));
        }
        for v in s.enum_values.iter().flatten().filter_map(Value::as_str) {
            need(format!("value {name}.{v}"), listed(&s.extra, "x-aws-enum-since", v) || has_since(&s.extra));
        }
    }
    for op in operations(&doc)? {
        let id = &op.operation_id;
        let op_new = has_since(&op.extra);
        need(format!("operation {id}"), op_new);
        for p in &op.parameters {
            need(format!("parameter {id}.{}", p.member.as_deref().unwrap_or(&p.name)), op_new || has_since(&p.extra));
        }
        for (code, r) in &op.responses {
            for (_, h) in &r.headers {
                if let Some(m) = &h.member {
                    need(format!("header {id}.{m}"), op_new || has_since(&h.extra));
                }
            }
            if !code.starts_with('2') {
                for (e, common) in error_refs(r) {
                    need(format!("error {id}.{e}"), common || op_new || listed(&op.extra, "x-aws-errors-since", &e));
                }
            }
        }
    }
    Ok(findings)
}
