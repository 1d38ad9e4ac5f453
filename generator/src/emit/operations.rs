//! One module per operation: its input (with a builder), output, error enum and HTTP binding.

use super::errors::operation_error;
use super::rust::{doc, ident};
use super::types::structure;
use crate::ir::{Api, Operation, Segment};
use proc_macro2::TokenStream;
use quote::quote;

/// `operations/mod.rs`: the module list and re-exports.
pub fn index(api: &Api) -> TokenStream {
    let mods = api.operations.iter().map(|o| {
        let m = ident(&o.snake);
        let d = doc(&o.summary);
        quote! { #d pub mod #m; }
    });
    let names = api.operations.iter().map(|o| &o.name);
    quote! {
        #(#mods)*
        /// Names of every operation, in spec order.
        pub const OPERATION_NAMES: &[&str] = &[#(#names),*];
    }
}

/// The module of one operation.
pub fn module(api: &Api, op: &Operation) -> TokenStream {
    let input = &api.structures[&op.input];
    let output = &api.structures[&op.output];
    let input_ty = structure(api, input);
    let output_ty = if op.shared_output {
        let alias = ident(&op.output_rust_name);
        let target = ident(&output.rust_name);
        let d = format!(" Output of {}: the shared data type [`crate::types::{}`].", op.name, output.rust_name);
        quote! { #[doc = #d] pub type #alias = crate::types::#target; }
    } else {
        structure(api, output)
    };
    let error = operation_error(api, op);
    let input_codec = super::http::input(api, op);
    let output_codec = if op.shared_output { quote!() } else { super::http::output(api, output) };
    let marker = ident(&op.name);
    let d = doc(&format!(
        "{}\n\n{}{}",
        op.summary,
        op.doc,
        op.deprecated.as_ref().map(|m| format!("\n\nDeprecated: {m}")).unwrap_or_default()
    ));
    let deprecated = match &op.deprecated {
        Some(m) => quote!(#[deprecated(note = #m)]),
        None => quote!(),
    };
    let name = &op.name;
    let method = &op.method;
    let path = &op.path;
    let status = proc_macro2::Literal::u16_unsuffixed(op.success_status);
    let statuses: Vec<_> = if op.status_values.is_empty() { vec![op.success_status] } else { op.status_values.clone() }
        .into_iter()
        .map(proc_macro2::Literal::u16_unsuffixed)
        .collect();
    let literals = op.query_literals.iter().map(|(k, v)| quote!((#k, #v)));
    let segments = op.segments.iter().map(|s| match s {
        Segment::Literal(l) => quote!(lambda_rt::binding::Segment::Literal(#l)),
        Segment::Label(l) => quote!(lambda_rt::binding::Segment::Label(#l)),
    });
    let input_name = ident(&input.rust_name);
    let output_name = ident(&op.output_rust_name);
    let error_name = ident(&op.error_rust_name);
    quote! {
        #![allow(deprecated)]
        #d
        #[derive(Clone, Copy, Debug, Default)]
        #deprecated
        pub struct #marker;

        impl #marker {
            /// The reference's operation name.
            pub const NAME: &'static str = #name;
            /// How the operation travels over HTTP.
            pub const BINDING: lambda_rt::binding::HttpBinding = lambda_rt::binding::HttpBinding {
                method: #method,
                path: #path,
                segments: &[#(#segments),*],
                query_literals: &[#(#literals),*],
                success_status: #status,
                success_statuses: &[#(#statuses),*],
            };
        }

        impl lambda_rt::binding::Operation for #marker {
            type Input = #input_name;
            type Output = #output_name;
            type Error = #error_name;
            const NAME: &'static str = #name;
            const BINDING: lambda_rt::binding::HttpBinding = Self::BINDING;
        }

        #input_ty
        #output_ty
        #error
        #input_codec
        #output_codec
    }
}
