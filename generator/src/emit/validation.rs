//! The patterns that members' rules name by index (`check(pattern(14))`): one entry per
//! distinct pattern of the spec, compiled on first use.

use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

/// The validation module.
pub fn emit(api: &Api) -> TokenStream {
    let count = api.patterns.len();
    let entries = api.patterns.iter().map(|p| {
        let display = &p.display;
        if let Some(regex) = p.lowered.as_single() {
            return quote! { lambda_rt::Pattern::new(#regex, #display), };
        }
        let alternatives = p.lowered.alternatives.iter().map(|a| {
            let (regex, unless) = (&a.regex, &a.unless);
            quote! { lambda_rt::validation::Alternative { regex: #regex, unless: &[#(#unless),*] } }
        });
        quote! { lambda_rt::Pattern::any_of(&[#(#alternatives),*], #display), }
    });
    quote! {
        /// Every distinct pattern of the spec, as the runtime matches it and as messages show it.
        // Only the types of the enabled operations refer to them.
        #[allow(dead_code)]
        pub(crate) static PATTERNS: [lambda_rt::Pattern; #count] = [#(#entries)*];
    }
}
