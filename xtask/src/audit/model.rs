//! The shape both sides of the audit are read into: the reference parser and the spec reader
//! each produce a [`Document`], and the comparison walks two of them side by side.

use indexmap::IndexMap;
use std::fmt;

/// Everything the audit compares: operations, data types and the common errors.
#[derive(Debug, Default, Clone)]
pub struct Document {
    pub operations: IndexMap<String, Operation>,
    pub data_types: IndexMap<String, DataType>,
    /// Error name and HTTP status, in document order.
    pub common_errors: Vec<ErrorEntry>,
    /// Operation names listed in the reference's index (`支持以下操作`); empty for the spec.
    pub operation_index: Vec<String>,
    /// Data type names listed in the reference's index (`支持以下数据类型`); empty for the spec.
    pub data_type_index: Vec<String>,
}

/// A wire name bound to a member: a query key or an HTTP header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wire {
    pub wire: String,
    pub member: String,
}

/// One error an operation (or every operation) can return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorEntry {
    pub name: String,
    pub status: Option<u16>,
    /// For the spec: the status of the response the operation lists the error under, when it
    /// differs from the error schema's own `httpStatus`.
    pub listed_under: Option<u16>,
    pub line: usize,
}

#[derive(Debug, Default, Clone)]
pub struct Operation {
    pub name: String,
    /// 1-based line of the heading (reference) or 0 (spec).
    pub line: usize,
    pub method: Option<String>,
    /// Path without the query string, labels written `{Name}`.
    pub path: Option<String>,
    /// The request line as the reference prints it (joined when wrapped), for messages.
    pub request_line: Option<String>,
    /// Query parameters bound to members.
    pub query: Vec<Wire>,
    /// Constant query pairs (`find=LayerVersion`).
    pub query_constants: Vec<(String, String)>,
    pub headers: Vec<Wire>,
    /// URI parameters, headers, body members and the raw payload member.
    pub request_members: IndexMap<String, Member>,
    /// Top-level keys of the request syntax's JSON body (reference only).
    pub request_syntax_keys: Vec<String>,
    /// Status code of a successful call: the reference's `HTTP/1.1 N` line, or the spec's 2xx
    /// response key.
    pub success_code: Option<u16>,
    /// The reference's status line as printed (`HTTP/1.1 201`), for messages.
    pub success_text: Option<String>,
    /// The reference's second statement of the code (`发送回 HTTP 201 响应`).
    pub success_sentence: Option<u16>,
    /// The output member that holds the HTTP status (`HTTP/1.1 StatusCode`;
    /// `x-aws-status-member`).
    pub status_member: Option<String>,
    /// Status codes the status member can take.
    pub status_values: Vec<u16>,
    pub response_headers: Vec<Wire>,
    /// Response headers, body members, the payload member and the status member.
    pub response_members: IndexMap<String, Member>,
    pub response_syntax_keys: Vec<String>,
    pub errors: Vec<ErrorEntry>,
}

#[derive(Debug, Default, Clone)]
pub struct DataType {
    pub line: usize,
    pub members: IndexMap<String, Member>,
}

/// A member type, as far as the reference states it.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    String,
    Integer,
    Long,
    Double,
    Boolean,
    Timestamp,
    Blob,
    Struct(String),
    List(Box<Ty>),
    Map(Box<Ty>, Box<Ty>),
    /// A type text the parser does not understand.
    Other(String),
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::String => write!(f, "string"),
            Ty::Integer => write!(f, "integer"),
            Ty::Long => write!(f, "long"),
            Ty::Double => write!(f, "double"),
            Ty::Boolean => write!(f, "boolean"),
            Ty::Timestamp => write!(f, "timestamp"),
            Ty::Blob => write!(f, "blob"),
            Ty::Struct(n) => write!(f, "{n} structure"),
            Ty::List(t) => write!(f, "list of {t}"),
            Ty::Map(k, v) => write!(f, "map of {k} to {v}"),
            Ty::Other(s) => write!(f, "unrecognised type `{s}`"),
        }
    }
}

/// A lower and/or upper bound, with the text it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Bounds {
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// The reference line (or a rendering of the spec keywords).
    pub raw: String,
}

/// One member (URI parameter, header, body member, response element, data type field) and
/// everything stated about it. Constraints on list items and map values are stated on the
/// member itself, as the reference does.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Member {
    pub name: String,
    pub line: usize,
    pub ty: Option<Ty>,
    pub ty_raw: Option<String>,
    /// `Some(true)` for 必需：是, `Some(false)` for 必需：否, `None` when not stated (or 条件).
    pub required: Option<bool>,
    pub length: Option<Bounds>,
    /// The pattern as written (without the spec's `^(?:...)$` wrapper).
    pub pattern: Option<String>,
    /// The text of the pattern line after the colon, before backticks were removed.
    pub pattern_raw: Option<String>,
    pub values: Option<Vec<String>>,
    pub values_raw: Option<String>,
    pub range: Option<Bounds>,
    pub items: Option<Bounds>,
    pub entries: Option<Bounds>,
    pub key_length: Option<Bounds>,
    pub key_pattern: Option<String>,
    pub key_pattern_raw: Option<String>,
    pub key_values: Option<Vec<String>>,
}

impl Member {
    pub fn new(name: &str, line: usize) -> Member {
        Member { name: name.to_string(), line, ..Member::default() }
    }
}

/// Formats a bound the way both sides are compared: integers without a fraction.
pub fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}
