//! Cargo features: one per operation, named like its module (`get_function`). An operation's
//! feature compiles its module (input, output, error, codecs), its client method and its
//! server trait method; a data type or enum compiles when any operation that reaches it is
//! enabled.

use crate::error::Error;
use crate::ir::{Api, Operation, Ty, TyKind};
use indexmap::{IndexMap, IndexSet};
use proc_macro2::TokenStream;

/// The feature of an operation.
pub fn feature(op: &Operation) -> &str {
    &op.snake
}

/// For each data type and enum (by spec name), the operations that reach it through their
/// input or output, in spec order.
pub fn users(api: &Api) -> IndexMap<String, Vec<&Operation>> {
    let mut out: IndexMap<String, Vec<&Operation>> = IndexMap::new();
    for op in &api.operations {
        let mut seen = IndexSet::new();
        for shape in [&op.input, &op.output] {
            reach_structure(api, shape, &mut seen);
        }
        // The operation's own input and output structures live in its module.
        seen.shift_remove(&op.input);
        if !op.shared_output {
            seen.shift_remove(&op.output);
        }
        for name in seen {
            out.entry(name).or_default().push(op);
        }
    }
    out
}

fn reach_structure(api: &Api, name: &str, seen: &mut IndexSet<String>) {
    if !seen.insert(name.to_string()) {
        return;
    }
    if let Some(s) = api.structures.get(name) {
        for m in &s.members {
            reach(api, &m.ty, seen);
        }
    }
}

fn reach(api: &Api, ty: &Ty, seen: &mut IndexSet<String>) {
    match &ty.kind {
        TyKind::Struct(n) | TyKind::EventStream(n) => reach_structure(api, n, seen),
        TyKind::Enum(n) => {
            seen.insert(n.clone());
        }
        TyKind::List(i) => reach(api, i, seen),
        TyKind::Map(k, v) => {
            reach(api, k, seen);
            reach(api, v, seen);
        }
        _ => {}
    }
}

/// `#[cfg(...)]` for an item the given operations use. An item no operation uses (an enum
/// that only an error's members name) has no operation to follow and is always compiled.
pub fn cfg(ops: &[&Operation]) -> String {
    match ops {
        [] => String::new(),
        [one] => format!("#[cfg(feature = \"{}\")]", feature(one)),
        many => {
            let list: Vec<String> = many.iter().map(|o| format!("feature = \"{}\"", feature(o))).collect();
            format!("#[cfg(any({}))]", list.join(", "))
        }
    }
}

/// An operation's entry in a `client_methods!` or `service!` call, laid out by hand: its
/// docs, its feature, its deprecation, then `method: KIND Name(Input) -> Output, Error;`.
pub fn operation_entry(api: &Api, op: &Operation, doc: &str, kind: &str) -> Result<String, Error> {
    const INDENT: &str = "        ";
    let mut out = crate::emit::rust::doc_lines(doc, INDENT);
    out.push_str(&format!("{INDENT}{}\n", cfg(&[op])));
    if let Some(note) = &op.deprecated {
        out.push_str(&format!("{INDENT}#[deprecated(note = {})]\n", serde_json::Value::from(note.as_str())));
    }
    let input = &api.input(op)?.rust_name;
    out.push_str(&format!(
        "{INDENT}{}: {kind} {}({input}) -> {}, {};\n",
        op.snake, op.name, op.output_rust_name, op.error_rust_name
    ));
    Ok(out)
}

/// [`cfg()`] as tokens, to put before an item emitted with `quote!`.
pub fn cfg_tokens(ops: &[&Operation]) -> TokenStream {
    cfg(ops).parse().unwrap_or_default()
}
