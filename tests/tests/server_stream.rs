//! InvokeWithResponseStream: the output's events are written as
//! `application/vnd.amazon.eventstream` frames, decoded back here with
//! aws-smithy-eventstream, and sent as the implementation yields them.

mod server_common;

use aws_smithy_eventstream::frame::{DecodedFrame, MessageFrameDecoder};
use aws_smithy_types::event_stream::Message;
use bytes::{Buf, BytesMut};
use http_body_util::BodyExt;
use lambda_api::server::ServerConfig;
use lambda_api::types::InvokeWithResponseStreamResponseEvent as Ev;
use lambda_api::types::{InvokeResponseStreamUpdate, InvokeWithResponseStreamCompleteEvent};
use lambda_rt::event_stream::EventStreamError;
use lambda_rt::server::axum::body::Body;
use server_common::*;
use std::time::Duration;

const URI: &str = "/2021-11-15/functions/streamer/response-streaming-invocations";

fn header<'a>(m: &'a Message, name: &str) -> Option<&'a str> {
    m.headers().iter().find(|h| h.name().as_str() == name).and_then(|h| h.value().as_string().ok()).map(|s| s.as_str())
}

/// Decodes every complete frame in `buf`, leaving a partial one.
fn decode_all(decoder: &mut MessageFrameDecoder, buf: &mut BytesMut) -> Vec<Message> {
    let mut out = Vec::new();
    loop {
        match decoder.decode_frame(&mut *buf).expect("valid frame") {
            DecodedFrame::Complete(m) => out.push(m),
            DecodedFrame::Incomplete => return out,
        }
    }
}

fn chunk(bytes: &[u8]) -> Ev {
    Ev::PayloadChunk(InvokeResponseStreamUpdate::builder().payload(bytes.to_vec()).build())
}

#[tokio::test]
async fn events_are_written_as_frames() {
    let (rec, router) = recorder_router(ServerConfig::default());
    let a = send(&router, request("POST", URI, r#"{"n":1}"#)).await;
    assert_eq!(a.status, 200, "{a:?}");
    assert_eq!(a.header("content-type"), Some("application/vnd.amazon.eventstream"));
    assert_eq!(a.headers.get_all("content-type").iter().count(), 1);
    assert_eq!(a.header("x-amz-executed-version"), Some("$LATEST"));
    assert!(a.header("x-amzn-requestid").is_some());
    let mut buf = BytesMut::from(&a.body[..]);
    let frames = decode_all(&mut MessageFrameDecoder::new(), &mut buf);
    assert!(!buf.has_remaining(), "trailing bytes after the last frame");
    type Seen<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, &'a [u8]);
    let seen: Vec<Seen> = frames
        .iter()
        .map(|m| {
            (header(m, ":message-type"), header(m, ":event-type"), header(m, ":content-type"), m.payload().as_ref())
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (Some("event"), Some("PayloadChunk"), Some("application/octet-stream"), b"hello ".as_slice()),
            (Some("event"), Some("PayloadChunk"), Some("application/octet-stream"), b"world".as_slice()),
            (Some("event"), Some("InvokeComplete"), Some("application/json"), b"{}".as_slice()),
        ]
    );
    assert_eq!(rec.calls().last().unwrap().detail, "streamer");
}

#[tokio::test]
async fn a_failing_stream_ends_with_an_exception_frame() {
    let (rec, router) = recorder_router(ServerConfig::default());
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    *rec.chunks.lock().unwrap() = Some(rx);
    tx.send(Some(Ok(chunk(b"part")))).unwrap();
    tx.send(Some(Err(EventStreamError::Service {
        code: "ServiceException".into(),
        message: "lost the function".into(),
    })))
    .unwrap();
    tx.send(Some(Ok(chunk(b"never sent")))).unwrap();
    drop(tx);
    let a = send(&router, request("POST", URI, Body::empty())).await;
    assert_eq!(a.status, 200);
    let mut buf = BytesMut::from(&a.body[..]);
    let frames = decode_all(&mut MessageFrameDecoder::new(), &mut buf);
    assert_eq!(frames.len(), 2, "{frames:?}");
    assert_eq!(frames[0].payload().as_ref(), b"part");
    assert_eq!(header(&frames[1], ":message-type"), Some("exception"));
    assert_eq!(header(&frames[1], ":exception-type"), Some("ServiceException"));
    let body: serde_json::Value = serde_json::from_slice(frames[1].payload()).unwrap();
    assert_eq!(body["message"], "lost the function");
}

/// Over a real connection, each frame arrives before the implementation yields the next
/// chunk: the test only sends chunk n+1 after it has decoded frame n.
#[tokio::test]
async fn frames_arrive_as_the_implementation_yields_them() {
    let (rec, router) = recorder_router(ServerConfig::default());
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    *rec.chunks.lock().unwrap() = Some(rx);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { lambda_rt::server::axum::serve(listener, router).await });

    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut sender, conn) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await.unwrap();
    tokio::spawn(conn);
    let resp = tokio::time::timeout(Duration::from_secs(10), sender.send_request(request("POST", URI, "{}")))
        .await
        .expect("headers arrive before any event")
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "application/vnd.amazon.eventstream");
    let mut body = resp.into_body();
    let mut decoder = MessageFrameDecoder::new();
    let mut buf = BytesMut::new();
    let mut got = Vec::new();
    for i in 0..3u8 {
        tx.send(Some(Ok(chunk(&[b'a' + i; 3])))).unwrap();
        // Read until this chunk's frame is decoded; bounded by a timeout.
        let frame = tokio::time::timeout(Duration::from_secs(10), async {
            loop {
                if let Some(m) = decode_all(&mut decoder, &mut buf).pop() {
                    return m;
                }
                let f = body.frame().await.expect("stream still open").expect("readable");
                if let Ok(data) = f.into_data() {
                    buf.extend_from_slice(&data);
                }
            }
        })
        .await
        .unwrap_or_else(|_| panic!("frame {i} did not arrive while the stream was open"));
        got.push(frame.payload().to_vec());
    }
    assert_eq!(got, vec![b"aaa".to_vec(), b"bbb".to_vec(), b"ccc".to_vec()]);
    tx.send(Some(Ok(Ev::InvokeComplete(InvokeWithResponseStreamCompleteEvent::builder().log_result("bG9n").build()))))
        .unwrap();
    tx.send(None).unwrap();
    let rest = tokio::time::timeout(Duration::from_secs(10), body.collect()).await.unwrap().unwrap().to_bytes();
    buf.extend_from_slice(&rest);
    let frames = decode_all(&mut decoder, &mut buf);
    assert_eq!(frames.len(), 1);
    assert_eq!(header(&frames[0], ":event-type"), Some("InvokeComplete"));
    let complete: serde_json::Value = serde_json::from_slice(frames[0].payload()).unwrap();
    assert_eq!(complete["LogResult"], "bG9n");
    server.abort();
}
