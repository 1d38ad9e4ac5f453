//! What the importer keeps from the previous spec: our own descriptions and examples, the
//! provenance of each item, and the few facts the model does not carry (the reference's common
//! errors, the statuses a status member takes, the endpoint and signing blocks).
//!
//! Items are keyed the way the model names them: `operation:Name`, `shape:Name`,
//! `member:Shape.Member`, `response:Operation`. The previous spec is mapped onto those keys
//! with the model's help (an operation's parameters are members of its input shape).

use super::botocore::Service;
use indexmap::IndexMap;
use lambda_codegen::model::{self, Document};
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Prose and provenance of an operation.
#[derive(Clone, Debug, Default)]
pub struct OperationProse {
    /// One line.
    pub summary: Option<String>,
    /// A paragraph.
    pub description: Option<String>,
    /// What replaces it, when deprecated.
    pub deprecated_message: Option<String>,
    /// Description of the success response.
    pub success: Option<String>,
    /// Statuses of `x-aws-status-member`, by member.
    pub status_values: Option<(String, Vec<u16>)>,
    /// Model version that added it (`None`: the reference has it).
    pub since: Option<String>,
    /// Error codes the operation listed.
    pub errors: BTreeSet<String>,
    /// Model version that added each error.
    pub errors_since: IndexMap<String, String>,
}

/// Prose and provenance of a shape or member.
#[derive(Clone, Debug, Default)]
pub struct ItemProse {
    /// What it is.
    pub description: Option<String>,
    /// What replaces it, when deprecated.
    pub deprecated_message: Option<String>,
    /// Examples (from the reference).
    pub examples: Vec<Value>,
    /// Model version that added it.
    pub since: Option<String>,
    /// Enum values the previous spec had, and when each was added.
    pub enum_values: Option<(BTreeSet<String>, IndexMap<String, String>)>,
    /// The prose was carried over from an item the model renamed: the item itself is new.
    pub carried: bool,
    /// Marked secret: kept, since what we hide from logs is our call as much as the model's.
    pub sensitive: bool,
}

/// Everything kept from the previous spec.
#[derive(Debug, Default)]
pub struct Prose {
    /// By operation name.
    pub operations: BTreeMap<String, OperationProse>,
    /// `shape:Name` and `member:Shape.Member`.
    pub items: BTreeMap<String, ItemProse>,
    /// `info.description`.
    pub api_description: Option<String>,
    /// The reference's common errors.
    pub common_errors: Vec<CommonError>,
    /// `servers`, `security`, `components/{securitySchemes,headers,parameters}`.
    pub fixed: IndexMap<String, Value>,
}

/// An error any operation can return, which the model does not list (the reference's common
/// errors section).
#[derive(Debug, Clone)]
pub struct CommonError {
    /// Error code.
    pub name: String,
    /// What it means.
    pub description: Option<String>,
    /// HTTP status.
    pub status: u16,
    /// Members with their descriptions.
    pub members: Vec<(String, Option<String>)>,
}

/// Descriptions supplied for an import run (`--descriptions FILE`): key → text, or for an
/// operation `{"summary": ..., "description": ...}`.
#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
pub struct Supplied(pub IndexMap<String, SuppliedText>);

/// One supplied description.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum SuppliedText {
    /// Shapes, members, responses.
    Text(String),
    /// Operations.
    Operation {
        /// One line.
        summary: String,
        /// A paragraph.
        description: String,
    },
}

/// Key of a shape.
pub fn shape_key(shape: &str) -> String {
    format!("shape:{shape}")
}

/// Key of a member.
pub fn member_key(shape: &str, member: &str) -> String {
    format!("member:{shape}.{member}")
}

fn since(extra: &IndexMap<String, Value>) -> Option<String> {
    extra.get("x-aws-since").and_then(Value::as_str).map(str::to_string)
}

fn text_map(extra: &IndexMap<String, Value>, key: &str) -> IndexMap<String, String> {
    extra
        .get(key)
        .and_then(Value::as_object)
        .map(|m| m.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))).collect())
        .unwrap_or_default()
}

fn item(s: &model::Schema) -> ItemProse {
    ItemProse {
        description: s.description.clone(),
        deprecated_message: s.extra.get("x-aws-deprecated-message").and_then(Value::as_str).map(str::to_string),
        examples: s.examples.clone(),
        since: since(&s.extra),
        enum_values: s.enum_values.as_ref().map(|v| {
            (v.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(), text_map(&s.extra, "x-aws-enum-since"))
        }),
        carried: false,
        sensitive: s.sensitive,
    }
}

impl Prose {
    /// Reads the previous spec. `service` maps each operation to the shapes the model gives
    /// its input and output, so that parameters and headers find their member keys.
    pub fn read(doc: &Document, service: &Service) -> Result<Prose, String> {
        let mut p = Prose { api_description: doc.info.description.clone(), ..Prose::default() };
        for key in ["servers", "security"] {
            if let Some(v) = doc.extra.get(key) {
                p.fixed.insert(key.to_string(), v.clone());
            }
        }
        p.fixed.insert(
            "securitySchemes".into(),
            serde_json::to_value(&doc.components.security_schemes).unwrap_or_default(),
        );
        for key in ["headers", "parameters"] {
            if let Some(v) = doc.components.extra.get(key) {
                p.fixed.insert(key.to_string(), v.clone());
            }
        }
        for name in &doc.common_errors {
            let Some(s) = doc.components.schemas.get(name) else {
                return Err(format!("previous spec: common error {name} has no schema"));
            };
            let Some(error) = &s.error else {
                return Err(format!("previous spec: common error {name} has no x-aws-error"));
            };
            p.common_errors.push(CommonError {
                name: name.clone(),
                description: s.description.clone(),
                status: error.http_status,
                members: s.properties.iter().map(|(m, ms)| (m.clone(), ms.description.clone())).collect(),
            });
        }
        for (name, w) in doc.extra.get("x-aws-waiters").and_then(Value::as_object).into_iter().flatten() {
            p.items.insert(
                format!("waiter:{name}"),
                ItemProse {
                    description: w.get("description").and_then(Value::as_str).map(str::to_string),
                    since: w.get("x-aws-since").and_then(Value::as_str).map(str::to_string),
                    ..ItemProse::default()
                },
            );
        }
        for (name, s) in &doc.components.schemas {
            p.items.insert(shape_key(name), item(s));
            for (m, ms) in &s.properties {
                p.items.insert(member_key(name, m), item(ms));
            }
        }
        for item_value in doc.paths.values() {
            for op_value in item_value.methods.values() {
                let op: model::Operation = serde_json::from_value(op_value.clone())
                    .map_err(|e| format!("previous spec: not an operation object: {e}"))?;
                p.read_operation(&op, service);
            }
        }
        Ok(p)
    }

    fn read_operation(&mut self, op: &model::Operation, service: &Service) {
        let name = &op.operation_id;
        let model_op = service.operations.get(name);
        let input = model_op.and_then(|o| o.input.as_ref()).map(|r| r.shape.clone());
        let output = model_op.and_then(|o| o.output.as_ref()).map(|r| r.shape.clone());
        let mut prose = OperationProse {
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated_message: op.deprecated_message.clone(),
            status_values: op.status_member.as_ref().map(|s| (s.member.clone(), s.values.clone())),
            since: since(&op.extra),
            errors_since: text_map(&op.extra, "x-aws-errors-since"),
            ..OperationProse::default()
        };
        if let Some(input) = &input {
            let labels: Vec<_> = op.parameters.iter().filter(|p| p.location == "path").collect();
            for param in &op.parameters {
                let member = param.member.clone().unwrap_or_else(|| param.name.clone());
                let schema = param.schema.as_ref();
                let entry = ItemProse {
                    description: param.description.clone(),
                    examples: schema.map(|s| s.examples.clone()).unwrap_or_default(),
                    since: since(&param.extra),
                    sensitive: schema.is_some_and(|s| s.sensitive),
                    ..ItemProse::default()
                };
                // A path label renamed by the model keeps its prose through its position.
                let position = labels.iter().position(|l| std::ptr::eq(*l, param));
                let renamed = position.and_then(|i| model_label(service, name, i));
                if let Some(renamed) = renamed.filter(|r| *r != member) {
                    let carried = ItemProse { carried: true, since: None, ..entry.clone() };
                    self.items.entry(member_key(input, &renamed)).or_insert(carried);
                }
                self.items.insert(member_key(input, &member), entry);
            }
            if let Some(body) = &op.request_body {
                if let Some(payload) = &body.payload {
                    let key = member_key(input, payload);
                    let entry = self.items.entry(key).or_default();
                    if entry.description.is_none() {
                        entry.description = body.description.clone();
                    }
                    if entry.since.is_none() {
                        entry.since = since(&body.extra);
                    }
                    entry.sensitive |= body.content.values().any(|m| m.schema.as_ref().is_some_and(|s| s.sensitive));
                }
            }
        }
        for (status, resp) in &op.responses {
            if status.starts_with('2') {
                prose.success = Some(resp.description.clone().unwrap_or_default());
                if let Some(output) = &output {
                    for (_, h) in &resp.headers {
                        if let Some(member) = &h.member {
                            self.items.insert(
                                member_key(output, member),
                                ItemProse {
                                    description: h.description.clone(),
                                    since: since(&h.extra),
                                    ..ItemProse::default()
                                },
                            );
                        }
                    }
                    if let Some(payload) = resp.payload.as_ref().or(resp.event_stream.as_ref()) {
                        self.items.entry(member_key(output, payload)).or_insert_with(|| ItemProse {
                            description: resp.description.clone(),
                            ..ItemProse::default()
                        });
                    }
                }
                continue;
            }
            for media in resp.content.values() {
                if let Some(s) = &media.schema {
                    for alt in s.one_of.iter().chain(s.any_of.iter()) {
                        if let Some(code) = alt.reference.as_deref().and_then(|r| r.rsplit('/').next()) {
                            prose.errors.insert(code.to_string());
                        }
                    }
                }
            }
        }
        self.operations.insert(name.clone(), prose);
    }
}

/// The member the model binds to the `index`-th path label of an operation.
fn model_label(service: &Service, op: &str, index: usize) -> Option<String> {
    let model_op = service.operations.get(op)?;
    let input = service.shapes.get(&model_op.input.as_ref()?.shape)?;
    let uri = model_op.http.request_uri.split('?').next()?;
    let label = uri.split('/').filter_map(|s| s.strip_prefix('{')?.strip_suffix('}')).nth(index)?;
    let label = label.trim_end_matches('+');
    input
        .members
        .iter()
        .find(|(_, m)| m.location.as_deref() == Some("uri") && m.location_name.as_deref() == Some(label))
        .map(|(n, _)| n.clone())
}
