//! A typed model of botocore's service description (`service-2.json`) and paginator file
//! (`paginators-1.json`), as far as the Lambda model uses them.
//!
//! Only facts are read: names, HTTP bindings, shapes, constraints, errors and flags. The
//! `documentation` strings are never read: descriptions in the spec are ours. Keys not named
//! here are collected in `extra` and checked against the traits the importer knows it can
//! pass over, so that a model update using a new trait is reported instead of dropped.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

/// `service-2.json`.
#[derive(Debug, Deserialize)]
pub struct Service {
    /// Protocol, API version, signing name.
    pub metadata: Metadata,
    /// Operations by name.
    pub operations: IndexMap<String, Operation>,
    /// Shapes by name.
    pub shapes: IndexMap<String, Shape>,
}

/// `metadata`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    /// `2015-03-31`.
    pub api_version: String,
    /// `rest-json`.
    pub protocol: String,
    /// `lambda`.
    pub signing_name: Option<String>,
    /// `lambda`.
    pub endpoint_prefix: String,
}

/// A reference to a shape.
#[derive(Debug, Deserialize)]
pub struct ShapeRef {
    /// Shape name.
    pub shape: String,
}

/// An operation.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// Operation name.
    pub name: String,
    /// Method, URI and success status.
    pub http: Http,
    /// Input structure.
    pub input: Option<ShapeRef>,
    /// Output structure.
    pub output: Option<ShapeRef>,
    /// Errors the operation lists.
    #[serde(default)]
    pub errors: Vec<ShapeRef>,
    /// Deprecated operation.
    #[serde(default)]
    pub deprecated: bool,

    #[serde(flatten)]
    pub extra: IndexMap<String, Value>,
}

/// `http` of an operation.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Http {
    /// `GET`, `POST`, ...
    pub method: String,
    /// Path template, optionally with a constant query (`?find=LayerVersion`).
    pub request_uri: String,
    /// Success status.
    pub response_code: Option<u16>,
}

/// A shape: its type, its members or element shapes, and its constraints.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shape {
    /// `structure`, `list`, `map`, `string`, `integer`, `long`, `double`, `boolean`,
    /// `timestamp` or `blob`.
    #[serde(rename = "type")]
    pub ty: String,
    /// Structure members in model order.
    #[serde(default)]
    pub members: IndexMap<String, Member>,
    /// Required structure members.
    #[serde(default)]
    pub required: Vec<String>,
    /// The member bound to the whole HTTP body.
    pub payload: Option<String>,
    /// List element.
    pub member: Option<ShapeRef>,
    /// Map key.
    pub key: Option<ShapeRef>,
    /// Map value.
    pub value: Option<ShapeRef>,
    /// Minimum length, size or value.
    pub min: Option<f64>,
    /// Maximum length, size or value.
    pub max: Option<f64>,
    /// Regular expression (Java dialect) the whole value must match.
    pub pattern: Option<String>,
    /// Allowed values of a string.
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<String>>,
    /// Secret value.
    #[serde(default)]
    pub sensitive: bool,
    /// Deprecated shape.
    #[serde(default)]
    pub deprecated: bool,
    /// An error shape.
    #[serde(default)]
    pub exception: bool,
    /// Error status and code.
    pub error: Option<ErrorTrait>,
    /// An event stream union.
    #[serde(default)]
    pub eventstream: bool,
    /// A union: exactly one member set.
    #[serde(default)]
    pub union: bool,
    /// Timestamp format override.
    pub timestamp_format: Option<String>,
    /// Everything else (checked against the traits the importer knows).
    #[serde(flatten)]
    pub extra: IndexMap<String, Value>,
}

/// The `error` trait of an error shape.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorTrait {
    /// HTTP status of the error.
    pub http_status_code: u16,
    /// Error code, when different from the shape name.
    pub code: Option<String>,
}

/// A structure member.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    /// Its shape.
    pub shape: String,
    /// `uri`, `querystring`, `header`, `headers` or `statusCode`; absent for body members.
    pub location: Option<String>,
    /// Wire name for a located member, or the JSON key when it differs.
    pub location_name: Option<String>,
    /// Filled with a random token when absent.
    #[serde(default)]
    pub idempotency_token: bool,
    /// Deprecated member.
    #[serde(default)]
    pub deprecated: bool,

    #[serde(flatten)]
    pub extra: IndexMap<String, Value>,
}

/// `paginators-1.json`.
#[derive(Debug, Default, Deserialize)]
pub struct Paginators {
    /// Paginator by operation name.
    #[serde(default)]
    pub pagination: IndexMap<String, Paginator>,
}

/// One paginator.
#[derive(Debug, Deserialize)]
pub struct Paginator {
    /// Input member that carries the token.
    pub input_token: Value,
    /// Output member that carries the next token.
    pub output_token: Value,
    /// Input member that limits the page size.
    pub limit_key: Option<String>,
    /// Output member(s) with the page's items.
    pub result_key: Value,
    /// Anything else (`more_results`, `non_aggregate_keys`).
    #[serde(flatten)]
    pub extra: IndexMap<String, Value>,
}

impl Service {
    /// Parses `service-2.json`, naming what is wrong with a malformed file.
    pub fn parse(text: &str) -> Result<Service, String> {
        serde_json::from_str(text).map_err(|e| format!("not a botocore service model: {e}"))
    }
}

impl Paginators {
    /// Parses `paginators-1.json`.
    pub fn parse(text: &str) -> Result<Paginators, String> {
        serde_json::from_str(text).map_err(|e| format!("not a botocore paginator file: {e}"))
    }
}

/// A token or key field that is a single member name; botocore allows lists for services
/// with several tokens, which Lambda does not use.
pub fn single_name(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => Some(s),
        Value::Array(a) if a.len() == 1 => a[0].as_str(),
        _ => None,
    }
}

/// `waiters-2.json`.
#[derive(Debug, Default, Deserialize)]
pub struct Waiters {
    /// Waiter by name.
    #[serde(default)]
    pub waiters: IndexMap<String, Waiter>,
}

/// One waiter: poll an operation until an acceptor matches.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Waiter {
    /// Operation polled.
    pub operation: String,
    /// Seconds between attempts.
    pub delay: u64,
    /// Attempts before giving up.
    pub max_attempts: u64,
    /// What ends (or continues) the wait.
    pub acceptors: Vec<Acceptor>,
    /// Prose, never read.
    #[serde(default, rename = "description")]
    pub _description: Option<serde::de::IgnoredAny>,
}

/// A waiter acceptor.
#[derive(Debug, Deserialize, serde::Serialize)]
pub struct Acceptor {
    /// `success`, `failure` or `retry`.
    pub state: String,
    /// `path`, `pathAll`, `pathAny`, `error` or `status`.
    pub matcher: String,
    /// The output path the `path*` matchers read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub argument: Option<String>,
    /// The value (or error code, status, or `true`/`false` for "any error") to match.
    pub expected: Value,
}

impl Waiters {
    /// Parses `waiters-2.json`.
    pub fn parse(text: &str) -> Result<Waiters, String> {
        serde_json::from_str(text).map_err(|e| format!("not a botocore waiter file: {e}"))
    }
}
