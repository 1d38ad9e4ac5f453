//! The async client: one method per operation, built on `lambda_rt::client`.
//! Emitted into `src/client.rs`, compiled with the `client` feature.
//!
//! Everything that is the same for every operation (signing, retries, decoding) is in the
//! runtime; each generated method only names its operation's marker type.

use super::rust::{doc, ident, ty};
use crate::ir::{Api, Member, Operation, TyKind};
use proc_macro2::TokenStream;
use quote::quote;

/// The `client` module.
pub fn module(api: &Api) -> TokenStream {
    let methods = api.operations.iter().map(|op| method(api, op));
    let paginators = api.operations.iter().filter_map(|op| pagination(api, op).map(|p| paginator(api, op, &p)));
    let title = &api.title;
    let client_doc = doc(&format!(
        "Async client for {title}: one method per operation.\n\n\
         Cloning is cheap; clones share the configuration and the connection pool. Every \
         method validates its input first (unless switched off in the [`Config`]), signs the \
         request with Signature Version 4, retries throttling and transient failures, and \
         returns the operation's output or an [`SdkError`] holding its typed error."
    ));
    quote! {
        #![allow(deprecated)]

        pub use lambda_rt::client::{
            Config, ConfigBuilder, ConfigError, Credentials, ItemStream, PageStream, Paginated,
            Paginator, RetryConfig, SdkError, ServiceError, TimeoutKind, Timeouts,
        };

        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: lambda_rt::client::Client,
        }

        impl Client {
            /// A client with this configuration.
            pub fn new(config: Config) -> Self {
                Client {
                    inner: lambda_rt::client::Client::new(config, crate::SIGNING_NAME),
                }
            }

            /// A client configured from the environment.
            ///
            /// By default: the region (`AWS_REGION`, else `AWS_DEFAULT_REGION`), static
            /// credentials (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`),
            /// the endpoint URL (`AWS_ENDPOINT_URL_LAMBDA`, else `AWS_ENDPOINT_URL`) and the
            /// endpoint variant (`AWS_USE_FIPS_ENDPOINT`, `AWS_USE_DUALSTACK_ENDPOINT`).
            /// Nothing else is read: no profile files, no instance metadata.
            ///
            /// With the feature `aws-config`: everything the AWS SDKs' default chain reads, via
            /// `aws-config` (see `ConfigBuilder::from_env`): the same variables, then profiles
            /// (`AWS_PROFILE`, `AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`) with SSO and
            /// credential processes, web identity tokens, container and instance metadata
            /// credentials (cached and refreshed before they expire), the region from the
            /// profile or instance metadata, endpoint URLs, FIPS and dual-stack from the
            /// profile, and `AWS_MAX_ATTEMPTS`. This blocks the calling thread while it loads;
            /// in async code, `Client::new(ConfigBuilder::load_from_env().await.build()?)`
            /// does not.
            pub fn from_env() -> Result<Self, ConfigError> {
                Ok(Self::new(ConfigBuilder::from_env().build()?))
            }

            /// The configuration.
            pub fn config(&self) -> &Config {
                self.inner.config()
            }

            /// The runtime client, to call an operation by its marker type
            /// (`client.runtime().call::<operations::list_functions::ListFunctions>(input)`).
            pub fn runtime(&self) -> &lambda_rt::client::Client {
                &self.inner
            }

            #(#methods)*
        }

        #(#paginators)*
    }
}

fn op_types(api: &Api, op: &Operation) -> (TokenStream, TokenStream, TokenStream, TokenStream) {
    let module = ident(&op.snake);
    let marker = ident(&op.name);
    let input = ident(&api.structures[&op.input].rust_name);
    let output = ident(&op.output_rust_name);
    let error = ident(&op.error_rust_name);
    (
        quote!(crate::operations::#module::#marker),
        quote!(crate::operations::#module::#input),
        quote!(crate::operations::#module::#output),
        quote!(crate::operations::#module::#error),
    )
}

fn deprecation(op: &Operation) -> (TokenStream, String) {
    match &op.deprecated {
        Some(note) => (quote!(#[deprecated(note = #note)]), format!("\n\nDeprecated: {note}")),
        None => (quote!(), String::new()),
    }
}

/// `pub async fn <snake>(&self, input) -> Result<Output, SdkError<Error>>`.
fn method(api: &Api, op: &Operation) -> TokenStream {
    let (marker, input, output, error) = op_types(api, op);
    let name = ident(&op.snake);
    let (deprecated, note) = deprecation(op);
    let extra = if op.event_stream.is_some() {
        "\n\nThe output is returned once the response headers arrive; its `event_stream` \
         yields the events as the body streams in."
    } else {
        ""
    };
    let d = doc(&format!(
        "{}{extra}{note}\n\nSee [`crate::operations::{}`] for the input, output and errors.",
        op.summary, op.snake
    ));
    let call = if op.event_stream.is_some() { quote!(call_event_stream) } else { quote!(call) };
    quote! {
        #d
        #deprecated
        pub async fn #name(&self, input: #input) -> Result<#output, SdkError<#error>> {
            self.inner.#call::<#marker>(input).await
        }
    }
}

/// How a list operation pages: its `Marker` input member, `NextMarker` output member and
/// the output's list of entries.
struct Pagination<'a> {
    marker: &'a Member,
    next_marker: &'a Member,
    items: &'a Member,
}

/// The members the operation's `x-aws-pagination` names (checked to exist by the lowering).
fn pagination<'a>(api: &'a Api, op: &Operation) -> Option<Pagination<'a>> {
    let p = op.pagination.as_ref()?;
    let input = &api.structures[&op.input];
    let output = &api.structures[&op.output];
    let find = |s: &'a crate::ir::Structure, name: &str| s.members.iter().find(|m| m.name == name);
    Some(Pagination {
        marker: find(input, &p.input_token)?,
        next_marker: find(output, &p.output_token)?,
        items: find(output, &p.items)?,
    })
}

/// `<snake>_paginator` method and the `Paginated` impl of the operation's marker type.
fn paginator(api: &Api, op: &Operation, p: &Pagination<'_>) -> TokenStream {
    let (marker_ty, input, _, _) = op_types(api, op);
    let name = ident(&format!("{}_paginator", op.snake));
    let TyKind::List(item) = &p.items.ty.kind else { unreachable!("pagination() only accepts list members") };
    let item_ty = ty(api, item);
    let marker = ident(&p.marker.field);
    let next = ident(&p.next_marker.field);
    let items = ident(&p.items.field);
    let set = if p.marker.required {
        quote!(input.#marker = marker.unwrap_or_default();)
    } else {
        quote!(input.#marker = marker;)
    };
    let get =
        if p.next_marker.required { quote!(Some(output.#next.as_str())) } else { quote!(output.#next.as_deref()) };
    let take = if p.items.required {
        quote!(std::mem::take(&mut output.#items))
    } else {
        quote!(output.#items.take().unwrap_or_default())
    };
    let (deprecated, note) = deprecation(op);
    let d = doc(&format!(
        "Pages through {}: `.pages()` streams each output, `.items()` each entry of `{}`, \
         following `NextMarker` until the last page.{note}",
        op.name, p.items.name
    ));
    quote! {
        impl Client {
            #d
            #deprecated
            pub fn #name(&self, input: #input) -> Paginator<#marker_ty> {
                Paginator::new(self.inner.clone(), input)
            }
        }

        impl lambda_rt::client::Paginated for #marker_ty {
            type Item = #item_ty;
            fn set_marker(input: &mut Self::Input, marker: Option<String>) {
                #set
            }
            fn next_marker(output: &Self::Output) -> Option<&str> {
                #get
            }
            fn take_items(output: &mut Self::Output) -> Vec<Self::Item> {
                #take
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_gets_a_method_and_list_operations_a_paginator() {
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/lambda-2015-03-31.openapi.json");
        let text = std::fs::read_to_string(&spec).expect("spec is readable");
        let api = crate::load(&text, "spec/lambda-2015-03-31.openapi.json").expect("spec lowers");
        let text = module(&api).to_string();
        for op in &api.operations {
            assert!(text.contains(&format!("pub async fn {} (", op.snake)), "no method for {}", op.name);
        }
        let mut paged: Vec<_> =
            api.operations.iter().filter(|op| pagination(&api, op).is_some()).map(|op| op.name.as_str()).collect();
        paged.sort();
        // Every paginator of the model's paginator file, and nothing guessed from member names.
        assert_eq!(
            paged,
            [
                "GetDurableExecutionHistory",
                "GetDurableExecutionState",
                "ListAliases",
                "ListCapacityProviders",
                "ListCodeSigningConfigs",
                "ListDurableExecutionsByFunction",
                "ListEventSourceMappings",
                "ListFunctionEventInvokeConfigs",
                "ListFunctionUrlConfigs",
                "ListFunctionVersionsByCapacityProvider",
                "ListFunctions",
                "ListFunctionsByCodeSigningConfig",
                "ListLayerVersions",
                "ListLayers",
                "ListProvisionedConcurrencyConfigs",
                "ListVersionsByFunction",
            ]
        );
        for op in &api.operations {
            assert_eq!(op.pagination.is_some(), pagination(&api, op).is_some(), "{}", op.name);
        }
        assert!(text.contains("call_event_stream :: < crate :: operations :: invoke_with_response_stream"));
    }
}
