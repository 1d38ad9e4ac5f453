//! How an operation travels over HTTP, as data the client and server share.

/// One path segment of an operation's URI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment {
    /// Literal text.
    Literal(&'static str),
    /// A label bound to the named input member.
    Label(&'static str),
}

/// Method, path and success status of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HttpBinding {
    /// Upper-case HTTP method.
    pub method: &'static str,
    /// The path template, labels written `{Member}`.
    pub path: &'static str,
    /// The template split at `/`.
    pub segments: &'static [Segment],
    /// Query pairs sent with every request of this operation.
    pub query_literals: &'static [(&'static str, &'static str)],
    /// The documented success status.
    pub success_status: u16,
    /// Every success status the operation documents.
    pub success_statuses: &'static [u16],
}

/// Ties an operation's marker type to its input, output, error and binding.
pub trait Operation {
    /// Input type.
    type Input;
    /// Output type.
    type Output;
    /// Error enum.
    type Error;
    /// The reference's operation name.
    const NAME: &'static str;
    /// The HTTP binding.
    const BINDING: HttpBinding;
}
