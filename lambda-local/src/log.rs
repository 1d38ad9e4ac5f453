//! The request log: one line per request with method, path, operation, status and duration.

use crate::service::OPERATIONS;
use lambda_rt::http::match_path;
use lambda_rt::server::axum::extract::Request;
use lambda_rt::server::axum::middleware::Next;
use lambda_rt::server::axum::response::Response;
use std::time::Instant;

/// The operation a request is for, found the way the router finds it: method and path, and
/// among matches the one with the most constant query pairs present.
pub fn operation_name(method: &str, path: &str, query: Option<&str>) -> Option<&'static str> {
    let pairs: Vec<(&str, &str)> = query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect();
    OPERATIONS
        .iter()
        .filter(|(_, b)| b.method == method && match_path(b.segments, path).is_some())
        .filter(|(_, b)| b.query_literals.iter().all(|(k, v)| pairs.iter().any(|(qk, qv)| qk == k && qv == v)))
        .max_by_key(|(_, b)| b.query_literals.len())
        .map(|(name, _)| *name)
}

/// Axum middleware that prints one line per request to standard output:
/// `METHOD PATH OPERATION STATUS DURATION`.
pub async fn log_request(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let op = operation_name(&method, &path, req.uri().query()).unwrap_or("-");
    let resp = next.run(req).await;
    println!(
        "{} {method} {path} {op} {} {:.1}ms",
        crate::util::now_iso_z(),
        resp.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_is_implemented_once() {
        // OPERATIONS is written by the same macro as the trait implementation, so an operation
        // missing here is one the trait's default answers with 501 NotImplemented.
        let mut names: Vec<_> = OPERATIONS.iter().map(|(n, _)| *n).collect();
        names.sort();
        let mut api: Vec<_> = lambda_api::operations::OPERATION_NAMES.to_vec();
        api.sort();
        assert_eq!(names, api);
    }

    #[test]
    fn requests_map_to_operations() {
        assert_eq!(operation_name("POST", "/2015-03-31/functions", None), Some("CreateFunction"));
        assert_eq!(operation_name("GET", "/2015-03-31/functions/my-fn", None), Some("GetFunction"));
        assert_eq!(
            operation_name("GET", "/2018-10-31/layers", Some("find=LayerVersion&Arn=x")),
            Some("GetLayerVersionByArn")
        );
        assert_eq!(operation_name("GET", "/2018-10-31/layers", Some("MaxItems=2")), Some("ListLayers"));
        assert_eq!(operation_name("GET", "/2025-11-30/capacity-providers/cp", None), Some("GetCapacityProvider"));
        assert_eq!(
            operation_name("GET", "/2025-12-01/durable-executions/arn%3Aaws%3Alambda", None),
            Some("GetDurableExecution")
        );
        assert_eq!(operation_name("GET", "/nope", None), None);
    }
}
