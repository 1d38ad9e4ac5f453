//! Transport-neutral HTTP messages and the binding helpers generated codecs use.
//!
//! Generated code turns an operation's input into an [`HttpRequest`] (client) or back
//! (server), and its output into an [`HttpResponse`] or back. The client and server layers
//! only move these messages over the wire, so every binding rule lives in one place.

use std::fmt;

pub use bytes::Bytes;
pub use http::{HeaderMap, HeaderName, HeaderValue, Method};

/// An HTTP request as an operation's binding describes it. Headers and body are the `http`
/// and `bytes` types the server receives and the client sends, so neither is copied on the way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The path with labels percent-encoded (`/2015-03-31/functions/my-function%3Alive`).
    pub path: String,
    /// Query pairs, decoded; a list member repeats its key.
    pub query: Vec<(String, String)>,
    /// Headers.
    pub headers: HeaderMap,
    /// The body: JSON, raw payload bytes, or empty.
    pub body: Bytes,
}

impl HttpRequest {
    /// The first value of a query parameter.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Every value of a repeated query parameter.
    pub fn query_values(&self, name: &str) -> Vec<&str> {
        self.query.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }

    /// A header value, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

/// An HTTP response.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Headers.
    pub headers: HeaderMap,
    /// Body bytes.
    pub body: Bytes,
}

impl HttpResponse {
    /// A header value, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

/// The first value of a header, when it is UTF-8 text (header names are case-insensitive).
pub fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| std::str::from_utf8(v.as_bytes()).ok())
}

/// Adds a header of a binding. A lower-case name (as the generator writes them) is used
/// without copying. A value a header cannot carry (a line break, say) is refused, naming the
/// header.
pub fn put_header(headers: &mut HeaderMap, name: &'static str, value: impl fmt::Display) -> Result<(), BindError> {
    let text = value.to_string();
    // The http crate's rule, checked first so a refusal can quote the text, which
    // `HeaderValue::try_from` would consume.
    if !text.bytes().all(|b| b == b'\t' || (b >= b' ' && b != 0x7f)) {
        return Err(BindError::Header { name, value: text });
    }
    let header_value = HeaderValue::try_from(text).map_err(|_| BindError::Header { name, value: String::new() })?;
    let name = if !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        HeaderName::from_static(name)
    } else {
        HeaderName::from_bytes(name.as_bytes()).map_err(|_| BindError::Header { name, value: String::new() })?
    };
    headers.append(name, header_value);
    Ok(())
}

/// Sets the `Content-Type` of a message to one of the binding's media types.
pub fn set_content_type(headers: &mut HeaderMap, media_type: &'static str) {
    headers.insert(http::header::CONTENT_TYPE, HeaderValue::from_static(media_type));
}

/// Why a message could not be bound to an operation's input or output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BindError {
    /// The JSON body is malformed or a member has the wrong type.
    Body(String),
    /// A path, query or header value cannot be read as its member's type.
    Value {
        /// Member name.
        member: &'static str,
        /// The offending text.
        value: String,
    },
    /// Required members are absent (null), by message name (`functionName`).
    Missing(Vec<String>),
    /// The body is not valid JSON for output, or similar.
    Serialize(String),
    /// A member bound to a header holds text a header cannot carry (a line break, say).
    Header {
        /// The header's name.
        name: &'static str,
        /// The offending text.
        value: String,
    },
    /// Required body members are absent: every violation of the input, the nulls included.
    Invalid(crate::ValidationError),
}

impl fmt::Display for BindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BindError::Body(e) => write!(f, "could not parse the body: {e}"),
            BindError::Value { member, value } => {
                write!(f, "value '{value}' for {member} has the wrong type")
            }
            BindError::Missing(m) => write!(f, "required member(s) missing: {}", m.join(", ")),
            BindError::Serialize(e) => write!(f, "could not serialize: {e}"),
            BindError::Header { name, value } => {
                write!(f, "header {name} cannot carry {value:?} (only visible ASCII, spaces and tabs)")
            }
            BindError::Invalid(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for BindError {}

impl BindError {
    /// The service's validation message for missing required members, if that is the problem.
    pub fn as_validation(&self) -> Option<crate::ValidationError> {
        match self {
            BindError::Missing(names) => {
                let mut v = crate::Violations::default();
                for n in names {
                    v.push_at(n.clone(), None, "Member must not be null".to_string());
                }
                Some(v.into_error())
            }
            BindError::Invalid(e) => Some(e.clone()),
            _ => None,
        }
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters (and `/` when
/// `keep_slash`), as path labels and SigV4 canonical requests need.
pub fn percent_encode(value: &str, keep_slash: bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') || (keep_slash && b == b'/') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}

/// Percent-encodes a path label: everything but RFC 3986 unreserved characters.
pub fn encode_label(value: &str) -> String {
    percent_encode(value, false)
}

/// Decodes `%XX` escapes; `None` when the result is not UTF-8 or an escape is broken.
pub fn decode_component(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = value.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Parses a bound text value as a member's type.
pub fn parse_value<T: std::str::FromStr>(member: &'static str, text: &str) -> Result<T, BindError> {
    text.parse().map_err(|_| BindError::Value { member, value: text.to_string() })
}

/// Parses an optional bound value.
pub fn parse_optional<T: std::str::FromStr>(member: &'static str, text: Option<&str>) -> Result<Option<T>, BindError> {
    text.map(|t| parse_value(member, t)).transpose()
}

/// Turns a serde error from the JSON body into a [`BindError`], recognising missing required
/// members so they can be answered with the service's null message.
pub fn body_error(e: serde_json::Error) -> BindError {
    let text = e.to_string();
    if let Some(rest) = text.strip_prefix("missing field `") {
        if let Some(name) = rest.split('`').next() {
            return BindError::Missing(vec![crate::validation::message_name(name)]);
        }
    }
    BindError::Body(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_body_members_become_null_violations() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct B {
            #[serde(rename = "Role")]
            role: String,
        }
        let e = body_error(serde_json::from_str::<B>("{}").unwrap_err());
        assert_eq!(e, BindError::Missing(vec!["role".into()]));
        assert_eq!(
            e.as_validation().unwrap().to_string(),
            "1 validation error detected: Value null at 'role' failed to satisfy constraint: Member must not be null"
        );
        assert!(matches!(body_error(serde_json::from_str::<B>("{\"Role\": 1}").unwrap_err()), BindError::Body(_)));
    }

    #[test]
    fn a_missing_member_of_a_nested_structure_is_named_with_its_parents() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Storage {
            #[serde(rename = "Size")]
            size: i32,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Input {
            #[serde(rename = "EphemeralStorage")]
            ephemeral_storage: Option<Storage>,
            #[serde(rename = "Layers", default)]
            layers: Vec<Storage>,
        }
        let e = json_body::<Input>(br#"{"EphemeralStorage": {}}"#).unwrap_err();
        assert_eq!(e, BindError::Missing(vec!["ephemeralStorage.size".into()]));
        assert_eq!(
            e.as_validation().unwrap().to_string(),
            "1 validation error detected: Value null at 'ephemeralStorage.size' failed to satisfy constraint: Member must not be null"
        );
        let e = json_body::<Input>(br#"{"Layers": [{"Size": 1}, {}]}"#).unwrap_err();
        assert_eq!(e, BindError::Missing(vec!["layers.2.member.size".into()]));
        let e = json_body::<Input>(br#"{"EphemeralStorage": {"Size": "big"}}"#).unwrap_err();
        assert!(matches!(&e, BindError::Body(t) if t.contains("'ephemeralStorage.size'")), "{e:?}");
        assert!(matches!(json_body::<Input>(br#"{} x"#), Err(BindError::Body(_))));
    }

    #[test]
    fn query_and_headers_are_found() {
        let mut r = HttpRequest {
            query: vec![("tagKeys".into(), "a".into()), ("tagKeys".into(), "b".into())],
            ..Default::default()
        };
        put_header(&mut r.headers, "X-Amz-Log-Type", "Tail").unwrap();
        put_header(&mut r.headers, "x-amz-maximum-retry", 3).unwrap();
        assert_eq!(r.header("x-amz-maximum-retry"), Some("3"));
        put_header(&mut r.headers, "x-amz-client-context", "e30=").unwrap();
        assert_eq!(r.query_values("tagKeys"), vec!["a", "b"]);
        assert_eq!(r.header("x-amz-log-type"), Some("Tail"));
        assert_eq!(r.header("X-Amz-Client-Context"), Some("e30="));
        assert_eq!(
            put_header(&mut r.headers, "x-amz-log-type", "a\nb"),
            Err(BindError::Header { name: "x-amz-log-type", value: "a\nb".into() })
        );
        assert!(put_header(&mut r.headers, "Bad Name", "v").is_err());
        set_content_type(&mut r.headers, "application/json");
        set_content_type(&mut r.headers, "application/octet-stream");
        assert_eq!(r.headers.get_all("content-type").iter().count(), 1);
        assert_eq!(
            parse_value::<i32>("MaxItems", "x"),
            Err(BindError::Value { member: "MaxItems", value: "x".into() })
        );
    }
}

/// Parses a JSON body; an empty body counts as `{}`.
pub fn json_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, BindError> {
    let body = if body.iter().all(u8::is_ascii_whitespace) { b"{}".as_slice() } else { body };
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut de).map_err(located_body_error)?;
    de.end().map_err(body_error)?;
    Ok(value)
}

/// Like [`body_error`], with the path of the structure the error is in: a required member
/// missing from a nested structure is named with its parents (`ephemeralStorage.size`), as the
/// service names it.
fn located_body_error(e: serde_path_to_error::Error<serde_json::Error>) -> BindError {
    let mut parents = Vec::new();
    for segment in e.path().iter() {
        match segment {
            serde_path_to_error::Segment::Map { key } => parents.push(crate::validation::message_name(key)),
            serde_path_to_error::Segment::Seq { index } => parents.push(format!("{}.member", index + 1)),
            serde_path_to_error::Segment::Enum { variant } => parents.push(crate::validation::message_name(variant)),
            serde_path_to_error::Segment::Unknown => {}
        }
    }
    match body_error(e.into_inner()) {
        BindError::Missing(names) if !parents.is_empty() => {
            let at = parents.join(".");
            BindError::Missing(names.into_iter().map(|n| format!("{at}.{n}")).collect())
        }
        BindError::Body(text) if !parents.is_empty() => {
            BindError::Body(format!("{} (at '{}')", text, parents.join(".")))
        }
        other => other,
    }
}

/// Parses a JSON request body whose top level has `required` members, given as (JSON name,
/// placeholder JSON). When some are absent, placeholders stand in for them so that the rest
/// of the input can still be read and checked; their message names are returned, and
/// [`check_absent`] turns them into the service's combined validation error.
pub fn json_body_required<T: serde::de::DeserializeOwned>(
    body: &[u8],
    required: &[(&str, &str)],
) -> Result<(T, Vec<String>), BindError> {
    match json_body(body) {
        Ok(value) => Ok((value, Vec::new())),
        // A required member that is absent, or `null`, fails the typed parse either way.
        Err(first @ (BindError::Missing(_) | BindError::Body(_))) => {
            let mut value: serde_json::Value = json_body(body)?;
            let Some(object) = value.as_object_mut() else { return Err(first) };
            let mut absent = Vec::new();
            for (name, placeholder) in required {
                if object.get(*name).is_none_or(serde_json::Value::is_null) {
                    let filler = serde_json::from_str(placeholder).map_err(|e| BindError::Body(e.to_string()))?;
                    object.insert((*name).to_string(), filler);
                    absent.push(crate::validation::message_name(name));
                }
            }
            if absent.is_empty() {
                return Err(first);
            }
            let parsed = serde_path_to_error::deserialize(value).map_err(located_body_error)?;
            Ok((parsed, absent))
        }
        Err(e) => Err(e),
    }
}

/// With absent required members, the error listing them as null together with every other
/// violation of the input (violations under the placeholders left out); `Ok` otherwise.
pub fn check_absent<T: crate::Validate>(input: &T, absent: &[String]) -> Result<(), BindError> {
    if absent.is_empty() {
        return Ok(());
    }
    // Only a server binds requests with absent members, and a server is strict about enums.
    let mut out = crate::Violations::strict();
    for a in absent {
        out.push_at(a.clone(), None, "Member must not be null".to_string());
    }
    let mut found = crate::Violations::strict();
    input.validate_at(&crate::Path::ROOT, &mut found);
    let skipped: Vec<&str> = absent.iter().map(String::as_str).collect();
    out.absorb_except(found, &skipped);
    Err(BindError::Invalid(out.into_error()))
}

/// Serializes a JSON body.
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<Bytes, BindError> {
    // Written into a buffer the thread keeps, then copied once into a body of the exact size:
    // grown in place, a body (serde_json starts at 128 bytes and doubles) was reallocated and
    // copied on every answer of a typical configuration's size (1 to 2 KB). A large body is
    // handed over whole instead, not copied, and the thread keeps no large buffer.
    thread_local! {
        static SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    const KEEP_AT_MOST: usize = 64 * 1024;
    let write = |buf: &mut Vec<u8>| {
        buf.clear();
        serde_json::to_writer(&mut *buf, value).map_err(|e| BindError::Serialize(e.to_string()))?;
        if buf.capacity() > KEEP_AT_MOST {
            return Ok(Bytes::from(std::mem::take(buf)));
        }
        Ok(Bytes::copy_from_slice(buf))
    };
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut buf) => write(&mut buf),
        // Only a `Serialize` that itself writes a body gets here.
        Err(_) => write(&mut Vec::new()),
    })
}

#[cfg(test)]
mod json_tests {
    use super::*;

    #[test]
    fn bodies_are_serde_json_bytes_whatever_was_written_before() {
        let small = serde_json::json!({"FunctionName": "f", "Tags": {"a": "b"}});
        let large = serde_json::json!({"ZipFile": "x".repeat(100_000)});
        // Large after small after large: nothing of an earlier body is left in a later one.
        for value in [&large, &small, &large, &small] {
            assert_eq!(to_json(value).unwrap(), serde_json::to_vec(value).unwrap());
        }
    }

    #[test]
    fn a_body_written_while_another_is_being_written_is_whole() {
        // A value whose serialization writes a body of its own (the kept buffer is in use).
        struct Nested;
        impl serde::Serialize for Nested {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let inner = to_json(&serde_json::json!({"inner": [1, 2]})).map_err(serde::ser::Error::custom)?;
                s.serialize_str(std::str::from_utf8(&inner).map_err(serde::ser::Error::custom)?)
            }
        }
        assert_eq!(to_json(&Nested).unwrap(), br#""{\"inner\":[1,2]}""#.as_slice());
    }

    #[test]
    fn every_absent_required_member_is_reported_with_the_other_violations() {
        #[derive(serde::Deserialize, Debug)]
        struct B {
            #[serde(rename = "Role")]
            role: String,
            #[serde(rename = "Code")]
            code: String,
            #[serde(rename = "FunctionName")]
            name: String,
        }
        impl crate::Validate for B {
            fn validate_at(&self, path: &crate::Path<'_>, out: &mut crate::Violations) {
                out.str_length(&path.member("role"), &self.role, Some(1), None, false);
                out.str_length(&path.member("code"), &self.code, Some(1), None, false);
                out.str_length(&path.member("functionName"), &self.name, Some(1), Some(3), false);
            }
        }
        let required = [("Code", "\"\""), ("FunctionName", "\"\""), ("Role", "\"\"")];
        let (b, absent) = json_body_required::<B>(br#"{"Code": "x", "FunctionName": "toolong"}"#, &required).unwrap();
        assert_eq!(absent, vec!["role".to_string()]);
        let e = check_absent(&b, &absent).unwrap_err().as_validation().unwrap();
        assert_eq!(
            e.to_string(),
            "2 validation errors detected: Value null at 'role' failed to satisfy constraint: Member must not be null; \
             Value 'toolong' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 3"
        );
        let (b, absent) = json_body_required::<B>(b"", &required).unwrap();
        assert_eq!(absent, vec!["code", "functionName", "role"]);
        assert_eq!(check_absent(&b, &absent).unwrap_err().as_validation().unwrap().violations().len(), 3);
        assert!(check_absent(&b, &[]).is_ok());
        assert!(matches!(json_body_required::<B>(b"[1]", &required), Err(BindError::Body(_))));
    }

    #[test]
    fn empty_bodies_are_empty_objects() {
        let v: serde_json::Map<String, serde_json::Value> = json_body(b"").unwrap();
        assert!(v.is_empty());
        assert!(matches!(json_body::<serde_json::Value>(b"{nope"), Err(BindError::Body(_))));
    }
}
