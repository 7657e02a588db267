//! A small HTTP/1.1 load generator: N connections kept alive, each sending the same request back to
//! back, every latency recorded. Minimal on purpose, so that on a two-core machine it takes as little
//! CPU from the server under test as it can.

use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What a load run measured.
#[derive(Debug, Clone)]
pub struct LoadReport {
    pub requests: usize,
    pub errors: usize,
    pub elapsed: Duration,
    /// Sorted latencies.
    pub latencies: Vec<Duration>,
}

impl LoadReport {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    pub fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let i = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies[i.min(self.latencies.len() - 1)]
    }
}

/// How long to run: for a while, or for a number of requests.
#[derive(Debug, Clone, Copy)]
pub enum Bound {
    For(Duration),
    Requests(usize),
}

/// Sends `POST path` with `body` on `connections` connections until the bound is reached.
pub async fn drive(addr: &str, path: &str, body: &str, connections: usize, bound: Bound) -> LoadReport {
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let start = Instant::now();
    let per_connection = match bound {
        Bound::Requests(n) => Some(n.div_ceil(connections)),
        Bound::For(_) => None,
    };
    let deadline = match bound {
        Bound::For(d) => Some(start + d),
        Bound::Requests(_) => None,
    };
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (addr, request) = (addr.to_string(), request.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(per_connection.unwrap_or(100_000));
            let mut errors = 0;
            let mut stream = TcpStream::connect(&addr).await.expect("connect");
            stream.set_nodelay(true).ok();
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                if per_connection.is_some_and(|n| latencies.len() + errors >= n)
                    || deadline.is_some_and(|d| Instant::now() >= d)
                {
                    break;
                }
                let sent = Instant::now();
                if stream.write_all(request.as_bytes()).await.is_err() {
                    errors += 1;
                    stream = TcpStream::connect(&addr).await.expect("reconnect");
                    continue;
                }
                match read_response(&mut stream, &mut buf).await {
                    Some(200) => latencies.push(sent.elapsed()),
                    Some(_) => errors += 1,
                    None => {
                        errors += 1;
                        stream = TcpStream::connect(&addr).await.expect("reconnect");
                    }
                }
            }
            (latencies, errors)
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (l, e) = t.await.expect("load task");
        latencies.extend(l);
        errors += e;
    }
    let elapsed = start.elapsed();
    latencies.sort_unstable();
    LoadReport { requests: latencies.len(), errors, elapsed, latencies }
}

/// One request on a fresh connection; `None` if nothing answers (yet).
pub async fn probe(addr: &str, path: &str, body: &str) -> Option<u16> {
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(addr).await.ok()?;
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut buf = vec![0u8; 64 * 1024];
    read_response(&mut stream, &mut buf).await
}

/// Reads one response; returns its status, or `None` if the connection broke.
async fn read_response(stream: &mut TcpStream, buf: &mut [u8]) -> Option<u16> {
    let mut filled = 0;
    loop {
        let n = stream.read(&mut buf[filled..]).await.ok()?;
        if n == 0 {
            return None;
        }
        filled += n;
        let data = &buf[..filled];
        if let Some(end) = find(data, b"\r\n\r\n") {
            let head = std::str::from_utf8(&data[..end]).ok()?;
            let status: u16 = head.split(' ').nth(1)?.parse().ok()?;
            let length: usize = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap_or(0))
                })
                .unwrap_or(0);
            let total = end + 4 + length;
            while filled < total {
                let n = stream.read(&mut buf[filled..]).await.ok()?;
                if n == 0 {
                    return None;
                }
                filled += n;
            }
            return Some(status);
        }
        if filled == buf.len() {
            return None;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Opens `idle` connections that send nothing and `slow` ones that send half a request head, and
/// keeps them open as long as the returned streams live: what a careless or hostile client holds.
pub async fn hold_connections(addr: &str, idle: usize, slow: usize) -> Vec<TcpStream> {
    let mut held = Vec::with_capacity(idle + slow);
    for i in 0..idle + slow {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        if i >= idle {
            stream.write_all(b"POST /webhook/bench HTTP/1.1\r\nHost: bench\r\n").await.expect("write");
        }
        held.push(stream);
    }
    held
}
