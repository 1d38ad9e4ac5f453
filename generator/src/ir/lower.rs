//! Lowering: the typed model of the spec into the IR, each problem recorded with the JSON
//! pointer of its node.

use super::checks;
use super::{
    Api, Constraints, EnumDef, ErrorDef, HttpMethod, Location, Member, Operation, Origin, Pagination, PathTemplate,
    PatternDef, Structure, Ty, TyKind,
};
use crate::error::{escape, Problems, SpecErrors, SCHEMA_PREFIX};
use crate::model::{self, Document, Schema};
use crate::naming;
use indexmap::IndexMap;
use serde_json::Value;

const KNOWN_SCHEMA_KEYS: &[&str] = &["examples", "summary", "title", "default"];

struct Lowering<'a> {
    doc: &'a Document,
    problems: Problems,
    patterns: Vec<PatternDef>,
    /// Schemas that are one operation's own body (see `operation_shape_names`).
    op_shapes: Vec<String>,
    /// Whether a missing description is a problem.
    descriptions: bool,
}

/// Lowers a parsed document into the IR.
pub fn lower(doc: &Document, spec_bytes: &[u8], spec_name: &str) -> Result<Api, SpecErrors> {
    lower_with(doc, spec_bytes, spec_name, true)
}

/// [`lower`], optionally without requiring descriptions: comparing two versions of the API
/// (`diff`) needs only the facts, and an import may not have its descriptions yet.
pub fn lower_with(doc: &Document, spec_bytes: &[u8], spec_name: &str, descriptions: bool) -> Result<Api, SpecErrors> {
    let mut l =
        Lowering { doc, problems: Problems::default(), patterns: Vec::new(), op_shapes: Vec::new(), descriptions };
    let api = l.run(spec_bytes, spec_name);
    l.problems.into_result(api)
}

/// A member with a name of its own and nothing else set: the lowering makes these up for
/// parameters, headers, payloads, the status code and event streams, then sets what applies.
fn member(name: &str, doc: String, ty: Ty, location: Location) -> Member {
    Member {
        name: name.to_string(),
        field: naming::field_name(name),
        message_name: naming::message_name(name),
        doc,
        ty,
        required: false,
        sensitive: false,
        location,
        examples: Vec::new(),
        idempotency_token: false,
    }
}

impl<'a> Lowering<'a> {
    fn err(&mut self, ptr: impl Into<String>, msg: impl Into<String>) {
        self.problems.push(ptr, msg);
    }

    fn run(&mut self, spec_bytes: &[u8], spec_name: &str) -> Api {
        let doc = self.doc;
        if !doc.openapi.starts_with("3.1") {
            self.err("#/openapi", format!("unsupported OpenAPI version {:?}; 3.1.x is required", doc.openapi));
        }
        let signing_name = doc
            .components
            .security_schemes
            .values()
            .find_map(|s| s.get("x-aws-signing")?.get("name")?.as_str().map(str::to_string))
            .unwrap_or_else(|| {
                self.err("#/components/securitySchemes", "no security scheme has x-aws-signing.name");
                String::new()
            });

        let mut enums = IndexMap::new();
        let mut errors = IndexMap::new();
        let mut structures = IndexMap::new();
        let op_shapes = self.operation_shape_names();
        self.op_shapes = op_shapes.clone();
        for (name, s) in &doc.components.schemas {
            let ptr = format!("{SCHEMA_PREFIX}{}", escape(name));
            self.check_extra(&ptr, &s.extra);
            let doc_text = self.description(&ptr, s.description.as_deref());
            if let Some(e) = &s.error {
                errors.insert(
                    name.clone(),
                    ErrorDef {
                        name: name.clone(),
                        rust_name: naming::type_name(name),
                        doc: doc_text,
                        status: e.http_status,
                        common: s.common,
                    },
                );
            } else if let Some(values) = &s.enum_values {
                if s.ty.as_deref() != Some("string") {
                    self.err(&ptr, "an enum must have type string");
                }
                let mut out = Vec::new();
                for (i, v) in values.iter().enumerate() {
                    match v.as_str() {
                        Some(v) => out.push((v.to_string(), naming::variant_name(v))),
                        None => self.err(format!("{ptr}/enum/{i}"), "enum values must be strings"),
                    }
                }
                checks::collisions(
                    &mut self.problems,
                    &ptr,
                    "enum value",
                    out.iter().map(|(w, r)| (w.as_str(), r.as_str())),
                );
                enums.insert(
                    name.clone(),
                    EnumDef { name: name.clone(), rust_name: naming::type_name(name), doc: doc_text, values: out },
                );
            } else if op_shapes.contains(name) {
                // Operation bodies are merged into the operation's input or output below.
            } else {
                if s.ty.as_deref() != Some("object") || s.additional_properties.is_some() {
                    self.err(
                        &ptr,
                        "a named schema must be a structure (type object with properties), an enum or an error",
                    );
                    continue;
                }
                let members = self.members(&ptr, s, Location::Body);
                structures.insert(
                    name.clone(),
                    Structure {
                        name: name.clone(),
                        rust_name: naming::type_name(name),
                        doc: doc_text,
                        members,
                        union: s.union,
                        origin: Origin::DataType,
                        pointer: ptr,
                    },
                );
            }
        }

        let mut operations = Vec::new();
        for (path_key, item) in &doc.paths {
            for (method, op_value) in &item.methods {
                let ptr = format!("#/paths/{}/{}", escape(path_key), escape(method));
                let method = match method.parse::<HttpMethod>() {
                    Ok(m) => m,
                    Err(e) => {
                        self.err(&ptr, e.to_string());
                        continue;
                    }
                };
                let op: model::Operation = match serde_json::from_value(op_value.clone()) {
                    Ok(op) => op,
                    Err(e) => {
                        self.err(&ptr, format!("not a valid operation object: {e}"));
                        continue;
                    }
                };
                if let Some((op, input, output)) = self.operation(&ptr, path_key, method, &op, &errors) {
                    structures.insert(input.name.clone(), input);
                    if let Some(output) = output {
                        structures.insert(output.name.clone(), output);
                    }
                    operations.push(op);
                }
            }
        }

        use sha2::Digest;
        let api = Api {
            title: doc.info.title.clone(),
            model_version: doc.info.model.as_ref().map(|m| format!("{} {}", m.source, m.version)),
            version: doc.info.version.clone(),
            doc: doc.info.description.clone().unwrap_or_default(),
            spec_sha256: format!("{:x}", sha2::Sha256::digest(spec_bytes)),
            spec_name: spec_name.to_string(),
            signing_name,
            structures,
            enums,
            errors,
            operations,
            common_errors: doc.common_errors.clone(),
            patterns: std::mem::take(&mut self.patterns),
            waiters: Vec::new(),
        };
        checks::api(&mut self.problems, &api);
        api
    }

    /// Schemas that are an operation's own request or response body: referenced as exactly
    /// one body and nowhere else. They merge into the operation's input or output; every other
    /// named structure is a data type.
    fn operation_shape_names(&self) -> Vec<String> {
        let mut bodies: IndexMap<String, usize> = IndexMap::new();
        let mut elsewhere: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut count_body = |s: &Value| {
            if let Some(name) = s.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix(SCHEMA_PREFIX)) {
                *bodies.entry(name.to_string()).or_default() += 1;
            }
        };
        for item in self.doc.paths.values() {
            for op in item.methods.values() {
                let payload = op.pointer("/requestBody/x-aws-payload").is_some();
                if let Some(s) = op.pointer("/requestBody/content/application~1json/schema") {
                    if payload {
                        // A structure bound to the whole body stays a data type.
                        if let Some(name) =
                            s.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix(SCHEMA_PREFIX))
                        {
                            elsewhere.insert(name.to_string());
                        }
                    } else {
                        count_body(s);
                    }
                }
                if let Some(responses) = op.get("responses").and_then(Value::as_object) {
                    for (code, r) in responses {
                        if code.starts_with('2') {
                            if let Some(s) = r.pointer("/content/application~1json/schema") {
                                count_body(s);
                            }
                        }
                    }
                }
            }
        }
        fn refs(s: &Schema, out: &mut std::collections::HashSet<String>) {
            if let Some(name) = s.reference.as_deref().and_then(|r| r.strip_prefix(SCHEMA_PREFIX)) {
                out.insert(name.to_string());
            }
            for p in s.properties.values() {
                refs(p, out);
            }
            for inner in [&s.items, &s.additional_properties, &s.property_names].into_iter().flatten() {
                refs(inner, out);
            }
        }
        for schema in self.doc.components.schemas.values() {
            for p in schema.properties.values() {
                refs(p, &mut elsewhere);
            }
            for inner in [&schema.items, &schema.additional_properties].into_iter().flatten() {
                refs(inner, &mut elsewhere);
            }
        }
        bodies.into_iter().filter(|(name, n)| *n == 1 && !elsewhere.contains(name)).map(|(name, _)| name).collect()
    }

    fn description(&mut self, ptr: &str, d: Option<&str>) -> String {
        match d.map(str::trim) {
            Some(d) if !d.is_empty() => d.to_string(),
            _ => {
                if self.descriptions {
                    self.err(ptr, "missing description");
                }
                String::new()
            }
        }
    }

    fn check_extra(&mut self, ptr: &str, extra: &IndexMap<String, Value>) {
        for k in extra.keys() {
            if !k.starts_with("x-") && !KNOWN_SCHEMA_KEYS.contains(&k.as_str()) {
                self.err(format!("{ptr}/{}", escape(k)), format!("unsupported keyword {k:?}"));
            }
        }
    }

    fn schema_by_ref(&mut self, ptr: &str, r: &str) -> Option<(&'a str, &'a Schema)> {
        let Some(name) = r.strip_prefix(SCHEMA_PREFIX) else {
            self.err(ptr, format!("unsupported $ref {r:?}; only {SCHEMA_PREFIX}Name is allowed"));
            return None;
        };
        match self.doc.components.schemas.get_key_value(name) {
            Some((k, s)) => Some((k.as_str(), s)),
            None => {
                self.err(ptr, format!("$ref {r:?} does not resolve"));
                None
            }
        }
    }

    fn members(&mut self, ptr: &str, s: &Schema, location: Location) -> Vec<Member> {
        let mut out = Vec::new();
        for r in &s.required {
            if !s.properties.contains_key(r) {
                self.err(format!("{ptr}/required"), format!("required member {r:?} is not a property"));
            }
        }
        for (name, p) in &s.properties {
            let mptr = format!("{ptr}/properties/{}", escape(name));
            let doc = self.description(&mptr, p.description.as_deref());
            let ty = self.ty(&mptr, p);
            out.push(Member {
                required: s.required.contains(name),
                sensitive: p.sensitive || self.ref_sensitive(p),
                examples: p.examples.clone(),
                idempotency_token: p.extra.get("x-aws-idempotency-token").and_then(Value::as_bool).unwrap_or(false),
                ..member(name, doc, ty, location.clone())
            });
        }
        out
    }

    /// The members of an operation's own request or response body schema, which merge into
    /// its input or output.
    fn body_members(&mut self, name: &str, s: &Schema) -> Vec<Member> {
        let ptr = format!("{SCHEMA_PREFIX}{}", escape(name));
        let structure = s.ty.as_deref() == Some("object")
            && s.additional_properties.is_none()
            && s.enum_values.is_none()
            && s.error.is_none();
        if !structure {
            self.err(&ptr, "an operation's body schema must be a structure (type object with properties)");
            return Vec::new();
        }
        self.members(&ptr, s, Location::Body)
    }

    fn ref_sensitive(&self, s: &Schema) -> bool {
        s.reference
            .as_deref()
            .and_then(|r| r.strip_prefix(SCHEMA_PREFIX))
            .and_then(|n| self.doc.components.schemas.get(n))
            .is_some_and(|s| s.sensitive)
    }

    /// Resolves a member schema to a type, checking that its constraints fit the type.
    fn ty(&mut self, ptr: &str, s: &Schema) -> Ty {
        self.check_extra(ptr, &s.extra);
        if let Some(r) = &s.reference {
            let kind = match self.schema_by_ref(ptr, r) {
                Some((name, target)) if target.enum_values.is_some() => TyKind::Enum(name.to_string()),
                Some((name, target)) if target.error.is_none() => TyKind::Struct(name.to_string()),
                Some((name, _)) => {
                    self.err(ptr, format!("a member cannot have an error type ({name})"));
                    TyKind::String
                }
                None => TyKind::String,
            };
            if s.ty.is_some() || !s.properties.is_empty() {
                self.err(ptr, "a $ref member may only add description, examples and x- keywords");
            }
            return Ty::plain(kind);
        }
        if s.enum_values.is_some() {
            self.err(ptr, "inline enums are not supported; define a named enum schema and $ref it");
        }
        let kind = match (s.ty.as_deref(), s.format.as_deref()) {
            (Some("string"), None) if s.content_encoding.as_deref() == Some("base64") => TyKind::Blob,
            (Some("string"), None) if s.content_media_type.is_some() => TyKind::Blob,
            (Some("string"), None) => TyKind::String,
            (Some("integer"), Some("int32")) => TyKind::Int32,
            (Some("integer"), Some("int64")) => TyKind::Int64,
            (Some("number"), Some("double")) => TyKind::Double,
            (Some("number"), Some("epoch-seconds")) => TyKind::Timestamp,

            (Some("boolean"), None) => TyKind::Bool,
            (Some("array"), None) => match &s.items {
                Some(items) => TyKind::List(Box::new(self.ty(&format!("{ptr}/items"), items))),
                None => {
                    self.err(ptr, "an array needs items");
                    TyKind::String
                }
            },
            (Some("object"), None) if s.properties.is_empty() => {
                match &s.additional_properties {
                    Some(v) => {
                        let key = match &s.property_names {
                            Some(k) => self.ty(&format!("{ptr}/propertyNames"), k),
                            None => Ty::plain(TyKind::String),
                        };
                        if !matches!(key.kind, TyKind::String | TyKind::Enum(_)) {
                            self.err(format!("{ptr}/propertyNames"), "map keys must be strings or a string enum");
                        }
                        TyKind::Map(Box::new(key), Box::new(self.ty(&format!("{ptr}/additionalProperties"), v)))
                    }
                    None => {
                        self.err(ptr, "an inline object needs additionalProperties (a map); name structures in components/schemas");
                        TyKind::String
                    }
                }
            }
            (t, f) => {
                let t = t.unwrap_or("(none)");
                let f = f.map(|f| format!(" with format {f:?}")).unwrap_or_default();
                self.err(ptr, format!("unsupported type {t:?}{f}"));
                TyKind::String
            }
        };
        let constraints = self.constraints(ptr, s, &kind);
        Ty { kind, constraints }
    }

    fn constraints(&mut self, ptr: &str, s: &Schema, kind: &TyKind) -> Constraints {
        let mut c = Constraints::default();
        let (len_ok, len_name) = match kind {
            TyKind::String | TyKind::Blob => ((s.min_length, s.max_length), "minLength/maxLength"),
            TyKind::List(_) => ((s.min_items, s.max_items), "minItems/maxItems"),
            TyKind::Map(..) => ((s.min_properties, s.max_properties), "minProperties/maxProperties"),
            _ => ((None, None), ""),
        };
        let all_len = [
            ("minLength", s.min_length),
            ("maxLength", s.max_length),
            ("minItems", s.min_items),
            ("maxItems", s.max_items),
            ("minProperties", s.min_properties),
            ("maxProperties", s.max_properties),
        ];
        for (k, v) in all_len {
            if v.is_some() && !len_name.contains(k) {
                self.err(format!("{ptr}/{k}"), format!("{k} does not apply to this type"));
            }
        }
        (c.min_len, c.max_len) = len_ok;
        if let (Some(a), Some(b)) = (c.min_len, c.max_len) {
            if a > b {
                self.err(ptr, format!("minimum length {a} is greater than maximum {b}"));
            }
        }
        if s.minimum.is_some() || s.maximum.is_some() {
            if matches!(kind, TyKind::Int32 | TyKind::Int64 | TyKind::Double) {
                c.min = s.minimum;
                c.max = s.maximum;
            } else {
                self.err(ptr, "minimum/maximum only apply to numbers");
            }
        }
        if let Some(p) = &s.pattern {
            if !matches!(kind, TyKind::String) {
                self.err(format!("{ptr}/pattern"), "pattern only applies to strings");
            }
            c.pattern = self.pattern(&format!("{ptr}/pattern"), p);
        }
        c
    }

    fn pattern(&mut self, ptr: &str, p: &str) -> Option<usize> {
        let Some(display) = p.strip_prefix("^(?:").and_then(|p| p.strip_suffix(")$")) else {
            self.err(ptr, "a pattern must be written ^(?:P)$ so that it matches the whole value");
            return None;
        };
        if let Some(i) = self.patterns.iter().position(|d| d.anchored == p) {
            return Some(i);
        }
        let lowered = match super::pattern::lower(p) {
            Ok(lowered) => lowered,
            Err(e) => {
                self.err(ptr, format!("pattern {display:?} cannot be matched: {e}"));
                return None;
            }
        };
        self.patterns.push(PatternDef { anchored: p.to_string(), display: display.to_string(), lowered });
        Some(self.patterns.len() - 1)
    }

    /// The path template and constant query of a path item key (`/a/{B}?c=d`). A malformed or
    /// unsupported template is reported and left out, so the label checks do not repeat it.
    fn path(&mut self, ptr: &str, path_key: &str) -> (Option<PathTemplate>, Vec<(String, String)>) {
        let (path_text, query) = match path_key.split_once('?') {
            Some((p, q)) => (p.to_string(), q),
            None => (path_key.to_string(), ""),
        };
        let mut query_literals = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some((k, v)) => query_literals.push((k.to_string(), v.to_string())),
                None => self.err(ptr, format!("constant query part {pair:?} must be key=value")),
            }
        }
        let mut template = match PathTemplate::parse(&path_text) {
            Ok(t) => Some(t),
            Err(e) => {
                self.err(ptr, e.to_string());
                None
            }
        };
        if let Some(greedy) = template.as_ref().and_then(|t| t.labels().find(|l| l.greedy)) {
            // The runtime binds one segment per label.
            self.err(ptr, format!("greedy label {{{}+}} is not supported", greedy.name));
            template = None;
        }
        (template, query_literals)
    }

    /// The input member a path, query or header parameter binds.
    fn parameter(&mut self, pptr: &str, p: &model::Parameter, template: Option<&PathTemplate>) -> Option<Member> {
        self.check_extra(pptr, &p.extra);
        let member_name = p.member.clone().unwrap_or_else(|| {
            self.err(pptr, "parameter needs x-aws-member");
            p.name.clone()
        });
        let location = match p.location.as_str() {
            "path" => {
                if !p.required {
                    self.err(pptr, "path parameters must be required");
                }
                if template.is_some_and(|t| t.label(&p.name).is_none()) {
                    self.err(pptr, format!("path has no label {{{}}}", p.name));
                }
                Location::Path
            }
            "query" => Location::Query(p.name.clone()),
            "header" => Location::Header(p.name.clone()),
            other => {
                self.err(pptr, format!("unsupported parameter location {other:?}"));
                Location::Body
            }
        };
        let Some(schema) = &p.schema else {
            self.err(pptr, "parameter needs a schema");
            return None;
        };
        // In a query string a timestamp travels as RFC 3339 text (`date-time`); nowhere
        // else does the spec use that form.
        let ty = if location != Location::Body
            && matches!(location, Location::Query(_))
            && schema.ty.as_deref() == Some("string")
            && schema.format.as_deref() == Some("date-time")
        {
            Ty::plain(TyKind::Timestamp)
        } else {
            self.ty(&format!("{pptr}/schema"), schema)
        };
        match (&location, &ty.kind) {
            (_, TyKind::String | TyKind::Int32 | TyKind::Int64 | TyKind::Bool | TyKind::Enum(_) | TyKind::Double) => {}
            (Location::Query(_), TyKind::Timestamp) => {}
            (Location::Query(_) | Location::Header(_), TyKind::List(inner))
                if matches!(inner.kind, TyKind::String | TyKind::Enum(_)) => {}
            _ => self.err(pptr, "this parameter type cannot be bound to a path, query or header"),
        }
        let doc = self.description(pptr, p.description.as_deref());
        Some(Member {
            required: p.required,
            sensitive: schema.sensitive,
            examples: schema.examples.clone(),
            ..member(&member_name, doc, ty, location)
        })
    }

    /// Adds the request body's members (a JSON body's own schema, or the member a whole JSON
    /// or raw body binds) to `input_members`; whether the body is raw bytes.
    fn request_body(&mut self, bptr: &str, body: &model::RequestBody, input_members: &mut Vec<Member>) -> bool {
        self.check_extra(bptr, &body.extra);
        if let Some(media) = body.content.get("application/json") {
            let sptr = format!("{bptr}/content/application~1json/schema");
            let target = media.schema.as_ref().and_then(|s| s.reference.as_deref());
            match (target, &body.payload) {
                // A structure bound to the whole body: the body is that member's JSON.
                (Some(r), Some(member_name)) => {
                    if let Some((tname, _)) = self.schema_by_ref(&sptr, r) {
                        let doc = self.description(bptr, body.description.as_deref());
                        let ty = Ty::plain(TyKind::Struct(tname.to_string()));
                        input_members.push(Member {
                            required: body.required,
                            ..member(member_name, doc, ty, Location::Payload)
                        });
                    }
                }
                (Some(r), None) => {
                    if let Some((tname, s)) = self.schema_by_ref(&sptr, r) {
                        if self.op_shapes.iter().any(|o| o == tname) {
                            let members = self.body_members(tname, s);
                            input_members.extend(members);
                        } else {
                            self.err(&sptr, format!("request body schema {tname} is used elsewhere too; an operation's request body must be its own schema"));
                        }
                    }
                }
                (None, _) => self.err(&sptr, "a JSON request body must be a $ref to a named schema"),
            }
            false
        } else if let Some(media) = body.content.get("application/octet-stream") {
            let member_name = body.payload.clone().unwrap_or_else(|| {
                self.err(bptr, "a raw body needs x-aws-payload");
                "Payload".into()
            });
            let sensitive = media.schema.as_ref().is_some_and(|s| s.sensitive);
            let constraints = match &media.schema {
                Some(s) => {
                    self.constraints(&format!("{bptr}/content/application~1octet-stream/schema"), s, &TyKind::Blob)
                }
                None => Constraints::default(),
            };
            let doc = body.description.clone().unwrap_or_else(|| "Raw bytes sent as the request body.".into());
            let ty = Ty { kind: TyKind::Blob, constraints };
            input_members.push(Member {
                required: body.required,
                sensitive,
                ..member(&member_name, doc, ty, Location::Payload)
            });
            true
        } else {
            self.err(bptr, "the request body must be application/json or application/octet-stream");
            false
        }
    }

    #[allow(clippy::type_complexity)]
    fn operation(
        &mut self,
        ptr: &str,
        path_key: &str,
        method: HttpMethod,
        op: &model::Operation,
        errors: &IndexMap<String, ErrorDef>,
    ) -> Option<(Operation, Structure, Option<Structure>)> {
        self.check_extra(ptr, &op.extra);
        let name = op.operation_id.clone();
        let doc = self.description(ptr, op.description.as_deref());
        let (mut template, query_literals) = self.path(ptr, path_key);

        // Input: parameters, then body members.
        let mut input_members = Vec::new();
        for (i, p) in op.parameters.iter().enumerate() {
            input_members.extend(self.parameter(&format!("{ptr}/parameters/{i}"), p, template.as_ref()));
        }
        let path_parameter = |label: &str| op.parameters.iter().find(|p| p.location == "path" && p.name == label);
        if let Some(t) = &mut template {
            for label in t.labels() {
                if path_parameter(&label.name).is_none() {
                    self.err(ptr, format!("path label {{{}}} has no path parameter", label.name));
                }
            }
            // Labels are bound by member name from here on.
            t.bind(|label| path_parameter(label).map(|p| p.member.clone().unwrap_or_else(|| p.name.clone())));
        }

        let raw_request = match &op.request_body {
            Some(body) => self.request_body(&format!("{ptr}/requestBody"), body, &mut input_members),
            None => false,
        };

        // Output and errors.
        let mut output_members = Vec::new();
        let mut success = None;
        let mut op_errors = Vec::new();
        let mut raw_response = false;
        let mut event_stream = None;
        let mut shared_output: Option<String> = None;
        for (code, resp) in &op.responses {
            let rptr = format!("{ptr}/responses/{code}");
            self.check_extra(&rptr, &resp.extra);
            let Ok(status) = code.parse::<u16>() else {
                self.err(&rptr, "response keys must be numeric status codes");
                continue;
            };
            if (200..300).contains(&status) {
                if success.replace(status).is_some() {
                    self.err(&rptr, "only one success response is allowed; list other statuses in x-aws-status-member");
                }
                self.success_response(
                    &rptr,
                    resp,
                    &mut output_members,
                    &mut raw_response,
                    &mut event_stream,
                    &mut shared_output,
                );
            } else if resp.content.is_empty() && status >= 400 {
                // Answered by the HTTP layer with an empty body (414, 431): declared so callers
                // know it, but not an error of the operation.
                continue;
            } else {
                let schema = resp.content.get("application/json").and_then(|m| m.schema.as_ref());
                // `anyOf` (every error body has the same members, so `oneOf` would be ambiguous);
                // older specs wrote `oneOf`.
                let (keyword, alts) = match schema {
                    Some(s) if !s.any_of.is_empty() => ("anyOf", Some(&s.any_of)),
                    Some(s) => ("oneOf", Some(&s.one_of)),
                    None => ("anyOf", None),
                };
                match alts {
                    Some(alts) if !alts.is_empty() => {
                        for (i, a) in alts.iter().enumerate() {
                            let aptr = format!("{rptr}/content/application~1json/schema/{keyword}/{i}");
                            let Some(r) = &a.reference else {
                                self.err(&aptr, "error alternatives must be $refs");
                                continue;
                            };
                            let ename = r.strip_prefix(SCHEMA_PREFIX).unwrap_or(r);
                            match errors.get(ename) {
                                // A common error, or a shape the front end answers for any
                                // operation (`x-aws-common` on the `$ref`), is declared but is not
                                // one of the operation's own errors: it stays `Unhandled`.
                                Some(e) if e.status == status => {
                                    if !a.common && !e.common {
                                        op_errors.push(ename.to_string());
                                    }
                                }
                                Some(e) => self.err(&aptr, format!("{ename} has status {}, not {status}", e.status)),
                                None => self.err(&aptr, format!("{r} is not an error schema")),
                            }
                        }
                    }
                    _ => self.err(&rptr, "an error response needs an application/json schema with anyOf error $refs"),
                }
            }
        }
        let Some(success_status) = success else {
            self.err(format!("{ptr}/responses"), "no success (2xx) response");
            return None;
        };
        let mut status_values = Vec::new();
        if let Some(sm) = &op.status_member {
            status_values = sm.values.clone();
            if !status_values.contains(&success_status) {
                self.err(format!("{ptr}/x-aws-status-member"), "values must include the success status");
            }
            let doc = "HTTP status code of the response.".to_string();
            output_members.insert(0, member(&sm.member, doc, Ty::plain(TyKind::Int32), Location::StatusCode));
        }
        for (what, members) in [("input member", &input_members), ("output member", &output_members)] {
            let pairs = members.iter().map(|m| (m.name.as_str(), m.field.as_str()));
            checks::collisions(&mut self.problems, ptr, what, pairs);
        }
        for m in &input_members {
            let defaultable = matches!(
                m.ty.kind,
                TyKind::String | TyKind::Int32 | TyKind::Int64 | TyKind::Bool | TyKind::Blob | TyKind::List(_)
            );
            if m.required && m.location != Location::Body && !defaultable {
                self.err(
                    ptr,
                    format!("required non-body member {} must be a string, number, boolean, blob or list", m.name),
                );
            }
        }

        let summary = op.summary.clone().unwrap_or_else(|| doc.lines().next().unwrap_or_default().to_string());
        let input = Structure {
            name: format!("{name}Input"),
            rust_name: naming::type_name(&format!("{name}Input")),
            doc: format!("Input of {name}: {}", summary.trim()),
            members: input_members,
            union: false,
            origin: Origin::Input(name.clone()),
            pointer: ptr.to_string(),
        };
        let output = match &shared_output {
            Some(shared) => {
                if !output_members.is_empty() {
                    self.err(ptr, format!("the response body is the shared schema {shared}, so the output cannot also have header, status or payload members"));
                }
                None
            }
            None => Some(Structure {
                name: format!("{name}Output"),
                rust_name: naming::type_name(&format!("{name}Output")),
                doc: format!("Output of {name}."),
                members: output_members,
                union: false,
                origin: Origin::Output(name.clone()),
                pointer: ptr.to_string(),
            }),
        };
        let pagination = op.pagination.as_ref().map(|p| Pagination {
            input_token: p.input_token.clone(),
            output_token: p.output_token.clone(),
            limit_key: p.limit_key.clone(),
            items: p.items.clone(),
        });
        // Reported above; the operation is not built without a path.
        let path = template?;
        let deprecated = if op.deprecated {
            Some(op.deprecated_message.clone().unwrap_or_else(|| "This operation is deprecated.".into()))
        } else {
            None
        };
        Some((
            Operation {
                snake: naming::snake(&name),
                error_rust_name: naming::type_name(&format!("{name}Error")),
                summary,
                doc,
                pointer: ptr.to_string(),
                method,
                path,
                query_literals,
                input: input.name.clone(),
                output: shared_output.clone().unwrap_or_else(|| format!("{name}Output")),
                shared_output: shared_output.is_some(),
                output_rust_name: naming::type_name(&format!("{name}Output")),
                pagination,
                success_status,
                status_values,
                errors: op_errors,
                deprecated,
                raw_request,
                raw_response,
                event_stream,
                name,
            },
            input,
            output,
        ))
    }

    #[allow(clippy::too_many_arguments)]
    fn success_response(
        &mut self,
        rptr: &str,
        resp: &model::Response,
        members: &mut Vec<Member>,
        raw: &mut bool,
        event_stream: &mut Option<String>,
        shared: &mut Option<String>,
    ) {
        for (hname, h) in &resp.headers {
            let hptr = format!("{rptr}/headers/{}", escape(hname));
            let Some(member_name) = h.member.clone() else {
                self.err(&hptr, "response header needs x-aws-member");
                continue;
            };
            let Some(schema) = &h.schema else {
                self.err(&hptr, "response header needs a schema");
                continue;
            };
            let doc = self.description(&hptr, h.description.as_deref());
            let ty = self.ty(&format!("{hptr}/schema"), schema);
            if !matches!(ty.kind, TyKind::String | TyKind::Int32 | TyKind::Int64 | TyKind::Enum(_) | TyKind::Bool) {
                self.err(&hptr, "a header must be a string, number, boolean or enum");
            }
            members.push(Member {
                sensitive: schema.sensitive,
                examples: schema.examples.clone(),
                ..member(&member_name, doc, ty, Location::Header(hname.clone()))
            });
        }
        for (media, m) in &resp.content {
            let mptr = format!("{rptr}/content/{}", escape(media));
            match media.as_str() {
                "application/json" => match m.schema.as_ref().and_then(|s| s.reference.as_deref()) {
                    Some(r) => {
                        if let Some((tname, s)) = self.schema_by_ref(&mptr, r) {
                            if self.op_shapes.iter().any(|o| o == tname) {
                                let body = self.body_members(tname, s);
                                members.extend(body);
                            } else {
                                *shared = Some(tname.to_string());
                            }
                        }
                    }
                    None => self.err(format!("{mptr}/schema"), "a JSON response body must be a $ref to a named schema"),
                },
                "application/octet-stream" => {
                    *raw = true;
                    let member_name = resp.payload.clone().unwrap_or_else(|| {
                        self.err(rptr, "a raw response body needs x-aws-payload");
                        "Payload".into()
                    });
                    let doc = resp.description.clone().unwrap_or_else(|| "Raw bytes of the response body.".into());
                    members.push(Member {
                        sensitive: m.schema.as_ref().is_some_and(|s| s.sensitive),
                        ..member(&member_name, doc, Ty::plain(TyKind::Blob), Location::Payload)
                    });
                }
                "application/vnd.amazon.eventstream" => {
                    let member_name = resp.event_stream.clone().unwrap_or_else(|| {
                        self.err(rptr, "an event stream body needs x-aws-event-stream");
                        "EventStream".into()
                    });
                    let union = m
                        .schema
                        .as_ref()
                        .and_then(|s| s.reference.as_deref())
                        .and_then(|r| self.schema_by_ref(&mptr, r));
                    match union {
                        Some((uname, s)) if s.union => {
                            *event_stream = Some(uname.to_string());
                            let doc = "Events of the response stream, in order.".to_string();
                            let ty = Ty::plain(TyKind::EventStream(uname.to_string()));
                            members.push(member(&member_name, doc, ty, Location::EventStream));
                        }
                        _ => self.err(
                            format!("{mptr}/schema"),
                            "an event stream body must be a $ref to a union schema (x-aws-union)",
                        ),
                    }
                }
                other => self.err(&mptr, format!("unsupported response media type {other:?}")),
            }
        }
    }
}
