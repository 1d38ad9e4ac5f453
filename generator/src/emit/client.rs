//! The async client: one method per operation, built on `lambda_rt::client`.
//! Emitted into `src/client.rs`, compiled with the `client` feature.

use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

/// The `client` module.
pub fn module(api: &Api) -> TokenStream {
    let _ = api;
    quote! {}
}
