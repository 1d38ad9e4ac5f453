//! A typed model of the subset of OpenAPI 3.1 that the spec uses (see `spec/README.md`).
//!
//! Unknown keywords are kept in `extra` so the lowering step can reject what it does not
//! understand instead of silently ignoring it.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

/// The whole document.
#[derive(Debug, Deserialize)]
pub struct Document {
    /// `openapi` version string; must be 3.1.x.
    pub openapi: String,
    /// Title and API version.
    pub info: Info,
    /// Path items, keyed by path template (optionally with a constant `?key=value`).
    #[serde(default)]
    pub paths: IndexMap<String, PathItem>,
    /// Shared components.
    #[serde(default)]
    pub components: Components,
    /// Errors every operation can return.
    #[serde(rename = "x-aws-common-errors", default)]
    pub common_errors: Vec<String>,
    /// Everything else at the top level.
    #[serde(flatten)]
    pub extra: IndexMap<String, Value>,
}

/// `info`.
#[derive(Debug, Deserialize)]
pub struct Info {
    /// API name.
    pub title: String,
    /// API version, `2015-03-31`.
    pub version: String,
    /// What the API is.
    #[serde(default)]
    pub description: Option<String>,
    /// The model the spec was imported from.
    #[serde(rename = "x-aws-model", default)]
    pub model: Option<ModelInfo>,
}

/// `info.x-aws-model`.
#[derive(Debug, Deserialize)]
pub struct ModelInfo {
    /// `botocore`.
    pub source: String,
    /// Its release, e.g. `1.44.18`.
    pub version: String,
    /// The model file inside the release.
    #[serde(default)]
    pub file: Option<String>,
}

/// `components`.
#[derive(Debug, Default, Deserialize)]
pub struct Components {
    /// Named schemas.
    #[serde(default)]
    pub schemas: IndexMap<String, Schema>,
    /// Security schemes (SigV4).
    #[serde(rename = "securitySchemes", default)]
    pub security_schemes: IndexMap<String, Value>,
    /// Anything else (headers, parameters); kept for `$ref` resolution.
    #[serde(flatten)]
    pub extra: IndexMap<String, Value>,
}

/// One path item: operations by method.
#[derive(Debug, Deserialize)]
pub struct PathItem {
    /// Operations keyed by lower-case method, plus any other keys.
    #[serde(flatten)]
    pub methods: IndexMap<String, Value>,
}

/// An operation object.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// The reference's operation name.
    pub operation_id: String,
    /// One-line summary.
    #[serde(default)]
    pub summary: Option<String>,
    /// Longer description.
    #[serde(default)]
    pub description: Option<String>,
    /// Path, query and header parameters.
    #[serde(default)]
    pub parameters: Vec<Parameter>,
    /// The request body, JSON or raw.
    #[serde(default)]
    pub request_body: Option<RequestBody>,
    /// Responses by status code.
    #[serde(default)]
    pub responses: IndexMap<String, Response>,
    /// Whether the operation is deprecated.
    #[serde(default)]
    pub deprecated: bool,
    /// What replaces a deprecated operation.
    #[serde(rename = "x-aws-deprecated-message", default)]
    pub deprecated_message: Option<String>,
    /// Output member set from the HTTP status.
    #[serde(rename = "x-aws-status-member", default)]
    pub status_member: Option<StatusMember>,
    /// How the operation pages.
    #[serde(rename = "x-aws-pagination", default)]
    pub pagination: Option<PaginationExt>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: IndexMap<String, Value>,
}

/// `x-aws-status-member`.
#[derive(Debug, Deserialize)]
pub struct StatusMember {
    /// Output member name.
    pub member: String,
    /// Success statuses the member can take.
    pub values: Vec<u16>,
}

/// `x-aws-pagination`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PaginationExt {
    /// Input member carrying the token.
    pub input_token: String,
    /// Output member carrying the next token.
    pub output_token: String,
    /// Input member limiting the page size.
    #[serde(default)]
    pub limit_key: Option<String>,
    /// Output list member with the page's items.
    pub items: String,
}

/// A parameter object.
#[derive(Debug, Deserialize)]
pub struct Parameter {
    /// Wire name.
    pub name: String,
    /// `path`, `query` or `header`.
    #[serde(rename = "in")]
    pub location: String,
    /// Whether the member is required.
    #[serde(default)]
    pub required: bool,
    /// What it is.
    #[serde(default)]
    pub description: Option<String>,
    /// Its type and constraints.
    pub schema: Option<Schema>,
    /// Member name.
    #[serde(rename = "x-aws-member")]
    pub member: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: IndexMap<String, Value>,
}

/// A request body object.
#[derive(Debug, Deserialize)]
pub struct RequestBody {
    /// What the body holds.
    #[serde(default)]
    pub description: Option<String>,
    /// Whether a body is required.
    #[serde(default)]
    pub required: bool,
    /// Media types.
    #[serde(default)]
    pub content: IndexMap<String, MediaType>,
    /// Member bound to a raw body.
    #[serde(rename = "x-aws-payload", default)]
    pub payload: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: IndexMap<String, Value>,
}

/// A response object.
#[derive(Debug, Deserialize)]
pub struct Response {
    /// What the response means.
    #[serde(default)]
    pub description: Option<String>,
    /// Response headers by wire name.
    #[serde(default)]
    pub headers: IndexMap<String, Header>,
    /// Media types.
    #[serde(default)]
    pub content: IndexMap<String, MediaType>,
    /// Member bound to a raw body.
    #[serde(rename = "x-aws-payload", default)]
    pub payload: Option<String>,
    /// Member bound to an event stream body.
    #[serde(rename = "x-aws-event-stream", default)]
    pub event_stream: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: IndexMap<String, Value>,
}

/// A response header object (or a `$ref` to one).
#[derive(Debug, Deserialize)]
pub struct Header {
    /// Reference to a shared header.
    #[serde(rename = "$ref", default)]
    pub reference: Option<String>,
    /// What it is.
    #[serde(default)]
    pub description: Option<String>,
    /// Its type.
    #[serde(default)]
    pub schema: Option<Schema>,
    /// Member name.
    #[serde(rename = "x-aws-member", default)]
    pub member: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: IndexMap<String, Value>,
}

/// A media type object.
#[derive(Debug, Deserialize)]
pub struct MediaType {
    /// Body schema.
    #[serde(default)]
    pub schema: Option<Schema>,
}

/// A JSON Schema (2020-12 subset) with the spec's extensions.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    /// `$ref` to `#/components/schemas/Name`.
    #[serde(rename = "$ref", default)]
    pub reference: Option<String>,
    /// JSON type.
    #[serde(rename = "type", default)]
    pub ty: Option<String>,
    /// Format refinement (`int32`, `int64`, `double`, `epoch-seconds`).
    #[serde(default)]
    pub format: Option<String>,
    /// What it is.
    #[serde(default)]
    pub description: Option<String>,
    /// Structure members.
    #[serde(default)]
    pub properties: IndexMap<String, Schema>,
    /// Required members.
    #[serde(default)]
    pub required: Vec<String>,
    /// List items.
    #[serde(default)]
    pub items: Option<Box<Schema>>,
    /// Map values.
    #[serde(default)]
    pub additional_properties: Option<Box<Schema>>,
    /// Map keys.
    #[serde(default)]
    pub property_names: Option<Box<Schema>>,
    /// Enum values.
    #[serde(rename = "enum", default)]
    pub enum_values: Option<Vec<Value>>,
    /// Alternatives (error responses only; older specs).
    #[serde(default)]
    pub one_of: Vec<Schema>,
    /// Alternatives (error responses only).
    #[serde(default)]
    pub any_of: Vec<Schema>,
    /// String length in characters, or blob length in bytes.
    pub min_length: Option<u64>,
    /// See `min_length`.
    pub max_length: Option<u64>,
    /// `^(?:P)$`.
    pub pattern: Option<String>,
    /// Inclusive lower bound.
    pub minimum: Option<f64>,
    /// Inclusive upper bound.
    pub maximum: Option<f64>,
    /// List size.
    pub min_items: Option<u64>,
    /// List size.
    pub max_items: Option<u64>,
    /// Map entries.
    pub min_properties: Option<u64>,
    /// Map entries.
    pub max_properties: Option<u64>,
    /// `base64` for blobs.
    pub content_encoding: Option<String>,
    /// `application/octet-stream` for raw payloads.
    pub content_media_type: Option<String>,
    /// Example values from the reference.
    #[serde(default)]
    pub examples: Vec<Value>,
    /// Error marker.
    #[serde(rename = "x-aws-error", default)]
    pub error: Option<ErrorExt>,
    /// Common-error marker.
    #[serde(rename = "x-aws-common", default)]
    pub common: bool,
    /// Union marker.
    #[serde(rename = "x-aws-union", default)]
    pub union: bool,
    /// Secret marker.
    #[serde(rename = "x-aws-sensitive", default)]
    pub sensitive: bool,
    /// Everything else.
    #[serde(flatten)]
    pub extra: IndexMap<String, Value>,
}

/// `x-aws-error`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorExt {
    /// HTTP status of the error.
    pub http_status: u16,
}

/// Parses the document; the error names the line and column of a syntax or shape error.
pub fn parse(text: &str) -> Result<Document, crate::error::Error> {
    Ok(serde_json::from_str(text)?)
}
