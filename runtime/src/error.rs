//! What every service error carries, whatever the operation.

use std::fmt;

/// Facts about a failed call that do not depend on the error's type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    /// The error code (`ResourceNotFoundException`), as sent in `X-Amzn-ErrorType`.
    pub code: String,
    /// The message from the body, if any.
    pub message: Option<String>,
    /// The HTTP status.
    pub status: u16,
    /// The `x-amzn-RequestId` of the response, if any.
    pub request_id: Option<String>,
}

impl fmt::Display for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {})", self.code, self.status)?;
        if let Some(m) = &self.message {
            write!(f, ": {m}")?;
        }
        if let Some(r) = &self.request_id {
            write!(f, " [request id {r}]")?;
        }
        Ok(())
    }
}

/// Implemented by every generated error shape and operation error.
pub trait ServiceErrorKind {
    /// The error code.
    fn code(&self) -> &str;
    /// The HTTP status the service answers this error with.
    fn http_status(&self) -> u16;
    /// The message, if any.
    fn message(&self) -> Option<&str>;
}

/// Strips what some services append to `X-Amzn-ErrorType` after a `:` (a URL or namespace),
/// and a `namespace#` prefix that some bodies carry in `__type`.
pub fn sanitize_error_code(raw: &str) -> &str {
    let code = raw.split(':').next().unwrap_or(raw);
    let code = code.rsplit('#').next().unwrap_or(code);
    code.trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_are_sanitized() {
        assert_eq!(sanitize_error_code("ResourceNotFoundException"), "ResourceNotFoundException");
        assert_eq!(
            sanitize_error_code("ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.lambda/"),
            "ResourceNotFoundException"
        );
        assert_eq!(sanitize_error_code("com.amazonaws.lambda#TooManyRequestsException"), "TooManyRequestsException");
    }

    #[test]
    fn metadata_displays_everything_known() {
        let m = ErrorMetadata { code: "X".into(), message: Some("boom".into()), status: 500, request_id: Some("r1".into()) };
        assert_eq!(m.to_string(), "X (HTTP 500): boom [request id r1]");
    }
}
