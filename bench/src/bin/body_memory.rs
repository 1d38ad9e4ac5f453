//! Memory of lambda-local under large request bodies: the resident set (RSS) of a server
//! process, measured from `/proc` (Linux), against its own idle RSS measured in the same run.
//!
//! The server is this binary run again as a child (`body_memory --serve`), serving
//! lambda-local's router with `lambda_rt::server::serve` and one configured key pair, as
//! `lambda-local --credentials` does; each scenario gets a fresh server, so its peak
//! (`VmHWM`) is that scenario's alone:
//!
//! 1. 32 parallel unsigned POSTs of 70 MiB each (refused before their bodies are read);
//! 2. one signed CreateFunction carrying the largest package accepted (a 50 MiB zip, a
//!    69.9 MB request);
//! 3. 32 of those in parallel (the body budget, 256 MiB by default, bounds what is held).
//!
//! Run with `cargo run --release -p lambda-bench --bin body_memory`.

use aws_sigv4::http_request::SignableBody;
use bytes::Bytes;
use http_body_util::{BodyExt, StreamBody};
use hyper::body::Frame;
use hyper_util::rt::TokioIo;
use lambda_bench::{sigv4_headers, ChildServer};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};

const ACCESS_KEY: &str = "AKIDBENCHMEMORY";
const SECRET_KEY: &str = "bench-memory-secret";
const PARALLEL: usize = 32;
const UNSIGNED_BODY: usize = 70 * 1024 * 1024;
const CHUNK: usize = 1024 * 1024;
const MB: f64 = 1_000_000.0;

fn main() -> ExitCode {
    let result = if std::env::args().nth(1).as_deref() == Some("--serve") { serve() } else { bench() };
    lambda_bench::exit_code("body_memory", result)
}

/// The child: lambda-local's router on a free port, printed on standard output.
fn serve() -> Result<(), String> {
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    rt.block_on(async {
        let settings = lambda_local::Settings {
            credentials: vec![lambda_rt::server::Credential::new(ACCESS_KEY, SECRET_KEY)],
            ..lambda_local::Settings::default()
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
        println!("{}", listener.local_addr().map_err(|e| e.to_string())?);
        let _ = std::io::stdout().flush();
        let options = lambda_rt::server::ServeOptions::default();
        lambda_rt::server::serve(listener, lambda_local::service::app(&settings), options)
            .await
            .map_err(|e| e.to_string())
    })
}

/// A server child process and its address.
struct Server(ChildServer);

impl Server {
    fn start() -> Result<Server, String> {
        ChildServer::start(&["--serve"], "lambda-local").map(Server)
    }

    /// (current, peak) resident set in bytes.
    fn rss(&self) -> Result<(u64, u64), String> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.0.child.id()))
            .map_err(|e| format!("read /proc (Linux only): {e}"))?;
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|kb| kb.parse::<u64>().ok())
                .map(|kb| kb * 1024)
                .ok_or(format!("{name} missing from /proc status"))
        };
        Ok((field("VmRSS:")?, field("VmHWM:")?))
    }
}

/// Sends one POST with a body made of `chunks` (shared, not copied) and returns the status
/// (0 when the server closed the connection before answering).
async fn post(addr: &str, path: &str, headers: Vec<(String, String)>, chunks: Vec<Bytes>) -> Result<u16, String> {
    let stream = tokio::net::TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.map_err(|e| e.to_string())?;
    tokio::spawn(conn);
    let length: usize = chunks.iter().map(Bytes::len).sum();
    let frames = futures_util_stream(chunks);
    let mut req = hyper::Request::post(path).header("content-length", length);
    if !headers.iter().any(|(k, _)| k == "host") {
        req = req.header("host", addr);
    }
    for (k, v) in headers {
        req = req.header(k, v);
    }
    let req = req.body(StreamBody::new(frames)).map_err(|e| e.to_string())?;
    match sender.send_request(req).await {
        Ok(resp) => {
            let status = resp.status().as_u16();
            let _ = resp.into_body().collect().await;
            Ok(status)
        }
        Err(_) => Ok(0),
    }
}

type FrameResult = Result<Frame<Bytes>, std::convert::Infallible>;

/// The chunks as a stream of body frames.
fn futures_util_stream(chunks: Vec<Bytes>) -> impl futures_core::Stream<Item = FrameResult> + Send + Unpin {
    struct Chunks(std::vec::IntoIter<Bytes>);
    impl futures_core::Stream for Chunks {
        type Item = FrameResult;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<FrameResult>> {
            std::task::Poll::Ready(self.0.next().map(|c| Ok(Frame::data(c))))
        }
    }
    Chunks(chunks.into_iter())
}

/// A stored zip archive of `size` bytes in all, of bytes that do not compress.
fn package(size: usize) -> Result<Vec<u8>, String> {
    let overhead = 30 + 46 + 22 + 2 * "code.bin".len();
    let mut content = vec![0u8; size - overhead];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for b in &mut content {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *b = x as u8;
    }
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(size)));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    out.start_file("code.bin", options).map_err(|e| e.to_string())?;
    out.write_all(&content).map_err(|e| e.to_string())?;
    let zip = out.finish().map_err(|e| e.to_string())?.into_inner();
    if zip.len() != size {
        return Err(format!("the package came out at {} bytes, not {size}", zip.len()));
    }
    Ok(zip)
}

/// A request ready to send: its headers and its body in chunks.
type Prepared = (Vec<(String, String)>, Vec<Bytes>);

/// A CreateFunction body for `name` around the shared Base64 of the package, and its signed
/// headers.
fn signed_create(name: &str, package_b64: &Bytes) -> Result<Prepared, String> {
    let head = Bytes::from(format!(
        r#"{{"FunctionName":"{name}","Role":"arn:aws:iam::123456789012:role/lambda-role","Runtime":"python3.12","Handler":"app.handler","Code":{{"ZipFile":""#
    ));
    let tail = Bytes::from_static(br#""}}"#);
    let mut chunks = vec![head];
    chunks.extend(
        (0..package_b64.len()).step_by(CHUNK).map(|i| package_b64.slice(i..(i + CHUNK).min(package_b64.len()))),
    );
    chunks.push(tail);
    let mut hash = Sha256::new();
    for c in &chunks {
        hash.update(c);
    }
    let hash: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let mut out: Vec<(String, String)> =
        [("host", "lambda.us-east-1.amazonaws.com"), ("content-type", "application/json")]
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .to_vec();
    let signed = sigv4_headers(
        ("POST", "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions", &out),
        SignableBody::Precomputed(hash),
        ("lambda", "us-east-1"),
        (ACCESS_KEY, SECRET_KEY),
    )?;
    out.extend(signed);
    Ok((out, chunks))
}

/// Sends every request at once (CreateFunction's path), returning their statuses once all
/// are answered and the server has settled.
fn post_all(rt: &tokio::runtime::Runtime, server: &Server, requests: Vec<Prepared>) -> Result<Vec<u16>, String> {
    let statuses = rt.block_on(async {
        let calls = requests.into_iter().map(|(headers, chunks)| {
            let addr = server.0.addr.to_string();
            tokio::spawn(async move { post(&addr, "/2015-03-31/functions", headers, chunks).await })
        });
        let mut out = Vec::new();
        for c in calls {
            out.push(c.await.map_err(|e| e.to_string())??);
        }
        Ok::<_, String>(out)
    })?;
    std::thread::sleep(Duration::from_millis(200));
    Ok(statuses)
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / MB)
}

fn tally(statuses: &[u16]) -> String {
    let mut counts = std::collections::BTreeMap::new();
    for s in statuses {
        *counts.entry(*s).or_insert(0) += 1;
    }
    counts
        .iter()
        .map(|(s, n)| if *s == 0 { format!("{n} × connection closed") } else { format!("{n} × {s}") })
        .collect::<Vec<_>>()
        .join(", ")
}

fn bench() -> Result<(), String> {
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    println!("body_memory: lambda-local's router in a child process, signatures required, default limits");

    // 1. Unsigned 70 MiB POSTs.
    let server = Server::start()?;
    let (idle, _) = server.rss()?;
    let zeros = Bytes::from(vec![b' '; CHUNK]);
    let unsigned = (0..PARALLEL).map(|_| (vec![], vec![zeros.clone(); UNSIGNED_BODY / CHUNK])).collect();
    let started = Instant::now();
    let statuses = post_all(&rt, &server, unsigned)?;
    let (after, peak) = server.rss()?;
    println!(
        "{PARALLEL} parallel unsigned 70 MiB POSTs: {} in {:.2} s; server RSS idle {}, peak {} ({:.2}× idle), after {}",
        tally(&statuses),
        started.elapsed().as_secs_f64(),
        mb(idle),
        mb(peak),
        peak as f64 / idle as f64,
        mb(after)
    );
    drop(server);

    // 2 and 3. Signed CreateFunctions with the largest package.
    let zip = package(52_428_800)?;
    let package_b64 = Bytes::from(base64_encode(&zip));
    drop(zip);
    for parallel in [1, PARALLEL] {
        let server = Server::start()?;
        let (idle, _) = server.rss()?;
        let mut requests = Vec::new();
        for i in 0..parallel {
            requests.push(signed_create(&format!("big-{i}"), &package_b64)?);
        }
        let request_bytes: usize = requests[0].1.iter().map(Bytes::len).sum();
        let started = Instant::now();
        let statuses = post_all(&rt, &server, requests)?;
        let (after, peak) = server.rss()?;
        println!(
            "{parallel} signed CreateFunction of {} (50 MiB zip): {} in {:.2} s; server RSS idle {}, peak {} = idle + {:.2}× one request, after {}",
            mb(request_bytes as u64),
            tally(&statuses),
            started.elapsed().as_secs_f64(),
            mb(idle),
            mb(peak),
            peak.saturating_sub(idle) as f64 / request_bytes as f64,
            mb(after)
        );
    }
    Ok(())
}

fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
