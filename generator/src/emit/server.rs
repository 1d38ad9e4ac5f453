//! Server stubs: a trait with one async method per operation and an axum router, built on
//! `lambda_rt::server`. Emitted into `src/server.rs`, compiled with the `server` feature.

use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

/// The `server` module.
pub fn module(api: &Api) -> TokenStream {
    let _ = api;
    quote! {}
}
