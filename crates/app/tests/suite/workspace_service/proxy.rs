//! A TCP proxy between a desktop and the workspace, for what a network does to sync: it records
//! every byte the desktop sends (to prove no secret leaves) and can cut a connection after a push
//! reached the service but before its answer came back (the worst moment: applied there, unknown
//! here), cut a pull's answer halfway through its body, or refuse connections altogether (offline).
//! It can also hold back each push's answer (a slow link), and counts pushes sent again: a push
//! whose first mutation was already sent once.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Default)]
struct Shared {
    sent: Mutex<Vec<u8>>,
    cut_push_answers: AtomicU32,
    cut_pull_answers: AtomicU32,
    /// The first mutation id of every push seen, and how many pushes repeated one.
    first_ids: Mutex<std::collections::HashSet<u64>>,
    pushes_sent_again: AtomicU32,
    /// Milliseconds each push's answer is held back (a slow link).
    push_delay_ms: std::sync::atomic::AtomicU64,
    offline: AtomicBool,
}

#[derive(Clone)]
pub struct Proxy {
    pub url: String,
    shared: Arc<Shared>,
}

impl Proxy {
    pub async fn start(upstream: &str) -> Self {
        let upstream = upstream.trim_start_matches("http://").to_string();
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let shared = Arc::new(Shared::default());
        let s = shared.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                if s.offline.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let (s, upstream) = (s.clone(), upstream.clone());
                tokio::spawn(async move {
                    if let Ok(server) = TcpStream::connect(&upstream).await {
                        relay(client, server, s).await;
                    }
                });
            }
        });
        Self { url, shared }
    }

    /// Everything desktops sent through this proxy so far, as text.
    pub fn sent(&self) -> String {
        String::from_utf8_lossy(&self.shared.sent.lock().unwrap()).into_owned()
    }

    /// Cuts the connection of the next `n` pushes once the service has answered them.
    pub fn cut_push_answers(&self, n: u32) {
        self.shared.cut_push_answers.store(n, Ordering::SeqCst);
    }

    /// Cuts the connection of the next `n` pulls halfway through the first part of their answer.
    pub fn cut_pull_answers(&self, n: u32) {
        self.shared.cut_pull_answers.store(n, Ordering::SeqCst);
    }

    pub fn pulls_left_to_cut(&self) -> u32 {
        self.shared.cut_pull_answers.load(Ordering::SeqCst)
    }

    pub fn pushes_left_to_cut(&self) -> u32 {
        self.shared.cut_push_answers.load(Ordering::SeqCst)
    }

    /// Holds back each push's answer this long, as a slow link would.
    pub fn delay_push_answers(&self, by: std::time::Duration) {
        self.shared.push_delay_ms.store(by.as_millis() as u64, Ordering::SeqCst);
    }

    /// Pushes that began with a mutation an earlier push began with (sent again: its answer was
    /// lost, or the desktop dropped the push before the answer came).
    pub fn pushes_sent_again(&self) -> u32 {
        self.shared.pushes_sent_again.load(Ordering::SeqCst)
    }

    /// Refuses new connections (existing ones are cut when they next send).
    pub fn set_offline(&self, offline: bool) {
        self.shared.offline.store(offline, Ordering::SeqCst);
    }
}

async fn relay(client: TcpStream, server: TcpStream, shared: Arc<Shared>) {
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    let push_in_flight = Arc::new(AtomicBool::new(false));
    let pull_in_flight = Arc::new(AtomicBool::new(false));
    let up = {
        let (shared, push, pull) = (shared.clone(), push_in_flight.clone(), pull_in_flight.clone());
        tokio::spawn(async move {
            let mut buf = vec![0u8; 64 * 1024];
            // A push's body may come in the chunk after its head.
            let mut first_id_due = false;
            loop {
                let n = match cr.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                if shared.offline.load(Ordering::SeqCst) {
                    break;
                }
                let chunk = &buf[..n];
                shared.sent.lock().unwrap().extend_from_slice(chunk);
                if chunk.starts_with(b"POST ") && String::from_utf8_lossy(chunk).contains("/sync/push") {
                    push.store(true, Ordering::SeqCst);
                    first_id_due = true;
                }
                if first_id_due && let Some(id) = first_mutation_id(chunk) {
                    first_id_due = false;
                    if !shared.first_ids.lock().unwrap().insert(id) {
                        shared.pushes_sent_again.fetch_add(1, Ordering::SeqCst);
                    }
                }
                if chunk.starts_with(b"GET ") && String::from_utf8_lossy(chunk).contains("/pull?") {
                    pull.store(true, Ordering::SeqCst);
                }
                if sw.write_all(chunk).await.is_err() {
                    break;
                }
            }
            let _ = sw.shutdown().await;
        })
    };
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match sr.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        if push_in_flight.swap(false, Ordering::SeqCst) {
            if take_one(&shared.cut_push_answers) {
                break;
            }
            let delay = shared.push_delay_ms.load(Ordering::SeqCst);
            if delay > 0 {
                tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
            }
        }
        if pull_in_flight.swap(false, Ordering::SeqCst) && take_one(&shared.cut_pull_answers) {
            let _ = cw.write_all(&buf[..n / 2]).await;
            break;
        }
        if cw.write_all(&buf[..n]).await.is_err() {
            break;
        }
    }
    up.abort();
}

/// Takes one from a countdown; false when it is at zero.
fn take_one(left: &AtomicU32) -> bool {
    left.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok()
}

/// The id of the first mutation in a chunk of a push's body (`"mutations":[{"id":N`), if it is there.
fn first_mutation_id(chunk: &[u8]) -> Option<u64> {
    let text = String::from_utf8_lossy(chunk);
    let from = text.find("\"mutations\":[{\"id\":")? + "\"mutations\":[{\"id\":".len();
    let digits: String = text[from..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}
