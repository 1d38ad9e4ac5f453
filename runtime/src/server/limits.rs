//! The request size limits the service states, per operation, and the error each is answered
//! with.
//!
//! The figures are the ones the service names in its own refusals ("Request must be smaller
//! than N bytes for the X operation"):
//!
//! | operations | limit (bytes) | code |
//! |---|---|---|
//! | CreateFunction, UpdateFunctionCode, PublishLayerVersion | 70,167,211 | `RequestEntityTooLargeException` |
//! | Invoke, InvokeWithResponseStream | 6,291,456 | `RequestTooLargeException` (the model's code for Invoke payloads) |
//! | InvokeAsync | 262,144 | `RequestEntityTooLargeException` |
//! | every other operation | 1,048,576 | `RequestEntityTooLargeException` |
//!
//! 70,167,211 is the Base64 length of a 50 MiB (52,428,800-byte) package, 69,905,067, plus
//! 256 KiB for the rest of the JSON; the service said 69,905,067 until late 2023, which left
//! no room for the JSON around a package of the full 50 MiB. No figure is published for the
//! other operations: their largest valid request (a 20 KB policy, 4 KB of environment
//! variables, 50 tags) is far below 1 MiB, so 1 MiB refuses nothing the service accepts while
//! keeping a bound on what a parser is handed.

/// The largest request body of an operation and the error code a larger one is refused with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestLimit {
    /// Largest accepted body, in bytes.
    pub bytes: usize,
    /// Error code of the 413 answer.
    pub code: &'static str,
}

/// CreateFunction, UpdateFunctionCode and PublishLayerVersion: a 50 MiB package in Base64
/// with room for the JSON around it.
pub const DEPLOYMENT_REQUEST_LIMIT: usize = 70_167_211;
/// Invoke and InvokeWithResponseStream: the 6 MB synchronous payload.
pub const INVOKE_REQUEST_LIMIT: usize = 6_291_456;
/// InvokeAsync: the 256 KB asynchronous payload.
pub const INVOKE_ASYNC_REQUEST_LIMIT: usize = 262_144;
/// Every other operation (no published figure; see the module documentation).
pub const OTHER_REQUEST_LIMIT: usize = 1_048_576;

const ENTITY_TOO_LARGE: &str = "RequestEntityTooLargeException";

/// The limit of an operation, by its name.
pub fn request_limit(operation: &str) -> RequestLimit {
    match operation {
        "CreateFunction" | "UpdateFunctionCode" | "PublishLayerVersion" => {
            RequestLimit { bytes: DEPLOYMENT_REQUEST_LIMIT, code: ENTITY_TOO_LARGE }
        }
        "Invoke" | "InvokeWithResponseStream" => {
            RequestLimit { bytes: INVOKE_REQUEST_LIMIT, code: "RequestTooLargeException" }
        }
        "InvokeAsync" => RequestLimit { bytes: INVOKE_ASYNC_REQUEST_LIMIT, code: ENTITY_TOO_LARGE },
        _ => RequestLimit { bytes: OTHER_REQUEST_LIMIT, code: ENTITY_TOO_LARGE },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_package_fits_its_request_limit() {
        let package = 52_428_800usize;
        let base64 = package.div_ceil(3) * 4;
        assert!(base64 + 1024 <= DEPLOYMENT_REQUEST_LIMIT);
        assert_eq!(request_limit("UpdateFunctionCode").bytes, DEPLOYMENT_REQUEST_LIMIT);
        assert_eq!(request_limit("Invoke").code, "RequestTooLargeException");
        assert_eq!(request_limit("TagResource"), RequestLimit { bytes: OTHER_REQUEST_LIMIT, code: ENTITY_TOO_LARGE });
    }
}
