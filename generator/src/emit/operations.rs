//! One module per operation: its input (with a builder), output, error enum and HTTP binding.

use super::errors::operation_error;
use super::rust::{doc, ident, ty};
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
    let output_ty = structure(api, output);
    let builder = builder(api, op);
    let error = operation_error(api, op);
    let input_codec = super::http::input(api, op);
    let output_codec = super::http::output(api, op);
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
    let output_name = ident(&output.rust_name);
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
        #builder
        #output_ty
        #error
        #input_codec
        #output_codec
    }
}

fn builder(api: &Api, op: &Operation) -> TokenStream {
    let input = &api.structures[&op.input];
    let input_name = ident(&input.rust_name);
    let name = ident(&format!("{}Builder", input.rust_name));
    let fields = input.members.iter().map(|m| {
        let f = ident(&m.field);
        let t = ty(api, &m.ty);
        quote! { #f: Option<#t>, }
    });
    let setters = input.members.iter().map(|m| {
        let f = ident(&m.field);
        let t = ty(api, &m.ty);
        let d = format!(" Sets [`{}::{}`].", input.rust_name, m.field.trim_start_matches("r#"));
        let (arg, conv) = match &m.ty.kind {
            crate::ir::TyKind::String => (quote!(impl Into<String>), quote!(v.into())),
            crate::ir::TyKind::Blob => (quote!(impl Into<lambda_rt::Blob>), quote!(v.into())),
            crate::ir::TyKind::Enum(_) => (quote!(impl Into<#t>), quote!(v.into())),
            _ => (quote!(#t), quote!(v)),
        };
        quote! {
            #[doc = #d]
            pub fn #f(mut self, v: #arg) -> Self { self.#f = Some(#conv); self }
        }
    });
    let required: Vec<_> = input.members.iter().filter(|m| m.required).collect();
    // A missing required member is reported as null; a placeholder stands in for it so the
    // other members are still checked, and violations under the placeholder are dropped.
    // Members whose type has no placeholder end the check early with the nulls alone.
    let null_checks = required.iter().map(|m| {
        let f = ident(&m.field);
        let msg = &m.message_name;
        quote! { if self.#f.is_none() { missing.null(&lambda_rt::validation::Path::ROOT.member(#msg)); absent.push(#msg); } }
    });
    let assigns = input.members.iter().map(|m| {
        let f = ident(&m.field);
        if !m.required {
            return quote!(#f: self.#f,);
        }
        match &m.ty.kind {
            crate::ir::TyKind::Enum(e) => {
                let t = ident(&api.enums[e].rust_name);
                quote!(#f: self.#f.unwrap_or_else(|| crate::enums::#t::Unknown(String::new())),)
            }
            _ if super::rust::has_default(api, &m.ty) => quote!(#f: self.#f.unwrap_or_default(),),
            _ => quote!(#f: match self.#f { Some(v) => v, None => return Err(missing.into_error()) },),
        }
    });
    let body = if required.is_empty() {
        quote! {
            let input = #input_name { #(#assigns)* };
            lambda_rt::Validate::validate(&input)?;
            Ok(input)
        }
    } else {
        quote! {
            let mut missing = lambda_rt::Violations::default();
            let mut absent: Vec<&str> = Vec::new();
            #(#null_checks)*
            let input = #input_name { #(#assigns)* };
            let mut found = lambda_rt::Violations::default();
            lambda_rt::Validate::validate_at(&input, &lambda_rt::validation::Path::ROOT, &mut found);
            missing.absorb_except(found, &absent);
            missing.into_result()?;
            Ok(input)
        }
    };
    let has_sensitive = input.has_sensitive();
    let debug = if has_sensitive { quote!() } else { quote!(Debug,) };
    let bdoc = format!(" Builds a [`{}`]; `build` checks it against every constraint.", input.rust_name);
    quote! {
        #[doc = #bdoc]
        #[derive(Clone, Default, #debug)]
        pub struct #name { #(#fields)* }
        impl #name {
            #(#setters)*
            /// Checks required members and every constraint; the error lists every violation
            /// in the service's format.
            pub fn build(self) -> Result<#input_name, lambda_rt::ValidationError> {
                #body
            }
        }
        impl #input_name {
            /// Starts a builder.
            pub fn builder() -> #name { #name::default() }
        }
    }
}
