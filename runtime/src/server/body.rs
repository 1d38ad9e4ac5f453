//! Reading request bodies: the operation's size limit, a memory budget shared by every
//! connection, and the body's SHA-256 computed as the bytes arrive.
//!
//! A body is read into one buffer sized from `Content-Length` (so a large upload is held
//! once), after its bytes have been reserved from the [`BodyBudget`]; the reservation lives as
//! long as the returned [`ReadBody`].

use super::limits::RequestLimit;
use super::response::ServerError;
use crate::sigv4::{sha256, Sha256, EMPTY_SHA256};
use axum::body::Body;
use axum::body::HttpBody as _;
use bytes::{Bytes, BytesMut};
use http::header::CONTENT_LENGTH;
use http::{HeaderMap, HeaderValue};
use http_body_util::BodyExt;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The error a request body yields when it arrives too slowly (see
/// [`ServeOptions`](super::ServeOptions)); answered with 408 `RequestTimeoutException`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyReadTimeout {
    /// Bytes received before the body was given up.
    pub received: u64,
    /// Seconds spent reading it.
    pub elapsed_secs: u64,
}

impl std::fmt::Display for BodyReadTimeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the request body arrived too slowly ({} bytes in {} s) and was given up",
            self.received, self.elapsed_secs
        )
    }
}

impl std::error::Error for BodyReadTimeout {}

/// How many bytes of request bodies the server holds at once, across all connections.
///
/// A request reserves its `Content-Length` before its body is read (a body without one
/// reserves as it arrives). A request that cannot get its bytes within the wait is answered
/// 503 `ServiceUnavailable` with `Retry-After`, without reading its body.
#[derive(Clone, Debug)]
pub struct BodyBudget {
    semaphore: Arc<Semaphore>,
    total: usize,
    wait: Duration,
}

impl BodyBudget {
    /// A budget of `total` bytes; a request waits at most `wait` for its share.
    pub fn new(total: usize, wait: Duration) -> Self {
        let total = total.min(Semaphore::MAX_PERMITS);
        BodyBudget { semaphore: Arc::new(Semaphore::new(total)), total, wait }
    }

    /// Bytes not reserved by any request right now.
    pub fn available(&self) -> usize {
        self.semaphore.available_permits()
    }

    async fn reserve(&self, bytes: usize) -> Result<Option<OwnedSemaphorePermit>, BodyError> {
        if bytes == 0 {
            return Ok(None);
        }
        let too_much = || BodyError::busy(self.total);
        let n = u32::try_from(bytes).map_err(|_| too_much())?;
        if bytes > self.total {
            return Err(too_much());
        }
        match tokio::time::timeout(self.wait, self.semaphore.clone().acquire_many_owned(n)).await {
            Ok(Ok(permit)) => Ok(Some(permit)),
            _ => Err(too_much()),
        }
    }
}

/// A body read in full, with its share of the budget.
#[derive(Debug)]
pub struct ReadBody {
    /// The bytes.
    pub bytes: Bytes,
    /// SHA-256 of the bytes, when asked for.
    pub sha256: Option<[u8; 32]>,
    reservation: Option<OwnedSemaphorePermit>,
}

impl ReadBody {
    /// SHA-256 of the bytes (computed now if it was not while reading).
    pub fn sha256(&self) -> [u8; 32] {
        self.sha256.unwrap_or_else(|| sha256(&self.bytes))
    }

    /// Splits off the bytes; the budget stays reserved until the returned guard is dropped.
    pub fn into_parts(self) -> (Bytes, BudgetGuard) {
        (self.bytes, BudgetGuard(self.reservation))
    }
}

/// Holds a body's share of the [`BodyBudget`] until dropped.
#[derive(Debug)]
pub struct BudgetGuard(#[allow(dead_code)] Option<OwnedSemaphorePermit>);

/// Why a body was not read: the answer, and whether the connection must be closed (the rest
/// of the body was not read, so the next request cannot be found on it).
#[derive(Debug)]
pub struct BodyError {
    /// The error answered.
    pub error: ServerError,
    /// Answer with `Connection: close`.
    pub close: bool,
    /// Seconds for a `Retry-After` header.
    pub retry_after: Option<u32>,
}

impl BodyError {
    fn new(error: ServerError) -> Self {
        BodyError { error, close: true, retry_after: None }
    }

    /// 413 with the operation's code and the service's message.
    pub fn too_large(limit: RequestLimit, operation: &str) -> Self {
        Self::new(ServerError::new(
            413,
            limit.code,
            format!("Request must be smaller than {} bytes for the {operation} operation", limit.bytes),
        ))
    }

    fn busy(total: usize) -> Self {
        BodyError {
            error: ServerError::new(
                503,
                "ServiceUnavailable",
                format!(
                    "The server is already holding its budget of {total} bytes of request bodies; retry the request later"
                ),
            ),
            close: true,
            retry_after: Some(1),
        }
    }

    /// The response, with `Connection: close` and `Retry-After` where they apply.
    pub fn into_response(self, request_id: &str) -> axum::response::Response {
        let mut resp = self.error.into_response(request_id);
        if self.close {
            resp.headers_mut().insert(http::header::CONNECTION, HeaderValue::from_static("close"));
        }
        if let Some(secs) = self.retry_after {
            resp.headers_mut().insert(http::header::RETRY_AFTER, HeaderValue::from(secs));
        }
        resp
    }
}

/// The body's length as the client declared it; `Err` when the header is not a number.
pub fn declared_length(headers: &HeaderMap) -> Result<Option<u64>, BodyError> {
    match headers.get(CONTENT_LENGTH) {
        None => Ok(None),
        Some(v) => v.to_str().ok().and_then(|t| t.trim().parse::<u64>().ok()).map(Some).ok_or_else(|| {
            BodyError::new(ServerError::new(400, "MalformedHttpRequestException", "Content-Length is not a number"))
        }),
    }
}

/// Reads a whole body of at most `limit.bytes` bytes (413 with the operation's code beyond
/// it, before reading when `Content-Length` says so), reserving its bytes from `budget`, and
/// hashing it when `hash` is set.
pub async fn read_body(
    headers: &HeaderMap,
    mut body: Body,
    limit: RequestLimit,
    operation: &str,
    budget: Option<&BodyBudget>,
    hash: bool,
) -> Result<ReadBody, BodyError> {
    let declared = declared_length(headers)?;
    if declared.is_some_and(|n| n > limit.bytes as u64) {
        return Err(BodyError::too_large(limit, operation));
    }
    // Within the limit, so it fits a usize.
    let declared = declared.map(|n| n as usize);
    let mut reservation = match (budget, declared) {
        (Some(b), Some(n)) => b.reserve(n).await?,
        _ => None,
    };
    let mut bytes = Received::Empty;
    let mut hasher = hash.then(Sha256::new);
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| read_error(&e, bytes.len()))?;
        let Ok(chunk) = frame.into_data() else { continue };
        if bytes.len() + chunk.len() > limit.bytes {
            return Err(BodyError::too_large(limit, operation));
        }
        // A body longer than it said, or one without a length, reserves as it grows.
        let reserved = reservation.as_ref().map_or(0, |r| r.num_permits());
        if let (Some(b), true) = (budget, bytes.len() + chunk.len() > reserved) {
            let more = b.reserve(bytes.len() + chunk.len() - reserved).await?;
            match (&mut reservation, more) {
                (Some(r), Some(m)) => r.merge(m),
                (r @ None, m) => *r = m,
                (Some(_), None) => {}
            }
        }
        if let Some(h) = hasher.as_mut() {
            h.update(&chunk);
        }
        bytes.push(chunk, declared);
    }
    let sha256 = hasher.map(Sha256::finish);
    Ok(ReadBody { bytes: bytes.into_bytes(), sha256, reservation })
}

/// The [`ReadBody`] of a body that has already ended and declared no bytes (a GET, most
/// often), made without an await; `None` when the body must be read with [`read_body`].
pub fn ended_body(headers: &HeaderMap, body: &Body, hash: bool) -> Option<ReadBody> {
    let declares_nothing = matches!(declared_length(headers), Ok(None | Some(0)));
    (declares_nothing && body.is_end_stream()).then(|| ReadBody {
        bytes: Bytes::new(),
        sha256: hash.then_some(EMPTY_SHA256),
        reservation: None,
    })
}

/// A body as it arrives: a body that comes in one chunk (most do) is kept as that chunk,
/// without a copy; only a body in several chunks is gathered into one buffer.
enum Received {
    Empty,
    One(Bytes),
    Gathered(BytesMut),
}

impl Received {
    fn len(&self) -> usize {
        match self {
            Received::Empty => 0,
            Received::One(b) => b.len(),
            Received::Gathered(b) => b.len(),
        }
    }

    fn push(&mut self, chunk: Bytes, declared: Option<usize>) {
        *self = match std::mem::replace(self, Received::Empty) {
            Received::Empty => Received::One(chunk),
            Received::One(first) => {
                let mut all = BytesMut::with_capacity(declared.unwrap_or(0).max(first.len() + chunk.len()));
                all.extend_from_slice(&first);
                all.extend_from_slice(&chunk);
                Received::Gathered(all)
            }
            Received::Gathered(mut all) => {
                all.extend_from_slice(&chunk);
                Received::Gathered(all)
            }
        }
    }

    fn into_bytes(self) -> Bytes {
        match self {
            Received::Empty => Bytes::new(),
            Received::One(b) => b,
            Received::Gathered(b) => b.freeze(),
        }
    }
}

fn read_error(e: &axum::Error, received: usize) -> BodyError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if let Some(t) = s.downcast_ref::<BodyReadTimeout>() {
            return BodyError::new(ServerError::new(
                408,
                "RequestTimeoutException",
                format!("Reading the request timed out: {t}"),
            ));
        }
        source = s.source();
    }
    BodyError::new(ServerError::new(
        400,
        "RequestAbortedException",
        format!("The request body could not be read after {received} bytes: {e}"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(bytes: usize) -> RequestLimit {
        RequestLimit { bytes, code: "RequestEntityTooLargeException" }
    }

    fn with_length(n: usize) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(CONTENT_LENGTH, HeaderValue::from(n));
        h
    }

    #[tokio::test]
    async fn a_body_in_one_chunk_is_kept_as_it_came_and_chunks_are_gathered_in_order() {
        let one = Bytes::from_static(b"{\"Payload\":1}");
        let read = read_body(&HeaderMap::new(), Body::from(one.clone()), limit(64), "Op", None, false).await.unwrap();
        // The same memory, not a copy.
        assert_eq!(read.bytes.as_ptr(), one.as_ptr());

        /// A body that arrives in several chunks.
        struct Chunks(std::collections::VecDeque<&'static [u8]>);
        impl futures_core::Stream for Chunks {
            type Item = Result<Bytes, std::io::Error>;
            fn poll_next(
                mut self: std::pin::Pin<&mut Self>,
                _: &mut std::task::Context<'_>,
            ) -> std::task::Poll<Option<Self::Item>> {
                std::task::Poll::Ready(self.0.pop_front().map(|c| Ok(Bytes::from_static(c))))
            }
        }
        let body = Body::from_stream(Chunks([&b"{\"a\""[..], b":", b"1}"].into()));
        let read = read_body(&with_length(7), body, limit(64), "Op", None, true).await.unwrap();
        assert_eq!(read.bytes, &b"{\"a\":1}"[..]);
        assert_eq!(read.sha256.unwrap(), sha256(b"{\"a\":1}"));
        let empty = read_body(&HeaderMap::new(), Body::empty(), limit(64), "Op", None, false).await.unwrap();
        assert!(empty.bytes.is_empty());
    }

    #[tokio::test]
    async fn bodies_are_read_hashed_and_bounded() {
        let body = b"{\"a\":1}".to_vec();
        let read =
            read_body(&with_length(body.len()), Body::from(body.clone()), limit(64), "Op", None, true).await.unwrap();
        assert_eq!(read.bytes, body);
        assert_eq!(read.sha256.unwrap(), sha256(&body));

        let e = read_body(&with_length(65), Body::from(vec![0u8; 65]), limit(64), "Op", None, false).await.unwrap_err();
        assert_eq!((e.error.status, e.error.code.as_str()), (413, "RequestEntityTooLargeException"));
        assert_eq!(e.error.message, "Request must be smaller than 64 bytes for the Op operation");
        // No length declared: cut off once the limit is passed.
        let e =
            read_body(&HeaderMap::new(), Body::from(vec![0u8; 65]), limit(64), "Op", None, false).await.unwrap_err();
        assert_eq!(e.error.status, 413);
    }

    #[tokio::test]
    async fn the_budget_is_shared_and_given_back() {
        let budget = BodyBudget::new(100, Duration::from_millis(20));
        let held = read_body(&with_length(80), Body::from(vec![1u8; 80]), limit(1000), "Op", Some(&budget), false)
            .await
            .unwrap();
        assert_eq!(budget.available(), 20);
        let e = read_body(&with_length(30), Body::from(vec![1u8; 30]), limit(1000), "Op", Some(&budget), false)
            .await
            .unwrap_err();
        assert_eq!((e.error.status, e.error.code.as_str(), e.retry_after), (503, "ServiceUnavailable", Some(1)));
        // Without a declared length the reservation grows with the body, and fails the same.
        let e = read_body(&HeaderMap::new(), Body::from(vec![1u8; 30]), limit(1000), "Op", Some(&budget), false)
            .await
            .unwrap_err();
        assert_eq!(e.error.status, 503);
        let (bytes, guard) = held.into_parts();
        drop(bytes);
        assert_eq!(budget.available(), 20);
        drop(guard);
        assert_eq!(budget.available(), 100);
        read_body(&HeaderMap::new(), Body::from(vec![1u8; 30]), limit(1000), "Op", Some(&budget), false).await.unwrap();
        assert_eq!(budget.available(), 100);
    }
}
