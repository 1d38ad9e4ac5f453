//! The async client: one method per operation, built on `lambda_rt::client`, written as calls
//! of the runtime's `client_methods!` and `paginators!` macros. Emitted into `src/client.rs`,
//! compiled with the `client` feature.
//!
//! Everything that is the same for every operation (signing, retries, decoding) is in the
//! runtime; each generated method only names its operation's types.

use super::features;
use super::rust::{doc, ty_text, verbatim};
use crate::error::Error;
use crate::ir::{Api, Member, Operation, TyKind};
use proc_macro2::TokenStream;
use quote::quote;

/// The `client` module.
pub fn module(api: &Api) -> Result<TokenStream, Error> {
    let title = &api.title;
    let client_doc = doc(&format!(
        "Async client for {title}: one method per operation.\n\n\
         Cloning is cheap; clones share the configuration and the connection pool. Every \
         method validates its input first (unless switched off in the [`Config`]), signs the \
         request with Signature Version 4, retries throttling and transient failures, and \
         returns the operation's output or an [`SdkError`] holding its typed error."
    ));
    let methods = verbatim(&methods(api)?);
    let paginators = verbatim(&paginators(api)?);
    Ok(quote! {
        #![allow(deprecated)]

        pub use lambda_rt::client::{
            Config, ConfigBuilder, ConfigError, Credentials, ItemStream, PageStream, Paginated,
            Paginator, RetryConfig, SdkError, ServiceError, StreamExt, TimeoutKind, Timeouts,
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
        }

        #methods

        #paginators
    })
}

fn deprecated_attr(op: &Operation, indent: &str) -> String {
    match &op.deprecated {
        Some(note) => format!("{indent}#[deprecated(note = {})]\n", serde_json::Value::from(note.as_str())),
        None => String::new(),
    }
}

/// `impl Client { client_methods! { ... } }`: one line per operation after its docs.
fn methods(api: &Api) -> Result<String, Error> {
    let mut out = String::from("impl Client {\n    lambda_rt::client_methods! {\n");
    for (i, op) in api.operations.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let stream = if op.event_stream.is_some() {
            "\n\nReturns once the response headers arrive; the output's `event_stream` yields the events as the \
             body streams in."
        } else {
            ""
        };
        let note = op.deprecated.as_ref().map(|n| format!("\n\nDeprecated: {n}")).unwrap_or_default();
        let call = if op.event_stream.is_some() { "call_event_stream" } else { "call" };
        out.push_str(&features::operation_entry(api, op, &format!("{}{stream}{note}", op.summary), call)?);
    }
    out.push_str("    }\n}");
    Ok(out)
}

/// How a list operation pages: its token input member, next-token output member and the
/// output's list of entries.
struct Pagination<'a> {
    marker: &'a Member,
    next_marker: &'a Member,
    items: &'a Member,
}

/// The members the operation's `x-aws-pagination` names (checked to exist by the lowering),
/// if it pages.
fn pagination<'a>(api: &'a Api, op: &Operation) -> Result<Option<Pagination<'a>>, Error> {
    let Some(p) = op.pagination.as_ref() else { return Ok(None) };
    let (input, output) = (api.input(op)?, api.output(op)?);
    let find = |s: &'a crate::ir::Structure, name: &str| {
        s.members.iter().find(|m| m.name == name).ok_or_else(|| Error::Unresolved {
            what: "member",
            name: format!("{}.{name} (x-aws-pagination of {})", s.name, op.name),
        })
    };
    Ok(Some(Pagination {
        marker: find(input, &p.input_token)?,
        next_marker: find(output, &p.output_token)?,
        items: find(output, &p.items)?,
    }))
}

/// `paginators!(Client { ... })`: one line per list operation.
fn paginators(api: &Api) -> Result<String, Error> {
    let mut out = String::from("lambda_rt::paginators!(Client {\n");
    let mut first = true;
    for op in &api.operations {
        let Some(p) = pagination(api, op)? else { continue };
        // Lowering checked that the items member is a list.
        let TyKind::List(item) = &p.items.ty.kind else {
            return Err(Error::Internal(format!("the paginated items {} of {} are not a list", p.items.name, op.name)));
        };
        if !first {
            out.push('\n');
        }
        first = false;
        out.push_str(&format!("    {}\n", features::cfg(&[op])));
        out.push_str(&deprecated_attr(op, "    "));
        let input = &api.input(op)?.rust_name;
        out.push_str(&format!(
            "    {}_paginator: {}::{}({input}) {} -> {}, {}: {};\n",
            op.snake,
            op.snake,
            op.name,
            p.marker.field,
            p.next_marker.field,
            p.items.field,
            ty_text(api, item)?
        ));
    }
    out.push_str("});");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_gets_a_method_and_list_operations_a_paginator() {
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/lambda-2015-03-31.openapi.json");
        let text = std::fs::read_to_string(&spec).expect("spec is readable");
        let api = crate::load(&text, "spec/lambda-2015-03-31.openapi.json").expect("spec lowers");
        let text = methods(&api).unwrap();
        for op in &api.operations {
            assert!(text.contains(&format!("        {}: call", op.snake)), "no method for {}", op.name);
        }
        let mut paged: Vec<_> = api
            .operations
            .iter()
            .filter(|op| pagination(&api, op).unwrap().is_some())
            .map(|op| op.name.as_str())
            .collect();
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
            assert_eq!(op.pagination.is_some(), pagination(&api, op).unwrap().is_some(), "{}", op.name);
        }
        assert!(text.contains("invoke_with_response_stream: call_event_stream InvokeWithResponseStream("));
        assert_eq!(paginators(&api).unwrap().matches("_paginator: ").count(), 16);
    }
}
