//! Structures, unions and enums.

use super::rust::{doc, field_ty, has_default, ident, is_eq, ty, ty_text};
use crate::ir::{Api, EnumDef, Location, Origin, Structure};
use proc_macro2::TokenStream;
use quote::quote;

/// Every data type of the reference (operation inputs and outputs live with their operation).
pub fn structures(api: &Api) -> TokenStream {
    let items = api.structures.values().filter(|s| s.origin == Origin::DataType).map(|s| {
        let def = structure(api, s);
        // A data type that is also operations' whole output travels as their response.
        let codec = if api.operations.iter().any(|o| o.shared_output && o.output == s.name) {
            super::http::output(api, s)
        } else {
            quote!()
        };
        quote! { #def #codec }
    });
    quote! { #(#items)* }
}

/// One structure: fields with wire names, `Option` for optional members, derived traits that
/// fit its members, and a hand-written `Debug` when a member is secret.
pub fn structure(api: &Api, s: &Structure) -> TokenStream {
    if s.union {
        return union(api, s);
    }
    let name = ident(&s.rust_name);
    let sdoc = doc(&s.doc);
    let fields = s.members.iter().map(|m| {
        let f = ident(&m.field);
        let t = field_ty(api, m);
        let wire = &m.name;
        let mdoc = doc(&member_doc(m));
        let serde_attr = if m.location != Location::Body {
            // Bound to the path, query, headers, status or raw body, not the JSON body.
            quote!(#[serde(skip)])
        } else if m.required {
            quote!(#[serde(rename = #wire)])
        } else {
            quote!(#[serde(rename = #wire, default, skip_serializing_if = "Option::is_none")])
        };
        quote! { #mdoc #serde_attr pub #f: #t, }
    });
    let all_default = s.members.iter().all(|m| !m.required || has_default(api, &m.ty));
    let eq = s.members.iter().all(|m| is_eq(api, &m.ty));
    let streaming = s.members.iter().any(|m| matches!(m.ty.kind, crate::ir::TyKind::EventStream(_)));
    // A live event stream can be neither cloned nor compared.
    let mut derives = if streaming { vec![] } else { vec![quote!(Clone), quote!(PartialEq)] };
    if eq && !streaming {
        derives.push(quote!(Eq));
    }
    if all_default {
        derives.push(quote!(Default));
    }
    if !s.has_sensitive() {
        derives.push(quote!(Debug));
    }
    derives.push(quote!(serde::Serialize));
    derives.push(quote!(serde::Deserialize));
    let debug = if s.has_sensitive() { redacting_debug(s) } else { quote!() };
    let builder = builder(api, s, streaming);
    quote! {
        #sdoc
        #[derive(#(#derives),*)]
        #[non_exhaustive]
        pub struct #name { #(#fields)* }
        #debug
        #builder
    }
}

/// The structure's builder, written by the runtime's `builder!` macro from the member list:
/// inputs check every constraint on `build`, other structures only their required members.
fn builder(api: &Api, s: &Structure, streaming: bool) -> TokenStream {
    let required = s.members.iter().any(|m| m.required);
    let form = match (&s.origin, required) {
        (Origin::Input(_), _) => "validated",
        (_, true) => "checked",
        (_, false) => "infallible",
    };
    let members: String = s
        .members
        .iter()
        .map(|m| {
            let f = &m.field;
            let set = format!("set_{}", m.field.trim_start_matches("r#"));
            let t = ty_text(api, &m.ty);
            let msg = &m.message_name;
            if !m.required {
                return format!("    {f} {set}: {t} = opt \"{msg}\",\n");
            }
            // A stand-in lets the other members be checked while this one is missing.
            let placeholder = match &m.ty.kind {
                crate::ir::TyKind::Enum(e) => {
                    format!("crate::enums::{}::Unknown(String::new())", api.enums[e].rust_name)
                }
                _ if has_default(api, &m.ty) => "Default::default()".to_string(),
                _ => String::new(),
            };
            format!("    {f} {set}: {t} = req \"{msg}\" ({placeholder}),\n")
        })
        .collect();
    // A live event stream can be neither cloned nor printed.
    let derives = match (streaming, s.has_sensitive()) {
        (true, _) => "",
        (false, true) => "#[derive(Clone)] ",
        (false, false) => "#[derive(Clone, Debug)] ",
    };
    super::rust::verbatim(&format!(
        "lambda_rt::builder!({form} {derives}{}Builder => {} {{\n{members}}});",
        s.rust_name, s.rust_name
    ))
}

fn member_doc(m: &crate::ir::Member) -> String {
    let mut d = m.doc.clone();
    if !m.examples.is_empty() {
        let ex: Vec<String> = m
            .examples
            .iter()
            .map(|e| match e.as_str() {
                Some(s) => format!("`{s}`"),
                None => format!("`{e}`"),
            })
            .collect();
        d.push_str(&format!("\n\nExamples: {}.", ex.join(", ")));
    }
    match &m.location {
        Location::Path => d.push_str("\n\nSent in the request path."),
        Location::Query(q) => d.push_str(&format!("\n\nSent as query parameter `{q}`.")),
        Location::Header(h) => d.push_str(&format!("\n\nTravels in the `{h}` header.")),
        _ => {}
    }
    d
}

/// `Debug` that shows secret members as redacted.
pub fn redacting_debug(s: &Structure) -> TokenStream {
    let name = ident(&s.rust_name);
    let label = &s.rust_name;
    let fields = s.members.iter().map(|m| {
        let f = ident(&m.field);
        let shown = m.field.trim_start_matches("r#");
        if !m.sensitive {
            quote!(.field(#shown, &self.#f))
        } else if m.required {
            quote!(.field(#shown, &lambda_rt::Redacted))
        } else {
            quote!(.field(#shown, &self.#f.as_ref().map(|_| lambda_rt::Redacted)))
        }
    });
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#label) #(#fields)* .finish()
            }
        }
    }
}

/// A union becomes an enum with one variant per member; serde's external tagging matches
/// the JSON form `{"Member": value}`.
fn union(api: &Api, s: &Structure) -> TokenStream {
    let name = ident(&s.rust_name);
    let sdoc = doc(&s.doc);
    let variants = s.members.iter().map(|m| {
        let v = ident(&crate::naming::type_name(&m.name));
        let t = ty(api, &m.ty);
        let wire = &m.name;
        let mdoc = doc(&m.doc);
        quote! { #mdoc #[serde(rename = #wire)] #v(#t), }
    });
    let eq = s.members.iter().all(|m| is_eq(api, &m.ty));
    let eq = if eq { quote!(Eq,) } else { quote!() };
    let events = if api.operations.iter().any(|o| o.event_stream.as_deref() == Some(s.name.as_str())) {
        super::http::stream_event(api, s)
    } else {
        quote!()
    };
    quote! {
        #sdoc
        #[derive(Clone, Debug, PartialEq, #eq serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub enum #name { #(#variants)* }
        #events
    }
}

/// Every named enum.
pub fn enums(api: &Api) -> TokenStream {
    let items = api.enums.values().map(enum_def);
    quote! { #(#items)* }
}

fn enum_def(e: &EnumDef) -> TokenStream {
    let name = ident(&e.rust_name);
    let edoc = doc(&e.doc);
    let variants = e.values.iter().map(|(wire, v)| {
        let v = ident(v);
        let d = format!(" `{wire}`");
        quote! { #[doc = #d] #v, }
    });
    let to_str = e.values.iter().map(|(wire, v)| {
        let v = ident(v);
        quote! { Self::#v => #wire, }
    });
    let from_str = e.values.iter().map(|(wire, v)| {
        let v = ident(v);
        quote! { #wire => Self::#v, }
    });
    let wires = e.values.iter().map(|(w, _)| w);
    quote! {
        #edoc
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not list; kept as sent.
            Unknown(String),
        }
        impl #name {
            /// Every value the spec lists, in spec order.
            pub const VALUES: &'static [&'static str] = &[#(#wires),*];
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self { #(#to_str)* Self::Unknown(s) => s }
            }
            /// Whether the spec lists this value.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }
        impl From<&str> for #name {
            fn from(s: &str) -> Self {
                match s { #(#from_str)* other => Self::Unknown(other.to_owned()) }
            }
        }
        impl From<String> for #name {
            fn from(s: String) -> Self {
                match Self::from(s.as_str()) { Self::Unknown(_) => Self::Unknown(s), known => known }
            }
        }
        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(s))
            }
        }
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d).map(Self::from)
            }
        }
    }
}
