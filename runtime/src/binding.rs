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
    /// Sets each idempotency-token member the caller left unset to a fresh token, as AWS's
    /// SDKs do, so that a retried request is recognised by the service.
    fn fill_idempotency_tokens(&mut self) {}
}

/// A fresh idempotency token: a random (version 4) UUID. Unique, not secret, so the standard
/// library's randomly keyed hasher is random enough and no RNG crate is needed.
pub fn idempotency_token() -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let half = |salt: u64| {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        h.write_u64(salt);
        if let Ok(d) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            h.write_u128(d.as_nanos());
        }
        h.finish()
    };
    let (hi, lo) = (half(1), half(2));
    let hi = (hi & !0xf000) | 0x4000; // version 4
    let lo = (lo & !(0xc << 60)) | (0x8 << 60); // RFC 4122 variant
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0xffff,
        lo >> 48,
        lo & 0xffff_ffff_ffff
    )
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

/// Writes an operation's marker type and its [`Operation`] impl:
///
/// ```text
/// lambda_rt::operation! {
///     /// Doc of the operation.
///     GetFunction: GetFunctionInput => GetFunctionOutput, GetFunctionError;
///     GET "/2015-03-31/functions/{FunctionName}" ["2015-03-31" "functions" {FunctionName}] => 200
/// }
/// ```
///
/// The path's segments are listed after it, labels in braces; a constant query follows as
/// `? "key" = "value"`, and the success statuses a member can carry as `[200, 202, 204]`.
#[macro_export]
macro_rules! operation {
    (
        $(#[$meta:meta])*
        $name:ident : $input:ty => $output:ty, $error:ty;
        $method:ident $path:literal [$($segment:tt)*] $(? $($key:literal = $value:literal)&*)?
            => $status:literal $([$($statuses:literal),*])?
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default)]
        pub struct $name;

        #[doc(hidden)]
        impl $crate::binding::Operation for $name {
            type Input = $input;
            type Output = $output;
            type Error = $error;
            const NAME: &'static str = stringify!($name);
            const BINDING: $crate::binding::HttpBinding = $crate::binding::HttpBinding {
                method: stringify!($method),
                path: $path,
                segments: &[$($crate::__segment!($segment)),*],
                query_literals: &[$($(($key, $value)),*)?],
                success_status: $status,
                success_statuses: $crate::__statuses!($status $([$($statuses),*])?),
            };
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __segment {
    ({$label:ident}) => {
        $crate::binding::Segment::Label(stringify!($label))
    };
    ($literal:literal) => {
        $crate::binding::Segment::Literal($literal)
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __statuses {
    ($status:literal) => {
        &[$status]
    };
    ($status:literal [$($statuses:literal),*]) => {
        &[$($statuses),*]
    };
}

#[cfg(test)]
mod tests {
    #[test]
    fn idempotency_tokens_are_fresh_uuids() {
        let (a, b) = (super::idempotency_token(), super::idempotency_token());
        assert_ne!(a, b);
        for t in [&a, &b] {
            let parts: Vec<&str> = t.split('-').collect();
            assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12], "{t}");
            assert!(parts[2].starts_with('4'), "version 4: {t}");
            assert!(matches!(&parts[3][..1], "8" | "9" | "a" | "b"), "variant: {t}");
            assert!(t.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
        }
    }
}
