//! Typed event streams (InvokeWithResponseStream's response), independent of transport.
//!
//! The client decodes `application/vnd.amazon.eventstream` frames into [`RawEvent`]s and the
//! server encodes them; generated code converts between raw and typed events through
//! [`StreamEvent`].

use futures_core::Stream;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

/// One event as it travels: its `:event-type` header and payload bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawEvent {
    /// The `:event-type` header (`PayloadChunk`, `InvokeComplete`).
    pub event_type: String,
    /// The `:content-type` header, if any.
    pub content_type: Option<String>,
    /// The payload.
    pub payload: Vec<u8>,
}

/// Why a stream stopped early.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventStreamError {
    /// A frame could not be decoded (bad prelude, CRC mismatch, truncated).
    Frame(String),
    /// The service sent an `:message-type` of `exception` or `error`.
    Service {
        /// Error code.
        code: String,
        /// Message.
        message: String,
    },
    /// An event payload did not match its type.
    Payload(String),
    /// The connection failed while streaming.
    Transport(String),
}

impl fmt::Display for EventStreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventStreamError::Frame(e) => write!(f, "malformed event stream frame: {e}"),
            EventStreamError::Service { code, message } => {
                write!(f, "service error in event stream: {code}: {message}")
            }
            EventStreamError::Payload(e) => write!(f, "malformed event payload: {e}"),
            EventStreamError::Transport(e) => write!(f, "event stream transport error: {e}"),
        }
    }
}

impl std::error::Error for EventStreamError {}

/// A union whose members are the events of a stream.
pub trait StreamEvent: Sized + Send + 'static {
    /// The raw form of this event.
    fn to_raw(&self) -> Result<RawEvent, EventStreamError>;
    /// Reads an event; `Ok(None)` for an event type this version does not know (skipped).
    fn from_raw(raw: &RawEvent) -> Result<Option<Self>, EventStreamError>;
}

type BoxStream<T> = Pin<Box<dyn Stream<Item = Result<T, EventStreamError>> + Send>>;

/// A stream of typed events.
pub struct EventStream<T> {
    inner: BoxStream<T>,
}

impl<T: Send + 'static> EventStream<T> {
    /// Wraps any stream of events.
    pub fn new(stream: impl Stream<Item = Result<T, EventStreamError>> + Send + 'static) -> Self {
        EventStream { inner: Box::pin(stream) }
    }

    /// A stream that yields these events, then ends.
    pub fn from_events(events: Vec<T>) -> Self {
        Self::new(Iter(events.into_iter()))
    }

    /// The next event, or `None` at the end of the stream.
    pub async fn recv(&mut self) -> Option<Result<T, EventStreamError>> {
        std::future::poll_fn(|cx| self.inner.as_mut().poll_next(cx)).await
    }
}

impl<T: StreamEvent> EventStream<T> {
    /// Typed events from raw ones; unknown event types are skipped.
    pub fn from_raw(raw: EventStream<RawEvent>) -> Self {
        Self::new(FromRaw { inner: raw.inner, _t: std::marker::PhantomData })
    }

    /// Raw events from typed ones.
    pub fn into_raw(self) -> EventStream<RawEvent> {
        EventStream::new(IntoRaw { inner: self.inner })
    }
}

impl<T: Send + 'static> Default for EventStream<T> {
    fn default() -> Self {
        Self::from_events(Vec::new())
    }
}

impl<T> Stream for EventStream<T> {
    type Item = Result<T, EventStreamError>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EventStream")
    }
}

struct Iter<I>(I);

// The iterator is never pinned structurally, so moving it is fine.
impl<I> Unpin for Iter<I> {}

impl<T, I: Iterator<Item = T>> Stream for Iter<I> {
    type Item = Result<T, EventStreamError>;
    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.0.next().map(Ok))
    }
}

struct FromRaw<T> {
    inner: BoxStream<RawEvent>,
    _t: std::marker::PhantomData<fn() -> T>,
}

impl<T: StreamEvent> Stream for FromRaw<T> {
    type Item = Result<T, EventStreamError>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            return match self.inner.as_mut().poll_next(cx) {
                Poll::Ready(Some(Ok(raw))) => match T::from_raw(&raw) {
                    Ok(Some(event)) => Poll::Ready(Some(Ok(event))),
                    Ok(None) => continue,
                    Err(e) => Poll::Ready(Some(Err(e))),
                },
                Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e))),
                Poll::Ready(None) => Poll::Ready(None),
                Poll::Pending => Poll::Pending,
            };
        }
    }
}

struct IntoRaw<T> {
    inner: BoxStream<T>,
}

impl<T: StreamEvent> Stream for IntoRaw<T> {
    type Item = Result<RawEvent, EventStreamError>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match self.inner.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(event))) => Poll::Ready(Some(event.to_raw())),
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// Events are not validated: they come from the service, or from the server's own code.
impl<T> crate::validation::Check for EventStream<T> {
    fn check(&self, _: &crate::validation::Rule, _: &crate::Path<'_>, _: &mut crate::Violations, _: bool) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum Ev {
        Chunk(Vec<u8>),
    }

    impl StreamEvent for Ev {
        fn to_raw(&self) -> Result<RawEvent, EventStreamError> {
            let Ev::Chunk(b) = self;
            Ok(RawEvent { event_type: "Chunk".into(), content_type: None, payload: b.clone() })
        }
        fn from_raw(raw: &RawEvent) -> Result<Option<Self>, EventStreamError> {
            Ok((raw.event_type == "Chunk").then(|| Ev::Chunk(raw.payload.clone())))
        }
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        let mut f = std::pin::pin!(f);
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        loop {
            if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
                return v;
            }
        }
    }

    #[test]
    fn raw_and_typed_round_trip_and_unknown_events_are_skipped() {
        let raw = EventStream::from_events(vec![
            RawEvent { event_type: "Chunk".into(), content_type: None, payload: b"a".to_vec() },
            RawEvent { event_type: "Future".into(), content_type: None, payload: vec![] },
            RawEvent { event_type: "Chunk".into(), content_type: None, payload: b"b".to_vec() },
        ]);
        let mut typed = EventStream::<Ev>::from_raw(raw);
        assert_eq!(block_on(typed.recv()), Some(Ok(Ev::Chunk(b"a".to_vec()))));
        assert_eq!(block_on(typed.recv()), Some(Ok(Ev::Chunk(b"b".to_vec()))));
        assert_eq!(block_on(typed.recv()), None);
        let mut back = EventStream::from_events(vec![Ev::Chunk(b"c".to_vec())]).into_raw();
        assert_eq!(block_on(back.recv()).unwrap().unwrap().payload, b"c");
    }
}
