//! Validators: one `Validate` impl per structure and operation input, and one shared static
//! per distinct pattern, compiled on first use.

use super::rust::ident;
use crate::ir::{Api, Location, Member, Origin, Structure, Ty, TyKind};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The validation module.
pub fn emit(api: &Api) -> TokenStream {
    let used = used_patterns(api);
    let patterns = api.patterns.iter().enumerate().filter(|(i, _)| used.contains(i)).map(|(i, p)| {
        let name = pattern_ident(i);
        let anchored = &p.anchored;
        let display = &p.display;
        let note = if p.backtracking { " Uses look-around, so it runs on the backtracking engine." } else { "" };
        let d = format!(" `{display}`{note}");
        quote! { #[doc = #d] pub(crate) static #name: lambda_rt::Pattern = lambda_rt::Pattern::new(#anchored, #display); }
    });
    let impls = api.structures.values().filter(|s| !matches!(s.origin, Origin::Output(_))).map(|s| structure(api, s));
    quote! {
        #![allow(clippy::needless_borrow, clippy::unnecessary_cast)]
        use lambda_rt::validation::{Path, Validate, Violations};
        #(#patterns)*
        #(#impls)*
    }
}

/// Patterns that some validated member uses (output-only members are not validated).
fn used_patterns(api: &Api) -> std::collections::BTreeSet<usize> {
    fn walk(t: &Ty, out: &mut std::collections::BTreeSet<usize>) {
        out.extend(t.constraints.pattern);
        match &t.kind {
            TyKind::List(i) => walk(i, out),
            TyKind::Map(k, v) => {
                walk(k, out);
                walk(v, out);
            }
            _ => {}
        }
    }
    let mut out = std::collections::BTreeSet::new();
    for s in api.structures.values().filter(|s| !matches!(s.origin, Origin::Output(_))) {
        for m in &s.members {
            walk(&m.ty, &mut out);
        }
    }
    out
}

fn pattern_ident(i: usize) -> proc_macro2::Ident {
    quote::format_ident!("PATTERN_{}", i)
}

fn structure(api: &Api, s: &Structure) -> TokenStream {
    let name = ident(&s.rust_name);
    let ty_path = match s.origin {
        Origin::DataType => quote!(crate::types::#name),
        _ => {
            let op = api.operations.iter().find(|o| o.input == s.name).map(|o| ident(&o.snake));
            quote!(crate::operations::#op::#name)
        }
    };
    let body = if s.union {
        let arms = s.members.iter().map(|m| {
            let v = ident(&crate::naming::type_name(&m.name));
            let msg = &m.message_name;
            let checks = value_checks(api, &m.ty, quote!(v), quote!(p), m.sensitive);
            quote! { #ty_path::#v(v) => { let p = path.member(#msg); #checks } }
        });
        quote! { match self { #(#arms)* } }
    } else {
        let checks: Vec<_> =
            s.members.iter().filter(|m| m.location != Location::StatusCode).map(|m| member(api, m)).collect();
        if checks.iter().all(|c| c.is_empty()) {
            quote! { let _ = (path, out); }
        } else {
            quote! { #(#checks)* }
        }
    };
    quote! {
        impl Validate for #ty_path {
            fn validate_at(&self, path: &Path<'_>, out: &mut Violations) {
                #body
            }
        }
    }
}

fn member(api: &Api, m: &Member) -> TokenStream {
    let f = ident(&m.field);
    let msg = &m.message_name;
    let checks = value_checks(api, &m.ty, quote!(v), quote!(p), m.sensitive);
    if checks.is_empty() {
        return quote!();
    }
    if m.required {
        quote! { { let v = &self.#f; let p = path.member(#msg); #checks } }
    } else {
        quote! { if let Some(v) = &self.#f { let p = path.member(#msg); #checks } }
    }
}

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(v) => {
            let l = Literal::u64_unsuffixed(v);
            quote!(Some(#l))
        }
        None => quote!(None),
    }
}

/// Checks for a value `v` (a reference) at path `p`; empty when nothing applies.
fn value_checks(api: &Api, t: &Ty, v: TokenStream, p: TokenStream, sensitive: bool) -> TokenStream {
    let c = &t.constraints;
    let mut out = TokenStream::new();
    let (min_len, max_len) = (opt_u64(c.min_len), opt_u64(c.max_len));
    let has_len = c.min_len.is_some() || c.max_len.is_some();
    match &t.kind {
        TyKind::String => {
            if has_len {
                out.extend(quote! { out.str_length(&#p, #v, #min_len, #max_len, #sensitive); });
            }
            if let Some(i) = c.pattern {
                let pat = pattern_ident(i);
                out.extend(quote! { out.pattern(&#p, #v, &#pat, #sensitive); });
            }
        }
        TyKind::Blob if has_len => out.extend(quote! { out.blob_length(&#p, #v.as_bytes(), #min_len, #max_len); }),
        TyKind::Int32 | TyKind::Int64 if c.min.is_some() || c.max.is_some() => {
            let lit = |x: Option<f64>| match x {
                Some(x) => {
                    let l = Literal::i64_unsuffixed(x as i64);
                    quote!(Some(#l))
                }
                None => quote!(None),
            };
            let (lo, hi) = (lit(c.min), lit(c.max));
            out.extend(quote! { out.int_range(&#p, *#v as i64, #lo, #hi); });
        }
        TyKind::Double if c.min.is_some() || c.max.is_some() => {
            let lit = |x: Option<f64>| match x {
                Some(x) => {
                    let l = Literal::f64_unsuffixed(x);
                    quote!(Some(#l))
                }
                None => quote!(None),
            };
            let (lo, hi) = (lit(c.min), lit(c.max));
            out.extend(quote! { out.float_range(&#p, *#v, #lo, #hi); });
        }
        TyKind::Enum(e) => {
            let name = ident(&api.enums[e].rust_name);
            out.extend(quote! { out.enum_value(&#p, #v.as_str(), #v.is_known(), crate::enums::#name::VALUES); });
        }
        TyKind::Struct(_) => out.extend(quote! { #v.validate_at(&#p, out); }),
        TyKind::List(inner) => {
            if has_len {
                let show = list_show(inner, sensitive, &v);
                out.extend(quote! { out.count(&#p, #v.len(), #min_len, #max_len, || #show); });
            }
            let item = value_checks(api, inner, quote!(item), quote!(ip), sensitive);
            if !item.is_empty() {
                out.extend(quote! { for (i, item) in #v.iter().enumerate() { let ip = #p.index(i); #item } });
            }
        }
        TyKind::Map(k, val) => {
            if has_len {
                let simple = |t: &Ty| {
                    matches!(
                        t.kind,
                        TyKind::String
                            | TyKind::Int32
                            | TyKind::Int64
                            | TyKind::Double
                            | TyKind::Bool
                            | TyKind::Enum(_)
                    )
                };
                let show = if sensitive {
                    quote!(lambda_rt::validation::REDACTED.to_string())
                } else if simple(k) && simple(val) {
                    quote!(lambda_rt::validation::show_map(#v.iter()))
                } else {
                    quote!(format!("{{{} entries}}", #v.len()))
                };
                out.extend(quote! { out.count(&#p, #v.len(), #min_len, #max_len, || #show); });
            }
            let key_ref = match k.kind {
                TyKind::Enum(_) => quote!(key),
                _ => quote!(key.as_str()),
            };
            let key_checks = value_checks(api, k, key_ref, quote!(#p), false);
            let val_checks = value_checks(api, val, quote!(value), quote!(vp), sensitive);
            if !key_checks.is_empty() || !val_checks.is_empty() {
                let key_part = if key_checks.is_empty() {
                    quote!()
                } else {
                    quote! {
                        let mut key_out = out.child();
                        { let out = &mut key_out; #key_checks }
                        out.map_keys(&#p, key.as_str(), key_out);
                    }
                };
                let val_part = if val_checks.is_empty() {
                    quote!()
                } else {
                    quote! { let vp = #p.key(key.as_str()); #val_checks }
                };
                if val_checks.is_empty() {
                    out.extend(quote! { for key in #v.keys() { #key_part } });
                } else {
                    out.extend(quote! { for (key, value) in #v.iter() { #key_part #val_part } });
                }
            }
        }
        _ => {}
    }
    out
}

fn list_show(inner: &Ty, sensitive: bool, v: &TokenStream) -> TokenStream {
    if sensitive {
        return quote!(lambda_rt::validation::REDACTED.to_string());
    }
    match inner.kind {
        TyKind::String | TyKind::Int32 | TyKind::Int64 | TyKind::Double | TyKind::Bool | TyKind::Enum(_) => {
            quote!(lambda_rt::validation::show_list(#v.iter()))
        }
        _ => quote!(format!("[{} items]", #v.len())),
    }
}
