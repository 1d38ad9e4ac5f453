//! Non-Rust and boilerplate files, from the askama templates in `templates/`.

use super::Files;
use crate::error::Error;
use crate::ir::{Api, Origin};
use askama::Template;
use quote::quote;

/// Crate-level settings that do not come from the spec.
#[derive(Clone, Debug)]
pub struct CrateOptions {
    /// Package name.
    pub crate_name: String,
    /// Package version.
    pub crate_version: String,
    /// Path from the generated crate to the runtime crate.
    pub runtime_path: String,
}

impl Default for CrateOptions {
    fn default() -> Self {
        CrateOptions {
            crate_name: "lambda-api".into(),
            crate_version: "0.1.0".into(),
            runtime_path: "../../runtime".into(),
        }
    }
}

#[derive(Template)]
#[template(path = "Cargo.toml.j2", escape = "none")]
struct CargoToml<'a> {
    spec_name: &'a str,
    crate_name: &'a str,
    crate_version: &'a str,
    title: &'a str,
    api_version: &'a str,
    runtime_path: &'a str,
    operations: Vec<OperationFeature<'a>>,
}

/// An operation's cargo feature, and whether it needs the runtime's event-stream framing.
struct OperationFeature<'a> {
    feature: &'a str,
    event_stream: bool,
}

#[derive(Template)]
#[template(path = "README.md.j2", escape = "none")]
struct Readme<'a> {
    spec_name: &'a str,
    crate_name: &'a str,
    crate_ident: String,
    title: &'a str,
    api_version: &'a str,
    operation_count: usize,
    data_type_count: usize,
    enum_count: usize,
    error_count: usize,
    waiter_count: usize,
    provenance: String,
    trait_name: String,
}

/// `Cargo.toml`, `README.md` and `src/lib.rs`.
pub fn emit(api: &Api, opts: &CrateOptions, out: &mut Files) -> Result<(), Error> {
    let cargo = CargoToml {
        spec_name: &api.spec_name,
        crate_name: &opts.crate_name,
        crate_version: &opts.crate_version,
        title: &api.title,
        api_version: &api.version,
        runtime_path: &opts.runtime_path,
        operations: api
            .operations
            .iter()
            .map(|op| OperationFeature {
                feature: super::features::feature(op),
                event_stream: op.event_stream.is_some(),
            })
            .collect(),
    };
    out.insert("Cargo.toml".into(), cargo.render().map_err(|source| Error::Template { name: "Cargo.toml", source })?);
    let readme = Readme {
        spec_name: &api.spec_name,
        crate_name: &opts.crate_name,
        crate_ident: opts.crate_name.replace('-', "_"),
        title: &api.title,
        api_version: &api.version,
        operation_count: api.operations.len(),
        data_type_count: api.structures.values().filter(|s| s.origin == Origin::DataType).count(),
        enum_count: api.enums.len(),
        error_count: api.errors.len(),
        waiter_count: api.waiters.len(),
        provenance: match &api.model_version {
            Some(m) => format!("The spec was imported from AWS's model of the service ({m})."),
            None => "The spec was transcribed from the API reference.".into(),
        },
        trait_name: super::server::trait_name(api),
    };
    out.insert("README.md".into(), readme.render().map_err(|source| Error::Template { name: "README.md", source })?);
    out.insert("src/lib.rs".into(), lib_rs(api)?);
    Ok(())
}

fn lib_rs(api: &Api) -> Result<String, Error> {
    let text = format!(
        "{}, API version {}.\n\n{}\n\nSee the [`operations`] module for inputs, outputs and errors of each operation.",
        api.title, api.version, api.doc
    );
    let lines: Vec<String> = text.lines().map(|l| format!(" {l}")).collect();
    let crate_doc = quote! { #( #![doc = #lines] )* };
    let version = &api.version;
    let sha = &api.spec_sha256;
    let signing = &api.signing_name;
    let common = api.common_errors.iter();
    let model = match &api.model_version {
        Some(m) => quote! {
            /// The model of the service the spec was imported from.
            pub const MODEL_VERSION: Option<&str> = Some(#m);
        },
        None => quote! {
            /// The model of the service the spec was imported from (none: transcribed by hand).
            pub const MODEL_VERSION: Option<&str> = None;
        },
    };
    let waiters = if api.waiters.is_empty() {
        quote!()
    } else {
        quote! {
            #[cfg(feature = "client-core")]
            pub mod waiters;
        }
    };
    let tokens = quote! {
        #crate_doc
        #![deny(missing_docs)]
        #![forbid(unsafe_code)]

        #[cfg(feature = "client-core")]
        pub mod client;
        /// The string enums, also reachable (and documented) in [`types`].
        #[doc(hidden)]
        pub mod enums;
        pub mod errors;
        pub mod operations;
        #[cfg(feature = "server")]
        pub mod server;
        pub mod types;
        mod validation;
        #waiters

        pub use lambda_rt::{Blob, Timestamp, Validate, ValidationError};

        /// The API version this crate was generated for.
        pub const API_VERSION: &str = #version;
        /// SHA-256 of the spec this crate was generated from.
        pub const SPEC_SHA256: &str = #sha;
        #model
        /// The name requests are signed with (Signature Version 4).
        pub const SIGNING_NAME: &str = #signing;
        /// Codes of the errors any operation can return.
        pub const COMMON_ERRORS: &[&str] = &[#(#common),*];
    };
    let parsed = super::rust::parse_file("lib.rs", tokens)?;
    Ok(format!("{}{}", super::rust::header(api), super::rust::space_items(&prettyplease::unparse(&parsed))))
}
