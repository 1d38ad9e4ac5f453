//! The intermediate representation: names, bindings and constraints resolved once.
//!
//! Emitters read only these types. [`lower`] builds them from the typed model, recording every
//! problem with the JSON pointer of the node at fault (the checks that need the whole API are
//! in `checks`), and fails with all of them together.

use crate::error::Error;
use indexmap::IndexMap;
use serde_json::Value;

mod binding;
mod checks;
mod lower;
pub mod pattern;
pub mod waiter;

pub use binding::{HttpMethod, Label, PathTemplate, Segment, TemplateError, UnknownMethod};
pub use lower::{lower, lower_with};

/// A resolved API.
#[derive(Debug)]
pub struct Api {
    /// API title.
    pub title: String,
    /// API version (`2015-03-31`).
    pub version: String,
    /// What the API is.
    pub doc: String,
    /// SHA-256 of the spec's bytes, hex.
    pub spec_sha256: String,
    /// File name of the spec, for "generated from" notes.
    pub spec_name: String,
    /// The model the spec was imported from (`botocore 1.44.18`), if it was.
    pub model_version: Option<String>,
    /// SigV4 signing name.
    pub signing_name: String,
    /// Structures: data types, unions, operation inputs and outputs, keyed by spec name.
    pub structures: IndexMap<String, Structure>,
    /// String enums, keyed by spec name.
    pub enums: IndexMap<String, EnumDef>,
    /// Error shapes, keyed by error code.
    pub errors: IndexMap<String, ErrorDef>,
    /// Operations in spec order.
    pub operations: Vec<Operation>,
    /// Codes of the errors every operation can return.
    pub common_errors: Vec<String>,
    /// Distinct patterns; constraints refer to them by index.
    pub patterns: Vec<PatternDef>,
    /// The model's waiters, in spec order (lowered after the rest by `crate::waiters`).
    pub waiters: Vec<waiter::Waiter>,
}

impl Api {
    /// The structure named `name`. Lowering checked every name the IR refers to, so an error
    /// here is a generator bug, reported instead of a panic.
    pub fn structure(&self, name: &str) -> Result<&Structure, Error> {
        self.structures.get(name).ok_or_else(|| Error::Unresolved { what: "structure", name: name.to_string() })
    }

    /// The enum named `name` (see [`Api::structure`]).
    pub fn enum_def(&self, name: &str) -> Result<&EnumDef, Error> {
        self.enums.get(name).ok_or_else(|| Error::Unresolved { what: "enum", name: name.to_string() })
    }

    /// The error shape with code `code` (see [`Api::structure`]).
    pub fn error(&self, code: &str) -> Result<&ErrorDef, Error> {
        self.errors.get(code).ok_or_else(|| Error::Unresolved { what: "error", name: code.to_string() })
    }

    /// The operation named `name` (see [`Api::structure`]).
    pub fn operation(&self, name: &str) -> Result<&Operation, Error> {
        self.operations
            .iter()
            .find(|o| o.name == name)
            .ok_or_else(|| Error::Unresolved { what: "operation", name: name.to_string() })
    }

    /// The operation's input structure.
    pub fn input(&self, op: &Operation) -> Result<&Structure, Error> {
        self.structure(&op.input)
    }

    /// The operation's output structure (its own, or the data type it shares).
    pub fn output(&self, op: &Operation) -> Result<&Structure, Error> {
        self.structure(&op.output)
    }
}

/// Where a structure comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A data type of the reference.
    DataType,
    /// The input of the named operation.
    Input(String),
    /// The output of the named operation.
    Output(String),
}

/// A structure or union.
#[derive(Debug)]
pub struct Structure {
    /// Spec name.
    pub name: String,
    /// Rust type name.
    pub rust_name: String,
    /// Doc text.
    pub doc: String,
    /// Members in spec order.
    pub members: Vec<Member>,
    /// Exactly one member is set.
    pub union: bool,
    /// Where it comes from.
    pub origin: Origin,
    /// JSON pointer of its definition.
    pub pointer: String,
}

impl Structure {
    /// Whether any member is secret, so `Debug` must be written by hand.
    pub fn has_sensitive(&self) -> bool {
        self.members.iter().any(|m| m.sensitive)
    }
}

/// A structure member.
#[derive(Debug)]
pub struct Member {
    /// Member name (the JSON key for body members).
    pub name: String,
    /// Rust field name (may need `r#`).
    pub field: String,
    /// Name in validation messages: first letter lower-cased.
    pub message_name: String,
    /// Doc text.
    pub doc: String,
    /// Type and constraints.
    pub ty: Ty,
    /// Whether the member must be present.
    pub required: bool,
    /// Secret: hide from `Debug` and messages.
    pub sensitive: bool,
    /// Where it travels in an HTTP message.
    pub location: Location,
    /// Example values from the reference.
    pub examples: Vec<Value>,
    /// The client fills it with a fresh token when the caller leaves it unset.
    pub idempotency_token: bool,
}

/// Where a member travels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// JSON body member.
    Body,
    /// Path label.
    Path,
    /// Query parameter with this wire name.
    Query(String),
    /// Header with this wire name.
    Header(String),
    /// The whole raw body.
    Payload,
    /// The HTTP status code of the response.
    StatusCode,
    /// The event stream body.
    EventStream,
}

/// A type with the constraints that apply at this level.
#[derive(Clone, Debug)]
pub struct Ty {
    /// What kind of value.
    pub kind: TyKind,
    /// Its constraints.
    pub constraints: Constraints,
}

impl Ty {
    /// A type without constraints.
    pub fn plain(kind: TyKind) -> Ty {
        Ty { kind, constraints: Constraints::default() }
    }
}

/// Kinds of value.
#[derive(Clone, Debug)]
pub enum TyKind {
    /// UTF-8 text.
    String,
    /// 32-bit integer.
    Int32,
    /// 64-bit integer.
    Int64,
    /// Double.
    Double,
    /// Boolean.
    Bool,
    /// Epoch seconds.
    Timestamp,
    /// Base64 bytes (or raw bytes when bound to the payload).
    Blob,
    /// A named structure or union.
    Struct(String),
    /// A named enum.
    Enum(String),
    /// A list.
    List(Box<Ty>),
    /// A map with string keys.
    Map(Box<Ty>, Box<Ty>),
    /// A stream of events of the named union.
    EventStream(String),
}

/// Constraints at one level of a type.
#[derive(Clone, Debug, Default)]
pub struct Constraints {
    /// Minimum length: characters, bytes, items or entries, by kind.
    pub min_len: Option<u64>,
    /// Maximum length, as `min_len`.
    pub max_len: Option<u64>,
    /// Index into [`Api::patterns`].
    pub pattern: Option<usize>,
    /// Inclusive minimum.
    pub min: Option<f64>,
    /// Inclusive maximum.
    pub max: Option<f64>,
}

impl Constraints {
    /// Whether nothing is constrained.
    pub fn is_empty(&self) -> bool {
        self.min_len.is_none()
            && self.max_len.is_none()
            && self.pattern.is_none()
            && self.min.is_none()
            && self.max.is_none()
    }
}

/// A distinct pattern.
#[derive(Debug)]
pub struct PatternDef {
    /// As the spec writes it: `^(?:P)$`.
    pub anchored: String,
    /// The service's form `P`.
    pub display: String,
    /// As the runtime matches it.
    pub lowered: pattern::LoweredPattern,
}

/// A named string enum.
#[derive(Debug)]
pub struct EnumDef {
    /// Spec name.
    pub name: String,
    /// Rust type name.
    pub rust_name: String,
    /// Doc text.
    pub doc: String,
    /// (wire value, Rust variant) in spec order.
    pub values: Vec<(String, String)>,
}

/// An error shape.
#[derive(Debug)]
pub struct ErrorDef {
    /// Error code.
    pub name: String,
    /// Rust type name.
    pub rust_name: String,
    /// Doc text.
    pub doc: String,
    /// HTTP status.
    pub status: u16,
    /// Common to every operation.
    pub common: bool,
}

/// An operation.
#[derive(Debug)]
pub struct Operation {
    /// The reference's name.
    pub name: String,
    /// snake_case name for modules and methods.
    pub snake: String,
    /// One-line summary.
    pub summary: String,
    /// Doc text.
    pub doc: String,
    /// JSON pointer of its definition (`#/paths/~1functions/get`).
    pub pointer: String,
    /// HTTP method.
    pub method: HttpMethod,
    /// The path template, without any constant query; its labels are bound to input members.
    pub path: PathTemplate,
    /// Constant query pairs that are always sent.
    pub query_literals: Vec<(String, String)>,
    /// Input structure name.
    pub input: String,
    /// Output structure name.
    pub output: String,
    /// Documented success status.
    pub success_status: u16,
    /// Statuses an output member reflects (Invoke), else empty.
    pub status_values: Vec<u16>,
    /// Error codes the reference lists for the operation, in order.
    pub errors: Vec<String>,
    /// What replaces the operation, when deprecated.
    pub deprecated: Option<String>,
    /// Whether the request body is raw bytes.
    pub raw_request: bool,
    /// Whether the response body is raw bytes.
    pub raw_response: bool,
    /// Union of the response event stream, if any.
    pub event_stream: Option<String>,
    /// Rust name of the operation's error enum.
    pub error_rust_name: String,
    /// How the operation pages, from `x-aws-pagination`.
    pub pagination: Option<Pagination>,
    /// Whether the output is a data type shared with other operations or members (the
    /// operation's output type is then an alias of it).
    pub shared_output: bool,
    /// Rust name of the operation's output type (`<Op>Output`, a struct or an alias).
    pub output_rust_name: String,
}

/// How a list operation pages (`x-aws-pagination`): member names of the input and output.
#[derive(Clone, Debug)]
pub struct Pagination {
    /// Input member that carries the token.
    pub input_token: String,
    /// Output member that carries the next token.
    pub output_token: String,
    /// Input member that limits the page size.
    pub limit_key: Option<String>,
    /// Output list member holding the page's items.
    pub items: String,
}

#[cfg(test)]
mod tests;
