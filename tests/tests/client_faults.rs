//! Fault injection: errors, throttling, dropped connections, slow and unreadable responses.
//! The client must retry what may pass (up to the configured attempts), give up at once on
//! what cannot, and always return the right, displayable error variant.

mod client_common;

use client_common::*;
use lambda_api::client::{Client, RetryConfig, SdkError, TimeoutKind};
use lambda_api::operations::get_function::{GetFunctionError, GetFunctionInput};
use lambda_api::operations::invoke::{InvokeError, InvokeInput};
use lambda_api::operations::list_functions::{ListFunctionsError, ListFunctionsInput};
use lambda_api::Blob;
use lambda_rt::ServiceErrorKind;
use std::time::{Duration, Instant};

fn get_fn() -> GetFunctionInput {
    GetFunctionInput::builder().function_name("my-function").build().unwrap()
}

fn ok_function() -> Reply {
    Reply::json(200, &serde_json::json!({"Configuration": {"FunctionName": "my-function"}}))
}

fn html(status: u16) -> Reply {
    Reply::Respond {
        status,
        headers: vec![("Content-Type".into(), "text/html".into())],
        body: b"<html><body><h1>502 Bad Gateway</h1></body></html>".to_vec(),
    }
}

#[tokio::test]
async fn server_errors_are_retried_until_one_succeeds() {
    let server =
        Server::scripted(vec![Reply::error(500, "ServiceException", "internal"), Reply::status(503), ok_function()])
            .await;
    let out = client(&server).get_function(get_fn()).await.unwrap();
    assert_eq!(out.configuration.unwrap().function_name.as_deref(), Some("my-function"));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    for r in &reqs {
        verify_sigv4(r, Some(SESSION_TOKEN)).unwrap();
        assert_eq!(r.path, "/2015-03-31/functions/my-function");
    }
}

#[tokio::test]
async fn retries_stop_at_max_attempts_with_the_last_error() {
    let server = Server::start(|_| Reply::error(500, "ServiceException", "still broken")).await;
    let e = client(&server).get_function(get_fn()).await.unwrap_err();
    assert_eq!(server.requests().len(), 3, "3 attempts by default");
    match &e {
        SdkError::Service(s) => {
            assert!(matches!(s.err(), GetFunctionError::ServiceException(_)));
            assert_eq!(s.meta().status, 500);
            assert_eq!(s.meta().message.as_deref(), Some("still broken"));
            assert_eq!(s.meta().request_id.as_deref(), Some("req-ServiceException"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        e.to_string(),
        "service error: ServiceException (HTTP 500): still broken [request id req-ServiceException]"
    );

    // A configured maximum is honoured, and 1 turns retries off.
    let server = Server::start(|_| Reply::status(503)).await;
    let c = Client::new(
        config(&server)
            .retry(RetryConfig::standard().with_max_attempts(5).with_initial_backoff(Duration::from_millis(1)))
            .build()
            .unwrap(),
    );
    assert!(matches!(c.get_function(get_fn()).await, Err(SdkError::InvalidResponse(_))));
    assert_eq!(server.requests().len(), 5);
    let server = Server::start(|_| Reply::status(503)).await;
    let c = Client::new(config(&server).retry(RetryConfig::disabled()).build().unwrap());
    assert!(c.get_function(get_fn()).await.is_err());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn errors_a_retry_cannot_fix_are_returned_at_once() {
    let server = Server::scripted(vec![
        Reply::error(404, "ResourceNotFoundException", "Function not found: my-function"),
        Reply::error(400, "InvalidParameterValueException", "bad"),
        Reply::error(502, "KMSAccessDeniedException", "no key"),
        Reply::error(403, "AccessDeniedException", "denied"),
    ])
    .await;
    let c = client(&server);
    match c.get_function(get_fn()).await.unwrap_err() {
        SdkError::Service(s) => match s.err() {
            GetFunctionError::ResourceNotFoundException(e) => {
                assert_eq!(e.message.as_deref(), Some("Function not found: my-function"));
                assert_eq!(s.meta().request_id.as_deref(), Some("req-ResourceNotFoundException"));
                assert_eq!(s.err().code(), "ResourceNotFoundException");
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    assert_eq!(server.take_requests().len(), 1);
    let e = c.get_function(get_fn()).await.unwrap_err();
    assert!(matches!(e.service_error(), Some(GetFunctionError::InvalidParameterValueException(_))));
    assert_eq!(server.take_requests().len(), 1);
    let e = c.invoke(InvokeInput::builder().function_name("my-function").build().unwrap()).await.unwrap_err();
    assert!(matches!(e.service_error(), Some(InvokeError::KmsAccessDeniedException(_))));
    assert_eq!(server.take_requests().len(), 1, "a 502 that names a lasting problem");
    // A common error the operation does not list: kept as Unhandled with its code.
    let e = c.get_function(get_fn()).await.unwrap_err();
    match e.into_service_error() {
        Some(GetFunctionError::Unhandled(meta)) => {
            assert_eq!(meta.code, "AccessDeniedException");
            assert_eq!(meta.status, 403);
            assert_eq!(meta.message.as_deref(), Some("denied"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.take_requests().len(), 1);
}

#[tokio::test]
async fn throttling_waits_for_retry_after() {
    let server = Server::scripted(vec![
        Reply::error(429, "TooManyRequestsException", "Rate exceeded").with_header("Retry-After", "0.3"),
        ok_function(),
    ])
    .await;
    let start = Instant::now();
    let c = Client::new(
        config(&server)
            .retry(
                RetryConfig::standard()
                    .with_initial_backoff(Duration::from_millis(1))
                    .with_max_backoff(Duration::from_secs(2)),
            )
            .build()
            .unwrap(),
    );
    c.get_function(get_fn()).await.unwrap();
    let waited = start.elapsed();
    assert!(waited >= Duration::from_millis(300), "waited only {waited:?}");
    assert!(waited < Duration::from_secs(2), "waited {waited:?}");
    assert_eq!(server.requests().len(), 2);

    // A 429 without a code is throttling too.
    let server = Server::scripted(vec![Reply::status(429), ok_function()]).await;
    client(&server).get_function(get_fn()).await.unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_longest_backoff_is_not_waited_for() {
    let server = Server::start(|_| {
        Reply::error(429, "TooManyRequestsException", "Rate exceeded").with_header("Retry-After", "30")
    })
    .await;
    let start = Instant::now();
    let e = client(&server).get_function(get_fn()).await.unwrap_err();
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(server.requests().len(), 1);
    let SdkError::Service(s) = &e else { panic!("{e:?}") };
    assert!(matches!(s.err(), GetFunctionError::TooManyRequestsException(_)));
    assert_eq!(s.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(e.http_status(), Some(429));
}

#[tokio::test]
async fn dropped_connections_are_retried_then_reported_as_transport_errors() {
    let server = Server::scripted(vec![Reply::Drop, Reply::Drop, ok_function()]).await;
    client(&server).get_function(get_fn()).await.unwrap();
    assert_eq!(server.requests().len(), 3);

    let server = Server::start(|_| Reply::Drop).await;
    let e = client(&server).get_function(get_fn()).await.unwrap_err();
    assert!(matches!(e, SdkError::Transport(_)), "{e:?}");
    assert_eq!(server.requests().len(), 3);
    assert!(e.to_string().starts_with("transport error: "), "{e}");

    // Nothing listening: connection refused, retried, then a transport error.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let c = Client::new(
        lambda_api::client::Config::builder()
            .region(REGION)
            .endpoint(format!("http://127.0.0.1:{port}"))
            .credentials(credentials())
            .retry(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
            .build()
            .unwrap(),
    );
    let e = c.get_function(get_fn()).await.unwrap_err();
    let SdkError::Transport(t) = &e else { panic!("{e:?}") };
    assert!(t.message().contains("connect"), "{}", t.message());
}

#[tokio::test]
async fn slow_attempts_time_out_and_are_retried() {
    let server = Server::scripted(vec![ok_function().after(Duration::from_millis(600)), ok_function()]).await;
    let c = Client::new(config(&server).attempt_timeout(Duration::from_millis(150)).build().unwrap());
    let start = Instant::now();
    c.get_function(get_fn()).await.unwrap();
    assert!(start.elapsed() < Duration::from_millis(550), "{:?}", start.elapsed());
    assert_eq!(server.requests().len(), 2);

    let server = Server::start(|_| ok_function().after(Duration::from_millis(400))).await;
    let c = Client::new(config(&server).attempt_timeout(Duration::from_millis(60)).build().unwrap());
    let e = c.get_function(get_fn()).await.unwrap_err();
    match &e {
        SdkError::Timeout(t) => {
            assert_eq!(t.kind, TimeoutKind::Attempt);
            assert_eq!(t.limit, Duration::from_millis(60));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests().len(), 3);
    assert!(e.to_string().contains("timed out"), "{e}");
}

#[tokio::test]
async fn the_total_timeout_ends_the_call_and_its_retries() {
    let server = Server::start(|_| ok_function().after(Duration::from_secs(3))).await;
    let c = Client::new(config(&server).total_timeout(Duration::from_millis(200)).build().unwrap());
    let start = Instant::now();
    let e = c.get_function(get_fn()).await.unwrap_err();
    assert!(start.elapsed() < Duration::from_secs(1), "{:?}", start.elapsed());
    assert!(matches!(&e, SdkError::Timeout(t) if t.kind == TimeoutKind::Total), "{e:?}");
    assert_eq!(server.requests().len(), 1, "a total timeout is not retried");

    // Retries stop when the next wait would pass the deadline.
    let server = Server::start(|_| Reply::error(500, "ServiceException", "x")).await;
    let c = Client::new(
        config(&server)
            .total_timeout(Duration::from_millis(100))
            .retry(
                RetryConfig::standard()
                    .with_max_attempts(10)
                    .with_initial_backoff(Duration::from_millis(400))
                    .with_max_backoff(Duration::from_millis(400)),
            )
            .build()
            .unwrap(),
    );
    // Full jitter may draw a short wait, so a few attempts can fit; never ten.
    let e = c.get_function(get_fn()).await.unwrap_err();
    assert!(matches!(e, SdkError::Service(_) | SdkError::Timeout(_)), "{e:?}");
    assert!(server.requests().len() < 10);
}

#[tokio::test]
async fn bodies_that_are_not_json_become_invalid_responses() {
    // An HTML 502 from a proxy: retried (no code, 5xx), then reported.
    let server = Server::start(|_| html(502)).await;
    let e = client(&server).get_function(get_fn()).await.unwrap_err();
    assert_eq!(server.requests().len(), 3);
    let SdkError::InvalidResponse(ir) = &e else { panic!("{e:?}") };
    assert_eq!(ir.status, 502);
    assert!(ir.reason.contains("not JSON"), "{}", ir.reason);
    assert!(e.to_string().starts_with("invalid response (HTTP 502)"), "{e}");

    // A 4xx without any code: not retried.
    let server = Server::start(|_| html(400)).await;
    let e = client(&server).get_function(get_fn()).await.unwrap_err();
    assert!(matches!(e, SdkError::InvalidResponse(_)), "{e:?}");
    assert_eq!(server.requests().len(), 1);

    // A success whose body is not the output: not retried, not a panic.
    let server =
        Server::start(|_| Reply::Respond { status: 200, headers: vec![], body: b"this is not json".to_vec() }).await;
    let e = client(&server).get_function(get_fn()).await.unwrap_err();
    let SdkError::InvalidResponse(ir) = &e else { panic!("{e:?}") };
    assert_eq!(ir.status, 200);
    assert!(ir.reason.contains("GetFunction"), "{}", ir.reason);
    assert_eq!(server.requests().len(), 1);

    // JSON of the wrong shape.
    let server = Server::start(|_| Reply::json(200, &serde_json::json!({"Functions": "nope"}))).await;
    let e = client(&server).list_functions(ListFunctionsInput::default()).await.unwrap_err();
    assert!(matches!(e, SdkError::InvalidResponse(_)), "{e:?}");
}

#[tokio::test]
async fn error_codes_fall_back_to_the_body() {
    let server = Server::scripted(vec![
        Reply::Respond {
            status: 400,
            headers: vec![("x-amzn-RequestId".into(), "r-1".into())],
            body: br#"{"__type":"com.amazonaws.lambda#InvalidParameterValueException","message":"lower"}"#.to_vec(),
        },
        Reply::Respond {
            status: 400,
            headers: vec![],
            body: br#"{"code":"BrandNewException","Message":"upper"}"#.to_vec(),
        },
    ])
    .await;
    let c = client(&server);
    let e = c.list_functions(ListFunctionsInput::default()).await.unwrap_err();
    match e.service_error() {
        Some(ListFunctionsError::InvalidParameterValueException(x)) => {
            assert_eq!(x.message.as_deref(), Some("lower"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(e.request_id(), Some("r-1"));
    let e = c.list_functions(ListFunctionsInput::default()).await.unwrap_err();
    match e.service_error() {
        Some(ListFunctionsError::Unhandled(meta)) => {
            assert_eq!(meta.code, "BrandNewException");
            assert_eq!(meta.message.as_deref(), Some("upper"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn invalid_inputs_are_refused_before_sending_unless_validation_is_off() {
    let server = Server::start(|_| ok_function()).await;
    // Not through the builder, which would refuse it.
    let mut bad = GetFunctionInput::default();
    bad.function_name = "x".repeat(257); // the model allows 256
    bad.qualifier = Some("no spaces allowed".into());
    let want = bad.clone().validate_message();
    let e = client(&server).get_function(bad.clone()).await.unwrap_err();
    let SdkError::Validation(v) = &e else { panic!("{e:?}") };
    assert_eq!(v.to_string(), want);
    assert!(want.starts_with("2 validation errors detected"), "{want}");
    assert_eq!(e.to_string(), format!("invalid input: {want}"));
    assert!(server.requests().is_empty(), "nothing was sent");

    let c = Client::new(config(&server).validate_input(false).build().unwrap());
    c.get_function(bad).await.unwrap();
    assert_eq!(server.requests().len(), 1);
}

trait ValidateMessage {
    fn validate_message(self) -> String;
}

impl<T: lambda_api::Validate> ValidateMessage for T {
    fn validate_message(self) -> String {
        self.validate().unwrap_err().to_string()
    }
}

#[tokio::test]
async fn header_values_that_cannot_be_sent_are_construction_errors() {
    let server = Server::start(|_| ok_function()).await;
    let c = Client::new(config(&server).validate_input(false).build().unwrap());
    let e = c
        .invoke(
            InvokeInput::builder()
                .function_name("my-function")
                .client_context("line\nbreak")
                .payload(Blob::new(b"{}".to_vec()))
                .build()
                .unwrap(),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, SdkError::Construction(_)), "{e:?}");
    // Header names are case-insensitive; the binding writes them in lower case.
    assert!(e.to_string().to_ascii_lowercase().contains("header x-amz-client-context cannot carry"), "{e}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn clones_share_one_connection_pool() {
    let server = Server::start(|_| ok_function()).await;
    let a = client(&server);
    let b = a.clone();
    for _ in 0..3 {
        a.get_function(get_fn()).await.unwrap();
        b.get_function(get_fn()).await.unwrap();
    }
    assert_eq!(server.requests().len(), 6);
    assert_eq!(server.connections(), 1);
    // Concurrent calls open more connections, still within the one pool.
    let (x, y) = tokio::join!(a.get_function(get_fn()), b.get_function(get_fn()));
    x.unwrap();
    y.unwrap();
    assert!(server.connections() <= 2);
}

#[tokio::test]
async fn static_credentials_without_a_session_token_are_signed_without_one() {
    let server = Server::start(|_| ok_function()).await;
    let c = Client::new(
        config(&server)
            .credentials(lambda_api::client::Credentials::new(ACCESS_KEY, SECRET_KEY, None))
            .user_agent("my-app/1.2")
            .build()
            .unwrap(),
    );
    c.get_function(get_fn()).await.unwrap();
    let r = &server.requests()[0];
    verify_sigv4(r, None).unwrap();
    assert!(r.header("user-agent").unwrap().ends_with(" my-app/1.2"));
}
