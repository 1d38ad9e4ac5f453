//! The patterns that members' rules name by index (`check(pattern(14))`): one entry per
//! distinct pattern of the spec, compiled on first use.

use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

/// The validation module.
pub fn emit(api: &Api) -> TokenStream {
    let count = api.patterns.len();
    let entries = api.patterns.iter().map(|p| {
        let anchored = &p.anchored;
        let display = &p.display;
        quote! { lambda_rt::Pattern::new(#anchored, #display), }
    });
    quote! {
        /// Every distinct pattern of the spec, as matched (`^(?:P)$`) and as messages show it.
        // Only the types of the enabled operations refer to them.
        #[allow(dead_code)]
        pub(crate) static PATTERNS: [lambda_rt::Pattern; #count] = [#(#entries)*];
    }
}
