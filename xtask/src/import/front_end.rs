//! Errors the service's front end answers for any operation, before or around the operation
//! itself (signature checks, routing, framing, size limits, input validation). The model lists
//! errors per operation and leaves these out, so the importer adds them to every operation's
//! responses; a client reading the spec then knows every code and status an endpoint can send.

/// An error any operation can be answered with.
pub struct FrontEndError {
    /// Error code.
    pub code: &'static str,
    /// HTTP status.
    pub status: u16,
    /// What it means, for a common error the reference does not describe.
    pub description: &'static str,
}

const fn error(code: &'static str, status: u16, description: &'static str) -> FrontEndError {
    FrontEndError { code, status, description }
}

/// Common errors (not shapes of the model) the front end answers. The reference's common
/// errors are kept besides these.
pub const COMMON: &[FrontEndError] = &[
    error(
        "ValidationException",
        400,
        "The input breaks a constraint of the API (a missing required member, a length, range, \
         pattern or enumeration); the message lists every violation.",
    ),
    error(
        "InvalidSignatureException",
        403,
        "The request's signature does not match the one computed from the request and the secret \
         key, or the request is dated outside the five minutes the service allows.",
    ),
    error(
        "MissingAuthenticationTokenException",
        403,
        "The request carries neither an Authorization header nor a presigned query signature.",
    ),
    error("IncompleteSignature", 403, "The signature is missing a component or is malformed."),
    error("UnrecognizedClientException", 403, "The access key or the session token is not valid."),
    error("MalformedHttpRequestException", 400, "The request is not well-formed HTTP (for example a broken escape)."),
    error("RequestAbortedException", 400, "The request body ended before it was complete."),
    error("RequestTimeoutException", 408, "The request was not received in time."),
    error("RequestEntityTooLargeException", 413, "The request is larger than the operation accepts."),
    error("UnknownOperationException", 404, "No operation has this method and path."),
    error("InternalFailure", 500, "The request failed for an unknown reason inside the service."),
    error("ServiceUnavailable", 503, "The service cannot take the request now; try again later."),
    error(
        "NotImplemented",
        501,
        "The server does not implement this operation (a server generated from this spec answers \
         so for operations its implementation leaves out).",
    ),
];

/// The reference's name for the validation error, which the query protocol uses; Lambda's
/// REST-JSON endpoint answers `ValidationException` instead.
pub const REPLACED_COMMON: &[&str] = &["ValidationError"];

/// Shapes of the model the front end answers for any operation, whether or not the model lists
/// them for it: bodies that are not JSON or have the wrong types, and values a URI or header
/// cannot carry.
pub const MODEL_SHAPES: &[&str] = &["InvalidRequestContentException", "InvalidParameterValueException"];

/// A shape of the model answered for operations whose input is a raw payload (Invoke's): a
/// content type that is not one of the accepted ones.
pub const PAYLOAD_SHAPES: &[&str] = &["UnsupportedMediaTypeException"];

/// Statuses the HTTP layer answers with an empty body and no error code, before any operation
/// is found: a request line or header section too large to read.
pub const BODILESS: &[(u16, &str)] = &[
    (414, "The request line is longer than the HTTP layer reads (64 KiB); the body is empty."),
    (431, "The request's header section is larger than the HTTP layer reads; the body is empty."),
];
