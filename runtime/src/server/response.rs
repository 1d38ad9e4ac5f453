//! Error responses in the service's wire form, and request ids.

use axum::body::Body;
use axum::response::Response;
use http::{HeaderValue, StatusCode};

/// The request id of a request, kept in its extensions so every layer answers with the same
/// `x-amzn-RequestId`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(pub String);

/// A fresh request id in the service's form (a random UUID, version 4).
pub fn new_request_id() -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut b = fastrand::u128(..).to_be_bytes();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    // Written in place: one allocation per request instead of one per byte.
    let mut text = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            text.push('-');
        }
        text.push(HEX[usize::from(byte >> 4)] as char);
        text.push(HEX[usize::from(byte & 0x0f)] as char);
    }
    text
}

/// An error the server answers without the implementation: bad input, unknown routes,
/// failed signatures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerError {
    /// HTTP status.
    pub status: u16,
    /// Error code, sent in `X-Amzn-ErrorType`.
    pub code: String,
    /// Message text.
    pub message: String,
}

impl ServerError {
    /// An error with this status, code and message.
    pub fn new(status: u16, code: &str, message: impl Into<String>) -> Self {
        ServerError { status, code: code.to_string(), message: message.into() }
    }

    /// 400 `ValidationException` with the service's message.
    pub fn validation(e: &crate::ValidationError) -> Self {
        Self::new(400, "ValidationException", e.to_string())
    }

    /// 400 `InvalidRequestContentException`.
    pub fn invalid_content(detail: impl std::fmt::Display) -> Self {
        Self::new(400, "InvalidRequestContentException", format!("Could not parse request body into json: {detail}"))
    }

    /// 404 `UnknownOperationException`.
    pub fn unknown_operation(method: &str, path: &str) -> Self {
        Self::new(404, "UnknownOperationException", format!("Unknown operation: {method} {path}"))
    }

    /// 500 `InternalFailure`: something on the server side went wrong.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        Self::new(500, "InternalFailure", format!("The server could not complete the request: {detail}"))
    }

    /// The response for this error.
    pub fn into_response(self, request_id: &str) -> Response {
        error_response(self.status, &self.code, Some(&self.message), request_id)
    }
}

impl std::fmt::Display for ServerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (HTTP {}): {}", self.code, self.status, self.message)
    }
}

impl std::error::Error for ServerError {}

/// An error response as the service sends it: the status, `X-Amzn-ErrorType: <code>`,
/// `x-amzn-RequestId`, and a JSON body `{"__type": <code>, "Type": "User" | "Service",
/// "Message": ...}` (`Type` is `Service` for 5xx). A status outside 400–599 is answered as
/// 500.
pub fn error_response(status: u16, code: &str, message: Option<&str>, request_id: &str) -> Response {
    let status = StatusCode::from_u16(status)
        .ok()
        .filter(|s| s.is_client_error() || s.is_server_error())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut body = serde_json::Map::new();
    let kind = if status.is_server_error() { "Service" } else { "User" };
    body.insert("__type".into(), code.into());
    body.insert("Type".into(), kind.into());
    if let Some(m) = message {
        body.insert("Message".into(), m.into());
    }
    let bytes = serde_json::to_vec(&serde_json::Value::Object(body)).unwrap_or_default();
    let mut resp = Response::new(Body::from(bytes));
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    h.insert(http::header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    // A code with characters a header cannot carry is sent in the body only.
    if let Ok(v) = HeaderValue::from_str(code) {
        h.insert("x-amzn-errortype", v);
    }
    if let Ok(v) = HeaderValue::from_str(request_id) {
        h.insert("x-amzn-requestid", v);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_uuid_v4() {
        let a = new_request_id();
        let b = new_request_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "{a}");
        assert_eq!([8, 13, 18, 23].map(|i| &a[i..i + 1]), ["-"; 4], "{a}");
        assert!(a.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
    }

    #[test]
    fn bad_statuses_become_500() {
        let r = error_response(200, "X", None, "id");
        assert_eq!(r.status(), 500);
        let r = error_response(404, "Bad\ncode", Some("m"), "id");
        assert_eq!(r.status(), 404);
        assert!(r.headers().get("x-amzn-errortype").is_none());
        assert_eq!(r.headers()["x-amzn-requestid"], "id");
    }
}
