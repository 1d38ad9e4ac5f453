//! HTTP codecs: how each operation's input and output map to requests and responses, and
//! how event stream unions map to raw events. The client and the server share these.

use super::rust::{ident, structure_has_default, ty};
use crate::error::Error;
use crate::ir::{Api, Location, Member, Operation, Structure, TyKind};
use proc_macro2::TokenStream;
use quote::quote;

fn has_json_body(s: &Structure) -> bool {
    s.members.iter().any(|m| m.location == Location::Body)
}

/// Text form of a bound value (path, query, header).
fn to_text(m: &Member, v: TokenStream) -> TokenStream {
    let _ = m;
    quote!(#v.to_string())
}

/// The value of a message with no JSON body, before its bound members are read: built
/// directly when the structure has a `Default` (no per-message parse of `{}`).
fn empty_message(api: &Api, s: &Structure) -> TokenStream {
    if structure_has_default(api, s) {
        quote!(Self::default())
    } else {
        quote!(lambda_rt::http::json_body(b"{}")?)
    }
}

/// On a `from_http` that starts from `Self::default()`: its members are then read one by one
/// (with the missing ones collected), which a struct literal could not do.
fn default_then_assign(api: &Api, s: &Structure) -> TokenStream {
    if !has_json_body(s) && structure_has_default(api, s) {
        quote!(#[allow(clippy::field_reassign_with_default)])
    } else {
        quote!()
    }
}

/// `HttpInput` for the operation's input.
pub fn input(api: &Api, op: &Operation) -> Result<TokenStream, Error> {
    let s = api.input(op)?;
    let name = ident(&s.rust_name);
    let marker = ident(&op.name);
    // `http::Method`'s constants are the upper-case method names.
    let method = quote::format_ident!("{}", op.method.as_str());
    let labels: Vec<_> = s.members.iter().filter(|m| m.location == Location::Path).collect();
    let label_fn = if labels.is_empty() {
        quote!(|_| String::new())
    } else {
        let arms = labels.iter().map(|m| {
            let f = ident(&m.field);
            let n = &m.name;
            let text = to_text(m, quote!(self.#f));
            quote!(#n => #text,)
        });
        quote!(|label| match label { #(#arms)* _ => String::new() })
    };
    let literals = op.query_literals.iter().map(|(k, v)| quote!(req.query.push((#k.to_string(), #v.to_string()));));
    let mut to = Vec::new();
    let mut from = Vec::new();
    for m in &s.members {
        let f = ident(&m.field);
        let n = &m.name;
        let msg = &m.message_name;
        match &m.location {
            Location::Query(wire) | Location::Header(wire) => {
                let is_query = matches!(m.location, Location::Query(_));
                let item = to_text(m, quote!(v));
                let put = if is_query {
                    quote!(req.query.push((#wire.to_string(), #item));)
                } else {
                    // Lower-case, so the runtime takes the name as it is.
                    let name = wire.to_ascii_lowercase();
                    quote!(lambda_rt::http::put_header(&mut req.headers, #name, v)?;)
                };
                let list = matches!(m.ty.kind, TyKind::List(_));
                to.push(match (list, m.required) {
                    (true, true) => quote! { for v in &self.#f { #put } },
                    (true, false) => quote! { for v in self.#f.iter().flatten() { #put } },
                    (false, true) => quote! { { let v = &self.#f; #put } },
                    (false, false) => quote! { if let Some(v) = &self.#f { #put } },
                });
                if let TyKind::List(element) = &m.ty.kind {
                    let inner = ty(api, element)?;
                    let values = if is_query {
                        quote!(req.query_values(#wire))
                    } else {
                        quote!(req.header(#wire).map(|h| h.split(',').map(str::trim).collect::<Vec<_>>()).unwrap_or_default())
                    };
                    let set = if m.required { quote!(input.#f = parsed;) } else { quote!(input.#f = Some(parsed);) };
                    let absent = if m.required { quote!(missing.push(#msg.to_string());) } else { quote!() };
                    from.push(quote! {
                        let values = #values;
                        if values.is_empty() {
                            #absent
                        } else {
                            let parsed = values.into_iter().map(|v| lambda_rt::http::parse_value::<#inner>(#n, v)).collect::<Result<Vec<_>, _>>()?;
                            #set
                        }
                    });
                } else {
                    let t = ty(api, &m.ty)?;
                    let get = if is_query { quote!(req.query_value(#wire)) } else { quote!(req.header(#wire)) };
                    from.push(if m.required {
                        quote! {
                            match #get {
                                Some(v) => input.#f = lambda_rt::http::parse_value::<#t>(#n, v)?,
                                None => missing.push(#msg.to_string()),
                            }
                        }
                    } else {
                        quote! { input.#f = lambda_rt::http::parse_optional::<#t>(#n, #get)?; }
                    });
                }
            }
            Location::Path => {
                let t = ty(api, &m.ty)?;
                from.push(quote! {
                    if let Some((_, v)) = labels.iter().find(|(l, _)| *l == #n) {
                        input.#f = lambda_rt::http::parse_value::<#t>(#n, v)?;
                    } else {
                        missing.push(#msg.to_string());
                    }
                });
            }
            Location::Payload if matches!(m.ty.kind, TyKind::Struct(_)) => {
                // A structure bound to the whole body travels as that structure's JSON.
                let set_type = quote! { lambda_rt::http::set_content_type(&mut req.headers, "application/json"); };
                to.push(if m.required {
                    quote! { #set_type req.body = lambda_rt::http::to_json(&self.#f)?; }
                } else {
                    quote! { if let Some(v) = &self.#f { #set_type req.body = lambda_rt::http::to_json(v)?; } }
                });
                from.push(if m.required {
                    quote! { input.#f = lambda_rt::http::json_body(&req.body)?; }
                } else {
                    quote! { if !req.body.is_empty() { input.#f = Some(lambda_rt::http::json_body(&req.body)?); } }
                });
            }
            Location::Payload => {
                to.push(if m.required {
                    quote! { req.body = self.#f.to_bytes(); }
                } else {
                    quote! { if let Some(v) = &self.#f { req.body = v.to_bytes(); } }
                });
                from.push(if m.required {
                    quote! { input.#f = lambda_rt::Blob::new(req.body.clone()); }
                } else {
                    quote! { if !req.body.is_empty() { input.#f = Some(lambda_rt::Blob::new(req.body.clone())); } }
                });
            }
            _ => {}
        }
    }
    let body_to = if has_json_body(s) {
        quote! {
            lambda_rt::http::set_content_type(&mut req.headers, "application/json");
            req.body = lambda_rt::http::to_json(self)?;
        }
    } else if op.raw_request {
        quote! { lambda_rt::http::set_content_type(&mut req.headers, "application/octet-stream"); }
    } else {
        quote!()
    };
    let required_body = required_body(api, s)?;
    let mut_input = if from.is_empty() { quote!() } else { quote!(mut) };
    let allow_assign = default_then_assign(api, s);
    let (bind, absent_check) = if !has_json_body(s) {
        let empty = empty_message(api, s);
        (quote!(let #mut_input input: Self = #empty;), quote!())
    } else if required_body.is_empty() {
        (quote!(let #mut_input input: Self = lambda_rt::http::json_body(&req.body)?;), quote!())
    } else {
        (
            quote! {
                let (#mut_input input, absent): (Self, Vec<String>) =
                    lambda_rt::http::json_body_required(&req.body, &[#(#required_body),*])?;
            },
            quote!(lambda_rt::http::check_absent(&input, &absent)?;),
        )
    };
    // Only members that can be absent from the wire are collected as missing.
    let needs_missing = s
        .members
        .iter()
        .any(|m| m.required && matches!(m.location, Location::Path | Location::Query(_) | Location::Header(_)));
    let (mut_missing, check_missing) = if needs_missing {
        (
            quote!(let mut missing: Vec<String> = Vec::new();),
            quote! { if !missing.is_empty() { return Err(lambda_rt::http::BindError::Missing(missing)); } },
        )
    } else {
        (quote!(), quote!())
    };
    let uses_labels = s.members.iter().any(|m| m.location == Location::Path);
    let uses_req = has_json_body(s)
        || s.members.iter().any(|m| matches!(m.location, Location::Query(_) | Location::Header(_) | Location::Payload));
    let unused_labels = if uses_labels { quote!() } else { quote!(let _ = labels;) };
    let unused_req = if uses_req { quote!() } else { quote!(let _ = req;) };
    let mut_req =
        if op.query_literals.is_empty() && to.is_empty() && body_to.is_empty() { quote!() } else { quote!(mut) };
    let tokens: Vec<_> = s
        .members
        .iter()
        .filter(|m| m.idempotency_token && !m.required && matches!(m.ty.kind, TyKind::String))
        .map(|m| {
            let f = ident(&m.field);
            quote! { if self.#f.is_none() { self.#f = Some(lambda_rt::binding::idempotency_token()); } }
        })
        .collect();
    let fill = if tokens.is_empty() {
        quote!()
    } else {
        quote! { fn fill_idempotency_tokens(&mut self) { #(#tokens)* } }
    };
    Ok(quote! {
        #[doc(hidden)]
        impl lambda_rt::binding::HttpInput for #name {
            #fill
            fn to_http(&self) -> Result<lambda_rt::http::HttpRequest, lambda_rt::http::BindError> {
                let #mut_req req = lambda_rt::http::HttpRequest {
                    method: lambda_rt::http::Method::#method,
                    path: lambda_rt::binding::build_path(<#marker as lambda_rt::binding::Operation>::BINDING.segments, #label_fn),
                    ..Default::default()
                };
                #(#literals)*
                #(#to)*
                #body_to
                Ok(req)
            }
            #allow_assign
            fn from_http(req: &lambda_rt::http::HttpRequest, labels: &[(&'static str, String)]) -> Result<Self, lambda_rt::http::BindError> {
                #unused_labels
                #unused_req
                #bind
                #mut_missing
                #(#from)*
                #check_missing
                #absent_check
                Ok(input)
            }
        }
    })
}

/// `("Member", placeholder)` for each required body member, for `json_body_required`.
fn required_body(api: &Api, s: &Structure) -> Result<Vec<TokenStream>, Error> {
    let mut out = Vec::new();
    for m in s.members.iter().filter(|m| m.required && m.location == Location::Body) {
        let (name, filler) = (&m.name, placeholder(api, &m.ty)?);
        out.push(quote!((#name, #filler)));
    }
    Ok(out)
}

/// JSON that stands in for an absent required member while the rest of a request is
/// checked: the emptiest value of its type, with a structure's own required members filled.
fn placeholder(api: &Api, t: &crate::ir::Ty) -> Result<String, Error> {
    Ok(match &t.kind {
        TyKind::String | TyKind::Blob | TyKind::Enum(_) => "\"\"".into(),
        TyKind::Int32 | TyKind::Int64 | TyKind::Double | TyKind::Timestamp => "0".into(),
        TyKind::Bool => "false".into(),
        TyKind::List(_) => "[]".into(),
        TyKind::Map(..) | TyKind::EventStream(_) => "{}".into(),
        TyKind::Struct(n) => {
            let mut fields = Vec::new();
            for m in api.structure(n)?.members.iter().filter(|m| m.required) {
                fields.push(format!("{}:{}", serde_json::Value::from(m.name.as_str()), placeholder(api, &m.ty)?));
            }
            format!("{{{}}}", fields.join(","))
        }
    })
}

/// `HttpOutput` for an operation output (its own struct, or a data type operations share).
/// The success status comes from the operation's binding unless a member carries it.
pub fn output(api: &Api, s: &Structure) -> Result<TokenStream, Error> {
    let name = ident(&s.rust_name);
    let mut to = Vec::new();
    let mut from = Vec::new();
    let mut status_expr = quote!(success_status);
    let mut events = quote!();
    for m in &s.members {
        let f = ident(&m.field);
        let n = &m.name;
        match &m.location {
            Location::Header(wire) => {
                let t = ty(api, &m.ty)?;
                let name = wire.to_ascii_lowercase();
                to.push(quote! {
                    if let Some(v) = &self.#f { lambda_rt::http::put_header(&mut resp.headers, #name, v)?; }
                });
                from.push(quote! { out.#f = lambda_rt::http::parse_optional::<#t>(#n, resp.header(#wire))?; });
            }
            Location::StatusCode => {
                status_expr = quote!(self.#f.and_then(|s| u16::try_from(s).ok()).unwrap_or(success_status));
                from.push(quote! { out.#f = Some(i32::from(resp.status)); });
            }
            Location::Payload => {
                to.push(quote! { if let Some(v) = &self.#f { resp.body = v.to_bytes(); } });
                from.push(quote! { out.#f = Some(lambda_rt::Blob::new(resp.body.clone())); });
            }
            Location::EventStream => {
                to.push(quote! { lambda_rt::http::set_content_type(&mut resp.headers, "application/vnd.amazon.eventstream"); });
                events = quote! {
                    fn take_events(&mut self) -> Option<lambda_rt::event_stream::EventStream<lambda_rt::event_stream::RawEvent>> {
                        self.#f.take().map(lambda_rt::event_stream::EventStream::into_raw)
                    }
                    fn set_events(&mut self, events: lambda_rt::event_stream::EventStream<lambda_rt::event_stream::RawEvent>) {
                        self.#f = Some(lambda_rt::event_stream::EventStream::from_raw(events));
                    }
                };
            }
            _ => {}
        }
    }
    let body_to = if has_json_body(s) {
        quote! {
            lambda_rt::http::set_content_type(&mut resp.headers, "application/json");
            resp.body = lambda_rt::http::to_json(self)?;
        }
    } else {
        quote!()
    };
    let parse_body = if has_json_body(s) { quote!(&resp.body) } else { quote!(b"{}") };
    let mut_out = if from.is_empty() { quote!() } else { quote!(mut) };
    // A response that leaves out (or nulls) a member the model calls required is still read,
    // with a stand-in value, as AWS's SDKs do: a client should not fail on the service's (or
    // an emulator's) omission.
    let required_body = required_body(api, s)?;
    let allow_assign = default_then_assign(api, s);
    let parse = if required_body.is_empty() && !has_json_body(s) {
        let empty = empty_message(api, s);
        quote!(let #mut_out out: Self = #empty;)
    } else if required_body.is_empty() {
        quote!(let #mut_out out: Self = lambda_rt::http::json_body(#parse_body)?;)
    } else {
        quote!(let (#mut_out out, _absent): (Self, Vec<String>) = lambda_rt::http::json_body_required(#parse_body, &[#(#required_body),*])?;)
    };
    let unused = if from.is_empty() && !has_json_body(s) { quote!(let _ = resp;) } else { quote!() };
    let mut_resp = if to.is_empty() && body_to.is_empty() { quote!() } else { quote!(mut) };
    Ok(quote! {
        #[doc(hidden)]
        impl lambda_rt::binding::HttpOutput for #name {
            fn to_http(&self, success_status: u16) -> Result<lambda_rt::http::HttpResponse, lambda_rt::http::BindError> {
                let #mut_resp resp = lambda_rt::http::HttpResponse { status: #status_expr, ..Default::default() };
                #(#to)*
                #body_to
                Ok(resp)
            }
            #allow_assign
            fn from_http(resp: &lambda_rt::http::HttpResponse) -> Result<Self, lambda_rt::http::BindError> {
                #unused
                #parse
                #(#from)*
                Ok(out)
            }
            #events
        }
    })
}

/// `StreamEvent` for a union used as an event stream. An event whose structure has a single
/// blob member carries those bytes as the raw payload; any other event carries its structure
/// as JSON.
pub fn stream_event(api: &Api, s: &Structure) -> Result<TokenStream, Error> {
    let name = ident(&s.rust_name);
    let mut to = Vec::new();
    let mut from = Vec::new();
    for m in &s.members {
        let v = ident(&crate::naming::type_name(&m.name));
        let wire = &m.name;
        // Lowering refuses an event stream union with a member that is not a structure.
        let TyKind::Struct(target) = &m.ty.kind else {
            return Err(Error::Internal(format!("event {wire} of {} is not a structure", s.name)));
        };
        let t = api.structure(target)?;
        let tname = ident(&t.rust_name);
        match t.members.as_slice() {
            [only] if matches!(only.ty.kind, TyKind::Blob) => {
                let f = ident(&only.field);
                let (get, set) = if only.required {
                    (quote!(v.#f.as_bytes().to_vec()), quote!(lambda_rt::Blob::new(raw.payload.clone())))
                } else {
                    (
                        quote!(v.#f.as_ref().map(|b| b.as_bytes().to_vec()).unwrap_or_default()),
                        quote!(Some(lambda_rt::Blob::new(raw.payload.clone()))),
                    )
                };
                to.push(quote! {
                    Self::#v(v) => Ok(lambda_rt::event_stream::RawEvent { event_type: #wire.to_string(), content_type: Some("application/octet-stream".to_string()), payload: #get }),
                });
                from.push(quote! { #wire => Ok(Some(Self::#v(crate::types::#tname { #f: #set }))), });
            }
            _ => {
                to.push(quote! {
                    Self::#v(v) => Ok(lambda_rt::event_stream::RawEvent {
                        event_type: #wire.to_string(),
                        content_type: Some("application/json".to_string()),
                        payload: serde_json::to_vec(v).map_err(|e| lambda_rt::event_stream::EventStreamError::Payload(e.to_string()))?,
                    }),
                });
                from.push(quote! {
                    #wire => serde_json::from_slice(&raw.payload).map(|v| Some(Self::#v(v))).map_err(|e| lambda_rt::event_stream::EventStreamError::Payload(e.to_string())),
                });
            }
        }
    }
    Ok(quote! {
        #[doc(hidden)]
        impl lambda_rt::event_stream::StreamEvent for #name {
            fn to_raw(&self) -> Result<lambda_rt::event_stream::RawEvent, lambda_rt::event_stream::EventStreamError> {
                match self { #(#to)* }
            }
            fn from_raw(raw: &lambda_rt::event_stream::RawEvent) -> Result<Option<Self>, lambda_rt::event_stream::EventStreamError> {
                match raw.event_type.as_str() { #(#from)* _ => Ok(None) }
            }
        }
    })
}
