//! Encoding an output's event stream as `application/vnd.amazon.eventstream` frames.

use crate::event_stream::{EventStream, EventStreamError, RawEvent};
use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use bytes::Bytes;
use futures_core::Stream;
use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

fn frame(headers: Vec<Header>, payload: Vec<u8>) -> Bytes {
    let message = Message::new_from_parts(headers, payload);
    let mut out = Vec::new();
    match aws_smithy_eventstream::frame::write_message_to(&message, &mut out) {
        Ok(()) => Bytes::from(out),
        // Only oversized headers or payloads fail to encode; say so in an error frame, whose
        // parts are small and fixed.
        Err(e) => encode_stream_error(&EventStreamError::Payload(format!("event cannot be framed: {e}"))),
    }
}

fn string(name: &'static str, value: &str) -> Header {
    Header::new(name, HeaderValue::String(value.to_string().into()))
}

/// One event as a frame: `:message-type: event`, `:event-type`, and `:content-type` when the
/// event has one.
pub fn encode_event(event: &RawEvent) -> Bytes {
    let mut headers = vec![string(":message-type", "event"), string(":event-type", &event.event_type)];
    if let Some(ct) = &event.content_type {
        headers.push(string(":content-type", ct));
    }
    frame(headers, event.payload.clone())
}

/// The frame that ends a stream early. A service error becomes an `exception` frame
/// (`:exception-type` is its code, the payload `{"message": ...}`); anything else an `error`
/// frame with `:error-code: InternalFailure` and `:error-message`.
pub fn encode_stream_error(error: &EventStreamError) -> Bytes {
    match error {
        EventStreamError::Service { code, message } => {
            let payload = serde_json::to_vec(&serde_json::json!({ "message": message })).unwrap_or_default();
            frame(
                vec![
                    string(":message-type", "exception"),
                    string(":exception-type", code),
                    string(":content-type", "application/json"),
                ],
                payload,
            )
        }
        other => frame(
            vec![
                string(":message-type", "error"),
                string(":error-code", "InternalFailure"),
                string(":error-message", &other.to_string()),
            ],
            Vec::new(),
        ),
    }
}

/// The body of an event stream response: one frame per event, produced as the events
/// arrive; after an error frame the stream ends.
pub struct EventFrames {
    events: EventStream<RawEvent>,
    done: bool,
}

impl EventFrames {
    /// Frames for these events.
    pub fn new(events: EventStream<RawEvent>) -> Self {
        EventFrames { events, done: false }
    }
}

impl Stream for EventFrames {
    type Item = Result<Bytes, Infallible>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        match Pin::new(&mut self.events).poll_next(cx) {
            Poll::Ready(Some(Ok(event))) => Poll::Ready(Some(Ok(encode_event(&event)))),
            Poll::Ready(Some(Err(e))) => {
                self.done = true;
                Poll::Ready(Some(Ok(encode_stream_error(&e))))
            }
            Poll::Ready(None) => {
                self.done = true;
                Poll::Ready(None)
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_eventstream::frame::read_message_from;

    fn header<'a>(m: &'a Message, name: &str) -> Option<&'a str> {
        m.headers()
            .iter()
            .find(|h| h.name().as_str() == name)
            .and_then(|h| h.value().as_string().ok())
            .map(|s| s.as_str())
    }

    #[test]
    fn events_and_errors_round_trip() {
        let e = RawEvent {
            event_type: "PayloadChunk".into(),
            content_type: Some("application/octet-stream".into()),
            payload: b"hi".to_vec(),
        };
        let m = read_message_from(encode_event(&e)).unwrap();
        assert_eq!(header(&m, ":event-type"), Some("PayloadChunk"));
        assert_eq!(header(&m, ":message-type"), Some("event"));
        assert_eq!(m.payload().as_ref(), b"hi");

        let m = read_message_from(encode_stream_error(&EventStreamError::Service {
            code: "ServiceException".into(),
            message: "boom".into(),
        }))
        .unwrap();
        assert_eq!(header(&m, ":message-type"), Some("exception"));
        assert_eq!(header(&m, ":exception-type"), Some("ServiceException"));
        assert_eq!(m.payload().as_ref(), br#"{"message":"boom"}"#);

        let m = read_message_from(encode_stream_error(&EventStreamError::Transport("x".into()))).unwrap();
        assert_eq!(header(&m, ":message-type"), Some("error"));
        assert_eq!(header(&m, ":error-code"), Some("InternalFailure"));
    }
}
