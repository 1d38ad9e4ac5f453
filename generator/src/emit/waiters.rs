//! Waiters: a `wait_until_<waiter>` method on the client for each waiter of the model, built
//! on `lambda_rt::client::waiter`. Emitted into `src/waiters.rs`, compiled with the `client`
//! feature.
//!
//! The polling engine is in the runtime; each waiter is data (a `WaiterSpec` static: delay,
//! attempts and acceptors), and the only code is one small function per path, reading the
//! output's typed fields.

use super::features;
use super::rust::{doc, ident};
use crate::error::Error;
use crate::ir::waiter::{AcceptorState, Expected, Matcher, OutputPath, ScalarKind, Waiter};
use crate::ir::{Api, Operation};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The `waiters` module.
pub fn module(api: &Api) -> Result<TokenStream, Error> {
    let items = api.waiters.iter().map(|w| waiter(api, w)).collect::<Result<Vec<_>, _>>()?;
    Ok(quote! {
        #![allow(deprecated)]

        pub use lambda_rt::client::waiter::{
            FailureState, Poll, TimeoutReason, Waiter, WaiterConfig, WaiterError, WaiterTimeout,
        };
        // Unused when no waited-on operation's feature is enabled.
        #[allow(unused_imports)]
        use lambda_rt::client::waiter::{
            Acceptor, AcceptorState, ErrorMatcher, ErrorState, OutputMatcher, PathValue, WaiterSpec,
        };
        #[allow(unused_imports)]
        use crate::client::Client;

        #(#items)*
    })
}

/// The client method and the waiter's static.
fn waiter(api: &Api, w: &Waiter) -> Result<TokenStream, Error> {
    let op = api.operation(&w.operation)?;
    let module = ident(&op.snake);
    let marker = ident(&op.name);
    let input = ident(&api.input(op)?.rust_name);
    let method = ident(&w.method);
    let spec = ident(&w.method.trim_start_matches("wait_until_").to_ascii_uppercase());
    let name = &w.name;
    let delay = Literal::u64_unsuffixed(w.delay);
    let max_attempts = Literal::u32_unsuffixed(w.max_attempts);
    let acceptors = w.acceptors.iter().map(|a| {
        let matcher = matcher(&a.matcher);
        let on_error = a.matcher.looks_at_errors();
        let variant = if on_error { quote!(Error) } else { quote!(Output) };
        let state = match (a.state, on_error) {
            (AcceptorState::Success, _) => quote!(AcceptorState::Success),
            (AcceptorState::Failure, false) => quote!(AcceptorState::Failure),
            (AcceptorState::Retry, false) => quote!(AcceptorState::Retry),
            (AcceptorState::Failure, true) => quote!(ErrorState::Failure),
            (AcceptorState::Retry, true) => quote!(ErrorState::Retry),
        };
        quote!(Acceptor::#variant { state: #state, matcher: #matcher })
    });
    let method_doc = doc(&method_doc(w, op));
    let spec_doc = doc(&format!("The {name} waiter of the model."));
    // A waiter polls one operation, so it comes with that operation's feature.
    let cfg = features::cfg_tokens(&[op]);
    Ok(quote! {
        #cfg
        impl Client {
            #method_doc
            pub fn #method(
                &self,
                input: crate::operations::#module::#input,
            ) -> Waiter<crate::operations::#module::#marker> {
                Waiter::new(self.runtime().clone(), input, &#spec)
            }
        }

        #spec_doc
        #cfg
        static #spec: WaiterSpec<crate::operations::#module::#marker> = WaiterSpec {
            name: #name,
            delay: std::time::Duration::from_secs(#delay),
            max_attempts: #max_attempts,
            acceptors: &[#(#acceptors),*],
        };
    })
}

fn method_doc(w: &Waiter, op: &Operation) -> String {
    let mut text = format!(
        "{}\n\nPolls {} ([`Client::{}`]) until an acceptor decides, tried in order:\n",
        w.doc, op.name, op.snake
    );
    for a in &w.acceptors {
        let state = match a.state {
            AcceptorState::Success => "success",
            AcceptorState::Failure => "failure",
            AcceptorState::Retry => "retry",
        };
        text.push_str(&format!("- {state} when {}\n", describe(&a.matcher)));
    }
    text.push_str(&format!(
        "\nAn output no acceptor matches means \"not yet\"; an error no acceptor matches ends the wait \
         ([`WaiterError::Operation`]). The first poll is sent at once; each next one after a random \
         sleep between {delay} s and a bound that doubles after every poll up to 120 s; the wait \
         lasts at most {total} s in all (the model's {attempts} attempts {delay} s apart). Change the timing on the returned [`Waiter`] \
         (`max_wait`, `min_delay`, `max_delay`, `max_attempts`), then call [`Waiter::wait`].",
        delay = w.delay,
        attempts = w.max_attempts,
        total = w.delay.saturating_mul(u64::from(w.max_attempts)),
    ));
    text
}

/// An acceptor's test in words, for docs.
fn describe(m: &Matcher) -> String {
    let value = |e: &Expected| match e {
        Expected::String(s) => format!("{s:?}"),
        Expected::Bool(b) => b.to_string(),
        Expected::Int(i) => i.to_string(),
        Expected::Double(d) => d.to_string(),
    };
    match m {
        Matcher::Path(p, e) => format!("`{}` is `{}`", p.text, value(e)),
        Matcher::PathAll(p, e) => format!("every `{}` is `{}` (and there is one)", p.text, value(e)),
        Matcher::PathAny(p, e) => format!("some `{}` is `{}`", p.text, value(e)),
        Matcher::AnyOutput => "the call succeeds".into(),
        Matcher::AnyError => "the call fails with any error code".into(),
        Matcher::ErrorCode(c) => format!("the call fails with `{c}`"),
        Matcher::Status(s) => format!("the response has HTTP status {s}"),
    }
}

fn matcher(m: &Matcher) -> TokenStream {
    match m {
        Matcher::Path(p, e) => {
            let (text, select, expected) = (&p.text, select_one(p), expected(e));
            quote!(OutputMatcher::Path { path: #text, select: #select, expected: #expected })
        }
        Matcher::PathAll(p, e) => {
            let (text, select, expected) = (&p.text, select_each(p), expected(e));
            quote!(OutputMatcher::PathAll { path: #text, select: #select, expected: #expected })
        }
        Matcher::PathAny(p, e) => {
            let (text, select, expected) = (&p.text, select_each(p), expected(e));
            quote!(OutputMatcher::PathAny { path: #text, select: #select, expected: #expected })
        }
        Matcher::AnyOutput => quote!(OutputMatcher::Any),
        Matcher::AnyError => quote!(ErrorMatcher::Any),
        Matcher::ErrorCode(c) => quote!(ErrorMatcher::Code(#c)),
        Matcher::Status(s) => {
            let s = Literal::u16_unsuffixed(*s);
            if m.looks_at_errors() {
                quote!(ErrorMatcher::Status(#s))
            } else {
                quote!(OutputMatcher::Status(#s))
            }
        }
    }
}

fn expected(e: &Expected) -> TokenStream {
    match e {
        Expected::String(s) => quote!(PathValue::Str(#s)),
        Expected::Bool(b) => quote!(PathValue::Bool(#b)),
        Expected::Int(i) => {
            let lit = Literal::i64_unsuffixed(*i);
            quote!(PathValue::Int(#lit))
        }
        Expected::Double(d) => {
            let lit = Literal::f64_unsuffixed(*d);
            quote!(PathValue::Float(#lit))
        }
    }
}

/// `|v| PathValue::…(v)` for the value at the end of a path.
fn to_value(p: &OutputPath) -> TokenStream {
    match p.value {
        ScalarKind::String | ScalarKind::Enum(_) => quote!(|v| PathValue::Str(v.as_str())),
        ScalarKind::Bool => quote!(|v| PathValue::Bool(*v)),
        ScalarKind::Int => quote!(|v| PathValue::Int(i64::from(*v))),
        ScalarKind::Double => quote!(|v| PathValue::Float(*v)),
    }
}

/// A closure reading the one value at a path without projections: a chain of `Option`s.
fn select_one(p: &OutputPath) -> TokenStream {
    let mut chain = TokenStream::new();
    for (i, s) in p.steps.iter().enumerate() {
        let f = ident(&s.field);
        chain.extend(match (i, s.required) {
            (0, true) => quote!(Some(&o.#f)),
            (0, false) => quote!(o.#f.as_ref()),
            (_, true) => quote!(.map(|v| &v.#f)),
            (_, false) => quote!(.and_then(|v| v.#f.as_ref())),
        });
    }
    let to_value = to_value(p);
    quote!(|o| #chain.map(#to_value))
}

/// A closure reading every value a projected path selects: a chain of iterators.
fn select_each(p: &OutputPath) -> TokenStream {
    let mut chain = TokenStream::new();
    for (i, s) in p.steps.iter().enumerate() {
        let f = ident(&s.field);
        chain.extend(match (i, s.required, s.each) {
            (0, true, true) => quote!(o.#f.iter()),
            (0, false, true) => quote!(o.#f.iter().flatten()),
            (0, true, false) => quote!(std::iter::once(&o.#f)),
            (0, false, false) => quote!(o.#f.iter()),
            (_, true, true) => quote!(.flat_map(|v| v.#f.iter())),
            (_, false, true) => quote!(.flat_map(|v| v.#f.iter().flatten())),
            (_, true, false) => quote!(.map(|v| &v.#f)),
            (_, false, false) => quote!(.filter_map(|v| v.#f.as_ref())),
        });
    }
    let to_value = to_value(p);
    quote!(|o| #chain.map(#to_value).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_waiter_of_the_model_gets_a_method() {
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/lambda-2015-03-31.openapi.json");
        let text = std::fs::read_to_string(&spec).expect("spec is readable");
        let api = crate::load(&text, "spec/lambda-2015-03-31.openapi.json").expect("spec lowers");
        let names: Vec<&str> = api.waiters.iter().map(|w| w.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "FunctionActive",
                "FunctionActiveV2",
                "FunctionExists",
                "FunctionUpdated",
                "FunctionUpdatedV2",
                "PublishedVersionActive"
            ]
        );
        let text = module(&api).unwrap().to_string();
        for w in &api.waiters {
            assert!(text.contains(&format!("pub fn {} (", w.method)), "no method for {}", w.name);
        }
        assert!(text.contains("pub fn wait_until_function_active_v2 ("), "{text}");
    }
}
