//! The request log: one line per request with method, path, operation, status and duration.
//! The operation is the one the generated router matched, which it names in the response's
//! extensions ([`OperationName`]), so the log needs no route table of its own.

use lambda_rt::server::axum::extract::Request;
use lambda_rt::server::axum::middleware::Next;
use lambda_rt::server::axum::response::Response;
use lambda_rt::server::OperationName;
use std::time::Instant;

/// The operation the router matched for the request this is the response to.
pub fn operation_name(resp: &Response) -> Option<&'static str> {
    resp.extensions().get::<OperationName>().map(|o| o.0)
}

/// Axum middleware that prints one line per request to standard output:
/// `METHOD PATH OPERATION STATUS DURATION`.
pub async fn log_request(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let resp = next.run(req).await;
    println!(
        "{} {method} {path} {} {} {:.1}ms",
        crate::util::now_iso_z(),
        operation_name(&resp).unwrap_or("-"),
        resp.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    resp
}

#[cfg(test)]
mod tests {
    use super::*;
    use lambda_rt::server::axum::body::Body;

    /// The operation lambda-local's router names for a request (no signatures required).
    async fn routed(method: &str, uri: &str) -> Option<&'static str> {
        let app = crate::service::app(&crate::Settings::default());
        let req = Request::builder().method(method).uri(uri).body(Body::empty()).unwrap();
        let resp = tower::ServiceExt::oneshot(app, req).await.unwrap();
        operation_name(&resp)
    }

    #[tokio::test]
    async fn responses_name_the_operation_the_router_matched() {
        assert_eq!(routed("POST", "/2015-03-31/functions").await, Some("CreateFunction"));
        assert_eq!(routed("GET", "/2015-03-31/functions/my-fn").await, Some("GetFunction"));
        assert_eq!(routed("GET", "/2018-10-31/layers?find=LayerVersion&Arn=x").await, Some("GetLayerVersionByArn"));
        assert_eq!(routed("GET", "/2018-10-31/layers?MaxItems=2").await, Some("ListLayers"));
        assert_eq!(routed("GET", "/2025-11-30/capacity-providers/cp").await, Some("GetCapacityProvider"));
        assert_eq!(
            routed("GET", "/2025-12-01/durable-executions/arn%3Aaws%3Alambda").await,
            Some("GetDurableExecution")
        );
        assert_eq!(routed("GET", "/nope").await, None);
        assert_eq!(routed("GET", "/2015-03-31/functions?x=%ZZ").await, None, "a broken query matches nothing");
    }

    /// What the binary serves, with the log and without: the same answers as `app`.
    #[tokio::test]
    async fn the_served_service_answers_as_the_app_does_with_and_without_the_log() {
        for log in [true, false] {
            let settings = crate::Settings { log, ..crate::Settings::default() };
            let served = crate::service::served(&settings);
            let req = Request::builder().uri("/2015-03-31/functions/").body(Body::empty()).unwrap();
            let resp = tower::ServiceExt::oneshot(served.clone(), req).await.unwrap();
            assert_eq!(resp.status(), 200, "log {log}");
            assert_eq!(operation_name(&resp), Some("ListFunctions"), "log {log}");
            let req = Request::builder().uri("/2015-03-31/functions/nope").body(Body::empty()).unwrap();
            let resp = tower::ServiceExt::oneshot(served, req).await.unwrap();
            assert_eq!(resp.status(), 404, "log {log}");
            assert!(resp.headers().contains_key("x-amzn-requestid"), "log {log}");
        }
    }
}
