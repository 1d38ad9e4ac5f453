//! Error shapes and per-operation error enums.

use super::rust::{doc, ident};
use crate::ir::{Api, Operation};
use proc_macro2::TokenStream;
use quote::quote;

/// One alias per error code over the runtime's generic error shape, with a marker type in
/// `codes` that carries the code and status.
pub fn shapes(api: &Api) -> TokenStream {
    let aliases = api.errors.values().map(|e| {
        let name = ident(&e.rust_name);
        let edoc = doc(&format!(
            "{}\n\nCode `{}`, HTTP {}{}.",
            e.doc,
            e.name,
            e.status,
            if e.common { "; any operation can return it" } else { "" }
        ));
        quote! { #edoc pub type #name = lambda_rt::ErrorShape<codes::#name>; }
    });
    let markers = api.errors.values().map(|e| {
        let name = ident(&e.rust_name);
        let code = &e.name;
        let status = proc_macro2::Literal::u16_unsuffixed(e.status);
        let d = format!(" Marker for [`super::{}`].", e.rust_name);
        quote! {
            #[doc = #d]
            #[derive(Debug)]
            pub enum #name {}
            impl lambda_rt::ErrorCode for #name {
                const CODE: &'static str = #code;
                const HTTP_STATUS: u16 = #status;
            }
        }
    });
    quote! {
        #(#aliases)*
        /// Type-level error codes, one per error shape.
        pub mod codes { #(#markers)* }
    }
}

/// The operation's error enum: one variant per error the reference lists, plus `Unhandled`.
pub fn operation_error(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.error_rust_name);
    let edoc = doc(&format!("Errors {} can return.", op.name));
    let variants: Vec<_> = op.errors.iter().map(|e| (ident(&api.errors[e].rust_name), e)).collect();
    let decls = variants.iter().map(|(v, code)| {
        let d = doc(&api.errors[*code].doc);
        quote! { #d #v(crate::errors::#v), }
    });
    let from_code = variants.iter().map(|(v, code)| {
        quote! { #code => Self::#v(lambda_rt::ErrorShape::from_body(body)), }
    });
    let inner = variants.iter().map(|(v, _)| quote!(Self::#v(e) => e,));
    quote! {
        #edoc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#decls)*
            /// An error the reference does not list for this operation (a common error, or one
            /// added later): its code, message, status and request id are kept.
            Unhandled(lambda_rt::ErrorMetadata),
        }
        impl lambda_rt::binding::OperationError for #name {
            fn from_code(code: &str, body: lambda_rt::error::ErrorBody, meta: lambda_rt::ErrorMetadata) -> Self {
                match code {
                    #(#from_code)*
                    _ => Self::Unhandled(meta),
                }
            }
        }
        impl #name {
            /// The error shape (or, for `Unhandled`, the metadata) behind this variant.
            pub fn inner(&self) -> &dyn lambda_rt::ServiceErrorKind {
                match self { #(#inner)* Self::Unhandled(m) => m }
            }
        }
        impl lambda_rt::ServiceErrorKind for #name {
            fn code(&self) -> &str { self.inner().code() }
            fn http_status(&self) -> u16 { self.inner().http_status() }
            fn message(&self) -> Option<&str> { self.inner().message() }
        }
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(self.inner(), f)
            }
        }
        impl std::error::Error for #name {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(self.inner())
            }
        }
    }
}
