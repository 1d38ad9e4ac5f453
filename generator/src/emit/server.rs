//! Server stubs: a trait with one async method per operation and an axum router, built on
//! `lambda_rt::server`. Emitted into `src/server.rs`, compiled with the `server` feature.
//!
//! Everything the same for every operation (routing, binding, validation, error responses,
//! signatures, event streams) is in the runtime; this module only lists the operations: one
//! trait method each, and one row of the route table calling it.

use super::rust::{doc, ident};
use crate::ir::{Api, Operation};
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;

/// The trait's name: the signing name in UpperCamelCase (`Lambda`).
pub fn trait_name(api: &Api) -> String {
    let name = naming::type_name(&api.signing_name);
    if name.is_empty() {
        "Service".to_string()
    } else {
        name
    }
}

struct OpNames {
    method: proc_macro2::Ident,
    marker: TokenStream,
    input: TokenStream,
    output: TokenStream,
    error: TokenStream,
}

fn names(api: &Api, op: &Operation) -> OpNames {
    let m = ident(&op.snake);
    let marker = ident(&op.name);
    let input = ident(&api.structures[&op.input].rust_name);
    let output = ident(&op.output_rust_name);
    let error = ident(&op.error_rust_name);
    OpNames {
        method: ident(&op.snake),
        marker: quote!(crate::operations::#m::#marker),
        input: quote!(crate::operations::#m::#input),
        output: quote!(crate::operations::#m::#output),
        error: quote!(crate::operations::#m::#error),
    }
}

/// The `server` module.
pub fn module(api: &Api) -> TokenStream {
    let trait_ident = ident(&trait_name(api));
    let trait_doc = doc(&format!(
        "{}: one method per operation.\n\n\
         Implement the operations you serve; the others answer HTTP 501 with error code\n\
         `NotImplemented` and a message naming the operation (as `<Op>Error::Unhandled`).\n\
         Inputs arrive bound and validated; errors are written as the service sends them.",
        api.title
    ));
    let methods = api.operations.iter().map(|op| {
        let OpNames { method, marker, input, output, error } = names(api, op);
        let d = doc(&format!("{}\n\nThe `{}` operation ({} `{}`).", op.summary, op.name, op.method, op.path));
        let deprecated = match &op.deprecated {
            Some(m) => quote!(#[deprecated(note = #m)]),
            None => quote!(),
        };
        quote! {
            #d
            #deprecated
            fn #method(
                &self,
                ctx: lambda_rt::server::RequestContext,
                input: #input,
            ) -> impl std::future::Future<Output = Result<#output, #error>> + Send {
                let _ = input;
                std::future::ready(Err(lambda_rt::server::not_implemented::<#marker>(&ctx)))
            }
        }
    });
    let routes = api.operations.iter().map(|op| {
        let OpNames { method, marker, .. } = names(api, op);
        let body = if op.raw_request {
            quote!(lambda_rt::server::RequestBody::JsonPayload)
        } else {
            quote!(lambda_rt::server::RequestBody::Json)
        };
        quote! {
            .route::<#marker, _, _>(#body, |s: std::sync::Arc<L>, ctx, input| async move { s.#method(ctx, input).await })
        }
    });
    let signing = &api.signing_name;
    let router_doc = doc(&format!(
        "The HTTP router for an implementation of [`{}`]: an ordinary `axum::Router` (and so a\n\
         tower `Service`) to serve, nest or wrap in middleware.\n\n\
         It matches every operation's method, path and constant query; binds and validates\n\
         the input; calls the trait method; and writes the output or error as the service\n\
         does, with `x-amzn-RequestId` on every response. With `config.credentials` set it\n\
         first verifies AWS Signature Version 4. See `lambda_rt::server` for the details.\n\n\
         It answers every path (unknown ones with 404 `UnknownOperationException`), so combine\n\
         it with other routes by nesting it or as another router's `fallback_service`; axum\n\
         refuses to `merge` two routers that both have a fallback.",
        trait_name(api)
    ));
    quote! {
        #![allow(deprecated)]

        pub use lambda_rt::server::{serve, Credential, RequestContext, ServeOptions, ServerConfig};

        #trait_doc
        pub trait #trait_ident: Send + Sync + 'static {
            #(#methods)*
        }

        #router_doc
        pub fn router<L: #trait_ident>(
            service: std::sync::Arc<L>,
            config: lambda_rt::server::ServerConfig,
        ) -> lambda_rt::server::axum::Router {
            lambda_rt::server::Routes::new(service, config, #signing)
                #(#routes)*
                .into_router()
        }
    }
}
