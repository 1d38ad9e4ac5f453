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

/// Builds a request path from a binding's segments, encoding each label's value.
pub fn build_path(segments: &[Segment], label: impl Fn(&str) -> String) -> String {
    let mut path = String::new();
    for s in segments {
        path.push('/');
        match s {
            Segment::Literal(l) => path.push_str(l),
            Segment::Label(name) => path.push_str(&crate::http::encode_label(&label(name))),
        }
    }
    if path.is_empty() {
        path.push('/');
    }
    path
}

/// Matches a request path against a binding's segments, returning the decoded labels.
/// One trailing slash, in the template or the request, is not significant.
pub fn match_path(segments: &[Segment], path: &str) -> Option<Vec<(&'static str, String)>> {
    let mut parts = [""; MAX_PATH_SEGMENTS];
    let parts = split_path(path, &mut parts)?;
    match_segments(segments, parts)
}

/// The most segments a request path may have and still match a route: more than any
/// binding has, fewer than any path a router should spend time on.
pub const MAX_PATH_SEGMENTS: usize = 16;

/// Splits a request path into its segments, once for every route a router tries: `None`
/// when the path does not start with `/` or has more than [`MAX_PATH_SEGMENTS`] segments.
/// One trailing slash is dropped: the reference writes some paths with it
/// (`/2015-03-31/functions/`) while SDKs send them without, and the other way round.
pub fn split_path<'p, 'b>(path: &'p str, parts: &'b mut [&'p str; MAX_PATH_SEGMENTS]) -> Option<&'b [&'p str]> {
    let path = path.strip_suffix('/').unwrap_or(path);
    if path.is_empty() {
        return Some(&parts[..0]);
    }
    let mut n = 0;
    for part in path.strip_prefix('/')?.split('/') {
        *parts.get_mut(n)? = part;
        n += 1;
    }
    Some(&parts[..n])
}

/// The number of segments a binding's path has, its trailing slash not counted (so it can
/// be compared with the length of [`split_path`]'s result before anything else).
pub fn segment_count(segments: &[Segment]) -> usize {
    match segments.last() {
        Some(Segment::Literal("")) => segments.len() - 1,
        _ => segments.len(),
    }
}

/// Matches the segments of a request path ([`split_path`]) against a binding's, returning
/// the decoded labels. Nothing is allocated unless the path matches.
pub fn match_segments(segments: &[Segment], parts: &[&str]) -> Option<Vec<(&'static str, String)>> {
    let segments = &segments[..segment_count(segments)];
    if parts.len() != segments.len() {
        return None;
    }
    for (seg, part) in segments.iter().zip(parts) {
        match seg {
            Segment::Literal(l) if l != part => return None,
            Segment::Label(_) if part.is_empty() => return None,
            _ => {}
        }
    }
    segments
        .iter()
        .zip(parts)
        .filter_map(|(seg, part)| match seg {
            Segment::Label(name) => Some(crate::http::decode_component(part).map(|v| (*name, v))),
            Segment::Literal(_) => None,
        })
        .collect()
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

/// Writes an operation's error enum: `Name { Variant is_variant, ... }`, each variant holding
/// the error shape of the same name in the invoking crate's `errors` module, plus `Unhandled`
/// for any other error the service sends.
// `crate::` names the invoking (generated) crate's modules on purpose.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! operation_error {
    ($(#[$meta:meta])* $name:ident { $( $variant:ident $is:ident ),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!("[`", stringify!($variant), "`](crate::errors::", stringify!($variant), ").")]
                $variant(crate::errors::$variant),
            )*
            /// An error the model does not list for this operation (a common error, or one
            /// added later): its code, message, status and request id are kept.
            Unhandled($crate::ErrorMetadata),
        }

        impl $name {
            /// The error shape (or, for `Unhandled`, the metadata) behind this variant.
            pub fn inner(&self) -> &dyn $crate::ServiceErrorKind {
                match self {
                    $( Self::$variant(e) => e, )*
                    Self::Unhandled(m) => m,
                }
            }

            $(
                #[doc = concat!("Whether this is a `", stringify!($variant), "`.")]
                pub fn $is(&self) -> bool {
                    matches!(self, Self::$variant(_))
                }
            )*

            /// Whether this is an error the model does not list for this operation.
            pub fn is_unhandled(&self) -> bool {
                matches!(self, Self::Unhandled(_))
            }
        }

        #[doc(hidden)]
        impl $crate::binding::OperationError for $name {
            #[allow(unused_variables)]
            fn from_code(code: &str, body: $crate::error::ErrorBody, meta: $crate::ErrorMetadata) -> Self {
                $(
                    if code == <crate::errors::$variant>::CODE {
                        return Self::$variant($crate::ErrorShape::from_body(body));
                    }
                )*
                Self::Unhandled(meta)
            }
        }

        impl $crate::ServiceErrorKind for $name {
            fn code(&self) -> &str {
                self.inner().code()
            }

            fn http_status(&self) -> u16 {
                self.inner().http_status()
            }

            fn message(&self) -> Option<&str> {
                self.inner().message()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(self.inner(), f)
            }
        }

        impl std::error::Error for $name {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(self.inner())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEGS: &[Segment] =
        &[Segment::Literal("2015-03-31"), Segment::Literal("functions"), Segment::Label("FunctionName")];

    #[test]
    fn labels_are_encoded_and_decoded() {
        let p = build_path(SEGS, |_| "arn:aws:lambda:us-west-2:123456789012:function:f:$LATEST".into());
        assert_eq!(p, "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-west-2%3A123456789012%3Afunction%3Af%3A%24LATEST");
        let labels = match_path(SEGS, &p).unwrap();
        assert_eq!(
            labels,
            vec![("FunctionName", "arn:aws:lambda:us-west-2:123456789012:function:f:$LATEST".to_string())]
        );
        assert!(match_path(SEGS, "/2015-03-31/functions/").is_none());
        assert!(match_path(SEGS, "/2015-03-31/functions/f/").is_some(), "a trailing slash is not significant");
        const LIST: &[Segment] = &[Segment::Literal("2015-03-31"), Segment::Literal("functions"), Segment::Literal("")];
        assert!(match_path(LIST, "/2015-03-31/functions/").is_some());
        assert!(match_path(LIST, "/2015-03-31/functions").is_some());
        assert!(match_path(LIST, "/2015-03-31").is_none());
        assert!(match_path(SEGS, "/2015-03-31/functions/a/b").is_none());
        assert!(match_path(SEGS, "/2015-03-31/functions/%ZZ").is_none());
        assert!(match_path(SEGS, "2015-03-31/functions/f").is_none(), "a path starts with a slash");
        let deep = "/x".repeat(MAX_PATH_SEGMENTS + 1);
        let mut parts = [""; MAX_PATH_SEGMENTS];
        assert!(split_path(&deep, &mut parts).is_none());
        assert_eq!(split_path("/", &mut parts), Some(&[][..]));
        assert_eq!(split_path("/a//b/", &mut parts), Some(&["a", "", "b"][..]));
        assert_eq!((segment_count(SEGS), segment_count(LIST)), (3, 2));
        assert_eq!(build_path(&[Segment::Literal("x"), Segment::Literal("")], |_| { String::new() }), "/x/");
    }

    #[test]
    fn idempotency_tokens_are_fresh_uuids() {
        let (a, b) = (idempotency_token(), idempotency_token());
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
