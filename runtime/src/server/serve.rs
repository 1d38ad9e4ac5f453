//! Serving a router over TCP (HTTP/1.1) so that slow, idle and numerous clients cannot take
//! the server away from well-behaved ones.
//!
//! Each connection is watched: a fresh connection must deliver its first request's headers
//! within [`ServeOptions::header_read_timeout`]; after a response it may stay idle for
//! [`ServeOptions::keep_alive_timeout`], and from the first byte of the next request its
//! headers must again arrive within the header timeout. A connection that misses a deadline is
//! closed. Request bodies must keep up a minimum average rate after a grace period
//! ([`ServeOptions::min_body_rate`], [`ServeOptions::body_read_timeout`]); a slower body (one
//! that stalls, whose `Content-Length` is larger than what is sent, or a chunked body that
//! dribbles forever) yields [`BodyReadTimeout`], which the router answers 408
//! `RequestTimeoutException` before closing the connection.
//!
//! At most [`ServeOptions::max_connections`] connections are open at once (lowered to fit the
//! process's file-descriptor limit, less a reserve). When the cap is reached, a new connection
//! is accepted only if some connection is between requests, and the one idle the longest is
//! closed to make room; when every connection is inside a request, new ones wait in the
//! listen queue. Idle or slowloris sockets therefore cannot lock others out: each new
//! connection displaces the stalest of them.

use super::body::BodyReadTimeout;
use axum::body::{Body, HttpBody};
use bytes::Bytes;
use hyper::body::{Frame, Incoming, SizeHint};
use std::collections::HashMap;
use std::convert::Infallible;
use std::future::{Future, IntoFuture};
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};
use tokio::time::{Instant, Sleep};

/// Timeouts and limits of [`serve`]. The defaults suit a local service: generous for any
/// real client on the same machine or network, short enough that abandoned and hostile
/// connections are gone in seconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServeOptions {
    /// How long a request's headers may take, from its first byte (for a connection's first
    /// request, from the moment it was accepted). Default 10 s.
    pub header_read_timeout: Duration,
    /// How long a connection may stay open between a response and the next request's first
    /// byte. Default 60 s.
    pub keep_alive_timeout: Duration,
    /// Grace period of a request body: it may take this long plus one second per
    /// [`min_body_rate`](Self::min_body_rate) bytes received. Default 10 s.
    pub body_read_timeout: Duration,
    /// Minimum average rate of a request body, in bytes per second, after the grace period.
    /// Default 65,536 (64 KiB/s: a 70 MB upload may take 18 minutes).
    pub min_body_rate: u64,
    /// Most connections open at once. Default 512; lowered to the file-descriptor limit less
    /// [`FD_RESERVE`] when that is smaller.
    pub max_connections: usize,
}

/// File descriptors kept free of connections (listener, standard streams, runtime, files).
pub const FD_RESERVE: usize = 64;

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            header_read_timeout: Duration::from_secs(10),
            keep_alive_timeout: Duration::from_secs(60),
            body_read_timeout: Duration::from_secs(10),
            min_body_rate: 64 * 1024,
            max_connections: 512,
        }
    }
}

impl ServeOptions {
    /// [`max_connections`](Self::max_connections), lowered to what the file-descriptor limit
    /// leaves (at least one).
    pub fn effective_max_connections(&self) -> usize {
        let cap = match fd_limit() {
            Some(limit) => self.max_connections.min(limit.saturating_sub(FD_RESERVE)),
            None => self.max_connections,
        };
        cap.max(1)
    }
}

#[cfg(unix)]
fn fd_limit() -> Option<usize> {
    let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile).current?;
    usize::try_from(limit).ok()
}

#[cfg(not(unix))]
fn fd_limit() -> Option<usize> {
    None
}

/// Serves `router` on `listener` with the timeouts and connection cap of `options` until the
/// returned future is dropped, or until the signal given to
/// [`Serve::with_graceful_shutdown`] fires.
///
/// `router` is an [`axum::Router`] or any tower service like it, such as the generated
/// router's [`RouterService`](super::RouterService), which costs less per request.
pub fn serve<R: Servable>(listener: TcpListener, router: R, options: ServeOptions) -> Serve<R> {
    Serve { listener, router, options, shutdown: None }
}

/// What [`serve`] can serve: a cloneable tower service from axum requests to axum responses
/// that never fails (an error is a response).
pub trait Servable:
    tower::Service<http::Request<Body>, Response = axum::response::Response, Error = Infallible, Future: Send>
    + Clone
    + Send
    + 'static
{
}

impl<R> Servable for R where
    R: tower::Service<http::Request<Body>, Response = axum::response::Response, Error = Infallible, Future: Send>
        + Clone
        + Send
        + 'static
{
}

type ShutdownSignal = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A server being set up; `.await` it to run.
#[must_use = "a server does nothing until awaited"]
pub struct Serve<R = axum::Router> {
    listener: TcpListener,
    router: R,
    options: ServeOptions,
    shutdown: Option<ShutdownSignal>,
}

impl<R> std::fmt::Debug for Serve<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Serve").field("listener", &self.listener).field("options", &self.options).finish()
    }
}

impl<R> Serve<R> {
    /// Stops accepting when `signal` completes, lets requests in progress finish (idle
    /// connections are closed at once), and returns once every connection has ended.
    pub fn with_graceful_shutdown(mut self, signal: impl Future<Output = ()> + Send + 'static) -> Self {
        self.shutdown = Some(Box::pin(signal));
        self
    }
}

impl<R: Servable> IntoFuture for Serve<R> {
    type Output = io::Result<()>;
    type IntoFuture = Pin<Box<dyn Future<Output = io::Result<()>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(run(self))
    }
}

async fn run<R: Servable>(serve: Serve<R>) -> io::Result<()> {
    let Serve { listener, router, options, shutdown } = serve;
    let mut shutdown = shutdown.unwrap_or_else(|| Box::pin(std::future::pending()));
    let registry = Arc::new(Registry::new(options.effective_max_connections()));
    let (stop_tx, stop_rx) = watch::channel(false);
    let options = Arc::new(options);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            () = registry.wait_for_room() => {}
        }
        let stream = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of descriptors (or a connection reset before it was accepted): try again
                // shortly rather than spinning.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
        };
        // Connections that looked idle before the accept may have started requests since: the
        // newcomer waits (unserved, one descriptor past the cap) until room is made.
        tokio::select! {
            () = &mut shutdown => break,
            () = registry.wait_for_room() => {}
        }
        let conn = registry.admit();
        let _ = stream.set_nodelay(true);
        tokio::spawn(serve_connection(
            stream,
            router.clone(),
            options.clone(),
            conn,
            registry.clone(),
            stop_rx.clone(),
        ));
    }
    drop(listener);
    let _ = stop_tx.send(true);
    registry.wait_until_empty().await;
    Ok(())
}

/// The open connections, for the cap and for choosing whom to close.
struct Registry {
    cap: usize,
    next_id: AtomicU64,
    open: Mutex<HashMap<u64, Arc<Conn>>>,
    /// Signalled when a connection ends or goes idle.
    changed: Arc<Notify>,
}

impl Registry {
    fn new(cap: usize) -> Self {
        Registry { cap, next_id: AtomicU64::new(0), open: Mutex::new(HashMap::new()), changed: Arc::new(Notify::new()) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Arc<Conn>>> {
        self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until a connection may be accepted: below the cap, or some connection idle.
    async fn wait_for_room(&self) {
        loop {
            let notified = self.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            {
                let open = self.lock();
                if open.len() < self.cap || open.values().any(|c| c.is_idle()) {
                    return;
                }
            }
            notified.await;
        }
    }

    /// Registers a newly accepted connection; at the cap, closes the connection idle the
    /// longest to make room.
    fn admit(&self) -> Arc<Conn> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let conn = Arc::new(Conn::new(id, self.changed.clone()));
        let mut open = self.lock();
        if open.len() >= self.cap {
            let stalest = open.values().filter_map(|c| c.idle_since().map(|t| (t, c))).min_by_key(|(t, _)| *t);
            if let Some((_, c)) = stalest {
                c.evict();
            }
        }
        open.insert(id, conn.clone());
        conn
    }

    fn remove(&self, id: u64) {
        self.lock().remove(&id);
        self.changed.notify_waiters();
    }

    async fn wait_until_empty(&self) {
        loop {
            let notified = self.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.lock().is_empty() {
                return;
            }
            notified.await;
        }
    }
}

/// What a connection is doing, for its deadlines.
struct ConnState {
    /// Requests whose response has not been sent in full.
    in_flight: usize,
    /// When the connection was accepted or its last response ended.
    idle_since: Instant,
    /// When the first byte of the next request arrived.
    first_byte: Option<Instant>,
    /// No request has started yet.
    fresh: bool,
    evicted: bool,
}

struct Conn {
    id: u64,
    state: Mutex<ConnState>,
    /// Signalled when the deadline may have moved or the connection was evicted.
    wake: Notify,
    /// The registry's: signalled when this connection goes idle (it may then make room).
    idle: Arc<Notify>,
}

impl Conn {
    fn new(id: u64, idle: Arc<Notify>) -> Self {
        let state =
            ConnState { in_flight: 0, idle_since: Instant::now(), first_byte: None, fresh: true, evicted: false };
        Conn { id, state: Mutex::new(state), wake: Notify::new(), idle }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ConnState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn is_idle(&self) -> bool {
        self.idle_since().is_some()
    }

    /// When the connection went idle, if it is between requests (headers not complete).
    fn idle_since(&self) -> Option<Instant> {
        let s = self.lock();
        (s.in_flight == 0 && !s.evicted).then_some(s.idle_since)
    }

    fn evict(&self) {
        self.lock().evicted = true;
        self.wake.notify_one();
    }

    fn bytes_read(&self) {
        let mut s = self.lock();
        if s.in_flight == 0 && s.first_byte.is_none() {
            s.first_byte = Some(Instant::now());
            drop(s);
            self.wake.notify_one();
        }
    }

    fn request_started(&self) {
        let mut s = self.lock();
        s.in_flight += 1;
        s.fresh = false;
        s.first_byte = None;
    }

    fn request_finished(&self) {
        let mut s = self.lock();
        s.in_flight = s.in_flight.saturating_sub(1);
        let idle = s.in_flight == 0;
        if idle {
            s.idle_since = Instant::now();
        }
        drop(s);
        self.wake.notify_one();
        if idle {
            self.idle.notify_waiters();
        }
    }

    /// When the connection must be closed if nothing changes; `None` inside a request.
    fn deadline(&self, options: &ServeOptions) -> Option<Instant> {
        let s = self.lock();
        if s.in_flight > 0 {
            None
        } else if let Some(first) = s.first_byte {
            Some(first + options.header_read_timeout)
        } else if s.fresh {
            Some(s.idle_since + options.header_read_timeout)
        } else {
            Some(s.idle_since + options.keep_alive_timeout)
        }
    }
}

async fn serve_connection<R: Servable>(
    stream: TcpStream,
    router: R,
    options: Arc<ServeOptions>,
    conn: Arc<Conn>,
    registry: Arc<Registry>,
    mut stop: watch::Receiver<bool>,
) {
    let io = hyper_util::rt::TokioIo::new(WatchedIo { inner: stream, conn: conn.clone() });
    let service = {
        let conn = conn.clone();
        let options = options.clone();
        hyper::service::service_fn(move |req: http::Request<Incoming>| {
            conn.request_started();
            let in_flight = InFlight(conn.clone());
            let (min_rate, grace) = (options.min_body_rate, options.body_read_timeout);
            let req = req.map(|body| Body::new(MinRateBody::new(body, min_rate, grace)));
            let mut router = router.clone();
            async move {
                let resp = match tower::Service::call(&mut router, req).await {
                    Ok(resp) => resp,
                    Err(never) => match never {},
                };
                Ok::<_, Infallible>(resp.map(|body| InFlightBody { inner: body, _in_flight: in_flight }))
            }
        })
    };
    let connection = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .header_read_timeout(None)
        .serve_connection(io, service);
    tokio::pin!(connection);
    let mut stopping = false;
    loop {
        let deadline = conn.deadline(&options);
        let sleep = async {
            match deadline {
                Some(d) => tokio::time::sleep_until(d).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = connection.as_mut() => break,
            () = sleep => {
                if conn.deadline(&options).is_some_and(|d| d <= Instant::now()) {
                    break;
                }
            }
            () = conn.wake.notified() => {
                if conn.lock().evicted && conn.lock().in_flight == 0 {
                    break;
                }
            }
            changed = stop.changed(), if !stopping => {
                stopping = true;
                if changed.is_ok() {
                    connection.as_mut().graceful_shutdown();
                }
            }
        }
    }
    registry.remove(conn.id);
}

/// The socket, noting when the first byte of a request arrives.
struct WatchedIo {
    inner: TcpStream,
    conn: Arc<Conn>,
}

impl AsyncRead for WatchedIo {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let poll = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(poll, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.conn.bytes_read();
        }
        poll
    }
}

impl AsyncWrite for WatchedIo {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }
    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

/// Marks a request in flight until its response has been sent (or abandoned).
struct InFlight(Arc<Conn>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.request_finished();
    }
}

/// A response body that keeps its request in flight while it is being sent.
struct InFlightBody {
    inner: Body,
    _in_flight: InFlight,
}

impl HttpBody for InFlightBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }
    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }
    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// A request body that fails with [`BodyReadTimeout`] once it falls behind: by `grace` plus
/// one second per `min_rate` bytes received, counted from the first time it is read.
struct MinRateBody {
    inner: Incoming,
    min_rate: u64,
    grace: Duration,
    started: Option<Instant>,
    received: u64,
    timer: Option<Pin<Box<Sleep>>>,
}

impl MinRateBody {
    fn new(inner: Incoming, min_rate: u64, grace: Duration) -> Self {
        MinRateBody { inner, min_rate: min_rate.max(1), grace, started: None, received: 0, timer: None }
    }

    fn deadline(&self, started: Instant) -> Instant {
        started + self.grace + Duration::from_secs_f64(self.received as f64 / self.min_rate as f64)
    }
}

impl HttpBody for MinRateBody {
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let started = *self.started.get_or_insert_with(Instant::now);
        match Pin::new(&mut self.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    self.received += data.len() as u64;
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => {
                let deadline = self.deadline(started);
                let timer = match &mut self.timer {
                    Some(t) => {
                        t.as_mut().reset(deadline);
                        t
                    }
                    t @ None => t.insert(Box::pin(tokio::time::sleep_until(deadline))),
                };
                match timer.as_mut().poll(cx) {
                    Poll::Ready(()) => {
                        let timeout =
                            BodyReadTimeout { received: self.received, elapsed_secs: started.elapsed().as_secs() };
                        Poll::Ready(Some(Err(Box::new(timeout))))
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }
    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }
    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_fits_the_descriptor_limit() {
        let options = ServeOptions { max_connections: usize::MAX, ..ServeOptions::default() };
        let cap = options.effective_max_connections();
        if let Some(limit) = fd_limit() {
            assert!(cap <= limit.saturating_sub(FD_RESERVE).max(1), "{cap} vs {limit}");
        }
        assert!(ServeOptions::default().effective_max_connections() <= 512);
    }

    #[tokio::test]
    async fn deadlines_follow_the_connection() {
        let options = ServeOptions::default();
        let conn = Conn::new(0, Arc::new(Notify::new()));
        let accepted = conn.lock().idle_since;
        assert_eq!(conn.deadline(&options), Some(accepted + options.header_read_timeout));
        conn.request_started();
        assert_eq!(conn.deadline(&options), None);
        assert!(!conn.is_idle());
        conn.request_finished();
        let idle = conn.lock().idle_since;
        assert_eq!(conn.deadline(&options), Some(idle + options.keep_alive_timeout));
        conn.bytes_read();
        let first = conn.lock().first_byte.unwrap();
        assert_eq!(conn.deadline(&options), Some(first + options.header_read_timeout));
        conn.evict();
        assert!(!conn.is_idle());
    }
}
