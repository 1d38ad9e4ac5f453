//! Builds the spec from the model: facts from the model, prose and provenance from the
//! previous spec (or from descriptions supplied for this run).

use super::botocore::{single_name, Member, Paginators, Service, Shape, Waiters};
use super::front_end;
use super::openapi::{
    Components, Document, Header, Info, MediaType, ModelInfo, Operation, Pagination, Parameter, RequestBody, Response,
    Schema,
};
use super::prose::{member_key, shape_key, CommonError, Prose, Supplied, SuppliedText};
use indexmap::IndexMap;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

const SCHEMAS: &str = "#/components/schemas/";

/// An item the spec needs a description for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// Key to supply it under (`member:Shape.Member`, ...).
    pub key: String,
    /// Where it goes in the spec.
    pub pointer: String,
}

/// The result of a build.
#[derive(Debug)]
pub struct Built {
    /// The new spec.
    pub doc: Document,
    /// Items without a description.
    pub missing: Vec<Missing>,
}

/// Builds the spec. Fails with every problem found (traits the spec cannot express, names that
/// do not resolve), each naming the model item at fault.
pub fn build(
    service: &Service,
    paginators: &Paginators,
    waiters: &Waiters,
    prose: &Prose,
    supplied: &Supplied,
    model_version: &str,
) -> Result<Built, Vec<String>> {
    let mut b = Builder {
        service,
        paginators,
        waiters,
        prose,
        supplied,
        version: model_version,
        problems: Vec::new(),
        missing: Vec::new(),
        schemas: BTreeMap::new(),
        queued: BTreeSet::new(),
        pattern_checks: BTreeMap::new(),
    };
    let doc = b.document();
    if b.problems.is_empty() {
        Ok(Built { doc, missing: b.missing })
    } else {
        Err(b.problems)
    }
}

struct Builder<'a> {
    service: &'a Service,
    paginators: &'a Paginators,
    waiters: &'a Waiters,
    prose: &'a Prose,
    supplied: &'a Supplied,
    version: &'a str,
    problems: Vec<String>,
    missing: Vec<Missing>,
    schemas: BTreeMap<String, Schema>,
    queued: BTreeSet<String>,
    /// Why each pattern met so far cannot be matched (`None`: it can); many members share one,
    /// and rewriting it compiles it with two engines.
    pattern_checks: BTreeMap<String, Option<String>>,
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn schema_ref(name: &str) -> Schema {
    Schema { reference: Some(format!("{SCHEMAS}{name}")), ..Schema::default() }
}

fn as_u64(v: Option<f64>) -> Option<u64> {
    v.filter(|x| *x >= 0.0 && x.fract() == 0.0).map(|x| x as u64)
}

/// Descriptions of the members every error carries; the same words for every error.
fn standard_error_member(member: &str) -> Option<&'static str> {
    match member {
        "Type" => Some("Which side caused the error, when the service says."),
        "Message" | "message" => Some("Human-readable explanation of the error."),
        _ => None,
    }
}

impl<'a> Builder<'a> {
    fn problem(&mut self, msg: impl Into<String>) {
        self.problems.push(msg.into());
    }

    fn shape(&mut self, name: &str) -> Option<&'a Shape> {
        let found = self.service.shapes.get(name);
        if found.is_none() {
            self.problem(format!("shape {name} is referenced but not defined"));
        }
        found
    }

    fn supplied_text(&self, key: &str) -> Option<String> {
        match self.supplied.0.get(key) {
            Some(SuppliedText::Text(t)) => Some(t.clone()),
            _ => None,
        }
    }

    /// The description of an item: supplied for this run, else kept from the previous spec,
    /// else recorded as missing.
    fn describe(&mut self, key: &str, pointer: &str) -> Option<String> {
        let found = self
            .supplied_text(key)
            .or_else(|| self.prose.items.get(key).and_then(|p| p.description.clone()))
            .filter(|d| !d.trim().is_empty());
        if found.is_none() {
            self.missing.push(Missing { key: key.to_string(), pointer: pointer.to_string() });
        }
        found
    }

    /// `None` for an item the previous spec had (it keeps its provenance), else this model.
    fn since(&self, key: &str) -> Option<String> {
        match self.prose.items.get(key) {
            Some(p) if !p.carried => p.since.clone(),
            _ => Some(self.version.to_string()),
        }
    }

    /// Traits the importer does not translate would be silently dropped; name them instead.
    fn unknown_traits(&mut self) {
        // Prose (never read), and traits with no effect on the wire or the types: `box` marks a
        // nullable number, `event`/`eventpayload`/`streaming`/`fault` restate what the shape's
        // type and the operation's binding already say, `readonly`/`idempotent` are hints.
        const PROSE: &[&str] = &["documentation", "documentationUrl", "deprecatedMessage"];
        const OPERATION: &[&str] = &["readonly", "idempotent"];
        const SHAPE: &[&str] = &["box", "event", "streaming", "fault"];
        const MEMBER: &[&str] = &["eventpayload", "box"];
        let known = |k: &str, extra: &[&str]| PROSE.contains(&k) || extra.contains(&k);
        let mut found = Vec::new();
        for (name, op) in &self.service.operations {
            found.extend(op.extra.keys().filter(|k| !known(k, OPERATION)).map(|k| format!("operation {name}: {k}")));
        }
        for (name, shape) in &self.service.shapes {
            found.extend(shape.extra.keys().filter(|k| !known(k, SHAPE)).map(|k| format!("shape {name}: {k}")));
            for (m, member) in &shape.members {
                found.extend(
                    member.extra.keys().filter(|k| !known(k, MEMBER)).map(|k| format!("member {name}.{m}: {k}")),
                );
            }
        }
        for p in found {
            self.problem(format!(
                "{p} is a model trait this importer does not translate; teach xtask/src/import/build.rs what it means"
            ));
        }
    }

    fn document(&mut self) -> Document {
        self.unknown_traits();
        let meta = &self.service.metadata;
        if meta.protocol != "rest-json" {
            self.problem(format!("metadata.protocol is {:?}; only rest-json is supported", meta.protocol));
        }
        if meta.signing_name.as_deref().unwrap_or(&meta.endpoint_prefix) != "lambda" {
            self.problem(format!("metadata.signingName is {:?}; the spec signs as lambda", meta.signing_name));
        }
        let mut paths: IndexMap<String, IndexMap<String, Operation>> = IndexMap::new();
        let mut names: Vec<&String> = self.service.operations.keys().collect();
        names.sort();
        for name in names {
            let op = &self.service.operations[name];
            if &op.name != name {
                self.problem(format!("operation {name} is named {:?} inside", op.name));
            }
            let method = op.http.method.to_ascii_lowercase();
            let path = op.http.request_uri.clone();
            let pointer = format!("#/paths/{}/{method}", escape(&path));
            if let Some(built) = self.operation(name, &pointer) {
                if paths.entry(path.clone()).or_default().insert(method.clone(), built).is_some() {
                    self.problem(format!("{name}: another operation already uses {} {path}", op.http.method));
                }
            }
        }
        self.drain_queue();
        self.error_schemas();
        let common = self.common_errors();
        let waiters = self.waiters();
        let fixed = |k: &str| self.prose.fixed.get(k).cloned().unwrap_or_else(|| default_fixed(k));
        Document {
            openapi: "3.1.0",
            info: Info {
                title: "AWS Lambda".into(),
                version: meta.api_version.clone(),
                description: self.prose.api_description.clone().unwrap_or_else(|| DEFAULT_DESCRIPTION.into()),
                model: ModelInfo {
                    source: "botocore".into(),
                    version: self.version.to_string(),
                    file: format!("data/{}/{}/service-2.json", meta.endpoint_prefix, meta.api_version),
                },
            },
            servers: fixed("servers"),
            security: fixed("security"),
            common_errors: common,
            waiters,
            paths,
            components: Components {
                security_schemes: fixed("securitySchemes"),
                headers: fixed("headers"),
                parameters: fixed("parameters"),
                schemas: std::mem::take(&mut self.schemas).into_iter().collect(),
            },
        }
    }

    fn operation(&mut self, name: &str, pointer: &str) -> Option<Operation> {
        let op = &self.service.operations[name];
        let prev = self.prose.operations.get(name);
        let op_key = format!("operation:{name}");
        let (summary, description) = match self.supplied.0.get(&op_key) {
            Some(SuppliedText::Operation { summary, description }) => {
                (Some(summary.clone()), Some(description.clone()))
            }
            _ => (prev.and_then(|p| p.summary.clone()), prev.and_then(|p| p.description.clone())),
        };
        if summary.is_none() || description.is_none() {
            self.missing.push(Missing { key: op_key, pointer: pointer.to_string() });
        }
        let deprecated_message = if op.deprecated {
            let key = format!("deprecated:{name}");
            let msg = self.supplied_text(&key).or_else(|| prev.and_then(|p| p.deprecated_message.clone()));
            if msg.is_none() {
                self.missing.push(Missing { key, pointer: format!("{pointer}/x-aws-deprecated-message") });
            }
            msg
        } else {
            None
        };
        let input_name = op.input.as_ref().map(|r| r.shape.clone());
        let output_name = op.output.as_ref().map(|r| r.shape.clone());
        let mut parameters = Vec::new();
        let mut request_body = None;
        if let Some(input_name) = &input_name {
            let input = self.shape(input_name)?;
            (parameters, request_body) = self.input(name, input_name, input, pointer);
        }
        let success = op.http.response_code.unwrap_or(200);
        let mut responses = IndexMap::new();
        let mut status_member = None;
        let success_key = format!("response:{name}");
        let success_description = self
            .supplied_text(&success_key)
            .or_else(|| prev.and_then(|p| p.success.clone()))
            .filter(|d| !d.trim().is_empty());
        if success_description.is_none() {
            self.missing.push(Missing { key: success_key, pointer: format!("{pointer}/responses/{success}") });
        }
        let mut response = Response {
            description: success_description.unwrap_or_default(),
            headers: IndexMap::new(),
            content: IndexMap::new(),
            payload: None,
            event_stream: None,
        };
        if let Some(output_name) = &output_name {
            let output = self.shape(output_name)?;
            status_member = self.output(
                name,
                output_name,
                output,
                success,
                &format!("{pointer}/responses/{success}"),
                &mut response,
            );
        }
        responses.insert(success.to_string(), response);
        let errors_since = self.error_responses(name, &mut responses);
        let pagination = self.pagination(name, input_name.as_deref(), output_name.as_deref());
        Some(Operation {
            operation_id: name.to_string(),
            summary,
            description,
            deprecated: op.deprecated,
            deprecated_message,
            parameters,
            request_body,
            responses,
            status_member,
            pagination,
            since: match prev {
                Some(p) => p.since.clone(),
                None => Some(self.version.to_string()),
            },
            errors_since,
        })
    }

    fn input(
        &mut self,
        op: &str,
        shape_name: &str,
        shape: &'a Shape,
        pointer: &str,
    ) -> (Vec<Parameter>, Option<RequestBody>) {
        let mut parameters = Vec::new();
        let mut body = IndexMap::new();
        let mut required = Vec::new();
        for (member_name, m) in &shape.members {
            let is_required = shape.required.contains(member_name);
            if shape.payload.as_deref() == Some(member_name.as_str()) {
                continue;
            }
            let location = match m.location.as_deref() {
                None => {
                    self.body_member_name(op, member_name, m);
                    let ptr = format!("{SCHEMAS}{}/properties/{}", escape(shape_name), escape(member_name));
                    body.insert(member_name.clone(), self.member_schema(shape_name, member_name, m, &ptr));
                    if is_required {
                        required.push(member_name.clone());
                    }
                    continue;
                }
                Some("uri") => "path",
                Some("querystring") => "query",
                Some("header") => "header",
                Some(other) => {
                    self.problem(format!("{op}: input member {member_name} has unsupported location {other:?}"));
                    continue;
                }
            };
            let wire = m.location_name.clone().unwrap_or_else(|| member_name.clone());
            let ptr = format!("{pointer}/parameters/{}", parameters.len());
            let key = member_key(shape_name, member_name);
            let description = self.describe(&key, &ptr);
            let mut schema = self.value_schema(&m.shape, &format!("{op}.{member_name}"));
            if schema.format == Some("epoch-seconds") {
                // rest-json sends timestamps outside the body as ISO 8601 text.
                if location == "query" {
                    (schema.ty, schema.format) = (Some("string"), Some("date-time"));
                } else {
                    self.problem(format!("{op}: timestamp member {member_name} in a {location} is not supported"));
                }
            }
            schema.examples = self.prose.items.get(&key).map(|p| p.examples.clone()).unwrap_or_default();
            schema.sensitive = self.member_sensitive(&key, &m.shape);
            parameters.push(Parameter {
                name: wire,
                location,
                required: location == "path" || is_required,
                member: member_name.clone(),
                description,
                deprecated: m.deprecated,
                schema,
                since: self.since(&key),
            });
        }
        let mut request_body = None;
        if let Some(payload) = &shape.payload {
            request_body = self.payload_body(op, shape_name, shape, payload, pointer);
        } else if !body.is_empty() {
            let ptr = format!("{SCHEMAS}{}", escape(shape_name));
            let key = shape_key(shape_name);
            let schema = Schema {
                ty: Some("object"),
                description: self.describe(&key, &ptr),
                required: required.clone(),
                properties: Some(body),
                since: self.since(&key),
                ..Schema::default()
            };
            self.define(shape_name, schema);
            request_body = Some(RequestBody {
                description: None,
                required: !required.is_empty(),
                content: IndexMap::from([(
                    "application/json".to_string(),
                    MediaType { schema: schema_ref(shape_name) },
                )]),
                payload: None,
                since: None,
            });
        }
        (parameters, request_body)
    }

    /// The body of an input whose model binds one member to the whole body: raw bytes, or a
    /// structure sent as the JSON body.
    fn payload_body(
        &mut self,
        op: &str,
        shape_name: &str,
        shape: &'a Shape,
        payload: &str,
        pointer: &str,
    ) -> Option<RequestBody> {
        let Some(m) = shape.members.get(payload) else {
            self.problem(format!("{op}: payload member {payload} is not a member of {shape_name}"));
            return None;
        };
        if shape.members.iter().any(|(n, m)| m.location.is_none() && n != payload) {
            self.problem(format!("{op}: {shape_name} has body members besides its payload {payload}"));
        }
        let key = member_key(shape_name, payload);
        let description = self.describe(&key, &format!("{pointer}/requestBody/description"));
        let target = self.shape(&m.shape)?;
        let (media, schema) = match target.ty.as_str() {
            "blob" => (
                "application/octet-stream",
                Schema {
                    ty: Some("string"),
                    content_media_type: Some("application/octet-stream"),
                    min_length: as_u64(target.min),
                    max_length: as_u64(target.max),
                    sensitive: self.member_sensitive(&key, &m.shape),
                    ..Schema::default()
                },
            ),
            "structure" => {
                self.queue(&m.shape);
                ("application/json", schema_ref(&m.shape))
            }
            other => {
                self.problem(format!(
                    "{op}: payload {payload} has type {other}; only blobs and structures are supported"
                ));
                return None;
            }
        };
        Some(RequestBody {
            description,
            required: shape.required.iter().any(|r| r == payload),
            content: IndexMap::from([(media.to_string(), MediaType { schema })]),
            payload: Some(payload.to_string()),
            since: self.since(&key),
        })
    }

    /// Fills the success response from the output shape; returns `x-aws-status-member`.
    fn output(
        &mut self,
        op: &str,
        shape_name: &str,
        shape: &'a Shape,
        success: u16,
        pointer: &str,
        response: &mut Response,
    ) -> Option<Value> {
        let mut status_member = None;
        let mut body = false;
        for (member_name, m) in &shape.members {
            let key = member_key(shape_name, member_name);
            match m.location.as_deref() {
                None if shape.payload.as_deref() == Some(member_name.as_str()) => {
                    let Some(target) = self.shape(&m.shape) else { continue };
                    let description = self.describe(&key, pointer);
                    if let Some(d) = description {
                        response.description = d;
                    }
                    if target.eventstream {
                        self.queue(&m.shape);
                        response.content.insert(
                            "application/vnd.amazon.eventstream".into(),
                            MediaType { schema: schema_ref(&m.shape) },
                        );
                        response.event_stream = Some(member_name.clone());
                    } else if target.ty == "blob" {
                        response.content.insert(
                            "application/octet-stream".into(),
                            MediaType {
                                schema: Schema {
                                    ty: Some("string"),
                                    content_media_type: Some("application/octet-stream"),
                                    sensitive: target.sensitive,
                                    ..Schema::default()
                                },
                            },
                        );
                        response.payload = Some(member_name.clone());
                    } else {
                        self.problem(format!("{op}: output payload {member_name} must be a blob or an event stream"));
                    }
                }
                None => {
                    self.body_member_name(op, member_name, m);
                    body = true;
                }
                Some("header") => {
                    let wire = m.location_name.clone().unwrap_or_else(|| member_name.clone());
                    let hptr = format!("{pointer}/headers/{}", escape(&wire));
                    let description = self.describe(&key, &hptr);
                    let mut schema = self.value_schema(&m.shape, &format!("{op} output {member_name}"));
                    schema.sensitive = self.member_sensitive(&key, &m.shape);
                    response.headers.insert(
                        wire,
                        Header {
                            reference: None,
                            description,
                            schema: Some(schema),
                            member: Some(member_name.clone()),
                            since: self.since(&key),
                        },
                    );
                }
                Some("statusCode") => {
                    let values = match self.prose.operations.get(op).and_then(|p| p.status_values.as_ref()) {
                        Some((m, v)) if m == member_name => v.clone(),
                        _ => vec![success],
                    };
                    status_member = Some(json!({"member": member_name, "values": values}));
                }
                Some(other) => {
                    self.problem(format!("{op}: output member {member_name} has unsupported location {other:?}"))
                }
            }
        }
        if body {
            self.queue_body(shape_name, shape);
            response.content.insert("application/json".into(), MediaType { schema: schema_ref(shape_name) });
        }
        status_member
    }

    fn body_member_name(&mut self, op: &str, member_name: &str, m: &Member) {
        if m.location_name.as_deref().is_some_and(|l| l != member_name) {
            self.problem(format!(
                "{op}: body member {member_name} has a different JSON name, which the spec cannot express"
            ));
        }
    }

    /// An output shape with body members becomes a named schema of its body members only.
    fn queue_body(&mut self, shape_name: &str, shape: &Shape) {
        if shape.members.values().all(|m| m.location.is_none()) {
            self.queue(shape_name);
            return;
        }
        if self.schemas.contains_key(shape_name) {
            return;
        }
        let ptr = format!("{SCHEMAS}{}", escape(shape_name));
        let mut props = IndexMap::new();
        let mut required = Vec::new();
        for (n, m) in &shape.members {
            if m.location.is_some() || shape.payload.as_deref() == Some(n.as_str()) {
                continue;
            }
            let mptr = format!("{ptr}/properties/{}", escape(n));
            props.insert(n.clone(), self.member_schema(shape_name, n, m, &mptr));
            if shape.required.contains(n) {
                required.push(n.clone());
            }
        }
        let key = shape_key(shape_name);
        let schema = Schema {
            ty: Some("object"),
            description: self.describe(&key, &ptr),
            required,
            properties: Some(props),
            since: self.since(&key),
            ..Schema::default()
        };
        self.define(shape_name, schema);
    }

    fn error_responses(&mut self, op: &str, responses: &mut IndexMap<String, Response>) -> IndexMap<String, String> {
        let model_op = &self.service.operations[op];
        let prev = self.prose.operations.get(op);
        // Each code with whether the operation has it only from the front end (a common error
        // or a shape the model does not list for it), which marks its `$ref` `x-aws-common`.
        let mut by_status: BTreeMap<u16, Vec<(String, bool)>> = BTreeMap::new();
        let mut errors_since = IndexMap::new();
        for e in &model_op.errors {
            let Some(shape) = self.shape(&e.shape) else { continue };
            let Some(err) = shape.error.as_ref().filter(|_| shape.exception) else {
                self.problem(format!("{op}: error {} is not an exception shape with an error trait", e.shape));
                continue;
            };
            if err.code.as_deref().is_some_and(|c| c != e.shape) {
                self.problem(format!("{op}: error {} has a different code, which the spec cannot express", e.shape));
            }
            self.queue(&e.shape);
            by_status.entry(err.http_status_code).or_default().push((e.shape.clone(), false));
            if let Some(prev) = prev {
                match prev.errors_since.get(&e.shape) {
                    Some(since) => {
                        errors_since.insert(e.shape.clone(), since.clone());
                    }
                    None if !prev.errors.contains(&e.shape) => {
                        errors_since.insert(e.shape.clone(), self.version.to_string());
                    }
                    None => {}
                }
            }
        }
        self.front_end_errors(op, &mut by_status);
        for (status, codes) in by_status {
            let names: Vec<&str> = codes.iter().map(|(c, _)| c.as_str()).collect();
            let description = if codes.len() == 1 {
                format!("The {} error.", names[0])
            } else {
                format!("One of the errors {}.", names.join(", "))
            };
            responses.insert(
                status.to_string(),
                Response {
                    description,
                    headers: IndexMap::from([(
                        "X-Amzn-ErrorType".to_string(),
                        Header {
                            reference: Some("#/components/headers/X-Amzn-ErrorType".into()),
                            description: None,
                            schema: None,
                            member: None,
                            since: None,
                        },
                    )]),
                    content: IndexMap::from([(
                        "application/json".to_string(),
                        MediaType {
                            schema: Schema {
                                any_of: codes
                                    .iter()
                                    .map(|(c, generic)| Schema { common: *generic, ..schema_ref(c) })
                                    .collect(),
                                ..Schema::default()
                            },
                        },
                    )]),
                    payload: None,
                    event_stream: None,
                },
            );
        }
        for (status, description) in front_end::BODILESS {
            responses.insert(
                status.to_string(),
                Response {
                    description: description.to_string(),
                    headers: IndexMap::new(),
                    content: IndexMap::new(),
                    payload: None,
                    event_stream: None,
                },
            );
        }
        responses.sort_keys();
        errors_since
    }

    /// Adds what the front end answers for any operation (the common errors, and the model's
    /// shapes it answers whether or not the model lists them for `op`) to `op`'s errors.
    fn front_end_errors(&mut self, op: &str, by_status: &mut BTreeMap<u16, Vec<(String, bool)>>) {
        let mut generic: Vec<(String, u16)> =
            self.common_error_list().into_iter().map(|e| (e.name, e.status)).collect();
        let mut shapes: Vec<&str> = front_end::MODEL_SHAPES.to_vec();
        if self.has_raw_payload(op) {
            shapes.extend_from_slice(front_end::PAYLOAD_SHAPES);
        }
        // Only shapes the model has: a model without them (a test's) gets only the common errors.
        for name in shapes {
            let Some(shape) = self.service.shapes.get(name) else { continue };
            match shape.error.as_ref() {
                Some(e) => {
                    let status = e.http_status_code;
                    self.queue(name);
                    generic.push((name.to_string(), status));
                }
                None => self.problem(format!("front-end error {name} is not an error shape of the model")),
            }
        }
        for (name, status) in generic {
            let codes = by_status.entry(status).or_default();
            if !codes.iter().any(|(c, _)| *c == name) {
                codes.push((name, true));
            }
        }
    }

    /// Whether `op`'s input is one raw (blob) payload, which the server takes with its content
    /// type checked.
    fn has_raw_payload(&mut self, op: &str) -> bool {
        let Some(input) = self.service.operations[op].input.as_ref().map(|i| i.shape.clone()) else { return false };
        let Some(shape) = self.shape(&input) else { return false };
        let Some(member) = shape.payload.as_ref().and_then(|p| shape.members.get(p)) else { return false };
        self.shape(&member.shape).is_some_and(|t| t.ty == "blob")
    }

    /// The common errors: the reference's (less those the front end answers under another
    /// code) and the front end's, sorted by code.
    fn common_error_list(&self) -> Vec<CommonError> {
        let mut list: Vec<CommonError> = self
            .prose
            .common_errors
            .iter()
            .filter(|e| !front_end::REPLACED_COMMON.contains(&e.name.as_str()))
            .cloned()
            .collect();
        for e in front_end::COMMON {
            if !list.iter().any(|c| c.name == e.code) {
                list.push(CommonError {
                    name: e.code.to_string(),
                    description: Some(e.description.to_string()),
                    status: e.status,
                    members: vec![("Type".to_string(), None), ("Message".to_string(), None)],
                });
            }
        }
        list.sort_by(|a, b| a.name.cmp(&b.name));
        list
    }

    fn pagination(&mut self, op: &str, input: Option<&str>, output: Option<&str>) -> Option<Pagination> {
        let p = self.paginators.pagination.get(op)?;
        // `non_aggregate_keys` only says which output members are not collected across pages.
        for key in p.extra.keys().filter(|k| k.as_str() != "non_aggregate_keys") {
            self.problem(format!("{op}: paginator key {key} is not supported by the importer"));
        }
        let (Some(input_token), Some(output_token), Some(items)) =
            (single_name(&p.input_token), single_name(&p.output_token), single_name(&p.result_key))
        else {
            self.problem(format!("{op}: paginator with several tokens or result keys is not supported"));
            return None;
        };
        let has = |shape: Option<&str>, member: &str| {
            shape.and_then(|s| self.service.shapes.get(s)).is_some_and(|s| s.members.contains_key(member))
        };
        for (shape, member) in [(input, input_token), (output, output_token), (output, items)]
            .into_iter()
            .chain(p.limit_key.as_deref().map(|l| (input, l)))
        {
            if !has(shape, member) {
                self.problem(format!(
                    "{op}: paginator names {member}, which is not a member of {}",
                    shape.unwrap_or("(none)")
                ));
            }
        }
        Some(Pagination {
            input_token: input_token.to_string(),
            output_token: output_token.to_string(),
            limit_key: p.limit_key.clone(),
            items: items.to_string(),
        })
    }

    /// The model's waiters, with our descriptions, checked against the operations they poll.
    fn waiters(&mut self) -> IndexMap<String, super::openapi::Waiter> {
        let mut out = IndexMap::new();
        let mut names: Vec<&String> = self.waiters.waiters.keys().collect();
        names.sort();
        for name in names {
            let w = &self.waiters.waiters[name];
            if !self.service.operations.contains_key(&w.operation) {
                self.problem(format!("waiter {name} polls {}, which is not an operation", w.operation));
            }
            for a in &w.acceptors {
                let known_state = matches!(a.state.as_str(), "success" | "failure" | "retry");
                let known_matcher = matches!(a.matcher.as_str(), "path" | "pathAll" | "pathAny" | "error" | "status");
                if !known_state || !known_matcher {
                    self.problem(format!("waiter {name}: acceptor {}/{} is not supported", a.state, a.matcher));
                }
                if a.matcher.starts_with("path") && a.argument.is_none() {
                    self.problem(format!("waiter {name}: a {} acceptor needs an argument", a.matcher));
                }
            }
            let key = format!("waiter:{name}");
            let description = self.describe(&key, &format!("#/x-aws-waiters/{}", escape(name)));
            out.insert(
                name.clone(),
                super::openapi::Waiter {
                    description,
                    operation: w.operation.clone(),
                    delay: w.delay,
                    max_attempts: w.max_attempts,
                    acceptors: w
                        .acceptors
                        .iter()
                        .map(|a| super::botocore::Acceptor {
                            state: a.state.clone(),
                            matcher: a.matcher.clone(),
                            argument: a.argument.clone(),
                            expected: a.expected.clone(),
                        })
                        .collect(),
                    since: self.since(&key),
                },
            );
        }
        out
    }

    fn queue(&mut self, name: &str) {
        if !self.schemas.contains_key(name) {
            self.queued.insert(name.to_string());
        }
    }

    fn define(&mut self, name: &str, schema: Schema) {
        self.queued.remove(name);
        self.schemas.insert(name.to_string(), schema);
    }

    fn drain_queue(&mut self) {
        while let Some(name) = self.queued.pop_first() {
            if self.schemas.contains_key(&name) {
                continue;
            }
            let Some(shape) = self.shape(&name) else { continue };
            let schema = if shape.exception {
                self.error_schema(&name, shape)
            } else if shape.enum_values.is_some() {
                self.enum_schema(&name, shape)
            } else if shape.ty == "structure" {
                self.structure_schema(&name, shape)
            } else {
                self.problem(format!("shape {name} of type {} cannot be a named schema", shape.ty));
                continue;
            };
            self.schemas.insert(name, schema);
        }
    }

    fn structure_schema(&mut self, name: &str, shape: &'a Shape) -> Schema {
        let ptr = format!("{SCHEMAS}{}", escape(name));
        let mut props = IndexMap::new();
        for (n, m) in &shape.members {
            if m.location.is_some() {
                self.problem(format!(
                    "{name}.{n}: a structure used as a member cannot bind members to HTTP headers or the path"
                ));
            }
            let mptr = format!("{ptr}/properties/{}", escape(n));
            props.insert(n.clone(), self.member_schema(name, n, m, &mptr));
        }
        let key = shape_key(name);
        Schema {
            ty: Some("object"),
            description: self.describe(&key, &ptr),
            deprecated: shape.deprecated,
            required: shape.required.clone(),
            properties: Some(props),
            sensitive: shape.sensitive,
            union: shape.union || shape.eventstream,
            since: self.since(&key),
            ..Schema::default()
        }
    }

    fn enum_schema(&mut self, name: &str, shape: &Shape) -> Schema {
        let ptr = format!("{SCHEMAS}{}", escape(name));
        let key = shape_key(name);
        let values = shape.enum_values.clone().unwrap_or_default();
        let mut enum_since = IndexMap::new();
        if let Some((prev_values, prev_since)) = self.prose.items.get(&key).and_then(|p| p.enum_values.as_ref()) {
            for v in &values {
                match prev_since.get(v) {
                    Some(s) => {
                        enum_since.insert(v.clone(), s.clone());
                    }
                    None if !prev_values.contains(v) => {
                        enum_since.insert(v.clone(), self.version.to_string());
                    }
                    None => {}
                }
            }
        }
        Schema {
            ty: Some("string"),
            description: self.describe(&key, &ptr),
            enum_values: Some(values),
            sensitive: shape.sensitive,
            since: self.since(&key),
            enum_since,
            ..Schema::default()
        }
    }

    fn error_schema(&mut self, name: &str, shape: &'a Shape) -> Schema {
        let ptr = format!("{SCHEMAS}{}", escape(name));
        let mut props = IndexMap::new();
        for (n, m) in &shape.members {
            let mptr = format!("{ptr}/properties/{}", escape(n));
            let key = member_key(name, n);
            let mut s = self.value_schema(&m.shape, &format!("{name}.{n}"));
            s.description = match standard_error_member(n) {
                Some(d) if self.supplied_text(&key).is_none() => Some(d.to_string()),
                _ => self.describe(&key, &mptr),
            };
            match m.location.as_deref() {
                None => {}
                Some("header") => s.header = Some(m.location_name.clone().unwrap_or_else(|| n.clone())),
                Some(other) => self.problem(format!("{name}.{n}: unsupported error member location {other:?}")),
            }
            s.since = self.since(&key);
            props.insert(n.clone(), s);
        }
        let key = shape_key(name);
        let status = shape.error.as_ref().map(|e| e.http_status_code).unwrap_or(400);
        Schema {
            ty: Some("object"),
            description: self.describe(&key, &ptr),
            properties: Some(props),
            error: Some(json!({ "httpStatus": status })),
            since: self.since(&key),
            ..Schema::default()
        }
    }

    /// Every error shape of the model, whether or not an operation lists it, so that a
    /// client can decode any code the service sends.
    fn error_schemas(&mut self) {
        let names: Vec<&String> = self.service.shapes.iter().filter(|(_, s)| s.exception).map(|(n, _)| n).collect();
        for n in names {
            self.queue(n);
        }
        self.drain_queue();
    }

    fn common_errors(&mut self) -> Vec<String> {
        let mut names = Vec::new();
        for e in &self.common_error_list() {
            if self.schemas.contains_key(&e.name) {
                self.problem(format!("common error {} is also an error of the model", e.name));
                continue;
            }
            let props = e
                .members
                .iter()
                .map(|(m, d)| {
                    let description = d.clone().or_else(|| standard_error_member(m).map(str::to_string));
                    (m.clone(), Schema { ty: Some("string"), description, ..Schema::default() })
                })
                .collect();
            self.schemas.insert(
                e.name.clone(),
                Schema {
                    ty: Some("object"),
                    description: e.description.clone(),
                    properties: Some(props),
                    error: Some(json!({ "httpStatus": e.status })),
                    common: true,
                    ..Schema::default()
                },
            );
            names.push(e.name.clone());
        }
        names
    }

    /// A member's schema: its type and constraints, with its description, examples,
    /// provenance and flags.
    fn member_schema(&mut self, owner: &str, name: &str, m: &Member, pointer: &str) -> Schema {
        let key = member_key(owner, name);
        let mut s = self.value_schema(&m.shape, &format!("{owner}.{name}"));
        s.description = self.describe(&key, pointer);
        s.deprecated = m.deprecated;
        if m.deprecated {
            s.deprecated_message = self.prose.items.get(&key).and_then(|p| p.deprecated_message.clone());
        }
        s.examples = self.prose.items.get(&key).map(|p| p.examples.clone()).unwrap_or_default();
        s.sensitive = self.member_sensitive(&key, &m.shape);
        s.idempotency_token = m.idempotency_token;
        s.since = self.since(&key);
        s
    }

    /// Whether a member is secret: the model says so, or the previous spec marked it.
    fn member_sensitive(&self, key: &str, shape: &str) -> bool {
        self.is_sensitive(shape) || self.prose.items.get(key).is_some_and(|p| p.sensitive)
    }

    fn is_sensitive(&self, shape: &str) -> bool {
        let Some(s) = self.service.shapes.get(shape) else { return false };
        s.sensitive
            || match s.ty.as_str() {
                "list" => s.member.as_ref().is_some_and(|m| self.is_sensitive(&m.shape)),
                "map" => {
                    s.key.as_ref().is_some_and(|k| self.is_sensitive(&k.shape))
                        || s.value.as_ref().is_some_and(|v| self.is_sensitive(&v.shape))
                }
                _ => false,
            }
    }

    /// The schema of a value of this shape, without member prose.
    fn value_schema(&mut self, shape_name: &str, at: &str) -> Schema {
        let Some(shape) = self.shape(shape_name) else { return Schema::default() };
        let int = |v: Option<f64>| v.map(|x| Value::from(x as i64));
        let float = |v: Option<f64>| v.and_then(|x| serde_json::Number::from_f64(x).map(Value::Number));
        match shape.ty.as_str() {
            "structure" if shape.exception => {
                self.problem(format!("{at}: a member cannot have an error type ({shape_name})"));
                Schema::default()
            }
            "structure" => {
                self.queue(shape_name);
                schema_ref(shape_name)
            }
            "string" if shape.enum_values.is_some() => {
                self.queue(shape_name);
                schema_ref(shape_name)
            }
            "string" => Schema {
                ty: Some("string"),
                min_length: as_u64(shape.min),
                max_length: as_u64(shape.max),
                pattern: shape.pattern.as_ref().map(|p| self.pattern(p, at)),
                ..Schema::default()
            },
            "integer" => Schema {
                ty: Some("integer"),
                format: Some("int32"),
                minimum: int(shape.min),
                maximum: int(shape.max),
                ..Schema::default()
            },
            "long" => Schema {
                ty: Some("integer"),
                format: Some("int64"),
                minimum: int(shape.min),
                maximum: int(shape.max),
                ..Schema::default()
            },
            "double" | "float" => Schema {
                ty: Some("number"),
                format: Some("double"),
                minimum: float(shape.min),
                maximum: float(shape.max),
                ..Schema::default()
            },
            "boolean" => Schema { ty: Some("boolean"), ..Schema::default() },
            "timestamp" => {
                if shape.timestamp_format.as_deref().is_some_and(|f| f != "unixTimestamp") {
                    self.problem(format!("{at}: timestamp format {:?} is not supported", shape.timestamp_format));
                }
                Schema { ty: Some("number"), format: Some("epoch-seconds"), ..Schema::default() }
            }
            "blob" => Schema {
                ty: Some("string"),
                content_encoding: Some("base64"),
                min_length: as_u64(shape.min),
                max_length: as_u64(shape.max),
                ..Schema::default()
            },
            "list" => {
                let Some(item) = &shape.member else {
                    self.problem(format!("{at}: list shape {shape_name} has no member"));
                    return Schema::default();
                };
                Schema {
                    ty: Some("array"),
                    items: Some(Box::new(self.value_schema(&item.shape, at))),
                    min_items: as_u64(shape.min),
                    max_items: as_u64(shape.max),
                    ..Schema::default()
                }
            }
            "map" => {
                let (Some(k), Some(v)) = (&shape.key, &shape.value) else {
                    self.problem(format!("{at}: map shape {shape_name} needs a key and a value"));
                    return Schema::default();
                };
                Schema {
                    ty: Some("object"),
                    additional_properties: Some(Box::new(self.value_schema(&v.shape, at))),
                    property_names: Some(Box::new(self.value_schema(&k.shape, at))),
                    min_properties: as_u64(shape.min),
                    max_properties: as_u64(shape.max),
                    ..Schema::default()
                }
            }
            other => {
                self.problem(format!("{at}: shape {shape_name} has unsupported type {other}"));
                Schema::default()
            }
        }
    }

    /// `^(?:P)$`, checked to be one the runtime can match once the generator rewrites it.
    fn pattern(&mut self, p: &str, at: &str) -> String {
        let anchored = format!("^(?:{p})$");
        let refusal = self
            .pattern_checks
            .entry(anchored.clone())
            .or_insert_with(|| lambda_codegen::ir::pattern::lower(&anchored).err().map(|e| e.to_string()))
            .clone();
        if let Some(e) = refusal {
            self.problem(format!("{at}: pattern {p:?} cannot be matched: {e}"));
        }
        anchored
    }
}

const DEFAULT_DESCRIPTION: &str = "Control-plane API of AWS Lambda.";

/// Blocks the model does not carry, for a first import without a previous spec.
fn default_fixed(key: &str) -> Value {
    match key {
        "servers" => json!([{ "url": "https://lambda.{region}.amazonaws.com", "description": "Regional endpoint.",
            "variables": { "region": { "default": "us-east-1", "description": "AWS Region, for example us-west-2." } } }]),
        "security" => json!([{ "sigv4": [] }]),
        "securitySchemes" => json!({ "sigv4": { "type": "apiKey", "name": "Authorization", "in": "header",
            "description": "AWS Signature Version 4, in the Authorization header or the X-Amz-* query parameters.",
            "x-aws-signing": { "name": "lambda", "algorithm": "AWS4-HMAC-SHA256" } } }),
        "headers" => json!({ "X-Amzn-ErrorType": {
            "description": "Error code of a failed request; text after a ':' is not part of the code.",
            "schema": { "type": "string" } } }),
        _ => json!({}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::botocore::{Paginators, Service, Waiters};

    fn model(extra_op: &str, extra_member: &str) -> Service {
        let text = format!(
            r#"{{"metadata": {{"apiVersion": "2015-03-31", "protocol": "rest-json", "signingName": "lambda", "endpointPrefix": "lambda"}},
            "operations": {{"GetThing": {{"name": "GetThing", "http": {{"method": "GET", "requestUri": "/2015-03-31/things/{{Name}}", "responseCode": 200}},
                "input": {{"shape": "GetThingRequest"}}, "output": {{"shape": "Thing"}}, "errors": [{{"shape": "NotFound"}}] {extra_op}}}}},
            "shapes": {{
              "GetThingRequest": {{"type": "structure", "required": ["Name"], "members": {{"Name": {{"shape": "Name", "location": "uri", "locationName": "Name" {extra_member}}}}}}},
              "Name": {{"type": "string", "min": 1, "max": 64, "pattern": "[a-z]+"}},
              "Thing": {{"type": "structure", "members": {{"Name": {{"shape": "Name", "documentation": "<p>The model's words.</p>"}}}}}},
              "NotFound": {{"type": "structure", "members": {{"Message": {{"shape": "Name"}}}}, "error": {{"httpStatusCode": 404}}, "exception": true}}
            }}}}"#
        );
        Service::parse(&text).unwrap()
    }

    fn supplied(pairs: &[(&str, &str)]) -> Supplied {
        let mut s = Supplied::default();
        for (k, v) in pairs {
            s.0.insert(k.to_string(), SuppliedText::Text(v.to_string()));
        }
        s
    }

    #[test]
    fn a_trait_the_importer_does_not_translate_is_named_not_dropped() {
        let problems = build(
            &model(r#", "httpChecksum": {}"#, r#", "hostLabel": true"#),
            &Paginators::default(),
            &Waiters::default(),
            &Prose::default(),
            &Supplied::default(),
            "9",
        )
        .unwrap_err();
        assert!(problems.iter().any(|p| p.contains("operation GetThing: httpChecksum")), "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("member GetThingRequest.Name: hostLabel")), "{problems:?}");
    }

    #[test]
    fn missing_descriptions_are_reported_by_key_and_pointer_and_the_model_prose_is_never_used() {
        let built = build(
            &model("", ""),
            &Paginators::default(),
            &Waiters::default(),
            &Prose::default(),
            &supplied(&[("member:Thing.Name", "Our words.")]),
            "9",
        )
        .unwrap();
        let keys: Vec<&str> = built.missing.iter().map(|m| m.key.as_str()).collect();
        assert!(keys.contains(&"operation:GetThing"), "{keys:?}");
        assert!(keys.contains(&"member:GetThingRequest.Name"), "{keys:?}");
        assert!(!keys.contains(&"member:Thing.Name"), "supplied");
        let m = built.missing.iter().find(|m| m.key == "shape:Thing").unwrap();
        assert_eq!(m.pointer, "#/components/schemas/Thing");
        let text = crate::import::openapi::to_text(&built.doc).unwrap();
        assert!(text.contains("Our words.") && !text.contains("model's words"));
        // New items carry the model release that brought them; the common Message member of
        // an error gets the house description.
        assert!(text.contains("\"x-aws-since\": \"9\""));
        assert!(text.contains("Human-readable explanation of the error."));
    }

    #[test]
    fn patterns_are_anchored_and_checked() {
        let mut service = model("", "");
        service.shapes.get_mut("Name").unwrap().pattern = Some("[a-z+".into());
        let problems =
            build(&service, &Paginators::default(), &Waiters::default(), &Prose::default(), &Supplied::default(), "9")
                .unwrap_err();
        assert!(
            problems.iter().any(|p| p.contains("pattern \"[a-z+\" cannot be matched: it does not parse")),
            "{problems:?}"
        );
        let built = build(
            &model("", ""),
            &Paginators::default(),
            &Waiters::default(),
            &Prose::default(),
            &Supplied::default(),
            "9",
        )
        .unwrap();
        assert!(crate::import::openapi::to_text(&built.doc).unwrap().contains(r#""pattern": "^(?:[a-z]+)$""#));
    }
}
