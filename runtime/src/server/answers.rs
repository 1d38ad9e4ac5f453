//! Every error the server runtime answers on its own, before, around or instead of an
//! operation's implementation. A spec must declare each one for every operation it applies to
//! (the lambda-tests suite checks that the imported spec does).

use super::limits::request_limit;

/// An error code and the HTTP status it is answered with.
pub type CodeStatus = (&'static str, u16);

/// Answered for any operation: framing, signatures, routing, binding, validation, time limits,
/// the body budget, the trait's default method and a failing implementation.
pub const ANY_OPERATION: &[CodeStatus] = &[
    ("InvalidParameterValueException", 400),
    ("InvalidRequestContentException", 400),
    ("MalformedHttpRequestException", 400),
    ("RequestAbortedException", 400),
    ("ValidationException", 400),
    ("IncompleteSignature", 403),
    ("InvalidSignatureException", 403),
    ("MissingAuthenticationTokenException", 403),
    ("UnrecognizedClientException", 403),
    ("UnknownOperationException", 404),
    ("RequestTimeoutException", 408),
    ("InternalFailure", 500),
    ("NotImplemented", 501),
    ("ServiceUnavailable", 503),
];

/// Answered only for operations whose input is a raw JSON payload
/// ([`RequestBody::JsonPayload`](super::RequestBody::JsonPayload)).
pub const RAW_PAYLOAD: &[CodeStatus] = &[("UnsupportedMediaTypeException", 415)];

/// Statuses the HTTP layer (hyper) answers with an empty body before any route is looked up:
/// a request line over its 64 KiB limit, a header section over its buffer.
pub const HTTP_LAYER: &[u16] = &[414, 431];

/// Everything the runtime can answer for `operation` on its own: [`ANY_OPERATION`], its size
/// limit's code (413, see [`request_limit`]) and, with a raw payload, [`RAW_PAYLOAD`].
pub fn for_operation(operation: &str, raw_payload: bool) -> Vec<CodeStatus> {
    let mut out = ANY_OPERATION.to_vec();
    out.push((request_limit(operation).code, 413));
    if raw_payload {
        out.extend_from_slice(RAW_PAYLOAD);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The server's sources without their test modules.
    fn sources() -> Vec<(&'static str, &'static str)> {
        let all = [
            ("body.rs", include_str!("body.rs")),
            ("event_stream.rs", include_str!("event_stream.rs")),
            ("limits.rs", include_str!("limits.rs")),
            ("mod.rs", include_str!("mod.rs")),
            ("response.rs", include_str!("response.rs")),
            ("routes.rs", include_str!("routes.rs")),
            ("serve.rs", include_str!("serve.rs")),
            ("sigv4.rs", include_str!("sigv4.rs")),
        ];
        all.into_iter().map(|(name, text)| (name, text.split("#[cfg(test)]").next().unwrap_or(text))).collect()
    }

    fn known(code: &str) -> Vec<u16> {
        let limits = ["Invoke", "InvokeAsync", "CreateFunction", "TagResource"].map(|op| (request_limit(op).code, 413));
        ANY_OPERATION
            .iter()
            .chain(RAW_PAYLOAD)
            .chain(limits.iter())
            .filter(|(c, _)| *c == code)
            .map(|(_, s)| *s)
            .collect()
    }

    #[test]
    fn every_code_in_the_server_sources_is_listed_with_its_status() {
        let literal =
            regex::Regex::new(r#""([A-Z][A-Za-z]+(?:Exception|Failure|Unavailable|Implemented)|IncompleteSignature)""#)
                .unwrap();
        let with_status = regex::Regex::new(r#"new\([ \t\r\n]*([0-9]{3}),[ \t\r\n]*"([A-Za-z]+)""#).unwrap();
        let auth = regex::Regex::new(r#"Self::new\("([A-Za-z]+)""#).unwrap();
        let mut seen = 0;
        for (file, text) in sources() {
            for c in literal.captures_iter(text) {
                assert!(!known(&c[1]).is_empty(), "{file}: {} is answered but not listed", &c[1]);
                seen += 1;
            }
            for c in with_status.captures_iter(text) {
                let status: u16 = c[1].parse().unwrap();
                assert!(known(&c[2]).contains(&status), "{file}: {} is answered with {status}", &c[2]);
            }
            if file == "sigv4.rs" {
                for c in auth.captures_iter(text) {
                    assert!(known(&c[1]).contains(&403), "{file}: {} is answered with 403", &c[1]);
                }
            }
        }
        // NotImplemented's status is set field by field, so it is checked here.
        assert!(sources().iter().any(|(_, t)| t.contains("status: 501") && t.contains("\"NotImplemented\"")));
        assert!(known("NotImplemented").contains(&501));
        assert!(seen >= ANY_OPERATION.len(), "only {seen} codes found: the scan is broken");
    }

    #[test]
    fn each_operation_gets_its_limit_and_payload_errors() {
        let invoke = for_operation("Invoke", true);
        assert!(invoke.contains(&("RequestTooLargeException", 413)));
        assert!(invoke.contains(&("UnsupportedMediaTypeException", 415)));
        let tag = for_operation("TagResource", false);
        assert!(tag.contains(&("RequestEntityTooLargeException", 413)));
        assert!(!tag.iter().any(|(_, s)| *s == 415));
    }
}
