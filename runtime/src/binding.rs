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

/// An operation input that travels as an HTTP request.
pub trait HttpInput: Sized + crate::Validate + Send + 'static {
    /// The request that carries this input (labels encoded, JSON or raw body).
    fn to_http(&self) -> Result<crate::http::HttpRequest, crate::http::BindError>;
    /// Reads an input from a request whose path matched, given its decoded labels.
    fn from_http(
        req: &crate::http::HttpRequest,
        labels: &[(&'static str, String)],
    ) -> Result<Self, crate::http::BindError>;
}

/// An operation output that travels as an HTTP response.
pub trait HttpOutput: Sized + Send + 'static {
    /// The response for this output, with `success_status` (the operation's) unless a
    /// member carries the status. An event stream member is not part of it: the server takes
    /// it with [`HttpOutput::take_events`] and streams it as the body.
    fn to_http(&self, success_status: u16) -> Result<crate::http::HttpResponse, crate::http::BindError>;
    /// Reads an output from a response (status, headers, body).
    fn from_http(resp: &crate::http::HttpResponse) -> Result<Self, crate::http::BindError>;
    /// Takes the output's event stream as raw events, if the operation has one.
    fn take_events(&mut self) -> Option<crate::event_stream::EventStream<crate::event_stream::RawEvent>> {
        None
    }
    /// Sets the output's event stream from raw events, if the operation has one.
    fn set_events(&mut self, events: crate::event_stream::EventStream<crate::event_stream::RawEvent>) {
        let _ = events;
    }
}

/// An operation's error enum.
pub trait OperationError: crate::ServiceErrorKind + Sized {
    /// Picks the variant for an error code; anything unknown is kept as unhandled.
    fn from_code(code: &str, body: crate::error::ErrorBody, meta: crate::ErrorMetadata) -> Self;
}

/// Ties an operation's marker type to its input, output, error and binding.
pub trait Operation {
    /// Input type.
    type Input: HttpInput;
    /// Output type.
    type Output: HttpOutput;
    /// Error enum.
    type Error: OperationError;
    /// The reference's operation name.
    const NAME: &'static str;
    /// The HTTP binding.
    const BINDING: HttpBinding;
}
