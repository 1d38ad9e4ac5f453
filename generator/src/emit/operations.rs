//! One module per operation: its marker type and HTTP binding, input (with a builder),
//! output, error enum and codecs.

use super::errors::operation_error;
use super::features;
use super::rust::{doc_lines, ident, verbatim};
use super::types::structure;
use crate::error::Error;
use crate::ir::{Api, Operation, Segment};
use proc_macro2::TokenStream;
use quote::quote;

/// `operations/mod.rs`: the module list, each behind its operation's feature.
pub fn index(api: &Api) -> TokenStream {
    let mods = api.operations.iter().map(|o| {
        let m = ident(&o.snake);
        let d = super::rust::doc(&o.summary);
        let cfg = features::cfg_tokens(&[o]);
        quote! { #d #cfg pub mod #m; }
    });
    let names = api.operations.iter().map(|o| &o.name);
    quote! {
        #(#mods)*
        /// Names of every operation of the API, in spec order (whichever features are enabled).
        pub const OPERATION_NAMES: &[&str] = &[#(#names),*];
    }
}

/// The `operation!` call: marker type, types and binding.
fn marker(api: &Api, op: &Operation) -> Result<TokenStream, Error> {
    let mut out = String::from("lambda_rt::operation! {\n");
    let deprecated = op.deprecated.as_ref().map(|m| format!("\n\nDeprecated: {m}")).unwrap_or_default();
    out.push_str(&doc_lines(&format!("{}\n\n{}{deprecated}", op.summary, op.doc), "    "));
    if let Some(m) = &op.deprecated {
        out.push_str(&format!("    #[deprecated(note = {})]\n", serde_json::Value::from(m.as_str())));
    }
    let input = &api.input(op)?.rust_name;
    out.push_str(&format!("    {}: {input} => {}, {};\n", op.name, op.output_rust_name, op.error_rust_name));
    let segments: Vec<String> = op
        .path
        .segments()
        .iter()
        .map(|s| match s {
            Segment::Literal(l) => serde_json::Value::from(l.as_str()).to_string(),
            Segment::Label(l) => format!("{{{}}}", l.member),
        })
        .collect();
    let query: String = if op.query_literals.is_empty() {
        String::new()
    } else {
        let pairs: Vec<String> = op
            .query_literals
            .iter()
            .map(|(k, v)| format!("{} = {}", serde_json::Value::from(k.as_str()), serde_json::Value::from(v.as_str())))
            .collect();
        format!(" ? {}", pairs.join(" & "))
    };
    let statuses = if op.status_values.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = op.status_values.iter().map(u16::to_string).collect();
        format!(" [{}]", list.join(", "))
    };
    out.push_str(&format!(
        "    {} {} [{}]{query} => {}{statuses}\n}}",
        op.method,
        serde_json::Value::from(op.path.as_str()),
        segments.join(" "),
        op.success_status
    ));
    Ok(verbatim(&out))
}

/// The module of one operation.
pub fn module(api: &Api, op: &Operation) -> Result<TokenStream, Error> {
    let (input, output) = (api.input(op)?, api.output(op)?);
    let marker = marker(api, op)?;
    let input_ty = structure(api, input)?;
    let output_ty = if op.shared_output {
        let alias = ident(&op.output_rust_name);
        let target = ident(&output.rust_name);
        let d = format!(" Output of {}: the shared data type [`crate::types::{}`].", op.name, output.rust_name);
        quote! { #[doc = #d] pub type #alias = crate::types::#target; }
    } else {
        structure(api, output)?
    };
    let error = operation_error(api, op)?;
    let input_codec = super::http::input(api, op)?;
    let output_codec = if op.shared_output { quote!() } else { super::http::output(api, output)? };
    let allow = if op.deprecated.is_some() { quote!(#![allow(deprecated)]) } else { quote!() };
    Ok(quote! {
        #allow
        #marker
        #input_ty
        #output_ty
        #error
        #input_codec
        #output_codec
    })
}
