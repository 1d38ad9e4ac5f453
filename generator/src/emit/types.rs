//! Structures, unions and enums, written as calls of the runtime's `structure!` and
//! `string_enum!` macros: the generated code lists members and values, the runtime writes
//! the serde, `Debug`, builder and validation code they all share.

use super::features;
use super::rust::{doc, doc_lines, has_default, ident, is_eq, structure_has_default, ty, ty_text, verbatim};
use crate::error::Error;
use crate::ir::{Api, EnumDef, Location, Member, Origin, Structure, Ty, TyKind};
use proc_macro2::TokenStream;
use quote::quote;

/// Every data type of the API (operation inputs and outputs live with their operation), each
/// compiled with the features of the operations that use it.
pub fn structures(api: &Api) -> Result<TokenStream, Error> {
    let users = features::users(api);
    let mut items = Vec::new();
    for s in api.structures.values().filter(|s| s.origin == Origin::DataType) {
        let cfg = features::cfg_tokens(users.get(&s.name).map(Vec::as_slice).unwrap_or_default());
        let def = if s.union { union(api, s, &cfg)? } else { structure(api, s)? };
        // A data type that is also operations' whole output travels as their response.
        let codec = if api.operations.iter().any(|o| o.shared_output && o.output == s.name) {
            super::http::output(api, s)?
        } else {
            quote!()
        };
        let codec = if codec.is_empty() {
            codec
        } else {
            quote! { #cfg #codec }
        };
        items.push(quote! { #cfg #def #codec });
    }
    Ok(quote! { #(#items)* })
}

/// One structure, as a `structure!` call; a union as an enum.
pub fn structure(api: &Api, s: &Structure) -> Result<TokenStream, Error> {
    if s.union {
        return union(api, s, &quote!());
    }
    Ok(verbatim(&structure_text(api, s)?))
}

fn structure_text(api: &Api, s: &Structure) -> Result<String, Error> {
    let streaming = s.members.iter().any(|m| matches!(m.ty.kind, TyKind::EventStream(_)));
    // A live event stream can be neither cloned nor compared.
    let mut derives: Vec<&str> = if streaming { vec![] } else { vec!["Clone", "PartialEq"] };
    if !streaming && s.members.iter().all(|m| is_eq(api, &m.ty)) {
        derives.push("Eq");
    }
    if structure_has_default(api, s) {
        derives.push("Default");
    }
    let form = match (&s.origin, s.members.iter().any(|m| m.required)) {
        (Origin::Input(_), _) => "validated",
        (_, true) => "checked",
        (_, false) => "infallible",
    };
    let builder_derive = if streaming { "" } else { "#[derive(Clone)] " };
    let validated = form == "validated";
    let mut out = String::from("lambda_rt::structure! {\n");
    out.push_str(&doc_lines(&s.doc, "    "));
    if !derives.is_empty() {
        out.push_str(&format!("    #[derive({})]\n", derives.join(", ")));
    }
    out.push_str(&format!("    {form} {} => {builder_derive}{}Builder {{\n", s.rust_name, s.rust_name));
    for m in &s.members {
        out.push_str(&doc_lines(&member_doc(m), "        "));
        out.push_str(&format!("        {},\n", member_line(api, m, validated)?));
    }
    out.push_str("    }\n}");
    Ok(out)
}

/// `field set_field: Type = kind "Name" (placeholder) [flags] check(rule)`.
fn member_line(api: &Api, m: &Member, validated: bool) -> Result<String, Error> {
    let set = format!("set_{}", m.field.trim_start_matches("r#"));
    let kind = if m.required { "req" } else { "opt" };
    let mut line = format!("{} {set}: {} = {kind} \"{}\"", m.field, ty_text(api, &m.ty)?, m.name);
    if m.required && validated {
        // A stand-in lets the other members be checked while this one is missing.
        let placeholder = match &m.ty.kind {
            TyKind::Enum(_) => format!("{}::Unknown(String::new())", ty_text(api, &m.ty)?),
            _ if has_default(api, &m.ty) => "Default::default()".to_string(),
            _ => String::new(),
        };
        line.push_str(&format!(" ({placeholder})"));
    }
    let flags: Vec<&str> = [(m.location != Location::Body, "bound"), (m.sensitive, "secret")]
        .into_iter()
        .filter_map(|(on, f)| on.then_some(f))
        .collect();
    if !flags.is_empty() {
        line.push_str(&format!(" [{}]", flags.join(" ")));
    }
    if let Some(rule) = rule(&m.ty) {
        line.push_str(&format!(" check({rule})"));
    }
    Ok(line)
}

/// The member's constraints as `rule!` calls (`len(1, 140), pattern(14)`), if any apply at
/// any level.
pub fn rule(t: &Ty) -> Option<String> {
    let c = &t.constraints;
    let mut calls = Vec::new();
    match (c.min_len, c.max_len) {
        (Some(a), Some(b)) => calls.push(format!("len({a}, {b})")),
        (Some(a), None) => calls.push(format!("min_len({a})")),
        (None, Some(b)) => calls.push(format!("max_len({b})")),
        (None, None) => {}
    }
    if let Some(p) = c.pattern {
        calls.push(format!("pattern({p})"));
    }
    let number = |x: f64| if x.fract() == 0.0 && x.abs() < 1e15 { format!("{}", x as i64) } else { format!("{x:?}") };
    match (c.min, c.max) {
        (Some(a), Some(b)) => calls.push(format!("range({}, {})", number(a), number(b))),
        (Some(a), None) => calls.push(format!("min({})", number(a))),
        (None, Some(b)) => calls.push(format!("max({})", number(b))),
        (None, None) => {}
    }
    match &t.kind {
        TyKind::List(i) => calls.extend(rule(i).map(|r| format!("items({r})"))),
        TyKind::Map(k, v) => {
            calls.extend(rule(k).map(|r| format!("keys({r})")));
            calls.extend(rule(v).map(|r| format!("values({r})")));
        }
        _ => {}
    }
    (!calls.is_empty()).then(|| calls.join(", "))
}

fn member_doc(m: &Member) -> String {
    let mut d = m.doc.clone();
    let mut notes = Vec::new();
    if !m.examples.is_empty() {
        let ex: Vec<String> = m
            .examples
            .iter()
            .map(|e| match e.as_str() {
                Some(s) => format!("`{s}`"),
                None => format!("`{e}`"),
            })
            .collect();
        notes.push(format!("Examples: {}.", ex.join(", ")));
    }
    match &m.location {
        Location::Path => notes.push("Sent in the request path.".into()),
        Location::Query(q) => notes.push(format!("Sent as query parameter `{q}`.")),
        Location::Header(h) => notes.push(format!("Travels in the `{h}` header.")),
        _ => {}
    }
    if !notes.is_empty() {
        d.push_str("\n\n");
        d.push_str(&notes.join(" "));
    }
    d
}

/// A union becomes an enum with one variant per member, written as `{"Member": value}` (the
/// runtime's `union_serde!`).
fn union(api: &Api, s: &Structure, cfg: &TokenStream) -> Result<TokenStream, Error> {
    let name = ident(&s.rust_name);
    let sdoc = doc(&s.doc);
    let mut variants = Vec::new();
    let mut wire_names = Vec::new();
    for m in &s.members {
        let v = ident(&crate::naming::type_name(&m.name));
        let t = ty(api, &m.ty)?;
        let wire = &m.name;
        let mdoc = doc(&m.doc);
        variants.push(quote! { #mdoc #v(#t), });
        wire_names.push(quote! { #v = #wire });
    }
    let checks = s.members.iter().map(|m| {
        let v = ident(&crate::naming::type_name(&m.name));
        let wire = &m.name;
        quote! { Self::#v(v) => lambda_rt::validation::Check::check(v, &lambda_rt::validation::Rule::NONE, &path.named(#wire), out, false), }
    });
    let eq = if s.members.iter().all(|m| is_eq(api, &m.ty)) { quote!(Eq,) } else { quote!() };
    let events = if api.operations.iter().any(|o| o.event_stream.as_deref() == Some(s.name.as_str())) {
        let events = super::http::stream_event(api, s)?;
        quote! { #cfg #events }
    } else {
        quote!()
    };
    Ok(quote! {
        #sdoc
        #[derive(Clone, Debug, PartialEq, #eq)]
        #[non_exhaustive]
        pub enum #name { #(#variants)* }

        #cfg
        lambda_rt::union_serde!(#name { #(#wire_names),* });

        #cfg
        impl lambda_rt::Validate for #name {
            fn validate_at(&self, path: &lambda_rt::Path<'_>, out: &mut lambda_rt::Violations) {
                match self { #(#checks)* }
            }
        }

        #cfg
        #[doc(hidden)]
        impl lambda_rt::validation::Check for #name {
            fn check(&self, _: &lambda_rt::validation::Rule, path: &lambda_rt::Path<'_>, out: &mut lambda_rt::Violations, _: bool) {
                lambda_rt::Validate::validate_at(self, path, out)
            }
        }

        #events
    })
}

/// Every named enum, each compiled with the features of the operations that use it.
pub fn enums(api: &Api) -> TokenStream {
    let users = features::users(api);
    let items = api.enums.values().map(|e| {
        let cfg = features::cfg_tokens(users.get(&e.name).map(Vec::as_slice).unwrap_or_default());
        let def = verbatim(&enum_text(e));
        quote! { #cfg #def }
    });
    quote! { #(#items)* }
}

fn enum_text(e: &EnumDef) -> String {
    let mut out = String::from("lambda_rt::string_enum! {\n");
    out.push_str(&doc_lines(&e.doc, "    "));
    out.push_str(&format!("    {} {{\n", e.rust_name));
    for (wire, variant) in &e.values {
        out.push_str(&format!("        {variant} = {},\n", serde_json::Value::from(wire.as_str())));
    }
    out.push_str("    }\n}");
    out
}
