//! Error shapes and per-operation error enums, as calls of the runtime's `error_shapes!` and
//! `operation_error!` macros.

use super::rust::{doc_lines, verbatim};
use crate::error::Error;
use crate::ir::{Api, Operation};
use proc_macro2::TokenStream;

/// Every error code of the API: an alias of the runtime's generic error shape each, named by
/// a marker type that carries the code and status.
pub fn shapes(api: &Api) -> TokenStream {
    let mut out = String::from("lambda_rt::error_shapes! {\n");
    for (i, e) in api.errors.values().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let common = if e.common { "\n\nAny operation can return it." } else { "" };
        out.push_str(&doc_lines(&format!("{}{common}", e.doc), "    "));
        out.push_str(&format!("    {} = \"{}\" {};\n", e.rust_name, e.name, e.status));
    }
    out.push('}');
    verbatim(&out)
}

/// The operation's error enum: one variant per error the model lists, plus `Unhandled`.
pub fn operation_error(api: &Api, op: &Operation) -> Result<TokenStream, Error> {
    let mut out = String::from("lambda_rt::operation_error! {\n");
    out.push_str(&doc_lines(&format!("Errors {} can return.", op.name), "    "));
    out.push_str(&format!("    {} {{\n", op.error_rust_name));
    for code in &op.errors {
        let e = api.error(code)?;
        out.push_str(&format!("        {} is_{},\n", e.rust_name, crate::naming::snake(&e.rust_name)));
    }
    out.push_str("    }\n}");
    Ok(verbatim(&out))
}
