//! Shared pieces of the fuzz targets: the operation list and a router that answers every
//! operation with the generated trait's defaults.

use lambda_rt::binding::Operation;

/// Something done with one operation type.
pub trait Visit {
    /// The result.
    type Out;
    /// Does it for operation `O`.
    fn visit<O: Operation + 'static>(self) -> Self::Out;
}

include!(concat!(env!("OUT_DIR"), "/operations.rs"));

/// A service implementing nothing: every bound request reaches the default method (501).
pub struct Unimplemented;

impl lambda_api::server::Lambda for Unimplemented {}

/// Fills a path template's labels with `labels` in turn (empty when they run out),
/// percent-encoded as a client would unless `raw`.
pub fn fill_path(template: &str, labels: &[String], raw: bool) -> String {
    let mut out = String::new();
    let mut rest = template;
    let mut next = labels.iter();
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').map_or(rest.len(), |e| start + e + 1);
        let value = next.next().map(String::as_str).unwrap_or("");
        if raw {
            out.push_str(value);
        } else {
            out.push_str(&lambda_rt::http::encode_label(value));
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
