//! The spec as the importer writes it: typed OpenAPI 3.1 objects whose field order is the
//! key order of the file, so that the same model always gives the same bytes and a model
//! update gives a small, readable diff (conventions: `spec/README.md`).

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;

fn is_false(b: &bool) -> bool {
    !*b
}

/// The document.
#[derive(Debug, Serialize)]
pub struct Document {
    /// `3.1.0`.
    pub openapi: &'static str,
    /// Title, API version, model version.
    pub info: Info,
    /// Endpoint template.
    pub servers: Value,
    /// SigV4 on every operation.
    pub security: Value,
    /// Errors any operation can return.
    #[serde(rename = "x-aws-common-errors")]
    pub common_errors: Vec<String>,
    /// Waiters: poll an operation until its output or error says the wait is over.
    #[serde(rename = "x-aws-waiters", skip_serializing_if = "IndexMap::is_empty")]
    pub waiters: IndexMap<String, Waiter>,
    /// Path items by path key.
    pub paths: IndexMap<String, IndexMap<String, Operation>>,
    /// Shared components.
    pub components: Components,
}

/// One entry of `x-aws-waiters`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Waiter {
    /// What the waiter waits for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Operation polled.
    pub operation: String,
    /// Seconds between attempts.
    pub delay: u64,
    /// Attempts before giving up.
    pub max_attempts: u64,
    /// Acceptors, in the order they are tried.
    pub acceptors: Vec<super::botocore::Acceptor>,
    /// Model version that added it.
    #[serde(rename = "x-aws-since", skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
}

/// `info`.
#[derive(Debug, Serialize)]
pub struct Info {
    /// API name.
    pub title: String,
    /// `2015-03-31`.
    pub version: String,
    /// What the API is.
    pub description: String,
    /// Which model the spec was imported from.
    #[serde(rename = "x-aws-model")]
    pub model: ModelInfo,
}

/// `info.x-aws-model`.
#[derive(Debug, Serialize)]
pub struct ModelInfo {
    /// `botocore`.
    pub source: String,
    /// The botocore release, e.g. `1.44.18`.
    pub version: String,
    /// The model file inside the release.
    pub file: String,
}

/// `components`.
#[derive(Debug, Serialize)]
pub struct Components {
    /// SigV4.
    #[serde(rename = "securitySchemes")]
    pub security_schemes: Value,
    /// `X-Amzn-ErrorType`.
    pub headers: Value,
    /// SigV4 query parameters.
    pub parameters: Value,
    /// Named schemas, in name order.
    pub schemas: IndexMap<String, Schema>,
}

/// An operation object.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// Operation name.
    pub operation_id: String,
    /// One line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// A paragraph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Deprecated operation.
    #[serde(skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// What to use instead.
    #[serde(rename = "x-aws-deprecated-message", skip_serializing_if = "Option::is_none")]
    pub deprecated_message: Option<String>,
    /// Path, query and header members.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    /// Body members or payload.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_body: Option<RequestBody>,
    /// Success response, then error responses by status.
    pub responses: IndexMap<String, Response>,
    /// Output member set from the HTTP status.
    #[serde(rename = "x-aws-status-member", skip_serializing_if = "Option::is_none")]
    pub status_member: Option<Value>,
    /// How the operation pages.
    #[serde(rename = "x-aws-pagination", skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    /// Model version that added the operation.
    #[serde(rename = "x-aws-since", skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Model version that added each error to an operation that had others before.
    #[serde(rename = "x-aws-errors-since", skip_serializing_if = "IndexMap::is_empty")]
    pub errors_since: IndexMap<String, String>,
}

/// `x-aws-pagination`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    /// Input member carrying the token.
    pub input_token: String,
    /// Output member carrying the next token.
    pub output_token: String,
    /// Input member limiting the page size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit_key: Option<String>,
    /// Output member listing the page's items.
    pub items: String,
}

/// A parameter object.
#[derive(Debug, Serialize)]
pub struct Parameter {
    /// Wire name.
    pub name: String,
    /// `path`, `query` or `header`.
    #[serde(rename = "in")]
    pub location: &'static str,
    /// Whether it must be sent.
    pub required: bool,
    /// Member name.
    #[serde(rename = "x-aws-member")]
    pub member: String,
    /// What it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Deprecated member.
    #[serde(skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// Type and constraints.
    pub schema: Schema,
    /// Model version that added it.
    #[serde(rename = "x-aws-since", skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
}

/// A request body object.
#[derive(Debug, Serialize)]
pub struct RequestBody {
    /// What the body holds (payload bodies).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether a body is required.
    pub required: bool,
    /// The one media type.
    pub content: IndexMap<String, MediaType>,
    /// Member bound to the whole body.
    #[serde(rename = "x-aws-payload", skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
    /// Model version that added the payload member.
    #[serde(rename = "x-aws-since", skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
}

/// A media type object.
#[derive(Debug, Serialize)]
pub struct MediaType {
    /// Body schema.
    pub schema: Schema,
}

/// A response object.
#[derive(Debug, Serialize)]
pub struct Response {
    /// What it means.
    pub description: String,
    /// Headers by wire name.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub headers: IndexMap<String, Header>,
    /// The one media type, if there is a body.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub content: IndexMap<String, MediaType>,
    /// Member bound to a raw body.
    #[serde(rename = "x-aws-payload", skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
    /// Member bound to an event stream body.
    #[serde(rename = "x-aws-event-stream", skip_serializing_if = "Option::is_none")]
    pub event_stream: Option<String>,
}

/// A header object, or a `$ref` to the shared error-code header.
#[derive(Debug, Serialize)]
pub struct Header {
    /// Shared header.
    #[serde(rename = "$ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// What it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<Schema>,
    /// Member name.
    #[serde(rename = "x-aws-member", skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// Model version that added it.
    #[serde(rename = "x-aws-since", skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
}

/// A JSON Schema with the spec's extensions. Field order is key order in the file.
#[derive(Debug, Default, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    /// Named schema.
    #[serde(rename = "$ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// JSON type.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<&'static str>,
    /// Refinement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<&'static str>,
    /// What it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Deprecated.
    #[serde(skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// What to use instead.
    #[serde(rename = "x-aws-deprecated-message", skip_serializing_if = "Option::is_none")]
    pub deprecated_message: Option<String>,
    /// Enum values.
    #[serde(rename = "enum", skip_serializing_if = "Option::is_none")]
    pub enum_values: Option<Vec<String>>,
    /// Required members.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<String>,
    /// Members, in model order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub properties: Option<IndexMap<String, Schema>>,
    /// List element.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Schema>>,
    /// Map value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<Box<Schema>>,
    /// Map key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub property_names: Option<Box<Schema>>,
    /// Alternatives (error responses).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub any_of: Vec<Schema>,
    /// Minimum length (characters or bytes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// Maximum length.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// `^(?:P)$`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Inclusive lower bound.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Value>,
    /// Inclusive upper bound.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<Value>,
    /// List size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    /// List size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    /// Map size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_properties: Option<u64>,
    /// Map size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_properties: Option<u64>,
    /// `base64` for blobs in JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_encoding: Option<&'static str>,
    /// `application/octet-stream` for raw bodies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_media_type: Option<&'static str>,
    /// Example values (from the reference).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Value>,
    /// Secret.
    #[serde(rename = "x-aws-sensitive", skip_serializing_if = "is_false")]
    pub sensitive: bool,
    /// Exactly one member is set.
    #[serde(rename = "x-aws-union", skip_serializing_if = "is_false")]
    pub union: bool,
    /// The client fills it with a fresh token when absent.
    #[serde(rename = "x-aws-idempotency-token", skip_serializing_if = "is_false")]
    pub idempotency_token: bool,
    /// An error member that travels in this response header.
    #[serde(rename = "x-aws-header", skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// Error status.
    #[serde(rename = "x-aws-error", skip_serializing_if = "Option::is_none")]
    pub error: Option<Value>,
    /// Common error.
    #[serde(rename = "x-aws-common", skip_serializing_if = "is_false")]
    pub common: bool,
    /// Model version that added the schema or member.
    #[serde(rename = "x-aws-since", skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Model version that added each enum value the reference does not have.
    #[serde(rename = "x-aws-enum-since", skip_serializing_if = "IndexMap::is_empty")]
    pub enum_since: IndexMap<String, String>,
}

/// Writes the document as the spec file: two-space indented JSON and a final newline.
pub fn to_text(doc: &Document) -> Result<String, String> {
    let mut text = serde_json::to_string_pretty(doc).map_err(|e| format!("cannot write the spec: {e}"))?;
    text.push('\n');
    Ok(text)
}
