//! Decoding `application/vnd.amazon.eventstream` response bodies into raw events, with the
//! framing (prelude, headers, CRCs) left to `aws-smithy-eventstream`.

use crate::event_stream::{EventStream, EventStreamError, RawEvent};
use aws_smithy_eventstream::frame::{DecodedFrame, MessageFrameDecoder};
use aws_smithy_types::event_stream::{HeaderValue, Message};
use bytes::{Buf, BytesMut};
use futures_util::stream;
use http_body_util::BodyExt;

/// Turns one decoded message into an event, or the error that ends the stream.
pub(crate) fn message_to_event(message: &Message) -> Result<RawEvent, EventStreamError> {
    let header = |name: &str| -> Result<Option<String>, EventStreamError> {
        match message.headers().iter().find(|h| h.name().as_str() == name) {
            None => Ok(None),
            Some(h) => match h.value() {
                HeaderValue::String(s) => Ok(Some(s.as_str().to_string())),
                _ => Err(EventStreamError::Frame(format!("header {name} is not a string"))),
            },
        }
    };
    let payload = message.payload();
    match header(":message-type")?.as_deref() {
        Some("event") => {
            let event_type = header(":event-type")?
                .ok_or_else(|| EventStreamError::Frame("event message without :event-type".into()))?;
            Ok(RawEvent { event_type, content_type: header(":content-type")?, payload: payload.to_vec() })
        }
        Some("exception") => {
            let code = header(":exception-type")?.unwrap_or_else(|| "UnknownException".into());
            let body = crate::error::ErrorBody::parse(payload);
            let message = body.message.unwrap_or_else(|| String::from_utf8_lossy(payload).into_owned());
            Err(EventStreamError::Service { code, message })
        }
        Some("error") => Err(EventStreamError::Service {
            code: header(":error-code")?.unwrap_or_else(|| "UnknownError".into()),
            message: header(":error-message")?.unwrap_or_default(),
        }),
        Some(other) => Err(EventStreamError::Frame(format!("unknown :message-type '{other}'"))),
        None => Err(EventStreamError::Frame("message without :message-type".into())),
    }
}

/// Incremental decoder: bytes in, events out.
#[derive(Default)]
pub(crate) struct FrameReader {
    decoder: MessageFrameDecoder,
    buf: BytesMut,
    /// Bytes of a frame the decoder has taken out of `buf` but not finished.
    pending: bool,
}

impl FrameReader {
    pub(crate) fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// The next complete event in the buffer, if any.
    pub(crate) fn next_event(&mut self) -> Option<Result<RawEvent, EventStreamError>> {
        let before = self.buf.remaining();
        match self.decoder.decode_frame(&mut self.buf) {
            Ok(DecodedFrame::Complete(message)) => {
                self.pending = false;
                Some(message_to_event(&message))
            }
            Ok(DecodedFrame::Incomplete) => {
                if self.buf.remaining() != before {
                    // The prelude was read; the rest of the frame is still to come.
                    self.pending = true;
                }
                None
            }
            Err(e) => Some(Err(EventStreamError::Frame(e.to_string()))),
        }
    }

    /// Whether the body ended in the middle of a frame.
    pub(crate) fn is_truncated(&self) -> bool {
        self.pending || !self.buf.is_empty()
    }
}

/// The events of a streamed response body. Any error ends the stream.
pub(crate) fn decode_body<B>(body: B) -> EventStream<RawEvent>
where
    B: hyper::body::Body<Data = bytes::Bytes> + Send + Unpin + 'static,
    B::Error: std::fmt::Display,
{
    struct State<B> {
        body: B,
        reader: FrameReader,
        done: bool,
    }
    let state = State { body, reader: FrameReader::default(), done: false };
    EventStream::new(stream::unfold(state, |mut st| async move {
        if st.done {
            return None;
        }
        loop {
            if let Some(item) = st.reader.next_event() {
                st.done = item.is_err();
                return Some((item, st));
            }
            match st.body.frame().await {
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        st.reader.push(&data);
                    }
                }
                Some(Err(e)) => {
                    st.done = true;
                    return Some((Err(EventStreamError::Transport(e.to_string())), st));
                }
                None => {
                    st.done = true;
                    if st.reader.is_truncated() {
                        let e = EventStreamError::Frame("the response ended in the middle of a frame".into());
                        return Some((Err(e), st));
                    }
                    return None;
                }
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_eventstream::frame::write_message_to;
    use aws_smithy_types::event_stream::Header;

    fn frame(headers: &[(&str, &str)], payload: &[u8]) -> Vec<u8> {
        let mut m = Message::new(payload.to_vec());
        for (k, v) in headers {
            m = m.add_header(Header::new(k.to_string(), HeaderValue::String(v.to_string().into())));
        }
        let mut out = Vec::new();
        write_message_to(&m, &mut out).unwrap();
        out
    }

    fn event(kind: &str, payload: &[u8]) -> Vec<u8> {
        frame(
            &[(":message-type", "event"), (":event-type", kind), (":content-type", "application/octet-stream")],
            payload,
        )
    }

    #[test]
    fn frames_split_anywhere_decode_to_the_same_events() {
        let mut bytes = event("PayloadChunk", b"hello ");
        bytes.extend(event("PayloadChunk", b"world"));
        bytes.extend(frame(&[(":message-type", "event"), (":event-type", "InvokeComplete")], b"{}"));
        for step in [1, 3, 7, 16, bytes.len()] {
            let mut r = FrameReader::default();
            let mut got = Vec::new();
            for chunk in bytes.chunks(step) {
                r.push(chunk);
                while let Some(e) = r.next_event() {
                    got.push(e.unwrap());
                }
            }
            assert!(!r.is_truncated());
            let kinds: Vec<_> = got.iter().map(|e| e.event_type.as_str()).collect();
            assert_eq!(kinds, ["PayloadChunk", "PayloadChunk", "InvokeComplete"], "step {step}");
            assert_eq!(got[1].payload, b"world");
            assert_eq!(got[0].content_type.as_deref(), Some("application/octet-stream"));
            assert_eq!(got[2].content_type, None);
        }
    }

    #[test]
    fn exceptions_errors_and_bad_frames_are_errors() {
        let m = |bytes: Vec<u8>| {
            let mut r = FrameReader::default();
            r.push(&bytes);
            r.next_event().unwrap()
        };
        assert_eq!(
            m(frame(
                &[(":message-type", "exception"), (":exception-type", "ServiceException")],
                br#"{"message":"boom"}"#
            )),
            Err(EventStreamError::Service { code: "ServiceException".into(), message: "boom".into() })
        );
        assert_eq!(
            m(frame(&[(":message-type", "error"), (":error-code", "InternalError"), (":error-message", "oops")], b"")),
            Err(EventStreamError::Service { code: "InternalError".into(), message: "oops".into() })
        );
        assert!(matches!(m(frame(&[(":event-type", "X")], b"")), Err(EventStreamError::Frame(_))));
        assert!(matches!(m(frame(&[(":message-type", "event")], b"")), Err(EventStreamError::Frame(_))));
        // A corrupted CRC.
        let mut bad = event("PayloadChunk", b"abc");
        let n = bad.len();
        bad[n - 1] ^= 0xff;
        assert!(matches!(m(bad), Err(EventStreamError::Frame(_))));
        // A truncated body.
        let mut r = FrameReader::default();
        let whole = event("PayloadChunk", b"abcdef");
        r.push(&whole[..whole.len() - 2]);
        assert!(r.next_event().is_none());
        assert!(r.is_truncated());
    }
}
