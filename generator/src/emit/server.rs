//! Server stubs: a trait with one async method per operation and an axum router, written as a
//! call of the runtime's `service!` macro. Emitted into `src/server.rs`, compiled with the
//! `server` feature.
//!
//! Everything the same for every operation (routing, binding, validation, error responses,
//! signatures, event streams) is in the runtime; this module only lists the operations.

use super::features;
use super::rust::{doc_lines, verbatim};
use crate::error::Error;
use crate::ir::Api;
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

/// The `server` module.
pub fn module(api: &Api) -> Result<TokenStream, Error> {
    let service = verbatim(&service(api)?);
    Ok(quote! {
        #![allow(deprecated)]

        pub use lambda_rt::server::{serve, Credential, RequestContext, ServeOptions, ServerConfig};

        #service
    })
}

fn service(api: &Api) -> Result<String, Error> {
    let trait_name = trait_name(api);
    let mut out = String::from("lambda_rt::service! {\n");
    out.push_str(&doc_lines(
        &format!(
            "{}: one method per operation.\n\n\
             Implement the operations you serve; the others answer HTTP 501 with error code\n\
             `NotImplemented` and a message naming the operation (as `<Op>Error::Unhandled`).\n\
             Inputs arrive bound and validated; errors are written as the service sends them.",
            api.title
        ),
        "    ",
    ));
    out.push_str(&format!("    pub trait {trait_name};\n\n"));
    out.push_str(&doc_lines(
        &format!(
            "The HTTP router for an implementation of [`{trait_name}`]: an ordinary `axum::Router` (and so a\n\
             tower `Service`) to serve, nest or wrap in middleware.\n\n\
             It matches every operation's method, path and constant query; binds and validates\n\
             the input; calls the trait method; and writes the output or error as the service\n\
             does, with `x-amzn-RequestId` on every response. With `config.credentials` set it\n\
             first verifies AWS Signature Version 4. See `lambda_rt::server` for the details.\n\n\
             It answers every path (unknown ones with 404 `UnknownOperationException`), so combine\n\
             it with other routes by nesting it or as another router's `fallback_service`; axum\n\
             refuses to `merge` two routers that both have a fallback."
        ),
        "    ",
    ));
    out.push_str(&format!(
        "    pub fn router, pub fn router_service, signed as {};\n\n",
        serde_json::Value::from(api.signing_name.as_str())
    ));
    out.push_str("    operations {\n");
    for (i, op) in api.operations.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let body = if op.raw_request { "JsonPayload" } else { "Json" };
        let doc = format!("{}\n\n`{} {}`.", op.summary, op.method, op.path);
        out.push_str(&features::operation_entry(api, op, &doc, body)?);
    }
    out.push_str("    }\n}");
    Ok(out)
}
