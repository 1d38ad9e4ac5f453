//! Slow, idle and numerous clients against `lambda_rt::server::serve` with lambda-local's router,
//! over raw TCP on 127.0.0.1, with short configured timeouts. Each test checks that the hostile
//! connection is closed (or answered 408) and that a well-behaved client is served meanwhile.

use lambda_local::service::{app, Settings};
use lambda_rt::server::{serve, ServeOptions};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::{sleep, timeout, Instant};

const SHORT: Duration = Duration::from_millis(300);
/// Far longer than any configured timeout: a connection still open after it was never closed.
const PATIENCE: Duration = Duration::from_secs(10);

fn short_options() -> ServeOptions {
    ServeOptions {
        header_read_timeout: SHORT,
        keep_alive_timeout: SHORT,
        body_read_timeout: SHORT,
        min_body_rate: 1000,
        max_connections: 64,
    }
}

async fn start(options: ServeOptions) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { serve(listener, app(&Settings::default()), options).await.unwrap() });
    addr
}

const GET: &[u8] = b"GET /2016-08-19/account-settings/ HTTP/1.1\r\nHost: local\r\n\r\n";

/// A well-behaved client: connects, asks, and gets 200.
async fn served(addr: SocketAddr) {
    let mut s = timeout(PATIENCE, TcpStream::connect(addr)).await.expect("connect in time").unwrap();
    s.write_all(b"GET /2016-08-19/account-settings/ HTTP/1.1\r\nHost: local\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    timeout(PATIENCE, s.read_to_end(&mut answer)).await.expect("answer in time").unwrap();
    assert!(answer.starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&answer));
}

/// Reads until the server closes the connection; everything it sent.
async fn until_closed(s: &mut TcpStream) -> Vec<u8> {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match timeout(PATIENCE, s.read(&mut buf)).await.expect("the server closed the connection") {
            Ok(0) | Err(_) => return got,
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
}

/// Reads one response whose body has a Content-Length.
async fn one_response(s: &mut TcpStream) -> String {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = timeout(PATIENCE, s.read(&mut buf)).await.expect("response in time").unwrap();
        assert!(n > 0, "closed before a full response: {}", String::from_utf8_lossy(&got));
        got.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&got).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_string()))
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0);
            if got.len() >= end + 4 + length {
                return text;
            }
        }
    }
}

#[tokio::test]
async fn slowloris_headers_are_cut_off() {
    let addr = start(short_options()).await;
    let mut slow = TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET /2016-08-19/account-settings/ HTTP/1.1\r\n").await.unwrap();
    let started = Instant::now();
    let dribble = async {
        // One header line every 100 ms, never the blank line that ends them.
        for i in 0.. {
            sleep(Duration::from_millis(100)).await;
            if slow.write_all(format!("X-Slow-{i}: 1\r\n").as_bytes()).await.is_err() {
                break;
            }
            if started.elapsed() > PATIENCE {
                panic!("still open after {PATIENCE:?}");
            }
        }
    };
    let ((), ()) = tokio::join!(dribble, served(addr));
    let rest = until_closed(&mut slow).await;
    assert!(rest.is_empty() || rest.starts_with(b"HTTP/1.1 408"), "{}", String::from_utf8_lossy(&rest));
}

#[tokio::test]
async fn idle_connections_are_closed_after_the_keep_alive_timeout() {
    let addr = start(ServeOptions { keep_alive_timeout: Duration::from_millis(600), ..short_options() }).await;
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(GET).await.unwrap();
    assert!(one_response(&mut s).await.starts_with("HTTP/1.1 200"));
    // Reused within the idle timeout: served again.
    sleep(Duration::from_millis(100)).await;
    s.write_all(GET).await.unwrap();
    assert!(one_response(&mut s).await.starts_with("HTTP/1.1 200"));
    // Then left idle: closed, without an answer.
    served(addr).await;
    assert!(until_closed(&mut s).await.is_empty());

    // A connection that never sends anything is closed too.
    let mut silent = TcpStream::connect(addr).await.unwrap();
    assert!(until_closed(&mut silent).await.is_empty());
    served(addr).await;
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length_times_out() {
    let addr = start(short_options()).await;
    let mut liar = TcpStream::connect(addr).await.unwrap();
    liar.write_all(
        b"POST /2015-03-31/functions/f/invocations HTTP/1.1\r\nHost: local\r\nContent-Length: 1000\r\n\r\n{\"a\": 1",
    )
    .await
    .unwrap();
    served(addr).await;
    let answer = String::from_utf8(until_closed(&mut liar).await).unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("RequestTimeoutException"), "{answer}");
    assert!(answer.to_ascii_lowercase().contains("connection: close"), "{answer}");
}

#[tokio::test]
async fn an_endless_chunked_body_times_out() {
    let addr = start(short_options()).await;
    let mut endless = TcpStream::connect(addr).await.unwrap();
    endless
        .write_all(
            b"POST /2015-03-31/functions/f/invocations HTTP/1.1\r\nHost: local\r\nTransfer-Encoding: chunked\r\n\r\n",
        )
        .await
        .unwrap();
    let started = Instant::now();
    let dribble = async {
        // A one-byte chunk every 50 ms (20 B/s against a minimum of 1000 B/s), never the last.
        loop {
            if endless.write_all(b"1\r\n \r\n").await.is_err() {
                break;
            }
            sleep(Duration::from_millis(50)).await;
            assert!(started.elapsed() < PATIENCE, "still reading after {PATIENCE:?}");
            if started.elapsed() > Duration::from_secs(2) {
                break;
            }
        }
    };
    let ((), ()) = tokio::join!(dribble, served(addr));
    let answer = String::from_utf8(until_closed(&mut endless).await).unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

#[tokio::test]
async fn a_fast_chunked_body_without_end_hits_the_size_limit() {
    let addr = start(ServeOptions { min_body_rate: 1, body_read_timeout: PATIENCE, ..short_options() }).await;
    let mut endless = TcpStream::connect(addr).await.unwrap();
    endless
        .write_all(b"POST /2017-03-31/tags/f HTTP/1.1\r\nHost: local\r\nTransfer-Encoding: chunked\r\n\r\n")
        .await
        .unwrap();
    let chunk = format!("10000\r\n{}\r\n", "x".repeat(0x10000));
    // 1 MiB is TagResource's limit; keep sending until the server answers and stops reading.
    for _ in 0..64 {
        if endless.write_all(chunk.as_bytes()).await.is_err() {
            break;
        }
    }
    let answer = String::from_utf8(until_closed(&mut endless).await).unwrap();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("RequestEntityTooLargeException"), "{answer}");
}

#[tokio::test]
async fn more_idle_sockets_than_the_cap_do_not_lock_others_out() {
    // Long header timeout: only the cap can make room here.
    let options = ServeOptions { max_connections: 8, header_read_timeout: PATIENCE * 3, ..short_options() };
    let addr = start(options).await;
    let mut idle = Vec::new();
    for _ in 0..40 {
        idle.push(TcpStream::connect(addr).await.unwrap());
    }
    served(addr).await;
    served(addr).await;
    // Every admission past the cap closed one idle socket: 32 for the idle ones themselves and
    // one for the first well-behaved client (which closed its own connection before the second
    // came).
    let mut closed = 0;
    for s in &mut idle {
        let mut buf = [0u8; 1];
        if let Ok(Ok(0) | Err(_)) = timeout(Duration::from_millis(200), s.read(&mut buf)).await {
            closed += 1;
        }
    }
    assert!(closed >= 40 + 1 - 8, "{closed} of 40 closed");
}

#[tokio::test]
async fn graceful_shutdown_finishes_the_request_in_progress() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        serve(listener, app(&Settings::default()), ServeOptions { body_read_timeout: PATIENCE, ..short_options() })
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"POST /2015-03-31/functions/f/invocations HTTP/1.1\r\nHost: local\r\nContent-Length: 8\r\n\r\n{\"a\"")
        .await
        .unwrap();
    sleep(Duration::from_millis(100)).await;
    stop.send(()).unwrap();
    sleep(Duration::from_millis(100)).await;
    assert!(!server.is_finished(), "stopped with a request in progress");
    s.write_all(b": 1}").await.unwrap();
    // The function does not exist: the point is that the request got its answer.
    let answer = String::from_utf8(until_closed(&mut s).await).unwrap();
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    timeout(PATIENCE, server).await.expect("stopped after the last request").unwrap().unwrap();
    assert!(TcpStream::connect(addr).await.is_err(), "still accepting after shutdown");
}

/// The binary under a 128-descriptor limit, with 300 idle sockets open against it: the cap
/// (fitted to the limit) and eviction keep it reachable.
#[tokio::test]
async fn the_binary_stays_reachable_past_its_descriptor_limit() {
    let mut child = Command::new("sh")
        .args(["-c", "ulimit -n 128 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_lambda-local"))
        .args(["--listen", "127.0.0.1:0", "--quiet", "--header-read-timeout", "60", "--keep-alive-timeout", "60"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut banner = String::new();
    std::io::BufRead::read_line(&mut stderr, &mut banner).unwrap();
    let result = async move {
        assert!(banner.contains("at most 64 connections"), "{banner}");
        let addr: SocketAddr =
            banner.split("http://").nth(1).unwrap().split_whitespace().next().unwrap().parse().unwrap();
        let mut idle = Vec::new();
        for _ in 0..300 {
            match timeout(Duration::from_secs(2), TcpStream::connect(addr)).await {
                Ok(Ok(s)) => idle.push(s),
                _ => break,
            }
        }
        assert!(idle.len() > 128, "only {} sockets opened", idle.len());
        served(addr).await;
    };
    let outcome = tokio::task::spawn(result).await;
    let _ = child.kill();
    let _ = child.wait();
    outcome.unwrap();
}

#[tokio::test]
async fn when_every_connection_is_busy_new_ones_wait_for_one_to_go_idle() {
    let options = ServeOptions {
        max_connections: 2,
        header_read_timeout: PATIENCE * 3,
        keep_alive_timeout: PATIENCE * 3,
        body_read_timeout: PATIENCE * 3,
        ..short_options()
    };
    let addr = start(options).await;
    // Two requests whose bodies are still arriving: both connections are busy.
    let head = b"POST /2015-03-31/functions/f/invocations HTTP/1.1\r\nHost: local\r\nContent-Length: 8\r\n\r\n{\"a\"";
    let mut busy = Vec::new();
    for _ in 0..2 {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(head).await.unwrap();
        busy.push(s);
    }
    sleep(Duration::from_millis(100)).await;
    // A third client waits: nothing can be closed for it.
    let waiting = tokio::spawn(served(addr));
    sleep(Duration::from_millis(300)).await;
    assert!(!waiting.is_finished(), "served past the cap while every connection was busy");
    // One request completes; its connection goes idle, is closed for the newcomer, which is
    // then served (long before any timeout would have closed anything).
    busy[0].write_all(b": 1}").await.unwrap();
    assert!(one_response(&mut busy[0]).await.starts_with("HTTP/1.1 404"));
    timeout(PATIENCE, waiting).await.expect("served once a connection went idle").unwrap();
    assert!(until_closed(&mut busy[0]).await.is_empty(), "the idle connection made room");
}
