//! The webhook listener's accept loop: HTTP/1.1 connections served by hyper, with every resource a
//! client could hold bounded.
//!
//! `axum::serve` keeps idle and half-sent connections open forever, so a few hundred of them used to
//! exhaust the process's file descriptors and stop every webhook (and the opening of organization
//! files). Here:
//! - headers must arrive within `header_timeout`, and a kept-alive connection that sends no new
//!   request within the same time is closed (hyper starts the header timer as soon as it waits for a
//!   request, so idle and slow-header connections are one case);
//! - bodies must arrive within `body_timeout` (enforced where the webhook reads them: 408);
//! - at most `max_connections` are open at once; past that, a connection gets a short 503 and is
//!   closed, so the listener itself never stops accepting;
//! - the process's open-file limit is raised to its hard limit at start, and the cap leaves room
//!   below it for databases, logs and outgoing calls.
//!
//! Idle connections cost a task each and no CPU, so a thousand of them do not slow a normal request
//! (`neuroflow-bench` measures it).

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

/// Descriptors kept free below the open-file limit for everything that is not a webhook connection.
const RESERVED_FILES: u64 = 256;
/// The most connections served at once, whatever the open-file limit.
const MAX_CONNECTIONS: u64 = 16_384;
/// The largest request head (request line and headers) read.
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// How long closing waits for requests in flight before dropping them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// How long clients may take, and how many may be connected.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// For a request's head to arrive, and for an idle kept-alive connection to send its next one.
    pub header_timeout: Duration,
    /// For a request's body to arrive in full.
    pub body_timeout: Duration,
    /// Connections open at once; past this, new ones get 503 and are closed.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_secs(15),
            body_timeout: Duration::from_secs(30),
            max_connections: default_max_connections(),
        }
    }
}

/// The connection cap this process can afford: its open-file limit (raised to the hard limit once)
/// less what is reserved for other files.
pub fn default_max_connections() -> usize {
    static CAP: OnceLock<usize> = OnceLock::new();
    *CAP.get_or_init(|| {
        let limit = match rlimit::increase_nofile_limit(u64::MAX) {
            Ok(limit) => limit,
            Err(e) => {
                tracing::warn!(error = %e, "could not read or raise the open-file limit");
                1024
            }
        };
        let cap = limit.saturating_sub(RESERVED_FILES).clamp(32, MAX_CONNECTIONS) as usize;
        tracing::debug!(open_file_limit = limit, max_connections = cap, "webhook connection cap");
        cap
    })
}

/// Serves `app` on `listener` until `stop` is cancelled, then lets requests in flight finish (for
/// a few seconds) and closes idle connections at once.
pub(super) async fn serve(listener: TcpListener, app: Router, limits: ConnectionLimits, stop: CancellationToken) {
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(MAX_HEAD_BYTES)
        .keep_alive(true);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of descriptors or a connection reset before it was taken: keep serving.
                    tracing::warn!(error = %e, "could not accept a webhook connection");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            () = stop.cancelled() => break,
        };
        let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
            tokio::spawn(refuse_busy(stream, limits.max_connections));
            continue;
        };
        let _ = stream.set_nodelay(true);
        let connection =
            graceful.watch(builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone())));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "a webhook connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await.is_err() {
        tracing::warn!("webhook requests still in flight were dropped at shutdown");
    }
}

/// Tells a connection over the cap why it is closed, without reading its request.
async fn refuse_busy(mut stream: TcpStream, cap: usize) {
    let message = format!("the webhook listener has {cap} connections open, its limit; try again shortly");
    let body = serde_json::json!({ "code": neuroflow_types::ErrorCode::Limit, "message": message, "error": message })
        .to_string();
    let response = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         retry-after: 1\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), stream.write_all(response.as_bytes())).await;
}
