//! Waiters in the IR: the model's waiters (`x-aws-waiters`) with their operation and the output
//! members their paths read resolved, so emitters never look at the spec.

/// A waiter: polls one operation until an acceptor decides.
#[derive(Clone, Debug, PartialEq)]
pub struct Waiter {
    /// The model's name (`FunctionActiveV2`).
    pub name: String,
    /// The client method (`wait_until_function_active_v2`).
    pub method: String,
    /// Doc text.
    pub doc: String,
    /// Name of the operation it polls.
    pub operation: String,
    /// The model's delay between polls, in seconds.
    pub delay: u64,
    /// The model's number of polls.
    pub max_attempts: u32,
    /// The acceptors, in the order they are tried.
    pub acceptors: Vec<Acceptor>,
    /// JSON pointer of its definition.
    pub pointer: String,
}

/// A matcher and what a match decides.
#[derive(Clone, Debug, PartialEq)]
pub struct Acceptor {
    /// What a match decides.
    pub state: AcceptorState,
    /// What it looks for.
    pub matcher: Matcher,
}

/// What an acceptor decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AcceptorState {
    /// The awaited state is reached.
    Success,
    /// It will not be reached.
    Failure,
    /// Not yet.
    Retry,
}

/// What an acceptor looks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Matcher {
    /// The value at the path equals the expected one (`path`).
    Path(OutputPath, Expected),
    /// The path selects at least one value and all equal the expected one (`pathAll`).
    PathAll(OutputPath, Expected),
    /// Some value the path selects equals the expected one (`pathAny`).
    PathAny(OutputPath, Expected),
    /// Any output: the call succeeded (`error` with `false`).
    AnyOutput,
    /// Any error code (`error` with `true`).
    AnyError,
    /// This error code (`error` with a code of the spec).
    ErrorCode(String),
    /// This HTTP status (`status`); a 2xx looks at outputs, anything else at errors.
    Status(u16),
}

impl Matcher {
    /// Whether the matcher tests errors (an error code, any error, a status that is not 2xx)
    /// rather than outputs.
    pub fn looks_at_errors(&self) -> bool {
        match self {
            Matcher::AnyError | Matcher::ErrorCode(_) => true,
            Matcher::Status(s) => !(200..300).contains(s),
            _ => false,
        }
    }
}

/// A path of the model's expression language, resolved against the operation's output.
#[derive(Clone, Debug, PartialEq)]
pub struct OutputPath {
    /// As the model writes it (`Configuration.State`, `Functions[].State`).
    pub text: String,
    /// The members read, from the output down.
    pub steps: Vec<PathStep>,
    /// The kind of value at the end.
    pub value: ScalarKind,
}

impl OutputPath {
    /// Whether the path selects many values (it goes through a list).
    pub fn is_projection(&self) -> bool {
        self.steps.iter().any(|s| s.each)
    }
}

/// One member on a path.
#[derive(Clone, Debug, PartialEq)]
pub struct PathStep {
    /// Member name.
    pub member: String,
    /// Rust field name.
    pub field: String,
    /// Whether the member is required (the field is not an `Option`).
    pub required: bool,
    /// Whether the member is a list whose elements the rest of the path reads, each.
    pub each: bool,
}

/// The kinds of value a matcher compares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScalarKind {
    /// A string.
    String,
    /// A value of the named enum, compared by its wire value.
    Enum(String),
    /// A boolean.
    Bool,
    /// An integer (32 or 64 bits).
    Int,
    /// A double.
    Double,
}

/// The value a path matcher expects, checked against the member's type.
#[derive(Clone, Debug, PartialEq)]
pub enum Expected {
    /// A string or enum value.
    String(String),
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A number.
    Double(f64),
}
