//! Invoke (each status, function errors, logs, executed version, raw payload), InvokeAsync,
//! and InvokeWithResponseStream's event stream decoded from frames that arrive in pieces.

mod client_common;

use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use client_common::*;
use lambda_api::client::{Client, SdkError};
use lambda_api::enums::{InvocationType, ResponseStreamingInvocationType};
use lambda_api::operations::invoke::InvokeInput;
use lambda_api::operations::invoke_async::InvokeAsyncInput;
use lambda_api::operations::invoke_with_response_stream::{
    InvokeWithResponseStreamError, InvokeWithResponseStreamInput,
};
use lambda_api::types::InvokeWithResponseStreamResponseEvent as Event;
use lambda_api::Blob;
use lambda_rt::event_stream::EventStreamError;
use std::time::Duration;

fn frame(headers: &[(&str, &str)], payload: &[u8]) -> Vec<u8> {
    let mut m = Message::new(payload.to_vec());
    for (k, v) in headers {
        m = m.add_header(Header::new(k.to_string(), HeaderValue::String(v.to_string().into())));
    }
    let mut out = Vec::new();
    aws_smithy_eventstream::frame::write_message_to(&m, &mut out).unwrap();
    out
}

fn chunk(payload: &[u8]) -> Vec<u8> {
    frame(
        &[(":message-type", "event"), (":event-type", "PayloadChunk"), (":content-type", "application/octet-stream")],
        payload,
    )
}

fn complete(body: &str) -> Vec<u8> {
    frame(
        &[(":message-type", "event"), (":event-type", "InvokeComplete"), (":content-type", "application/json")],
        body.as_bytes(),
    )
}

fn stream_headers() -> Vec<(String, String)> {
    vec![
        ("Content-Type".into(), "application/vnd.amazon.eventstream".into()),
        ("X-Amz-Executed-Version".into(), "$LATEST".into()),
        ("x-amzn-RequestId".into(), "stream-req".into()),
    ]
}

fn stream_input() -> InvokeWithResponseStreamInput {
    InvokeWithResponseStreamInput::builder()
        .function_name("my-function")
        .payload(Blob::new(br#"{"n": 3}"#.to_vec()))
        .build()
        .unwrap()
}

async fn collect(mut s: lambda_rt::event_stream::EventStream<Event>) -> Vec<Result<Event, EventStreamError>> {
    let mut out = Vec::new();
    // Bounded: the streams in these tests have a handful of events.
    for _ in 0..100 {
        match s.recv().await {
            Some(e) => out.push(e),
            None => return out,
        }
    }
    panic!("stream did not end");
}

#[tokio::test]
async fn invoke_reports_each_status_and_the_function_error_headers() {
    let server = Server::scripted(vec![
        Reply::Respond {
            status: 200,
            headers: vec![
                ("X-Amz-Executed-Version".into(), "4".into()),
                ("X-Amz-Log-Result".into(), "bG9nIHRhaWw=".into()),
            ],
            body: b"\"hello\"".to_vec(),
        },
        Reply::Respond {
            status: 200,
            headers: vec![("X-Amz-Function-Error".into(), "Handled".into())],
            body: br#"{"errorMessage":"nope"}"#.to_vec(),
        },
        Reply::status(202),
        Reply::status(204),
    ])
    .await;
    let c = client(&server);
    let input = |t: InvocationType| {
        InvokeInput::builder()
            .function_name("my-function")
            .qualifier("4")
            .invocation_type(t)
            .payload(Blob::new(b"[1,2,3]".to_vec()))
            .build()
            .unwrap()
    };

    let out = c.invoke(input(InvocationType::RequestResponse)).await.unwrap();
    assert_eq!(out.status_code, Some(200));
    assert_eq!(out.executed_version.as_deref(), Some("4"));
    assert_eq!(out.log_result.as_deref(), Some("bG9nIHRhaWw="));
    assert_eq!(out.function_error, None);
    assert_eq!(out.payload.unwrap().as_bytes(), b"\"hello\"");

    let out = c.invoke(input(InvocationType::RequestResponse)).await.unwrap();
    assert_eq!(out.function_error.as_deref(), Some("Handled"));
    assert_eq!(out.payload.unwrap().as_bytes(), br#"{"errorMessage":"nope"}"#);

    let out = c.invoke(input(InvocationType::Event)).await.unwrap();
    assert_eq!(out.status_code, Some(202));
    assert!(out.payload.is_none_or(|p| p.as_bytes().is_empty()));

    let out = c.invoke(input(InvocationType::DryRun)).await.unwrap();
    assert_eq!(out.status_code, Some(204));

    let reqs = server.requests();
    let kinds: Vec<_> = reqs.iter().map(|r| r.header("x-amz-invocation-type").unwrap()).collect();
    assert_eq!(kinds, ["RequestResponse", "RequestResponse", "Event", "DryRun"]);
    for r in &reqs {
        assert_eq!(r.path, "/2015-03-31/functions/my-function/invocations");
        assert_eq!(r.query.as_deref(), Some("Qualifier=4"));
        assert_eq!(r.body, b"[1,2,3]");
        verify_sigv4(r, Some(SESSION_TOKEN)).unwrap();
    }
}

#[tokio::test]
async fn invoke_async_sends_the_raw_arguments_and_reads_the_status() {
    let server = Server::scripted(vec![Reply::json(202, &serde_json::json!({"Status": 202}))]).await;
    #[allow(deprecated)]
    let out = client(&server)
        .invoke_async(
            InvokeAsyncInput::builder()
                .function_name("my-function")
                .invoke_args(Blob::new(b"raw \x00 bytes".to_vec()))
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(out.status, Some(202));
    let r = &server.requests()[0];
    assert_eq!(r.path, "/2014-11-13/functions/my-function/invoke-async");
    assert_eq!(r.body, b"raw \x00 bytes");
    verify_sigv4(r, Some(SESSION_TOKEN)).unwrap();
}

#[tokio::test]
async fn response_streams_decode_frames_split_across_reads() {
    let mut body = chunk(b"first ");
    body.extend(chunk(b"second "));
    body.extend(chunk(b"third"));
    body.extend(complete(r#"{"ErrorCode":"","ErrorDetails":"","LogResult":"dGFpbA=="}"#));
    // Pieces of 5 bytes, each a little later: frames straddle reads.
    let pieces: Vec<(Duration, Vec<u8>)> = body.chunks(5).map(|p| (Duration::from_millis(1), p.to_vec())).collect();
    let server = Server::scripted(vec![Reply::Chunks { status: 200, headers: stream_headers(), chunks: pieces }]).await;
    // The attempt timeout covers the wait for the headers, not the whole stream.
    let c = Client::new(config(&server).attempt_timeout(Duration::from_millis(500)).build().unwrap());
    let mut input = stream_input();
    input.invocation_type = Some(ResponseStreamingInvocationType::RequestResponse);
    let out = c.invoke_with_response_stream(input).await.unwrap();
    assert_eq!(out.status_code, Some(200));
    assert_eq!(out.executed_version.as_deref(), Some("$LATEST"));
    assert_eq!(out.response_stream_content_type.as_deref(), Some("application/vnd.amazon.eventstream"));
    let events = collect(out.event_stream.unwrap()).await;
    let mut text: Vec<u8> = Vec::new();
    let mut completed = None;
    for e in events {
        match e.unwrap() {
            Event::PayloadChunk(c) => text.extend(c.payload.unwrap().as_bytes()),
            Event::InvokeComplete(c) => completed = Some(c),
            other => panic!("an event type the spec does not list: {other:?}"),
        }
    }
    assert_eq!(text, b"first second third");
    assert_eq!(completed.unwrap().log_result.as_deref(), Some("dGFpbA=="));
    let r = &server.requests()[0];
    assert_eq!(r.path, "/2021-11-15/functions/my-function/response-streaming-invocations");
    assert_eq!(r.body, br#"{"n": 3}"#);
    verify_sigv4(r, Some(SESSION_TOKEN)).unwrap();
}

#[tokio::test]
async fn a_slow_stream_outlives_the_attempt_timeout() {
    let server = Server::scripted(vec![Reply::Chunks {
        status: 200,
        headers: stream_headers(),
        chunks: vec![
            (Duration::ZERO, chunk(b"a")),
            (Duration::from_millis(150), chunk(b"b")),
            (Duration::from_millis(150), complete("{}")),
        ],
    }])
    .await;
    let c = Client::new(config(&server).attempt_timeout(Duration::from_millis(100)).build().unwrap());
    let out = c.invoke_with_response_stream(stream_input()).await.unwrap();
    let events = collect(out.event_stream.unwrap()).await;
    assert_eq!(events.len(), 3);
    assert!(events.iter().all(Result::is_ok), "{events:?}");
}

#[tokio::test]
async fn exceptions_and_broken_frames_end_the_stream_with_an_error() {
    let exception = frame(
        &[
            (":message-type", "exception"),
            (":exception-type", "ServiceException"),
            (":content-type", "application/json"),
        ],
        br#"{"message":"the function crashed"}"#,
    );
    let mut corrupt = chunk(b"zzz");
    let n = corrupt.len();
    corrupt[n - 1] ^= 0x55;
    let truncated = chunk(b"cut short");
    let server = Server::scripted(vec![
        Reply::Respond {
            status: 200,
            headers: stream_headers(),
            body: [chunk(b"ok"), exception, chunk(b"never seen")].concat(),
        },
        Reply::Respond { status: 200, headers: stream_headers(), body: corrupt },
        Reply::Respond { status: 200, headers: stream_headers(), body: truncated[..truncated.len() - 3].to_vec() },
    ])
    .await;
    let c = client(&server);

    let events = collect(c.invoke_with_response_stream(stream_input()).await.unwrap().event_stream.unwrap()).await;
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(matches!(&events[0], Ok(Event::PayloadChunk(_))));
    assert_eq!(
        events[1],
        Err(EventStreamError::Service { code: "ServiceException".into(), message: "the function crashed".into() })
    );

    let events = collect(c.invoke_with_response_stream(stream_input()).await.unwrap().event_stream.unwrap()).await;
    assert!(matches!(events.as_slice(), [Err(EventStreamError::Frame(_))]), "{events:?}");

    let events = collect(c.invoke_with_response_stream(stream_input()).await.unwrap().event_stream.unwrap()).await;
    assert!(matches!(events.as_slice(), [Err(EventStreamError::Frame(m))] if m.contains("middle")), "{events:?}");
}

#[tokio::test]
async fn stream_errors_before_the_stream_are_typed_and_dry_runs_are_empty() {
    let server = Server::scripted(vec![
        Reply::error(404, "ResourceNotFoundException", "Function not found"),
        Reply::Respond { status: 204, headers: vec![], body: vec![] },
    ])
    .await;
    let c = client(&server);
    let e = c.invoke_with_response_stream(stream_input()).await.unwrap_err();
    assert!(matches!(e.service_error(), Some(InvokeWithResponseStreamError::ResourceNotFoundException(_))), "{e:?}");
    assert!(matches!(e, SdkError::Service(_)));
    let mut input = stream_input();
    input.invocation_type = Some(ResponseStreamingInvocationType::DryRun);
    let out = c.invoke_with_response_stream(input).await.unwrap();
    assert_eq!(out.status_code, Some(204));
    assert!(collect(out.event_stream.unwrap()).await.is_empty());
    assert_eq!(server.requests()[1].header("x-amz-invocation-type"), Some("DryRun"));
}
