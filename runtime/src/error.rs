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
pub trait ServiceErrorKind: std::error::Error + Send + Sync + 'static {
    /// The error code.
    fn code(&self) -> &str;
    /// The HTTP status the service answers this error with.
    fn http_status(&self) -> u16;
    /// The message, if any.
    fn message(&self) -> Option<&str>;
}

impl std::error::Error for ErrorMetadata {}

impl ServiceErrorKind for ErrorMetadata {
    fn code(&self) -> &str {
        &self.code
    }
    fn http_status(&self) -> u16 {
        self.status
    }
    fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
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
        let m = ErrorMetadata {
            code: "X".into(),
            message: Some("boom".into()),
            status: 500,
            request_id: Some("r1".into()),
        };
        assert_eq!(m.to_string(), "X (HTTP 500): boom [request id r1]");
    }
}

/// The members of an error's JSON body that identify and explain it. Bodies that are not
/// JSON, or not objects, give an empty `ErrorBody`; nothing here fails.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorBody {
    /// `__type` or `code`, sanitized.
    pub code: Option<String>,
    /// `Type`: which side caused the error.
    pub r#type: Option<String>,
    /// `message` or `Message`.
    pub message: Option<String>,
}

impl ErrorBody {
    /// Reads what it can from a response body.
    pub fn parse(body: &[u8]) -> Self {
        let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(body) else {
            return ErrorBody::default();
        };
        let text = |k: &str| map.get(k).and_then(|v| v.as_str()).map(str::to_string);
        ErrorBody {
            code: text("__type")
                .or_else(|| text("code"))
                .or_else(|| text("Code"))
                .map(|c| sanitize_error_code(&c).to_string()),
            r#type: text("Type"),
            message: text("message").or_else(|| text("Message")).or_else(|| text("errorMessage")),
        }
    }
}

#[cfg(test)]
mod body_tests {
    use super::*;

    #[test]
    fn reads_type_code_and_message_in_any_spelling() {
        let b = ErrorBody::parse(br#"{"__type":"x#ResourceNotFoundException","Type":"User","Message":"gone"}"#);
        assert_eq!(b.code.as_deref(), Some("ResourceNotFoundException"));
        assert_eq!(b.r#type.as_deref(), Some("User"));
        assert_eq!(b.message.as_deref(), Some("gone"));
        let b = ErrorBody::parse(br#"{"code":"Throttled","message":"slow down"}"#);
        assert_eq!((b.code.as_deref(), b.message.as_deref()), (Some("Throttled"), Some("slow down")));
        assert_eq!(ErrorBody::parse(b"<html>oops</html>"), ErrorBody::default());
        assert_eq!(ErrorBody::parse(b"[1,2]"), ErrorBody::default());
    }
}

/// Names one error code at the type level; generated code declares one per error.
pub trait ErrorCode: Send + Sync + 'static {
    /// The error code.
    const CODE: &'static str;
    /// The HTTP status the service answers it with.
    const HTTP_STATUS: u16;
}

/// An error the service returns: every Lambda error carries the same two members, so one
/// generic shape serves them all and the code lives in the type parameter.
pub struct ErrorShape<K> {
    /// Which side caused the error, when the service says.
    pub r#type: Option<String>,
    /// Human-readable explanation.
    pub message: Option<String>,
    kind: std::marker::PhantomData<fn() -> K>,
}

/// Written as `{"Type": ..., "message": ...}`, each member only when present.
impl<K> serde::Serialize for ErrorShape<K> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(None)?;
        if let Some(t) = &self.r#type {
            map.serialize_entry("Type", t)?;
        }
        if let Some(m) = &self.message {
            map.serialize_entry("message", m)?;
        }
        map.end()
    }
}

/// Read from an object with `Type` and `message` (or `Message`), both optional; other members
/// are ignored.
impl<'de, K> serde::Deserialize<'de> for ErrorShape<K> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Members<K>(std::marker::PhantomData<fn() -> K>);
        impl<'de, K> serde::de::Visitor<'de> for Members<K> {
            type Value = ErrorShape<K>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an error object")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<ErrorShape<K>, A::Error> {
                let (mut r#type, mut message) = (None, None);
                while let Some(key) = map.next_key::<crate::structure::Key<'de>>()? {
                    match key.as_str() {
                        "Type" => r#type = map.next_value::<Option<String>>()?,
                        "message" | "Message" => message = map.next_value::<Option<String>>()?,
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ErrorShape { r#type, message, kind: std::marker::PhantomData })
            }
        }
        deserializer.deserialize_map(Members(std::marker::PhantomData))
    }
}

impl<K: ErrorCode> ErrorShape<K> {
    /// The error code.
    pub const CODE: &'static str = K::CODE;
    /// The HTTP status the service answers it with.
    pub const HTTP_STATUS: u16 = K::HTTP_STATUS;

    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        ErrorShape { r#type: None, message: Some(message.into()), kind: std::marker::PhantomData }
    }

    /// The error as read from a response body.
    pub fn from_body(body: ErrorBody) -> Self {
        ErrorShape { r#type: body.r#type, message: body.message, kind: std::marker::PhantomData }
    }
}

impl<K> Clone for ErrorShape<K> {
    fn clone(&self) -> Self {
        ErrorShape { r#type: self.r#type.clone(), message: self.message.clone(), kind: std::marker::PhantomData }
    }
}

impl<K> Default for ErrorShape<K> {
    fn default() -> Self {
        ErrorShape { r#type: None, message: None, kind: std::marker::PhantomData }
    }
}

impl<K> PartialEq for ErrorShape<K> {
    fn eq(&self, other: &Self) -> bool {
        self.r#type == other.r#type && self.message == other.message
    }
}

impl<K> Eq for ErrorShape<K> {}

impl<K: ErrorCode> fmt::Debug for ErrorShape<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(K::CODE).field("type", &self.r#type).field("message", &self.message).finish()
    }
}

impl<K: ErrorCode> fmt::Display for ErrorShape<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(K::CODE)?;
        if let Some(m) = &self.message {
            write!(f, ": {m}")?;
        }
        Ok(())
    }
}

impl<K: ErrorCode> std::error::Error for ErrorShape<K> {}

impl<K: ErrorCode> ServiceErrorKind for ErrorShape<K> {
    fn code(&self) -> &str {
        K::CODE
    }
    fn http_status(&self) -> u16 {
        K::HTTP_STATUS
    }
    fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
}

#[cfg(test)]
mod shape_tests {
    use super::*;

    enum NotFound {}
    impl ErrorCode for NotFound {
        const CODE: &'static str = "ResourceNotFoundException";
        const HTTP_STATUS: u16 = 404;
    }

    #[test]
    fn shapes_carry_code_status_and_message() {
        let e = ErrorShape::<NotFound>::new("Function not found");
        assert_eq!(e.to_string(), "ResourceNotFoundException: Function not found");
        assert_eq!((e.code(), e.http_status()), ("ResourceNotFoundException", 404));
        assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"message":"Function not found"}"#);
        let back: ErrorShape<NotFound> = serde_json::from_str(r#"{"Type":"User","Message":"x"}"#).unwrap();
        assert_eq!((back.r#type.as_deref(), back.message.as_deref()), (Some("User"), Some("x")));
        assert!(format!("{back:?}").starts_with("ResourceNotFoundException"));
    }

    #[test]
    fn shapes_read_either_message_spelling_and_skip_other_members() {
        let read = |json: &str| serde_json::from_str::<ErrorShape<NotFound>>(json).map(|e| (e.r#type, e.message));
        assert_eq!(read(r#"{"message":"m","Extra":{"a":[1]},"Type":null}"#).unwrap(), (None, Some("m".into())));
        assert_eq!(read("{}").unwrap(), (None, None));
        assert!(read(r#"{"message":7}"#).is_err());
        assert!(read("[]").is_err());
        let e = ErrorShape::<NotFound> { r#type: Some("User".into()), ..ErrorShape::new("gone") };
        assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"Type":"User","message":"gone"}"#);
        let e = ErrorShape::<NotFound> { message: None, ..ErrorShape::new("") };
        assert_eq!(serde_json::to_string(&e).unwrap(), "{}");
    }
}

/// Writes the error shapes of an API: `Name = "Code" status;` each, with doc comments. Each
/// becomes an alias of [`ErrorShape`] over a marker type in a `codes` module, which carries
/// the code and status.
#[macro_export]
macro_rules! error_shapes {
    ($( $(#[$meta:meta])* $name:ident = $code:literal $status:literal; )*) => {
        $(
            $(#[$meta])*
            #[doc = ""]
            #[doc = concat!("Code `", $code, "`, HTTP ", stringify!($status), ".")]
            pub type $name = $crate::ErrorShape<codes::$name>;
        )*

        /// Type-level error codes: one marker per error shape.
        #[doc(hidden)]
        pub mod codes {
            $(
                #[doc = concat!("The code and status of [`super::", stringify!($name), "`].")]
                #[derive(Debug)]
                pub enum $name {}

                impl $crate::ErrorCode for $name {
                    const CODE: &'static str = $code;
                    const HTTP_STATUS: u16 = $status;
                }
            )*
        }
    };
}
